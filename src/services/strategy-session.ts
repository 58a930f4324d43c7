/**
 * Per-request access to the strategy population: the first strategy field of a request
 * checks the cache key and (re)builds if needed; every later field of the same request
 * (a page of Account.strategy, say) reuses that answer. It shares the request's
 * InfluenceSession, so strategy and influence fields read the same metric snapshot.
 * Create one per request; it must not outlive it.
 */
import type { InfluenceSession } from "./influence-session.js";
import type { StrategyPopulation, StrategyPopulationCache } from "./strategy-population.js";

export class StrategySession {
  private population: Promise<StrategyPopulation> | null = null;

  constructor(
    private readonly cache: StrategyPopulationCache,
    readonly influence: InfluenceSession,
  ) {}

  current(): Promise<StrategyPopulation> {
    this.population ??= this.cache.get(this.influence);
    return this.population;
  }
}
