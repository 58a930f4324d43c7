/**
 * JWTs from an identity provider's JWKS through the HTTP API, as clients meet them:
 * a MANAGER token reads everything and writes only its own accounts (FORBIDDEN
 * otherwise), an ADMIN token writes anything, forgeries get 401, and while the key set
 * has never been reachable JWT requests get 503 SERVICE_UNAVAILABLE with Retry-After —
 * API keys keep working meanwhile. SQLite store: the auth front is store-independent.
 *
 * tiny-dataset: mgr_one owns ada, bob, cyd and dan; eve has no owner; mgr_two owns nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../../src/api/auth/api-keys.js";
import { signJwt } from "../../support/jwt-signer.js";
import { errorCode } from "../../support/api-client.js";
import { makeSigningKey, signWithKey, startJwksServer, unreachableUrl, type JwksServer } from "../../support/jwks-server.js";
import { captureLogger, startSecuredApi } from "../../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../../support/store-factories.js";
import { tinyDataset } from "../../support/tiny-dataset.js";

const UPDATE = `mutation($id: ID!, $input: AccountInput!) { updateAccount(id: $id, input: $input) { id name } }`;
const READ = `{ accounts(first: 10) { totalCount edges { node { id owner { id } } } } accountManagers { id } }`;
const ISSUER = "https://idp.example.com/";
const AUDIENCE = "accountgraph";

describe("JWTs from a JWKS, through the HTTP API", () => {
  const rsa = makeSigningKey("RS256", "rsa-2026");
  const ec = makeSigningKey("ES256", "ec-2026");
  const claims = (role: string, managerId?: string) => ({
    role,
    ...(managerId ? { managerId } : {}),
    sub: `idp-${role.toLowerCase()}`,
    iss: ISSUER,
    aud: AUDIENCE,
  });
  let opened: OpenedStore;
  let idp: JwksServer;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const logs = captureLogger();

  beforeAll(async () => {
    opened = await STORE_FACTORIES.find((factory) => factory.name === "sqlite")!.make();
    const dataset = tinyDataset();
    dataset.managers.push({ id: "mgr_two", name: "Tom Two", email: "tom@example.com", weeklyCapacityHours: 40 });
    await opened.store.importDataset(dataset);
    idp = await startJwksServer([rsa.jwk, ec.jwk]);
    api = await startSecuredApi(opened.store, {
      logger: logs.logger,
      auth: { mode: "enforced", apiKeys: [], jwt: { jwksUrl: idp.url, issuer: ISSUER, audience: AUDIENCE } },
    });
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
    await opened?.cleanup();
  });

  it("logs which JWTs it accepts and where the keys come from", () => {
    const credentials = String(logs.lines.find((line) => line.msg === "authentication on")?.credentials);
    expect(credentials).toContain(`RS256/PS256/ES256 JWT (keys from ${idp.url})`);
    expect(credentials).not.toContain("HS256");
  });

  it("lets a MANAGER token read everything, write its own account, and refuses another's with FORBIDDEN", async () => {
    const manager = api.as(signWithKey(rsa, claims("MANAGER", "mgr_one")));
    const read = await manager(READ);
    expect(read.status).toBe(200);
    expect(read.errors).toBeUndefined();
    expect(read.data.accounts.totalCount).toBe(5);

    const own = await manager(UPDATE, { id: "acc_ada", input: { name: "Ada Anchors Ltd" } });
    expect(own.errors).toBeUndefined();
    expect(own.data.updateAccount).toEqual({ id: "acc_ada", name: "Ada Anchors Ltd" });

    const other = await api.as(signWithKey(ec, claims("MANAGER", "mgr_two")))(UPDATE, { id: "acc_bob", input: { name: "Hijacked" } });
    expect(errorCode(other)).toBe("FORBIDDEN");
    expect(other.errors?.[0]?.extensions?.field).toBe("id");
    const bob = await manager(`{ account(id: "acc_bob") { name } }`);
    expect(bob.data.account.name).not.toBe("Hijacked");
  });

  it("lets an ES256 ADMIN token write what a MANAGER may not", async () => {
    const admin = api.as(signWithKey(ec, claims("ADMIN")));
    const response = await admin(UPDATE, { id: "acc_eve", input: { name: "Eve Éclairs SA" } });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateAccount.name).toBe("Eve Éclairs SA");
  });

  it.each([
    ["signed by a key the IdP never published", () => signWithKey(makeSigningKey("RS256", "rsa-2026"), claims("ADMIN"))],
    ["for another audience", () => signWithKey(rsa, { ...claims("ADMIN"), aud: "billing" })],
    [
      "HS256 with the IdP's public key as the secret",
      () => signJwt(claims("ADMIN"), rsa.publicKey.export({ format: "pem", type: "spki" }).toString(), { expiresInSeconds: 60 }),
    ],
  ])("refuses a token %s with 401 UNAUTHENTICATED", async (_name, token) => {
    const response = await api.as(token())(READ);
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired token with reason TOKEN_EXPIRED", async () => {
    const response = await api.as(signWithKey(rsa, claims("VIEWER"), { expiresInSeconds: -120 }))(READ);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED" });
  });

  it("answers 503 SERVICE_UNAVAILABLE with Retry-After while the key set was never reachable; API keys still work", async () => {
    const admin = generateApiKey("ADMIN");
    const downLogs = captureLogger();
    const down = await startSecuredApi(opened.store, {
      logger: downLogs.logger,
      auth: { mode: "enforced", apiKeys: [admin.entry], jwt: { jwksUrl: await unreachableUrl() } },
    });
    try {
      const started = performance.now();
      const response = await fetch(down.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${signWithKey(rsa, claims("ADMIN"))}`, "x-request-id": "req-idp-down" },
        body: JSON.stringify({ query: READ }),
      });
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", requestId: "req-idp-down" });
      expect(downLogs.lines.some((line) => String(line.msg).startsWith("JWKS fetch failed"))).toBe(true);

      const again = await down.as(signWithKey(ec, claims("VIEWER")))(READ);
      expect(again.status).toBe(503);
      expect((await down.as(admin.key)(READ)).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});
