/**
 * A generated dataset as the graph chunk the store's read would give, built in memory, for
 * benchmarks that measure the analytics alone (no import, no store read).
 */
import type { GraphChunk } from "../src/domain/graph.js";
import type { Dataset } from "../src/ports/account-graph-store.js";

/** The store's graph read, done in memory: REFERRED links have strength 1 (ports/store-records.ts). */
export function chunkOf(dataset: Dataset): GraphChunk {
  return {
    nodes: dataset.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      segment: a.segment,
      annualRevenue: a.annualRevenue ?? 0,
      ownerId: a.ownerId ?? null,
      licencesHeld: a.licencesHeld ?? 0,
      licencesPlanned: a.licencesPlanned ?? 0,
      licencePrice: a.licencePrice ?? 0,
    })),
    memberships: dataset.memberships.map((m) => ({ ...m, since: m.since ?? null })),
    edges: [
      ...dataset.influences.map((l) => ({
        id: l.id,
        type: "INFLUENCES" as const,
        fromId: l.fromId,
        toId: l.toId,
        strength: l.strength,
        revenue: null,
      })),
      ...dataset.referrals.map((l) => ({ id: l.id, type: "REFERRED" as const, fromId: l.fromId, toId: l.toId, strength: 1, revenue: l.revenue })),
    ],
  };
}
