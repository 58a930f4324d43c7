/**
 * docs/threats.md rows 17-19 against the real Neo4j the suite starts:
 *
 * - The database stops under traffic: every request still returns (no hang); what needs the
 *   store (a full activity history) fails with SERVICE_UNAVAILABLE, never an internal error,
 *   while what the read model holds (an account page) keeps answering; /readyz goes red; when
 *   the database comes back the same API process serves reads and writes again.
 * - A transient error (a deadlock) inside a write transaction is retried by the managed
 *   transaction with the same generated id, and the write happens exactly once.
 *
 * No latency is asserted: the bound is "every request returned before the client gave
 * up", with the client's patience far above the store's retry and connect timeouts.
 */
import { Neo4jError } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as C from "../../src/store/neo4j/cypher.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import type { QueryObserver } from "../../src/store/neo4j/neo4j-executor.js";
import type { GraphQLResponse } from "../support/api-client.js";
import { neo4jFaultConnection, neo4jTestConnection, resetNeo4jDatabase, type Neo4jFaultConnection } from "../support/neo4j.js";
import { startSecuredApi } from "../support/secured-api.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const TRAFFIC = {
  loops: 4,
  /** The client gives up after this; a request taking it counts as a hang. */
  clientPatienceMs: 45_000,
  /** How long to wait for the outage to show, and for recovery. */
  phaseDeadlineMs: 120_000,
};
/** Answered from the read model: no store round trip. */
const READ = `{ accounts(first: 5) { totalCount edges { node { name owner { name } } } } }`;
/** Needs the store: full engagement histories are not in the read model. */
const STORE_READ = `{ account(id: "acc_ada") { engagements { id } } }`;

interface Outcome {
  at: number;
  ms: number;
  query: string;
  result: "ok" | "hang" | string;
}

async function timedRequest(url: string, query: string): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(TRAFFIC.clientPatienceMs),
    });
    const body = (await response.json()) as GraphQLResponse;
    const code = body.errors?.[0]?.extensions?.code;
    return {
      at: started,
      ms: Date.now() - started,
      query,
      result: body.errors ? String(code) : response.status === 200 ? "ok" : `HTTP ${response.status}`,
    };
  } catch (error) {
    return {
      at: started,
      ms: Date.now() - started,
      query,
      result: (error as Error).name === "TimeoutError" ? "hang" : `client error ${(error as Error).message}`,
    };
  }
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + TRAFFIC.phaseDeadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function readyStatus(url: string): Promise<number> {
  return (await fetch(new URL("/readyz", url), { signal: AbortSignal.timeout(TRAFFIC.clientPatienceMs) })).status;
}

describe("Neo4j restart under traffic", () => {
  let fault: Neo4jFaultConnection;
  let store: Neo4jAccountGraphStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  let stopped = false;

  beforeAll(async () => {
    fault = neo4jFaultConnection();
    await resetNeo4jDatabase(fault.uri);
    store = new Neo4jAccountGraphStore({
      uri: fault.uri,
      user: fault.user,
      password: fault.password,
      maxTransactionRetryTimeMs: 2_000,
      connectionTimeoutMs: 2_000,
    });
    await store.init();
    await store.importDataset(tinyDataset());
    api = await startSecuredApi(store);
  });
  afterAll(async () => {
    if (stopped) await fault.startDatabase();
    await api?.close();
    await store?.close();
  });

  it("answers SERVICE_UNAVAILABLE during the outage, never hangs, and recovers without a restart", async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    const loops = Array.from({ length: TRAFFIC.loops }, async (_, i) => {
      while (running) outcomes.push(await timedRequest(api.url, i % 2 === 0 ? READ : STORE_READ));
    });
    try {
      await until("traffic to flow", async () => outcomes.filter((o) => o.result === "ok").length >= 20);

      const stopAt = Date.now();
      await fault.stopDatabase();
      stopped = true;
      await until("the outage to show", async () => outcomes.filter((o) => o.at > stopAt && o.result === "SERVICE_UNAVAILABLE").length >= 10);
      expect(await readyStatus(api.url)).toBe(503);
      const during = outcomes.filter((o) => o.at > stopAt);

      const startAt = Date.now();
      await fault.startDatabase();
      stopped = false;
      await until("recovery", async () => outcomes.filter((o) => o.at > startAt && o.result === "ok").length >= 10);
      expect(await readyStatus(api.url)).toBe(200);

      // Before the stop and during the outage, only two answers exist: data, or SERVICE_UNAVAILABLE.
      const kinds = new Set(outcomes.filter((o) => o.at < startAt).map((o) => o.result));
      expect([...kinds].sort()).toEqual(["SERVICE_UNAVAILABLE", "ok"]);
      expect(during.every((o) => o.result === "SERVICE_UNAVAILABLE" || o.result === "ok")).toBe(true);
      // The read model kept answering what it holds through the whole outage.
      expect(during.filter((o) => o.query === READ).every((o) => o.result === "ok")).toBe(true);
    } finally {
      running = false;
      await Promise.all(loops);
    }
    expect(outcomes.filter((o) => o.result === "hang")).toEqual([]);

    // The same process writes again, and the write is there.
    const created = await api.as()(`mutation { createAccount(input: { name: "After the storm" }) { id } }`);
    expect(created.errors).toBeUndefined();
    const read = await api.as()(`query($id: ID!) { account(id: $id) { name } }`, { id: created.data.createAccount.id });
    expect(read.data).toEqual({ account: { name: "After the storm" } });
  });
});

describe("transient errors inside a write transaction", () => {
  const injected = { operation: "", remaining: 0, ids: [] as unknown[] };
  /** Fails the creating query of `injected.operation` with a retryable deadlock, `remaining` times. */
  const onQuery: QueryObserver = ({ operation, cypher, params }) => {
    if (operation !== injected.operation || (cypher !== C.CREATE_ACCOUNT && cypher !== C.CREATE_ENGAGEMENT)) return;
    injected.ids.push((params.props as { id: unknown }).id);
    if (injected.remaining > 0) {
      injected.remaining -= 1;
      // What the server sends for a deadlock (GQLSTATUS 50N05 "deadlock detected"); the driver deems it retryable by its code.
      throw new Neo4jError(
        "injected: deadlock detected while trying to acquire locks",
        "Neo.TransientError.Transaction.DeadlockDetected",
        "50N05",
        "error: general processing exception - deadlock detected",
      );
    }
  };
  let store: Neo4jAccountGraphStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    const connection = neo4jTestConnection();
    await resetNeo4jDatabase(connection.uri);
    store = new Neo4jAccountGraphStore({ ...connection, maxTransactionRetryTimeMs: 10_000, connectionTimeoutMs: 5_000, onQuery });
    await store.init();
    await store.importDataset(tinyDataset());
    api = await startSecuredApi(store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  function inject(operation: string, failures: number) {
    Object.assign(injected, { operation, remaining: failures, ids: [] });
  }

  it("retries recordEngagement with the same id and records it once", async () => {
    const before = await store.counts();
    inject("recordEngagement", 2);
    const response = await api.as()(
      `mutation { recordEngagement(input: { accountId: "acc_bob", managerId: "mgr_one", minutes: 45, date: "2026-02-01", kind: VISIT }) { id } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(injected.remaining).toBe(0);
    expect(injected.ids).toHaveLength(3);
    expect(new Set(injected.ids)).toEqual(new Set([response.data.recordEngagement.id]));
    expect((await store.counts()).engagements).toBe(before.engagements + 1);
    const engagements = await store.engagementsOfAccounts(["acc_bob"]);
    expect(engagements.filter((e) => e.id === response.data.recordEngagement.id)).toHaveLength(1);
  });

  it("retries createAccount with the same id and external id: one account, one change in the feed", async () => {
    const before = { counts: await store.counts(), head: await store.feedHead() };
    inject("createAccount", 1);
    const response = await api.as()(`mutation { createAccount(input: { name: "Retried Ltd", externalId: "crm-retry" }) { id externalId } }`);
    expect(response.errors).toBeUndefined();
    expect(injected.ids).toEqual([response.data.createAccount.id, response.data.createAccount.id]);
    expect((await store.counts()).accounts).toBe(before.counts.accounts + 1);
    // The failed attempt's sequence number was rolled back with it: no gap.
    expect(await store.feedHead()).toBe(before.head + 1);
    const again = await api.as()(`mutation { createAccount(input: { name: "Copy", externalId: "crm-retry" }) { id } }`);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});
