/**
 * The weekly time plan and its backtest, learned from a manager's whole history, computed
 * in the work pool (work-pool/work-tasks.ts: fitBook, planBook, planBacktest), never on the
 * request thread: a fit takes about a millisecond of CPU per account of the book (0.6 s for
 * 500 accounts), the plan's posterior draws and allocation a fifth of that.
 *
 * Per request, on the request thread, only:
 * - the book: the manager's accounts (in the strategy population, which the caller makes sure
 *   holds the book as written: StrategySession.holdingBook) and every engagement and
 *   purchase on them read from the store (the read model keeps two years; the fit reads the
 *   whole history), chunked, reduced to the fields the fit reads (strategy/book-plan.ts
 *   BookRecords). Remembered per population and read-model activity sequence: a write of
 *   activity anywhere, or a newer population, reads the book again (read-your-writes).
 * - its fingerprint: a hash of exactly the records the worker receives, so an edited
 *   engagement or purchase (minutes, date, amount, discount…), an account that changed hands
 *   or fields, or a new asOf gives a new fingerprint and a new fit; unrelated writes do not.
 * Memoised, with concurrent identical runs shared and failed runs forgotten (so an
 * ANALYTICS_BUSY answer is retried, not remembered):
 * - the fit per fingerprint (hours, horizon and weights only re-allocate);
 * - the plan per population, fingerprint, hours, horizon and ranking parameters (the tiers
 *   and the word-of-mouth spill-over come from the population);
 * - the backtest per fingerprint and held-out quarters.
 */
import { createHash } from "node:crypto";
import type { AccountManager } from "../domain/model.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { spilloverPerWeekOf, type BookFit, type BookRecords, type PlannedBook } from "../strategy/book-plan.js";
import { compareText } from "../strategy/percentile.js";
import type { PlanBacktest } from "../strategy/plan-backtest.js";
import type { BookResponseFit } from "../strategy/response-fit.js";
import { BoundedMemo } from "./read-model/bounded-memo.js";
import { type RankingParameters, type StrategyPopulation } from "./strategy-population.js";
import type { WorkPool } from "./work-pool/work-pool.js";

export const PLAN_SERVICE_DEFAULTS = Object.freeze({
  /** Account ids per store read. */
  chunkSize: 5_000,
  /** Fits remembered (per history fingerprint). */
  fits: 16,
  /** Backtests remembered (per fingerprint and held-out quarters). */
  backtests: 16,
});

/** The store reads a book's history takes: raw activity lists stay the store's job. */
export type ActivityHistoryStore = Pick<AccountGraphStore, "engagementsOfAccounts" | "purchasesOfAccounts">;

export interface PlanRequest {
  manager: AccountManager;
  population: StrategyPopulation;
  parameters: RankingParameters;
  hours: number;
  horizonWeeks: number;
}

/** A plan with the fit it was made from. */
export interface FittedPlan extends PlannedBook {
  fit: BookResponseFit;
}

interface Book {
  records: BookRecords;
  fingerprint: string;
}

export class PlanService {
  private readonly fits = new BoundedMemo<Promise<BookFit>>(PLAN_SERVICE_DEFAULTS.fits);
  private readonly backtests = new BoundedMemo<Promise<Omit<PlanBacktest, "fit">>>(PLAN_SERVICE_DEFAULTS.backtests);

  constructor(
    private readonly store: ActivityHistoryStore,
    private readonly pool: WorkPool,
    /** The read model's newest activity sequence: a book read is reused until it moves. */
    private readonly activitySeq: () => number,
  ) {}

  async plan(request: PlanRequest): Promise<FittedPlan> {
    const { manager, population, parameters } = request;
    const book = await this.book(manager, population);
    const fitted = await this.fits.getAsync(book.fingerprint, () => this.pool.run("fitBook", book.records));
    const planned = await population.memoAsync(
      JSON.stringify(["plan", manager.id, book.fingerprint, request.hours, request.horizonWeeks, parameters.key]),
      async () => {
        const { scores } = await population.ranking(parameters);
        const facts = book.records.accounts.map((a) => population.factsOf(a.id));
        const { network, networkIndex } = population.data;
        return this.pool.run("planBook", {
          book: book.records,
          fitted,
          request: {
            hoursPerWeek: request.hours,
            horizonWeeks: request.horizonWeeks,
            tiers: facts.map((f) => [f.account.id, scores.get(f.account.id)!.tier.tier] as const),
            spilloverPerWeek: spilloverPerWeekOf(facts, network, networkIndex),
          },
        });
      },
    );
    return { ...planned, fit: fitted.fit };
  }

  async backtest(manager: AccountManager, population: StrategyPopulation, holdoutPeriods: number): Promise<Omit<PlanBacktest, "fit">> {
    const book = await this.book(manager, population);
    return this.backtests.getAsync(JSON.stringify([book.fingerprint, holdoutPeriods]), () =>
      this.pool.run("planBacktest", { book: book.records, holdoutPeriods }),
    );
  }

  /** The manager's accounts with their whole history, and its fingerprint (see the file header). */
  private book(manager: AccountManager, population: StrategyPopulation): Promise<Book> {
    return population.memoAsync(JSON.stringify(["plan-book", manager.id, this.activitySeq()]), async () => {
      // By id: the same book gives the same records (and fingerprint) whatever order the population holds it in.
      const accounts = population.measured.facts
        .filter((f) => f.account.ownerId === manager.id)
        .map((f) => f.account)
        .sort((a, b) => compareText(a.id, b.id));
      const ids = accounts.map((a) => a.id);
      const engagements: BookRecords["engagements"][number][] = [];
      const purchases: BookRecords["purchases"][number][] = [];
      for (let i = 0; i < ids.length; i += PLAN_SERVICE_DEFAULTS.chunkSize) {
        const part = ids.slice(i, i + PLAN_SERVICE_DEFAULTS.chunkSize);
        const [e, p] = await Promise.all([this.store.engagementsOfAccounts(part), this.store.purchasesOfAccounts(part)]);
        // Only what the history reads (no notes): less to copy to the worker and to hash.
        for (const row of e) engagements.push({ accountId: row.accountId, managerId: row.managerId, minutes: row.minutes, date: row.date });
        for (const row of p) purchases.push(row);
      }
      const records: BookRecords = { managerId: manager.id, asOf: population.asOf, accounts, engagements, purchases };
      return { records, fingerprint: bookFingerprint(records) };
    });
  }
}

/**
 * A hash of exactly what the worker receives: every field of every record the fit, the plan
 * and the backtest can read, so any edit of one of them changes it. Accounts are in id order
 * and both stores return activity by (date, id), so the same book always hashes the same.
 */
export function bookFingerprint(records: BookRecords): string {
  return createHash("sha256").update(JSON.stringify(records)).digest("base64url");
}
