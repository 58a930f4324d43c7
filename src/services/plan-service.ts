/**
 * The weekly time plan and its backtest, learned from a manager's whole history.
 *
 * Reads, per request, every engagement and purchase of the manager's accounts from the
 * store (no window: a book is a few hundred accounts, so two round trips, chunked for
 * bigger ones), turns them into quarterly history (strategy/history-periods.ts) and runs
 * the pure pipeline (strategy/book-plan.ts, strategy/plan-backtest.ts). The accounts, their
 * tiers and the influence network (spill-over) come from the strategy population.
 * Reading the history here rather than from the population keeps the plan exact the
 * moment activity is recorded, and keeps the population's two-year window out of it.
 *
 * The fit depends only on the history and asOf, so it is memoised per (manager, asOf,
 * history fingerprint) in a small LRU; hours, horizon and weights only re-allocate.
 * Cost: two store reads of O(activity of the book) + the fit (tens of milliseconds for
 * 120 accounts x 6 quarters; bench/plan-bench.ts) on a miss.
 */
import { createHash } from "node:crypto";
import type { AccountManager, Engagement, Purchase } from "../domain/model.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { buildActivityHistory, type ActivityHistory } from "../strategy/history-periods.js";
import { fitBook, planBook, type BookFit, type BookPlan } from "../strategy/book-plan.js";
import { backtestPlan, type PlanBacktest } from "../strategy/plan-backtest.js";
import type { AccountFacts } from "../strategy/inputs.js";
import type { Tier } from "../strategy/tiers.js";
import type { RankingParameters, StrategyPopulation } from "./strategy-population.js";

export const PLAN_SERVICE_DEFAULTS = {
  /** Account ids per store read. */
  chunkSize: 5_000,
  /** Fits remembered (per manager and history). */
  memoEntries: 16,
};

export interface PlanRequest {
  manager: AccountManager;
  population: StrategyPopulation;
  parameters: RankingParameters;
  hours: number;
  horizonWeeks: number;
}

interface Book {
  accounts: AccountFacts[];
  history: ActivityHistory;
  fingerprint: string;
}

export class PlanService {
  private readonly fits = new Map<string, BookFit>();

  constructor(private readonly store: AccountGraphStore) {}

  async plan(request: PlanRequest): Promise<BookPlan> {
    const { manager, population } = request;
    const book = await this.book(manager, population);
    const { byId } = population.ranking(request.parameters);
    const tiers = new Map<string, Tier>();
    for (const f of book.accounts) tiers.set(f.account.id, byId.get(f.account.id)!.tier.tier);
    return planBook(
      {
      managerId: manager.id,
      asOf: population.asOf,
      hoursPerWeek: request.hours,
      horizonWeeks: request.horizonWeeks,
      accounts: book.accounts,
      history: book.history,
      tiers,
      network: population.data.network,
      networkIndex: population.data.networkIndex,
      },
      this.fitOf(book),
    );
  }

  /** The book's fit, remembered per history (least recently used forgotten first). */
  private fitOf(book: Book): BookFit {
    const cached = this.fits.get(book.fingerprint);
    if (cached) {
      this.fits.delete(book.fingerprint);
      this.fits.set(book.fingerprint, cached);
      return cached;
    }
    const fitted = fitBook(book.accounts, book.history, book.history.asOf);
    this.fits.set(book.fingerprint, fitted);
    if (this.fits.size > PLAN_SERVICE_DEFAULTS.memoEntries) this.fits.delete(this.fits.keys().next().value!);
    return fitted;
  }

  async backtest(manager: AccountManager, population: StrategyPopulation, holdoutPeriods: number): Promise<PlanBacktest> {
    const book = await this.book(manager, population);
    return backtestPlan({ managerId: manager.id, asOf: population.asOf, accounts: book.accounts, history: book.history, holdoutPeriods });
  }

  /** The manager's accounts and their whole quarterly history. */
  private async book(manager: AccountManager, population: StrategyPopulation): Promise<Book> {
    const accounts = population.data.population.facts.filter((f) => f.account.ownerId === manager.id);
    const ids = accounts.map((f) => f.account.id);
    const engagements: Engagement[] = [];
    const purchases: Purchase[] = [];
    for (let i = 0; i < ids.length; i += PLAN_SERVICE_DEFAULTS.chunkSize) {
      const part = ids.slice(i, i + PLAN_SERVICE_DEFAULTS.chunkSize);
      const [e, p] = await Promise.all([this.store.engagementsOfAccounts(part), this.store.purchasesOfAccounts(part)]);
      for (const row of e) engagements.push(row);
      for (const row of p) purchases.push(row);
    }
    const history = buildActivityHistory({
      asOf: population.asOf,
      managerId: manager.id,
      accounts: accounts.map((f) => ({ id: f.account.id, customerSince: f.account.customerSince })),
      engagements,
      purchases,
    });
    return { accounts, history, fingerprint: fingerprintOf(manager.id, population.asOf, accounts, engagements, purchases) };
  }
}

/** Changes whenever anything the plan reads changes (activity is only ever added or deleted with its account). */
function fingerprintOf(managerId: string, asOf: string, accounts: readonly AccountFacts[], engagements: readonly Engagement[], purchases: readonly Purchase[]): string {
  const hash = createHash("sha256").update(`${managerId}|${asOf}`);
  for (const f of accounts) hash.update(`|${f.account.id}:${f.account.updatedAt}`);
  for (const e of engagements) hash.update(`|${e.id}`);
  for (const p of purchases) hash.update(`|${p.id}:${p.amount}`);
  return hash.digest("base64url");
}
