/**
 * Writes this process made, as projection patches keyed by the graph version they moved
 * the store from. The engine replays a contiguous chain of them instead of re-reading
 * the whole graph; any gap (a write by another process, or one whose version step was
 * not exactly +1, i.e. others wrote concurrently) means "unknown writes": full reload.
 *
 * Why versions read around the write are enough: every account / membership / link write
 * bumps graphVersion by one inside its transaction (ports/account-graph-store.ts), so a
 * write observed as v -> v+1 is the only change between those versions.
 */
import type { GraphPatch } from "../projection.js";

export interface GraphWrite {
  /** graphVersion() read just before the write. */
  fromVersion: number;
  /** graphVersion() read just after it. */
  toVersion: number;
  patches: GraphPatch[];
}

export const DEFAULTS = Object.freeze({ maxEntries: 10_000 });

export class WriteLog {
  private readonly byFrom = new Map<number, GraphWrite>();

  constructor(private readonly maxEntries: number = DEFAULTS.maxEntries) {}

  record(write: GraphWrite): void {
    if (write.toVersion !== write.fromVersion + 1) return; // others wrote in between: not replayable
    this.byFrom.set(write.fromVersion, write);
    if (this.byFrom.size > this.maxEntries) this.forgetBefore(write.toVersion - this.maxEntries);
  }

  /** The patches leading from `from` to exactly `to`, or null when a write in between is unknown. */
  chain(from: number, to: number): GraphPatch[] | null {
    const patches: GraphPatch[] = [];
    for (let version = from; version < to; ) {
      const write = this.byFrom.get(version);
      if (!write) return null;
      patches.push(...write.patches);
      version = write.toVersion;
    }
    return from <= to ? patches : null;
  }

  forgetBefore(version: number): void {
    for (const from of this.byFrom.keys()) if (from < version) this.byFrom.delete(from);
  }
}
