/**
 * What a newcomer sees after `npm install && npm start`: an empty embedded store is
 * filled with the sample dataset, the root URL serves Apollo Sandbox to a browser
 * and answers GraphQL to a JSON POST, and health endpoints answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";

describe("npm start on an empty embedded store", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-start-"));
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ SQLITE_PATH: join(dir, "nested", "accountgraph.db") });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the sample dataset and answers the README query", async () => {
    const res = await server.gql(`{ accounts(first: 5) { totalCount edges { node { name annualRevenue owner { name } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.accounts.totalCount).toBeGreaterThanOrEqual(60);
    expect(res.data.accounts.edges).toHaveLength(5);
    expect(res.data.accounts.edges[0].node.annualRevenue).toMatch(/^\d+\.\d{2}$/);
  });

  it("serves Apollo Sandbox at the root URL to a browser", async () => {
    const res = await fetch(server.url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/apollo/i);
    expect(html).toMatch(/sandbox|embeddable/i);
  });

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
    const ready = await fetch(new URL("/readyz", server.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });
});
