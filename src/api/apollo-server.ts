/**
 * Apollo Server configuration: error masking, request ids, structured request
 * logs, and the GraphQL hygiene settings (CSRF prevention, no batching, no
 * introspection or "did you mean" hints in production).
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "../logger.js";
import type { RequestContext } from "./context.js";
import { createFormatError } from "./error-mapping.js";

export interface ApolloOptions {
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
}

export function createApolloServer({ schema, logger, production }: ApolloOptions): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    schema,
    formatError: createFormatError((error, formatted) =>
      // The request id is attached by the plugin below; the stack stays in the log, never in the response.
      logger.error({ err: error, path: formatted.path }, "internal error masked"),
    ),
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf
    csrfPrevention: true,
    // Guards against selection sets that fan out exponentially through fragments.
    maxRecursiveSelections: true,
    // A real operation of this API is a few hundred tokens; a flood is refused before validation.
    parseOptions: { maxTokens: 5_000 },
    plugins: [requestLogPlugin(logger)],
  });
}

/** Logs each operation once with its duration, and stamps the request id on every error. */
function requestLogPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, errors }) {
          if (response.body.kind === "single") {
            for (const error of response.body.singleResult.errors ?? []) {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
          logger.info(
            {
              requestId: contextValue.requestId,
              operationName: operationName ?? null,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errors: errors?.length ?? 0,
            },
            "graphql request",
          );
        },
      };
    },
  };
}
