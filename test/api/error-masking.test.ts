/**
 * docs/threats.md row 11 and the health endpoints: an unexpected failure (driver text,
 * Cypher, a secret in the message) leaves as "Internal server error" /
 * INTERNAL_SERVER_ERROR with the request id, and the full error is logged under that
 * same request id; an unavailable store is SERVICE_UNAVAILABLE for what must go to the store
 * (full activity histories, writes) and turns /readyz red while /healthz stays green, while
 * what the read model holds keeps answering.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../src/domain/errors.js";
import type { GraphQLResponse } from "../support/api-client.js";
import { captureLogger, startSecuredApi, type CapturedLogger } from "../support/secured-api.js";
import { faultyStore } from "../support/store-spies.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const sqlite = STORE_FACTORIES.find((f) => f.name === "sqlite")!;
const LEAK = "Neo.ClientError.Statement.SyntaxError: Invalid input near MATCH (n) WHERE n.password = 'hunter2' RETURN n";

describe("errors and health", () => {
  let opened: OpenedStore;
  let faulty: ReturnType<typeof faultyStore>;
  let logs: CapturedLogger;
  let api: Awaited<ReturnType<typeof startSecuredApi>>;

  beforeAll(async () => {
    opened = await sqlite.make();
    await opened.store.importDataset(tinyDataset());
    faulty = faultyStore(opened.store);
    logs = captureLogger();
    api = await startSecuredApi(faulty.store, { logger: logs.logger });
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });
  beforeEach(() => {
    faulty.failures.clear();
  });

  async function ask(query: string, requestId: string): Promise<{ status: number; text: string; body: GraphQLResponse; header: string | null }> {
    const response = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as GraphQLResponse, header: response.headers.get("x-request-id") };
  }

  it("masks an internal error, stamps the request id, and logs the real error under that id", async () => {
    // Full engagement histories are read from the store (the read model holds recent ones only).
    faulty.failures.set("engagementsOfAccounts", () => new Error(LEAK));
    const { status, text, body, header } = await ask(`query One { account(id: "acc_ada") { engagements { id } } }`, "req-mask-1");
    expect(status).toBeLessThan(500);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      message: "Internal server error",
      path: ["account", "engagements"],
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-mask-1" },
    });
    expect(header).toBe("req-mask-1");
    for (const secret of ["hunter2", "MATCH", "Neo.", "password", "stacktrace", "    at "]) expect(text).not.toContain(secret);

    const logged = logs.lines.filter((line) => line.requestId === "req-mask-1");
    const masked = logged.find((line) => line.msg === "internal error masked");
    expect(masked, JSON.stringify(logged)).toBeDefined();
    expect(masked!.level).toBe(50);
    expect((masked!.err as { message: string }).message).toBe(LEAK);
    expect((masked!.err as { stack: string }).stack).toMatch(/at /);
    expect(logged.find((line) => line.msg === "graphql request")).toMatchObject({ operationName: "One", errors: 1 });
  });

  it("masks an internal error in a nested field, at that field's path", async () => {
    faulty.failures.set("purchasesOfAccounts", () => new TypeError("Cannot read properties of undefined (reading 'records')"));
    const { text, body } = await ask(`{ account(id: "acc_ada") { name owner { name } } managers: accountManagers { id } }`, "req-mask-2");
    expect(body.errors).toBeUndefined(); // sanity: this shape works
    const failing = await ask(`{ mgrs: accountManagers { id } account(id: "acc_ada") { name purchases { id } } }`, "req-mask-3");
    expect(failing.body.errors).toEqual([
      expect.objectContaining({
        message: "Internal server error",
        path: ["account", "purchases"],
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-mask-3" },
      }),
    ]);
    expect(failing.text).not.toContain("records");
    expect(text).toContain("Mona Manager");
  });

  it("generates a request id when the client sends none (or an unsafe one) and returns it", async () => {
    faulty.failures.set("engagementsOfAccounts", () => new Error(LEAK));
    const { body, header } = await ask(`{ account(id: "acc_ada") { engagements { id } } }`, "bad id; with spaces");
    const id = body.errors?.[0]?.extensions?.requestId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(header).toBe(id);
    expect(logs.lines.some((line) => line.requestId === id && line.msg === "internal error masked")).toBe(true);
  });

  it("gives client errors their code and the request id, without logging them as internal", async () => {
    const { status, body } = await ask(`{ account(id: "acc_nope") { name } }`, "req-client-1");
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", requestId: "req-client-1" });
    const invalid = await ask(`{ nope }`, "req-client-2");
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", requestId: "req-client-2" });
    expect(logs.lines.some((line) => String(line.requestId).startsWith("req-client") && line.msg === "internal error masked")).toBe(false);
  });

  it("answers SERVICE_UNAVAILABLE for what needs the store while it is down, keeps answering from the read model, and /readyz goes red", async () => {
    expect((await fetch(new URL("/readyz", api.url))).status).toBe(200);
    const down = () => new StoreUnavailableError("Neo4j is unavailable (engagementsOfAccounts): ServiceUnavailable");
    for (const method of ["ping", "engagementsOfAccounts", "createManager", "changesSince"] as const) faulty.failures.set(method, down);
    const ready = await fetch(new URL("/readyz", api.url));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "unavailable" });
    expect((await fetch(new URL("/healthz", api.url))).status).toBe(200);
    const history = await ask(`{ account(id: "acc_ada") { engagements { id } } }`, "req-down-1");
    expect(history.body.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", requestId: "req-down-1" });
    const write = await ask(
      `mutation { createAccountManager(input: { name: "Nope", email: "nope@example.com", weeklyCapacityHours: 10 }) { id } }`,
      "req-down-2",
    );
    expect(write.body.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", requestId: "req-down-2" });
    // What the read model holds still answers (as of the last change it read).
    const held = await ask(`{ accountManagers { id } account(id: "acc_ada") { name outgoingLinks { id } } }`, "req-down-3");
    expect(held.body.errors).toBeUndefined();
    expect(held.body.data).toMatchObject({ account: { name: expect.any(String) } });

    faulty.failures.clear();
    expect((await fetch(new URL("/readyz", api.url))).status).toBe(200);
    expect((await ask(`{ account(id: "acc_ada") { engagements { id } } }`, "req-up-1")).body.errors).toBeUndefined();
  });
});
