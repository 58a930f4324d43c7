/**
 * `importCrm`: the CRM CSV import over GraphQL (ADMIN only: the field guard lets no other
 * role call a mutation it does not list). Delegates to the same service as `npm run import`.
 */
import { Arg, Ctx, Int, Mutation, Resolver } from "type-graphql";
import { CRM_FILES } from "../../ports/crm-import.js";
import { parseColumnMap } from "../../services/crm-import/crm-columns.js";
import type { CrmImportFiles } from "../../services/crm-import/crm-import-service.js";
import type { RequestContext } from "../context.js";
import { requirePageSize } from "../cursor.js";
import { forArgument } from "../error-mapping.js";
import { CrmImportInput } from "../inputs/crm-import.input.js";
import { CrmImportReportType } from "../types/crm-import.type.js";

/** Rejected rows an answer lists at most; `rejectedCount` counts them all. */
const MAX_REJECTED_LISTED = 1000;

@Resolver()
export class CrmImportResolver {
  @Mutation(() => CrmImportReportType, {
    nullable: true,
    description:
      "Imports CRM CSV exports: accounts upserted by externalId, then links, memberships, engagements and purchases, in one transaction. " +
      "Every bad row is reported with its row number, column, code and message. ADMIN only.",
  })
  async importCrm(
    @Arg("input", () => CrmImportInput, { description: "The CSV files and the mode." }) input: CrmImportInput,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, {
      nullable: true,
      defaultValue: 100,
      description: `Rejected rows listed, at most ${MAX_REJECTED_LISTED} (rejectedCount counts them all).`,
    })
    first: number,
  ): Promise<CrmImportReportType> {
    // Checked before the import runs: a refused argument must not leave a written import behind.
    const listed = requirePageSize(first, MAX_REJECTED_LISTED);
    const report = await forArgument("input", () => {
      const files: CrmImportFiles = { accounts: input.accounts };
      for (const file of ["links", "memberships", "engagements", "purchases"] as const) {
        const text = input[file];
        if (text !== undefined && text !== null) files[file] = text;
      }
      return ctx.services.crmImport.import({
        files,
        mode: input.mode,
        mapName: "input.map",
        ...(input.map ? { map: parseColumnMap(input.map) } : {}),
      });
    });
    return {
      ...report,
      files: CRM_FILES.filter((file) => report.rows[file] !== undefined).map((file) => ({
        file,
        rows: report.rows[file]!,
        ignoredColumns: report.ignoredColumns[file] ?? [],
      })),
      rejectedCount: report.rejected.length,
      rejected: report.rejected.slice(0, listed),
    };
  }
}
