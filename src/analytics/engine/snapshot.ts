/**
 * The metric snapshot: every per-account metric of one graph version, as typed arrays
 * aligned with one `ids` array, plus what the services need to rank, filter and group
 * accounts without asking the worker again (Louvain community, keystone flag, revenue,
 * status, owner, stored group memberships).
 *
 * Why typed arrays: a snapshot of 200k accounts is ~40 MB of numbers; as ArrayBuffers it
 * crosses from the worker by transfer (zero copy), where an object per account would be
 * structured-cloned field by field and cost a second of main-thread time.
 *
 * Each metric arrives with its ordering (`order`: node indices by score desc, then id
 * asc, compared by UTF-16 code units like `<`) and competition rank (`rank`: 1 + number
 * of accounts with a strictly higher score), computed in the worker, so keyset pages and
 * ranks cost O(log n) / O(1) on the request path.
 */
import type { DomainErrorCode } from "../../domain/errors.js";
import { ACCOUNT_STATUSES, SEGMENTS, type AccountStatus, type Segment } from "../../domain/model.js";
import type { MetricName } from "../index.js";

export interface RankedMetric {
  /** values[i] scores ids[i]. */
  readonly values: Float64Array;
  /** Node indices ordered by (value desc, id asc). */
  readonly order: Int32Array;
  /** Competition rank of node i (ties share the best rank). */
  readonly rank: Int32Array;
}

/** Why a metric has no values in this snapshot. */
export interface UnavailableMetric {
  readonly code: DomainErrorCode;
  readonly message: string;
}

export interface LouvainPartition {
  /** Community number of node i. */
  readonly community: Int32Array;
  /** Members per community number. */
  readonly sizes: Int32Array;
  readonly modularity: number;
}

/** Node attributes the services filter and aggregate on. */
export interface SnapshotAttributes {
  /** annualRevenue in cents. */
  readonly revenue: Float64Array;
  /** Index into ACCOUNT_STATUSES. */
  readonly status: Uint8Array;
  /** Index into SEGMENTS. */
  readonly segment: Uint8Array;
  /** Index into `owners`, −1 for none. */
  readonly owner: Int32Array;
  readonly owners: readonly string[];
  /** Stored community memberships (MEMBER_OF) of node i: groupIndex[groupOffsets[i] .. groupOffsets[i+1]). */
  readonly groupOffsets: Int32Array;
  /** Index into `groups`. */
  readonly groupIndex: Int32Array;
  readonly groups: readonly string[];
}

/**
 * The stored links (REFERRED + INFLUENCES, strongest per ordered pair: the CSR view
 * "LINKS" of csr.ts) in the snapshot's node order, for strategy's cascades (advocates,
 * churn contagion, the time plan's spill-over). Copies, so they can be transferred.
 */
export interface LinkCsr {
  /** Node i's out-links are targets[offsets[i] .. offsets[i+1]). */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Link strengths 0..1, aligned with targets. */
  readonly strengths: Float64Array;
}

/**
 * A snapshot is published in three phases, each adding metrics to the one before, so a
 * read waits only for the phase that holds what it asks:
 * - "lead": PageRank, the degrees and the node attributes. What a new link moves first and
 *   what most reads rank by: on 200,000 accounts it is out about a second before the rest
 *   of the core;
 * - "core": adds HITS (hub, authority) and eigenvector, the other power iterations, and
 *   the keystones (articulation points);
 * - "full": adds the structure, metrics that cost O(V·E)-ish (all-pairs shortest paths,
 *   community detection), seconds to minutes on big graphs.
 */
export const SNAPSHOT_PHASES = Object.freeze(["lead", "core", "full"] as const);
export type SnapshotPhase = (typeof SNAPSHOT_PHASES)[number];

/** Metrics the core phase adds to the lead snapshot. */
export const CORE_METRICS: readonly MetricName[] = Object.freeze(["HUB", "AUTHORITY", "EIGENVECTOR"]);
/** Metrics the structure phase adds. */
export const STRUCTURE_METRICS: readonly MetricName[] = Object.freeze(["BETWEENNESS", "HARMONIC_CLOSENESS"]);

/** The first phase whose snapshot holds `metric`. */
export function phaseOf(metric: MetricName): SnapshotPhase {
  return STRUCTURE_METRICS.includes(metric) ? "full" : CORE_METRICS.includes(metric) ? "core" : "lead";
}

/** Whether a snapshot of phase `have` holds everything phase `need` does. */
export function reaches(have: SnapshotPhase, need: SnapshotPhase): boolean {
  return SNAPSHOT_PHASES.indexOf(have) >= SNAPSHOT_PHASES.indexOf(need);
}

/**
 * A snapshot of any phase: the lead one, or one that later phases completed (`phase` says
 * which; a metric of a later phase is absent, not unavailable).
 */
export interface CoreSnapshot {
  /** Graph version (AccountGraphStore.graphVersion) the data was read at. */
  readonly version: number;
  readonly phase: SnapshotPhase;
  /** Epoch milliseconds when the metrics finished. */
  readonly computedAt: number;
  readonly ids: readonly string[];
  readonly edgeCount: number;
  readonly metrics: Partial<Record<MetricName, RankedMetric>>;
  readonly unavailable: Partial<Record<MetricName, UnavailableMetric>>;
  /** 1 where the account is an articulation point of the undirected influence graph; null in the lead phase. */
  readonly keystone: Uint8Array | null;
  readonly attributes: SnapshotAttributes;
  /** Stored links as a CSR over `ids` (strategy's influence network). */
  readonly links: LinkCsr;
  /** Milliseconds spent per step (metric names, LOUVAIN, KEYSTONES, RANKING). */
  readonly timings: Readonly<Record<string, number>>;
}

/** What a phase after the lead adds: ranked metrics, and those that have no answer on this graph. */
export interface MetricPart {
  readonly metrics: Partial<Record<MetricName, RankedMetric>>;
  readonly unavailable: Partial<Record<MetricName, UnavailableMetric>>;
  readonly timings: Readonly<Record<string, number>>;
}

/** What the core phase adds. */
export interface CorePart extends MetricPart {
  readonly keystone: Uint8Array;
}

/** What the structure phase adds. */
export interface StructurePart extends MetricPart {
  readonly louvain: LouvainPartition;
  /** Ties (either direction) to accounts in another Louvain community: brokers have many. */
  readonly externalTies: Int32Array;
}

/** The core snapshot: the lead one and the core part. */
export interface KeystoneSnapshot extends CoreSnapshot {
  readonly keystone: Uint8Array;
}

/** The complete snapshot of one version: core plus structure. */
export interface InfluenceSnapshot extends KeystoneSnapshot {
  readonly louvain: LouvainPartition;
  readonly externalTies: Int32Array;
}

export function isComplete(snapshot: CoreSnapshot): snapshot is InfluenceSnapshot {
  return snapshot.phase === "full";
}

/** Whether `snapshot` holds the keystones (the core phase or later). */
export function hasKeystones(snapshot: CoreSnapshot): snapshot is KeystoneSnapshot {
  return snapshot.keystone !== null;
}

/** The lead snapshot with the core phase's part. */
export function withCoreMetrics(lead: CoreSnapshot, part: CorePart): KeystoneSnapshot {
  return { ...merged(lead, part), phase: "core", keystone: part.keystone };
}

export function completeSnapshot(core: KeystoneSnapshot, structure: StructurePart): InfluenceSnapshot {
  return { ...merged(core, structure), phase: "full", keystone: core.keystone, louvain: structure.louvain, externalTies: structure.externalTies };
}

function merged(snapshot: CoreSnapshot, part: MetricPart): CoreSnapshot {
  return {
    ...snapshot,
    computedAt: Date.now(),
    metrics: { ...snapshot.metrics, ...part.metrics },
    unavailable: { ...snapshot.unavailable, ...part.unavailable },
    timings: { ...snapshot.timings, ...part.timings },
  };
}

export const STATUS_CODES: readonly AccountStatus[] = ACCOUNT_STATUSES;
export const SEGMENT_CODES: readonly Segment[] = SEGMENTS;

/** Every ArrayBuffer of a lead snapshot or a later phase's part, for postMessage's transfer list. */
export function snapshotTransferList(part: CoreSnapshot | MetricPart): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [];
  if ("keystone" in part && part.keystone) arrays.push(part.keystone);
  if ("attributes" in part) {
    arrays.push(
      part.attributes.revenue,
      part.attributes.status,
      part.attributes.segment,
      part.attributes.owner,
      part.attributes.groupOffsets,
      part.attributes.groupIndex,
      part.links.offsets,
      part.links.targets,
      part.links.strengths,
    );
  }
  if ("louvain" in part) {
    const structure = part as StructurePart;
    arrays.push(structure.louvain.community, structure.louvain.sizes, structure.externalTies);
  }
  for (const metric of Object.values(part.metrics)) {
    if (metric) arrays.push(metric.values, metric.order, metric.rank);
  }
  // Distinct buffers only: transferring one twice throws a DataCloneError.
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}
