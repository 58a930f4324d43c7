#!/usr/bin/env python3
"""Reference values for the analytics tests, computed with networkx.

Writes test/analytics/fixtures/{karate,florentine,directed-weighted,star}.json. Each fixture
carries its graph as accounts and links (an undirected edge becomes two links, one each
way, which is how the projection represents a mutual tie) plus networkx's answers,
computed on exactly the graph and direction our code uses (see each metric's header in
src/analytics/metrics/):

- PageRank / personalized PageRank: rank flows from the influenced to the influencer,
  so networkx runs on G.reverse(). Pure-Python `_pagerank_python` (this machine has no
  scipy); tolerance far below ours.
- HITS on G, eigenvector centrality on G.reverse(), both weighted by strength.
- Betweenness normalized, weighted with length 1/strength and unweighted.
- Harmonic centrality of out-distances: networkx harmonic_centrality(G.reverse()).
- Articulation points and bridges of G.to_undirected().
- Louvain: partitions depend on the RNG, so the tests compare modularity values; fixed
  partitions with networkx's modularity check our modularity formula exactly.
- k-hop reach and referral paths (strongest = Dijkstra on -log(strength) + 1e-9 per hop
  over the strongest link per pair; shortest = fewest hops, then strongest).

Parallel links (a REFERRED and an INFLUENCES between one pair) are summed for metrics
and the strongest is kept for paths, as src/analytics/csr.ts does.

Run from the repository root: python3 scripts/reference/networkx_reference.py
Requires only networkx (3.x; generated with 3.6.1). Output is reproducible: the script
fixes PYTHONHASHSEED and every RNG it uses is seeded.
"""
import json
import math
import os
import sys
from collections import defaultdict

import networkx as nx
from networkx.algorithms.link_analysis.hits_alg import _hits_python
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "..", "test", "analytics", "fixtures")
HOP_COST = 1e-9
LOUVAIN_SEED = 42


def undirected_links(graph, strength_of):
    links = []
    for u, v, data in graph.edges(data=True):
        s = strength_of(data)
        links.append({"from": str(u), "to": str(v), "type": "INFLUENCES", "strength": s})
        links.append({"from": str(v), "to": str(u), "type": "INFLUENCES", "strength": s})
    return links


def metric_graph(nodes, links):
    """DiGraph with parallel links summed: the INFLUENCE CSR view."""
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for link in links:
        u, v, s = link["from"], link["to"], link["strength"]
        if g.has_edge(u, v):
            g[u][v]["strength"] += s
        else:
            g.add_edge(u, v, strength=s)
    for _, _, data in g.edges(data=True):
        data["weight"] = data["strength"]  # _hits_python reads "weight"
        data["length"] = 1 / data["strength"]
        data["one"] = 1
    return g


def path_graph(nodes, links):
    """DiGraph with the strongest stored link per pair: the LINKS CSR view."""
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for link in links:
        u, v, s = link["from"], link["to"], link["strength"]
        if link["type"] not in ("REFERRED", "INFLUENCES") or s <= 0:
            continue
        if not g.has_edge(u, v) or g[u][v]["strength"] < s:
            g.add_edge(u, v, strength=s)
    for _, _, data in g.edges(data=True):
        data["cost"] = -math.log(data["strength"]) + HOP_COST
    return g


def product(g, path):
    return math.prod(g[u][v]["strength"] for u, v in zip(path, path[1:]))


def referral_paths(g, pairs):
    answers = []
    for source, target in pairs:
        # `unique`: no other path ties, so the tests may compare the accounts too.
        try:
            ties = list(nx.all_shortest_paths(g, source, target, weight="cost"))
            strongest = {"accountIds": ties[0], "strength": product(g, ties[0]), "unique": len(ties) == 1}
        except nx.NetworkXNoPath:
            strongest = None
        try:
            candidates = list(nx.all_shortest_paths(g, source, target))
            best = max(product(g, p) for p in candidates)
            ties = [p for p in candidates if product(g, p) == best]
            shortest = {"accountIds": ties[0], "strength": best, "unique": len(ties) == 1}
        except nx.NetworkXNoPath:
            shortest = None
        answers.append({"from": source, "to": target, "strongest": strongest, "shortest": shortest})
    return answers


def reach(g, revenue, sources, max_hops):
    answers = []
    for source in sources:
        for hops in range(1, max_hops + 1):
            reached = nx.single_source_shortest_path_length(g, source, cutoff=hops)
            others = [v for v in reached if v != source]
            answers.append(
                {
                    "from": source,
                    "hops": hops,
                    "accounts": len(others),
                    "revenue": sum(revenue[v] for v in others),
                }
            )
    return answers


def eigenvector(g):
    try:
        values = nx.eigenvector_centrality(g.reverse(), weight="strength", max_iter=100000, tol=1e-13)
        return {"converges": True, "values": values}
    except nx.PowerIterationFailedConvergence:
        # Also record whether networkx's own defaults (100 iterations, tol 1e-6) give up.
        try:
            nx.eigenvector_centrality(g.reverse(), weight="strength")
            return {"converges": False, "values": None, "networkxDefaultsConverge": True}
        except nx.PowerIterationFailedConvergence:
            return {"converges": False, "values": None, "networkxDefaultsConverge": False}


def references(nodes, links, seeds, partitions, reach_sources, path_pairs, revenue):
    g = metric_graph(nodes, links)
    n = g.number_of_nodes()
    tight = 1e-15
    pagerank = _pagerank_python(g.reverse(), alpha=0.85, weight="strength", tol=tight, max_iter=100000)
    pagerank_unweighted = _pagerank_python(g.reverse(), alpha=0.85, weight="one", tol=tight, max_iter=100000)
    personalized = _pagerank_python(
        g.reverse(),
        alpha=0.85,
        weight="strength",
        personalization={s: 1 for s in seeds},
        tol=tight,
        max_iter=100000,
    )
    hubs, authorities = _hits_python(g, max_iter=100000, tol=1e-14)
    louvain = nx.community.louvain_communities(g, weight="strength", seed=LOUVAIN_SEED)
    undirected = g.to_undirected()
    return {
        "pagerank": pagerank,
        "pagerankUnweighted": pagerank_unweighted,
        "personalizedPagerank": {"seeds": seeds, "values": personalized},
        "hits": {"hubs": hubs, "authorities": authorities},
        "betweenness": {
            "weighted": nx.betweenness_centrality(g, normalized=True, weight="length"),
            "unweighted": nx.betweenness_centrality(g, normalized=True, weight=None),
        },
        "harmonicCloseness": {
            "weighted": nx.harmonic_centrality(g.reverse(), distance="length"),
            "unweighted": nx.harmonic_centrality(g.reverse()),
        },
        "eigenvector": eigenvector(g),
        "inDegree": dict(g.in_degree()),
        "outDegree": dict(g.out_degree()),
        "weightedInDegree": dict(g.in_degree(weight="strength")),
        "weightedOutDegree": dict(g.out_degree(weight="strength")),
        "articulationPoints": sorted(nx.articulation_points(undirected)),
        "bridges": sorted(sorted(edge) for edge in nx.bridges(undirected)),
        "louvain": {
            "seed": LOUVAIN_SEED,
            "communities": [sorted(c) for c in louvain],
            "modularity": nx.community.modularity(g, louvain, weight="strength"),
        },
        "partitions": [
            {
                "name": name,
                "communities": communities,
                "modularity": nx.community.modularity(g, communities, weight="strength"),
            }
            for name, communities in partitions
        ],
        "reach": reach(g, revenue, reach_sources, 3),
        "referralPaths": referral_paths(path_graph(nodes, links), path_pairs),
        "order": n,
    }


def fixture(name, source, nodes, links, revenue, **kwargs):
    for i, link in enumerate(links):
        link["id"] = f"{name}-l{i}"
    return {
        "name": name,
        "source": source,
        "generatedWith": f"networkx {nx.__version__}, scripts/reference/networkx_reference.py",
        "accounts": [{"id": v, "annualRevenue": revenue[v]} for v in nodes],
        "links": links,
        "reference": references(nodes, links, revenue=revenue, **kwargs),
    }


def karate():
    g = nx.karate_club_graph()
    max_weight = max(d["weight"] for _, _, d in g.edges(data=True))
    nodes = [str(v) for v in g.nodes]
    # Zachary's interaction counts (1..7) scaled into strengths 0..1.
    links = undirected_links(g, lambda d: d["weight"] / max_weight)
    clubs = defaultdict(list)
    for v, data in g.nodes(data=True):
        clubs[data["club"]].append(str(v))
    return fixture(
        "karate",
        "Zachary karate club (networkx karate_club_graph, weights / 7)",
        nodes,
        links,
        revenue={v: (int(v) + 1) * 100_000 for v in nodes},
        seeds=["0", "33"],
        partitions=[("club", [sorted(c, key=int) for c in clubs.values()])],
        reach_sources=["0", "16"],
        path_pairs=[("16", "25"), ("11", "26")],
    )


def florentine():
    g = nx.florentine_families_graph()
    nodes = sorted(g.nodes)
    links = undirected_links(g, lambda d: 1.0)
    return fixture(
        "florentine",
        "Florentine families marriage network (networkx florentine_families_graph)",
        nodes,
        links,
        revenue={v: (i + 1) * 250_000 for i, v in enumerate(nodes)},
        seeds=["Medici"],
        partitions=[
            ("medici-vs-strozzi", [
                ["Acciaiuoli", "Albizzi", "Barbadori", "Ginori", "Medici", "Pazzi", "Ridolfi", "Salviati", "Tornabuoni"],
                ["Bischeri", "Castellani", "Guadagni", "Lamberteschi", "Peruzzi", "Strozzi"],
            ]),
        ],
        reach_sources=["Medici", "Pazzi"],
        path_pairs=[("Pazzi", "Lamberteschi"), ("Acciaiuoli", "Peruzzi")],
    )


def directed_weighted():
    # Two influence circles joined through d, a lone influencer h, two accounts that
    # influence nobody (i, j) and a REFERRED + INFLUENCES pair between e and g.
    raw = [
        ("a", "b", "INFLUENCES", 0.9),
        ("a", "c", "INFLUENCES", 0.4),
        ("b", "c", "REFERRED", 1.0),
        ("c", "a", "INFLUENCES", 0.5),
        ("c", "d", "INFLUENCES", 0.7),
        ("d", "e", "REFERRED", 1.0),
        ("e", "f", "INFLUENCES", 0.6),
        ("f", "g", "INFLUENCES", 0.8),
        ("g", "e", "INFLUENCES", 0.3),
        ("e", "g", "REFERRED", 1.0),
        ("e", "g", "INFLUENCES", 0.5),
        ("g", "d", "INFLUENCES", 0.4),
        ("h", "a", "INFLUENCES", 0.2),
        ("b", "i", "INFLUENCES", 0.6),
        ("f", "j", "INFLUENCES", 0.35),
    ]
    nodes = list("abcdefghij")
    links = [{"from": u, "to": v, "type": t, "strength": s} for u, v, t, s in raw]
    return fixture(
        "directed-weighted",
        "hand-made 10-account directed weighted referral / influence network",
        nodes,
        links,
        revenue={v: (i + 1) * 1_000_000 + 17 for i, v in enumerate(nodes)},
        seeds=["e", "h"],
        partitions=[("two-circles", [["a", "b", "c", "h", "i"], ["d", "e", "f", "g", "j"]])],
        reach_sources=["h", "c", "i"],
        path_pairs=[("h", "g"), ("a", "j"), ("d", "b"), ("i", "a")],
    )


def star():
    # The direction check: the centre influences five accounts and nobody influences it.
    # Acyclic, so eigenvector centrality has no stable answer (the iteration creeps).
    nodes = ["centre", "l1", "l2", "l3", "l4", "l5"]
    links = [{"from": "centre", "to": leaf, "type": "INFLUENCES", "strength": 0.8} for leaf in nodes[1:]]
    return fixture(
        "star",
        "hand-made star: one account influencing five others",
        nodes,
        links,
        revenue={v: 1_000_000 for v in nodes},
        seeds=["l1"],
        partitions=[("all", [nodes])],
        reach_sources=["centre", "l1"],
        path_pairs=[("centre", "l3"), ("l3", "centre")],
    )


def main():
    # networkx iterates some sets of nodes (harmonic centrality), whose order follows
    # string hashing; fix the hash seed so the fixtures are byte-for-byte reproducible.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    os.makedirs(OUT_DIR, exist_ok=True)
    for data in (karate(), florentine(), directed_weighted(), star()):
        path = os.path.join(OUT_DIR, f"{data['name']}.json")
        with open(path, "w") as out:
            json.dump(data, out, indent=1, sort_keys=False)
            out.write("\n")
        print(f"wrote {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
