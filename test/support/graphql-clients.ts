/**
 * What the client tests share with README.md's "GraphQL clients" section: the list of
 * value types (object types without an id) read from the README itself, the cache
 * configurations the README shows built from it, the README's operations, and a fetch
 * that records the HTTP methods clients use.
 */
import { readFileSync } from "node:fs";
import { InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { cacheExchange } from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import { buildSchema, introspectionFromSchema, parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { readmeExamples } from "../../scripts/web/readme-examples.js";

const ROOT = new URL("../../", import.meta.url);
export const README = readFileSync(new URL("README.md", ROOT), "utf8");

export function committedSchema(): GraphQLSchema {
  return buildSchema(readFileSync(new URL("schema/schema.graphql", ROOT), "utf8"));
}

/** The README's `VALUE_TYPES` list; fails clearly when the README lost it. */
export function readmeValueTypes(): string[] {
  const block = /export const VALUE_TYPES = \[([\s\S]*?)\];/.exec(README);
  if (!block) throw new Error('README.md has no "export const VALUE_TYPES = [...]" block (section "GraphQL clients")');
  return [...block[1]!.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]!);
}

/** The types the README's Apollo cache lists as implementing `Node`. */
export function readmeNodeTypes(): string[] {
  const list = /possibleTypes: \{ Node: \[([^\]]*)\] \}/.exec(README);
  if (!list) throw new Error('README.md has no "possibleTypes: { Node: [...] }" in its Apollo Client example');
  return [...list[1]!.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]!);
}

/** Apollo Client's cache as the README configures it. */
export function readmeApolloCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: { Node: readmeNodeTypes() },
    typePolicies: {
      ...Object.fromEntries(readmeValueTypes().map((type) => [type, { merge: true }])),
      Query: {
        fields: {
          accounts: relayStylePagination(["filter", "orderBy"]),
          influenceHubs: relayStylePagination(["metric", "filter"]),
          strategicRanking: relayStylePagination(["weights", "thresholds", "filter"]),
        },
      },
    },
  });
}

/** urql's graphcache exchange as the README configures it. */
export function readmeGraphcache() {
  return cacheExchange({
    schema: introspectionFromSchema(committedSchema()),
    keys: Object.fromEntries(readmeValueTypes().map((type) => [type, () => null])),
    resolvers: { Query: { accounts: relayPagination(), influenceHubs: relayPagination(), strategicRanking: relayPagination() } },
  });
}

export interface ReadmeOperation {
  title: string;
  name: string;
  kind: "query" | "mutation";
  query: string;
}

/** Every operation of the README's ```graphql blocks, with its name and kind. */
export function readmeOperations(): ReadmeOperation[] {
  return readmeExamples(README).map(({ title, query }) => {
    const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
    if (!operation) throw new Error(`README example "${title}" has no operation`);
    return { title, name: operation.name?.value ?? "", kind: operation.operation as "query" | "mutation", query };
  });
}

/** A fetch that records each request's method, for checking what a client sends. */
export function recordingFetch() {
  const methods: string[] = [];
  const recorded: typeof fetch = (input, init) => {
    methods.push((init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase());
    return fetch(input, init);
  };
  return { fetch: recorded, methods };
}

/** Collects console.warn / console.error calls while `work` runs (client libraries warn there). */
export async function consoleWarnings<T>(work: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
  console.error = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
  try {
    return { result: await work(), warnings };
  } finally {
    console.warn = warn;
    console.error = error;
  }
}
