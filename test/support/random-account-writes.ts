/**
 * Random account writes for property tests of what the read model derives per accounts version
 * and patches across writes (sort sequences, bucket positions: services/read-model/
 * sort-index-patch.ts, position-buckets.ts). Few values per field, so ties on every sort key
 * and shared list values are common; ids whose code-point order differs from their creation
 * order. CRM ids are each account's own (`crm-<id>`, a second form, or none), as the stores keep
 * them unique. A write is drawn as fast-check values and turned into feed entries against a view.
 */
import fc from "fast-check";
import type { Account } from "../../src/domain/model.js";
import type { RecordEntry, StoreState } from "../../src/ports/change-feed.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";

export const SINCE = "2024-01-01";
export const AT = "2026-01-01T00:00:00.000Z";

export const POOLS = {
  name: ["Acme", "acme", "Acme ", "Ägir", "Beta", "Zeta", "beta"],
  annualRevenue: [0, 100, 100, 5_000, 12_345_00],
  licencesHeld: [0, 1, 3, 7],
  licencesPlanned: [0, 2, 3, 10],
  date: [null, "2023-05-01", "2024-01-31", "2024-01-31", "2025-12-01"],
  dateTime: ["2025-01-01T00:00:00.000Z", "2025-06-30T12:00:00.000Z", "2026-01-01T00:00:00.000Z"],
  segment: ["ENTERPRISE", "MID_MARKET", "SMALL_BUSINESS", "NON_PROFIT"] as const,
  status: ["PROSPECT", "CUSTOMER", "CHURNED"] as const,
  region: [null, "EMEA", "AMER", "APAC"],
  industry: [null, "Retail", "Health"],
  ownerId: [null, "mgr-a", "mgr-b", "mgr-c", "mgr-d", "mgr-e"],
  idStem: ["a", "B", "ä", "z", "a-", "Z9"],
};

/** Picks from each pool by the draws in `d`. */
export const pick = <T>(pool: readonly T[], d: number): T => pool[d % pool.length]!;

/** Draws per account: one per pooled field of accountOf. */
export const DRAWS = 15;
export const draws = fc.array(fc.nat(60), { minLength: DRAWS, maxLength: DRAWS });

export function accountOf(id: string, d: readonly number[]): Account {
  return {
    id,
    // CRM ids are unique (the stores refuse a second holder): each account's own, or none.
    externalId: pick([null, `crm-${id}`, `crm-${id}-b`], d[14]!),
    name: pick(POOLS.name, d[0]!),
    industry: pick(POOLS.industry, d[1]!),
    segment: pick(POOLS.segment, d[2]!),
    region: pick(POOLS.region, d[3]!),
    ownerId: pick(POOLS.ownerId, d[13]!),
    status: pick(POOLS.status, d[4]!),
    annualRevenue: pick(POOLS.annualRevenue, d[5]!),
    grossMargin: 0.4,
    licencesHeld: pick(POOLS.licencesHeld, d[6]!),
    licencesPlanned: pick(POOLS.licencesPlanned, d[7]!),
    licencePrice: 100_00,
    customerSince: pick(POOLS.date, d[8]!),
    renewalDate: pick(POOLS.date, d[9]!),
    discountPurchases: 0,
    supplierSwitches: 0,
    lastContact: pick(POOLS.date, d[10]!),
    createdAt: pick(POOLS.dateTime, d[11]!),
    updatedAt: pick(POOLS.dateTime, d[12]!),
  };
}

/** The fields an update may change: every one a sort key, a list filter or the CRM-id index reads. */
export const UPDATABLE = [
  "name",
  "industry",
  "segment",
  "region",
  "status",
  "ownerId",
  "externalId",
  "annualRevenue",
  "licencesHeld",
  "licencesPlanned",
  "customerSince",
  "renewalDate",
  "lastContact",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Account)[];

/** An update changes a few fields of the account it picks; a create makes a new id; a delete removes the one it picks. */
export const write = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), stem: fc.nat(), d: draws }),
  fc.record({
    kind: fc.constant("update" as const),
    pick: fc.nat(),
    d: draws,
    fields: fc.uniqueArray(fc.nat(UPDATABLE.length - 1), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);
export type Write = typeof write extends fc.Arbitrary<infer W> ? W : never;

/** A store state holding only `accounts`. */
export function stateOf(accounts: Account[], seq = 1): StoreState {
  return { seq, accounts, managers: [], communities: [], memberships: [], links: [], engagements: [], purchases: [], apiKeys: [] };
}

/** Makes new account ids from a stem, numbered in creation order. */
export function idMaker(): (stem: number) => string {
  let created = 0;
  return (stem) => `${pick(POOLS.idStem, stem)}${created++}`;
}

/** The feed entries of `writes` against `view` (updates and deletes pick among its accounts). */
export function entriesOf(view: ReadView, writes: readonly Write[], newId: (stem: number) => string): RecordEntry[] {
  const ids = [...view.accounts.keys()].sort();
  return writes.flatMap((w): RecordEntry[] => {
    if (w.kind === "create") return [{ kind: "ACCOUNT", op: "PUT", record: accountOf(newId(w.stem), w.d) }];
    if (ids.length === 0) return [];
    const current = view.accounts.get(ids[w.pick % ids.length]!)!;
    if (w.kind === "delete") return [{ kind: "ACCOUNT", op: "DELETE", record: current }];
    const drawn = accountOf(current.id, w.d);
    const changed = Object.fromEntries(w.fields.map((f) => [UPDATABLE[f]!, drawn[UPDATABLE[f]!]]));
    return [{ kind: "ACCOUNT", op: "PUT", record: { ...current, ...changed } }];
  });
}

/** A random run: the draws of up to 30 first accounts, then 1 to `maxSteps` steps. */
export function runOf<S>(step: fc.Arbitrary<S>, maxSteps: number): fc.Arbitrary<{ initial: number[][]; steps: S[] }> {
  return fc.record({ initial: fc.array(draws, { minLength: 1, maxLength: 30 }), steps: fc.array(step, { minLength: 1, maxLength: maxSteps }) });
}

/** The first view of a run and the maker of its account ids. */
export function startRun(initial: readonly number[][]): { view: ReadView; newId: (stem: number) => string } {
  const newId = idMaker();
  return { view: viewOfState(stateOf(initial.map((d) => accountOf(newId(d[0]!), d))), SINCE), newId };
}
