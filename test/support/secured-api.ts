/**
 * Starts the real HTTP API in-process with a chosen auth configuration, and a logger
 * whose JSON lines tests can read (pino writing into an array).
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import type { AuthConfig } from "../../src/api/auth/auth-config.js";
import type { DiagnosticsRoute } from "../../src/api/diagnostics-route.js";
import { generateApiKey } from "../../src/api/auth/api-keys.js";
import { signJwt } from "./jwt-signer.js";
import { startApp } from "../../src/app.js";
import type { Logger } from "../../src/logger.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import type { Role } from "../../src/services/access-policy.js";
import type { ServicesOptions } from "../../src/services/services.js";
import { apiClient } from "./api-client.js";

export interface CapturedLogger {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines: Record<string, unknown>[];
}

export function captureLogger(level = "info"): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level, base: { service: "accountgraph" } }, sink), lines };
}

export const TEST_JWT_SECRET = "test-secret-that-is-at-least-32-bytes-long!";

/** Keys for each role; MANAGER keys act as the given manager ids. */
export function makeApiKeys(managers: string[]) {
  const admin = generateApiKey("ADMIN");
  const viewer = generateApiKey("VIEWER");
  const managerKeys = Object.fromEntries(managers.map((id) => [id, generateApiKey("MANAGER", id)]));
  const auth: AuthConfig = {
    mode: "enforced",
    apiKeys: [admin.entry, viewer.entry, ...Object.values(managerKeys).map((k) => k.entry)],
    jwt: { secret: TEST_JWT_SECRET },
  };
  return {
    auth,
    admin: admin.key,
    viewer: viewer.key,
    manager: (id: string) => managerKeys[id]!.key,
    jwt: (role: Role, managerId?: string, expiresInSeconds = 300) =>
      signJwt({ role, ...(managerId ? { managerId } : {}), sub: `test-${role.toLowerCase()}` }, TEST_JWT_SECRET, { expiresInSeconds }),
  };
}

export async function startSecuredApi(
  store: AccountGraphStore,
  options: { auth?: AuthConfig; production?: boolean; logger?: Logger; diagnostics?: DiagnosticsRoute; analytics?: ServicesOptions } = {},
) {
  const server = await startApp({
    store,
    logger: options.logger ?? pino({ level: "silent" }),
    port: 0,
    host: "127.0.0.1",
    production: options.production ?? false,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.diagnostics ? { diagnostics: options.diagnostics } : {}),
    ...(options.analytics ? { analytics: options.analytics } : {}),
  });
  const url = `http://127.0.0.1:${server.port}/`;
  return {
    url,
    /** A client sending `Authorization: Bearer <credential>` (none when undefined). */
    as: (credential?: string) => apiClient(url, credential ? { authorization: `Bearer ${credential}` } : {}),
    close: () => server.close(),
  };
}
