/**
 * API keys: random bearer secrets of which the server keeps only the SHA-256 hash,
 * configured as `API_KEYS="ROLE:managerId:sha256hex,..."` (managerId empty unless
 * the role is MANAGER). `npm run apikey:create` prints a new key and its line.
 *
 * Why a plain SHA-256 and not a password hash (scrypt, argon2): the key is 256 random
 * bits, not a human password, so there is nothing to brute-force and a slow hash
 * would only cost latency on every request (the argument GitHub and Stripe make for
 * their token hashes). Lookup is by hash in a Map: the hash of an unknown secret
 * tells an attacker nothing about the stored ones, so no constant-time compare is needed.
 *
 * Revocation: remove the line and restart. These are the bootstrap keys; keys created
 * and revoked at runtime live in the store (services/api-key-service.ts) and are
 * accepted after these (authenticator.ts). Keys of both kinds look the same
 * (domain/api-keys.ts), so `hashApiKey` is shared.
 */
import { apiKeyFingerprint, generateApiKeySecret, hashApiKey } from "../../domain/api-keys.js";
import { ROLES, type Actor, type Role } from "../../services/access-policy.js";

export { hashApiKey };

export interface ApiKeyEntry {
  role: Role;
  managerId: string | null;
  /** Lowercase hex SHA-256 of the whole key string. */
  sha256: string;
}

export class ApiKeyConfigError extends Error {
  constructor(message: string) {
    super(`api/auth/api-keys: ${message}`);
    this.name = "ApiKeyConfigError";
  }
}

/** A fresh key and the `API_KEYS` entry that accepts it. */
export function generateApiKey(role: Role, managerId: string | null = null): { key: string; entry: ApiKeyEntry; line: string } {
  const entry = validateEntry({ role, managerId, sha256: "" }, "new key", false);
  const key = generateApiKeySecret();
  const full = { ...entry, sha256: hashApiKey(key) };
  return { key, entry: full, line: formatApiKeyEntry(full) };
}

export function formatApiKeyEntry(entry: ApiKeyEntry): string {
  return `${entry.role}:${entry.managerId ?? ""}:${entry.sha256}`;
}

/** Parses `API_KEYS`; throws ApiKeyConfigError naming the bad entry (never echoing more than its position). */
export function parseApiKeys(value: string | undefined): ApiKeyEntry[] {
  if (!value || value.trim() === "") return [];
  return value
    .split(",")
    .map((raw) => raw.trim())
    .filter((raw) => raw !== "")
    .map((raw, index) => {
      const parts = raw.split(":");
      if (parts.length !== 3) throw new ApiKeyConfigError(`API_KEYS entry ${index + 1} must be ROLE:managerId:sha256hex`);
      const [role, managerId, sha256] = parts as [string, string, string];
      return validateEntry(
        { role: role.toUpperCase() as Role, managerId: managerId === "" ? null : managerId, sha256: sha256.toLowerCase() },
        `API_KEYS entry ${index + 1}`,
        true,
      );
    });
}

function validateEntry(entry: ApiKeyEntry, where: string, checkHash: boolean): ApiKeyEntry {
  if (!(ROLES as readonly string[]).includes(entry.role)) throw new ApiKeyConfigError(`${where}: role must be one of ${ROLES.join(", ")}`);
  if (entry.role === "MANAGER" && !entry.managerId) throw new ApiKeyConfigError(`${where}: a MANAGER key needs a manager id`);
  if (entry.role !== "MANAGER" && entry.managerId) throw new ApiKeyConfigError(`${where}: only MANAGER keys carry a manager id`);
  if (entry.managerId && !/^[^:,\s]+$/.test(entry.managerId)) throw new ApiKeyConfigError(`${where}: a manager id cannot contain ':', ',' or spaces`);
  if (checkHash && !/^[0-9a-f]{64}$/.test(entry.sha256)) throw new ApiKeyConfigError(`${where}: the hash must be 64 hex digits (SHA-256)`);
  return entry;
}

/** Resolves presented keys to actors. */
export class ApiKeyRegistry {
  private readonly byHash: Map<string, ApiKeyEntry>;

  constructor(entries: readonly ApiKeyEntry[]) {
    this.byHash = new Map(entries.map((entry) => [entry.sha256, entry]));
    if (this.byHash.size !== entries.length) throw new ApiKeyConfigError("API_KEYS lists the same key twice");
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The actor for `key`, or null when no configured key matches. */
  resolve(key: string): Actor | null {
    const sha256 = hashApiKey(key);
    const entry = this.byHash.get(sha256);
    if (!entry) return null;
    return { role: entry.role, managerId: entry.managerId, subject: `apikey:${apiKeyFingerprint(sha256)}` };
  }
}
