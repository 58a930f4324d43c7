/**
 * Assembles a running API from an already opened store: services, schema, Apollo,
 * HTTP. main.ts (and the API tests) call it; it never picks an adapter itself.
 */
import type { AuthConfig } from "./api/auth/auth-config.js";
import { Authenticator } from "./api/auth/authenticator.js";
import { buildAccountGraphSchema } from "./api/build-schema.js";
import { createApolloServer } from "./api/apollo-server.js";
import type { DiagnosticsRoute } from "./api/diagnostics-route.js";
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
  /** Services settings: analytics, strategy, the read model's poll interval (tests, benchmarks, main.ts). */
  analytics?: ServicesOptions;
  /** Accepted credentials (api/auth/auth-config.ts); absent = local-development mode, everyone ADMIN. */
  auth?: AuthConfig;
  /** Checked by /readyz after the store's ping (the embedded store's disk: disk-readiness.ts). */
  readiness?: () => Promise<void>;
  /** A benchmark-only JSON endpoint, ADMIN only (main.ts: BENCH_COUNTERS=1). */
  diagnostics?: DiagnosticsRoute;
}

export async function startApp(options: AppOptions): Promise<RunningHttpServer> {
  const services = createServices(options.store, {
    onError: (error, context) => options.logger.warn({ err: error }, `background work failed: ${context}`),
    ...options.analytics,
  });
  // The read model is every read's source: it is loaded before the first request is taken.
  await services.start();
  const authenticator = new Authenticator(options.auth ?? { mode: "open" }, { logger: options.logger, storedApiKeys: services.apiKeys });
  if (authenticator.mode === "open") {
    options.logger.warn(
      "AUTHENTICATION IS OFF: local-development mode, every request acts as ADMIN. " +
        "Set API_KEYS, JWT_SECRET and/or JWT_JWKS_URL before exposing this server (NODE_ENV=production refuses to start without them).",
    );
  } else {
    options.logger.info({ credentials: authenticator.describe() }, "authentication on");
  }
  reportStoredApiKeys(services, authenticator.mode === "enforced", options.logger);
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
    ...(options.readiness ? { readiness: options.readiness } : {}),
    ...(options.diagnostics ? { diagnostics: options.diagnostics } : {}),
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
 * The keys come with the read model, which is loaded by now.
 */
function reportStoredApiKeys(services: Services, enforced: boolean, logger: Logger): void {
  if (enforced) logger.info({ storedApiKeys: services.apiKeys.activeCount }, "stored API keys loaded");
  else if (services.apiKeys.activeCount > 0) {
    logger.warn(
      { storedApiKeys: services.apiKeys.activeCount },
      "the store holds active API keys, but authentication is off: they are not enforced until API_KEYS or JWT settings turn it on",
    );
  }
}
