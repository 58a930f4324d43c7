/**
 * What a newcomer sees after `npm install && npm start`: an empty embedded store is
 * filled with the sample dataset, the root URL serves our own landing page to a browser
 * (Apollo Sandbox moved to a browser's GET of /graphql) and answers GraphQL to a JSON
 * POST, and health endpoints answer. test/web/pages.test.ts opens the pages in Chromium.
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

  it("serves the landing page at the root URL to a browser, and Apollo Sandbox with an example at /graphql", async () => {
    const res = await fetch(server.url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>accountgraph</h1>");
    // Nothing it loads or links comes from another host.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const sandbox = await fetch(new URL("/graphql", server.url), { headers: { accept: "text/html" } });
    expect(sandbox.status).toBe(200);
    const sandboxHtml = await sandbox.text();
    expect(sandboxHtml).toMatch(/sandbox|embeddable/i);
    expect(sandboxHtml).toContain("query TopHubs");
  });

  it("serves a browser the landing page at / even with ?query=, with a curl example a shell expands, and logs where each page is", async () => {
    const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const res = await fetch(new URL("/?query=%7B__typename%7D", server.url), { headers: { accept: browser } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>accountgraph</h1>");
    // Double quotes: single ones would send the text $API_KEY.
    expect(html).toContain(`-H "authorization: Bearer $API_KEY"`);
    const ready = server
      .output()
      .split("\n")
      .find((line) => line.includes("accountgraph ready at"));
    expect(JSON.parse(ready!).msg).toMatch(
      /ready at http:\/\/\S+\/ \(landing page; GraphQL at http:\/\/\S+\/graphql, which opens Apollo Sandbox in a browser\)/,
    );
  });

  it("still answers GraphQL with a POST to / and to /graphql", async () => {
    for (const path of ["/", "/graphql"]) {
      const res = await fetch(new URL(path, server.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ accounts(first: 1) { totalCount } }" }),
      });
      expect(res.status, path).toBe(200);
      const body = (await res.json()) as { data: { accounts: { totalCount: number } } };
      expect(body.data.accounts.totalCount).toBeGreaterThan(0);
    }
  });

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
    const ready = await fetch(new URL("/readyz", server.url));
    expect(ready.status).toBe(200);
    // The sample data was loaded once: no whole-state re-read since.
    expect(await ready.json()).toEqual({
      status: "ready",
      feedSeq: expect.any(Number),
      fullReloads: { readModel: 0, analytics: 0, strategy: 0 },
    });
  });
});
