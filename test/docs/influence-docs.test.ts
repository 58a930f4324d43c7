/**
 * docs/influence.md must not drift from the code: its constants table equals the
 * analytics DEFAULTS, and the numbers the GraphQL schema quotes for the sampled metrics
 * (written by hand in src/api, which may not import analytics) equal them too.
 */
import { readFileSync } from "node:fs";
import { GraphQLEnumType, GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULTS as PROJECTION } from "../../src/analytics/projection.js";
import { DEFAULTS as PAGERANK } from "../../src/analytics/metrics/pagerank.js";
import { DEFAULTS as HITS } from "../../src/analytics/metrics/hits.js";
import { DEFAULTS as EIGENVECTOR, ITERATION_BUDGET as EIGENVECTOR_BUDGET } from "../../src/analytics/metrics/eigenvector.js";
import { DEFAULTS as BETWEENNESS } from "../../src/analytics/metrics/betweenness.js";
import { DEFAULTS as HARMONIC } from "../../src/analytics/metrics/harmonic-closeness.js";
import { DEFAULTS as LOUVAIN } from "../../src/analytics/metrics/louvain.js";
import { DEFAULTS as REACH, MAX_HOPS } from "../../src/analytics/metrics/reach.js";
import { HOP_COST } from "../../src/analytics/metrics/referral-paths.js";
import { DEFAULTS as SNAPSHOT } from "../../src/analytics/engine/snapshot-compute.js";
import { buildAccountGraphSchema } from "../../src/api/build-schema.js";

const DOC = readFileSync(new URL("../../docs/influence.md", import.meta.url), "utf8");

const CODE: Record<string, number | boolean> = {
  "projection.membershipTies": PROJECTION.membershipTies,
  "projection.membershipTieStrength": PROJECTION.membershipTieStrength,
  "pagerank.alpha": PAGERANK.alpha,
  "pagerank.tolerance": PAGERANK.tolerance,
  "pagerank.maxIterations": PAGERANK.maxIterations,
  "hits.tolerance": HITS.tolerance,
  "hits.maxIterations": HITS.maxIterations,
  "eigenvector.tolerance": EIGENVECTOR.tolerance,
  "eigenvector.minIterations": EIGENVECTOR_BUDGET.minIterations,
  "eigenvector.iterationArcVisits": EIGENVECTOR_BUDGET.arcVisits,
  "betweenness.exactMaxNodes": BETWEENNESS.exactMaxNodes,
  "betweenness.pivots": BETWEENNESS.pivots,
  "betweenness.seed": BETWEENNESS.seed,
  "harmonicCloseness.exactMaxNodes": HARMONIC.exactMaxNodes,
  "harmonicCloseness.pivots": HARMONIC.pivots,
  "harmonicCloseness.seed": HARMONIC.seed,
  "snapshot.harmonicClosenessMaxNodes": SNAPSHOT.harmonicClosenessMaxNodes,
  "louvain.resolution": LOUVAIN.resolution,
  "louvain.seed": LOUVAIN.seed,
  "louvain.visitsPerStep": LOUVAIN.visitsPerStep,
  "reach.hops": REACH.hops,
  "reach.maxHops": MAX_HOPS,
  "referralPaths.hopCost": HOP_COST,
};

/** Rows of the table between the constants markers: name -> value as written. */
function documentedConstants(): Record<string, number | boolean> {
  const table = /<!-- constants:start -->([\s\S]*?)<!-- constants:end -->/.exec(DOC);
  if (!table) throw new Error("docs/influence.md has no <!-- constants:start --> ... <!-- constants:end --> table");
  const rows = table[1]!.split("\n").filter((line) => line.startsWith("|") && !/^\|\s*(constant|---)/.test(line));
  return Object.fromEntries(
    rows.map((line) => {
      const [name, value] = line
        .split("|")
        .slice(1, 3)
        .map((cell) => cell.trim()) as [string, string];
      return [name, value === "true" || value === "false" ? value === "true" : Number(value.replaceAll(",", ""))];
    }),
  );
}

const thousands = (n: number) => n.toLocaleString("en");

async function sampledDescriptions(): Promise<string[]> {
  const schema = await buildAccountGraphSchema();
  const metric = schema.getType("InfluenceMetric") as GraphQLEnumType;
  const influence = schema.getType("Influence") as GraphQLObjectType;
  return [
    metric.getValue("BETWEENNESS")!.description!,
    influence.getFields().betweenness!.description!,
    metric.getValue("HARMONIC_CLOSENESS")!.description!,
    influence.getFields().harmonicCloseness!.description!,
  ];
}

describe("docs/influence.md", () => {
  it("lists every analytics constant with the value the code uses", () => {
    expect(documentedConstants()).toEqual(CODE);
  });

  it("states the exact/sampled switch the code makes, in the prose too", () => {
    for (const options of [BETWEENNESS, HARMONIC]) {
      expect(DOC).toContain(`**Exact up to ${thousands(options.exactMaxNodes)} accounts.**`);
      expect(DOC).toContain(`${options.pivots} sampled`);
    }
    expect(DOC).toContain(`**Above ${thousands(SNAPSHOT.harmonicClosenessMaxNodes)} accounts it is not computed**`);
  });
});

describe("schema descriptions of the sampled metrics", () => {
  it("quote the threshold, sample size and seed of the code, and point to the docs", async () => {
    const [betweennessEnum, betweennessField, harmonicEnum, harmonicField] = await sampledDescriptions();
    for (const [text, options] of [
      [betweennessEnum, BETWEENNESS],
      [betweennessField, BETWEENNESS],
      [harmonicEnum, HARMONIC],
      [harmonicField, HARMONIC],
    ] as const) {
      expect(text).toContain(`Exact up to ${thousands(options.exactMaxNodes)} accounts`);
      expect(text).toContain(`estimated from ${options.pivots} sampled`);
      expect(text).toContain(`(seed ${options.seed})`);
      expect(text).toContain("docs/influence.md");
    }
    for (const text of [harmonicEnum, harmonicField]) {
      expect(text).toContain(`Not computed above ${thousands(SNAPSHOT.harmonicClosenessMaxNodes)} accounts`);
    }
  });
});
