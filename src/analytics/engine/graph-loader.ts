/**
 * Streams a whole graph (the read model's view, in chunks) into a projection host, choosing where that host
 * runs. Nodes come first in the read (domain/graph.ts GraphChunk), so the first chunks
 * tell the graph's size before any edge is read: under `inProcessMaxNodes` accounts the
 * projection lives in this thread, above it in the analytics worker. Once a worker
 * exists it is kept, so a graph that shrinks does not bounce between modes.
 *
 * Flow control: at most `chunkWindow` chunks are in flight to the host, so reading the
 * store and building the projection overlap without the worker's inbox growing
 * unbounded (each chunk is a structured clone of a few thousand rows).
 */
import type { GraphChunk } from "../../domain/graph.js";
import { createInProcessHost, createWorkerHost, type CallDeadlines } from "./host-client.js";
import type { HostClient } from "./host-protocol.js";
import type { HostSettings, ProjectionSize } from "./projection-host.js";

export type ExecutionMode = "auto" | "worker" | "in-process";

export interface LoaderSettings {
  execution: ExecutionMode;
  /** In `auto` mode, graphs with fewer accounts stay in-process. */
  inProcessMaxNodes: number;
  chunkWindow: number;
  /** The worker watchdog's deadlines (host-client.ts). */
  deadlines?: CallDeadlines;
}

export interface LoadResult extends ProjectionSize {
  host: HostClient;
  readMs: number;
}

export async function loadGraphInto(
  current: HostClient | null,
  chunks: AsyncIterable<GraphChunk>,
  settings: LoaderSettings,
  hostSettings: HostSettings,
): Promise<LoadResult> {
  const started = performance.now();
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: GraphChunk[] = [];
  let exhausted = false;
  let host: HostClient | null = null;
  try {
    const keepWorker = current?.alive === true && current.kind === "worker";
    let useWorker = settings.execution === "worker" || (settings.execution === "auto" && keepWorker);
    if (settings.execution === "auto" && !keepWorker) {
      let nodes = 0;
      while (nodes < settings.inProcessMaxNodes) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        buffered.push(next.value);
        nodes += next.value.nodes.length;
        if (next.value.nodes.length === 0) break; // past the node section
      }
      useWorker = nodes >= settings.inProcessMaxNodes;
    }
    const reuse = current?.alive === true && current.kind === (useWorker ? "worker" : "in-process");
    host = reuse ? current! : useWorker ? createWorkerHost(hostSettings, settings.deadlines) : createInProcessHost(hostSettings);

    await host.loadBegin();
    const inFlight: Promise<void>[] = [];
    const send = async (chunk: GraphChunk) => {
      const taken = host!.loadChunk(chunk);
      taken.catch(() => {}); // awaited below; must not count as unhandled meanwhile
      inFlight.push(taken);
      if (inFlight.length >= settings.chunkWindow) await inFlight.shift();
    };
    for (const chunk of buffered.splice(0)) await send(chunk);
    while (!exhausted) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else await send(next.value);
    }
    await Promise.all(inFlight);
    const readMs = performance.now() - started;
    const size = await host.loadEnd();
    return { ...size, host, readMs };
  } catch (error) {
    if (host && host !== current) await host.close();
    throw error;
  } finally {
    // Ends the store's read transaction when we stopped early.
    if (!exhausted) await iterator.return?.();
  }
}
