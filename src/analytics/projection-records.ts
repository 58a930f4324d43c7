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
import { LINK_TYPES, MEMBERSHIP_ROLES, type Cents, type Membership, type MembershipRole } from "../domain/model.js";
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

export function requireMembershipRole(membership: Membership): MembershipRole {
  const field = `memberships[${membership.accountId}:${membership.communityId}].role`;
  return requireOneOf(membership.role, MEMBERSHIP_ROLES, field);
}
