/**
 * Which column of a CRM export feeds which field. Headers match case-, space- and
 * punctuation-insensitively ("Annual Revenue" = "annual_revenue" = "annualRevenue"), by
 * the field's own name or one of the aliases below, which cover Salesforce and HubSpot
 * account exports (README, "Importing from a CRM"). A `--map` file (JSON: file -> {header:
 * field}) names anything else and wins over the aliases. Unknown columns are ignored and
 * listed in the report; a missing required column refuses the whole file.
 * Several columns for one field are common in real exports (Salesforce's "Billing
 * State/Province" beside "Billing Country", HubSpot's "Create Date" beside "Due Date"): the
 * column whose name comes first in the field's list (its own name, then the aliases, most
 * specific first) is used and the others are listed as ignored. Only a tie, the same header
 * twice or two map entries for one field, refuses the file: which column holds the data
 * would be a guess. A map entry naming one column settles any choice.
 */
import { ValidationError } from "../../domain/errors.js";
import type { CrmFile } from "../../ports/crm-import.js";

export interface FieldSpec {
  /** number: a decimal; int: whole; money: "1,250.00", "$1250"; date: YYYY-MM-DD (a time part is dropped); enum: case and spaces forgiven. */
  type: "text" | "number" | "int" | "money" | "date" | "enum";
  required?: boolean;
  aliases?: readonly string[];
}

export const CRM_FIELDS: Readonly<Record<CrmFile, Readonly<Record<string, FieldSpec>>>> = {
  accounts: {
    externalId: { type: "text", required: true, aliases: ["Account ID", "Id", "Record ID", "external_id", "CRM ID"] },
    name: { type: "text", aliases: ["Account Name", "Company name", "Company"] },
    industry: { type: "text" },
    segment: { type: "enum", aliases: ["Account Segment", "Customer Segment"] },
    region: { type: "text", aliases: ["Billing State/Province", "State/Region", "Billing Country", "Country/Region"] },
    owner: { type: "text", aliases: ["Account Owner", "Company owner", "Owner", "Owner ID", "ownerId", "Owner Email"] },
    status: { type: "enum", aliases: ["Type", "Account Type", "Lifecycle Stage", "Lifecycle stage"] },
    annualRevenue: { type: "money", aliases: ["Annual Revenue"] },
    grossMargin: { type: "number", aliases: ["Gross Margin"] },
    licencesHeld: { type: "int", aliases: ["Licenses Held", "Seats", "Number of Licenses"] },
    licencesPlanned: { type: "int", aliases: ["Licenses Planned", "Planned Seats"] },
    licencePrice: { type: "money", aliases: ["License Price", "Price per Seat"] },
    customerSince: { type: "date", aliases: ["Customer Since", "Became a Customer Date"] },
    renewalDate: { type: "date", aliases: ["Renewal Date", "Contract End Date"] },
    discountPurchases: { type: "int" },
    supplierSwitches: { type: "int" },
    lastContact: { type: "date", aliases: ["Last Activity", "Last Activity Date", "Last Contacted", "Last Activity date"] },
  },
  links: {
    type: { type: "enum", required: true, aliases: ["Link Type", "Relationship"] },
    fromExternalId: { type: "text", required: true, aliases: ["From", "From Account ID", "Source", "Referrer"] },
    toExternalId: { type: "text", required: true, aliases: ["To", "To Account ID", "Target", "Referred Account"] },
    kind: { type: "enum", aliases: ["Influence Kind"] },
    strength: { type: "number" },
    date: { type: "date", aliases: ["Since", "Referral Date"] },
    revenue: { type: "money", aliases: ["Referral Revenue"] },
  },
  memberships: {
    accountExternalId: { type: "text", required: true, aliases: ["Account", "Account ID", "External ID", "Record ID"] },
    community: { type: "text", required: true, aliases: ["Community ID", "Community Name", "Group"] },
    role: { type: "enum" },
    since: { type: "date", aliases: ["Member Since"] },
  },
  engagements: {
    activityId: { type: "text", aliases: ["Activity ID", "Task ID", "Engagement ID", "Id"] },
    accountExternalId: { type: "text", required: true, aliases: ["Account", "Account ID", "Company ID", "Associated Company ID"] },
    manager: { type: "text", required: true, aliases: ["Assigned To", "Activity assigned to", "Owner", "Manager ID", "Manager Email"] },
    minutes: { type: "int", required: true, aliases: ["Duration", "Duration (minutes)", "Call Duration"] },
    date: { type: "date", required: true, aliases: ["Activity Date", "Due Date", "Create Date"] },
    kind: { type: "enum", required: true, aliases: ["Type", "Activity Type", "Task Type"] },
    note: { type: "text", aliases: ["Subject", "Description", "Notes"] },
  },
  purchases: {
    purchaseId: { type: "text", aliases: ["Opportunity ID", "Deal ID", "Order ID", "Id"] },
    accountExternalId: { type: "text", required: true, aliases: ["Account", "Account ID", "Company ID", "Associated Company ID"] },
    amount: { type: "money", required: true, aliases: ["Amount", "Deal Amount"] },
    licences: { type: "int", aliases: ["Quantity", "Licenses", "Seats"] },
    discount: { type: "number" },
    date: { type: "date", required: true, aliases: ["Close Date", "Order Date"] },
  },
};

/** A header as compared: lower case, letters and digits only. */
export function foldHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Header -> field for one file, per `--map` file ({ "accounts": { "Customer No": "externalId" } }). */
export type ColumnMap = Partial<Record<CrmFile, Record<string, string>>>;

export interface ResolvedColumns {
  /** Column index -> field, for the columns used. */
  byIndex: Map<number, string>;
  /** Field -> the header it came from (reports name the file's own column). */
  headerOf: Record<string, string>;
  ignored: string[];
}

/**
 * The columns of `file` given its header. `mapName` is how the caller's user names the column
 * map (the command line's `--map` file, the mutation's `map` argument): messages point there.
 */
export function resolveColumns(file: CrmFile, headers: readonly string[], map: ColumnMap, mapName: string): ResolvedColumns {
  const fields = CRM_FIELDS[file];
  const explicit = new Map(Object.entries(map[file] ?? {}).map(([header, field]) => [foldHeader(header), field]));
  const byAlias = new Map<string, string>();
  for (const [field, spec] of Object.entries(fields)) {
    for (const alias of [field, ...(spec.aliases ?? [])]) if (!byAlias.has(foldHeader(alias))) byAlias.set(foldHeader(alias), field);
  }
  // Preference of each column for its field: a map entry first (-1), then the position of
  // its name in the field's list.
  const preference = (field: string, folded: string) => [field, ...(fields[field]!.aliases ?? [])].findIndex((n) => foldHeader(n) === folded);
  const columnsOf = new Map<string, { index: number; header: string; rank: number }[]>();
  const ignored = new Set<number>();
  headers.forEach((header, index) => {
    const folded = foldHeader(header);
    const mapped = explicit.get(folded);
    const field = mapped ?? byAlias.get(folded);
    if (field === undefined) return void ignored.add(index);
    const column = { index, header, rank: mapped !== undefined ? -1 : preference(field, folded) };
    const list = columnsOf.get(field);
    if (list) list.push(column);
    else columnsOf.set(field, [column]);
  });
  const byIndex = new Map<number, string>();
  const headerOf: Record<string, string> = {};
  for (const [field, columns] of columnsOf) {
    const best = Math.min(...columns.map((c) => c.rank));
    const winners = columns.filter((c) => c.rank === best);
    if (winners.length > 1) {
      const names = winners.map((c) => JSON.stringify(c.header)).join(" and ");
      throw new ValidationError(
        `${file}: columns ${names} ${winners.length === 2 ? "both" : "all"} feed ${field}: keep one, or name the one to use in ${mapName}`,
        file,
      );
    }
    byIndex.set(winners[0]!.index, field);
    headerOf[field] = winners[0]!.header;
    for (const other of columns) if (other !== winners[0]) ignored.add(other.index);
  }
  for (const [field, spec] of Object.entries(fields)) {
    if (spec.required && headerOf[field] === undefined) {
      const names = [field, ...(spec.aliases ?? [])].map((n) => JSON.stringify(n)).join(", ");
      throw new ValidationError(`${file}: no column for ${field}: name a header one of ${names}, or map yours to ${field} in ${mapName}`, file);
    }
  }
  return { byIndex, headerOf, ignored: headers.filter((_, index) => ignored.has(index)) };
}

/** A `--map` file's text (or the mutation's `map`): { "<file>": { "<header>": "<field>" } }. */
export function parseColumnMap(json: string, field = "map"): ColumnMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ValidationError("the column map is not valid JSON", field);
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject(parsed)) throw new ValidationError('the column map must be an object like {"accounts": {"Customer No": "externalId"}}', field);
  const map: ColumnMap = {};
  for (const [file, entries] of Object.entries(parsed)) {
    if (!Object.hasOwn(CRM_FIELDS, file)) throw new ValidationError(`the column map names unknown file ${JSON.stringify(file)}`, field);
    if (!isObject(entries) || !Object.values(entries).every((v) => typeof v === "string")) {
      throw new ValidationError(`the column map's ${file} entry must map headers to field names`, field);
    }
    // Checked here, before any file is read: a wrong field name is the map's mistake, not a file's.
    for (const name of Object.values(entries) as string[]) {
      if (!Object.hasOwn(CRM_FIELDS[file as CrmFile], name)) {
        const known = Object.keys(CRM_FIELDS[file as CrmFile]).join(", ");
        throw new ValidationError(`the column map names unknown ${file} field ${JSON.stringify(name)} (one of ${known})`, field);
      }
    }
    map[file as keyof ColumnMap] = entries as Record<string, string>;
  }
  return map;
}
