"""The page's layout: stress majorization keeps graph distances as Kamada-Kawai does, deterministically."""

import math

import networkx as nx
import numpy as np

from kg.layout import layout, stress_layout


def _stress(graph, pos):
    nodes = list(graph)
    hops = dict(nx.all_pairs_shortest_path_length(graph))
    x = np.array([pos[v] for v in nodes])
    d = np.array([[hops[a][b] for b in nodes] for a in nodes], dtype=float)
    dist = np.sqrt(((x[:, None] - x[None]) ** 2).sum(-1))
    w = np.zeros_like(d)
    w[d > 0] = d[d > 0] ** -2.0
    scale = (w * dist * d).sum() / (w * dist * dist).sum()  # compare shapes, not sizes
    return float((w * (scale * dist - d) ** 2).sum()) / 2


def _start(graph):
    start = nx.spectral_layout(graph)
    return {k: (x + 0.01 * math.cos(i), y + 0.01 * math.sin(i)) for i, (k, (x, y)) in enumerate(start.items())}


def test_stress_layout_is_as_good_as_kamada_kawai_and_deterministic():
    graph = nx.Graph()
    source = nx.les_miserables_graph()
    graph.add_nodes_from(sorted(source))
    graph.add_edges_from(sorted(tuple(sorted(e)) for e in source.edges))
    start = _start(graph)
    ours = stress_layout(graph, start)
    theirs = nx.kamada_kawai_layout(graph, pos=start, weight=None)
    assert _stress(graph, ours) <= 1.02 * _stress(graph, theirs)
    assert _stress(graph, ours) < 0.5 * _stress(graph, start)
    assert stress_layout(graph, start) == ours


def test_neighbours_are_drawn_closer_than_strangers():
    graph = nx.MultiDiGraph()
    for a, b in nx.path_graph(12).edges:
        graph.add_edge(f"n{a}", f"n{b}", kind="co-mention", weight=1)
    pos = layout(graph)
    near = math.dist(pos["n0"], pos["n1"])
    far = math.dist(pos["n0"], pos["n11"])
    assert far > 5 * near
