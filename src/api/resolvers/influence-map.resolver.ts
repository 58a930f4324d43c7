/**
 * `influenceMap`: the bounded bulk read behind the influence map page. Any authenticated
 * role may read it (it only reads), under the same authentication as every other field.
 */
import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { MAP_LIMITS, type InfluenceMapData } from "../../services/network-export-service.js";
import type { RequestContext } from "../context.js";
import { strategySessionOf } from "../strategy-session.js";
import { InfluenceMapType } from "../types/influence-map.type.js";

@Resolver()
export class InfluenceMapResolver {
  @Query(() => InfluenceMapType, {
    nullable: true,
    description: "The whole influence network as columns, for drawing it (the /map page). Bounded by `limit` accounts.",
  })
  influenceMap(
    @Ctx() ctx: RequestContext,
    @Arg("limit", () => Int, { nullable: true, defaultValue: 20_000, description: `At most ${MAP_LIMITS.maxAccounts}.` }) limit: number,
  ): Promise<InfluenceMapData> {
    return ctx.services.exports.influenceMap({ limit }, strategySessionOf(ctx));
  }
}
