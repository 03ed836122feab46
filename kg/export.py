"""Stage 7 — write and read the graph: one sanitiser before every format, networkx's verbs for each.

In memory, list attributes stay lists and citations stay dicts; at the file boundary they are flattened:
lists of names are joined with ``" | "``, lists of records become JSON strings, characters XML forbids
are removed, ``None`` values are left out.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path
def escape(text: str) -> str:
    """XML character data (what ``xml.sax.saxutils.escape`` does; chained replaces run in C)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value, whitespace kept as character references."""
    text = escape(text).replace('"', "&quot;")
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return '"' + text + '"'

import networkx as nx

from .errors import InputError
from .generation import finish_switch
from .layout import TYPE_COLOURS, positions
from .schema import attributes

__all__ = [
    "FORMATS",
    "SEPARATOR",
    "atomic_open",
    "atomic_write",
    "clean_text",
    "flatten",
    "generate_csv",
    "generate_gexf",
    "generate_graphml",
    "generate_json",
    "json_pieces",
    "load",
    "load_graph",
    "read_graphml",
    "read_json",
    "unflatten",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_json",
]

SEPARATOR = " | "
#: Attributes holding lists of names (joined with SEPARATOR in flat formats), from kg/data/schema.yaml.
LIST_ATTRS = tuple(sorted({a.name for a in attributes().values() if a.kind == "list"}))
#: Attributes holding lists of records (JSON strings in flat formats), from kg/data/schema.yaml.
JSON_ATTRS = tuple(sorted({a.name for a in attributes().values() if a.kind == "json"}))

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Remove characters that XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF)."""
    if value.isprintable():  # every forbidden character is unprintable: nothing to remove (the common case)
        return value
    return _ILLEGAL_XML.sub("", value)


def join_list(values) -> str:
    """Names joined with ``" | "``; a ``|`` or ``\\`` inside a name is backslash-escaped, so
    :func:`split_list` gives the same names back (``"a | b"`` as one name stays one)."""
    return SEPARATOR.join(str(v).replace("\\", "\\\\").replace("|", "\\|") for v in values)


#: The CSV array delimiter (Neo4j's default); a ``;`` inside a value is written as the full-width ``；``.
ARRAY_DELIMITER = ";"
_FULLWIDTH_SEMICOLON = "\uff1b"


def join_array(values) -> str:
    """A CSV array cell: values joined by ``;``. Neo4j's importer cannot escape its array delimiter, so a
    ``;`` inside a value is written as the full-width ``；`` (Neo4j then keeps the value whole and shows it
    as written); a literal ``；`` or ``\\`` is backslash-escaped, so :func:`split_array` gives exactly the
    values back.

    >>> cell = join_array(["Smith; John", "A"])
    >>> cell.split(";"), split_array(cell)
    (['Smith\uff1b John', 'A'], ['Smith; John', 'A'])
    """
    return ARRAY_DELIMITER.join(str(v).replace("\\", "\\\\").replace(_FULLWIDTH_SEMICOLON, "\\" + _FULLWIDTH_SEMICOLON)
                                .replace(";", _FULLWIDTH_SEMICOLON) for v in values)


def _split_escaped(text: str, separator: str, unescaped=None) -> list[str]:
    """Split ``text`` at ``separator``, a backslash keeping the next character as it is; ``unescaped`` maps the
    other characters (the full-width semicolon back to ``;``)."""
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i + 1])
            i += 2
        elif text.startswith(separator, i):
            parts.append("".join(current))
            current = []
            i += len(separator)
        else:
            current.append(unescaped.get(ch, ch) if unescaped else ch)
            i += 1
    parts.append("".join(current))
    return parts


def split_array(cell: str) -> list[str]:
    """The values :func:`join_array` joined."""
    return _split_escaped(cell, ARRAY_DELIMITER, {_FULLWIDTH_SEMICOLON: ";"}) if cell else []


def split_list(text: str) -> list[str]:
    """The names :func:`join_list` joined."""
    if not text:
        return []
    if "\\" not in text:  # nothing escaped: the common case
        return text.split(SEPARATOR)
    return _split_escaped(text, SEPARATOR)


_JSON_KEYS = frozenset(JSON_ATTRS)
_encode_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _flat_value(key: str, value):
    if value is None:
        return None
    if key in _JSON_KEYS or isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
        return clean_text(_encode_json(value))
    if isinstance(value, (list, tuple, set)):
        return clean_text(join_list(value))
    if isinstance(value, (bool, int, float)):
        return value
    return clean_text(str(value))


#: Node attributes that say how a node is drawn (GraphML keys Gephi reads; GEXF ``viz:`` elements).
VIEW_ATTRS = tuple(a.name for (on, _), a in attributes().items() if on == "node" and a.kind == "view")


def edge_label(data: dict) -> str:
    """What tells an edge from its parallel edges in Gephi: the typed relation, or ``co-mention``."""
    return str(data.get("relation") or data.get("kind") or "link")


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def flatten(graph: nx.MultiDiGraph, *, view: dict | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` with only scalar, XML-safe attribute values; ``graph`` is not changed.

    Lists of names are joined with ``" | "`` (:func:`join_list`), lists of records become JSON strings,
    characters XML forbids are removed; networkx's own writers can then write the copy:

    >>> import io
    >>> from kg.graph import example_graph
    >>> flat = flatten(example_graph())
    >>> flat.nodes["n1"]["aliases"]
    'Ana Ruiz | Ruiz'
    >>> nx.write_graphml(flat, io.BytesIO())

    ``view`` (``node -> (x, y, size)``, see :func:`kg.layout.positions`) adds each node's position, size
    and type colour (``x``, ``y``, ``size``, ``r``, ``g``, ``b``); every edge gets a ``label`` (its typed
    relation, or ``co-mention``) that keeps parallel edges apart in Gephi.
    """
    flat = nx.MultiDiGraph()
    flat.graph.update({k: v for k, v in ((k, _flat_value(k, v)) for k, v in graph.graph.items()
                                         if not k.startswith("_")) if v is not None})
    for node, data in graph.nodes(data=True):
        attrs = {k: v for k, v in ((k, _flat_value(k, v)) for k, v in data.items() if k not in VIEW_ATTRS)
                 if v is not None}
        if view is not None and node in view:
            x, y, size = view[node]
            r, g, b = _rgb(TYPE_COLOURS.get(data.get("type"), "#999999"))
            # vis-network draws sizes 0-100 as 6-40 pixels; Gephi gets the drawn size
            attrs.update(x=float(x), y=float(y), size=round(6 + 0.34 * size, 2), r=r, g=g, b=b)
        flat.add_node(clean_text(str(node)), **attrs)
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {k: x for k, x in ((k, _flat_value(k, x)) for k, x in data.items() if k != "label") if x is not None}
        attrs["label"] = clean_text(edge_label(data))
        flat.add_edge(clean_text(str(u)), clean_text(str(v)), key=clean_text(str(key)), **attrs)
    return flat


def _view(graph: nx.MultiDiGraph) -> dict:
    return positions(graph)


def _unflat_value(key: str, value):
    if key in JSON_ATTRS and isinstance(value, str):
        return json.loads(value) if value else []
    if key in LIST_ATTRS and isinstance(value, str):
        return split_list(value)
    return value


def unflatten(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The inverse of :func:`flatten` for kg's own attributes."""
    graph = nx.MultiDiGraph()
    graph.graph.update({k: _unflat_value(k, v) for k, v in flat.graph.items()})
    for node, data in flat.nodes(data=True):
        graph.add_node(node, **{k: _unflat_value(k, v) for k, v in data.items() if k not in VIEW_ATTRS})
    for u, v, key, data in flat.edges(keys=True, data=True):
        graph.add_edge(u, v, key=key, **{k: _unflat_value(k, x) for k, x in data.items() if k != "label"})
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


@contextmanager
def atomic_open(path: str | os.PathLike):
    """A text file (UTF-8) written beside ``path`` and renamed over it only when the block succeeds.

    Characters that cannot be encoded (lone surrogates from JSON input) are written as ``\\udXXX``
    escapes, which JSON reads back as the same character.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    fh = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
    try:
        os.chmod(tmp, 0o666 & ~umask)
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        os.replace(tmp, path)
    except BaseException:
        fh.close()
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _xml_type(values) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _xml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def _declare(items) -> dict[str, str]:
    """attribute name -> GraphML/GEXF type, in order of first appearance (one type per key)."""
    seen: dict[str, dict] = {}  # key -> {value type: one value of that type}
    for data in items:
        for k, v in data.items():
            types = seen.get(k)
            if types is None:
                seen[k] = {v.__class__: v}
            elif v.__class__ not in types:
                types[v.__class__] = v
    return {k: _xml_type(list(types.values())) for k, types in seen.items()}


def _write_graphml(flat: nx.MultiDiGraph, fh, *, directed: bool = False) -> None:
    graph_keys = _declare([flat.graph])
    node_keys = _declare(d for _, d in flat.nodes(data=True))
    edge_keys = _declare(d for _, _, d in flat.edges(data=True))
    # key ids are the attribute names (Gephi reads the ids d3/d7 as labels otherwise); a name used in
    # two domains gets the domain as a prefix for its second id, so every key id stays unique
    ids: dict[tuple[str, str], str] = {}
    for domain, keys in (("node", node_keys), ("edge", edge_keys), ("graph", graph_keys)):
        for k in keys:
            ids[(domain, k)] = k if k not in {v for v in ids.values()} else f"{domain}_{k}"
    fh.write("<?xml version='1.0' encoding='utf-8'?>\n"
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for domain, keys in (("graph", graph_keys), ("node", node_keys), ("edge", edge_keys)):
        for k, t in keys.items():
            fh.write(f'  <key id={quoteattr(ids[(domain, k)])} for="{domain}" attr.name={quoteattr(k)} '
                     f'attr.type="{t}" />\n')
    # mixed: edgedefault undirected (graphology reads only directed="true"), relations directed="true"
    fh.write(f'  <graph edgedefault="{"directed" if directed else "undirected"}">\n')
    for k, v in flat.graph.items():
        fh.write(f'    <data key={quoteattr(ids[("graph", k)])}>{_xml_value(v)}</data>\n')
    node_open = {k: f"      <data key={quoteattr(ids[('node', k)])}>" for k in node_keys}
    edge_open = {k: f"      <data key={quoteattr(ids[('edge', k)])}>" for k in edge_keys}
    for node, data in flat.nodes(data=True):  # one write per element: the same text, written faster
        parts = [f"    <node id={quoteattr(str(node))}>\n"]
        for k, v in data.items():
            parts.append(f"{node_open[k]}{_xml_value(v)}</data>\n")
        parts.append("    </node>\n")
        fh.write("".join(parts))
    for u, v, key, data in flat.edges(keys=True, data=True):
        way = "" if directed else f' directed="{"false" if data.get("kind") == "co-mention" else "true"}"'
        parts = [f"    <edge id={quoteattr(str(key))} source={quoteattr(str(u))} target={quoteattr(str(v))}{way}>\n"]
        for k, x in data.items():
            parts.append(f"{edge_open[k]}{_xml_value(x)}</data>\n")
        parts.append("    </edge>\n")
        fh.write("".join(parts))
    fh.write("  </graph>\n</graphml>\n")


def _to_handle(fh, write) -> None:
    """Run ``write(text_handle)`` into an open file: a text handle as is, a binary one as UTF-8."""
    if isinstance(fh, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(fh, "mode", ""):
        buf = io.StringIO()
        write(buf)
        fh.write(buf.getvalue().encode("utf-8"))
    else:
        write(fh)


def _is_handle(path) -> bool:
    return hasattr(path, "write")


def generate_graphml(graph: nx.MultiDiGraph, *, directed: bool = False) -> Iterator[str]:
    """GraphML text for Gephi: named key ids, unique edge ids, scalar attributes only, co-mentions
    undirected (``directed="false"``) and stated relations directed, each node's position, size and colour
    (``x``, ``y``, ``size``, ``r``, ``g``, ``b``, as drawn in ``graph.html``) and an edge ``label`` (typed
    relation or ``co-mention``). ``directed=True`` writes every edge directed, for readers that refuse
    mixed graphs (networkx). Yields the file's lines, as networkx's ``generate_graphml`` does.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> lines = list(generate_graphml(example_graph()))
    >>> lines[0].startswith("<?xml") and any('directed="false"' in line for line in lines)
    True
    """
    buf = io.StringIO()
    _write_graphml(flatten(graph, view=_view(graph)), buf, directed=directed)
    yield from buf.getvalue().splitlines(keepends=True)


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike, *, flat: nx.MultiDiGraph | None = None,
                  directed: bool = False) -> None:
    """Write ``graph`` as GraphML (UTF-8; see :func:`generate_graphml`) to a path (streamed to a temporary
    file and renamed) or to an open file, text or binary, as networkx's writers take either."""
    flat = flat if flat is not None else flatten(graph, view=_view(graph))
    if _is_handle(path):
        _to_handle(path, lambda fh: _write_graphml(flat, fh, directed=directed))
        return
    with atomic_open(path) as fh:
        _write_graphml(flat, fh, directed=directed)


def read_graphml(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read a GraphML file written by kg back into an in-memory kg graph (lists and citations restored).

    kg's GraphML mixes undirected co-mentions and directed relations, which networkx refuses; kg reads
    every edge as written (source, target) and keeps the direction in ``kind``.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.graphml`` file written by kg (mixed or ``directed=True``).

    Returns
    -------
    networkx.MultiDiGraph
        The graph, with list and record attributes as lists and dicts again.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.graph import example_graph
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graphml(example_graph(), path)
    >>> read_graphml(path).nodes["n1"]["aliases"]
    ['Ana Ruiz', 'Ruiz']
    """
    text = Path(path).read_bytes().replace(b' directed="false"', b"").replace(b' directed="true"', b"")
    text = text.replace(b'<graph edgedefault="undirected">', b'<graph edgedefault="directed">', 1)
    flat = nx.parse_graphml(text, force_multigraph=True)
    if not flat.is_directed():
        flat = nx.MultiDiGraph(flat)
    return unflatten(flat)


def load_graph(folder: str | os.PathLike) -> nx.MultiDiGraph:
    """Load the graph ``kg build`` wrote into ``folder`` (or a ``.graphml``/``.json`` file itself); the
    graph alone (:func:`load` gives the whole :class:`~kg.graph.Corpus`).

    Parameters
    ----------
    folder : str or os.PathLike
        An output folder of ``kg build`` (``graph.json`` is read, else ``graph.graphml``), or a file.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    InputError
        If there is no graph there, or it cannot be read.
    """
    path = Path(folder)
    if path.is_dir():  # the JSON is the lossless round-trip format; GraphML is read when it is alone
        finish_switch(path)  # a build killed while switching in its outputs: complete it first
        path = path / "graph.json" if (path / "graph.json").is_file() else path / "graph.graphml"
    if not path.is_file():
        raise InputError(f"{folder}: no graph here (expected {path}); run `kg build INPUT --out DIR` first")
    try:
        graph = read_json(path) if path.suffix == ".json" else read_graphml(path)
    except Exception as exc:  # a corrupt or foreign file: say which
        raise InputError(f"{path}: cannot read the graph ({exc})") from exc
    return graph


def load(folder: str | os.PathLike):
    """Load the :class:`~kg.graph.Corpus` ``kg build`` wrote into ``folder``: the graph, the documents
    (``documents.jsonl``) and, on demand, the mentions (``mentions.jsonl``).

    Parameters
    ----------
    folder : str or os.PathLike
        An output folder of ``kg build``.

    Returns
    -------
    Corpus

    Raises
    ------
    InputError
        If there is no graph there, or it cannot be read.
    """
    from .graph import Corpus

    graph = load_graph(folder)
    path = Path(folder)
    base = path if path.is_dir() else path.parent
    documents = []
    if (base / "documents.jsonl").is_file():
        with (base / "documents.jsonl").open(encoding="utf-8") as fh:
            try:
                documents = [json.loads(line) for line in fh if line.strip()]
            except ValueError as exc:
                raise InputError(f"{base / 'documents.jsonl'}: not JSON lines ({exc})") from exc
    return Corpus(graph, documents, None, base)


def to_dict(graph: nx.MultiDiGraph) -> dict:
    """Node-link data of the in-memory graph (lists and records kept as JSON structures)."""
    data = nx.node_link_data(graph, edges="edges")
    data["graph"] = {k: v for k, v in data["graph"].items() if not k.startswith("_")}
    return data


def write_json(graph: nx.MultiDiGraph, path: str | os.PathLike, *, flat: nx.MultiDiGraph | None = None) -> None:
    """Write node-link JSON that :func:`read_json` loads back losslessly, to a path or an open file
    (``flat`` is ignored: JSON keeps lists and records as they are).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.graph import example_graph
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json"
    >>> write_json(example_graph(), path)
    >>> sorted(read_json(path).edges(keys=True)) == sorted(example_graph().edges(keys=True))
    True
    """
    def write(fh) -> None:
        for piece in generate_json(graph):
            fh.write(piece)

    if _is_handle(path):
        _to_handle(path, write)
        return
    with atomic_open(path) as fh:
        write(fh)


def generate_json(graph: nx.MultiDiGraph, *, batch: int = 1000) -> Iterator[str]:
    """The text :func:`write_json` writes, in pieces (see :func:`json_pieces`)."""
    yield from json_pieces(to_dict(graph), batch=batch)
    yield "\n"


def json_pieces(data: dict, *, batch: int = 1000) -> Iterator[str]:
    """``json.dumps(data)`` (sorted keys, no spaces, UTF-8 kept) byte for byte, in pieces: the lists that are
    ``data``'s values encoded ``batch`` items at a time, so a big graph never holds its whole text in memory
    (a str of tens of MB, four bytes a character once one is outside the Basic Multilingual Plane).
    ``dumps``, not ``dump``: the C encoder is many times faster."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    yield "{"
    for n, key in enumerate(sorted(data)):
        yield ("," if n else "") + dumps(key) + ":"
        value = data[key]
        if not isinstance(value, list) or len(value) <= batch:
            yield dumps(value)
            continue
        yield "["
        for start in range(0, len(value), batch):
            yield ("," if start else "") + dumps(value[start:start + batch])[1:-1]
        yield "]"
    yield "}"


def read_json(path: str | os.PathLike) -> nx.MultiDiGraph:
    """Read node-link JSON written by :func:`write_json`.

    Returns
    -------
    networkx.MultiDiGraph
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


# ---------------------------------------------------------------- GEXF 1.3 (Gephi's own format)

_GEXF_NS = "http://gexf.net/1.3"
_VIZ_NS = "http://gexf.net/1.3/viz"
_GEXF_RESERVED = {"node": {"id", "label", "start", "end"}, "edge": {"id", "label", "weight", "type", "start", "end"}}


def _gexf_value(value) -> str:
    """An attribute value as text (quoteattr escapes it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_gexf(flat: nx.MultiDiGraph, fh, *, directed: bool = False) -> None:
    dated = any("first_seen" in d for _, d in flat.nodes(data=True))
    time_keys = {"first_seen", "last_seen"}
    node_keys = {k: t for k, t in _declare(d for _, d in flat.nodes(data=True)).items()
                 if k not in _GEXF_RESERVED["node"] and k not in time_keys and k not in VIEW_ATTRS}
    edge_keys = {k: t for k, t in _declare(d for _, _, d in flat.edges(data=True)).items()
                 if k not in _GEXF_RESERVED["edge"] and k not in time_keys and k != "label"}
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<gexf xmlns="{_GEXF_NS}" xmlns:viz="{_VIZ_NS}" version="1.3">\n'
             f' <meta>\n  <creator>{escape(str(flat.graph.get("generator", "kg")))}</creator>\n'
             "  <description>Entities and cited links built by kg</description>\n </meta>\n"
             f' <graph defaultedgetype="directed" mode="{"dynamic" if dated else "static"}"'
             f'{" timeformat=" + chr(34) + "date" + chr(34) if dated else ""}>\n')
    for cls, keys in (("node", node_keys), ("edge", edge_keys)):
        fh.write(f'  <attributes class="{cls}">\n')
        for k, t in keys.items():
            fh.write(f"   <attribute id={quoteattr(k)} title={quoteattr(k)} type=\"{t}\" />\n")
        fh.write("  </attributes>\n")

    def span(data) -> str:
        if dated and data.get("first_seen"):
            return f' start="{escape(data["first_seen"])}" end="{escape(data.get("last_seen", data["first_seen"]))}"'
        return ""

    node_open = {k: f"     <attvalue for={quoteattr(k)} value=" for k in node_keys}
    edge_open = {k: f"     <attvalue for={quoteattr(k)} value=" for k in edge_keys}
    fh.write("  <nodes>\n")
    for node, data in flat.nodes(data=True):
        parts = [f"   <node id={quoteattr(str(node))} label={quoteattr(str(data.get('label', node)))}{span(data)}>\n"
                 "    <attvalues>\n"]
        for k, opening in node_open.items():
            if k in data:
                parts.append(f"{opening}{quoteattr(_gexf_value(data[k]))} />\n")
        parts.append("    </attvalues>\n")
        if "r" in data:  # as drawn in graph.html
            parts.append(f'    <viz:color r="{data["r"]}" g="{data["g"]}" b="{data["b"]}" a="1.0" />\n'
                         f'    <viz:position x="{data["x"]}" y="{data["y"]}" z="0.0" />\n'
                         f'    <viz:size value="{data["size"]}" />\n')
        parts.append("   </node>\n")
        fh.write("".join(parts))
    fh.write("  </nodes>\n  <edges>\n")
    for u, v, key, data in flat.edges(keys=True, data=True):
        label = f" label={quoteattr(str(data['predicate']))}" if data.get("predicate") else ""
        way = "directed" if directed or data.get("kind") != "co-mention" else "undirected"
        parts = [f"   <edge id={quoteattr(str(key))} source={quoteattr(str(u))} target={quoteattr(str(v))} "
                 f'type="{way}" kind={quoteattr(str(data.get("label", "")))} '
                 f'weight="{max(1, data.get("weight", 1))}"{label}{span(data)}>\n    <attvalues>\n']
        for k, opening in edge_open.items():
            if k in data:
                parts.append(f"{opening}{quoteattr(_gexf_value(data[k]))} />\n")
        parts.append("    </attvalues>\n   </edge>\n")
        fh.write("".join(parts))
    fh.write("  </edges>\n </graph>\n</gexf>\n")


def generate_gexf(graph: nx.MultiDiGraph, *, directed: bool = False) -> Iterator[str]:
    """GEXF 1.3 text: typed attributes; each node's position, size and colour as drawn in ``graph.html``
    (``viz:``); co-mentions ``type="undirected"``, stated relations ``type="directed"`` (labelled with
    their predicate); every edge a unique id and a ``kind`` (its typed relation, or ``co-mention``), which
    Gephi uses to keep parallel edges apart; when documents have dates, first/last seen on nodes and edges
    for Gephi's timeline. ``directed=True`` writes every edge directed, for readers that refuse mixed
    graphs (networkx). Yields the file's lines.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> sum('type="undirected"' in line for line in generate_gexf(example_graph()))
    3
    """
    buf = io.StringIO()
    _write_gexf(flatten(graph, view=_view(graph)), buf, directed=directed)
    yield from buf.getvalue().splitlines(keepends=True)


def write_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike, *, flat: nx.MultiDiGraph | None = None,
               directed: bool = False) -> None:
    """Write ``graph`` as GEXF 1.3 (UTF-8; see :func:`generate_gexf`) to a path (streamed to a temporary file
    and renamed) or to an open file, text or binary."""
    flat = flat if flat is not None else flatten(graph, view=_view(graph))
    if _is_handle(path):
        _to_handle(path, lambda fh: _write_gexf(flat, fh, directed=directed))
        return
    with atomic_open(path) as fh:
        _write_gexf(flat, fh, directed=directed)


# ---------------------------------------------------------------- CSV (Neo4j bulk import headers)

#: A cell a spreadsheet would evaluate as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet shows as text: one that starts like a formula (``=``, ``+``, ``-``, ``@``,
    tab, carriage return, or their full-width forms) gets a leading apostrophe, as Excel and LibreOffice
    write it themselves; other cells are unchanged."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_tables(graph: nx.MultiDiGraph, *, formulas: bool = False):
    """(file name, header, rows) for nodes.csv, edges.csv and citations.csv; text cells are neutralised
    (:func:`neutralise`) unless ``formulas`` is true. Ids and numbers are never touched."""
    guard = (lambda v: v) if formulas else neutralise
    def arr(values) -> str:
        return guard(join_array(str(v).replace("\x00", "") for v in values or []))

    def text(value) -> str:  # CSV holds any character but NUL, which some readers stop at
        return guard(value.replace("\x00", "") if "\x00" in value else value)

    yield "nodes.csv", ["id:ID", "label", "type", "aliases:string[]", "titles:string[]", "mentions:int",
                        "documents:int", "first_seen", "last_seen", ":LABEL"], (
        [n, text(d.get("label", "")), d.get("type", ""), arr(d.get("aliases")), arr(d.get("titles")),
         d.get("mentions", 0), d.get("documents", 0), d.get("first_seen", ""), d.get("last_seen", ""),
         f"Entity;{d.get('type', 'Entity')}"] for n, d in graph.nodes(data=True))
    yield "edges.csv", [":START_ID", ":END_ID", ":TYPE", "id", "kind", "predicate", "relation", "weight:int",
                        "negated:boolean", "hedged:boolean", "attributed_to:string[]", "rules:string[]",
                        "model", "confidence:float", "first_seen", "last_seen"], (
        [u, v, (d.get("relation") or d.get("kind", "link")).upper().replace("-", "_"), k, d.get("kind", ""),
         text(d.get("predicate", "")), d.get("relation", ""), d.get("weight", 1),
         str(bool(d.get("negated", False))).lower(), str(bool(d.get("hedged", False))).lower(),
         arr(d.get("attributed_to")), arr(d.get("rules")), d.get("model", ""), d.get("confidence", ""),
         d.get("first_seen", ""), d.get("last_seen", "")]
        for u, v, k, d in graph.edges(keys=True, data=True))
    # one relationship per citation, between the edge's two entities, carrying the edge's id
    yield "citations.csv", [":START_ID", ":END_ID", ":TYPE", "edge_id", "kind", "doc", "start:int", "end:int",
                            "page:int", "text"], (
        [u, v, "CITATION", k, d.get("kind", ""), text(c["doc"]), c["start"], c["end"], c.get("page") or "",
         text(c["text"])] for u, v, k, d in graph.edges(keys=True, data=True) for c in d.get("citations", []))


def generate_csv(graph: nx.MultiDiGraph, *, formulas: bool = False) -> dict[str, str]:
    """``nodes.csv``, ``edges.csv`` and ``citations.csv`` (one row per citation), with Neo4j
    ``neo4j-admin database import`` headers (`:ID`, `:START_ID`, `:END_ID`, `:TYPE`, `:LABEL`, typed
    columns, arrays joined by ``;``). Text is verbatim (quoted fields may hold line breaks), except that a
    text cell starting like a spreadsheet formula gets a leading apostrophe (:func:`neutralise`);
    ``formulas=True`` writes such cells as they are.

    Examples
    --------
    >>> from kg.graph import example_graph
    >>> tables = generate_csv(example_graph())
    >>> sorted(tables), tables["citations.csv"].splitlines()[0]
    (['citations.csv', 'edges.csv', 'nodes.csv'], ':START_ID,:END_ID,:TYPE,edge_id,kind,doc,start:int,end:int,page:int,text')
    """
    out = {}
    for name, header, rows in _csv_tables(graph, formulas=formulas):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        out[name] = buf.getvalue()
    return out


def write_csv(graph: nx.MultiDiGraph, path: str | os.PathLike, *, flat: nx.MultiDiGraph | None = None,
              formulas: bool = False) -> None:
    """Write the three CSV files into folder ``path`` (see :func:`generate_csv`), each streamed and renamed."""
    folder = Path(path)
    for name, header, rows in _csv_tables(graph, formulas=formulas):
        with atomic_open(folder / name) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)


#: Output formats by name: (default file or folder name in a build folder, writer).
FORMATS = {
    "graphml": ("graph.graphml", write_graphml),
    "gexf": ("graph.gexf", write_gexf),
    "json": ("graph.json", write_json),
    "csv": ("csv", write_csv),
}
