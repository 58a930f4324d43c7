/**
 * The process's one read model: an immutable ReadView (read-view.ts) loaded from the store at
 * a feed sequence and advanced by applying the store's change feed (ports/change-feed.ts) in
 * order. DataLoaders, account pages, the analytics projection and the strategy facts all read
 * it; nothing else asks the store "what changed?".
 *
 * Invariants (each pinned by test/services/read-model.test.ts):
 * - `current.seq` only grows, and a view at seq n reflects exactly the changes 1..n: changes
 *   are applied strictly in sequence, only as an unbroken run from `current.seq + 1`. A page of
 *   the feed with a gap (a reader racing a commit, see store/neo4j/neo4j-feed.ts) is cut at
 *   the gap; the rest is read on the next poll.
 * - Read-your-writes in this process: a write's service calls `settle(committed)` before it
 *   answers. When the write's change is the next one it is applied at once, without a round
 *   trip; otherwise (another process wrote in between) the feed is read up to it.
 * - Other writers' changes are picked up by a poll every `pollIntervalMs` (one cheap query
 *   when nothing changed): they show in this process within about that delay.
 * - One poll at a time. `reach(seq)` callers share the poll in flight or the next one.
 * - A RESET change (bulk import) or a reader behind the feed's compaction point reloads the
 *   whole state; the previous view answers meanwhile. Reloads are counted (`stats`).
 * - Listeners hear every advance synchronously, in order, with the projection patches and
 *   the accounts touched; they must not block (they queue work of their own).
 */
import type { IsoDate } from "../../domain/model.js";
import { addDays } from "../../strategy/dates.js";
import { StoreUnavailableError } from "../../domain/errors.js";
import type { AccountGraphStore } from "../../ports/account-graph-store.js";
import type { Change, Committed } from "../../ports/change-feed.js";
import type { GraphPatch } from "../../analytics/projection.js";
import { applyChanges } from "./apply-changes.js";
import { viewOfState, type ReadView } from "./read-view.js";

export interface ReadModelSettings {
  pollIntervalMs: number;
  pageSize: number;
  activityDays: number;
  compactEveryChanges: number;
  retainChanges: number;
  settleTimeoutMs: number;
}

export const READ_MODEL_DEFAULTS: Readonly<ReadModelSettings> = Object.freeze({
  /** How often other processes' writes are looked for. */
  pollIntervalMs: 250,
  /** Changes read per feed query. */
  pageSize: 1_000,
  /** Activity older than this many days is not held (strategy reads two years). */
  activityDays: 731,
  /** After this many applied changes, this process compacts the feed (any process may). */
  compactEveryChanges: 5_000,
  /** Changes kept by compaction: a process this far behind reloads instead. */
  retainChanges: 100_000,
  /** Longest a write's answer waits for the read model to reach it. */
  settleTimeoutMs: 10_000,
});

export interface ReadModelOptions extends Partial<ReadModelSettings> {
  /** Today's date (the activity window's end); injectable for tests. */
  today: () => IsoDate;
  /** Background failures (a poll that could not reach the store): logged by the caller. */
  onError?: (error: unknown, context: string) => void;
}

export interface ReadModelAdvance {
  previous: ReadView | null;
  view: ReadView;
  /** Patches for the influence projection; meaningless when `reset`. */
  patches: readonly GraphPatch[];
  touchedAccounts: ReadonlySet<string>;
  apiKeysChanged: boolean;
  /** The whole state was (re)loaded: derive everything from `view` afresh. */
  reset: boolean;
}

export interface ReadModelStats {
  seq: number;
  /** Accounts in the newest view (what heavy queries are priced by). */
  accounts: number;
  /** Whole-state loads after the first (bulk imports, falling behind compaction). */
  reloads: number;
  polls: number;
  appliedChanges: number;
}

interface Waiter {
  seq: number;
  resolve(): void;
  reject(error: unknown): void;
}

export class ReadModel {
  private readonly settings: ReadModelSettings;
  private view: ReadView | null = null;
  private loading: Promise<ReadView> | null = null;
  private polling: Promise<void> | null = null;
  /** A poll asked for while one was in flight: run once more after it. */
  private pollAgain = false;
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<(advance: ReadModelAdvance) => void>();
  private timer: NodeJS.Timeout | null = null;
  private sinceCompaction = 0;
  private closed = false;
  private readonly counters = { reloads: 0, polls: 0, appliedChanges: 0 };

  constructor(
    private readonly store: AccountGraphStore,
    private readonly options: ReadModelOptions,
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.settings = { ...READ_MODEL_DEFAULTS, ...given } as ReadModelSettings;
  }

  /** Loads the state and starts polling for other writers. */
  async start(): Promise<ReadView> {
    const view = await this.load();
    if (!this.timer && !this.closed && this.settings.pollIntervalMs > 0) {
      this.timer = setInterval(() => this.requestPoll(), this.settings.pollIntervalMs);
      this.timer.unref();
    }
    return view;
  }

  /** The newest view. Throws before the first load finished (use `ready()` then). */
  get current(): ReadView {
    if (!this.view) throw new StoreUnavailableError("the read model is still loading; retry shortly");
    return this.view;
  }

  /** The newest view, waiting for the first load if needed. */
  async ready(): Promise<ReadView> {
    return this.view ?? this.load();
  }

  get stats(): ReadModelStats {
    return { seq: this.view?.seq ?? 0, accounts: this.view?.accounts.size ?? 0, ...this.counters };
  }

  onAdvance(listener: (advance: ReadModelAdvance) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Makes this process's own write visible before its answer is built: applies its change at
   * once when it is the next in sequence, else reads the feed up to it.
   */
  async settle(committed: Committed<unknown>): Promise<void> {
    const change = committed.change;
    if (!change) return;
    const view = await this.ready();
    if (change.seq <= view.seq) return;
    if (change.seq === view.seq + 1 && !this.loading) this.advance([change]);
    // Not applied yet: others' changes came first, or it was a RESET and the reload is running.
    if (this.current.seq < change.seq) await this.reach(change.seq);
  }

  /** Resolves once the view has reached `seq` (reading the feed now, not at the next tick). */
  reach(seq: number): Promise<void> {
    if (this.view && this.view.seq >= seq) return Promise.resolve();
    const reached = new Promise<void>((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
    this.requestPoll();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`the read model did not reach change ${seq} within ${this.settings.settleTimeoutMs} ms`)),
        this.settings.settleTimeoutMs,
      );
    });
    return Promise.race([reached, timeout]).finally(() => clearTimeout(timer));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new StoreUnavailableError("the read model is closed"));
  }

  // ---------- internals ----------

  private load(): Promise<ReadView> {
    this.loading ??= (async () => {
      try {
        const activitySince = addDays(this.options.today(), -this.settings.activityDays);
        const state = await this.store.readState({ activitySince });
        const previous = this.view;
        const view = viewOfState(state, activitySince);
        if (previous) this.counters.reloads++;
        this.view = view;
        this.emit({ previous, view, patches: [], touchedAccounts: new Set(), apiKeysChanged: true, reset: true });
        this.settleWaiters();
        return view;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private requestPoll(): void {
    if (this.closed || !this.view) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.pollLoop().finally(() => {
      this.polling = null;
    });
  }

  private async pollLoop(): Promise<void> {
    do {
      this.pollAgain = false;
      try {
        await this.pollOnce();
      } catch (error) {
        this.options.onError?.(error, "reading the change feed");
        for (const waiter of this.waiters.splice(0)) waiter.reject(error);
      }
    } while (this.pollAgain && !this.closed);
  }

  /** Reads and applies the feed until it is drained (or a reload takes over). */
  private async pollOnce(): Promise<void> {
    for (;;) {
      const from = (await this.ready()).seq;
      this.counters.polls++;
      const page = await this.store.changesSince(from, this.settings.pageSize);
      if (page.compacted) {
        await this.reload();
        return;
      }
      const run = contiguousRun(page.changes, this.current.seq);
      if (run.length > 0) this.advance(run);
      if (this.loading) return; // the run held a RESET: the reload answers the waiters
      if (page.changes.length < this.settings.pageSize || run.length === 0) return;
    }
  }

  private reload(): Promise<ReadView> {
    return this.load();
  }

  private advance(changes: readonly Change[]): void {
    const previous = this.current;
    const applied = applyChanges(previous, changes);
    this.view = applied.view;
    this.counters.appliedChanges += applied.view.seq - previous.seq;
    this.emit({ previous, ...applied, reset: false });
    if (applied.reset) void this.reload().catch((error: unknown) => this.options.onError?.(error, "reloading after a bulk import"));
    this.settleWaiters();
    this.sinceCompaction += applied.view.seq - previous.seq;
    if (this.sinceCompaction >= this.settings.compactEveryChanges) {
      this.sinceCompaction = 0;
      this.store.compactFeed(this.settings.retainChanges).catch((error: unknown) => this.options.onError?.(error, "compacting the change feed"));
    }
  }

  private settleWaiters(): void {
    const seq = this.view?.seq ?? 0;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.seq <= seq) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private emit(advance: ReadModelAdvance): void {
    for (const listener of this.listeners) listener(advance);
  }
}

/** The changes that continue `seq` without a gap (a gap is a commit not yet visible: read it next time). */
export function contiguousRun(changes: readonly Change[], seq: number): Change[] {
  const run: Change[] = [];
  let next = seq + 1;
  for (const change of changes) {
    if (change.seq < next) continue;
    if (change.seq !== next) break;
    run.push(change);
    next++;
  }
  return run;
}
