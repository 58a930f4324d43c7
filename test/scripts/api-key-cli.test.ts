/**
 * `npm run apikey` (scripts/api-key.ts) as an operator runs it, on a temp SQLite file
 * chosen by SQLITE_PATH as the server would: create prints the secret once and stores
 * only its hash, a running server accepts the key as its manager, list never shows the
 * secret, revoke ends it, and mistakes exit 2 naming the option to fix.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../src/api/auth/api-keys.js";
import { startApp } from "../../src/app.js";
import { hashApiKey } from "../../src/domain/api-keys.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { apiClient } from "../support/api-client.js";
import { runScript } from "../support/script-cli.js";

const dir = mkdtempSync(join(tmpdir(), "accountgraph-apikey-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const apikey = (path: string, ...args: string[]) => runScript("scripts/api-key.ts", path, args);

describe("npm run apikey", () => {
  it("creates, lists and revokes keys in the configured store; a server accepts the key until it is revoked", async () => {
    const path = join(dir, "cli.db");
    const seeded = new SqliteAccountGraphStore({ path });
    await seeded.init();
    await seeded.createManager({ id: "mgr_carla", name: "Carla", email: "carla@example.com", weeklyCapacityHours: 40 });
    await seeded.close();

    const created = await apikey(path, "create", "--role", "manager", "--manager", "mgr_carla", "--name", "Carla's laptop", "--json");
    expect(created.code, created.stderr).toBe(0);
    const { key, apiKey } = JSON.parse(created.stdout) as { key: string; apiKey: Record<string, unknown> };
    expect(key).toMatch(/^agk_/);
    expect(apiKey).toMatchObject({
      role: "MANAGER",
      managerId: "mgr_carla",
      name: "Carla's laptop",
      prefix: hashApiKey(key).slice(0, 12),
      revokedAt: null,
    });
    expect(apiKey.createdBy).toMatch(/^cli:/);
    expect(apiKey).not.toHaveProperty("sha256");

    const human = await apikey(path, "create", "--role", "VIEWER", "--name", "Wallboard");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/shown this once/);
    expect(human.stdout).toMatch(/agk_[A-Za-z0-9_-]{43}/);

    const store = new SqliteAccountGraphStore({ path });
    await store.init();
    const admin = generateApiKey("ADMIN");
    const server = await startApp({
      store,
      logger: pino({ level: "silent" }),
      port: 0,
      host: "127.0.0.1",
      auth: { mode: "enforced", apiKeys: [admin.entry], jwt: null },
      analytics: { readModel: { pollIntervalMs: 50 } },
    });
    const gql = apiClient(`http://127.0.0.1:${server.port}/`, { authorization: `Bearer ${key}` });
    try {
      const mine = await gql(`mutation { createAccount(input: { name: "Via CLI key", ownerId: "mgr_carla" }) { owner { id } } }`);
      expect(mine.errors).toBeUndefined();
      const theirs = await gql(`mutation { createAccount(input: { name: "Not mine" }) { id } }`);
      expect(theirs.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

      const listed = await apikey(path, "list", "--json");
      expect(listed.code).toBe(0);
      expect(listed.stdout).not.toContain(key.slice(4));
      expect((JSON.parse(listed.stdout) as { id: string }[]).map((k) => k.id)).toContain(apiKey.id);

      const revoked = await apikey(path, "revoke", String(apiKey.id), "--json");
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(JSON.parse(revoked.stdout)).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });
      const active = JSON.parse((await apikey(path, "list", "--active", "--json")).stdout) as { id: string }[];
      expect(active.map((k) => k.id)).not.toContain(apiKey.id);

      const started = Date.now();
      while ((await gql(`{ accountManagers { id } }`)).status !== 401) {
        expect(Date.now() - started).toBeLessThan(5_000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await server.close();
      await store.close();
    }
  });

  it.each([
    [["create", "--role", "MANAGER", "--manager", "mgr_nope", "--name", "x"], /NOT_FOUND \(--manager\)/],
    [["create", "--role", "VIEWER", "--name", " "], /BAD_USER_INPUT \(--name\)/],
    [["create", "--role", "ROOT", "--name", "x"], /BAD_USER_INPUT \(--role\)/],
    [["revoke", "key_nope"], /NOT_FOUND \(<keyId>\)/],
    [["rotate"], /usage:/],
  ])("exits 2 on %j, naming what to fix", async (args, message) => {
    const result = await apikey(join(dir, "mistakes.db"), ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
