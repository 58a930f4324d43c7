/**
 * Strategy through the public API on the sample dataset (seeds/README.md tells its
 * story), on both stores: the five acceptance scenarios, pagination of the
 * strategic ranking, and the error codes of unknown ids and invalid arguments.
 * Story ids (Globex, the Corner Bakery, the discount chasers, the church leader, …) come
 * from the README; every expected relation is derived from the API's own answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleDataset } from "../../seeds/index.js";
import { startApp } from "../../src/app.js";
import { todayIso } from "../../src/domain/guards.js";
import { createLogger } from "../../src/logger.js";
import { apiClient, errorCode, type GraphQLResponse } from "../support/api-client.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";

const AS_OF = todayIso();
const DISCOUNT_CHASERS = ["acc_bargain_bins_retail", "acc_quickprint_express", "acc_pennywise_tax", "acc_thrifty_auto_parts", "acc_cutrate_cleaning"];
const LONG_STANDING = ["acc_initech_industries", "acc_umbrella_health", "acc_vandelay_industries", "acc_state_transport_dept", "acc_massive_dynamic"];
const CHURCH_LEADER = "acc_grace_bookkeeping";
const ONLY = (dimension: string) => ({ revenue: 0, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 0, [dimension]: 1 });

const SCORE = `query($id: ID!, $weights: StrategyWeightsInput) { account(id: $id) { id strategy(weights: $weights) {
  score rank rankedAccounts percentile tier tierAction valuePercentile influencePercentile
  weights { revenue efficiency expansion loyalty wordOfMouth }
  components { name value weight unit explanation }
  revenue { value percentile weight annualRevenue components { name } }
  efficiency { value percentile measured }
  expansion { value percentile whitespaceLicences whitespaceValue effectivePrice components { name value explanation } }
  loyalty { value risk percentile retentionPriority loyalValue components { name value } }
  wordOfMouth { value percentile influenceIndex referralIndex referralCredit accountsReferred components { name } } } } }`;

const RANKING = `query($first: Int, $after: String, $weights: StrategyWeightsInput, $filter: AccountFilterInput) {
  strategicRanking(first: $first, after: $after, weights: $weights, filter: $filter) {
    totalCount asOf pageInfo { hasNextPage endCursor } edges { cursor node { id } strategy { score rank tier } } } }`;

const PLAN = `query($managerId: ID!, $hours: Float, $weights: StrategyWeightsInput) {
  planTime(managerId: $managerId, hours: $hours, weights: $weights) { hoursPerWeek
    allocations { account { id segment status annualRevenue } minutes expectedRevenue marginalRevenuePerMinute tier
      strategyOf: account { strategy { loyalty { risk } } } }
    totals { minutes expectedRevenue revenuePerMinute } equalSplit { minutes expectedRevenue revenuePerMinute }
    currentAllocation { minutes expectedRevenue revenuePerMinute observedMinutesPerWeek } } }`;

type Api = { gql: ReturnType<typeof apiClient>; close(): Promise<void> };

function ok<T>(res: GraphQLResponse<T>): T {
  expect(res.errors).toBeUndefined();
  return res.data as T;
}

function fieldOf(res: GraphQLResponse): unknown {
  return res.errors?.[0]?.extensions?.field;
}

describe.each(STORE_FACTORIES)("strategy API on the sample dataset on $name", (factory) => {
  const dataset = loadSampleDataset(new Date(`${AS_OF}T12:00:00Z`));
  let opened: OpenedStore;
  let api: Api;

  const score = async (id: string, weights?: Record<string, number>) => ok(await api.gql(SCORE, { id, weights })).account.strategy;

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(dataset);
    const server = await startApp({
      store: opened.store,
      logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
      port: 0,
      host: "127.0.0.1",
      analytics: { influence: { maxWaitMs: 30_000 }, strategy: { today: () => AS_OF } },
    });
    api = { gql: apiClient(`http://127.0.0.1:${server.port}/`), close: () => server.close() };
  });
  afterAll(async () => {
    await api?.close();
    await opened?.cleanup();
  });

  it("1. expansion ranks the 50 + 50 multinational far above the one-licence small business", async () => {
    const globex = await score("acc_globex_multinational");
    const bakery = await score("acc_corner_bakery");
    expect(globex.expansion.whitespaceLicences).toBe(50);
    expect(bakery.expansion.whitespaceLicences).toBe(1);
    expect(globex.expansion.value).toBeGreaterThan(20 * bakery.expansion.value);
    expect(globex.expansion.percentile - bakery.expansion.percentile).toBeGreaterThan(0.4);
    // Money is a decimal string of cents: the whitespace value agrees with the float score.
    expect(Number(globex.expansion.whitespaceValue)).toBeCloseTo(globex.expansion.value, 2);

    const byExpansion = ok(await api.gql(RANKING, { first: 100, weights: ONLY("expansion") })).strategicRanking.edges;
    const rankOf = (id: string) => byExpansion.find((e: any) => e.node.id === id).strategy.rank;
    expect(rankOf("acc_globex_multinational")).toBeLessThanOrEqual(5);
    expect(rankOf("acc_corner_bakery") - rankOf("acc_globex_multinational")).toBeGreaterThan(40);
  });

  it("2. small accounts that switched suppliers for discounts carry clearly higher switching risk than long-standing large ones", async () => {
    const chasers = await Promise.all(DISCOUNT_CHASERS.map((id) => score(id)));
    const loyal = await Promise.all(LONG_STANDING.map((id) => score(id)));
    const lowestChaser = Math.min(...chasers.map((s) => s.loyalty.risk));
    const highestLoyal = Math.max(...loyal.map((s) => s.loyalty.risk));
    expect(lowestChaser - highestLoyal).toBeGreaterThan(0.3);
    for (const s of chasers) {
      const switches = s.loyalty.components.find((c: any) => c.name === "supplierSwitches");
      expect(switches.value).toBeGreaterThan(0);
    }
  });

  it("3. the church leader who referred several customers is a top advocate with high word of mouth despite modest revenue (ADVOCATE)", async () => {
    const grace = await score(CHURCH_LEADER);
    expect(grace.tier).toBe("ADVOCATE");
    expect(grace.wordOfMouth.percentile).toBeGreaterThanOrEqual(0.9);
    expect(grace.revenue.percentile).toBeLessThan(0.75);
    expect(grace.wordOfMouth.accountsReferred).toBeGreaterThanOrEqual(3);
    expect(Number(grace.wordOfMouth.referralCredit)).toBeGreaterThan(0);

    // Default objective: revenue potential reached through the advocate's network, its own
    // excluded. Big customers that sway other big accounts rank first by revenue; the church
    // leader, whose followers are small businesses, is still in the top ten of ~80 customers.
    const byRevenue = ok(
      await api.gql(`{ recommendAdvocates(k: 10, simulations: 1000) {
        advocates { account { id } marginalSpread } expectedSpread standardError estimator simulations } }`),
    ).recommendAdvocates;
    expect(byRevenue.advocates.map((a: any) => a.account.id)).toContain(CHURCH_LEADER);
    expect(byRevenue.simulations).toBe(1000);
    expect(byRevenue.standardError).toBeGreaterThan(0);
    expect(Number(byRevenue.expectedSpread)).toBeGreaterThan(0);

    const reach = ok(
      await api.gql(`{ recommendAdvocates(k: 5, objective: REACH, simulations: 1000) { advocates { account { id } } expectedSpread } }`),
    ).recommendAdvocates;
    expect(reach.advocates.map((a: any) => a.account.id)).toContain(CHURCH_LEADER);
    expect(Number(reach.expectedSpread)).toBeGreaterThan(1); // other accounts reached, advocates themselves not counted

    const portfolio = ok(await api.gql(`{ portfolio(managerId: "mgr_community_carla") { topAdvocates { account { id } value } } }`)).portfolio;
    expect(portfolio.topAdvocates.map((a: any) => a.account.id)).toContain(CHURCH_LEADER);
  });

  it("recommends advocates deterministically for a seed and respects `among`", async () => {
    const query = `query($seed: Int, $among: [ID!]) { recommendAdvocates(k: 3, seed: $seed, among: $among, simulations: 500) {
      advocates { account { id } marginalSpread cumulativeSpread } expectedSpread standardError candidates } }`;
    const first = ok(await api.gql(query, { seed: 7 })).recommendAdvocates;
    const again = ok(await api.gql(query, { seed: 7 })).recommendAdvocates;
    expect(again).toEqual(first);
    const among = ["acc_hartley_tooling", "acc_riverside_printworks", CHURCH_LEADER, "acc_corner_bakery"];
    const restricted = ok(await api.gql(query, { seed: 7, among })).recommendAdvocates;
    expect(restricted.candidates).toBe(among.length);
    for (const a of restricted.advocates) expect(among).toContain(a.account.id);
  });

  it("4. the plan gives loyal, high-volume accounts more minutes than small ones and beats the equal split per minute", async () => {
    const plan = ok(await api.gql(PLAN, { managerId: "mgr_mid_market_mike" })).planTime;
    const customers = plan.allocations.filter((a: any) => a.account.status === "CUSTOMER");
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const revenue = (a: any) => Number(a.account.annualRevenue);
    const risk = (a: any) => a.strategyOf.strategy.loyalty.risk;
    const medianRevenue = median(customers.map(revenue));
    const medianRisk = median(customers.map(risk));
    const loyalHighVolume = customers.filter((a: any) => revenue(a) >= medianRevenue && risk(a) <= medianRisk);
    const small = plan.allocations.filter((a: any) => a.account.segment === "SMALL_BUSINESS");
    expect(loyalHighVolume.length).toBeGreaterThanOrEqual(3);
    expect(small.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...loyalHighVolume.map((a: any) => a.minutes))).toBeGreaterThan(Math.max(...small.map((a: any) => a.minutes)));

    expect(plan.totals.minutes).toBe(plan.equalSplit.minutes);
    expect(plan.totals.revenuePerMinute).toBeGreaterThan(plan.equalSplit.revenuePerMinute);
    expect(Number(plan.totals.expectedRevenue)).toBeGreaterThan(Number(plan.equalSplit.expectedRevenue));
    expect(plan.allocations.reduce((sum: number, a: any) => sum + a.minutes, 0)).toBe(plan.totals.minutes);
  });

  it("never plans below the equal split, for every manager, and defaults to the manager's weekly capacity", async () => {
    for (const manager of dataset.managers) {
      const plan = ok(await api.gql(PLAN, { managerId: manager.id })).planTime;
      expect(plan.hoursPerWeek).toBe(manager.weeklyCapacityHours);
      expect(Number(plan.totals.expectedRevenue)).toBeGreaterThanOrEqual(Number(plan.equalSplit.expectedRevenue));
    }
    const shorter = ok(await api.gql(PLAN, { managerId: "mgr_door_to_door", hours: 10 })).planTime;
    expect(shorter.totals.minutes).toBe(600);
  });

  it("5. changing weights moves the ranking in the expected direction", async () => {
    const rankUnder = async (id: string, weights?: Record<string, number>) => (await score(id, weights)).rank;
    expect(await rankUnder(CHURCH_LEADER, ONLY("wordOfMouth"))).toBeLessThan(await rankUnder(CHURCH_LEADER));
    expect(await rankUnder("acc_globex_multinational", ONLY("expansion"))).toBeLessThan(await rankUnder("acc_globex_multinational", ONLY("loyalty")));
    // Ranked on loyalty alone, the most loyal revenue comes first and every long-standing account beats every discount chaser.
    const loyal = await Promise.all(LONG_STANDING.map((id) => score(id, ONLY("loyalty"))));
    const chasers = await Promise.all(DISCOUNT_CHASERS.map((id) => score(id, ONLY("loyalty"))));
    expect(Math.max(...loyal.map((s) => s.rank))).toBeLessThan(Math.min(...chasers.map((s) => s.rank)));
    const mostLoyal = loyal.reduce((a, b) => (Number(b.loyalty.loyalValue) > Number(a.loyalty.loyalValue) ? b : a));
    expect(mostLoyal.rank).toBe(1);

    const doubled = await score(CHURCH_LEADER, { revenue: 0.6, efficiency: 0.2, expansion: 0.4, loyalty: 0.4, wordOfMouth: 0.4 });
    const defaults = await score(CHURCH_LEADER);
    expect(doubled.score).toBeCloseTo(defaults.score, 12); // only the ratios of the weights matter
    const sum = defaults.components.reduce((s: number, c: any) => s + c.weight * c.value, 0);
    expect(sum).toBeCloseTo(defaults.score, 12); // the "why" adds up to the score
    expect(defaults.components.map((c: any) => c.name)).toEqual(["revenue", "efficiency", "expansion", "loyalty", "wordOfMouth"]);
  });

  it("5. invalid weights and arguments are BAD_USER_INPUT naming the field", async () => {
    const negative = await api.gql(SCORE, { id: CHURCH_LEADER, weights: { loyalty: -1 } });
    expect(errorCode(negative)).toBe("BAD_USER_INPUT");
    expect(fieldOf(negative)).toBe("weights.loyalty");
    const zero = await api.gql(RANKING, { weights: { ...ONLY("revenue"), revenue: 0 } });
    expect(errorCode(zero)).toBe("BAD_USER_INPUT");
    expect(fieldOf(zero)).toBe("weights");
    const hours = await api.gql(PLAN, { managerId: "mgr_door_to_door", hours: -2 });
    expect([errorCode(hours), fieldOf(hours)]).toEqual(["BAD_USER_INPUT", "hours"]);
    // Less than one 15-minute step would be a plan of nothing.
    const tooFew = await api.gql(PLAN, { managerId: "mgr_door_to_door", hours: 0.1 });
    expect([errorCode(tooFew), fieldOf(tooFew)]).toEqual(["BAD_USER_INPUT", "hours"]);
    // Hours that are not whole steps: the plan, the equal split and current habits share one budget.
    const odd = ok(await api.gql(PLAN, { managerId: "mgr_door_to_door", hours: 7.3 })).planTime;
    expect(odd.totals.minutes).toBe(435);
    expect(odd.equalSplit.minutes).toBe(435);
    expect(odd.currentAllocation.minutes).toBeCloseTo(435, 9);
    const k = await api.gql(`{ recommendAdvocates(k: 0) { expectedSpread } }`);
    expect([errorCode(k), fieldOf(k)]).toEqual(["BAD_USER_INPUT", "k"]);
    const thresholds = await api.gql(`{ strategicRanking(thresholds: { lowValue: 0.9, highValue: 0.5 }) { totalCount } }`);
    expect([errorCode(thresholds), fieldOf(thresholds)]).toEqual(["BAD_USER_INPUT", "thresholds.lowValue"]);
  });

  it("pages the strategic ranking: every account exactly once, in score order with ties by id", async () => {
    const seen: { id: string; score: number; rank: number }[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const connection: any = ok(await api.gql(RANKING, { first: 7, after })).strategicRanking;
      expect(connection.totalCount).toBe(dataset.accounts.length);
      expect(connection.asOf).toBe(AS_OF);
      seen.push(...connection.edges.map((e: any) => ({ id: e.node.id, ...e.strategy })));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      expect(pages).toBeLessThan(dataset.accounts.length);
    }
    expect(seen.map((e) => e.id).sort()).toEqual(dataset.accounts.map((a) => a.id).sort());
    // Competition ranks: equal scores share the best rank, the id only orders the listing.
    seen.forEach((e, i) => expect(e.rank).toBe(i > 0 && e.score === seen[i - 1]!.score ? seen[i - 1]!.rank : i + 1));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
    }
  });

  it("ties: blends equal as decimals share one score, rank and percentile; subnormal weights rank by their ratios", async () => {
    const TIES = `query($weights: StrategyWeightsInput) { strategicRanking(first: 100, weights: $weights) {
      edges { node { id } strategy { score rank percentile valuePercentile components { value weight } } } } }`;
    const rankingUnder = async (weights?: Record<string, number>) => ok(await api.gql(TIES, { weights })).strategicRanking.edges as any[];
    for (const weights of [undefined, { revenue: 1, efficiency: 0, expansion: 2, loyalty: 1, wordOfMouth: 1 }]) {
      const edges = await rankingUnder(weights);
      // Group by the score recomputed from its components: percentiles of 102 accounts blended
      // by these weights are decimals far coarser than 1e-9, so a group is one decimal.
      const groups = new Map<string, any[]>();
      for (const e of edges) {
        const exact = e.strategy.components.reduce((sum: number, c: any) => sum + c.weight * c.value, 0);
        const key = exact.toFixed(9);
        groups.set(key, [...(groups.get(key) ?? []), e.strategy]);
      }
      const tied = [...groups.values()].filter((g) => g.length > 1);
      expect(tied.length, "the sample has tied blends under these weights").toBeGreaterThan(0);
      for (const group of tied) {
        for (const s of group) expect([s.score, s.rank, s.percentile]).toEqual([group[0].score, group[0].rank, group[0].percentile]);
      }
    }
    const plain = await rankingUnder(ONLY("revenue"));
    const subnormal = await rankingUnder({ ...ONLY("revenue"), revenue: 5e-324 });
    expect(subnormal.map((e) => [e.node.id, e.strategy.score, e.strategy.rank])).toEqual(
      plain.map((e) => [e.node.id, e.strategy.score, e.strategy.rank]),
    );
  });

  it("filters the ranking without changing scores, and refuses a cursor issued under other weights", async () => {
    const all = ok(await api.gql(RANKING, { first: 100 })).strategicRanking.edges;
    const filtered = ok(await api.gql(RANKING, { first: 100, filter: { ownerIds: ["mgr_strategic_sara"] } })).strategicRanking;
    const owned = dataset.accounts.filter((a) => a.ownerId === "mgr_strategic_sara").map((a) => a.id);
    expect(filtered.totalCount).toBe(owned.length);
    expect(filtered.edges.map((e: any) => e.node.id).sort()).toEqual([...owned].sort());
    for (const edge of filtered.edges) expect(edge.strategy).toEqual(all.find((e: any) => e.node.id === edge.node.id).strategy);

    const page = ok(await api.gql(RANKING, { first: 5 })).strategicRanking;
    const reused = await api.gql(RANKING, { first: 5, after: page.pageInfo.endCursor, weights: ONLY("loyalty") });
    expect([errorCode(reused), fieldOf(reused)]).toEqual(["BAD_USER_INPUT", "after"]);
  });

  it("simulates losing the keystone: direct revenue, contagion with its standard error, exposed neighbours", async () => {
    const loss = ok(
      await api.gql(`{ simulateLoss(accountId: "acc_keystone_medsupply") { account { id annualRevenue } directRevenue
        expectedNetworkRevenueAtRisk standardError totalRevenueAtRisk keystone networkPiecesAfter simulations
        exposedAccounts { account { id } probability revenueAtRisk } splitCommunities { communityId community { name } } } }`),
    ).simulateLoss;
    expect(loss.directRevenue).toBe(loss.account.annualRevenue);
    expect(loss.keystone).toBe(true);
    expect(loss.networkPiecesAfter).toBeGreaterThan(1);
    expect(Number(loss.expectedNetworkRevenueAtRisk)).toBeGreaterThan(0);
    expect(Number(loss.standardError)).toBeGreaterThan(0);
    expect(Number(loss.totalRevenueAtRisk)).toBeCloseTo(Number(loss.directRevenue) + Number(loss.expectedNetworkRevenueAtRisk), -1);
    expect(loss.exposedAccounts.map((e: any) => e.account.id)).toContain("acc_harbor_family_clinic");
    for (const e of loss.exposedAccounts) expect(e.probability).toBeGreaterThan(0);
  });

  it("shows a manager's portfolio: tiers add up to the book, time last quarter vs plan, top risks and expansion", async () => {
    const portfolio = ok(
      await api.gql(`{ portfolio(managerId: "mgr_door_to_door") { manager { id } asOf timeToMove minutesLastQuarter
        plannedMinutesPerQuarter tiers { tier count revenue minutesLastQuarter plannedMinutesPerQuarter accounts { id } }
        topRisks { account { id } value explanation } topExpansion { account { id } value } topAdvocates { account { id } } } }`),
    ).portfolio;
    const book = dataset.accounts.filter((a) => a.ownerId === "mgr_door_to_door");
    expect(portfolio.tiers.reduce((sum: number, t: any) => sum + t.count, 0)).toBe(book.length);
    expect(portfolio.tiers.reduce((sum: number, t: any) => sum + t.plannedMinutesPerQuarter, 0)).toBe(portfolio.plannedMinutesPerQuarter);
    const plan = ok(await api.gql(PLAN, { managerId: "mgr_door_to_door" })).planTime;
    expect(portfolio.plannedMinutesPerQuarter).toBe(plan.totals.minutes * 13);
    expect(portfolio.timeToMove).toBeGreaterThanOrEqual(0);
    expect(portfolio.timeToMove).toBeLessThanOrEqual(1);
    expect(portfolio.topRisks.length).toBeGreaterThan(0);
    const risks = portfolio.topRisks.map((r: any) => r.value);
    expect(risks).toEqual([...risks].sort((a: number, b: number) => b - a));
    for (const item of portfolio.topRisks) expect(book.map((a) => a.id)).toContain(item.account.id);
  });

  it("answers NOT_FOUND naming the field for unknown managers and accounts", async () => {
    const cases: [string, string][] = [
      [`{ planTime(managerId: "mgr_nobody") { hoursPerWeek } }`, "managerId"],
      [`{ portfolio(managerId: "mgr_nobody") { asOf } }`, "managerId"],
      [`{ simulateLoss(accountId: "acc_nobody") { keystone } }`, "accountId"],
      [`{ recommendAdvocates(among: ["acc_nobody"]) { expectedSpread } }`, "among"],
    ];
    for (const [query, field] of cases) {
      const res = await api.gql(query);
      expect([errorCode(res), fieldOf(res)]).toEqual(["NOT_FOUND", field]);
    }
  });

  it("scores an account in the request right after the one that created it (read your writes, no NOT_FOUND; last: it adds an account)", async () => {
    const created = ok(
      await api.gql(`mutation { createAccount(input: { name: "Just Signed Ltd", status: CUSTOMER, annualRevenue: "5000.00" }) { id } }`),
    ) as { createAccount: { id: string } };
    const read = ok(
      await api.gql(`query($id: ID!) { account(id: $id) { id strategy { rank tier } } strategicRanking(first: 1) { totalCount } }`, {
        id: created.createAccount.id,
      }),
    ) as { account: { strategy: { rank: number; tier: string } }; strategicRanking: { totalCount: number } };
    expect(read.account.strategy.rank).toBeGreaterThanOrEqual(1);
    expect(read.account.strategy.rank).toBeLessThanOrEqual(read.strategicRanking.totalCount);
    expect(read.strategicRanking.totalCount).toBe(dataset.accounts.length + 1);
  });

  it("a weekly capacity under one 15-minute step: planTime names managerId (or hours when sent), the portfolio plans no time (writes: after the others)", async () => {
    const manager = ok(
      await api.gql(
        `mutation { createAccountManager(input: { name: "Part Timer", email: "part.timer@example.com", weeklyCapacityHours: 0.2 }) { id } }`,
      ),
    ) as { createAccountManager: { id: string } };
    const managerId = manager.createAccountManager.id;
    ok(
      await api.gql(
        `mutation($owner: ID!) { createAccount(input: { name: "Part Time Ltd", status: CUSTOMER, annualRevenue: "1000.00", ownerId: $owner }) { id } }`,
        {
          owner: managerId,
        },
      ),
    );
    const PORTFOLIO = `query($managerId: ID!) { portfolio(managerId: $managerId) { timeToMove plannedMinutesPerQuarter tiers { count plannedMinutesPerQuarter } } }`;

    const fromCapacity = await api.gql(PLAN, { managerId });
    expect([errorCode(fromCapacity), fieldOf(fromCapacity)]).toEqual(["BAD_USER_INPUT", "managerId"]);
    expect(fromCapacity.errors?.[0]?.message).toContain("weekly capacity of 0.2 h");
    const asked = await api.gql(PLAN, { managerId, hours: 0.1 });
    expect([errorCode(asked), fieldOf(asked)]).toEqual(["BAD_USER_INPUT", "hours"]);
    const withHours = ok(await api.gql(PLAN, { managerId, hours: 1 })).planTime;
    expect([withHours.totals.minutes, withHours.allocations.map((a: any) => a.minutes)]).toEqual([60, [60]]);
    // The portfolio still shows the book, its risks and tiers; the plan gives no time.
    const empty = ok(await api.gql(PORTFOLIO, { managerId })).portfolio;
    expect(empty.tiers.reduce((sum: number, t: any) => sum + t.count, 0)).toBe(1);
    expect(empty.plannedMinutesPerQuarter).toBe(0);
    expect(empty.tiers.map((t: any) => t.plannedMinutesPerQuarter)).toEqual([0, 0, 0, 0, 0]);
    expect(empty.timeToMove).toBe(0);

    // Exactly one step is a plan.
    ok(await api.gql(`mutation($id: ID!) { updateAccountManager(id: $id, input: { weeklyCapacityHours: 0.25 }) { id } }`, { id: managerId }));
    const oneStep = ok(await api.gql(PLAN, { managerId })).planTime;
    expect([oneStep.hoursPerWeek, oneStep.totals.minutes]).toEqual([0.25, 15]);
    expect(ok(await api.gql(PORTFOLIO, { managerId })).portfolio.plannedMinutesPerQuarter).toBe(15 * 13);
  });
});
