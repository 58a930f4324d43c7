/**
 * The patched CSR equals a fresh build: after any sequence of writes (accounts added,
 * updated and removed, links added, re-weighted and removed, memberships and leaders
 * coming and going), in batches of any size, each CSR view the projection patched is
 * identical — offsets, neighbours, weights, weight sums, bit for bit — to the view built
 * from scratch from the same graph, and to the one built from the graphology mirror.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCsr, CSR_VIEWS, csrOf, type Csr, type CsrViewName } from "../../src/analytics/csr.js";
import { GraphColumnsBuilder } from "../../src/analytics/graph-columns.js";
import { applyGraphPatch, projectionFromColumns, type GraphPatch, type Projection } from "../../src/analytics/projection.js";
import type { GraphEdge, GraphNode } from "../../src/domain/graph.js";
import type { Membership } from "../../src/domain/model.js";
import { account, membership } from "./graph-fixtures.js";

const ACCOUNTS = ["a0", "a1", "a2", "a3", "a4", "a5"];
const COMMUNITIES = ["c0", "c1", "c2"];
const LINKS = Array.from({ length: 24 }, (_, i) => `l${i}`);
// Strengths whose sums round differently by order, so summation order shows.
const STRENGTHS = [0, 0.1, 0.2, 0.3, 0.7, 1 / 3, 1];

/** The graph as plain rows: what the store would hold after the same writes. */
class GraphModel {
  readonly accounts = new Map<string, GraphNode>();
  readonly links = new Map<string, GraphEdge>();
  readonly memberships = new Map<string, Membership>();

  /** The write as a patch when it is valid on the current graph, else null (the API would refuse it). */
  accept(write: Write): GraphPatch | null {
    switch (write.kind) {
      case "account": {
        const node = account(write.id, { annualRevenue: write.revenue });
        this.accounts.set(write.id, node);
        return { op: "UPSERT_NODE", node };
      }
      case "removeAccount": {
        if (!this.accounts.has(write.id)) return null;
        this.accounts.delete(write.id);
        for (const [id, link] of this.links) if (link.fromId === write.id || link.toId === write.id) this.links.delete(id);
        for (const [key, m] of this.memberships) if (m.accountId === write.id) this.memberships.delete(key);
        return { op: "REMOVE_NODE", id: write.id };
      }
      case "link": {
        const existing = this.links.get(write.id);
        if (write.from === write.to || !this.accounts.has(write.from) || !this.accounts.has(write.to)) return null;
        if (existing && (existing.fromId !== write.from || existing.toId !== write.to)) return null;
        const edge: GraphEdge = {
          id: write.id,
          type: write.referred ? "REFERRED" : "INFLUENCES",
          fromId: write.from,
          toId: write.to,
          strength: write.strength,
          revenue: write.referred ? 100 : null,
        };
        this.links.set(write.id, edge);
        return { op: "ADD_EDGE", edge };
      }
      case "unlink":
        if (!this.links.delete(write.id)) return null;
        return { op: "REMOVE_EDGE", id: write.id };
      case "join": {
        if (!this.accounts.has(write.account)) return null;
        const m = membership(write.account, write.community, write.leader ? "LEADER" : "MEMBER");
        this.memberships.delete(`${write.account}|${write.community}`); // re-joining moves it to the end, as the projection does
        this.memberships.set(`${write.account}|${write.community}`, m);
        return { op: "ADD_MEMBERSHIP", membership: m };
      }
      case "leave":
        if (!this.memberships.delete(`${write.account}|${write.community}`)) return null;
        return { op: "REMOVE_MEMBERSHIP", accountId: write.account, communityId: write.community };
    }
  }

  /** A fresh projection of the model, accounts in `order`, links and memberships in shuffled order. */
  freshProjection(order: readonly string[], shuffle: (n: number) => number[]): Projection {
    const links = [...this.links.values()];
    const memberships = [...this.memberships.values()];
    const builder = new GraphColumnsBuilder();
    builder.add({
      nodes: order.map((id) => this.accounts.get(id)!),
      edges: shuffle(links.length).map((i) => links[i]!),
      memberships: shuffle(memberships.length).map((i) => memberships[i]!),
    });
    return projectionFromColumns(builder.finish(), {}, true);
  }
}

type Write =
  | { kind: "account"; id: string; revenue: number }
  | { kind: "removeAccount"; id: string }
  | { kind: "link"; id: string; from: string; to: string; referred: boolean; strength: number }
  | { kind: "unlink"; id: string }
  | { kind: "join"; account: string; community: string; leader: boolean }
  | { kind: "leave"; account: string; community: string };

const accountId = fc.constantFrom(...ACCOUNTS);
const communityId = fc.constantFrom(...COMMUNITIES);
const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("account" as const), id: accountId, revenue: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("removeAccount" as const), id: accountId }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("link" as const),
      id: fc.constantFrom(...LINKS),
      from: accountId,
      to: accountId,
      referred: fc.boolean(),
      strength: fc.constantFrom(...STRENGTHS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("unlink" as const), id: fc.constantFrom(...LINKS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("join" as const), account: accountId, community: communityId, leader: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), account: accountId, community: communityId }) },
);

function expectSameCsr(actual: Csr, expected: Csr, label: string): void {
  expect(actual.ids, `${label}: ids`).toEqual(expected.ids);
  for (const field of ["outOffsets", "outTargets", "outWeights", "inOffsets", "inSources", "inWeights", "outWeightSums", "inWeightSums"] as const) {
    expect([...actual[field]], `${label}: ${field}`).toEqual([...expected[field]]);
  }
  expect(actual.size, `${label}: size`).toBe(expected.size);
}

const VIEWS: CsrViewName[] = ["INFLUENCE", "LINKS"];

describe("CSR patching", () => {
  it("sums three or more parallel ties in ascending order, whatever order they arrive in", () => {
    // (0.3 + 0.2) + 0.1 = 0.6 but (0.1 + 0.2) + 0.3 = 0.6000000000000001.
    const weightOf = (strengths: number[]) => {
      const model = new GraphModel();
      for (const id of ["a0", "a1"]) model.accept({ kind: "account", id, revenue: 0 });
      const projection = model.freshProjection(["a0", "a1"], (n) => [...Array(n).keys()]);
      const links = strengths.map((strength, i) => model.accept({ kind: "link", id: `l${i}`, from: "a0", to: "a1", referred: false, strength })!);
      applyGraphPatch(projection, links);
      return csrOf(projection).outWeights[0];
    };
    expect(weightOf([0.3, 0.2, 0.1])).toBe(0.1 + 0.2 + 0.3);
    expect(weightOf([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3);
    expect(weightOf([0.2, 0.3, 0.1])).toBe(0.1 + 0.2 + 0.3);
  });

  it("gives exactly the CSR of a fresh build after any sequence of writes", () => {
    fc.assert(
      fc.property(
        fc.array(writeArbitrary, { minLength: 5, maxLength: 20 }),
        fc.array(writeArbitrary, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 30 }),
        fc.subarray(VIEWS, { minLength: 0 }),
        fc.boolean(),
        fc.integer(),
        (initial, writes, batchSizes, viewsBetween, mirror, seed) => {
          const model = new GraphModel();
          for (const write of initial) model.accept(write);
          const projection = model.freshProjection([...model.accounts.keys()], (n) => [...Array(n).keys()]);
          if (mirror) void projection.graph; // materialised now, so it is patched from here on
          for (const view of VIEWS) csrOf(projection, view); // both views exist, and are patched from here on

          let at = 0;
          for (let b = 0; at < writes.length; b++) {
            const batch = writes.slice(at, at + batchSizes[b % batchSizes.length]!);
            at += batch.length;
            const patches = batch.map((write) => model.accept(write)).filter((patch) => patch !== null);
            applyGraphPatch(projection, patches);
            for (const view of viewsBetween) csrOf(projection, view); // some views patched between batches, others later in one go
          }

          let state = seed;
          const shuffle = (n: number) => {
            const order = [...Array(n).keys()];
            for (let i = n - 1; i > 0; i--) {
              state = (Math.imul(state, 1103515245) + 12345) | 0;
              const j = (state >>> 0) % (i + 1);
              [order[i], order[j]] = [order[j]!, order[i]!];
            }
            return order;
          };
          const patchedIds = csrOf(projection).ids;
          expect([...patchedIds].sort()).toEqual([...model.accounts.keys()].sort());
          const fresh = model.freshProjection(patchedIds, shuffle);
          for (const view of VIEWS) {
            const patched = csrOf(projection, view);
            expectSameCsr(patched, csrOf(fresh, view), `${view} vs fresh build`);
            expectSameCsr(patched, buildCsr(projection.graph, CSR_VIEWS[view]), `${view} vs graphology mirror`);
          }
          expect(projection.links.count).toBe(model.links.size);
          expect(projection.memberships.count).toBe(model.memberships.size);
        },
      ),
      { numRuns: 300 },
    );
  });
});
