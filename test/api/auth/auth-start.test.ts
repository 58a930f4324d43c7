/**
 * How the process starts with respect to authentication: `npm start` in production
 * without credentials refuses to start (before touching the store) with a message
 * saying what to set; with API_KEYS it starts and enforces them; without credentials
 * outside production it runs open, with a loud warning in the log.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../../src/api/auth/api-keys.js";
import { captureLogger, makeApiKeys, startSecuredApi } from "../../support/secured-api.js";
import { runServerProcessToExit, startServerProcess, type ServerProcess } from "../../support/server-process.js";
import { STORE_FACTORIES } from "../../support/store-factories.js";

/** Runs src/main.ts to its exit; returns the exit code and everything it printed. */
async function runMainToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runServerProcessToExit(env);
  return { code, output: stdout + stderr };
}

describe("starting with and without authentication", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-auth-start-"));
  const running: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to start in production without credentials, before opening the store", async () => {
    const path = join(dir, "refused.db");
    const { code, output } = await runMainToExit({ NODE_ENV: "production", SQLITE_PATH: path });
    expect(code).toBe(1);
    expect(output).toMatch(/NODE_ENV=production but no authentication is configured/);
    expect(output).toMatch(/API_KEYS/);
    expect(output).toMatch(/JWT_SECRET/);
    expect(output).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(existsSync(path)).toBe(false);
  });

  it("refuses to start with a malformed API_KEYS, naming the entry", async () => {
    const { code, output } = await runMainToExit({ SQLITE_PATH: join(dir, "bad.db"), API_KEYS: `ADMIN::${"a".repeat(64)},VIEWER::oops` });
    expect(code).toBe(1);
    expect(output).toMatch(/API_KEYS entry 2/);
  });

  it("starts in production with API_KEYS and enforces them", async () => {
    const admin = generateApiKey("ADMIN");
    const server = await startServerProcess({ NODE_ENV: "production", API_KEYS: admin.line, SQLITE_PATH: join(dir, "prod.db") });
    running.push(server);
    const anonymous = await server.gql(`{ accounts(first: 1) { totalCount } }`);
    expect(anonymous.status).toBe(401);
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin.key}` },
      body: JSON.stringify({ query: "{ accounts(first: 1) { totalCount } }" }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { accounts: { totalCount: number } } }).data.accounts.totalCount).toBeGreaterThan(0);
    await server.stop();
  });

  it("runs open outside production without credentials, with a loud warning", async () => {
    const opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    const logs = captureLogger();
    const api = await startSecuredApi(opened.store, { logger: logs.logger });
    try {
      const warning = logs.lines.find((line) => String(line.msg).startsWith("AUTHENTICATION IS OFF"));
      expect(warning?.level).toBe(40);
      expect((await api.as()(`{ accountManagers { id } }`)).errors).toBeUndefined();
    } finally {
      await api.close();
      await opened.cleanup();
    }
  });

  it("logs what it accepts when credentials are configured, and no warning", async () => {
    const opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    const logs = captureLogger();
    const api = await startSecuredApi(opened.store, { logger: logs.logger, auth: makeApiKeys(["mgr_one"]).auth });
    try {
      expect(logs.lines.find((line) => line.msg === "authentication on")?.credentials).toBe("3 API key(s) + HS256 JWT");
      expect(logs.lines.some((line) => String(line.msg).startsWith("AUTHENTICATION IS OFF"))).toBe(false);
    } finally {
      await api.close();
      await opened.cleanup();
    }
  });
});
