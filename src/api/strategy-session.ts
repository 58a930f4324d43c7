/**
 * One strategy session per GraphQL request, created on first use and sharing the
 * request's influence session: every strategy field of a request reads the same
 * population and snapshot (one cache check), not one per field.
 */
import type { StrategySession } from "../services/strategy-service.js";
import type { RequestContext } from "./context.js";
import { influenceSessionOf } from "./influence-session.js";

const sessions = new WeakMap<RequestContext, StrategySession>();

export function strategySessionOf(ctx: RequestContext): StrategySession {
  let session = sessions.get(ctx);
  if (!session) {
    session = ctx.services.strategy.session(influenceSessionOf(ctx));
    sessions.set(ctx, session);
  }
  return session;
}
