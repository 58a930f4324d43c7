/**
 * Owns one influence projection and answers everything asked of it: loading it (in bulk
 * from typed columns, or from streamed chunks), patching it, computing metric snapshots,
 * and the on-demand operations (personalized PageRank, reach, referral paths,
 * neighbourhoods). The same class runs inside the analytics worker (analytics-worker.ts)
 * and, for small graphs, in-process (host-client.ts), so both modes answer identically.
 *
 * Loading: `loadColumns(columns)` takes the whole graph as GraphColumns — interned ids
 * and typed arrays, which the worker client transfers rather than copies
 * (requestTransferList) — and adopts the arrays as they are. A reload builds the new
 * projection beside the current one and swaps at the end, so on-demand operations
 * interleaved with a reload keep seeing a whole graph.
 *
 * Patching: `patch(patches)` applies store writes in order (projection.ts); the CSR views
 * are patched on the next snapshot and PageRank, HITS and eigenvector start from the
 * previous vectors (metrics/warm-start.ts). The call contract is sequential: patch, then
 * the snapshot's phases in order (snapshot, coreMetrics, structure); never a patch while
 * a phase of this host is running. `interrupt` may arrive while the structure phase runs
 * (it pauses between sources of betweenness and closeness, between parts of Louvain of
 * some tens of milliseconds, and between metrics): the phase then stops at its next pause
 * and answers null, so the engine can bring a newer graph version's PageRank out first
 * instead of waiting ~20 s at 200,000 accounts.
 */
import { ValidationError } from "../../domain/errors.js";
import { requirePositiveInt } from "../../domain/guards.js";
import {
  computePersonalizedPageRank,
  computeReach,
  findShortestReferralPath,
  findStrongestReferralPath,
  MAX_HOPS,
  type ReachResult,
  type ReferralPath,
} from "../index.js";
import { csrOf } from "../csr.js";
import { columnsTransferList, type GraphColumns } from "../graph-columns.js";
import {
  applyGraphPatch,
  createEmptyProjection,
  projectionFromColumns,
  type GraphPatch,
  type Projection,
  type ProjectionOptions,
} from "../projection.js";
import { canonicaliseScores } from "./canonical-scores.js";
import { exploreNeighbourhood, type Neighbourhood, type NeighbourhoodQuery } from "./neighbourhood.js";
import type { CorePart, CoreSnapshot, StructurePart } from "./snapshot.js";
import { computeCoreMetrics, computeLeadSnapshot, computeStructure, type SnapshotSettings } from "./snapshot-compute.js";

export type PathMode = "STRONGEST" | "SHORTEST";

export interface ProjectionSize {
  nodes: number;
  edges: number;
}

export interface PersonalizedRankQuery {
  seeds: readonly string[];
  first: number;
  /** Leave the seeds themselves out of the answer (they trivially rank first). */
  excludeSeeds: boolean;
}

export interface RankedAccounts {
  ids: string[];
  scores: number[];
}

export interface HostSettings {
  projection: Partial<ProjectionOptions>;
  snapshot: Partial<SnapshotSettings>;
}

/** What a host client can ask; every method is also callable across the worker boundary. */
export interface HostOperations {
  /** Replaces the projection with the graph in `columns` (its typed arrays are adopted, not copied). */
  loadColumns(columns: GraphColumns): ProjectionSize;
  patch(patches: readonly GraphPatch[]): ProjectionSize;
  /** The lead phase of the snapshot of the current projection, labelled `version`. */
  snapshot(version: number): Promise<CoreSnapshot>;
  /** The core phase on the same projection (call before any patch or reload). */
  coreMetrics(): Promise<CorePart>;
  /** The structure phase on the same projection (call before any patch or reload); null when interrupted. */
  structure(): Promise<StructurePart | null>;
  /** Stops a running structure phase at its next pause (no effect when none runs). */
  interrupt(): void;
  personalizedRank(query: PersonalizedRankQuery): RankedAccounts;
  /** One result per id; null for an id the projection does not hold (batched callers). */
  reach(ids: readonly string[], hops: number): (ReachResult | null)[];
  referralPath(fromId: string, toId: string, mode: PathMode): ReferralPath | null;
  neighbourhood(query: NeighbourhoodQuery): Neighbourhood;
}

export const HOST_METHODS = Object.freeze([
  "loadColumns",
  "patch",
  "snapshot",
  "coreMetrics",
  "structure",
  "interrupt",
  "personalizedRank",
  "reach",
  "referralPath",
  "neighbourhood",
] as const satisfies readonly (keyof HostOperations)[]);

/** The snapshot's phases: whole-graph work, whose answers' typed arrays are transferred back. */
export const PHASE_METHODS: ReadonlySet<string> = new Set(["snapshot", "coreMetrics", "structure"] satisfies (keyof HostOperations)[]);

/**
 * The ArrayBuffers a request may transfer to the worker instead of copying: the columns
 * of `loadColumns`. The worker client passes them as postMessage's transfer list; the
 * sender's arrays are detached afterwards.
 */
export function requestTransferList(method: keyof HostOperations, args: readonly unknown[]): ArrayBuffer[] {
  return method === "loadColumns" ? columnsTransferList(args[0] as GraphColumns) : [];
}

export class ProjectionHost implements HostOperations {
  private projection: Projection;
  private interrupted = false;

  constructor(
    private readonly settings: HostSettings,
    /** Awaited between snapshot steps so queued work gets a turn. */
    private readonly pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ) {
    this.projection = createEmptyProjection(settings.projection);
  }

  /** Loads and builds the INFLUENCE CSR view every snapshot starts from: loaded means ready. */
  loadColumns(columns: GraphColumns): ProjectionSize {
    const projection = projectionFromColumns(columns, this.settings.projection);
    csrOf(projection);
    this.projection = projection;
    return this.size();
  }

  /** Patches apply in order; a failing one leaves those before it applied: the caller must reload then. */
  patch(patches: readonly GraphPatch[]): ProjectionSize {
    applyGraphPatch(this.projection, patches);
    return this.size();
  }

  snapshot(version: number): Promise<CoreSnapshot> {
    return computeLeadSnapshot(this.projection, version, this.settings.snapshot, this.pause);
  }

  coreMetrics(): Promise<CorePart> {
    return computeCoreMetrics(this.projection, this.settings.snapshot, this.pause);
  }

  async structure(): Promise<StructurePart | null> {
    this.interrupted = false;
    const pauseUnlessInterrupted = async () => {
      await this.pause();
      if (this.interrupted) throw new StructureInterrupted();
    };
    try {
      const part = await computeStructure(this.projection, this.settings.snapshot, pauseUnlessInterrupted);
      // Off the first write's path: the id indexes a patch needs, built once per load.
      this.projection.prepareForWrites();
      return part;
    } catch (error) {
      if (error instanceof StructureInterrupted) return null;
      throw error;
    }
  }

  interrupt(): void {
    this.interrupted = true;
  }

  personalizedRank(query: PersonalizedRankQuery): RankedAccounts {
    requirePositiveInt(query.first, "first", 1_000);
    if (query.seeds.length === 0) throw new ValidationError("seedIds must name at least one account", "seedIds");
    // Rank flows along the ties, from the seeds to the accounts they sway: "closest to our
    // champions" means the accounts the champions' word of mouth reaches most strongly.
    const { ids, values } = computePersonalizedPageRank(this.projection, { seeds: query.seeds, flow: "TO_INFLUENCED" });
    canonicaliseScores(values); // as the snapshot's metrics: float noise never orders two equal scores
    const excluded = new Set(query.excludeSeeds ? query.seeds : []);
    const top = selectTop(values, query.first, (i) => !excluded.has(ids[i]!), ids);
    return { ids: top.map((i) => ids[i]!), scores: top.map((i) => values[i]!) };
  }

  reach(ids: readonly string[], hops: number): (ReachResult | null)[] {
    requirePositiveInt(hops, "hops", MAX_HOPS);
    return ids.map((id) => (this.projection.accounts.indexOf.has(id) ? computeReach(this.projection, id, { hops }) : null));
  }

  referralPath(fromId: string, toId: string, mode: PathMode): ReferralPath | null {
    return mode === "SHORTEST" ? findShortestReferralPath(this.projection, fromId, toId) : findStrongestReferralPath(this.projection, fromId, toId);
  }

  neighbourhood(query: NeighbourhoodQuery): Neighbourhood {
    return exploreNeighbourhood(this.projection, query);
  }

  private size(): ProjectionSize {
    return { nodes: this.projection.order, edges: this.projection.edgeCount };
  }
}

/** Unwinds an interrupted structure phase from its pause (never leaves the host). */
class StructureInterrupted extends Error {}

/**
 * Indices of the `k` highest values passing `keep`, best first, ties by id: one pass
 * with a small sorted buffer, O(V·log k) for the usual small k instead of sorting V.
 */
function selectTop(values: Float64Array, k: number, keep: (i: number) => boolean, ids: readonly string[]): number[] {
  const better = (a: number, b: number) => values[a]! > values[b]! || (values[a] === values[b] && ids[a]! < ids[b]!);
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (!keep(i)) continue;
    if (top.length === k && !better(i, top[k - 1]!)) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(top[mid]!, i)) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}
