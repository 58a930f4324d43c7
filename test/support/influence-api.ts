/**
 * Starts the real HTTP API in-process with explicit influence analytics settings (wait
 * bound, execution mode) or a ready InfluenceEngine the test observes, over a store.
 */
import { startApp } from "../../src/app.js";
import { InfluenceEngine, type EngineEvent, type InfluenceEngineOptions } from "../../src/analytics/engine/index.js";
import { createLogger } from "../../src/logger.js";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { apiClient } from "./api-client.js";

export type EngineSettings = Omit<InfluenceEngineOptions, "readGraph" | "graphVersion">;

export interface InfluenceTestApi {
  url: string;
  gql: ReturnType<typeof apiClient>;
  engine: InfluenceEngine;
  /** Every engine event so far, in order. */
  events: EngineEvent[];
  close(): Promise<void>;
}

/** The API over `store`, with an engine built from `settings` (callbacks may be overridden). */
export async function startInfluenceApi(
  store: AccountGraphStore,
  settings: EngineSettings & Partial<Pick<InfluenceEngineOptions, "readGraph" | "graphVersion">> = {},
): Promise<InfluenceTestApi> {
  const engine = new InfluenceEngine({
    readGraph: () => store.readGraph(),
    graphVersion: () => store.graphVersion(),
    ...settings,
  });
  const events: EngineEvent[] = [];
  engine.onEvent((event) => events.push(event));
  const server = await startApp({
    store,
    logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
    port: 0,
    host: "127.0.0.1",
    analytics: { influenceEngine: engine },
  });
  const url = `http://127.0.0.1:${server.port}/`;
  return { url, gql: apiClient(url), engine, events, close: () => server.close() };
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
