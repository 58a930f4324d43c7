/**
 * The account graph's vocabulary. Plain data only: no behaviour, no imports from
 * any other layer. Money is integer cents (see money.ts), dates are ISO-8601
 * strings (`YYYY-MM-DD` for calendar dates, full timestamps for audit fields).
 */

export const ACCOUNT_STATUSES = ["PROSPECT", "CUSTOMER", "CHURNED"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const SEGMENTS = ["SMALL_BUSINESS", "MID_MARKET", "ENTERPRISE", "PUBLIC_SECTOR", "NON_PROFIT"] as const;
export type Segment = (typeof SEGMENTS)[number];

export const ENGAGEMENT_KINDS = ["CALL", "VISIT", "EMAIL", "MEETING", "DEMO", "EVENT"] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const INFLUENCE_KINDS = ["PEER", "BOARD", "SUPPLIER", "ADVISOR", "FAMILY"] as const;
export type InfluenceKind = (typeof INFLUENCE_KINDS)[number];

export const MEMBERSHIP_ROLES = ["LEADER", "MEMBER"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const COMMUNITY_KINDS = ["INDUSTRY_ASSOCIATION", "CHURCH", "CHAMBER_OF_COMMERCE", "CLUB", "USER_GROUP", "OTHER"] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

/** Directed account-to-account link types. MEMBER_OF is modelled separately (Membership). */
export const LINK_TYPES = ["REFERRED", "INFLUENCES"] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** Integer number of cents. Never a float: sums must not drift. */
export type Cents = number;
/** Calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** Instant, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export type IsoDateTime = string;

export interface Account {
  id: string;
  /** Id in the customer's own CRM; unique when present. */
  externalId: string | null;
  name: string;
  industry: string | null;
  segment: Segment;
  region: string | null;
  ownerId: string | null;
  status: AccountStatus;
  annualRevenue: Cents;
  /** Gross margin as a fraction 0..1. */
  grossMargin: number;
  licencesHeld: number;
  /** Stated future need (the "50 more planned" of the article). */
  licencesPlanned: number;
  /** List price of one licence, cents; effective price applies the account's discount. */
  licencePrice: Cents;
  customerSince: IsoDate | null;
  renewalDate: IsoDate | null;
  /** Purchases made mainly because of a discount or promotion. */
  discountPurchases: number;
  /** Times the account switched supplier in the past. */
  supplierSwitches: number;
  lastContact: IsoDate | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface AccountManager {
  id: string;
  name: string;
  email: string;
  weeklyCapacityHours: number;
  createdAt: IsoDateTime;
}

export interface Community {
  id: string;
  name: string;
  kind: CommunityKind;
  region: string | null;
  createdAt: IsoDateTime;
}

export interface Membership {
  accountId: string;
  communityId: string;
  role: MembershipRole;
  since: IsoDate | null;
}

export interface Engagement {
  id: string;
  accountId: string;
  managerId: string;
  minutes: number;
  date: IsoDate;
  kind: EngagementKind;
  note: string | null;
}

export interface Purchase {
  id: string;
  accountId: string;
  amount: Cents;
  licences: number;
  /** Discount granted, fraction 0..1 of list price. */
  discount: number;
  date: IsoDate;
}

/** A directed account-to-account link: REFERRED or INFLUENCES. */
export interface Link {
  id: string;
  type: LinkType;
  fromId: string;
  toId: string;
  /** INFLUENCES: 0..1 as given. REFERRED: 1 (a real introduction is a full-strength tie). */
  strength: number;
  /** INFLUENCES only. */
  kind: InfluenceKind | null;
  /** REFERRED only: revenue the referral brought. */
  revenue: Cents | null;
  /** REFERRED: referral date; INFLUENCES: since when the tie is known. */
  date: IsoDate | null;
  createdAt: IsoDateTime;
}
