import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderByValueDescending } from "../../src/analytics/kernels/radix-order.js";

describe("radix ordering of scores", () => {
  it("orders like a comparison sort: score descending, ties in the given order", () => {
    const score = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: false }),
      fc.constantFrom(0, -0, 1, 0.5, 1e-300, -1e-300, 5e-324, Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(fc.array(score, { maxLength: 300 }), fc.integer(), (scores, seed) => {
        const values = Float64Array.from(scores);
        const tieOrder = Int32Array.from(values.keys());
        let state = seed;
        for (let i = tieOrder.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1103515245) + 12345) | 0;
          const j = (state >>> 0) % (i + 1);
          [tieOrder[i], tieOrder[j]] = [tieOrder[j]!, tieOrder[i]!];
        }
        const position = new Int32Array(values.length);
        tieOrder.forEach((node, k) => (position[node] = k));
        const expected = [...tieOrder].sort((a, b) => (values[b]! > values[a]! ? 1 : values[b]! < values[a]! ? -1 : position[a]! - position[b]!));
        expect([...orderByValueDescending(values, tieOrder)]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
