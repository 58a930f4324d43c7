/**
 * npm run seed:csv -- [--accounts 20000] [--seed 1] [--out data/csv-20000-1]
 * Writes a generated dataset (seeds/generate-dataset.ts) as CRM CSV exports
 * (accounts.csv, links.csv, memberships.csv, engagements.csv, purchases.csv) plus
 * managers-and-communities.json, the part a CRM export lacks: load that first with
 * `npm run seed -- --file <dir>/managers-and-communities.json`, then `npm run import`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { datasetToCsv } from "../seeds/dataset-csv.js";
import { generateDataset, writeDatasetJson } from "../seeds/index.js";

const { values } = parseArgs({
  options: { accounts: { type: "string", default: "20000" }, seed: { type: "string", default: "1" }, out: { type: "string" } },
});
const accounts = Number(values.accounts);
const seed = Number(values.seed);
const out = values.out ?? join("data", `csv-${accounts}-${seed}`);
const dataset = generateDataset({ accounts, seed });
mkdirSync(out, { recursive: true });
for (const [file, text] of Object.entries(datasetToCsv(dataset))) writeFileSync(join(out, `${file}.csv`), text);
await writeDatasetJson(
  { ...dataset, accounts: [], memberships: [], influences: [], referrals: [], engagements: [], purchases: [] },
  join(out, "managers-and-communities.json"),
);
console.log(`seed:csv: wrote ${out}/{accounts,links,memberships,engagements,purchases}.csv and managers-and-communities.json`);
