"""A graph database for graphs beyond memory: the built graph as an on-disk LadybugDB database.

LadybugDB (PyPI ``ladybug``) is the maintained fork of Kùzu, an embedded graph database queried with Cypher.
kg writes four tables:

- ``Entity`` (node): ``id`` (primary key), ``label``, ``type``, ``aliases`` and ``titles`` (lists),
  ``mentions``, ``documents``, ``first_seen``, ``last_seen``;
- ``RELATION`` (Entity → Entity): a stated relation, ``id``, ``predicate``, ``relation``, ``weight``,
  ``negated``, ``hedged``, ``attributed_to`` and ``rules`` (names joined by `` | ``), ``model``,
  ``confidence``, ``first_seen``, ``last_seen``;
- ``CO_MENTION`` (Entity → Entity): ``id``, ``weight``, ``first_seen``, ``last_seen``;
- ``CITATION`` (Entity → Entity): one per cited sentence of an edge, ``edge_id`` (the ``id`` of its
  RELATION or CO_MENTION), ``kind``, ``doc``, ``start_char``, ``end_char``, ``page`` (NULL without pages),
  ``text`` (verbatim).

Nodes are inserted in batches; the relationship tables are bulk-loaded with ``COPY`` from CSV files
written to a temporary folder, so the writer holds one table's rows at a time. The database is written
beside its final path and renamed into place, so a failed export leaves no half database.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path

import networkx as nx

from .errors import KGError

__all__ = ["SCHEMA", "write_ladybug"]

SCHEMA = (
    "CREATE NODE TABLE Entity(id STRING, label STRING, type STRING, aliases STRING[], titles STRING[], "
    "mentions INT64, documents INT64, first_seen STRING, last_seen STRING, PRIMARY KEY(id))",
    "CREATE REL TABLE RELATION(FROM Entity TO Entity, id STRING, predicate STRING, relation STRING, weight INT64, "
    "negated BOOLEAN, hedged BOOLEAN, attributed_to STRING, rules STRING, model STRING, confidence DOUBLE, "
    "first_seen STRING, last_seen STRING)",
    "CREATE REL TABLE CO_MENTION(FROM Entity TO Entity, id STRING, weight INT64, first_seen STRING, last_seen STRING)",
    "CREATE REL TABLE CITATION(FROM Entity TO Entity, edge_id STRING, kind STRING, doc STRING, start_char INT64, "
    "end_char INT64, page INT64, text STRING)",
)
_BATCH = 5000
_HEADERS = {
    "RELATION": ["from", "to", "id", "predicate", "relation", "weight", "negated", "hedged", "attributed_to", "rules",
                 "model", "confidence", "first_seen", "last_seen"],
    "CO_MENTION": ["from", "to", "id", "weight", "first_seen", "last_seen"],
    "CITATION": ["from", "to", "edge_id", "kind", "doc", "start_char", "end_char", "page", "text"],
}


def _text(value) -> str:
    return "" if value is None else str(value)


def write_ladybug(graph: nx.MultiDiGraph, path: str | os.PathLike, *, flat=None) -> Path:
    """Write ``graph`` as a LadybugDB database at ``path`` (a folder given gets ``graph.lbug`` inside);
    an existing database there is replaced. Returns the database's path.

    Raises
    ------
    KGError
        If ``ladybug`` is not installed.
    """
    try:
        import ladybug
    except ImportError:
        raise KGError("the LadybugDB export needs ladybug: pip install ladybug") from None
    from .export import join_list

    path = Path(path)
    if path.is_dir():
        path = path / "graph.lbug"
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        db_path = work / path.name
        db = ladybug.Database(str(db_path))
        conn = ladybug.Connection(db)
        for statement in SCHEMA:
            conn.execute(statement)
        nodes = [{"id": n, "label": _text(d.get("label")), "type": _text(d.get("type")),
                  "aliases": [str(a) for a in d.get("aliases") or []], "titles": [str(t) for t in d.get("titles") or []],
                  "mentions": int(d.get("mentions", 0)), "documents": int(d.get("documents", 0)),
                  "first_seen": _text(d.get("first_seen")), "last_seen": _text(d.get("last_seen"))}
                 for n, d in sorted(graph.nodes(data=True), key=lambda item: item[0])]
        for i in range(0, len(nodes), _BATCH):
            conn.execute("UNWIND $rows AS r CREATE (:Entity {id: r.id, label: r.label, type: r.type, "
                         "aliases: r.aliases, titles: r.titles, mentions: r.mentions, documents: r.documents, "
                         "first_seen: r.first_seen, last_seen: r.last_seen})", {"rows": nodes[i:i + _BATCH]})
        edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
        tables = {
            "RELATION": ([u, v, k, _text(d.get("predicate")), _text(d.get("relation")), int(d.get("weight", 1)),
                          str(bool(d.get("negated", False))).lower(), str(bool(d.get("hedged", False))).lower(),
                          join_list(d.get("attributed_to") or []), join_list(d.get("rules") or []),
                          _text(d.get("model")), _text(d.get("confidence")), _text(d.get("first_seen")),
                          _text(d.get("last_seen"))]
                         for u, v, k, d in edges if d.get("kind") == "relation"),
            "CO_MENTION": ([u, v, k, int(d.get("weight", 1)), _text(d.get("first_seen")), _text(d.get("last_seen"))]
                           for u, v, k, d in edges if d.get("kind") != "relation"),
            "CITATION": ([u, v, k, _text(d.get("kind")), c["doc"], c["start"], c["end"], c.get("page") or "",
                          c["text"]] for u, v, k, d in edges for c in d.get("citations", [])),
        }
        for table, rows in tables.items():
            csv_path = work / f"{table}.csv"
            with csv_path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(_HEADERS[table])  # skipped by COPY: columns are read in schema order
                count = 0
                for row in rows:
                    writer.writerow(row)
                    count += 1
            if count:
                conn.execute(f"COPY {table} FROM '{csv_path.as_posix()}' (HEADER=true, PARALLEL=false, ESCAPE='\"')")
            csv_path.unlink()
        conn.close()
        db.close()
        for stale in [path, *path.parent.glob(path.name + ".*")]:  # an earlier database and its log
            if stale.is_dir():
                shutil.rmtree(stale)
            elif stale.exists():
                stale.unlink()
        for leftover in sorted(work.iterdir()):
            target = path.parent / leftover.name.replace(db_path.name, path.name, 1)
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(leftover, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return path
