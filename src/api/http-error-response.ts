/**
 * Error answers the HTTP front writes itself, before or beside Apollo (a body that is not
 * JSON or too large, a refused method, a forgery, an unknown path, a refused diagnostics
 * call, a failed export). They take the shape
 * GraphQL errors have, with a stable `extensions.code` and the request id, because the
 * README promises both on every error and clients read one shape whatever refused them.
 */
import type { ServerResponse } from "node:http";
import type { Logger } from "../logger.js";
import { httpErrorOf } from "./error-mapping.js";

export interface ErrorExtensions {
  code: string;
  [key: string]: unknown;
}

/** Writes `{ errors: [{ message, extensions: { code, …, requestId } }] }` with `status`. */
export function sendError(res: ServerResponse, status: number, message: string, extensions: ErrorExtensions, requestId: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ errors: [{ message, extensions: { ...extensions, requestId } }] }));
}

/**
 * 405 with the methods the path does answer (RFC 9110 §15.5.6 requires the Allow header),
 * for a path that exists, so a client learns it used the wrong method rather than a wrong URL.
 */
export function sendMethodNotAllowed(res: ServerResponse, allowed: readonly string[], requestId: string): void {
  res.setHeader("allow", allowed.join(", "));
  sendError(res, 405, `This path answers ${allowed.join(" and ")} only`, { code: "BAD_REQUEST" }, requestId);
}

/** 404 for a path nothing is served at, with the code GraphQL gives an id that names nothing. */
export function sendNotFound(res: ServerResponse, requestId: string): void {
  sendError(res, 404, "Nothing is served at this path; GraphQL is at /graphql", { code: "NOT_FOUND" }, requestId);
}

/**
 * Answers a failure of a route outside GraphQL as error-mapping.ts's `httpErrorOf` maps it
 * (the code GraphQL gives the same cause). An internal error is masked and logged at error
 * level; a refusal (the client's mistake, or a busy or unreachable dependency already logged
 * where it happened) at info or warn, like GraphQL's client errors.
 */
export function sendFailure(res: ServerResponse, error: unknown, requestId: string, logger: Logger, what: string): void {
  const answer = httpErrorOf(error);
  if (answer.masked) logger.error({ requestId, err: error }, `${what} failed`);
  else logger[answer.status >= 500 ? "warn" : "info"]({ requestId, code: answer.extensions.code, reason: answer.message }, `${what} refused`);
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  sendError(res, answer.status, answer.message, answer.extensions, requestId);
}
