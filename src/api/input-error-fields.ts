/**
 * Names the input field of values GraphQL refuses itself, before any resolver runs, so
 * they answer like the values our validation refuses: BAD_USER_INPUT with
 * `extensions.field` (README's error table: "unknown enum" is BAD_USER_INPUT, and the
 * input field is always in `extensions.field`).
 *
 * - A variable graphql-js cannot coerce (`{"i": {"segment": "GIANT"}}`) says where only in
 *   its message (`at "i.segment"`). The variable is coerced again here with the callback
 *   that receives the path, and the path is moved onto the argument the variable is passed
 *   to (`input.segment`). A variable used in several places, or as an item of a list
 *   literal, has no one argument path: the field is then the variable's own (`i.segment`).
 * - An inline literal of the wrong type (`segment: GIANT`) fails ValuesOfCorrectTypeRule,
 *   which Apollo answers GRAPHQL_VALIDATION_FAILED like any other validation error. The
 *   rule is run again alone to recognise its errors (by AST node: the messages may have
 *   lost their "did you mean" hint), which become BAD_USER_INPUT with the literal's path.
 *   Every other validation error (unknown selection fields, limits) keeps its code.
 *   A literal in a variable's default (`query($s: Segment = GIANT)`) is named as that
 *   variable's value would be: by the argument it is passed to (`filter.segment`), or by the
 *   variable (`s`) when it has no one argument path.
 *
 * Both run only when a request already failed, on errors Apollo hands to
 * `didEncounterErrors` before it formats them; HTTP status stays Apollo's (400).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  BREAK,
  Kind,
  ValuesOfCorrectTypeRule,
  coerceInputValue,
  isInputType,
  typeFromAST,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";

export function inputErrorFieldsPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document, schema, operation, request }) {
          if (document === undefined) return;
          nameVariableErrors(errors, schema, document, operation ?? undefined, request.variables ?? {});
          reclassifyLiteralErrors(errors, schema, document);
        },
      };
    },
  };
}

type Path = readonly (string | number)[];

function nameVariableErrors(
  errors: readonly GraphQLError[],
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown>,
): void {
  // graphql-js reports each bad value of a variable as its own error, in coercion order.
  const byVariable = new Map<VariableDefinitionNode, GraphQLError[]>();
  for (const error of errors) {
    const node = error.nodes?.[0];
    if (error.extensions.code !== "BAD_USER_INPUT" || error.extensions.field !== undefined || node?.kind !== Kind.VARIABLE_DEFINITION) continue;
    byVariable.set(node, [...(byVariable.get(node) ?? []), error]);
  }
  for (const [definition, group] of byVariable) {
    const name = definition.variable.name.value;
    const paths = coercionPaths(schema, definition, variables[name]);
    const usage = argumentUsage(document, operation, name);
    group.forEach((error, i) => {
      // Should a later graphql-js report differently, the variable itself is still right.
      const path = paths.length === group.length ? paths[i]! : [];
      error.extensions.field = usage === null ? `${name}${printPath(path)}` : `${usage}${printPath(path)}`;
    });
  }
}

/** Where coercing `value` fails, in graphql-js's order; an unknown input field's path ends at that field. */
function coercionPaths(schema: GraphQLSchema, definition: VariableDefinitionNode, value: unknown): Path[] {
  const type = typeFromAST(schema, definition.type);
  if (type === undefined || !isInputType(type)) return [];
  const paths: Path[] = [];
  coerceInputValue(value, type, (path, _invalid, error) => {
    // graphql-js gives the object's path and names the unknown field only in the message.
    const unknown = /^Field "([^"]+)" is not defined by type/.exec(error.message);
    paths.push(unknown ? [...path, unknown[1]!] : path);
  });
  return paths;
}

/**
 * The argument path (`input.segment`) where variable `name` is passed, when it is passed
 * in exactly one place and not as a list item; otherwise null.
 */
function argumentUsage(document: DocumentNode, operation: OperationDefinitionNode | undefined, name: string): string | null {
  const usages: { path: string; inList: boolean }[] = [];
  const collect = (value: ValueNode, path: string, inList: boolean): void => {
    if (value.kind === Kind.VARIABLE && value.name.value === name) usages.push({ path, inList });
    else if (value.kind === Kind.OBJECT) for (const field of value.fields) collect(field.value, `${path}.${field.name.value}`, inList);
    else if (value.kind === Kind.LIST) for (const item of value.values) collect(item, path, true);
  };
  // The operation that defines the variable, and the fragments it may spread.
  const roots: ASTNode[] = operation ? [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] : [document];
  for (const root of roots) {
    visit(root, {
      VariableDefinition: () => false,
      Argument(node) {
        collect(node.value, node.name.value, false);
        return false;
      },
    });
  }
  return usages.length === 1 && !usages[0]!.inList ? usages[0]!.path : null;
}

function reclassifyLiteralErrors(errors: readonly GraphQLError[], schema: GraphQLSchema, document: DocumentNode): void {
  const validationErrors = errors.filter((error) => error.extensions.code === "GRAPHQL_VALIDATION_FAILED");
  if (validationErrors.length === 0) return;
  const literalNodes = new Set(validate(schema, document, [ValuesOfCorrectTypeRule]).map((error) => error.nodes?.[0]));
  for (const error of validationErrors) {
    const node = error.nodes?.[0];
    if (node === undefined || !literalNodes.has(node)) continue;
    error.extensions.code = "BAD_USER_INPUT";
    const path = literalPath(document, node) ?? defaultValuePath(document, node);
    if (path !== null) error.extensions.field = path;
  }
}

/** The argument path of a literal value (or of an input object's field) in the document. */
function literalPath(document: DocumentNode, target: ASTNode): string | null {
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      found = locateLiteral(node.value, target, node.name.value);
      return found === null ? false : BREAK;
    },
  });
  return found;
}

/** `path` extended to `target` inside `value` (`.field`, `[index]`), or null when it is not there. */
function locateLiteral(value: ValueNode, target: ASTNode, path: string): string | null {
  if (value === target) return path;
  if (value.kind === Kind.OBJECT) {
    for (const field of value.fields) {
      const fieldPath = `${path}.${field.name.value}`;
      const found = field === target ? fieldPath : locateLiteral(field.value, target, fieldPath);
      if (found !== null) return found;
    }
  }
  if (value.kind === Kind.LIST) {
    for (const [i, item] of value.values.entries()) {
      const found = locateLiteral(item, target, `${path}[${i}]`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The field a literal inside a variable's default value is named by, as for the variable's own value. */
function defaultValuePath(document: DocumentNode, target: ASTNode): string | null {
  for (const operation of document.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const definition of operation.variableDefinitions ?? []) {
      const inside = definition.defaultValue ? locateLiteral(definition.defaultValue, target, "") : null;
      if (inside === null) continue;
      const name = definition.variable.name.value;
      return `${argumentUsage(document, operation, name) ?? name}${inside}`;
    }
  }
  return null;
}

/** graphql-js's notation for a path inside a value: `.field` and `[index]`. */
function printPath(path: Path): string {
  return path.map((key) => (typeof key === "number" ? `[${key}]` : `.${key}`)).join("");
}
