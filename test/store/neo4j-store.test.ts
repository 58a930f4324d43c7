/**
 * The Neo4j adapter against the local Neo4j started by the vitest global setup:
 * the shared store contract (the same suite SQLite passes), then what only Neo4j has —
 * Cypher text that never contains a value (captured through the executor's query
 * observer, in the spirit of @neo4j/graphql's TCK snapshots) and listAccounts text made
 * only of allow-listed fragments, lossless integers at the edge, the batched import's
 * compensation when a late batch fails, and creates that stay single and successful when
 * a commit's acknowledgement is lost and the driver retries.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_CENTS } from "../../src/domain/money.js";
import type { AccountGraphStore, NewAccount } from "../../src/ports/account-graph-store.js";
import * as C from "../../src/store/neo4j/cypher.js";
import * as ActivityPagesCypher from "../../src/store/neo4j/neo4j-activity-pages.js";
import * as EditsCypher from "../../src/store/neo4j/neo4j-record-edits.js";
import * as ImportCypher from "../../src/store/neo4j/neo4j-import-cypher.js";
import type { QueryObserver } from "../../src/store/neo4j/neo4j-executor.js";
import { listSchemaFiles, locateSchemaDir, readSchemaStatements } from "../../src/store/neo4j/neo4j-schema.js";
import { Neo4jAccountGraphStore, type Neo4jStoreOptions } from "../../src/store/neo4j/neo4j-store.js";
import { neo4jTestConnection, resetNeo4jDatabase } from "../support/neo4j.js";
import { tinyDataset } from "../support/tiny-dataset.js";
import type { Committed } from "../../src/ports/change-feed.js";
import { defineAccountGraphStoreContract } from "./account-graph-store.contract.js";
import { startBoltFaultProxy, type BoltFaultProxy } from "./bolt-fault-proxy.js";

type Captured = Parameters<QueryObserver>[0];

async function openStore(extra: Partial<Neo4jStoreOptions> = {}): Promise<Neo4jAccountGraphStore> {
  const connection = neo4jTestConnection();
  await resetNeo4jDatabase(connection.uri);
  const store = new Neo4jAccountGraphStore({
    ...connection,
    maxTransactionRetryTimeMs: 2_000,
    connectionTimeoutMs: 2_000,
    ...extra,
  });
  await store.init();
  return store;
}

defineAccountGraphStoreContract("neo4j", () => openStore());

/** Every constant query text the adapter may run: cypher.ts's constants and the schema files. */
async function allowedCypher(): Promise<Set<string>> {
  const texts = new Set<string>();
  for (const module of [C, EditsCypher, ActivityPagesCypher, ImportCypher])
    for (const value of Object.values(module)) if (typeof value === "string") texts.add(value);
  for (const statement of await readSchemaStatements(locateSchemaDir(), await listSchemaFiles(locateSchemaDir()))) texts.add(statement);
  return texts;
}

/**
 * The fragments a listAccounts query is made of, one per line, or null if any line is
 * not an allow-listed fragment. The first predicate line starts "WHERE ", later ones
 * "  AND "; everything else is a fragment as it stands.
 */
function listAccountsFragments(cypher: string): string[] | null {
  const fragments: string[] = [];
  for (const [i, line] of cypher.split("\n").entries()) {
    const prefix = ["WHERE ", "  AND "].find((p) => line.startsWith(p) && (p === "WHERE " ? i === 1 : i > 1));
    const fragment = prefix ? line.slice(prefix.length) : line;
    if (!C.ACCOUNT_LIST_FRAGMENTS.has(fragment)) return null;
    fragments.push(fragment);
  }
  return fragments;
}

/** A query the adapter may run: a constant, or a listAccounts query made of allow-listed fragments. */
function isAllowed(allowed: Set<string>, event: Captured): boolean {
  if (allowed.has(event.cypher)) return true;
  return event.operation === "listAccounts" && listAccountsFragments(event.cypher) !== null;
}

function newAccount(over: Partial<NewAccount>): NewAccount {
  return {
    name: "Plain",
    segment: "MID_MARKET",
    status: "CUSTOMER",
    annualRevenue: 100,
    grossMargin: 0.4,
    licencesHeld: 1,
    licencesPlanned: 2,
    licencePrice: 1_000,
    discountPurchases: 0,
    supplierSwitches: 0,
    ...over,
  };
}

describe("Neo4jAccountGraphStore: Cypher never carries values", () => {
  let store: Neo4jAccountGraphStore;
  const captured: Captured[] = [];

  beforeEach(async () => {
    captured.length = 0;
    store = await openStore({ onQuery: (event) => captured.push(event) });
    await store.importDataset(tinyDataset());
  });
  afterEach(async () => {
    await store.close();
  });

  it("stores an injection attempt verbatim, runs only constant queries, and changes nothing else", async () => {
    const hostile = "x'}) DETACH DELETE n //";
    const hostileQuoted = '"}) MATCH (n) DETACH DELETE n RETURN 1 //';
    const hostileTick = "`) DETACH DELETE n //";
    const before = await store.counts();
    const headBefore = await store.feedHead();
    captured.length = 0;

    const created = (
      await store.createAccount(
        newAccount({ name: hostile, industry: hostileQuoted, region: hostileTick, externalId: "ext:$evil", ownerId: "mgr_one" }),
      )
    ).value;
    await store.updateAccount(created.id, { name: `${hostile}!`, region: "{id: 1}" });
    await store.updateAccount(created.id, { name: hostile });
    const listed = await store.listAccounts({
      filter: { nameContains: "DETACH DELETE N //", industries: [hostileQuoted], regions: [hostileTick, "{id: 1}"] },
      sort: { key: "NAME", direction: "DESC" },
      first: 10,
    });
    await store.listAccounts({ sort: { key: "NAME", direction: "ASC" }, first: 2, after: { value: hostile, id: hostileTick } });
    const link = (await store.linkInfluence({ fromId: created.id, toId: "acc_ada", kind: "PEER", strength: 0.5, since: null })).value;
    expect(await store.getAccounts([hostile, created.id])).toEqual([null, expect.objectContaining({ name: hostile })]);
    await expect(store.unlink(hostile)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.addMembership({ accountId: hostile, communityId: "com_chamber", role: "MEMBER" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "accountId",
    });

    // Edits, upserts and paged activity carry values only as parameters too.
    const upserted = (await store.upsertAccount(hostileQuoted, { patch: { region: hostile }, create: newAccount({ name: hostileTick }) })).value
      .account;
    expect((await store.upsertAccount(hostileQuoted, { patch: { region: hostileTick }, create: null })).value.account.region).toBe(hostileTick);
    const engagement = (await store.recordEngagement({ accountId: created.id, managerId: "mgr_one", minutes: 5, date: "2025-01-01", kind: "CALL" }))
      .value;
    expect((await store.updateEngagement(engagement.id, { note: hostile })).value.note).toBe(hostile);
    expect(
      (await store.engagementPages({ accountIds: [created.id, hostile], first: 1, after: { date: "2030-01-01", id: hostileTick } }))[0]!.items[0]!
        .note,
    ).toBe(hostile);
    await store.purchasePages({ accountIds: [hostileQuoted], first: 1 });
    await expect(store.updateCommunity(hostile, { name: hostileTick })).rejects.toMatchObject({ code: "NOT_FOUND", field: "id" });
    await expect(store.deleteManager(hostile, { reassignTo: hostileQuoted })).rejects.toMatchObject({ code: "NOT_FOUND", field: "id" });
    await store.deleteEngagement(engagement.id);
    await store.deleteAccount(upserted.id);

    // The account is stored exactly as given and found by its (case-folded) name.
    const [stored] = await store.getAccounts([created.id]);
    expect(stored).toMatchObject({ name: hostile, industry: hostileQuoted, region: "{id: 1}", externalId: "ext:$evil" });
    expect(listed.items.map((a) => a.id)).toEqual([created.id]);
    expect(
      (await store.listAccounts({ filter: { nameContains: "detach delete n //" }, sort: { key: "NAME", direction: "ASC" }, first: 5 })).items.map(
        (a) => a.name,
      ),
    ).toEqual([hostile]);

    // Nothing else changed: one account and one link more, all else as it was.
    expect(await store.counts()).toEqual({ ...before, accounts: before.accounts + 1, links: before.links + 1 });
    expect((await store.getLinks([link.id]))[0]).toMatchObject({ fromId: created.id, toId: "acc_ada" });
    expect(await store.feedHead()).toBeGreaterThan(headBefore);

    // Every statement the adapter ran is one of its constants; no value reached the text.
    const allowed = await allowedCypher();
    expect(captured.length).toBeGreaterThan(10);
    for (const event of captured) {
      expect(isAllowed(allowed, event), `unexpected Cypher in ${event.operation}:\n${event.cypher}`).toBe(true);
      for (const value of [hostile, hostileQuoted, hostileTick, "ext:$evil", "{id: 1}", created.id, "mgr_one"]) {
        expect(event.cypher).not.toContain(value);
      }
    }
    // …and the values did travel, as parameters.
    const createEvent = captured.find((e) => e.operation === "createAccount" && e.cypher === C.CREATE_ACCOUNT);
    expect((createEvent?.params.props as Record<string, unknown>).name).toBe(hostile);
  });

  it("chooses page queries only from the sort allow-list", async () => {
    captured.length = 0;
    for (const key of ["NAME", "ANNUAL_REVENUE", "CREATED_AT", "RENEWAL_DATE", "LICENCES_PLANNED"] as const) {
      for (const direction of ["ASC", "DESC"] as const) {
        await store.listAccounts({ sort: { key, direction }, first: 2 });
      }
    }
    const listQueries = captured.filter((e) => e.operation === "listAccounts");
    for (const event of listQueries) expect(listAccountsFragments(event.cypher), event.cypher).not.toBeNull();
    // One page text per (key, direction): the unfiltered count is one constant shared by all.
    const pageQueries = listQueries.filter((e) => e.cypher !== C.buildAccountCountQuery([]));
    expect(new Set(pageQueries.map((e) => e.cypher)).size).toBe(10);
    await expect(store.listAccounts({ sort: { key: "name) DETACH DELETE a //" as never, direction: "ASC" }, first: 2 })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
    expect((await store.counts()).accounts).toBe(5);
  });
});

describe("Neo4jAccountGraphStore: listAccounts Cypher is assembled from allow-listed fragments", () => {
  let store: Neo4jAccountGraphStore;
  const captured: Captured[] = [];

  beforeEach(async () => {
    captured.length = 0;
    store = await openStore({ onQuery: (event) => captured.push(event) });
    await store.importDataset(tinyDataset());
  });
  afterEach(async () => {
    await store.close();
  });

  /** The fragments of each listAccounts query run by one call, with the parameter names bound. */
  async function listQueries(query: Parameters<AccountGraphStore["listAccounts"]>[0]) {
    captured.length = 0;
    const page = await store.listAccounts(query);
    const queries = captured
      .filter((e) => e.operation === "listAccounts")
      .map((e) => ({ fragments: listAccountsFragments(e.cypher), params: Object.keys(e.params).sort(), cypher: e.cypher }));
    return { page, queries };
  }

  const F = C.ACCOUNT_FILTER_PREDICATES;
  const nameAsc = C.ACCOUNT_SORT_FRAGMENTS.NAME.ASC;
  const { returnAccount, returnCount, limit } = C.ACCOUNT_LIST_CLAUSES;

  it("uses the count store and the sort index when nothing is filtered", async () => {
    const { page, queries } = await listQueries({ sort: { key: "NAME", direction: "ASC" }, first: 2 });
    expect(page.totalCount).toBe(5);
    expect(queries.map((q) => q.cypher)).toEqual([
      "MATCH (a:Account)\nRETURN count(a) AS total",
      `MATCH (a:Account)\nWHERE a.nameSortKey IS NOT NULL\nRETURN ${C.ACCOUNT_MAP}\nORDER BY a.nameSortKey ASC, a.id ASC\nLIMIT $limit`,
    ]);
    expect(queries[1]!.params).toEqual(["limit"]);
  });

  it("puts in only the fragments of the filter fields given, with their parameters", async () => {
    const after = (await store.listAccounts({ sort: { key: "NAME", direction: "ASC" }, first: 1 })).positions[0]!;
    const filter = { segments: ["MID_MARKET" as const], regions: ["North"] };
    const { page, queries } = await listQueries({ filter, sort: { key: "NAME", direction: "ASC" }, first: 1, after });
    expect(page.items.map((a) => a.id)).toEqual(["acc_cyd"]);
    expect(queries.map((q) => q.fragments)).toEqual([
      [C.ACCOUNT_MATCH.all, F.segments, F.regions, returnCount],
      [C.ACCOUNT_MATCH.all, F.segments, F.regions, ...nameAsc.valuesAfter, returnAccount, nameAsc.valuesOrder, limit],
    ]);
    expect(queries.map((q) => q.params)).toEqual([
      ["regions", "segments"],
      ["afterId", "afterValue", "limit", "regions", "segments"],
    ]);
  });

  it("matches a community's members by pattern and combines it with the other fragments", async () => {
    const filter = { communityId: "com_chamber", nameContains: "A", minRevenue: 1, statuses: ["CUSTOMER" as const] };
    const { page, queries } = await listQueries({ filter, sort: { key: "ANNUAL_REVENUE", direction: "DESC" }, first: 5 });
    expect(page.items.map((a) => a.id)).toEqual(["acc_ada", "acc_bob"]);
    const revenueDesc = C.ACCOUNT_SORT_FRAGMENTS.ANNUAL_REVENUE.DESC;
    const predicates = [F.statuses, F.minRevenue, F.nameContains];
    expect(queries.map((q) => q.fragments)).toEqual([
      [C.ACCOUNT_MATCH.communityMembers, ...predicates, returnCount],
      [C.ACCOUNT_MATCH.communityMembers, ...predicates, revenueDesc.valuesFrom, returnAccount, revenueDesc.valuesOrder, limit],
    ]);
  });

  it("reads a nullable key's values in index order, then its nulls in id order", async () => {
    await store.updateAccount("acc_bob", { renewalDate: null });
    await store.updateAccount("acc_eve", { renewalDate: null });
    const renewal = C.ACCOUNT_SORT_FRAGMENTS.RENEWAL_DATE.DESC;
    const first = await listQueries({
      filter: { ids: ["acc_ada", "acc_bob", "acc_eve"] },
      sort: { key: "RENEWAL_DATE", direction: "DESC" },
      first: 2,
    });
    expect(first.page.items.map((a) => a.id)).toEqual(["acc_ada", "acc_eve"]);
    expect(first.queries.map((q) => q.fragments)).toEqual([
      [C.ACCOUNT_MATCH.all, F.ids, returnCount],
      [C.ACCOUNT_MATCH.all, F.ids, renewal.valuesFrom, returnAccount, renewal.valuesOrder, limit],
      [C.ACCOUNT_MATCH.all, F.ids, renewal.nulls!.where, renewal.nulls!.from, returnAccount, renewal.nulls!.order, limit],
    ]);
    // A cursor among the nulls reads only the nulls after it.
    const rest = await listQueries({
      filter: { ids: ["acc_ada", "acc_bob", "acc_eve"] },
      sort: { key: "RENEWAL_DATE", direction: "DESC" },
      first: 2,
      after: first.page.positions[1]!,
    });
    expect(rest.page.items.map((a) => a.id)).toEqual(["acc_bob"]);
    expect(rest.queries.map((q) => q.fragments)).toEqual([
      [C.ACCOUNT_MATCH.all, F.ids, returnCount],
      [C.ACCOUNT_MATCH.all, F.ids, renewal.nulls!.where, renewal.nulls!.after, returnAccount, renewal.nulls!.order, limit],
    ]);
  });

  it("reads no page when the count is zero", async () => {
    const { page, queries } = await listQueries({ filter: { regions: ["Atlantis"] }, sort: { key: "NAME", direction: "ASC" }, first: 5 });
    expect(page).toEqual({ items: [], positions: [], hasNextPage: false, totalCount: 0 });
    expect(queries.map((q) => q.fragments)).toEqual([[C.ACCOUNT_MATCH.all, F.regions, returnCount]]);
  });

  it("every fragment reads values only through $parameters", () => {
    for (const fragment of C.ACCOUNT_LIST_FRAGMENTS) {
      // No quotes or digits: a fragment names properties, labels and $parameters only.
      expect(fragment, fragment).not.toMatch(/['"`\d]/);
    }
  });
});

describe("Neo4jAccountGraphStore: values at the driver edge", () => {
  let store: AccountGraphStore;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it("round-trips integer cents beyond 32 bits and dates as plain JS values", async () => {
    await store.createManager({ id: "mgr_x", name: "X", email: "x@example.com", weeklyCapacityHours: 37.5 });
    const big = (
      await store.createAccount(
        newAccount({ name: "Big", annualRevenue: MAX_CENTS, licencePrice: 2 ** 40 + 1, renewalDate: "2031-12-31", ownerId: "mgr_x" }),
      )
    ).value;
    const [read] = await store.getAccounts([big.id]);
    expect(read).toEqual(big);
    expect(read?.annualRevenue).toBe(MAX_CENTS);
    expect(typeof read?.annualRevenue).toBe("number");
    expect(read?.licencePrice).toBe(2 ** 40 + 1);
    expect(read?.renewalDate).toBe("2031-12-31");
    expect(read?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await store.getManagers(["mgr_x"]))[0]?.weeklyCapacityHours).toBe(37.5);

    // Revenue filters compare integers with integers, at the extremes too.
    const filtered = await store.listAccounts({
      filter: { minRevenue: MAX_CENTS, maxRevenue: MAX_CENTS },
      sort: { key: "ANNUAL_REVENUE", direction: "DESC" },
      first: 5,
    });
    expect(filtered.items.map((a) => a.id)).toEqual([big.id]);
    expect(filtered.positions).toEqual([{ value: MAX_CENTS, id: big.id }]);
  });

  it("orders names by code point beyond the BMP, where Neo4j alone would order by UTF-16 code unit", async () => {
    // Code point order: "z" < U+E000 < U+FF21 (fullwidth A) < U+FFFD < U+1F600 (emoji).
    // By code unit the emoji (surrogates D83D DE00) would come right after "z".
    const names = ["\u{1F600} Smile Ltd", "\uFFFD Replacement", "z plain", "\uFF21\uFF22 Fullwidth", "\uE000 Private", "\u{1F600}"];
    const accounts = [];
    for (const name of names) accounts.push((await store.createAccount(newAccount({ name }))).value);
    const byCodePoint = (a: string, b: string) => {
      const [x, y] = [[...a].map((c) => c.codePointAt(0)!), [...b].map((c) => c.codePointAt(0)!)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    const expected = [...names].sort(byCodePoint);
    for (const direction of ["ASC", "DESC"] as const) {
      const seen: string[] = [];
      let after: { value: string | number | null; id: string } | undefined;
      for (;;) {
        const page = await store.listAccounts({ sort: { key: "NAME", direction }, first: 1, ...(after ? { after } : {}) });
        seen.push(...page.items.map((a) => a.name));
        expect(page.positions.map((p) => p.value)).toEqual(page.items.map((a) => a.name));
        if (!page.hasNextPage) break;
        after = page.positions[0];
      }
      expect(seen).toEqual(direction === "ASC" ? expected : [...expected].reverse());
    }
  });

  it("reads the state with link weights and money as numbers, never driver Integers", async () => {
    await store.importDataset(tinyDataset());
    const state = await store.readState({ activitySince: "2000-01-01" });
    expect(state.accounts.map((n) => n.id)).toEqual(["acc_ada", "acc_bob", "acc_cyd", "acc_dan", "acc_eve"]);
    expect(state.links.map((e) => e.id)).toEqual(["lnk_ada_bob", "lnk_ada_dan", "lnk_bob_cyd"]);
    for (const link of state.links) expect(typeof link.strength).toBe("number");
    expect(state.links.find((e) => e.id === "lnk_ada_dan")).toMatchObject({
      id: "lnk_ada_dan",
      type: "REFERRED",
      fromId: "acc_ada",
      toId: "acc_dan",
      strength: 1,
      revenue: 2_500_000,
    });
    expect(state.accounts.find((n) => n.id === "acc_dan")?.annualRevenue).toBe(90_000_000);
    expect(state.seq).toBe(await store.feedHead());
  });

  it("applies the schema idempotently", async () => {
    await store.importDataset(tinyDataset());
    await store.init();
    await store.init();
    expect((await store.counts()).accounts).toBe(5);
    // The uniqueness constraint holds even if the adapter's own check were bypassed.
    await expect(store.createAccount(newAccount({ id: "acc_ada" }))).rejects.toMatchObject({ code: "CONFLICT", field: "id" });
  });
});

describe("Neo4jAccountGraphStore: batched import is all or nothing", () => {
  let store: Neo4jAccountGraphStore;
  let failOn: string | null = null;

  beforeEach(async () => {
    failOn = null;
    store = await openStore({
      // Force the multi-transaction path even for the tiny dataset.
      importSingleTransactionMaxRows: 1,
      onQuery: (event) => {
        if (event.operation === failOn) throw new Error(`injected failure in ${failOn}`);
      },
    });
  });
  afterEach(async () => {
    await store.close();
  });

  it("imports in several transactions when the dataset is large", async () => {
    const written = await store.importDataset(tinyDataset(), { batchSize: 2 });
    expect(written).toEqual(await store.counts());
    expect(written).toMatchObject({ accounts: 5, links: 3, memberships: 2, engagements: 2, purchases: 1 });
  });

  it("deletes what earlier batches committed when a later batch fails, leaving older data alone", async () => {
    await store.createManager({ id: "mgr_keep", name: "Keeper", email: "keep@example.com", weeklyCapacityHours: 10 });
    const keep = (await store.createAccount(newAccount({ id: "acc_keep", name: "Kept", ownerId: "mgr_keep" }))).value;
    const before = await store.counts();

    failOn = "importDataset.purchases"; // the last step: everything else has committed by then
    await expect(store.importDataset(tinyDataset(), { batchSize: 2 })).rejects.toThrow("injected failure");

    expect(await store.counts()).toEqual(before);
    expect(await store.getAccounts(["acc_keep", "acc_ada"])).toEqual([keep, null]);
    expect(await store.getLinks(["lnk_ada_bob"])).toEqual([null]);

    // The same dataset imports cleanly afterwards: nothing half-written blocks it.
    failOn = null;
    await store.importDataset(tinyDataset(), { batchSize: 2 });
    expect((await store.counts()).accounts).toBe(before.accounts + 5);
  });

  it("validates every reference before writing anything", async () => {
    const dataset = tinyDataset();
    dataset.purchases.push({ id: "pur_bad", accountId: "acc_nowhere", amount: 1, licences: 1, discount: 0, date: "2025-01-01" });
    await expect(store.importDataset(dataset, { batchSize: 2 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "purchases[1].accountId",
    });
    expect((await store.counts()).accounts).toBe(0);
  });
});

describe("Neo4jAccountGraphStore: a lost commit acknowledgement", () => {
  let proxy: BoltFaultProxy;
  let store: Neo4jAccountGraphStore;

  beforeEach(async () => {
    const connection = neo4jTestConnection();
    await resetNeo4jDatabase(connection.uri);
    proxy = await startBoltFaultProxy(connection.uri);
    // The driver waits about a second before its first retry; leave room for it.
    store = new Neo4jAccountGraphStore({ ...connection, uri: proxy.uri, maxTransactionRetryTimeMs: 10_000, connectionTimeoutMs: 2_000 });
    await store.init();
    await store.importDataset(tinyDataset());
  });
  afterEach(async () => {
    await store.close();
    await proxy.close();
  });

  /**
   * Runs one write whose commit lands but whose acknowledgement is lost, so the driver retries
   * it; the feed must hold its change exactly once (no gap, no duplicate), and the answer must
   * carry that change.
   */
  async function withLostAck<T>(write: () => Promise<Committed<T>>): Promise<T> {
    const lost = proxy.lostAcks;
    const head = await store.feedHead();
    proxy.loseNextCommitAck();
    try {
      const { value, change } = await write();
      expect(await store.feedHead()).toBe(head + 1);
      expect((await store.changesSince(head, 10)).changes).toEqual([change]);
      return value;
    } finally {
      expect(proxy.lostAcks, "the commit's acknowledgement was dropped").toBe(lost + 1);
    }
  }

  it("every create answers with its own record, written exactly once", async () => {
    const before = await store.counts();
    const manager = await withLostAck(() => store.createManager({ name: "Rita Retry", email: "rita@example.com", weeklyCapacityHours: 30 }));
    const account = await withLostAck(() => store.createAccount(newAccount({ name: "Once Only", ownerId: manager.id })));
    const community = await withLostAck(() => store.createCommunity({ name: "Retry Club", kind: "CLUB", region: null }));
    const membership = await withLostAck(() =>
      store.addMembership({ accountId: account.id, communityId: community.id, role: "LEADER", since: "2025-01-01" }),
    );
    const influence = await withLostAck(() => store.linkInfluence({ fromId: account.id, toId: "acc_ada", kind: "PEER", strength: 0.5 }));
    const referral = await withLostAck(() => store.recordReferral({ fromId: account.id, toId: "acc_bob", date: "2025-02-01", revenue: 1_000 }));
    const engagement = await withLostAck(() =>
      store.recordEngagement({ accountId: account.id, managerId: manager.id, minutes: 45, date: "2025-03-01", kind: "CALL" }),
    );
    const purchase = await withLostAck(() =>
      store.recordPurchase({ accountId: account.id, amount: 12_345, licences: 3, discount: 0, date: "2025-04-01" }),
    );

    // Each answer is the record as stored, and each was stored once.
    expect(await store.getManagers([manager.id])).toEqual([manager]);
    expect(await store.getAccounts([account.id])).toEqual([expect.objectContaining({ ...account })]);
    expect(account).toMatchObject({ name: "Once Only", ownerId: manager.id });
    expect(await store.getCommunities([community.id])).toEqual([community]);
    expect(membership).toEqual({ accountId: account.id, communityId: community.id, role: "LEADER", since: "2025-01-01" });
    expect(await store.membershipsOfAccounts([account.id])).toEqual([membership]);
    expect(await store.getLinks([influence.id, referral.id])).toEqual([influence, referral]);
    expect(await store.linksOfAccounts({ accountIds: [account.id], direction: "OUT" })).toHaveLength(2);
    expect(await store.engagementsOfAccounts([account.id])).toEqual([engagement]);
    expect(await store.purchasesOfAccounts([account.id])).toEqual([purchase]);
    expect(await store.counts()).toEqual({
      accounts: before.accounts + 1,
      managers: before.managers + 1,
      communities: before.communities + 1,
      memberships: before.memberships + 1,
      links: before.links + 2,
      engagements: before.engagements + 1,
      purchases: before.purchases + 1,
    });
  });

  it("a later duplicate still conflicts, and so does a caller-supplied id", async () => {
    await withLostAck(() => store.linkInfluence({ fromId: "acc_cyd", toId: "acc_ada", kind: "PEER", strength: 0.5 }));
    // Same type and ends under a new generated id: another link, not a retry of the first.
    await expect(store.linkInfluence({ fromId: "acc_cyd", toId: "acc_ada", kind: "BOARD", strength: 0.9 })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "toId",
    });
    await withLostAck(() => store.addMembership({ accountId: "acc_cyd", communityId: "com_chamber", role: "MEMBER" }));
    await expect(store.addMembership({ accountId: "acc_cyd", communityId: "com_chamber", role: "MEMBER" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // A supplied id is recognised too: the retry finds its own change by the call's writeId.
    const supplied = await withLostAck(() => store.createAccount(newAccount({ id: "acc_supplied", name: "Supplied" })));
    expect((await store.getAccounts(["acc_supplied"]))[0]).toEqual(supplied);
    // Updates and deletes are answered from the first attempt's change as well, committed once.
    const renamed = await withLostAck(() => store.updateAccount("acc_supplied", { name: "Supplied, renamed" }));
    expect(renamed.name).toBe("Supplied, renamed");
    expect(await withLostAck(() => store.deleteAccount("acc_supplied"))).toEqual(renamed);
    expect((await store.counts()).links).toBe(4);
  });
});
