/**
 * CRM import use case: CSV exports (accounts, links, memberships, engagements, purchases)
 * -> columns (crm-columns.ts) -> one validated record per row (crm-row-validator.ts) ->
 * one store call, AccountGraphStore.importRecords, which matches them against the store
 * and writes them in one transaction (or, in DRY_RUN, only reports). The command line
 * (scripts/import.ts) and the `importCrm` mutation (ADMIN only) both come here.
 *
 * The report lists every bad row: field problems found here and reference problems the
 * store finds, merged, in file then row order.
 */
import type { CrmFile, CrmImportBatch, CrmImportMode, CrmImportResult, RowProblem } from "../../ports/crm-import.js";
import { CRM_FILES } from "../../ports/crm-import.js";
import type { AccountGraphStore } from "../../ports/account-graph-store.js";
import { settleIfServing, type CommittedWrites } from "../committed-writes.js";
import { resolveColumns, type ColumnMap } from "./crm-columns.js";
import {
  validateAccountRow,
  validateEngagementRow,
  validateLinkRow,
  validateMembershipRow,
  validatePurchaseRow,
  type RowValues,
  type Validated,
} from "./crm-row-validator.js";
import { cellCountProblem, readCsv } from "./csv-reader.js";

export type CrmImportFiles = { accounts: string } & Partial<Record<Exclude<CrmFile, "accounts">, string>>;

export interface CrmImportRequest {
  /** CSV text per file; accounts is required. */
  files: CrmImportFiles;
  map?: ColumnMap;
  /** How the caller's user names the column map, for messages ("a --map file", "input.map"). */
  mapName?: string;
  mode: CrmImportMode;
}

export interface CrmImportReport extends CrmImportResult {
  /** Data rows read per file. */
  rows: Partial<Record<CrmFile, number>>;
  /** Columns of each file that feed no field. */
  ignoredColumns: Partial<Record<CrmFile, string[]>>;
}

export type CrmImportProgress = { phase: "read"; file: CrmFile; done: number; total: number; rows: number } | { phase: "write"; rows: number };

const VALIDATORS: {
  [F in CrmFile]: (values: RowValues, source: { row: number; columns: Record<string, string> }) => Validated<CrmImportBatch[F][number]>;
} = {
  accounts: validateAccountRow,
  links: validateLinkRow,
  memberships: validateMembershipRow,
  engagements: validateEngagementRow,
  purchases: validatePurchaseRow,
};

export class CrmImportService {
  constructor(
    private readonly store: AccountGraphStore,
    /** A server's (its read model reloads before the answer); none for the command line. */
    private readonly writes: CommittedWrites | null = null,
  ) {}

  async import(request: CrmImportRequest, onProgress: (progress: CrmImportProgress) => void = () => {}): Promise<CrmImportReport> {
    const batch: CrmImportBatch = { accounts: [], links: [], memberships: [], engagements: [], purchases: [] };
    const rejected: RowProblem[] = [];
    const rejectedExternalIds: { externalId: string; row: number }[] = [];
    const rows: CrmImportReport["rows"] = {};
    const ignoredColumns: CrmImportReport["ignoredColumns"] = {};
    for (const file of CRM_FILES) {
      const text = request.files[file];
      if (text === undefined) continue;
      const resolve = (headers: readonly string[]) => resolveColumns(file, headers, request.map ?? {}, request.mapName ?? "a column map");
      let columns: ReturnType<typeof resolveColumns> | null = null;
      let count = 0;
      await readCsv(
        text,
        file,
        (headers, { row, cells }) => {
          columns ??= resolve(headers);
          count++;
          const values: RowValues = {};
          for (const [index, field] of columns.byIndex) values[field] = cells[index] ?? "";
          const mismatch = cellCountProblem(headers, cells);
          const result: Validated<unknown> = mismatch
            ? { ok: false, problems: [{ file, row, column: mismatch.column, code: "BAD_USER_INPUT", message: mismatch.message }] }
            : VALIDATORS[file](values, { row, columns: columns.headerOf });
          if (result.ok) (batch[file] as unknown[]).push(result.record);
          else {
            rejected.push(...result.problems);
            if (file === "accounts" && values.externalId?.trim()) rejectedExternalIds.push({ externalId: values.externalId.trim(), row });
          }
        },
        (done, total) => onProgress({ phase: "read", file, done, total, rows: count }),
      ).then(({ headers }) => {
        // A file with a header and no rows still has its columns checked.
        columns ??= resolve(headers);
      });
      rows[file] = count;
      ignoredColumns[file] = (columns as ReturnType<typeof resolveColumns> | null)?.ignored ?? [];
    }
    onProgress({ phase: "write", rows: Object.values(rows).reduce((a, b) => a + b, 0) });
    // The import's RESET change makes every read model reload; this process's before it answers.
    const result = await settleIfServing(
      this.writes,
      this.store.importRecords(batch, { mode: request.mode, rejectedEarlier: rejected, rejectedExternalIds }),
    );
    return { ...result, rows, ignoredColumns };
  }
}
