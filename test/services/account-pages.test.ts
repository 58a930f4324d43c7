/**
 * Account pages from the read model (services/read-model/account-pages.ts) look at fewer
 * accounts when the filter lets them (account-candidates.ts: candidates from buckets of rare
 * list values, ids, communities; revenue ranges on orders led by ANNUAL_REVENUE and for
 * counts) and must answer exactly as a walk over every account. For random filters (rare and
 * common lists of segments, owners, regions, industries, statuses, ids, revenue bounds incl.
 * inverted ones, in `and` sub-filters, combined with OR / NOT), every sort key set, direction
 * and null placement, page sizes, and a first cursor at any account's position (matching or
 * not), paging through gives the rows, cursor positions, hasNextPage and totalCount of a
 * brute-force reference: every account tested by the filter's matcher, sorted by the
 * reference order (test/support/account-order-reference.ts). The matcher itself is pinned
 * against hand-written predicates in the store contract (account-queries.contract.ts).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Account } from "../../src/domain/model.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";
import { matcherOf, type AccountQueryFilter } from "../../src/services/read-model/account-filter.js";
import { ACCOUNT_ORDER_KEYS, type AccountOrderTerm } from "../../src/services/read-model/account-order.js";
import { accountPageOf, type AccountPagePosition } from "../../src/services/read-model/account-pages.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { referenceOrder, SORT_VALUE } from "../support/account-order-reference.js";
import { managerInput, smallDataset } from "../store/store-fixtures.js";

const SINCE = "2024-01-01";
const COUNT = 64;
const REVENUES = [0, 42_00, 5_000_00, 5_000_00, 7_500_00, 123_456_78];
const SEGMENTS = ["ENTERPRISE", "MID_MARKET", "SMALL_BUSINESS"] as const;
const STATUSES = ["CUSTOMER", "PROSPECT", "CHURNED"] as const;
const OWNERS = ["pg-mgr-0", "pg-mgr-1", "pg-mgr-2"];
const REGIONS = ["EMEA", "AMER"];
const INDUSTRIES = ["Retail", "Health", "Finance"];

/**
 * Values held by a few accounts each (under an eighth of COUNT): a list naming only them is
 * answered from buckets. By index of the account holding them.
 */
const RARE_SEGMENT_AT = new Map<number, "NON_PROFIT" | "PUBLIC_SECTOR">([
  [4, "NON_PROFIT"],
  [17, "NON_PROFIT"],
  [30, "NON_PROFIT"],
  [55, "NON_PROFIT"],
  [9, "PUBLIC_SECTOR"],
  [35, "PUBLIC_SECTOR"],
  [44, "PUBLIC_SECTOR"],
  [50, "PUBLIC_SECTOR"],
]);
const RARE_OWNER_AT = new Set([5, 22, 41, 58, 61]);
const RARE_REGION_AT = new Set([3, 26, 47, 52, 60, 62]);
const RARE_INDUSTRY_AT = new Set([7, 33, 39, 57]);

/**
 * COUNT accounts whose revenues, segments, statuses and regions repeat, so filters and ties
 * bite, with nulls in owners, regions, industries and dates. The rare segments' accounts run
 * in opposite orders by name and by revenue or licences, so a bucket read in the wrong order
 * shows.
 */
function datasetWithTies(): Dataset {
  const base = smallDataset("pg", COUNT);
  return {
    ...base,
    managers: [...base.managers, { id: "pg-mgr-rare", ...managerInput({ name: "pg rare manager" }) }],
    accounts: base.accounts.map((a, i) => {
      const rare = RARE_SEGMENT_AT.get(i);
      return {
        ...a,
        annualRevenue: rare ? (70 - i) * 1_000_00 : REVENUES[(i * 7) % REVENUES.length]!,
        licencesHeld: i % 7,
        licencesPlanned: rare ? 70 - i : (i * 3) % 11,
        segment: rare ?? SEGMENTS[i % SEGMENTS.length]!,
        status: STATUSES[(i >> 1) % STATUSES.length]!,
        ownerId: RARE_OWNER_AT.has(i) ? "pg-mgr-rare" : i % 11 === 0 ? null : a.ownerId,
        region: RARE_REGION_AT.has(i) ? "APAC" : i % 5 === 4 ? null : REGIONS[i % 2]!,
        industry: RARE_INDUSTRY_AT.has(i) ? "Energy" : i % 4 === 0 ? null : INDUSTRIES[i % 3]!,
        lastContact: i % 3 === 0 ? null : `2025-${String((i % 12) + 1).padStart(2, "0")}-01`,
      };
    }),
  };
}

/** Half the time absent. */
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Absent three times in four. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
/** A list of common and rare values, or of rare ones only (answered from buckets). */
const listOf = (common: readonly string[], rare: readonly string[]) =>
  sometimes(fc.oneof(fc.subarray([...common, ...rare]), fc.subarray([...rare], { minLength: 1 })));
const revenue = sometimes(fc.constantFrom(...REVENUES, 1, 6_000_00, 40_000_00, 200_000_000_00));
const defined = <T extends object>(record: T) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

const general: fc.Arbitrary<AccountQueryFilter> = fc
  .record(
    {
      minRevenue: revenue,
      maxRevenue: revenue,
      segments: listOf(SEGMENTS, ["NON_PROFIT", "PUBLIC_SECTOR"]) as fc.Arbitrary<AccountQueryFilter["segments"]>,
      ownerIds: listOf(OWNERS, ["pg-mgr-rare", "pg-mgr-missing"]),
      regions: listOf(REGIONS, ["APAC"]),
      industries: listOf(INDUSTRIES, ["Energy"]),
      statuses: sometimes(fc.subarray([...STATUSES])),
      ids: sometimes(
        fc.subarray(
          Array.from({ length: 12 }, (_, i) => `pg-acc-${String(i * 5).padStart(3, "0")}`),
          { maxLength: 6 },
        ),
      ),
      hasOwner: sometimes(fc.boolean()),
    },
    { requiredKeys: [] },
  )
  .map(defined);

/** Rare values only (answered from buckets), with revenue bounds or alone. */
const rare: fc.Arbitrary<AccountQueryFilter> = fc
  .record({
    minRevenue: revenue,
    maxRevenue: revenue,
    list: fc.oneof(
      fc.subarray(["NON_PROFIT", "PUBLIC_SECTOR"] as const, { minLength: 1 }).map((segments) => ({ segments })),
      fc.subarray(["pg-mgr-rare", "pg-mgr-missing"], { minLength: 1 }).map((ownerIds) => ({ ownerIds })),
      fc.constant<AccountQueryFilter>({ regions: ["APAC"] }),
      fc.constant<AccountQueryFilter>({ industries: ["Energy"] }),
    ),
  })
  .map(({ list, ...bounds }) => ({ ...defined(bounds), ...list }));

/** Revenue bounds alone (counted as their range), with common lists (walked), rare lists, or anything. */
const leaf: fc.Arbitrary<AccountQueryFilter> = fc.oneof(
  fc.record({ minRevenue: revenue, maxRevenue: revenue }).map(defined),
  { weight: 2, arbitrary: rare },
  fc
    .record({
      minRevenue: revenue,
      maxRevenue: revenue,
      statuses: sometimes(fc.subarray([...STATUSES])),
      segments: sometimes(fc.subarray([...SEGMENTS], { minLength: 2 })),
    })
    .map(defined),
  general,
);

/** A leaf, sometimes with `and` sub-filters (nested once), an `or` and a `not`. */
const filter: fc.Arbitrary<AccountQueryFilter> = fc
  .record({
    base: leaf,
    and: rarely(
      fc.array(
        fc.tuple(leaf, sometimes(leaf)).map(([x, y]) => (y ? { ...x, and: [y] } : x)),
        { minLength: 1, maxLength: 2 },
      ),
    ),
    or: rarely(fc.array(general, { maxLength: 2 })),
    not: rarely(general),
  })
  .map(({ base, ...rest }) => ({ ...base, ...defined(rest) }));

const term = fc.record({
  key: fc.constantFrom(...ACCOUNT_ORDER_KEYS),
  direction: fc.constantFrom("ASC" as const, "DESC" as const),
  nulls: fc.constantFrom("FIRST" as const, "LAST" as const),
});
/** One to three keys, led by ANNUAL_REVENUE a third of the time (revenue ranges). */
const order: fc.Arbitrary<AccountOrderTerm[]> = fc
  .tuple(fc.uniqueArray(term, { minLength: 1, maxLength: 3, selector: (t) => t.key }), fc.integer({ min: 0, max: 2 }), term)
  .map(([terms, lead, revenueTerm]) =>
    lead > 0 ? terms : [{ ...revenueTerm, key: "ANNUAL_REVENUE" as const }, ...terms.filter((t) => t.key !== "ANNUAL_REVENUE")].slice(0, 3),
  );

describe("account pages from the read model", () => {
  let store: SqliteAccountGraphStore;
  let view: ReadView;
  let accounts: Account[];
  beforeAll(async () => {
    store = new SqliteAccountGraphStore({ path: ":memory:" });
    await store.init();
    await store.importDataset(datasetWithTies());
    view = viewOfState(await store.readState({ activitySince: SINCE }), SINCE);
    accounts = [...view.accounts.values()];
  });
  afterAll(() => store.close());

  const positionOf = (account: Account, terms: readonly AccountOrderTerm[]): AccountPagePosition => {
    const values = terms.map((t) => SORT_VALUE[t.key](account));
    return { value: values.length === 1 ? values[0]! : values, id: account.id };
  };

  it("pages through candidates and revenue ranges exactly as a brute-force filter and sort", () => {
    fc.assert(
      fc.property(filter, order, fc.integer({ min: 1, max: 12 }), fc.option(fc.nat(COUNT - 1), { nil: undefined }), (f, terms, first, startAt) => {
        const compare = referenceOrder(terms);
        const matching = accounts.filter(matcherOf(view, f)).sort(compare);
        const start = startAt === undefined ? undefined : accounts[startAt]!;
        const expected = start ? matching.filter((a) => compare(a, start) > 0) : matching;
        let after = start && positionOf(start, terms);
        for (let from = 0; ; from += first) {
          const page = accountPageOf(view, { filter: f, order: terms, first, ...(after ? { after } : {}) });
          const want = expected.slice(from, from + first);
          expect(page.items.map((a) => a.id)).toEqual(want.map((a) => a.id));
          expect(page.positions).toEqual(want.map((a) => positionOf(a, terms)));
          expect(page.totalCount).toBe(matching.length);
          expect(page.hasNextPage).toBe(from + first < expected.length);
          if (!page.hasNextPage) return;
          after = page.positions.at(-1);
        }
      }),
      { numRuns: 1000, seed: 10 },
    );
  });
});
