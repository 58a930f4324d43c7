/**
 * Loads a whole graph (typed columns, graph-columns.ts) into a projection host, choosing
 * where that host runs: under `inProcessMaxNodes` accounts the projection lives in this
 * thread, above it in the analytics worker. Once a worker exists it is kept, so a graph
 * that shrinks does not bounce between modes.
 *
 * The columns cross to the worker in one message whose typed arrays are transferred, not
 * copied (host-client.ts): the main thread never holds a second copy of the graph, and the
 * worker adopts the arrays as they are.
 */
import type { GraphColumns } from "../graph-columns.js";
import { createInProcessHost, createWorkerHost, type CallDeadlines } from "./host-client.js";
import type { HostClient } from "./host-protocol.js";
import type { HostSettings, ProjectionSize } from "./projection-host.js";

export type ExecutionMode = "auto" | "worker" | "in-process";

export interface LoaderSettings {
  execution: ExecutionMode;
  /** In `auto` mode, graphs with fewer accounts stay in-process. */
  inProcessMaxNodes: number;
  /** The worker watchdog's deadlines (host-client.ts). */
  deadlines?: CallDeadlines;
}

export interface LoadResult extends ProjectionSize {
  host: HostClient;
}

export async function loadColumnsInto(
  current: HostClient | null,
  columns: GraphColumns,
  settings: LoaderSettings,
  hostSettings: HostSettings,
): Promise<LoadResult> {
  const keepWorker = current?.alive === true && current.kind === "worker";
  const useWorker =
    settings.execution === "worker" || (settings.execution === "auto" && (keepWorker || columns.accounts.ids.length >= settings.inProcessMaxNodes));
  const reuse = current?.alive === true && current.kind === (useWorker ? "worker" : "in-process");
  const host = reuse ? current! : useWorker ? createWorkerHost(hostSettings, settings.deadlines) : createInProcessHost(hostSettings);
  try {
    const size = await host.loadColumns(columns);
    return { ...size, host };
  } catch (error) {
    if (host !== current) await host.close();
    throw error;
  }
}
