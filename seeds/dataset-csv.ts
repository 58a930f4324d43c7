/**
 * A Dataset as the CSV files a CRM would export (the format `npm run import` reads): one
 * file each for accounts, links, memberships, engagements and purchases, with the
 * canonical headers of src/services/crm-import/crm-columns.ts. Accounts keep their
 * externalId or get `EXT-<id>`; owners and engagement managers are named by email,
 * communities by id (managers and communities are not part of a CRM account export: load
 * them first). Used by the import tests and benchmark (`npm run bench -- --only import`)
 * and by `npm run seed:csv`.
 */
import { formatMoney } from "../src/domain/money.js";
import type { Dataset } from "../src/ports/account-graph-store.js";

export interface DatasetCsv {
  accounts: string;
  links: string;
  memberships: string;
  engagements: string;
  purchases: string;
}

/** RFC 4180: quotes around cells with a comma, quote or line break; CRLF line ends. */
function csv(headers: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [headers, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export function externalIdOf(account: { id: string; externalId?: string | null }): string {
  return account.externalId ?? `EXT-${account.id}`;
}

export function datasetToCsv(dataset: Dataset): DatasetCsv {
  const external = new Map(dataset.accounts.map((a) => [a.id, externalIdOf(a)]));
  const emails = new Map(dataset.managers.map((m) => [m.id, m.email]));
  const ext = (id: string) => external.get(id) ?? `EXT-${id}`;
  // A manager the dataset does not define is written by id (the import then resolves it by id).
  const manager = (id: string) => emails.get(id) ?? id;
  return {
    accounts: csv(
      [
        "externalId",
        "name",
        "industry",
        "segment",
        "region",
        "owner",
        "status",
        "annualRevenue",
        "grossMargin",
        "licencesHeld",
        "licencesPlanned",
        "licencePrice",
        "customerSince",
        "renewalDate",
        "discountPurchases",
        "supplierSwitches",
        "lastContact",
      ],
      dataset.accounts.map((a) => [
        ext(a.id),
        a.name,
        a.industry,
        a.segment,
        a.region,
        a.ownerId ? manager(a.ownerId) : "",
        a.status,
        formatMoney(a.annualRevenue),
        a.grossMargin,
        a.licencesHeld,
        a.licencesPlanned,
        formatMoney(a.licencePrice),
        a.customerSince,
        a.renewalDate,
        a.discountPurchases,
        a.supplierSwitches,
        a.lastContact,
      ]),
    ),
    links: csv(
      ["type", "fromExternalId", "toExternalId", "kind", "strength", "date", "revenue"],
      [
        ...dataset.influences.map((l) => ["INFLUENCES", ext(l.fromId), ext(l.toId), l.kind, l.strength, l.since, ""]),
        ...dataset.referrals.map((r) => ["REFERRED", ext(r.fromId), ext(r.toId), "", "", r.date, formatMoney(r.revenue)]),
      ],
    ),
    memberships: csv(
      ["accountExternalId", "community", "role", "since"],
      dataset.memberships.map((m) => [ext(m.accountId), m.communityId, m.role, m.since]),
    ),
    engagements: csv(
      ["activityId", "accountExternalId", "manager", "minutes", "date", "kind", "note"],
      dataset.engagements.map((e) => [e.id, ext(e.accountId), manager(e.managerId), e.minutes, e.date, e.kind, e.note]),
    ),
    purchases: csv(
      ["purchaseId", "accountExternalId", "amount", "licences", "discount", "date"],
      dataset.purchases.map((p) => [p.id, ext(p.accountId), formatMoney(p.amount), p.licences, p.discount, p.date]),
    ),
  };
}
