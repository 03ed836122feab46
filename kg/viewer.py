"""Stage 8 — the viewer: one self-contained, offline, safe HTML page of a graph, drawn with pyvis (vis-network).

- Offline: vis-network's script and styles (shipped inside the pyvis package) are inlined; a
  Content-Security-Policy forbids any network access and any script but the page's own (by hash).
- Safe: names and sentences come from untrusted documents. They travel as JSON in a non-executable
  ``<script type="application/json">`` block and are shown with ``textContent``, never as HTML; node ids
  are opaque numbers; the template is kg's own and autoescaped.
- Readable: a backbone of the most important entities and strongest links (the cut is stated on the
  page), positions computed beforehand (no physics to wait for), colour by type, size by importance,
  width by weight, stated relations drawn solid with their predicate, co-mentions dashed.
- Evidence one click away: a side panel with the cited sentences, names highlighted, documents named.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
from importlib import resources
from pathlib import Path

import networkx as nx

from .export import atomic_write
from .graph import simple_graph

__all__ = ["MAX_EDGE_CITATIONS", "MAX_NODES", "TYPE_COLOURS", "backbone", "generate_html", "write_html"]

TYPE_COLOURS = {"PERSON": "#e15759", "ORG": "#4e79a7", "PLACE": "#59a14f"}
#: Default size of the backbone drawn for a big graph (``--max-nodes``).
MAX_NODES = 300
#: Citations embedded per link (the panel says how many more there are).
MAX_EDGE_CITATIONS = 6
_LINKS_PER_NODE = 6  # co-mention links kept per node in the backbone (strongest first)


def _importance(graph: nx.MultiDiGraph, simple: nx.Graph) -> dict:
    if simple.number_of_edges() == 0:
        return {n: float(graph.nodes[n].get("mentions", 1)) for n in graph}
    rank = nx.pagerank(simple, weight="weight")
    return {n: round(rank[n], 12) for n in graph}  # equal ranks stay equal (ties broken by label)


def backbone(graph: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES, min_weight: int = 1) -> tuple[nx.MultiDiGraph, dict, str]:
    """The part of ``graph`` worth drawing: the ``max_nodes`` most important entities (PageRank on the
    weighted graph), their stated relations, and their strongest co-mention links of at least
    ``min_weight`` sentences. Returns ``(subgraph, importance, sentence describing the cut)``."""
    simple = simple_graph(graph)
    importance = _importance(graph, simple)
    ranked = sorted(graph.nodes, key=lambda n: (-importance[n], graph.nodes[n].get("label", ""), n))
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
    return sub, importance, cut


def _layout(sub: nx.MultiDiGraph) -> dict:
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
        if len(part) <= 400:  # stress layout: graph distances read best; half a second at 300 nodes
            start = nx.spectral_layout(comp) if len(part) > 3 else nx.circular_layout(comp)
            start = {k: (x + 0.01 * math.cos(i), y + 0.01 * math.sin(i))  # no two nodes on one point
                     for i, (k, (x, y)) in enumerate(start.items())}
            pos.update(nx.kamada_kawai_layout(comp, pos=start, weight=None))
        else:  # ForceAtlas2, seeded: a fraction of a second for thousands of nodes
            pos.update(nx.forceatlas2_layout(comp, seed=7, max_iter=100, distributed_action=True, scaling_ratio=4.0))
    pos = _pack(simple, _normalise(pos))
    scale = 75 * math.sqrt(n) + 150
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in pos.items()}


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


def _page_data(sub: nx.MultiDiGraph, importance: dict) -> dict:
    from pyvis.network import Network

    net = Network(directed=True)  # pyvis assembles vis-network's node and edge records; never the real graph
    ids = {node: i for i, node in enumerate(sorted(sub.nodes))}
    top = max((importance[n] for n in sub), default=1.0) or 1.0
    pos = _layout(sub)
    nodes, edges = [], []
    for node in sorted(sub.nodes):
        d = sub.nodes[node]
        value = round(100 * math.sqrt(importance[node] / top), 2)
        x, y = pos.get(node, (0.0, 0.0))
        net.add_node(ids[node], label=str(d.get("label", "")), shape="dot", value=value, x=x, y=y,
                     color=TYPE_COLOURS.get(d.get("type"), "#999999"))
        nodes.append({"id": ids[node], "label": d.get("label", ""), "type": d.get("type", ""),
                      "aliases": list(d.get("aliases", [])), "titles": list(d.get("titles", [])),
                      "mentions": d.get("mentions", 0), "documents": d.get("documents", 0),
                      "doc_ids": list(d.get("doc_ids", []))[:20]})
    for i, (u, v, key, d) in enumerate(sorted(sub.edges(keys=True, data=True), key=lambda e: e[2])):
        relation = d.get("kind") == "relation"
        weight = d.get("weight", 1)
        net.add_edge(ids[u], ids[v], id=i, width=round(1 + 2 * math.log1p(weight), 2),
                     color={"color": "#444444" if relation else "#b8b8b8", "opacity": 1.0 if relation else 0.6},
                     dashes=not relation, arrows="to" if relation else "", label=d.get("predicate", "") if relation else "",
                     font={"size": 11, "align": "middle"})
        cites = d.get("citations", [])
        edges.append({"id": i, "from": ids[u], "to": ids[v], "kind": d.get("kind", ""), "weight": weight,
                      "predicate": d.get("predicate", ""), "relation": d.get("relation", ""),
                      "rules": list(d.get("rules", [])), "negated": bool(d.get("negated", False)),
                      "hedged": bool(d.get("hedged", False)), "attributed_to": list(d.get("attributed_to", [])),
                      "citations": cites[:MAX_EDGE_CITATIONS], "more": max(0, len(cites) - MAX_EDGE_CITATIONS)})
    vis_nodes, vis_edges, *_ = net.get_network_data()
    options = {"physics": {"enabled": False},
               "interaction": {"hover": True, "tooltipDelay": 300, "hideEdgesOnDrag": sub.number_of_edges() > 2000},
               "edges": {"smooth": False, "font": {"size": 11, "strokeWidth": 3}},
               "nodes": {"font": {"face": "system-ui", "strokeWidth": 3, "strokeColor": "#ffffff"},
                         "scaling": {"min": 6, "max": 40, "label": {"enabled": True, "min": 12, "max": 44,
                                                                     "drawThreshold": 5, "maxVisible": 44}}},
               "layout": {"improvedLayout": False}}
    types = sorted({n["type"] for n in nodes if n["type"]}, key=lambda t: list(TYPE_COLOURS).index(t)
                   if t in TYPE_COLOURS else 99)
    kinds = sorted({e["kind"] for e in edges}) or ["co-mention"]
    return {"nodes": nodes, "edges": edges, "vis_nodes": vis_nodes, "vis_edges": vis_edges, "options": options,
            "types": types, "kinds": kinds, "colours": TYPE_COLOURS}


def _script_json(data: dict) -> str:
    """JSON that is safe inside a <script> element whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def generate_html(graph: nx.MultiDiGraph, *, title: str = "kg graph", max_nodes: int = MAX_NODES,
                  min_weight: int = 1) -> str:
    """The viewer page of ``graph`` (its backbone when it is big). ``graph`` is not changed."""
    from jinja2 import Environment

    sub, importance, cut = backbone(graph, max_nodes=max_nodes, min_weight=min_weight)
    data = _page_data(sub, importance)
    vis_js, vis_css = _vis_assets()
    vis_js = vis_js.replace("</script", "<\\/script")
    app_js = resources.files("kg").joinpath("templates").joinpath("viewer.js").read_text(encoding="utf-8")
    csp = ("default-src 'none'; script-src " + _sha256(vis_js) + " " + _sha256(app_js) +
           "; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
           "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; "
           "form-action 'none'")
    env = Environment(autoescape=True)
    template = env.from_string(resources.files("kg").joinpath("templates").joinpath("viewer.html")
                               .read_text(encoding="utf-8"))
    from markupsafe import Markup

    max_weight = max([e["weight"] for e in data["edges"]] or [1])
    return template.render(title=title, csp=csp, cut=cut, max_weight=min(max_weight, 50),
                           data_json=Markup(_script_json(data)), vis_js=Markup(vis_js), app_js=Markup(app_js),
                           vis_css=Markup(vis_css.replace("</style", "<\\/style")))


def write_html(graph: nx.MultiDiGraph, path: str | os.PathLike, *, title: str = "kg graph",
               max_nodes: int = MAX_NODES, min_weight: int = 1) -> None:
    """Write the viewer page as UTF-8, atomically."""
    atomic_write(path, generate_html(graph, title=title, max_nodes=max_nodes, min_weight=min_weight).encode("utf-8"))
