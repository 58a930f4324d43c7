/**
 * Stepwise computations: a generator that yields between parts of a long computation, so
 * a caller can pause there (give the event loop or a worker's message queue a turn, or stop
 * early) and a caller that need not pause runs it straight through.
 */

/** Runs a stepwise computation without pausing. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
