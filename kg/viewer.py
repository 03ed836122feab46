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
from .layout import MAX_NODES, TYPE_COLOURS, backbone, layout, node_size

__all__ = ["MAX_EDGE_CITATIONS", "MAX_NODES", "TYPE_COLOURS", "backbone", "generate_html", "write_html"]

#: Citations embedded per link (the panel says how many more there are).
MAX_EDGE_CITATIONS = 6


def _page_data(sub: nx.MultiDiGraph, importance: dict, positions: dict | None = None) -> dict:
    from pyvis.network import Network

    net = Network(directed=True)  # pyvis assembles vis-network's node and edge records; never the real graph
    ids = {node: i for i, node in enumerate(sorted(sub.nodes))}
    top = max((importance[n] for n in sub), default=1.0) or 1.0
    if positions is not None and all(n in positions for n in sub):  # Gephi y grows upwards, the page's down
        pos = {n: (positions[n][0], -positions[n][1]) for n in sub}
    else:
        pos = layout(sub)
    nodes, edges = [], []
    for node in sorted(sub.nodes):
        d = sub.nodes[node]
        value = node_size(importance[node], top)
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
                  min_weight: int = 1, positions: dict | None = None) -> str:
    """The viewer page of ``graph`` (its backbone when it is big). ``graph`` is not changed; ``positions``
    (from :func:`kg.layout.positions` with the same ``max_nodes`` and ``min_weight``) saves laying it out again."""
    from jinja2 import Environment

    sub, importance, cut = backbone(graph, max_nodes=max_nodes, min_weight=min_weight)
    data = _page_data(sub, importance, positions)
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
               max_nodes: int = MAX_NODES, min_weight: int = 1, positions: dict | None = None) -> None:
    """Write the viewer page as UTF-8, atomically."""
    atomic_write(path, generate_html(graph, title=title, max_nodes=max_nodes, min_weight=min_weight,
                                     positions=positions).encode("utf-8"))
