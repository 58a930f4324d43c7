import type { Actor } from "../services/access-policy.js";
import type { GraphReader } from "../services/graph-reader.js";
import type { Services } from "../services/services.js";

/** What every resolver receives. One per request; `reader` batches and caches for that request only. */
export interface RequestContext {
  requestId: string;
  /** Who is asking (api/auth/authenticator.ts); `services` are already scoped to it. */
  actor: Actor;
  services: Services;
  reader: GraphReader;
}
