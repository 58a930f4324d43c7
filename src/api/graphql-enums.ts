/**
 * GraphQL enums generated from the domain's value lists, so the schema and the
 * domain guards can never disagree on what an enum admits.
 */
import { registerEnumType } from "type-graphql";
import {
  ACCOUNT_STATUSES,
  COMMUNITY_KINDS,
  ENGAGEMENT_KINDS,
  INFLUENCE_KINDS,
  LINK_TYPES,
  MEMBERSHIP_ROLES,
  SEGMENTS,
} from "../domain/model.js";
import { ROLES } from "../domain/roles.js";
import { ACCOUNT_SORT_KEYS } from "../ports/account-graph-store.js";

export type EnumObject<T extends string> = { [K in T]: K };

/** A frozen `{ VALUE: "VALUE" }` object from a value list, as registerEnumType wants. */
export function enumOf<T extends string>(values: readonly T[]): EnumObject<T> {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as EnumObject<T>;
}

export const AccountStatusEnum = enumOf(ACCOUNT_STATUSES);
export const SegmentEnum = enumOf(SEGMENTS);
export const EngagementKindEnum = enumOf(ENGAGEMENT_KINDS);
export const InfluenceKindEnum = enumOf(INFLUENCE_KINDS);
export const MembershipRoleEnum = enumOf(MEMBERSHIP_ROLES);
export const CommunityKindEnum = enumOf(COMMUNITY_KINDS);
export const LinkTypeEnum = enumOf(LINK_TYPES);
export const AccountSortKeyEnum = enumOf(ACCOUNT_SORT_KEYS);
export const SortDirectionEnum = enumOf(["ASC", "DESC"] as const);
export const RoleEnum = enumOf(ROLES);

registerEnumType(AccountStatusEnum, { name: "AccountStatus", description: "Where an account stands with us." });
registerEnumType(SegmentEnum, { name: "Segment", description: "Size / kind of customer." });
registerEnumType(EngagementKindEnum, { name: "EngagementKind" });
registerEnumType(InfluenceKindEnum, { name: "InfluenceKind", description: "Why one account sways another." });
registerEnumType(MembershipRoleEnum, { name: "MembershipRole" });
registerEnumType(CommunityKindEnum, { name: "CommunityKind" });
registerEnumType(LinkTypeEnum, {
  name: "LinkType",
  description: "Directed account-to-account link. A -> B means A influences / referred B.",
});
registerEnumType(AccountSortKeyEnum, { name: "AccountSortKey" });
registerEnumType(SortDirectionEnum, { name: "SortDirection" });
registerEnumType(RoleEnum, { name: "Role", description: "What a credential may do (README, Security and limits)." });
