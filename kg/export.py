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

__all__ = ["FORMATS", "SEPARATOR", "atomic_write", "clean_text", "flatten", "generate_csv", "generate_gexf",
           "generate_graphml", "read_graphml", "read_json", "unflatten", "write_csv", "write_gexf", "write_graphml",
           "write_json"]

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


# ---------------------------------------------------------------- GEXF 1.3 (Gephi's own format)

TYPE_COLOURS = {"PERSON": (225, 87, 89), "ORG": (78, 121, 167), "PLACE": (89, 161, 79)}
_GEXF_NS = "http://gexf.net/1.3"
_VIZ_NS = "http://gexf.net/1.3/viz"
_GEXF_RESERVED = {"node": {"id", "label", "start", "end"}, "edge": {"id", "label", "weight", "type", "start", "end"}}


def _gexf_type(values) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _gexf_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def generate_gexf(graph: nx.MultiDiGraph) -> str:
    """GEXF 1.3 text: typed attributes, viz colour by type and size by mentions, one edge per link with
    a unique id and a ``kind`` attribute (relations labelled with their predicate; edges are all written
    directed, co-mentions from the smaller node id to the larger, because readers such as networkx
    refuse mixed graphs) and, when documents have dates, first/last seen on nodes and edges for
    Gephi's timeline."""
    import math
    import xml.etree.ElementTree as ET

    flat = flatten(graph)
    ET.register_namespace("", _GEXF_NS)
    ET.register_namespace("viz", _VIZ_NS)
    root = ET.Element(f"{{{_GEXF_NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{_GEXF_NS}}}meta")
    ET.SubElement(meta, f"{{{_GEXF_NS}}}creator").text = str(flat.graph.get("generator", "kg"))
    ET.SubElement(meta, f"{{{_GEXF_NS}}}description").text = "Entities and cited links built by kg"
    dated = any("first_seen" in d for _, d in flat.nodes(data=True))
    attrs = {"defaultedgetype": "directed", "mode": "dynamic" if dated else "static"}
    if dated:
        attrs["timeformat"] = "date"
    g = ET.SubElement(root, f"{{{_GEXF_NS}}}graph", attrs)
    time_keys = {"first_seen", "last_seen"}

    def declare(cls: str, items) -> list[str]:
        keys: dict[str, list] = {}
        for data in items:
            for k, v in data.items():
                if k not in _GEXF_RESERVED[cls] and k not in time_keys:
                    keys.setdefault(k, []).append(v)
        block = ET.SubElement(g, f"{{{_GEXF_NS}}}attributes", {"class": cls})
        for k in keys:
            ET.SubElement(block, f"{{{_GEXF_NS}}}attribute", {"id": k, "title": k, "type": _gexf_type(keys[k])})
        return list(keys)

    node_keys = declare("node", (d for _, d in flat.nodes(data=True)))
    edge_keys = declare("edge", (d for _, _, d in flat.edges(data=True)))
    nodes = ET.SubElement(g, f"{{{_GEXF_NS}}}nodes")
    for node, data in flat.nodes(data=True):
        el = ET.SubElement(nodes, f"{{{_GEXF_NS}}}node", {"id": node, "label": str(data.get("label", node))})
        if dated and data.get("first_seen"):
            el.set("start", data["first_seen"])
            el.set("end", data.get("last_seen", data["first_seen"]))
        values = ET.SubElement(el, f"{{{_GEXF_NS}}}attvalues")
        for k in node_keys:
            if k in data:
                ET.SubElement(values, f"{{{_GEXF_NS}}}attvalue", {"for": k, "value": _gexf_value(data[k])})
        r, gr, b = TYPE_COLOURS.get(data.get("type"), (150, 150, 150))
        ET.SubElement(el, f"{{{_VIZ_NS}}}color", {"r": str(r), "g": str(gr), "b": str(b), "a": "1.0"})
        ET.SubElement(el, f"{{{_VIZ_NS}}}size", {"value": f"{4 + 6 * math.log1p(data.get('mentions', 1)):.2f}"})
    edges = ET.SubElement(g, f"{{{_GEXF_NS}}}edges")
    for u, v, key, data in flat.edges(keys=True, data=True):
        attrs = {"id": key, "source": u, "target": v, "weight": str(max(1, data.get("weight", 1)))}
        if data.get("predicate"):
            attrs["label"] = data["predicate"]
        if dated and data.get("first_seen"):
            attrs["start"], attrs["end"] = data["first_seen"], data.get("last_seen", data["first_seen"])
        el = ET.SubElement(edges, f"{{{_GEXF_NS}}}edge", attrs)
        values = ET.SubElement(el, f"{{{_GEXF_NS}}}attvalues")
        for k in edge_keys:
            if k in data:
                ET.SubElement(values, f"{{{_GEXF_NS}}}attvalue", {"for": k, "value": _gexf_value(data[k])})
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``graph`` as GEXF 1.3 (UTF-8), atomically."""
    atomic_write(path, generate_gexf(graph).encode("utf-8"))


# ---------------------------------------------------------------- CSV (Neo4j bulk import headers)

def generate_csv(graph: nx.MultiDiGraph) -> dict[str, str]:
    """``nodes.csv``, ``edges.csv`` and ``citations.csv`` (one row per citation), with Neo4j
    ``neo4j-admin database import`` headers (`:ID`, `:START_ID`, `:END_ID`, `:TYPE`, `:LABEL`, typed
    columns, arrays joined by ``;``). Text is verbatim: quoted fields may hold line breaks."""
    import csv
    import io

    def table(header, rows) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buf.getvalue()

    def arr(values) -> str:
        return ";".join(clean_text(str(v)).replace(";", ",") for v in values or [])

    nodes = table(
        ["id:ID", "label", "type", "aliases:string[]", "titles:string[]", "mentions:int", "documents:int",
         "first_seen", "last_seen", ":LABEL"],
        ([n, clean_text(d.get("label", "")), d.get("type", ""), arr(d.get("aliases")), arr(d.get("titles")),
          d.get("mentions", 0), d.get("documents", 0), d.get("first_seen", ""), d.get("last_seen", ""),
          f"Entity;{d.get('type', 'Entity')}"] for n, d in graph.nodes(data=True)))
    edges = table(
        [":START_ID", ":END_ID", ":TYPE", "id", "kind", "predicate", "relation", "weight:int", "negated:boolean",
         "hedged:boolean", "attributed_to:string[]", "rules:string[]", "first_seen", "last_seen"],
        ([u, v, (d.get("relation") or d.get("kind", "link")).upper().replace("-", "_"), k, d.get("kind", ""),
          clean_text(d.get("predicate", "")), d.get("relation", ""), d.get("weight", 1),
          str(bool(d.get("negated", False))).lower(), str(bool(d.get("hedged", False))).lower(),
          arr(d.get("attributed_to")), arr(d.get("rules")), d.get("first_seen", ""), d.get("last_seen", "")]
         for u, v, k, d in graph.edges(keys=True, data=True)))
    citations = table(
        ["edge_id", ":START_ID", ":END_ID", "kind", "doc", "start:int", "end:int", "page:int", "text"],
        ([k, u, v, d.get("kind", ""), clean_text(c["doc"]), c["start"], c["end"], c.get("page", 0),
          clean_text(c["text"])] for u, v, k, d in graph.edges(keys=True, data=True) for c in d.get("citations", [])))
    return {"nodes.csv": nodes, "edges.csv": edges, "citations.csv": citations}


def write_csv(graph: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write the three CSV files into folder ``path``."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate_csv(graph).items():
        atomic_write(folder / name, text.encode("utf-8"))


#: Output formats by name: (default file or folder name in a build folder, writer).
FORMATS = {
    "graphml": ("graph.graphml", write_graphml),
    "gexf": ("graph.gexf", write_gexf),
    "json": ("graph.json", write_json),
    "csv": ("csv", write_csv),
}
