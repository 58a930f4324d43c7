/**
 * InfluenceEngine: the projection of the graph plus a metric snapshot cached per graph
 * version, kept off the request path.
 *
 * - Source: the services' read model (services/read-model) is the only source. It hands the
 *   engine every graph change as patches between two graph versions (`advance`), in order,
 *   and the whole graph of its current view when a reload is needed (`GraphSource.graph()`).
 *   Versions are the read model's `graphSeq`: the feed sequence of the newest graph change.
 * - Freshness: every read compares the newest graph version with the snapshot's.
 *   When it moved, one refresh runs (single flight: concurrent requests join it): the
 *   projection is patched with the deltas since its version (projection-keeper.ts), or
 *   reloaded whole when it has none; then the metrics are recomputed in three phases
 *   (snapshot.ts: lead, core, full), each published as soon as it is ready, so a read waits
 *   only for the phase that holds what it needs: a PageRank order does not wait for HITS
 *   and eigenvector, nor a HITS order for betweenness and Louvain.
 * - The structure phase yields to newer writes: when a reader waits for an earlier phase of
 *   a newer version while it runs (~20 s at 200,000 accounts), it is interrupted and the
 *   newer version's lead and core phases come first; the structure then runs on the newest
 *   version. So that a stream of writes cannot starve it, it is interrupted only while the
 *   complete snapshot has been owed for less than `maxStructureLagMs`.
 * - Bounded waiting: a read waits at most `maxWaitMs` for the refresh. Past that it gets
 *   the last complete snapshot, flagged stale with its version and age; with no snapshot
 *   at all it fails with AnalyticsBusyError (ANALYTICS_BUSY). It never hangs.
 * - On-demand operations (personalized PageRank, reach, paths, neighbourhoods) run on the
 *   host's projection under the same bound.
 * - A worker that crashes or stops answering (host-client.ts watchdog) is replaced: the
 *   failure reaches callers as ANALYTICS_BUSY (retryable), the last snapshot keeps
 *   answering, flagged stale, and the next refresh reloads the graph into a new worker.
 *
 * Analytics does not import services or ports: the source is the interface below.
 */
import { AnalyticsBusyError, DomainError } from "../../domain/errors.js";
import type { ReachResult, ReferralPath } from "../index.js";
import type { GraphPatch, ProjectionOptions } from "../projection.js";
import { waitAtMost } from "./bounded-wait.js";
import type { ExecutionMode, LoaderSettings } from "./graph-loader.js";
import type { HostClient } from "./host-protocol.js";
import type { Neighbourhood, NeighbourhoodQuery } from "./neighbourhood.js";
import type { PathMode, PersonalizedRankQuery, ProjectionSize, RankedAccounts } from "./projection-host.js";
import {
  completeSnapshot,
  reaches,
  SNAPSHOT_PHASES,
  withCoreMetrics,
  type CoreSnapshot,
  type InfluenceSnapshot,
  type KeystoneSnapshot,
  type SnapshotPhase,
  type StructurePart,
} from "./snapshot.js";
import type { SnapshotSettings } from "./snapshot-compute.js";
import type { EngineEvent, RefreshStats, SnapshotView } from "./engine-events.js";
import { ProjectionKeeper } from "./projection-keeper.js";

import type { GraphSource } from "./graph-source.js";
export type { GraphSource } from "./graph-source.js";

export interface InfluenceEngineOptions extends Partial<LoaderSettings> {
  source: GraphSource;
  /** Longest a read waits for a fresh snapshot or an on-demand answer. */
  maxWaitMs?: number;
  /** Refresh rounds a waiter sits through before taking the newest snapshot as it is. */
  maxRefreshRounds?: number;
  /** How long the complete snapshot may lag behind while structure phases yield to newer writes. */
  maxStructureLagMs?: number;
  projection?: Partial<ProjectionOptions>;
  snapshot?: Partial<SnapshotSettings>;
}

export const DEFAULTS = Object.freeze({
  maxWaitMs: 2_000,
  maxRefreshRounds: 3,
  // Betweenness and Louvain of 200,000 accounts take ~25 s; strategy scores wait for them.
  maxStructureLagMs: 60_000,
  execution: "auto" as ExecutionMode,
  // Exact betweenness up to 2,500 accounts (metrics/betweenness.ts) would block the event loop
  // for seconds in-process; under 500 accounts a whole snapshot takes tens of milliseconds.
  inProcessMaxNodes: 500,
  /** Snapshots kept so cursors issued on them keep paging (api/cursor.ts). */
  keepSnapshots: 8,
});

interface Waiter {
  version: number;
  need: SnapshotPhase;
  /** Publication count when the waiter arrived: only a later snapshot can satisfy it. */
  after: number;
  rounds: number;
  resolve(snapshot: CoreSnapshot): void;
  reject(error: unknown): void;
}

export class InfluenceEngine {
  private readonly settings;
  private readonly projection: ProjectionKeeper;
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  /** Per phase, the newest snapshot that reaches it (a complete one serves every phase). */
  private readonly newestOf: Record<SnapshotPhase, CoreSnapshot | null> = { lead: null, core: null, full: null };
  /** Snapshots published so far, and per phase the count at which its newest one was. */
  private published = 0;
  private readonly publishedAt: Record<SnapshotPhase, number> = { lead: 0, core: 0, full: 0 };
  private waiters: Waiter[] = [];
  private refreshing = false;
  /** The structure phase in progress, if any: its version, and whether it was asked to stop. */
  private structure: { version: number; interrupting: boolean } | null = null;
  /** Since when a structure phase has been started and none has completed (ms epoch); null: none owed. */
  private fullOwedSince: number | null = null;
  private closed = false;
  /** The newest snapshots published (a complete one replaces the core one of its version), newest first. */
  private history: CoreSnapshot[] = [];

  constructor(private readonly options: InfluenceEngineOptions) {
    this.settings = { ...DEFAULTS, ...stripUndefined(options) };
    this.projection = new ProjectionKeeper(options.source, this.settings, {
      projection: options.projection ?? {},
      snapshot: options.snapshot ?? {},
    });
  }

  /**
   * The complete snapshot to answer from: fresh if a refresh finishes within the bound, else the last one.
   * `version`: the graph version the caller has seen (default: the newest).
   */
  view(maxWaitMs = this.settings.maxWaitMs, version?: number): Promise<SnapshotView<InfluenceSnapshot>> {
    return this.viewAt("full", maxWaitMs, version) as Promise<SnapshotView<InfluenceSnapshot>>;
  }

  /** Like view(), but settles for a snapshot that reaches `phase` (snapshot.ts: what each phase holds). */
  async viewAt(phase: SnapshotPhase, maxWaitMs = this.settings.maxWaitMs, version?: number): Promise<SnapshotView<CoreSnapshot>> {
    if (this.closed) throw new AnalyticsBusyError("influence analytics are shut down");
    const latest = version ?? this.options.source.version();
    const have = this.newestOf[phase];
    // Equality, not >=: a store that was replaced may count versions from scratch again.
    if (have && have.version === latest) return this.describe(have, latest);
    const outcome = await waitAtMost(this.request(latest, phase), maxWaitMs).catch((error: unknown) => {
      // A failed refresh (a crashed or hung worker) is not the caller's error: the last snapshot answers.
      if (this.newestOf[phase]) return { done: false as const };
      throw error instanceof DomainError ? error : new AnalyticsBusyError("influence analytics are restarting; retry shortly", 2_000);
    });
    if (outcome.done) return this.describe(outcome.value, latest);
    const fallback = this.newestOf[phase];
    if (fallback) return this.describe(fallback, latest);
    throw new AnalyticsBusyError(`influence metrics are still being computed (waited ${maxWaitMs} ms); retry shortly`);
  }

  /** The newest graph version. */
  graphVersion(): number {
    return this.options.source.version();
  }

  /** The graph moved from version `from` to `to` by `patches` (in order, none missing). */
  advance(from: number, to: number, patches: readonly GraphPatch[]): void {
    this.projection.record({ from, to, patches });
  }

  /** The graph was replaced wholesale: the next refresh reloads it from the source. */
  reset(): void {
    this.projection.forget();
  }

  /** Snapshots kept for paging: the newest few (core or complete), newest first (stable cursors). */
  recentSnapshots(): readonly CoreSnapshot[] {
    return this.history;
  }

  personalizedRank(query: PersonalizedRankQuery, maxWaitMs?: number): Promise<RankedAccounts> {
    return this.onHost((host) => host.personalizedRank(query), maxWaitMs);
  }
  reach(ids: readonly string[], hops: number, maxWaitMs?: number): Promise<(ReachResult | null)[]> {
    return this.onHost((host) => host.reach(ids, hops), maxWaitMs);
  }
  referralPath(fromId: string, toId: string, mode: PathMode, maxWaitMs?: number): Promise<ReferralPath | null> {
    return this.onHost((host) => host.referralPath(fromId, toId, mode), maxWaitMs);
  }
  neighbourhood(query: NeighbourhoodQuery, maxWaitMs?: number): Promise<Neighbourhood> {
    return this.onHost((host) => host.neighbourhood(query), maxWaitMs);
  }

  /** Observes refreshes (tests, benchmarks, logs). Returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get executionMode(): HostClient["kind"] | null {
    return this.projection.host?.kind ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new AnalyticsBusyError("influence analytics are shut down"));
    await this.projection.close();
  }

  private describe<S extends CoreSnapshot>(snapshot: S, latestVersion: number): SnapshotView<S> {
    return {
      snapshot,
      stale: snapshot.version !== latestVersion,
      latestVersion,
      ageMs: Math.max(0, Date.now() - snapshot.computedAt),
    };
  }

  private async onHost<T>(work: (host: HostClient) => Promise<T>, maxWaitMs = this.settings.maxWaitMs): Promise<T> {
    const host = this.projection.host;
    if (!host) throw new AnalyticsBusyError("the influence projection is still being built; retry shortly");
    const outcome = await waitAtMost(work(host), maxWaitMs).catch((error: unknown) => {
      throw error instanceof DomainError ? error : new AnalyticsBusyError("the analytics worker is restarting; retry shortly", 2_000);
    });
    if (!outcome.done) throw new AnalyticsBusyError(`the analytics worker is busy (waited ${maxWaitMs} ms); retry shortly`);
    return outcome.value;
  }

  /** Single flight: joins the running refresh loop, or starts it. */
  private request(version: number, need: SnapshotPhase): Promise<CoreSnapshot> {
    const promise = new Promise<CoreSnapshot>((resolve, reject) =>
      this.waiters.push({ version, need, after: this.published, rounds: 0, resolve, reject }),
    );
    if (this.structure && !this.structure.interrupting && this.shouldYieldStructure(this.structure.version)) {
      this.structure.interrupting = true;
      // A worker that fails here fails the structure call too, which the refresh loop handles.
      this.projection.host?.interrupt().catch(() => {});
    }
    if (!this.refreshing) {
      this.refreshing = true;
      void this.runRefreshes();
    }
    return promise;
  }

  private async runRefreshes(): Promise<void> {
    try {
      while (this.waiters.length > 0 && !this.closed) {
        try {
          await this.refreshOnce();
        } catch (error) {
          this.emit({ type: "refresh-failed", error });
          // The projection may be half patched, or its worker gone: reload it next time.
          this.projection.forget();
          for (const waiter of this.waiters.splice(0)) waiter.reject(error);
          continue;
        }
        // Writes kept coming: after a few rounds a waiter takes the newest snapshot as it is.
        for (const waiter of this.waiters.splice(0)) {
          const have = this.newestOf[waiter.need];
          if (++waiter.rounds >= this.settings.maxRefreshRounds && have) waiter.resolve(have);
          else this.waiters.push(waiter);
        }
      }
    } finally {
      // Synchronous with the loop's last check, so a request arriving later starts a new loop.
      this.refreshing = false;
    }
  }

  /**
   * Resolves every waiter the snapshots now satisfy: published after it arrived (so a
   * store whose versions restarted is not answered from the old numbering) and at least
   * as new as the version it saw.
   */
  private settle(current = false): void {
    for (const waiter of this.waiters.splice(0)) {
      const have = this.newestOf[waiter.need];
      if (have && (current || this.publishedAt[waiter.need] > waiter.after) && have.version >= waiter.version) waiter.resolve(have);
      else this.waiters.push(waiter);
    }
  }

  private async refreshOnce(): Promise<void> {
    const version = this.options.source.version();
    const hostReady = this.projection.isAt(version);
    // Already current (another loop round got here first): the snapshot matches the store now.
    if (hostReady && this.newestOf.full?.version === version) return this.settle(true);
    this.emit({ type: "refresh-start" });
    const started = performance.now();
    const newest = this.newestOf.lead;
    let kind: RefreshStats["kind"] = "resume";
    let size: ProjectionSize = { nodes: newest?.ids.length ?? 0, edges: newest?.edgeCount ?? 0 };
    let projectionMs = 0;
    // A phase of this version already published (the host was not patched since) is not recomputed.
    let snapshot = hostReady && newest?.version === version ? newest : null;
    if (!snapshot) {
      const previous = this.newestOf.full as InfluenceSnapshot | null;
      const from = this.projection.knownVersion;
      const brought = await this.projection.bringTo(version);
      if (brought.kind === "patch" && brought.patches === 0 && previous && previous.version === from) {
        return this.relabel(previous, brought.version, brought.size, performance.now() - started);
      }
      kind = brought.kind;
      size = brought.size;
      projectionMs = performance.now() - started;
      snapshot = this.publish(await this.requireHost().snapshot(brought.version));
      this.emit({ type: "lead-ready", kind: brought.kind, version: brought.version, elapsedMs: performance.now() - started });
    }
    const leadMs = performance.now() - started - projectionMs;
    if (snapshot.phase === "lead") {
      snapshot = this.publish(withCoreMetrics(snapshot, await this.requireHost().coreMetrics()));
      if (kind !== "resume") this.emit({ type: "core-ready", kind, version: snapshot.version, elapsedMs: performance.now() - started });
    }
    const coreMs = performance.now() - started - projectionMs - leadMs;
    let interrupted = false;
    if (snapshot.phase === "core") {
      const structure = await this.structureOf(snapshot.version);
      // A core snapshot holds the keystones (withCoreMetrics).
      if (structure) snapshot = this.publish(completeSnapshot(snapshot as KeystoneSnapshot, structure));
      else interrupted = true;
    }
    const structureMs = performance.now() - started - projectionMs - leadMs - coreMs;
    this.emit({
      type: "refresh-end",
      stats: {
        kind,
        version: snapshot.version,
        host: this.requireHost().kind,
        ...size,
        projectionMs,
        leadMs,
        coreMs,
        structureMs,
        snapshotMs: leadMs + coreMs + structureMs,
        interrupted,
        timings: snapshot.timings,
      },
    });
  }

  /**
   * The writes since `previous` changed nothing the projection holds (manager and community
   * writes move the graph version too): its metrics are exactly those of `version`, so it
   * answers for it without a recomputation.
   */
  private relabel(previous: InfluenceSnapshot, version: number, size: ProjectionSize, projectionMs: number): void {
    const snapshot = this.publish({ ...previous, version });
    this.emit({
      type: "refresh-end",
      stats: {
        kind: "relabel",
        version,
        host: this.requireHost().kind,
        ...size,
        projectionMs,
        leadMs: 0,
        coreMs: 0,
        structureMs: 0,
        snapshotMs: 0,
        interrupted: false,
        timings: snapshot.timings,
      },
    });
  }

  /**
   * The structure phase of `version`, or null when it yielded to a newer version (before it
   * started, or interrupted at one of its pauses).
   */
  private async structureOf(version: number): Promise<StructurePart | null> {
    this.fullOwedSince ??= Date.now();
    if (this.shouldYieldStructure(version)) return null;
    this.structure = { version, interrupting: false };
    try {
      return await this.requireHost().structure();
    } finally {
      this.structure = null;
    }
  }

  /** A reader waits for an earlier phase of a version newer than `version`, and the complete snapshot may still wait. */
  private shouldYieldStructure(version: number): boolean {
    const owedMs = this.fullOwedSince === null ? 0 : Date.now() - this.fullOwedSince;
    return owedMs < this.settings.maxStructureLagMs && this.waiters.some((w) => w.need !== "full" && w.version > version);
  }

  /** Makes `snapshot` the newest of its phase and of every earlier one, and answers the waiters it satisfies. */
  private publish<S extends CoreSnapshot>(snapshot: S): S {
    this.remember(snapshot);
    this.published++;
    if (snapshot.phase === "full") this.fullOwedSince = null;
    for (const phase of SNAPSHOT_PHASES) {
      if (!reaches(snapshot.phase, phase)) continue;
      this.newestOf[phase] = snapshot;
      this.publishedAt[phase] = this.published;
    }
    this.settle();
    return snapshot;
  }

  private remember(snapshot: CoreSnapshot): void {
    this.history = [snapshot, ...this.history.filter((s) => s.version !== snapshot.version)].slice(0, this.settings.keepSnapshots);
  }

  private requireHost(): HostClient {
    const host = this.projection.host;
    if (!host) throw new AnalyticsBusyError("the analytics worker stopped during a refresh; retry shortly");
    return host;
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
