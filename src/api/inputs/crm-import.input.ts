import { Field, InputType, registerEnumType } from "type-graphql";
import { CRM_FILES, CRM_IMPORT_MODES, type CrmImportMode } from "../../ports/crm-import.js";
import { enumOf } from "../graphql-enums.js";

export const CrmImportModeEnum = enumOf(CRM_IMPORT_MODES);
/** GraphQL names are upper case like every enum of the schema (ACCOUNTS); the value inside stays the file key ("accounts"). */
export const CrmFileEnum = Object.freeze(Object.fromEntries(CRM_FILES.map((file) => [file.toUpperCase(), file])));
registerEnumType(CrmImportModeEnum, {
  name: "CrmImportMode",
  description: "How an import treats bad rows.",
  valuesConfig: {
    DRY_RUN: { description: "Report every bad row; write nothing." },
    ALL_OR_NOTHING: { description: "Write only when no row is bad (one transaction)." },
    SKIP_BAD_ROWS: { description: "Write the good rows; report the bad ones." },
  },
});
registerEnumType(CrmFileEnum, {
  name: "CrmFile",
  description: "One of the CSV files of an import.",
  valuesConfig: {
    ACCOUNTS: { description: "The accounts file." },
    LINKS: { description: "The links file." },
    MEMBERSHIPS: { description: "The memberships file." },
    ENGAGEMENTS: { description: "The engagements file." },
    PURCHASES: { description: "The purchases file." },
  },
});

@InputType({
  description:
    "CSV exports to import (README, Importing from a CRM). The request body limit (4 MiB) bounds them; use `npm run import` for bigger files.",
})
export class CrmImportInput {
  @Field(() => String, { description: "Accounts CSV; upserted by their externalId column." }) accounts!: string;
  @Field(() => String, { nullable: true, description: "Links CSV (REFERRED / INFLUENCES between externalIds)." }) links?: string | null;
  @Field(() => String, { nullable: true, description: "Memberships CSV (account externalId, community id or name, role)." })
  memberships?: string | null;
  @Field(() => String, { nullable: true, description: "Engagements CSV (activity id, account, manager, minutes, date, kind)." })
  engagements?: string | null;
  @Field(() => String, { nullable: true, description: "Purchases CSV (opportunity id, account, amount, licences, discount, date)." })
  purchases?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Column map as JSON: {"accounts": {"Customer No": "externalId"}}; wins over the built-in header aliases.',
  })
  map?: string | null;
  @Field(() => CrmImportModeEnum, { nullable: true, defaultValue: "ALL_OR_NOTHING", description: "Dry run, all or nothing, or skip bad rows." })
  mode!: CrmImportMode;
}
