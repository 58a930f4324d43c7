import { Field, Int, ObjectType } from "type-graphql";
import type { CrmFile, CrmImportMode } from "../../ports/crm-import.js";
import { CrmFileEnum, CrmImportModeEnum } from "../inputs/crm-import.input.js";

@ObjectType("CrmRowProblem", { description: "A row that cannot be imported: where, which column, why." })
export class CrmRowProblemType {
  @Field(() => CrmFileEnum, { description: "The file the row is in." }) file!: CrmFile;
  @Field(() => Int, { description: "Row number as a spreadsheet shows it (the header is row 1)." }) row!: number;
  @Field(() => String, { description: "The column as the file names it." }) column!: string;
  @Field(() => String, { description: "BAD_USER_INPUT, NOT_FOUND, CONFLICT or REJECTED_REFERENCE (names an account whose own row was rejected)." })
  code!: string;
  @Field(() => String, { description: "What is wrong, in words." }) message!: string;
}

@ObjectType("CrmFileSummary", { description: "One CSV file of an import: its rows and the columns it did not use." })
export class CrmFileSummaryType {
  @Field(() => CrmFileEnum, { description: "Which file." }) file!: CrmFile;
  @Field(() => Int, { description: "Data rows read (the header not counted)." }) rows!: number;
  @Field(() => [String], { description: "Columns that feed no field (not imported)." }) ignoredColumns!: string[];
}

@ObjectType("CrmImportReport", { description: "What an import did (or, for DRY_RUN, would do) and every row it refused." })
export class CrmImportReportType {
  @Field(() => CrmImportModeEnum, { description: "The mode the import ran in." }) mode!: CrmImportMode;
  @Field(() => Boolean, { description: "Whether anything was written." }) written!: boolean;
  @Field(() => Int, { description: "Accounts with a new externalId." }) accountsCreated!: number;
  @Field(() => Int, { description: "Accounts matched by externalId and updated." }) accountsUpdated!: number;
  @Field(() => Int, { description: "Links new to the store." }) linksCreated!: number;
  @Field(() => Int, { description: "Links matched by (type, from, to) and updated." }) linksUpdated!: number;
  @Field(() => Int, { description: "Memberships added or updated." }) memberships!: number;
  @Field(() => Int, { description: "Engagements recorded." }) engagements!: number;
  @Field(() => Int, { description: "Purchases recorded." }) purchases!: number;
  @Field(() => Int, { description: "Engagements and purchases an earlier import already stored." }) unchanged!: number;
  @Field(() => [CrmFileSummaryType], { description: "Each file given, with its rows and unused columns." }) files!: CrmFileSummaryType[];
  @Field(() => Int, { description: "Rows refused, all of them (`rejected` lists at most `first`)." }) rejectedCount!: number;
  @Field(() => [CrmRowProblemType], { description: "Every rejected row, in file then row order (at most `first`)." })
  rejected!: CrmRowProblemType[];
}
