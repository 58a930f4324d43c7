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
import { createServices, type Services, type ServicesOptions } from "./services/services.js";

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
  const authenticator = new Authenticator(options.auth ?? { mode: "open" }, { logger: options.logger, storedApiKeys: services.apiKeys });
  if (authenticator.mode === "open") {
    options.logger.warn(
      "AUTHENTICATION IS OFF: local-development mode, every request acts as ADMIN. " +
        "Set API_KEYS, JWT_SECRET and/or JWT_JWKS_URL before exposing this server (NODE_ENV=production refuses to start without them).",
    );
  } else {
    options.logger.info({ credentials: authenticator.describe() }, "authentication on");
  }
  await loadStoredApiKeys(services, authenticator.mode === "enforced", options.logger);
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
    production: options.production ?? false,
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

/**
 * Stored API keys count only when authentication is on: the mode comes from the
 * configuration alone, so a key created in local-development mode never locks that
 * server, and a server with keys in its store but no API_KEYS / JWT settings says so.
 * A store that cannot answer now does not stop the start: the reload retries.
 */
async function loadStoredApiKeys(services: Services, enforced: boolean, logger: Logger): Promise<void> {
  const onError = (error: unknown) => logger.warn({ err: error }, "could not reload stored API keys; the last known set stays in effect");
  try {
    if (enforced) await services.apiKeys.startRefreshing(onError);
    else await services.apiKeys.refresh();
  } catch (error) {
    logger.warn({ err: error }, "could not load stored API keys at start; retrying in the background");
    return;
  }
  if (enforced) logger.info({ storedApiKeys: services.apiKeys.activeCount }, "stored API keys loaded");
  else if (services.apiKeys.activeCount > 0) {
    logger.warn(
      { storedApiKeys: services.apiKeys.activeCount },
      "the store holds active API keys, but authentication is off: they are not enforced until API_KEYS or JWT settings turn it on",
    );
  }
}
