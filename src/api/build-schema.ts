/**
 * Builds the executable schema from the resolver classes. The same function feeds
 * the server and scripts/emit-schema.ts, so schema/schema.graphql is exactly what
 * clients get (a test fails when they differ).
 */
import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AccountGroupResolver, AccountsAggregateResolver } from "./resolvers/account-aggregate.resolver.js";
import { AccountActivityResolver } from "./resolvers/account-activity.resolver.js";
import { AccountMutationResolver } from "./resolvers/account-mutation.resolver.js";
import { AccountResolver } from "./resolvers/account.resolver.js";
import { ApiKeyResolver } from "./resolvers/api-key.resolver.js";
import { EngagementResolver, PurchaseResolver } from "./resolvers/activity.resolver.js";
import { CommunityResolver, MembershipResolver } from "./resolvers/community.resolver.js";
import {
  ChampionProximityResolver,
  CommunityBrokerResolver,
  InfluenceCommunityResolver,
  InfluenceFieldsResolver,
  InfluenceGraphNodeResolver,
  InfluenceHubEdgeResolver,
  ReferralPathResolver,
} from "./resolvers/influence-fields.resolver.js";
import { AccountInfluenceResolver, InfluenceQueryResolver } from "./resolvers/influence.resolver.js";
import { CrmImportResolver } from "./resolvers/crm-import.resolver.js";
import { InfluenceMapResolver } from "./resolvers/influence-map.resolver.js";
import { LinkResolver } from "./resolvers/link.resolver.js";
import { PlanQueryResolver } from "./resolvers/plan.resolver.js";
import { CommunityMembersResolver, ListPagesResolver } from "./resolvers/list-pages.resolver.js";
import { RecordEditsResolver } from "./resolvers/record-edits.resolver.js";
import { ManagerResolver } from "./resolvers/manager.resolver.js";
import { NodeResolver } from "./resolvers/node.resolver.js";
import { AccountStrategyResolver, CommunitySplitResolver, StrategicScoreResolver, StrategyQueryResolver } from "./resolvers/strategy.resolver.js";

export const RESOLVERS = [
  AccountResolver,
  AccountMutationResolver,
  ManagerResolver,
  CommunityResolver,
  MembershipResolver,
  LinkResolver,
  EngagementResolver,
  PurchaseResolver,
  InfluenceQueryResolver,
  InfluenceMapResolver,
  AccountInfluenceResolver,
  InfluenceFieldsResolver,
  InfluenceHubEdgeResolver,
  InfluenceGraphNodeResolver,
  ChampionProximityResolver,
  ReferralPathResolver,
  InfluenceCommunityResolver,
  CommunityBrokerResolver,
  StrategyQueryResolver,
  PlanQueryResolver,
  AccountStrategyResolver,
  StrategicScoreResolver,
  CommunitySplitResolver,
  ApiKeyResolver,
  CrmImportResolver,
  NodeResolver,
  AccountActivityResolver,
  AccountsAggregateResolver,
  AccountGroupResolver,
  ListPagesResolver,
  CommunityMembersResolver,
  RecordEditsResolver,
] as const;

let cached: Promise<GraphQLSchema> | undefined;

/** The schema is the same for every server in the process; build it once. */
export function buildAccountGraphSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...RESOLVERS],
    // Input rules live in the services (one place for API and bulk paths), not in class-validator.
    validate: false,
  }).then(describeRootTypes);
  return cached;
}

/** type-graphql has no option for the root types' own descriptions; they are set once the schema is built. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = "Reads. Every field is nullable: one that fails answers null with its error, the others still answer.";
  if (mutation) {
    mutation.description =
      "Writes. Fields run in order, each its own all-or-nothing write; a refused one answers null with its error " +
      "and the ones after it still run.";
  }
  return schema;
}

/** SDL as committed in schema/schema.graphql: sorted so diffs show real changes only. */
export async function printAccountGraphSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAccountGraphSchema()))}\n`;
}
