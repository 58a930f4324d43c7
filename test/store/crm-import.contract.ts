/**
 * AccountGraphStore.importRecords, part of the shared store contract (called from
 * account-graph-store.contract.ts, so SQLite and Neo4j run the same cases). Rows go in
 * as CSV through the import service, exactly as `npm run import` and `importCrm` send
 * them, so what is pinned down is what a user meets: upsert by externalId, upserted
 * links, activity stored once, every bad row reported (row, column, code), and the three
 * modes — DRY_RUN and a refused ALL_OR_NOTHING leave the store exactly as it was.
 */
import { describe, expect, it } from "vitest";
import type { AccountGraphStore } from "../../src/ports/account-graph-store.js";
import { CrmImportService, type CrmImportFiles } from "../../src/services/crm-import/crm-import-service.js";
import { communityInput, managerInput, snapshotOf } from "./store-fixtures.js";

const ACCOUNTS = [
  "Account ID,Account Name,Account Owner,Type,Annual Revenue,Segment,Licenses Held",
  'SF-1,Globex,carla@example.com,Customer - Direct,"$1,250,000.00",ENTERPRISE,50',
  "SF-2,Initech,Carla Rossi,Prospect,0,Mid Market,0",
  'SF-3,"Corner Bakery, Ltd",,Former Customer,1200.5,small business,1',
].join("\r\n");

const LINKS = ["type,from,to,kind,strength,date,revenue", "INFLUENCES,SF-1,SF-2,PEER,0.6,2024-01-01,", "REFERRED,SF-1,SF-3,,,2024-03-01,500.00"].join(
  "\n",
);

export function defineCrmImportContract(getStore: () => AccountGraphStore): void {
  describe("importRecords (CRM import)", () => {
    const seed = async () => {
      const store = getStore();
      const manager = (await store.createManager(managerInput({ name: "Carla Rossi", email: "carla@example.com" }))).value;
      const community = (await store.createCommunity(communityInput({ name: "Harbor Chamber" }))).value;
      return { store, manager, community, service: new CrmImportService(store) };
    };
    const byExternalId = async (store: AccountGraphStore, externalId: string) => {
      const page = await store.listAccounts({ sort: { key: "NAME", direction: "ASC" }, first: 100 });
      return page.items.find((a) => a.externalId === externalId)!;
    };

    it("creates accounts from a Salesforce-style export, resolving owners by email or name", async () => {
      const { store, manager, service } = await seed();
      const head = await store.feedHead();
      const report = await service.import({ files: { accounts: ACCOUNTS, links: LINKS }, mode: "ALL_OR_NOTHING" });
      expect(report).toMatchObject({ written: true, rejected: [], accountsCreated: 3, accountsUpdated: 0, linksCreated: 2 });
      const globex = await byExternalId(store, "SF-1");
      expect(globex).toMatchObject({
        name: "Globex",
        ownerId: manager.id,
        status: "CUSTOMER",
        annualRevenue: 125_000_000,
        segment: "ENTERPRISE",
        licencesHeld: 50,
      });
      expect(await byExternalId(store, "SF-2")).toMatchObject({ ownerId: manager.id, status: "PROSPECT", segment: "MID_MARKET" });
      expect(await byExternalId(store, "SF-3")).toMatchObject({
        name: "Corner Bakery, Ltd",
        ownerId: null,
        status: "CHURNED",
        annualRevenue: 120_050,
      });
      const links = await store.linksOfAccounts({ accountIds: [globex.id], direction: "OUT" });
      expect(links.map((l) => [l.type, l.strength, l.revenue])).toEqual(
        expect.arrayContaining([
          ["INFLUENCES", 0.6, null],
          ["REFERRED", 1, 50_000],
        ]),
      );
      // The import is in the change feed as RESET changes: every read model reloads.
      expect(await store.feedHead()).toBeGreaterThan(head);
      const { changes } = await store.changesSince(head, 100);
      expect(changes.flatMap((c) => c.entries)).toEqual(changes.map(() => ({ kind: "DATASET", op: "RESET" })));
    });

    it("upserts by externalId: a second import updates the columns it has and keeps id and the rest", async () => {
      const { store, service } = await seed();
      await service.import({ files: { accounts: ACCOUNTS, links: LINKS }, mode: "ALL_OR_NOTHING" });
      const before = await byExternalId(store, "SF-1");
      const report = await service.import({
        files: { accounts: "externalId,name\nSF-1,Globex Corporation\n", links: "type,from,to,kind,strength\nINFLUENCES,SF-1,SF-2,BOARD,0.9\n" },
        mode: "ALL_OR_NOTHING",
      });
      expect(report).toMatchObject({ written: true, accountsCreated: 0, accountsUpdated: 1, linksCreated: 0, linksUpdated: 1 });
      const after = await byExternalId(store, "SF-1");
      expect(after).toMatchObject({
        id: before.id,
        name: "Globex Corporation",
        annualRevenue: before.annualRevenue,
        ownerId: before.ownerId,
        createdAt: before.createdAt,
      });
      const influence = (await store.linksOfAccounts({ accountIds: [before.id], direction: "OUT", types: ["INFLUENCES"] }))[0];
      expect(influence).toMatchObject({ kind: "BOARD", strength: 0.9 });
      expect((await store.counts()).links).toBe(2);
    });

    it("stores memberships and activity once, however often the same files are imported", async () => {
      const { store, community, service } = await seed();
      const files: CrmImportFiles = {
        accounts: ACCOUNTS,
        memberships: `account,community,role\nSF-1,${community.name},LEADER\nSF-2,${community.id},\n`,
        engagements:
          "account,manager,minutes,date,kind,note\nSF-1,carla@example.com,30,2025-01-10,Call,Renewal\nSF-1,Carla Rossi,45,2025-02-10,meeting,\n",
        purchases: 'Opportunity ID,account,amount,licences,date\nOPP-1,SF-1,"12,000.00",10,2025-01-20\n',
      };
      const first = await service.import({ files, mode: "ALL_OR_NOTHING" });
      expect(first).toMatchObject({ written: true, memberships: 2, engagements: 2, purchases: 1, unchanged: 0 });
      const second = await service.import({ files, mode: "ALL_OR_NOTHING" });
      expect(second).toMatchObject({ written: true, accountsUpdated: 3, engagements: 0, purchases: 0, unchanged: 3 });
      expect(await store.counts()).toMatchObject({ accounts: 3, memberships: 2, engagements: 2, purchases: 1 });
      const globex = await byExternalId(store, "SF-1");
      expect(await store.membershipsOfAccounts([globex.id])).toEqual([expect.objectContaining({ communityId: community.id, role: "LEADER" })]);
    });

    const shapeOf = (problems: { file: string; row: number; column: string; code: string }[]) =>
      problems.map(({ file, row, column, code }) => ({ file, row, column, code }));

    it("refuses an activity id seen again with other content (CONFLICT, in one file or against the store); the same content stays unchanged", async () => {
      const { store, service } = await seed();
      const engagements = (minutes: number, note: string) =>
        `Activity ID,account,manager,minutes,date,kind,note\nA1,SF-1,carla@example.com,${minutes},2025-01-10,Call,${note}\n`;
      const purchases = 'Opportunity ID,account,amount,licences,date\nP1,SF-1,"$1,000.00",10,2025-01-20\n';
      const first = await service.import({
        files: { accounts: ACCOUNTS, engagements: engagements(30, "Kickoff"), purchases },
        mode: "ALL_OR_NOTHING",
      });
      expect(first).toMatchObject({ written: true, engagements: 1, purchases: 1, unchanged: 0 });

      const again = await service.import({
        files: { accounts: ACCOUNTS, engagements: engagements(30, "Kickoff"), purchases },
        mode: "ALL_OR_NOTHING",
      });
      expect(again).toMatchObject({ written: true, rejected: [], engagements: 0, purchases: 0, unchanged: 2 });

      const before = await snapshotOf(store);
      const changed = await service.import({
        files: { accounts: ACCOUNTS, engagements: engagements(45, "Renewal"), purchases: purchases.replace('"$1,000.00"', "5") },
        mode: "ALL_OR_NOTHING",
      });
      expect(changed).toMatchObject({ written: false, unchanged: 0 });
      expect(shapeOf(changed.rejected)).toEqual([
        { file: "engagements", row: 2, column: "Activity ID", code: "CONFLICT" },
        { file: "purchases", row: 2, column: "Opportunity ID", code: "CONFLICT" },
      ]);
      expect(changed.rejected[0]!.message).toContain("minutes, note");
      expect(changed.rejected[1]!.message).toContain("amount");
      expect(await snapshotOf(store)).toEqual(before);

      const inOneFile = await service.import({
        files: {
          accounts: ACCOUNTS,
          engagements:
            engagements(30, "Kickoff") + "A2,SF-2,carla@example.com,20,2025-03-01,Email,\nA2,SF-2,carla@example.com,25,2025-03-01,Email,\n",
          purchases: purchases + 'P2,SF-2,5,1,2025-03-02\nP2,SF-2,5,1,2025-03-02\nP3,SF-2,"$1,000.00",1,2025-03-03\nP3,SF-2,5,1,2025-03-03\n',
        },
        mode: "SKIP_BAD_ROWS",
      });
      expect(shapeOf(inOneFile.rejected)).toEqual([
        { file: "engagements", row: 4, column: "Activity ID", code: "CONFLICT" },
        { file: "purchases", row: 6, column: "Opportunity ID", code: "CONFLICT" },
      ]);
      expect(inOneFile.rejected[0]!.message).toMatch(/row 3 of this import/);
      // A1 and P1 as stored, P2's second identical row: unchanged; A2, P2 and P3 once each.
      expect(inOneFile).toMatchObject({ written: true, engagements: 1, purchases: 2, unchanged: 3 });
      expect(await store.counts()).toMatchObject({ engagements: 2, purchases: 3 });
    });

    const BAD: CrmImportFiles = {
      accounts: [
        "externalId,name,segment,owner",
        "A-1,Good,ENTERPRISE,",
        "A-2,Bad segment,GIGANTIC,",
        "A-3,Unknown owner,,nobody@example.com",
        "A-4,,,",
      ].join("\n"),
      links: [
        "type,from,to,strength,kind",
        "INFLUENCES,A-1,A-2,0.5,PEER",
        "INFLUENCES,A-1,A-404,0.5,PEER",
        "INFLUENCES,A-1,A-1,0.5,PEER",
        "INFLUENCES,A-3,A-1,0.5,PEER",
      ].join("\n"),
    };
    const EXPECTED_PROBLEMS = [
      { file: "accounts", row: 3, column: "segment", code: "BAD_USER_INPUT" },
      { file: "accounts", row: 4, column: "owner", code: "NOT_FOUND" },
      { file: "accounts", row: 5, column: "name", code: "BAD_USER_INPUT" },
      { file: "links", row: 2, column: "to", code: "REJECTED_REFERENCE" },
      { file: "links", row: 3, column: "to", code: "NOT_FOUND" },
      { file: "links", row: 4, column: "to", code: "BAD_USER_INPUT" },
      { file: "links", row: 5, column: "from", code: "REJECTED_REFERENCE" },
    ];

    it("DRY_RUN reports every bad row with row, column and code, and writes nothing", async () => {
      const { store, service } = await seed();
      const before = await snapshotOf(store);
      const report = await service.import({ files: BAD, mode: "DRY_RUN" });
      expect(shapeOf(report.rejected)).toEqual(EXPECTED_PROBLEMS);
      expect(report.rejected.every((p) => p.message.length > 0)).toBe(true);
      expect(report).toMatchObject({ written: false, accountsCreated: 1, linksCreated: 0 });
      expect(await snapshotOf(store)).toEqual(before);
    });

    it("ALL_OR_NOTHING with a bad row writes nothing, and reports the same rows", async () => {
      const { store, service } = await seed();
      const before = await snapshotOf(store);
      const report = await service.import({ files: BAD, mode: "ALL_OR_NOTHING" });
      expect(report.written).toBe(false);
      expect(shapeOf(report.rejected)).toEqual(EXPECTED_PROBLEMS);
      expect(await snapshotOf(store)).toEqual(before);
    });

    it("SKIP_BAD_ROWS writes the good rows only", async () => {
      const { store, service } = await seed();
      const report = await service.import({ files: BAD, mode: "SKIP_BAD_ROWS" });
      expect(report.written).toBe(true);
      expect(shapeOf(report.rejected)).toEqual(EXPECTED_PROBLEMS);
      expect(await store.counts()).toMatchObject({ accounts: 1, links: 0 });
      expect((await byExternalId(store, "A-1")).name).toBe("Good");
    });
  });
}
