/**
 * File downloads for other tools, under the same authentication as GraphQL (any role:
 * they only read):
 *   GET /export/influence.gexf         the influence graph for Gephi (every metric as node attributes)
 *   GET /export/influence.graphml      the same as GraphML
 *   GET /export/strategic-ranking.csv  every account's strategic score, tier and dimensions
 * The same files come from `npm run export` (scripts/export.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap } from "@apollo/server";
import type { Logger } from "../../logger.js";
import type { Services } from "../../services/services.js";
import type { Authenticator } from "../auth/authenticator.js";
import { sendFailure, sendMethodNotAllowed } from "../http-error-response.js";

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
    // The code GraphQL gives the same cause (401, ANALYTICS_BUSY with retryAfterMs, NOT_FOUND…); internal errors masked.
    sendFailure(res, error, requestId, deps.logger, "export");
  }
  return true;
}
