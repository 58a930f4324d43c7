/**
 * A small node:http front for Apollo Server: health endpoints, a body size limit,
 * request ids, GraphQL at `/` and `/graphql` (Apollo Sandbox on a browser's GET of
 * /graphql), and the browser pages and file exports of api/web/.
 * Modelled on @apollo/server/standalone, without express, so limits are ours.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Logger } from "../logger.js";
import type { Services } from "../services/services.js";
import { OPEN_AUTH } from "./auth/auth-config.js";
import { Authenticator } from "./auth/authenticator.js";
import type { RequestContext } from "./context.js";
import { csrfRefusal } from "./csrf-policy.js";
import { sendError, sendFailure, sendNotFound } from "./http-error-response.js";
import { handleDiagnostics, type DiagnosticsRoute } from "./diagnostics-route.js";
import { checkRequestNesting, requestPartsOfSearch, type GraphQLRequestParts } from "./limits/request-nesting.js";
import { inRequestScope } from "./request-scope.js";
import { handleExport } from "./web/export-routes.js";
import { WebPages } from "./web/web-pages.js";

/** Large enough for a 1 MB string inside a JSON body; larger bodies get 413. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface HttpServerOptions {
  apollo: ApolloServer<RequestContext>;
  services: Services;
  logger: Logger;
  port: number;
  host?: string;
  /** Who may call; local-development mode (everyone is ADMIN) when absent. */
  authenticator?: Authenticator;
  /** More for /readyz than a reachable store (e.g. disk-readiness.ts); throws when not ready. */
  readiness?: () => Promise<void>;
  /** Production: no schema download (api/web/web-pages.ts). */
  production?: boolean;
  /** A benchmark-only JSON endpoint (api/diagnostics-route.ts); none when absent. */
  diagnostics?: DiagnosticsRoute;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { apollo, services, logger } = options;
  const authenticator = options.authenticator ?? new Authenticator(OPEN_AUTH);
  await apollo.start();
  const pages = new WebPages({ production: options.production ?? false });
  const server = http.createServer((req, res) => {
    const requestId = pickRequestId(req);
    handle(req, res, requestId).catch((error: unknown) => {
      if (!res.headersSent) sendFailure(res, error, requestId, logger, "http handler");
      else {
        logger.error({ requestId, err: error }, "http handler failed");
        res.end();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    res.setHeader("x-request-id", requestId);
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") {
      try {
        await services.ping();
        await options.readiness?.();
        // Freshness for operators and load reports: the feed position and whole-state re-reads.
        return sendJson(res, 200, { status: "ready", ...services.freshness() });
      } catch {
        return sendJson(res, 503, { status: "unavailable" });
      }
    }
    if (options.diagnostics && (await handleDiagnostics(options.diagnostics, authenticator, req, res, url, requestId, logger))) return;
    // Browser pages and file exports (api/web/); everything else at / and /graphql is GraphQL.
    if (await pages.handle(req, res, url, requestId)) return;
    if (await handleExport({ services, authenticator, logger }, req, res, url, requestId)) return;
    if (url.pathname !== "/" && url.pathname !== "/graphql") return sendNotFound(res, requestId);

    const body = await readBody(req);
    if (body === TOO_LARGE) return sendError(res, 413, "Request body too large", { code: "BAD_REQUEST", max: MAX_BODY_BYTES }, requestId);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    let parsed: unknown = body;
    if (body.length > 0 && isJson(headers.get("content-type"))) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendError(res, 400, "Request body is not valid JSON", { code: "BAD_REQUEST" }, requestId);
      }
    }
    // Nesting that would overflow a recursive walk is refused before Apollo parses anything.
    const refusal = checkRequestNesting(req.method === "GET" ? requestPartsOfSearch(url.searchParams) : ((parsed ?? {}) as GraphQLRequestParts));
    if (refusal) {
      logger.info({ requestId, reason: refusal.message }, "request refused: nested too deeply");
      return sendError(res, 400, refusal.message, refusal.extensions, requestId);
    }
    // Apollo's own csrfPrevention is off: it would also refuse read-only GETs (csrf-policy.ts says why they are safe here).
    const forgery = csrfRefusal((req.method ?? "GET").toUpperCase(), headers);
    if (forgery) {
      logger.info({ requestId }, "request refused: possible cross-site request forgery");
      return sendError(res, 400, forgery, { code: "BAD_REQUEST" }, requestId);
    }
    // In the request's scope: formatError stamps its id on every error Apollo answers (request-scope.ts).
    const response = await inRequestScope(requestId, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body: parsed },
        context: async (): Promise<RequestContext> => {
          const actor = await authenticateLogged(authenticator, headers, requestId, logger);
          return { requestId, actor, services: services.forActor(actor), reader: services.newReader() };
        },
      }),
    );
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

/**
 * Authentication failures are logged at warn with the request id: a refused credential is
 * the client's doing, and an unreachable key set is already logged by jwks.ts.
 */
async function authenticateLogged(authenticator: Authenticator, headers: HeaderMap, requestId: string, logger: Logger) {
  try {
    return await authenticator.authenticate(headers, requestId);
  } catch (error) {
    logger.warn({ requestId, reason: (error as Error).message }, "request not authenticated");
    throw error;
  }
}

const TOO_LARGE = Symbol("too large");

async function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return TOO_LARGE;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function isJson(contentType: string | undefined): boolean {
  return !!contentType && /^application\/(graphql-response\+)?json\b/i.test(contentType.trim());
}

function pickRequestId(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}
