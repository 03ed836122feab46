"""The schema is the one table of what kg writes: every node and edge attribute of a build, and every key
of its GraphML, GEXF and CSV files, is named there with the right kind."""

import csv
import xml.etree.ElementTree as ET

from kg.schema import attributes, node_types, relation_types


def test_every_attribute_a_build_writes_is_in_the_table(seeds_build):
    graph = seeds_build[0]
    table = attributes()
    seen = [("node", k, v) for _, d in graph.nodes(data=True) for k, v in d.items()]
    seen += [("edge", k, v) for _, _, d in graph.edges(data=True) for k, v in d.items()]
    for on, name, value in seen:
        attr = table.get((on, name))
        assert attr is not None, f"{on} attribute {name!r} is written but not in kg/data/schema.yaml"
        if attr.kind == "list":
            assert isinstance(value, list) and all(isinstance(v, str) for v in value), (name, value)
        elif attr.kind == "json":
            assert isinstance(value, list) and all(isinstance(v, dict) for v in value), (name, value)
        else:
            assert not isinstance(value, (list, dict)), (name, value)


def test_every_file_key_is_in_the_table(seeds_build):
    out = seeds_build[2]
    table = attributes()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    for key in ET.parse(out / "graph.graphml").getroot().iter(f"{ns}key"):
        if key.get("for") in ("node", "edge"):
            assert (key.get("for"), key.get("attr.name")) in table, key.attrib
    gexf = ET.parse(out / "graph.gexf").getroot()
    for block in gexf.iter("{http://gexf.net/1.3}attributes"):
        for attr in block:
            assert (block.get("class"), attr.get("id")) in table, attr.attrib
    for name, on in (("nodes.csv", "node"), ("edges.csv", "edge")):
        with open(out / "csv" / name, encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        for column in header:
            if column.startswith(":") or column in ("id:ID", "id"):
                continue  # Neo4j's own columns, and the id
            assert (on, column.split(":")[0]) in table, column


def test_relation_types_name_node_types_of_the_schema():
    kinds = set(node_types())
    for relation in relation_types().values():
        assert relation.subject <= kinds and relation.object <= kinds, relation.name


def test_the_type_names_code_uses_are_the_schema_types():
    from kg.schema import ORG, PERSON, PLACE

    assert list(node_types()) == [PERSON, ORG, PLACE]
