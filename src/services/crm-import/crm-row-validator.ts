/**
 * One CRM row -> one import record, or the problems that keep it out. Pure. The rules are
 * the API's own (services/account-input.ts, services/network-input.ts, domain guards): a
 * cell is converted to the type the API takes and handed to the same normalise function a
 * mutation uses, so an import accepts exactly what createAccount / linkInfluence /
 * recordEngagement… accept. Account rows report every bad cell; other rows their first.
 *
 * Cells: an empty cell is "no value" (kept on update, default on create). Enum cells
 * forgive case and spaces ("Mid Market" = MID_MARKET); CRM status words map to ours
 * (STATUS_WORDS). Money may carry a currency sign and thousands separators.
 */
import { createHash } from "node:crypto";
import { DomainError, ValidationError } from "../../domain/errors.js";
import type { LinkType } from "../../domain/model.js";
import type {
  CrmAccountRecord,
  CrmEngagementRecord,
  CrmFile,
  CrmLinkRecord,
  CrmMembershipRecord,
  CrmPurchaseRecord,
  RecordSource,
  RowProblem,
} from "../../ports/crm-import.js";
import { refuseFieldsOfOtherLinkType } from "../../ports/record-edits.js";
import { normaliseAccountPatch, normaliseNewAccount, type AccountCommand } from "../account-input.js";
import { normaliseEngagement, normaliseInfluence, normaliseMembership, normalisePurchase, normaliseReferral, requireId } from "../network-input.js";
import { CRM_FIELDS, type FieldSpec } from "./crm-columns.js";

/** Status words of Salesforce's Account Type and HubSpot's lifecycle stage, folded. */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  CUSTOMER_DIRECT: "CUSTOMER",
  CUSTOMER_CHANNEL: "CUSTOMER",
  FORMER_CUSTOMER: "CHURNED",
  LEAD: "PROSPECT",
  SUBSCRIBER: "PROSPECT",
  MARKETINGQUALIFIEDLEAD: "PROSPECT",
  SALESQUALIFIEDLEAD: "PROSPECT",
  OPPORTUNITY: "PROSPECT",
  EVANGELIST: "CUSTOMER",
};

export type RowValues = Record<string, string>;

export type Validated<T> = { ok: true; record: T } | { ok: false; problems: RowProblem[] };

/** The typed value a cell becomes before the API's validation sees it; undefined for an empty cell. */
export function convertCell(value: string, spec: FieldSpec): string | number | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  switch (spec.type) {
    case "number":
    case "int":
      return Number(text.replace(/%$/, ""));
    case "money":
      return text.replace(/^[-]?[$€£¥]\s?|[\s,$€£¥]/g, (m) => (m.startsWith("-") ? "-" : ""));
    case "date":
      // "2025-03-14 10:00" or "2025-03-14T10:00:00Z": the calendar date is what counts.
      return /^\d{4}-\d{2}-\d{2}[T ]/.test(text) ? text.slice(0, 10) : text;
    case "enum": {
      const folded = text.toUpperCase().replace(/[\s-]+/g, "_");
      return STATUS_WORDS[folded.replace(/_/g, "")] ?? STATUS_WORDS[folded] ?? folded;
    }
    case "text":
      return text;
  }
}

/** The problem a validation error names; `rename` maps the API's field names to the file's (fromId -> fromExternalId). */
function problemsOf(file: CrmFile, source: RecordSource, error: unknown, fallbackField: string, rename: Record<string, string> = {}): RowProblem[] {
  if (!(error instanceof DomainError)) throw error;
  const field = rename[error.field ?? ""] ?? error.field ?? fallbackField;
  return [{ file, row: source.row, column: source.columns[field] ?? field, code: error.code as RowProblem["code"], message: error.message }];
}

function typed(file: CrmFile, values: RowValues): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = {};
  for (const [field, value] of Object.entries(values)) {
    const spec = CRM_FIELDS[file][field];
    if (spec) out[field] = convertCell(value, spec);
  }
  return out;
}

/** An account row: validated cell by cell, so a row with three bad cells reports three problems. */
export function validateAccountRow(values: RowValues, source: RecordSource): Validated<CrmAccountRecord> {
  const cells = typed("accounts", values);
  const problems: RowProblem[] = [];
  const externalId = cells.externalId;
  try {
    requireId(String(externalId ?? ""), "externalId");
  } catch (error) {
    problems.push(...problemsOf("accounts", source, error, "externalId"));
  }
  const command: AccountCommand = {};
  for (const [field, value] of Object.entries(cells)) {
    if (value === undefined || field === "externalId" || field === "owner") continue;
    const single = { [field]: value } as AccountCommand;
    try {
      normaliseAccountPatch(single);
      Object.assign(command, single);
    } catch (error) {
      problems.push(...problemsOf("accounts", source, error, field));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const id = String(externalId).trim();
  const owner = cells.owner === undefined ? undefined : String(cells.owner);
  return {
    ok: true,
    record: {
      source,
      externalId: id,
      patch: normaliseAccountPatch(command),
      create: command.name === undefined ? null : normaliseNewAccount(command),
      ...(owner !== undefined ? { owner } : {}),
    },
  };
}

export function validateLinkRow(values: RowValues, source: RecordSource): Validated<CrmLinkRecord> {
  const cells = typed("links", values);
  try {
    const type = String(cells.type ?? "");
    const fromId = String(cells.fromExternalId ?? "");
    const toId = String(cells.toExternalId ?? "");
    if (type === "INFLUENCES" || type === "REFERRED") refuseFieldsOfOtherLinkType(type, cells);
    if (type === "INFLUENCES") {
      // An empty cell is "no value"; an influence has no default strength (linkInfluence requires one).
      if (cells.strength === undefined) throw new ValidationError("strength is required for INFLUENCES links", "strength");
      const link = normaliseInfluence({
        fromId,
        toId,
        kind: String(cells.kind ?? "PEER"),
        strength: Number(cells.strength),
        since: (cells.date as string | undefined) ?? null,
      });
      return { ok: true, record: linkRecord(source, "INFLUENCES", link.fromId, link.toId, link.kind, link.strength, link.since ?? null, null) };
    }
    if (type === "REFERRED") {
      const link = normaliseReferral({ fromId, toId, date: String(cells.date ?? ""), revenue: cells.revenue ?? 0 });
      return { ok: true, record: linkRecord(source, "REFERRED", link.fromId, link.toId, null, 1, link.date, link.revenue) };
    }
    return {
      ok: false,
      problems: [
        {
          file: "links",
          row: source.row,
          column: source.columns.type ?? "type",
          code: "BAD_USER_INPUT",
          message: "type must be one of REFERRED, INFLUENCES",
        },
      ],
    };
  } catch (error) {
    return { ok: false, problems: problemsOf("links", source, error, "type", { fromId: "fromExternalId", toId: "toExternalId" }) };
  }
}

function linkRecord(
  source: RecordSource,
  type: LinkType,
  fromExternalId: string,
  toExternalId: string,
  kind: CrmLinkRecord["kind"],
  strength: number,
  date: string | null,
  revenue: number | null,
): CrmLinkRecord {
  return { source, type, fromExternalId, toExternalId, kind, strength, date, revenue };
}

export function validateMembershipRow(values: RowValues, source: RecordSource): Validated<CrmMembershipRecord> {
  const cells = typed("memberships", values);
  try {
    const membership = normaliseMembership({
      accountId: String(cells.accountExternalId ?? ""),
      communityId: String(cells.community ?? ""),
      ...(cells.role !== undefined ? { role: String(cells.role) } : {}),
      since: (cells.since as string | undefined) ?? null,
    });
    return {
      ok: true,
      record: {
        source,
        accountExternalId: membership.accountId,
        community: membership.communityId,
        membership: { role: membership.role, since: membership.since ?? null },
      },
    };
  } catch (error) {
    return {
      ok: false,
      problems: problemsOf("memberships", source, error, "community", { accountId: "accountExternalId", communityId: "community" }),
    };
  }
}

export function validateEngagementRow(values: RowValues, source: RecordSource): Validated<CrmEngagementRecord> {
  const cells = typed("engagements", values);
  try {
    const engagement = normaliseEngagement({
      accountId: String(cells.accountExternalId ?? ""),
      managerId: String(cells.manager ?? ""),
      minutes: cells.minutes === undefined ? Number.NaN : Number(cells.minutes),
      date: String(cells.date ?? ""),
      kind: String(cells.kind ?? ""),
      note: (cells.note as string | undefined) ?? null,
    });
    const key =
      cells.activityId ??
      JSON.stringify([engagement.accountId, engagement.managerId, engagement.date, engagement.kind, engagement.minutes, engagement.note]);
    return {
      ok: true,
      record: {
        source,
        accountExternalId: engagement.accountId,
        manager: engagement.managerId,
        id: activityId("eng", String(key)),
        engagement: { minutes: engagement.minutes, date: engagement.date, kind: engagement.kind, note: engagement.note ?? null },
      },
    };
  } catch (error) {
    return {
      ok: false,
      problems: problemsOf("engagements", source, error, "accountExternalId", { accountId: "accountExternalId", managerId: "manager" }),
    };
  }
}

export function validatePurchaseRow(values: RowValues, source: RecordSource): Validated<CrmPurchaseRecord> {
  const cells = typed("purchases", values);
  try {
    const purchase = normalisePurchase({
      accountId: String(cells.accountExternalId ?? ""),
      amount: cells.amount ?? "",
      ...(cells.licences !== undefined ? { licences: Number(cells.licences) } : {}),
      ...(cells.discount !== undefined ? { discount: Number(cells.discount) } : {}),
      date: String(cells.date ?? ""),
    });
    const key = cells.purchaseId ?? JSON.stringify([purchase.accountId, purchase.date, purchase.amount, purchase.licences, purchase.discount]);
    return {
      ok: true,
      record: {
        source,
        accountExternalId: purchase.accountId,
        id: activityId("pur", String(key)),
        purchase: { amount: purchase.amount, licences: purchase.licences, discount: purchase.discount, date: purchase.date },
      },
    };
  } catch (error) {
    return { ok: false, problems: problemsOf("purchases", source, error, "amount", { accountId: "accountExternalId" }) };
  }
}

/**
 * A stable id for an imported activity: the CRM's own id when the file has one, else the
 * row's content, so the same file imported twice stores each engagement once.
 */
function activityId(prefix: "eng" | "pur", key: string): string {
  return `${prefix}_crm_${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}
