/**
 * Assembles a running API from an already opened store: services, schema, Apollo,
 * HTTP. main.ts (and the API tests) call it; it never picks an adapter itself.
 */
import type { AuthConfig } from "./api/auth/auth-config.js";
import { Authenticator } from "./api/auth/authenticator.js";
import { buildAccountGraphSchema } from "./api/build-schema.js";
import { createApolloServer } from "./api/apollo-server.js";
import { startHttpServer, type RunningHttpServer } from "./api/http-server.js";
import type { Logger } from "./logger.js";
import type { AccountGraphStore } from "./ports/account-graph-store.js";
import { createServices, type ServicesOptions } from "./services/services.js";

export interface AppOptions {
  store: AccountGraphStore;
  logger: Logger;
  port: number;
  host?: string;
  production?: boolean;
  /** Influence analytics settings or a ready engine (tests, benchmarks). */
  analytics?: ServicesOptions;
  /** Accepted credentials (api/auth/auth-config.ts); absent = local-development mode, everyone ADMIN. */
  auth?: AuthConfig;
}

export async function startApp(options: AppOptions): Promise<RunningHttpServer> {
  const services = createServices(options.store, options.analytics);
  const authenticator = new Authenticator(options.auth ?? { mode: "open" });
  if (authenticator.mode === "open") {
    options.logger.warn(
      "AUTHENTICATION IS OFF: local-development mode, every request acts as ADMIN. " +
        "Set API_KEYS and/or JWT_SECRET before exposing this server (NODE_ENV=production refuses to start without them).",
    );
  } else {
    options.logger.info({ credentials: authenticator.describe() }, "authentication on");
  }
  const apollo = createApolloServer({
    schema: await buildAccountGraphSchema(),
    logger: options.logger,
    production: options.production ?? false,
  });
  const server = await startHttpServer({
    apollo,
    services,
    logger: options.logger,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    authenticator,
  });
  return {
    ...server,
    // Closing the server also ends the analytics worker, so shutdown leaves no thread behind.
    async close() {
      await server.close();
      await services.close();
    },
  };
}
