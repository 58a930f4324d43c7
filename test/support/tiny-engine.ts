/**
 * The five-account tiny dataset in an in-memory SQLite store, with an influence engine
 * over it: what the strategy service tests run on. Close both after the test.
 */
import { InfluenceEngine } from "../../src/analytics/engine/index.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { tinyDataset } from "./tiny-dataset.js";

export async function openTinyStoreWithEngine(): Promise<{ store: SqliteAccountGraphStore; engine: InfluenceEngine }> {
  const store = new SqliteAccountGraphStore({ path: ":memory:" });
  await store.init();
  await store.importDataset(tinyDataset());
  const engine = new InfluenceEngine({ readGraph: () => store.readGraph(), graphVersion: () => store.graphVersion(), maxWaitMs: 30_000 });
  return { store, engine };
}
