/**
 * Referential and range checks over a whole Dataset, reusing the domain guards so the
 * seeds are held to exactly what the write paths accept. Returns every problem found
 * (empty when the dataset is sound) so a failing test shows all of them at once.
 */
import { DomainError } from "../../src/domain/errors.js";
import {
  requireDate,
  requireEmail,
  requireFraction,
  requireName,
  requireNonNegativeInt,
  requireOneOf,
  requirePositiveInt,
  requirePositiveNumber,
} from "../../src/domain/guards.js";
import { MAX_CENTS } from "../../src/domain/money.js";
import { ACCOUNT_STATUSES, COMMUNITY_KINDS, ENGAGEMENT_KINDS, INFLUENCE_KINDS, MEMBERSHIP_ROLES, SEGMENTS } from "../../src/domain/model.js";
import type { Dataset } from "../../src/ports/account-graph-store.js";

export interface IntegrityOptions {
  /** Engagement minutes allowed (inclusive). */
  minutes?: readonly [number, number];
}

export function findIntegrityProblems(dataset: Dataset, options: IntegrityOptions = {}): string[] {
  const problems: string[] = [];
  const [minMinutes, maxMinutes] = options.minutes ?? [15, 120];
  const check = (where: string, fn: () => unknown): void => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push(`${where}: ${error.message}`);
    }
  };
  const money = (value: number, field: string): number => requireNonNegativeInt(value, field, MAX_CENTS);
  const date = (value: string | null | undefined, field: string): void => {
    if (value !== null && value !== undefined) requireDate(value, field);
  };
  const uniqueIds = (label: string, rows: readonly { id: string }[], seen = new Set<string>()): Set<string> => {
    for (const { id } of rows) {
      if (seen.has(id)) problems.push(`${label}: duplicate id ${id}`);
      seen.add(id);
    }
    return seen;
  };

  const managerIds = uniqueIds("managers", dataset.managers);
  const communityIds = uniqueIds("communities", dataset.communities);
  const accountIds = uniqueIds("accounts", dataset.accounts);
  const linkIds = uniqueIds("influences", dataset.influences);
  uniqueIds("referrals", dataset.referrals, linkIds);
  uniqueIds("engagements", dataset.engagements);
  uniqueIds("purchases", dataset.purchases);
  const priceOf = new Map(dataset.accounts.map((a) => [a.id, a.licencePrice]));

  for (const m of dataset.managers) {
    check(m.id, () => {
      requireName(m.name, "name");
      requireEmail(m.email, "email");
      requirePositiveNumber(m.weeklyCapacityHours, "weeklyCapacityHours", 80);
    });
  }
  for (const c of dataset.communities) {
    check(c.id, () => {
      requireName(c.name, "name");
      requireOneOf(c.kind, COMMUNITY_KINDS, "kind");
    });
  }
  const externalIds = new Set<string>();
  for (const a of dataset.accounts) {
    check(a.id, () => {
      requireName(a.name, "name");
      requireOneOf(a.segment, SEGMENTS, "segment");
      requireOneOf(a.status, ACCOUNT_STATUSES, "status");
      money(a.annualRevenue, "annualRevenue");
      money(a.licencePrice, "licencePrice");
      requireFraction(a.grossMargin, "grossMargin");
      requireNonNegativeInt(a.licencesHeld, "licencesHeld");
      requireNonNegativeInt(a.licencesPlanned, "licencesPlanned");
      requireNonNegativeInt(a.discountPurchases, "discountPurchases");
      requireNonNegativeInt(a.supplierSwitches, "supplierSwitches");
      date(a.customerSince, "customerSince");
      date(a.renewalDate, "renewalDate");
      date(a.lastContact, "lastContact");
    });
    if (a.ownerId != null && !managerIds.has(a.ownerId)) problems.push(`${a.id}: unknown owner ${a.ownerId}`);
    if (a.externalId != null) {
      if (externalIds.has(a.externalId)) problems.push(`${a.id}: duplicate externalId ${a.externalId}`);
      externalIds.add(a.externalId);
    }
  }
  const memberPairs = new Set<string>();
  for (const m of dataset.memberships) {
    const where = `membership ${m.accountId}/${m.communityId}`;
    if (!accountIds.has(m.accountId)) problems.push(`${where}: unknown account`);
    if (!communityIds.has(m.communityId)) problems.push(`${where}: unknown community`);
    if (memberPairs.has(`${m.accountId}|${m.communityId}`)) problems.push(`${where}: duplicate`);
    memberPairs.add(`${m.accountId}|${m.communityId}`);
    check(where, () => {
      requireOneOf(m.role, MEMBERSHIP_ROLES, "role");
      date(m.since, "since");
    });
  }
  const linkPairs = new Set<string>();
  const checkEnds = (type: string, l: { id: string; fromId: string; toId: string }): void => {
    if (!accountIds.has(l.fromId)) problems.push(`${l.id}: unknown fromId ${l.fromId}`);
    if (!accountIds.has(l.toId)) problems.push(`${l.id}: unknown toId ${l.toId}`);
    if (l.fromId === l.toId) problems.push(`${l.id}: links ${l.fromId} to itself`);
    const key = `${type}|${l.fromId}|${l.toId}`;
    if (linkPairs.has(key)) problems.push(`${l.id}: duplicate ${type} ${l.fromId} -> ${l.toId}`);
    linkPairs.add(key);
  };
  for (const l of dataset.influences) {
    checkEnds("INFLUENCES", l);
    check(l.id, () => {
      requireFraction(l.strength, "strength");
      requireOneOf(l.kind, INFLUENCE_KINDS, "kind");
      date(l.since, "since");
    });
  }
  for (const l of dataset.referrals) {
    checkEnds("REFERRED", l);
    check(l.id, () => {
      money(l.revenue, "revenue");
      date(l.date, "date");
    });
  }
  for (const e of dataset.engagements) {
    if (!accountIds.has(e.accountId)) problems.push(`${e.id}: unknown account ${e.accountId}`);
    if (!managerIds.has(e.managerId)) problems.push(`${e.id}: unknown manager ${e.managerId}`);
    check(e.id, () => {
      requirePositiveInt(e.minutes, "minutes");
      requireOneOf(e.kind, ENGAGEMENT_KINDS, "kind");
      date(e.date, "date");
    });
    if (e.minutes < minMinutes || e.minutes > maxMinutes) problems.push(`${e.id}: ${e.minutes} minutes`);
  }
  for (const p of dataset.purchases) {
    if (!accountIds.has(p.accountId)) problems.push(`${p.id}: unknown account ${p.accountId}`);
    check(p.id, () => {
      money(p.amount, "amount");
      requirePositiveInt(p.licences, "licences");
      requireFraction(p.discount, "discount");
      date(p.date, "date");
    });
    const price = priceOf.get(p.accountId);
    if (price !== undefined && p.amount !== Math.round(price * p.licences * (1 - p.discount))) {
      problems.push(`${p.id}: amount ${p.amount} is not price x licences x (1 - discount)`);
    }
  }
  return problems;
}
