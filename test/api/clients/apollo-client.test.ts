/**
 * Apollo Client 4 against the real API: the README's operations with the client's
 * defaults (POST, the default normalised InMemoryCache, errorPolicy "none"), and with the
 * cache the README configures (value types merged, relay-style pages merged by fetchMore):
 * paging to the end, fields of one influence / strategic score kept across queries,
 * partial results and error codes.
 */
import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache, type DocumentNode } from "@apollo/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSampleApi } from "../../support/api-server.js";
import { readmeApolloCache, readmeOperations, recordingFetch } from "../../support/graphql-clients.js";

describe("Apollo Client 4", () => {
  let api: Awaited<ReturnType<typeof startSampleApi>>;
  const configured = () => new ApolloClient({ link: new HttpLink({ uri: api.url }), cache: readmeApolloCache() });

  beforeAll(async () => {
    api = await startSampleApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("runs every README operation in its default configuration, over POST", async () => {
    const recording = recordingFetch();
    const client = new ApolloClient({ link: new HttpLink({ uri: api.url, fetch: recording.fetch }), cache: new InMemoryCache() });
    for (const operation of readmeOperations()) {
      const document = gql(operation.query);
      const result = operation.kind === "mutation" ? await client.mutate({ mutation: document }) : await client.query({ query: document });
      expect(result.error, operation.title).toBeUndefined();
      expect(result.data, operation.title).toBeTruthy();
    }
    expect(new Set(recording.methods)).toEqual(new Set(["POST"]));
  });

  it("keeps the fields two queries asked of one influence and one strategic score (README cache)", async () => {
    const client = configured();
    const first = gql`
      query InfluenceA {
        account(id: "acc_globex_multinational") {
          id
          influence {
            id
            pagerank
            snapshot {
              version
            }
          }
          strategy {
            id
            score
            revenue {
              percentile
            }
          }
        }
      }
    `;
    const second = gql`
      query InfluenceB {
        account(id: "acc_globex_multinational") {
          id
          influence {
            id
            hubScore
            snapshot {
              computedAt
            }
          }
          strategy {
            id
            rank
            revenue {
              value
            }
          }
        }
      }
    `;
    const answered = await client.query({ query: first });
    await client.query({ query: second });
    expect(client.readQuery({ query: first })).toEqual(answered.data);
    const both = client.readQuery<any>({
      query: gql`
        query Both {
          account(id: "acc_globex_multinational") {
            id
            influence {
              id
              pagerank
              hubScore
            }
            strategy {
              id
              score
              rank
            }
          }
        }
      `,
    });
    expect(both.account.influence).toMatchObject({ pagerank: expect.any(Number), hubScore: expect.any(Number) });
    expect(both.account.strategy).toMatchObject({ score: expect.any(Number), rank: expect.any(Number) });
  });

  it("caches a strategic score per weights: two rankings of one account stay apart", async () => {
    const client = configured();
    const byWeights = gql`
      query Weighted($weights: StrategyWeightsInput) {
        account(id: "acc_grace_bookkeeping") {
          id
          strategy(weights: $weights) {
            id
            score
            rank
          }
        }
      }
    `;
    const revenue = { revenue: 1, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 0 };
    const mouth = { revenue: 0, efficiency: 0, expansion: 0, loyalty: 0, wordOfMouth: 1 };
    const a = await client.query<any>({ query: byWeights, variables: { weights: revenue } });
    const b = await client.query<any>({ query: byWeights, variables: { weights: mouth } });
    expect(a.data.account.strategy.id).not.toBe(b.data.account.strategy.id);
    expect(a.data.account.strategy.rank).not.toBe(b.data.account.strategy.rank);
    expect(client.readQuery<any>({ query: byWeights, variables: { weights: revenue } })).toEqual(a.data);
  });

  it.each([
    [
      "accounts",
      `query Page($after: String) { accounts(first: 7, after: $after, orderBy: { key: ANNUAL_REVENUE, direction: DESC }) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`,
    ],
    [
      "influenceHubs",
      `query Page($after: String) { influenceHubs(metric: PAGERANK, first: 7, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor rank node { id name } } } }`,
    ],
    [
      "strategicRanking",
      `query Page($after: String) { strategicRanking(first: 7, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } strategy { id rank } } } }`,
    ],
  ])("pages %s to the end with fetchMore, merged in the cache", async (field, query) => {
    const client = configured();
    const document: DocumentNode = gql(query);
    const observable = client.watchQuery<any>({ query: document });
    const firstPage = await new Promise<any>((resolve, reject) => {
      const subscription = observable.subscribe({
        next: (result) => {
          if (result.dataState !== "complete") return;
          subscription.unsubscribe();
          resolve(result.data);
        },
        error: reject,
      });
    });
    let connection = firstPage[field];
    let pages = 1;
    while (connection.pageInfo.hasNextPage) {
      const more = await observable.fetchMore<any>({ variables: { after: connection.pageInfo.endCursor } });
      expect(more.error).toBeUndefined();
      connection = more.data![field];
      pages++;
    }
    const merged = client.readQuery<any>({ query: document })![field];
    const ids = merged.edges.map((e: any) => e.node.id);
    expect(ids).toHaveLength(merged.totalCount);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(merged.totalCount / 7));
  });

  it("throws CombinedGraphQLErrors with the code by default, and keeps partial data with errorPolicy all", async () => {
    const client = configured();
    const query = gql`
      query Missing {
        account(id: "nope") {
          id
        }
        accounts(first: 1) {
          totalCount
        }
      }
    `;
    const thrown = await client.query({ query }).catch((error: unknown) => error);
    expect(CombinedGraphQLErrors.is(thrown)).toBe(true);
    expect((thrown as CombinedGraphQLErrors).errors[0]!.extensions?.code).toBe("NOT_FOUND");
    const partial = await client.query<any>({ query, errorPolicy: "all" });
    expect(partial.data).toEqual({ account: null, accounts: { __typename: "AccountConnection", totalCount: expect.any(Number) } });
    expect(CombinedGraphQLErrors.is(partial.error)).toBe(true);
    expect((partial.error as CombinedGraphQLErrors).errors.map((e) => [e.path, e.extensions?.code])).toEqual([[["account"], "NOT_FOUND"]]);
  });

  it("shows a committed mutation beside a refused one, and updates the cached account", async () => {
    const client = configured();
    await client.query({
      query: gql`
        query Bakery {
          account(id: "acc_corner_bakery") {
            id
            region
          }
        }
      `,
    });
    const result = await client.mutate<any>({
      mutation: gql`
        mutation TwoUpdates {
          done: updateAccount(id: "acc_corner_bakery", input: { region: "Harbor City North" }) {
            id
            region
          }
          refused: updateAccount(id: "nope", input: { region: "Nowhere" }) {
            id
            region
          }
        }
      `,
      errorPolicy: "all",
    });
    expect(result.data).toEqual({ done: { __typename: "Account", id: "acc_corner_bakery", region: "Harbor City North" }, refused: null });
    expect((result.error as CombinedGraphQLErrors).errors.map((e) => [e.path, e.extensions?.code])).toEqual([[["refused"], "NOT_FOUND"]]);
    expect(
      client.cache.readFragment<any>({
        id: "Account:acc_corner_bakery",
        fragment: gql`
          fragment Region on Account {
            region
          }
        `,
      }),
    ).toEqual({
      __typename: "Account",
      region: "Harbor City North",
    });
  });

  it("refetches through node(id) into the same normalised entry", async () => {
    const client = configured();
    const influence = await client.query<any>({
      query: gql`
        query Ids {
          account(id: "acc_grace_bookkeeping") {
            id
            influence {
              id
              pagerank
            }
          }
        }
      `,
    });
    const id = influence.data.account.influence.id;
    const refetched = await client.query<any>({
      query: gql`
        query Again($id: ID!) {
          node(id: $id) {
            id
            ... on Influence {
              hubScore
            }
          }
        }
      `,
      variables: { id },
    });
    expect(refetched.data.node).toMatchObject({ __typename: "Influence", id });
    expect(client.cache.identify(refetched.data.node)).toBe(`Influence:${id}`);
    expect(
      client.cache.readFragment<any>({
        id: `Influence:${id}`,
        fragment: gql`
          fragment Both on Influence {
            pagerank
            hubScore
          }
        `,
      }),
    ).toMatchObject({
      pagerank: influence.data.account.influence.pagerank,
      hubScore: expect.any(Number),
    });
  });
});
