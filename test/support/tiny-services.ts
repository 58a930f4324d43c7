/**
 * The five-account tiny dataset in an in-memory SQLite store, with the services over it
 * (read model loaded, influence engine, strategy): what the strategy service tests run on.
 * Strategy publishes every change at once here, so each test sees every write. Close both after.
 */
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { createServices, type Services } from "../../src/services/services.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { tinyDataset } from "./tiny-dataset.js";

export async function openTinyServices(
  today: () => string,
  /** Wraps the store the services use (a spy), leaving the returned one bare. */
  wrap: (store: AccountGraphStore) => AccountGraphStore = (store) => store,
): Promise<{ store: SqliteAccountGraphStore; services: Services }> {
  const store = new SqliteAccountGraphStore({ path: ":memory:" });
  await store.init();
  await store.importDataset(tinyDataset());
  const services = createServices(wrap(store), {
    today,
    influence: { maxWaitMs: 30_000 },
    strategy: { publishIntervalMs: 0, firstWaitMs: 30_000 },
  });
  await services.start();
  return { store, services };
}
