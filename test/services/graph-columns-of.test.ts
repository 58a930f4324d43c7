/**
 * A projection reload reads typed columns straight from the read view's records
 * (graphColumnsOf): they must be exactly the columns of the same graph given row by row
 * through the chunked builder, and the read must pause as it goes so a big reload never
 * holds the event loop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnsFromChunks } from "../../src/analytics/index.js";
import { graphColumnsOf, toGraphEdge, toGraphNode } from "../../src/services/read-model/graph-slices.js";
import { viewOfState, type ReadView } from "../../src/services/read-model/read-view.js";
import { SqliteAccountGraphStore } from "../../src/store/sqlite/sqlite-store.js";
import { generateDataset } from "../../seeds/index.js";

const SINCE = "2024-01-01";

describe("graphColumnsOf", () => {
  let store: SqliteAccountGraphStore;
  let view: ReadView;
  beforeAll(async () => {
    store = new SqliteAccountGraphStore({ path: ":memory:" });
    await store.init();
    await store.importDataset(generateDataset({ accounts: 600, seed: 5 }));
    view = viewOfState(await store.readState({ activitySince: SINCE }), SINCE);
  });
  afterAll(() => store.close());

  it("equals the columns of the same rows given through the chunked builder, pausing every slice", async () => {
    let pauses = 0;
    const direct = await graphColumnsOf(view, async () => void pauses++, 500);
    const memberships = [...view.membershipsByAccount.values()].flat();
    const viaChunks = await columnsFromChunks([
      { nodes: [...view.accounts.values()].map(toGraphNode), memberships: [], edges: [] },
      { nodes: [], memberships, edges: [...view.links.values()].map(toGraphEdge) },
    ]);
    expect(direct).toEqual(viaChunks);
    expect(direct.accounts.ids).toHaveLength(600);
    expect(direct.links.ids.length).toBeGreaterThan(1_000);
    const rows = view.accounts.size + memberships.length + view.links.size;
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(rows / 500) - 1);
  });
});
