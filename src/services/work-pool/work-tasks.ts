/**
 * The heavy strategy computations the work pool runs off the request thread, by name: what a
 * task takes and what it answers. Pure functions of their input (the strategy layer), so a
 * worker needs nothing but the message.
 */
import { recommendAdvocates, type AdvocateObjective, type AdvocateQuery, type AdvocateRecommendation } from "../../strategy/advocates.js";
import { fitBookRecords, planBookRecords, type BookFit, type BookPlanRequest, type BookRecords, type PlannedBook } from "../../strategy/book-plan.js";
import { fitCascadeEvidence, type CascadeEvidence } from "../../strategy/cascade-evidence.js";
import { spreadOverInterval, type ActivationFit, type CascadeEdges } from "../../strategy/cascade-fit.js";
import { backtestBookRecords, type PlanBacktest } from "../../strategy/plan-backtest.js";
import type { InfluenceNetwork } from "../../strategy/inputs.js";
import { simulateLoss, type LossQuery, type LossSimulation } from "../../strategy/loss-simulation.js";
import { blendColumns, type BlendedColumns } from "../../strategy/ranking.js";
import type { StrategicDimension, StrategicWeights } from "../../strategy/strategic-score.js";

export interface WorkTasks {
  /** Influence maximisation (Monte Carlo CELF / RIS) over the cascade network. */
  advocates: { input: { network: InfluenceNetwork; options: Omit<AdvocateQuery, "networkIndex"> }; output: AdvocateRecommendation };
  /** Churn contagion Monte Carlo from one lost account. */
  loss: { input: { network: InfluenceNetwork; query: Omit<LossQuery, "networkIndex"> }; output: LossSimulation };
  /** A ranking's blend and sort (strategy/ranking.ts); the columns are shared memory, not copied. */
  blend: {
    input: { percentiles: Record<StrategicDimension, Float64Array>; weights: StrategicWeights; idRank: Int32Array | null };
    output: BlendedColumns;
  };
  /** A book's pooled response fit from its whole history (strategy/book-plan.ts): ~1 ms per account. */
  fitBook: { input: BookRecords; output: BookFit };
  /** A fitted book's weekly plan: posterior draws and the allocation (strategy/book-plan.ts). */
  planBook: { input: { book: BookRecords; fitted: BookFit; request: BookPlanRequest }; output: PlannedBook };
  /** Fit on all but the last quarters, score the held-out ones (strategy/plan-backtest.ts). */
  planBacktest: { input: { book: BookRecords; holdoutPeriods: number }; output: Omit<PlanBacktest, "fit"> };
  /** The cascade's activation scale from the ties and referrals, and the network's probabilities at it (strategy/cascade-fit.ts). */
  activationFit: { input: { evidence: CascadeEvidence; network: CascadeEdges }; output: { fit: ActivationFit; probabilities: Float64Array } };
  /** The chosen advocates' spread at the two ends of the scale's interval (fresh Monte Carlo). */
  spreadRange: {
    input: {
      network: InfluenceNetwork;
      advocates: number[];
      objective: AdvocateObjective;
      interval: { low: number; high: number };
      atScale: number;
      simulations: number;
      seed: number;
    };
    output: { low: number; high: number };
  };
}

export type WorkTaskName = keyof WorkTasks;

export function runWorkTask<K extends WorkTaskName>(task: K, input: WorkTasks[K]["input"]): WorkTasks[K]["output"] {
  switch (task) {
    case "advocates": {
      const { network, options } = input as WorkTasks["advocates"]["input"];
      return recommendAdvocates(network, options) as WorkTasks[K]["output"];
    }
    case "loss": {
      const { network, query } = input as WorkTasks["loss"]["input"];
      return simulateLoss(network, query) as WorkTasks[K]["output"];
    }
    case "blend": {
      const { percentiles, weights, idRank } = input as WorkTasks["blend"]["input"];
      return blendColumns(percentiles, weights, idRank) as WorkTasks[K]["output"];
    }
    case "fitBook":
      return fitBookRecords(input as WorkTasks["fitBook"]["input"]) as WorkTasks[K]["output"];
    case "planBook": {
      const { book, fitted, request } = input as WorkTasks["planBook"]["input"];
      return planBookRecords(book, fitted, request) as WorkTasks[K]["output"];
    }
    case "planBacktest": {
      const { book, holdoutPeriods } = input as WorkTasks["planBacktest"]["input"];
      return backtestBookRecords(book, holdoutPeriods) as WorkTasks[K]["output"];
    }
    case "activationFit": {
      const { evidence, network } = input as WorkTasks["activationFit"]["input"];
      return fitCascadeEvidence(evidence, network) as WorkTasks[K]["output"];
    }
    case "spreadRange": {
      const { network, advocates, objective, interval, atScale, simulations, seed } = input as WorkTasks["spreadRange"]["input"];
      return spreadOverInterval(network, advocates, objective, interval, atScale, simulations, seed) as WorkTasks[K]["output"];
    }
  }
  throw new Error(`services/work-pool: unknown task ${String(task)}`);
}
