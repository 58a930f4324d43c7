/**
 * Assembles a running API from an already opened store: services, schema, Apollo,
 * HTTP. main.ts (and the API tests) call it; it never picks an adapter itself.
 */
import { buildAccountGraphSchema } from "./api/build-schema.js";
import { createApolloServer } from "./api/apollo-server.js";
import { startHttpServer, type RunningHttpServer } from "./api/http-server.js";
import type { Logger } from "./logger.js";
import type { AccountGraphStore } from "./ports/account-graph-store.js";
import { createServices } from "./services/services.js";

export interface AppOptions {
  store: AccountGraphStore;
  logger: Logger;
  port: number;
  host?: string;
  production?: boolean;
}

export async function startApp(options: AppOptions): Promise<RunningHttpServer> {
  const services = createServices(options.store);
  const apollo = createApolloServer({
    schema: await buildAccountGraphSchema(),
    logger: options.logger,
    production: options.production ?? false,
  });
  return startHttpServer({
    apollo,
    services,
    logger: options.logger,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
  });
}
