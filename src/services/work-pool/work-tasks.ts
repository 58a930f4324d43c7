/**
 * The heavy strategy computations the work pool runs off the request thread, by name: what a
 * task takes and what it answers. Pure functions of their input (the strategy layer), so a
 * worker needs nothing but the message.
 */
import { recommendAdvocates, type AdvocateQuery, type AdvocateRecommendation } from "../../strategy/advocates.js";
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
  }
  throw new Error(`services/work-pool: unknown task ${String(task)}`);
}
