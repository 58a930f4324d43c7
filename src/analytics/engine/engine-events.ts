/**
 * What the InfluenceEngine hands out and reports: views of a snapshot with their
 * freshness, and the events of each refresh (for tests, benchmarks and logs).
 */
import type { HostClient } from "./host-protocol.js";
import type { CoreSnapshot, InfluenceSnapshot } from "./snapshot.js";

export interface SnapshotView<S extends CoreSnapshot = InfluenceSnapshot> {
  snapshot: S;
  /** The store has writes the snapshot does not reflect yet. */
  stale: boolean;
  /** The store's graph version when the view was taken. */
  latestVersion: number;
  ageMs: number;
}

export interface RefreshStats {
  /**
   * patch / reload: the projection was brought to a new version; resume: an earlier refresh
   * published this version's first phases, the rest were missing; relabel: the writes in between changed nothing the projection holds (a
   * manager or community write), so the last snapshot now answers for the new version.
   */
  kind: "patch" | "reload" | "resume" | "relabel";
  version: number;
  host: HostClient["kind"];
  nodes: number;
  edges: number;
  /** Reading the store and building the projection (reload), or applying patches. */
  projectionMs: number;
  /** Lead phase (published first), core phase, structure phase, and the three. */
  leadMs: number;
  coreMs: number;
  structureMs: number;
  snapshotMs: number;
  /** The structure phase yielded to a newer graph version: this version has no complete snapshot. */
  interrupted: boolean;
  timings: Readonly<Record<string, number>>;
}

export type EngineEvent =
  | { type: "refresh-start" }
  | { type: "lead-ready"; kind: "patch" | "reload"; version: number; elapsedMs: number }
  | { type: "core-ready"; kind: "patch" | "reload"; version: number; elapsedMs: number }
  | { type: "refresh-end"; stats: RefreshStats }
  | { type: "refresh-failed"; error: unknown };
