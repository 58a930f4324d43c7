/**
 * The active stored API keys by hash, so authenticating a request costs one SHA-256 and one
 * Map lookup and never a store round trip: an unknown key, however many are sent, causes no
 * query at all (no amplification of a credential-stuffing flood).
 *
 * Derived from the read model's view (services/read-model): its `apiKeys` map changes
 * exactly when a key is created or revoked, by this process (visible at once: the write
 * settles the read model before answering) or by another (visible within the read model's
 * poll interval). The index is rebuilt only when that map changes, O(keys).
 */
import { hashApiKey, type ApiKey } from "../domain/api-keys.js";
import type { Actor } from "./access-policy.js";
import type { LayeredMap } from "./read-model/layered-map.js";
import type { ReadModel } from "./read-model/read-model.js";

export class ApiKeyCache {
  #source: LayeredMap<string, ApiKey> | null = null;
  #byHash = new Map<string, Actor>();

  constructor(private readonly model: ReadModel) {}

  /** Active stored keys known right now. */
  get size(): number {
    return this.#index().size;
  }

  /** The actor of a stored, active key, or null. Synchronous: no store access. */
  resolve(key: string): Actor | null {
    return this.#index().get(hashApiKey(key)) ?? null;
  }

  #index(): Map<string, Actor> {
    const keys = this.model.current.apiKeys;
    if (keys !== this.#source) {
      const byHash = new Map<string, Actor>();
      for (const key of keys.values()) if (key.revokedAt === null) byHash.set(key.sha256, actorOf(key));
      this.#byHash = byHash;
      this.#source = keys;
    }
    return this.#byHash;
  }
}

/** Stored keys log as their id, so a log line leads straight to the key to revoke. */
function actorOf(key: ApiKey): Actor {
  return Object.freeze({ role: key.role, managerId: key.managerId, subject: `apikey:${key.id}` });
}
