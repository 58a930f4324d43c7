/**
 * Per-request access to the strategy population: the first strategy field of a request
 * takes the newest published population; every later field of the same request (a page of
 * Account.strategy, say) reuses it. The one exception is read-your-writes: a field naming
 * an account (or a manager's book) written after that publication moves the request onto
 * the newer population that holds it (holding, holdingBook); fields that already answered
 * keep theirs, so only an answer that mixes such a field with others can span two.
 * Create one per request; it must not outlive it.
 */
import type { InfluenceSession } from "./influence-session.js";
import type { StrategyKeeper } from "./strategy-keeper.js";
import type { StrategyPopulation } from "./strategy-population.js";

export class StrategySession {
  private population: Promise<StrategyPopulation> | null = null;

  constructor(
    private readonly keeper: StrategyKeeper,
    readonly influence: InfluenceSession,
  ) {}

  current(): Promise<StrategyPopulation> {
    this.population ??= this.keeper.current();
    return this.population;
  }

  /**
   * The request's population, or a newer one when one of the accounts was written after it
   * was published (StrategyKeeper.withAccounts); the request keeps using the newer one.
   */
  holding(accountIds: readonly string[]): Promise<StrategyPopulation> {
    return this.adopt((population) => this.keeper.withAccounts(accountIds, population));
  }

  /**
   * The request's population, or a newer one when the manager's book (the accounts they own)
   * changed after it was published (StrategyKeeper.withBook); the request keeps using it.
   */
  holdingBook(managerId: string): Promise<StrategyPopulation> {
    return this.adopt((population) => this.keeper.withBook(managerId, population));
  }

  private async adopt(newerOf: (population: StrategyPopulation) => Promise<StrategyPopulation>): Promise<StrategyPopulation> {
    const population = await this.current();
    const newer = await newerOf(population);
    if (newer !== population) this.population = Promise.resolve(newer);
    return newer;
  }

  /** A population still kept by id (a cursor's), or null. */
  byId(id: number): StrategyPopulation | null {
    return this.keeper.byId(id);
  }
}
