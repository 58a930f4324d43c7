/**
 * The engine's scheduling against an in-memory graph source: single flight, refresh on a
 * moved graph version, patching from the deltas it is given instead of re-reading, bounded
 * waits, the worker answering exactly like the in-process host, and the worker watchdog.
 */
import { afterEach, describe, expect, it } from "vitest";
import { InfluenceEngine, type InfluenceEngineOptions, type RefreshStats } from "../../../src/analytics/engine/index.js";
import type { GraphChunk, GraphEdge, GraphNode } from "../../../src/domain/graph.js";
import { columnsFromChunks } from "../../../src/analytics/index.js";

function node(id: string): GraphNode {
  return {
    id,
    name: id,
    status: "CUSTOMER",
    segment: "MID_MARKET",
    annualRevenue: 100,
    ownerId: null,
    licencesHeld: 1,
    licencesPlanned: 1,
    licencePrice: 10,
  };
}
function edge(id: string, fromId: string, toId: string, strength: number): GraphEdge {
  return { id, type: "INFLUENCES", fromId, toId, strength, revenue: null };
}

/** A read-model stand-in: a mutable graph, a version counter, and a count of whole-graph reads. */
function fakeStore() {
  const state = {
    version: 1,
    reads: 0,
    fail: false,
    nodes: ["a", "b", "c", "d"].map(node),
    edges: [edge("ab", "a", "b", 1), edge("bc", "b", "c", 0.5), edge("ca", "c", "a", 0.8), edge("da", "d", "a", 0.3)],
  };
  const options: Pick<InfluenceEngineOptions, "source"> = {
    source: {
      version: () => state.version,
      graph: () => {
        if (state.fail) throw new Error("source down");
        state.reads++;
        const chunk: GraphChunk = { nodes: [...state.nodes], edges: [...state.edges], memberships: [] };
        return { version: state.version, columns: () => columnsFromChunks([chunk]) };
      },
    },
  };
  return { state, options };
}

/** A link written to the store, and its delta handed to the engine as the read model does. */
function addLink(store: ReturnType<typeof fakeStore>, engine: InfluenceEngine, added: GraphEdge): void {
  store.state.edges.push(added);
  const from = store.state.version++;
  engine.advance(from, store.state.version, [{ op: "ADD_EDGE", edge: added }]);
}

const engines: InfluenceEngine[] = [];
function engineOver(options: InfluenceEngineOptions): InfluenceEngine {
  const engine = new InfluenceEngine(options);
  engines.push(engine);
  return engine;
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

describe("InfluenceEngine", () => {
  it("shares one refresh between concurrent readers and caches it per version", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process" });
    const views = await Promise.all([engine.view(), engine.viewAt("lead"), engine.viewAt("core"), engine.view()]);
    expect(store.state.reads).toBe(1);
    expect(new Set(views.map((v) => v.snapshot.version))).toEqual(new Set([1]));
    await engine.view();
    expect(store.state.reads).toBe(1);
  });

  it("re-reads the graph when the version moved without a delta, patches when it is given the delta", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process" });
    await engine.view();

    store.state.edges.push(edge("db", "d", "b", 1));
    store.state.version = 2;
    const reloaded = await engine.view();
    expect(store.state.reads).toBe(2);
    expect(reloaded.snapshot.metrics.OUT_DEGREE!.values[reloaded.snapshot.ids.indexOf("d")]).toBe(2);

    addLink(store, engine, edge("dc", "d", "c", 1));
    const patched = await engine.view();
    expect(store.state.reads).toBe(2);
    expect(patched.snapshot.version).toBe(3);
    expect(patched.snapshot.metrics.OUT_DEGREE!.values[patched.snapshot.ids.indexOf("d")]).toBe(3);
  });

  it("relabels the snapshot for writes that change nothing in the projection (managers, communities)", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process" });
    const events: string[] = [];
    engine.onEvent((event) => events.push(event.type === "refresh-end" ? `end:${event.stats.kind}` : event.type));
    const before = await engine.view();
    events.length = 0;

    store.state.version = 2;
    engine.advance(1, 2, []);
    const relabeled = await engine.view();
    expect(relabeled.snapshot.version).toBe(2);
    expect(relabeled.stale).toBe(false);
    expect(relabeled.snapshot.metrics.PAGERANK!.values).toEqual(before.snapshot.metrics.PAGERANK!.values);
    expect(store.state.reads).toBe(1);
    expect(events.at(-1)).toBe("end:relabel");
    expect(events).not.toContain("core-ready");

    // A real change right after is still computed, from the relabeled version on.
    addLink(store, engine, edge("db", "d", "b", 1));
    const patched = await engine.view();
    expect(patched.snapshot.metrics.OUT_DEGREE!.values[patched.snapshot.ids.indexOf("d")]).toBe(2);
    expect(store.state.reads).toBe(1);
  });

  it.each(["in-process", "worker"] as const)(
    "publishes the phases in order, and a reader of an earlier phase does not wait for the later ones (%s)",
    async (execution) => {
      const store = fakeStore();
      const engine = engineOver({ ...store.options, execution });
      const events: string[] = [];
      engine.onEvent((event) => events.push(event.type));
      const before = await engine.view();

      addLink(store, engine, edge("db", "d", "b", 1));
      events.length = 0;
      // What had happened when each reader got its answer.
      const seen = (phase: "lead" | "core" | "full") => engine.viewAt(phase).then((view) => ({ view, events: [...events] }));
      const [lead, core, full] = await Promise.all([seen("lead"), seen("core"), seen("full")]);

      expect(events).toEqual(["refresh-start", "lead-ready", "core-ready", "refresh-end"]);
      expect(lead.events).toEqual(["refresh-start", "lead-ready"]);
      expect(core.events).toEqual(["refresh-start", "lead-ready", "core-ready"]);
      expect(full.events).toEqual(events);

      expect(lead.view.snapshot).toMatchObject({ version: 2, phase: "lead" });
      expect(Object.keys(lead.view.snapshot.metrics).sort()).toEqual([
        "IN_DEGREE",
        "OUT_DEGREE",
        "PAGERANK",
        "WEIGHTED_IN_DEGREE",
        "WEIGHTED_OUT_DEGREE",
      ]);
      expect(lead.view.snapshot.metrics.OUT_DEGREE!.values[lead.view.snapshot.ids.indexOf("d")]).toBe(2);
      expect(lead.view.snapshot.keystone).toBeNull();
      expect(core.view.snapshot).toMatchObject({ version: 2, phase: "core" });
      // d hung off a alone; the new link d → b closes the graph around it.
      expect(before.snapshot.keystone).toEqual(new Uint8Array([1, 0, 0, 0]));
      expect(core.view.snapshot.keystone).toEqual(new Uint8Array([0, 0, 0, 0]));
      expect(Object.keys(core.view.snapshot.metrics)).toEqual(expect.arrayContaining(["PAGERANK", "HUB", "AUTHORITY", "EIGENVECTOR"]));
      expect(core.view.snapshot.metrics.BETWEENNESS).toBeUndefined();
      expect(full.view.snapshot).toMatchObject({ version: 2, phase: "full" });
      expect(full.view.snapshot.metrics.BETWEENNESS).toBeDefined();
      // Later phases add metrics; they never recompute those of an earlier one.
      expect(full.view.snapshot.metrics.PAGERANK).toBe(lead.view.snapshot.metrics.PAGERANK);
      // The phase a reader is answered from, once published, answers at once.
      await expect(engine.viewAt("lead")).resolves.toMatchObject({ snapshot: { version: 2, phase: "full" }, stale: false });
    },
  );

  it("interrupts the structure phase for a newer version's PageRank, then completes the structure on the newest", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process" });
    const ends: RefreshStats[] = [];
    engine.onEvent((event) => (event.type === "refresh-end" ? ends.push(event.stats) : undefined));
    await engine.view();
    addLink(store, engine, edge("db", "d", "b", 1));
    expect(await engine.viewAt("core")).toMatchObject({ snapshot: { version: 2 } });
    // Version 2's structure phase has started; a write and a PageRank reader arrive.
    addLink(store, engine, edge("dc", "d", "c", 1));
    const lead = await engine.viewAt("lead");
    expect(lead).toMatchObject({ snapshot: { version: 3 }, stale: false });
    expect(lead.snapshot.metrics.OUT_DEGREE!.values[lead.snapshot.ids.indexOf("d")]).toBe(3);
    const full = await engine.view();
    expect(full).toMatchObject({ snapshot: { version: 3, phase: "full" }, stale: false });
    expect(ends.map((stats) => [stats.version, stats.interrupted])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it("does not interrupt the structure phase once the complete snapshot has been owed for maxStructureLagMs", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process", maxStructureLagMs: 0 });
    const ends: RefreshStats[] = [];
    engine.onEvent((event) => (event.type === "refresh-end" ? ends.push(event.stats) : undefined));
    await engine.view();
    addLink(store, engine, edge("db", "d", "b", 1));
    await engine.viewAt("core");
    addLink(store, engine, edge("dc", "d", "c", 1));
    expect(await engine.viewAt("lead")).toMatchObject({ snapshot: { version: 3 }, stale: false });
    expect(ends.map((stats) => [stats.version, stats.interrupted])).toEqual([
      [1, false],
      [2, false],
    ]);
  });

  it("reloads after a reset that arrives while a patch is under way (the graph was replaced meanwhile)", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process" });
    await engine.view();
    addLink(store, engine, edge("db", "d", "b", 1));
    const patching = engine.view();
    // The refresh has started patching to version 2; the store is replaced before it ends.
    store.state.nodes.push(node("z"));
    engine.reset();
    await patching;

    addLink(store, engine, edge("dc", "d", "c", 1));
    const after = await engine.view();
    expect(store.state.reads).toBe(2);
    expect(after.snapshot.ids).toContain("z");
    expect(after.snapshot.metrics.OUT_DEGREE!.values[after.snapshot.ids.indexOf("d")]).toBe(3);
  });

  it("refreshes when the version goes backwards (the store was replaced)", async () => {
    const store = fakeStore();
    store.state.version = 7;
    const engine = engineOver({ ...store.options, execution: "in-process" });
    await engine.view();
    store.state.version = 2;
    store.state.nodes.push(node("e"));
    const view = await engine.view();
    expect(view.snapshot.version).toBe(2);
    expect(view.snapshot.ids).toContain("e");
  });

  it("answers a failed refresh with a retryable ANALYTICS_BUSY, then recovers on the next read", async () => {
    const store = fakeStore();
    store.state.fail = true;
    const engine = engineOver({ ...store.options, execution: "in-process" });
    await expect(engine.view()).rejects.toMatchObject({ code: "ANALYTICS_BUSY", details: { retryAfterMs: expect.any(Number) } });
    store.state.fail = false;
    await expect(engine.view()).resolves.toMatchObject({ stale: false });
  });

  it("keeps answering from the last snapshot, flagged stale, while a refresh fails", async () => {
    const store = fakeStore();
    const engine = engineOver({ ...store.options, execution: "in-process" });
    const first = await engine.view();
    store.state.fail = true;
    store.state.version = 2;
    const stale = await engine.view();
    expect(stale).toMatchObject({ stale: true, latestVersion: 2 });
    expect(stale.snapshot).toBe(first.snapshot);
  });

  it("replaces a worker that misses its deadline; readers get ANALYTICS_BUSY in bounded time, never a hang", async () => {
    const store = fakeStore();
    // Deadlines no worker can meet: every call is cut off, as a hung worker's would be.
    const engine = engineOver({ ...store.options, execution: "worker", maxWaitMs: 60_000, deadlines: { heavyCallMs: 1, lightCallMs: 1 } });
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      await expect(engine.view()).rejects.toMatchObject({ code: "ANALYTICS_BUSY" });
      expect(performance.now() - started).toBeLessThan(30_000);
    }
    // Each attempt reloaded into a fresh worker rather than waiting on the dead one.
    expect(store.state.reads).toBe(3);
  });

  it("answers from a worker exactly as in-process", async () => {
    const store = fakeStore();
    const inProcess = engineOver({ ...store.options, execution: "in-process" });
    const worker = engineOver({ ...store.options, execution: "worker", maxWaitMs: 60_000 });
    const [a, b] = await Promise.all([inProcess.view(), worker.view(60_000)]);
    expect(worker.executionMode).toBe("worker");
    expect(b.snapshot.ids).toEqual(a.snapshot.ids);
    for (const metric of ["PAGERANK", "HUB", "BETWEENNESS", "EIGENVECTOR"] as const) {
      expect(Array.from(b.snapshot.metrics[metric]!.values)).toEqual(Array.from(a.snapshot.metrics[metric]!.values));
    }
    expect(Array.from(b.snapshot.louvain.community)).toEqual(Array.from(a.snapshot.louvain.community));
    expect(await worker.referralPath("d", "c", "STRONGEST")).toEqual(await inProcess.referralPath("d", "c", "STRONGEST"));
    await expect(worker.reach(["a", "zz"], 2)).resolves.toEqual(await inProcess.reach(["a", "zz"], 2));
    // DomainErrors keep their class and field across the worker boundary.
    await expect(worker.neighbourhood({ around: ["zz"], depth: 1, minStrength: 0, limit: 5 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "around",
    });
  });
});
