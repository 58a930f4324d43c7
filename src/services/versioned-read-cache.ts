/**
 * Process-wide caches of what only graph writes change, each valid for one store graph
 * version: accounts, managers and communities by id, link lists by (account, direction,
 * types), membership lists by account and by community, and account pages by query.
 * Every write to accounts, managers, communities, memberships or links increments
 * `graphVersion()` (ports/account-graph-store.ts), so an entry read at version V is exact
 * for as long as the store still says V — from any process, since the version lives in
 * the store.
 *
 * Why: under `npm run load` (M dataset) loading the accounts at the far end of a page's
 * links and the link lists themselves were the largest store costs per request — on
 * SQLite a third of the API's CPU, on Neo4j a Bolt round trip each. Most requests ask
 * for accounts that other requests read a moment before.
 *
 * Protocol (GraphReader): probe the version, look up, load the misses from the store,
 * remember them under the probed version. The probe precedes the read, so data stored
 * under V is at least as new as V; a write landing in between only makes it newer. A
 * probe that differs from the cache's version empties the cache and adopts it, so two
 * versions never mix; requests still holding the other version just miss.
 * Writes through this process are also visible at once: the next batch's probe sees the
 * new version. Memory is bounded by `maxEntries` per cache (emptied when full: the
 * working set refills it in a few requests, and no LRU bookkeeping runs per hit).
 */
import type { Account, AccountManager, Community, Link, Membership } from "../domain/model.js";
import type { Page } from "../ports/account-graph-store.js";

export const READ_CACHE_DEFAULTS = Object.freeze({
  /** The M dataset's 20,000 accounts fit twice over. */
  maxAccounts: 50_000,
  /** Link lists: one per (account, direction, type filter) asked for. */
  maxLinkLists: 50_000,
  maxManagers: 10_000,
  maxCommunities: 10_000,
  /** Membership lists, by account and by community. */
  maxMembershipLists: 50_000,
  /** Account pages (filter, order, cursor, size): at most 100 accounts each, so a few tens of MB at worst. */
  maxAccountPages: 500,
});

export class VersionedCache<V> {
  private version: number | null = null;
  private entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value stored for `key` at exactly `version`. */
  get(version: number, key: string): V | undefined {
    return version === this.version ? this.entries.get(key) : undefined;
  }

  /** Remembers `value`, read after the store reported `version`. */
  set(version: number, key: string, value: V): void {
    if (version !== this.version || this.entries.size >= this.maxEntries) {
      this.entries = new Map();
      this.version = version;
    }
    this.entries.set(key, value);
  }
}

export interface ReadCaches {
  accounts: VersionedCache<Account>;
  managers: VersionedCache<AccountManager>;
  communities: VersionedCache<Community>;
  linkLists: VersionedCache<readonly Link[]>;
  membershipsByAccount: VersionedCache<readonly Membership[]>;
  membershipsByCommunity: VersionedCache<readonly Membership[]>;
  accountPages: VersionedCache<Page<Account>>;
}

export function createReadCaches(options: Partial<typeof READ_CACHE_DEFAULTS> = {}): ReadCaches {
  const settings = { ...READ_CACHE_DEFAULTS, ...options };
  return {
    accounts: new VersionedCache(settings.maxAccounts),
    managers: new VersionedCache(settings.maxManagers),
    communities: new VersionedCache(settings.maxCommunities),
    linkLists: new VersionedCache(settings.maxLinkLists),
    membershipsByAccount: new VersionedCache(settings.maxMembershipLists),
    membershipsByCommunity: new VersionedCache(settings.maxMembershipLists),
    accountPages: new VersionedCache(settings.maxAccountPages),
  };
}

/**
 * `keys` answered from `cache` where it holds them at the store's current version, the
 * rest from `load` (which returns one value or null per key it is given, in order).
 * Nulls (no such account) are not cached: they are rare and a create must not miss.
 */
export async function readThrough<V>(
  cache: VersionedCache<V>,
  version: () => Promise<number>,
  keys: readonly string[],
  load: (missing: string[]) => Promise<readonly (V | null)[]>,
): Promise<(V | null)[]> {
  const at = await version();
  const values: (V | null)[] = new Array(keys.length);
  const missing: string[] = [];
  const missingAt: number[] = [];
  keys.forEach((key, i) => {
    const hit = cache.get(at, key);
    if (hit !== undefined) values[i] = hit;
    else {
      missing.push(key);
      missingAt.push(i);
    }
  });
  if (missing.length === 0) return values;
  const loaded = await load(missing);
  missingAt.forEach((index, j) => {
    const value = loaded[j] ?? null;
    values[index] = value;
    // Frozen: the same object now serves every request, so a caller mutating it would be a bug (strict mode throws).
    if (value !== null) cache.set(at, missing[j]!, Object.freeze(value));
  });
  return values;
}
