"""Stage 8 — the viewer: one self-contained, offline, safe HTML page to explore a whole graph, drawn with
pyvis's vis-network.

- Everything reachable: the page carries a compact index of every entity and every link (ids, labels, types,
  weights, kinds, the documents of their evidence) and a bounded number of cited sentences per link; it
  first draws the most important entities, and the user brings in the rest (search, expand, path, focus).
- Offline: vis-network's script and styles (shipped inside the pyvis package) are inlined; a
  Content-Security-Policy forbids any network access and any script but the page's own (by hash).
- Safe: names and sentences come from untrusted documents. They travel as JSON in a non-executable
  ``<script type="application/json">`` block and are shown with ``textContent``, never as HTML; the
  template is kg's own and autoescaped; bidirectional control characters are taken out of names.
- Readable: positions computed beforehand (no physics to wait for), labels placed by the page so that
  none covers another, co-mentions thinned by a stated, movable weight threshold.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import networkx as nx

from .export import atomic_open, json_pieces
from .layout import MAX_NODES, TYPE_COLOURS, backbone, importance, node_size
from .layout import positions as layout_positions

__all__ = ["MAX_EDGE_CITATIONS", "MAX_NODES", "TYPE_COLOURS", "backbone", "generate_html", "page_data",
           "write_html"]

#: Cited sentences embedded per link (the panel says how many more there are; ``kg evidence`` lists all).
MAX_EDGE_CITATIONS = 6
#: Sentence text the page embeds at most (characters); past it, fewer sentences per link are embedded.
SENTENCE_BUDGET = 12_000_000
#: Co-mentions drawn at first, at most: this many, or 3 per drawn entity if more (the rest are hidden by a
#: weight threshold the page states and a slider moves).
MAX_COMENTIONS = 1500
#: Bidirectional controls: in a name they could reorder what the page shows around it.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _clean(text) -> str:
    return _BIDI.sub("", str(text))


def _docs(graph: nx.MultiDiGraph, documents: list[dict] | None) -> tuple[list[list], dict]:
    """The documents table ``[id, title, date]`` (sorted by id) and id -> row."""
    known = {d["id"]: d for d in documents or []}
    ids = set(known)
    for _, data in graph.nodes(data=True):
        ids.update(data.get("doc_ids", []))
    ids = sorted(ids)
    rows = [[_clean(i), _clean(known.get(i, {}).get("title", "")), known.get(i, {}).get("date", "")[:10]] for i in ids]
    return rows, {i: n for n, i in enumerate(ids)}


def _best(cites: list[dict]) -> int:
    """Index of the citation ``kg path`` shows for a link: the shortest sentence (then document, offset)."""
    return min(range(len(cites)), key=lambda i: (len(cites[i]["text"]), cites[i]["doc"], cites[i]["start"]))


def page_data(graph: nx.MultiDiGraph, *, documents: list[dict] | None = None, max_nodes: int = MAX_NODES,
              min_weight: int = 1, positions: dict | None = None, initial: list | None = None,
              select=None, rank: dict | None = None) -> dict:
    """What the page embeds: every entity and link of ``graph``, the sentences cited (bounded per link), the
    documents, and what to draw first (the ``max_nodes`` most important entities, or ``initial``)."""
    rank = importance(graph) if rank is None else rank
    order = sorted(graph.nodes, key=lambda n: (-rank[n], graph.nodes[n].get("label", ""), n))
    index = {n: i for i, n in enumerate(order)}
    top = max(rank.values(), default=1.0) or 1.0
    if positions is None or not all(n in positions for n in graph):
        positions = layout_positions(graph, max_nodes=max_nodes, min_weight=min_weight, nodes=initial, rank=rank)
    doc_rows, doc_index = _docs(graph, documents)
    types = [t for t in TYPE_COLOURS if any(graph.nodes[n].get("type") == t for n in graph)]
    types += sorted({graph.nodes[n].get("type", "") for n in graph} - set(types))
    type_index = {t: i for i, t in enumerate(types)}
    nodes = []
    for n in order:
        d = graph.nodes[n]
        x, y = positions[n][:2]
        label = _clean(d.get("label", ""))
        nodes.append([n, label, type_index[d.get("type", "")], node_size(rank[n], top), round(x, 1), round(-y, 1),
                      d.get("mentions", 0), d.get("documents", 0),
                      sorted(doc_index[i] for i in d.get("doc_ids", []) if i in doc_index),
                      [a for a in dict.fromkeys(_clean(a) for a in d.get("aliases", [])) if a != label],
                      [_clean(t) for t in d.get("titles", [])]])
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (index[e[0]], index[e[1]], e[2]))
    per_link = MAX_EDGE_CITATIONS
    while per_link > 1:  # keep the page's size in check on big graphs: fewer sentences per link
        chosen = {(c["doc"], c["start"]) : len(c["text"]) for *_, d in edges for c in _embedded(d, per_link)}
        if sum(chosen.values()) <= SENTENCE_BUDGET:
            break
        per_link //= 2
    sents: list[list] = []
    sent_index: dict = {}

    def sentence(c: dict) -> int:
        key = (c["doc"], c["start"], c["end"], json.dumps(c["refs"], sort_keys=True) if c.get("refs") else "")
        if key not in sent_index:
            sent_index[key] = len(sents)
            row = [doc_index.get(c["doc"], -1), c["start"], c["end"], c["text"], c.get("page", 0)]
            if c.get("refs"):
                row.append(c["refs"])
            sents.append(row)
        return sent_index[key]

    links = []
    for u, v, key, d in edges:
        cites = d.get("citations", [])
        relation = d.get("kind") == "relation"
        link = [index[u], index[v], 1 if relation else 0, d.get("weight", len(cites) or 1),
                [sentence(c) for c in _embedded(d, per_link)], len(cites),
                sorted({doc_index[c["doc"]] for c in cites if c["doc"] in doc_index}),
                sentence(cites[_best(cites)]) if cites else -1, key]
        if relation:
            link.append({"p": _clean(d.get("predicate", "")), "r": d.get("relation", ""),
                         "ru": list(d.get("rules", [])), "m": d.get("model", ""), "c": d.get("confidence", ""),
                         "n": bool(d.get("negated")), "h": bool(d.get("hedged")),
                         "a": [_clean(a) for a in d.get("attributed_to", [])]})
        links.append(link)
    shown = [index[n] for n in initial if n in index] if initial is not None else list(range(min(max_nodes, len(order))))
    threshold = _comention_threshold(links, set(shown), min_weight)
    return {"docs": doc_rows, "nodes": nodes, "links": links, "sents": sents, "types": types,
            "colours": {t: TYPE_COLOURS.get(t, "#999999") for t in types},
            "initial": {"shown": shown, "select": index.get(select, -1) if select is not None else -1,
                        "min_weight": threshold, "user_min_weight": min_weight, "max_nodes": max_nodes,
                        "per_link": per_link, "view": initial is not None}}


def _embedded(data: dict, per_link: int) -> list[dict]:
    """The citations of a link the page carries: its best one first, then the first others in order."""
    cites = data.get("citations", [])
    if len(cites) <= per_link:
        return cites
    best = _best(cites)
    return [cites[best]] + [c for i, c in enumerate(cites) if i != best][:per_link - 1]


def _comention_threshold(links: list, shown: set, min_weight: int) -> int:
    """The smallest co-mention weight (at least ``min_weight``) that draws no more than
    :data:`MAX_COMENTIONS` co-mentions (or 3 per drawn entity) at first."""
    weights = sorted((link[3] for link in links if not link[2] and link[0] in shown and link[1] in shown),
                     reverse=True)
    budget = max(MAX_COMENTIONS, 3 * len(shown))
    if len(weights) <= budget:
        return min_weight
    return max(min_weight, weights[budget - 1] + (1 if weights[budget] == weights[budget - 1] else 0))


def _script_safe(text: str) -> str:
    """JSON text made safe inside a <script> element whatever the strings hold (each character on its own,
    so pieces of one text can be made safe one at a time)."""
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def generate_html(graph: nx.MultiDiGraph, *, title: str = "kg graph", max_nodes: int = MAX_NODES,
                  min_weight: int = 1, positions: dict | None = None, documents: list[dict] | None = None,
                  initial: list | None = None, select=None, rank: dict | None = None) -> str:
    """The viewer page of ``graph``: all of it in the page's index, its ``max_nodes`` most important
    entities (or the nodes ``initial``) drawn at first, ``select`` selected and centred. ``graph`` is not
    changed; ``positions`` (from :func:`kg.layout.positions` with the same ``max_nodes`` and ``min_weight``)
    saves laying it out again, ``rank`` (:func:`kg.layout.importance`) ranking it; ``documents``
    (``documents.jsonl`` rows) give titles and dates."""
    return "".join(_html_pieces(graph, title=title, max_nodes=max_nodes, min_weight=min_weight,
                                positions=positions, documents=documents, initial=initial, select=select, rank=rank))


_DATA_HERE = "\x00kg-page-data\x00"  # where the page's data goes (no template or asset holds a NUL)


def _html_pieces(graph: nx.MultiDiGraph, *, title: str, max_nodes: int, min_weight: int, positions: dict | None,
                 documents: list[dict] | None, initial: list | None, select, rank: dict | None) -> Iterator[str]:
    """The page of :func:`generate_html` in pieces, its data never whole in memory."""
    from jinja2 import Environment
    from markupsafe import Markup

    data = page_data(graph, documents=documents, max_nodes=max_nodes, min_weight=min_weight, positions=positions,
                     initial=initial, select=select, rank=rank)
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
    max_weight = max([link[3] for link in data["links"]] or [1])
    page = template.render(title=_clean(title), csp=csp, max_weight=max_weight, data_json=Markup(_DATA_HERE),
                           vis_js=Markup(vis_js), app_js=Markup(app_js),
                           vis_css=Markup(vis_css.replace("</style", "<\\/style")))
    before, after = page.split(_DATA_HERE)  # the page's data goes in piece by piece
    yield before
    for piece in json_pieces(data):
        yield _script_safe(piece)
    yield after


def write_html(graph: nx.MultiDiGraph, path: str | os.PathLike, *, title: str = "kg graph",
               max_nodes: int = MAX_NODES, min_weight: int = 1, positions: dict | None = None,
               documents: list[dict] | None = None, initial: list | None = None, select=None,
               rank: dict | None = None) -> None:
    """Write the viewer page as UTF-8, atomically (see :func:`generate_html`)."""
    with atomic_open(path) as fh:
        for piece in _html_pieces(graph, title=title, max_nodes=max_nodes, min_weight=min_weight,
                                  positions=positions, documents=documents, initial=initial, select=select,
                                  rank=rank):
            fh.write(piece)
