/**
 * `npm run bench [-- --sizes S,M] [--neo4j-sizes S,M] [--only import|aggregates|pages|…]`: runs every
 * benchmark module (or the one named) and prints its table. Sizes: S (2,000 accounts), M
 * (20,000), L (200,000; takes minutes), XL (1,000,000 accounts / 5,000,000 links; only when
 * named: generating and importing it takes a long while and several GB). Default: S, M, L;
 * Neo4j for S and M only.
 */
import { runAccountPageBench } from "./account-page-bench.js";
import { runAggregateBench } from "./aggregate-bench.js";
import { BENCH_SIZES, type BenchSize } from "./bench-support.js";
import { runImportBench } from "./import-bench.js";
import { runInfluenceBench } from "./influence-bench.js";
import { runStrategyBench } from "./strategy-bench.js";

function readSizes(argv: string[], name: string, fallback: BenchSize[]): BenchSize[] {
  const flag = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (flag < 0) return fallback;
  const text = argv[flag]!.includes("=") ? argv[flag]!.split("=")[1]! : (argv[flag + 1] ?? "");
  const sizes = text
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const size of sizes) {
    if (!(size in BENCH_SIZES)) throw new Error(`run-bench: unknown size ${size}; use ${Object.keys(BENCH_SIZES).join(",")}`);
  }
  return sizes as BenchSize[];
}

const argv = process.argv.slice(2);
const defaultSizes = (Object.keys(BENCH_SIZES) as BenchSize[]).filter((size) => BENCH_SIZES[size].byDefault);
const sizes = readSizes(argv, "--sizes", defaultSizes);
const neo4jSizes = readSizes(argv, "--neo4j-sizes", ["S", "M"]);
const withoutXl = (only: BenchSize[]) => only.filter((size) => size !== "XL");
const BENCHES = [
  { name: "influence analytics", run: (only: BenchSize[]) => runInfluenceBench({ sizes: only, neo4jSizes }) },
  // XL is the analytics' scale test; the other benches stay at L and below.
  { name: "strategy", run: (only: BenchSize[]) => runStrategyBench({ sizes: withoutXl(only) }) },
  { name: "import", run: (only: BenchSize[]) => runImportBench({ sizes: withoutXl(only), neo4jSizes }) },
  { name: "aggregates", run: (only: BenchSize[]) => runAggregateBench({ sizes: withoutXl(only), neo4jSizes }) },
  { name: "pages", run: (only: BenchSize[]) => runAccountPageBench({ sizes: withoutXl(only) }) },
];
const onlyFlag = argv.indexOf("--only");
const only = onlyFlag >= 0 ? argv[onlyFlag + 1] : undefined;

for (const bench of BENCHES.filter((b) => only === undefined || b.name.startsWith(only))) {
  const started = performance.now();
  const table = await bench.run(sizes);
  console.log(`\n# ${bench.name} (sizes ${sizes.join(",")}, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  console.log(table);
}
