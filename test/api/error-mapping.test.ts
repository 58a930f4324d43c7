/**
 * One mapping for both routes a client meets: a domain error answered outside GraphQL (a
 * file export) carries the code and extensions GraphQL gives it (field, retryAfterMs,
 * currentVersion), with an HTTP status of its own; anything else is masked. Every domain
 * code is listed (a Record over DomainErrorCode), so a new code cannot miss a status.
 * The routes themselves are tested over HTTP in exports-and-import-api.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createFormatError, httpErrorOf, INTERNAL_MESSAGE } from "../../src/api/error-mapping.js";
import {
  AnalyticsBusyError,
  ConflictError,
  CursorStaleError,
  ForbiddenError,
  MetricNotComputableError,
  NotFoundError,
  StoreBusyError,
  StoreUnavailableError,
  ValidationError,
  type DomainError,
  type DomainErrorCode,
} from "../../src/domain/errors.js";

const EXAMPLES: Record<DomainErrorCode, [DomainError, number]> = {
  NOT_FOUND: [new NotFoundError("Account", "acc_nope", "id"), 404],
  BAD_USER_INPUT: [new ValidationError("strength must be between 0 and 1", "input.strength"), 400],
  CONFLICT: [new ConflictError("externalId SF-1 is taken", "input.externalId"), 409],
  STORE_UNAVAILABLE: [new StoreUnavailableError("Neo4j is unavailable"), 503],
  STORE_BUSY: [new StoreBusyError("the store is locked by another process", 2_500), 503],
  CURSOR_STALE: [new CursorStaleError("the ranking moved on", "after", 7), 409],
  METRIC_NOT_COMPUTABLE: [new MetricNotComputableError("eigenvector did not converge"), 422],
  ANALYTICS_BUSY: [new AnalyticsBusyError("still computing", 1_200), 503],
  FORBIDDEN: [new ForbiddenError("VIEWER may not do that"), 403],
};

describe("httpErrorOf", () => {
  const formatError = createFormatError();

  it.each(Object.entries(EXAMPLES))("%s: GraphQL's code and extensions, with its own status", (_code, [error, status]) => {
    const answer = httpErrorOf(error);
    expect(answer).toMatchObject({ status, message: error.message, masked: false });
    expect(answer.extensions).toEqual(formatError({ message: error.message }, error).extensions);
  });

  it("adds Retry-After, in whole seconds rounded up, where the error says when to retry", () => {
    expect(httpErrorOf(EXAMPLES.ANALYTICS_BUSY[0]).headers).toEqual([["retry-after", "2"]]);
    expect(httpErrorOf(EXAMPLES.STORE_BUSY[0]).headers).toEqual([["retry-after", "3"]]);
    expect(httpErrorOf(EXAMPLES.NOT_FOUND[0]).headers).toEqual([]);
  });

  it("masks anything else as GraphQL does", () => {
    const answer = httpErrorOf(new Error("MATCH (n) RETURN n.password"));
    expect(answer).toEqual({ status: 500, message: INTERNAL_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR" }, headers: [], masked: true });
    expect(formatError({ message: "MATCH (n) RETURN n.password" }, new Error("x")).extensions).toEqual(answer.extensions);
  });
});
