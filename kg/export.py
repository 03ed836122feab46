"""Stage 7 — write and read the graph: one sanitiser before every format, networkx's verbs for each.

In memory, list attributes stay lists and citations stay dicts; at the file boundary they are flattened:
lists of names are joined with ``" | "``, lists of records become JSON strings, characters XML forbids
are removed, ``None`` values are left out.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import networkx as nx

__all__ = ["FORMATS", "atomic_write", "flatten", "read_graphml", "unflatten", "write_graphml", "write_json",
           "read_json", "SEPARATOR"]

SEPARATOR = " | "
#: Attributes holding lists of names (joined with SEPARATOR in flat formats).
LIST_ATTRS = ("aliases", "titles", "doc_ids", "rules", "attributed_to", "predicates")
#: Attributes holding lists of records (JSON strings in flat formats).
JSON_ATTRS = ("citations", "merges")

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Remove characters that XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF)."""
    return _ILLEGAL_XML.sub("", value)


def _flat_value(key: str, value):
    if value is None:
        return None
    if key in JSON_ATTRS or isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
        return clean_text(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    if isinstance(value, (list, tuple, set)):
        return clean_text(SEPARATOR.join(str(v) for v in value))
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    return clean_text(str(value))


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` with only scalar, XML-safe attribute values; ``graph`` is not changed."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: v for k, v in ((k, _flat_value(k, v)) for k, v in graph.graph.items()
                                         if not k.startswith("_")) if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(clean_text(str(node)), **{k: v for k, v in ((k, _flat_value(k, v)) for k, v in data.items())
                                                 if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(clean_text(str(u)), clean_text(str(v)), key=clean_text(str(key)),
                      **{k: x for k, x in ((k, _flat_value(k, x)) for k, x in data.items()) if x is not None})
    return flat


def _unflat_value(key: str, value):
    if key in JSON_ATTRS and isinstance(value, str):
        return json.loads(value) if value else []
    if key in LIST_ATTRS and isinstance(value, str):
        return value.split(SEPARATOR) if value else []
    return value


def unflatten(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The inverse of :func:`flatten` for kg's own attributes."""
    graph = nx.MultiDiGraph()
    graph.graph.update({k: _unflat_value(k, v) for k, v in flat.graph.items()})
    for node, data in flat.nodes(data=True):
        graph.add_node(node, **{k: _unflat_value(k, v) for k, v in data.items()})
    for u, v, key, data in flat.edges(keys=True, data=True):
        graph.add_edge(u, v, key=key, **{k: _unflat_value(k, x) for k, x in data.items()})
    return graph


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def generate_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML text for Gephi: named key ids, unique edge ids, scalar attributes only."""
    flat = flatten(graph)
    return "\n".join(nx.generate_graphml(flat, named_key_ids=True, edge_id_from_attribute=None)) + "\n"


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``graph`` as GraphML (UTF-8), atomically."""
    atomic_write(path, generate_graphml(graph).encode("utf-8"))


def read_graphml(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a GraphML file written by kg back into an in-memory kg graph (lists and citations restored)."""
    flat = nx.read_graphml(path, force_multigraph=True)
    if not flat.is_directed():
        flat = nx.MultiDiGraph(flat)
    return unflatten(flat)


def to_dict(graph: nx.MultiDiGraph) -> dict:
    """Node-link data of the in-memory graph (lists and records kept as JSON structures)."""
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = {k: v for k, v in data["graph"].items() if not k.startswith("_")}
    return data


def write_json(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write node-link JSON that :func:`read_json` loads back losslessly."""
    text = json.dumps(to_dict(graph), ensure_ascii=False, sort_keys=True, indent=1)
    atomic_write(path, (clean_text(text) + "\n").encode("utf-8"))


def read_json(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read node-link JSON written by :func:`write_json`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


#: Output formats by name: (file name, writer).
FORMATS = {
    "graphml": ("graph.graphml", write_graphml),
    "json": ("graph.json", write_json),
}
