/**
 * Waits for a promise at most `ms` milliseconds. On time-out the promise keeps running
 * (a recompute others will use) but its eventual rejection is marked handled, so a
 * failure nobody waits for any more cannot crash the process as an unhandled rejection.
 */
export type Bounded<T> = { done: true; value: T } | { done: false };

export function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<Bounded<T>> {
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), Math.max(0, ms));
    timer.unref();
  });
  return Promise.race([promise.then((value): Bounded<T> => ({ done: true, value })), timeout]).finally(() => clearTimeout(timer));
}
