/**
 * npm run apikey -- create --role ADMIN|MANAGER|VIEWER [--manager mgr_x] --name "Carla's laptop"
 * npm run apikey -- revoke key_…
 * npm run apikey -- list [--active]
 * (add --json for machine-readable output)
 *
 * Manages the API keys kept in the store the server uses (Neo4j when NEO4J_URI is set,
 * else the SQLITE_PATH file: the same environment as `npm start`), through the same
 * use cases as the GraphQL mutations, acting as ADMIN `cli:<os user>`. Running servers
 * pick changes up from the store's change feed within their poll interval (250 ms by default). The secret of a new key
 * is printed once and stored nowhere. For a key that lives in configuration instead
 * (API_KEYS, no store), use `npm run apikey:create`.
 */
import "reflect-metadata";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { apiKeyFingerprint, type ApiKey } from "../src/domain/api-keys.js";
import { DomainError } from "../src/domain/errors.js";
import { readConfig } from "../src/config.js";
import { openStore } from "../src/main.js";
import type { Actor } from "../src/services/access-policy.js";
import { ApiKeyService } from "../src/services/api-key-service.js";

const USAGE = `usage:
  npm run apikey -- create --role ADMIN|MANAGER|VIEWER [--manager <managerId>] --name <name> [--json]
  npm run apikey -- revoke <keyId> [--json]
  npm run apikey -- list [--active] [--json]`;

/** Input fields as the CLI spells them. */
const CLI_FIELDS: Readonly<Record<string, string>> = Object.freeze({ name: "--name", role: "--role", managerId: "--manager", id: "<keyId>" });

/** What the CLI shows of a key: the API's view, never the hash itself. */
function viewOf(key: ApiKey) {
  const { sha256, ...rest } = key;
  return { ...rest, prefix: apiKeyFingerprint(sha256) };
}

function describe(key: ApiKey): string {
  const who = key.role === "MANAGER" ? `MANAGER as ${key.managerId}` : key.role;
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : "active";
  return `${key.id}  ${apiKeyFingerprint(key.sha256)}  ${who}  ${JSON.stringify(key.name)}  created ${key.createdAt} by ${key.createdBy}  ${state}`;
}

function cliActor(): Actor {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the subject still says it came from the CLI.
  }
  return { role: "ADMIN", managerId: null, subject: `cli:${user}` };
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: "string" },
      manager: { type: "string" },
      name: { type: "string" },
      active: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (command !== "create" && command !== "revoke" && command !== "list") {
    console.error(USAGE);
    return 2;
  }
  if (command === "revoke" && rest.length !== 1) {
    console.error(`apikey revoke: give exactly one key id\n${USAGE}`);
    return 2;
  }
  const config = readConfig();
  const store = await openStore(config.store);
  const keys = new ApiKeyService(store);
  const actor = cliActor();
  const where = config.store.kind === "sqlite" ? `sqlite ${config.store.path}` : `neo4j ${config.store.uri}`;
  try {
    if (command === "create") {
      const created = await keys.createApiKey(actor, {
        name: values.name ?? null,
        role: (values.role ?? "").toUpperCase(),
        managerId: values.manager ?? null,
      });
      if (values.json) console.log(JSON.stringify({ key: created.key, apiKey: viewOf(created.apiKey) }));
      else {
        console.log(`Created in ${where}:\n  ${describe(created.apiKey)}\n`);
        console.log(`API key (give it to the client; shown this once, only its SHA-256 is stored):\n  ${created.key}\n`);
        console.log(`Running servers accept it within seconds. Revoke it with: npm run apikey -- revoke ${created.apiKey.id}`);
      }
    } else if (command === "revoke") {
      const revoked = await keys.revokeApiKey(actor, rest[0]!);
      if (values.json) console.log(JSON.stringify(viewOf(revoked)));
      else console.log(`Revoked in ${where} (running servers refuse it within seconds):\n  ${describe(revoked)}`);
    } else {
      const all = await keys.listApiKeys(actor);
      const listed = values.active ? all.filter((key) => key.revokedAt === null) : all;
      if (values.json) console.log(JSON.stringify(listed.map(viewOf)));
      else if (listed.length === 0) console.log(`No ${values.active ? "active " : ""}API keys in ${where}.`);
      else console.log(`API keys in ${where}:\n${listed.map((key) => `  ${describe(key)}`).join("\n")}`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = error.field === undefined ? null : (CLI_FIELDS[error.field] ?? error.field);
    console.error(`apikey ${command}: ${error.code}${field ? ` (${field})` : ""}: ${error.message}`);
    return error.code === "STORE_UNAVAILABLE" ? 1 : 2;
  } finally {
    await store.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
