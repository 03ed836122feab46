"""The CSV export follows `neo4j-admin database import` header rules (Neo4j operations manual, "CSV header
format"), checked on the seeds: id columns, types, references, array and label delimiters."""

from __future__ import annotations

import csv
import re

TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point", "date",
         "localtime", "time", "localdatetime", "datetime", "duration"}
HEADER = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+)(?P<array>\[\])?)?$")


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:  # RFC 4180: quotes doubled, fields may hold newlines
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _check_header(header, *, relationship: bool):
    special = [h for h in header if h.startswith(":") or h.endswith(":ID")]
    if relationship:
        for field in (":START_ID", ":END_ID", ":TYPE"):
            assert header.count(field) == 1, (field, header)
    else:
        assert sum(1 for h in header if h.endswith(":ID")) == 1
        assert header.count(":LABEL") <= 1
    names = []
    for h in header:
        if h in special:
            continue
        m = HEADER.match(h)
        assert m and m.group("name"), h
        assert m.group("type") is None or m.group("type").lower() in TYPES, h
        names.append(m.group("name"))
    assert len(names) == len(set(names)), "a property named twice"


def _check_cell(column, value):
    m = HEADER.match(column)
    kind = (m.group("type") or "string").lower() if m else "string"
    if value == "" or m is None:
        return
    values = value.split(";") if m.group("array") else [value]
    for v in values:
        if kind in ("int", "long"):
            int(v)
        elif kind in ("float", "double"):
            float(v)
        elif kind == "boolean":
            assert v in ("true", "false"), (column, v)


def test_csv_export_follows_neo4j_admin_import_rules(seeds_build):
    graph, _, out, _, _ = seeds_build
    header, rows = _read(out / "csv" / "nodes.csv")
    _check_header(header, relationship=False)
    id_col = next(i for i, h in enumerate(header) if h.endswith(":ID"))
    ids = [r[id_col] for r in rows]
    assert len(ids) == len(set(ids)) == graph.number_of_nodes() and all(ids)
    label_col = header.index(":LABEL")
    for row in rows:
        assert len(row) == len(header)
        assert all(row[label_col].split(";")) and " " not in row[label_col]
        for column, value in zip(header, row):
            _check_cell(column, value)
    known = set(ids)
    for name in ("edges.csv", "citations.csv"):
        header, rows = _read(out / "csv" / name)
        _check_header(header, relationship=True)
        start, end, rtype = header.index(":START_ID"), header.index(":END_ID"), header.index(":TYPE")
        assert rows
        for row in rows:
            assert len(row) == len(header)
            assert row[start] in known and row[end] in known  # no dangling relationship
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", row[rtype]), row[rtype]
            for column, value in zip(header, row):
                _check_cell(column, value)
