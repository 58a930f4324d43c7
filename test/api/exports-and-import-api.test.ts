/**
 * Data in and out through the public HTTP API, with authentication on:
 * - /export/influence.gexf opens with graphology's own GEXF parser and round-trips every
 *   account and link of the sample dataset with its attributes (the metrics, tier, score);
 *   GraphML the same with graphology-graphml's parser; the ranking CSV has a row per account.
 * - the exports and `influenceMap` need a credential like any query; `importCrm` is ADMIN only.
 * - `importCrm` reports bad rows as the command line does and writes all or nothing.
 * - /schema.graphql serves the committed schema.
 * - a failed export answers the code GraphQL gives the same cause (ANALYTICS_BUSY with
 *   retryAfterMs and Retry-After while no analysis exists yet), and an internal error is
 *   masked and logged at error level under the request id.
 */
import { readFileSync } from "node:fs";
import { MultiDirectedGraph } from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleDataset } from "../../seeds/index.js";
import { centsToUnits } from "../../src/domain/money.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import type { GraphQLResponse } from "../support/api-client.js";
import { eventually } from "../support/eventually.js";
import { gatedReads } from "../support/gated-graph-source.js";
import { captureLogger, makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

describe("exports and CRM import over HTTP", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  let dataset: Dataset;
  const keys = makeApiKeys([]);
  const origin = () => new URL(api.url).origin;
  const download = (path: string, key?: string) => fetch(`${origin()}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    dataset = loadSampleDataset();
    await opened.store.importDataset(dataset);
    api = await startSecuredApi(opened.store, { auth: keys.auth });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("GEXF opens with graphology's parser and round-trips every node and edge with its attributes", async () => {
    const response = await download("/export/influence.gexf", keys.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/gexf/);
    const graph = parseGexf(MultiDirectedGraph, await response.text());
    expect(graph.order).toBe(dataset.accounts.length);
    expect(graph.size).toBe(dataset.influences.length + dataset.referrals.length);

    const hubs = await api.as(keys.viewer)(`{ influenceHubs(metric: PAGERANK, first: 100) { edges { accountId score } } }`);
    const pagerank = new Map<string, number>(hubs.data.influenceHubs.edges.map((e: { accountId: string; score: number }) => [e.accountId, e.score]));
    const ranking = await api.as(keys.viewer)(`{ strategicRanking(first: 100) { edges { node { id } strategy { score rank tier } } } }`);
    for (const account of dataset.accounts) {
      const attributes = graph.getNodeAttributes(account.id);
      expect(attributes).toMatchObject({
        label: account.name,
        status: account.status,
        segment: account.segment,
        annualRevenue: centsToUnits(account.annualRevenue),
        keystone: expect.any(Boolean),
        community: expect.any(Number),
      });
      expect(attributes.ownerId).toBe(account.ownerId ?? undefined);
      expect(attributes.pagerank).toBeCloseTo(pagerank.get(account.id)!, 12);
      for (const metric of ["betweenness", "hub", "authority", "in_degree", "out_degree", "harmonic_closeness"]) {
        expect(typeof attributes[metric], metric).toBe("number");
      }
    }
    for (const edge of ranking.data.strategicRanking.edges) {
      expect(graph.getNodeAttributes(edge.node.id)).toMatchObject({
        strategicScore: edge.strategy.score,
        strategicRank: edge.strategy.rank,
        tier: edge.strategy.tier,
      });
    }
    for (const link of dataset.influences) {
      expect(graph.source(link.id)).toBe(link.fromId);
      expect(graph.target(link.id)).toBe(link.toId);
      expect(graph.getEdgeAttributes(link.id)).toEqual({ type: "INFLUENCES", strength: link.strength });
    }
    for (const link of dataset.referrals) {
      expect(graph.getEdgeAttributes(link.id)).toEqual({ type: "REFERRED", strength: 1, revenue: centsToUnits(link.revenue) });
    }
  });

  it("GraphML carries the same graph, read back with graphology-graphml", async () => {
    const [gexf, graphml] = await Promise.all([download("/export/influence.gexf", keys.viewer), download("/export/influence.graphml", keys.viewer)]);
    const fromGexf = parseGexf(MultiDirectedGraph, await gexf.text());
    const fromGraphml = parseGraphml(MultiDirectedGraph, await graphml.text());
    expect(fromGraphml.order).toBe(fromGexf.order);
    expect(fromGraphml.size).toBe(fromGexf.size);
    fromGexf.forEachNode((node, attributes) => expect(fromGraphml.getNodeAttributes(node)).toEqual(attributes));
    fromGexf.forEachEdge((edge, attributes) => expect(fromGraphml.getEdgeAttributes(edge)).toEqual(attributes));
  });

  it("the strategic ranking CSV has a header and one row per account, best first", async () => {
    const response = await download("/export/strategic-ranking.csv", keys.viewer);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^rank,accountId,externalId,name,/);
    expect(lines).toHaveLength(dataset.accounts.length + 1);
    expect(lines[1]!.startsWith("1,")).toBe(true);
  });

  it("exports and the map need a credential", async () => {
    for (const path of ["/export/influence.gexf", "/export/influence.graphml", "/export/strategic-ranking.csv"]) {
      const response = await download(path);
      expect(response.status, path).toBe(401);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
    }
    const map = await api.as(keys.viewer)(`{ influenceMap { totalAccounts ids linkSources } }`);
    expect(map.errors).toBeUndefined();
    expect(map.data.influenceMap.totalAccounts).toBe(dataset.accounts.length);
    expect(map.data.influenceMap.ids).toHaveLength(dataset.accounts.length);
    expect((await api.as(undefined)(`{ influenceMap { totalAccounts } }`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const tooMany = await api.as(keys.viewer)(`{ influenceMap(limit: 50001) { totalAccounts } }`);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "limit" });
  });

  const IMPORT = `mutation Import($input: CrmImportInput!) {
    importCrm(input: $input) { written accountsCreated accountsUpdated rejectedCount rejected { file row column code message } files { file rows } }
  }`;

  it("importCrm is ADMIN only, reports bad rows and writes nothing on ALL_OR_NOTHING", async () => {
    const accounts = "Account ID,Account Name,Segment\nNEW-1,Newco,ENTERPRISE\nNEW-2,Badco,HUGE\n";
    const viewer = await api.as(keys.viewer)(IMPORT, { input: { accounts } });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const before = (await api.as(keys.admin)(`{ accounts(first: 1) { totalCount } }`)).data.accounts.totalCount;
    const refused = await api.as(keys.admin)(IMPORT, { input: { accounts } });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.importCrm).toMatchObject({
      written: false,
      rejectedCount: 1,
      rejected: [{ file: "ACCOUNTS", row: 3, column: "Segment", code: "BAD_USER_INPUT" }],
      files: [{ file: "ACCOUNTS", rows: 2 }],
    });
    expect((await api.as(keys.admin)(`{ accounts(first: 1) { totalCount } }`)).data.accounts.totalCount).toBe(before);

    const skipped = await api.as(keys.admin)(IMPORT, { input: { accounts, mode: "SKIP_BAD_ROWS" } });
    expect(skipped.data.importCrm).toMatchObject({ written: true, accountsCreated: 1, rejectedCount: 1 });
    const found = await api.as(keys.admin)(`{ accounts(first: 5, filter: { nameContains: "Newco" }) { edges { node { externalId segment } } } }`);
    expect(found.data.accounts.edges).toEqual([{ node: { externalId: "NEW-1", segment: "ENTERPRISE" } }]);
  });

  it("importCrm refuses a file without its required column, naming the input", async () => {
    const result = await api.as(keys.admin)(IMPORT, { input: { accounts: "name\nNo id\n" } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.accounts" });
    const badMap = await api.as(keys.admin)(IMPORT, { input: { accounts: "a\n1\n", map: "{not json" } });
    expect(badMap.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.map" });
  });

  it("serves the committed schema at /schema.graphql", async () => {
    const response = await fetch(`${origin()}/schema.graphql`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"));
  });

  describe("a failed export answers like GraphQL", () => {
    const LEAK = "graph source exploded: SELECT secret FROM keys";
    const reads = gatedReads();
    const logs = captureLogger("info");
    let broken = false;
    let failing: OpenedStore;
    let slow: Awaited<ReturnType<typeof startSecuredApi>>;
    let sent = 0;
    const get = async (path: string) => {
      const requestId = `req-export-${++sent}`;
      const response = await fetch(new URL(path, slow.url), { headers: { authorization: `Bearer ${keys.viewer}`, "x-request-id": requestId } });
      const text = await response.text();
      const json = response.headers.get("content-type")?.startsWith("application/json");
      return { status: response.status, headers: response.headers, text, body: (json ? JSON.parse(text) : {}) as GraphQLResponse, requestId };
    };

    beforeAll(async () => {
      failing = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
      await failing.store.importDataset(tinyDataset());
      // No analysis can finish until the gate opens; reads give up after 100 ms.
      reads.shut();
      slow = await startSecuredApi(failing.store, {
        auth: keys.auth,
        logger: logs.logger,
        analytics: {
          influence: { maxWaitMs: 100 },
          strategy: { firstWaitMs: 100 },
          wrapGraphSource: (source) =>
            reads.wrap({
              version: () => {
                if (broken) throw new Error(LEAK);
                return source.version();
              },
              graph: () => source.graph(),
            }),
        },
      });
    });
    afterAll(async () => {
      reads.open();
      await slow?.close();
      await failing?.cleanup();
    });

    it.each([
      ["/export/influence.gexf", `{ influenceHubs(metric: PAGERANK) { totalCount } }`],
      ["/export/influence.graphml", `{ influenceHubs(metric: PAGERANK) { totalCount } }`],
      ["/export/strategic-ranking.csv", `{ strategicRanking(first: 1) { totalCount } }`],
    ])("%s while no analysis exists yet: 503 ANALYTICS_BUSY with GraphQL's retryAfterMs, and Retry-After", async (path, query) => {
      const graphql = await slow.as(keys.viewer)(query);
      const expected = graphql.errors?.[0]?.extensions;
      expect(expected).toMatchObject({ code: "ANALYTICS_BUSY", retryAfterMs: expect.any(Number) });
      const { status, headers, body, requestId } = await get(path);
      expect(status).toBe(503);
      expect(headers.get("retry-after")).toBe(String(Math.ceil(Number(expected!.retryAfterMs) / 1000)));
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.extensions).toEqual({ code: "ANALYTICS_BUSY", retryAfterMs: expected!.retryAfterMs, requestId });
      expect(logs.lines.filter((line) => line.requestId === requestId && Number(line.level) >= 50)).toEqual([]);
    });

    it("masks an internal error as GraphQL does (error-masking.test.ts), and logs it at error level under the request id", async () => {
      broken = true;
      try {
        const { status, text, body, requestId } = await get("/export/influence.gexf");
        expect(status).toBe(500);
        expect(body.errors?.[0]).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } });
        expect(text).not.toContain("secret");
        const logged = logs.lines.find((line) => line.requestId === requestId && line.msg === "export failed");
        expect(logged, JSON.stringify(logs.lines.filter((line) => line.requestId === requestId))).toMatchObject({
          level: 50,
          err: { message: LEAK },
        });
      } finally {
        broken = false;
      }
    });

    it("serves the file once the analysis is done", async () => {
      reads.open();
      const response = await eventually(
        () => get("/export/strategic-ranking.csv"),
        (r) => r.status === 200,
        30_000,
      );
      expect(response.status, response.text).toBe(200);
      expect(response.text).toMatch(/^rank,accountId,/);
    });
  });
});
