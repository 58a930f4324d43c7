/**
 * The work pool (src/services/work-pool/work-pool.ts): heavy strategy work runs in a worker
 * and answers exactly as in-process; a full queue is refused at once with a retryable
 * ANALYTICS_BUSY; a task past its deadline is stopped (its worker replaced) and its caller
 * told so; a worker that crashes (out of memory) fails its task as busy and is replaced;
 * the pool keeps serving after each. No timing is asserted beyond "it ended".
 */
import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { recommendAdvocates } from "../../src/strategy/advocates.js";
import { WorkPool } from "../../src/services/work-pool/work-pool.js";
import { makeNetwork } from "../strategy/fixtures.js";

/** A ring with chords: enough links that a cascade does real work, deterministic. */
function network(nodes: number) {
  const edges: [number, number, number][] = [];
  for (let i = 0; i < nodes; i++) {
    edges.push([i, (i + 1) % nodes, 0.3]);
    edges.push([i, (i * 7 + 3) % nodes, 0.2]);
    edges.push([i, (i * 13 + 5) % nodes, 0.1]);
  }
  return makeNetwork(nodes, edges, (i) => ({ potential: 1 + (i % 5) }));
}

const small = { network: network(60), options: { k: 3, simulations: 200, seed: 4, estimator: "MC_CELF" as const } };
/** Seconds of CELF on one thread: long enough to queue behind and to miss a short deadline. */
const heavy = { network: network(3_000), options: { k: 40, simulations: 8_000, seed: 1, estimator: "MC_CELF" as const } };

async function busyError(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected ANALYTICS_BUSY, the task succeeded").toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe("ANALYTICS_BUSY");
  expect((error as DomainError).details?.retryAfterMs).toBeGreaterThan(0);
  return error as DomainError;
}

describe("WorkPool", () => {
  const pools: WorkPool[] = [];
  const open = (options: ConstructorParameters<typeof WorkPool>[0]) => {
    const pool = new WorkPool(options);
    pools.push(pool);
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it("answers from a worker exactly as the same computation in-process", async () => {
    const pool = open({});
    const inWorker = await pool.run("advocates", small);
    expect(inWorker).toEqual(recommendAdvocates(small.network, small.options));
    expect(pool.stats.completed).toBe(1);
  });

  it("refuses at once when the queue is full, and still finishes what it accepted", async () => {
    const pool = open({ threads: 1, maxQueue: 1, deadlineMs: 120_000 });
    const running = pool.run("advocates", small);
    const queued = pool.run("advocates", small);
    await busyError(pool.run("advocates", small));
    expect(pool.stats.refused).toBe(1);
    await expect(running).resolves.toBeDefined();
    await expect(queued).resolves.toBeDefined();
  });

  it("stops a task past its deadline, replaces the worker, and serves the next task", async () => {
    const pool = open({ threads: 1, maxQueue: 2, deadlineMs: 100 });
    const error = await busyError(pool.run("advocates", heavy));
    expect(error.message).toMatch(/deadline/);
    expect(pool.stats).toMatchObject({ timedOut: 1, replaced: 1, running: 0 });
    await expect(pool.run("advocates", small, { deadlineMs: 60_000 })).resolves.toBeDefined();
  });

  it("drops a queued task whose deadline passes while it waits", async () => {
    const pool = open({ threads: 1, maxQueue: 2, deadlineMs: 60_000 });
    const long = pool.run("advocates", heavy, { deadlineMs: 1_500 });
    const waiting = pool.run("advocates", small, { deadlineMs: 50 });
    await busyError(waiting);
    await busyError(long);
    expect(pool.stats.timedOut).toBe(2);
  });

  it("fails tasks as busy, never hangs, when workers crash (out of memory), replacing each", async () => {
    // A heap too small for a worker to live: each crashes, as a worker out of memory would.
    const pool = open({ threads: 1, maxQueue: 4, deadlineMs: 120_000, resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const error = await busyError(pool.run("advocates", small));
      expect(error.message).toMatch(/crashed|exited/);
      expect(pool.stats.replaced).toBeGreaterThanOrEqual(attempt);
    }
    expect(pool.stats).toMatchObject({ running: 0, queued: 0 });
  });

  it("keeps a DomainError from the task as it is (not busy)", async () => {
    const pool = open({});
    await expect(pool.run("advocates", { network: small.network, options: { k: 0 } })).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "k" });
  });
});
