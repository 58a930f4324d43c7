/**
 * The influence map: the whole network drawn with sigma.js (WebGL) from a graphology
 * graph built from the API (map-data.ts). ForceAtlas2 runs in a web worker for a few
 * seconds after loading, so the page stays responsive while the layout settles.
 *
 * Level of detail for 20,000 accounts: labels only for nodes drawn large enough
 * (labelRenderedSizeThreshold), edges faded as the camera zooms out and hidden while it
 * moves; filters, highlights and paths are applied by reducers, never by rebuilding.
 */
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import { readCredential, saveCredential } from "../credentials.js";
import { graphql, GraphQLRequestError } from "../graphql-client.js";
import { applyColours, applySizes, COLOUR_GROUPS, SIZE_MEASURES, type ColourGroup, type SizeMeasure } from "./appearance.js";
import { loadMap, type LoadedMap, type MapEdgeAttributes, type MapGraph, type MapNodeAttributes } from "./map-data.js";

type MapRenderer = Sigma<MapNodeAttributes, MapEdgeAttributes>;
import { el, showAccount } from "./side-panel.js";

const LAYOUT_MS = 6_000;

const $ = <T extends HTMLElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`web/map: #${id} missing from map.html`);
  return found as T;
};

interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
}

const state = {
  selected: null as string | null,
  highlight: null as Highlight | null,
  filters: { owner: "", segment: "", tier: "", status: "" },
  pathFrom: null as { id: string; name: string } | null,
  pathTo: null as { id: string; name: string } | null,
  zoomedOut: true,
  manyEdges: false,
};

function setStatus(text: string): void {
  $("map-status").textContent = text;
}

async function main(): Promise<void> {
  const credential = $<HTMLInputElement>("credential");
  credential.value = readCredential();
  $("save-credential").onclick = () => {
    saveCredential(credential.value);
    location.reload();
  };

  setStatus("Loading the network…");
  let loaded: LoadedMap;
  try {
    loaded = await loadMap();
  } catch (error) {
    const needsCredential = error instanceof GraphQLRequestError && error.status === 401;
    setStatus("");
    $("panel").replaceChildren(
      el("p", needsCredential ? "This server needs a credential: paste an API key or JWT on the left and save." : (error as Error).message, "error"),
    );
    document.body.dataset.mapState = "error";
    return;
  }
  const { graph, managers } = loaded;
  state.manyEdges = graph.size > 5_000;
  fillSelect(
    "owner",
    [...managers].sort((a, b) => a[1].localeCompare(b[1])),
  );
  applySizes(graph, "pagerank");
  renderLegend(applyColours(graph, "community", managers));

  const renderer = new Sigma(graph, $("graph"), {
    labelRenderedSizeThreshold: 9,
    labelDensity: 0.4,
    labelGridCellSize: 120,
    hideEdgesOnMove: graph.size > 20_000,
    zIndex: true,
    defaultEdgeType: "line",
    nodeReducer: (node, data) => {
      const a = data as typeof data & { owner: string; segment: string; tier: string; status: string };
      const out: Record<string, unknown> = { ...data };
      const f = state.filters;
      const highlighted = state.highlight?.nodes.has(node) ?? false;
      if (
        !highlighted &&
        ((f.owner && a.owner !== f.owner) ||
          (f.segment && a.segment !== f.segment) ||
          (f.tier && a.tier !== f.tier) ||
          (f.status && a.status !== f.status))
      ) {
        out.hidden = true;
      }
      if (state.highlight && !highlighted) {
        out.color = "#e3e6eb";
        out.label = "";
        out.zIndex = 0;
      } else if (state.highlight) {
        out.zIndex = 1;
        out.forceLabel = true;
      }
      if (node === state.selected) {
        out.highlighted = true;
        out.forceLabel = true;
        out.zIndex = 2;
      }
      return out;
    },
    edgeReducer: (edge, data) => {
      const out: Record<string, unknown> = { ...data };
      if (state.highlight) {
        const on = state.highlight.edges.has(edge);
        out.color = on ? "#d62728" : "#f0f2f5";
        out.size = on ? 3 : 0.5;
        out.zIndex = on ? 1 : 0;
      } else {
        // Faded when zoomed out on a big graph: 100,000 full-strength lines would hide the nodes.
        // Opaque light greys rather than alpha: sigma's WebGL edges showed translucent colours as nothing.
        out.color = state.zoomedOut && state.manyEdges ? "#eceef2" : "#c5cbd4";
      }
      return out;
    },
  });
  const camera = renderer.getCamera();
  camera.on("updated", ({ ratio }) => {
    const zoomedOut = ratio > 0.35;
    if (zoomedOut !== state.zoomedOut) {
      state.zoomedOut = zoomedOut;
      renderer.refresh({ skipIndexation: true });
    }
  });

  const refresh = () => renderer.refresh({ skipIndexation: true });
  const select = (id: string) => {
    state.selected = id;
    refresh();
    const panel = $("panel");
    void showAccount(panel, id, {
      pathFrom: (from, name) => {
        state.pathFrom = { id: from, name };
        updatePathControls();
      },
      pathTo: (to, name) => {
        state.pathTo = { id: to, name };
        updatePathControls();
      },
      neighbourhood: (around) => void showNeighbourhood(graph, around, refresh, renderer),
    });
  };
  renderer.on("clickNode", ({ node }) => select(node));
  renderer.on("clickStage", () => {
    state.selected = null;
    refresh();
  });

  wireControls(graph, managers, renderer, refresh, select);
  startLayout(graph, renderer);

  const shown = loaded.truncated ? `${graph.order.toLocaleString()} of ${loaded.totalAccounts.toLocaleString()}` : graph.order.toLocaleString();
  setStatus(`${shown} accounts · ${graph.size.toLocaleString()} links · snapshot v${loaded.version}`);
  document.body.dataset.mapState = "ready";
  (window as unknown as { accountgraphMap: unknown }).accountgraphMap = { graph, renderer, select };
}

/**
 * ForceAtlas2 in a web worker (graphology-layout-forceatlas2/worker), from the community
 * placement, for a few seconds. Big graphs use Barnes-Hut and LinLog mode, which pulls
 * communities apart instead of packing every account into one ring.
 */
function startLayout(graph: MapGraph, renderer: MapRenderer): void {
  // Said on the page, so a person (or a test) can tell when nodes stop moving.
  const setLayoutState = (state: "running" | "done"): void => {
    document.body.dataset.layout = state;
  };
  if (graph.order < 2) return setLayoutState("done");
  setLayoutState("running");
  const big = graph.order > 2_000;
  const settings = big
    ? {
        ...forceAtlas2.inferSettings(graph),
        barnesHutOptimize: true,
        strongGravityMode: false,
        gravity: 0.5,
        linLogMode: true,
        scalingRatio: 2,
        slowDown: 20,
      }
    : { ...forceAtlas2.inferSettings(graph), slowDown: 5 };
  const layout = new FA2Layout(graph, { settings });
  layout.start();
  setTimeout(
    () => {
      layout.stop();
      layout.kill();
      renderer.refresh();
      setLayoutState("done");
    },
    big ? LAYOUT_MS * 2 : LAYOUT_MS,
  );
}

function fillSelect(id: string, options: [string, string][]): void {
  const select = $<HTMLSelectElement>(id);
  for (const [value, label] of options) select.append(new Option(label, value));
}

function renderLegend(entries: { label: string; colour: string }[]): void {
  $("legend").replaceChildren(
    ...entries.map((entry) => {
      const item = el("li");
      const dot = el("i");
      dot.style.background = entry.colour;
      item.append(dot, document.createTextNode(entry.label));
      return item;
    }),
  );
}

function wireControls(
  graph: MapGraph,
  managers: Map<string, string>,
  renderer: MapRenderer,
  refresh: () => void,
  select: (id: string) => void,
): void {
  const sizeBy = $<HTMLSelectElement>("size-by");
  for (const [value, label] of Object.entries(SIZE_MEASURES)) sizeBy.append(new Option(label, value));
  sizeBy.onchange = () => {
    applySizes(graph, sizeBy.value as SizeMeasure);
    renderer.refresh();
  };
  const colourBy = $<HTMLSelectElement>("colour-by");
  for (const [value, label] of Object.entries(COLOUR_GROUPS)) colourBy.append(new Option(label, value));
  colourBy.onchange = () => {
    renderLegend(applyColours(graph, colourBy.value as ColourGroup, managers));
    renderer.refresh();
  };
  for (const key of ["owner", "segment", "tier", "status"] as const) {
    const filter = $<HTMLSelectElement>(key);
    filter.onchange = () => {
      state.filters[key] = filter.value;
      refresh();
    };
  }

  // Search: a substring of the name, at most 12 matches, biggest (by current size) first.
  const search = $<HTMLInputElement>("search");
  const matches = $<HTMLUListElement>("matches");
  const names = graph.mapNodes((node, a) => ({ node, name: a.label, folded: a.label.toLocaleLowerCase() }));
  const choose = (node: string) => {
    matches.replaceChildren();
    search.value = graph.getNodeAttribute(node, "label");
    select(node);
    const display = renderer.getNodeDisplayData(node);
    if (display) void renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.15 }, { duration: 500 });
  };
  search.oninput = () => {
    const text = search.value.trim().toLocaleLowerCase();
    if (text.length < 2) return matches.replaceChildren();
    const found = names
      .filter((n) => n.folded.includes(text))
      .sort((a, b) => graph.getNodeAttribute(b.node, "size") - graph.getNodeAttribute(a.node, "size"))
      .slice(0, 12);
    matches.replaceChildren(
      ...found.map((n) => {
        const item = el("li", n.name);
        item.onclick = () => choose(n.node);
        return item;
      }),
    );
  };
  search.onkeydown = (event) => {
    const first = matches.querySelector("li");
    if (event.key === "Enter" && first) first.click();
  };

  $("find-path").onclick = () => void findPath(graph, refresh);
  $("clear-highlight").onclick = () => {
    state.highlight = null;
    state.pathFrom = null;
    state.pathTo = null;
    updatePathControls();
    $("path-result").textContent = "";
    refresh();
  };
}

function updatePathControls(): void {
  $("path-from").textContent = state.pathFrom?.name ?? "– (pick an account, then “Path from here”)";
  $("path-to").textContent = state.pathTo?.name ?? "– (“Path to here”)";
  $<HTMLButtonElement>("find-path").disabled = !(state.pathFrom && state.pathTo);
}

function edgeBetween(graph: MapGraph, a: string, b: string): string | undefined {
  return graph.edge(a, b) ?? graph.edge(b, a);
}

async function findPath(graph: MapGraph, refresh: () => void): Promise<void> {
  if (!state.pathFrom || !state.pathTo) return;
  const result = $("path-result");
  result.textContent = "Searching…";
  try {
    const { referralPath } = await graphql<{ referralPath: { hops: number; strength: number; accounts: { id: string; name: string }[] } | null }>(
      `
        query MapPath($from: ID!, $to: ID!) {
          referralPath(fromId: $from, toId: $to, mode: STRONGEST) {
            hops
            strength
            accounts {
              id
              name
            }
          }
        }
      `,
      { from: state.pathFrom.id, to: state.pathTo.id },
    );
    if (!referralPath) {
      result.textContent = "No chain of introductions joins them.";
      return;
    }
    const ids = referralPath.accounts.map((a) => a.id);
    const edges = new Set<string>();
    for (let i = 1; i < ids.length; i++) {
      const edge = edgeBetween(graph, ids[i - 1]!, ids[i]!);
      if (edge) edges.add(edge);
    }
    state.highlight = { nodes: new Set(ids), edges };
    result.textContent = `${referralPath.hops} hops, strength ${referralPath.strength.toFixed(3)}: ${referralPath.accounts.map((a) => a.name).join(" → ")}`;
    refresh();
  } catch (error) {
    result.textContent = (error as Error).message;
  }
}

/** Highlights the accounts within two ties (also those the filters hide) and adds ties the map did not load. */
async function showNeighbourhood(graph: MapGraph, around: string, refresh: () => void, renderer: MapRenderer): Promise<void> {
  const { influenceGraph } = await graphql<{
    influenceGraph: { nodes: { accountId: string }[]; edges: { fromId: string; toId: string; strength: number }[] } | null;
  }>(
    `
      query MapNeighbourhood($id: ID!) {
        influenceGraph(around: [$id], depth: 2, limit: 300) {
          nodes {
            accountId
          }
          edges {
            fromId
            toId
            strength
          }
        }
      }
    `,
    { id: around },
  );
  if (!influenceGraph) return;
  const nodes = new Set(influenceGraph.nodes.map((n) => n.accountId).filter((id) => graph.hasNode(id)));
  const edges = new Set<string>();
  for (const tie of influenceGraph.edges) {
    if (!graph.hasNode(tie.fromId) || !graph.hasNode(tie.toId)) continue;
    let edge = edgeBetween(graph, tie.fromId, tie.toId);
    if (!edge) edge = graph.addEdge(tie.fromId, tie.toId, { strength: tie.strength, size: 0.5 + tie.strength, color: "", extra: true });
    edges.add(edge);
  }
  state.highlight = { nodes, edges };
  $("path-result").textContent = `${nodes.size} accounts within two ties`;
  refresh();
  const display = renderer.getNodeDisplayData(around);
  if (display) void renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.3 }, { duration: 500 });
}

main().catch((error: unknown) => {
  setStatus("");
  document.body.dataset.mapState = "error";
  console.error(error);
});
