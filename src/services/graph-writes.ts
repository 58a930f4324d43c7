/**
 * Tells the influence engine about account / membership / link writes made through this
 * process, as projection patches bracketed by the graph versions read just before and
 * just after the write (analytics/engine/write-log.ts explains why that is safe). The
 * engine then patches its projection instead of re-reading the whole graph.
 *
 * Analytics must never fail a write: if reading a version fails, the write still
 * happens (or has happened) and the engine simply reloads on its next refresh.
 */
import type { GraphEdge, GraphNode } from "../domain/graph.js";
import type { Account, Link } from "../domain/model.js";
import type { GraphPatch } from "../analytics/projection.js";
import type { GraphWrite } from "../analytics/engine/index.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";

export interface GraphWriteListener {
  notifyWrite(write: GraphWrite): void;
  /** Every completed graph write, also when its versions could not be read (version-probe.ts). */
  writeCompleted?(): void;
}

export class GraphWriteTracker {
  constructor(
    private readonly store: AccountGraphStore,
    private readonly listener: GraphWriteListener | null,
  ) {}

  /** Runs `write`; on success reports its patches with the versions around it. */
  async track<T>(write: () => Promise<T>, toPatches: (result: T) => GraphPatch[]): Promise<T> {
    const listener = this.listener;
    if (!listener) return write();
    const fromVersion = await this.store.graphVersion().catch(() => null);
    const result = await write();
    listener.writeCompleted?.();
    if (fromVersion !== null) {
      const toVersion = await this.store.graphVersion().catch(() => null);
      if (toVersion !== null) listener.notifyWrite({ fromVersion, toVersion, patches: toPatches(result) });
    }
    return result;
  }
}

/** The slice of an account the projection holds (domain/graph.ts GraphNode). */
export function toGraphNode(account: Account): GraphNode {
  return {
    id: account.id,
    name: account.name,
    status: account.status,
    segment: account.segment,
    annualRevenue: account.annualRevenue,
    ownerId: account.ownerId,
    licencesHeld: account.licencesHeld,
    licencesPlanned: account.licencesPlanned,
    licencePrice: account.licencePrice,
  };
}

export function toGraphEdge(link: Link): GraphEdge {
  return { id: link.id, type: link.type, fromId: link.fromId, toId: link.toId, strength: link.strength, revenue: link.revenue };
}
