/**
 * Threat 27 (docs/threats.md): paging a score ordering while others write never skips or
 * repeats an account. `influenceHubs` and `strategicRanking` cursors carry the version they
 * were issued on; the next page continues on that version while it is kept, or fails with
 * CURSOR_STALE naming the current one — never silently. Property-based: random writes
 * (new ties, engagements, revenue changes, new accounts) land between every two pages.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import { apiClient } from "../support/api-client.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { loadSampleDataset } from "../../seeds/index.js";

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;

type Write = { kind: "tie" | "engage" | "revenue" | "create"; a: number; b: number; n: number };
const write = fc.record({
  kind: fc.constantFrom("tie" as const, "engage" as const, "revenue" as const, "create" as const),
  a: fc.nat(99),
  b: fc.nat(99),
  n: fc.integer({ min: 1, max: 9_000 }),
});

describe("stable cursors under concurrent writes", () => {
  let opened: OpenedStore;
  let gql: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;
  let ids: string[];

  beforeAll(async () => {
    opened = await sqlite.make();
    await opened.store.importDataset(loadSampleDataset());
    const server = await startApp({
      store: opened.store,
      logger: createLogger("silent"),
      port: 0,
      host: "127.0.0.1",
      // Every write is published at once, so the orderings really move between pages.
      analytics: { strategy: { publishIntervalMs: 0 }, influence: { maxWaitMs: 30_000 } },
    });
    gql = apiClient(`http://127.0.0.1:${server.port}/`);
    close = () => server.close();
    ids = (await gql(`{ accounts(first: 100) { edges { node { id } } } }`)).data.accounts.edges.map((e: { node: { id: string } }) => e.node.id);
  });
  afterAll(async () => {
    await close?.();
    await opened?.cleanup();
  });

  async function apply(w: Write, round: number): Promise<void> {
    const a = ids[w.a % ids.length]!;
    const b = ids[w.b % ids.length]!;
    const res =
      w.kind === "tie"
        ? await gql(`mutation($a: ID!, $b: ID!, $s: Float!) { linkInfluence(input: { fromId: $a, toId: $b, kind: PEER, strength: $s }) { id } }`, {
            a,
            b,
            s: (w.n % 10) / 10,
          })
        : w.kind === "engage"
          ? await gql(
              `mutation($a: ID!, $m: Int!) { recordEngagement(input: { accountId: $a, managerId: "mgr_door_to_door", minutes: $m, date: "2026-11-01", kind: CALL }) { id } }`,
              { a, m: 1 + (w.n % 90) },
            )
          : w.kind === "revenue"
            ? await gql(`mutation($a: ID!, $r: Money!) { updateAccount(id: $a, input: { annualRevenue: $r }) { id } }`, { a, r: `${w.n * 100}.00` })
            : await gql(`mutation($n: String!) { createAccount(input: { name: $n, segment: SMALL_BUSINESS, status: PROSPECT }) { id } }`, {
                n: `Newcomer ${round}-${w.n}`,
              });
    // A duplicate tie or a self-tie is refused: that is a write that did not happen, fine here.
    if (res.errors) expect(["CONFLICT", "BAD_USER_INPUT"]).toContain(res.errors[0]!.extensions!.code);
  }

  /** Pages to the end with writes between pages; returns the ids seen, or "stale" when the server said so. */
  async function pageThrough(query: string, root: string, writes: Write[]): Promise<{ seen: string[]; total: number } | "stale"> {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 200; page++) {
      const res: { errors?: { extensions?: Record<string, unknown> }[]; data?: any } = await gql(query, { after });
      if (res.errors) {
        expect(res.errors[0]!.extensions!.code, JSON.stringify(res.errors)).toBe("CURSOR_STALE");
        expect(res.errors[0]!.extensions!.currentVersion).toEqual(expect.any(Number));
        expect(res.errors[0]!.extensions!.field).toBe("after");
        return "stale";
      }
      const connection: {
        totalCount: number;
        edges: { accountId?: string; node?: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = res.data[root];
      if (total < 0) total = connection.totalCount;
      expect(connection.totalCount).toBe(total); // the same version, page after page
      seen.push(...connection.edges.map((e) => e.accountId ?? e.node!.id));
      if (!connection.pageInfo.hasNextPage) return { seen, total };
      after = connection.pageInfo.endCursor;
      for (const w of writes.splice(0, 1)) await apply(w, page);
    }
    throw new Error("did not reach the last page");
  }

  const HUBS = `query($after: String) { influenceHubs(metric: PAGERANK, first: 9, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { accountId } } }`;
  const RANKING = `query($after: String) { strategicRanking(first: 9, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;

  describe.each([
    ["influenceHubs", HUBS, "influenceHubs"],
    ["strategicRanking", RANKING, "strategicRanking"],
  ] as const)("%s", (_name, query, root) => {
    it("every account exactly once, or CURSOR_STALE — never a silent skip or repeat", async () => {
      let completed = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(write, { minLength: 4, maxLength: 16 }), async (writes) => {
          const outcome = await pageThrough(query, root, [...writes]);
          if (outcome === "stale") return;
          completed++;
          expect(new Set(outcome.seen).size).toBe(outcome.seen.length); // no repeat
          expect(outcome.seen.length).toBe(outcome.total); // no skip
        }),
        { numRuns: 8, seed: 27 },
      );
      // Writes between pages are few: the issued versions are still kept, so paging completes.
      expect(completed).toBeGreaterThan(0);
    });
  });

  it("a cursor whose version is gone answers CURSOR_STALE with the current version", async () => {
    const first = await gql(HUBS, { after: null });
    const cursor = first.data.influenceHubs.pageInfo.endCursor as string;
    // Move the graph more times than snapshots are kept (each needs a fresh snapshot to be made).
    for (let i = 0; i < 12; i++) {
      await apply({ kind: "tie", a: i, b: i + 50, n: 5 }, 900 + i);
      await gql(`{ influenceHubs(metric: PAGERANK, first: 1) { totalCount } }`);
    }
    const stale = await gql(HUBS, { after: cursor });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CURSOR_STALE", field: "after", currentVersion: expect.any(Number) });
  });
});
