/**
 * Sorted and filtered account pages after writes (services/read-model/sort-index-patch.ts: a
 * write's next version patches the previous version's sort indexes instead of sorting again;
 * position-buckets.ts: the list-value buckets a narrow filter reads are moved by the same
 * patch; version-inheritance.ts: filter counts and the CRM-id index patched for the changed
 * accounts), through HTTP: a server that paged every order and a few filters, then took
 * account creates, updates (names, revenues, licences and dates moved onto other accounts'
 * values, nullable keys cleared, segment, status, owner, region, industry and CRM id changed)
 * and deletes drawn with the project's PRNG, with pages read between them, pages every order,
 * and each filter in several orders, to the end exactly as a server started afresh on the same
 * store does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleDataset } from "../../seeds/index.js";
import { startApp } from "../../src/app.js";
import { createPrng } from "../../src/domain/prng.js";
import { createLogger } from "../../src/logger.js";
import { filterCountCounts } from "../../src/services/read-model/account-pages.js";
import { positionBucketCounts } from "../../src/services/read-model/position-buckets.js";
import { sortedSequenceCounts } from "../../src/services/read-model/sort-index-patch.js";
import { apiClient, type GraphQLResponse } from "../support/api-client.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;
type Gql = ReturnType<typeof apiClient>;
type Term = { key: string; direction: "ASC" | "DESC"; nulls: "FIRST" | "LAST" };

const SEVERAL: Term[][] = [
  [
    { key: "REGION", direction: "DESC", nulls: "FIRST" },
    { key: "NAME", direction: "ASC", nulls: "LAST" },
  ],
  [
    { key: "SEGMENT", direction: "ASC", nulls: "LAST" },
    { key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" },
    { key: "RENEWAL_DATE", direction: "ASC", nulls: "FIRST" },
  ],
];
/**
 * List filters narrow enough in the sample data (100 accounts) to be read from buckets (under
 * an eighth of the accounts: account-candidates.ts), each on another field, one a conjunction;
 * then filters too broad for that, whose totals are counted (and patched after a write), and
 * CRM ids (read through their index, one of them given to an account by the writes).
 */
const FILTERS: Record<string, unknown>[] = [
  { segments: ["NON_PROFIT", "PUBLIC_SECTOR"] },
  { segments: ["ENTERPRISE"], statuses: ["CUSTOMER"] },
  { ownerIds: ["mgr_strategic_sara"] },
  { regions: ["Global", "Capital District"] },
  { industries: ["Healthcare", "Telecommunications"] },
  { statuses: ["CUSTOMER"] },
  { nameContains: "in", NOT: { segments: ["SMALL_BUSINESS"] } },
  { externalIds: ["CRM-1001", "CRM-1003", "CRM-1006", "CRM-NEW-4", "CRM-NEW-8"] },
];
/** The orders filters are read in: one key (an ascending index), and several keys. */
const FILTERED_ORDERS: Term[][] = [[{ key: "NAME", direction: "ASC", nulls: "LAST" }], ...SEVERAL];

/** Every key the API sorts by (asked of the schema), ascending nulls last and descending nulls first, then several-key orders. */
async function ordersOf(gql: Gql): Promise<Term[][]> {
  const keys: string[] = (await gql(`{ __type(name: "AccountSortKey") { enumValues { name } } }`)).data.__type.enumValues.map(
    (v: { name: string }) => v.name,
  );
  expect(keys.length).toBeGreaterThan(10);
  return [
    ...keys.flatMap((key) => [
      [{ key, direction: "ASC" as const, nulls: "LAST" as const }],
      [{ key, direction: "DESC" as const, nulls: "FIRST" as const }],
    ]),
    ...SEVERAL,
  ];
}

const PAGE = `query($sort: [AccountOrderByInput!], $after: String, $filter: AccountFilterInput) {
  accounts(first: 100, sort: $sort, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string } }[];
}

interface Row {
  id: string;
  name: string;
  annualRevenue: string;
  licencesHeld: number;
  renewalDate: string | null;
  lastContact: string | null;
}

/** Every account id in `sort` (under `filter`), paged to the end, and the total. */
async function pageThrough(gql: Gql, sort: Term[], filter?: Record<string, unknown>): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const res: GraphQLResponse<{ accounts: Page }> = await gql(PAGE, { sort, after, filter });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const page = res.data!.accounts;
    total = page.totalCount;
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, total };
    after = page.pageInfo.endCursor;
  }
}

describe("sorted account pages after writes", () => {
  let opened: OpenedStore;
  const closers: (() => Promise<void>)[] = [];
  let written: Gql;

  const serve = async (): Promise<Gql> => {
    const server = await startApp({
      store: opened.store,
      logger: createLogger("silent"),
      port: 0,
      host: "127.0.0.1",
      analytics: { readModel: { pollIntervalMs: 0 } },
    });
    closers.push(() => server.close());
    return apiClient(`http://127.0.0.1:${server.port}/`);
  };

  beforeAll(async () => {
    opened = await sqlite.make();
    await opened.store.importDataset(loadSampleDataset());
    written = await serve();
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await opened?.cleanup();
  });

  it("pages every order, and filters, after creates, updates and deletes exactly as a fresh server on the same data", async () => {
    // Every order read once: each index (and several-key order) exists before the writes, so the writes patch them.
    const ORDERS = await ordersOf(written);
    for (const sort of ORDERS) await pageThrough(written, sort);
    // And each filter's buckets in each of its orders, so the writes move them.
    for (const sort of FILTERED_ORDERS) for (const filter of FILTERS) await pageThrough(written, sort, filter);
    const before = { ...sortedSequenceCounts };
    const bucketsBefore = { ...positionBucketCounts };
    const countsBefore = { ...filterCountCounts };
    const random = createPrng(15);
    const draw = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const ok = async (query: string, variables: Record<string, unknown>) => {
      const res = await written(query, variables);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    };
    for (let round = 0; round < 12; round++) {
      const rows: Row[] = (
        await written(`{ accounts(first: 100) { edges { node { id name annualRevenue licencesHeld renewalDate lastContact } } } }`)
      ).data.accounts.edges.map((e: { node: Row }) => e.node);
      const [a, b] = [draw(rows), draw(rows)];
      const kind = round % 4;
      if (kind === 0) {
        // Onto another account's values: ties on name, revenue and licences; a nullable key cleared.
        await ok(`mutation($id: ID!, $input: AccountInput!) { updateAccount(id: $id, input: $input) { id } }`, {
          id: a.id,
          input: {
            name: b.name,
            externalId: `CRM-NEW-${round}`,
            annualRevenue: b.annualRevenue,
            licencesHeld: b.licencesHeld,
            renewalDate: null,
            region: random() < 0.5 ? null : "Global",
            segment: draw(["ENTERPRISE", "PUBLIC_SECTOR", "MID_MARKET"]),
            ownerId: random() < 0.5 ? null : "mgr_strategic_sara",
          },
        });
      } else if (kind === 1) {
        await ok(`mutation($input: AccountInput!) { createAccount(input: $input) { id } }`, {
          input: {
            name: b.name,
            segment: "NON_PROFIT",
            status: "PROSPECT",
            annualRevenue: a.annualRevenue,
            lastContact: b.lastContact,
            renewalDate: a.renewalDate,
          },
        });
      } else if (kind === 2) {
        await ok(`mutation($id: ID!) { deleteAccount(id: $id) { id } }`, { id: a.id });
      } else {
        await ok(`mutation($id: ID!, $input: AccountInput!) { updateAccount(id: $id, input: $input) { id } }`, {
          id: a.id,
          input: {
            renewalDate: b.renewalDate ?? "2027-03-01",
            lastContact: null,
            licencesPlanned: 40 + round,
            industry: random() < 0.5 ? null : "Healthcare",
            status: draw(["CUSTOMER", "CHURNED"]),
          },
        });
      }
      // Some versions are read (they patch), others not (their successor patches for both writes).
      if (round % 3 !== 1) await pageThrough(written, draw(ORDERS));
      if (round % 3 !== 0) await pageThrough(written, draw(FILTERED_ORDERS), FILTERS[round % FILTERS.length]);
    }
    // The server in this process patched (a count, not a timing), and never found an index not as its changes said.
    expect(sortedSequenceCounts.patched).toBeGreaterThan(before.patched);
    expect(sortedSequenceCounts.refused).toBe(before.refused);
    expect(positionBucketCounts.moved).toBeGreaterThan(bucketsBefore.moved);
    const fresh = await serve();
    for (const sort of ORDERS) expect(await pageThrough(written, sort), JSON.stringify(sort)).toEqual(await pageThrough(fresh, sort));
    // A list filter reads positions moved along with the patched index (position-buckets.ts).
    for (const sort of FILTERED_ORDERS) {
      for (const filter of FILTERS) {
        const label = JSON.stringify({ sort, filter });
        expect(await pageThrough(written, sort, filter), label).toEqual(await pageThrough(fresh, sort, filter));
      }
    }
    // The broad filters' totals were patched for the changed accounts, not counted again.
    expect(filterCountCounts.patched).toBeGreaterThan(countsBefore.patched);
  });
});
