/**
 * The field guard covers every field of the schema, whoever wrote its resolver, and
 * the per-role mutation rule is exactly: ADMIN all, MANAGER the ownership-checked
 * writes, VIEWER none.
 */
import { graphql, isObjectType, type GraphQLResolveInfo } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { authorizeField, guardEveryField, MANAGER_MUTATIONS, mayCallMutation } from "../../../src/api/auth/field-authorization.js";
import { buildAccountGraphSchema } from "../../../src/api/build-schema.js";
import type { GraphQLSchema } from "graphql";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = guardEveryField(await buildAccountGraphSchema());
});

describe("field guard", () => {
  it("refuses every field of every object type when the context has no actor", () => {
    const fields = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith("__"))
      .flatMap((type) => (isObjectType(type) ? Object.values(type.getFields()).map((field) => ({ type: type.name, field })) : []));
    expect(fields.length).toBeGreaterThan(100);
    for (const { type, field } of fields) {
      expect(field.resolve, `${type}.${field.name}`).toBeTypeOf("function");
      expect(() => field.resolve!({}, {}, {}, {} as GraphQLResolveInfo), `${type}.${field.name}`).toThrow("authentication required");
    }
  });

  it("is applied once even when asked twice", async () => {
    const before = schema.getQueryType()!.getFields().accounts!.resolve;
    guardEveryField(schema);
    expect(schema.getQueryType()!.getFields().accounts!.resolve).toBe(before);
  });

  it("answers UNAUTHENTICATED for aliased and nested selections executed without an actor", async () => {
    const result = await graphql({
      schema,
      source: `{ a: accountManagers { id } b: communities { id } }`,
      contextValue: {},
    });
    // Root fields are nullable: each refused one is null with its own error.
    expect(result.data).toEqual({ a: null, b: null });
    expect(result.errors?.map((e) => [e.path, e.extensions.code])).toEqual([
      [["a"], "UNAUTHENTICATED"],
      [["b"], "UNAUTHENTICATED"],
    ]);
  });

  it("lets MANAGER call exactly the listed mutations, VIEWER none, ADMIN all", () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    for (const name of MANAGER_MUTATIONS) expect(mutations, `${name} is not a mutation`).toContain(name);
    for (const name of mutations) {
      expect(mayCallMutation("ADMIN", name)).toBe(true);
      expect(mayCallMutation("VIEWER", name)).toBe(false);
      expect(mayCallMutation("MANAGER", name)).toBe(MANAGER_MUTATIONS.has(name));
    }
    expect(mayCallMutation("MANAGER", "someMutationAddedLater")).toBe(false);
  });

  it("needs only an actor for reads", () => {
    expect(() => authorizeField({ role: "VIEWER", managerId: null, subject: "t" }, false, "accounts")).not.toThrow();
    expect(() => authorizeField(undefined, false, "accounts")).toThrow("authentication required");
    expect(() => authorizeField({ role: "VIEWER", managerId: null, subject: "t" }, true, "createAccount")).toThrow(/VIEWER may not/);
  });
});
