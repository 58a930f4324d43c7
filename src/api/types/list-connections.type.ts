/**
 * Relay connections (https://relay.dev/graphql/connections.htm) of the lists the API pages
 * beyond accounts: communities, account managers, a community's members, an account's
 * engagements and purchases. Built by one factory, so every connection has the same shape
 * (`edges { cursor node }`, `pageInfo`, `totalCount`) as `AccountConnection`.
 */
import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { EngagementType, PurchaseType } from "./activity.type.js";
import { CommunityType, MembershipType } from "./community.type.js";
import { PageInfo } from "./connection.type.js";
import { AccountManagerType } from "./manager.type.js";

export interface ConnectionObject<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** `<name>Connection` and `<name>Edge` object types over `node`; `what` names the items in descriptions. */
function connectionOf<T extends object>(node: ClassType<T>, name: string, what: string): ClassType<ConnectionObject<T>> {
  @ObjectType(`${name}Edge`, { description: `One of the ${what}, with the cursor to continue after it.` })
  class Edge {
    @Field(() => String, { description: "Pass as `after` to get the items after this one." }) cursor!: string;
    @Field(() => node, { description: `The ${what.replace(/s$/, "")} itself.` }) node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}.` })
  class Connection {
    @Field(() => [Edge], { description: "The items of this page, in order." }) edges!: Edge[];
    @Field(() => PageInfo, { description: "Whether more pages follow, and the cursors at both ends." }) pageInfo!: PageInfo;
    @Field(() => Int, { description: `How many ${what} match in total, ignoring pagination.` }) totalCount!: number;
  }
  return Connection;
}

export const CommunityConnection = connectionOf(CommunityType, "Community", "communities");
export const AccountManagerConnection = connectionOf(AccountManagerType, "AccountManager", "account managers");
export const MembershipConnection = connectionOf(MembershipType, "Membership", "memberships");
export const EngagementConnection = connectionOf(EngagementType, "Engagement", "engagements");
export const PurchaseConnection = connectionOf(PurchaseType, "Purchase", "purchases");
