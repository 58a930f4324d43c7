/**
 * Small helpers shared by the benchmark scripts: timing, medians, memory readings,
 * number formatting and a plain-text table.
 */
import { getHeapStatistics } from "node:v8";

/**
 * Dataset sizes (5 links per account). XL is run only when asked for (`--sizes XL`): its
 * dataset takes minutes to generate and import and several GB while doing so. At XL the
 * structure phase (sampled betweenness, Louvain) and the HTTP API round are not run: the
 * issue asks that every core metric complete within 4 GB.
 */
export const BENCH_SIZES = Object.freeze({
  S: { accounts: 2_000, structure: true, api: true, graphologyComparison: true, byDefault: true },
  M: { accounts: 20_000, structure: true, api: true, graphologyComparison: true, byDefault: true },
  L: { accounts: 200_000, structure: true, api: true, graphologyComparison: false, byDefault: true },
  XL: { accounts: 1_000_000, structure: false, api: false, graphologyComparison: false, byDefault: false },
} as const);
export type BenchSize = keyof typeof BENCH_SIZES;

/** One seed for every size, so a rerun measures the same graphs. */
export const BENCH_SEED = 2026;

export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs a full GC when node was started with --expose-gc, so heap readings mean something. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function heapUsedMb(): number {
  return getHeapStatistics().used_heap_size / 1e6;
}

/** Peak resident set of this process so far, MB (getrusage maxrss). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1e3;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatRatio(ours: number | null | undefined, theirs: number | null | undefined): string {
  if (!ours || !theirs) return "—";
  return `${(ours / theirs).toFixed(1)}x`;
}

/** A plain-text table with aligned columns. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (c ?? "").padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
