/**
 * `planBacktest`: how well the plan's response fit predicted the quarters it did not see
 * (services/plan-service.ts). Thin, like the other strategy queries; any authenticated
 * role may read it, and it is nullable so an expected analytics failure nulls only it.
 */
import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { PLAN_BACKTEST_DEFAULTS, type BacktestResult } from "../../services/strategy-service.js";
import type { RequestContext } from "../context.js";
import { strategySessionOf } from "../strategy-session.js";
import { PlanBacktestType } from "../types/plan.type.js";

@Resolver()
export class PlanQueryResolver {
  @Query(() => PlanBacktestType, {
    nullable: true,
    description:
      "Backtest of planTime's response curves: fitted on all but the manager's last `holdoutPeriods` complete quarters, predicting " +
      "those quarters' revenue from the minutes actually spent; beside the naive forecast next = last (docs/scoring.md, section 8).",
  })
  planBacktest(
    @Ctx() ctx: RequestContext,
    @Arg("managerId", () => ID, { description: "The manager whose book is backtested." }) managerId: string,
    @Arg("holdoutPeriods", () => Int, {
      nullable: true,
      defaultValue: PLAN_BACKTEST_DEFAULTS.holdoutPeriods,
      description: `Quarters held out (1..${PLAN_BACKTEST_DEFAULTS.maxHoldoutPeriods}).`,
    })
    holdoutPeriods = PLAN_BACKTEST_DEFAULTS.holdoutPeriods,
  ): Promise<BacktestResult> {
    return ctx.services.strategy.planBacktest({ managerId, holdoutPeriods }, strategySessionOf(ctx));
  }
}
