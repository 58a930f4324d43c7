/**
 * The SQLite adapter: the shared store contract on a fresh temp file per test (WAL, the
 * separate readState connection and parent-folder creation exercised as in production)
 * and on `:memory:`, then what only SQLite has — locks and crashes across processes,
 * readState's snapshot, SQL text that never carries a value, and the closed store.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildDatasetRecords } from "../../src/ports/dataset-records.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { defineAccountGraphStoreContract } from "./account-graph-store.contract.js";
import { HOSTILE_STRINGS, accountInput, expectFailure, managerInput, smallDataset, snapshotOf } from "./store-fixtures.js";

const root = mkdtempSync(join(tmpdir(), "accountgraph-sqlite-"));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshPath(): string {
  return join(root, `store-${++counter}`, "nested", "graph.db");
}

defineAccountGraphStoreContract("sqlite (temp file)", async () => {
  const path = freshPath();
  const store = new SqliteAccountGraphStore({ path });
  await store.init();
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dirname(dirname(path)), { recursive: true, force: true });
    },
  };
});

defineAccountGraphStoreContract("sqlite (:memory:)", async () => {
  const store = new SqliteAccountGraphStore({ path: ":memory:" });
  await store.init();
  return { store, cleanup: () => store.close() };
});

const CHILD = fileURLToPath(new URL("./sqlite-child-process.ts", import.meta.url));

/** Starts the helper process and resolves once it printed `ready`. */
function startChild(args: string[], ready: string) {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const isReady = new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) resolve();
    });
    void exited.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before "${ready}": ${stderr}`)));
  });
  return { child, isReady, exited };
}

describe("SqliteAccountGraphStore specifics", () => {
  let path: string;
  const opened: SqliteAccountGraphStore[] = [];
  const open = async (options: { writeLockWaitMs?: number; readPageSize?: number } = {}) => {
    const store = new SqliteAccountGraphStore({ path, ...options });
    await store.init();
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    path = freshPath();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it("creates missing parent folders and a WAL-mode file", async () => {
    expect(existsSync(dirname(path))).toBe(false);
    const store = await open();
    await store.createAccount(accountInput());
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
  });

  it("importDataset leaves every index and foreign-key enforcement as they were, also when it fails", async () => {
    const store = await open();
    const schemaOf = () => {
      const raw = new Database(path, { readonly: true });
      try {
        return raw.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").all();
      } finally {
        raw.close();
      }
    };
    const before = schemaOf();
    expect(before.filter((row: any) => row.type === "index").length).toBeGreaterThan(10);
    await store.importDataset(smallDataset("bulk"));
    expect(schemaOf()).toEqual(before);
    const broken = smallDataset("broken");
    broken.purchases.push({ ...broken.purchases[0]!, id: "broken-purchase-x", accountId: "no-such-account" });
    await expectFailure(store.importDataset(broken), "NOT_FOUND");
    expect(schemaOf()).toEqual(before);
    expect((await store.counts()).accounts).toBe(smallDataset("bulk").accounts.length);
    // Enforcement is back on for the store's connection: deleting an account cascades to its links.
    const deleted = smallDataset("bulk").accounts[0]!.id;
    await store.deleteAccount(deleted);
    const { links } = await store.readState({ activitySince: "2000-01-01" });
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => link.fromId === deleted || link.toId === deleted)).toEqual([]);
  });

  it("two stores on one file see each other's writes and share one change feed", async () => {
    const [a, b] = [await open(), await open()];
    const account = (await a.createAccount(accountInput())).value;
    expect(await b.getAccounts([account.id])).toEqual([account]);
    expect(await b.feedHead()).toBe(await a.feedHead());
    const renamed = await b.updateAccount(account.id, { name: "Renamed by b" });
    expect((await a.getAccounts([account.id]))[0]?.name).toBe("Renamed by b");
    expect(await a.feedHead()).toBe(renamed.change!.seq);
    expect((await a.changesSince(renamed.change!.seq - 1, 5)).changes).toEqual([renamed.change]);
  });

  it("a write waits for another process's lock without blocking the event loop, then fails with STORE_BUSY", async () => {
    const patient = await open({ writeLockWaitMs: 10_000 });
    const hasty = await open({ writeLockWaitMs: 300 });
    const before = await snapshotOf(patient);
    const locker = startChild(["lock", path, "1500"], "locked");
    await locker.isReady;

    // WAL: reads go on while another process holds the write lock
    expect(await hasty.counts()).toEqual(before.counts);
    // The waiting write must leave the event loop free: count timer ticks while it waits.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const failed = await expectFailure(hasty.createAccount(accountInput()), "STORE_BUSY");
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    expect(failed.details?.retryAfterMs).toBeGreaterThan(0);
    expect(await snapshotOf(hasty)).toEqual(before);
    // this one waits until the lock is released, then commits
    const account = (await patient.createAccount(accountInput())).value;
    expect(await locker.exited).toEqual({ code: 0, signal: null });
    expect(await hasty.getAccounts([account.id])).toEqual([account]);
    expect((await hasty.counts()).accounts).toBe(before.counts.accounts + 1);
  });

  it("keeps every committed write when the process is killed (WAL, synchronous=NORMAL)", async () => {
    const writer = startChild(["write-then-kill", path, "25"], "written");
    await writer.isReady;
    expect((await writer.exited).signal).toBe("SIGKILL");
    // the commits live in the WAL, never checkpointed into the main file
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    const store = await open();
    expect((await store.counts()).accounts).toBe(25);
    const [first, last] = await store.getAccounts(["crash-0", "crash-24"]);
    expect(first?.name).toBe("Crash 0");
    expect(last?.annualRevenue).toBe(24);
  });

  it("readState reads one snapshot even while writes land between its pages", async () => {
    const store = await open({ readPageSize: 2 });
    const dataset = smallDataset("snap", 10);
    await store.importDataset(dataset);
    const head = await store.feedHead();
    // readState reads its first page synchronously, then pauses between pages: these land in a pause.
    const reading = store.readState({ activitySince: "2000-01-01" });
    await store.createAccount(accountInput({ id: "snap-new" }));
    await store.deleteAccount(dataset.accounts[9]!.id);
    await store.linkInfluence({ fromId: dataset.accounts[0]!.id, toId: dataset.accounts[5]!.id, kind: "PEER", strength: 0.3 });
    const state = await reading;
    expect(state.seq).toBe(head);
    expect(state.accounts.map((a) => a.id).sort()).toEqual(dataset.accounts.map((a) => a.id).sort());
    expect(state.links).toHaveLength(dataset.influences.length + dataset.referrals.length);
    // the next read sees the writes, at the new head
    const after = await store.readState({ activitySince: "2000-01-01" });
    expect(after.seq).toBe(head + 3);
    expect(after.accounts.map((a) => a.id)).toContain("snap-new");
    expect(after.accounts.map((a) => a.id)).not.toContain(dataset.accounts[9]!.id);
  });

  it("readState returns every field of every record, across pages of raw rows", async () => {
    // Two rows a page: every table, memberships' two-column keyset included, spans pages.
    const store = await open({ readPageSize: 2 });
    const dataset = smallDataset("raw", 9);
    await store.importDataset(dataset);
    const state = await store.readState({ activitySince: "2000-01-01" });
    // The dataset's own records, with the stamps the import gave them (one `now` for all).
    const expected = buildDatasetRecords(dataset, state.accounts[0]!.createdAt);
    const byKey = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((x, y) => (key(x) < key(y) ? -1 : 1));
    const id = (row: { id: string }) => row.id;
    expect(state.accounts).toEqual(byKey(expected.accounts, id));
    expect(state.managers).toEqual(byKey(expected.managers, id));
    expect(state.communities).toEqual(byKey(expected.communities, id));
    expect(state.memberships).toEqual(byKey(expected.memberships, (m) => `${m.accountId}\u0000${m.communityId}`));
    expect(state.links).toEqual(byKey([...expected.influences, ...expected.referrals], id));
    expect(state.engagements).toEqual(byKey(expected.engagements, id));
    expect(state.purchases).toEqual(byKey(expected.purchases, id));
  });

  it("never puts a caller's value into SQL text", async () => {
    const prepared: string[] = [];
    const original = Database.prototype.prepare;
    const spy = vi.spyOn(Database.prototype, "prepare").mockImplementation(function (this: Database.Database, sql: string) {
      prepared.push(sql);
      return original.call(this, sql);
    });
    try {
      const store = await open();
      const owner = (await store.createManager(managerInput({ id: "mgr-'); DROP TABLE managers; --" }))).value;
      for (const text of HOSTILE_STRINGS) {
        const account = (await store.createAccount(accountInput({ id: `id ${text}`, name: text, region: text, externalId: text, ownerId: owner.id })))
          .value;
        await store.updateAccount(account.id, { industry: text });
        await store.listAccounts({
          filter: { nameContains: text, regions: [text], industries: [text], ids: [account.id], communityId: text, ownerIds: [owner.id] },
          sort: { key: "NAME", direction: "DESC" },
          first: 3,
          after: { value: text, id: text },
        });
      }
      await expectFailure(store.linkInfluence({ fromId: "x'); DELETE FROM links; --", toId: "y", kind: "PEER", strength: 1 }), "NOT_FOUND", "fromId");
      expect(prepared.length).toBeGreaterThan(5);
      for (const sql of prepared) {
        for (const value of [...HOSTILE_STRINGS, "DROP TABLE managers", "DELETE FROM links"]) expect(sql).not.toContain(value);
      }
      expect((await store.counts()).accounts).toBe(HOSTILE_STRINGS.length);
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses a cursor whose value does not fit the sort key", async () => {
    const store = await open();
    await store.createAccount(accountInput());
    await expectFailure(
      store.listAccounts({ sort: { key: "ANNUAL_REVENUE", direction: "ASC" }, first: 5, after: { value: "not a number", id: "x" } }),
      "BAD_USER_INPUT",
      "after",
    );
    await expectFailure(
      store.listAccounts({ sort: { key: "NAME", direction: "ASC" }, first: 5, after: { value: null, id: "x" } }),
      "BAD_USER_INPUT",
      "after",
    );
  });

  it("a closed store answers STORE_UNAVAILABLE, and init() reopens it", async () => {
    const store = await open();
    const account = (await store.createAccount(accountInput())).value;
    await store.close();
    await store.close();
    await expectFailure(store.ping(), "STORE_UNAVAILABLE");
    await expectFailure(store.getAccounts([account.id]), "STORE_UNAVAILABLE");
    await expectFailure(store.createAccount(accountInput()), "STORE_UNAVAILABLE");
    await expectFailure(store.readState({ activitySince: "2000-01-01" }), "STORE_UNAVAILABLE");
    await store.init();
    expect(await store.getAccounts([account.id])).toEqual([account]);
  });

  it("reports an unopenable path as STORE_UNAVAILABLE", async () => {
    const blocker = join(dirname(path), "..", "a-file");
    await open(); // creates the folders
    const raw = new Database(blocker); // a file where a folder would have to be
    raw.close();
    const store = new SqliteAccountGraphStore({ path: join(blocker, "graph.db") });
    await expectFailure(store.init(), "STORE_UNAVAILABLE");
    await expectFailure(store.ping(), "STORE_UNAVAILABLE");
  });
});
