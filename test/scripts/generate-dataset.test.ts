import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/domain/errors.js";
import { parseGenerateArgs } from "../../scripts/generate-dataset.js";
import { readDatasetJson } from "../../seeds/dataset-json.js";
import { DEFAULTS, generateDataset } from "../../seeds/generate-dataset.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "accountgraph-generate-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return undefined;
}

describe("scripts/generate-dataset parseGenerateArgs", () => {
  it("reads the options and defaults the output path", () => {
    expect(parseGenerateArgs(["--accounts", "2000", "--seed", "7"])).toEqual({
      options: { accounts: 2000, seed: 7, today: DEFAULTS.today },
      out: "data/generated-2000-7.json",
    });
    expect(
      parseGenerateArgs([
        "--accounts",
        "10",
        "--seed",
        "0",
        "--out",
        "x.json",
        "--managers",
        "2",
        "--communities",
        "0",
        "--links-per-account",
        "2.5",
        "--today",
        "2027-01-31",
      ]),
    ).toEqual({ options: { accounts: 10, seed: 0, today: "2027-01-31", managers: 2, communities: 0, linksPerAccount: 2.5 }, out: "x.json" });
  });

  it.each([
    [["--seed", "1"], "accounts"],
    [["--accounts", "10"], "seed"],
    [["--accounts", "12abc", "--seed", "1"], "accounts"],
    [["--accounts", "2e3", "--seed", "1"], "accounts"],
    [["--accounts=-5", "--seed", "1"], "accounts"],
    [["--accounts", "10", "--seed", "1.5"], "seed"],
    [["--accounts", "10", "--seed", "1", "--links-per-account", "lots"], "links-per-account"],
  ])("refuses %j with a ValidationError on --%s", (argv, field) => {
    expect(fieldOf(() => parseGenerateArgs(argv))).toBe(field);
  });

  it("refuses unknown flags", () => {
    expect(() => parseGenerateArgs(["--accounts", "1", "--seed", "1", "--acounts", "2"])).toThrow(/Unknown option/);
  });
});

describe("npm run seed:generate", () => {
  const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", "scripts/generate-dataset.ts", ...args], { cwd: process.cwd() });

  it("writes the generated dataset and reports counts and time", async () => {
    const out = join(dir, "g.json");
    const { stdout } = await cli(["--accounts", "300", "--seed", "4", "--out", out]);
    expect(stdout).toMatch(/accounts 300,/);
    expect(stdout).toMatch(/generated in \d+\.\d\d s/);
    expect(await readDatasetJson(out)).toEqual(generateDataset({ accounts: 300, seed: 4 }));
  });

  it("exits with status 2 and a clear message on a bad number", async () => {
    const failure = await cli(["--accounts", "ten", "--seed", "4", "--out", join(dir, "never.json")]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/--accounts must be a whole number/);
  });
});
