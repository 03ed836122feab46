"""Queries over a built graph: find entities by name, explain merges (the queries issue extends this)."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from .errors import AmbiguousEntity, EntityNotFound, InputError
from .export import read_graphml
from .normalize import name_key, name_tokens

__all__ = ["explain", "find", "find_one", "load_graph"]


def load_graph(folder: str | os.PathLike) -> nx.MultiDiGraph:
    """Load the graph ``kg build`` wrote into ``folder`` (or a ``.graphml`` file itself).

    Raises
    ------
    InputError
        If there is no graph there.
    """
    path = Path(folder)
    if path.is_dir():
        path = path / "graph.graphml"
    if not path.is_file():
        raise InputError(f"{folder}: no graph here (expected {path}); run `kg build INPUT --out DIR` first")
    try:
        return read_graphml(path)
    except Exception as exc:  # a corrupt or foreign file: say which
        raise InputError(f"{path}: cannot read the graph ({exc})") from exc


def _score(query_key: str, names: list[str]) -> float:
    q_tokens = name_tokens(query_key)
    best = 0.0
    for name in names:
        key = name_key(name)
        if key == query_key:
            return 1.0
        tokens = name_tokens(key)
        if q_tokens and set(q_tokens) <= set(tokens):
            best = max(best, 0.8 if tokens[-len(q_tokens):] == q_tokens else 0.7)
        elif len(query_key) >= 3 and query_key in key:
            best = max(best, 0.4)
    return best


def find(graph: nx.MultiDiGraph, name: str, *, type: str | None = None, limit: int = 20) -> list[dict]:
    """Entities matching ``name`` by label or alias, forgiving case, accents and partial names, best first.

    Each result is ``{"id", "label", "type", "mentions", "score"}``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("n1", label="Recep Tayyip Erdoğan", type="PERSON", aliases=["Erdogan"], mentions=3)
    >>> [r["label"] for r in find(g, "erdogan")]
    ['Recep Tayyip Erdoğan']
    """
    query_key = name_key(name)
    if not query_key:
        return []
    out = []
    for node, data in graph.nodes(data=True):
        if type and data.get("type") != type:
            continue
        score = _score(query_key, [data.get("label", ""), *data.get("aliases", [])])
        if score:
            out.append({"id": node, "label": data.get("label", ""), "type": data.get("type", ""),
                        "mentions": data.get("mentions", 0), "score": score})
    out.sort(key=lambda r: (-r["score"], -r["mentions"], r["label"], r["id"]))
    return out[:limit]


def find_one(graph: nx.MultiDiGraph, name: str, *, type: str | None = None) -> str:
    """The id of the one entity ``name`` designates.

    Raises
    ------
    EntityNotFound
        If nothing matches.
    AmbiguousEntity
        If several entities match equally well; ``.candidates`` lists them.
    """
    results = find(graph, name, type=type)
    if not results:
        raise EntityNotFound(f"no entity matches {name!r}")
    top = [r for r in results if r["score"] == results[0]["score"]]
    if len(top) == 1:
        return top[0]["id"]
    names = "; ".join(f"{r['label']} ({r['type']})" for r in top[:10])
    raise AmbiguousEntity(f"{name!r} matches {len(top)} entities: {names}. Use a fuller name or --type.", top)


def explain(graph: nx.MultiDiGraph, name: str, *, type: str | None = None) -> dict:
    """Why an entity is one node: its surface forms, titles, and every merge with the rule that made it."""
    node = find_one(graph, name, type=type)
    data = graph.nodes[node]
    return {"id": node, "label": data.get("label"), "type": data.get("type"), "aliases": data.get("aliases", []),
            "titles": data.get("titles", []), "mentions": data.get("mentions", 0),
            "documents": data.get("doc_ids", []), "merges": data.get("merges", [])}
