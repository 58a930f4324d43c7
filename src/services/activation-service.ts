/**
 * The advocates' cascade at the activation scale fitted from the stored history
 * (strategy/cascade-fit.ts): the dated INFLUENCES ties, the referrals that followed them and
 * each account's status and customer date, all read from the population's read-model view
 * (read-model/read-view.ts: every link by id), fitted with its held-out backtest, and the
 * population's cascade network (built at the default 0.1 x strength) re-scaled to the fitted
 * scale, per influence kind where the kinds differ.
 *
 * - Memoised per influence snapshot (the network's edges) and per graph and accounts version
 *   of the view plus asOf (the evidence), not per population: populations are republished up
 *   to every 100 ms under writes, and the usual writes (engagements, purchases) change none
 *   of these, so a new population reuses the fit. Concurrent requests share a run; a failed
 *   one (ANALYTICS_BUSY) is forgotten.
 * - Off the event loop: on 20,000 accounts (~90,000 ties) the fit took 1.6–5 s of CPU and
 *   the re-scaling 0.1–0.3 s (a shared, loaded machine), so both run in the work pool. On the
 *   request thread only the evidence is gathered, once per memo key, into typed columns
 *   (strategy/cascade-evidence.ts: copying ~90,000 tie objects to a worker took ~250 ms of
 *   this thread) in slices of at most `sliceMs`, yielding to other requests between them.
 */
import type { InfluenceSnapshot } from "../analytics/engine/index.js";
import { CascadeEvidenceBuilder, type CascadeEvidence } from "../strategy/cascade-evidence.js";
import type { ActivationFit } from "../strategy/cascade-fit.js";
import type { InfluenceNetwork } from "../strategy/inputs.js";
import type { ReadView } from "./read-model/read-view.js";
import { BoundedMemo } from "./read-model/bounded-memo.js";
import { type StrategyPopulation } from "./strategy-population.js";
import type { WorkPool } from "./work-pool/work-pool.js";

export const ACTIVATION_SERVICE_DEFAULTS = Object.freeze({
  /** Fits remembered per snapshot (a few views: the newest ones are asked for). */
  fitsPerSnapshot: 4,
  /** Longest the evidence gathering holds the event loop before yielding. */
  sliceMs: 4,
});

export interface CalibratedCascade {
  fit: ActivationFit;
  /** Names the fit and its network: part of the memo key of anything computed on them. */
  key: string;
  /** The population's network at the scale the fit chose. */
  network: InfluenceNetwork;
}

type Fitted = { fit: ActivationFit; probabilities: Float64Array };

export class ActivationService {
  private readonly fits = new WeakMap<InfluenceSnapshot, BoundedMemo<Promise<Fitted>>>();

  constructor(private readonly pool: WorkPool) {}

  async calibrated(population: StrategyPopulation): Promise<CalibratedCascade> {
    const view = population.view;
    const snapshot = population.snapshot;
    let memo = this.fits.get(snapshot);
    if (!memo) this.fits.set(snapshot, (memo = new BoundedMemo(ACTIVATION_SERVICE_DEFAULTS.fitsPerSnapshot)));
    const key = JSON.stringify([snapshot.version, snapshot.computedAt, view.graphSeq, view.accountsSeq, population.asOf]);
    const { network, networkIndex } = population.data;
    const { fit, probabilities } = await memo.getAsync(key, async () => {
      const evidence = await gatherEvidence(view, network, networkIndex);
      const { ids, offsets, targets } = network;
      return this.pool.run("activationFit", { evidence, network: { ids, offsets, targets, probabilities: network.probabilities } });
    });
    return { key, fit, network: { ...network, probabilities } };
  }
}

/**
 * The fit's evidence from one view over the network's nodes: every node's account, every
 * INFLUENCES tie and REFERRED link. The view is immutable, so it is read across the pauses.
 * Cost: O(nodes + links), in slices.
 */
export async function gatherEvidence(view: ReadView, network: InfluenceNetwork, networkIndex: ReadonlyMap<string, number>): Promise<CascadeEvidence> {
  const builder = new CascadeEvidenceBuilder(network.ids.length);
  let sliceEnd = performance.now() + ACTIVATION_SERVICE_DEFAULTS.sliceMs;
  let steps = 0;
  // Checked synchronously (an await per record would cost more than the record).
  const due = () => (++steps & 1023) === 0 && performance.now() >= sliceEnd;
  const breathe = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    sliceEnd = performance.now() + ACTIVATION_SERVICE_DEFAULTS.sliceMs;
  };
  for (let node = 0; node < network.ids.length; node++) {
    const account = view.accounts.get(network.ids[node]!);
    if (account) builder.account(node, { status: account.status, customerSince: account.customerSince });
    if (due()) await breathe();
  }
  for (const link of view.links.values()) {
    const from = networkIndex.get(link.fromId);
    const to = networkIndex.get(link.toId);
    if (from !== undefined && to !== undefined) {
      if (link.type === "INFLUENCES") builder.tie(from, to, link.strength, link.kind, link.date);
      else if (link.type === "REFERRED") builder.referral(from, to, link.date);
    }
    if (due()) await breathe();
  }
  return builder.build();
}
