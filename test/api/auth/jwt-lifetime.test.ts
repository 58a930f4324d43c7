/**
 * A JWT's lifetime has an upper bound, through HTTP: a token whose `exp` lies more than
 * JWT_MAX_LIFETIME_S (24 h by default) ahead — a "forever" token, 1e308, or 1e999 (which
 * JSON reads as Infinity) — is refused with 401 like any invalid token, however validly
 * signed; ordinary tokens keep working, and the bound is configurable.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAuthConfig } from "../../../src/api/auth/auth-config.js";
import { errorCode } from "../../support/api-client.js";
import { signJwt } from "../../support/jwt-signer.js";
import { makeApiKeys, startSecuredApi, TEST_JWT_SECRET } from "../../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../../support/store-factories.js";

const READ = `{ accountManagers { id } }`;
const DAY = 24 * 60 * 60;

/** An HS256 token whose payload is `payloadJson` verbatim (so it can hold 1e999). */
function rawToken(payloadJson: string): string {
  const head = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const body = Buffer.from(payloadJson).toString("base64url");
  return `${head}.${body}.${createHmac("sha256", TEST_JWT_SECRET).update(`${head}.${body}`).digest("base64url")}`;
}

describe("JWT lifetime bound", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys([]);

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    api = await startSecuredApi(opened.store, { production: true, auth: keys.auth });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("accepts tokens that expire within a day", async () => {
    expect((await api.as(keys.jwt("VIEWER", undefined, 3_600))(READ)).status).toBe(200);
    expect((await api.as(keys.jwt("VIEWER", undefined, DAY))(READ)).status).toBe(200);
  });

  it.each([
    ["a two-day token", () => keys.jwt("ADMIN", undefined, 2 * DAY)],
    ["exp 1e308", () => signJwt({ role: "ADMIN", exp: 1e308 }, TEST_JWT_SECRET)],
    ["exp 1e999 (Infinity)", () => rawToken(`{"role":"ADMIN","exp":1e999}`)],
  ])("refuses %s with 401", async (_name, token) => {
    const response = await api.as(token())(READ);
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe("UNAUTHENTICATED");
  });

  it("reads the bound from JWT_MAX_LIFETIME_S", () => {
    const config = readAuthConfig({ JWT_SECRET: TEST_JWT_SECRET, JWT_MAX_LIFETIME_S: "600" });
    expect(config.mode === "enforced" && config.jwt?.maxLifetimeSeconds).toBe(600);
    expect(() => readAuthConfig({ JWT_SECRET: TEST_JWT_SECRET, JWT_MAX_LIFETIME_S: "forever" })).toThrow(/JWT_MAX_LIFETIME_S/);
  });
});
