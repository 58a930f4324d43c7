/**
 * A client-side time limit for the few store reads that many requests wait on at once
 * (the shared graph version read, the strategy counts read while activity writes are
 * held). Neo4j's transaction timeout is enforced by the server, so a connection that goes
 * silent could keep them waiting for TCP's retransmissions (minutes); with the limit they
 * fail with STORE_UNAVAILABLE and the next caller tries again.
 */
import { StoreUnavailableError } from "../domain/errors.js";

export const SHARED_READ_TIMEOUT_MS = 10_000;

/** `work`, or StoreUnavailableError naming `what` when it has not settled within `ms`. */
export function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  // A late rejection of `work` after the limit has nobody waiting: handled here, not crashing the process.
  work.catch(() => undefined);
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
