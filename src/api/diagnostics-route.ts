/**
 * A read-only JSON endpoint for benchmarks, such as the store's query counts (main.ts wires
 * one when BENCH_COUNTERS=1; bench/peer-bench.ts reads it). It does not exist unless
 * configured, and answers ADMIN credentials only: operation names and counts say nothing
 * about the data, but nobody else needs them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ForbiddenError } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import type { Authenticator } from "./auth/authenticator.js";
import { sendFailure } from "./http-error-response.js";

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
  logger: Logger,
): Promise<boolean> {
  if (url.pathname !== route.path) return false;
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  try {
    // Refusals answer like GraphQL's: 401 UNAUTHENTICATED (503 if a JWKS is unreachable), 403 FORBIDDEN.
    const actor = await authenticator.authenticate({ get: header }, requestId);
    if (actor.role !== "ADMIN") throw new ForbiddenError(`${actor.role} may not read ${route.path}; ADMIN only`);
    const body = route.read();
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.end(JSON.stringify(body));
  } catch (error) {
    sendFailure(res, error, requestId, logger, "diagnostics");
  }
  return true;
}
