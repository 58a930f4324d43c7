/**
 * The id of the HTTP request being served, for code Apollo calls without it. Apollo's
 * `formatError` sees only the error, yet it formats every error Apollo answers, including
 * the ones raised before any request context exists (a batched body, a JSON-string
 * `variables`, a wrong method): stamping the id there, in one place, is what puts it on
 * every error. AsyncLocalStorage carries it through Apollo's awaits without a global.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it awaits) as part of request `requestId`. */
export function inRequestScope<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

/** The request id of the code running now, or undefined outside a request (tests, scripts). */
export function currentRequestId(): string | undefined {
  return scope.getStore();
}
