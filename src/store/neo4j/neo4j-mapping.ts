/**
 * Conversion at the Neo4j edge, both ways. The driver keeps lossless integers
 * (`disableLosslessIntegers: false`), so a JS number sent as a parameter would arrive
 * in Cypher as a Float: every integer property (money in cents, counts, minutes) is
 * wrapped with `neo4j.int` here, and every Integer / Date / DateTime read back is
 * turned into a plain number or ISO string here, so nothing driver-specific reaches
 * the domain — and analytics never see a numeric weight disguised as an object.
 */
import neo4j, { Date as Neo4jDate, DateTime as Neo4jDateTime, type Integer, type Record as Neo4jRecord } from "neo4j-driver";
import type { Account, AccountManager, Community, Engagement, Link, Membership, Purchase } from "../../domain/model.js";
import type { GraphEdge, GraphNode } from "../../domain/graph.js";
import {
  ACCOUNT_COLUMNS,
  COMMUNITY_COLUMNS,
  ENGAGEMENT_COLUMNS,
  LINK_COLUMNS,
  MANAGER_COLUMNS,
  MEMBERSHIP_COLUMNS,
  PURCHASE_COLUMNS,
  type PropertyColumn,
  type PropertyKind,
} from "./neo4j-property-columns.js";

type Props = { [key: string]: unknown };

// ---------- values: JS -> Neo4j ----------

/** An integer parameter (cents, counts). Null stays null so Cypher removes the property. */
export function toNeo4jInt(value: number): Integer;
export function toNeo4jInt(value: number | null | undefined): Integer | null;
export function toNeo4jInt(value: number | null | undefined): Integer | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value)) {
    throw new Error(`store/neo4j/neo4j-mapping: ${value} is not a safe integer`);
  }
  return neo4j.int(value);
}

/** `YYYY-MM-DD` (already validated by the services) to a Neo4j Date; null stays null. */
export function toNeo4jDate(value: string | null | undefined): Neo4jDate<number> | null {
  if (value === null || value === undefined) return null;
  const [y, m, d] = value.split("-").map(Number);
  return new Neo4jDate(y!, m!, d!);
}

/** ISO instant to a UTC DateTime, built from UTC fields so the host time zone never leaks in. */
export function toNeo4jDateTime(iso: string): Neo4jDateTime<number> {
  const t = new Date(iso);
  return new Neo4jDateTime(
    t.getUTCFullYear(),
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
    t.getUTCMilliseconds() * 1_000_000,
    0,
  );
}

export { codePointSortKey } from "../../domain/text-order.js";

// ---------- rows: domain -> Neo4j properties ----------
// Which properties each record has is declared once, in neo4j-property-columns.ts.
// Null-valued keys are fine in `SET n = $props`: Neo4j simply does not store them.

const TO_DRIVER_VALUE: Record<PropertyKind, (value: unknown) => unknown> = {
  value: (v) => v ?? null,
  int: (v) => toNeo4jInt(v as number | null | undefined),
  date: (v) => toNeo4jDate(v as string | null | undefined),
  datetime: (v) => (v === null || v === undefined ? null : toNeo4jDateTime(v as string)),
};

/** The record's properties as driver values, for `SET n = $props`. */
export function toProps<T>(columns: readonly PropertyColumn<T>[], record: T): Props {
  const props: Props = {};
  for (const column of columns) props[column.name] = TO_DRIVER_VALUE[column.kind](column.get(record));
  return props;
}

export const accountToProps = (a: Account): Props => toProps(ACCOUNT_COLUMNS, a);
export const managerToProps = (m: AccountManager): Props => toProps(MANAGER_COLUMNS, m);
export const communityToProps = (c: Community): Props => toProps(COMMUNITY_COLUMNS, c);
export const membershipToProps = (m: Membership): Props => toProps(MEMBERSHIP_COLUMNS, m);
export const linkToProps = (l: Link): Props => toProps(LINK_COLUMNS, l);
export const engagementToProps = (e: Engagement): Props => toProps(ENGAGEMENT_COLUMNS, e);
export const purchaseToProps = (p: Purchase): Props => toProps(PURCHASE_COLUMNS, p);

// ---------- values: Neo4j -> JS ----------

/** Integer (or an integral Float) to a JS number; refuses values beyond 2^53. */
export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) {
    if (!neo4j.integer.inSafeRange(value)) {
      throw new Error(`store/neo4j/neo4j-mapping: integer ${value.toString()} is outside the safe range`);
    }
    return value.toNumber();
  }
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  throw new Error(`store/neo4j/neo4j-mapping: expected a number, got ${typeof value}`);
}

export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

/** Neo4j Date -> `YYYY-MM-DD`. Strings pass through: the read projections (cypher.ts) send dates as text. */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (neo4j.isDate(value)) return value.toString();
  if (typeof value === "string") return value;
  throw new Error(`store/neo4j/neo4j-mapping: expected a Date, got ${typeof value}`);
}

/**
 * Neo4j DateTime, or its `toString()` from a read projection (`2026-01-01T10:00:00.12Z`),
 * -> `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, millisecond precision like the domain).
 */
export function toIsoDateTime(value: unknown): string {
  if (neo4j.isDateTime(value)) return value.toStandardDate().toISOString();
  if (typeof value === "string") return new Date(value).toISOString();
  throw new Error(`store/neo4j/neo4j-mapping: expected a DateTime, got ${typeof value}`);
}

function toStringOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

// ---------- rows: Neo4j -> domain ----------
// Queries return maps with fixed keys (see cypher.ts), so a record field is one object.

function field(record: Neo4jRecord, key: string): Props {
  return record.get(key) as Props;
}

/** An account is its graph node (the slice analytics read) plus the fields only the API shows. */
export function toAccount(p: Props): Account {
  return {
    ...toGraphNode(p),
    externalId: toStringOrNull(p.externalId),
    industry: toStringOrNull(p.industry),
    region: toStringOrNull(p.region),
    grossMargin: toNumber(p.grossMargin),
    customerSince: toIsoDate(p.customerSince),
    renewalDate: toIsoDate(p.renewalDate),
    discountPurchases: toNumber(p.discountPurchases),
    supplierSwitches: toNumber(p.supplierSwitches),
    lastContact: toIsoDate(p.lastContact),
    createdAt: toIsoDateTime(p.createdAt),
    updatedAt: toIsoDateTime(p.updatedAt),
  };
}

export function toManager(p: Props): AccountManager {
  return {
    id: String(p.id),
    name: String(p.name),
    email: String(p.email),
    weeklyCapacityHours: toNumber(p.weeklyCapacityHours),
    createdAt: toIsoDateTime(p.createdAt),
  };
}

export function toCommunity(p: Props): Community {
  return {
    id: String(p.id),
    name: String(p.name),
    kind: p.kind as Community["kind"],
    region: toStringOrNull(p.region),
    createdAt: toIsoDateTime(p.createdAt),
  };
}

/** Shape returned by the membership queries: `{accountId, communityId, role, since}`. */
export function toMembership(p: Props): Membership {
  return {
    accountId: String(p.accountId),
    communityId: String(p.communityId),
    role: p.role as Membership["role"],
    since: toIsoDate(p.since),
  };
}

/**
 * Shape returned by the link queries: relationship properties plus `type`, `fromId`,
 * `toId`. A link is its graph edge (what analytics read) plus kind, date and creation time.
 */
export function toLink(p: Props): Link {
  return {
    ...toGraphEdge(p),
    kind: toStringOrNull(p.kind) as Link["kind"],
    date: toIsoDate(p.date),
    createdAt: toIsoDateTime(p.createdAt),
  };
}

export function toEngagement(p: Props): Engagement {
  return {
    id: String(p.id),
    accountId: String(p.accountId),
    managerId: String(p.managerId),
    minutes: toNumber(p.minutes),
    date: toIsoDate(p.date) ?? "",
    kind: p.kind as Engagement["kind"],
    note: toStringOrNull(p.note),
  };
}

export function toPurchase(p: Props): Purchase {
  return {
    id: String(p.id),
    accountId: String(p.accountId),
    amount: toNumber(p.amount),
    licences: toNumber(p.licences),
    discount: toNumber(p.discount),
    date: toIsoDate(p.date) ?? "",
  };
}

export function toGraphNode(p: Props): GraphNode {
  return {
    id: String(p.id),
    name: String(p.name),
    status: p.status as GraphNode["status"],
    segment: p.segment as GraphNode["segment"],
    annualRevenue: toNumber(p.annualRevenue),
    ownerId: toStringOrNull(p.ownerId),
    licencesHeld: toNumber(p.licencesHeld),
    licencesPlanned: toNumber(p.licencesPlanned),
    licencePrice: toNumber(p.licencePrice),
  };
}

export function toGraphEdge(p: Props): GraphEdge {
  return {
    id: String(p.id),
    type: p.type as GraphEdge["type"],
    fromId: String(p.fromId),
    toId: String(p.toId),
    strength: toNumber(p.strength),
    revenue: toNumberOrNull(p.revenue),
  };
}

/** Maps every record's `key` column with `convert`. */
export function mapRecords<T>(records: readonly Neo4jRecord[], key: string, convert: (p: Props) => T): T[] {
  return records.map((r) => convert(field(r, key)));
}
