/**
 * The one place where failures become GraphQL errors. Domain errors keep their
 * stable code and the offending field; anything unexpected (driver text, Cypher,
 * stack traces) is masked as "Internal server error" and logged with the request
 * id, per https://www.apollographql.com/docs/apollo-server/data/errors#masking-and-logging-errors
 */
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { DomainError, type DomainErrorCode } from "../domain/errors.js";
import { currentRequestId } from "./request-scope.js";

/** Domain code -> GraphQL `extensions.code`. Codes are API: never rename one. */
const GRAPHQL_CODES: Record<DomainErrorCode, string> = {
  NOT_FOUND: "NOT_FOUND",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  CONFLICT: "CONFLICT",
  STORE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  STORE_BUSY: "STORE_BUSY",
  CURSOR_STALE: "CURSOR_STALE",
  METRIC_NOT_COMPUTABLE: "METRIC_NOT_COMPUTABLE",
  ANALYTICS_BUSY: "ANALYTICS_BUSY",
  FORBIDDEN: "FORBIDDEN",
};

/** Codes Apollo / graphql-js produce for client mistakes; these messages are safe to show. */
const CLIENT_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "QUERY_TOO_COMPLEX",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  // Raised by our own code only (auth/authenticator.ts: the JWKS is unreachable); safe to show.
  "SERVICE_UNAVAILABLE",
  // money-scalar.ts: a total past 2^53 cents, refused rather than answered inexactly.
  "MONEY_OUT_OF_RANGE",
]);

export const INTERNAL_MESSAGE = "Internal server error";

/**
 * Domain code -> HTTP status, for the routes that answer outside GraphQL (file exports),
 * where the status is all a download tool looks at. GraphQL itself answers these 200 with
 * the code in the body (partial results). Busy and unavailable are 503 so clients retry;
 * a stale cursor and a conflict are 409 (the data moved on); a metric with no answer on
 * this graph is 422 (nothing is broken, and asking again will not help).
 */
const HTTP_STATUSES: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  STORE_BUSY: 503,
  CURSOR_STALE: 409,
  METRIC_NOT_COMPUTABLE: 422,
  ANALYTICS_BUSY: 503,
  FORBIDDEN: 403,
};

/** What a failure answers as a plain HTTP error: the body's message and extensions, status and headers. */
export interface HttpError {
  status: number;
  message: string;
  extensions: { code: string; [key: string]: unknown };
  headers: [string, string][];
  /** An internal error: the message is INTERNAL_MESSAGE and the cause must be logged. */
  masked: boolean;
}

/**
 * The HTTP answer to `error` for routes outside GraphQL, with the same code and extensions
 * (field, retryAfterMs, currentVersion…) that GraphQL gives the same cause, so a client
 * handles one set of codes whichever route it called. Retryable answers also carry
 * Retry-After (RFC 9110 §10.2.3) for tools that know nothing of our extensions.
 */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof DomainError) {
    const extensions = domainExtensions(error);
    const retryAfterMs = error.details?.retryAfterMs;
    const headers: [string, string][] =
      typeof retryAfterMs === "number" ? [["retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000)))]] : [];
    return { status: HTTP_STATUSES[error.code], message: error.message, extensions, headers, masked: false };
  }
  // Authentication's own refusals (401 UNAUTHENTICATED, 503 when a JWKS is unreachable) carry their status.
  const http =
    error instanceof GraphQLError ? (error.extensions.http as { status?: number; headers?: Iterable<[string, string]> } | undefined) : undefined;
  if (error instanceof GraphQLError && typeof http?.status === "number" && typeof error.extensions.code === "string") {
    const { http: _http, requestId: _requestId, ...extensions } = error.extensions;
    return {
      status: http.status,
      message: error.message,
      extensions: { ...extensions, code: error.extensions.code },
      headers: [...(http.headers ?? [])],
      masked: false,
    };
  }
  return { status: 500, message: INTERNAL_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR" }, headers: [], masked: true };
}

/** A domain error's extensions, the same in GraphQL errors and plain HTTP ones. */
function domainExtensions(error: DomainError): HttpError["extensions"] {
  return {
    code: GRAPHQL_CODES[error.code],
    ...(error.field !== undefined ? { field: error.field } : {}),
    ...error.details,
  };
}

/**
 * Top-level argument names that no input object uses as a field: an error naming
 * one of them (e.g. `updateAccount(id: …)` not found) points at the argument itself.
 */
const TOP_LEVEL_ARGUMENTS = new Set(["id"]);

/**
 * Prefixes the field path of a domain error raised while handling argument `arg`,
 * so `createAccount(input: {name: ""})` reports `input.name`.
 */
export async function forArgument<T>(arg: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.field !== undefined && !TOP_LEVEL_ARGUMENTS.has(error.field) && !error.field.startsWith(`${arg}.`)) {
      Object.defineProperty(error, "field", { value: `${arg}.${error.field}` });
    }
    throw error;
  }
}

export interface MaskedErrorLog {
  (error: unknown, formatted: GraphQLFormattedError): void;
}

/**
 * The code a client mistake is answered with, or null for an internal error (masked).
 * Apollo raises some request errors with an HTTP 4xx status but no code (an APQ hash that
 * does not match its query, an unsupported APQ version): the status is Apollo's own verdict
 * that the client erred, so any 4xx error is shown, as BAD_REQUEST when it has no code.
 */
function clientCode(error: unknown): string | null {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return GRAPHQL_CODES[original.code];
  const extensions = (error as { extensions?: Record<string, unknown> } | null)?.extensions;
  const code = extensions?.code;
  if (typeof code === "string" && CLIENT_CODES.has(code)) return code;
  const status = (extensions?.http as { status?: unknown } | undefined)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) return typeof code === "string" ? code : "BAD_REQUEST";
  return null;
}

/**
 * Whether `formatError` will mask this error. Apollo plugins use it to log masked errors
 * with the operation name, which `formatError` itself cannot see.
 */
export function isMaskedError(error: object): boolean {
  return clientCode(error) === null;
}

export interface FormatErrorOptions {
  /** Remove "Did you mean …?" from every message (production). */
  hideSuggestions?: boolean;
  /** Receives every masked error. */
  logInternal?: MaskedErrorLog;
}

/**
 * graphql-js appends " Did you mean …?" to validation errors and to the variable coercion
 * errors raised at execution (`{"f": {"keystone": true}}` -> `Did you mean "keystoneOnly"?`,
 * an enum variable "ADMN" -> `Did you mean the enum value "ADMIN"?`). Apollo's
 * hideSchemaDetailsFromClientErrors strips validation errors only, so with introspection
 * off any role could still map input types and enum values by guessing. Every formatted
 * error passes here, whatever produced it. Field and type names are GraphQL names (no "?").
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Builds Apollo's `formatError`. Apollo formats every error it answers through it, those
 * of bad HTTP requests too, so this is where each gets the request id (request-scope.ts).
 */
export function createFormatError(options: FormatErrorOptions = {}) {
  const { hideSuggestions = false, logInternal } = options;
  const format = createMaskingFormatter(logInternal);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    const requestId = currentRequestId();
    const message = hideSuggestions ? result.message.replace(SUGGESTION, "") : result.message;
    return { ...result, message, extensions: { ...result.extensions, ...(requestId !== undefined ? { requestId } : {}) } };
  };
}

function createMaskingFormatter(logInternal: MaskedErrorLog | undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: domainExtensions(original),
      };
    }
    const code = clientCode(error);
    if (code !== null) {
      // Drop stack traces Apollo adds outside production; keep the client-facing parts.
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code } };
    }
    logInternal?.(original, formatted);
    return {
      message: INTERNAL_MESSAGE,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
