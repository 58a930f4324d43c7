/**
 * Per-request reads. Accounts, managers, communities, links, memberships and account pages
 * come from the process's read model (read-model/read-model.ts): no store round trip, and
 * the newest view at each call, so a mutation's answer shows its own write (its service
 * settled the read model before answering). Full engagement and purchase histories are not
 * in the read model: they are read from the store through DataLoaders, so a page of 100
 * accounts asking for them costs one store query per relation, not 100; so do their paged
 * forms (activity-page-loader.ts).
 * Create one GraphReader per request: its DataLoader caches must not outlive the request.
 */
import DataLoader from "dataloader";
import { compareCodePoints } from "../domain/text-order.js";
import type { Account, AccountManager, Community, Engagement, Link, LinkType, Membership, Purchase } from "../domain/model.js";
import type { AccountGraphStore, AccountPageQuery, ActivityPage, Page } from "../ports/account-graph-store.js";
import { ActivityPageLoader, type ActivityPageShape } from "./activity-page-loader.js";
import { accountPageOf, portPageRequest, type AccountPage, type AccountPageRequest } from "./read-model/account-pages.js";
import type { ReadModel } from "./read-model/read-model.js";
import { groupRows, type ReadView } from "./read-model/read-view.js";

export type LinkDirection = "OUT" | "IN";

export type StoredEntity =
  | { type: "Account"; value: Account }
  | { type: "AccountManager"; value: AccountManager }
  | { type: "Community"; value: Community }
  | { type: "Link"; value: Link };

const NONE: readonly never[] = Object.freeze([]);

/** An account as it was just before this request deleted it, with what went with it. */
interface DeletedAccount {
  account: Account;
  linksFrom: readonly Link[];
  linksTo: readonly Link[];
  memberships: readonly Membership[];
}

export class GraphReader {
  private readonly engagementsByAccount: DataLoader<string, Engagement[]>;
  private readonly purchasesByAccount: DataLoader<string, Purchase[]>;
  /** Accounts this request is deleting: `deleteAccount` answers with them as they were. */
  private readonly deleted = new Map<string, DeletedAccount>();
  private readonly engagementPages: ActivityPageLoader<Engagement>;
  private readonly purchasePages: ActivityPageLoader<Purchase>;

  constructor(
    store: AccountGraphStore,
    private readonly model: ReadModel,
  ) {
    this.engagementsByAccount = new DataLoader(async (ids) => groupBy(ids, newestFirst(await store.engagementsOfAccounts(ids)), (e) => e.accountId));
    this.purchasesByAccount = new DataLoader(async (ids) => groupBy(ids, newestFirst(await store.purchasesOfAccounts(ids)), (p) => p.accountId));
    this.engagementPages = new ActivityPageLoader((query) => store.engagementPages(query));
    this.purchasePages = new ActivityPageLoader((query) => store.purchasePages(query));
  }

  /** The newest view (waits for the first load of a starting server). */
  view(): Promise<ReadView> {
    return this.model.ready();
  }

  /** The graph version of the newest view (undefined before the first load). */
  graphSeq(): number | undefined {
    try {
      return this.model.current.graphSeq;
    } catch {
      return undefined;
    }
  }

  async account(id: string): Promise<Account | null> {
    return (await this.view()).accounts.get(id) ?? this.deleted.get(id)?.account ?? null;
  }

  /**
   * Keeps account `id` as it is now, with its links, memberships and activity, for the rest
   * of this request: `deleteAccount` returns the account as it was, nested fields included,
   * although the newest view no longer holds it. The activity is read before the delete;
   * a write landing between that read and the delete is deleted but not shown.
   */
  async keepAsItWas(id: string): Promise<void> {
    const view = await this.view();
    const account = view.accounts.get(id);
    if (!account) return;
    this.deleted.set(id, {
      account,
      linksFrom: view.linksFrom.get(id) ?? NONE,
      linksTo: view.linksTo.get(id) ?? NONE,
      memberships: view.membershipsByAccount.get(id) ?? NONE,
    });
    await Promise.all([this.engagementsOfAccount(id), this.purchasesOfAccount(id)]);
  }

  /** The delete did not happen: read `id` from the view again. */
  forgetAsItWas(id: string): void {
    this.deleted.delete(id);
  }
  async manager(id: string): Promise<AccountManager | null> {
    return (await this.view()).managers.get(id) ?? null;
  }
  async community(id: string): Promise<Community | null> {
    return (await this.view()).communities.get(id) ?? null;
  }
  async managers(): Promise<AccountManager[]> {
    return sortedByNameAndId((await this.view()).managers.values());
  }
  async communities(): Promise<Community[]> {
    return sortedByNameAndId((await this.view()).communities.values());
  }
  async link(id: string): Promise<Link | null> {
    return (await this.view()).links.get(id) ?? null;
  }
  /** The stored account, manager, community or link with this id (stored ids are unique across them), or null. */
  async entity(id: string): Promise<StoredEntity | null> {
    const view = await this.view();
    const account = view.accounts.get(id);
    if (account) return { type: "Account", value: account };
    const manager = view.managers.get(id);
    if (manager) return { type: "AccountManager", value: manager };
    const community = view.communities.get(id);
    if (community) return { type: "Community", value: community };
    const link = view.links.get(id);
    return link ? { type: "Link", value: link } : null;
  }
  async membershipsOfAccount(id: string): Promise<readonly Membership[]> {
    const held = (await this.view()).membershipsByAccount.get(id) ?? this.deleted.get(id)?.memberships ?? NONE;
    return [...held].sort((a, b) => compare(a.communityId, b.communityId));
  }
  async membershipsOfCommunity(id: string): Promise<readonly Membership[]> {
    return [...((await this.view()).membershipsByCommunity.get(id) ?? NONE)].sort((a, b) => compare(a.accountId, b.accountId));
  }
  engagementsOfAccount(id: string): Promise<Engagement[]> {
    return this.engagementsByAccount.load(id);
  }
  purchasesOfAccount(id: string): Promise<Purchase[]> {
    return this.purchasesByAccount.load(id);
  }
  /** One page of an account's engagements, newest first (date desc, id desc), batched per request. */
  engagementPage(accountId: string, shape: ActivityPageShape): Promise<ActivityPage<Engagement>> {
    return this.engagementPages.load(accountId, shape);
  }
  /** One page of an account's purchases, newest first (date desc, id desc), batched per request. */
  purchasePage(accountId: string, shape: ActivityPageShape): Promise<ActivityPage<Purchase>> {
    return this.purchasePages.load(accountId, shape);
  }

  /** An account's links in one direction, optionally of some types; ordered as the stores order them. */
  async linksOf(accountId: string, direction: LinkDirection, types?: readonly LinkType[]): Promise<readonly Link[]> {
    const view = await this.view();
    const gone = this.deleted.get(accountId);
    const all =
      (direction === "OUT" ? view.linksFrom : view.linksTo).get(accountId) ?? (direction === "OUT" ? gone?.linksFrom : gone?.linksTo) ?? NONE;
    const wanted = types && types.length > 0 ? new Set(types) : null;
    const other = (l: Link) => (direction === "OUT" ? l.toId : l.fromId);
    return all.filter((l) => !wanted || wanted.has(l.type)).sort((a, b) => compare(a.type, b.type) || compare(other(a), other(b)));
  }

  /** One page of accounts, with AccountGraphStore.listAccounts semantics (read-model/account-pages.ts). */
  async accountPage(query: AccountPageQuery): Promise<Page<Account>> {
    return accountPageOf(await this.view(), portPageRequest(query)) as Page<Account>;
  }

  /** One page of accounts with the read model's own filters and orders (read-model/account-pages.ts). */
  async accountPageOf(request: AccountPageRequest): Promise<AccountPage> {
    return accountPageOf(await this.view(), request);
  }
}

/** Code-point order, as the stores sort text. */
const compare = compareCodePoints;

/** Lists of managers and communities, as the stores list them: by name, then id. */
function sortedByNameAndId<T extends { name: string; id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
}

function groupBy<T>(ids: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = groupRows(rows, keyOf);
  return ids.map((id) => [...(groups.get(id) ?? [])]);
}

/** Activity lists read newest first; ties keep a stable order by id. */
function newestFirst<T extends { date: string; id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : a.date < b.date ? 1 : -1));
}
