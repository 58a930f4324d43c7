"""
python-igraph (C core) on the same influence edge list as our analytics, for the
benchmark's ratio column: graph build, PageRank (PRPACK: first call and median of 3;
ARPACK once), HITS (hub_score, ARPACK), eigenvector centrality (ARPACK), betweenness
(exact; weights as lengths 1/strength like ours; small graphs only) and Louvain
(multilevel, on the undirected summed graph: igraph's Louvain needs an undirected
graph). Also checks our PageRank against igraph's.

    python3 bench/igraph-bench.py <edges file> <pagerank file of ours> <exact betweenness 0|1>

Our PageRank flows from the influenced to the influencer (networkx pagerank(G.reverse())),
so igraph runs on the reversed edges. Prints one JSON line.
"""
import json
import resource
import statistics
import sys
import time
from array import array

import igraph as ig


def timed(work):
    started = time.perf_counter()
    value = work()
    return value, (time.perf_counter() - started) * 1000


def main() -> None:
    edges_path, pagerank_path, exact = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
    ours = array("d")
    with open(pagerank_path, "rb") as f:
        ours.frombytes(f.read())
    n = len(ours)
    started = time.perf_counter()
    edges, weights = [], array("d")
    with open(edges_path) as f:
        for line in f:
            s, t, w = line.split()
            edges.append((int(t), int(s)))  # reversed: rank flows to the influencer
            weights.append(float(w))
    result = {"readMs": (time.perf_counter() - started) * 1000}

    def build():
        graph = ig.Graph(n=n, edges=edges, directed=True)
        graph.es["weight"] = weights
        return graph

    reversed_graph, result["buildMs"] = timed(build)
    del edges

    pagerank = lambda: reversed_graph.pagerank(weights="weight", directed=True, damping=0.85, implementation="prpack")
    values, result["pagerankFirstMs"] = timed(pagerank)
    result["pagerankMs"] = statistics.median(timed(pagerank)[1] for _ in range(3))
    result["pagerankMaxRelDiff"] = max(abs(a - b) / b for a, b in zip(ours, values) if b > 0)
    _, result["pagerankArpackMs"] = timed(
        lambda: reversed_graph.pagerank(weights="weight", directed=True, damping=0.85, implementation="arpack")
    )
    # HITS and eigenvector on the edges as stored (A -> B: A influences B).
    forward = reversed_graph.copy()
    forward.reverse_edges()
    _, result["hitsMs"] = timed(lambda: (forward.hub_score(weights="weight"), forward.authority_score(weights="weight")))
    _, result["eigenvectorMs"] = timed(lambda: reversed_graph.eigenvector_centrality(directed=True, weights="weight"))
    del forward

    if exact:
        lengths = [1 / w if w > 0 else float("inf") for w in weights]
        _, result["betweennessMs"] = timed(lambda: reversed_graph.betweenness(directed=True, weights=lengths))

    undirected, result["undirectedMs"] = timed(lambda: reversed_graph.as_undirected(combine_edges={"weight": "sum"}))
    partition, result["louvainMs"] = timed(lambda: undirected.community_multilevel(weights="weight"))
    result["louvainModularity"] = partition.modularity
    result["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(json.dumps(result))


if __name__ == "__main__":
    main()
