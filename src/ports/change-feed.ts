/**
 * The change feed every AccountGraphStore keeps: the one answer to "what changed?".
 *
 * Every write transaction that changes anything appends, in that same transaction, ONE
 * change with the next sequence number (1, 2, 3… with no gaps and no duplicates, in
 * commit order) listing what it did to which records. A write that changes nothing (an
 * update to the values already stored) commits nothing and appends nothing. Each process
 * loads its read model (services/read-model) at a sequence and then applies the changes
 * after it, so nothing else needs to ask the store whether something moved.
 *
 * Entries carry whole records: the record as stored after a PUT, as it was before a
 * DELETE. Applying an entry is therefore idempotent (a PUT replaces, a DELETE of an absent
 * record does nothing), which lets a reader replay changes over a state read while they
 * were being written (store adapters use that for consistent loads on Neo4j).
 * Deleting an account also removes its links, memberships, engagements and purchases: the
 * change lists the account, every link and every membership it took along; its engagements
 * and purchases go with the account (a reader drops the account's activity), so a deletion
 * stays one small change however long its history.
 *
 * A bulk import appends one RESET change per import transaction: a reader reloads.
 * Old changes are compacted away (compactFeed); a reader that asks for changes older than
 * the compaction point is told so (`compacted`) and reloads.
 */
import type { ApiKey } from "../domain/api-keys.js";
import type { Account, AccountManager, Community, Engagement, IsoDateTime, Link, Membership, Purchase } from "../domain/model.js";

/** The record each kind of entry carries. */
export interface ChangeRecords {
  ACCOUNT: Account;
  MANAGER: AccountManager;
  COMMUNITY: Community;
  MEMBERSHIP: Membership;
  LINK: Link;
  ENGAGEMENT: Engagement;
  PURCHASE: Purchase;
  API_KEY: ApiKey;
}

export type ChangeKind = keyof ChangeRecords;

/** One record written (PUT: as stored now) or removed (DELETE: as it was). */
export type RecordEntry = {
  [K in ChangeKind]: { kind: K; op: "PUT" | "DELETE"; record: ChangeRecords[K] };
}[ChangeKind];

/** A bulk import replaced data wholesale: readers reload instead of applying entries. */
export interface ResetEntry {
  kind: "DATASET";
  op: "RESET";
}

export type ChangeEntry = RecordEntry | ResetEntry;

export interface Change {
  /** Strictly increasing, gap-free, in commit order. */
  seq: number;
  /** When the store committed it (store clock). */
  at: IsoDateTime;
  entries: readonly ChangeEntry[];
}

/** What a write returns: its result and the change it committed (null when it changed nothing). */
export interface Committed<T> {
  value: T;
  change: Change | null;
}

/** A run of changes after a sequence number. */
export interface FeedPage {
  /** In sequence order, all of them > the `after` asked for, at most `limit`. */
  changes: Change[];
  /** The newest sequence number committed when the page was read. */
  head: number;
  /**
   * True when changes right after `after` were compacted away: the caller cannot catch up
   * from there and must load the whole state again. `changes` is then empty.
   */
  compacted: boolean;
}

/** The change feed part of the store port (ports/account-graph-store.ts). */
export interface ChangeFeed {
  /** The newest committed sequence number (0 for a store nobody wrote to since the feed began). */
  feedHead(): Promise<number>;
  /** Up to `limit` changes with seq > `after`, in order. */
  changesSince(after: number, limit: number): Promise<FeedPage>;
  /**
   * Drops changes older than the newest `keep`; readers further behind reload. Any process
   * may call it. Returns the sequence number compacted through (inclusive).
   */
  compactFeed(keep: number): Promise<number>;
}

/** The whole state a read model holds, consistent at `seq` (every change <= seq is in it, none after). */
export interface StoreState {
  seq: number;
  accounts: Account[];
  managers: AccountManager[];
  communities: Community[];
  memberships: Membership[];
  links: Link[];
  /** Engagements dated on or after the `activitySince` asked for. */
  engagements: Engagement[];
  /** Purchases dated on or after the `activitySince` asked for. */
  purchases: Purchase[];
  apiKeys: ApiKey[];
}

/** The record a one-entry change (a create, update or delete of one record) was about. */
export function recordOf<K extends ChangeKind>(change: Change, kind: K): ChangeRecords[K] {
  const entry = change.entries.find((e): e is RecordEntry => e.kind === kind);
  if (!entry) throw new Error(`ports/change-feed: change ${change.seq} has no ${kind} entry`);
  return entry.record as ChangeRecords[K];
}
