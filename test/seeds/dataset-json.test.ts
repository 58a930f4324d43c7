import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDatasetJson, readDatasetJson, writeDatasetJson } from "../../seeds/dataset-json.js";
import { generateDataset } from "../../seeds/generate-dataset.js";

const dir = mkdtempSync(join(tmpdir(), "accountgraph-dataset-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("seeds/dataset-json", () => {
  const dataset = generateDataset({ accounts: 500, seed: 3 });

  it("formats plain JSON that any parser reads back to the same dataset", () => {
    expect(JSON.parse(formatDatasetJson(dataset))).toEqual(dataset);
  });

  it("streams the same bytes it formats, and reads them back line by line", async () => {
    const path = join(dir, "nested", "dataset.json");
    const bytes = await writeDatasetJson(dataset, path);
    const text = readFileSync(path, "utf8");
    expect(text).toBe(formatDatasetJson(dataset));
    expect(bytes).toBe(Buffer.byteLength(text));
    expect(await readDatasetJson(path)).toEqual(dataset);
  });

  it("rejects a file in another layout instead of guessing", async () => {
    const path = join(dir, "pretty.json");
    writeFileSync(path, JSON.stringify(dataset, null, 2));
    await expect(readDatasetJson(path)).rejects.toThrow(SyntaxError);
  });
});
