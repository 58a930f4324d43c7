/**
 * Writes a synthetic dataset (seeds/generate-dataset.ts) to a JSON file.
 *
 *   npm run seed:generate -- --accounts 20000 --seed 7 [--out file.json]
 *       [--managers N] [--communities N] [--links-per-account X] [--today YYYY-MM-DD]
 *
 * Default output: data/generated-<accounts>-<seed>.json. `--today` defaults to the
 * generator's fixed day so the same arguments always give the same file; pass today's
 * date to get history that ends now.
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { DomainError, ValidationError } from "../src/domain/errors.js";
import { DEFAULTS, generateDataset, type GenerateDatasetOptions } from "../seeds/generate-dataset.js";
import { writeDatasetJson } from "../seeds/dataset-json.js";

const USAGE = `usage: npm run seed:generate -- --accounts N --seed S [--out file.json]
       [--managers N] [--communities N] [--links-per-account X] [--today YYYY-MM-DD]`;

/** Whole numbers only: "2e3", "12abc" and "" are refused rather than half-parsed. */
function parseWhole(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new ValidationError(`--${flag} must be a whole number, got ${JSON.stringify(value)}`, flag);
  return Number(value);
}

function parseDecimal(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new ValidationError(`--${flag} must be a non-negative number, got ${JSON.stringify(value)}`, flag);
  return Number(value);
}

export function parseGenerateArgs(argv: string[]): { options: GenerateDatasetOptions; out: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      managers: { type: "string" },
      communities: { type: "string" },
      "links-per-account": { type: "string" },
      today: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const accounts = parseWhole(values.accounts, "accounts");
  const seed = parseWhole(values.seed, "seed");
  if (accounts === undefined) throw new ValidationError("--accounts is required", "accounts");
  if (seed === undefined) throw new ValidationError("--seed is required", "seed");
  const options: GenerateDatasetOptions = { accounts, seed, today: values.today ?? DEFAULTS.today };
  const managers = parseWhole(values.managers, "managers");
  const communities = parseWhole(values.communities, "communities");
  const linksPerAccount = parseDecimal(values["links-per-account"], "links-per-account");
  if (managers !== undefined) options.managers = managers;
  if (communities !== undefined) options.communities = communities;
  if (linksPerAccount !== undefined) options.linksPerAccount = linksPerAccount;
  return { options, out: values.out ?? `data/generated-${accounts}-${seed}.json` };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseGenerateArgs>;
  try {
    parsed = parseGenerateArgs(process.argv.slice(2));
  } catch (error) {
    // parseArgs throws TypeError (code ERR_PARSE_ARGS_*) for unknown flags or missing values.
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  let dataset;
  try {
    dataset = generateDataset(parsed.options);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`error: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const generated = performance.now();
  const bytes = await writeDatasetJson(dataset, parsed.out);
  const written = performance.now();
  const links = dataset.influences.length + dataset.referrals.length;
  console.log(
    [
      `accounts ${dataset.accounts.length}, managers ${dataset.managers.length}, communities ${dataset.communities.length}, memberships ${dataset.memberships.length}`,
      `links ${links} (influences ${dataset.influences.length}, referrals ${dataset.referrals.length})`,
      `engagements ${dataset.engagements.length}, purchases ${dataset.purchases.length}`,
      `generated in ${((generated - started) / 1000).toFixed(2)} s, written in ${((written - generated) / 1000).toFixed(2)} s` +
        ` (${(bytes / 1e6).toFixed(1)} MB to ${parsed.out}); heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
    ].join("\n"),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
