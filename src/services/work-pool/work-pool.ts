/**
 * Heavy strategy work (Monte Carlo advocates, loss simulation: work-tasks.ts) in worker
 * threads, with admission control, so no request can stall the event loop that serves every
 * other (threats 21 and 29 in docs/threats.md).
 *
 * - `threads` workers, each running one task at a time; further tasks wait in a FIFO queue of
 *   at most `maxQueue`. A task that finds the queue full is refused at once with
 *   ANALYTICS_BUSY and `retryAfterMs`: the client retries, the server does not pile up work.
 * - Every task has a deadline from the moment it is submitted (queue wait included). A task
 *   still queued at its deadline is dropped; one still running is stopped by terminating its
 *   worker (the only way to stop synchronous JavaScript), which is then replaced. Either way
 *   the caller gets ANALYTICS_BUSY: nothing waits forever and no list of waiters grows.
 * - A worker that crashes (an exception outside a task, running out of memory) fails its task
 *   with ANALYTICS_BUSY and is replaced; tasks behind it run on the new worker.
 * State machine per worker: idle -> busy(task) -> idle | dead -> (replaced by a new idle one).
 */
import { Worker, type ResourceLimits } from "node:worker_threads";
import { deserializeError, type SerializedError } from "../../analytics/engine/error-transfer.js";
import { threadEntry } from "../../analytics/engine/worker-entry.js";
import { AnalyticsBusyError } from "../../domain/errors.js";
import type { WorkTaskName, WorkTasks } from "./work-tasks.js";

export const WORK_POOL_DEFAULTS = Object.freeze({
  /** Two cores here: one for the event loop, the analytics worker and this share the other. */
  threads: 1,
  maxQueue: 4,
  deadlineMs: 20_000,
  retryAfterMs: 2_000,
});

export interface WorkPoolOptions {
  threads?: number;
  maxQueue?: number;
  deadlineMs?: number;
  /** What a refused caller is told to wait before retrying. */
  retryAfterMs?: number;
  /** Per-worker V8 limits (tests make a worker run out of memory with these). */
  resourceLimits?: ResourceLimits;
}

export interface WorkPoolStats {
  running: number;
  queued: number;
  completed: number;
  refused: number;
  timedOut: number;
  replaced: number;
}

interface Job {
  id: number;
  task: WorkTaskName;
  input: unknown;
  deadline: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

export class WorkPool {
  private readonly settings: Required<Omit<WorkPoolOptions, "resourceLimits">> & Pick<WorkPoolOptions, "resourceLimits">;
  private readonly slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly counters = { completed: 0, refused: 0, timedOut: 0, replaced: 0 };

  constructor(options: WorkPoolOptions = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.settings = { ...WORK_POOL_DEFAULTS, ...given };
  }

  get stats(): WorkPoolStats {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length, ...this.counters };
  }

  /** Runs `task` on a worker; ANALYTICS_BUSY when the queue is full, the deadline passes or the worker dies. */
  run<K extends WorkTaskName>(task: K, input: WorkTasks[K]["input"], options: { deadlineMs?: number } = {}): Promise<WorkTasks[K]["output"]> {
    if (this.closed) return Promise.reject(new AnalyticsBusyError("the work pool is shut down"));
    const idle = this.idleSlot();
    if (!idle && this.queue.length >= this.settings.maxQueue) {
      this.counters.refused++;
      return Promise.reject(
        new AnalyticsBusyError(`the analysis queue is full (${this.queue.length} waiting); retry shortly`, this.settings.retryAfterMs),
      );
    }
    return new Promise((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task,
        input,
        deadline: performance.now() + (options.deadlineMs ?? this.settings.deadlineMs),
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (idle) this.start(idle, job);
      else this.enqueue(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new AnalyticsBusyError("the work pool is shut down"));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(new AnalyticsBusyError("the work pool is shut down"));
        return slot.worker.terminate();
      }),
    );
  }

  // ---------- internals ----------

  private idleSlot(): Slot | null {
    this.ensureWorkers();
    return this.slots.find((s) => s.job === null) ?? null;
  }

  private ensureWorkers(): void {
    while (!this.closed && this.slots.length < this.settings.threads) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const entry = threadEntry(import.meta.url, "work-pool-worker");
    const worker = new Worker(entry.url, {
      ...entry.options,
      ...(this.settings.resourceLimits ? { resourceLimits: this.settings.resourceLimits } : {}),
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on("message", (reply: Reply) => this.finish(slot, reply));
    worker.on("error", (error) => this.replace(slot, `crashed (${error.message})`));
    worker.on("exit", (code) => this.replace(slot, `exited (code ${code})`));
    return slot;
  }

  /** Waits for a worker, but not past its deadline: a job still queued then is dropped as busy. */
  private enqueue(job: Job): void {
    this.queue.push(job);
    const timer = setTimeout(() => {
      if (!this.queue.includes(job)) return;
      this.queue = this.queue.filter((queued) => queued !== job);
      this.counters.timedOut++;
      job.reject(this.busy("was busy until this task's deadline"));
    }, job.deadline - performance.now());
    timer.unref();
    const settle = job.resolve;
    const fail = job.reject;
    job.resolve = (value) => {
      clearTimeout(timer);
      settle(value);
    };
    job.reject = (error) => {
      clearTimeout(timer);
      fail(error);
    };
  }

  private start(slot: Slot, job: Job): void {
    const left = job.deadline - performance.now();
    if (left <= 0) {
      this.counters.timedOut++;
      job.reject(this.busy(`waited past its deadline for a worker`));
      return this.pump();
    }
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.counters.timedOut++;
      // Synchronous work cannot be interrupted: the worker goes, a fresh one takes its place.
      this.replace(slot, `did not finish ${job.task} within its deadline`);
    }, left);
    slot.timer.unref();
    slot.worker.postMessage({ id: job.id, task: job.task, input: job.input });
  }

  private finish(slot: Slot, reply: Reply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    this.release(slot);
    this.counters.completed++;
    if (reply.ok) job.resolve(reply.value);
    else job.reject(deserializeError(reply.error));
    this.pump();
  }

  /** The slot's worker is gone (or must go): its task fails as busy, a new worker takes the slot. */
  private replace(slot: Slot, why: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced (exit after error, or after terminate)
    const job = slot.job;
    this.release(slot);
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    this.counters.replaced++;
    job?.reject(this.busy(why));
    if (!this.closed) this.pump();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
  }

  private pump(): void {
    for (;;) {
      const next = this.queue[0];
      if (!next) return;
      const idle = this.idleSlot();
      if (!idle) return;
      this.queue.shift();
      this.start(idle, next);
    }
  }

  private busy(why: string): AnalyticsBusyError {
    return new AnalyticsBusyError(`the analysis worker ${why}; retry shortly`, this.settings.retryAfterMs);
  }
}
