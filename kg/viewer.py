"""Stage 8 — the interactive HTML page of a graph, drawn with pyvis (vis-network)."""

from __future__ import annotations

import html
import math
import os

import networkx as nx

from .export import atomic_write

__all__ = ["TYPE_COLOURS", "generate_html", "write_html"]

TYPE_COLOURS = {"PERSON": "#e15759", "ORG": "#4e79a7", "PLACE": "#59a14f"}


def generate_html(graph: nx.MultiDiGraph, *, title: str = "kg graph") -> str:
    """HTML of the graph. pyvis gets a fresh copy with opaque ids, never the graph itself."""
    from pyvis.network import Network

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line", heading="")
    ids = {node: i for i, node in enumerate(sorted(graph.nodes))}
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        tip = f"{data.get('label', '')} ({data.get('type', '')}), {data.get('mentions', 0)} mentions"
        net.add_node(ids[node], label=str(data.get("label", node)), title=tip,
                     color=TYPE_COLOURS.get(data.get("type"), "#999999"),
                     size=8 + 4 * math.log1p(data.get("mentions", 1)))
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""))):
        kind = data.get("kind", "")
        label = data.get("predicate", "") if kind == "relation" else ""
        tip = f"{kind} {label}: {data.get('weight', 1)} sentence(s)".strip()
        net.add_edge(ids[u], ids[v], title=tip, label=label, width=1 + math.log1p(data.get("weight", 1)),
                     arrows="to" if kind == "relation" else "", dashes=kind != "relation")
    net.set_options('{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}}}')
    page = net.generate_html()
    return page.replace("<title>", f"<title>{html.escape(title)}", 1) if "<title>" in page else page


def write_html(graph: nx.MultiDiGraph, path: str | os.PathLike, *, title: str = "kg graph") -> None:
    """Write the viewer page as UTF-8, atomically."""
    atomic_write(path, generate_html(graph, title=title).encode("utf-8"))
