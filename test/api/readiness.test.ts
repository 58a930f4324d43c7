/**
 * /readyz tells an orchestrator the embedded store's disk cannot take writes (full, or
 * read-only), through the real entry point: with less free space than STORE_MIN_FREE_MB
 * (here set above any disk's size, as a full disk would be) /readyz is 503 while /healthz
 * stays 200 and reads still answer; the reason is logged once, at warn.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";

describe("/readyz on a full disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-ready-"));
  let server: ServerProcess;
  let output = "";
  beforeAll(async () => {
    server = await startServerProcess({ SQLITE_PATH: join(dir, "store.db"), STORE_MIN_FREE_MB: String(2 ** 40) });
    server.child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 on /readyz, 200 on /healthz, and still serves reads", async () => {
    for (let i = 0; i < 3; i++) {
      const ready = await fetch(new URL("/readyz", server.url));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable" });
    }
    expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
    const read = await server.gql(`{ accounts(first: 1) { totalCount } }`);
    expect(read.errors).toBeUndefined();
    const warnings = output.split("\n").filter((line) => line.includes("store disk cannot take writes"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, problem: expect.stringMatching(/MiB free/) });
  });
});
