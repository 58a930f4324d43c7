/**
 * How an account looks on the map: size from the chosen measure (square-root scale, so a
 * hub with 100x the PageRank is 10x wider, not off the screen) and colour from the chosen
 * grouping. Palettes are fixed, so a colour means the same thing between reloads.
 */
import type { MapGraph, MapNodeAttributes } from "./map-data.js";

export const SIZE_MEASURES = {
  pagerank: "PageRank",
  betweenness: "Betweenness",
  revenue: "Annual revenue",
  strategicScore: "Strategic score",
} as const;
export type SizeMeasure = keyof typeof SIZE_MEASURES;

export const COLOUR_GROUPS = { community: "Louvain community", tier: "Strategy tier", owner: "Owner" } as const;
export type ColourGroup = keyof typeof COLOUR_GROUPS;

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];
const OTHER = "#c7ccd4";
export const TIER_COLOURS: Record<string, string> = {
  STRATEGIC: "#d62728",
  PROTECT: "#ff7f0e",
  ADVOCATE: "#2ca02c",
  MAINTAIN: "#1f77b4",
  DEPRIORITIZE: "#9aa3ad",
};

const MIN_SIZE = 2;
const MAX_SIZE = 20;

export function applySizes(graph: MapGraph, measure: SizeMeasure): void {
  let max = 0;
  graph.forEachNode((_, a) => (max = Math.max(max, a[measure])));
  graph.updateEachNodeAttributes((_, a) => ({
    ...a,
    size: max > 0 ? MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(Math.max(0, a[measure]) / max) : MIN_SIZE,
  }));
}

export interface LegendEntry {
  label: string;
  colour: string;
}

/** Colours every node by `group`; returns the legend (largest groups first, the rest as "other"). */
export function applyColours(graph: MapGraph, group: ColourGroup, managers: Map<string, string>): LegendEntry[] {
  if (group === "tier") {
    graph.updateEachNodeAttributes((_, a) => ({ ...a, color: TIER_COLOURS[a.tier] ?? OTHER }));
    return Object.entries(TIER_COLOURS).map(([label, colour]) => ({ label, colour }));
  }
  const keyOf = (a: MapNodeAttributes) => (group === "community" ? String(a.community) : a.owner);
  const counts = new Map<string, number>();
  graph.forEachNode((_, a) => counts.set(keyOf(a), (counts.get(keyOf(a)) ?? 0) + 1));
  const biggest = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, PALETTE.length);
  const colours = new Map(biggest.map(([key], i) => [key, PALETTE[i]!]));
  graph.updateEachNodeAttributes((_, a) => ({ ...a, color: colours.get(keyOf(a)) ?? OTHER }));
  const legend = biggest.map(([key, count], i) => ({
    label: `${group === "community" ? `Community ${key}` : (managers.get(key) ?? (key || "no owner"))} (${count})`,
    colour: PALETTE[i]!,
  }));
  if (counts.size > biggest.length) legend.push({ label: `${counts.size - biggest.length} more`, colour: OTHER });
  return legend;
}
