/**
 * Entry point of the analytics worker thread: one ProjectionHost kept for the worker's
 * lifetime, so the projection is built once and then patched (rebuilding it per computation
 * costs seconds: docs/influence.md, "Why the kernels are our own"). Requests arrive as { id, method, args } and are answered
 * as { id, ok, value | error }; snapshot arrays are transferred, not copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "./error-transfer.js";
import { HOST_METHODS, PHASE_METHODS, ProjectionHost, type HostOperations, type HostSettings } from "./projection-host.js";
import type { HostRequest, HostResponse } from "./host-protocol.js";
import { snapshotTransferList, type CoreSnapshot, type MetricPart } from "./snapshot.js";

const port = parentPort;
if (!port) throw new Error("analytics/engine/analytics-worker: must run as a worker thread");

const host = new ProjectionHost(workerData as HostSettings);
const methods = new Set<string>(HOST_METHODS);

port.on("message", (request: HostRequest) => {
  void answer(request);
});

async function answer({ id, method, args }: HostRequest): Promise<void> {
  let response: HostResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    if (!methods.has(method)) throw new Error(`unknown method ${method}`);
    const call = host[method as keyof HostOperations] as (...a: unknown[]) => unknown;
    const value = await call.apply(host, args);
    // An interrupted structure phase answers null: nothing to transfer.
    if (PHASE_METHODS.has(method) && value !== null) transfer = snapshotTransferList(value as CoreSnapshot | MetricPart);
    response = { id, ok: true, value };
  } catch (error) {
    response = { id, ok: false, error: serializeError(error) };
  }
  port!.postMessage(response, transfer);
}
