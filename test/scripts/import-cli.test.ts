/**
 * `npm run import` (scripts/import.ts) as an operator runs it, on a temp SQLite file chosen
 * by SQLITE_PATH: a bad row is reported with the row number a spreadsheet shows (blank
 * lines counted) and nothing is written (exit 1); a file or map mistake exits 2 with a
 * message that speaks of the command line's --map, blaming the map for the map's mistake.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { runScript } from "../support/script-cli.js";

const dir = mkdtempSync(join(tmpdir(), "accountgraph-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const importCli = (path: string, ...args: string[]) => runScript("scripts/import.ts", path, args);

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("npm run import", () => {
  it("reports a bad row by its spreadsheet row number, blank lines counted, and writes nothing", async () => {
    const db = join(dir, "rows.db");
    const accounts = file("accounts.csv", "Account ID,Account Name,Segment\nSF-311,Ok,Enterprise\n\nSF-312,Bad,Giant\n");
    const result = await importCli(db, "--accounts", accounts);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`${accounts} row 4, column "Segment": BAD_USER_INPUT`);
    const store = new SqliteAccountGraphStore({ path: db });
    await store.init();
    try {
      expect((await store.counts()).accounts).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("names --map in a missing-column message, and blames the map file for an unknown field", async () => {
    const db = join(dir, "map.db");
    const missing = await importCli(db, "--accounts", file("no-id.csv", "Name\nNo id\n"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^import: accounts: no column for externalId: .*a --map file/m);
    expect(missing.stderr).not.toContain("input.map");

    const map = file("map.json", '{"accounts":{"Name":"nonexistentField"}}');
    const badMap = await importCli(db, "--accounts", file("named.csv", "Account ID,Name\nSF-1,X\n"), "--map", map);
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/^import: the column map names unknown accounts field "nonexistentField"/m);
  });
});
