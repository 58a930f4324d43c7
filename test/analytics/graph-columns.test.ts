/**
 * The bulk form of the graph: rows collected into typed columns (converted and checked on
 * the way in, whichever form a driver returns numbers in), columns checked when they
 * arrive ready-made, and a projection loaded from columns answering like one loaded from
 * rows.
 */
import { describe, expect, it } from "vitest";
import { csrOf } from "../../src/analytics/csr.js";
import { columnsFromChunks, columnsTransferList, requireValidColumns, type GraphColumns } from "../../src/analytics/graph-columns.js";
import { computePageRank } from "../../src/analytics/metrics/pagerank.js";
import { projectionFromColumns } from "../../src/analytics/projection.js";
import type { GraphChunk } from "../../src/domain/graph.js";
import { account, link, membership } from "./graph-fixtures.js";

const rows: GraphChunk = {
  nodes: [account("a", { annualRevenue: 1200, ownerId: "mgr_1" }), account("b", { status: "PROSPECT" }), account("c")],
  memberships: [membership("a", "club", "LEADER"), membership("c", "club")],
  edges: [link("a", "b", 0.5, "INFLUENCES", "l1"), link("b", "c", 1, "REFERRED", "l2")],
};

describe("GraphColumns", () => {
  it("collects rows into columns, numbers converted whatever form a driver returned them in", async () => {
    const clean = await columnsFromChunks([rows]);
    const asDriverValues: GraphChunk = {
      ...rows,
      nodes: rows.nodes.map((n) => ({
        ...n,
        annualRevenue: String(n.annualRevenue) as unknown as number,
        licencesHeld: { toNumber: () => 0 } as unknown as number,
      })),
      edges: rows.edges.map((e) => ({ ...e, strength: String(e.strength) as unknown as number })),
    };
    expect(await columnsFromChunks([asDriverValues])).toEqual(clean);
    expect([...clean.accounts.annualRevenue]).toEqual([1200, 0, 0]);
    expect(clean.accounts.owners).toEqual(["mgr_1"]);
    expect([...clean.accounts.owner]).toEqual([0, -1, -1]);
    expect([...clean.links.from]).toEqual([0, 1]);
    expect(Number.isNaN(clean.links.revenue[0])).toBe(true); // INFLUENCES: no revenue
    expect(clean.memberships.communities).toEqual(["club"]);
  });

  it("names the bad field of a row that does not convert", async () => {
    const bad = { ...rows, nodes: [...rows.nodes, { ...account("d"), licencePrice: -5 }] };
    await expect(columnsFromChunks([bad])).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "nodes[d].licencePrice" });
  });

  it("refuses ready-made columns with an index, code or strength out of range", async () => {
    const good = await columnsFromChunks([rows]);
    const broken = (change: (c: { links: Record<string, unknown>; accounts: Record<string, unknown> }) => void): GraphColumns => {
      const copy = structuredClone(good) as unknown as { links: Record<string, unknown>; accounts: Record<string, unknown> };
      change(copy);
      return copy as unknown as GraphColumns;
    };
    expect(() => requireValidColumns(good)).not.toThrow();
    expect(() => requireValidColumns(broken((c) => ((c.links.to as Int32Array)[0] = 7)))).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => requireValidColumns(broken((c) => ((c.links.to as Int32Array)[0] = 0)))).toThrow(expect.objectContaining({ field: "links[0].to" }));
    expect(() => requireValidColumns(broken((c) => ((c.links.strength as Float64Array)[1] = 1.5)))).toThrow(
      expect.objectContaining({ field: "links[1].strength" }),
    );
    expect(() => requireValidColumns(broken((c) => ((c.accounts.status as Uint8Array)[2] = 9)))).toThrow(
      expect.objectContaining({ field: "accounts.status[2]" }),
    );
    expect(() => projectionFromColumns(broken((c) => ((c.links.strength as Float64Array)[1] = Number.NaN)))).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT" }),
    );
  });

  it("loads a projection that answers like one built from rows, and lists its buffers for transfer", async () => {
    const columns = await columnsFromChunks([rows]);
    expect(columnsTransferList(columns).length).toBeGreaterThanOrEqual(10);
    const projection = projectionFromColumns(structuredClone(columns));
    expect(csrOf(projection).ids).toEqual(["a", "b", "c"]);
    expect(projection.graph.getNodeAttributes("a")).toMatchObject({ annualRevenue: 1200, ownerId: "mgr_1", leaderOf: ["club"] });
    expect(projection.edgeCount).toBe(2 + 1); // two links and a's tie to c
    const pagerank = computePageRank(projection);
    expect(pagerank.values.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});
