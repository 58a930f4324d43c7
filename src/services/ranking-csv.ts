/**
 * The strategic ranking as CSV (RFC 4180: comma, CRLF, quotes doubled), one row per
 * account, best first. Text cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or CR) get a leading apostrophe, per OWASP's CSV injection advice:
 * account names come from customers' CRMs and this file is meant to be opened in Excel.
 */
import { centsToUnits } from "../domain/money.js";
import type { AccountStrategy } from "./strategy-population.js";

const COLUMNS = [
  "rank",
  "accountId",
  "externalId",
  "name",
  "segment",
  "status",
  "ownerId",
  "annualRevenue",
  "score",
  "percentile",
  "tier",
  "valuePercentile",
  "influencePercentile",
  "revenue",
  "efficiency",
  "expansion",
  "loyalty",
  "wordOfMouth",
  "tierAction",
] as const;

export function formatRankingCsv(rows: readonly AccountStrategy[]): string {
  const lines = [COLUMNS.join(",")];
  for (const { facts, score } of rows) {
    const account = facts.account;
    const cells: (string | number)[] = [
      score.rank,
      account.id,
      account.externalId ?? "",
      account.name,
      account.segment,
      account.status,
      account.ownerId ?? "",
      centsToUnits(account.annualRevenue).toFixed(2),
      round(score.value),
      round(score.percentile),
      score.tier.tier,
      round(score.tier.valuePercentile),
      round(score.tier.influencePercentile),
      round(score.dimensionValues.revenue),
      round(score.dimensionValues.efficiency),
      round(score.dimensionValues.expansion),
      round(score.dimensionValues.loyalty),
      round(score.dimensionValues.wordOfMouth),
      score.tier.action,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
