/**
 * The set of use cases the API sees. Built once per process by main.ts from the chosen
 * store adapter; `newReader()` is called once per request.
 *
 * One read model per process (read-model/read-model.ts) is the source of everything read:
 * the GraphReader's lookups and pages, the influence engine's projection (it receives the
 * read model's graph deltas and, on a reload, its whole graph), the strategy population and
 * the API key index. Writes go to the store, and each write use case settles the read model
 * with the change it committed before answering (committed-writes.ts). The influence engine
 * (a worker thread on big graphs) lives as long as the Services: `close()` ends it.
 */
import { InfluenceEngine, type GraphSource, type InfluenceEngineOptions } from "../analytics/engine/index.js";
import type { IsoDate } from "../domain/model.js";
import { todayIso } from "../domain/guards.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { isApiKeyStore } from "../ports/api-key-store.js";
import type { Actor } from "./access-policy.js";
import { AccountQueryService } from "./account-query-service.js";
import { AccountService } from "./account-service.js";
import { scopeServicesToActor } from "./actor-services.js";
import { ApiKeyService, type ApiKeyServiceOptions } from "./api-key-service.js";
import { CommittedWrites } from "./committed-writes.js";
import { GraphReader } from "./graph-reader.js";
import { InfluenceService } from "./influence-service.js";
import { CrmImportService } from "./crm-import/crm-import-service.js";
import { NetworkExportService } from "./network-export-service.js";
import { NetworkService } from "./network-service.js";
import { graphColumnsOf } from "./read-model/graph-slices.js";
import { ReadModel, type ReadModelOptions, type ReadModelStats } from "./read-model/read-model.js";
import { StrategyService, type StrategyServiceOptions } from "./strategy-service.js";
import { WorkPool, type WorkPoolOptions } from "./work-pool/work-pool.js";
import { BLEND_POOL_DEFAULTS, poolBlender } from "./strategy-blend.js";

export interface Services {
  readonly accounts: AccountService;
  /** Account pages, aggregates and list pages answered from the read model. */
  readonly accountQueries: AccountQueryService;
  readonly network: NetworkService;
  readonly influence: InfluenceService;
  readonly strategy: StrategyService;
  /** The whole network at once: the influence map, GEXF / GraphML / CSV exports. */
  readonly exports: NetworkExportService;
  /** CSV import from CRM exports (ADMIN only: the API's field guard lets no other role call it). */
  readonly crmImport: CrmImportService;
  /** API keys managed at runtime; also what authentication resolves stored keys with. */
  readonly apiKeys: ApiKeyService;
  /** Loads the read model (and starts following the store's change feed). Call before serving. */
  start(): Promise<void>;
  /** Readiness: throws StoreUnavailableError when the store cannot answer. */
  ping(): Promise<void>;
  /** The read model's position and counters (health output, load reports). */
  readModelStats(): ReadModelStats;
  /** How current this process is, and how often it re-read everything since it started (/readyz, load reports). */
  freshness(): Freshness;
  newReader(): GraphReader;
  /** The same use cases as `actor` may use them (ownership rules on writes); once per request. */
  forActor(actor: Actor): Services;
  /** Stops background work (feed polling, the analytics worker). The store stays open: its owner closes it. */
  close(): Promise<void>;
}

/**
 * Whole-state re-reads after the first load: zero while every change arrives through the
 * feed. They happen on a bulk import (a RESET change), when a process fell behind the
 * feed's compaction, and (strategy) when the day rolls over.
 */
export interface Freshness {
  /** The feed position this process's read model has applied. */
  feedSeq: number;
  fullReloads: { readModel: number; analytics: number; strategy: number };
}

export interface ServicesOptions {
  /** Engine settings (wait bound, execution mode, metric options); the graph source is wired here. */
  influence?: Omit<InfluenceEngineOptions, "source">;
  /** Strategy settings: the clock that sets asOf (tests), how soon changes are published. */
  strategy?: StrategyServiceOptions;
  /** API key settings (the revocation clock). */
  apiKeys?: ApiKeyServiceOptions;
  /** Read model settings: how often other writers' changes are polled for. */
  readModel?: Partial<Omit<ReadModelOptions, "today">>;
  /** Today's date for every calculation (tests); the UTC date by default. */
  today?: () => IsoDate;
  /** Background failures (feed polls, snapshot refreshes), for the log. */
  onError?: (error: unknown, context: string) => void;
  /** Hears of the influence engine once built (tests and benchmarks observe its refreshes). */
  observeEngine?: (engine: InfluenceEngine) => void;
  /** The threads that run Monte Carlo work off the request thread: size, queue bound, deadline. */
  workPool?: WorkPoolOptions;
  /** The thread that blends rankings for new weights (strategy-blend.ts). */
  blendPool?: WorkPoolOptions;
  /** Wraps the engine's graph source (tests slow reloads down with it). */
  wrapGraphSource?: (source: GraphSource) => GraphSource;
}

export function createServices(store: AccountGraphStore, options: ServicesOptions = {}): Services {
  const today = options.today ?? options.strategy?.today ?? todayIso;
  const onError = options.onError;
  const model = new ReadModel(store, { ...options.readModel, today, ...(onError ? { onError } : {}) });
  const source: GraphSource = {
    version: () => model.current.graphSeq,
    graph: () => {
      const view = model.current;
      return { version: view.graphSeq, columns: () => graphColumnsOf(view) };
    },
  };
  const engine = new InfluenceEngine({ ...options.influence, source: options.wrapGraphSource?.(source) ?? source });
  options.observeEngine?.(engine);
  let analyticsLoads = 0;
  engine.onEvent((event) => {
    if (event.type === "refresh-end" && event.stats.kind === "reload") analyticsLoads++;
  });
  model.onAdvance((advance) => {
    if (advance.reset || !advance.previous) engine.reset();
    else if (advance.patches.length > 0) engine.advance(advance.previous.graphSeq, advance.view.graphSeq, advance.patches);
  });
  const writes = new CommittedWrites(model);
  const pool = new WorkPool(options.workPool);
  const blendPool = new WorkPool({ ...BLEND_POOL_DEFAULTS, ...options.blendPool });
  const strategy = new StrategyService(model, engine, pool, store, {
    blend: poolBlender(blendPool),
    ...options.strategy,
    today,
    ...(onError ? { onError } : {}),
  });
  const services: Services = {
    accounts: new AccountService(store, model, writes),
    accountQueries: new AccountQueryService(model, today),
    network: new NetworkService(store, writes),
    influence: new InfluenceService(model, engine),
    strategy,
    exports: new NetworkExportService(model, strategy),
    crmImport: new CrmImportService(store, writes),
    apiKeys: new ApiKeyService(isApiKeyStore(store) ? store : null, { model, writes }, options.apiKeys),
    start: async () => {
      await model.start();
    },
    ping: () => store.ping(),
    readModelStats: () => model.stats,
    freshness: () => ({
      feedSeq: model.stats.seq,
      fullReloads: {
        readModel: model.stats.reloads,
        analytics: Math.max(0, analyticsLoads - 1),
        strategy: Math.max(0, strategy.populations.fullBuilds - 1),
      },
    }),
    newReader: () => new GraphReader(store, model),
    forActor: (actor) => scopeServicesToActor(services, actor),
    close: async () => {
      model.close();
      strategy.close();
      await Promise.all([engine.close(), pool.close(), blendPool.close()]);
    },
  };
  return services;
}
