/**
 * Applies feed changes (ports/change-feed.ts) to a read view, giving the next view and what
 * it means downstream: the influence projection's patches, the accounts whose facts changed,
 * whether API keys changed. Pure: the old view is untouched (layered-map.ts).
 *
 * Entries are idempotent by construction (whole records; PUT replaces, DELETE of an absent
 * record does nothing), so replaying a change already reflected in the view changes nothing
 * and yields no patch. Patches describe only real differences, in an order the projection
 * accepts: an account's deletion removes its links and memberships first (the store's change
 * lists them too; by then they are gone and add nothing), a changed link is removed and added
 * again, and an account update that leaves its graph node (domain/graph.ts) as it was is no
 * patch at all, so an edit of, say, `lastContact` costs the analytics nothing. An engagement
 * or purchase PUT replaces the one with its id (an edit); one dated before the view's
 * activity window is not held, and an edit that moves one there removes it.
 * A RESET entry (bulk import) stops the batch: the caller reloads the whole state.
 */
import type { GraphPatch } from "../../analytics/projection.js";
import type { GraphNode } from "../../domain/graph.js";
import type { Account, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import type { Change, RecordEntry } from "../../ports/change-feed.js";
import { nextAccountsSlot } from "./next-accounts-slot.js";
import { toGraphEdge, toGraphNode } from "./graph-slices.js";
import type { LayeredMap } from "./layered-map.js";
import { NO_ACTIVITY, ReadView, type AccountActivity } from "./read-view.js";

export interface AppliedChanges {
  view: ReadView;
  /** For the influence projection, in order. */
  patches: GraphPatch[];
  /** Accounts whose record, links, memberships or activity changed (strategy facts). */
  touchedAccounts: ReadonlySet<string>;
  apiKeysChanged: boolean;
  /** A RESET entry was met: `view` holds the changes before it; reload the whole state. */
  reset: boolean;
}

/** Pending writes over one LayeredMap: reads see them, `commit` makes the next map. */
class Staged<V> {
  private readonly pending = new Map<string, V | undefined>();
  constructor(private readonly source: LayeredMap<string, V>) {}

  get(key: string): V | undefined {
    return this.pending.has(key) ? this.pending.get(key) : this.source.get(key);
  }
  set(key: string, value: V | undefined): void {
    this.pending.set(key, value);
  }
  get changed(): boolean {
    return this.pending.size > 0;
  }
  commit(): LayeredMap<string, V> {
    return this.pending.size === 0 ? this.source : this.source.with(this.pending);
  }
}

/** `list` with the item of the same key replaced (or appended, or removed when `item` is undefined). */
function replaceIn<T>(list: readonly T[] | undefined, same: (item: T) => boolean, item: T | undefined): readonly T[] | undefined {
  const kept = (list ?? []).filter((x) => !same(x));
  if (item !== undefined) kept.push(item);
  return kept.length > 0 ? Object.freeze(kept) : undefined;
}

/** Same values in every field (records are flat). */
function sameRecord<T extends object>(a: T, b: T): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => Object.is(x[key], y[key]));
}

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return sameRecord(a, b);
}

export function applyChanges(view: ReadView, changes: readonly Change[]): AppliedChanges {
  const s = {
    accounts: new Staged(view.accounts),
    managers: new Staged(view.managers),
    communities: new Staged(view.communities),
    links: new Staged(view.links),
    linksFrom: new Staged(view.linksFrom),
    linksTo: new Staged(view.linksTo),
    byAccount: new Staged(view.membershipsByAccount),
    byCommunity: new Staged(view.membershipsByCommunity),
    activity: new Staged(view.activity),
    apiKeys: new Staged(view.apiKeys),
  };
  const patches: GraphPatch[] = [];
  const touched = new Set<string>();
  /** Accounts put or deleted: what the next version's sort sequences are patched for (account-order.ts). */
  const accountsWritten = new Set<string>();
  let seq = view.seq;
  let { graphSeq, accountsSeq, activitySeq } = view;
  let reset = false;

  const putLink = (link: Link | undefined, id: string): void => {
    const before = s.links.get(id);
    if (before && link && sameRecord(before, link)) return; // a replay: already so
    const ends = before ?? link!;
    if (before) {
      s.linksFrom.set(
        before.fromId,
        replaceIn(s.linksFrom.get(before.fromId), (l) => l.id === id, undefined),
      );
      s.linksTo.set(
        before.toId,
        replaceIn(s.linksTo.get(before.toId), (l) => l.id === id, undefined),
      );
      patches.push({ op: "REMOVE_EDGE", id });
    }
    s.links.set(id, link);
    if (link) {
      s.linksFrom.set(
        link.fromId,
        replaceIn(s.linksFrom.get(link.fromId), (l) => l.id === id, link),
      );
      s.linksTo.set(
        link.toId,
        replaceIn(s.linksTo.get(link.toId), (l) => l.id === id, link),
      );
      patches.push({ op: "ADD_EDGE", edge: toGraphEdge(link) });
      touched.add(link.fromId).add(link.toId);
    }
    touched.add(ends.fromId).add(ends.toId);
  };

  const putMembership = (membership: Membership, present: boolean): void => {
    const same = (m: Membership) => m.accountId === membership.accountId && m.communityId === membership.communityId;
    const before = (s.byAccount.get(membership.accountId) ?? []).find(same);
    if (before && present && sameRecord(before, membership)) return; // a replay: already so
    if (before) patches.push({ op: "REMOVE_MEMBERSHIP", accountId: before.accountId, communityId: before.communityId });
    s.byAccount.set(membership.accountId, replaceIn(s.byAccount.get(membership.accountId), same, present ? membership : undefined));
    s.byCommunity.set(membership.communityId, replaceIn(s.byCommunity.get(membership.communityId), same, present ? membership : undefined));
    if (present) patches.push({ op: "ADD_MEMBERSHIP", membership });
    touched.add(membership.accountId);
  };

  const putActivity = (accountId: string, update: (activity: AccountActivity) => AccountActivity): void => {
    const next = update(s.activity.get(accountId) ?? NO_ACTIVITY);
    s.activity.set(accountId, next.engagements.length + next.purchases.length > 0 ? Object.freeze(next) : undefined);
    touched.add(accountId);
  };

  const applyEntry = (entry: RecordEntry): void => {
    const put = entry.op === "PUT";
    switch (entry.kind) {
      case "ACCOUNT": {
        const account = Object.freeze(entry.record) as Account;
        const before = s.accounts.get(account.id);
        if (put) {
          s.accounts.set(account.id, account);
          if (!before || !sameNode(toGraphNode(before), toGraphNode(account))) patches.push({ op: "UPSERT_NODE", node: toGraphNode(account) });
        } else if (before) {
          for (const link of [...(s.linksFrom.get(account.id) ?? []), ...(s.linksTo.get(account.id) ?? [])]) putLink(undefined, link.id);
          for (const membership of s.byAccount.get(account.id) ?? []) putMembership(membership, false);
          s.accounts.set(account.id, undefined);
          s.activity.set(account.id, undefined);
          patches.push({ op: "REMOVE_NODE", id: account.id });
        }
        touched.add(account.id);
        accountsWritten.add(account.id);
        return;
      }
      case "MANAGER":
        s.managers.set(entry.record.id, put ? Object.freeze(entry.record) : undefined);
        return;
      case "COMMUNITY":
        s.communities.set(entry.record.id, put ? Object.freeze(entry.record) : undefined);
        return;
      case "API_KEY":
        s.apiKeys.set(entry.record.id, put ? Object.freeze(entry.record) : undefined);
        return;
      case "MEMBERSHIP": {
        const m = entry.record;
        const present = (s.byAccount.get(m.accountId) ?? []).some((x) => x.communityId === m.communityId);
        if (put || present) putMembership(Object.freeze(m), put);
        return;
      }
      case "LINK":
        if (put || s.links.get(entry.record.id)) putLink(put ? (Object.freeze(entry.record) as Link) : undefined, entry.record.id);
        return;
      case "ENGAGEMENT": {
        const e = Object.freeze(entry.record) as Engagement;
        if (!s.accounts.get(e.accountId)) return;
        // An edit may move it before the window: then it leaves the view like a deletion.
        const kept = put && e.date >= view.activitySince ? e : undefined;
        if (!kept && !s.activity.get(e.accountId)?.engagements.some((x) => x.id === e.id)) return;
        putActivity(e.accountId, (a) => ({ purchases: a.purchases, engagements: replaceIn(a.engagements, (x) => x.id === e.id, kept) ?? [] }));
        return;
      }
      case "PURCHASE": {
        const p = Object.freeze(entry.record) as Purchase;
        if (!s.accounts.get(p.accountId)) return;
        const kept = put && p.date >= view.activitySince ? p : undefined;
        if (!kept && !s.activity.get(p.accountId)?.purchases.some((x) => x.id === p.id)) return;
        putActivity(p.accountId, (a) => ({ engagements: a.engagements, purchases: replaceIn(a.purchases, (x) => x.id === p.id, kept) ?? [] }));
        return;
      }
    }
  };

  for (const change of changes) {
    if (change.seq <= seq) continue; // already applied
    if (change.entries.some((e) => e.kind === "DATASET")) {
      reset = true;
      break;
    }
    const patchesBefore = patches.length;
    for (const entry of change.entries) applyEntry(entry as RecordEntry);
    seq = change.seq;
    if (patches.length > patchesBefore) graphSeq = seq;
    if (change.entries.some((e) => e.kind === "ACCOUNT" || e.kind === "MEMBERSHIP")) accountsSeq = seq;
    if (change.entries.some((e) => e.kind === "ENGAGEMENT" || e.kind === "PURCHASE" || e.kind === "ACCOUNT")) activitySeq = seq;
  }

  const next = new ReadView({
    seq,
    graphSeq,
    accountsSeq,
    activitySeq,
    activitySince: view.activitySince,
    accounts: s.accounts.commit(),
    managers: s.managers.commit(),
    communities: s.communities.commit(),
    links: s.links.commit(),
    linksFrom: s.linksFrom.commit(),
    linksTo: s.linksTo.commit(),
    membershipsByAccount: s.byAccount.commit(),
    membershipsByCommunity: s.byCommunity.commit(),
    activity: s.activity.commit(),
    apiKeys: s.apiKeys.commit(),
    derived: accountsSeq === view.accountsSeq ? view.derived : nextAccountsSlot(view, accountsWritten),
  });
  return { view: next, patches, touchedAccounts: touched, apiKeysChanged: s.apiKeys.changed, reset };
}
