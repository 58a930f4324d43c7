/**
 * GraphQL-over-HTTP conformance (docs/threats.md row 12): graphql-http's serverAudits
 * against the real server, with authentication on (an ADMIN key on every audit
 * request). Every MUST audit passes. The SHOULD / MAY audits that do not pass are
 * listed here with the reason; any change in that list fails the test, so a fix (or
 * a regression) is noticed.
 */
import { serverAudits, type AuditResult } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApiKeys, startSecuredApi } from "../support/secured-api.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";

/** Audit id -> why it fails against Apollo Server 5 as configured here. */
const KNOWN_FAILURES: Record<string, string> = {
  // Apollo answers 400 to parse / validation / coercion failures even when the client
  // accepts only application/json; the spec's "legacy" watershed recommends 200 there.
  // Clients that send `Accept: application/graphql-response+json` get the spec's 400.
  "572B": "SHOULD use 200 status code on document parsing failure when accepting application/json",
  FDE2: "SHOULD use 200 status code on document validation failure when accepting application/json",
  "7B9B": "SHOULD use a status code of 200 on variable coercion failure when accepting application/json",
};

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;

describe("graphql-http server audits", () => {
  let opened: OpenedStore;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;
  const keys = makeApiKeys([]);
  const results: AuditResult[] = [];

  beforeAll(async () => {
    opened = await sqlite.make();
    api = await startSecuredApi(opened.store, { auth: keys.auth });
    const authorizedFetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set("authorization", `Bearer ${keys.admin}`);
      return fetch(input, { ...init, headers });
    };
    for (const audit of serverAudits({ url: new URL("/graphql", api.url).href, fetchFn: authorizedFetch })) {
      results.push(await audit.fn());
    }
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("ran the whole audit suite", () => {
    const count = (level: string) => results.filter((r) => r.name.startsWith(`${level} `)).length;
    // graphql-http 1.22: 13 MUST, 23 SHOULD, 25 MAY.
    expect({ MUST: count("MUST"), SHOULD: count("SHOULD"), MAY: count("MAY") }).toEqual({ MUST: 13, SHOULD: 23, MAY: 25 });
  });

  it("passes every MUST audit", () => {
    const failedMusts = results.filter((r) => r.name.startsWith("MUST") && r.status !== "ok");
    expect(failedMusts.map((r) => `${r.id} ${r.name}: ${"reason" in r ? r.reason : ""}`)).toEqual([]);
  });

  it("fails exactly the listed SHOULD / MAY audits, for the listed reasons", () => {
    const failed = Object.fromEntries(results.filter((r) => r.status !== "ok").map((r) => [r.id, r.name]));
    expect(failed).toEqual(KNOWN_FAILURES);
    for (const result of results) {
      if (result.status !== "ok") expect(result.reason).toBe("Response status code is not 200");
    }
  });
});
