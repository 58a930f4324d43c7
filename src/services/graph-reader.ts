/**
 * Per-request batched reads. Every nested field of a page (owners, links,
 * memberships, activity) goes through a DataLoader here, so a page of 100 accounts
 * with owners and links costs one store round-trip per relation, not 100+.
 * Create one GraphReader per request: its DataLoader caches must not outlive the request.
 * Accounts, managers, communities, link and membership lists and account pages are also
 * shared between requests through `ReadCaches`, exact per graph version
 * (versioned-read-cache.ts): each batch first asks for the version (one read shared by
 * concurrent requests, version-probe.ts), which costs far less than the rows it saves.
 */
import DataLoader from "dataloader";
import type {
  Account,
  AccountManager,
  Community,
  Engagement,
  Link,
  LinkType,
  Membership,
  Purchase,
} from "../domain/model.js";
import type { AccountGraphStore, AccountPageQuery, Page } from "../ports/account-graph-store.js";
import type { VersionProbe } from "./version-probe.js";
import { readThrough, type ReadCaches, type VersionedCache } from "./versioned-read-cache.js";

export type LinkDirection = "OUT" | "IN";

/** What GraphReaders of one process share: see versioned-read-cache.ts and version-probe.ts. */
export interface SharedReads {
  caches: ReadCaches;
  probe: VersionProbe;
}

interface LinkKey {
  accountId: string;
  direction: LinkDirection;
  types: readonly LinkType[] | undefined;
}

export class GraphReader {
  private readonly accounts: DataLoader<string, Account | null>;
  private readonly managers: DataLoader<string, AccountManager | null>;
  private readonly communities: DataLoader<string, Community | null>;
  private readonly membershipsByAccount: DataLoader<string, Membership[]>;
  private readonly membershipsByCommunity: DataLoader<string, Membership[]>;
  private readonly engagementsByAccount: DataLoader<string, Engagement[]>;
  private readonly purchasesByAccount: DataLoader<string, Purchase[]>;
  private readonly links: DataLoader<LinkKey, Link[], string>;
  /** The store's graph version as this request may read it: shared with concurrent requests where that is exact. */
  readonly graphVersion: () => Promise<number>;

  /**
   * `shared`: the process's version-exact caches and its version probe; without them every
   * batch reads the store. The reader is made when its request arrives, so version reads
   * issued from now on may be shared (version-probe.ts).
   */
  constructor(
    private readonly store: AccountGraphStore,
    private readonly shared: SharedReads | null = null,
  ) {
    const arrivedAt = performance.now();
    this.graphVersion = shared ? () => shared.probe.read(arrivedAt) : () => store.graphVersion();
    const version = this.graphVersion;
    /** `load`, answered first from the shared cache `pick` selects when there is one. */
    const through =
      <V>(pick: (caches: ReadCaches) => VersionedCache<V>, load: (ids: readonly string[]) => Promise<readonly (V | null)[]>) =>
      (ids: readonly string[]) =>
        shared ? readThrough(pick(shared.caches), version, ids, load) : load(ids);
    this.accounts = new DataLoader(through((c) => c.accounts, (ids) => store.getAccounts(ids)));
    this.managers = new DataLoader(through((c) => c.managers, (ids) => store.getManagers(ids)));
    this.communities = new DataLoader(through((c) => c.communities, (ids) => store.getCommunities(ids)));
    // An empty list is an answer, cached like any other; readThrough only types it as nullable.
    this.membershipsByAccount = new DataLoader(
      through(
        (c) => c.membershipsByAccount,
        async (ids) => groupBy(ids, await store.membershipsOfAccounts(ids), (m) => m.accountId),
      ) as (ids: readonly string[]) => Promise<Membership[][]>,
    );
    this.membershipsByCommunity = new DataLoader(
      through(
        (c) => c.membershipsByCommunity,
        async (ids) => groupBy(ids, await store.membershipsOfCommunities(ids), (m) => m.communityId),
      ) as (ids: readonly string[]) => Promise<Membership[][]>,
    );
    this.engagementsByAccount = new DataLoader(async (ids) =>
      groupBy(ids, newestFirst(await store.engagementsOfAccounts(ids)), (e) => e.accountId),
    );
    this.purchasesByAccount = new DataLoader(async (ids) =>
      groupBy(ids, newestFirst(await store.purchasesOfAccounts(ids)), (p) => p.accountId),
    );
    this.links = new DataLoader(
      (keys) => {
        if (!shared) return this.loadLinks(keys);
        const byString = new Map(keys.map((key) => [linkKeyString(key), key]));
        const strings = [...byString.keys()];
        return readThrough(shared.caches.linkLists, version, strings, (missing) => this.loadLinks(missing.map((k) => byString.get(k)!))).then(
          (lists) => {
            const byKey = new Map(strings.map((k, i) => [k, lists[i] ?? []]));
            return keys.map((key) => byKey.get(linkKeyString(key)) as Link[]);
          },
        );
      },
      { cacheKeyFn: linkKeyString },
    );
  }

  account(id: string): Promise<Account | null> {
    return this.accounts.load(id);
  }
  manager(id: string): Promise<AccountManager | null> {
    return this.managers.load(id);
  }
  community(id: string): Promise<Community | null> {
    return this.communities.load(id);
  }
  membershipsOfAccount(id: string): Promise<Membership[]> {
    return this.membershipsByAccount.load(id);
  }
  membershipsOfCommunity(id: string): Promise<Membership[]> {
    return this.membershipsByCommunity.load(id);
  }
  engagementsOfAccount(id: string): Promise<Engagement[]> {
    return this.engagementsByAccount.load(id);
  }
  purchasesOfAccount(id: string): Promise<Purchase[]> {
    return this.purchasesByAccount.load(id);
  }
  linksOf(accountId: string, direction: LinkDirection, types?: readonly LinkType[]): Promise<Link[]> {
    return this.links.load({ accountId, direction, types: types && types.length > 0 ? [...types].sort() : undefined });
  }

  /**
   * One page of accounts (AccountGraphStore.listAccounts), shared between requests per
   * graph version: the same query at the same version is the same page, cursors included.
   */
  async accountPage(query: AccountPageQuery): Promise<Page<Account>> {
    if (!this.shared) return this.store.listAccounts(query);
    const key = JSON.stringify(query);
    const [page] = await readThrough(this.shared.caches.accountPages, this.graphVersion, [key], async () => [
      await this.store.listAccounts(query),
    ]);
    return page!;
  }

  /** Primes the account cache with rows a page query already fetched. */
  prime(accounts: readonly Account[]): void {
    for (const account of accounts) this.accounts.prime(account.id, account);
  }

  /** One store query per distinct (direction, types) combination in the batch. */
  private async loadLinks(keys: readonly LinkKey[]): Promise<Link[][]> {
    const groups = new Map<string, LinkKey[]>();
    for (const key of keys) {
      const group = `${key.direction}|${key.types?.join(",") ?? "*"}`;
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    const results = new Map<string, Link[]>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const { direction, types } = group[0]!;
        const ids = group.map((k) => k.accountId);
        const links = await this.store.linksOfAccounts({ accountIds: ids, direction, ...(types ? { types: [...types] } : {}) });
        const byAccount = groupBy(ids, links, (l) => (direction === "OUT" ? l.fromId : l.toId));
        group.forEach((key, i) => results.set(linkKeyString(key), byAccount[i]!));
      }),
    );
    return keys.map((key) => results.get(linkKeyString(key)) ?? []);
  }
}

function linkKeyString(key: LinkKey): string {
  return `${key.direction}|${key.types?.join(",") ?? "*"}|${key.accountId}`;
}

function groupBy<T>(ids: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const byKey = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return ids.map((id) => byKey.get(id) ?? []);
}

/** Activity lists read newest first; ties keep a stable order by id. */
function newestFirst<T extends { date: string; id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : a.date < b.date ? 1 : -1));
}
