#!/usr/bin/env python3
"""Independent check of docs/influence.md, "Error of the sampled metrics", with networkx.

Reads the files `npm run bench:sampling -- --sizes N --export DIR` writes (DIR/sampling-N.json:
the INFLUENCE arcs with their summed strengths, our exact betweenness and harmonic
closeness, and our sampled betweenness per seed) and:

1. recomputes exact betweenness (normalized, length 1/strength) and harmonic closeness of
   out-distances (harmonic_centrality of the reversed graph) with networkx, and prints the
   largest difference from ours;
2. estimates betweenness with networkx's own sampler (k = our pivot count, same seeds) and
   prints its error next to ours, so a sampling error that is ours alone would show.

Run from the repository root: python3 scripts/reference/networkx_sampling_check.py DIR/sampling-2500.json
Requires only networkx (3.x; checked with 3.6.1). Pure-Python networkx: ~20 s per metric at
2,500 accounts, growing with the square of the size.
"""
import json
import sys

import networkx as nx


def error_profile(estimate, truth, n):
    errors = [abs(estimate[i] - truth[i]) for i in range(n)]
    exact_top = sorted(range(n), key=lambda i: (-truth[i], i))[:10]
    sampled_order = sorted(range(n), key=lambda i: (-estimate[i], i))
    return (
        max(errors),
        sum(errors) / n,
        len(set(exact_top) & set(sampled_order[:10])),
        len(set(exact_top) & set(sampled_order[:20])),
    )


def main(path):
    data = json.load(open(path))
    n = data["n"]
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    for u, v, strength in data["arcs"]:
        if strength > 0:  # strength 0 is no path (length would be infinite)
            graph.add_edge(u, v, length=1.0 / strength)

    exact = nx.betweenness_centrality(graph, normalized=True, weight="length")
    harmonic = nx.harmonic_centrality(graph.reverse(), distance="length")
    print(f"{path}: {n} accounts, {graph.number_of_edges()} arcs")
    print("  exact betweenness, max |ours - networkx|:", max(abs(data["betweenness"][i] - exact[i]) for i in range(n)))
    print("  harmonic closeness, max |ours - networkx|:", max(abs(data["harmonic"][i] - harmonic[i]) for i in range(n)))
    print("  sampled betweenness, k = %d: max abs error, mean abs error, exact top 10 in sampled top 10 / top 20" % data["pivots"])
    for seed, ours in data["sampledBetweenness"].items():
        theirs = nx.betweenness_centrality(graph, k=data["pivots"], normalized=True, weight="length", seed=int(seed))
        mine = error_profile(ours, exact, n)
        nx_profile = error_profile([theirs[i] for i in range(n)], exact, n)
        print("    seed %-3s ours %.4f %.2e %2d %2d   networkx %.4f %.2e %2d %2d" % ((seed,) + mine + nx_profile))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: networkx_sampling_check.py DIR/sampling-N.json")
    main(sys.argv[1])
