/**
 * Helpers for the analytics tests: graph rows with sensible defaults, the networkx
 * reference fixtures (written by scripts/reference/networkx_reference.py) loaded as
 * projections, and score comparison by account id.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { GraphChunk, GraphEdge, GraphNode } from "../../src/domain/graph.js";
import type { LinkType, Membership } from "../../src/domain/model.js";
import { buildProjection, type Projection, type ProjectionOptions } from "../../src/analytics/projection.js";
import type { NodeScores } from "../../src/analytics/metrics/node-scores.js";

export function account(id: string, overrides: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    name: `Account ${id}`,
    status: "CUSTOMER",
    segment: "MID_MARKET",
    annualRevenue: 0,
    ownerId: null,
    licencesHeld: 0,
    licencesPlanned: 0,
    licencePrice: 0,
    ...overrides,
  };
}

let linkCounter = 0;
export function link(fromId: string, toId: string, strength = 1, type: LinkType = "INFLUENCES", id?: string): GraphEdge {
  return { id: id ?? `lnk_t${++linkCounter}`, type, fromId, toId, strength, revenue: type === "REFERRED" ? 0 : null };
}

export function membership(accountId: string, communityId: string, role: Membership["role"] = "MEMBER"): Membership {
  return { accountId, communityId, role, since: null };
}

/** A projection from accounts and links (ids of `links` endpoints are created as accounts). */
export function projectionFrom(
  links: GraphEdge[],
  extra: { nodes?: GraphNode[]; memberships?: Membership[]; options?: Partial<ProjectionOptions> } = {},
): Promise<Projection> {
  const ids = new Set((extra.nodes ?? []).map((n) => n.id));
  const nodes = [...(extra.nodes ?? [])];
  for (const edge of links) {
    for (const id of [edge.fromId, edge.toId]) {
      if (!ids.has(id)) {
        ids.add(id);
        nodes.push(account(id));
      }
    }
  }
  const chunk: GraphChunk = { nodes, memberships: extra.memberships ?? [], edges: links };
  return buildProjection([chunk], extra.options ?? {});
}

type Values = Record<string, number>;
export interface PathReference {
  from: string;
  to: string;
  strongest: { accountIds: string[]; strength: number; unique: boolean } | null;
  shortest: { accountIds: string[]; strength: number; unique: boolean } | null;
}
export interface Fixture {
  name: string;
  accounts: { id: string; annualRevenue: number }[];
  links: { id: string; from: string; to: string; type: LinkType; strength: number }[];
  reference: {
    pagerank: Values;
    pagerankUnweighted: Values;
    personalizedPagerank: { seeds: string[]; values: Values };
    hits: { hubs: Values; authorities: Values };
    betweenness: { weighted: Values; unweighted: Values };
    harmonicCloseness: { weighted: Values; unweighted: Values };
    eigenvector: { converges: boolean; values: Values | null; networkxDefaultsConverge?: boolean };
    inDegree: Values;
    outDegree: Values;
    weightedInDegree: Values;
    weightedOutDegree: Values;
    articulationPoints: string[];
    bridges: [string, string][];
    louvain: { seed: number; communities: string[][]; modularity: number };
    partitions: { name: string; communities: string[][]; modularity: number }[];
    reach: { from: string; hops: number; accounts: number; revenue: number }[];
    referralPaths: PathReference[];
    order: number;
  };
}

export const FIXTURE_NAMES = ["karate", "florentine", "directed-weighted", "star"] as const;

export function loadFixture(name: (typeof FIXTURE_NAMES)[number]): Fixture {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as Fixture;
}

export function projectionOfFixture(fixture: Fixture): Promise<Projection> {
  const nodes = fixture.accounts.map((a) => account(a.id, { annualRevenue: a.annualRevenue }));
  const edges = fixture.links.map((l) => link(l.from, l.to, l.strength, l.type, l.id));
  return projectionFrom(edges, { nodes });
}

/** Every account's score within `tolerance` of the reference (absolute). */
export function expectScoresClose(scores: NodeScores, reference: Values, tolerance = 1e-6): void {
  expect(scores.ids.length).toBe(Object.keys(reference).length);
  const worst = { id: "", diff: 0 };
  scores.ids.forEach((id, i) => {
    const expected = reference[id];
    expect(expected, `reference has ${id}`).toBeTypeOf("number");
    const diff = Math.abs(scores.values[i]! - expected!);
    if (diff > worst.diff) Object.assign(worst, { id, diff });
  });
  expect(worst.diff, `largest difference at ${worst.id}`).toBeLessThanOrEqual(tolerance);
}

export function scoreOf(scores: NodeScores, id: string): number {
  const index = scores.ids.indexOf(id);
  if (index < 0) throw new Error(`no score for ${id}`);
  return scores.values[index]!;
}

/** Ids ordered by descending score (ties by id). */
export function ranking(scores: NodeScores): string[] {
  return scores.ids
    .map((id, i) => ({ id, value: scores.values[i]! }))
    .sort((a, b) => b.value - a.value || a.id.localeCompare(b.id))
    .map((entry) => entry.id);
}
