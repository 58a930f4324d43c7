/**
 * docs/threats.md rows 1-6 and 8-10 through HTTP: oversized documents are refused before
 * any resolver runs (the store sees no call), with a stable code; legitimate deep or
 * aliased operations up to the limits still run; batching, CSRF-prone requests,
 * introspection and "did you mean" hints in production are refused.
 */
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATION_LIMIT_DEFAULTS } from "../../../src/api/limits/operation-limits.js";
import { COMPLEXITY_DEFAULTS } from "../../../src/api/limits/query-complexity.js";
import type { GraphQLResponse } from "../../support/api-client.js";
import { startSecuredApi } from "../../support/secured-api.js";
import { spyOnStore } from "../../support/store-spies.js";
import { STORE_FACTORIES, type OpenedStore } from "../../support/store-factories.js";
import { tinyDataset } from "../../support/tiny-dataset.js";

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;

interface RawResponse {
  status: number;
  body: GraphQLResponse;
}

async function post(url: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): Promise<RawResponse> {
  const response = await fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse };
}

const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(" ");

/** Fragments F0..F(levels-1), each but the last spreading the next twice: 2^(levels-1) copies of `leaf`. */
function fragmentBomb(levels: number, leaf: string): string {
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment F${i} on Query { ${leaf} }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
  );
  return `query Bomb { ...F0 } ${fragments.join(" ")}`;
}

describe("query limits", () => {
  let opened: OpenedStore;
  let spy: ReturnType<typeof spyOnStore>;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await sqlite.make();
    const dataset = tinyDataset();
    // A manager with a big book: planning it is priced by its size.
    dataset.managers.push({ id: "mgr_big", name: "Bea Bigbook", email: "bea@example.com", weeklyCapacityHours: 40 });
    for (let i = 0; i < 400; i++) dataset.accounts.push({ ...dataset.accounts[0]!, id: `acc_big_${i}`, name: `Big ${i}`, ownerId: "mgr_big" });
    await opened.store.importDataset(dataset);
    spy = spyOnStore(opened.store);
    api = await startSecuredApi(spy.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  /** Sends `query`; asserts it was refused with `status` and `code` and that no store call happened. */
  async function expectRefused(query: string, status: number, code: string, variables?: Record<string, unknown>) {
    spy.reset();
    const { status: actual, body } = await post(api.url, { query, variables });
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body.errors)).toBe(code);
    expect(actual).toBe(status);
    expect(body.data).toBeUndefined();
    expect(Object.fromEntries(spy.calls)).toEqual({});
    return body.errors![0]!;
  }

  it("refuses depth over the limit counted through a fragment, before any resolver", async () => {
    const error = await expectRefused(
      `query Deep { accounts(first: 1) { edges { node { ...Chain } } } }
       fragment Chain on Account { outgoingLinks { to { outgoingLinks { to { outgoingLinks { to { outgoingLinks { to { name } } } } } } } } }`,
      400,
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect(error.extensions).toMatchObject({ limit: "MAX_DEPTH", max: OPERATION_LIMIT_DEFAULTS.maxDepth, actual: 12 });
  });

  it("counts a reused fragment at its deepest use", async () => {
    // Each hop adds 4 levels: owner > accounts > edges > node.
    const hops = (n: number, inner: string): string =>
      n === 0 ? inner : `owner { accounts(first: 1) { edges { node { ${hops(n - 1, inner)} } } } }`;
    const document = (n: number) =>
      `{ accounts(first: 1) { edges { node { ...L } } } account(id: "acc_ada") { ${hops(n, "...L")} } }
       fragment L on Account { id name }`;
    const ok = await post(api.url, { query: document(2) }); // account 1 + 2×4 + fragment 1 = 10
    expect(ok.body.errors).toBeUndefined();
    const error = await expectRefused(document(3), 400, "GRAPHQL_VALIDATION_FAILED");
    expect(error.extensions).toMatchObject({ limit: "MAX_DEPTH", actual: 14 });
  });

  it("runs a real operation at exactly the depth limit", async () => {
    const { status, body } = await post(api.url, {
      query: `{ accounts(first: 2) { edges { node { outgoingLinks { to { owner { accounts(first: 2) { edges { node { name } } } } } } } } } }`,
    });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data).toBeTruthy();
  });

  it("refuses alias flooding over the limit and accepts it at the limit", async () => {
    const aliases = (n: number) => `{ ${repeat(n, (i) => `a${i}: accountManagers { id }`)} }`;
    const ok = await post(api.url, { query: aliases(OPERATION_LIMIT_DEFAULTS.maxAliases) });
    expect(ok.body.errors).toBeUndefined();
    const error = await expectRefused(aliases(OPERATION_LIMIT_DEFAULTS.maxAliases + 1), 400, "GRAPHQL_VALIDATION_FAILED");
    expect(error.extensions).toMatchObject({ limit: "MAX_ALIASES", actual: OPERATION_LIMIT_DEFAULTS.maxAliases + 1 });
  });

  it("refuses a 30-fragment bomb (2^29 selections) fast, without blowing up memory", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await expectRefused(fragmentBomb(30, "accountManagers { id }"), 400, "GRAPHQL_VALIDATION_FAILED");
    expect(error.message).toMatch(/recursively requests too many selections/); // Apollo's maxRecursiveSelections
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it("counts aliases through fragment spreads: an 11-fragment bomb of one alias is 2^10 = 1,024 aliases", async () => {
    const error = await expectRefused(fragmentBomb(11, "m: accountManagers { id }"), 400, "GRAPHQL_VALIDATION_FAILED");
    expect(error.extensions).toMatchObject({ limit: "MAX_ALIASES", actual: 1024 });
  });

  it("refuses circular fragments and keeps serving", async () => {
    const error = await expectRefused(
      `query Loop { ...A } fragment A on Query { accountManagers { id } ...B } fragment B on Query { communities { id } ...A }`,
      400,
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect(error.message).toMatch(/Cannot spread fragment/);
    expect((await post(api.url, { query: "{ accountManagers { id } }" })).status).toBe(200);
  });

  it("refuses a token flood at the parser", async () => {
    const error = await expectRefused(`{ ${"__typename ".repeat(6_000)} }`, 400, "GRAPHQL_PARSE_FAILED");
    expect(error.message).toMatch(/more (than|that) 5000 tokens/);
  });

  it("refuses a directive flood", async () => {
    const error = await expectRefused(
      `{ ${repeat(OPERATION_LIMIT_DEFAULTS.maxDirectives + 1, () => "__typename @include(if: true)")} }`,
      400,
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect(error.extensions).toMatchObject({ limit: "MAX_DIRECTIVES" });
  });

  it("refuses a huge page size as too complex, before the resolver", async () => {
    const error = await expectRefused(`{ accounts(first: 99999999) { edges { node { name owner { name } } } } }`, 400, "QUERY_TOO_COMPLEX");
    expect(error.extensions).toMatchObject({ maxCost: COMPLEXITY_DEFAULTS.maxCost });
    expect(error.extensions!.cost as number).toBeGreaterThan(COMPLEXITY_DEFAULTS.maxCost);
  });

  it("prices Monte Carlo by its arguments: 30 aliases of a k=100, 10,000-simulation advocate search are refused before any runs", async () => {
    const heavy = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: recommendAdvocates(k: 100, simulations: 10000, seed: ${i}) { expectedSpread }`).join(" ")} }`;
    const error = await expectRefused(heavy(30), 400, "QUERY_TOO_COMPLEX");
    expect(error.extensions!.cost as number).toBeGreaterThan(COMPLEXITY_DEFAULTS.maxCost);
    // The same field with the README's arguments is cheap.
    const cheap = await post(api.url, { query: `{ recommendAdvocates(k: 5, simulations: 1000, seed: 1) { expectedSpread } }` });
    expect(cheap.body.errors).toBeUndefined();
  });

  it("prices a plan by the manager's book: 30 plans or backtests of a 400-account book are refused before any fit", async () => {
    const plans = `{ ${repeat(30, (i) => `p${i}: planTime(managerId: "mgr_big", hours: ${10 + i}) { totals { minutes } }`)} }`;
    const error = await expectRefused(plans, 400, "QUERY_TOO_COMPLEX");
    expect(error.extensions!.cost as number).toBeGreaterThan(COMPLEXITY_DEFAULTS.maxCost);
    await expectRefused(
      `{ ${repeat(30, (i) => `b${i}: planBacktest(managerId: "mgr_big", holdoutPeriods: ${1 + (i % 8)}) { points }`)} }`,
      400,
      "QUERY_TOO_COMPLEX",
    );
    // Plans of a four-account book cost what fitting it costs.
    const small = await post(api.url, {
      query: `{ ${repeat(3, (i) => `p${i}: planTime(managerId: "mgr_one", hours: ${10 + i}) { totals { minutes } }`)} }`,
    });
    expect(small.body.errors).toBeUndefined();
  });

  it("prices list arguments by their length, per use: a 9,000-id list under 12 aliases is refused by its price before any read", async () => {
    const ids = Array.from({ length: 9_000 }, (_, i) => `m${i}`);
    const aliased = (n: number) =>
      `query Many($ids: [ID!]) { ${Array.from({ length: n }, (_, i) => `a${i}: accounts(first: 1, filter: { ownerIds: $ids }) { totalCount }`).join(" ")} }`;
    const error = await expectRefused(aliased(12), 400, "QUERY_TOO_COMPLEX", { ids });
    expect(error.extensions!.cost as number).toBeGreaterThan(COMPLEXITY_DEFAULTS.maxCost);
    // Alone, the same list is priced under the limit and refused by the filter's own cap instead.
    const once = await post(api.url, { query: aliased(1), variables: { ids } });
    expect(once.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.ownerIds" });
  });

  it("refuses a filter of 200,000 ids before it is read or priced: variables over MAX_VARIABLE_VALUES", async () => {
    const query = `query Many($ids: [ID!]) { accounts(first: 5, filter: { ownerIds: $ids }) { totalCount } }`;
    const ids = Array.from({ length: 200_000 }, (_, i) => `m${i}`);
    const error = await expectRefused(query, 400, "BAD_USER_INPUT", { ids });
    expect(error.extensions!.limit).toBe("MAX_VARIABLE_VALUES");
  });

  it("refuses a cheap page over the page-size cap with BAD_USER_INPUT", async () => {
    const { status, body } = await post(api.url, { query: `{ accounts(first: 101) { totalCount } }` });
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("prices page sizes given as variables", async () => {
    const query = `query Pages($n: Int) { accounts(first: $n) { edges { node { outgoingLinks { to { owner {
      accounts(first: $n) { edges { node { name } } } } } } } } } }`;
    const small = await post(api.url, { query, variables: { n: 5 } });
    expect(small.body.errors).toBeUndefined();
    const error = await expectRefused(query, 400, "QUERY_TOO_COMPLEX", { n: 100 });
    expect(error.message).toMatch(/estimated cost \d+ is over the limit of 5000/);
  });

  it("prices a repeated query per variable set: a remembered cost never lets an expensive one through", async () => {
    const query = `query Again($n: Int) { accounts(first: $n) { edges { node { outgoingLinks { to { owner {
      accounts(first: $n) { edges { node { name } } } } } } } } } }`;
    for (let round = 0; round < 2; round++) {
      expect((await post(api.url, { query, variables: { n: 5 } })).body.errors).toBeUndefined();
      await expectRefused(query, 400, "QUERY_TOO_COMPLEX", { n: 100 });
    }
  });

  it("never remembers the cost of variables that do not coerce: 1e999 (Infinity) does not open the door for null", async () => {
    const query = `query Unbounded($n: Int) { accounts(first: $n) { edges { node { outgoingLinks { to { owner {
      accounts(first: 100) { edges { node { name } } } } } } } } } }`;
    // Infinity does not coerce to Int: refused by execution (not priced), nothing remembered...
    const infinite = await post(api.url, `{"query":${JSON.stringify(query)},"variables":{"n":1e999}}`);
    expect(infinite.body.errors?.[0]?.extensions?.code, JSON.stringify(infinite.body.errors)).toBe("BAD_USER_INPUT");
    // ...so null (the same JSON key) is priced on its own: the default page size, far over the cap.
    await expectRefused(query, 400, "QUERY_TOO_COMPLEX", { n: null });
  });

  it("refuses lists inside lists that multiply past the cap", async () => {
    await expectRefused(
      `{ accountManagers { accounts(first: 100) { edges { node { outgoingLinks { to { incomingLinks { id } } } } } } } }`,
      400,
      "QUERY_TOO_COMPLEX",
    );
  });

  it("refuses batched HTTP arrays", async () => {
    spy.reset();
    const { status, body } = await post(api.url, [{ query: "{ accountManagers { id } }" }, { query: "{ communities { id } }" }]);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/batch/i);
    expect(spy.total()).toBe(0);
  });

  describe("CSRF prevention", () => {
    const mutation = `mutation { createAccount(input: { name: "Forged" }) { id } }`;

    it.each([
      ["a simple-request POST (text/plain)", { "content-type": "text/plain" }],
      ["a form POST", { "content-type": "application/x-www-form-urlencoded" }],
      ["a POST without content type", {} as Record<string, string>],
    ])("blocks %s and writes nothing", async (_name, headers) => {
      const before = await opened.store.counts();
      const response = await fetch(api.url, { method: "POST", headers, body: JSON.stringify({ query: mutation }) });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
      expect(await opened.store.counts()).toEqual(before);
    });

    it("serves a read-only GET query without a preflight header, as urql sends it", async () => {
      const response = await fetch(`${api.url}?query=${encodeURIComponent("{ accountManagers { id } }")}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown }).data).toEqual({ accountManagers: expect.any(Array) });
    });

    it("refuses a GET mutation without the preflight header too, and writes nothing", async () => {
      const before = await opened.store.counts();
      const response = await fetch(`${api.url}?query=${encodeURIComponent(mutation)}`);
      expect(response.status).toBe(405);
      expect(await opened.store.counts()).toEqual(before);
    });

    it("refuses a GET mutation even with the preflight header", async () => {
      const before = await opened.store.counts();
      const response = await fetch(`${api.url}?query=${encodeURIComponent(mutation)}`, { headers: { "apollo-require-preflight": "true" } });
      expect(response.status).toBe(405);
      expect(await opened.store.counts()).toEqual(before);
    });

    it("serves a GET query that forces a preflight", async () => {
      const response = await fetch(`${api.url}?query=${encodeURIComponent("{ accountManagers { id } }")}`, {
        headers: { "apollo-require-preflight": "true" },
      });
      expect(response.status).toBe(200);
    });
  });

  it("lets Apollo Sandbox introspect in development, within the limits", async () => {
    const { status, body } = await post(api.url, { query: getIntrospectionQuery() });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
  });

  it("suggests field names in development", async () => {
    const { body } = await post(api.url, { query: "{ acountManagers { id } }" });
    expect(body.errors?.[0]?.message).toMatch(/Did you mean/);
  });
});

describe("production hygiene", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await sqlite.make();
    api = await startSecuredApi(opened.store, { production: true });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("refuses introspection", async () => {
    for (const query of [getIntrospectionQuery(), "{ __schema { types { name } } }", `{ __type(name: "Account") { fields { name } } }`]) {
      const { status, body } = await post(api.url, { query });
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors?.[0]?.message).toMatch(/introspection/i);
    }
  });

  it("gives no field suggestions", async () => {
    const { status, body } = await post(api.url, { query: "{ acountManagers { id } }" });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean|accountManagers/);
  });

  it("still answers __typename, which reveals nothing", async () => {
    const { body } = await post(api.url, { query: "{ __typename }" });
    expect(body.data).toEqual({ __typename: "Query" });
  });
});
