/**
 * One immutable version of the read model: everything this process answers reads from,
 * exactly as the store held it at feed sequence `seq` (services/read-model/read-model.ts).
 *
 * Held: accounts, managers, communities, links (by id, and per account in each direction),
 * memberships (per account and per community), API keys, and per account its engagements and
 * purchases dated on or after `activitySince` (what the strategy scores read). Full activity
 * histories stay in the store, read per request through a DataLoader (graph-reader.ts).
 *
 * Besides `seq` a view knows the sequence of the newest change to each part, so what is
 * derived from one part is kept while only others change: `graphSeq` (accounts, links and
 * memberships: the influence projection), `accountsSeq` (account pages' sort indexes,
 * which also read memberships for the community filter) and `activitySeq`. `derived` is
 * a slot for such derived values, carried to the next view while `accountsSeq` stays; a new
 * accounts version's slot starts empty but for the sort sequences it may patch from the
 * previous one's (next-accounts-slot.ts).
 */
import type { ApiKey } from "../../domain/api-keys.js";
import type { Account, AccountManager, Community, Engagement, IsoDate, Link, Membership, Purchase } from "../../domain/model.js";
import type { StoreState } from "../../ports/change-feed.js";
import { LayeredMap } from "./layered-map.js";

/** An account's recent activity, newest data only (see the file header). */
export interface AccountActivity {
  readonly engagements: readonly Engagement[];
  readonly purchases: readonly Purchase[];
}

export const NO_ACTIVITY: AccountActivity = Object.freeze({ engagements: Object.freeze([]), purchases: Object.freeze([]) });

/** Values computed from the accounts of a view, shared by views with the same `accountsSeq`. */
export class DerivedSlot {
  private readonly values = new Map<string, unknown>();

  /** `compute()` once per slot and key. */
  get<T>(key: string, compute: () => T): T {
    if (!this.values.has(key)) this.values.set(key, compute());
    return this.values.get(key) as T;
  }

  /** The value under `key` if it was computed, without computing it. */
  peek<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
}

export interface ReadViewParts {
  seq: number;
  graphSeq: number;
  accountsSeq: number;
  activitySeq: number;
  activitySince: IsoDate;
  accounts: LayeredMap<string, Account>;
  managers: LayeredMap<string, AccountManager>;
  communities: LayeredMap<string, Community>;
  links: LayeredMap<string, Link>;
  linksFrom: LayeredMap<string, readonly Link[]>;
  linksTo: LayeredMap<string, readonly Link[]>;
  membershipsByAccount: LayeredMap<string, readonly Membership[]>;
  membershipsByCommunity: LayeredMap<string, readonly Membership[]>;
  activity: LayeredMap<string, AccountActivity>;
  apiKeys: LayeredMap<string, ApiKey>;
  derived: DerivedSlot;
}

export class ReadView implements Readonly<ReadViewParts> {
  readonly seq!: number;
  readonly graphSeq!: number;
  readonly accountsSeq!: number;
  readonly activitySeq!: number;
  readonly activitySince!: IsoDate;
  readonly accounts!: LayeredMap<string, Account>;
  readonly managers!: LayeredMap<string, AccountManager>;
  readonly communities!: LayeredMap<string, Community>;
  readonly links!: LayeredMap<string, Link>;
  readonly linksFrom!: LayeredMap<string, readonly Link[]>;
  readonly linksTo!: LayeredMap<string, readonly Link[]>;
  readonly membershipsByAccount!: LayeredMap<string, readonly Membership[]>;
  readonly membershipsByCommunity!: LayeredMap<string, readonly Membership[]>;
  readonly activity!: LayeredMap<string, AccountActivity>;
  readonly apiKeys!: LayeredMap<string, ApiKey>;
  readonly derived!: DerivedSlot;

  constructor(parts: ReadViewParts) {
    Object.assign(this, parts);
    Object.freeze(this);
  }

  activityOf(accountId: string): AccountActivity {
    return this.activity.get(accountId) ?? NO_ACTIVITY;
  }
}

/**
 * Groups `rows` by `keyOf` into frozen lists, each trimmed to its length: an array grown by
 * push keeps room for 17 rows, which over a million accounts' few links each is ~100 bytes
 * of slack apiece.
 */
export function groupRows<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  for (const [key, list] of groups) groups.set(key, Object.freeze(list.slice()) as T[]);
  return groups as Map<string, readonly T[]>;
}

/** The view of a whole-state read (ports/change-feed.ts StoreState). Records are frozen: every request shares them. */
export function viewOfState(state: StoreState, activitySince: IsoDate): ReadView {
  const freezeAll = <T extends object>(rows: T[]): readonly T[] => {
    for (const row of rows) Object.freeze(row); // in place: no second array of a million rows
    return rows;
  };
  const accounts = freezeAll(state.accounts);
  const links = freezeAll(state.links);
  const memberships = freezeAll(state.memberships);
  const engagements = groupRows(freezeAll(state.engagements), (e) => e.accountId);
  const purchases = groupRows(freezeAll(state.purchases), (p) => p.accountId);
  const activity = new Map<string, AccountActivity>();
  for (const id of new Set([...engagements.keys(), ...purchases.keys()])) {
    activity.set(
      id,
      Object.freeze({ engagements: engagements.get(id) ?? NO_ACTIVITY.engagements, purchases: purchases.get(id) ?? NO_ACTIVITY.purchases }),
    );
  }
  return new ReadView({
    seq: state.seq,
    graphSeq: state.seq,
    accountsSeq: state.seq,
    activitySeq: state.seq,
    activitySince,
    accounts: LayeredMap.fromValues(accounts, (a) => a.id),
    managers: LayeredMap.fromValues(freezeAll(state.managers), (m) => m.id),
    communities: LayeredMap.fromValues(freezeAll(state.communities), (c) => c.id),
    links: LayeredMap.fromValues(links, (l) => l.id),
    linksFrom: LayeredMap.adopting(groupRows(links, (l) => l.fromId)),
    linksTo: LayeredMap.adopting(groupRows(links, (l) => l.toId)),
    membershipsByAccount: LayeredMap.adopting(groupRows(memberships, (m) => m.accountId)),
    membershipsByCommunity: LayeredMap.adopting(groupRows(memberships, (m) => m.communityId)),
    activity: LayeredMap.adopting(activity),
    apiKeys: LayeredMap.fromValues(freezeAll(state.apiKeys), (k) => k.id),
    derived: new DerivedSlot(),
  });
}
