"""Queries over a built graph: find entities, neighbours, evidence, paths, key actors, communities.

Every function takes the graph first (networkx style) and names entities by name or alias, forgiving
case, accents and partial names; an ambiguous name raises :class:`~kg.errors.AmbiguousEntity` listing
the candidates instead of guessing.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from itertools import islice
from pathlib import Path

import networkx as nx

from .errors import AmbiguousEntity, EntityNotFound
from .export import load_graph  # re-exported: queries start from a loaded graph
from .graph import Corpus, simple_graph
from .normalize import name_key, name_tokens

__all__ = [
    "brokers",
    "communities",
    "ego_graph",
    "evidence",
    "explain",
    "find",
    "find_one",
    "load_graph",
    "mentions",
    "neighbors",
    "paths",
    "reindex",
    "top",
]


# ---------------------------------------------------------------- name lookup

class _Index:
    """Name keys and tokens -> nodes, and a simple undirected view; built once per graph."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.keys: dict[str, set] = defaultdict(set)
        self.tokens: dict[str, set] = defaultdict(set)
        for node, data in graph.nodes(data=True):
            for form in {data.get("label", ""), *data.get("aliases", [])}:
                key = name_key(form)
                if key:
                    self.keys[key].add(node)
                    for tok in name_tokens(key):
                        self.tokens[tok].add(node)
        self.simple = simple_graph(graph)


def _graph(data) -> nx.MultiDiGraph:
    """The graph of a :class:`~kg.graph.Corpus`, or the graph itself."""
    return data.graph if isinstance(data, Corpus) else data


def _index(graph: nx.MultiDiGraph) -> _Index:
    """The graph's index, kept in networkx's own per-graph cache: every structural change made through the
    graph's methods (``add_edge``, ``remove_node``, ...) empties that cache, so the index is rebuilt then."""
    cache = getattr(graph, "__networkx_cache__", None)
    if cache is None:  # pragma: no cover - networkx < 3.3
        return _Index(graph)
    idx = cache.get("kg_index")
    if idx is None:
        idx = cache["kg_index"] = _Index(graph)
    return idx


def reindex(graph: nx.MultiDiGraph) -> None:
    """Forget the name index after changing node attributes in place (``graph.nodes[n]["label"] = ...``);
    structural changes are noticed without it.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> g = example_graph()
    >>> g.nodes["n5"]["aliases"].append("Zeta")
    >>> reindex(g)
    >>> find_one(g, "zeta")
    'n5'
    """
    graph = _graph(graph)
    getattr(graph, "__networkx_cache__", {}).pop("kg_index", None)


def _type(graph_type: str | None) -> str | None:
    """A node type argument, case-forgiving (``"person"`` -> ``"PERSON"``); unknown types raise."""
    if graph_type is None:
        return None
    from .schema import node_types

    upper = str(graph_type).upper()
    if upper not in node_types():
        raise ValueError(f"unknown entity type {graph_type!r}; kg's types are {', '.join(node_types())}")
    return upper


def _candidates(graph, query_key: str) -> dict:
    idx = _index(graph)
    scores: dict = {}
    for node in idx.keys.get(query_key, ()):
        scores[node] = 1.0
    q_tokens = name_tokens(query_key)
    if q_tokens:
        pools = [idx.tokens.get(t, set()) for t in q_tokens]
        for node in set.intersection(*pools) if all(pools) else set():
            if node in scores:
                continue
            data = graph.nodes[node]
            forms = [name_tokens(name_key(f)) for f in {data.get("label", ""), *data.get("aliases", [])}]
            suffix = any(f[-len(q_tokens):] == q_tokens for f in forms if len(f) >= len(q_tokens))
            scores[node] = 0.8 if suffix else 0.7
    if not scores and len(query_key) >= 3:
        for key, nodes in idx.keys.items():
            if query_key in key:
                for node in nodes:
                    scores.setdefault(node, 0.4)
    return scores


def find(graph: nx.MultiDiGraph, name: str, *, type: str | None = None, limit: int = 20) -> list[dict]:
    """Entities matching ``name`` by label or alias, forgiving case, accents and partial names, best first.

    Parameters
    ----------
    graph : Corpus or networkx.MultiDiGraph
        A kg graph.
    name : str
        What to look for.
    type : str, optional
        Only entities of this type (case forgiven).
    limit : int
        Most results.

    Returns
    -------
    list of dict
        ``{"id", "label", "type", "mentions", "score"}``; ``score`` is how well the name matches (1.0 an
        exact form, 0.8 a last-words match, 0.7 shared words, 0.4 a substring).

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("n1", label="Gönül Özdemir", type="PERSON", aliases=["Ozdemir"], mentions=3)
    >>> [r["label"] for r in find(g, "ozdemir")]
    ['Gönül Özdemir']
    """
    graph = _graph(graph)
    type = _type(type)
    query_key = name_key(name)
    if not query_key:
        return []
    out = []
    for node, score in _candidates(graph, query_key).items():
        data = graph.nodes[node]
        if type and data.get("type") != type:
            continue
        out.append({"id": node, "label": data.get("label", ""), "type": data.get("type", ""),
                    "mentions": data.get("mentions", 0), "score": score})
    out.sort(key=lambda r: (-r["score"], -r["mentions"], r["label"], r["id"]))
    return out[:limit]


def find_one(graph: nx.MultiDiGraph, name: str, *, type: str | None = None) -> str:
    """The id of the one entity ``name`` designates (a node id is accepted as is).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kg graph (built, or read back with :func:`load_graph`).
    name : str
        A name, alias or node id; case, accents and partial names are forgiven.
    type : str, optional
        Only entities of this type (``"person"`` or ``"PERSON"``).

    Returns
    -------
    str
        The node id.

    Raises
    ------
    EntityNotFound
        If nothing matches (a ``LookupError``).
    AmbiguousEntity
        If several entities match equally well; ``.candidates`` lists them (a ``LookupError``).

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> find_one(example_graph(), "ruiz")
    'n1'
    """
    graph = _graph(graph)
    type = _type(type)
    if name in graph and (type is None or graph.nodes[name].get("type") == type):
        return name
    results = find(graph, name, type=type)
    if not results:
        raise EntityNotFound(f"no entity matches {name!r}" + (f" (type {type})" if type else ""))
    top_ = [r for r in results if r["score"] == results[0]["score"]]
    if len(top_) == 1:
        return top_[0]["id"]
    # a far better-known candidate wins only when the name is its exact form
    names = "; ".join(f"{r['label']} ({r['type']}, {r['mentions']} mentions)" for r in top_[:10])
    raise AmbiguousEntity(f"{name!r} matches {len(top_)} entities: {names}. Use a fuller name or --type.", top_)


def explain(graph: nx.MultiDiGraph, name: str, *, type: str | None = None) -> dict:
    """Why an entity is one node: its surface forms, titles, and every merge with the rule that made it.

    Returns
    -------
    dict
        ``{"id", "label", "type", "aliases", "titles", "mentions", "documents", "merges"}``, each merge
        ``{"rule", "left", "right", "doc"}``.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> explain(example_graph(), "acme")["aliases"]
    ['Acme Corp', 'Acme']
    """
    graph = _graph(graph)
    node = find_one(graph, name, type=type)
    data = graph.nodes[node]
    return {"id": node, "label": data.get("label"), "type": data.get("type"), "aliases": data.get("aliases", []),
            "titles": data.get("titles", []), "mentions": data.get("mentions", 0),
            "documents": data.get("doc_ids", []), "merges": data.get("merges", [])}


# ---------------------------------------------------------------- neighbours and evidence

def _edges_between(graph, u, v):
    for a, b in ((u, v), (v, u)):
        if graph.has_edge(a, b):
            for key, data in graph[a][b].items():
                yield a, b, key, data


def neighbors(graph: nx.MultiDiGraph, name: str, *, kind: str | None = None, predicate: str | None = None,
              type: str | None = None, min_weight: int = 1, doc: str | None = None, limit: int | None = None) -> list[dict]:
    """The entities linked to ``name``, strongest first, with how they are linked.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kg graph.
    name : str
        The entity (see :func:`find_one`).
    kind : {"co-mention", "relation"}, optional
        Only links of this kind.
    predicate : str, optional
        Only relations with this typed relation (``member_of``) or predicate as written ("accused").
    type : str, optional
        Only neighbours of this type (case forgiven).
    min_weight : int
        Fewest supporting sentences.
    doc : str, optional
        Only evidence from this document.
    limit : int, optional
        Most results.

    Returns
    -------
    list of dict
        ``{"id", "label", "type", "weight", "links": [{"kind", "predicate", "relation", "direction",
        "weight"}], "documents"}``, strongest first.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> [(r["label"], [l["kind"] for l in r["links"]]) for r in neighbors(example_graph(), "Ana Ruiz")]
    [('Acme Corp', ['co-mention', 'relation'])]
    >>> [r["label"] for r in neighbors(example_graph(), "Lorwick", type="person")]
    ['Tomas Vega']
    """
    graph = _graph(graph)
    type = _type(type)
    node = find_one(graph, name)
    out = {}
    for other in set(graph.successors(node)) | set(graph.predecessors(node)):
        if other == node:
            continue
        odata = graph.nodes[other]
        if type and odata.get("type") != type:
            continue
        links, weight, docs = [], 0, set()
        for a, b, _, data in _edges_between(graph, node, other):
            if kind and data.get("kind") != kind:
                continue
            if predicate and predicate not in (data.get("relation"), data.get("predicate"), *data.get("predicates", [])):
                continue
            cites = [c for c in data.get("citations", []) if doc is None or c["doc"] == doc]
            if not cites:
                continue
            links.append({"kind": data.get("kind"), "predicate": data.get("predicate", ""),
                          "relation": data.get("relation", ""),
                          "direction": "both" if data.get("kind") == "co-mention" else ("out" if a == node else "in"),
                          "weight": len(cites)})
            weight = max(weight, len(cites))
            docs |= {c["doc"] for c in cites}
        if links and weight >= min_weight:
            out[other] = {"id": other, "label": odata.get("label", ""), "type": odata.get("type", ""),
                          "weight": weight, "links": links, "documents": len(docs)}
    result = sorted(out.values(), key=lambda r: (-r["weight"], -len(r["links"]), r["label"], r["id"]))
    return result[:limit] if limit else result


def _doc_dates(data) -> dict:
    return data.doc_dates if isinstance(data, Corpus) else {}


def evidence(graph: nx.MultiDiGraph, a: str, b: str) -> list[dict]:
    """Every sentence that links ``a`` and ``b``, grouped by document, most relevant first.

    Stated relations come before co-mentions in each document; documents are ordered by date when the
    documents have dates (newest first), then by how many sentences they give. Each group:
    ``{"doc", "citations": [{"start", "end", "text", "kinds": [...], "predicates": [...], "refs": [...]}]}``;
    ``refs`` lists the pronouns or descriptions a relation was read through, each with ``refers_to``: the
    named mention (document offsets and text) it stands for.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kg graph.
    a, b : str
        The two entities (see :func:`find_one`).

    Returns
    -------
    list of dict
        One group per document.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> [(c["text"], c["kinds"]) for g in evidence(example_graph(), "Ruiz", "Acme") for c in g["citations"]]
    [('Ana Ruiz works for Acme Corp.', ['co-mention', 'relation'])]
    """
    corpus, graph = graph, _graph(graph)
    u, v = find_one(graph, a), find_one(graph, b)
    by_doc: dict[str, dict[tuple, dict]] = defaultdict(dict)
    for src, dst, _, data in _edges_between(graph, u, v):
        for c in data.get("citations", []):
            entry = by_doc[c["doc"]].setdefault((c["start"], c["end"]), {
                "start": c["start"], "end": c["end"], "text": c["text"], "kinds": [], "predicates": [], "refs": []})
            for ref in c.get("refs", []):
                if ref not in entry["refs"]:
                    entry["refs"].append(ref)
            if data.get("kind") not in entry["kinds"]:
                entry["kinds"].append(data.get("kind"))
            if data.get("kind") == "relation":
                pred = data.get("predicate", "")
                arrow = f"{graph.nodes[src]['label']} {pred} {graph.nodes[dst]['label']}"
                if arrow not in entry["predicates"]:
                    entry["predicates"].append(arrow)
    dates = _doc_dates(corpus)
    groups = []
    for doc, cites in by_doc.items():
        ordered = sorted(cites.values(), key=lambda c: ("relation" not in c["kinds"], c["start"]))
        groups.append({"doc": doc, "date": dates.get(doc, ""), "citations": ordered})
    groups.sort(key=lambda g: (sum(-1 for c in g["citations"] if "relation" in c["kinds"]),
                               _neg(g["date"]), -len(g["citations"]), g["doc"]))
    return groups


def _neg(date: str) -> str:
    """Sort key putting later dates first (empty dates last)."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date) if date else "\U0010ffff"


def _best_citation(graph, u, v) -> dict:
    best = None
    for src, dst, _, data in _edges_between(graph, u, v):
        for c in data.get("citations", []):
            rank = (data.get("kind") != "relation", len(c["text"]), c["doc"], c["start"])
            if best is None or rank < best[0]:
                best = (rank, {**c, "kind": data.get("kind"), "predicate": data.get("predicate", ""),
                               "from": src, "to": dst})
    return best[1] if best else {}


def paths(graph: nx.MultiDiGraph, a: str, b: str, *, k: int = 1, max_hops: int = 6) -> list[dict]:
    """The ``k`` shortest paths between ``a`` and ``b`` (fewest hops, then strongest links), each hop with
    its best evidence sentence (a stated relation first, else the shortest sentence).

    Each path: ``{"nodes": [{"id", "label", "type"}], "hops": [{"from", "to", "kind", "predicate", "doc",
    "start", "end", "text"}]}``. Links are read in both directions (a stated relation links both ends).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kg graph.
    a, b : str
        The two entities (see :func:`find_one`).
    k : int
        How many shortest paths.
    max_hops : int
        Longest path to report.

    Returns
    -------
    list of dict
        The paths, shortest first.

    Raises
    ------
    networkx.NetworkXNoPath
        If no path of at most ``max_hops`` links ``a`` and ``b`` (as networkx's path functions do).
    EntityNotFound, AmbiguousEntity
        If a name designates no entity, or several.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> (p,) = paths(example_graph(), "Ana Ruiz", "Tomas Vega")
    >>> [n["label"] for n in p["nodes"]]
    ['Ana Ruiz', 'Acme Corp', 'Lorwick', 'Tomas Vega']
    >>> p["hops"][0]["kind"], p["hops"][0]["predicate"]
    ('relation', 'works for')
    >>> paths(example_graph(), "Ana Ruiz", "Zeta Ltd")
    Traceback (most recent call last):
    networkx.exception.NetworkXNoPath: no path of at most 6 links between 'Ana Ruiz' and 'Zeta Ltd'
    """
    graph = _graph(graph)
    u, v = find_one(graph, a), find_one(graph, b)
    simple = _index(graph).simple
    out = []
    first = _strongest_shortest_path(simple, u, v, max_hops)
    found = [first] if first else []
    if first and k > 1:
        more = (p for p in nx.shortest_simple_paths(simple, u, v) if p != first)
        found += list(islice(more, k - 1))
    try:
        for path in found:
            if len(path) - 1 > max_hops:
                break
            out.append({"nodes": [{"id": n, "label": graph.nodes[n].get("label", ""),
                                   "type": graph.nodes[n].get("type", "")} for n in path],
                        "hops": [{**_best_citation(graph, x, y), "from": graph.nodes[x].get("label", ""),
                                  "to": graph.nodes[y].get("label", "")} for x, y in zip(path, path[1:])]})
    except nx.NetworkXNoPath:
        pass
    if not out:
        raise nx.NetworkXNoPath(f"no path of at most {max_hops} links between {graph.nodes[u].get('label', u)!r} "
                                f"and {graph.nodes[v].get('label', v)!r}")
    return out


def _strongest_shortest_path(simple: nx.Graph, u, v, max_hops: int) -> list | None:
    """One shortest path from ``u`` to ``v`` (fewest hops), choosing at each step the neighbour one hop
    nearer ``v`` with the strongest link (then the smallest id): a deterministic answer the viewer's page
    computes the same way. None when ``v`` is more than ``max_hops`` away."""
    if u == v:
        return [u]
    try:
        hops = len(nx.bidirectional_shortest_path(simple, u, v)) - 1  # the distance, cheaply
    except nx.NetworkXNoPath:
        return None
    if hops > max_hops:
        return None
    dist = nx.single_source_shortest_path_length(simple, v, cutoff=hops - 1)
    dist[u] = hops
    path = [u]
    while path[-1] != v:
        node = path[-1]
        nearer = [m for m in simple[node] if dist.get(m) == dist[node] - 1]
        path.append(min(nearer, key=lambda m: (-simple[node][m]["weight"], m)))
    return path


def brokers(graph: nx.MultiDiGraph, a: str, b: str, *, limit: int = 20) -> list[dict]:
    """Who links ``a`` and ``b``: their shared neighbours, strongest first, with both links' weights.

    Returns
    -------
    list of dict
        ``{"id", "label", "type", "weight_a", "weight_b"}``.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> [r["label"] for r in brokers(example_graph(), "Acme Corp", "Tomas Vega")]
    ['Lorwick']
    """
    graph = _graph(graph)
    u, v = find_one(graph, a), find_one(graph, b)
    simple = _index(graph).simple
    shared = (set(simple[u]) & set(simple[v])) - {u, v}
    out = [{"id": n, "label": graph.nodes[n].get("label", ""), "type": graph.nodes[n].get("type", ""),
            "weight_a": simple[u][n]["weight"], "weight_b": simple[v][n]["weight"]} for n in shared]
    out.sort(key=lambda r: (-min(r["weight_a"], r["weight_b"]), -(r["weight_a"] + r["weight_b"]), r["label"]))
    return out[:limit]


# ---------------------------------------------------------------- actors and groups

MEASURES = ("degree", "weighted", "pagerank", "betweenness")


def top(graph: nx.MultiDiGraph, *, by: str = "pagerank", type: str | None = None, n: int = 20) -> list[dict]:
    """Key actors: the ``n`` highest-scoring entities by ``by``, optionally of one ``type``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kg graph.
    by : {"degree", "weighted", "pagerank", "betweenness"}
        The measure, on the weighted undirected view (:func:`kg.simple_graph`).
    type : str, optional
        Only entities of this type (case forgiven).
    n : int
        How many.

    Returns
    -------
    list of dict
        ``{"id", "label", "type", "score", "mentions"}``, highest score first; ties broken by mentions,
        then label (deterministic).

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> [r["label"] for r in top(example_graph(), by="degree", type="person")]
    ['Ana Ruiz', 'Tomas Vega']
    """
    graph = _graph(graph)
    if by not in MEASURES:
        raise ValueError(f"by must be one of {', '.join(MEASURES)}")
    type = _type(type)
    simple = _index(graph).simple
    if by == "degree":
        scores = dict(simple.degree())
    elif by == "weighted":
        scores = dict(simple.degree(weight="weight"))
    elif by == "pagerank":
        scores = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {n: 0.0 for n in simple}
    else:
        k = min(500, simple.number_of_nodes()) if simple.number_of_nodes() > 2000 else None
        scores = nx.betweenness_centrality(simple, k=k, weight="distance", seed=0)
    rows = [{"id": node, "label": graph.nodes[node].get("label", ""), "type": graph.nodes[node].get("type", ""),
             "score": round(float(score), 6), "mentions": graph.nodes[node].get("mentions", 0)}
            for node, score in scores.items() if not type or graph.nodes[node].get("type") == type]
    rows.sort(key=lambda r: (-r["score"], -r["mentions"], r["label"], r["id"]))
    return rows[:n]


def communities(graph: nx.MultiDiGraph, *, min_size: int = 3, seed: int = 42) -> list[dict]:
    """Groups of densely linked entities (Louvain, fixed seed), largest first, each with its members
    (most central first) and its most central figure (highest weighted degree inside the group).

    Returns
    -------
    list of dict
        One per group of at least ``min_size`` entities.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> [len(c["members"]) for c in communities(example_graph(), min_size=2)]
    [2, 2]
    """
    graph = _graph(graph)
    simple = _index(graph).simple
    if simple.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    out = []
    for members in groups:
        if len(members) < min_size:
            continue
        sub = simple.subgraph(members)
        strength = dict(sub.degree(weight="weight"))
        ranked = sorted(members, key=lambda n: (-strength[n], graph.nodes[n].get("label", ""), n))
        out.append({"size": len(members), "central": graph.nodes[ranked[0]].get("label", ""),
                    "types": dict(sorted(Counter(graph.nodes[n].get("type", "") for n in members).items())),
                    "members": [{"id": n, "label": graph.nodes[n].get("label", ""), "type": graph.nodes[n].get("type", ""),
                                 "strength": strength[n]} for n in ranked]})
    out.sort(key=lambda c: (-c["size"], c["central"]))
    for i, c in enumerate(out, 1):
        c["community"] = i
    return out


def ego_graph(graph: nx.MultiDiGraph, name: str, *, depth: int = 1, max_nodes: int | None = None,
              fan_out: int | None = None) -> nx.MultiDiGraph:
    """The neighbourhood of ``name`` to ``depth`` hops as a graph of its own (a copy, exportable and
    viewable like the whole graph). With ``max_nodes``, the strongest-linked nodes are kept. With
    ``fan_out``, each node brings in at most its ``fan_out`` strongest neighbours on the first hop and a
    third as many (at least 2) beyond, so one hub cannot pull in the whole graph.

    Returns
    -------
    networkx.MultiDiGraph
        The subgraph, with ``graph.graph["ego"]`` the centre's label and ``graph.graph["ego_id"]`` its id.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> sorted(d["label"] for _, d in ego_graph(example_graph(), "Lorwick").nodes(data=True))
    ['Acme Corp', 'Lorwick', 'Tomas Vega']
    >>> sorted(d["label"] for _, d in ego_graph(example_graph(), "Lorwick", fan_out=1).nodes(data=True))
    ['Acme Corp', 'Lorwick']
    """
    graph = _graph(graph)
    node = find_one(graph, name)
    simple = _index(graph).simple
    if fan_out:
        dist = {node: 0}
        frontier = [node]
        for hop in range(1, depth + 1):
            cap = fan_out if hop == 1 else max(2, fan_out // 3)
            following = []
            for x in frontier:
                fresh = sorted((m for m in simple[x] if m not in dist), key=lambda m: (-simple[x][m]["weight"], m))
                for m in fresh[:cap]:
                    dist[m] = hop
                    following.append(m)
            frontier = following
    else:
        dist = nx.single_source_shortest_path_length(simple, node, cutoff=depth)
    keep = sorted(dist, key=lambda n: (dist[n], -simple.degree(n, weight="weight"), n))
    if max_nodes:
        keep = keep[:max_nodes]
    ego = graph.subgraph(keep).copy()
    ego.graph.update({k: v for k, v in graph.graph.items() if not k.startswith("_")})
    ego.graph["ego"] = graph.nodes[node].get("label", node)
    ego.graph["ego_id"] = node
    ego.graph["ego_depth"] = depth
    return ego


# ---------------------------------------------------------------- mentions in documents

def mentions(corpus, name: str, *, folder: str | os.PathLike | None = None, width: int = 60) -> list[dict]:
    """The documents that mention ``name``, each with keyword-in-context snippets.

    Parameters
    ----------
    corpus : Corpus or networkx.MultiDiGraph
        A :class:`~kg.graph.Corpus` (from :func:`kg.build` or :func:`kg.load`: the mentions come with it),
        or a bare graph with ``folder``, the output folder whose ``mentions.jsonl`` to read.
    name : str
        The entity (see :func:`find_one`).
    width : int
        Characters of context on each side.

    Returns
    -------
    list of dict
        ``{"doc", "date", "count", "snippets": [{"start", "end", "left", "match", "right"}]}``, most
        mentions first.

    Raises
    ------
    InputError
        If no mentions come with ``corpus`` and no ``folder`` holds them.

    Examples
    --------
    >>> from kg.graph import Corpus, example_graph
    >>> mention = {"entity": "n1", "doc": "a.txt", "start": 0, "end": 8, "text": "Ana Ruiz", "left": "",
    ...            "right": "works for Acme Corp."}
    >>> corpus = Corpus(example_graph(), [{"id": "a.txt", "date": ""}], [mention])
    >>> [(d["doc"], d["count"]) for d in mentions(corpus, "Ruiz")]
    [('a.txt', 1)]
    """
    if folder is not None:
        from .export import load

        corpus = Corpus(_graph(corpus), load(folder).documents, None, Path(folder))
    elif not isinstance(corpus, Corpus):
        corpus = Corpus(corpus)
    node = find_one(corpus.graph, name)
    by_doc: dict[str, list] = defaultdict(list)
    for rec in corpus.iter_mentions(node):
        by_doc[rec["doc"]].append({"start": rec["start"], "end": rec["end"], "left": rec["left"][-width:].lstrip(),
                                   "match": rec["text"], "right": rec["right"][:width].rstrip()})
    dates = corpus.doc_dates
    out = [{"doc": doc, "date": dates.get(doc, ""), "count": len(s), "snippets": s} for doc, s in by_doc.items()]
    out.sort(key=lambda d: (-d["count"], d["doc"]))
    return out
