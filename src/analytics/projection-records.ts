/**
 * Turns the store's graph rows into projection attributes, converting and validating
 * every number on the way in. Why: graphology-metrics silently counts a non-numeric
 * weight as 1 (docs/influence.md, "Why the kernels are our own"), and drivers may
 * hand decimals back as strings or Neo4j Integers. A weight that reaches a kernel is
 * therefore always a finite JS number, or the projection build fails loudly here.
 */
import { ValidationError } from "../domain/errors.js";
import type { GraphEdge, GraphNode } from "../domain/graph.js";
import { requireFraction, requireNonNegativeInt, requireOneOf } from "../domain/guards.js";
import { ACCOUNT_STATUSES, LINK_TYPES, MEMBERSHIP_ROLES, SEGMENTS, type Cents, type Membership, type MembershipRole } from "../domain/model.js";
import { MAX_CENTS } from "../domain/money.js";

/** Tie types in the influence graph: the two stored link types plus implicit membership ties. */
export const TIE_TYPES = [...LINK_TYPES, "MEMBERSHIP"] as const;
export type TieType = (typeof TIE_TYPES)[number];

/** Node attributes: the GraphNode row without its id (the node key), plus community roles. */
export interface AccountNodeAttributes extends Omit<GraphNode, "id"> {
  /** Ids of every community the account belongs to (any role). */
  communities: string[];
  /** Ids of the communities the account leads (a subset of `communities`). */
  leaderOf: string[];
}

export interface InfluenceEdgeAttributes {
  type: TieType;
  /** Always a finite number in [0, 1]; higher = stronger tie. */
  strength: number;
  /** REFERRED only: revenue the referral brought, in cents. */
  revenue: Cents | null;
}

/** Coerces what a driver may return for a number (number, numeric string, bigint, Neo4j Integer). */
export function toFiniteNumber(value: unknown, field: string): number {
  let result: number;
  if (typeof value === "number") result = value;
  else if (typeof value === "string" && value.trim() !== "") result = Number(value);
  else if (typeof value === "bigint") result = Number(value);
  else if (isNumberLike(value)) result = value.toNumber();
  else throw new ValidationError(`${field} must be a number`, field);
  if (!Number.isFinite(result)) throw new ValidationError(`${field} must be a finite number`, field);
  return result;
}

function isNumberLike(value: unknown): value is { toNumber(): number } {
  return typeof value === "object" && value !== null && typeof (value as { toNumber?: unknown }).toNumber === "function";
}

function toCents(value: unknown, field: string): Cents {
  return requireNonNegativeInt(toFiniteNumber(value, field), field, MAX_CENTS);
}

function toCount(value: unknown, field: string): number {
  return requireNonNegativeInt(toFiniteNumber(value, field), field);
}

/** Validated node attributes; community roles start empty and are filled by memberships. */
export function toNodeAttributes(node: GraphNode): AccountNodeAttributes {
  const at = `nodes[${node.id}]`;
  return {
    name: node.name,
    status: node.status,
    segment: node.segment,
    annualRevenue: toCents(node.annualRevenue, `${at}.annualRevenue`),
    ownerId: node.ownerId,
    licencesHeld: toCount(node.licencesHeld, `${at}.licencesHeld`),
    licencesPlanned: toCount(node.licencesPlanned, `${at}.licencesPlanned`),
    licencePrice: toCents(node.licencePrice, `${at}.licencePrice`),
    communities: [],
    leaderOf: [],
  };
}

/** Validated edge attributes for a stored link (REFERRED / INFLUENCES). */
export function toEdgeAttributes(edge: GraphEdge): InfluenceEdgeAttributes {
  const at = `edges[${edge.id}]`;
  const type = requireOneOf(edge.type, LINK_TYPES, `${at}.type`);
  if (edge.fromId === edge.toId) {
    throw new ValidationError(`${at} joins account ${edge.fromId} to itself`, `${at}.toId`);
  }
  const strength = requireFraction(toFiniteNumber(edge.strength, `${at}.strength`), `${at}.strength`);
  const revenue = edge.revenue === null || edge.revenue === undefined ? null : toCents(edge.revenue, `${at}.revenue`);
  return { type, strength, revenue };
}

/** Whole number in [0, max], already a JS number (no conversion needed). */
function isCount(value: unknown, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * True when toNodeAttributes would accept the row unchanged (every number already a JS
 * number in range, codes in their vocabularies): bulk loads then copy the fields straight
 * into columns. Anything else goes through toNodeAttributes, which converts or names the
 * bad field.
 */
export function isCleanNode(node: GraphNode): boolean {
  return (
    STATUS_SET.has(node.status) &&
    SEGMENT_SET.has(node.segment) &&
    isCount(node.annualRevenue, MAX_CENTS) &&
    isCount(node.licencePrice, MAX_CENTS) &&
    isCount(node.licencesHeld, COUNT_MAX) &&
    isCount(node.licencesPlanned, COUNT_MAX)
  );
}

/** True when toEdgeAttributes would accept the row unchanged (see isCleanNode). */
export function isCleanEdge(edge: GraphEdge): boolean {
  const { strength, revenue } = edge;
  return (
    (edge.type === "INFLUENCES" || edge.type === "REFERRED") &&
    edge.fromId !== edge.toId &&
    typeof strength === "number" &&
    strength >= 0 &&
    strength <= 1 &&
    (revenue === null || revenue === undefined || isCount(revenue, MAX_CENTS))
  );
}

const STATUS_SET: ReadonlySet<string> = new Set(ACCOUNT_STATUSES);
const SEGMENT_SET: ReadonlySet<string> = new Set(SEGMENTS);
const ROLE_SET: ReadonlySet<string> = new Set(MEMBERSHIP_ROLES);
/** requireNonNegativeInt's default bound, which toCount applies. */
const COUNT_MAX = 1_000_000_000;

export function requireMembershipRole(membership: Membership): MembershipRole {
  if (ROLE_SET.has(membership.role)) return membership.role; // no field name built per valid row
  return requireOneOf(membership.role, MEMBERSHIP_ROLES, `memberships[${membership.accountId}:${membership.communityId}].role`);
}
