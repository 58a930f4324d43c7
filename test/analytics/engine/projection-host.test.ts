/**
 * The projection host's structure phase pauses between the steps of its stepwise metrics
 * (betweenness and harmonic closeness sources, parts of Louvain) and between metrics; an
 * interrupt stops it at its next pause. The engine's own choice of when to interrupt is in
 * influence-engine.test.ts; here the pause is the test's, so it can interrupt at a chosen one.
 */
import { describe, expect, it } from "vitest";
import { ProjectionHost, type HostSettings } from "../../../src/analytics/engine/projection-host.js";
import { columnsFromChunks, louvainInSteps, projectionFromColumns } from "../../../src/analytics/index.js";
import { betweennessInSteps } from "../../../src/analytics/metrics/betweenness.js";
import { harmonicClosenessInSteps } from "../../../src/analytics/metrics/harmonic-closeness.js";
import { account } from "../graph-fixtures.js";
import { generateInfluenceLinks } from "../random-graph.js";

const LINKS = generateInfluenceLinks(400, 3, 5);
const NODES = Array.from({ length: 400 }, (_, i) => account(`a${i}`));
/** Fresh columns each time: a host adopts the arrays it loads. */
const columns = () => columnsFromChunks([{ nodes: NODES, edges: LINKS, memberships: [] }]);
const LOUVAIN = { visitsPerStep: 100 };
const SETTINGS: HostSettings = { projection: {}, snapshot: { louvain: LOUVAIN } };

function stepsOf(steps: Generator<void, unknown>): number {
  let yields = 0;
  while (!steps.next().done) yields++;
  return yields;
}

/** A host whose pauses are counted, and which interrupts itself at pause number `interruptAt`. */
async function countingHost(interruptAt = Infinity) {
  const counter = { pauses: 0 };
  const host: ProjectionHost = new ProjectionHost(SETTINGS, async () => {
    if (++counter.pauses === interruptAt) host.interrupt();
  });
  host.loadColumns(await columns());
  return { host, counter };
}

describe("ProjectionHost structure phase", () => {
  it("stops at a pause inside Louvain when interrupted there, answers null, and completes when asked again", async () => {
    const projection = projectionFromColumns(await columns());
    // Betweenness and closeness pause once per yield and once after each; Louvain runs last, with no pause after.
    const beforeLouvain = stepsOf(betweennessInSteps(projection)) + 1 + stepsOf(harmonicClosenessInSteps(projection)) + 1;
    const inLouvain = stepsOf(louvainInSteps(projection, LOUVAIN));
    expect(inLouvain).toBeGreaterThan(10);

    const uninterrupted = await countingHost();
    const complete = await uninterrupted.host.structure();
    expect(uninterrupted.counter.pauses).toBe(beforeLouvain + inLouvain);

    const interruptAt = beforeLouvain + Math.floor(inLouvain / 2);
    const interrupted = await countingHost(interruptAt);
    await expect(interrupted.host.structure()).resolves.toBeNull();
    // Nothing ran past the pause that saw the interrupt.
    expect(interrupted.counter.pauses).toBe(interruptAt);

    const again = await interrupted.host.structure();
    expect(Array.from(again!.louvain.community)).toEqual(Array.from(complete!.louvain.community));
    expect(again!.louvain.modularity).toBe(complete!.louvain.modularity);
  });
});
