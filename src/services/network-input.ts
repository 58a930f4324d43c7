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
  EngagementPatch,
  LinkPatch,
  NewEngagement,
  NewInfluenceLink,
  NewMembership,
  NewPurchase,
  NewReferral,
  PurchasePatch,
} from "../ports/account-graph-store.js";
import { required, type EditCommand, type MoneyInput } from "./account-input.js";

/** A working day is the most one engagement can plausibly take. */
const MAX_ENGAGEMENT_MINUTES = 24 * 60;
const MAX_LICENCES = 10_000_000;

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
  // Every field is required: a missing one is refused like a null one.
  const { managerId = null, minutes = null, date = null, kind = null, note = null } = input as EditCommand<EngagementCommand>;
  const patch = normaliseEngagementPatch({ managerId, minutes, date, kind, note });
  return {
    accountId: requireId(input.accountId, "accountId"),
    managerId: patch.managerId!,
    minutes: patch.minutes!,
    date: patch.date!,
    kind: patch.kind!,
    note: patch.note ?? null,
  };
}

/**
 * The fields of an engagement edit that are present, validated as recording validates them;
 * absent fields stay, a non-nullable one set to null is refused, a null note clears it.
 * Recording passes every field (the GraphQL input requires them), so all are set.
 */
export function normaliseEngagementPatch(input: EditCommand<Omit<EngagementCommand, "accountId">>): EngagementPatch {
  const out: EngagementPatch = {};
  if (input.managerId !== undefined) out.managerId = requireId(required(input.managerId, "managerId"), "managerId");
  if (input.minutes !== undefined) out.minutes = requirePositiveInt(required(input.minutes, "minutes"), "minutes", MAX_ENGAGEMENT_MINUTES);
  if (input.date !== undefined) out.date = requireDate(required(input.date, "date"), "date", { notInFuture: true });
  if (input.kind !== undefined) out.kind = requireOneOf<EngagementKind>(String(required(input.kind, "kind")), ENGAGEMENT_KINDS, "kind");
  if (input.note !== undefined) out.note = optionalMultilineText(input.note, "note");
  return out;
}

export function normalisePurchase(input: PurchaseCommand): NewPurchase {
  const patch = normalisePurchasePatch({
    amount: input.amount ?? null,
    date: input.date ?? null,
    licences: input.licences ?? 0,
    discount: input.discount ?? 0,
  });
  return {
    accountId: requireId(input.accountId, "accountId"),
    amount: patch.amount!,
    licences: patch.licences!,
    discount: patch.discount!,
    date: patch.date!,
  };
}

/** The fields of a purchase edit that are present, validated as recording validates them. */
export function normalisePurchasePatch(input: EditCommand<Omit<PurchaseCommand, "accountId">>): PurchasePatch {
  const out: PurchasePatch = {};
  if (input.amount !== undefined) out.amount = parseMoney(required(input.amount, "amount"), "amount");
  if (input.licences !== undefined) out.licences = requireNonNegativeInt(required(input.licences, "licences"), "licences", MAX_LICENCES);
  if (input.discount !== undefined) out.discount = requireFraction(required(input.discount, "discount"), "discount");
  if (input.date !== undefined) out.date = requireDate(required(input.date, "date"), "date", { notInFuture: true });
  return out;
}

/** A link edit: INFLUENCES fields (kind, strength, since) and REFERRED ones (date, revenue); the store refuses those of the other type. */
export interface LinkPatchCommand {
  kind?: string | null;
  strength?: number | null;
  /** The referral's date, or since when the influence is known (null clears the latter). */
  date?: string | null;
  revenue?: MoneyInput | null;
}

export function normaliseLinkPatch(input: LinkPatchCommand): LinkPatch {
  const out: LinkPatch = {};
  if (input.kind !== undefined) out.kind = requireOneOf<InfluenceKind>(String(required(input.kind, "kind")), INFLUENCE_KINDS, "kind");
  if (input.strength !== undefined) out.strength = requireFraction(required(input.strength, "strength"), "strength");
  if (input.date !== undefined) out.date = optionalDate(input.date, "date", { notInFuture: true });
  if (input.revenue !== undefined) out.revenue = parseMoney(required(input.revenue, "revenue"), "revenue");
  return out;
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
