/**
 * The CRM import at scale, on both stores (contract style: the same test per adapter):
 * 20,000 generated accounts with their links, memberships, engagements and purchases as
 * CSV files, a few hundred rows deliberately broken (test/support/broken-crm-csv.ts knows
 * exactly which problems each must raise). A dry run reports exactly those problems and
 * writes nothing; all or nothing writes nothing; skipping bad rows writes every other row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrmImportService } from "../../src/services/crm-import/crm-import-service.js";
import { brokenCrmCsv, type BrokenCsvSet } from "../support/broken-crm-csv.js";
import { STORE_FACTORIES, type OpenedStore } from "../support/store-factories.js";
import { snapshotOf } from "./store-fixtures.js";

const ACCOUNTS = 20_000;
const LONG = 600_000;

describe.each(STORE_FACTORIES)("CRM import of 20,000 generated accounts with broken rows: $name", (factory) => {
  let set: BrokenCsvSet;
  let opened: OpenedStore;
  let service: CrmImportService;

  beforeAll(async () => {
    set = brokenCrmCsv(ACCOUNTS, 7);
    opened = await factory.make();
    await opened.store.importDataset(set.directory);
    service = new CrmImportService(opened.store);
  }, LONG);
  afterAll(async () => {
    await opened?.cleanup();
  });

  const shape = (problems: { file: string; row: number; column: string; code: string }[]) =>
    problems.map(({ file, row, column, code }) => `${file}:${row}:${column}:${code}`).sort();

  it("the set has a few hundred rows broken on purpose, and more that name their accounts", () => {
    expect(set.deliberate).toBeGreaterThan(300);
    expect(set.deliberate).toBeLessThan(1_000);
    expect(new Set(set.expected.map((p) => `${p.file}:${p.row}`)).size).toBeGreaterThan(set.deliberate);
  });

  it(
    "a dry run reports every broken row exactly and writes nothing",
    async () => {
      const before = await snapshotOf(opened.store);
      const report = await service.import({ files: set.files, mode: "DRY_RUN" });
      expect(report.written).toBe(false);
      expect(shape(report.rejected)).toEqual(shape(set.expected));
      expect(report.rows).toEqual(set.rows);
      expect(await snapshotOf(opened.store)).toEqual(before);
    },
    LONG,
  );

  it(
    "all or nothing writes nothing when a row is bad",
    async () => {
      const before = await snapshotOf(opened.store);
      const report = await service.import({ files: set.files, mode: "ALL_OR_NOTHING" });
      expect(report.written).toBe(false);
      expect(report.rejected).toHaveLength(set.expected.length);
      expect(await snapshotOf(opened.store)).toEqual(before);
    },
    LONG,
  );

  it(
    "skipping bad rows imports every other row",
    async () => {
      const report = await service.import({ files: set.files, mode: "SKIP_BAD_ROWS" });
      expect(report.written).toBe(true);
      expect(shape(report.rejected)).toEqual(shape(set.expected));
      expect(report).toMatchObject({
        accountsCreated: set.goodRows.accounts,
        linksCreated: set.goodRows.links,
        memberships: set.goodRows.memberships,
        engagements: set.goodRows.engagements,
        purchases: set.goodRows.purchases,
      });
      expect(await opened.store.counts()).toMatchObject({
        accounts: set.goodRows.accounts,
        links: set.goodRows.links,
        memberships: set.goodRows.memberships,
        engagements: set.goodRows.engagements,
        purchases: set.goodRows.purchases,
      });
    },
    LONG,
  );
});
