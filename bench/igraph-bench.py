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


CPU_MS = {}


def timed(work, label=None):
    """Wall milliseconds; CPU milliseconds go to CPU_MS[label] (wall includes waiting for a core on a shared machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = work()
    if label:
        CPU_MS[label] = (time.process_time() - cpu) * 1000
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

    reversed_graph, result["buildMs"] = timed(build, "build")
    del edges

    pagerank = lambda: reversed_graph.pagerank(weights="weight", directed=True, damping=0.85, implementation="prpack")
    values, result["pagerankFirstMs"] = timed(pagerank, "pagerankFirst")
    warm = []
    for _ in range(3):
        warm.append((timed(pagerank, "pagerank")[1], CPU_MS["pagerank"]))
    result["pagerankMs"] = statistics.median(ms for ms, _ in warm)
    CPU_MS["pagerank"] = statistics.median(cpu for _, cpu in warm)
    result["pagerankMaxRelDiff"] = max(abs(a - b) / b for a, b in zip(ours, values) if b > 0)
    _, result["pagerankArpackMs"] = timed(
        lambda: reversed_graph.pagerank(weights="weight", directed=True, damping=0.85, implementation="arpack")
    )
    # HITS and eigenvector on the edges as stored (A -> B: A influences B).
    forward = reversed_graph.copy()
    forward.reverse_edges()
    _, result["hitsMs"] = timed(lambda: (forward.hub_score(weights="weight"), forward.authority_score(weights="weight")), "hits")
    _, result["eigenvectorMs"] = timed(lambda: reversed_graph.eigenvector_centrality(directed=True, weights="weight"), "eigenvector")
    del forward

    if exact:
        lengths = [1 / w if w > 0 else float("inf") for w in weights]
        _, result["betweennessMs"] = timed(lambda: reversed_graph.betweenness(directed=True, weights=lengths))

    undirected, result["undirectedMs"] = timed(lambda: reversed_graph.as_undirected(combine_edges={"weight": "sum"}))
    partition, result["louvainMs"] = timed(lambda: undirected.community_multilevel(weights="weight"), "louvain")
    result["louvainModularity"] = partition.modularity
    result["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    result["cpuMs"] = CPU_MS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
