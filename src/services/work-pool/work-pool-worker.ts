/**
 * Entry point of a work pool thread (work-pool.ts): answers { id, task, input } with
 * { id, ok, value | error }, one task at a time. DomainErrors keep their class and field
 * across the boundary (analytics/engine/error-transfer.ts).
 */
import { parentPort } from "node:worker_threads";
import { serializeError } from "../../analytics/engine/error-transfer.js";
import { runWorkTask, type WorkTaskName } from "./work-tasks.js";

const port = parentPort;
if (!port) throw new Error("services/work-pool/work-pool-worker: must run as a worker thread");

port.on("message", ({ id, task, input }: { id: number; task: WorkTaskName; input: never }) => {
  try {
    port.postMessage({ id, ok: true, value: runWorkTask(task, input) });
  } catch (error) {
    port.postMessage({ id, ok: false, error: serializeError(error) });
  }
});
