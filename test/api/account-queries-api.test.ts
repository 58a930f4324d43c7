/**
 * Filters, orders, aggregates and paged lists through HTTP on the sample dataset, on both
 * stores, as a client of @neo4j/graphql or Hasura would use them: date ranges relative to
 * today, CRM ids, several ids, owners or none, engaged since, AND / OR / NOT; several sort
 * keys with null placement and cursors paged to the end (old single-key cursors still
 * valid); aggregates grouped by every dimension; paged communities, managers, members,
 * engagements and purchases (batched per request); and the limits that keep a filter cheap.
 * Every expectation is computed from the API's own plain answers (all accounts, their
 * engagements), not restated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleDataset } from "../../seeds/index.js";
import { startApp } from "../../src/app.js";
import { addDays } from "../../src/domain/dates.js";
import { todayIso } from "../../src/domain/guards.js";
import { createLogger } from "../../src/logger.js";
import { apiClient, type GraphQLResponse } from "../support/api-client.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { spyOnStore } from "../support/store-spies.js";

const TODAY = todayIso();

interface Row {
  id: string;
  externalId: string | null;
  name: string;
  segment: string;
  status: string;
  region: string | null;
  industry: string | null;
  annualRevenue: string;
  licencesHeld: number;
  licencesPlanned: number;
  licencePrice: string;
  renewalDate: string | null;
  lastContact: string | null;
  owner: { id: string } | null;
  memberships: { community: { id: string } }[];
  engagements: { id: string; date: string; minutes: number }[];
}

const ALL = `{ accounts(first: 100) { totalCount edges { node { id externalId name segment status region industry annualRevenue
  licencesHeld licencesPlanned licencePrice renewalDate lastContact owner { id } memberships { community { id } } engagements { id date minutes } } } } }`;

const IDS = `query($filter: AccountFilterInput, $after: String) { accounts(first: 100, filter: $filter, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;

const cents = (money: string) => Math.round(Number(money) * 100);
const money = (c: number) => (c / 100).toFixed(2);
const whitespace = (r: Row) => Math.max(0, r.licencesPlanned - r.licencesHeld);

function ok<T = any>(response: GraphQLResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

function failure(response: GraphQLResponse): { code: unknown; field: unknown } {
  const extensions = response.errors?.[0]?.extensions;
  if (!extensions) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return { code: extensions.code, field: extensions.field };
}

describe.each(STORE_FACTORIES)("account queries through the API on $name", (factory) => {
  let opened: OpenedStore;
  let counted: ReturnType<typeof spyOnStore>;
  let gql: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;
  let rows: Row[];

  const idsOf = async (filter: Record<string, unknown>) => {
    const data = ok(await gql(IDS, { filter }));
    return { ids: data.accounts.edges.map((e: any) => e.node.id).sort(), totalCount: data.accounts.totalCount };
  };
  const expectMatches = async (filter: Record<string, unknown>, predicate: (r: Row) => boolean) => {
    const expected = rows
      .filter(predicate)
      .map((r) => r.id)
      .sort();
    expect(await idsOf(filter), JSON.stringify(filter)).toEqual({ ids: expected, totalCount: expected.length });
    return expected.length;
  };

  beforeAll(async () => {
    opened = await factory.make();
    await opened.store.importDataset(loadSampleDataset(new Date(`${TODAY}T12:00:00Z`)));
    counted = spyOnStore(opened.store);
    const server = await startApp({
      store: counted.store,
      logger: createLogger(process.env.LOG_LEVEL ?? "silent"),
      port: 0,
      host: "127.0.0.1",
      analytics: { influence: { maxWaitMs: 30_000 }, strategy: { today: () => TODAY } },
    });
    gql = apiClient(`http://127.0.0.1:${server.port}/`);
    close = () => server.close();
    rows = ok(await gql(ALL)).accounts.edges.map((e: any) => e.node);
    expect(rows.length).toBeGreaterThan(50);
  });
  afterAll(async () => {
    await close?.();
    await opened?.cleanup();
  });

  it("filters by date ranges relative to today, CRM ids, several ids, licences and owners", async () => {
    const soon = addDays(TODAY, 120);
    expect(
      await expectMatches({ renewalDate: { nextDays: 120 } }, (r) => r.renewalDate !== null && r.renewalDate >= TODAY && r.renewalDate <= soon),
    ).toBeGreaterThan(0);
    const cut = addDays(TODAY, -60);
    expect(await expectMatches({ lastContact: { before: cut } }, (r) => r.lastContact !== null && r.lastContact < cut)).toBeGreaterThan(0);
    await expectMatches({ lastContact: { isNull: true } }, (r) => r.lastContact === null);
    // The ends of the accepted dates: nothing is after the last or before the first.
    expect(await expectMatches({ renewalDate: { after: "9999-12-31" } }, () => false)).toBe(0);
    expect(await expectMatches({ customerSince: { before: "1900-01-01" } }, () => false)).toBe(0);
    await expectMatches({ renewalDate: { after: "9999-12-30" } }, (r) => r.renewalDate === "9999-12-31");
    const withCrm = rows.filter((r) => r.externalId !== null).slice(0, 3);
    await expectMatches({ externalIds: [...withCrm.map((r) => r.externalId), "no-such-crm-id"] }, (r) => withCrm.includes(r));
    await expectMatches({ ids: [rows[0]!.id, rows[5]!.id, "acc_missing"] }, (r) => r === rows[0] || r === rows[5]);
    await expectMatches({ hasOwner: false }, (r) => r.owner === null);
    await expectMatches({ licencesPlanned: { min: 20, max: 100 } }, (r) => r.licencesPlanned >= 20 && r.licencesPlanned <= 100);
    await expectMatches({ whitespaceLicences: { min: 10 } }, (r) => whitespace(r) >= 10);
  });

  it("combines filters with AND / OR / NOT, and filters by engagement since a date", async () => {
    await expectMatches(
      { OR: [{ segments: ["ENTERPRISE"] }, { AND: [{ statuses: ["PROSPECT"] }, { minRevenue: "100000" }] }], NOT: { regions: ["North"] } },
      (r) => (r.segment === "ENTERPRISE" || (r.status === "PROSPECT" && cents(r.annualRevenue) >= 100_000_00)) && r.region !== "North",
    );
    const since = addDays(TODAY, -45);
    const engaged = (r: Row) => r.engagements.some((e) => e.date >= since);
    expect(await expectMatches({ engagedSince: since }, engaged)).toBeGreaterThan(0);
    expect(await expectMatches({ notEngagedSince: since, statuses: ["CUSTOMER"] }, (r) => !engaged(r) && r.status === "CUSTOMER")).toBeGreaterThan(0);
    await expectMatches({ OR: [] }, () => false);
  });

  it("orders by several keys with null placement, paging to the end with cursors", async () => {
    const query = `query($after: String) { accounts(first: 7, after: $after, sort: [{ key: REGION, nulls: FIRST }, { key: ANNUAL_REVENUE, direction: DESC }]) {
      pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = ok(await gql(query, { after })).accounts;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const byCodePoint = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const expected = [...rows]
      .sort((a, b) => {
        if (a.region !== b.region) return a.region === null ? -1 : b.region === null ? 1 : byCodePoint(a.region, b.region);
        return cents(b.annualRevenue) - cents(a.annualRevenue) || byCodePoint(b.id, a.id);
      })
      .map((r) => r.id);
    expect(seen).toEqual(expected);
  });

  it("keeps single-key orders and their cursors as before: orderBy takes one object, also as a variable, and sort of one key pages alike", async () => {
    const first = ok(
      await gql(`query($o: AccountOrderByInput) { accounts(first: 2, orderBy: $o) { pageInfo { endCursor } edges { node { id name } } } }`, {
        o: { key: "NAME", direction: "ASC" },
      }),
    ).accounts;
    const cursor = JSON.parse(Buffer.from(first.pageInfo.endCursor, "base64url").toString("utf8"));
    expect(cursor).toEqual({ o: "NAME:ASC", v: first.edges[1].node.name, i: first.edges[1].node.id });
    const next = ok(
      await gql(`query($a: String) { accounts(first: 1, after: $a, sort: [{ key: NAME }]) { edges { node { name } } } }`, {
        a: first.pageInfo.endCursor,
      }),
    );
    expect(next.accounts.edges[0].node.name >= first.edges[1].node.name).toBe(true);
    const other = await gql(`query($a: String) { accounts(first: 1, after: $a, sort: [{ key: NAME }, { key: REGION }]) { totalCount } }`, {
      a: first.pageInfo.endCursor,
    });
    expect(failure(other)).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("refuses filters and orders beyond the documented limits, naming the field", async () => {
    const ids = Array.from({ length: 1_001 }, (_, i) => `acc_${i}`);
    expect(failure(await gql(IDS, { filter: { ids } }))).toEqual({ code: "BAD_USER_INPUT", field: "filter.ids" });
    expect(failure(await gql(IDS, { filter: { OR: [{ ownerIds: ids }] } }))).toEqual({ code: "BAD_USER_INPUT", field: "filter.OR.0.ownerIds" });
    const deep = { AND: [{ AND: [{ AND: [{ AND: [{ AND: [{ segments: ["ENTERPRISE"] }] }] }] }] }] };
    expect(failure(await gql(IDS, { filter: deep }))).toEqual({ code: "BAD_USER_INPUT", field: "filter.AND.0.AND.0.AND.0.AND.0.AND" });
    const wide = { OR: Array.from({ length: 21 }, () => ({ hasOwner: true })) };
    expect(failure(await gql(IDS, { filter: wide }))).toEqual({ code: "BAD_USER_INPUT", field: "filter.OR" });
    expect(failure(await gql(IDS, { filter: { engagedSince: addDays(TODAY, -800) } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "filter.engagedSince",
    });
    expect(failure(await gql(IDS, { filter: { renewalDate: { nextDays: -1 } } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "filter.renewalDate.nextDays",
    });
    expect(failure(await gql(IDS, { filter: { lastContact: { before: "2026-02-30" } } }))).toEqual({
      code: "BAD_USER_INPUT",
      field: "filter.lastContact.before",
    });
    const order = (sort: unknown) => gql(`query($s: [AccountOrderByInput!]) { accounts(first: 1, sort: $s) { totalCount } }`, { s: sort });
    expect(failure(await order([{ key: "NAME" }, { key: "REGION" }, { key: "STATUS" }, { key: "SEGMENT" }]))).toEqual({
      code: "BAD_USER_INPUT",
      field: "sort",
    });
    expect(failure(await order([{ key: "NAME" }, { key: "NAME", direction: "DESC" }]))).toEqual({ code: "BAD_USER_INPUT", field: "sort.1.key" });
    expect(failure(await order([]))).toEqual({ code: "BAD_USER_INPUT", field: "sort" });
    const both = await gql(`{ accounts(first: 1, orderBy: { key: NAME }, sort: [{ key: REGION }]) { totalCount } }`);
    expect(failure(both)).toEqual({ code: "BAD_USER_INPUT", field: "sort" });
  });

  it("aggregates revenue, whitespace and engagement minutes in all and per segment, owner, community and region", async () => {
    const windowFrom = addDays(TODAY, -90);
    const minutes = (r: Row) => r.engagements.filter((e) => e.date >= windowFrom && e.date <= TODAY).reduce((s, e) => s + e.minutes, 0);
    const STATS =
      "count annualRevenue { sum average min max } whitespaceLicences { sum average } whitespaceValue { sum } engagementMinutes { sum average max }";
    const stats = (set: Row[]) => ({
      count: set.length,
      annualRevenue: {
        sum: money(set.reduce((s, r) => s + cents(r.annualRevenue), 0)),
        average: money(Math.round(set.reduce((s, r) => s + cents(r.annualRevenue), 0) / set.length)),
        min: money(Math.min(...set.map((r) => cents(r.annualRevenue)))),
        max: money(Math.max(...set.map((r) => cents(r.annualRevenue)))),
      },
      whitespaceLicences: { sum: set.reduce((s, r) => s + whitespace(r), 0), average: set.reduce((s, r) => s + whitespace(r), 0) / set.length },
      whitespaceValue: { sum: money(set.reduce((s, r) => s + whitespace(r) * cents(r.licencePrice), 0)) },
      engagementMinutes: {
        sum: set.reduce((s, r) => s + minutes(r), 0),
        average: set.reduce((s, r) => s + minutes(r), 0) / set.length,
        max: Math.max(...set.map(minutes)),
      },
    });
    const customers = rows.filter((r) => r.status === "CUSTOMER");
    const keyed: [string, string, (r: Row) => (string | null)[]][] = [
      ["SEGMENT", "", (r) => [r.segment]],
      ["OWNER", "owner { id }", (r) => [r.owner?.id ?? null]],
      ["COMMUNITY", "community { id }", (r) => (r.memberships.length ? r.memberships.map((m) => m.community.id) : [null])],
      ["REGION", "", (r) => [r.region]],
    ];
    for (const [dimension, extra, keysOf] of keyed) {
      const data = ok(
        await gql(`{ accountsAggregate(filter: { statuses: [CUSTOMER] }, groupBy: ${dimension}) { ${STATS} groupBy groupCount
        engagementWindow { from to } groups(first: 500) { key ${extra} ${STATS} } } }`),
      ).accountsAggregate;
      const { groups, groupBy, groupCount, engagementWindow, ...totals } = data;
      expect(totals).toEqual(stats(customers));
      expect(engagementWindow).toEqual({ from: windowFrom, to: TODAY });
      expect(groupBy).toBe(dimension);
      const expected = new Map<string | null, Row[]>();
      for (const r of customers) for (const key of keysOf(r)) expected.set(key, [...(expected.get(key) ?? []), r]);
      expect(groupCount).toBe(expected.size);
      for (const group of groups) {
        const { key, owner, community, ...figures } = group;
        expect(figures, `${dimension} ${key}`).toEqual(stats(expected.get(key)!));
        if (dimension === "OWNER") expect(owner).toEqual(key === null ? null : { id: key });
        if (dimension === "COMMUNITY") expect(community).toEqual(key === null ? null : { id: key });
      }
      const counts = groups.map((g: any) => g.count);
      expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    }
  });

  it("groups by strategic tier exactly as the strategic ranking tiers the accounts", async () => {
    const ranking = ok(await gql(`{ strategicRanking(first: 100) { totalCount edges { strategy { tier } } } }`)).strategicRanking;
    const tiers = new Map<string, number>();
    for (const edge of ranking.edges) tiers.set(edge.strategy.tier, (tiers.get(edge.strategy.tier) ?? 0) + 1);
    const data = ok(await gql(`{ accountsAggregate(groupBy: TIER) { count groups { key count } } }`)).accountsAggregate;
    expect(data.count).toBe(rows.length);
    expect(new Map(data.groups.map((g: any) => [g.key, g.count]))).toEqual(tiers);
  });

  it("refuses an engagement window the read model cannot answer, and an unknown dimension", async () => {
    const early = await gql(`query($w: DateRangeInput) { accountsAggregate(engagementWindow: $w) { count } }`, {
      w: { from: addDays(TODAY, -1_000) },
    });
    expect(failure(early)).toEqual({ code: "BAD_USER_INPUT", field: "engagementWindow.from" });
    // An unknown enum literal is a bad value, named like any other (input-error-fields.ts).
    expect(failure(await gql(`{ accountsAggregate(groupBy: COLOUR) { count } }`))).toEqual({ code: "BAD_USER_INPUT", field: "groupBy" });
  });

  it("pages an account's engagements newest first within a window, and batches the accounts of a page into one store read", async () => {
    const busiest = [...rows].sort((a, b) => b.engagements.length - a.engagements.length)[0]!;
    expect(busiest.engagements.length).toBeGreaterThan(3);
    const query = `query($id: ID!, $after: String, $w: DateRangeInput) { account(id: $id) { engagementsConnection(first: 2, after: $after, window: $w) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id date } } } } }`;
    const collect = async (window?: Record<string, string>) => {
      const seen: { id: string; date: string }[] = [];
      let after: string | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = ok(await gql(query, { id: busiest.id, after, w: window })).account.engagementsConnection;
        seen.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) return { seen, totalCount: page.totalCount };
        after = page.pageInfo.endCursor;
      }
      throw new Error("pages did not end");
    };
    const newest = (x: { id: string; date: string }, y: { id: string; date: string }) =>
      x.date !== y.date ? (x.date < y.date ? 1 : -1) : x.id < y.id ? 1 : -1;
    const all = busiest.engagements.map(({ id, date }) => ({ id, date })).sort(newest);
    expect(await collect()).toEqual({ seen: all, totalCount: all.length });
    const from = all[Math.floor(all.length / 2)]!.date;
    const recent = all.filter((e) => e.date >= from);
    expect(await collect({ from })).toEqual({ seen: recent, totalCount: recent.length });

    counted.reset();
    const page = ok(
      await gql(`{ accounts(first: 20) { edges { node { engagementsConnection(first: 3) { totalCount edges { node { id } } }
      purchasesConnection(first: 1, window: { lastDays: 3650 }) { totalCount } } } } }`),
    );
    expect(page.accounts.edges).toHaveLength(20);
    expect(counted.calls.get("engagementPages")).toBe(1);
    expect(counted.calls.get("purchasePages")).toBe(1);
  });

  it("pages communities, managers and a community's members", async () => {
    const communities = ok(await gql(`{ communities { id name } }`)).communities;
    const paged: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = ok(
        await gql(
          `query($a: String) { communitiesConnection(first: 1, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
          { a: after },
        ),
      ).communitiesConnection;
      expect(page.totalCount).toBe(communities.length);
      paged.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(communities.map((c: any) => c.id));
    const managers = ok(await gql(`{ accountManagers { id } accountManagersConnection(first: 100) { totalCount edges { node { id } } } }`));
    expect(managers.accountManagersConnection.edges.map((e: any) => e.node.id)).toEqual(managers.accountManagers.map((m: any) => m.id));
    const community = communities[0]!.id;
    const members = ok(
      await gql(
        `query($id: ID!) { community(id: $id) { members { role account { id } }
      leaders: membersConnection(first: 100, roles: [LEADER]) { totalCount edges { node { role accountId } } }
      firstTwo: membersConnection(first: 2) { pageInfo { hasNextPage } edges { node { accountId } } } } }`,
        { id: community },
      ),
    ).community;
    const leaders = members.members.filter((m: any) => m.role === "LEADER");
    expect(members.leaders.totalCount).toBe(leaders.length);
    expect(members.firstTwo.edges.map((e: any) => e.node.accountId)).toEqual(members.members.slice(0, 2).map((m: any) => m.account.id));
    expect(failure(await gql(`{ communitiesConnection(first: 1, after: "bm90LWEtY3Vyc29y") { totalCount } }`))).toEqual({
      code: "BAD_USER_INPUT",
      field: "after",
    });
  });
});
