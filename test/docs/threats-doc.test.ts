/**
 * docs/threats.md ties every threat and fault to the tests that show it. This keeps the
 * table honest: every cited file exists and contains every cited test title, each of the
 * 29 rows says whether it is covered, and a row that is not names who owns the rest.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const DOC = readFileSync(new URL("docs/threats.md", ROOT), "utf8");

interface Row {
  number: number;
  status: string;
  tests: { file: string; titles: string[] }[];
}

function rows(): Row[] {
  const table = /<!-- threats:start -->([\s\S]*?)<!-- threats:end -->/.exec(DOC);
  if (!table) throw new Error("docs/threats.md has no <!-- threats:start --> ... <!-- threats:end --> table");
  return table[1]!
    .split("\n")
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split(" | ");
      const testsCell = cells.at(-1)!.replace(/\|\s*$/, "");
      const tests = [...testsCell.matchAll(/`(test\/[^`]+)`:((?:\s*"[^"]+";?)+)/g)].map((m) => ({
        file: m[1]!,
        titles: [...m[2]!.matchAll(/"([^"]+)"/g)].map((t) => t[1]!),
      }));
      return { number: Number(cells[0]!.replace("|", "").trim()), status: cells.at(-2)!, tests };
    });
}

describe("docs/threats.md", () => {
  const table = rows();

  it("has the 29 rows, numbered in order", () => {
    expect(table.map((row) => row.number)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
  });

  it("says for each row whether it is covered, and who owns what is not", () => {
    for (const row of table) {
      expect(row.status, `row ${row.number}`).toMatch(/^(\*\*open|covered|partly)/);
      if (!row.status.startsWith("covered")) expect(row.status, `row ${row.number}`).toMatch(/owned by issue \d+|no issue yet/);
      if (row.status.startsWith("covered")) expect(row.tests.length, `row ${row.number} cites no test`).toBeGreaterThan(0);
    }
  });

  it("cites only test files and test titles that exist", () => {
    const missing: string[] = [];
    for (const row of table) {
      for (const { file, titles } of row.tests) {
        const path = new URL(file, ROOT);
        if (!existsSync(path)) {
          missing.push(`row ${row.number}: ${file} does not exist`);
          continue;
        }
        const source = readFileSync(path, "utf8");
        for (const title of titles) {
          const quoted = [`"${title}"`, `'${title}'`, `\`${title}\``];
          if (!quoted.some((q) => source.includes(q))) missing.push(`row ${row.number}: ${file} has no test "${title}"`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
