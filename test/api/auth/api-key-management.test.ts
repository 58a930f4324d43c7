/**
 * API keys managed at runtime, through HTTP as clients meet them, on both stores: an
 * ADMIN creates a MANAGER key whose secret is shown once, the key then authenticates and
 * is scoped as its manager, revoking it ends it at once here and within the reload
 * interval on another instance; no other role may create, list or revoke; bad input has
 * stable codes and fields; the secret appears in no listing and no log line; and an
 * unknown key never reaches the store.
 *
 * tiny-dataset: mgr_one owns ada, bob, cyd and dan; mgr_two (added here) owns nothing.
 */
import { graphql } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardEveryField } from "../../../src/api/auth/field-authorization.js";
import { buildAccountGraphSchema } from "../../../src/api/build-schema.js";
import { ForbiddenError } from "../../../src/domain/errors.js";
import { hashApiKey } from "../../../src/domain/api-keys.js";
import type { AuthConfig } from "../../../src/api/auth/auth-config.js";
import { startApp } from "../../../src/app.js";
import type { Logger } from "../../../src/logger.js";
import type { AccountGraphStore } from "../../../src/ports/account-graph-store.js";
import { apiClient, type GraphQLResponse } from "../../support/api-client.js";
import { captureLogger, makeApiKeys } from "../../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../../support/store-factories.js";
import { spyOnStore } from "../../support/store-spies.js";
import { tinyDataset } from "../../support/tiny-dataset.js";

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { key apiKey { id name role managerId prefix createdAt createdBy revokedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt prefix } }`;
const LIST = `{ apiKeys { id name role managerId prefix createdAt createdBy revokedAt } }`;
const CREATE_ACCOUNT = `mutation($input: AccountInput!) { createAccount(input: $input) { id owner { id } } }`;
const WHO = `{ accountManagers { id } }`;

async function startKeyedApi(store: AccountGraphStore, auth: AuthConfig, options: { logger?: Logger; pollIntervalMs?: number } = {}) {
  const server = await startApp({
    store,
    logger: options.logger ?? pino({ level: "silent" }),
    port: 0,
    host: "127.0.0.1",
    auth,
    analytics: { readModel: { pollIntervalMs: options.pollIntervalMs ?? 60_000 } },
  });
  const url = `http://127.0.0.1:${server.port}/`;
  return {
    url,
    as: (credential?: string) => apiClient(url, credential ? { authorization: `Bearer ${credential}` } : {}),
    close: () => server.close(),
  };
}

function code(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code as string | undefined;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

describe.each(STORE_FACTORIES)("API keys managed at runtime on $name", (factory) => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startKeyedApi>>;
  const logs = captureLogger("debug");
  const keys = makeApiKeys(["mgr_one"]);

  beforeAll(async () => {
    opened = await factory.make();
    const dataset = tinyDataset();
    dataset.managers.push({ id: "mgr_two", name: "Tom Two", email: "tom@example.com", weeklyCapacityHours: 40 });
    await opened.store.importDataset(dataset);
    api = await startKeyedApi(opened.store, keys.auth, { logger: logs.logger });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  const create = async (input: Record<string, unknown>, as = keys.admin) => api.as(as)(CREATE, { input });

  it("lets ADMIN create a MANAGER key that then acts as that manager, and revoke it: the next request is 401", async () => {
    const created = await create({ name: "Carla's laptop", role: "MANAGER", managerId: "mgr_one" });
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data.createApiKey;
    expect(key).toMatch(/^agk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: "Carla's laptop",
      role: "MANAGER",
      managerId: "mgr_one",
      prefix: hashApiKey(key).slice(0, 12),
      createdBy: `apikey:${hashApiKey(keys.admin).slice(0, 12)}`,
      revokedAt: null,
    });

    const asKey = api.as(key);
    expect((await asKey(WHO)).status).toBe(200);
    const own = await asKey(CREATE_ACCOUNT, { input: { name: "Key Co", ownerId: "mgr_one" } });
    expect(own.errors).toBeUndefined();
    expect(own.data.createAccount.owner).toEqual({ id: "mgr_one" });
    const foreign = await asKey(CREATE_ACCOUNT, { input: { name: "Gift", ownerId: "mgr_two" } });
    expect(code(foreign)).toBe("FORBIDDEN");
    expect(code(await asKey(LIST))).toBe("FORBIDDEN");

    const revoked = await api.as(keys.admin)(REVOKE, { id: apiKey.id });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
    const refused = await asKey(WHO);
    expect(refused.status).toBe(401);
    expect(code(refused)).toBe("UNAUTHENTICATED");

    // Revoking again is not an error and keeps the first revocation time.
    const again = await api.as(keys.admin)(REVOKE, { id: apiKey.id });
    expect(again.data.revokeApiKey).toEqual(revoked.data.revokeApiKey);
    const listed = await api.as(keys.admin)(LIST);
    expect(listed.data.apiKeys.find((k: { id: string }) => k.id === apiKey.id)).toEqual({
      ...apiKey,
      revokedAt: revoked.data.revokeApiKey.revokedAt,
    });
  });

  it("lets a stored ADMIN key manage keys, recorded as its creator", async () => {
    const admin = (await create({ name: "Second admin", role: "ADMIN" })).data.createApiKey;
    const viewer = await create({ name: "Dashboard", role: "VIEWER" }, admin.key);
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data.createApiKey.apiKey.createdBy).toBe(`apikey:${admin.apiKey.id}`);
    expect((await api.as(viewer.data.createApiKey.key)(WHO)).status).toBe(200);
    // An admin may revoke the very key it is using: that request completes, the next one is refused.
    const self = await api.as(admin.key)(REVOKE, { id: admin.apiKey.id });
    expect(self.errors).toBeUndefined();
    expect((await api.as(admin.key)(WHO)).status).toBe(401);
  });

  it.each([
    ["a VIEWER key", () => keys.viewer],
    ["a MANAGER key", () => keys.manager("mgr_one")],
    ["a MANAGER JWT", () => keys.jwt("MANAGER", "mgr_one")],
    ["a VIEWER JWT", () => keys.jwt("VIEWER")],
  ])("refuses %s to create, list or revoke keys (FORBIDDEN), changing nothing", async (_name, credential) => {
    const target = (await create({ name: "Target", role: "VIEWER" })).data.createApiKey;
    const before = await opened.store.listApiKeys();
    const as = api.as(credential());
    expect(code(await as(CREATE, { input: { name: "Mine", role: "ADMIN" } }))).toBe("FORBIDDEN");
    expect(code(await as(CREATE.replace("createApiKey(", "sneaky: createApiKey("), { input: { name: "Mine", role: "ADMIN" } }))).toBe("FORBIDDEN");
    expect(code(await as(LIST))).toBe("FORBIDDEN");
    expect(code(await as(`{ sneaky: apiKeys { id } }`))).toBe("FORBIDDEN");
    expect(code(await as(REVOKE, { id: target.apiKey.id }))).toBe("FORBIDDEN");
    expect(await opened.store.listApiKeys()).toEqual(before);
    expect((await api.as(target.key)(WHO)).status).toBe(200);
  });

  it.each([
    ["an empty name", { name: "  ", role: "VIEWER" }, "BAD_USER_INPUT", "input.name"],
    ["a 201-character name", { name: "k".repeat(201), role: "VIEWER" }, "BAD_USER_INPUT", "input.name"],
    ["a MANAGER key without a manager", { name: "M", role: "MANAGER" }, "BAD_USER_INPUT", "input.managerId"],
    ["a VIEWER key with a manager", { name: "V", role: "VIEWER", managerId: "mgr_one" }, "BAD_USER_INPUT", "input.managerId"],
    ["an unknown manager", { name: "M", role: "MANAGER", managerId: "mgr_nope" }, "NOT_FOUND", "input.managerId"],
    ["an unknown role", { name: "R", role: "ROOT" }, "BAD_USER_INPUT", "input.role"],
  ])("answers %s with %s on %s, writing nothing", async (_name, input, expected, field) => {
    const before = await opened.store.listApiKeys();
    const response = await create(input);
    expect(code(response), JSON.stringify(response.errors)).toBe(expected);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(await opened.store.listApiKeys()).toEqual(before);
  });

  it("answers NOT_FOUND on id for revoking an unknown key", async () => {
    const response = await api.as(keys.admin)(REVOKE, { id: "key_nope" });
    expect(code(response)).toBe("NOT_FOUND");
    expect(response.errors?.[0]?.extensions?.field).toBe("id");
  });

  it("never shows the secret again: not in the listing, not in any log line, not its full hash", async () => {
    const { key, apiKey } = (await create({ name: "Secret keeper", role: "VIEWER" })).data.createApiKey;
    await api.as(key)(WHO);
    await api.as(`${key}x`)(WHO); // a near miss is logged as refused
    await api.as(keys.admin)(REVOKE, { id: apiKey.id });
    await api.as(key)(WHO);
    const listing = JSON.stringify((await api.as(keys.admin)(LIST)).data);
    expect(listing).toContain(apiKey.id);
    const secretBody = key.slice(4);
    for (const text of [listing, ...logs.lines.map((line) => JSON.stringify(line))]) {
      expect(text).not.toContain(secretBody);
      expect(text).not.toContain(hashApiKey(key));
    }
    expect(logs.lines.length).toBeGreaterThan(4);
  });

  it("never queries the store to authenticate: not for an unknown key, not for a stored one", async () => {
    const spy = spyOnStore(opened.store);
    const spied = await startKeyedApi(spy.store, keys.auth);
    try {
      const stored = (await spied.as(keys.admin)(CREATE, { input: { name: "Counted", role: "VIEWER" } })).data.createApiKey.key as string;
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the reload the create scheduled finish
      spy.reset();
      for (let i = 0; i < 25; i++) {
        const response = await spied.as(`agk_guess_${i}_${Math.random().toString(36).slice(2)}`)(WHO);
        expect(response.status).toBe(401);
        const known = await spied.as(stored)(`{ __typename }`);
        expect(known.status).toBe(200);
      }
      expect(Object.fromEntries(spy.calls)).toEqual({});
    } finally {
      await spied.close();
    }
  });

  it("reaches another instance within its reload interval, and a revoke here is immediate here", async () => {
    const other = await startKeyedApi(opened.store, keys.auth, { pollIntervalMs: 200 });
    try {
      const { key, apiKey } = (await create({ name: "Roaming", role: "VIEWER" })).data.createApiKey;
      expect((await api.as(key)(WHO)).status).toBe(200);
      await eventually(async () => (await other.as(key)(WHO)).status === 200);
      await api.as(keys.admin)(REVOKE, { id: apiKey.id });
      expect((await api.as(key)(WHO)).status).toBe(401);
      const took = await eventually(async () => (await other.as(key)(WHO)).status === 401);
      expect(took).toBeLessThan(2_000);
    } finally {
      await other.close();
    }
  });
});

describe("stored API keys in local-development mode", () => {
  it("are not enforced (the mode comes from configuration), and the start-up log says so", async () => {
    const opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
    const logs = captureLogger();
    await opened.store.createApiKey({ name: "Left over", role: "ADMIN", managerId: null, sha256: hashApiKey("left-over"), createdBy: "test" });
    const api = await startKeyedApi(opened.store, { mode: "open" }, { logger: logs.logger });
    try {
      expect((await api.as()(WHO)).status).toBe(200);
      expect(logs.lines.some((line) => String(line.msg).includes("authentication is off") && line.storedApiKeys === 1)).toBe(true);
    } finally {
      await api.close();
      await opened.cleanup();
    }
  });
});

describe("field guard on API key fields", () => {
  it("refuses apiKeys to MANAGER and VIEWER before any service runs", async () => {
    const schema = guardEveryField(await buildAccountGraphSchema());
    for (const actor of [
      { role: "VIEWER", managerId: null, subject: "t" },
      { role: "MANAGER", managerId: "mgr_one", subject: "t" },
    ] as const) {
      // No services in the context: only the guard can answer FORBIDDEN here.
      const result = await graphql({ schema, source: "{ apiKeys { id } }", contextValue: { actor } });
      expect(result.errors?.[0]?.originalError).toBeInstanceOf(ForbiddenError);
    }
  });
});
