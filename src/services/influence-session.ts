/**
 * Per-request access to influence analytics: one snapshot per request (taken lazily on
 * first use, then shared by every field; a core-only one for fields that need no
 * structure metrics), and reach requests batched with DataLoader so
 * a page of 100 accounts asking for `reach` costs one worker round trip per hops value,
 * not 100. Create one per request; like GraphReader, its caches must not outlive it.
 */
import DataLoader from "dataloader";
import type { CoreSnapshot, InfluenceEngine, InfluenceSnapshot, SnapshotView } from "../analytics/engine/index.js";
import type { ReachResult } from "../analytics/index.js";

export class InfluenceSession {
  private full: Promise<SnapshotView<InfluenceSnapshot>> | null = null;
  private core: Promise<SnapshotView<CoreSnapshot>> | null = null;
  private readonly reachByHops = new Map<number, DataLoader<string, ReachResult | null>>();

  constructor(
    private readonly engine: InfluenceEngine,
    /** The graph version this request has seen (its read view's); the newest when absent. */
    private readonly graphVersion?: number,
  ) {}

  /** The complete snapshot (every metric, communities). */
  view(): Promise<SnapshotView<InfluenceSnapshot>> {
    this.full ??= this.engine.view(undefined, this.graphVersion);
    return this.full;
  }

  /**
   * The core snapshot, enough for PageRank / HITS / eigenvector / degree rankings: after a
   * write it is ready well before betweenness and communities. Once this request has the
   * complete snapshot, that one answers, so a request never mixes two versions needlessly.
   */
  coreView(): Promise<SnapshotView<CoreSnapshot>> {
    if (this.full) return this.full;
    this.core ??= this.engine.coreView(undefined, this.graphVersion);
    return this.core;
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
