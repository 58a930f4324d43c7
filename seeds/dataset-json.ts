/**
 * Dataset <-> JSON file. The layout is ordinary JSON with one record per line:
 *
 *   {
 *   "managers": [
 *   {"id":"mgr_…",…},
 *   …
 *   ],
 *   "accounts": [
 *   …
 *
 * Why not JSON.stringify of the whole object: the 200k-account dataset is hundreds of MB,
 * near V8's maximum string length, and one record per line lets both the writer and the
 * reader stream it with constant extra memory (and keeps git diffs of the sample readable).
 * Any JSON reader still reads the file.
 */
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { once } from "node:events";
import type { Dataset } from "../src/ports/account-graph-store.js";

/** Collections in file order; also the order stores should import them (referents first). */
export const DATASET_COLLECTIONS = [
  "managers",
  "communities",
  "accounts",
  "memberships",
  "influences",
  "referrals",
  "engagements",
  "purchases",
] as const satisfies readonly (keyof Dataset)[];

function* datasetLines(dataset: Dataset): Generator<string> {
  yield "{\n";
  for (let k = 0; k < DATASET_COLLECTIONS.length; k++) {
    const key = DATASET_COLLECTIONS[k]!;
    const rows: readonly unknown[] = dataset[key];
    yield `${JSON.stringify(key)}: [\n`;
    for (let i = 0; i < rows.length; i++) {
      yield JSON.stringify(rows[i]) + (i < rows.length - 1 ? ",\n" : "\n");
    }
    yield k < DATASET_COLLECTIONS.length - 1 ? "],\n" : "]\n";
  }
  yield "}\n";
}

/** The whole file as one string; for small datasets (the sample) and tests. */
export function formatDatasetJson(dataset: Dataset): string {
  let out = "";
  for (const line of datasetLines(dataset)) out += line;
  return out;
}

/** Streams the dataset to `path` (directories created), honouring back-pressure. Returns bytes written. */
export async function writeDatasetJson(dataset: Dataset, path: string): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: "utf8" });
  const closed = once(out, "close");
  let buffer = "";
  let bytes = 0;
  const flush = async (): Promise<void> => {
    bytes += Buffer.byteLength(buffer);
    const ok = out.write(buffer);
    buffer = "";
    if (!ok) await once(out, "drain");
  };
  for (const line of datasetLines(dataset)) {
    buffer += line;
    // ~1 MB writes: few syscalls, bounded memory.
    if (buffer.length >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await closed;
  return bytes;
}

/**
 * Reads a file written by writeDatasetJson line by line, so a 200k-account file never
 * becomes one giant string. Other JSON layouts are rejected with a clear error.
 */
export async function readDatasetJson(path: string): Promise<Dataset> {
  const dataset: Dataset = {
    managers: [],
    communities: [],
    accounts: [],
    memberships: [],
    influences: [],
    referrals: [],
    engagements: [],
    purchases: [],
  };
  let current: unknown[] | null = null;
  let lineNo = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === "" || line === "{" || line === "}") continue;
    if (line === "]" || line === "],") {
      current = null;
      continue;
    }
    const header = /^"(\w+)":\s*\[$/.exec(line);
    if (header) {
      const key = header[1] as keyof Dataset;
      if (!(DATASET_COLLECTIONS as readonly string[]).includes(key)) {
        throw new SyntaxError(`seeds/dataset-json: ${path}:${lineNo}: unknown collection "${key}"`);
      }
      current = dataset[key];
      continue;
    }
    if (current === null || !line.startsWith("{")) {
      throw new SyntaxError(`seeds/dataset-json: ${path}:${lineNo}: not the one-record-per-line layout`);
    }
    current.push(JSON.parse(line.endsWith(",") ? line.slice(0, -1) : line));
  }
  return dataset;
}
