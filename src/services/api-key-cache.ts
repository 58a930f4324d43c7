/**
 * The active stored API keys, in memory, so authenticating a request costs one SHA-256
 * and one Map lookup and never a store round trip: an unknown key, however many are
 * sent, causes no query at all (no amplification of a credential-stuffing flood).
 *
 * Freshness: the whole set is reloaded every `refreshIntervalMs` (a timer, off the
 * request path), and this process's own creates and revokes apply at once. So a key
 * revoked here stops working immediately, and one revoked by another instance (or the
 * CLI) within one interval. A failed reload keeps the last known set: while the store
 * is unreachable no request can be served anyway, and keys keep working when it returns.
 *
 * Races: a reload that started before a local write may finish after it with the old
 * set. Every local write bumps `generation`, and a reload applies only if no local
 * write happened meanwhile and no later-started reload has applied already; each local
 * write schedules its own reload, which started after the write, so the last word is
 * always a read that saw it. Cost: O(active keys) per reload.
 */
import { hashApiKey } from "../domain/api-keys.js";
import type { ActiveApiKey } from "../ports/api-key-store.js";
import type { Actor } from "./access-policy.js";

export const API_KEY_CACHE_DEFAULTS = Object.freeze({
  /** Upper bound on how long a key revoked elsewhere keeps working here. */
  refreshIntervalMs: 5_000,
});

export class ApiKeyCache {
  #byHash = new Map<string, Actor>();
  /** Local writes so far; a reload that saw another value is stale. */
  #generation = 0;
  #started = 0;
  #applied = 0;
  #timer: NodeJS.Timeout | null = null;
  #timedReloadRunning = false;

  constructor(private readonly load: () => Promise<ActiveApiKey[]>) {}

  /** Active stored keys known right now. */
  get size(): number {
    return this.#byHash.size;
  }

  /** The actor of a stored, active key, or null. Synchronous: no store access. */
  resolve(key: string): Actor | null {
    return this.#byHash.get(hashApiKey(key)) ?? null;
  }

  /** Reloads the active set from the store (see "Races" above for when it is dropped). */
  async refresh(): Promise<void> {
    const sequence = ++this.#started;
    const generation = this.#generation;
    const keys = await this.load();
    if (generation !== this.#generation || sequence < this.#applied) return;
    this.#applied = sequence;
    this.#byHash = new Map(keys.map((key) => [key.sha256, actorOf(key)]));
  }

  /** A key this process just stored: accepted from now on. */
  noteCreated(key: ActiveApiKey): void {
    this.#generation++;
    this.#byHash.set(key.sha256, actorOf(key));
  }

  /** A key this process just revoked: refused from now on. */
  noteRevoked(sha256: string): void {
    this.#generation++;
    this.#byHash.delete(sha256);
  }

  /**
   * Loads once (the returned promise: callers may await the first load or not), then
   * reloads every `intervalMs`. A timed reload still running skips the next tick.
   */
  start(intervalMs: number, onError: (error: unknown) => void): Promise<void> {
    this.stop();
    this.#timer = setInterval(() => {
      if (this.#timedReloadRunning) return;
      this.#timedReloadRunning = true;
      this.refresh()
        .catch(onError)
        .finally(() => (this.#timedReloadRunning = false));
    }, intervalMs);
    // The timer alone must not keep a process (a test, a script) alive.
    this.#timer.unref();
    return this.refresh();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}

/** Stored keys log as their id, so a log line leads straight to the key to revoke. */
function actorOf(key: ActiveApiKey): Actor {
  return Object.freeze({ role: key.role, managerId: key.managerId, subject: `apikey:${key.id}` });
}

