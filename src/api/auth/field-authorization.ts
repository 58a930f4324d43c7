/**
 * The one auth checker: every field resolver of the schema is wrapped (the
 * graphql-shield pattern), so no field is reachable without passing it — root
 * fields, nested fields, aliases, connection edges, and fields added by resolvers
 * written later, which need no decorator to be covered.
 *
 * Per field, without data:
 * - no actor in the context -> UNAUTHENTICATED (defence in depth: the HTTP front
 *   already refuses unauthenticated requests before GraphQL runs);
 * - Mutation fields: ADMIN any; MANAGER only those in MANAGER_MUTATIONS (the writes
 *   the ownership rules of services/access-policy.ts know how to check; anything
 *   else, including mutations added later, fails closed); VIEWER none.
 * Reads need no more: every role reads everything, except the Query fields in
 * ADMIN_QUERIES (API key management), ADMIN only here and again in the services.
 * Ownership (which account a MANAGER may write) needs data and is checked in the
 * services layer.
 *
 * The check is synchronous and allocation-free on the read path, so wrapping every
 * field costs one function call per resolved field (measured in `npm run load`).
 */
import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { ForbiddenError } from "../../domain/errors.js";
import type { Actor, Role } from "../../services/access-policy.js";

/** Writes a MANAGER may attempt; the services then check it owns what they touch. */
export const MANAGER_MUTATIONS: ReadonlySet<string> = new Set([
  "createAccount",
  "updateAccount",
  "deleteAccount",
  "addMembership",
  "removeMembership",
  "linkInfluence",
  "recordReferral",
  "unlink",
  "recordEngagement",
  "recordPurchase",
  "upsertAccount",
  "updateLink",
  "updateEngagement",
  "deleteEngagement",
  "updatePurchase",
  "deletePurchase",
]);

/** Query fields only ADMIN may read; decided once per field when the schema is wrapped. */
export const ADMIN_QUERIES: ReadonlySet<string> = new Set(["apiKeys"]);

interface WithActor {
  actor?: Actor;
}

const guarded = new WeakSet<GraphQLSchema>();

/** Wraps every field resolver of `schema` in place (idempotent: the schema is shared per process). */
export function guardEveryField(schema: GraphQLSchema): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  guarded.add(schema);
  const mutationType = schema.getMutationType();
  const queryType = schema.getQueryType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (type === queryType && ADMIN_QUERIES.has(field.name)) wrapAdminOnly(field);
      else wrap(field, type === mutationType);
    }
  }
  return schema;
}

/** The rule itself, exported for unit tests and for anything resolving outside GraphQL. */
export function authorizeField(actor: Actor | undefined, isMutation: boolean, fieldName: string): void {
  if (!actor) throw unauthenticated();
  if (isMutation && !mayCallMutation(actor.role, fieldName)) {
    throw new ForbiddenError(`${actor.role} may not call mutation ${fieldName}`);
  }
}

export function mayCallMutation(role: Role, fieldName: string): boolean {
  return role === "ADMIN" || (role === "MANAGER" && MANAGER_MUTATIONS.has(fieldName));
}

function wrap(field: GraphQLField<unknown, unknown>, isMutation: boolean): void {
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
  const name = field.name;
  field.resolve = isMutation
    ? (source, args, context, info) => {
        authorizeField((context as WithActor | undefined)?.actor, true, name);
        return resolve(source, args, context, info);
      }
    : (source, args, context, info) => {
        if (!(context as WithActor | undefined)?.actor) throw unauthenticated();
        return resolve(source, args, context, info);
      };
}

function wrapAdminOnly(field: GraphQLField<unknown, unknown>): void {
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
  const name = field.name;
  field.resolve = (source, args, context, info) => {
    const actor = (context as WithActor | undefined)?.actor;
    if (!actor) throw unauthenticated();
    if (actor.role !== "ADMIN") throw new ForbiddenError(`${actor.role} may not read ${name}; ADMIN only`);
    return resolve(source, args, context, info);
  };
}

function unauthenticated(): GraphQLError {
  return new GraphQLError("authentication required", { extensions: { code: "UNAUTHENTICATED" } });
}
