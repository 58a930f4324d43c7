/**
 * RELIABILITY.md rows 24-25 through HTTP on a production server with API keys: no
 * "did you mean" hint anywhere, variable coercion errors included (any role could
 * otherwise map input types and enum values without introspection); and client
 * mistakes the server cannot process — deeply nested variables (even unused), a
 * subscription, documents nesting thousands of levels — answered 400 with a stable code,
 * never logged at error level, and the server keeps serving. Requests outside GraphQL that
 * the server refuses (no such path, a diagnostics call without ADMIN credentials) answer
 * in the same error shape, with a code and the request id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NESTING_DEFAULTS } from "../../src/api/limits/request-nesting.js";
import type { GraphQLResponse } from "../support/api-client.js";
import { captureLogger, makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;
const DIAGNOSTICS = "/internal/test-counts";

describe("client mistakes on a production server", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys(["mgr_one"]);
  const logs = captureLogger("info");

  async function post(body: string, credential = keys.viewer): Promise<{ status: number; body: GraphQLResponse }> {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
      body,
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  }
  const request = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

  beforeAll(async () => {
    opened = await sqlite.make();
    await opened.store.importDataset(tinyDataset());
    api = await startSecuredApi(opened.store, {
      production: true,
      auth: keys.auth,
      logger: logs.logger,
      diagnostics: { path: DIAGNOSTICS, read: () => ({ reads: 1 }) },
    });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  describe("no schema hints in production", () => {
    it.each([
      [
        "an unknown input field in a variable",
        request(`query($f: InfluenceHubFilterInput) { influenceHubs(metric: PAGERANK, filter: $f) { totalCount } }`, { f: { keystone: true } }),
        "keystoneOnly",
      ],
      [
        "a misspelt enum value in an input variable",
        request(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }`, { i: { name: "k", role: "ADMN" } }),
        "ADMIN",
      ],
      ["a misspelt enum variable", request(`query($m: InfluenceMetric!) { influenceHubs(metric: $m) { totalCount } }`, { m: "PAGERNK" }), "PAGERANK"],
      ["a misspelt enum literal", request(`{ influenceHubs(metric: PAGERNK) { totalCount } }`), "PAGERANK"],
      ["a misspelt field", request(`{ accounts(first: 1) { totalCont } }`), "totalCount"],
    ])("%s: the error names no existing field or value", async (_name, body, hidden) => {
      const { status, body: response } = await post(body, keys.admin);
      expect(status).toBe(400);
      expect(["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]).toContain(response.errors?.[0]?.extensions?.code);
      const messages = (response.errors ?? []).map((error) => error.message).join("\n");
      expect(messages).not.toMatch(/did you mean/i);
      expect(messages).not.toContain(hidden);
    });
  });

  describe("refusals outside GraphQL: the same error shape, with a code and the request id", () => {
    let sent = 0;
    async function get(path: string, headers: Record<string, string> = {}) {
      const requestId = `req-mistake-${++sent}`;
      const response = await fetch(new URL(path, api.url), { headers: { ...headers, "x-request-id": requestId } });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse, requestId };
    }

    it.each([
      ["no credential", {}, 401, "UNAUTHENTICATED"],
      ["a key that is not known", { authorization: "Bearer ag_unknown" }, 401, "UNAUTHENTICATED"],
      ["a VIEWER key", { authorization: `Bearer ${keys.viewer}` }, 403, "FORBIDDEN"],
    ])("a diagnostics call with %s: %i %s", async (_name, headers, status, code) => {
      const response = await get(DIAGNOSTICS, headers);
      expect(response.status).toBe(status);
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code, requestId: response.requestId });
      if (status === 401) expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    });

    it("answers ADMIN the diagnostics themselves", async () => {
      const response = await get(DIAGNOSTICS, { authorization: `Bearer ${keys.admin}` });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ reads: 1 });
    });

    it("answers the schema download, which production does not serve, 404 NOT_FOUND", async () => {
      const response = await get("/schema.graphql");
      expect(response.status).toBe(404);
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", requestId: response.requestId });
    });
  });

  describe("mistakes the server cannot process: 400 with a clear code", () => {
    const deepArray = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;

    it.each([
      ["unused variables nested 100,000 levels", `{"query":"{ __typename }","variables":{"x":${deepArray(100_000)}}}`],
      [
        "a used input variable nested 10,000 levels",
        `{"query":"query($f: AccountFilterInput) { accounts(first: 1, filter: $f) { totalCount } }","variables":{"f":{"regions":${deepArray(10_000)}}}}`,
      ],
      ["extensions nested 100,000 levels", `{"query":"{ __typename }","extensions":{"x":${deepArray(100_000)}}}`],
    ])("refuses %s with BAD_USER_INPUT", async (_name, body) => {
      const { status, body: response } = await post(body);
      expect(status).toBe(400);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        limit: "MAX_VARIABLE_DEPTH",
        max: NESTING_DEFAULTS.maxVariableDepth,
      });
      expect(response.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
    });

    it("accepts variables nested as deep as the input types go", async () => {
      const { status, body } = await post(
        request(`query($f: AccountFilterInput) { accounts(first: 1, filter: $f) { totalCount } }`, {
          f: { regions: ["North"], segments: ["MID_MARKET"] },
        }),
      );
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
    });

    it("refuses variables holding more values than any argument takes, before coercing them; accepts a long list below it", async () => {
      const query = `query($ids: [ID!]) { accounts(first: 1, filter: { ownerIds: $ids }) { totalCount } }`;
      const ids = (n: number) => Array.from({ length: n }, (_, i) => `mgr_${i}`);
      const refused = await post(request(query, { ids: ids(150_000) }));
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        limit: "MAX_VARIABLE_VALUES",
        max: NESTING_DEFAULTS.maxVariableValues,
      });
      const accepted = await post(request(query, { ids: ids(1_000) }));
      expect(accepted.body.errors).toBeUndefined();
      expect(accepted.body.data).toEqual({ accounts: { totalCount: 0 } });
    });

    it.each([
      [
        "1,000 nested selections",
        `{ ${'account(id: "acc_ada") { '.repeat(1)}${"owner { accounts { edges { node { ".repeat(250)}id${" } } } }".repeat(250)} } }`,
      ],
      ["a list argument nested 2,000 levels", `{ accounts(first: 1, filter: { regions: ${deepArray(2_000)} }) { totalCount } }`],
      ["an object argument nested 1,200 levels", `{ accounts(first: 1, filter: ${"{ a: ".repeat(1_200)}1${" }".repeat(1_200)}) { totalCount } }`],
    ])("refuses a document with %s before parsing it", async (_name, query) => {
      const { status, body } = await post(JSON.stringify({ query }));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: "GRAPHQL_PARSE_FAILED",
        limit: "MAX_NESTING",
        max: NESTING_DEFAULTS.maxDocumentNesting,
      });
      expect(body.errors?.[0]?.message).not.toMatch(/call stack/i);
    });

    it("refuses the same over GET, and does not count brackets inside strings", async () => {
      const search = new URLSearchParams({ query: "{ __typename }", variables: JSON.stringify({ x: JSON.parse(deepArray(1_000)) }) });
      const response = await fetch(`${api.url}?${search}`, { headers: { authorization: `Bearer ${keys.viewer}`, "apollo-require-preflight": "1" } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as GraphQLResponse).errors?.[0]?.extensions?.limit).toBe("MAX_VARIABLE_DEPTH");
      const brackets = "{[(".repeat(200);
      const { status, body } = await post(request(`{ accounts(first: 1, filter: { nameContains: "${brackets}" }) { totalCount } } # ${brackets}`));
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
    });

    it("refuses a subscription at validation: this API has none", async () => {
      const { status, body } = await post(request(`subscription { accounts(first: 1) { totalCount } }`));
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors?.[0]?.message).toMatch(/subscription/);
      expect(body.data).toBeUndefined();
    });

    it("logged none of them at error level, and still serves", async () => {
      expect(logs.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
      const { status, body } = await post(request(`{ accounts(first: 1) { totalCount } }`));
      expect(status).toBe(200);
      expect(body.data).toEqual({ accounts: { totalCount: 5 } });
    });
  });
});
