/**
 * Per-request access to influence analytics: one snapshot per request and phase (taken
 * lazily on first use, then shared by every field; an earlier phase for fields that need
 * none of the later metrics), and reach requests batched with DataLoader so
 * a page of 100 accounts asking for `reach` costs one worker round trip per hops value,
 * not 100. Create one per request; like GraphReader, its caches must not outlive it.
 */
import DataLoader from "dataloader";
import {
  SNAPSHOT_PHASES,
  type CoreSnapshot,
  type InfluenceEngine,
  type InfluenceSnapshot,
  type SnapshotPhase,
  type SnapshotView,
} from "../analytics/engine/index.js";
import type { ReachResult } from "../analytics/index.js";

export class InfluenceSession {
  private readonly views: Partial<Record<SnapshotPhase, Promise<SnapshotView<CoreSnapshot>>>> = {};
  private readonly reachByHops = new Map<number, DataLoader<string, ReachResult | null>>();

  constructor(
    private readonly engine: InfluenceEngine,
    /** The graph version this request has seen (its read view's); the newest when absent. */
    private readonly graphVersion?: number,
  ) {}

  /** The complete snapshot (every metric, communities). */
  view(): Promise<SnapshotView<InfluenceSnapshot>> {
    return this.viewAt("full") as Promise<SnapshotView<InfluenceSnapshot>>;
  }

  /**
   * A snapshot that reaches `phase` (analytics/engine/snapshot.ts): after a write, the lead
   * phase (PageRank, degrees) is ready well before HITS and eigenvector, and those well
   * before betweenness and communities. Once this request holds a later phase, that one
   * answers, so a request never mixes two versions needlessly.
   */
  viewAt(phase: SnapshotPhase): Promise<SnapshotView<CoreSnapshot>> {
    for (let k = SNAPSHOT_PHASES.length - 1; SNAPSHOT_PHASES[k] !== phase; k--) {
      const later = this.views[SNAPSHOT_PHASES[k]!];
      if (later) return later;
    }
    return (this.views[phase] ??= this.engine.viewAt(phase, undefined, this.graphVersion));
  }

  reach(accountId: string, hops: number): Promise<ReachResult | null> {
    let loader = this.reachByHops.get(hops);
    if (!loader) {
      loader = new DataLoader((ids) => this.engine.reach(ids, hops));
      this.reachByHops.set(hops, loader);
    }
    return loader.load(accountId);
  }
}
