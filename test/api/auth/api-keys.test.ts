/**
 * API keys: only the hash is configured, the key resolves to its role, and every
 * malformed API_KEYS entry fails start-up with a message naming the entry.
 * Auth configuration: open only when nothing is configured, refused in production.
 */
import { describe, expect, it } from "vitest";
import { ApiKeyRegistry, generateApiKey, hashApiKey, parseApiKeys } from "../../../src/api/auth/api-keys.js";
import { readAuthConfig, requireAuthInProduction } from "../../../src/api/auth/auth-config.js";

describe("API keys", () => {
  it("round-trips: the printed entry accepts the printed key, and holds only its hash", () => {
    const { key, line } = generateApiKey("MANAGER", "mgr_one");
    expect(key).toMatch(/^agk_[A-Za-z0-9_-]{43}$/);
    expect(line).toBe(`MANAGER:mgr_one:${hashApiKey(key)}`);
    expect(line).not.toContain(key.slice(4));
    const registry = new ApiKeyRegistry(parseApiKeys(`VIEWER::${"a".repeat(64)}, ${line}`));
    expect(registry.resolve(key)).toEqual({ role: "MANAGER", managerId: "mgr_one", subject: `apikey:${hashApiKey(key).slice(0, 12)}` });
    expect(registry.resolve(`${key}x`)).toBeNull();
    expect(registry.resolve("")).toBeNull();
  });

  it("generates a different key every time", () => {
    expect(generateApiKey("ADMIN").key).not.toBe(generateApiKey("ADMIN").key);
  });

  it.each([
    ["ADMIN:abc", /entry 1 must be ROLE:managerId:sha256hex/],
    [`ROOT::${"a".repeat(64)}`, /entry 1: role must be one of/],
    [`MANAGER::${"a".repeat(64)}`, /entry 1: a MANAGER key needs a manager id/],
    [`VIEWER:mgr_one:${"a".repeat(64)}`, /entry 1: only MANAGER keys carry a manager id/],
    [`ADMIN::${"a".repeat(64)},VIEWER::not-a-hash`, /entry 2: the hash must be 64 hex digits/],
  ])("rejects API_KEYS=%s", (value, message) => {
    expect(() => parseApiKeys(value)).toThrow(message);
  });

  it("rejects the same key listed twice", () => {
    const entries = parseApiKeys(`ADMIN::${"b".repeat(64)},VIEWER::${"b".repeat(64)}`);
    expect(() => new ApiKeyRegistry(entries)).toThrow(/same key twice/);
  });

  it("refuses to make a MANAGER key without a manager, or with a separator in its id", () => {
    expect(() => generateApiKey("MANAGER")).toThrow(/needs a manager id/);
    expect(() => generateApiKey("MANAGER", "mgr:x")).toThrow(/cannot contain/);
  });
});

describe("auth configuration", () => {
  it("is open only when neither API_KEYS nor JWT_SECRET is set", () => {
    expect(readAuthConfig({})).toEqual({ mode: "open" });
    expect(readAuthConfig({ API_KEYS: ` , ` })).toEqual({ mode: "open" });
    const withKeys = readAuthConfig({ API_KEYS: `ADMIN::${"c".repeat(64)}` });
    expect(withKeys.mode).toBe("enforced");
    const withJwt = readAuthConfig({ JWT_SECRET: "s".repeat(32), JWT_ISSUER: "crm", JWT_AUDIENCE: "accountgraph" });
    expect(withJwt).toEqual({ mode: "enforced", apiKeys: [], jwt: { secret: "s".repeat(32), issuer: "crm", audience: "accountgraph" } });
  });

  it("rejects a JWT secret shorter than 256 bits", () => {
    expect(() => readAuthConfig({ JWT_SECRET: "short" })).toThrow(/at least 32 bytes/);
  });

  it("refuses open access in production, and only there", () => {
    expect(() => requireAuthInProduction({ mode: "open" }, true)).toThrow(/NODE_ENV=production but no authentication is configured/);
    expect(() => requireAuthInProduction({ mode: "open" }, false)).not.toThrow();
    expect(() => requireAuthInProduction(readAuthConfig({ JWT_SECRET: "s".repeat(32) }), true)).not.toThrow();
  });
});
