/**
 * A manager's weekly plan from the book's history: the pure pipeline the plan service
 * runs. Quarterly history (history-periods.ts) -> what each account's fit sees (its
 * quarters, or a prior when it has none) -> the book's response fit with partial pooling
 * (response-fit.ts) -> posterior draws (response-posterior.ts) -> greedy allocation with
 * intervals (time-plan.ts).
 *
 * Which accounts learn from their history: every one that booked revenue in enough
 * quarters, except lost customers, whose quarters show their departure rather than their
 * response to time. Prospects (nothing booked) and lost customers get the prospect prior (a
 * share of their revenue potential, all of it won by attention).
 * Word of mouth: an account whose influence reaches prospects also earns a spill-over,
 * `spilloverShare` x sum over prospect neighbours of influence probability x their
 * potential, won with the same shape. It is an assumption, not fitted (the history books
 * a referral's revenue on the referred account, not on the advocate).
 * Cost: that of the fit and the draws (response-fit.ts, response-posterior.ts) plus
 * O(links of the book's accounts) for the spill-over.
 */
import { centsToUnits } from "../domain/money.js";
import {
  buildActivityHistory,
  latestHabits,
  periodPoints,
  type ActivityHistory,
  type HistoryEngagement,
  type HistoryPeriod,
} from "./history-periods.js";
import type { Account, AccountFacts, InfluenceNetwork, IsoDate, Purchase } from "./inputs.js";
import { NODE_STATUS } from "./inputs.js";
import { indexNodes } from "./influence-network.js";
import { revenuePotential } from "./expansion-score.js";
import {
  curveOf,
  fitBookResponse,
  type AccountResponse,
  type BookResponseFit,
  type ResponseFitAccount,
  type ResponseFitOptions,
} from "./response-fit.js";
import { drawResponseCurves } from "./response-posterior.js";
import type { ResponseShape } from "./response-curve.js";
import { planWeeklyTime, type PlanAccount, type TimePlan } from "./time-plan.js";
import type { Tier } from "./tiers.js";
import { component, formatAmount, formatPercent, type ScoreComponent } from "./explained.js";

export const BOOK_PLAN_DEFAULTS = {
  defaultTier: "MAINTAIN" as Tier,
  spilloverShare: 0.25,
  draws: 200,
  seed: 1,
};

export interface BookPlanInput {
  managerId: string;
  asOf: IsoDate;
  hoursPerWeek: number;
  horizonWeeks: number;
  /** The manager's accounts (their engagements and purchases are not read: `history` is). */
  accounts: readonly AccountFacts[];
  history: ActivityHistory;
  /** Tier per account id from rankAccounts (with the query's weights); missing -> MAINTAIN. */
  tiers?: ReadonlyMap<string, Tier>;
  network?: InfluenceNetwork;
  networkIndex?: ReadonlyMap<string, number>;
  /** Spill-over per week of each account (same order as `accounts`), when already known: `network` is then not read. */
  spilloverPerWeek?: readonly number[];
  draws?: number;
  seed?: number;
  incrementMinutes?: number;
  fit?: ResponseFitOptions;
}

export interface BookPlan {
  plan: TimePlan;
  fit: BookResponseFit;
  history: ActivityHistory;
}

/** A planned book as it leaves a worker thread: the plan, and the quarters its fit saw (the fit itself is the caller's). */
export interface PlannedBook {
  plan: TimePlan;
  periods: HistoryPeriod[];
}

/**
 * A book as the store holds it: the manager's accounts with every engagement and purchase
 * on them, the whole history (not the read model's two-year window), reduced to the fields
 * the fit, the plan and the backtest read. Plain records, so it crosses to a worker thread
 * as it is (services/work-pool/work-tasks.ts), and everything these read is in it (a
 * fingerprint of it names the fit: services/plan-service.ts).
 */
export interface BookRecords {
  managerId: string;
  asOf: IsoDate;
  accounts: readonly Account[];
  engagements: readonly HistoryEngagement[];
  purchases: readonly Purchase[];
}

/**
 * The facts and quarterly history of a book from its records. Each account's facts carry
 * its whole purchase list (the expansion measure reads its own window of it); engagements
 * reach the fit through the history only, and influence is left neutral: nothing in the
 * fit, the plan or the backtest reads either from the facts.
 * Cost: O(engagements + purchases + accounts x quarters).
 */
export function bookFromRecords(records: BookRecords): { accounts: AccountFacts[]; history: ActivityHistory } {
  const purchases = groupByAccount(records.purchases);
  const accounts = records.accounts.map((account) => ({
    account,
    engagements: [],
    purchases: purchases.get(account.id) ?? [],
    influence: { pagerankPercentile: 0, betweennessPercentile: 0 },
  }));
  const history = buildActivityHistory({
    asOf: records.asOf,
    managerId: records.managerId,
    accounts: records.accounts.map((a) => ({ id: a.id, customerSince: a.customerSince })),
    engagements: records.engagements,
    purchases: records.purchases,
  });
  return { accounts, history };
}

function groupByAccount<T extends { accountId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row.accountId);
    if (list) list.push(row);
    else groups.set(row.accountId, [row]);
  }
  return groups;
}

/** The book's fit and what it was fitted on: hours, horizon and tiers do not change it. */
export interface BookFit {
  fitAccounts: ResponseFitAccount[];
  fit: BookResponseFit;
}

export function fitBook(accounts: readonly AccountFacts[], history: ActivityHistory, asOf: IsoDate, options?: ResponseFitOptions): BookFit {
  const fitAccounts = responseFitAccounts(accounts, history, asOf);
  return { fitAccounts, fit: fitBookResponse(fitAccounts, options) };
}

/**
 * What the fit sees of each account: its quarters before `to`, and the prior it falls back
 * on. Any account that has booked revenue learns from it — one still labelled PROSPECT
 * has bought, so its history shows how it responds; a CHURNED account's quarters show it
 * leaving, so it gets the prospect prior (win it back) and no history.
 */
export function responseFitAccounts(
  accounts: readonly AccountFacts[],
  history: ActivityHistory,
  asOf: IsoDate,
  to = history.periods.length,
): ResponseFitAccount[] {
  return accounts.map((facts) => {
    const { account } = facts;
    const group = account.segment;
    const points = account.status === "CHURNED" ? [] : periodPoints(history, account.id, 0, to);
    if (account.status !== "CUSTOMER") {
      return { accountId: account.id, group, points, prior: { kind: "PROSPECT", potentialPerYear: revenuePotential(facts, asOf) } };
    }
    return {
      accountId: account.id,
      group,
      points,
      prior: { kind: "CUSTOMER", revenuePerWeek: centsToUnits(account.annualRevenue) / 52, minutesPerWeek: points.at(-1)?.minutesPerWeek ?? 0 },
    };
  });
}

/** fitBook on a book's records (the work pool's task). */
export function fitBookRecords(records: BookRecords, options?: ResponseFitOptions): BookFit {
  const { accounts, history } = bookFromRecords(records);
  return fitBook(accounts, history, records.asOf, options);
}

/** What a plan of a fitted book takes besides its records. */
export interface BookPlanRequest {
  hoursPerWeek: number;
  horizonWeeks: number;
  /** Tier per account id; missing -> MAINTAIN. */
  tiers: readonly (readonly [string, Tier])[];
  /** Per account, in the records' order (spilloverPerWeekOf). */
  spilloverPerWeek: readonly number[];
}

/** planBook on a book's records with its fit (from fitBookRecords on the same records): the work pool's task. */
export function planBookRecords(records: BookRecords, fitted: BookFit, request: BookPlanRequest): PlannedBook {
  const { accounts, history } = bookFromRecords(records);
  const { plan } = planBook(
    {
      managerId: records.managerId,
      asOf: records.asOf,
      hoursPerWeek: request.hoursPerWeek,
      horizonWeeks: request.horizonWeeks,
      accounts,
      history,
      tiers: new Map(request.tiers),
      spilloverPerWeek: request.spilloverPerWeek,
    },
    fitted,
  );
  return { plan, periods: history.periods };
}

/** Sum over out-links to prospects of probability x the prospect's potential (per year). */
export function prospectNeighbourPotential(network: InfluenceNetwork, node: number | undefined): number {
  if (node === undefined) return 0;
  let sum = 0;
  for (let e = network.offsets[node]!; e < network.offsets[node + 1]!; e++) {
    const v = network.targets[e]!;
    if (network.status[v] === NODE_STATUS.PROSPECT) sum += network.probabilities[e]! * network.potential[v]!;
  }
  return sum;
}

/** Word-of-mouth spill-over per week of each account (see the file header); zeros without a network. */
export function spilloverPerWeekOf(
  accounts: readonly AccountFacts[],
  network?: InfluenceNetwork,
  networkIndex?: ReadonlyMap<string, number>,
): number[] {
  const index = network ? (networkIndex ?? indexNodes(network)) : undefined;
  return accounts.map((f) =>
    network ? (BOOK_PLAN_DEFAULTS.spilloverShare * prospectNeighbourPotential(network, index!.get(f.account.id))) / 52 : 0,
  );
}

/** Plans the book; `fitted` (from fitBook on the same accounts and history) skips the fit. */
export function planBook(input: BookPlanInput, fitted?: BookFit): BookPlan {
  const { accounts, history, asOf } = input;
  const { fitAccounts, fit } = fitted ?? fitBook(accounts, history, asOf, input.fit);
  const spillover = input.spilloverPerWeek ?? spilloverPerWeekOf(accounts, input.network, input.networkIndex);
  const weeks = input.horizonWeeks;
  const draws = drawResponseCurves(fit, fitAccounts, {
    weeks,
    spilloverPerWeek: spillover,
    draws: input.draws ?? BOOK_PLAN_DEFAULTS.draws,
    seed: input.seed ?? BOOK_PLAN_DEFAULTS.seed,
    ...(input.fit ? { fit: input.fit } : {}),
  });
  const habits = latestHabits(history);
  const planAccounts: PlanAccount[] = accounts.map((facts, i) => {
    const response = fit.accounts[i]!;
    return {
      accountId: facts.account.id,
      tier: input.tiers?.get(facts.account.id) ?? BOOK_PLAN_DEFAULTS.defaultTier,
      curve: curveOf(response, fit.shape, weeks, spillover[i]!),
      source: response.source,
      observedMinutesPerWeek: habits.minutes.get(facts.account.id) ?? 0,
      components: explainResponse(response, fit, weeks, spillover[i]!),
    };
  });
  const plan = planWeeklyTime({
    managerId: input.managerId,
    accounts: planAccounts,
    hoursPerWeek: input.hoursPerWeek,
    horizonWeeks: weeks,
    asOf,
    draws,
    ...(input.incrementMinutes !== undefined ? { incrementMinutes: input.incrementMinutes } : {}),
    ...(habits.period ? { habitsPeriod: `${habits.period.start} to ${habits.period.end}` } : {}),
  });
  return { plan, fit, history };
}

function describeShape(shape: ResponseShape): string {
  return shape.family === "ADBUDG"
    ? `ADBUDG curve, half the lift at ${shape.halfSaturation.toFixed(0)} min/week, steepness ${shape.steepness.toFixed(2)}${shape.steepness > 1 ? " (S-shaped)" : ""}`
    : `saturating exponential, half the lift at ${shape.halfSaturation.toFixed(0)} min/week`;
}

/** The curve's anchors with why, over `weeks` weeks. */
function explainResponse(response: AccountResponse, fit: BookResponseFit, weeks: number, spilloverPerWeek: number): ScoreComponent[] {
  const group = fit.groups.get(response.group);
  const retained = response.ceiling * (1 - response.responsiveShare) * weeks;
  const from =
    response.source === "PRIOR"
      ? "No usable history of its own: the ceiling comes from its run rate (or, for a prospect, half its potential) and the share from its segment."
      : `Fitted from ${response.periods} quarters of its own history; its own quarters carry ${formatPercent(response.historyWeight)} of the share's evidence, its segment the rest.`;
  const components = [
    component(
      "ceiling",
      response.ceiling * weeks,
      "CURRENCY",
      `At saturation it would bring ${formatAmount(response.ceiling * weeks)} over ${weeks} weeks. ${from}`,
    ),
    component(
      "retainedBaseline",
      retained,
      "CURRENCY",
      `With no attention at all it would still bring ${formatAmount(retained)} (what it buys on its own).`,
    ),
    component(
      "responsiveShare",
      response.responsiveShare,
      "FRACTION",
      `${formatPercent(response.responsiveShare)} of its ceiling depends on attention (its segment ${response.group}: ${formatPercent(group?.responsiveShare ?? response.responsiveShare)}).`,
    ),
    component(
      "historyWeight",
      response.historyWeight,
      "FRACTION",
      `Share of the evidence on its response that comes from its own quarters (source ${response.source}).`,
    ),
    component(
      "halfSaturationMinutes",
      response.halfSaturation,
      "MINUTES",
      response.halfSaturation === fit.shape.halfSaturation
        ? `Shape shared by the book: ${describeShape(fit.shape)}.`
        : `Half its lift at ${response.halfSaturation.toFixed(0)} min/week, its own (pooled towards the book's ${describeShape(fit.shape)}).`,
    ),
  ];
  if (spilloverPerWeek > 0) {
    components.push(
      component(
        "spilloverLift",
        spilloverPerWeek * weeks,
        "CURRENCY",
        `Prospects it influences: up to ${formatAmount(spilloverPerWeek * weeks)} of word-of-mouth spill-over (assumed, not fitted).`,
      ),
    );
  }
  return components;
}
