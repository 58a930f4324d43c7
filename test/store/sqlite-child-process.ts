/**
 * Helper process for sqlite-store.test.ts (run with `node --import tsx`), because locks
 * and crashes are only real across processes:
 * - `lock <path> <ms>`: holds the write lock (BEGIN IMMEDIATE) for <ms>, printing "locked".
 * - `write-then-kill <path> <n>`: commits <n> accounts through the store, prints
 *   "written", then dies by SIGKILL without closing (no checkpoint, no cleanup).
 */
import Database from "better-sqlite3";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";

const [mode, path, arg] = process.argv.slice(2);
if (path === undefined || arg === undefined) throw new Error("usage: sqlite-child-process <mode> <path> <arg>");

if (mode === "lock") {
  const db = new Database(path);
  db.pragma("busy_timeout = 5000");
  db.exec("BEGIN IMMEDIATE");
  process.stdout.write("locked\n");
  setTimeout(() => {
    db.exec("COMMIT");
    db.close();
    process.exit(0);
  }, Number(arg));
} else if (mode === "write-then-kill") {
  const store = new SqliteAccountGraphStore({ path });
  await store.init();
  for (let i = 0; i < Number(arg); i++) {
    await store.createAccount({
      id: `crash-${i}`,
      name: `Crash ${i}`,
      segment: "SMALL_BUSINESS",
      status: "PROSPECT",
      annualRevenue: i,
      grossMargin: 0.5,
      licencesHeld: 0,
      licencesPlanned: 0,
      licencePrice: 0,
      discountPurchases: 0,
      supplierSwitches: 0,
    });
  }
  process.stdout.write("written\n");
  process.kill(process.pid, "SIGKILL");
} else {
  throw new Error(`unknown mode ${mode}`);
}
