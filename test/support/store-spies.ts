/**
 * Wrappers around a real store for tests: count the calls that reach it, or make
 * chosen methods fail, without touching the adapter.
 */
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";

type Method = keyof AccountGraphStore;

/**
 * The read model's own background reads of the change feed (services/read-model): they run on
 * a timer whatever requests do, so a test asking "did this request reach the store?" leaves
 * them out unless it asks for them.
 */
export const FEED_POLLING: ReadonlySet<string> = new Set(["changesSince", "feedHead", "compactFeed"]);

/** Counts calls per store method (the feed polling left out unless `countFeedPolling`); `total()` sums them. */
export function spyOnStore(store: AccountGraphStore, options: { countFeedPolling?: boolean } = {}) {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || typeof key !== "string") return value;
      if (FEED_POLLING.has(key) && !options.countFeedPolling) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store: proxy,
    calls,
    total: () => [...calls.values()].reduce((sum, n) => sum + n, 0),
    reset: () => calls.clear(),
  };
}

/** While `failures` holds an entry for a method, calling it throws what the entry makes. */
export function faultyStore(store: AccountGraphStore) {
  const failures = new Map<Method, () => unknown>();
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const fail = failures.get(key as Method);
        if (fail) return Promise.reject(fail());
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, failures };
}
