/**
 * `node(id)` and `nodes(ids)`: refetch any Node by its global id (api/global-ids.ts). Stored
 * entities come from the request's read view; derived objects are decoded from their id
 * and recomputed by their service, exactly as the field that first answered them would.
 * An id that names nothing answers null with NOT_FOUND at its path, like `account(id)`.
 */
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import type { RequestContext } from "../context.js";
import { parseDerivedId } from "../global-ids.js";
import { influenceSessionOf } from "../influence-session.js";
import { strategySessionOf } from "../strategy-session.js";
import { asNode, NodeInterface } from "../types/node.type.js";

/** Most ids one `nodes` call takes (a page, like `first`). */
export const MAX_NODE_IDS = 100;

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, {
    nullable: true,
    description: "Any object by its global id; null with a NOT_FOUND error if the id names nothing.",
  })
  node(
    @Arg("id", () => ID, { description: "A global id, as any Node's `id` field answered it." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<object> {
    return findNode(id, ctx, "id");
  }

  @Query(() => [NodeInterface], {
    nullable: "itemsAndList",
    description: `Objects by global id, in the order asked (at most ${MAX_NODE_IDS}); an id that names nothing is null with a NOT_FOUND error at its index.`,
  })
  nodes(@Arg("ids", () => [ID], { description: "Global ids, at most 100." }) ids: string[], @Ctx() ctx: RequestContext): Promise<object>[] {
    if (ids.length > MAX_NODE_IDS) throw new ValidationError(`ids must name at most ${MAX_NODE_IDS} objects`, "ids");
    return ids.map((id, i) => findNode(id, ctx, `ids.${i}`));
  }
}

async function findNode(id: string, ctx: RequestContext, field: string): Promise<object> {
  const stored = await ctx.reader.entity(id);
  if (stored) return asNode(stored.type, stored.value);
  const key = parseDerivedId(id);
  if (key?.type === "Membership") {
    const memberships = await ctx.reader.membershipsOfAccount(key.accountId);
    const membership = memberships.find((m) => m.communityId === key.communityId);
    if (membership) return asNode("Membership", membership);
  } else if (key?.type === "Influence") {
    const influence = (await ctx.reader.account(key.accountId)) && (await ctx.services.influence.influenceOf(key.accountId, influenceSessionOf(ctx)));
    if (influence) return asNode("Influence", influence);
  } else if (key?.type === "StrategicScore") {
    if (await ctx.reader.account(key.accountId)) {
      const query = { weights: key.weights, thresholds: key.thresholds };
      return asNode("StrategicScore", await ctx.services.strategy.scoreOf(key.accountId, query, strategySessionOf(ctx), field));
    }
  }
  throw new NotFoundError("Node", id, field);
}
