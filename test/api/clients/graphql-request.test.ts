/**
 * graphql-request 7 against the real API: `request()` with its defaults (POST) and a
 * client in GET mode run every README operation; paging to the end by `endCursor`; and
 * errors as the library reports them: a thrown ClientError holding data and errors, or
 * both returned with errorPolicy "all".
 */
import { ClientError, GraphQLClient, request } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSampleApi } from "../../support/api-server.js";
import { readmeOperations, recordingFetch } from "../../support/graphql-clients.js";

const MISSING = `query Missing { account(id: "nope") { id } accounts(first: 1) { totalCount } }`;

describe("graphql-request 7", () => {
  let api: Awaited<ReturnType<typeof startSampleApi>>;

  beforeAll(async () => {
    api = await startSampleApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("runs every README operation with request(), its defaults", async () => {
    for (const operation of readmeOperations()) {
      const data = await request<Record<string, unknown>>(api.url, operation.query);
      expect(data, operation.title).toBeTruthy();
    }
  });

  it("runs every README query in GET mode", async () => {
    const recording = recordingFetch();
    const client = new GraphQLClient(api.url, { method: "GET", fetch: recording.fetch });
    const queries = readmeOperations().filter((o) => o.kind === "query");
    for (const operation of queries) {
      const data = await client.request<Record<string, unknown>>(operation.query);
      expect(data, operation.title).toBeTruthy();
    }
    expect(recording.methods).toEqual(queries.map(() => "GET"));
  });

  it("pages influenceHubs to the end by endCursor, every account once", async () => {
    const client = new GraphQLClient(api.url, { method: "GET" });
    const page = `query Hubs($after: String) { influenceHubs(metric: EIGENVECTOR, first: 9, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { rank score node { id } } } }`;
    const seen: { rank: number; score: number; id: string }[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (;;) {
      const data: any = await client.request(page, { after });
      totalCount = data.influenceHubs.totalCount;
      seen.push(...data.influenceHubs.edges.map((e: any) => ({ rank: e.rank, score: e.score, id: e.node.id })));
      if (!data.influenceHubs.pageInfo.hasNextPage) break;
      after = data.influenceHubs.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen.map((e) => e.id)).size).toBe(totalCount);
    // Ties share a rank across page boundaries too.
    for (let i = 1; i < seen.length; i++) if (seen[i]!.score === seen[i - 1]!.score) expect(seen[i]!.rank).toBe(seen[i - 1]!.rank);
  });

  it("throws a ClientError holding the partial data and the NOT_FOUND error", async () => {
    const error = await request(api.url, MISSING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    const { response } = error as ClientError;
    expect(response.data).toEqual({ account: null, accounts: { totalCount: expect.any(Number) } });
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[["account"], "NOT_FOUND"]]);
  });

  it("returns data and errors together with errorPolicy all, for a mutation that partly commits", async () => {
    const client = new GraphQLClient(api.url, { errorPolicy: "all" });
    const result = await client.rawRequest<any>(`mutation TwoUpdates {
      done: updateAccount(id: "acc_corner_bakery", input: { region: "Harbor City West" }) { id region }
      refused: updateAccount(id: "acc_corner_bakery", input: { grossMargin: 7 }) { id region }
    }`);
    expect(result.data).toEqual({ done: { id: "acc_corner_bakery", region: "Harbor City West" }, refused: null });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.field])).toEqual([
      [["refused"], "BAD_USER_INPUT", "input.grossMargin"],
    ]);
  });
});
