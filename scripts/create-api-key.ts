/**
 * npm run apikey:create -- --role ADMIN | VIEWER | MANAGER --manager mgr_x
 * Prints a new random API key (shown once: the server never stores it) and the
 * `API_KEYS` entry holding only its SHA-256 hash. Append the entry to API_KEYS
 * (comma-separated) and restart; remove it and restart to revoke the key. These are
 * the bootstrap keys; keys revocable without a restart are stored by `npm run apikey`
 * (scripts/api-key.ts) or the createApiKey mutation.
 */
import { parseArgs } from "node:util";
import { ApiKeyConfigError, generateApiKey } from "../src/api/auth/api-keys.js";
import { ROLES, type Role } from "../src/services/access-policy.js";

const { values } = parseArgs({ options: { role: { type: "string" }, manager: { type: "string" } } });
const role = (values.role ?? "").toUpperCase();
if (!(ROLES as readonly string[]).includes(role)) {
  console.error(`apikey:create: --role must be one of ${ROLES.join(", ")} (MANAGER also needs --manager <managerId>)`);
  process.exit(2);
}
try {
  const { key, line } = generateApiKey(role as Role, values.manager ?? null);
  console.log(`API key (give it to the client; it is not stored anywhere):\n  ${key}\n`);
  console.log(`API_KEYS entry (only the SHA-256 hash):\n  ${line}\n`);
  console.log(`Clients send it as "Authorization: Bearer ${key.slice(0, 8)}…" or "X-API-Key: ${key.slice(0, 8)}…".`);
} catch (error) {
  if (!(error instanceof ApiKeyConfigError)) throw error;
  console.error(`apikey:create: ${error.message}`);
  process.exit(2);
}
