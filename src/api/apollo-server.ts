/**
 * Apollo Server configuration: error masking, request ids, structured request
 * logs, and the GraphQL hygiene settings (no batching, no
 * introspection or "did you mean" hints in production). Access control (the field
 * guard) and the query limits (shape rule, cost plugin) are attached here, so every
 * server built from this function has them.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "../logger.js";
import { guardEveryField } from "./auth/field-authorization.js";
import type { RequestContext } from "./context.js";
import { createFormatError, isMaskedError } from "./error-mapping.js";
import { inputErrorFieldsPlugin } from "./input-error-fields.js";
import { KnownOperationTypesRule } from "./known-operation-types-rule.js";
import { createOperationLimitsRule } from "./limits/operation-limits.js";
import { createComplexityPlugin } from "./limits/query-complexity.js";
import { NESTING_DEFAULTS } from "./limits/request-nesting.js";

/** The operation Sandbox opens with: the word-of-mouth hubs, as in the README and the landing page's curl example. */
export const SANDBOX_EXAMPLE = `query TopHubs {
  influenceHubs(metric: PAGERANK, first: 5) {
    edges { rank score node { name status annualRevenue } }
  }
}
`;

export interface ApolloOptions {
  schema: GraphQLSchema;
  logger: Logger;
  production: boolean;
}

export function createApolloServer({ schema, logger, production }: ApolloOptions): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    schema: guardEveryField(schema),
    // Masks; the plugin below logs each masked error with its request id (the stack stays in the log).
    formatError: createFormatError({ hideSuggestions: production }),
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // CSRF is checked in http-server.ts by csrf-policy.ts: Apollo's rule for every method but
    // GET, whose read-only queries are safe here (no ambient credentials) and what urql sends.
    csrfPrevention: false,
    // Guards against selection sets that fan out exponentially through fragments.
    maxRecursiveSelections: true,
    // A real operation of this API is a few hundred tokens; a flood is refused before validation.
    parseOptions: { maxTokens: NESTING_DEFAULTS.maxTokens },
    // Depth, aliases and directives, through fragments (limits/operation-limits.ts); no subscriptions.
    validationRules: [KnownOperationTypesRule, createOperationLimitsRule()],
    // Apollo pretty-prints responses (2-space indent) by default: more bytes and ~2% of the
    // CPU under `npm run load` for whitespace no client reads.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      requestLogPlugin(logger),
      // BAD_USER_INPUT with the input field for values GraphQL itself refuses (enums, Int, input fields).
      inputErrorFieldsPlugin<RequestContext>(),
      // Heavy fields are priced at the data's current size (the read model's account count, a manager's book).
      createComplexityPlugin<RequestContext>(undefined, (ctx) => ({
        accounts: Math.max(1, ctx.services.readModelStats().accounts),
        bookSize: (managerId) => ctx.services.strategy.bookSize(managerId),
      })),
      // No HTTP cache hints are served; the built-in cache-control plugin would otherwise
      // hook every resolved field (Apollo instruments all resolvers once any plugin
      // implements willResolveField).
      ApolloServerPluginCacheControlDisabled(),
      // A browser's GET of /graphql opens Apollo Sandbox (loaded from Apollo's CDN, so online
      // only) on a named example; `/` itself serves our own offline landing page (api/web).
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ document: SANDBOX_EXAMPLE, embed: true, includeCookies: false }),
    ],
  });
}

/** Logs each operation once with its duration (formatError stamps the request id on every error). */
function requestLogPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (!isMaskedError(error)) continue;
            logger.error(
              { requestId: contextValue.requestId, operationName: operationName ?? null, path: error.path, err: unwrapResolverError(error) },
              "internal error masked",
            );
          }
        },
        async willSendResponse({ operationName, errors }) {
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
