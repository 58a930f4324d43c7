/**
 * The advocates' cascade at a scale fitted from the stored history
 * (strategy/cascade-fit.ts): reads the dated INFLUENCES ties of every account once per
 * strategy population (the referrals and accounts are in the population already), fits
 * the activation scale with its held-out backtest, and re-scales the population's
 * cascade network (built at the default 0.1 x strength) to the fitted scale, per
 * influence kind where the kinds differ.
 * Cost: one chunked store read of the INFLUENCES links and O(ties + links) per
 * population; memoised with it.
 */
import type { InfluenceKind, Link } from "../domain/model.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { fitActivationScale, rescaleNetwork, type AccountRecord, type ActivationFit } from "../strategy/cascade-fit.js";
import type { InfluenceNetwork } from "../strategy/inputs.js";
import type { StrategyPopulation } from "./strategy-population.js";

export const ACTIVATION_SERVICE_DEFAULTS = {
  /** Account ids per store read. */
  chunkSize: 5_000,
};

export interface CalibratedCascade {
  fit: ActivationFit;
  /** The population's network at the scale the fit chose. */
  network: InfluenceNetwork;
}

export class ActivationService {
  /** One fit per population; forgotten with it. */
  private readonly fits = new WeakMap<StrategyPopulation, Promise<CalibratedCascade>>();

  constructor(private readonly store: AccountGraphStore) {}

  calibrated(population: StrategyPopulation): Promise<CalibratedCascade> {
    let result = this.fits.get(population);
    if (!result) {
      result = this.fit(population);
      this.fits.set(population, result);
      // A failed read is retried by the next request, not remembered.
      result.catch(() => this.fits.delete(population));
    }
    return result;
  }

  private async fit(population: StrategyPopulation): Promise<CalibratedCascade> {
    const facts = population.data.population.facts;
    const ids = facts.map((f) => f.account.id);
    const ties: Link[] = [];
    for (let i = 0; i < ids.length; i += ACTIVATION_SERVICE_DEFAULTS.chunkSize) {
      const part = ids.slice(i, i + ACTIVATION_SERVICE_DEFAULTS.chunkSize);
      for (const link of await this.store.linksOfAccounts({ accountIds: part, direction: "OUT", types: ["INFLUENCES"] })) ties.push(link);
    }
    const accounts = new Map<string, AccountRecord>(facts.map((f) => [f.account.id, { status: f.account.status, customerSince: f.account.customerSince }]));
    const fit = fitActivationScale({
      ties: ties.map((l) => ({ fromId: l.fromId, toId: l.toId, kind: l.kind, strength: l.strength, since: l.date })),
      referrals: population.data.referralLinks.map((l) => ({ fromId: l.fromId, toId: l.toId, date: l.date })),
      accounts,
    });
    const network = population.data.network;
    if (fit.scale === fit.defaultScale && fit.kindScales.size === 0) return { fit, network };
    const kindOf = new Map<string, InfluenceKind>();
    for (const l of ties) if (l.kind) kindOf.set(`${l.fromId}\u0000${l.toId}`, l.kind);
    const factors = new Float64Array(network.targets.length);
    for (let u = 0; u < network.ids.length; u++) {
      for (let e = network.offsets[u]!; e < network.offsets[u + 1]!; e++) {
        const kind = kindOf.get(`${network.ids[u]}\u0000${network.ids[network.targets[e]!]}`);
        factors[e] = (kind !== undefined ? (fit.kindScales.get(kind) ?? fit.scale) : fit.scale) / fit.defaultScale;
      }
    }
    return { fit, network: rescaleNetwork(network, (e) => factors[e]!) };
  }
}
