/**
 * Domain errors. Every failure a caller can act on has a fixed `code`; the API maps
 * codes to GraphQL `extensions.code` in one place (api/error-mapping.ts). Stores
 * translate driver errors into these so nothing driver-specific leaks upward.
 */

export type DomainErrorCode =
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "STORE_UNAVAILABLE"
  | "STORE_BUSY"
  | "CURSOR_STALE"
  | "METRIC_NOT_COMPUTABLE"
  | "ANALYTICS_BUSY"
  | "FORBIDDEN";

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** Path of the offending input field, e.g. `input.strength`, when one is to blame. */
  readonly field?: string;
  /** Machine-readable facts a client can act on (e.g. `retryAfterMs`), sent as GraphQL extensions. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
  constructor(message: string, field?: string, details?: Record<string, string | number | boolean>) {
    super(message);
    this.name = new.target.name;
    if (field !== undefined) this.field = field;
    if (details !== undefined) this.details = Object.freeze({ ...details });
  }
}

/** An id that names nothing. `entity` is the kind looked for ("Account", …). */
export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
  constructor(
    readonly entity: string,
    readonly id: string,
    field?: string,
  ) {
    super(`${entity} ${JSON.stringify(id)} not found`, field);
  }
}

/** A value outside what the domain accepts. */
export class ValidationError extends DomainError {
  readonly code = "BAD_USER_INPUT";
  constructor(message: string, field: string) {
    super(message, field);
  }
}

/** The write contradicts existing data (duplicate link, taken external id, …). */
export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
}

/** The store cannot be reached now; the request may be retried later. */
export class StoreUnavailableError extends DomainError {
  readonly code = "STORE_UNAVAILABLE";
}

/**
 * Another process holds the store's write lock (an embedded SQLite file opened elsewhere) and
 * did not release it within the wait bound. Nothing was written; retry later.
 */
export class StoreBusyError extends DomainError {
  readonly code = "STORE_BUSY";
  constructor(message: string, retryAfterMs: number) {
    super(message, undefined, { retryAfterMs });
  }
}

/** The store was written by a newer release than this code (or its schema is unknown): refuse to touch it. */
export class StoreVersionError extends DomainError {
  readonly code = "STORE_UNAVAILABLE";
}

/**
 * A cursor names an ordering version this server no longer keeps (the data changed and the
 * ordering moved on). Paging on would skip or repeat rows, so it is refused: start again.
 */
export class CursorStaleError extends DomainError {
  readonly code = "CURSOR_STALE";
  constructor(message: string, field: string, currentVersion: number) {
    super(message, field, { currentVersion });
  }
}

/** An analytics metric has no answer on this graph (e.g. eigenvector did not converge). */
export class MetricNotComputableError extends DomainError {
  readonly code = "METRIC_NOT_COMPUTABLE";
}

/** Analytics are being recomputed and no earlier result exists within the wait bound. */
export class AnalyticsBusyError extends DomainError {
  readonly code = "ANALYTICS_BUSY";
  /** `retryAfterMs`: how long the client should wait before asking again. */
  constructor(message: string, retryAfterMs = 1_000) {
    super(message, undefined, { retryAfterMs });
  }
}

export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
}
