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

function cost(source: string, variables?: Record<string, unknown>, accounts?: number): number {
  const document = parse(source);
  return estimateComplexity({ schema, document, operation: getOperationAST(document)!, variables, ...(accounts ? { scale: { accounts } } : {}) });
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

  it("prices each distinct set of strategy weights as a blend of every account, once however many fields share it", () => {
    const weights = (i: number) => `{ revenue: ${i + 1} }`;
    const ranking = (i: number) => `r${i}: strategicRanking(first: 1, weights: ${weights(i)}) { totalCount }`;
    const field = cost(`{ strategicRanking(first: 1) { totalCount } }`, undefined, 20_000); // the default weights: blended anyway
    // Each distinct set: 10 per 1,000 accounts on top of its fields; the same set again: only its fields.
    expect(cost(`{ ${ranking(0)} }`, undefined, 20_000)).toBe(field + 200);
    expect(cost(`{ ${ranking(0)} ${ranking(1)} }`, undefined, 20_000)).toBe(2 * field + 400);
    const same = `{ r0: strategicRanking(first: 1, weights: ${weights(0)}) { totalCount } r1: strategicRanking(first: 1, weights: ${weights(0)}) { totalCount } }`;
    expect(cost(same, undefined, 20_000)).toBe(2 * field + 200);
    // A page asking each account for its score under 9 weight sets: 9 blends, not 100 x 9.
    const page = `{ accounts(first: 100) { edges { node { ${Array.from({ length: 9 }, (_, i) => `s${i}: strategy(weights: ${weights(i)}) { score }`).join(" ")} } } } }`;
    const plain = `{ accounts(first: 100) { edges { node { ${Array.from({ length: 9 }, (_, i) => `s${i}: strategy { score }`).join(" ")} } } } }`;
    expect(cost(page, undefined, 20_000) - cost(plain, undefined, 20_000)).toBe(9 * 200);
    // 30 distinct sets on 20,000 accounts are past the limit; on 1,000 they are not.
    const thirty = `{ ${Array.from({ length: 30 }, (_, i) => ranking(i)).join(" ")} }`;
    expect(cost(thirty, undefined, 20_000)).toBeGreaterThan(5_000);
    expect(cost(thirty, undefined, 1_000)).toBeLessThan(5_000);
  });

  it("prices an unusable variable set as 0 (execution refuses it without running resolvers)", () => {
    expect(cost(`query($n: Int!) { accounts(first: $n) { totalCount } }`, { n: "many" })).toBe(0);
  });
});
