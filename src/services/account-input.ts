/**
 * Turns raw command input (as a client sends it: decimal money, optional fields)
 * into validated store input. One place for every account/manager/community rule,
 * so the API and bulk paths cannot disagree. Field names are relative to the input
 * object; the API prefixes them with the argument name.
 */
import { ValidationError } from "../domain/errors.js";
import {
  optionalDate,
  optionalText,
  requireEmail,
  requireFraction,
  requireName,
  requireNonNegativeInt,
  requireOneOf,
  requirePositiveNumber,
} from "../domain/guards.js";
import { ACCOUNT_STATUSES, COMMUNITY_KINDS, SEGMENTS, type AccountStatus, type CommunityKind, type Segment } from "../domain/model.js";
import { parseMoney } from "../domain/money.js";
import type {
  AccountPatch,
  AccountUpsert,
  CommunityPatch,
  ManagerPatch,
  NewAccount,
  NewCommunity,
  NewManager,
} from "../ports/account-graph-store.js";

/** A decimal amount as clients send it: "1234.50" or 1234.5. */
export type MoneyInput = string | number;

export interface AccountCommand {
  externalId?: string | null;
  name?: string;
  industry?: string | null;
  segment?: string;
  region?: string | null;
  ownerId?: string | null;
  status?: string;
  annualRevenue?: MoneyInput;
  grossMargin?: number;
  licencesHeld?: number;
  licencesPlanned?: number;
  licencePrice?: MoneyInput;
  customerSince?: string | null;
  renewalDate?: string | null;
  discountPurchases?: number;
  supplierSwitches?: number;
  lastContact?: string | null;
}

export interface ManagerCommand {
  name?: string;
  email?: string;
  weeklyCapacityHours?: number;
}

export interface CommunityCommand {
  name: string;
  kind: string;
  region?: string | null;
}

const MAX_LICENCES = 10_000_000;
const MAX_WEEKLY_HOURS = 80;

export function normaliseNewAccount(input: AccountCommand): NewAccount {
  if (input.name === undefined) throw new ValidationError("name is required", "name");
  const patch = normaliseAccountPatch(input);
  return {
    ...patch,
    name: patch.name!,
    segment: patch.segment ?? "SMALL_BUSINESS",
    status: patch.status ?? "PROSPECT",
    annualRevenue: patch.annualRevenue ?? 0,
    grossMargin: patch.grossMargin ?? 0,
    licencesHeld: patch.licencesHeld ?? 0,
    licencesPlanned: patch.licencesPlanned ?? 0,
    licencePrice: patch.licencePrice ?? 0,
    discountPurchases: patch.discountPurchases ?? 0,
    supplierSwitches: patch.supplierSwitches ?? 0,
  };
}

/** Validates only the fields present; `null` clears nullable fields. */
export function normaliseAccountPatch(input: AccountCommand): AccountPatch {
  const out: AccountPatch = {};
  if (input.externalId !== undefined) out.externalId = optionalText(input.externalId, "externalId");
  if (input.name !== undefined) out.name = requireName(input.name ?? "", "name");
  if (input.industry !== undefined) out.industry = optionalText(input.industry, "industry");
  if (input.segment !== undefined) out.segment = requireOneOf<Segment>(String(input.segment), SEGMENTS, "segment");
  if (input.region !== undefined) out.region = optionalText(input.region, "region");
  if (input.ownerId !== undefined) out.ownerId = optionalText(input.ownerId, "ownerId");
  if (input.status !== undefined) out.status = requireOneOf<AccountStatus>(String(input.status), ACCOUNT_STATUSES, "status");
  if (input.annualRevenue !== undefined) out.annualRevenue = parseMoney(required(input.annualRevenue, "annualRevenue"), "annualRevenue");
  if (input.grossMargin !== undefined) out.grossMargin = requireFraction(required(input.grossMargin, "grossMargin"), "grossMargin");
  if (input.licencesHeld !== undefined)
    out.licencesHeld = requireNonNegativeInt(required(input.licencesHeld, "licencesHeld"), "licencesHeld", MAX_LICENCES);
  if (input.licencesPlanned !== undefined) {
    out.licencesPlanned = requireNonNegativeInt(required(input.licencesPlanned, "licencesPlanned"), "licencesPlanned", MAX_LICENCES);
  }
  if (input.licencePrice !== undefined) out.licencePrice = parseMoney(required(input.licencePrice, "licencePrice"), "licencePrice");
  if (input.customerSince !== undefined) out.customerSince = optionalDate(input.customerSince, "customerSince", { notInFuture: true });
  if (input.renewalDate !== undefined) out.renewalDate = optionalDate(input.renewalDate, "renewalDate");
  if (input.discountPurchases !== undefined) {
    out.discountPurchases = requireNonNegativeInt(required(input.discountPurchases, "discountPurchases"), "discountPurchases", 1_000_000);
  }
  if (input.supplierSwitches !== undefined) {
    out.supplierSwitches = requireNonNegativeInt(required(input.supplierSwitches, "supplierSwitches"), "supplierSwitches", 1_000);
  }
  if (input.lastContact !== undefined) out.lastContact = optionalDate(input.lastContact, "lastContact", { notInFuture: true });
  return out;
}

export function normaliseNewManager(input: ManagerCommand): NewManager {
  if (input.name === undefined) throw new ValidationError("name is required", "name");
  if (input.email === undefined) throw new ValidationError("email is required", "email");
  const patch = normaliseManagerPatch(input);
  return { name: patch.name!, email: patch.email!, weeklyCapacityHours: patch.weeklyCapacityHours ?? 40 };
}

export function normaliseManagerPatch(input: ManagerCommand): ManagerPatch {
  const out: ManagerPatch = {};
  if (input.name !== undefined) out.name = requireName(input.name ?? "", "name");
  if (input.email !== undefined) out.email = requireEmail(input.email ?? "", "email");
  if (input.weeklyCapacityHours !== undefined) {
    out.weeklyCapacityHours = requirePositiveNumber(
      required(input.weeklyCapacityHours, "weeklyCapacityHours"),
      "weeklyCapacityHours",
      MAX_WEEKLY_HOURS,
    );
  }
  return out;
}

export function normaliseNewCommunity(input: CommunityCommand): NewCommunity {
  const patch = normaliseCommunityPatch({ name: input.name ?? null, kind: input.kind ?? null, region: input.region ?? null });
  return { name: patch.name!, kind: patch.kind!, region: patch.region ?? null };
}

/** The fields of a community edit that are present; `region: null` clears it. */
export function normaliseCommunityPatch(input: EditCommand<CommunityCommand>): CommunityPatch {
  const out: CommunityPatch = {};
  if (input.name !== undefined) out.name = requireName(required(input.name, "name"), "name");
  if (input.kind !== undefined) out.kind = requireOneOf<CommunityKind>(String(required(input.kind, "kind")), COMMUNITY_KINDS, "kind");
  if (input.region !== undefined) out.region = optionalText(input.region, "region");
  return out;
}

/**
 * An upsert by CRM id: the patch for an account that has `externalId`, and the whole account
 * to create when none has it (null without a name). The input may repeat the externalId but
 * not name another: an upsert never moves a CRM id.
 */
export function normaliseAccountUpsert(command: AccountCommand & { externalId: string }): { externalId: string; upsert: AccountUpsert } {
  const externalId = requireName(command.externalId, "externalId");
  const patch = normaliseAccountPatch({ ...command, externalId });
  return {
    externalId,
    upsert: { patch, create: command.name === undefined || command.name === null ? null : normaliseNewAccount({ ...command, externalId }) },
  };
}

/** An edit as a client sends it: any field may be absent (kept) or null (cleared, or refused when it cannot be). */
export type EditCommand<T> = { [K in keyof T]?: T[K] | null };

/** A non-nullable field explicitly set to null is an input error, not "leave unchanged". */
export function required<T>(value: T | null, field: string): T {
  if (value === null) throw new ValidationError(`${field} must not be null`, field);
  return value;
}
