/**
 * Messages between the InfluenceEngine (main thread) and its analytics worker, and the
 * promise-returning client both execution modes implement (host-client.ts).
 */
import type { SerializedError } from "./error-transfer.js";
import type { HostOperations } from "./projection-host.js";

export interface HostRequest {
  id: number;
  method: string;
  args: unknown[];
}

export type HostResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** HostOperations, every method asynchronous, plus lifecycle. */
export type HostClient = {
  [K in keyof HostOperations]: (...args: Parameters<HostOperations[K]>) => Promise<Awaited<ReturnType<HostOperations[K]>>>;
} & {
  readonly kind: "worker" | "in-process";
  /** False once the worker has exited or crashed: the engine must start another host. */
  readonly alive: boolean;
  close(): Promise<void>;
};
