/**
 * What the plan learned from history, as GraphQL objects: the book's response model and
 * the plan's intervals (TimePlan), the backtest of the fit (planBacktest), and the
 * cascade's activation scale behind the advocates (docs/scoring.md, sections 8 and 9).
 * Money is `Money` (the services return cents); errors and shares are fractions.
 */
import { Field, Float, Int, ObjectType } from "type-graphql";
import type { ActivationSource, InfluenceKind, ResponseFamily } from "../../services/strategy-service.js";
import { InfluenceKindEnum, SegmentEnum } from "../graphql-enums.js";
import { DateScalar } from "../date-scalars.js";
import { MoneyScalar } from "../money-scalar.js";
import { ActivationSourceEnum, ResponseFamilyEnum } from "../strategy-enums.js";
import { AccountType } from "./account.type.js";
import { AccountManagerType } from "./manager.type.js";
import { ScoreComponentType } from "./strategy.type.js";

@ObjectType("MoneyInterval", { description: "A central interval of an expected amount (its level in the parent's `intervalLevel`)." })
export class MoneyIntervalType {
  @Field(() => MoneyScalar, { description: "Low end of the interval." }) low!: number;
  @Field(() => MoneyScalar, { description: "High end of the interval." }) high!: number;
}

@ObjectType("SegmentResponse", { description: "A segment's pooled responsive share: the share of revenue that depends on attention." })
export class SegmentResponseType {
  @Field(() => SegmentEnum, { description: "The segment." }) segment!: string;
  @Field(() => Float, { description: "Pooled share of its revenue that depends on attention (0..1)." }) responsiveShare!: number;
  @Field(() => Int, { description: "Accounts of the book in the segment." }) accounts!: number;
  @Field(() => Int, { description: "Accounts with enough history of their own to enter the fit." }) fittedAccounts!: number;
}

@ObjectType("ResponseAlternative", { description: "A candidate model the history was compared on; the lowest score won." })
export class ResponseAlternativeType {
  @Field(() => ResponseFamilyEnum, { description: "Curve family of the candidate." }) family!: ResponseFamily;
  @Field(() => Boolean, { description: "Accounts may keep revenue without attention (pooled shares) rather than none." }) baseline!: boolean;
  @Field(() => Float, { description: "Its fitted half-saturation (minutes per week)." }) halfSaturationMinutes!: number;
  @Field(() => Float, { description: "Its fitted ADBUDG exponent (1 for EXPONENTIAL)." }) steepness!: number;
  @Field(() => Float, { description: "Akaike-style score: fit to the history penalised by the parameters spent (lower is better)." })
  score!: number;
}

@ObjectType("ResponseModel", { description: "The book's response curves as fitted from its quarterly history (docs/scoring.md, section 8)." })
export class ResponseModelType {
  @Field(() => ResponseFamilyEnum, { description: "Curve family that won on the history." }) family!: ResponseFamily;
  @Field(() => Boolean, { description: "False when the history says the book keeps nothing without attention." }) baseline!: boolean;
  @Field(() => Float, { description: "Minutes per week that win half the possible lift (shared by the book)." }) halfSaturationMinutes!: number;
  @Field(() => Float, { description: "ADBUDG exponent c (> 1: S-shaped); 1 for EXPONENTIAL." }) steepness!: number;
  @Field(() => Float, { description: "Quarter-to-quarter noise of revenue around the curves, relative (0.1 = 10 %)." }) noise!: number;
  @Field(() => Int, { description: "Complete calendar quarters of history used." }) periods!: number;
  @Field(() => DateScalar, { nullable: true, description: "First day of the first quarter used (null without history)." }) firstPeriodStart!:
    string | null;
  @Field(() => DateScalar, { nullable: true, description: "Last day of the last quarter used (null without history)." }) lastPeriodEnd!:
    string | null;
  @Field(() => Int, { description: "Accounts with enough history of their own to enter the fit." }) fittedAccounts!: number;
  @Field(() => Float, { description: "Account-quarters in the fit." }) observations!: number;
  @Field(() => [SegmentResponseType], { description: "Pooled responsive share per segment of the book." }) segments!: SegmentResponseType[];
  @Field(() => [ResponseAlternativeType], { description: "Every candidate model compared, the winner included." })
  alternatives!: ResponseAlternativeType[];
}

@ObjectType("ForecastErrors", { description: "Errors of a forecast of the held-out quarters (fractions; null when nothing was booked)." })
export class ForecastErrorsType {
  @Field(() => MoneyScalar, { description: "Revenue the forecast predicted for the held-out quarters." }) predicted!: number;
  @Field(() => MoneyScalar, { description: "Revenue actually booked in them." }) actual!: number;
  @Field(() => Float, { nullable: true, description: "Mean absolute percentage error over account-quarters that booked something." })
  mape!: number | null;
  @Field(() => Float, { nullable: true, description: "Sum of absolute errors / sum booked." }) wape!: number | null;
  @Field(() => Float, { nullable: true, description: "Sum predicted / sum booked (1 = unbiased, above 1 = optimistic)." })
  calibration!: number | null;
}

@ObjectType("ModelForecastErrors", { description: "ForecastErrors of the fitted model, with how often its predictive intervals held." })
export class ModelForecastErrorsType extends ForecastErrorsType {
  @Field(() => Float, { nullable: true, description: "Share of held-out account-quarters inside their predictive interval." })
  coverage!: number | null;
  @Field(() => Float, { description: "Level of that interval (0.8: honest intervals cover about 80 %)." }) predictiveLevel!: number;
}

@ObjectType("BacktestAccount", { description: "One account over the held-out quarters." })
export class BacktestAccountType {
  @Field(() => AccountType, { description: "The account." }) account!: AccountType;
  @Field(() => Float, { description: "Minutes actually spent in the held-out quarters." }) minutes!: number;
  @Field(() => MoneyScalar, { description: "What the fitted model predicted from those minutes." }) predicted!: number;
  @Field(() => MoneyScalar, { description: "What the naive forecast (next = last) said." }) naive!: number;
  @Field(() => MoneyScalar, { description: "What it actually booked." }) actual!: number;
  @Field(() => Int, { description: "Held-out quarters inside the predictive interval." }) covered!: number;
  @Field(() => Int, { description: "Held-out quarters evaluated for it." }) periods!: number;
}

@ObjectType("PlanBacktest", {
  description:
    "The plan's response fit on all but the last quarters, predicting the held-out quarters from the minutes actually spent, beside the naive forecast next = last.",
})
export class PlanBacktestType {
  @Field(() => AccountManagerType, { description: "The manager whose book was backtested." }) manager!: AccountManagerType;
  @Field(() => DateScalar, { description: "The date the backtest is made for." }) asOf!: string;
  @Field(() => Int, { description: "Quarters held out." }) holdoutPeriods!: number;
  @Field(() => DateScalar, { nullable: true, description: "First day of the training quarters (null without enough history)." }) trainingFrom!:
    string | null;
  @Field(() => DateScalar, { nullable: true, description: "Last day of the training quarters." }) trainingTo!: string | null;
  @Field(() => DateScalar, { nullable: true, description: "First day of the held-out quarters." }) heldOutFrom!: string | null;
  @Field(() => DateScalar, { nullable: true, description: "Last day of the held-out quarters." }) heldOutTo!: string | null;
  @Field(() => Int, { description: "Accounts evaluated (customers with enough training quarters)." }) accounts!: number;
  @Field(() => Int, { description: "Account-quarters held out." }) points!: number;
  @Field(() => ModelForecastErrorsType, { description: "Errors of the fitted model." }) model!: ModelForecastErrorsType;
  @Field(() => ForecastErrorsType, { description: "Errors of the naive forecast next = last, on the same account-quarters." })
  naive!: ForecastErrorsType;
  @Field(() => [BacktestAccountType], { description: "Largest absolute error first." }) rows!: BacktestAccountType[];
  @Field(() => [ScoreComponentType], { description: "What the figures mean, with why." }) components!: ScoreComponentType[];
}

@ObjectType("ActivationKindScale", { description: "The activation scale estimated for one kind of influence tie." })
export class ActivationKindScaleType {
  @Field(() => InfluenceKindEnum, { description: "The kind of tie." }) kind!: InfluenceKind;
  @Field(() => Float, { description: "Maximum-likelihood scale for this kind." }) scale!: number;
  @Field(() => Float, { description: "Low end of its 95 % interval." }) low!: number;
  @Field(() => Float, { description: "High end of its 95 % interval." }) high!: number;
  @Field(() => Int, { description: "Dated ties of this kind that could have fired." }) trials!: number;
  @Field(() => Int, { description: "Of those, ties followed by a referral." }) referrals!: number;
  @Field(() => Boolean, { description: "The cascade uses this kind's own scale (kinds differ significantly)." }) used!: boolean;
}

@ObjectType("ActivationBacktest", { description: "The newest ties held out: the scale fitted on older ties against the default." })
export class ActivationBacktestType {
  @Field(() => Int, { description: "Older ties the scale was fitted on." }) trainingTrials!: number;
  @Field(() => Int, { description: "Newest ties held out." }) heldOutTrials!: number;
  @Field(() => Int, { description: "Held-out ties followed by a referral." }) heldOutReferrals!: number;
  @Field(() => Float, { description: "Scale fitted on the training ties." }) fittedScale!: number;
  @Field(() => Float, { description: "Referrals the fitted scale expected among the held-out ties." }) fittedPredicted!: number;
  @Field(() => Float, { description: "Referrals the default scale expected among them." }) defaultPredicted!: number;
  @Field(() => Float, { description: "Mean negative log-likelihood of the held-out ties (lower is better)." }) fittedLogLoss!: number;
  @Field(() => Float, { description: "The same for the default scale." }) defaultLogLoss!: number;
}

@ObjectType("ActivationScale", {
  description:
    "The Independent Cascade's activation scale (p = scale x strength): fitted from influence ties and the referrals that followed, or the default.",
})
export class ActivationScaleType {
  @Field(() => Float, { description: "The scale the cascades used." }) scale!: number;
  @Field(() => ActivationSourceEnum, { description: "Fitted from history, or the documented default." }) source!: ActivationSource;
  @Field(() => Float, { description: "The documented default scale (0.1)." }) defaultScale!: number;
  @Field(() => Float, { nullable: true, description: "Maximum-likelihood estimate (null without any dated tie that could fire)." })
  estimate!: number | null;
  @Field(() => Float, { nullable: true, description: "95 % profile-likelihood interval of the estimate." }) low!: number | null;
  @Field(() => Float, { nullable: true, description: "High end of that interval." }) high!: number | null;
  @Field(() => Int, { description: "Dated ties that could have fired." }) trials!: number;
  @Field(() => Int, { description: "Of those, ties followed by a referral." }) referrals!: number;
  @Field(() => [ActivationKindScaleType], { description: "The scale estimated per kind of tie." }) byKind!: ActivationKindScaleType[];
  @Field(() => ActivationBacktestType, { nullable: true, description: "Held-out check of the fitted scale (null with too few dated ties)." })
  backtest!: ActivationBacktestType | null;
  @Field(() => Float, { nullable: true, description: "The advocates' expected spread at the interval's low end." }) spreadLow!: number | null;
  @Field(() => Float, { nullable: true, description: "...and at its high end." }) spreadHigh!: number | null;
  @Field(() => [ScoreComponentType], { description: "The estimate and its evidence, with why." }) components!: ScoreComponentType[];
}
