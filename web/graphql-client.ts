/**
 * The pages' one way to the API: a JSON POST to /graphql with the stored credential,
 * exactly what any other client sends. GraphQL errors become a thrown Error whose
 * message is the server's (an UNAUTHENTICATED answer says what to send).
 */
import { authHeaders } from "./credentials.js";

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError(`the server answered HTTP ${response.status}`, undefined, response.status);
  }
  const error = body.errors?.[0];
  if (error) throw new GraphQLRequestError(error.message, error.extensions?.code, response.status);
  if (body.data === undefined) throw new GraphQLRequestError("the server answered without data", undefined, response.status);
  return body.data;
}
