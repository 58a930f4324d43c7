/**
 * Keeps the host's projection at a known graph version: patches it with the deltas the
 * source reported since (in order and complete, because the services' read model applies
 * the store's change feed in sequence), or reloads the source's whole graph when it has no
 * projection yet, a delta is missing (the graph was replaced: `forget`), or a patch failed.
 * After a reload the projection is exactly at the version the source labelled the graph with.
 */
import type { GraphPatch } from "../projection.js";
import { loadColumnsInto, type LoaderSettings } from "./graph-loader.js";
import type { GraphSource } from "./graph-source.js";
import type { HostClient } from "./host-protocol.js";
import type { HostSettings, ProjectionSize } from "./projection-host.js";

/** The graph moved from version `from` to `to` by `patches`. */
export interface GraphDelta {
  from: number;
  to: number;
  patches: readonly GraphPatch[];
}

export const KEEPER_DEFAULTS = Object.freeze({
  /** Deltas held for a projection that has not caught up; beyond this, the next refresh reloads. */
  maxDeltas: 10_000,
});

export class ProjectionKeeper {
  private deltas: GraphDelta[] = [];
  private current: HostClient | null = null;
  /** Version the projection is known to reflect exactly; null = unknown, reload. */
  private version: number | null = null;
  /** Counts forget() calls: a patch or reload that was under way across one must not claim a version. */
  private forgotten = 0;

  constructor(
    private readonly source: GraphSource,
    private readonly loader: LoaderSettings,
    private readonly hostSettings: HostSettings,
  ) {}

  /** The host holding the projection, while it is alive. */
  get host(): HostClient | null {
    return this.current?.alive ? this.current : null;
  }

  /** The version the projection reflects exactly, or null when unknown. */
  get knownVersion(): number | null {
    return this.host !== null ? this.version : null;
  }

  /** True when the projection is exactly at `version`. */
  isAt(version: number): boolean {
    return this.host !== null && this.version === version;
  }

  record(delta: GraphDelta): void {
    this.deltas.push(delta);
    if (this.deltas.length > KEEPER_DEFAULTS.maxDeltas) this.forget();
  }

  /** The deltas cannot bring the projection forward any more: reload next time. */
  forget(): void {
    this.deltas = [];
    this.version = null;
    this.forgotten++;
  }

  /**
   * Brings the projection to at least `version`: by patches when the deltas since its version
   * reach it, else by a reload of the source's newest graph. `patches` counts the patches
   * applied (0: the deltas changed nothing here); `version` is where the projection now is.
   */
  async bringTo(version: number): Promise<{ kind: "patch" | "reload"; size: ProjectionSize; patches: number; version: number }> {
    const host = this.host;
    const forgotten = this.forgotten;
    // The graph may have been replaced while this was under way: the next refresh reloads then.
    const settle = (at: number) => (this.version = this.forgotten === forgotten ? at : null);
    const chain = host && this.version !== null ? this.chain(this.version, version) : null;
    if (host && chain !== null) {
      try {
        const size = await host.patch(chain);
        settle(version);
        this.deltas = this.deltas.filter((d) => d.from >= version);
        return { kind: "patch", size, patches: chain.length, version };
      } catch {
        this.version = null; // the projection may be half-patched: reload it
      }
    }
    const graph = this.source.graph();
    const loaded = await loadColumnsInto(host, await graph.columns(), this.loader, this.hostSettings);
    if (this.current && this.current !== loaded.host) await this.current.close();
    this.current = loaded.host;
    settle(graph.version);
    this.deltas = this.deltas.filter((d) => d.from >= graph.version);
    return { kind: "reload", size: { nodes: loaded.nodes, edges: loaded.edges }, patches: 0, version: graph.version };
  }

  async close(): Promise<void> {
    await this.current?.close();
    this.current = null;
  }

  /** The patches leading from `from` to exactly `to`, or null when a delta in between is missing. */
  private chain(from: number, to: number): GraphPatch[] | null {
    if (from > to) return null;
    const patches: GraphPatch[] = [];
    let at = from;
    for (const delta of this.deltas) {
      if (at === to) break;
      if (delta.from < at) continue;
      if (delta.from !== at) return null;
      patches.push(...delta.patches);
      at = delta.to;
    }
    return at === to ? patches : null;
  }
}
