/**
 * One influence session per GraphQL request, created on first use: every influence field
 * of a request reads the same metric snapshot (one freshness check, one possible wait),
 * not one per field. Kept beside the request context rather than in it, so requests
 * that never touch analytics pay nothing.
 */
import type { InfluenceSession } from "../services/influence-service.js";
import type { RequestContext } from "./context.js";

const sessions = new WeakMap<RequestContext, InfluenceSession>();

export function influenceSessionOf(ctx: RequestContext): InfluenceSession {
  let session = sessions.get(ctx);
  if (!session) {
    // At least as new as the graph this request reads (its read view's), so fields agree.
    session = ctx.services.influence.session(ctx.reader.graphSeq());
    sessions.set(ctx, session);
  }
  return session;
}
