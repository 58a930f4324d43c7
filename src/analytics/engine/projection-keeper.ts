/**
 * Keeps the host's projection at a known graph version: patches it from the writes this
 * process reported (write-log.ts) when they cover every change since, else re-reads the
 * whole graph (graph-loader.ts, which also picks in-process or worker). Knows which
 * version the projection reflects exactly, or that it does not know (then it reloads).
 */
import type { GraphChunk } from "../../domain/graph.js";
import { loadGraphInto, type LoaderSettings } from "./graph-loader.js";
import type { HostClient } from "./host-protocol.js";
import type { HostSettings, ProjectionSize } from "./projection-host.js";
import { WriteLog, type GraphWrite } from "./write-log.js";

export interface ProjectionSource {
  readGraph: () => AsyncIterable<GraphChunk>;
  graphVersion: () => Promise<number>;
}

export class ProjectionKeeper {
  private readonly log = new WriteLog();
  private current: HostClient | null = null;
  /** Version the projection is known to reflect exactly; null = unknown, reload. */
  private version: number | null = null;

  constructor(
    private readonly source: ProjectionSource,
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

  record(write: GraphWrite): void {
    this.log.record(write);
  }

  /**
   * Brings the projection to `version`: by patches when every write since is known, else by
   * a reload. `patches` counts the patches applied (0: the known writes changed nothing here).
   */
  async bringTo(version: number): Promise<{ kind: "patch" | "reload"; size: ProjectionSize; patches: number }> {
    const host = this.host;
    const patches = host && this.version !== null ? this.log.chain(this.version, version) : null;
    if (host && patches !== null) {
      try {
        const size = await host.patch(patches);
        this.version = version;
        this.log.forgetBefore(version);
        return { kind: "patch", size, patches: patches.length };
      } catch {
        this.version = null; // the projection may be half-patched: reload it
      }
    }
    const loaded = await loadGraphInto(host, this.source.readGraph(), this.loader, this.hostSettings);
    const after = await this.source.graphVersion();
    if (this.current && this.current !== loaded.host) await this.current.close();
    this.current = loaded.host;
    // The read may already hold writes made after `version`: never replay patches on top of it.
    this.version = after === version ? version : null;
    this.log.forgetBefore(version);
    return { kind: "reload", size: { nodes: loaded.nodes, edges: loaded.edges }, patches: 0 };
  }

  async close(): Promise<void> {
    await this.current?.close();
    this.current = null;
  }
}
