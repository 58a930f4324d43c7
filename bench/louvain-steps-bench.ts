/**
 * `npm run bench:louvain [-- --sizes M,L --runs 5]`: Louvain on the generated datasets
 * (BENCH_SEED, the influence bench's graphs, built in memory: no store), straight through
 * (`detectCommunities`, median and range of `runs`) and in steps (`louvainInSteps`, as the
 * structure phase runs it: the number of steps and the longest one, which bounds how long
 * the analytics worker cannot answer another request or be interrupted during Louvain).
 * Prints a table; nothing here is asserted.
 */
import { csrOf, detectCommunities, louvainInSteps } from "../src/analytics/index.js";
import { buildProjection } from "../src/analytics/projection.js";
import { generateDataset } from "../seeds/index.js";
import { BENCH_SEED, BENCH_SIZES, formatMs, median, renderTable, type BenchSize } from "./bench-support.js";
import { chunkOf } from "./dataset-chunk.js";

function readArgs(argv: string[]): { sizes: BenchSize[]; runs: number } {
  const value = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const sizes = (value("--sizes") ?? "M,L").split(",").map((s) => s.trim().toUpperCase());
  for (const size of sizes) {
    if (!(size in BENCH_SIZES)) throw new Error(`bench/louvain-steps-bench: unknown size ${size}; use ${Object.keys(BENCH_SIZES).join(",")}`);
  }
  const runs = Number(value("--runs") ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("bench/louvain-steps-bench: --runs must be a positive whole number");
  return { sizes: sizes as BenchSize[], runs };
}

/** Durations of each step of one stepwise run, ms. */
function stepDurations(steps: Generator<void, unknown>): number[] {
  const durations: number[] = [];
  for (;;) {
    const started = performance.now();
    const step = steps.next();
    durations.push(performance.now() - started);
    if (step.done) return durations;
  }
}

const { sizes, runs } = readArgs(process.argv.slice(2));
const rows: string[][] = [];
for (const size of sizes) {
  const projection = await buildProjection([chunkOf(generateDataset({ accounts: BENCH_SIZES[size].accounts, seed: BENCH_SEED }))]);
  const csr = csrOf(projection);
  const straight: number[] = [];
  const longest: number[] = [];
  let stepCount = 0;
  let communities = 0;
  // Alternated, so both see the same JIT state and machine load.
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    communities = detectCommunities(projection).count;
    straight.push(performance.now() - started);
    const durations = stepDurations(louvainInSteps(projection));
    stepCount = durations.length;
    longest.push(Math.max(...durations));
  }
  const range = (values: number[]) => `${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))}`;
  rows.push([
    size,
    `${csr.order.toLocaleString("en")} / ${csr.size.toLocaleString("en")}`,
    String(communities),
    `${formatMs(median(straight))} (${range(straight)})`,
    String(stepCount),
    `${formatMs(median(longest))} (${range(longest)})`,
  ]);
}
console.log(`\n# Louvain straight through and in steps (${runs} runs each, median (range))\n`);
console.log(renderTable(["size", "accounts / arcs", "communities", "straight through", "steps", "longest step"], rows));
