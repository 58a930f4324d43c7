"""
python-igraph (C core) on the same influence edge list as our analytics, for the
benchmark's ratio column: graph build, PageRank (PRPACK), betweenness (exact; weights as
lengths 1/strength like ours) and Louvain (multilevel, on the undirected summed graph:
igraph's Louvain needs an undirected graph). Also checks our PageRank against igraph's.

    python3 bench/igraph-bench.py <edges file> <pagerank file of ours> <exact betweenness 0|1>

Our PageRank flows from the influenced to the influencer (networkx pagerank(G.reverse())),
so igraph runs on the reversed edges. Prints one JSON line.
"""
import json
import resource
import sys
import time
from array import array

import igraph as ig


def main() -> None:
    edges_path, pagerank_path, exact = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
    ours = array("d")
    with open(pagerank_path, "rb") as f:
        ours.frombytes(f.read())
    n = len(ours)
    started = time.perf_counter()
    sources, targets, weights = [], [], []
    with open(edges_path) as f:
        for line in f:
            s, t, w = line.split()
            sources.append(int(s))
            targets.append(int(t))
            weights.append(float(w))
    read_ms = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    reversed_graph = ig.Graph(n=n, edges=list(zip(targets, sources)), directed=True)
    reversed_graph.es["weight"] = weights
    build_ms = (time.perf_counter() - started) * 1000
    result = {"readMs": read_ms, "buildMs": build_ms}

    started = time.perf_counter()
    pagerank = reversed_graph.pagerank(weights="weight", directed=True, damping=0.85, implementation="prpack")
    result["pagerankMs"] = (time.perf_counter() - started) * 1000
    result["pagerankMaxRelDiff"] = max(abs(a - b) / b for a, b in zip(ours, pagerank) if b > 0)
    # PRPACK's time depends on the graph's structure; ARPACK is igraph's other solver.
    started = time.perf_counter()
    reversed_graph.pagerank(weights="weight", directed=True, damping=0.85, implementation="arpack")
    result["pagerankArpackMs"] = (time.perf_counter() - started) * 1000

    if exact:
        lengths = [1 / w if w > 0 else float("inf") for w in weights]
        started = time.perf_counter()
        reversed_graph.betweenness(directed=True, weights=lengths)
        result["betweennessMs"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    undirected = reversed_graph.as_undirected(combine_edges={"weight": "sum"})
    result["undirectedMs"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    partition = undirected.community_multilevel(weights="weight")
    result["louvainMs"] = (time.perf_counter() - started) * 1000
    result["louvainModularity"] = partition.modularity
    result["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(json.dumps(result))


if __name__ == "__main__":
    main()
