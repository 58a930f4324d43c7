/**
 * Error answers the HTTP front writes itself, before or beside Apollo (a body that is not
 * JSON or too large, a refused method, a forgery, a failed export). They take the shape
 * GraphQL errors have, with a stable `extensions.code` and the request id, because the
 * README promises both on every error and clients read one shape whatever refused them.
 */
import type { ServerResponse } from "node:http";

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
