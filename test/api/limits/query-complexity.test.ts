/**
 * The cost estimator on hand-computed documents: scalars 0, objects 1, lists × page
 * size (or 10), a connection's page size passed to its edges, fragments expanded,
 * @skip / @include honoured, analytics at their listed cost, variables coerced.
 */
import { getOperationAST, parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAccountGraphSchema } from "../../../src/api/build-schema.js";
import { estimateComplexity } from "../../../src/api/limits/query-complexity.js";
import type { GraphQLSchema } from "graphql";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAccountGraphSchema();
});

function cost(source: string, variables?: Record<string, unknown>): number {
  const document = parse(source);
  return estimateComplexity({ schema, document, operation: getOperationAST(document)!, variables });
}

describe("estimateComplexity", () => {
  it("prices scalars at 0 and object fields at 1", () => {
    expect(cost(`{ account(id: "a") { id name } }`)).toBe(1);
    expect(cost(`{ account(id: "a") { owner { name } } }`)).toBe(2);
  });

  it("passes a connection's page size to its edges", () => {
    // accounts 1 + edges (1 + 10 × node 1) = 12; pageInfo and totalCount are not multiplied.
    expect(cost(`{ accounts(first: 10) { totalCount pageInfo { hasNextPage } edges { node { name } } } }`)).toBe(1 + 1 + 11);
  });

  it("uses the argument's default when the page size is omitted", () => {
    expect(cost(`{ accounts { edges { node { name } } } }`)).toBe(1 + (1 + 20));
  });

  it("assumes 10 items for a list without a page size, and multiplies nested lists", () => {
    // account 1 + outgoingLinks (1 + 10 × (to 1 + incomingLinks (1 + 10 × 0)))
    expect(cost(`{ account(id: "a") { outgoingLinks { to { incomingLinks { id } } } } }`)).toBe(1 + 1 + 10 * (1 + 1));
  });

  it("reads page sizes from variables", () => {
    const query = `query($n: Int) { accounts(first: $n) { edges { node { owner { name } } } } }`;
    expect(cost(query, { n: 3 })).toBe(1 + 1 + 3 * 2);
    expect(cost(query, { n: 50 })).toBe(1 + 1 + 50 * 2);
  });

  it("expands fragments, inline fragments and honours @skip / @include", () => {
    const query = `query($skip: Boolean!) { account(id: "a") { ...F ... on Account { owner { name } } memberships @skip(if: $skip) { role } } }
      fragment F on Account { owner { id } }`;
    expect(cost(query, { skip: true })).toBe(1 + 1 + 1); // account + F.owner + inline owner
    expect(cost(query, { skip: false })).toBe(1 + 1 + 1 + 1); // ... + memberships (1 + 10 × 0)
  });

  it("prices analytics at their listed cost", () => {
    expect(cost(`{ influenceHubs(metric: PAGERANK, first: 5) { edges { score node { name } } } }`)).toBe(25 + 1 + 5 * 1);
    expect(cost(`{ account(id: "a") { influence { pagerank reach(hops: 4) { accounts } } } }`)).toBe(1 + 2 + 20);
  });

  it("costs nothing for introspection and __typename", () => {
    expect(cost(`{ __typename __schema { types { fields { name } } } }`)).toBe(0);
  });

  it("prices an unusable variable set as 0 (execution refuses it without running resolvers)", () => {
    expect(cost(`query($n: Int!) { accounts(first: $n) { totalCount } }`, { n: "many" })).toBe(0);
  });
});
