/**
 * Starts the real HTTP API in-process on a free port over a given store.
 */
import { loadSampleDataset } from "../../seeds/index.js";
import { startApp } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { apiClient } from "./api-client.js";
import { STORE_FACTORIES } from "./store-factories.js";

export async function startTestApi(store: AccountGraphStore, options: { production?: boolean } = {}) {
  const server = await startApp({
    store,
    logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
    port: 0,
    host: "127.0.0.1",
    production: options.production ?? false,
  });
  const url = `http://127.0.0.1:${server.port}/`;
  return { url, gql: apiClient(url), close: () => server.close() };
}

/** The API over a fresh SQLite store holding the sample dataset; `close` also removes the store. */
export async function startSampleApi() {
  const opened = await STORE_FACTORIES.find((f) => f.name === "sqlite")!.make();
  await opened.store.importDataset(loadSampleDataset());
  const api = await startTestApi(opened.store);
  return {
    ...api,
    async close() {
      await api.close();
      await opened.cleanup();
    },
  };
}
