/**
 * Schema hygiene, checked with @graphql-eslint 4 on schema/schema.graphql and on the
 * README's operations, plus the conventions no lint rule covers. The rules kept, and why
 * the few changed from the plugin's presets:
 *
 * - `schema-recommended` whole, with `require-description` widened to every type, field,
 *   argument, input field and enum value; `strict-id-in-types` exempts exactly the README's
 *   VALUE_TYPES (the object types that are values inside another object, see README
 *   "GraphQL clients"), so a new type needs an id or a conscious place in that list.
 * - `schema-relay` with two options: pagination is forward-only (`first` / `after`; the
 *   connections say so), hence `relay-arguments` without `includeBoth`; and lists of plain
 *   objects (memberships, score components) are fine where nothing pages, hence
 *   `relay-edge-types` without `listTypeCanWrapOnlyEdgeType`.
 * - `naming-convention` as recommended, except that input fields named `AND`, `OR` and `NOT`
 *   are allowed: the boolean combinators of AccountFilterInput, spelled as @neo4j/graphql
 *   spells them so its users' filters carry over.
 * - `relay-edge-types` also without `shouldImplementNode`: the engagement and purchase pages
 *   are edges over stored records that carry a stable id (caches key them by it) but are not
 *   refetchable through `node(id)`; they are read through their account.
 * - From `schema-all`: `require-nullable-result-in-root` (a failing root field must not
 *   blank the others: README "Partial results") and `no-scalar-result-type-on-mutation`.
 *   Left out: `alphabetize` (schema:emit sorts already), `input-name` (mutations take `id`
 *   plus `input`, not one `input`), the `@oneOf` and deprecation-date rules (none used).
 * - Operations: `operations-recommended` whole. Its `require-selections` asks for `id`
 *   wherever a type has one, which is what a normalised cache needs (graphcache cannot key
 *   an entity queried without it), and `no-anonymous-operations` what code generators need.
 */
import { ESLint, type Linter } from "eslint";
import * as graphqlEslint from "@graphql-eslint/eslint-plugin";
import { isInterfaceType, isObjectType, type GraphQLInterfaceType, type GraphQLNamedType } from "graphql";
import { mkdirSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { committedSchema, readmeNodeTypes, readmeOperations, readmeValueTypes } from "../support/graphql-clients.js";

const plugin = ((graphqlEslint as { default?: unknown }).default ?? graphqlEslint) as typeof graphqlEslint;
const ROOT = new URL("../../", import.meta.url).pathname;

const SCHEMA_RULES: Linter.RulesRecord = {
  ...plugin.configs["flat/schema-recommended"].rules,
  ...plugin.configs["flat/schema-relay"].rules,
  "@graphql-eslint/require-description": [
    "error",
    { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true, DirectiveDefinition: true },
  ],
  "@graphql-eslint/strict-id-in-types": ["error", { exceptions: { types: readmeValueTypes() } }],
  "@graphql-eslint/relay-arguments": ["error", { includeBoth: false }],
  "@graphql-eslint/relay-edge-types": ["error", { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: false }],
  "@graphql-eslint/naming-convention": [
    "error",
    {
      ...(plugin.configs["flat/schema-recommended"].rules["@graphql-eslint/naming-convention"] as [string, Record<string, unknown>])[1],
      InputValueDefinition: { style: "camelCase", ignorePattern: "^(AND|OR|NOT)$" },
    },
  ],
  "@graphql-eslint/require-nullable-result-in-root": "error",
  "@graphql-eslint/no-scalar-result-type-on-mutation": "error",
};

const OPERATION_RULES: Linter.RulesRecord = { ...plugin.configs["flat/operations-recommended"].rules };

async function lint(file: string, rules: Linter.RulesRecord, documents?: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.graphql"],
        languageOptions: {
          parser: plugin.parser,
          parserOptions: { graphQLConfig: { schema: "schema/schema.graphql", ...(documents ? { documents } : {}) } },
        },
        plugins: { "@graphql-eslint": plugin as never },
        rules,
      },
    ],
  });
  const [result] = await eslint.lintFiles([file]);
  return result!.messages.map((m) => `${file}:${m.line} ${m.ruleId}: ${m.message}`);
}

describe("schema lint (@graphql-eslint)", () => {
  it("passes the kept schema rules", async () => {
    expect(await lint("schema/schema.graphql", SCHEMA_RULES)).toEqual([]);
  });

  it("passes the operation rules on every README operation, each named once", async () => {
    const operations = readmeOperations();
    mkdirSync(`${ROOT}.cache`, { recursive: true });
    const file = ".cache/readme-operations.graphql";
    writeFileSync(`${ROOT}${file}`, operations.map((o) => o.query).join("\n\n"));
    expect(await lint(file, OPERATION_RULES, file)).toEqual([]);
    const names = operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("schema conventions", () => {
  const schema = committedSchema();
  const types = Object.values(schema.getTypeMap()).filter((t: GraphQLNamedType) => !t.name.startsWith("__"));

  it("lists in the README exactly the object types without an id", () => {
    const idLess = types
      .filter((t) => isObjectType(t) && t !== schema.getQueryType() && t !== schema.getMutationType() && !t.getFields().id)
      .map((t) => t.name)
      .sort();
    // A new type either gets an `id` (and implements Node if `node(id)` can fetch it) or joins README's VALUE_TYPES.
    expect([...readmeValueTypes()].sort()).toEqual(idLess);
  });

  it("lists in the README's Apollo possibleTypes exactly the implementations of Node", () => {
    const node = schema.getType("Node");
    expect(node && isInterfaceType(node)).toBe(true);
    const implementations = schema.getPossibleTypes(node as GraphQLInterfaceType).map((t) => t.name);
    expect([...readmeNodeTypes()].sort()).toEqual(implementations.sort());
  });

  it("spells licence the British way everywhere (README, GraphQL clients: no US aliases)", () => {
    const names: string[] = [];
    for (const type of types) {
      names.push(type.name);
      if ("getFields" in type) names.push(...Object.keys(type.getFields()));
      if ("getValues" in type) names.push(...type.getValues().map((v) => v.name));
    }
    expect(names.filter((name) => /licens/i.test(name))).toEqual([]);
    expect(names.filter((name) => /licenc/i.test(name)).length).toBeGreaterThan(0);
  });
});
