import { Field, InputType, registerEnumType } from "type-graphql";
import { CRM_FILES, CRM_IMPORT_MODES, type CrmImportMode } from "../../ports/crm-import.js";
import { enumOf } from "../graphql-enums.js";

export const CrmImportModeEnum = enumOf(CRM_IMPORT_MODES);
/** GraphQL names are upper case like every enum of the schema (ACCOUNTS); the value inside stays the file key ("accounts"). */
export const CrmFileEnum = Object.freeze(Object.fromEntries(CRM_FILES.map((file) => [file.toUpperCase(), file])));
registerEnumType(CrmImportModeEnum, {
  name: "CrmImportMode",
  description: "DRY_RUN reports every bad row and writes nothing; ALL_OR_NOTHING writes only when no row is bad; SKIP_BAD_ROWS writes the good rows.",
});
registerEnumType(CrmFileEnum, { name: "CrmFile" });

@InputType({ description: "CSV exports to import (README, Importing from a CRM). The request body limit (4 MiB) bounds them; use `npm run import` for bigger files." })
export class CrmImportInput {
  @Field(() => String, { description: "Accounts CSV; upserted by their externalId column." }) accounts!: string;
  @Field(() => String, { nullable: true }) links?: string | null;
  @Field(() => String, { nullable: true }) memberships?: string | null;
  @Field(() => String, { nullable: true }) engagements?: string | null;
  @Field(() => String, { nullable: true }) purchases?: string | null;
  @Field(() => String, { nullable: true, description: 'Column map as JSON: {"accounts": {"Customer No": "externalId"}}; wins over the built-in header aliases.' })
  map?: string | null;
  @Field(() => CrmImportModeEnum, { nullable: true, defaultValue: "ALL_OR_NOTHING" }) mode!: CrmImportMode;
}
