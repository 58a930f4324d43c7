/**
 * npm run seed [-- --file data/generated-20000-1.json]
 * Loads the sample dataset (default) or a generated dataset file into the configured
 * store (Neo4j when NEO4J_URI is set, else the SQLite file). Refuses a non-empty store,
 * because ids in a dataset would collide with what is there.
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadSampleDataset, readDatasetJson } from "../seeds/index.js";
import { readConfig } from "../src/config.js";
import { openStore } from "../src/main.js";

const { values } = parseArgs({ options: { file: { type: "string" } } });
const config = readConfig();
const store = await openStore(config.store);
try {
  const before = await store.counts();
  if (before.accounts > 0 || before.managers > 0) {
    console.error(`seed: the ${store.kind} store already holds data (${JSON.stringify(before)}); seed an empty store.`);
    process.exitCode = 1;
  } else {
    const dataset = values.file ? await readDatasetJson(values.file) : loadSampleDataset();
    const started = performance.now();
    const written = await store.importDataset(dataset);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`seed: loaded ${values.file ?? "the sample dataset"} into ${store.kind} in ${seconds} s: ${JSON.stringify(written)}`);
  }
} finally {
  await store.close();
}
