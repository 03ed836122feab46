"""Where each entity is drawn: the backbone worth drawing and its positions, shared by the page and the
Gephi exports (GEXF ``viz:position``, GraphML ``x``/``y``), so Gephi's first view is the page's."""

from __future__ import annotations

import math

import networkx as nx

from .graph import simple_graph
from .schema import node_types

__all__ = ["MAX_NODES", "TYPE_COLOURS", "backbone", "importance", "layout", "node_size", "positions", "stress_layout"]

#: Node type -> colour (``kg/data/schema.yaml``).
TYPE_COLOURS = {name: spec["colour"] for name, spec in node_types().items()}
#: Default size of the backbone drawn for a big graph (``--max-nodes``).
MAX_NODES = 300
_LINKS_PER_NODE = 6  # co-mention links kept per node in the backbone (strongest first)


def node_size(importance: float, top: float) -> float:
    """A node's size, 0-100, from its importance relative to the most important node."""
    return round(100 * math.sqrt(importance / (top or 1.0)), 2)


def importance(graph: nx.MultiDiGraph, simple: nx.Graph | None = None) -> dict:
    """Each entity's importance: PageRank on the weighted graph (mentions when there are no links)."""
    if simple is None:
        simple = simple_graph(graph)
    if simple.number_of_edges() == 0:
        return {n: float(graph.nodes[n].get("mentions", 1)) for n in graph}
    rank = nx.pagerank(simple, weight="weight")
    return {n: round(rank[n], 12) for n in graph}  # equal ranks stay equal (ties broken by label)


def backbone(graph: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES, min_weight: int = 1,
             nodes=None, simple: nx.Graph | None = None, rank: dict | None = None) -> tuple[nx.MultiDiGraph, dict, str]:
    """The skeleton a layout is computed on: the ``max_nodes`` most important entities (PageRank on the
    weighted graph; or the given ``nodes``), their stated relations, and their strongest co-mention links of
    at least ``min_weight`` sentences. Returns ``(subgraph, importance, sentence describing the cut)``.
    ``simple`` (:func:`kg.graph.simple_graph`) and ``rank`` (:func:`importance`) save computing them again."""
    simple = simple_graph(graph) if simple is None else simple
    rank = importance(graph, simple) if rank is None else rank
    ranked = sorted(graph.nodes, key=lambda n: (-rank[n], graph.nodes[n].get("label", ""), n))
    if nodes is not None:
        wanted = set(nodes)
        ranked = [n for n in ranked if n in wanted]
        max_nodes = len(ranked)
    keep = set(ranked[:max_nodes])
    strongest: dict = {}
    for n in keep:
        links = sorted(((simple[n][m]["weight"], m) for m in simple[n] if m in keep), key=lambda x: (-x[0], x[1]))
        strongest[n] = {m for _, m in links[:_LINKS_PER_NODE]}
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    for n in ranked[:max_nodes]:
        sub.add_node(n, **graph.nodes[n])
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u not in keep or v not in keep:
            continue
        if data.get("kind") == "relation" or (data.get("weight", 1) >= min_weight and
                                               (v in strongest[u] or u in strongest[v])):
            sub.add_edge(u, v, key=key, **data)
    cut = (f"Showing {sub.number_of_nodes():,} of {graph.number_of_nodes():,} entities and "
           f"{sub.number_of_edges():,} of {graph.number_of_edges():,} links")
    if sub.number_of_nodes() < graph.number_of_nodes() or sub.number_of_edges() < graph.number_of_edges():
        cut += (f": the most important entities (PageRank), their stated relations and their strongest "
                f"co-mentions{f' of at least {min_weight} sentences' if min_weight > 1 else ''} "
                f"(change with --max-nodes, --min-weight).")
    else:
        cut += "."
    return sub, rank, cut


def layout(sub: nx.MultiDiGraph) -> dict:
    """Positions computed once (deterministic), so the page has nothing to simulate."""
    simple = simple_graph(sub)
    if simple.number_of_nodes() == 0:
        return {}
    n = simple.number_of_nodes()
    pos = {}
    for part in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c))):
        comp = nx.Graph()  # a canonical node and edge order, so the layout cannot depend on how we got here
        comp.add_nodes_from(sorted(part))
        comp.add_edges_from(sorted(tuple(sorted(e)) for e in simple.subgraph(part).edges))
        if len(part) <= 2:
            pos.update(nx.circular_layout(comp))
            continue
        if len(part) <= 400:  # stress layout: graph distances read best
            start = nx.spectral_layout(comp) if len(part) > 3 else nx.circular_layout(comp)
            start = {k: (x + 0.01 * math.cos(i), y + 0.01 * math.sin(i))  # no two nodes on one point
                     for i, (k, (x, y)) in enumerate(start.items())}
            pos.update(stress_layout(comp, start))
        else:  # ForceAtlas2, seeded: a fraction of a second for thousands of nodes
            pos.update(nx.forceatlas2_layout(comp, seed=7, max_iter=100, distributed_action=True, scaling_ratio=4.0))
    pos = _pack(simple, _normalise(pos))
    scale = 75 * math.sqrt(n) + 150
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in pos.items()}


def stress_layout(graph: nx.Graph, start: dict, *, iterations: int = 300, tol: float = 1e-5) -> dict:
    """Positions whose distances follow the graph's hop distances: stress majorization (SMACOF, Gansner, Koren
    and North 2004) from ``start``, weights 1/d², the stress Kamada-Kawai minimises, in a third to a tenth of
    networkx's time (each step one Guttman transform with numpy). ``graph`` must be connected; deterministic
    for one start."""
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    nodes = list(graph)
    n = len(nodes)
    hops = shortest_path(nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None), directed=False,
                         unweighted=True)
    weights = np.zeros_like(hops)
    far = hops > 0
    weights[far] = hops[far] ** -2.0
    laplacian = -weights
    laplacian[np.diag_indices(n)] = weights.sum(axis=1)
    inverse = np.linalg.pinv(laplacian)
    x = np.array([start[v] for v in nodes], dtype=float)
    previous = math.inf
    for _ in range(iterations):
        dist = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1))
        stress = float((weights * (dist - hops) ** 2).sum()) / 2
        if previous < math.inf and previous - stress <= tol * previous:
            break
        previous = stress
        with np.errstate(divide="ignore", invalid="ignore"):
            b = np.where(dist > 0, -weights * hops / dist, 0.0)
        b[np.diag_indices(n)] = 0.0
        b[np.diag_indices(n)] = -b.sum(axis=1)
        x = inverse @ (b @ x)
    return {v: (float(x[i, 0]), float(x[i, 1])) for i, v in enumerate(nodes)}


def _normalise(pos: dict) -> dict:
    """Centre on the origin and fit into [-1, 1] (layouts differ in their scale)."""
    if not pos:
        return pos
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {k: ((p[0] - cx) / span, (p[1] - cy) / span) for k, p in pos.items()}


def _pack(simple: nx.Graph, pos: dict) -> dict:
    """Place connected parts side by side (largest in the middle) instead of on top of each other."""
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    if len(parts) <= 1:
        return pos
    out = {}
    small = [p for p in parts[1:]]
    big = parts[0]
    out.update({k: pos[k] for k in big})
    # the rest on a ring around the main part, each shrunk to its size
    for i, part in enumerate(small):
        angle = 2 * math.pi * i / len(small)
        cx, cy = 1.05 * math.cos(angle), 1.05 * math.sin(angle)
        r = 0.08 + 0.25 * math.sqrt(len(part) / max(len(big), 1))
        xs = [pos[k][0] for k in part]
        ys = [pos[k][1] for k in part]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        span = max(max(abs(x - mx) for x in xs), max(abs(y - my) for y in ys), 1e-9)
        for k in part:
            out[k] = (cx + r * (pos[k][0] - mx) / span, cy + r * (pos[k][1] - my) / span)
    return out




def positions(graph: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES, min_weight: int = 1, nodes=None,
              rank: dict | None = None, simple: nx.Graph | None = None) -> dict:
    """``node -> (x, y, size)`` for every node, y growing upwards as in Gephi: the page's positions for the
    backbone it draws, and every other entity placed beside its strongest drawn neighbour (or on an outer
    ring when it has none); ``size`` 0-100 as on the page. ``rank`` (:func:`importance`) and ``simple``
    (:func:`kg.graph.simple_graph`), when known, are not computed again."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = simple_graph(graph) if simple is None else simple
    sub, rank, _ = backbone(graph, max_nodes=max_nodes, min_weight=min_weight, nodes=nodes, simple=simple, rank=rank)
    top = max(rank.values(), default=1.0) or 1.0
    pos = {n: (x, -y) for n, (x, y) in layout(sub).items()}
    out = {n: (*pos.get(n, (0.0, 0.0)), node_size(rank[n], top)) for n in sub}
    rest = sorted((n for n in graph if n not in out), key=lambda n: (-rank[n], n))
    if not rest:
        return out
    radius = max((math.hypot(x, y) for x, y, _ in out.values()), default=100.0) + 150.0
    placed_near: dict = {}
    lonely = []
    for n in rest:
        anchors = sorted(((simple[n][m]["weight"], m) for m in simple[n] if m in out), key=lambda x: (-x[0], x[1]))
        if not anchors:
            lonely.append(n)
            continue
        anchor = anchors[0][1]
        k = placed_near.get(anchor, 0)
        placed_near[anchor] = k + 1
        angle = 2.399963 * k  # golden angle: neighbours spread around their anchor without overlapping
        r = 25.0 + 6.0 * math.sqrt(k)
        ax, ay, _ = out[anchor]
        out[n] = (round(ax + r * math.cos(angle), 1), round(ay + r * math.sin(angle), 1),
                  node_size(rank[n], top))
    for i, n in enumerate(lonely):
        angle = 2 * math.pi * i / len(lonely)
        out[n] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1),
                  node_size(rank[n], top))
    return out
