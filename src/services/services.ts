/**
 * The set of use cases the API sees. Built once per process by main.ts from the
 * chosen store adapter; `newReader()` is called once per request. The influence engine
 * (a worker thread on big graphs) lives as long as the Services: `close()` ends it.
 */
import { InfluenceEngine, type InfluenceEngineOptions } from "../analytics/engine/index.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { isApiKeyStore } from "../ports/api-key-store.js";
import type { GraphWriteListener } from "./graph-writes.js";
import { VersionProbe } from "./version-probe.js";
import { createReadCaches } from "./versioned-read-cache.js";
import type { Actor } from "./access-policy.js";
import { ApiKeyService, type ApiKeyServiceOptions } from "./api-key-service.js";
import { scopeServicesToActor } from "./actor-services.js";
import { AccountService } from "./account-service.js";
import { GraphReader, type SharedReads } from "./graph-reader.js";
import { InfluenceService } from "./influence-service.js";
import { CrmImportService } from "./crm-import/crm-import-service.js";
import { NetworkExportService } from "./network-export-service.js";
import { NetworkService } from "./network-service.js";
import { StrategyService, type StrategyServiceOptions } from "./strategy-service.js";

export interface Services {
  readonly accounts: AccountService;
  readonly network: NetworkService;
  readonly influence: InfluenceService;
  readonly strategy: StrategyService;
  /** The whole network at once: the influence map, GEXF / GraphML / CSV exports. */
  readonly exports: NetworkExportService;
  /** CSV import from CRM exports (ADMIN only: the API's field guard lets no other role call it). */
  readonly crmImport: CrmImportService;
  /** API keys managed at runtime; also what authentication resolves stored keys with. */
  readonly apiKeys: ApiKeyService;
  /** Readiness: throws StoreUnavailableError when the store cannot answer. */
  ping(): Promise<void>;
  newReader(): GraphReader;
  /** The same use cases as `actor` may use them (ownership rules on writes); once per request. */
  forActor(actor: Actor): Services;
  /** Stops background work (the analytics worker, the API key reloads). The store stays open: its owner closes it. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Engine settings (wait bound, execution mode, metric options); the store callbacks are wired here. */
  influence?: Omit<InfluenceEngineOptions, "readGraph" | "graphVersion">;
  /** A ready engine instead (tests, benchmarks); Services.close() closes it too. */
  influenceEngine?: InfluenceEngine;
  /** Strategy settings: the clock that sets asOf (tests), population cache bounds. */
  strategy?: StrategyServiceOptions;
  /** API key settings (reload interval); keys live in the store when it implements ApiKeyStore. */
  apiKeys?: ApiKeyServiceOptions;
}

export function createServices(store: AccountGraphStore, options: ServicesOptions = {}): Services {
  const engine =
    options.influenceEngine ??
    new InfluenceEngine({ ...options.influence, readGraph: () => store.readGraph(), graphVersion: () => store.graphVersion() });
  const shared: SharedReads = { caches: createReadCaches(), probe: new VersionProbe(() => store.graphVersion()) };
  // The engine patches its projection; the probe stops sharing version reads issued before the write.
  const graphWrites: GraphWriteListener = {
    notifyWrite: (write) => engine.notifyWrite(write),
    writeCompleted: () => shared.probe.noteWrite(),
  };
  const strategy = new StrategyService(store, options.strategy);
  const services: Services = {
    accounts: new AccountService(store, graphWrites),
    network: new NetworkService(store, graphWrites, strategy.activity),
    influence: new InfluenceService(store, engine),
    strategy,
    exports: new NetworkExportService(store, strategy),
    crmImport: new CrmImportService(store, graphWrites),
    apiKeys: new ApiKeyService(isApiKeyStore(store) ? store : null, store, options.apiKeys),
    ping: () => store.ping(),
    newReader: () => new GraphReader(store, shared),
    close: () => {
      services.apiKeys.close();
      return engine.close();
    },
    forActor: (actor) => scopeServicesToActor(services, store, actor),
  };
  return services;
}
