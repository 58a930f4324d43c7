/**
 * GraphQL enums generated from the domain's value lists, so the schema and the
 * domain guards can never disagree on what an enum admits.
 */
import { registerEnumType } from "type-graphql";
import { ACCOUNT_STATUSES, COMMUNITY_KINDS, ENGAGEMENT_KINDS, INFLUENCE_KINDS, LINK_TYPES, MEMBERSHIP_ROLES, SEGMENTS } from "../domain/model.js";
import { ROLES } from "../domain/roles.js";
import { ACCOUNT_GROUP_DIMENSIONS } from "../services/read-model/account-aggregates.js";
import { ACCOUNT_ORDER_KEYS, NULLS_PLACEMENTS } from "../services/read-model/account-order.js";

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
export const AccountSortKeyEnum = enumOf(ACCOUNT_ORDER_KEYS);
export const NullsPlacementEnum = enumOf(NULLS_PLACEMENTS);
export const AccountGroupDimensionEnum = enumOf(ACCOUNT_GROUP_DIMENSIONS);
export const SortDirectionEnum = enumOf(["ASC", "DESC"] as const);
export const RoleEnum = enumOf(ROLES);

registerEnumType(AccountStatusEnum, {
  name: "AccountStatus",
  description: "Where an account stands with us.",
  valuesConfig: {
    PROSPECT: { description: "Not buying yet." },
    CUSTOMER: { description: "Buying now." },
    CHURNED: { description: "Bought once, left." },
  },
});
registerEnumType(SegmentEnum, {
  name: "Segment",
  description: "Size / kind of customer.",
  valuesConfig: {
    SMALL_BUSINESS: { description: "Small business: a few licences, price-sensitive." },
    MID_MARKET: { description: "Mid-sized company." },
    ENTERPRISE: { description: "Large company or multinational." },
    PUBLIC_SECTOR: { description: "Government and public bodies." },
    NON_PROFIT: { description: "Charities, churches, associations." },
  },
});
registerEnumType(EngagementKindEnum, {
  name: "EngagementKind",
  description: "How selling time was spent.",
  valuesConfig: {
    CALL: { description: "Phone or video call." },
    VISIT: { description: "Visit at the account's site." },
    EMAIL: { description: "Email exchange." },
    MEETING: { description: "Meeting elsewhere." },
    DEMO: { description: "Product demonstration." },
    EVENT: { description: "Event, conference or community gathering." },
  },
});
registerEnumType(InfluenceKindEnum, {
  name: "InfluenceKind",
  description: "Why one account sways another.",
  valuesConfig: {
    PEER: { description: "A peer whose choices it watches." },
    BOARD: { description: "Shared board members or directors." },
    SUPPLIER: { description: "It supplies the other." },
    ADVISOR: { description: "It advises the other (consultant, accountant, …)." },
    FAMILY: { description: "Family ties between the owners." },
  },
});
registerEnumType(MembershipRoleEnum, {
  name: "MembershipRole",
  description: "An account's role in a community.",
  valuesConfig: {
    LEADER: { description: "Leads the group: its word reaches every member (a weak implicit tie)." },
    MEMBER: { description: "An ordinary member." },
  },
});
registerEnumType(CommunityKindEnum, {
  name: "CommunityKind",
  description: "What sort of social group a community is.",
  valuesConfig: {
    INDUSTRY_ASSOCIATION: { description: "Trade or industry association." },
    CHURCH: { description: "Church or other faith community." },
    CHAMBER_OF_COMMERCE: { description: "Chamber of commerce or business network." },
    CLUB: { description: "Club (sports, service, social)." },
    USER_GROUP: { description: "Users of our product." },
    OTHER: { description: "Any other group." },
  },
});
registerEnumType(LinkTypeEnum, {
  name: "LinkType",
  description: "Directed account-to-account link. A -> B means A influences / referred B.",
  valuesConfig: {
    REFERRED: { description: "A introduced B to us (a real referral, strength 1, with the revenue it brought)." },
    INFLUENCES: { description: "A sways B's choices, with a strength 0..1 and a kind." },
  },
});
registerEnumType(AccountSortKeyEnum, {
  name: "AccountSortKey",
  description: "What accounts are ordered by; text in code-point order, ties broken by id.",
  valuesConfig: {
    NAME: { description: "Name (code-point order)." },
    ANNUAL_REVENUE: { description: "Annual revenue." },
    LICENCES_PLANNED: { description: "Licences planned." },
    RENEWAL_DATE: { description: "Renewal date (may be null)." },
    CREATED_AT: { description: "When the account was stored." },
    LICENCES_HELD: { description: "Licences the account holds." },
    WHITESPACE_LICENCES: { description: "Licences planned but not held (planned - held, at least 0)." },
    UPDATED_AT: { description: "When the account was last changed." },
    LAST_CONTACT: { description: "Date of the last contact (may be null)." },
    CUSTOMER_SINCE: { description: "Since when the account is a customer (may be null)." },
    SEGMENT: { description: "Segment name." },
    STATUS: { description: "Status name." },
    REGION: { description: "Region (may be null)." },
    INDUSTRY: { description: "Industry (may be null)." },
  },
});
registerEnumType(NullsPlacementEnum, {
  name: "NullsPlacement",
  description: "Where accounts without a value of a nullable sort key go.",
  valuesConfig: { FIRST: { description: "Before every value." }, LAST: { description: "After every value (the default)." } },
});
registerEnumType(AccountGroupDimensionEnum, {
  name: "AccountGroupBy",
  description: "What `accountsAggregate` groups accounts by.",
  valuesConfig: {
    SEGMENT: { description: "Account segment." },
    STATUS: { description: "Account status." },
    REGION: { description: "Region; accounts without one form the group with a null key." },
    INDUSTRY: { description: "Industry; accounts without one form the group with a null key." },
    OWNER: { description: "Owning account manager (key: its id); unassigned accounts form the null group." },
    COMMUNITY: { description: "Community (key: its id); a member of several counts in each, one of none in the null group." },
    TIER: { description: "Strategic tier under the default weights and thresholds; accounts not yet ranked form the null group." },
  },
});
registerEnumType(SortDirectionEnum, {
  name: "SortDirection",
  description: "Order of a sort.",
  valuesConfig: { ASC: { description: "Smallest first." }, DESC: { description: "Largest first." } },
});
registerEnumType(RoleEnum, {
  name: "Role",
  description: "What a credential may do (README, Security and limits).",
  valuesConfig: {
    ADMIN: { description: "Reads and writes everything, API keys included." },
    MANAGER: { description: "Reads everything; writes only its own accounts and what hangs on them (README, Security and limits)." },
    VIEWER: { description: "Reads everything, writes nothing." },
  },
});
