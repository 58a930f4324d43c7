/**
 * A read-only JSON endpoint for benchmarks, such as the store's query counts (main.ts wires
 * one when BENCH_COUNTERS=1; bench/peer-bench.ts reads it). It does not exist unless
 * configured, and answers ADMIN credentials only: operation names and counts say nothing
 * about the data, but nobody else needs them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator } from "./auth/authenticator.js";

export interface DiagnosticsRoute {
  /** e.g. `/internal/store-queries`. */
  path: string;
  read(): unknown;
}

/** Answers `route` when the request is for it (true), else leaves the request alone (false). */
export async function handleDiagnostics(
  route: DiagnosticsRoute,
  authenticator: Authenticator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<boolean> {
  if (url.pathname !== route.path) return false;
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  const actor = await authenticator.authenticate({ get: header }, requestId).catch(() => null);
  const [status, body] =
    actor === null ? [401, { error: "authentication required" }] : actor.role !== "ADMIN" ? [403, { error: "ADMIN only" }] : [200, route.read()];
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
  return true;
}
