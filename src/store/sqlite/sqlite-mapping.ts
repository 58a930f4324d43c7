/**
 * Row <-> domain mapping for the SQLite store. Rows are snake_case as in sqlite-schema.ts;
 * domain objects are the plain types of domain/model.ts. Absent optional inputs become
 * SQL NULL (better-sqlite3 refuses `undefined`), and values are otherwise stored verbatim.
 */
import type {
  Account,
  AccountManager,
  AccountStatus,
  Community,
  CommunityKind,
  Engagement,
  EngagementKind,
  InfluenceKind,
  Link,
  LinkType,
  Membership,
  MembershipRole,
  Purchase,
  Segment,
} from "../../domain/model.js";
import { foldForSearch } from "../../domain/search-text.js";

export interface AccountRow {
  id: string;
  external_id: string | null;
  name: string;
  name_folded: string;
  industry: string | null;
  segment: string;
  region: string | null;
  owner_id: string | null;
  status: string;
  annual_revenue: number;
  gross_margin: number;
  licences_held: number;
  licences_planned: number;
  licence_price: number;
  customer_since: string | null;
  renewal_date: string | null;
  discount_purchases: number;
  supplier_switches: number;
  last_contact: string | null;
  created_at: string;
  updated_at: string;
}

export interface ManagerRow {
  id: string;
  name: string;
  email: string;
  weekly_capacity_hours: number;
  created_at: string;
}

export interface CommunityRow {
  id: string;
  name: string;
  kind: string;
  region: string | null;
  created_at: string;
}

export interface MembershipRow {
  account_id: string;
  community_id: string;
  role: string;
  since: string | null;
}

export interface LinkRow {
  id: string;
  type: string;
  from_id: string;
  to_id: string;
  strength: number;
  kind: string | null;
  revenue: number | null;
  date: string | null;
  created_at: string;
}

export interface EngagementRow {
  id: string;
  account_id: string;
  manager_id: string;
  minutes: number;
  date: string;
  kind: string;
  note: string | null;
}

export interface PurchaseRow {
  id: string;
  account_id: string;
  amount: number;
  licences: number;
  discount: number;
  date: string;
}

// ---------- domain -> row ----------

export function accountToRow(account: Account): AccountRow {
  return {
    id: account.id,
    external_id: account.externalId,
    name: account.name,
    name_folded: foldForSearch(account.name),
    industry: account.industry,
    segment: account.segment,
    region: account.region,
    owner_id: account.ownerId,
    status: account.status,
    annual_revenue: account.annualRevenue,
    gross_margin: account.grossMargin,
    licences_held: account.licencesHeld,
    licences_planned: account.licencesPlanned,
    licence_price: account.licencePrice,
    customer_since: account.customerSince,
    renewal_date: account.renewalDate,
    discount_purchases: account.discountPurchases,
    supplier_switches: account.supplierSwitches,
    last_contact: account.lastContact,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
  };
}

export function managerToRow(manager: AccountManager): ManagerRow {
  return {
    id: manager.id,
    name: manager.name,
    email: manager.email,
    weekly_capacity_hours: manager.weeklyCapacityHours,
    created_at: manager.createdAt,
  };
}

export function communityToRow(community: Community): CommunityRow {
  return {
    id: community.id,
    name: community.name,
    kind: community.kind,
    region: community.region,
    created_at: community.createdAt,
  };
}

export function membershipToRow(membership: Membership): MembershipRow {
  return {
    account_id: membership.accountId,
    community_id: membership.communityId,
    role: membership.role,
    since: membership.since,
  };
}

export function linkToRow(link: Link): LinkRow {
  return {
    id: link.id,
    type: link.type,
    from_id: link.fromId,
    to_id: link.toId,
    strength: link.strength,
    kind: link.kind,
    revenue: link.revenue,
    date: link.date,
    created_at: link.createdAt,
  };
}

export function engagementToRow(engagement: Engagement): EngagementRow {
  return {
    id: engagement.id,
    account_id: engagement.accountId,
    manager_id: engagement.managerId,
    minutes: engagement.minutes,
    date: engagement.date,
    kind: engagement.kind,
    note: engagement.note,
  };
}

export function purchaseToRow(purchase: Purchase): PurchaseRow {
  return {
    id: purchase.id,
    account_id: purchase.accountId,
    amount: purchase.amount,
    licences: purchase.licences,
    discount: purchase.discount,
    date: purchase.date,
  };
}

// ---------- row -> domain ----------

/**
 * A row as better-sqlite3's raw mode returns it: its values in the statement's column order.
 * The whole-state read (sqlite-state-read.ts) reads rows this way: a million links read as
 * arrays cost ~1/3 less than as objects keyed by column name, which better-sqlite3 builds one
 * property at a time. Each entity's decoder below reads such values, through the positions of
 * its *_READ_COLUMNS, and `rowTo*` decodes an object row through the same decoder, so each
 * mapping exists once.
 */
export type RowValues = readonly unknown[];

/** Column -> its position in `columns`. */
function positions<C extends string>(columns: readonly C[]): Readonly<Record<C, number>> {
  return Object.freeze(Object.fromEntries(columns.map((column, at) => [column, at])) as Record<C, number>);
}

function valuesOf<R extends object>(row: R, columns: readonly (keyof R)[]): unknown[] {
  return columns.map((column) => row[column]);
}

/** Every column of `accounts`, in the schema's order (inserts name them all). */
export const ACCOUNT_COLUMNS = [
  "id",
  "external_id",
  "name",
  "name_folded",
  "industry",
  "segment",
  "region",
  "owner_id",
  "status",
  "annual_revenue",
  "gross_margin",
  "licences_held",
  "licences_planned",
  "licence_price",
  "customer_since",
  "renewal_date",
  "discount_purchases",
  "supplier_switches",
  "last_contact",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof AccountRow)[];
/** What the domain Account is made of: every column but `name_folded` (a search column). */
export const ACCOUNT_READ_COLUMNS = ACCOUNT_COLUMNS.filter(
  (column): column is Exclude<(typeof ACCOUNT_COLUMNS)[number], "name_folded"> => column !== "name_folded",
);
export const MEMBERSHIP_READ_COLUMNS = ["account_id", "community_id", "role", "since"] as const satisfies readonly (keyof MembershipRow)[];
export const LINK_READ_COLUMNS = [
  "id",
  "type",
  "from_id",
  "to_id",
  "strength",
  "revenue",
  "kind",
  "date",
  "created_at",
] as const satisfies readonly (keyof LinkRow)[];
export const ENGAGEMENT_READ_COLUMNS = [
  "id",
  "account_id",
  "manager_id",
  "minutes",
  "date",
  "kind",
  "note",
] as const satisfies readonly (keyof EngagementRow)[];
export const PURCHASE_READ_COLUMNS = ["id", "account_id", "amount", "licences", "discount", "date"] as const satisfies readonly (keyof PurchaseRow)[];

const A = positions(ACCOUNT_READ_COLUMNS);
const M = positions(MEMBERSHIP_READ_COLUMNS);
const L = positions(LINK_READ_COLUMNS);
const E = positions(ENGAGEMENT_READ_COLUMNS);
const P = positions(PURCHASE_READ_COLUMNS);

// One plain object literal per row, every field in the domain type's order: the cheapest
// shape to build (a spread-then-add literal measured ~100x slower on Node 20) and the most
// compact to hold (Object.assign onto a smaller literal puts the added fields in a second
// backing store: ~50 bytes more per link, 250 MB over five million links).
export function valuesToAccount(v: RowValues): Account {
  return {
    id: v[A.id] as string,
    name: v[A.name] as string,
    status: v[A.status] as AccountStatus,
    segment: v[A.segment] as Segment,
    annualRevenue: v[A.annual_revenue] as number,
    ownerId: v[A.owner_id] as string | null,
    licencesHeld: v[A.licences_held] as number,
    licencesPlanned: v[A.licences_planned] as number,
    licencePrice: v[A.licence_price] as number,
    externalId: v[A.external_id] as string | null,
    industry: v[A.industry] as string | null,
    region: v[A.region] as string | null,
    grossMargin: v[A.gross_margin] as number,
    customerSince: v[A.customer_since] as string | null,
    renewalDate: v[A.renewal_date] as string | null,
    discountPurchases: v[A.discount_purchases] as number,
    supplierSwitches: v[A.supplier_switches] as number,
    lastContact: v[A.last_contact] as string | null,
    createdAt: v[A.created_at] as string,
    updatedAt: v[A.updated_at] as string,
  };
}

export function rowToAccount(row: AccountRow): Account {
  return valuesToAccount(valuesOf(row, ACCOUNT_READ_COLUMNS));
}

export function rowToManager(row: ManagerRow): AccountManager {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    weeklyCapacityHours: row.weekly_capacity_hours,
    createdAt: row.created_at,
  };
}

export function rowToCommunity(row: CommunityRow): Community {
  return { id: row.id, name: row.name, kind: row.kind as CommunityKind, region: row.region, createdAt: row.created_at };
}

export function valuesToMembership(v: RowValues): Membership {
  return {
    accountId: v[M.account_id] as string,
    communityId: v[M.community_id] as string,
    role: v[M.role] as MembershipRole,
    since: v[M.since] as string | null,
  };
}

export function rowToMembership(row: MembershipRow): Membership {
  return valuesToMembership(valuesOf(row, MEMBERSHIP_READ_COLUMNS));
}

export function valuesToLink(v: RowValues): Link {
  return {
    id: v[L.id] as string,
    type: v[L.type] as LinkType,
    fromId: v[L.from_id] as string,
    toId: v[L.to_id] as string,
    strength: v[L.strength] as number,
    revenue: v[L.revenue] as number | null,
    kind: v[L.kind] as InfluenceKind | null,
    date: v[L.date] as string | null,
    createdAt: v[L.created_at] as string,
  };
}

export function rowToLink(row: LinkRow): Link {
  return valuesToLink(valuesOf(row, LINK_READ_COLUMNS));
}

export function valuesToEngagement(v: RowValues): Engagement {
  return {
    id: v[E.id] as string,
    accountId: v[E.account_id] as string,
    managerId: v[E.manager_id] as string,
    minutes: v[E.minutes] as number,
    date: v[E.date] as string,
    kind: v[E.kind] as EngagementKind,
    note: v[E.note] as string | null,
  };
}

export function rowToEngagement(row: EngagementRow): Engagement {
  return valuesToEngagement(valuesOf(row, ENGAGEMENT_READ_COLUMNS));
}

export function valuesToPurchase(v: RowValues): Purchase {
  return {
    id: v[P.id] as string,
    accountId: v[P.account_id] as string,
    amount: v[P.amount] as number,
    licences: v[P.licences] as number,
    discount: v[P.discount] as number,
    date: v[P.date] as string,
  };
}

export function rowToPurchase(row: PurchaseRow): Purchase {
  return valuesToPurchase(valuesOf(row, PURCHASE_READ_COLUMNS));
}
