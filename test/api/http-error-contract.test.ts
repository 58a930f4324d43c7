/**
 * The error contract of /graphql through HTTP, for the requests a black-box probe found
 * answered outside it: every error body carries a stable `extensions.code` and the
 * request id (README: "Every error carries extensions.requestId"); client mistakes are
 * 4xx with their own code, never INTERNAL_SERVER_ERROR nor logged at error level;
 * values GraphQL itself refuses name their input field; wrong methods get 405 with Allow;
 * paths nothing is served at get 404 NOT_FOUND in the same shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLResponse } from "../support/api-client.js";
import { captureLogger, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;
const CREATE = `mutation($i: AccountInput!) { createAccount(input: $i) { id } }`;

describe("the HTTP error contract of /graphql", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const logs = captureLogger("info");
  let sent = 0;

  /** Sends `init` with a fresh x-request-id; answers the status, headers, body and that id. */
  async function send(path: string, init: RequestInit = {}) {
    const requestId = `req-contract-${++sent}`;
    const response = await fetch(new URL(path, api.url), {
      ...init,
      headers: { ...(init.headers as Record<string, string>), "x-request-id": requestId },
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as GraphQLResponse, requestId };
  }
  const post = (body: string, contentType = "application/json") =>
    send("/graphql", { method: "POST", headers: { "content-type": contentType }, body });
  const operation = (query: string, variables?: Record<string, unknown>) => post(JSON.stringify({ query, variables }));

  beforeAll(async () => {
    opened = await sqlite.make();
    await opened.store.importDataset(tinyDataset());
    api = await startSecuredApi(opened.store, { logger: logs.logger });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  describe("automatic persisted query mistakes", () => {
    const apq = (persistedQuery: unknown) => JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery } });
    it.each([
      ["a hash that does not match the query", apq({ version: 1, sha256Hash: "aaaa" })],
      ["an unsupported version", apq({ version: 2, sha256Hash: "aaaa" })],
      ["no sha256Hash", apq({ version: 1 })],
      ["a persistedQuery that is not an object", apq("x")],
    ])("answers %s 400 BAD_REQUEST with Apollo's message, not an internal error", async (_name, body) => {
      const { status, body: response, requestId } = await post(body);
      expect(status).toBe(400);
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]?.extensions).toEqual({ code: "BAD_REQUEST", requestId });
      expect(response.errors?.[0]?.message).toMatch(/persisted query|sha/i);
    });

    it("keeps Apollo's PERSISTED_QUERY_NOT_FOUND for an unknown hash, which clients answer by sending the query", async () => {
      const { body, requestId } = await post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "a".repeat(64) } } }));
      expect(body.errors?.[0]?.extensions).toEqual({ code: "PERSISTED_QUERY_NOT_FOUND", requestId });
    });
  });

  describe("requests refused before any operation runs", () => {
    const tooLarge = JSON.stringify({ query: "{ __typename }", variables: { x: "a".repeat(4 * 1024 * 1024 + 1) } });
    it.each([
      ["a body that is not JSON", () => post("{bad"), 400],
      ["a body over 4 MiB", () => post(tooLarge), 413],
      ["a batched array", () => post(`[{"query":"{ __typename }"}]`), 400],
      ["a JSON string body", () => post(`"{ __typename }"`), 400],
      ["a null body", () => post("null"), 400],
      ["variables as a JSON string", () => post(`{"query":"{ __typename }","variables":"{}"}`), 400],
      ["a numeric operationName", () => post(`{"query":"{ __typename }","operationName":5}`), 400],
      ["GET variables that are not JSON", () => send("/graphql?query=%7B__typename%7D&variables=%7Bbad"), 400],
      ["a text/plain POST (possible forgery)", () => post(`{"query":"{ __typename }"}`, "text/plain"), 400],
      ["PUT", () => send("/graphql", { method: "PUT" }), 405],
    ])("answers %s with a code and the request id", async (_name, request, expected) => {
      const { status, headers, body, requestId } = await request();
      expect(status).toBe(expected);
      expect(headers.get("x-request-id")).toBe(requestId);
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors ?? []) expect(error.extensions).toMatchObject({ code: "BAD_REQUEST", requestId });
    });

    it.each(["OPTIONS", "DELETE", "HEAD"])("answers %s on /graphql 405 with Allow, not a forgery refusal", async (method) => {
      const { status, headers, body, requestId } = await send("/graphql", { method });
      expect(status).toBe(405);
      expect(headers.get("allow")).toBe("GET, POST");
      if (method !== "HEAD") expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_REQUEST", requestId });
    });

    it.each(["/export/influence.gexf", "/explorer", "/schema.graphql"])("answers a POST to %s 405 with Allow: GET, HEAD", async (path) => {
      const { status, headers, body, requestId } = await send(path, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(status).toBe(405);
      expect(headers.get("allow")).toBe("GET, HEAD");
      expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_REQUEST", requestId });
    });
  });

  describe("paths nothing is served at", () => {
    it.each([
      ["GET of an unknown path", "/nope", {}],
      ["POST of an unknown path", "/graphql/extra", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
      ["an asset of a type never served", "/assets/tool.exe", {}],
      ["a path escaping the assets folder", "/assets/%2e%2e/package.json", {}],
    ])("answers %s 404 NOT_FOUND with the request id", async (_name, path, init) => {
      const { status, headers, body, requestId } = await send(path, init as RequestInit);
      expect(status).toBe(404);
      expect(headers.get("content-type")).toMatch(/^application\/json/);
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", requestId });
      expect(body.errors?.[0]?.message).toEqual(expect.any(String));
    });
  });

  describe("values GraphQL refuses name their input field", () => {
    it.each([
      ["an unknown enum value", { name: "V1", segment: "GIANT" }, ["input.segment"]],
      ["a fractional Int", { name: "V1", licencesHeld: 1.5 }, ["input.licencesHeld"]],
      ["an Int past 32 bits", { name: "V1", licencesHeld: 99_999_999_999 }, ["input.licencesHeld"]],
      ["a Float that is not a number", { name: "V1", grossMargin: "NaN" }, ["input.grossMargin"]],
      ["an unknown input field, beside a bad enum", { name: "V1", segment: "GIANT", bogus: 1 }, ["input.segment", "input.bogus"]],
      ["a number for a String", { name: 5 }, ["input.name"]],
    ])("in a variable: %s is BAD_USER_INPUT on the argument's path", async (_name, input, fields) => {
      const { status, body, requestId } = await operation(CREATE, { i: input });
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((error) => error.extensions)).toEqual(fields.map((field) => ({ code: "BAD_USER_INPUT", field, requestId })));
    });

    it("maps a variable nested in an argument's object to that argument's path", async () => {
      const { body } = await operation(`mutation($s: Segment) { createAccount(input: { name: "V1", segment: $s }) { id } }`, { s: "GIANT" });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.segment" });
    });

    it("names the variable when it has no one argument path: used twice, or as a list item", async () => {
      const twice = await operation(
        `query($r: [String!]) { a: accounts(first: 1, filter: { regions: $r }) { totalCount } b: accounts(first: 2, filter: { regions: $r }) { totalCount } }`,
        {
          r: ["North", 5],
        },
      );
      expect(twice.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "r[1]" });
      const item = await operation(`query($s: Segment!) { accounts(first: 1, filter: { segments: [$s] }) { totalCount } }`, { s: "GIANT" });
      expect(item.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "s" });
    });

    it("names a missing required variable by the argument it feeds", async () => {
      const { status, body } = await operation(CREATE);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input" });
    });

    it.each([
      ["an unknown enum literal", `mutation { createAccount(input: { name: "V1", segment: GIANT }) { id } }`, "input.segment"],
      ["an Int literal past 32 bits", `mutation { createAccount(input: { name: "V1", licencesHeld: 99999999999 }) { id } }`, "input.licencesHeld"],
      ["an unknown input field literal", `mutation { createAccount(input: { name: "V1", bogus: 1 }) { id } }`, "input.bogus"],
      ["a bad list item literal", `{ accounts(first: 1, filter: { segments: [SMALL_BUSINESS, GIANT] }) { totalCount } }`, "filter.segments[1]"],
      ["an unknown enum literal argument", `{ accountsAggregate(groupBy: COLOUR) { count } }`, "groupBy"],
    ])("inline: %s is BAD_USER_INPUT (400) naming the field", async (_name, query, field) => {
      const { status, body, requestId } = await operation(query);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field, requestId });
    });

    it.each([
      [
        "an enum default of a variable passed to one argument field",
        `mutation($s: Segment = GIANT) { createAccount(input: { name: "V1", segment: $s }) { id } }`,
        "input.segment",
      ],
      [
        "a field of an input object default",
        `mutation($i: AccountInput = { name: "V1", segment: GIANT }) { createAccount(input: $i) { id } }`,
        "input.segment",
      ],
      [
        "a list item of a list default",
        `query($r: [Segment!] = [SMALL_BUSINESS, GIANT]) { accounts(first: 1, filter: { segments: $r }) { totalCount } }`,
        "filter.segments[1]",
      ],
      [
        "a default of a variable used as a list item",
        `query($s: Segment = GIANT) { accounts(first: 1, filter: { segments: [$s] }) { totalCount } }`,
        "s",
      ],
    ])("a variable default: %s is BAD_USER_INPUT (400) named as the variable's value would be", async (_name, query, field) => {
      const { status, body, requestId } = await operation(query);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((error) => error.extensions)).toEqual([{ code: "BAD_USER_INPUT", field, requestId }]);
    });

    it("keeps GRAPHQL_VALIDATION_FAILED for documents that do not fit the schema otherwise", async () => {
      const { status, body } = await operation(`{ accounts(first: 1) { nope } }`);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors?.[0]?.extensions?.field).toBeUndefined();
    });
  });

  describe("removeMembership names the id that names nothing", () => {
    it.each([
      ["an unknown community", "acc_cyd", "com_nope", "communityId"],
      ["an unknown account", "acc_nope", "com_chamber", "accountId"],
      ["an account that is not a member of an existing community", "acc_cyd", "com_chamber", "communityId"],
    ])("%s: NOT_FOUND on %s", async (_name, accountId, communityId, field) => {
      const { body } = await operation(`mutation($a: ID!, $c: ID!) { removeMembership(accountId: $a, communityId: $c) { accountId } }`, {
        a: accountId,
        c: communityId,
      });
      expect(body.data).toEqual({ removeMembership: null });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field });
    });
  });

  describe("calendar dates", () => {
    it("refuses a date before 1900 naming the accepted range; accepts 1900-01-01 and an open-ended 9999-12-31", async () => {
      const early = await operation(CREATE, { i: { name: "Y1", customerSince: "1899-12-31" } });
      expect(early.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.customerSince" });
      expect(early.body.errors?.[0]?.message).toContain("1900-01-01");
      const bounds = await operation(`mutation($i: AccountInput!) { createAccount(input: $i) { customerSince renewalDate } }`, {
        i: { name: "Y2", customerSince: "1900-01-01", renewalDate: "9999-12-31" },
      });
      expect(bounds.body.errors).toBeUndefined();
      expect(bounds.body.data).toEqual({ createAccount: { customerSince: "1900-01-01", renewalDate: "9999-12-31" } });
    });
  });

  it("logged none of these client mistakes at error level", () => {
    expect(logs.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
