/**
 * File downloads for other tools, under the same authentication as GraphQL (any role:
 * they only read):
 *   GET /export/influence.gexf         the influence graph for Gephi (every metric as node attributes)
 *   GET /export/influence.graphml      the same as GraphML
 *   GET /export/strategic-ranking.csv  every account's strategic score, tier and dimensions
 * The same files come from `npm run export` (scripts/export.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError } from "graphql";
import { HeaderMap } from "@apollo/server";
import type { Logger } from "../../logger.js";
import type { Services } from "../../services/services.js";
import type { Authenticator } from "../auth/authenticator.js";
import { INTERNAL_MESSAGE } from "../error-mapping.js";
import { sendError, sendMethodNotAllowed } from "../http-error-response.js";

const EXPORTS: Readonly<Record<string, { type: string; format: "gexf" | "graphml" | "csv" }>> = {
  "/export/influence.gexf": { type: "application/gexf+xml; charset=utf-8", format: "gexf" },
  "/export/influence.graphml": { type: "application/graphml+xml; charset=utf-8", format: "graphml" },
  "/export/strategic-ranking.csv": { type: "text/csv; charset=utf-8", format: "csv" },
};

export interface ExportRouteDeps {
  services: Services;
  authenticator: Authenticator;
  logger: Logger;
}

/** Serves an export if the request is for one; returns whether it did. */
export async function handleExport(deps: ExportRouteDeps, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<boolean> {
  const route = EXPORTS[url.pathname];
  if (route === undefined) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendMethodNotAllowed(res, ["GET", "HEAD"], requestId);
    return true;
  }
  try {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(key, value);
    }
    const actor = await deps.authenticator.authenticate(headers, requestId);
    const services = deps.services.forActor(actor);
    const influence = services.influence.session();
    const strategy = services.strategy.session(influence);
    const body = route.format === "csv" ? await services.exports.rankingCsv(strategy) : await services.exports.graphFile(route.format, strategy);
    res.setHeader("content-type", route.type);
    res.setHeader("content-disposition", `attachment; filename="${url.pathname.slice("/export/".length)}"`);
    res.end(body);
  } catch (error) {
    sendFailure(deps.logger, res, error, requestId);
  }
  return true;
}

/** Authentication failures keep their status (401, 503); anything else is masked like GraphQL's internal errors. */
function sendFailure(logger: Logger, res: ServerResponse, error: unknown, requestId: string): void {
  const http = error instanceof GraphQLError ? (error.extensions.http as { status?: number; headers?: HeaderMap } | undefined) : undefined;
  if (error instanceof GraphQLError && http?.status) {
    for (const [key, value] of http.headers ?? []) res.setHeader(key, value);
    return sendError(res, http.status, error.message, { code: String(error.extensions.code) }, requestId);
  }
  const code = (error as { code?: unknown }).code;
  if (code === "STORE_UNAVAILABLE" || code === "ANALYTICS_BUSY") {
    return sendError(res, 503, (error as Error).message, { code: "SERVICE_UNAVAILABLE" }, requestId);
  }
  logger.error({ requestId, err: error }, "export failed");
  sendError(res, 500, INTERNAL_MESSAGE, { code: "INTERNAL_SERVER_ERROR" }, requestId);
}
