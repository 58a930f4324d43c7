/**
 * A graph source wrapper for the influence engine (ServicesOptions.wrapGraphSource) whose
 * whole-graph loads wait while the gate is shut: a reload as slow as the test wants, so a
 * read meets the wait bound (ANALYTICS_BUSY with no snapshot yet, or a stale snapshot).
 */
import type { GraphSource } from "../../src/analytics/engine/index.js";

export function gatedReads() {
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  return {
    wrap: (source: GraphSource): GraphSource => ({
      version: () => source.version(),
      graph: () => {
        const { version, columns } = source.graph();
        return {
          version,
          columns: async () => {
            await gate;
            return columns();
          },
        };
      },
    }),
    shut() {
      gate = new Promise((resolve) => (open = resolve));
    },
    open: () => open(),
  };
}
