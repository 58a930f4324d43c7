/**
 * Talks to a running API the way a client does: JSON POST over HTTP.
 */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export function apiClient(url: string, headers: Record<string, string> = {}) {
  return async function gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    return { ...body, status: response.status };
  };
}

/** The first error's code, or a clear failure message when there is none. */
export function errorCode(response: GraphQLResponse): string {
  const code = response.errors?.[0]?.extensions?.code;
  if (typeof code !== "string") throw new Error(`expected a GraphQL error, got ${JSON.stringify(response)}`);
  return code;
}
