/**
 * Measures the error of the two sampled metrics (betweenness, harmonic closeness) against
 * their exact values, on generated datasets (seeds/generate-dataset.ts: communities with
 * leaders, INFLUENCES and REFERRED links, so the projection has membership ties and
 * parallel links like a real store). The figures in docs/influence.md come from this.
 *
 *   npm run bench:sampling [-- --sizes 1000,2500,5000 --seeds 42,1,2,3,4 --pivots 64,256,1024 --export DIR]
 *
 * For every size, the exact run (every account a source) is the truth; each sampled run
 * uses the default options but forces sampling (exactMaxNodes 0), once per seed, and,
 * at the largest size, once per pivot count. Prints markdown tables. Slow on purpose:
 * exact weighted betweenness is O(V·(E + V log V)); ~23 s at 10,000 accounts, ~85 s at 20,000.
 *
 * `--export DIR` also writes DIR/sampling-<size>.json (the INFLUENCE arcs, our exact values
 * and our sampled betweenness per seed) for scripts/reference/networkx_sampling_check.py,
 * which recomputes both exactly with networkx and samples betweenness with networkx's own
 * estimator, so our exact values and our sampling error can be checked independently.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { csrOf } from "../src/analytics/csr.js";
import { buildProjection, type Projection } from "../src/analytics/projection.js";
import { computeBetweenness, DEFAULTS as BETWEENNESS } from "../src/analytics/metrics/betweenness.js";
import { computeHarmonicCloseness, DEFAULTS as HARMONIC } from "../src/analytics/metrics/harmonic-closeness.js";
import type { NodeScores } from "../src/analytics/metrics/node-scores.js";
import { generateDataset } from "../seeds/index.js";
import { chunkOf } from "./dataset-chunk.js";

const DATASET_SEED = 7;

interface Args {
  sizes: number[];
  seeds: number[];
  pivots: number[];
  export: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [1000, 2500, 5000, 10000, 20000], seeds: [42, 1, 2, 3, 4], pivots: [64, 256, 1024], export: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, "");
    const value = argv[i + 1] ?? "";
    if (key === "export" && value !== "") {
      args.export = value;
      continue;
    }
    const list = value.split(",").map(Number);
    if (!(key === "sizes" || key === "seeds" || key === "pivots") || list.some((n) => !Number.isFinite(n))) {
      throw new Error(`bench/sampling-error: unknown option or bad value: ${argv[i]} ${value}`);
    }
    args[key] = list;
  }
  return args;
}

/** The graph, our exact values and our sampled betweenness, for the networkx check. */
function exportForNetworkx(dir: string, accounts: number, projection: Projection, seeds: number[]): void {
  const csr = csrOf(projection);
  const arcs: [number, number, number][] = [];
  for (let u = 0; u < csr.order; u++) {
    for (let e = csr.outOffsets[u]!; e < csr.outOffsets[u + 1]!; e++) arcs.push([u, csr.outTargets[e]!, csr.outWeights[e]!]);
  }
  const exact = { exactMaxNodes: Number.MAX_SAFE_INTEGER };
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `sampling-${accounts}.json`),
    JSON.stringify({
      n: csr.order,
      pivots: BETWEENNESS.pivots,
      arcs,
      betweenness: Array.from(computeBetweenness(projection, exact).values),
      harmonic: Array.from(computeHarmonicCloseness(projection, exact).values),
      sampledBetweenness: Object.fromEntries(
        seeds.map((seed) => [seed, Array.from(computeBetweenness(projection, { exactMaxNodes: 0, seed }).values)]),
      ),
    }),
  );
}

/** Node indices by score, highest first (ties by index). */
function ranking(scores: NodeScores): number[] {
  return Array.from(scores.values.keys()).sort((a, b) => scores.values[b]! - scores.values[a]! || a - b);
}

function overlap(a: number[], b: number[]): number {
  const set = new Set(b);
  return a.filter((i) => set.has(i)).length;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Comparison {
  maxAbs: number;
  meanAbs: number;
  largestExact: number;
  /** Relative error over the 100 highest exact scores: median and max. */
  top100MedianRel: number;
  top100MaxRel: number;
  top10In10: number;
  top10In20: number;
}

function compare(exact: NodeScores, sampled: NodeScores): Comparison {
  let maxAbs = 0;
  let totalAbs = 0;
  let largestExact = 0;
  for (let i = 0; i < exact.values.length; i++) {
    const error = Math.abs(exact.values[i]! - sampled.values[i]!);
    maxAbs = Math.max(maxAbs, error);
    totalAbs += error;
    largestExact = Math.max(largestExact, exact.values[i]!);
  }
  const exactOrder = ranking(exact);
  const sampledOrder = ranking(sampled);
  const relative = exactOrder
    .slice(0, 100)
    .filter((i) => exact.values[i]! > 0)
    .map((i) => Math.abs(sampled.values[i]! / exact.values[i]! - 1))
    .sort((a, b) => a - b);
  return {
    maxAbs,
    meanAbs: totalAbs / exact.values.length,
    largestExact,
    top100MedianRel: quantile(relative, 0.5),
    top100MaxRel: relative.at(-1) ?? NaN,
    top10In10: overlap(exactOrder.slice(0, 10), sampledOrder.slice(0, 10)),
    top10In20: overlap(exactOrder.slice(0, 10), sampledOrder.slice(0, 20)),
  };
}

const fmt = (x: number) => (x === 0 ? "0" : Math.abs(x) >= 0.01 ? x.toFixed(3) : x.toExponential(1));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const max = (xs: number[]) => Math.max(...xs);

type Metric = "betweenness" | "harmonic";
const run = (metric: Metric, projection: Projection, options: { exactMaxNodes: number; pivots?: number; seed?: number }) =>
  metric === "betweenness" ? computeBetweenness(projection, options) : computeHarmonicCloseness(projection, options);

function row(label: string, results: Comparison[]): string {
  const pick = (f: (c: Comparison) => number) => results.map(f);
  const cell = (xs: number[], show: (x: number) => string) =>
    xs.length === 1 ? show(xs[0]!) : `${show(xs[0]!)} (median ${show(median(xs))}, max ${show(max(xs))})`;
  const worstOverlap = (xs: number[]) => (xs.length === 1 ? `${xs[0]}` : `${xs[0]} (min ${Math.min(...xs)})`);
  return `| ${label} | ${cell(
    pick((c) => c.maxAbs),
    fmt,
  )} | ${cell(
    pick((c) => c.meanAbs),
    fmt,
  )} | ${fmt(results[0]!.largestExact)} | ${cell(
    pick((c) => c.top100MedianRel),
    pct,
  )} | ${cell(
    pick((c) => c.top100MaxRel),
    pct,
  )} | ${worstOverlap(pick((c) => c.top10In10))} | ${worstOverlap(pick((c) => c.top10In20))} |`;
}

const HEADER =
  "| graph | max abs error | mean abs error | largest exact | top-100 median rel. error | top-100 max rel. error | exact top 10 in sampled top 10 | … in top 20 |\n" +
  "|---|---|---|---|---|---|---|---|";

const args = parseArgs(process.argv.slice(2));
console.log(
  `Defaults: betweenness ${BETWEENNESS.pivots} pivots above ${BETWEENNESS.exactMaxNodes} accounts; ` +
    `harmonic closeness ${HARMONIC.pivots} targets above ${HARMONIC.exactMaxNodes}. Sampling seeds ${args.seeds.join(", ")} ` +
    `(first figure: seed ${args.seeds[0]}; median and max over all seeds in brackets). Node ${process.version}.`,
);
const tables: Record<Metric, string[]> = { betweenness: [], harmonic: [] };
const sweeps: Record<Metric, string[]> = { betweenness: [], harmonic: [] };
const largest = Math.max(...args.sizes);
for (const accounts of args.sizes) {
  const projection = await buildProjection([chunkOf(generateDataset({ accounts, seed: DATASET_SEED }))]);
  const label = `${accounts.toLocaleString("en")} accounts / ${projection.graph.size.toLocaleString("en")} ties`;
  if (args.export) exportForNetworkx(args.export, accounts, projection, args.seeds);
  for (const metric of ["betweenness", "harmonic"] as const) {
    const started = performance.now();
    const exact = run(metric, projection, { exactMaxNodes: Number.MAX_SAFE_INTEGER });
    const exactMs = performance.now() - started;
    const results = args.seeds.map((seed) => compare(exact, run(metric, projection, { exactMaxNodes: 0, seed })));
    tables[metric].push(row(`${label} (exact ${(exactMs / 1000).toFixed(1)} s)`, results));
    if (accounts === largest) {
      for (const pivots of args.pivots) {
        const perSeed = args.seeds.map((seed) => compare(exact, run(metric, projection, { exactMaxNodes: 0, pivots, seed })));
        sweeps[metric].push(row(`${pivots} pivots`, perSeed));
      }
    }
    console.error(`${metric} ${label}: done`);
  }
}
for (const metric of ["betweenness", "harmonic"] as const) {
  console.log(`\n### ${metric === "betweenness" ? "Betweenness (normalized)" : "Harmonic closeness"}: sampled vs exact, default pivots\n`);
  console.log(`${HEADER}\n${tables[metric].join("\n")}`);
  console.log(`\nPivot count at ${largest.toLocaleString("en")} accounts:\n\n${HEADER}\n${sweeps[metric].join("\n")}`);
}
