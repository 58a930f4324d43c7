import type { GraphReader } from "../services/graph-reader.js";
import type { Services } from "../services/services.js";

/** What every resolver receives. One per request; `reader` batches and caches for that request only. */
export interface RequestContext {
  requestId: string;
  services: Services;
  reader: GraphReader;
}
