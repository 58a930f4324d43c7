/**
 * Query cost estimate and cap, as an Apollo plugin in `didResolveOperation`: there the
 * operation is known and its variables can be coerced, so `first: $n` is priced at n
 * (a validation rule would see only `$n`). graphql-query-complexity does the same;
 * this is a small estimator of our own (no dependency), modelled on its
 * `simpleEstimator` + `fieldExtensionsEstimator`.
 *
 * cost(field) = own + multiplier × cost(selection)
 *   own        = `complexity` in the field's extensions, else FIELD_COSTS, else
 *                1 for an object field and 0 for a scalar;
 *   multiplier = for a list: its `first` / `limit` argument (or how many `ids`), else the size inherited
 *                from a paginated parent (the `edges` of `accounts(first: 50)` are 50),
 *                else DEFAULT list size; 1 for a single object.
 * Fragments are expanded with a memo (fragment blow-ups cost O(document) to price),
 * @skip / @include are honoured, introspection fields cost nothing (off in production).
 * Priced from the arguments that drive the work (threat 21 in docs/threats.md), at the
 * data's current size (`WorkScale`):
 *   - heavy fields by their own arguments (field-costs.ts: k x simulations x candidates);
 *   - every distinct set of strategy `weights` in the document costs a blend of every
 *     account (one per set, however many fields use it): `weightSetCost` per 1,000 accounts;
 *   - list arguments (ids, owners, seeds…) cost one point per `listItemsPerPoint` (20) items,
 *     so a filter of 250,000 ids is refused before it is read.
 * Over the cap -> QUERY_TOO_COMPLEX, HTTP 400, before any resolver runs.
 * Kept instead of @escape.tech/graphql-armor-cost-limit: that is a validation rule, so it
 * sees `first: $n` without its value (and has no per-field costs or list multipliers).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { FIELD_COSTS, type FieldCost, type WorkScale } from "./field-costs.js";

export const COMPLEXITY_DEFAULTS = Object.freeze({
  maxCost: 5_000,
  /** Fields whose `weights` argument makes the strategy population be blended once more. */
  weightedFields: ["Account.strategy", "Query.strategicRanking", "Query.portfolio", "Query.planTime"] as readonly string[],
  /** Cost of one more distinct weight set, per 1,000 accounts (a blend and sort of every account). */
  weightSetCost: 10,
  listItemsPerPoint: 20,
  /** Assumed length of a list field with no page-size argument (links, memberships, …). */
  defaultListSize: 10,
  objectFieldCost: 1,
  scalarFieldCost: 0,
  /** Arguments that size a list: a page size, or the ids asked for (`nodes(ids:)`). */
  sizeArguments: ["first", "limit", "ids"] as readonly string[],
});

export type ComplexityOptions = typeof COMPLEXITY_DEFAULTS & { fieldCosts: Readonly<Record<string, FieldCost>> };

const DEFAULT_OPTIONS: ComplexityOptions = { ...COMPLEXITY_DEFAULTS, fieldCosts: FIELD_COSTS };

/** Priced as if the data were this big when the caller does not say (a unit test, a cold start). */
export const DEFAULT_SCALE: WorkScale = Object.freeze({ accounts: 1_000 });

export interface ComplexityInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown> | undefined;
  scale?: WorkScale;
}

/** The estimated cost of `operation`; 0 when its variables do not coerce (execution refuses it anyway). */
export function estimateComplexity(input: ComplexityInput, options: ComplexityOptions = DEFAULT_OPTIONS): number {
  return estimateCost(input, options) ?? 0;
}

/** The estimated cost, or null when the variables do not coerce (then it must not be remembered). */
function estimateCost(input: ComplexityInput, options: ComplexityOptions): number | null {
  const coerced = getVariableValues(input.schema, input.operation.variableDefinitions ?? [], input.variables ?? {});
  if (coerced.errors) return null;
  const root =
    input.operation.operation === "query"
      ? input.schema.getQueryType()
      : input.operation.operation === "mutation"
        ? input.schema.getMutationType()
        : input.schema.getSubscriptionType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const scale = input.scale ?? DEFAULT_SCALE;
  const walker = new CostWalker(input.schema, fragments, coerced.coerced, options, scale);
  const fields = walker.selections(input.operation.selectionSet, root, undefined);
  const extraWeightSets = Math.max(0, walker.weightSets.size - (walker.weightSets.has(DEFAULT_WEIGHTS_KEY) ? 1 : 0));
  return fields + extraWeightSets * options.weightSetCost * Math.ceil(scale.accounts / 1_000);
}

/** `scaleOf`: the data's current size, from the request context (the read model's account count). */
export function createComplexityPlugin<TContext extends object>(
  options: ComplexityOptions = DEFAULT_OPTIONS,
  scaleOf: (context: TContext) => WorkScale = () => DEFAULT_SCALE,
): ApolloServerPlugin<TContext> {
  const memo = new CostMemo();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const scale = scaleOf(contextValue);
          const cost =
            memo.cost(operation, request.variables, scale, () =>
              estimateCost({ schema, document, operation, variables: request.variables, scale }, options),
            ) ?? 0;
          if (cost > options.maxCost) {
            throw new GraphQLError(`query is too complex: estimated cost ${cost} is over the limit of ${options.maxCost}`, {
              extensions: { code: "QUERY_TOO_COMPLEX", cost, maxCost: options.maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** The key of "no weights given" (the defaults), which the population is always blended by. */
const DEFAULT_WEIGHTS_KEY = "null";

class CostWalker {
  private readonly memo = new Map<string, number>();
  private readonly onStack = new Set<string>();
  /** Distinct `weights` arguments of the weighted fields seen (JSON). */
  readonly weightSets = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly options: ComplexityOptions,
    private readonly scale: WorkScale,
  ) {}

  selections(set: SelectionSetNode, parent: GraphQLCompositeType, inheritedSize: number | undefined): number {
    let total = 0;
    for (const selection of set.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const field = parent.getFields()[selection.name.value];
        if (field) total += this.field(selection, field, parent.name, inheritedSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += this.selections(selection.selectionSet, type, inheritedSize);
      } else {
        total += this.spread(selection.name.value, inheritedSize);
      }
    }
    return total;
  }

  private spread(name: string, inheritedSize: number | undefined): number {
    const key = `${name}|${inheritedSize ?? ""}`;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const fragment = this.fragments.get(name);
    if (!fragment || this.onStack.has(name)) return 0;
    const type = this.schema.getType(fragment.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return 0;
    this.onStack.add(name);
    const cost = this.selections(fragment.selectionSet, type, inheritedSize);
    this.onStack.delete(name);
    this.memo.set(key, cost);
    return cost;
  }

  private field(node: FieldNode, field: GraphQLField<unknown, unknown>, parentName: string, inheritedSize: number | undefined): number {
    const args = this.argumentsOf(field, node);
    const named = getNamedType(field.type);
    const isList = isListType(getNullableType(field.type));
    const size = this.sizeOf(args);
    const multiplier = isList ? (size ?? inheritedSize ?? this.options.defaultListSize) : 1;
    // A paginated wrapper (a connection, a report) passes its page size to the lists inside it.
    const passedSize = !isList && size !== undefined ? size : undefined;
    const children = node.selectionSet && isCompositeType(named) ? this.selections(node.selectionSet, named, passedSize) : 0;
    if (this.options.weightedFields.includes(`${parentName}.${field.name}`)) this.weightSets.add(canonicalJson(args.weights ?? null));
    return this.ownCost(field, parentName, args, isLeafType(named)) + this.listCost(args) + multiplier * children;
  }

  private ownCost(field: GraphQLField<unknown, unknown>, parentName: string, args: Record<string, unknown>, leaf: boolean): number {
    const declared = field.extensions?.complexity;
    if (typeof declared === "number" && Number.isFinite(declared)) return declared;
    const listed = this.options.fieldCosts[`${parentName}.${field.name}`];
    if (typeof listed === "number") return listed;
    if (typeof listed === "function") return listed(args, this.scale);
    return leaf ? this.options.scalarFieldCost : this.options.objectFieldCost;
  }

  /** One point per `listItemsPerPoint` items in the field's list arguments (nested in inputs too). */
  private listCost(args: Record<string, unknown>): number {
    let items = 0;
    const visit = (value: unknown, depth: number) => {
      if (depth > 4 || value === null || typeof value !== "object") return;
      if (Array.isArray(value)) {
        items += value.length;
        return;
      }
      for (const inner of Object.values(value)) visit(inner, depth + 1);
    };
    visit(args, 0);
    return Math.floor(items / this.options.listItemsPerPoint);
  }

  private sizeOf(args: Record<string, unknown>): number | undefined {
    for (const name of this.options.sizeArguments) {
      const value = args[name];
      // Zero or negative sizes are refused by the resolvers (BAD_USER_INPUT); price them as one item.
      if (typeof value === "number" && Number.isFinite(value)) return Math.max(1, value);
      if (Array.isArray(value)) return Math.max(1, value.length);
    }
    return undefined;
  }

  private argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    try {
      return getArgumentValues(field, node, this.variables);
    } catch {
      return {}; // invalid literal: execution reports it
    }
  }

  private included(selection: SelectionSetNode["selections"][number]): boolean {
    if (!selection.directives?.length) return true;
    try {
      const skip = getDirectiveValues(GraphQLSkipDirective, selection, this.variables);
      if (skip?.if === true) return false;
      const include = getDirectiveValues(GraphQLIncludeDirective, selection, this.variables);
      return include?.if !== false;
    } catch {
      return true; // an invalid `if`: execution reports it; price the selection meanwhile
    }
  }
}

/**
 * Costs already estimated, per operation and variables. Apollo keeps parsed documents in
 * its document store, so a query sent again arrives as the same operation node, and
 * pricing it afresh was ~2% of the server's CPU under `npm run load`. Keyed weakly by
 * the node (gone with the document); only small variable sets, a few per operation.
 * A variable set that does not coerce is never remembered: its JSON key can equal a valid
 * one's (JSON turns an Infinity that JSON.parse read from 1e999 into null), and its cost
 * of 0 would then let the valid, expensive set through.
 */
class CostMemo {
  private readonly byOperation = new WeakMap<OperationDefinitionNode, Map<string, number>>();
  private static readonly MAX_KEY_LENGTH = 1_024;
  private static readonly MAX_PER_OPERATION = 64;

  cost(
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
    scale: WorkScale,
    estimate: () => number | null,
  ): number | null {
    // The scale rounded to a power of two: account writes do not empty the memo one by one.
    const key = `${2 ** Math.ceil(Math.log2(Math.max(1, scale.accounts)))}|${JSON.stringify(variables ?? {})}`;
    if (key.length > CostMemo.MAX_KEY_LENGTH) return estimate();
    let costs = this.byOperation.get(operation);
    const known = costs?.get(key);
    if (known !== undefined) return known;
    const cost = estimate();
    if (cost === null) return null;
    if (!costs) this.byOperation.set(operation, (costs = new Map()));
    if (costs.size >= CostMemo.MAX_PER_OPERATION) costs.clear();
    costs.set(key, cost);
    return cost;
  }
}

/** JSON with object keys sorted, so `{a:1,b:2}` and `{b:2,a:1}` are one weight set. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    if (entries.length === 0) return DEFAULT_WEIGHTS_KEY;
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
