/**
 * The two ways the engine reaches a ProjectionHost, behind one HostClient interface:
 * - in-process: direct calls on a host in this thread (small graphs: no worker start-up,
 *   no message copies; the snapshot pauses between metrics so requests interleave);
 * - worker: a worker_threads worker (analytics-worker.ts) holding the projection, so
 *   seconds of metric work never block the event loop that serves cheap queries.
 */
import { Worker } from "node:worker_threads";
import { deserializeError } from "./error-transfer.js";
import type { HostClient, HostRequest, HostResponse } from "./host-protocol.js";
import { HOST_METHODS, ProjectionHost, type HostOperations, type HostSettings } from "./projection-host.js";
import { analyticsWorkerEntry } from "./worker-entry.js";

export function createInProcessHost(settings: HostSettings): HostClient {
  const host = new ProjectionHost(settings);
  const client: Record<string, unknown> = { kind: "in-process", alive: true, close: async () => {} };
  for (const method of HOST_METHODS) {
    const call = host[method] as (...args: unknown[]) => unknown;
    // Always asynchronous, like the worker: a throw becomes a rejection.
    client[method] = async (...args: unknown[]) => call.apply(host, args);
  }
  return client as HostClient;
}

export function createWorkerHost(settings: HostSettings): HostClient {
  const entry = analyticsWorkerEntry();
  const worker = new Worker(entry.url, { workerData: settings, ...entry.options });
  // An idle worker must not keep the process alive (Services.close() ends it); one with
  // requests in flight must, or a script awaiting an answer could exit under it.
  worker.unref();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  let alive = true;
  let exited: Error | null = null;

  const failAll = (error: Error) => {
    alive = false;
    exited = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (response: HostResponse) => {
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (pending.size === 0) worker.unref();
    if (response.ok) waiter.resolve(response.value);
    else waiter.reject(deserializeError(response.error));
  });
  worker.on("error", (error) => failAll(new Error(`analytics worker crashed: ${error.message}`, { cause: error })));
  worker.on("exit", (code) => failAll(new Error(`analytics worker exited with code ${code}`)));

  const call = (method: keyof HostOperations, args: unknown[]): Promise<unknown> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies HostRequest);
    });
  };
  const client: Record<string, unknown> = {
    kind: "worker",
    get alive() {
      return alive;
    },
    async close() {
      if (!alive) return;
      alive = false;
      await worker.terminate();
    },
  };
  for (const method of HOST_METHODS) client[method] = (...args: unknown[]) => call(method, args);
  return client as HostClient;
}
