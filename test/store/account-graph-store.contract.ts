/**
 * The AccountGraphStore contract, written once against the port and run against every
 * adapter (test/store/sqlite-store.test.ts, the Neo4j adapter's test), the way
 * graphology's `specs(Graph)` runs one suite against every implementation.
 *
 * `makeStore` must return an initialised, empty store of its own, with a `cleanup` that
 * closes it and removes what it created (or the bare store, then cleanup is `close()`).
 * Each test gets a fresh store.
 *
 * What the contract pins down beyond the port's TSDoc (adapters must agree on these):
 * - listAccounts order: by the sort value, ties by id, both in the requested direction;
 *   nulls (renewalDate) last in either direction; NAME compares the stored name by code
 *   point. `positions[i]` is `{ value: <sort field of items[i]>, id }`.
 * - A filter list restricts to its members, so an empty list matches nothing.
 *   `nameContains` folds case for every script (domain/search-text.ts) and takes `%`/`_`
 *   literally. min/maxRevenue are inclusive. An unknown communityId matches nothing.
 * - Engagements and purchases come ordered by date, then id; date windows are inclusive.
 *   An empty `types` list in linksOfAccounts selects no link.
 * - NotFoundError names the field: the id argument itself is `id`; references are
 *   `ownerId`, `accountId`, `communityId`, `managerId`, `fromId`, `toId`.
 *   ConflictError on a taken externalId names `externalId`.
 * - The change feed, readState and the ownership scope have their own part of the contract
 *   (change-feed.contract.ts), run from here against the same stores; so have edits and
 *   deletions (record-edits.contract.ts), paged activity (activity-pages.contract.ts) and the
 *   read model's own filters, orders and aggregates over each store's state (account-queries.contract.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import type { Account, AccountManager, Community, Link } from "../../src/domain/model.js";
import {
  ACCOUNT_SORT_KEYS,
  type AccountFilter,
  type AccountGraphStore,
  type AccountPageQuery,
  type AccountSortKey,
  type Dataset,
  type NewAccount,
  type Page,
  type SortDirection,
} from "../../src/ports/account-graph-store.js";
import { accountPageOf, portPageRequest } from "../../src/services/read-model/account-pages.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { defineChangeFeedContract } from "./change-feed.contract.js";
import {
  ABSENT_ACCOUNT_OPTIONALS,
  EMPTY_COUNTS,
  HOSTILE_STRINGS,
  ISO_DATE_TIME,
  accountInput,
  byLinkId,
  communityInput,
  compareForSort,
  countsOf,
  expectFailure,
  expectedAccount,
  idsOf,
  managerInput,
  positionOf,
  smallDataset,
  snapshotOf,
  sortValueOf,
  sortedIds,
  type StoreSnapshot,
} from "./store-fixtures.js";
import { defineCrmImportContract } from "./crm-import.contract.js";
import { defineAccountQueriesContract } from "./account-queries.contract.js";
import { defineActivityPagesContract } from "./activity-pages.contract.js";
import { defineRecordEditsContract } from "./record-edits.contract.js";

export interface ContractStore {
  store: AccountGraphStore;
  cleanup: () => Promise<void>;
}
/** Returns an initialised, empty store; a bare store is closed by `store.close()` as cleanup. */
export type MakeStore = () => Promise<ContractStore | AccountGraphStore>;

function isContractStore(made: ContractStore | AccountGraphStore): made is ContractStore {
  return "cleanup" in made && typeof made.cleanup === "function";
}

const DIRECTIONS: readonly SortDirection[] = ["ASC", "DESC"];

export function defineAccountGraphStoreContract(name: string, makeStore: MakeStore): void {
  describe(`AccountGraphStore contract: ${name}`, () => {
    let store: AccountGraphStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      const made = await makeStore();
      if (isContractStore(made)) ({ store, cleanup } = made);
      else [store, cleanup] = [made, () => made.close()];
    });
    afterEach(async () => {
      await cleanup();
    });

    // ---------- shared helpers bound to the current store ----------

    const createAccounts = async (inputs: NewAccount[]): Promise<Account[]> => {
      const created: Account[] = [];
      for (const input of inputs) created.push((await store.createAccount(input)).value);
      return created;
    };

    /** Two accounts, a manager, a community, a membership and one link of each type. */
    const seedBase = async () => {
      const manager = (await store.createManager(managerInput())).value;
      const a = (await store.createAccount(accountInput({ ownerId: manager.id, externalId: "crm-a" }))).value;
      const b = (await store.createAccount(accountInput({ externalId: "crm-b" }))).value;
      const community = (await store.createCommunity(communityInput())).value;
      const membership = (await store.addMembership({ accountId: a.id, communityId: community.id, role: "LEADER" })).value;
      const influence = (await store.linkInfluence({ fromId: a.id, toId: b.id, kind: "BOARD", strength: 0.7 })).value;
      const referral = (await store.recordReferral({ fromId: a.id, toId: b.id, date: "2024-02-29", revenue: 12_345_67 })).value;
      return { manager, a, b, community, membership, influence, referral };
    };

    const expectUnchanged = async (before: StoreSnapshot) => {
      expect(await snapshotOf(store)).toEqual(before);
    };

    /**
     * Who answers account pages: the store's listAccounts, and the read model's account pages
     * over the view of the store's readState (services/read-model/account-pages.ts), which
     * must answer every listAccounts query of this suite exactly as the store does. The view
     * is read again whenever the feed head moved.
     */
    let listed: { store: AccountGraphStore; head: number; view: ReadView } | null = null;
    const viewOfStore = async (): Promise<ReadView> => {
      const head = await store.feedHead();
      if (listed?.store !== store || listed.head !== head) {
        listed = { store, head, view: viewOfState(await store.readState({ activitySince: "2000-01-01" }), "2000-01-01") };
      }
      return listed.view;
    };
    type Lister = (query: AccountPageQuery) => Promise<Page<Account>>;
    const LISTERS: [string, Lister][] = [
      ["", (query) => store.listAccounts(query)],
      [" (read model account pages over readState)", async (query) => accountPageOf(await viewOfStore(), portPageRequest(query)) as Page<Account>],
    ];

    /** Pages through listAccounts, checking the per-page invariants on the way. */
    const collectPagesVia = async (list: Lister, query: Omit<AccountPageQuery, "first" | "after">, first: number) => {
      const pages: Page<Account>[] = [];
      let after: AccountPageQuery["after"] = undefined;
      for (let guard = 0; guard < 1000; guard++) {
        const page = await list({ ...query, first, ...(after ? { after } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(first);
        expect(page.positions).toEqual(page.items.map((item) => positionOf(item, query.sort.key)));
        if (pages.length > 0) expect(page.totalCount).toBe(pages[0]!.totalCount);
        pages.push(page);
        if (!page.hasNextPage) break;
        expect(page.items.length).toBe(first);
        after = page.positions[page.positions.length - 1];
      }
      return { pages, items: pages.flatMap((page) => page.items) };
    };

    // ---------- lifecycle ----------

    describe("lifecycle", () => {
      it("starts empty, answers ping, and names its kind", async () => {
        await store.ping();
        expect(typeof store.kind).toBe("string");
        expect(store.kind.length).toBeGreaterThan(0);
        expect(await store.counts()).toEqual(EMPTY_COUNTS);
        expect(Number.isInteger(await store.feedHead())).toBe(true);
      });

      it("init() is idempotent and keeps data", async () => {
        const account = (await store.createAccount(accountInput())).value;
        const before = await snapshotOf(store);
        await store.init();
        await store.init();
        expect(await store.getAccounts([account.id])).toEqual([account]);
        await expectUnchanged(before);
      });
    });

    // ---------- accounts ----------

    describe("accounts", () => {
      it("createAccount stores every field and generates id and timestamps", async () => {
        const manager = (await store.createManager(managerInput())).value;
        const input = accountInput({
          externalId: "crm-1",
          industry: "Software",
          region: "EMEA",
          ownerId: manager.id,
          segment: "ENTERPRISE",
          status: "PROSPECT",
          annualRevenue: 98_765_432_10,
          grossMargin: 0.123456789,
          licencesHeld: 50,
          licencesPlanned: 50,
          licencePrice: 999_99,
          customerSince: "2019-02-28",
          renewalDate: "2026-12-31",
          discountPurchases: 3,
          supplierSwitches: 2,
          lastContact: "2025-06-01",
        });
        const created = (await store.createAccount(input)).value;
        expect(created).toEqual({ ...expectedAccount(input), id: created.id, createdAt: created.createdAt, updatedAt: created.updatedAt });
        expect(created.id.length).toBeGreaterThan(0);
        expect(created.createdAt).toMatch(ISO_DATE_TIME);
        expect(created.updatedAt).toMatch(ISO_DATE_TIME);
        expect(await store.getAccounts([created.id])).toEqual([created]);
      });

      it("absent optional fields read back as null", async () => {
        const input = accountInput();
        const created = (await store.createAccount(input)).value;
        expect(created).toMatchObject(ABSENT_ACCOUNT_OPTIONALS);
        expect((await store.getAccounts([created.id]))[0]).toEqual(created);
      });

      it("keeps a supplied id and refuses a taken one", async () => {
        const created = (await store.createAccount(accountInput({ id: "acc-supplied-1" }))).value;
        expect(created.id).toBe("acc-supplied-1");
        const before = await snapshotOf(store);
        await expectFailure(store.createAccount(accountInput({ id: "acc-supplied-1" })), "CONFLICT");
        await expectUnchanged(before);
      });

      it("generates distinct ids", async () => {
        const accounts = await createAccounts([accountInput(), accountInput(), accountInput()]);
        expect(new Set(idsOf(accounts)).size).toBe(3);
      });

      it("getAccounts aligns with the ids asked, null for unknown, duplicates repeated", async () => {
        const [a, b] = await createAccounts([accountInput(), accountInput()]);
        expect(await store.getAccounts([])).toEqual([]);
        expect(await store.getAccounts([b!.id, "missing", a!.id, b!.id])).toEqual([b, null, a, b]);
        const many = Array.from({ length: 1500 }, (_, i) => `missing-${i}`);
        const answer = await store.getAccounts([...many, a!.id]);
        expect(answer).toHaveLength(1501);
        expect(answer[1500]).toEqual(a);
        expect(answer.slice(0, 1500).every((x) => x === null)).toBe(true);
      });

      it("refuses an unknown owner, naming ownerId", async () => {
        const before = await snapshotOf(store);
        const error = await expectFailure(store.createAccount(accountInput({ ownerId: "mgr-missing" })), "NOT_FOUND", "ownerId");
        expect(error.message).toContain("mgr-missing");
        await expectUnchanged(before);
      });

      it("externalId is unique when present; many accounts may have none", async () => {
        await store.createAccount(accountInput({ externalId: "crm-42" }));
        await store.createAccount(accountInput());
        await store.createAccount(accountInput({ externalId: null }));
        const before = await snapshotOf(store);
        await expectFailure(store.createAccount(accountInput({ externalId: "crm-42" })), "CONFLICT", "externalId");
        await expectUnchanged(before);
        expect(before.counts.accounts).toBe(3);
      });

      it("updateAccount changes only the patched fields; null clears; undefined keeps", async () => {
        const manager = (await store.createManager(managerInput())).value;
        const created = (
          await store.createAccount(accountInput({ industry: "Retail", region: "APAC", renewalDate: "2026-01-01", externalId: "crm-u" }))
        ).value;
        const updated = (
          await store.updateAccount(created.id, {
            name: "Renamed Ltd",
            annualRevenue: 7_000_000_00,
            ownerId: manager.id,
            region: null,
            industry: undefined,
            renewalDate: "2027-03-31",
          })
        ).value;
        expect(updated).toEqual({
          ...created,
          name: "Renamed Ltd",
          annualRevenue: 7_000_000_00,
          ownerId: manager.id,
          region: null,
          renewalDate: "2027-03-31",
          updatedAt: updated.updatedAt,
        });
        expect(updated.updatedAt >= created.updatedAt).toBe(true);
        expect(updated.updatedAt).toMatch(ISO_DATE_TIME);
        expect((await store.getAccounts([created.id]))[0]).toEqual(updated);
      });

      it("updateAccount may keep its own externalId but not take another's", async () => {
        const a = (await store.createAccount(accountInput({ externalId: "crm-a" }))).value;
        await store.createAccount(accountInput({ externalId: "crm-b" }));
        await expect(store.updateAccount(a.id, { externalId: "crm-a", name: "Same Id" }).then((c) => c.value)).resolves.toMatchObject({
          externalId: "crm-a",
          name: "Same Id",
        });
        const before = await snapshotOf(store);
        await expectFailure(store.updateAccount(a.id, { externalId: "crm-b" }), "CONFLICT", "externalId");
        await expectUnchanged(before);
        expect((await store.getAccounts([a.id]))[0]?.externalId).toBe("crm-a");
        await expect(store.updateAccount(a.id, { externalId: null }).then((c) => c.value)).resolves.toMatchObject({ externalId: null });
        await expect(store.createAccount(accountInput({ externalId: "crm-a" })).then((c) => c.value)).resolves.toMatchObject({ externalId: "crm-a" });
      });

      it("updateAccount on an unknown id or owner fails without writing", async () => {
        const account = (await store.createAccount(accountInput())).value;
        const before = await snapshotOf(store);
        await expectFailure(store.updateAccount("acc-missing", { name: "x" }), "NOT_FOUND", "id");
        await expectFailure(store.updateAccount(account.id, { name: "x", ownerId: "mgr-missing" }), "NOT_FOUND", "ownerId");
        await expectUnchanged(before);
        expect((await store.getAccounts([account.id]))[0]).toEqual(account);
      });

      it("deleteAccount removes the account with its links, memberships, engagements and purchases", async () => {
        const { manager, a, b, community, influence } = await seedBase();
        const c = (await store.createAccount(accountInput())).value;
        const inbound = (await store.linkInfluence({ fromId: c.id, toId: a.id, kind: "PEER", strength: 0.2 })).value;
        const unrelated = (await store.linkInfluence({ fromId: b.id, toId: c.id, kind: "PEER", strength: 0.3 })).value;
        await store.addMembership({ accountId: b.id, communityId: community.id, role: "MEMBER" });
        await store.recordEngagement({ accountId: a.id, managerId: manager.id, minutes: 30, date: "2025-01-01", kind: "CALL" });
        await store.recordEngagement({ accountId: b.id, managerId: manager.id, minutes: 15, date: "2025-01-02", kind: "EMAIL" });
        await store.recordPurchase({ accountId: a.id, amount: 10_00, licences: 1, discount: 0, date: "2025-01-03" });
        const head = await store.feedHead();

        const deleted = (await store.deleteAccount(a.id)).value;
        expect(deleted).toEqual(a);
        expect(await store.getAccounts([a.id, b.id])).toEqual([null, b]);
        expect(await store.counts()).toEqual({
          accounts: 2,
          managers: 1,
          communities: 1,
          memberships: 1,
          links: 1,
          engagements: 1,
          purchases: 0,
        });
        expect(await store.getLinks([influence.id, inbound.id, unrelated.id])).toEqual([null, null, unrelated]);
        expect(await store.membershipsOfAccounts([a.id])).toEqual([]);
        expect(await store.engagementsOfAccounts([a.id])).toEqual([]);
        expect(await store.purchasesOfAccounts([a.id])).toEqual([]);
        expect(await store.linksOfAccounts({ accountIds: [c.id], direction: "OUT" })).toEqual([]);
        expect(await store.feedHead()).toBe(head + 1);
      });

      it("deleteAccount of an unknown id fails without writing", async () => {
        await seedBase();
        const before = await snapshotOf(store);
        await expectFailure(store.deleteAccount("acc-missing"), "NOT_FOUND", "id");
        await expectUnchanged(before);
      });

      it("stores hostile strings verbatim and still finds them by name", async () => {
        const created: Account[] = [];
        for (const text of HOSTILE_STRINGS) {
          created.push((await store.createAccount(accountInput({ name: text, industry: text, region: text, externalId: `ext ${text}` }))).value);
        }
        const read = await store.getAccounts(idsOf(created));
        read.forEach((account, i) => {
          const text = HOSTILE_STRINGS[i]!;
          expect(account).toMatchObject({ name: text, industry: text, region: text, externalId: `ext ${text}` });
        });
        expect((await store.counts()).accounts).toBe(HOSTILE_STRINGS.length);
        for (const [i, text] of HOSTILE_STRINGS.entries()) {
          const page = await store.listAccounts({ filter: { nameContains: text }, sort: { key: "NAME", direction: "ASC" }, first: 50 });
          expect(idsOf(page.items)).toContain(created[i]!.id);
          const exact = await store.listAccounts({ filter: { industries: [text] }, sort: { key: "NAME", direction: "ASC" }, first: 50 });
          expect(idsOf(exact.items)).toEqual([created[i]!.id]);
        }
      });

      it("stores hostile strings verbatim in managers, communities, notes and supplied ids", async () => {
        for (const [i, text] of HOSTILE_STRINGS.entries()) {
          const manager = (await store.createManager(managerInput({ id: `m ${text}`, name: text }))).value;
          const community = (await store.createCommunity(communityInput({ id: `c ${text}`, name: text, region: text }))).value;
          const a = (await store.createAccount(accountInput({ id: `a ${text}`, ownerId: manager.id }))).value;
          const b = (await store.createAccount(accountInput({ id: `b ${text}` }))).value;
          await store.addMembership({ accountId: a.id, communityId: community.id, role: "MEMBER" });
          const link = (await store.linkInfluence({ id: `l ${text}`, fromId: a.id, toId: b.id, kind: "PEER", strength: 0.5 })).value;
          const engagement = (
            await store.recordEngagement({
              id: `e ${text}`,
              accountId: a.id,
              managerId: manager.id,
              minutes: 1,
              date: "2025-01-01",
              kind: "CALL",
              note: text,
            })
          ).value;

          expect(await store.getManagers([manager.id])).toEqual([expect.objectContaining({ id: `m ${text}`, name: text })]);
          expect(await store.getCommunities([community.id])).toEqual([expect.objectContaining({ id: `c ${text}`, name: text, region: text })]);
          expect(await store.membershipsOfCommunities([community.id])).toEqual([expect.objectContaining({ accountId: `a ${text}` })]);
          expect(await store.linksOfAccounts({ accountIds: [b.id], direction: "IN" })).toEqual([link]);
          expect(await store.engagementsOfManager(manager.id)).toEqual([engagement]);
          expect(engagement.note).toBe(text);
          expect(
            (await store.listAccounts({ filter: { ownerIds: [manager.id] }, sort: { key: "NAME", direction: "ASC" }, first: 5 })).totalCount,
          ).toBe(1);
          expect(await store.counts()).toMatchObject({ managers: i + 1, communities: i + 1, accounts: 2 * (i + 1), links: i + 1 });
        }
      });

      it("money is integer cents in and out, exact up to 10^14", async () => {
        const amounts = [0, 1, 99, 900, 10_000, 123_456_789_01, 99_999_999_999_999];
        const accounts = await createAccounts(amounts.map((annualRevenue) => accountInput({ annualRevenue, licencePrice: annualRevenue })));
        const read = await store.getAccounts(idsOf(accounts));
        expect(read.map((a) => a?.annualRevenue)).toEqual(amounts);
        expect(read.map((a) => a?.licencePrice)).toEqual(amounts);
        expect(read.every((a) => Number.isInteger(a?.annualRevenue))).toBe(true);
        const page = await store.listAccounts({ sort: { key: "ANNUAL_REVENUE", direction: "ASC" }, first: 50 });
        // numeric order, not text order: 900 before 10_000
        expect(page.items.map((a) => a.annualRevenue)).toEqual([...amounts].sort((x, y) => x - y));
      });
    });

    // ---------- managers ----------

    describe("managers", () => {
      it("create, get, list and update", async () => {
        const input = managerInput({ name: "Ana Müller", email: "ana@example.com", weeklyCapacityHours: 37.5 });
        const manager = (await store.createManager(input)).value;
        expect(manager).toEqual({ ...input, id: manager.id, createdAt: manager.createdAt });
        expect(manager.createdAt).toMatch(ISO_DATE_TIME);
        const other = (await store.createManager(managerInput({ id: "mgr-supplied" }))).value;
        expect(other.id).toBe("mgr-supplied");
        expect(await store.getManagers([other.id, "missing", manager.id])).toEqual([other, null, manager]);
        expect(await store.getManagers([])).toEqual([]);
        expect(sortedIds(await store.listManagers())).toEqual(sortedIds([manager, other]));

        const updated = (await store.updateManager(manager.id, { weeklyCapacityHours: 20, email: undefined })).value;
        expect(updated).toEqual({ ...manager, weeklyCapacityHours: 20 });
        expect(await store.getManagers([manager.id])).toEqual([updated]);
      });

      it("manager writes fail cleanly on unknown or taken ids", async () => {
        const manager = (await store.createManager(managerInput())).value;
        const before = await snapshotOf(store);
        await expectFailure(store.updateManager("mgr-missing", { name: "x" }), "NOT_FOUND", "id");
        await expectFailure(store.createManager(managerInput({ id: manager.id })), "CONFLICT");
        await expectUnchanged(before);
        expect(await store.getManagers([manager.id])).toEqual([manager]);
      });
    });

    // ---------- communities and memberships ----------

    describe("communities and memberships", () => {
      it("create, get and list communities", async () => {
        const input = communityInput({ name: "St. Mary's Parish", kind: "CHURCH", region: null });
        const community = (await store.createCommunity(input)).value;
        expect(community).toEqual({ ...input, id: community.id, createdAt: community.createdAt });
        expect(community.createdAt).toMatch(ISO_DATE_TIME);
        const noRegion = (await store.createCommunity({ name: "Chess club", kind: "CLUB" })).value;
        expect(noRegion.region).toBeNull();
        expect(await store.getCommunities([noRegion.id, "missing", community.id])).toEqual([noRegion, null, community]);
        expect(await store.getCommunities([])).toEqual([]);
        expect(sortedIds(await store.listCommunities())).toEqual(sortedIds([community, noRegion]));
        const before = await snapshotOf(store);
        await expectFailure(store.createCommunity(communityInput({ id: community.id })), "CONFLICT");
        await expectUnchanged(before);
      });

      it("adds, lists and removes memberships", async () => {
        const [a, b] = await createAccounts([accountInput(), accountInput()]);
        const [c1, c2] = [(await store.createCommunity(communityInput())).value, (await store.createCommunity(communityInput())).value];
        const m1 = (await store.addMembership({ accountId: a!.id, communityId: c1.id, role: "LEADER", since: "2018-09-01" })).value;
        expect(m1).toEqual({ accountId: a!.id, communityId: c1.id, role: "LEADER", since: "2018-09-01" });
        const m2 = (await store.addMembership({ accountId: a!.id, communityId: c2.id, role: "MEMBER" })).value;
        expect(m2.since).toBeNull();
        const m3 = (await store.addMembership({ accountId: b!.id, communityId: c1.id, role: "MEMBER", since: null })).value;

        const key = (m: { accountId: string; communityId: string }) => `${m.accountId}|${m.communityId}`;
        const sortM = <T extends { accountId: string; communityId: string }>(ms: T[]) => [...ms].sort((x, y) => (key(x) < key(y) ? -1 : 1));
        expect(sortM(await store.membershipsOfAccounts([a!.id]))).toEqual(sortM([m1, m2]));
        expect(sortM(await store.membershipsOfAccounts([a!.id, b!.id, "missing"]))).toEqual(sortM([m1, m2, m3]));
        expect(sortM(await store.membershipsOfCommunities([c1.id]))).toEqual(sortM([m1, m3]));
        expect(await store.membershipsOfAccounts([])).toEqual([]);
        expect(await store.membershipsOfCommunities([])).toEqual([]);

        expect((await store.removeMembership(a!.id, c1.id)).value).toEqual(m1);
        expect(sortM(await store.membershipsOfCommunities([c1.id]))).toEqual([m3]);
        expect((await store.counts()).memberships).toBe(2);
      });

      it("refuses duplicate and dangling memberships, naming the field", async () => {
        const { a, community } = await seedBase();
        const before = await snapshotOf(store);
        await expectFailure(store.addMembership({ accountId: a.id, communityId: community.id, role: "MEMBER" }), "CONFLICT");
        await expectFailure(store.addMembership({ accountId: "acc-missing", communityId: community.id, role: "MEMBER" }), "NOT_FOUND", "accountId");
        await expectFailure(store.addMembership({ accountId: a.id, communityId: "com-missing", role: "MEMBER" }), "NOT_FOUND", "communityId");
        await expectFailure(store.removeMembership(a.id, "com-missing"), "NOT_FOUND", "communityId");
        await expectFailure(store.removeMembership("acc-missing", community.id), "NOT_FOUND", "accountId");
        await expectFailure(store.removeMembership("acc-missing", "com-missing"), "NOT_FOUND", "accountId");
        await expectUnchanged(before);
        expect(await store.membershipsOfAccounts([a.id])).toHaveLength(1);
      });

      it("concurrent duplicate memberships: exactly one wins", async () => {
        const a = (await store.createAccount(accountInput())).value;
        const c = (await store.createCommunity(communityInput())).value;
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, () => store.addMembership({ accountId: a.id, communityId: c.id, role: "MEMBER" })),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).code).toBe("CONFLICT");
        expect((await store.counts()).memberships).toBe(1);
      });
    });

    // ---------- links ----------

    describe("links", () => {
      it("linkInfluence and recordReferral store their fields", async () => {
        const [a, b] = await createAccounts([accountInput(), accountInput()]);
        const influence = (await store.linkInfluence({ fromId: a!.id, toId: b!.id, kind: "ADVISOR", strength: 0.375, since: "2022-07-01" })).value;
        expect(influence).toEqual({
          id: influence.id,
          type: "INFLUENCES",
          fromId: a!.id,
          toId: b!.id,
          strength: 0.375,
          kind: "ADVISOR",
          revenue: null,
          date: "2022-07-01",
          createdAt: influence.createdAt,
        });
        expect(influence.createdAt).toMatch(ISO_DATE_TIME);
        const undated = (await store.linkInfluence({ fromId: b!.id, toId: a!.id, kind: "PEER", strength: 1 })).value;
        expect(undated.date).toBeNull();

        const referral = (
          await store.recordReferral({ id: "lnk-ref-1", fromId: a!.id, toId: b!.id, date: "2024-02-29", revenue: 99_999_999_999_999 })
        ).value;
        expect(referral).toEqual({
          id: "lnk-ref-1",
          type: "REFERRED",
          fromId: a!.id,
          toId: b!.id,
          strength: 1,
          kind: null,
          revenue: 99_999_999_999_999,
          date: "2024-02-29",
          createdAt: referral.createdAt,
        });
        expect(await store.getLinks([referral.id, "missing", influence.id])).toEqual([referral, null, influence]);
        expect(await store.getLinks([])).toEqual([]);
        expect((await store.counts()).links).toBe(3);
      });

      it("refuses unknown ends, naming fromId / toId", async () => {
        const a = (await store.createAccount(accountInput())).value;
        const before = await snapshotOf(store);
        await expectFailure(store.linkInfluence({ fromId: "acc-missing", toId: a.id, kind: "PEER", strength: 0.5 }), "NOT_FOUND", "fromId");
        await expectFailure(store.linkInfluence({ fromId: a.id, toId: "acc-missing", kind: "PEER", strength: 0.5 }), "NOT_FOUND", "toId");
        await expectFailure(store.recordReferral({ fromId: "acc-missing", toId: a.id, date: "2024-01-01", revenue: 0 }), "NOT_FOUND", "fromId");
        await expectFailure(store.recordReferral({ fromId: a.id, toId: "acc-missing", date: "2024-01-01", revenue: 0 }), "NOT_FOUND", "toId");
        await expectUnchanged(before);
      });

      it("one link per type and direction: duplicates conflict, other type or reverse direction do not", async () => {
        const { a, b, influence, referral } = await seedBase();
        const before = await snapshotOf(store);
        await expectFailure(store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.1 }), "CONFLICT");
        await expectFailure(store.recordReferral({ fromId: a.id, toId: b.id, date: "2025-01-01", revenue: 1 }), "CONFLICT");
        await expectFailure(store.linkInfluence({ id: influence.id, fromId: b.id, toId: a.id, kind: "PEER", strength: 0.1 }), "CONFLICT");
        await expectUnchanged(before);
        expect(await store.getLinks([influence.id, referral.id])).toEqual([influence, referral]);

        await store.linkInfluence({ fromId: b.id, toId: a.id, kind: "PEER", strength: 0.1 });
        await store.recordReferral({ fromId: b.id, toId: a.id, date: "2025-01-01", revenue: 1 });
        expect((await store.counts()).links).toBe(4);
      });

      it("concurrent duplicate links: exactly one wins", async () => {
        const [a, b] = await createAccounts([accountInput(), accountInput()]);
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, () => store.linkInfluence({ fromId: a!.id, toId: b!.id, kind: "PEER", strength: 0.5 })),
        );
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).code).toBe("CONFLICT");
        expect((await store.counts()).links).toBe(1);
      });

      it("a link to self is refused cleanly or stored consistently", async () => {
        const a = (await store.createAccount(accountInput())).value;
        const before = await snapshotOf(store);
        const outcome = await store.linkInfluence({ fromId: a.id, toId: a.id, kind: "PEER", strength: 0.5 }).then(
          ({ value: link }) => ({ link }),
          (error: unknown) => ({ error }),
        );
        if ("error" in outcome) {
          expect(outcome.error).toBeInstanceOf(DomainError);
          await expectUnchanged(before);
        } else {
          expect((await store.counts()).links).toBe(1);
          expect(await store.linksOfAccounts({ accountIds: [a.id], direction: "OUT" })).toEqual([outcome.link]);
          expect(await store.linksOfAccounts({ accountIds: [a.id], direction: "IN" })).toEqual([outcome.link]);
          await store.deleteAccount(a.id);
          expect(await store.counts()).toEqual(EMPTY_COUNTS);
        }
      });

      it("linksOfAccounts by direction and type", async () => {
        const [a, b, c] = await createAccounts([accountInput(), accountInput(), accountInput()]);
        const ab = (await store.linkInfluence({ fromId: a!.id, toId: b!.id, kind: "PEER", strength: 0.5 })).value;
        const abRef = (await store.recordReferral({ fromId: a!.id, toId: b!.id, date: "2024-01-01", revenue: 5 })).value;
        const ca = (await store.linkInfluence({ fromId: c!.id, toId: a!.id, kind: "FAMILY", strength: 0.9 })).value;
        const bc = (await store.recordReferral({ fromId: b!.id, toId: c!.id, date: "2024-01-02", revenue: 6 })).value;
        const sorted = (links: Link[]) => [...links].sort(byLinkId);

        expect(sorted(await store.linksOfAccounts({ accountIds: [a!.id], direction: "OUT" }))).toEqual(sorted([ab, abRef]));
        expect(sorted(await store.linksOfAccounts({ accountIds: [a!.id], direction: "IN" }))).toEqual([ca]);
        expect(await store.linksOfAccounts({ accountIds: [a!.id], direction: "OUT", types: ["REFERRED"] })).toEqual([abRef]);
        expect(sorted(await store.linksOfAccounts({ accountIds: [a!.id], direction: "OUT", types: ["REFERRED", "INFLUENCES"] }))).toEqual(
          sorted([ab, abRef]),
        );
        expect(sorted(await store.linksOfAccounts({ accountIds: [a!.id, b!.id, c!.id], direction: "IN" }))).toEqual(sorted([ab, abRef, ca, bc]));
        expect(await store.linksOfAccounts({ accountIds: [b!.id], direction: "IN", types: ["INFLUENCES"] })).toEqual([ab]);
        expect(await store.linksOfAccounts({ accountIds: [a!.id], direction: "OUT", types: [] })).toEqual([]);
        expect(await store.linksOfAccounts({ accountIds: [], direction: "OUT" })).toEqual([]);
        expect(await store.linksOfAccounts({ accountIds: ["missing"], direction: "IN" })).toEqual([]);
      });

      it("unlink removes only that link", async () => {
        const { a, b, influence, referral } = await seedBase();
        expect((await store.unlink(influence.id)).value).toEqual(influence);
        expect(await store.getLinks([influence.id, referral.id])).toEqual([null, referral]);
        expect(await store.getAccounts([a.id, b.id])).toEqual([a, b]);
        const before = await snapshotOf(store);
        await expectFailure(store.unlink(influence.id), "NOT_FOUND", "id");
        await expectUnchanged(before);
        // the pair is free again for this type
        await expect(store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.4 }).then((c) => c.value)).resolves.toMatchObject({
          type: "INFLUENCES",
        });
      });
    });

    // ---------- activity ----------

    describe("engagements and purchases", () => {
      it("records engagements and reads them by account and manager within inclusive date windows", async () => {
        const [m1, m2] = [(await store.createManager(managerInput())).value, (await store.createManager(managerInput())).value];
        const [a, b] = await createAccounts([accountInput(), accountInput()]);
        const e1 = (
          await store.recordEngagement({ accountId: a!.id, managerId: m1.id, minutes: 45, date: "2025-03-10", kind: "VISIT", note: "on site" })
        ).value;
        expect(e1).toEqual({ id: e1.id, accountId: a!.id, managerId: m1.id, minutes: 45, date: "2025-03-10", kind: "VISIT", note: "on site" });
        const e2 = (await store.recordEngagement({ accountId: a!.id, managerId: m2.id, minutes: 10, date: "2025-03-01", kind: "EMAIL" })).value;
        expect(e2.note).toBeNull();
        const e3 = (await store.recordEngagement({ accountId: b!.id, managerId: m1.id, minutes: 60, date: "2025-03-20", kind: "DEMO", note: null }))
          .value;
        const e4 = (
          await store.recordEngagement({ id: "eng-supplied", accountId: a!.id, managerId: m1.id, minutes: 5, date: "2025-03-10", kind: "CALL" })
        ).value;
        expect(e4.id).toBe("eng-supplied");

        const byDateThenId = <T extends { date: string; id: string }>(xs: T[]) =>
          [...xs].sort((x, y) => (x.date !== y.date ? (x.date < y.date ? -1 : 1) : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
        expect(await store.engagementsOfAccounts([a!.id])).toEqual(byDateThenId([e1, e2, e4]));
        expect(await store.engagementsOfAccounts([a!.id, b!.id])).toEqual(byDateThenId([e1, e2, e3, e4]));
        expect(await store.engagementsOfAccounts([a!.id], { from: "2025-03-10", to: "2025-03-10" })).toEqual(byDateThenId([e1, e4]));
        expect(await store.engagementsOfAccounts([a!.id, b!.id], { from: "2025-03-02" })).toEqual(byDateThenId([e1, e3, e4]));
        expect(await store.engagementsOfAccounts([a!.id, b!.id], { to: "2025-03-09" })).toEqual([e2]);
        expect(await store.engagementsOfAccounts([a!.id], { from: "2025-04-01" })).toEqual([]);
        expect(await store.engagementsOfAccounts([])).toEqual([]);
        expect(await store.engagementsOfManager(m1.id)).toEqual(byDateThenId([e1, e3, e4]));
        expect(await store.engagementsOfManager(m1.id, { from: "2025-03-11", to: "2025-03-31" })).toEqual([e3]);
        expect(await store.engagementsOfManager(m1.id, { from: "2025-03-10", to: "2025-03-10" })).toEqual(byDateThenId([e1, e4]));
        expect(await store.engagementsOfManager(m2.id, { to: "2025-03-01" })).toEqual([e2]);
        expect(await store.engagementsOfManager("mgr-missing")).toEqual([]);
        expect((await store.counts()).engagements).toBe(4);
      });

      it("refuses engagements for unknown accounts or managers, naming the field", async () => {
        const manager = (await store.createManager(managerInput())).value;
        const account = (await store.createAccount(accountInput())).value;
        const before = await snapshotOf(store);
        await expectFailure(
          store.recordEngagement({ accountId: "acc-missing", managerId: manager.id, minutes: 5, date: "2025-01-01", kind: "CALL" }),
          "NOT_FOUND",
          "accountId",
        );
        await expectFailure(
          store.recordEngagement({ accountId: account.id, managerId: "mgr-missing", minutes: 5, date: "2025-01-01", kind: "CALL" }),
          "NOT_FOUND",
          "managerId",
        );
        await expectUnchanged(before);
      });

      it("records purchases in cents and reads them within inclusive date windows", async () => {
        const [a, b] = await createAccounts([accountInput(), accountInput()]);
        const p1 = (await store.recordPurchase({ accountId: a!.id, amount: 99_999_999_999_999, licences: 50, discount: 0.15, date: "2024-12-31" }))
          .value;
        expect(p1).toEqual({ id: p1.id, accountId: a!.id, amount: 99_999_999_999_999, licences: 50, discount: 0.15, date: "2024-12-31" });
        const p2 = (await store.recordPurchase({ accountId: a!.id, amount: 1, licences: 1, discount: 0, date: "2024-01-01" })).value;
        const p3 = (await store.recordPurchase({ accountId: b!.id, amount: 250_00, licences: 2, discount: 1, date: "2024-06-15" })).value;
        expect(await store.purchasesOfAccounts([a!.id])).toEqual([p2, p1]);
        expect(await store.purchasesOfAccounts([a!.id, b!.id])).toEqual([p2, p3, p1]);
        expect(await store.purchasesOfAccounts([a!.id, b!.id], { from: "2024-06-15", to: "2024-12-31" })).toEqual([p3, p1]);
        expect(await store.purchasesOfAccounts([a!.id, b!.id], { to: "2024-06-14" })).toEqual([p2]);
        expect(await store.purchasesOfAccounts([])).toEqual([]);

        const before = await snapshotOf(store);
        await expectFailure(
          store.recordPurchase({ accountId: "acc-missing", amount: 1, licences: 1, discount: 0, date: "2024-01-01" }),
          "NOT_FOUND",
          "accountId",
        );
        await expectFailure(
          store.recordPurchase({ id: p1.id, accountId: a!.id, amount: 1, licences: 1, discount: 0, date: "2024-01-01" }),
          "CONFLICT",
        );
        await expectUnchanged(before);
      });

      it("activity writes are in the change feed too", async () => {
        const manager = (await store.createManager(managerInput())).value;
        const account = (await store.createAccount(accountInput())).value;
        const head = await store.feedHead();
        await store.recordEngagement({ accountId: account.id, managerId: manager.id, minutes: 5, date: "2025-01-01", kind: "CALL" });
        await store.recordPurchase({ accountId: account.id, amount: 1, licences: 1, discount: 0, date: "2025-01-01" });
        expect(await store.feedHead()).toBe(head + 2);
      });
    });

    // ---------- listAccounts ----------

    for (const [via, list] of LISTERS)
      describe(`listAccounts${via}`, () => {
        /**
         * Twelve accounts with ties on every sort key, null renewal dates, ids whose order
         * differs from insertion and name order, and varied filter fields.
         */
        const seedListing = async () => {
          const owners = [
            (await store.createManager(managerInput({ id: "mgr-x" }))).value,
            (await store.createManager(managerInput({ id: "mgr-y" }))).value,
          ];
          const rows: [string, string, Partial<NewAccount>][] = [
            [
              "acc-07",
              "Zeta Corp",
              {
                annualRevenue: 5_000_00,
                renewalDate: "2026-05-01",
                licencesPlanned: 10,
                segment: "ENTERPRISE",
                industry: "Software",
                region: "EMEA",
                status: "CUSTOMER",
                ownerId: "mgr-x",
              },
            ],
            [
              "acc-03",
              "alpha ltd",
              {
                annualRevenue: 900,
                renewalDate: null,
                licencesPlanned: 0,
                segment: "SMALL_BUSINESS",
                industry: "Retail",
                region: "APAC",
                status: "PROSPECT",
              },
            ],
            [
              "acc-11",
              "Alpha Holdings",
              {
                annualRevenue: 5_000_00,
                renewalDate: "2026-01-15",
                licencesPlanned: 10,
                segment: "ENTERPRISE",
                industry: "Finance",
                region: "EMEA",
                status: "CUSTOMER",
                ownerId: "mgr-y",
              },
            ],
            [
              "acc-01",
              "Beta Partners",
              {
                annualRevenue: 10_000,
                renewalDate: "2026-01-15",
                licencesPlanned: 50,
                segment: "MID_MARKET",
                industry: "Software",
                region: "AMER",
                status: "CHURNED",
                ownerId: "mgr-x",
              },
            ],
            [
              "acc-09",
              "beta partners",
              {
                annualRevenue: 2_000_000_000_00,
                renewalDate: null,
                licencesPlanned: 50,
                segment: "PUBLIC_SECTOR",
                industry: null,
                region: "AMER",
                status: "CUSTOMER",
              },
            ],
            [
              "acc-05",
              "Gamma 100% Co",
              {
                annualRevenue: 5_000_00,
                renewalDate: "2025-12-31",
                licencesPlanned: 3,
                segment: "NON_PROFIT",
                industry: "Health",
                region: null,
                status: "PROSPECT",
                ownerId: "mgr-y",
              },
            ],
            [
              "acc-12",
              "Gamma_Co",
              {
                annualRevenue: 7_500_00,
                renewalDate: "2027-02-01",
                licencesPlanned: 3,
                segment: "MID_MARKET",
                industry: "Health",
                region: "EMEA",
                status: "CUSTOMER",
                ownerId: "mgr-x",
              },
            ],
            [
              "acc-02",
              "Delta GmbH",
              {
                annualRevenue: 0,
                renewalDate: null,
                licencesPlanned: 7,
                segment: "SMALL_BUSINESS",
                industry: "Retail",
                region: "EMEA",
                status: "CUSTOMER",
              },
            ],
            [
              "acc-10",
              "Epsilon AG",
              {
                annualRevenue: 123_456_78,
                renewalDate: "2026-05-01",
                licencesPlanned: 10,
                segment: "ENTERPRISE",
                industry: "Software",
                region: "APAC",
                status: "CHURNED",
                ownerId: "mgr-y",
              },
            ],
            [
              "acc-04",
              "Eta Inc",
              {
                annualRevenue: 5_000_00,
                renewalDate: "2026-05-01",
                licencesPlanned: 25,
                segment: "ENTERPRISE",
                industry: "Finance",
                region: "AMER",
                status: "CUSTOMER",
                ownerId: "mgr-x",
              },
            ],
            [
              "acc-08",
              "Theta SA",
              {
                annualRevenue: 42_00,
                renewalDate: "2025-06-30",
                licencesPlanned: 1,
                segment: "MID_MARKET",
                industry: "Software",
                region: "EMEA",
                status: "PROSPECT",
              },
            ],
            [
              "acc-06",
              "Iota BV",
              {
                annualRevenue: 42_00,
                renewalDate: "2025-06-30",
                licencesPlanned: 1,
                segment: "MID_MARKET",
                industry: "Retail",
                region: "APAC",
                status: "CUSTOMER",
                ownerId: "mgr-y",
              },
            ],
          ];
          const accounts = await createAccounts(rows.map(([id, name, extra]) => accountInput({ id, name, ...extra })));
          const [club, chamber] = [
            (await store.createCommunity(communityInput({ id: "com-club" }))).value,
            (await store.createCommunity(communityInput({ id: "com-chamber" }))).value,
          ];
          for (const id of ["acc-07", "acc-03", "acc-10"]) await store.addMembership({ accountId: id, communityId: club.id, role: "MEMBER" });
          await store.addMembership({ accountId: "acc-07", communityId: chamber.id, role: "LEADER" });
          return { accounts, owners, club, chamber, members: new Set(["acc-07", "acc-03", "acc-10"]) };
        };

        for (const key of ACCOUNT_SORT_KEYS) {
          for (const direction of DIRECTIONS) {
            it(`sorts by ${key} ${direction}, ties by id, across pages`, async () => {
              const { accounts } = await seedListing();
              const expected = idsOf([...accounts].sort(compareForSort(key, direction)));
              for (const first of [1, 5, 12, 50]) {
                const { pages, items } = await collectPagesVia(list, { sort: { key, direction } }, first);
                expect(idsOf(items)).toEqual(expected);
                expect(pages.every((p) => p.totalCount === accounts.length)).toBe(true);
                expect(pages.length).toBe(Math.max(1, Math.ceil(accounts.length / first)));
              }
            });
          }
        }

        it("RENEWAL_DATE puts nulls last in both directions and pages through them by id", async () => {
          const { accounts } = await seedListing();
          const nulls = idsOf(accounts.filter((a) => a.renewalDate === null)).sort();
          const asc = await collectPagesVia(list, { sort: { key: "RENEWAL_DATE", direction: "ASC" } }, 2);
          const desc = await collectPagesVia(list, { sort: { key: "RENEWAL_DATE", direction: "DESC" } }, 2);
          expect(idsOf(asc.items).slice(-nulls.length)).toEqual(nulls);
          expect(idsOf(desc.items).slice(-nulls.length)).toEqual([...nulls].reverse());
          // a cursor sitting inside the null group continues inside it
          const page = await list({
            sort: { key: "RENEWAL_DATE", direction: "ASC" },
            first: 10,
            after: { value: null, id: nulls[0]! },
          });
          expect(idsOf(page.items)).toEqual(nulls.slice(1));
          expect(page.hasNextPage).toBe(false);
        });

        const filterCases = (seed: Awaited<ReturnType<typeof seedListing>>): [string, AccountFilter, (a: Account) => boolean][] => [
          ["segments", { segments: ["ENTERPRISE", "NON_PROFIT"] }, (a) => a.segment === "ENTERPRISE" || a.segment === "NON_PROFIT"],
          ["industries", { industries: ["Retail", "Health"] }, (a) => a.industry === "Retail" || a.industry === "Health"],
          ["regions", { regions: ["APAC"] }, (a) => a.region === "APAC"],
          ["ownerIds", { ownerIds: ["mgr-y"] }, (a) => a.ownerId === "mgr-y"],
          ["statuses", { statuses: ["PROSPECT", "CHURNED"] }, (a) => a.status !== "CUSTOMER"],
          ["minRevenue (inclusive)", { minRevenue: 5_000_00 }, (a) => a.annualRevenue >= 5_000_00],
          ["maxRevenue (inclusive)", { maxRevenue: 5_000_00 }, (a) => a.annualRevenue <= 5_000_00],
          ["min and max revenue", { minRevenue: 42_00, maxRevenue: 7_500_00 }, (a) => a.annualRevenue >= 42_00 && a.annualRevenue <= 7_500_00],
          ["min above max", { minRevenue: 10, maxRevenue: 5 }, () => false],
          ["communityId", { communityId: seed.club.id }, (a) => seed.members.has(a.id)],
          ["unknown communityId", { communityId: "com-missing" }, () => false],
          ["ids", { ids: ["acc-01", "acc-09", "acc-missing"] }, (a) => a.id === "acc-01" || a.id === "acc-09"],
          ["nameContains, case-insensitive", { nameContains: "BETA" }, (a) => a.name.toLowerCase().includes("beta")],
          ["nameContains takes % literally", { nameContains: "100%" }, (a) => a.name.includes("100%")],
          ["nameContains takes _ literally", { nameContains: "a_c" }, (a) => a.name.toLowerCase().includes("a_c")],
          ["nameContains with no match", { nameContains: "zzz" }, () => false],
          [
            "filters combine with AND",
            { segments: ["ENTERPRISE", "MID_MARKET"], regions: ["EMEA", "AMER"], minRevenue: 42_00, nameContains: "a" },
            (a) =>
              ["ENTERPRISE", "MID_MARKET"].includes(a.segment) &&
              ["EMEA", "AMER"].includes(a.region ?? "") &&
              a.annualRevenue >= 42_00 &&
              a.name.toLowerCase().includes("a"),
          ],
          ["empty segments list matches nothing", { segments: [] }, () => false],
          ["empty ids list matches nothing", { ids: [] }, () => false],
          ["empty filter matches everything", {}, () => true],
        ];

        it("applies every filter, with totalCount counting all matches", async () => {
          const seed = await seedListing();
          for (const [label, filter, predicate] of filterCases(seed)) {
            const expected = idsOf(seed.accounts.filter(predicate).sort(compareForSort("NAME", "ASC")));
            const { pages, items } = await collectPagesVia(list, { filter, sort: { key: "NAME", direction: "ASC" } }, 3);
            expect(idsOf(items), label).toEqual(expected);
            expect(pages[0]!.totalCount, label).toBe(expected.length);
          }
        });

        it("nameContains folds case for non-ASCII names", async () => {
          const names = ["École Normale", "STRASSENBAU AG", "Οδυσσέας Ναυτιλιακή", "Москва Трейд", "e\u0301cole du soir"];
          const accounts = await createAccounts(names.map((name) => accountInput({ name })));
          const [ecole, strassen, greek, moscow, decomposed] = accounts;
          const search = async (nameContains: string) =>
            sortedIds((await list({ filter: { nameContains }, sort: { key: "NAME", direction: "ASC" }, first: 10 })).items);
          expect(await search("école")).toEqual(sortedIds([ecole!, decomposed!]));
          expect(await search("ÉCOLE")).toEqual(sortedIds([ecole!, decomposed!]));
          expect(await search("straße")).toEqual([strassen!.id]);
          expect(await search("ΟΔΥΣΣΈΑΣ")).toEqual([greek!.id]);
          expect(await search("ναυτιλιακη")).toEqual([]); // accents are not folded, only case
          expect(await search("москва")).toEqual([moscow!.id]);
          expect(await search("ТРЕЙД")).toEqual([moscow!.id]);
        });

        it("first page, exact end, and a cursor after the last item", async () => {
          const { accounts } = await seedListing();
          const sort = { key: "NAME", direction: "ASC" } as const;
          const ordered = [...accounts].sort(compareForSort("NAME", "ASC"));

          const firstPage = await list({ sort, first: 4 });
          expect(idsOf(firstPage.items)).toEqual(idsOf(ordered.slice(0, 4)));
          expect(firstPage.hasNextPage).toBe(true);
          expect(firstPage.totalCount).toBe(12);

          // 12 rows in pages of 6: the second page ends exactly at the end
          const p1 = await list({ sort, first: 6 });
          const p2 = await list({ sort, first: 6, after: p1.positions[5]! });
          expect(idsOf(p2.items)).toEqual(idsOf(ordered.slice(6)));
          expect(p2.hasNextPage).toBe(false);
          expect(p2.totalCount).toBe(12);

          const beyond = await list({ sort, first: 6, after: positionOf(ordered[11]!, "NAME") });
          expect(beyond).toEqual({ items: [], positions: [], hasNextPage: false, totalCount: 12 });

          const all = await list({ sort, first: 100 });
          expect(all.items).toHaveLength(12);
          expect(all.hasNextPage).toBe(false);
        });

        it("an empty result has no items, no next page and a zero count", async () => {
          expect(await list({ sort: { key: "NAME", direction: "ASC" }, first: 10 })).toEqual({
            items: [],
            positions: [],
            hasNextPage: false,
            totalCount: 0,
          });
          await seedListing();
          expect(await list({ filter: { nameContains: "no such name" }, sort: { key: "CREATED_AT", direction: "DESC" }, first: 10 })).toEqual({
            items: [],
            positions: [],
            hasNextPage: false,
            totalCount: 0,
          });
        });

        it("ties on the sort value are broken by id without repeats or gaps", async () => {
          const tied = await createAccounts(
            ["t-09", "t-02", "t-07", "t-01", "t-05", "t-08", "t-03", "t-06", "t-04"].map((id) =>
              accountInput({ id, annualRevenue: 777_00, licencesPlanned: 4, name: "Same Name", renewalDate: "2026-06-01" }),
            ),
          );
          for (const key of ["ANNUAL_REVENUE", "LICENCES_PLANNED", "NAME", "RENEWAL_DATE"] as const) {
            for (const direction of DIRECTIONS) {
              const { items } = await collectPagesVia(list, { sort: { key, direction } }, 2);
              const expected = sortedIds(tied);
              expect(idsOf(items), `${key} ${direction}`).toEqual(direction === "ASC" ? expected : expected.reverse());
            }
          }
        });

        it("rows inserted or deleted around the cursor neither repeat nor skip rows", async () => {
          const { accounts } = await seedListing();
          const sort = { key: "ANNUAL_REVENUE", direction: "ASC" } as const;
          const ordered = [...accounts].sort(compareForSort(sort.key, sort.direction));
          const p1 = await list({ sort, first: 4 });
          expect(idsOf(p1.items)).toEqual(idsOf(ordered.slice(0, 4)));

          // before the cursor: a smaller revenue, and a tie with the cursor's value but a smaller id
          const cursor = p1.positions[3]!;
          await store.createAccount(accountInput({ id: "aaa-before", annualRevenue: 1 }));
          await store.createAccount(accountInput({ id: "aaa-tie", annualRevenue: cursor.value as number }));
          // the cursor row itself disappears: keyset positions need no row
          await store.deleteAccount(cursor.id);

          const p2 = await list({ sort, first: 4, after: cursor });
          expect(idsOf(p2.items)).toEqual(idsOf(ordered.slice(4, 8)));
          expect(p2.totalCount).toBe(accounts.length + 1);
          const p3 = await list({ sort, first: 4, after: p2.positions[3]! });
          expect(idsOf(p3.items)).toEqual(idsOf(ordered.slice(8)));
          expect(p3.hasNextPage).toBe(false);
        });

        it("totalCount ignores pagination and the cursor", async () => {
          const seed = await seedListing();
          const filter: AccountFilter = { statuses: ["CUSTOMER"] };
          const expected = seed.accounts.filter((a) => a.status === "CUSTOMER").length;
          const { pages } = await collectPagesVia(list, { filter, sort: { key: "CREATED_AT", direction: "DESC" } }, 2);
          expect(pages.length).toBeGreaterThan(1);
          for (const page of pages) expect(page.totalCount).toBe(expected);
        });

        it("first: 0 returns no items but reports the count and whether rows exist", async () => {
          await seedListing();
          const page = await list({ sort: { key: "NAME", direction: "ASC" }, first: 0 });
          expect(page.items).toEqual([]);
          expect(page.positions).toEqual([]);
          expect(page.totalCount).toBe(12);
          expect(page.hasNextPage).toBe(true);
        });

        it("refuses a sort key or direction outside the allow-list with BAD_USER_INPUT", async () => {
          await seedListing();
          const before = await snapshotOf(store);
          for (const key of ["name) DROP TABLE accounts; --", "a.name DESC, (SELECT 1)", "} DETACH DELETE n //", "toString", "__proto__", "name"]) {
            await expectFailure(list({ sort: { key: key as AccountSortKey, direction: "ASC" }, first: 5 }), "BAD_USER_INPUT");
          }
          await expectFailure(list({ sort: { key: "NAME", direction: "ASC; DROP TABLE accounts" as SortDirection }, first: 5 }), "BAD_USER_INPUT");
          await expectUnchanged(before);
        });

        it("positions carry the item's own sort value", async () => {
          const { accounts } = await seedListing();
          for (const key of ACCOUNT_SORT_KEYS) {
            const page = await list({ sort: { key, direction: "DESC" }, first: 12 });
            page.items.forEach((item, i) => {
              const original = accounts.find((a) => a.id === item.id)!;
              expect(page.positions[i]).toEqual({ value: sortValueOf(original, key), id: original.id });
            });
          }
        });
      });

    // ---------- graph version ----------

    describe("feed head", () => {
      it("moves by exactly one on every write that changes something", async () => {
        let head = await store.feedHead();
        const bumped = async (label: string, write: () => Promise<unknown>) => {
          await write();
          const now = await store.feedHead();
          expect(now, label).toBe(head + 1);
          head = now;
        };
        const [a, b] = [(await store.createAccount(accountInput())).value, (await store.createAccount(accountInput())).value];
        head = await store.feedHead();
        let community!: Community;
        await bumped("createCommunity", async () => (community = (await store.createCommunity(communityInput())).value));
        let manager!: AccountManager;
        await bumped("createManager", async () => (manager = (await store.createManager(managerInput())).value));
        await bumped("updateManager", () => store.updateManager(manager.id, { name: "Renamed Manager" }));
        let link: Link | undefined;
        let referral: Link | undefined;
        await bumped("createAccount", () => store.createAccount(accountInput()));
        await bumped("updateAccount", () => store.updateAccount(a.id, { name: "Changed" }));
        await bumped("addMembership", () => store.addMembership({ accountId: a.id, communityId: community.id, role: "MEMBER" }));
        await bumped("removeMembership", () => store.removeMembership(a.id, community.id));
        await bumped(
          "linkInfluence",
          async () => (link = (await store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.5 })).value),
        );
        await bumped(
          "recordReferral",
          async () => (referral = (await store.recordReferral({ fromId: b.id, toId: a.id, date: "2024-01-01", revenue: 1 })).value),
        );
        await bumped("recordEngagement", () =>
          store.recordEngagement({ accountId: a.id, managerId: manager.id, minutes: 5, date: "2025-01-01", kind: "CALL" }),
        );
        await bumped("recordPurchase", () => store.recordPurchase({ accountId: a.id, amount: 1, licences: 1, discount: 0, date: "2025-01-01" }));
        await bumped("unlink", () => store.unlink(link!.id));
        await bumped("deleteAccount", () => store.deleteAccount(b.id));
        expect(await store.getLinks([referral!.id])).toEqual([null]);
      });

      it("does not move on reads", async () => {
        const { a, community, manager } = await seedBase();
        const before = await snapshotOf(store);
        await store.ping();
        await store.getAccounts([a.id]);
        await store.listAccounts({ filter: { communityId: community.id }, sort: { key: "NAME", direction: "ASC" }, first: 5 });
        await store.getManagers([manager.id]);
        await store.listManagers();
        await store.getCommunities([community.id]);
        await store.listCommunities();
        await store.membershipsOfAccounts([a.id]);
        await store.membershipsOfCommunities([community.id]);
        await store.linksOfAccounts({ accountIds: [a.id], direction: "OUT" });
        await store.getLinks(["x"]);
        await store.engagementsOfAccounts([a.id]);
        await store.engagementsOfManager(manager.id);
        await store.purchasesOfAccounts([a.id]);
        await store.changesSince(0, 10);
        expect((await store.readState({ activitySince: "2000-01-01" })).accounts).toHaveLength(before.counts.accounts);
        await expectUnchanged(before);
      });

      it("counts every concurrent write", async () => {
        const head = await store.feedHead();
        await Promise.all(Array.from({ length: 20 }, () => store.createAccount(accountInput())));
        expect(await store.feedHead()).toBe(head + 20);
        expect((await store.counts()).accounts).toBe(20);
      });
    });

    // ---------- atomicity ----------

    describe("atomicity: a failing write changes nothing", () => {
      type Base = Awaited<ReturnType<typeof seedBase>>;
      const failingWrites: [string, (base: Base) => Promise<unknown>, "NOT_FOUND" | "CONFLICT", string?][] = [
        ["createAccount with unknown owner", () => store.createAccount(accountInput({ ownerId: "mgr-missing" })), "NOT_FOUND", "ownerId"],
        ["createAccount with taken externalId", () => store.createAccount(accountInput({ externalId: "crm-a" })), "CONFLICT", "externalId"],
        ["createAccount with taken id", ({ a }) => store.createAccount(accountInput({ id: a.id })), "CONFLICT"],
        ["updateAccount of unknown id", () => store.updateAccount("acc-missing", { name: "x" }), "NOT_FOUND", "id"],
        ["updateAccount to unknown owner", ({ b }) => store.updateAccount(b.id, { name: "x", ownerId: "mgr-missing" }), "NOT_FOUND", "ownerId"],
        ["updateAccount to taken externalId", ({ b }) => store.updateAccount(b.id, { name: "x", externalId: "crm-a" }), "CONFLICT", "externalId"],
        ["deleteAccount of unknown id", () => store.deleteAccount("acc-missing"), "NOT_FOUND", "id"],
        ["createManager with taken id", ({ manager }) => store.createManager(managerInput({ id: manager.id })), "CONFLICT"],
        ["updateManager of unknown id", () => store.updateManager("mgr-missing", { name: "x" }), "NOT_FOUND", "id"],
        ["createCommunity with taken id", ({ community }) => store.createCommunity(communityInput({ id: community.id })), "CONFLICT"],
        [
          "addMembership twice",
          ({ a, community }) => store.addMembership({ accountId: a.id, communityId: community.id, role: "MEMBER" }),
          "CONFLICT",
        ],
        [
          "addMembership of unknown account",
          ({ community }) => store.addMembership({ accountId: "acc-missing", communityId: community.id, role: "MEMBER" }),
          "NOT_FOUND",
          "accountId",
        ],
        [
          "addMembership to unknown community",
          ({ a }) => store.addMembership({ accountId: a.id, communityId: "com-missing", role: "MEMBER" }),
          "NOT_FOUND",
          "communityId",
        ],
        ["removeMembership that does not exist", ({ b, community }) => store.removeMembership(b.id, community.id), "NOT_FOUND", "communityId"],
        ["linkInfluence twice", ({ a, b }) => store.linkInfluence({ fromId: a.id, toId: b.id, kind: "PEER", strength: 0.5 }), "CONFLICT"],
        [
          "linkInfluence with taken link id",
          ({ a, b, referral }) => store.linkInfluence({ id: referral.id, fromId: b.id, toId: a.id, kind: "PEER", strength: 0.5 }),
          "CONFLICT",
        ],
        [
          "linkInfluence from unknown",
          ({ b }) => store.linkInfluence({ fromId: "acc-missing", toId: b.id, kind: "PEER", strength: 0.5 }),
          "NOT_FOUND",
          "fromId",
        ],
        [
          "linkInfluence to unknown",
          ({ a }) => store.linkInfluence({ fromId: a.id, toId: "acc-missing", kind: "PEER", strength: 0.5 }),
          "NOT_FOUND",
          "toId",
        ],
        ["recordReferral twice", ({ a, b }) => store.recordReferral({ fromId: a.id, toId: b.id, date: "2024-01-01", revenue: 1 }), "CONFLICT"],
        [
          "recordReferral from unknown",
          ({ b }) => store.recordReferral({ fromId: "acc-missing", toId: b.id, date: "2024-01-01", revenue: 1 }),
          "NOT_FOUND",
          "fromId",
        ],
        [
          "recordReferral to unknown",
          ({ a }) => store.recordReferral({ fromId: a.id, toId: "acc-missing", date: "2024-01-01", revenue: 1 }),
          "NOT_FOUND",
          "toId",
        ],
        ["unlink of unknown link", () => store.unlink("lnk-missing"), "NOT_FOUND", "id"],
        [
          "recordEngagement for unknown account",
          ({ manager }) => store.recordEngagement({ accountId: "acc-missing", managerId: manager.id, minutes: 1, date: "2025-01-01", kind: "CALL" }),
          "NOT_FOUND",
          "accountId",
        ],
        [
          "recordEngagement by unknown manager",
          ({ a }) => store.recordEngagement({ accountId: a.id, managerId: "mgr-missing", minutes: 1, date: "2025-01-01", kind: "CALL" }),
          "NOT_FOUND",
          "managerId",
        ],
        [
          "recordPurchase for unknown account",
          () => store.recordPurchase({ accountId: "acc-missing", amount: 1, licences: 1, discount: 0, date: "2025-01-01" }),
          "NOT_FOUND",
          "accountId",
        ],
        [
          "importDataset with a dangling link",
          ({ a }) => {
            const dataset = smallDataset("bad", 4);
            dataset.influences.push({ id: "bad-inf-x", fromId: a.id, toId: "acc-missing", kind: "PEER", strength: 0.1 });
            return store.importDataset(dataset);
          },
          "NOT_FOUND",
        ],
        [
          "importDataset repeating an existing account id",
          ({ a }) => {
            const dataset = smallDataset("dup", 4);
            dataset.accounts.push({ ...accountInput(), id: a.id });
            return store.importDataset(dataset);
          },
          "CONFLICT",
        ],
      ];

      for (const [label, write, code, field] of failingWrites) {
        it(label, async () => {
          const base = await seedBase();
          const before = await snapshotOf(store);
          await expectFailure(write(base), code, field);
          await expectUnchanged(before);
          expect(await store.getAccounts([base.a.id, base.b.id])).toEqual([base.a, base.b]);
          expect(await store.getLinks([base.influence.id, base.referral.id])).toEqual([base.influence, base.referral]);
          expect(await store.membershipsOfAccounts([base.a.id])).toEqual([base.membership]);
        });
      }
    });

    // ---------- importDataset ----------

    describe("importDataset", () => {
      it("loads a whole dataset and returns the counts written", async () => {
        const dataset = smallDataset("imp", 10);
        const head = await store.feedHead();
        const written = await store.importDataset(dataset);
        expect(written).toEqual(countsOf(dataset));
        expect(await store.counts()).toEqual(countsOf(dataset));
        expect(await store.feedHead()).toBeGreaterThan(head);
        const { changes } = await store.changesSince(head, 1_000);
        expect(changes.every((c) => c.entries.length === 1 && c.entries[0]!.kind === "DATASET")).toBe(true);

        const accounts = await store.getAccounts(dataset.accounts.map((a) => a.id));
        accounts.forEach((account, i) => {
          const input = dataset.accounts[i]!;
          expect(account).toEqual({ ...expectedAccount(input), id: input.id, createdAt: account!.createdAt, updatedAt: account!.updatedAt });
          expect(account!.createdAt).toMatch(ISO_DATE_TIME);
        });
        const links = await store.getLinks([...dataset.influences.map((l) => l.id), ...dataset.referrals.map((l) => l.id)]);
        dataset.influences.forEach((input, i) => {
          expect(links[i]).toMatchObject({
            type: "INFLUENCES",
            fromId: input.fromId,
            toId: input.toId,
            strength: input.strength,
            kind: input.kind,
            revenue: null,
            date: input.since ?? null,
          });
        });
        dataset.referrals.forEach((input, i) => {
          expect(links[dataset.influences.length + i]).toMatchObject({
            type: "REFERRED",
            fromId: input.fromId,
            toId: input.toId,
            strength: 1,
            kind: null,
            revenue: input.revenue,
            date: input.date,
          });
        });
        expect(await store.getManagers(dataset.managers.map((m) => m.id))).toEqual(dataset.managers.map((m) => expect.objectContaining({ ...m })));
        expect(await store.getCommunities(dataset.communities.map((c) => c.id))).toEqual(
          dataset.communities.map((c) => expect.objectContaining({ ...c, region: c.region ?? null })),
        );
        const ids = dataset.accounts.map((a) => a.id);
        expect(await store.engagementsOfAccounts(ids)).toEqual(
          dataset.engagements.map((e) => ({ ...e, note: e.note ?? null })).sort((x, y) => (x.date < y.date ? -1 : 1)),
        );
        expect(await store.purchasesOfAccounts(ids)).toEqual([...dataset.purchases].sort((x, y) => (x.date < y.date ? -1 : 1)));
        expect(await store.membershipsOfAccounts(ids)).toHaveLength(dataset.memberships.length);
        const page = await store.listAccounts({
          filter: { ownerIds: [dataset.managers[0]!.id] },
          sort: { key: "NAME", direction: "ASC" },
          first: 50,
        });
        expect(page.totalCount).toBe(dataset.accounts.filter((a) => a.ownerId === dataset.managers[0]!.id).length);
      });

      it("loads in many small batches", async () => {
        const dataset = smallDataset("batch", 25);
        expect(await store.importDataset(dataset, { batchSize: 2 })).toEqual(countsOf(dataset));
        expect(await store.counts()).toEqual(countsOf(dataset));
      });

      it("accepts an empty dataset", async () => {
        const empty: Dataset = {
          managers: [],
          accounts: [],
          communities: [],
          memberships: [],
          influences: [],
          referrals: [],
          engagements: [],
          purchases: [],
        };
        expect(await store.importDataset(empty)).toEqual(EMPTY_COUNTS);
        expect(await store.counts()).toEqual(EMPTY_COUNTS);
      });

      it("may reference rows already in the store", async () => {
        const manager = (await store.createManager(managerInput({ id: "pre-mgr" }))).value;
        const account = (await store.createAccount(accountInput({ id: "pre-acc" }))).value;
        const dataset = smallDataset("ref", 3);
        dataset.accounts[0]!.ownerId = manager.id;
        dataset.referrals.push({ id: "ref-extra", fromId: dataset.accounts[1]!.id, toId: account.id, date: "2024-05-05", revenue: 10 });
        dataset.engagements.push({ id: "eng-extra", accountId: account.id, managerId: manager.id, minutes: 3, date: "2025-02-02", kind: "CALL" });
        await store.importDataset(dataset);
        expect(await store.linksOfAccounts({ accountIds: [account.id], direction: "IN" })).toEqual([
          expect.objectContaining({ id: "ref-extra", type: "REFERRED" }),
        ]);
        expect((await store.counts()).accounts).toBe(4);
      });

      const breakers: [string, (d: Dataset) => void, "NOT_FOUND" | "CONFLICT"][] = [
        [
          "a link to a missing account",
          (d) => d.influences.push({ id: "x-inf", fromId: d.accounts[0]!.id, toId: "acc-missing", kind: "PEER", strength: 0.5 }),
          "NOT_FOUND",
        ],
        [
          "a referral from a missing account",
          (d) => d.referrals.push({ id: "x-ref", fromId: "acc-missing", toId: d.accounts[0]!.id, date: "2024-01-01", revenue: 1 }),
          "NOT_FOUND",
        ],
        [
          "a membership of a missing community",
          (d) => d.memberships.push({ accountId: d.accounts[1]!.id, communityId: "com-missing", role: "MEMBER" }),
          "NOT_FOUND",
        ],
        [
          "a membership of a missing account",
          (d) => d.memberships.push({ accountId: "acc-missing", communityId: d.communities[0]!.id, role: "MEMBER" }),
          "NOT_FOUND",
        ],
        ["an account with a missing owner", (d) => d.accounts.push({ ...accountInput({ ownerId: "mgr-missing" }), id: "x-acc" }), "NOT_FOUND"],
        [
          "an engagement by a missing manager",
          (d) =>
            d.engagements.push({ id: "x-eng", accountId: d.accounts[0]!.id, managerId: "mgr-missing", minutes: 1, date: "2025-01-01", kind: "CALL" }),
          "NOT_FOUND",
        ],
        [
          "a purchase of a missing account",
          (d) => d.purchases.push({ id: "x-pur", accountId: "acc-missing", amount: 1, licences: 1, discount: 0, date: "2025-01-01" }),
          "NOT_FOUND",
        ],
        ["a repeated account id", (d) => d.accounts.push({ ...d.accounts[0]!, externalId: null }), "CONFLICT"],
        ["a repeated externalId", (d) => d.accounts.push({ ...accountInput({ externalId: d.accounts[0]!.externalId! }), id: "x-acc" }), "CONFLICT"],
        ["a repeated link of one type", (d) => d.influences.push({ ...d.influences[0]!, id: "x-inf" }), "CONFLICT"],
        ["a repeated membership", (d) => d.memberships.push({ ...d.memberships[0]! }), "CONFLICT"],
        ["a repeated purchase id", (d) => d.purchases.push({ ...d.purchases[0]! }), "CONFLICT"],
      ];
      for (const [label, breakIt, code] of breakers) {
        it(`is all or nothing: ${label} leaves the store empty`, async () => {
          const dataset = smallDataset("bad", 12);
          breakIt(dataset);
          const before = await snapshotOf(store);
          await expectFailure(store.importDataset(dataset, { batchSize: 3 }), code);
          await expectUnchanged(before);
          expect(before.counts).toEqual(EMPTY_COUNTS);
        });
      }

      it("is all or nothing when the conflict is between rows of one batch (the rows before it in the batch are undone too)", async () => {
        const dataset = smallDataset("bad", 12);
        dataset.influences.splice(1, 0, { ...dataset.influences[0]!, id: "x-inf" });
        const before = await snapshotOf(store);
        await expectFailure(store.importDataset(dataset), "CONFLICT");
        await expectUnchanged(before);
        expect(before.counts).toEqual(EMPTY_COUNTS);
      });
    });

    // ---------- readGraph ----------

    defineChangeFeedContract(() => store);
    defineCrmImportContract(() => store);
    defineRecordEditsContract(() => store);
    defineActivityPagesContract(() => store);
    defineAccountQueriesContract(() => store);
  });
}
