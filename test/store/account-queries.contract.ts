/**
 * The read model's own account queries (services/read-model: account-filter.ts,
 * account-order.ts, account-aggregates.ts, list-pages.ts) over the view of each store's
 * readState, run by account-graph-store.contract.ts against every adapter: whatever a store
 * returns as its state, the filters, orders, aggregates and list pages answer the same.
 * Expectations are computed here from the records themselves, independently of the code
 * under test. (The port's listAccounts queries are compared with the stores' own answers in
 * the listAccounts part of the contract.)
 */
import { describe, expect, it } from "vitest";
import type { Account, Engagement } from "../../src/domain/model.js";
import type { AccountGraphStore, NewAccount } from "../../src/ports/account-graph-store.js";
import { aggregateAccounts, type AccountGroupDimension } from "../../src/services/read-model/account-aggregates.js";
import type { AccountQueryFilter } from "../../src/services/read-model/account-filter.js";
import { ACCOUNT_ORDER_KEYS, type AccountOrderTerm } from "../../src/services/read-model/account-order.js";
import { accountPageOf, type AccountPagePosition } from "../../src/services/read-model/account-pages.js";
import { listPageOf } from "../../src/services/read-model/list-pages.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { compareRaw as raw, referenceOrder, SORT_VALUE as VALUE } from "../support/account-order-reference.js";
import { accountInput, communityInput, expectFailure, managerInput } from "./store-fixtures.js";

const SINCE = "2024-01-01";

export function defineAccountQueriesContract(current: () => AccountGraphStore): void {
  describe("read model account queries over readState", () => {
    const viewOf = async (): Promise<ReadView> => viewOfState(await current().readState({ activitySince: SINCE }), SINCE);

    /** Ten accounts with nulls and ties on every key, two owners, two communities, recent and old engagements. */
    const seed = async () => {
      const store = current();
      const [ann, bob] = [
        (await store.createManager(managerInput({ id: "mgr-ann" }))).value,
        (await store.createManager(managerInput({ id: "mgr-bob" }))).value,
      ];
      const rows: [string, Partial<NewAccount>][] = [
        [
          "q-01",
          {
            name: "Alpha",
            externalId: "crm-1",
            region: "EMEA",
            industry: "Retail",
            ownerId: ann.id,
            status: "CUSTOMER",
            segment: "ENTERPRISE",
            annualRevenue: 900_00,
            licencesHeld: 10,
            licencesPlanned: 30,
            licencePrice: 100_00,
            renewalDate: "2026-07-01",
            lastContact: "2025-12-01",
            customerSince: "2020-01-01",
          },
        ],
        [
          "q-02",
          {
            name: "Bravo",
            externalId: "crm-2",
            region: null,
            industry: "Retail",
            ownerId: bob.id,
            status: "PROSPECT",
            segment: "SMALL_BUSINESS",
            annualRevenue: 100_00,
            licencesHeld: 5,
            licencesPlanned: 5,
            licencePrice: 50_00,
            renewalDate: null,
            lastContact: null,
            customerSince: null,
          },
        ],
        [
          "q-03",
          {
            name: "Charlie",
            region: "APAC",
            industry: null,
            ownerId: null,
            status: "CUSTOMER",
            segment: "ENTERPRISE",
            annualRevenue: 900_00,
            licencesHeld: 0,
            licencesPlanned: 8,
            licencePrice: 10_00,
            renewalDate: "2026-06-15",
            lastContact: "2026-05-01",
            customerSince: "2021-06-01",
          },
        ],
        [
          "q-04",
          {
            name: "Delta",
            externalId: "crm-4",
            region: "EMEA",
            industry: "Health",
            ownerId: ann.id,
            status: "CHURNED",
            segment: "MID_MARKET",
            annualRevenue: 0,
            licencesHeld: 20,
            licencesPlanned: 10,
            licencePrice: 1_00,
            renewalDate: null,
            lastContact: "2024-03-03",
            customerSince: "2019-01-01",
          },
        ],
        [
          "q-05",
          {
            name: "Echo",
            region: "AMER",
            industry: "Health",
            ownerId: bob.id,
            status: "CUSTOMER",
            segment: "MID_MARKET",
            annualRevenue: 4_500_00,
            licencesHeld: 1,
            licencesPlanned: 2,
            licencePrice: 999_00,
            renewalDate: "2026-06-15",
            lastContact: "2026-05-01",
            customerSince: "2020-01-01",
          },
        ],
        [
          "q-06",
          {
            name: "Foxtrot",
            region: "AMER",
            industry: "Retail",
            ownerId: null,
            status: "PROSPECT",
            segment: "NON_PROFIT",
            annualRevenue: 100_00,
            licencesHeld: 0,
            licencesPlanned: 0,
            licencePrice: 0,
            renewalDate: "2027-01-01",
            lastContact: null,
            customerSince: null,
          },
        ],
        [
          "q-07",
          {
            name: "Golf",
            externalId: "crm-7",
            region: "EMEA",
            industry: null,
            ownerId: ann.id,
            status: "CUSTOMER",
            segment: "PUBLIC_SECTOR",
            annualRevenue: 2_000_00,
            licencesHeld: 3,
            licencesPlanned: 9,
            licencePrice: 20_00,
            renewalDate: "2026-07-01",
            lastContact: "2025-12-01",
            customerSince: "2022-02-02",
          },
        ],
        [
          "q-08",
          {
            name: "Hotel",
            region: null,
            industry: "Finance",
            ownerId: bob.id,
            status: "CUSTOMER",
            segment: "ENTERPRISE",
            annualRevenue: 2_000_00,
            licencesHeld: 50,
            licencesPlanned: 100,
            licencePrice: 500_00,
            renewalDate: null,
            lastContact: "2026-01-15",
            customerSince: "2018-08-08",
          },
        ],
        [
          "q-09",
          {
            name: "India",
            region: "APAC",
            industry: "Finance",
            ownerId: ann.id,
            status: "PROSPECT",
            segment: "SMALL_BUSINESS",
            annualRevenue: 50_00,
            licencesHeld: 2,
            licencesPlanned: 2,
            licencePrice: 5_00,
            renewalDate: "2026-06-20",
            lastContact: null,
            customerSince: null,
          },
        ],
        [
          "q-10",
          {
            name: "Juliet",
            region: "AMER",
            industry: "Retail",
            ownerId: null,
            status: "CHURNED",
            segment: "NON_PROFIT",
            annualRevenue: 4_500_00,
            licencesHeld: 7,
            licencesPlanned: 12,
            licencePrice: 30_00,
            renewalDate: "2026-06-15",
            lastContact: "2024-11-11",
            customerSince: "2017-07-07",
          },
        ],
      ];
      for (const [id, fields] of rows) await store.createAccount(accountInput({ id, ...fields }));
      const club = (await store.createCommunity(communityInput({ id: "com-club", name: "Club" }))).value;
      const guild = (await store.createCommunity(communityInput({ id: "com-guild", name: "Guild" }))).value;
      for (const id of ["q-01", "q-03", "q-05"])
        await store.addMembership({ accountId: id, communityId: club.id, role: id === "q-05" ? "LEADER" : "MEMBER" });
      for (const id of ["q-01", "q-08"]) await store.addMembership({ accountId: id, communityId: guild.id, role: "MEMBER", since: "2023-05-05" });
      const engagements: Engagement[] = [];
      for (const [accountId, minutes, date] of [
        ["q-01", 30, "2026-05-20"],
        ["q-01", 15, "2026-01-10"],
        ["q-05", 60, "2026-05-28"],
        ["q-08", 45, "2025-02-01"],
        ["q-10", 20, "2023-06-01"],
      ] as const) {
        engagements.push((await store.recordEngagement({ accountId, managerId: ann.id, minutes, date, kind: "CALL" })).value);
      }
      const accounts = (await current().getAccounts(rows.map(([id]) => id))) as Account[];
      return { accounts, ann, bob, club, guild, engagements, view: await viewOf() };
    };

    /** Every account of `order` and `filter`, page by page through cursors. */
    const pageThrough = (view: ReadView, order: readonly AccountOrderTerm[], first: number, filter?: AccountQueryFilter) => {
      const items: Account[] = [];
      let after: AccountPagePosition | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = accountPageOf(view, { order, first, ...(filter ? { filter } : {}), ...(after ? { after } : {}) });
        items.push(...page.items);
        if (!page.hasNextPage) return { items, totalCount: page.totalCount };
        after = page.positions.at(-1);
      }
      throw new Error("pages did not end");
    };

    it("orders by every key, both directions, nulls first or last, across pages", async () => {
      const { accounts, view } = await seed();
      for (const key of ACCOUNT_ORDER_KEYS) {
        for (const direction of ["ASC", "DESC"] as const) {
          for (const nulls of ["FIRST", "LAST"] as const) {
            const order = [{ key, direction, nulls }];
            const expected = [...accounts].sort(referenceOrder(order)).map((a) => a.id);
            for (const first of [1, 3, 10])
              expect(
                pageThrough(view, order, first).items.map((a) => a.id),
                `${key} ${direction} ${nulls} by ${first}`,
              ).toEqual(expected);
          }
        }
      }
    });

    it("orders by several keys, ties broken by id in the last key's direction", async () => {
      const { accounts, view } = await seed();
      const orders: AccountOrderTerm[][] = [
        [
          { key: "REGION", direction: "ASC", nulls: "FIRST" },
          { key: "ANNUAL_REVENUE", direction: "DESC", nulls: "LAST" },
        ],
        [
          { key: "SEGMENT", direction: "ASC", nulls: "LAST" },
          { key: "LAST_CONTACT", direction: "DESC", nulls: "FIRST" },
          { key: "NAME", direction: "ASC", nulls: "LAST" },
        ],
        [
          { key: "RENEWAL_DATE", direction: "ASC", nulls: "LAST" },
          { key: "STATUS", direction: "DESC", nulls: "LAST" },
        ],
        [
          { key: "ANNUAL_REVENUE", direction: "ASC", nulls: "LAST" },
          { key: "INDUSTRY", direction: "DESC", nulls: "FIRST" },
        ],
      ];
      for (const order of orders) {
        const expected = [...accounts].sort(referenceOrder(order)).map((a) => a.id);
        for (const first of [1, 4]) expect(pageThrough(view, order, first).items.map((a) => a.id)).toEqual(expected);
        // Positions carry one value per key; a cursor of another shape is refused.
        const page = accountPageOf(view, { order, first: 1 });
        expect(page.positions[0]!.value).toEqual(order.map((t) => VALUE[t.key](page.items[0]!)));
        expect(() => accountPageOf(view, { order, first: 1, after: { value: "x", id: "q-01" } })).toThrowError(
          expect.objectContaining({ code: "BAD_USER_INPUT", field: "after" }),
        );
      }
    });

    it("applies the read model's filters, alone and combined with AND / OR / NOT", async () => {
      const { accounts, view, club, guild } = await seed();
      const ws = (a: Account) => Math.max(0, a.licencesPlanned - a.licencesHeld);
      const engagedSince = (a: Account, date: string) =>
        ["q-01", "q-05", "q-08"].includes(a.id) &&
        ({ "q-01": "2026-05-20", "q-05": "2026-05-28", "q-08": "2025-02-01" } as Record<string, string>)[a.id]! >= date;
      const cases: [string, AccountQueryFilter, (a: Account) => boolean][] = [
        ["externalIds", { externalIds: ["crm-2", "crm-7", "crm-missing"] }, (a) => a.id === "q-02" || a.id === "q-07"],
        ["ids", { ids: ["q-03", "q-09"] }, (a) => a.id === "q-03" || a.id === "q-09"],
        ["communityIds (any)", { communityIds: [club.id, guild.id] }, (a) => ["q-01", "q-03", "q-05", "q-08"].includes(a.id)],
        ["hasOwner false", { hasOwner: false }, (a) => a.ownerId === null],
        ["hasOwner true", { hasOwner: true }, (a) => a.ownerId !== null],
        ["licencesHeld range", { licencesHeld: { min: 2, max: 10 } }, (a) => a.licencesHeld >= 2 && a.licencesHeld <= 10],
        ["licencesPlanned min", { licencesPlanned: { min: 12 } }, (a) => a.licencesPlanned >= 12],
        ["whitespace at least 5", { whitespaceLicences: { min: 5 } }, (a) => ws(a) >= 5],
        [
          "renewal in June 2026",
          { renewalDate: { from: "2026-06-01", to: "2026-06-30" } },
          (a) => a.renewalDate !== null && a.renewalDate >= "2026-06-01" && a.renewalDate <= "2026-06-30",
        ],
        ["no renewal date", { renewalDate: { isNull: true } }, (a) => a.renewalDate === null],
        ["has a last contact", { lastContact: { isNull: false } }, (a) => a.lastContact !== null],
        ["last contact before 2026", { lastContact: { to: "2025-12-31" } }, (a) => a.lastContact !== null && a.lastContact <= "2025-12-31"],
        ["customer since up to 2019", { customerSince: { to: "2019-12-31" } }, (a) => a.customerSince !== null && a.customerSince <= "2019-12-31"],
        ["engaged since 2026-01-01", { engagedSince: "2026-01-01" }, (a) => engagedSince(a, "2026-01-01")],
        ["not engaged since 2026-05-25", { notEngagedSince: "2026-05-25" }, (a) => !engagedSince(a, "2026-05-25")],
        ["OR", { or: [{ segments: ["ENTERPRISE"] }, { regions: ["AMER"] }] }, (a) => a.segment === "ENTERPRISE" || a.region === "AMER"],
        ["empty OR matches nothing", { or: [] }, () => false],
        ["NOT", { not: { statuses: ["CUSTOMER"] } }, (a) => a.status !== "CUSTOMER"],
        [
          "AND of OR and NOT",
          { and: [{ or: [{ ownerIds: ["mgr-ann"] }, { hasOwner: false }] }, { not: { regions: ["EMEA"] } }], minRevenue: 100_00 },
          (a) => (a.ownerId === "mgr-ann" || a.ownerId === null) && a.region !== "EMEA" && a.annualRevenue >= 100_00,
        ],
      ];
      for (const [label, filter, predicate] of cases) {
        const expected = accounts
          .filter(predicate)
          .map((a) => a.id)
          .sort();
        const { items, totalCount } = pageThrough(view, [{ key: "NAME", direction: "ASC", nulls: "LAST" }], 3, filter);
        expect(items.map((a) => a.id).sort(), label).toEqual(expected);
        expect(totalCount, label).toBe(expected.length);
      }
    });

    it("aggregates count, revenue, whitespace and minutes, in all and per group", async () => {
      const { accounts, view } = await seed();
      const window = { from: "2026-01-01", to: "2026-06-01" };
      const minutes = (a: Account) => (({ "q-01": 45, "q-05": 60 }) as Record<string, number>)[a.id] ?? 0;
      const stats = (set: Account[]) => {
        const q = (f: (a: Account) => number) => {
          const values = set.map(f);
          const sum = values.reduce((x, y) => x + y, 0);
          return {
            sum,
            average: set.length ? sum / set.length : null,
            min: set.length ? Math.min(...values) : null,
            max: set.length ? Math.max(...values) : null,
          };
        };
        const ws = (a: Account) => Math.max(0, a.licencesPlanned - a.licencesHeld);
        return {
          count: set.length,
          annualRevenue: q((a) => a.annualRevenue),
          whitespaceLicences: q(ws),
          whitespaceValue: q((a) => ws(a) * a.licencePrice),
          engagementMinutes: q(minutes),
        };
      };
      const filter: AccountQueryFilter = { statuses: ["CUSTOMER", "CHURNED"] };
      const matching = accounts.filter((a) => a.status !== "PROSPECT");
      const none = aggregateAccounts(view, { filter, groupBy: null, window });
      expect(none).toEqual({ totals: stats(matching), groupBy: null, groups: [], window });

      const keyOf: Record<Exclude<AccountGroupDimension, "TIER">, (a: Account) => (string | null)[]> = {
        SEGMENT: (a) => [a.segment],
        STATUS: (a) => [a.status],
        REGION: (a) => [a.region],
        INDUSTRY: (a) => [a.industry],
        OWNER: (a) => [a.ownerId],
        COMMUNITY: (a) =>
          (({ "q-01": ["com-club", "com-guild"], "q-03": ["com-club"], "q-05": ["com-club"], "q-08": ["com-guild"] }) as Record<string, string[]>)[
            a.id
          ] ?? [null],
      };
      for (const [dimension, keys] of Object.entries(keyOf) as [Exclude<AccountGroupDimension, "TIER">, (a: Account) => (string | null)[]][]) {
        const groups = new Map<string | null, Account[]>();
        for (const a of matching) for (const key of keys(a)) groups.set(key, [...(groups.get(key) ?? []), a]);
        const expected = [...groups]
          .map(([key, set]) => ({ key, ...stats(set) }))
          .sort((x, y) => y.count - x.count || (x.key === null ? 1 : y.key === null ? -1 : raw(x.key, y.key)));
        const answer = aggregateAccounts(view, { filter, groupBy: dimension, window });
        expect(answer.groups, dimension).toEqual(expected);
        expect(answer.totals).toEqual(stats(matching));
      }
      expect(() => aggregateAccounts(view, { filter, groupBy: "TIER", window })).toThrow();
    });

    it("pages communities and a community's members by keyset", async () => {
      const { view, club } = await seed();
      const first = listPageOf([...view.communities.values()], (c) => ({ value: c.name, id: c.id }), 1);
      expect(first.items.map((c) => c.id)).toEqual(["com-club"]);
      expect(first.hasNextPage).toBe(true);
      const second = listPageOf([...view.communities.values()], (c) => ({ value: c.name, id: c.id }), 1, first.positions[0]);
      expect(second).toMatchObject({ hasNextPage: false, totalCount: 2 });
      expect(second.items.map((c) => c.id)).toEqual(["com-guild"]);
      const members = listPageOf([...(view.membershipsByCommunity.get(club.id) ?? [])], (m) => ({ value: m.role, id: m.accountId }), 5);
      expect(members.items.map((m) => [m.role, m.accountId])).toEqual([
        ["LEADER", "q-05"],
        ["MEMBER", "q-01"],
        ["MEMBER", "q-03"],
      ]);
      await expectFailure(
        Promise.resolve().then(() => listPageOf([], (m: never) => m, 1, { value: 1, id: "x" })),
        "BAD_USER_INPUT",
        "after",
      );
    });
  });
}
