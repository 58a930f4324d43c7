/**
 * The two ways the engine reaches a ProjectionHost, behind one HostClient interface:
 * - in-process: direct calls on a host in this thread (small graphs: no worker start-up,
 *   no message copies; the snapshot pauses between metrics so requests interleave);
 * - worker: a worker_threads worker (analytics-worker.ts) holding the projection, so
 *   seconds of metric work never block the event loop that serves cheap queries.
 *
 * Watchdog (threat 29 in docs/threats.md): every call to a worker has a deadline; a worker
 * that misses one is terminated and every call in flight fails with ANALYTICS_BUSY, as when
 * it crashes. The engine then reloads the projection into a new worker; nothing waits forever.
 */
import { Worker } from "node:worker_threads";
import { AnalyticsBusyError } from "../../domain/errors.js";
import { deserializeError } from "./error-transfer.js";
import type { HostClient, HostRequest, HostResponse } from "./host-protocol.js";
import { HOST_METHODS, PHASE_METHODS, ProjectionHost, requestTransferList, type HostOperations, type HostSettings } from "./projection-host.js";
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

export const WATCHDOG_DEFAULTS = Object.freeze({
  /** Loading and whole-graph metrics: minutes on the largest graphs we plan for (XL, 1M accounts). */
  heavyCallMs: 600_000,
  /** On-demand operations (reach, paths, personalized PageRank, neighbourhoods). */
  lightCallMs: 30_000,
});

const HEAVY_METHODS: ReadonlySet<string> = new Set(["loadColumns", "patch", ...PHASE_METHODS]);

export interface CallDeadlines {
  heavyCallMs?: number;
  lightCallMs?: number;
}

export function createWorkerHost(settings: HostSettings, deadlines: CallDeadlines = {}): HostClient {
  const limits = { ...WATCHDOG_DEFAULTS, ...deadlines };
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
    exited ??= error;
    for (const { reject } of pending.values()) reject(exited);
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
  const restarting = (why: string, cause?: unknown) => {
    const error = new AnalyticsBusyError(`the analytics worker ${why}; it is being replaced, retry shortly`, 2_000);
    if (cause !== undefined) Object.defineProperty(error, "cause", { value: cause, enumerable: false });
    return error;
  };
  worker.on("error", (error) => failAll(restarting("crashed", error)));
  worker.on("exit", (code) => failAll(restarting(`exited (code ${code})`)));

  const call = (method: keyof HostOperations, args: unknown[]): Promise<unknown> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    const limitMs = HEAVY_METHODS.has(method) ? limits.heavyCallMs : limits.lightCallMs;
    return new Promise((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      const timer = setTimeout(() => {
        failAll(restarting(`did not answer ${method} within ${limitMs} ms`));
        void worker.terminate();
      }, limitMs);
      timer.unref();
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          done(value);
        };
      pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      // The columns of a load are moved, not copied: the caller's arrays are detached after this.
      worker.postMessage({ id, method, args } satisfies HostRequest, requestTransferList(method, args));
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
