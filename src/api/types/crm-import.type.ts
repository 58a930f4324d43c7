import { Field, Int, ObjectType } from "type-graphql";
import type { CrmFile, CrmImportMode } from "../../ports/crm-import.js";
import { CrmFileEnum, CrmImportModeEnum } from "../inputs/crm-import.input.js";

@ObjectType("CrmRowProblem", { description: "A row that cannot be imported: where, which column, why." })
export class CrmRowProblemType {
  @Field(() => CrmFileEnum) file!: CrmFile;
  @Field(() => Int, { description: "Row number as a spreadsheet shows it (the header is row 1)." }) row!: number;
  @Field(() => String, { description: "The column as the file names it." }) column!: string;
  @Field(() => String, { description: "BAD_USER_INPUT, NOT_FOUND, CONFLICT or REJECTED_REFERENCE (names an account whose own row was rejected)." })
  code!: string;
  @Field(() => String) message!: string;
}

@ObjectType("CrmFileSummary")
export class CrmFileSummaryType {
  @Field(() => CrmFileEnum) file!: CrmFile;
  @Field(() => Int) rows!: number;
  @Field(() => [String], { description: "Columns that feed no field (not imported)." }) ignoredColumns!: string[];
}

@ObjectType("CrmImportReport")
export class CrmImportReportType {
  @Field(() => CrmImportModeEnum) mode!: CrmImportMode;
  @Field(() => Boolean, { description: "Whether anything was written." }) written!: boolean;
  @Field(() => Int) accountsCreated!: number;
  @Field(() => Int) accountsUpdated!: number;
  @Field(() => Int) linksCreated!: number;
  @Field(() => Int) linksUpdated!: number;
  @Field(() => Int) memberships!: number;
  @Field(() => Int) engagements!: number;
  @Field(() => Int) purchases!: number;
  @Field(() => Int, { description: "Engagements and purchases an earlier import already stored." }) unchanged!: number;
  @Field(() => [CrmFileSummaryType]) files!: CrmFileSummaryType[];
  @Field(() => Int) rejectedCount!: number;
  @Field(() => [CrmRowProblemType], { description: "Every rejected row, in file then row order (at most `first`)." })
  rejected!: CrmRowProblemType[];
}
