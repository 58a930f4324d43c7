/**
 * BENCH_COUNTERS=1 (for `npm run bench:peer`): the real server process on Neo4j counts the
 * Cypher queries its store sends, by operation, and serves them at /internal/store-queries to
 * ADMIN credentials only. Reads of the graph cost no query (the read model answers them); an
 * account's raw engagement list costs one. On the embedded store there is nothing to count and
 * no such endpoint.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../src/api/auth/api-keys.js";
import { STORE_QUERIES_PATH } from "../../src/main.js";
import { apiClient } from "../support/api-client.js";
import { neo4jTestConnection, resetNeo4jDatabase } from "../support/neo4j.js";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";

/** The feed poll of the read model runs on its own clock; everything else a request sends is the request's. */
const BACKGROUND = new Set(["changesSince"]);

describe("store query counts on Neo4j (BENCH_COUNTERS=1)", () => {
  const admin = generateApiKey("ADMIN");
  const viewer = generateApiKey("VIEWER");
  let server: ServerProcess;
  const counts = async (key = admin.key) => {
    const response = await fetch(new URL(STORE_QUERIES_PATH, server.url), { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Record<string, number> };
  };
  /** The queries `work` sent, by operation, background polling left out. */
  const sentBy = async (work: () => Promise<unknown>) => {
    const before = (await counts()).body;
    await work();
    const after = (await counts()).body;
    return Object.fromEntries(
      Object.entries(after)
        .map(([op, n]) => [op, n - (before[op] ?? 0)] as const)
        .filter(([op, n]) => n !== 0 && !BACKGROUND.has(op)),
    );
  };

  beforeAll(async () => {
    const connection = neo4jTestConnection();
    await resetNeo4jDatabase(connection.uri);
    server = await startServerProcess({
      NEO4J_URI: connection.uri,
      NEO4J_USER: connection.user,
      NEO4J_PASSWORD: connection.password,
      API_KEYS: `${admin.line},${viewer.line}`,
      BENCH_COUNTERS: "1",
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("answers ADMIN only", async () => {
    expect((await fetch(new URL(STORE_QUERIES_PATH, server.url))).status).toBe(401);
    expect((await counts(viewer.key)).status).toBe(403);
    const { status, body } = await counts();
    expect(status).toBe(200);
    expect(Object.values(body).every((n) => Number.isInteger(n) && n > 0)).toBe(true);
  });

  it("counts one query for an account's engagements and none for pages, owners, links and memberships", async () => {
    const gql = apiClient(server.url, { authorization: `Bearer ${admin.key}` });
    const page = await gql(`{ accounts(first: 5, orderBy: { key: ANNUAL_REVENUE, direction: DESC }) { edges { node { id } } } }`);
    const id = page.data.accounts.edges[0].node.id as string;

    const graphReads = await sentBy(async () => {
      const res = await gql(
        `query($id: ID!) {
        accounts(first: 20) { totalCount edges { node { owner { name } outgoingLinks { toId } } } }
        account(id: $id) { incomingLinks { fromId } memberships { communityId } }
      }`,
        { id },
      );
      expect(res.errors).toBeUndefined();
    });
    expect(graphReads).toEqual({});

    const activity = await sentBy(async () => {
      const res = await gql(`query($id: ID!) { account(id: $id) { engagements { id date } } }`, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data.account.engagements.length).toBeGreaterThan(0);
    });
    expect(activity).toEqual({ engagementsOfAccounts: 1 });
  });
});

describe("store query counts on the embedded store", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-counters-"));
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ SQLITE_PATH: join(dir, "store.db"), BENCH_COUNTERS: "1" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has no endpoint: there are no round trips to count", async () => {
    expect((await fetch(new URL(STORE_QUERIES_PATH, server.url))).status).toBe(404);
  });
});
