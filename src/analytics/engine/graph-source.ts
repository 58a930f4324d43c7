/**
 * Where the influence engine's graph comes from: the services' read model, which hands the
 * engine its deltas as they happen (InfluenceEngine.advance) and its whole current graph
 * when the projection must be (re)loaded. Analytics never reaches the store itself.
 */
import type { GraphColumns } from "../graph-columns.js";

export interface GraphSource {
  /** The newest graph version (the read model's graphSeq). */
  version(): number;
  /** The newest graph, whole, with its version (a reload): `columns()` reads it as typed columns. */
  graph(): { version: number; columns: () => Promise<GraphColumns> };
}
