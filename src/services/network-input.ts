/**
 * Validation for links, memberships and activity records (engagements, purchases).
 * Same conventions as account-input.ts: field names relative to the input object.
 */
import { ValidationError } from "../domain/errors.js";
import {
  optionalDate,
  optionalMultilineText,
  requireDate,
  requireFraction,
  requireName,
  requireNonNegativeInt,
  requireOneOf,
  requirePositiveInt,
} from "../domain/guards.js";
import {
  ENGAGEMENT_KINDS,
  INFLUENCE_KINDS,
  MEMBERSHIP_ROLES,
  type EngagementKind,
  type InfluenceKind,
  type MembershipRole,
} from "../domain/model.js";
import { parseMoney } from "../domain/money.js";
import type {
  NewEngagement,
  NewInfluenceLink,
  NewMembership,
  NewPurchase,
  NewReferral,
} from "../ports/account-graph-store.js";
import type { MoneyInput } from "./account-input.js";

/** A working day is the most one engagement can plausibly take. */
const MAX_ENGAGEMENT_MINUTES = 24 * 60;

export interface MembershipCommand {
  accountId: string;
  communityId: string;
  role?: string;
  since?: string | null;
}

export interface InfluenceCommand {
  fromId: string;
  toId: string;
  kind: string;
  strength: number;
  since?: string | null;
}

export interface ReferralCommand {
  fromId: string;
  toId: string;
  date: string;
  revenue?: MoneyInput;
}

export interface EngagementCommand {
  accountId: string;
  managerId: string;
  minutes: number;
  date: string;
  kind: string;
  note?: string | null;
}

export interface PurchaseCommand {
  accountId: string;
  amount: MoneyInput;
  licences?: number;
  discount?: number;
  date: string;
}

export function normaliseMembership(input: MembershipCommand): NewMembership {
  return {
    accountId: requireId(input.accountId, "accountId"),
    communityId: requireId(input.communityId, "communityId"),
    role: requireOneOf<MembershipRole>(String(input.role ?? "MEMBER"), MEMBERSHIP_ROLES, "role"),
    since: optionalDate(input.since, "since", { notInFuture: true }),
  };
}

export function normaliseInfluence(input: InfluenceCommand): NewInfluenceLink {
  const { fromId, toId } = requireEndpoints(input.fromId, input.toId);
  return {
    fromId,
    toId,
    kind: requireOneOf<InfluenceKind>(String(input.kind), INFLUENCE_KINDS, "kind"),
    strength: requireFraction(input.strength, "strength"),
    since: optionalDate(input.since, "since", { notInFuture: true }),
  };
}

export function normaliseReferral(input: ReferralCommand): NewReferral {
  const { fromId, toId } = requireEndpoints(input.fromId, input.toId);
  return {
    fromId,
    toId,
    date: requireDate(input.date, "date", { notInFuture: true }),
    revenue: parseMoney(input.revenue ?? 0, "revenue"),
  };
}

export function normaliseEngagement(input: EngagementCommand): NewEngagement {
  return {
    accountId: requireId(input.accountId, "accountId"),
    managerId: requireId(input.managerId, "managerId"),
    minutes: requirePositiveInt(input.minutes, "minutes", MAX_ENGAGEMENT_MINUTES),
    date: requireDate(input.date, "date", { notInFuture: true }),
    kind: requireOneOf<EngagementKind>(String(input.kind), ENGAGEMENT_KINDS, "kind"),
    note: optionalMultilineText(input.note, "note"),
  };
}

export function normalisePurchase(input: PurchaseCommand): NewPurchase {
  return {
    accountId: requireId(input.accountId, "accountId"),
    amount: parseMoney(input.amount, "amount"),
    licences: requireNonNegativeInt(input.licences ?? 0, "licences", 10_000_000),
    discount: requireFraction(input.discount ?? 0, "discount"),
    date: requireDate(input.date, "date", { notInFuture: true }),
  };
}

function requireEndpoints(fromId: string, toId: string): { fromId: string; toId: string } {
  const from = requireId(fromId, "fromId");
  const to = requireId(toId, "toId");
  if (from === to) throw new ValidationError("an account cannot be linked to itself", "toId");
  return { fromId: from, toId: to };
}

/** Ids are opaque, but an empty or absurdly long one is input error, not a lookup. */
export function requireId(value: string, field: string): string {
  return requireName(value, field);
}
