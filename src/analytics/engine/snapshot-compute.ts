/**
 * Computes the InfluenceSnapshot of a projection in three phases (snapshot.ts): the lead
 * snapshot (PageRank, degrees, node attributes), the core part (HITS, eigenvector,
 * keystones) and the structure (betweenness, harmonic closeness, Louvain communities),
 * each with the orderings and ranks the services page through. Runs inside the analytics worker (or
 * in-process for small graphs).
 *
 * - A metric that has no answer on this graph (DomainError, e.g. eigenvector not
 *   converging) is recorded as unavailable with its code; the others are kept.
 * - Harmonic closeness is skipped above `harmonicClosenessMaxNodes` and reported as
 *   METRIC_NOT_COMPUTABLE: on big graphs it would hold the worker for as long as sampled
 *   betweenness again for a metric few queries need. Betweenness decides exact vs sampled
 *   itself (metrics/betweenness.ts).
 * - HUB and AUTHORITY come from one HITS run instead of two.
 * - `pause()` is awaited between steps (between metrics, between groups of sources of
 *   betweenness and closeness, between parts of Louvain), so requests queued behind the
 *   computation (the worker's on-demand operations, or the event loop when in-process) get
 *   a turn, and an interrupted structure phase stops there (projection-host.ts).
 *
 * Cost: the sum of the metrics' costs, plus O(V) per metric for the ordering (radix sort).
 */
import { DomainError, MetricNotComputableError } from "../../domain/errors.js";
import { competitionRanks } from "../../domain/competition-ranks.js";
import { csrOf } from "../csr.js";
import {
  computeHits,
  findKeystones,
  louvainInSteps,
  METRIC_NAMES,
  METRICS,
  type LouvainOptions,
  type MetricDefinition,
  type MetricName,
  type MetricOptions,
  type NodeScores,
} from "../index.js";
import type { Projection } from "../projection.js";
import type {
  CorePart,
  CoreSnapshot,
  InfluenceSnapshot,
  KeystoneSnapshot,
  LinkCsr,
  RankedMetric,
  StructurePart,
  UnavailableMetric,
} from "./snapshot.js";
import { completeSnapshot, CORE_METRICS, phaseOf, STRUCTURE_METRICS, withCoreMetrics } from "./snapshot.js";
import { canonicaliseScores } from "./canonical-scores.js";
import { collectAttributes, countExternalTies } from "./snapshot-attributes.js";
import { orderByValueDescending } from "../kernels/radix-order.js";

export interface SnapshotSettings {
  /** Harmonic closeness is computed only up to this many accounts. */
  harmonicClosenessMaxNodes: number;
  /** Per-metric options passed to the registry (module DEFAULTS otherwise). */
  metricOptions: Partial<MetricOptions>;
  louvain: Partial<LouvainOptions>;
}

export const DEFAULTS: Readonly<SnapshotSettings> = Object.freeze({
  harmonicClosenessMaxNodes: 50_000,
  metricOptions: {},
  louvain: {},
});

/** The lead phase: every metric outside CORE_METRICS and STRUCTURE_METRICS, node attributes. */
export async function computeLeadSnapshot(
  projection: Projection,
  version: number,
  settings: Partial<SnapshotSettings> = {},
  pause: () => Promise<void> = async () => {},
): Promise<CoreSnapshot> {
  const csr = csrOf(projection);
  const run = new MetricRun(projection, { ...DEFAULTS, ...settings });
  for (const name of METRIC_NAMES) {
    if (phaseOf(name) !== "lead") continue;
    await run.compute(name, pause);
    await pause();
  }
  const metrics = run.timed("RANKING", () => rankAll(projection, run.values, run.precision));
  return {
    version,
    phase: "lead",
    computedAt: Date.now(),
    ids: csr.ids,
    edgeCount: csr.size,
    metrics,
    unavailable: run.unavailable,
    keystone: null,
    attributes: collectAttributes(projection),
    links: copyLinks(projection),
    timings: run.timings,
  };
}

/** The core phase: HITS, eigenvector and keystones on the lead snapshot's projection. */
export async function computeCoreMetrics(
  projection: Projection,
  settings: Partial<SnapshotSettings> = {},
  pause: () => Promise<void> = async () => {},
): Promise<CorePart> {
  const run = new MetricRun(projection, { ...DEFAULTS, ...settings });
  for (const name of CORE_METRICS) {
    if (name === "AUTHORITY") continue; // comes with HUB
    await run.compute(name, pause);
    await pause();
  }
  const keystones = run.timed("KEYSTONES", () => findKeystones(projection));
  await pause();
  const metrics = run.timed("RANKING_CORE", () => rankAll(projection, run.values, run.precision));
  return { metrics, unavailable: run.unavailable, keystone: keystones.isKeystone, timings: run.timings };
}

/** The LINKS view as owned copies: the CSR memo keeps its own arrays, which must not be transferred. */
function copyLinks(projection: Projection): LinkCsr {
  const links = csrOf(projection, "LINKS");
  return { offsets: links.outOffsets.slice(), targets: links.outTargets.slice(), strengths: links.outWeights.slice() };
}

/** The structure phase: betweenness, harmonic closeness, Louvain and the ties between communities. */
export async function computeStructure(
  projection: Projection,
  settings: Partial<SnapshotSettings> = {},
  pause: () => Promise<void> = async () => {},
): Promise<StructurePart> {
  const resolved = { ...DEFAULTS, ...settings };
  const run = new MetricRun(projection, resolved);
  for (const name of STRUCTURE_METRICS) {
    await run.compute(name, pause);
    await pause();
  }
  const partition = await run.timedInSteps("LOUVAIN", louvainInSteps(projection, resolved.louvain), pause);
  const metrics = run.timed("RANKING_STRUCTURE", () => rankAll(projection, run.values, run.precision));
  return {
    metrics,
    unavailable: run.unavailable,
    louvain: {
      community: partition.community,
      sizes: communitySizes(partition.community, partition.count),
      modularity: partition.modularity,
    },
    externalTies: countExternalTies(projection, partition.community),
    timings: run.timings,
  };
}

/** Every phase at once (benchmarks, tests). */
export async function computeSnapshot(
  projection: Projection,
  version: number,
  settings: Partial<SnapshotSettings> = {},
  pause?: () => Promise<void>,
): Promise<InfluenceSnapshot> {
  const core = await computeCoreSnapshot(projection, version, settings, pause);
  return completeSnapshot(core, await computeStructure(projection, settings, pause));
}

/** The lead and core phases at once (benchmarks). */
export async function computeCoreSnapshot(
  projection: Projection,
  version: number,
  settings: Partial<SnapshotSettings> = {},
  pause?: () => Promise<void>,
): Promise<KeystoneSnapshot> {
  const lead = await computeLeadSnapshot(projection, version, settings, pause);
  return withCoreMetrics(lead, await computeCoreMetrics(projection, settings, pause));
}

/** Runs registry metrics, recording values, timings and why a metric has no answer. */
class MetricRun {
  readonly values: Partial<Record<MetricName, Float64Array>> = {};
  /** NodeScores.precision of the iterative metrics (canonical-scores.ts). */
  readonly precision: Partial<Record<MetricName, number>> = {};
  readonly unavailable: Partial<Record<MetricName, UnavailableMetric>> = {};
  readonly timings: Record<string, number> = {};

  constructor(
    private readonly projection: Projection,
    private readonly settings: SnapshotSettings,
  ) {}

  timed<T>(step: string, work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.timings[step] = (this.timings[step] ?? 0) + performance.now() - started;
    }
  }

  /** Runs `name`; a metric computed in steps pauses between them. */
  async compute(name: MetricName, pause: () => Promise<void>): Promise<void> {
    const { projection, settings } = this;
    const n = csrOf(projection).order;
    if (name === "HARMONIC_CLOSENESS" && n > settings.harmonicClosenessMaxNodes) {
      const error = new MetricNotComputableError(
        `harmonic closeness is computed only up to ${settings.harmonicClosenessMaxNodes} accounts; this graph has ${n}`,
      );
      this.unavailable[name] = { code: error.code, message: error.message };
      return;
    }
    if (name === "HUB" || name === "AUTHORITY") {
      this.record(["HUB", "AUTHORITY"], () => {
        const hits = computeHits(projection, { ...settings.metricOptions.HUB, ...settings.metricOptions.AUTHORITY });
        return [hits.hubs, hits.authorities];
      });
      return;
    }
    const definition = METRICS[name] as MetricDefinition;
    const options = settings.metricOptions[name];
    if (definition.computeInSteps) return this.recordInSteps(name, definition.computeInSteps(projection, options), pause);
    this.record([name], () => [definition.compute(projection, options)]);
  }

  private record(names: MetricName[], work: () => NodeScores[]): void {
    try {
      this.keep(names, this.timed(names.join("+"), work));
    } catch (error) {
      this.unavailableOn(names, error);
    }
  }

  /**
   * Runs stepwise work, awaiting `pause()` between its steps; timed step by step, so the
   * pauses (other requests' time) do not count. A pause that throws (an interrupted
   * structure phase) abandons the work there.
   */
  async timedInSteps<T>(step: string, steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
    for (;;) {
      const next = this.timed(step, () => steps.next());
      if (next.done) return next.value;
      await pause();
    }
  }

  private async recordInSteps(name: MetricName, steps: Generator<void, NodeScores>, pause: () => Promise<void>): Promise<void> {
    try {
      this.keep([name], [await this.timedInSteps(name, steps, pause)]);
    } catch (error) {
      this.unavailableOn([name], error);
    }
  }

  private keep(names: MetricName[], results: NodeScores[]): void {
    names.forEach((name, i) => {
      this.values[name] = results[i]!.values;
      if (results[i]!.precision !== undefined) this.precision[name] = results[i]!.precision!;
    });
  }

  /** A metric with no answer on this graph (DomainError) is recorded as such; anything else propagates. */
  private unavailableOn(names: MetricName[], error: unknown): void {
    if (!(error instanceof DomainError)) throw error;
    for (const name of names) this.unavailable[name] = { code: error.code, message: error.message };
  }
}

/**
 * Snapshot arrays are transferred (detached) out of the worker, so none may alias an
 * array the metrics' CSR view keeps, such as its weight sums: copy any that do.
 */
function ownedBy(values: Partial<Record<MetricName, Float64Array>>, projection: Projection) {
  const csr = csrOf(projection);
  const kept = new Set<ArrayBufferLike>([csr.outWeights, csr.inWeights, csr.outWeightSums, csr.inWeightSums].map((a) => a.buffer));
  const owned: Partial<Record<MetricName, Float64Array>> = {};
  for (const [name, array] of Object.entries(values) as [MetricName, Float64Array][]) {
    owned[name] = kept.has(array.buffer) ? array.slice() : array;
  }
  return owned;
}

/** Canonical scores (canonical-scores.ts: noise as 0, 12 significant digits), then order and ranks. */
function rankAll(projection: Projection, values: Partial<Record<MetricName, Float64Array>>, precision: Partial<Record<MetricName, number>>) {
  const idOrder = idOrderOf(csrOf(projection).ids);
  const metrics: Partial<Record<MetricName, RankedMetric>> = {};
  for (const [name, scores] of Object.entries(ownedBy(values, projection)) as [MetricName, Float64Array][]) {
    metrics[name] = rankMetric(canonicaliseScores(scores, precision[name]), idOrder);
  }
  return metrics;
}

const idOrders = new WeakMap<readonly string[], Int32Array>();

/**
 * Node indices in id order (code-unit comparison), the tie order of every ranking. Kept
 * per ids array, which stays the same across revisions until accounts are added or removed.
 */
function idOrderOf(ids: readonly string[]): Int32Array {
  let idOrder = idOrders.get(ids);
  if (!idOrder) {
    idOrder = Int32Array.from(ids.keys()).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    idOrders.set(ids, idOrder);
  }
  return idOrder;
}

/** Order by (score desc, id asc) and competition ranks. O(V) (radix sort on the scores). */
export function rankMetric(values: Float64Array, idOrder: Int32Array): RankedMetric {
  const order = orderByValueDescending(values, idOrder);
  const byPosition = competitionRanks(values, order);
  // The snapshot looks ranks up by node.
  const rank = new Int32Array(values.length);
  for (let k = 0; k < order.length; k++) rank[order[k]!] = byPosition[k]!;
  return { values, order, rank };
}

function communitySizes(community: Int32Array, count: number): Int32Array {
  const sizes = new Int32Array(count);
  for (let i = 0; i < community.length; i++) sizes[community[i]!]!++;
  return sizes;
}
