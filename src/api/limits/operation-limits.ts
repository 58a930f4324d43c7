/**
 * Shape limits as one GraphQL validation rule: selection depth, alias count and
 * directive count per operation, measured *through* fragment spreads (a spread counts
 * as often as it is used). Runs at validation, so an oversized document is refused
 * with GRAPHQL_VALIDATION_FAILED (HTTP 400) before any resolver or complexity
 * estimate runs.
 *
 * Method: one walk per operation with a memo per fragment name, so the "billion
 * laughs" document (each fragment spreading the next one twice, 30 levels) is
 * measured in O(document size) while its counts come out as 2^30 — refused, fast.
 * Spreads already on the walk's stack are skipped: fragment cycles are reported by
 * graphql-js's NoFragmentCyclesRule, and must not loop here.
 * Introspection fields (`__schema`, `__type`) add no depth, as in graphql-depth-limit:
 * they are disabled in production, and the standard introspection query of GraphiQL /
 * Apollo Sandbox is deeper than any real operation of this API.
 * Sources: OWASP GraphQL Cheat Sheet ("Query limiting"), graphql-armor max-depth /
 * max-aliases / max-directives.
 *
 * Why not @escape.tech/graphql-armor's three rules (3.2: max-depth 2.4, max-aliases 2.6,
 * max-directives 2.3), which do the same job: they are three recursive walks that throw
 * (or, in armor's Apollo wrapper, report BAD_USER_INPUT) with a "Syntax Error: …" message
 * and no machine-readable limit, while clients of this API rely on
 * GRAPHQL_VALIDATION_FAILED with `extensions.limit / max / actual` (README, tests); and
 * armor's depth rule skips only `__schema`, not `__type`. Wrapping them to keep our
 * error contract would be more code than this one walk. The other armor plugins are
 * covered without it: max-tokens is graphql-js's own `maxTokens` parse option (set in
 * apollo-server.ts), block-field-suggestions is Apollo's hideSchemaDetailsFromClientErrors
 * plus error-mapping.ts (which also strips variable-coercion hints, as neither does), and
 * cost-limit prices literals only — query-complexity.ts prices `first: $n` from variables.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export const OPERATION_LIMIT_DEFAULTS = Object.freeze({
  /** accounts > edges > node > outgoingLinks > to > owner > accounts > edges > node > name is 10. */
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 50,
});

export type OperationLimits = typeof OPERATION_LIMIT_DEFAULTS;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  directives: number;
}

const NOTHING: OperationMeasure = Object.freeze({ depth: 0, aliases: 0, directives: 0 });

export function createOperationLimitsRule(limits: OperationLimits = OPERATION_LIMIT_DEFAULTS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const memo = new Map<string, OperationMeasure>();
    return {
      OperationDefinition(node) {
        const measure = measureOperation(node, context, memo);
        const checks = [
          { limit: "MAX_DEPTH", what: "depth", actual: measure.depth, max: limits.maxDepth },
          { limit: "MAX_ALIASES", what: "aliases", actual: measure.aliases, max: limits.maxAliases },
          { limit: "MAX_DIRECTIVES", what: "directives", actual: measure.directives, max: limits.maxDirectives },
        ];
        for (const check of checks) {
          if (check.actual > check.max) {
            context.reportError(
              new GraphQLError(`${operationLabel(node)} has ${check.what} ${check.actual}, over the limit of ${check.max}`, {
                nodes: [node],
                extensions: { limit: check.limit, max: check.max, actual: check.actual },
              }),
            );
          }
        }
        return false;
      },
    };
  };
}

/** Depth, aliases and directives of one operation, fragments expanded. */
export function measureOperation(
  operation: OperationDefinitionNode,
  context: Pick<ValidationContext, "getFragment">,
  memo = new Map<string, OperationMeasure>(),
): OperationMeasure {
  const inner = measureSelections(operation.selectionSet, context, memo, new Set());
  return { ...inner, directives: inner.directives + (operation.directives?.length ?? 0) };
}

function measureSelections(
  set: SelectionSetNode,
  context: Pick<ValidationContext, "getFragment">,
  memo: Map<string, OperationMeasure>,
  onStack: Set<string>,
): OperationMeasure {
  let depth = 0;
  let aliases = 0;
  let directives = 0;
  for (const selection of set.selections) {
    directives += selection.directives?.length ?? 0;
    let inner: OperationMeasure = NOTHING;
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) aliases += 1;
      if (selection.selectionSet) inner = measureSelections(selection.selectionSet, context, memo, onStack);
      const own = selection.name.value.startsWith("__") ? 0 : 1 + inner.depth;
      depth = Math.max(depth, own);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measureSelections(selection.selectionSet, context, memo, onStack);
      depth = Math.max(depth, inner.depth);
    } else {
      const name = selection.name.value;
      if (onStack.has(name)) continue;
      let cached = memo.get(name);
      if (!cached) {
        const fragment = context.getFragment(name);
        if (!fragment) continue; // unknown fragment: KnownFragmentNamesRule reports it
        onStack.add(name);
        const body = measureSelections(fragment.selectionSet, context, memo, onStack);
        onStack.delete(name);
        cached = { ...body, directives: body.directives + (fragment.directives?.length ?? 0) };
        memo.set(name, cached);
      }
      inner = cached;
      depth = Math.max(depth, inner.depth);
    }
    aliases += inner.aliases;
    directives += inner.directives;
  }
  return { depth, aliases, directives };
}

function operationLabel(node: OperationDefinitionNode): string {
  return node.name ? `operation ${node.name.value}` : `anonymous ${node.operation}`;
}
