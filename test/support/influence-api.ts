/**
 * Starts the real HTTP API in-process with explicit influence analytics settings (wait
 * bound, execution mode) over a store, exposing the engine it built so the test can watch it.
 */
import { startApp } from "../../src/app.js";
import type { EngineEvent, InfluenceEngine, InfluenceEngineOptions } from "../../src/analytics/engine/index.js";
import type { ServicesOptions } from "../../src/services/services.js";
import { createLogger } from "../../src/logger.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { apiClient } from "./api-client.js";

export type EngineSettings = Omit<InfluenceEngineOptions, "source">;

export interface InfluenceTestApi {
  url: string;
  gql: ReturnType<typeof apiClient>;
  engine: InfluenceEngine;
  /** Every engine event so far, in order. */
  events: EngineEvent[];
  close(): Promise<void>;
}

/** The API over `store`, with its engine built from `settings`, and every engine event recorded. */
export async function startInfluenceApi(
  store: AccountGraphStore,
  settings: EngineSettings = {},
  services: Omit<ServicesOptions, "influence" | "observeEngine"> = { readModel: { pollIntervalMs: 50 } },
): Promise<InfluenceTestApi> {
  let engine: InfluenceEngine | undefined;
  const events: EngineEvent[] = [];
  const server = await startApp({
    store,
    logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
    port: 0,
    host: "127.0.0.1",
    analytics: {
      ...services,
      influence: settings,
      observeEngine: (built) => {
        engine = built;
        built.onEvent((event) => events.push(event));
      },
    },
  });
  const url = `http://127.0.0.1:${server.port}/`;
  return { url, gql: apiClient(url), engine: engine!, events, close: () => server.close() };
}

/** Resolves at the next engine event of `type`. */
export function nextEvent<T extends EngineEvent["type"]>(engine: InfluenceEngine, type: T): Promise<Extract<EngineEvent, { type: T }>> {
  return new Promise((resolve) => {
    const stop = engine.onEvent((event) => {
      if (event.type !== type) return;
      stop();
      resolve(event as Extract<EngineEvent, { type: T }>);
    });
  });
}
