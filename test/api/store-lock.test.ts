/**
 * Another process holding the SQLite write lock (issue 14, item 1), met through HTTP: while
 * it holds the lock, /healthz, /readyz and reads answer, and a write waits (off the event
 * loop) for at most the store's lock wait, then fails with STORE_BUSY and `retryAfterMs`,
 * writing nothing; once the lock is gone the same write succeeds. No timing is asserted:
 * "while it holds the lock" means before the locking process has exited.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import type { RunningHttpServer } from "../../src/api/http-server.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { apiClient } from "../support/api-client.js";
import { tinyDataset } from "../support/tiny-dataset.js";

const LOCKER = fileURLToPath(new URL("../store/sqlite-child-process.ts", import.meta.url));
const CREATE = `mutation { createAccount(input: { name: "Written under a lock", segment: SMALL_BUSINESS }) { id } }`;

/** A process that takes the write lock, says so, and keeps it for `ms`. */
function lockFor(path: string, ms: number) {
  const child = spawn(process.execPath, ["--import", "tsx", LOCKER, "lock", path, String(ms)], { stdio: ["ignore", "pipe", "pipe"] });
  let exited = false;
  const done = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
    void done.then(() => reject(new Error("the locking process exited before it took the lock")));
  });
  return { locked, done, held: () => !exited };
}

describe("another process holding the SQLite write lock, through HTTP", () => {
  let dir: string;
  let path: string;
  let store: SqliteAccountGraphStore;
  let server: RunningHttpServer;
  let gql: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "accountgraph-lock-"));
    path = join(dir, "store.db");
    store = new SqliteAccountGraphStore({ path, writeLockWaitMs: 1_000 });
    await store.init();
    await store.importDataset(tinyDataset());
    server = await startApp({ store, logger: createLogger("silent"), port: 0, host: "127.0.0.1" });
    gql = apiClient(`http://127.0.0.1:${server.port}/`);
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps health, readiness and reads answering, refuses the write with STORE_BUSY, and takes it once the lock is gone", async () => {
    const before = (await gql(`{ accounts(first: 50) { totalCount } }`)).data.accounts.totalCount as number;
    // Long enough that everything below happens while it is held (checked, not assumed).
    const locker = lockFor(path, 8_000);
    await locker.locked;

    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(ready.status).toBe(200);
    const read = await gql(`{ accounts(first: 50) { totalCount edges { node { name } } } }`);
    expect(read.errors).toBeUndefined();

    // A read sent while the write waits answers before the write gives up.
    let writeAnswered = false;
    const write = gql(CREATE).finally(() => (writeAnswered = true));
    const during = await gql(`{ account(id: "acc_ada") { name } }`);
    expect(during.data.account.name).toBe("Ada Anchors");
    expect(writeAnswered, "the read waited for the write").toBe(false);
    const refused = await write;
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "STORE_BUSY", retryAfterMs: expect.any(Number) });
    expect(locker.held(), "the lock was released before the checks ran: lengthen it").toBe(true);

    await locker.done;
    expect((await gql(`{ accounts(first: 50) { totalCount } }`)).data.accounts.totalCount).toBe(before);
    const taken = await gql(CREATE);
    expect(taken.errors).toBeUndefined();
    expect((await gql(`{ accounts(first: 50) { totalCount } }`)).data.accounts.totalCount).toBe(before + 1);
  }, 60_000);
});
