/**
 * urql 6 against the real API: its default setup (document cache + fetch, queries sent
 * as GET) runs every README operation; with graphcache 9 configured as the README says,
 * the README's queries normalise without a single warning, pages merge to the end, and a
 * mutation updates the cached entity. Errors arrive as a CombinedError beside the data.
 */
import { cacheExchange, Client, fetchExchange, gql } from "@urql/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSampleApi } from "../../support/api-server.js";
import { consoleWarnings, readmeGraphcache, readmeOperations, recordingFetch } from "../../support/graphql-clients.js";

describe("urql 6", () => {
  let api: Awaited<ReturnType<typeof startSampleApi>>;
  const withGraphcache = (fetchImpl: typeof fetch = fetch) =>
    new Client({ url: api.url, exchanges: [readmeGraphcache(), fetchExchange], fetch: fetchImpl });

  beforeAll(async () => {
    api = await startSampleApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it("runs every README operation in its default configuration: queries over GET, mutations over POST", async () => {
    const recording = recordingFetch();
    const client = new Client({ url: api.url, exchanges: [cacheExchange, fetchExchange], fetch: recording.fetch });
    const operations = readmeOperations();
    for (const operation of operations) {
      const result =
        operation.kind === "mutation"
          ? await client.mutation(operation.query, {}).toPromise()
          : await client.query(operation.query, {}, { requestPolicy: "network-only" }).toPromise();
      expect(result.error, operation.title).toBeUndefined();
      expect(result.data, operation.title).toBeTruthy();
    }
    const mutations = operations.filter((o) => o.kind === "mutation").length;
    expect(recording.methods.filter((m) => m === "POST")).toHaveLength(mutations);
    expect(recording.methods.filter((m) => m === "GET")).toHaveLength(operations.length - mutations);
  });

  it("normalises every README query with the README's graphcache keys, without a warning", async () => {
    const client = withGraphcache();
    const { warnings } = await consoleWarnings(async () => {
      for (const operation of readmeOperations().filter((o) => o.kind === "query")) {
        const result = await client.query(operation.query, {}).toPromise();
        expect(result.error, operation.title).toBeUndefined();
      }
    });
    expect(warnings).toEqual([]);
  });

  it.each([
    [
      "accounts",
      `query Page($after: String) { accounts(first: 7, after: $after, orderBy: { key: NAME, direction: ASC }) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`,
    ],
    [
      "influenceHubs",
      `query Page($after: String) { influenceHubs(metric: BETWEENNESS, first: 7, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor rank node { id name } } } }`,
    ],
    [
      "strategicRanking",
      `query Page($after: String) { strategicRanking(first: 7, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } strategy { id rank } } } }`,
    ],
  ])("pages %s to the end, merged by graphcache's relayPagination", async (field, query) => {
    const client = withGraphcache();
    let after: string | null = null;
    let result: any;
    for (let page = 0; page < 100; page++) {
      result = await client.query(query, { after }).toPromise();
      expect(result.error).toBeUndefined();
      if (!result.data[field].pageInfo.hasNextPage) break;
      after = result.data[field].pageInfo.endCursor;
    }
    const connection = result.data[field];
    const ids = connection.edges.map((e: any) => e.node.id);
    expect(ids).toHaveLength(connection.totalCount);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("answers a missing id as null with a CombinedError carrying NOT_FOUND, beside the rest", async () => {
    const result = await withGraphcache().query(`query Missing { account(id: "nope") { id } accounts(first: 1) { totalCount } }`, {}).toPromise();
    expect(result.data).toMatchObject({ account: null, accounts: { totalCount: expect.any(Number) } });
    expect(result.error?.graphQLErrors.map((e) => [e.path, e.extensions.code])).toEqual([[["account"], "NOT_FOUND"]]);
  });

  it("shows a committed mutation beside a refused one, and graphcache updates the cached account", async () => {
    const client = withGraphcache();
    const read = gql`
      query Bakery {
        account(id: "acc_corner_bakery") {
          id
          region
        }
      }
    `;
    await client.query(read, {}).toPromise();
    const result = await client
      .mutation(
        `mutation TwoUpdates {
          done: updateAccount(id: "acc_corner_bakery", input: { region: "Harbor City East" }) { id region }
          refused: updateAccount(id: "nope", input: { region: "Nowhere" }) { id region }
        }`,
        {},
      )
      .toPromise();
    expect(result.data).toMatchObject({ done: { id: "acc_corner_bakery", region: "Harbor City East" }, refused: null });
    expect(result.error?.graphQLErrors.map((e) => [e.path, e.extensions.code])).toEqual([[["refused"], "NOT_FOUND"]]);
    const again = await client.query(read, {}, { requestPolicy: "cache-only" }).toPromise();
    expect(again.data.account.region).toBe("Harbor City East");
  });
});
