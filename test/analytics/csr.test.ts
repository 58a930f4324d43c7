import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCsr, CSR_VIEWS, csrFromTies, csrFromTiesInSteps, csrOf } from "../../src/analytics/csr.js";
import { applyGraphPatch } from "../../src/analytics/projection.js";
import { link, membership, projectionFrom } from "./graph-fixtures.js";
import { generateInfluenceLinks } from "./random-graph.js";

describe("CSR view", () => {
  it("lays out out-rows and the transposed in-rows with weight sums", async () => {
    const projection = await projectionFrom([link("a", "b", 0.5), link("a", "c", 0.25), link("c", "b", 1)]);
    const csr = csrOf(projection);
    const [a, b, c] = ["a", "b", "c"].map((id) => csr.indexOf.get(id)!);
    const outOf = (v: number) => [...csr.outTargets.subarray(csr.outOffsets[v]!, csr.outOffsets[v + 1]!)];
    const inOf = (v: number) => [...csr.inSources.subarray(csr.inOffsets[v]!, csr.inOffsets[v + 1]!)];
    expect(outOf(a!)).toEqual([b, c]);
    expect(inOf(b!).sort()).toEqual([a, c].sort());
    expect(csr.outWeightSums[a!]).toBeCloseTo(0.75, 12);
    expect(csr.inWeightSums[b!]).toBeCloseTo(1.5, 12);
    expect(csr.size).toBe(3);
  });

  it("is an exact transpose on a random graph", async () => {
    const projection = await projectionFrom(generateInfluenceLinks(300, 3, 8));
    const csr = csrOf(projection);
    const arcs = (offsets: Int32Array, ends: Int32Array, weights: Float64Array, reverse: boolean) => {
      const list: string[] = [];
      for (let v = 0; v < csr.order; v++) {
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) list.push(reverse ? `${ends[e]}>${v}:${weights[e]}` : `${v}>${ends[e]}:${weights[e]}`);
      }
      return list.sort();
    };
    expect(arcs(csr.inOffsets, csr.inSources, csr.inWeights, true)).toEqual(arcs(csr.outOffsets, csr.outTargets, csr.outWeights, false));
    expect(csr.size).toBe(projection.graph.size);
  });

  it("leaves membership ties out of the LINKS view", async () => {
    const projection = await projectionFrom([link("a", "b")], { memberships: [membership("a", "club", "LEADER"), membership("b", "club")] });
    expect(buildCsr(projection.graph, CSR_VIEWS.INFLUENCE).outWeightSums[0]).toBeCloseTo(1.3, 12);
    expect(buildCsr(projection.graph, CSR_VIEWS.LINKS).outWeightSums[0]).toBe(1);
  });

  it("is built once per revision", async () => {
    const projection = await projectionFrom([link("a", "b")]);
    const first = csrOf(projection);
    expect(csrOf(projection)).toBe(first);
    applyGraphPatch(projection, { op: "REMOVE_EDGE", id: projection.graph.edges()[0]! });
    expect(csrOf(projection).size).toBe(0);
  });

  it("builds the same arrays in steps of any size as in one piece", () => {
    const tie = (n: number) => fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), weight: fc.double({ min: 0, max: 1, noNaN: true }) });
    const graph = fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(fc.constant(n), fc.array(tie(n), { maxLength: 120 })));
    fc.assert(
      fc.property(graph, fc.constantFrom("SUM" as const, "MAX" as const), fc.integer({ min: 1, max: 40 }), ([n, ties], merge, tiesPerStep) => {
        const ids = Array.from({ length: n }, (_, i) => `n${i}`);
        const raw = {
          count: ties.length,
          from: Int32Array.from(ties, (t) => t.from),
          to: Int32Array.from(ties, (t) => t.to),
          weight: Float64Array.from(ties, (t) => t.weight),
        };
        const whole = csrFromTies(ids, { indexOf: new Map() }, raw, merge);
        const steps = csrFromTiesInSteps(ids, { indexOf: new Map() }, raw, merge, tiesPerStep);
        let step = steps.next();
        while (!step.done) step = steps.next();
        for (const key of [
          "outOffsets",
          "outTargets",
          "outWeights",
          "inOffsets",
          "inSources",
          "inWeights",
          "outWeightSums",
          "inWeightSums",
        ] as const) {
          expect(Array.from(step.value[key])).toEqual(Array.from(whole[key]));
        }
      }),
    );
  });
});
