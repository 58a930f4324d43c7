/**
 * Account pages from the read model (services/read-model/account-pages.ts) answer exactly as
 * the stores' listAccounts, whose semantics the store contract pins: for random filters
 * (revenue bounds alone, with other fields, inverted bounds), every sort key and direction
 * and page size, paging through with cursors gives the same rows, cursors and totals as the
 * SQLite store over the same accounts (revenues with many ties, renewal dates with nulls).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SORT_KEYS, type AccountFilter, type AccountPageQuery, type Dataset } from "../../src/ports/account-graph-store.js";
import { accountPageOf } from "../../src/services/read-model/account-pages.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { smallDataset } from "../store/store-fixtures.js";

const SINCE = "2024-01-01";
const REVENUES = [0, 42_00, 5_000_00, 5_000_00, 7_500_00, 123_456_78];
const SEGMENTS = ["ENTERPRISE", "MID_MARKET", "SMALL_BUSINESS"] as const;
const STATUSES = ["CUSTOMER", "PROSPECT", "CHURNED"] as const;

/** 40 accounts whose revenues, segments and statuses repeat, so filters and ties bite. */
function datasetWithTies(): Dataset {
  const base = smallDataset("pg", 40);
  return {
    ...base,
    accounts: base.accounts.map((a, i) => ({
      ...a,
      annualRevenue: REVENUES[(i * 7) % REVENUES.length]!,
      segment: SEGMENTS[i % SEGMENTS.length]!,
      status: STATUSES[(i >> 1) % STATUSES.length]!,
    })),
  };
}

const revenue = fc.option(fc.constantFrom(...REVENUES, 1, 6_000_00, 200_000_000_00), { nil: undefined });
const filter: fc.Arbitrary<AccountFilter> = fc
  .record(
    {
      minRevenue: revenue,
      maxRevenue: revenue,
      segments: fc.option(fc.subarray([...SEGMENTS]), { nil: undefined }),
      statuses: fc.option(fc.subarray([...STATUSES]), { nil: undefined }),
    },
    { requiredKeys: [] },
  )
  .map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as AccountFilter);

describe("account pages from the read model", () => {
  let store: SqliteAccountGraphStore;
  let view: ReadView;
  beforeAll(async () => {
    store = new SqliteAccountGraphStore({ path: ":memory:" });
    await store.init();
    await store.importDataset(datasetWithTies());
    view = viewOfState(await store.readState({ activitySince: SINCE }), SINCE);
  });
  afterAll(() => store.close());

  it("page through exactly as the store's listAccounts, for any filter, sort and page size", async () => {
    const query = fc.record({
      filter,
      key: fc.constantFrom(...ACCOUNT_SORT_KEYS),
      direction: fc.constantFrom("ASC" as const, "DESC" as const),
      first: fc.integer({ min: 1, max: 7 }),
    });
    await fc.assert(
      fc.asyncProperty(query, async ({ filter, key, direction, first }) => {
        let after: AccountPageQuery["after"];
        for (let page = 0; page < 50; page++) {
          const q: AccountPageQuery = { filter, sort: { key, direction }, first, ...(after ? { after } : {}) };
          const expected = await store.listAccounts(q);
          const actual = accountPageOf(view, q);
          expect({ ...actual, items: actual.items.map((a) => a.id) }).toEqual({ ...expected, items: expected.items.map((a) => a.id) });
          if (!expected.hasNextPage) return;
          after = expected.positions.at(-1);
        }
        throw new Error("more than 50 pages of 40 accounts");
      }),
      { numRuns: 200, seed: 10 },
    );
  });
});
