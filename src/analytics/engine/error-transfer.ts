/**
 * DomainErrors across the worker boundary. Structured clone keeps an Error's message but
 * not its class, code or field, and the API maps errors by class (api/error-mapping.ts):
 * so the worker sends a plain description and the client rebuilds the same error class.
 * Anything that is not a DomainError comes back as a plain Error with the worker's stack.
 */
import {
  AnalyticsBusyError,
  ConflictError,
  DomainError,
  ForbiddenError,
  MetricNotComputableError,
  NotFoundError,
  StoreUnavailableError,
  ValidationError,
  type DomainErrorCode,
} from "../../domain/errors.js";

export interface SerializedError {
  message: string;
  stack?: string;
  code?: DomainErrorCode;
  field?: string;
  entity?: string;
  id?: string;
  details?: Record<string, string | number | boolean>;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const serialized: SerializedError = { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  if (error instanceof DomainError) {
    serialized.code = error.code;
    if (error.field !== undefined) serialized.field = error.field;
    if (error.details !== undefined) serialized.details = { ...error.details };
    if (error instanceof NotFoundError) {
      serialized.entity = error.entity;
      serialized.id = error.id;
    }
  }
  return serialized;
}

export function deserializeError(error: SerializedError): Error {
  const field = error.field;
  switch (error.code) {
    case "NOT_FOUND":
      return new NotFoundError(error.entity ?? "Entity", error.id ?? "", field);
    case "BAD_USER_INPUT":
      return new ValidationError(error.message, field ?? "");
    case "CONFLICT":
      return new ConflictError(error.message, field);
    case "STORE_UNAVAILABLE":
      return new StoreUnavailableError(error.message, field);
    case "METRIC_NOT_COMPUTABLE":
      return new MetricNotComputableError(error.message, field);
    case "ANALYTICS_BUSY": {
      const retryAfterMs = error.details?.retryAfterMs;
      return new AnalyticsBusyError(error.message, typeof retryAfterMs === "number" ? retryAfterMs : undefined);
    }
    case "FORBIDDEN":
      return new ForbiddenError(error.message, field);
    default: {
      const plain = new Error(`analytics worker: ${error.message}`);
      if (error.stack) plain.stack = `${plain.message}\n--- in the worker ---\n${error.stack}`;
      return plain;
    }
  }
}
