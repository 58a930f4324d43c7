/**
 * Data survives upgrades: a store written by release 0.1.0's own code
 * (test/fixtures/release-0.1.0, made by scripts/fixtures/write-release-fixtures.ts at that
 * release) opens with this code, migrates forward, keeps every record exactly, and takes
 * writes into the change feed from there. A store newer than this code is refused, untouched.
 * Both stores: the SQLite file, and a Neo4j 5.26 home folder started in its own JVM.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpRecords } from "../../scripts/fixtures/dump-records.js";
import { startNeo4jCluster, type Neo4jCluster } from "../../scripts/neo4j/neo4j-process.js";
import { NEO4J_SCHEMA_VERSION } from "../../src/store/neo4j/neo4j-migrations.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";
import { SQLITE_SCHEMA_VERSION } from "../../src/store/sqlite/sqlite-migrations.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { openTestDriver } from "../support/neo4j.js";
import { accountInput, expectFailure } from "./store-fixtures.js";

const FIXTURE = new URL("../fixtures/release-0.1.0/", import.meta.url);
const expected = (store: "sqlite" | "neo4j") =>
  JSON.parse(readFileSync(new URL(`records.${store}.json`, FIXTURE), "utf8")) as Record<string, unknown[]>;

describe("upgrading a SQLite store written by release 0.1.0", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-upgrade-sqlite-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const copy = (name: string) => {
    const path = join(dir, name);
    copyFileSync(new URL("sqlite/accountgraph.db", FIXTURE), path);
    return path;
  };

  it("migrates forward and keeps every record, then writes into the change feed", async () => {
    const path = copy("migrate.db");
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(1);
    raw.close();

    const store = new SqliteAccountGraphStore({ path });
    await store.init();
    try {
      expect(await dumpRecords(store)).toEqual(expected("sqlite"));
      expect(await store.feedHead()).toBe(0);
      const state = await store.readState({ activitySince: "2000-01-01" });
      expect(state.accounts).toHaveLength(expected("sqlite").accounts!.length);
      const written = await store.createAccount(accountInput({ name: "After the upgrade" }));
      expect(written.change?.seq).toBe(1);
      expect((await store.changesSince(0, 10)).changes).toEqual([written.change]);
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    check.close();
    // Opening again runs no migration twice and loses nothing.
    const again = new SqliteAccountGraphStore({ path });
    await again.init();
    expect((await again.counts()).accounts).toBe(expected("sqlite").accounts!.length + 1);
    await again.close();
  });

  it("keeps both uniqueness rules of links after migration 3 rebuilt the table as named indexes", async () => {
    const path = copy("links.db");
    const store = new SqliteAccountGraphStore({ path });
    await store.init();
    try {
      const [link] = expected("sqlite").links as { id: string; type: string; fromId: string; toId: string }[];
      expect(link!.type).toBe("INFLUENCES");
      const before = await dumpRecords(store);
      // The same pair and type, written alone and by the bulk load (which rebuilds the indexes).
      await expectFailure(store.linkInfluence({ fromId: link!.fromId, toId: link!.toId, kind: "PEER", strength: 0.5 }), "CONFLICT");
      const dataset = { managers: [], accounts: [], communities: [], memberships: [], referrals: [], engagements: [], purchases: [] };
      await expectFailure(
        store.importDataset({ ...dataset, influences: [{ id: "lnk_new", fromId: link!.fromId, toId: link!.toId, kind: "PEER", strength: 0.5 }] }),
        "CONFLICT",
      );
      // The same id between another pair.
      await expectFailure(
        store.importDataset({ ...dataset, influences: [{ id: link!.id, fromId: link!.toId, toId: link!.fromId, kind: "PEER", strength: 0.5 }] }),
        "CONFLICT",
      );
      expect(await dumpRecords(store)).toEqual(before);
      // Both indexes are back after the failed loads (rolled back with them).
      await store.importDataset({
        ...dataset,
        influences: [{ id: "lnk_after", fromId: link!.toId, toId: link!.fromId, kind: "PEER", strength: 0.5 }],
      });
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'links' ORDER BY name").pluck().all();
    expect(indexes).toEqual(["links_from_unique", "links_id_unique", "links_to_idx"]);
    check.close();
  });

  it("refuses a store written by a newer release, leaving it untouched", async () => {
    const path = copy("newer.db");
    const raw = new Database(path);
    raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();
    const store = new SqliteAccountGraphStore({ path });
    const error = await expectFailure(store.init(), "STORE_UNAVAILABLE");
    expect(error.message).toMatch(/newer than this release/);
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION + 1);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'changes'").get()).toBeUndefined();
    check.close();
  });
});

describe("upgrading a Neo4j store written by release 0.1.0", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "accountgraph-upgrade-neo4j-"));
  let cluster: Neo4jCluster;
  let uri: string;

  beforeAll(async () => {
    // The launcher keeps instance k's home in <dataDir>/instance-<k>: put 0.1.0's home there.
    const home = join(dataDir, "instance-1");
    mkdirSync(home, { recursive: true });
    execFileSync("tar", ["-xzf", new URL("neo4j-instance.tar.gz", FIXTURE).pathname, "-C", home]);
    cluster = await startNeo4jCluster({ instances: 1, dataDir });
    uri = cluster.uris[0]!;
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async () => {
    const store = new Neo4jAccountGraphStore({ uri, user: "neo4j", password: "", maxTransactionRetryTimeMs: 2_000, connectionTimeoutMs: 5_000 });
    return store;
  };

  it("migrates forward and keeps every record, then writes into the change feed", async () => {
    const store = await open();
    try {
      await store.init();
      expect(await dumpRecords(store)).toEqual(expected("neo4j"));
      expect(await store.feedHead()).toBe(0);
      const written = await store.createAccount(accountInput({ name: "After the upgrade" }));
      expect(written.change?.seq).toBe(1);
      expect((await store.changesSince(0, 10)).changes).toEqual([written.change]);
      await store.init(); // idempotent
      expect((await store.counts()).accounts).toBe(expected("neo4j").accounts!.length + 1);
    } finally {
      await store.close();
    }
    const driver = openTestDriver({ uri, user: "neo4j", password: "" });
    try {
      const [record] = (await driver.executeQuery("MATCH (s:GraphMeta {key: 'schema'}) RETURN s.version AS version")).records;
      expect(Number(record?.get("version"))).toBe(NEO4J_SCHEMA_VERSION);
    } finally {
      await driver.close();
    }
  });

  it("refuses a store written by a newer release", async () => {
    const driver = openTestDriver({ uri, user: "neo4j", password: "" });
    try {
      await driver.executeQuery("MATCH (s:GraphMeta {key: 'schema'}) SET s.version = $v", { v: NEO4J_SCHEMA_VERSION + 1 });
      const store = await open();
      const error = await expectFailure(store.init(), "STORE_UNAVAILABLE");
      expect(error.message).toMatch(/newer than this release/);
      await store.close();
    } finally {
      await driver.executeQuery("MATCH (s:GraphMeta {key: 'schema'}) SET s.version = $v", { v: NEO4J_SCHEMA_VERSION });
      await driver.close();
    }
  });
});
