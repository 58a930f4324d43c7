/**
 * Account pages from the read model (services/read-model/account-pages.ts) answer exactly as
 * the stores' listAccounts, whose semantics the store contract pins: for random filters
 * (revenue bounds alone, with other fields, inverted bounds; lists of rare values answered
 * from buckets, of common ones by walking the order), every sort key and direction and page
 * size, paging through with cursors gives the same rows, cursors and totals as the SQLite
 * store over the same accounts (revenues with many ties, renewal dates with nulls).
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
/** Held by a few accounts each (under an eighth of them): a list naming them is answered from its buckets. */
const RARE_SEGMENTS = ["NON_PROFIT", "PUBLIC_SECTOR"] as const;
const OWNERS = ["pg-mgr-0", "pg-mgr-1", "pg-mgr-2", "pg-mgr-missing"];
const STATUSES = ["CUSTOMER", "PROSPECT", "CHURNED"] as const;

/** Which accounts hold the rare segments (index -> segment). */
const RARE_AT = new Map<number, (typeof RARE_SEGMENTS)[number]>([
  [4, "NON_PROFIT"],
  [17, "NON_PROFIT"],
  [30, "NON_PROFIT"],
  [9, "PUBLIC_SECTOR"],
  [35, "PUBLIC_SECTOR"],
]);

/**
 * 48 accounts whose revenues, segments and statuses repeat, so filters and ties bite. The rare
 * segments' accounts (5, under an eighth) run in opposite orders by name and by revenue or
 * licences, so a bucket read in the wrong order shows.
 */
function datasetWithTies(): Dataset {
  const base = smallDataset("pg", 48);
  return {
    ...base,
    accounts: base.accounts.map((a, i) => {
      const rare = RARE_AT.get(i);
      return {
        ...a,
        annualRevenue: rare ? (60 - i) * 1_000_00 : REVENUES[(i * 7) % REVENUES.length]!,
        licencesPlanned: rare ? 60 - i : a.licencesPlanned,
        segment: rare ?? SEGMENTS[i % SEGMENTS.length]!,
        status: STATUSES[(i >> 1) % STATUSES.length]!,
      };
    }),
  };
}

const revenue = fc.option(fc.constantFrom(...REVENUES, 1, 6_000_00, 200_000_000_00), { nil: undefined });
const filter: fc.Arbitrary<AccountFilter> = fc
  .record(
    {
      minRevenue: revenue,
      maxRevenue: revenue,
      segments: fc.option(fc.oneof(fc.subarray([...SEGMENTS, ...RARE_SEGMENTS]), fc.subarray([...RARE_SEGMENTS], { minLength: 1 })), { nil: undefined }),
      ownerIds: fc.option(fc.subarray(OWNERS), { nil: undefined }),
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
        throw new Error("more than 50 pages of 48 accounts");
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});
