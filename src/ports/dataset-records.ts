/**
 * What AccountGraphStore.importDataset means, independent of the database: the records
 * a Dataset becomes, the counts it reports, and the reference check that runs before
 * anything is written. Both adapters use these, so an import fails on the same row with
 * the same field (e.g. `influences[17].toId`) on SQLite and on Neo4j.
 *
 * Pure: the database side of the reference check is passed in as lookups.
 * Cost: O(rows) time and memory for each function.
 */
import { NotFoundError } from "../domain/errors.js";
import type { Account, AccountManager, Community, Engagement, IsoDateTime, Link, Membership, Purchase } from "../domain/model.js";
import type { Dataset, StoreCounts } from "./account-graph-store.js";
import {
  buildAccount,
  buildCommunity,
  buildEngagement,
  buildInfluenceLink,
  buildManager,
  buildMembership,
  buildPurchase,
  buildReferralLink,
} from "./store-records.js";

/** A Dataset as stored records, in the order parents before children. */
export interface DatasetRecords {
  managers: AccountManager[];
  accounts: Account[];
  communities: Community[];
  memberships: Membership[];
  influences: Link[];
  referrals: Link[];
  engagements: Engagement[];
  purchases: Purchase[];
}

/** The record builder of each list of a Dataset, the input row type of each and the record it stores. */
export type DatasetRecordBuilders = { [K in keyof Dataset]: (input: Dataset[K][number]) => DatasetRecords[K][number] };

/**
 * How each row of a Dataset becomes the record a single create would store, all created
 * at `now`. An adapter that streams rows into the database builds them one at a time
 * with these instead of holding every record at once (buildDatasetRecords).
 */
export function datasetRecordBuilders(now: IsoDateTime): DatasetRecordBuilders {
  return {
    managers: (m) => buildManager(m, m.id, now),
    accounts: (a) => buildAccount(a, a.id, now),
    communities: (c) => buildCommunity(c, c.id, now),
    memberships: buildMembership,
    influences: (l) => buildInfluenceLink(l, l.id, now),
    referrals: (r) => buildReferralLink(r, r.id, now),
    engagements: (e) => buildEngagement(e, e.id),
    purchases: (p) => buildPurchase(p, p.id),
  };
}

/** Every row of `dataset` as the record a single create would store, all created at `now`. */
export function buildDatasetRecords(dataset: Dataset, now: IsoDateTime): DatasetRecords {
  const build = datasetRecordBuilders(now);
  return {
    managers: dataset.managers.map(build.managers),
    accounts: dataset.accounts.map(build.accounts),
    communities: dataset.communities.map(build.communities),
    memberships: dataset.memberships.map(build.memberships),
    influences: dataset.influences.map(build.influences),
    referrals: dataset.referrals.map(build.referrals),
    engagements: dataset.engagements.map(build.engagements),
    purchases: dataset.purchases.map(build.purchases),
  };
}

/** The counts importDataset returns for `dataset`: influences and referrals are both links. */
export function countDatasetRows(dataset: Dataset): StoreCounts {
  return {
    accounts: dataset.accounts.length,
    managers: dataset.managers.length,
    communities: dataset.communities.length,
    memberships: dataset.memberships.length,
    links: dataset.influences.length + dataset.referrals.length,
    engagements: dataset.engagements.length,
    purchases: dataset.purchases.length,
  };
}

/** Ids a dataset refers to, by the kind of row they must name. */
export interface DatasetReferences {
  accounts: string[];
  managers: string[];
  communities: string[];
}

/**
 * Ids the dataset refers to but does not define itself: the ones only the database can
 * supply. An adapter that looks references up in bulk asks about exactly these.
 */
export function referencesOutsideDataset(dataset: Dataset): DatasetReferences {
  const outside = (ids: string[], own: readonly { id: string }[]) => {
    const defined = new Set(own.map((row) => row.id));
    return ids.filter((id) => !defined.has(id));
  };
  return {
    accounts: outside(
      [
        ...dataset.memberships.map((m) => m.accountId),
        ...dataset.influences.flatMap((l) => [l.fromId, l.toId]),
        ...dataset.referrals.flatMap((l) => [l.fromId, l.toId]),
        ...dataset.engagements.map((e) => e.accountId),
        ...dataset.purchases.map((p) => p.accountId),
      ],
      dataset.accounts,
    ),
    managers: outside(
      [...dataset.accounts.flatMap((a) => (a.ownerId == null ? [] : [a.ownerId])), ...dataset.engagements.map((e) => e.managerId)],
      dataset.managers,
    ),
    communities: outside(
      dataset.memberships.map((m) => m.communityId),
      dataset.communities,
    ),
  };
}

/** Whether the database already holds a row of each kind; asked only for ids the dataset does not define. */
export interface DatabaseLookups {
  hasAccount(id: string): boolean;
  hasManager(id: string): boolean;
  hasCommunity(id: string): boolean;
}

/**
 * Throws NotFoundError for the first reference, in dataset order, that names neither a
 * row of the dataset nor one in the database: account owners, then memberships,
 * influences, referrals, engagements and purchases. The field names the row, e.g.
 * `memberships[3].communityId`.
 */
export function checkDatasetReferences(dataset: Dataset, database: DatabaseLookups): void {
  const accountIds = new Set(dataset.accounts.map((a) => a.id));
  const managerIds = new Set(dataset.managers.map((m) => m.id));
  const communityIds = new Set(dataset.communities.map((c) => c.id));
  const hasAccount = (id: string) => accountIds.has(id) || database.hasAccount(id);
  const hasManager = (id: string) => managerIds.has(id) || database.hasManager(id);
  const hasCommunity = (id: string) => communityIds.has(id) || database.hasCommunity(id);
  // The field name is built only for the failing row: built for every reference it was
  // most of this check's time (3.5M strings for the 1M links of the L bench dataset).
  const missing = (entity: string, id: string, field: string): never => {
    throw new NotFoundError(entity, id, field);
  };
  const { accounts, memberships, engagements, purchases } = dataset;
  for (let i = 0; i < accounts.length; i++) {
    const ownerId = accounts[i]!.ownerId;
    if (ownerId != null && !hasManager(ownerId)) missing("Manager", ownerId, `accounts[${i}].ownerId`);
  }
  for (let i = 0; i < memberships.length; i++) {
    const m = memberships[i]!;
    if (!hasAccount(m.accountId)) missing("Account", m.accountId, `memberships[${i}].accountId`);
    if (!hasCommunity(m.communityId)) missing("Community", m.communityId, `memberships[${i}].communityId`);
  }
  for (const [list, name] of [
    [dataset.influences, "influences"],
    [dataset.referrals, "referrals"],
  ] as const) {
    for (let i = 0; i < list.length; i++) {
      const l = list[i]!;
      if (!hasAccount(l.fromId)) missing("Account", l.fromId, `${name}[${i}].fromId`);
      if (!hasAccount(l.toId)) missing("Account", l.toId, `${name}[${i}].toId`);
    }
  }
  for (let i = 0; i < engagements.length; i++) {
    const e = engagements[i]!;
    if (!hasAccount(e.accountId)) missing("Account", e.accountId, `engagements[${i}].accountId`);
    if (!hasManager(e.managerId)) missing("Manager", e.managerId, `engagements[${i}].managerId`);
  }
  for (let i = 0; i < purchases.length; i++) {
    const p = purchases[i]!;
    if (!hasAccount(p.accountId)) missing("Account", p.accountId, `purchases[${i}].accountId`);
  }
}
