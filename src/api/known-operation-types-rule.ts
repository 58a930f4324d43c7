/**
 * GraphQL spec §5.2.3.1 "Operation Type Existence": an operation whose root type the
 * schema does not define is invalid. graphql-js 16 has no such rule (17 adds
 * KnownOperationTypesRule), so a `subscription` reached execution and came back as
 * HTTP 200 with a masked INTERNAL_SERVER_ERROR. As a validation rule it is refused with
 * GRAPHQL_VALIDATION_FAILED (HTTP 400) before anything runs, and is not logged as a
 * server error. https://spec.graphql.org/October2021/#sec-Operation-Type-Existence
 */
import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() };
  return {
    OperationDefinition(node) {
      if (!roots[node.operation]) {
        context.reportError(new GraphQLError(`This API does not support ${node.operation} operations.`, { nodes: [node] }));
      }
      return false;
    },
  };
}
