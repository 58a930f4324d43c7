/**
 * The set of use cases the API sees. Built once per process by main.ts from the
 * chosen store adapter; `newReader()` is called once per request.
 */
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { AccountService } from "./account-service.js";
import { GraphReader } from "./graph-reader.js";
import { NetworkService } from "./network-service.js";

export interface Services {
  readonly accounts: AccountService;
  readonly network: NetworkService;
  /** Readiness: throws StoreUnavailableError when the store cannot answer. */
  ping(): Promise<void>;
  newReader(): GraphReader;
}

export function createServices(store: AccountGraphStore): Services {
  return {
    accounts: new AccountService(store),
    network: new NetworkService(store),
    ping: () => store.ping(),
    newReader: () => new GraphReader(store),
  };
}
