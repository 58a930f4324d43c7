/**
 * Nesting bounds on what a client sends, checked by the HTTP front before Apollo sees the
 * request, so before anything walks it recursively. graphql-js parses with recursive descent,
 * its validation rules, our limits and Apollo's variable handling recurse too, and
 * JSON.stringify (the cost memo's key) recurses over variables: a document with a
 * couple of thousand nested `[`, `{` or selection sets, or variables nested a hundred
 * thousand levels deep (even unused ones), overflowed the stack and came back as
 * "Maximum call stack size exceeded" or an HTTP 500. Both are client mistakes: refused
 * here with HTTP 400 and a stable code, never logged as server errors.
 *
 * - Document: the deepest nesting of `{`, `[` and `(` tokens (graphql-js's lexer, which
 *   skips strings and comments), at most `maxDocumentNesting`. Legitimate operations of
 *   this API nest under 20 levels (selection depth is limited to 10 by
 *   operation-limits.ts, plus a few for arguments; graphql-js's introspection query
 *   nests 10).
 * - Variables and `extensions`: the deepest nesting of arrays and objects, at most
 *   `maxVariableDepth` (our input types nest 3 levels), and at most `maxVariableValues`
 *   values in all (array items and object fields): coercing 150,000 ids of a list
 *   argument took ~90 ms of the event loop before the cost limit could refuse them, so a
 *   client re-sending such a request stalled every other (abuse bench). Our largest list
 *   arguments take a few thousand ids.
 *
 * Both walks are iterative, O(size of what was sent) and stop early: a document with fewer
 * opening brackets than the limit is not lexed at all, and the lexer stops at the parser's
 * token limit (the parser refuses such a document anyway). The bound applies to every
 * recursive walk downstream: parser, validation (depth through fragment chains is bounded
 * by the same token limit), cost estimate, coercion.
 */
import { Lexer, Source, TokenKind } from "graphql";

export const NESTING_DEFAULTS = Object.freeze({
  maxDocumentNesting: 64,
  maxVariableDepth: 32,
  maxVariableValues: 10_000,
  /** The parser's own token limit (Apollo `parseOptions.maxTokens`): a flood is refused before validation. */
  maxTokens: 5_000,
});

export type NestingLimits = typeof NESTING_DEFAULTS;

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/** Whether `source` nests `{`, `[` or `(` tokens deeper than `max`; false when the lexer fails (the parser reports that). */
export function documentNestsDeeperThan(source: string, max: number, maxTokens: number = NESTING_DEFAULTS.maxTokens): boolean {
  if (countOpenings(source) <= max) return false;
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  try {
    for (let tokens = 0; tokens < maxTokens; tokens++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF) return false;
      if (OPENING.has(token.kind)) {
        depth += 1;
        if (depth > max) return true;
      } else if (CLOSING.has(token.kind)) depth -= 1;
    }
  } catch {
    return false;
  }
  return false;
}

function countOpenings(source: string): number {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 123 || code === 91 || code === 40) count += 1; // { [ (
  }
  return count;
}

/**
 * Walks a JSON value iteratively, stopping at the first bound it breaks: nesting deeper than
 * `maxDepth`, or more than `maxValues` values inside arrays and objects.
 */
function walkValue(value: unknown, maxDepth: number, maxValues: number): "TOO_DEEP" | "TOO_MANY" | null {
  if (typeof value !== "object" || value === null) return maxDepth < 0 ? "TOO_DEEP" : null;
  const pending: [object, number][] = [[value, 1]];
  let values = 0;
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (depth > maxDepth) return "TOO_DEEP";
    const children = Array.isArray(current) ? current : Object.values(current);
    values += children.length;
    if (values > maxValues) return "TOO_MANY";
    for (const child of children) {
      if (typeof child === "object" && child !== null) pending.push([child, depth + 1]);
    }
  }
  return null;
}

/** What a GraphQL-over-HTTP request carries, from a POST body or a GET query string. */
export interface GraphQLRequestParts {
  query?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** The parts of a GET request (`variables` and `extensions` are JSON in the query string). */
export function requestPartsOfSearch(search: URLSearchParams): GraphQLRequestParts {
  const json = (name: string): unknown => {
    const text = search.get(name);
    if (text === null) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined; // Apollo answers the malformed parameter itself
    }
  };
  return { query: search.get("query") ?? undefined, variables: json("variables"), extensions: json("extensions") };
}

export interface NestingRefusal {
  message: string;
  extensions: { code: "GRAPHQL_PARSE_FAILED" | "BAD_USER_INPUT"; limit: "MAX_NESTING" | "MAX_VARIABLE_DEPTH" | "MAX_VARIABLE_VALUES"; max: number };
}

/**
 * Why the request must be refused before Apollo sees it, or null. Runs in the HTTP front
 * (http-server.ts): an error thrown from an Apollo plugin before parsing becomes an
 * HTTP 500 and an error-level log line in Apollo 5, and after parsing is too late.
 */
export function checkRequestNesting(request: GraphQLRequestParts, limits: NestingLimits = NESTING_DEFAULTS): NestingRefusal | null {
  if (typeof request.query === "string" && documentNestsDeeperThan(request.query, limits.maxDocumentNesting, limits.maxTokens)) {
    return {
      message: `the document nests deeper than ${limits.maxDocumentNesting} levels`,
      extensions: { code: "GRAPHQL_PARSE_FAILED", limit: "MAX_NESTING", max: limits.maxDocumentNesting },
    };
  }
  for (const [what, value] of [
    ["variables", request.variables],
    ["extensions", request.extensions],
  ] as const) {
    const broken = walkValue(value, limits.maxVariableDepth, limits.maxVariableValues);
    if (broken === "TOO_DEEP") {
      return {
        message: `${what} nest deeper than ${limits.maxVariableDepth} levels`,
        extensions: { code: "BAD_USER_INPUT", limit: "MAX_VARIABLE_DEPTH", max: limits.maxVariableDepth },
      };
    }
    if (broken === "TOO_MANY") {
      return {
        message: `${what} hold more than ${limits.maxVariableValues} values`,
        extensions: { code: "BAD_USER_INPUT", limit: "MAX_VARIABLE_VALUES", max: limits.maxVariableValues },
      };
    }
  }
  return null;
}
