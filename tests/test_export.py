import json
import xml.etree.ElementTree as ET

import networkx as nx

from kg.export import flatten, generate_graphml, generate_json, to_dict, read_graphml, read_json, write_graphml, write_json


def sample():
    g = nx.MultiDiGraph(name="t")
    g.add_node("n1", label="Ankara <b>&", type="PLACE", aliases=["Ankara", "ANKARA"], mentions=2, documents=1,
               doc_ids=["a.txt"], titles=[], merges=[{"rule": "same-name", "left": "a", "right": "b", "doc": ""}])
    g.add_node("n2", label="Bad\x00chars\x1f\ud800 here", type="ORG", aliases=["x"], mentions=1, documents=1,
               doc_ids=["a.txt"], titles=[], merges=[])
    cite = [{"doc": "a.txt", "start": 0, "end": 5, "text": "Ank \x07ara"}]
    g.add_edge("n1", "n2", key="e1", kind="co-mention", weight=1, citations=cite)
    g.add_edge("n1", "n2", key="e2", kind="relation", predicate="member of", weight=1, citations=cite,
               rules=["r1"], negated=False, hedged=True, attributed_to=[])
    return g


def test_flatten_gives_scalars_only_and_leaves_the_graph_alone():
    g = sample()
    flat = flatten(g)
    for _, data in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())
    assert flat.nodes["n1"]["aliases"] == "Ankara | ANKARA"
    assert isinstance(g.nodes["n1"]["aliases"], list)


def test_graphml_is_well_formed_with_named_keys_and_distinct_edge_ids():
    text = "".join(generate_graphml(sample()))
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    key_ids = {k.get("id") for k in root.findall("g:key", ns)}
    assert {"label", "type", "aliases", "kind", "weight", "citations"} <= key_ids
    edge_ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert edge_ids == ["e1", "e2"]
    assert "\x00" not in text and "\x07" not in text


def test_graphml_round_trip(tmp_path):
    g = sample()
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert back.nodes["n1"]["aliases"] == ["Ankara", "ANKARA"]
    assert back.nodes["n1"]["label"] == "Ankara <b>&"
    # inside JSON a control character is escaped (\u0007), so the verbatim sentence survives the XML
    assert back["n1"]["n2"]["e1"]["citations"] == [{"doc": "a.txt", "start": 0, "end": 5, "text": "Ank \x07ara"}]
    assert back.nodes["n2"]["label"] == "Badchars here"
    assert back["n1"]["n2"]["e2"]["hedged"] is True and back["n1"]["n2"]["e2"]["rules"] == ["r1"]


def test_json_round_trip(tmp_path):
    g = sample()
    g.remove_node("n2")
    g.add_node("n3", label="Ok", aliases=["Ok"])
    g.add_edge("n1", "n3", key="e3", kind="co-mention", weight=2, citations=[{"doc": "d", "start": 1, "end": 2, "text": "x"}])
    write_json(g, tmp_path / "g.json")
    json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    back = read_json(tmp_path / "g.json")
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))


def test_json_written_in_pieces_is_the_whole_dumps_byte_for_byte():
    g = sample()
    for i in range(5):  # more edges than one batch, a character outside the BMP among them
        g.add_edge("n1", "n2", key=f"x{i}", kind="co-mention", weight=i, citations=[{"doc": "d", "text": "\U0001F600"}])
    whole = json.dumps(to_dict(g), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    for batch in (1, 2, 3, 1000):
        assert "".join(generate_json(g, batch=batch)) == whole
    empty = nx.MultiDiGraph()
    assert "".join(generate_json(empty, batch=1)) == json.dumps(to_dict(empty), sort_keys=True,
                                                                 separators=(",", ":")) + "\n"


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path):
    write_graphml(sample(), tmp_path / "g.graphml")
    assert [p.name for p in tmp_path.iterdir()] == ["g.graphml"]


def test_names_holding_the_separator_survive_a_graphml_round_trip(tmp_path):
    g = sample()
    g.nodes["n1"]["aliases"] = ["Left | Right", "back\\slash", "plain"]
    g.nodes["n1"]["doc_ids"] = ["x | y.txt"]
    write_graphml(g, tmp_path / "g.graphml")
    back = read_graphml(tmp_path / "g.graphml")
    assert back.nodes["n1"]["aliases"] == ["Left | Right", "back\\slash", "plain"]
    assert back.nodes["n1"]["doc_ids"] == ["x | y.txt"]


def test_writers_take_a_path_or_an_open_file_and_generators_yield_lines(tmp_path):
    import io

    from kg.export import generate_gexf, write_gexf

    g = sample()
    lines = list(generate_graphml(g))
    assert len(lines) > 10 and all(line.endswith("\n") for line in lines)
    binary, text = io.BytesIO(), io.StringIO()
    write_graphml(g, binary)
    write_graphml(g, text)
    assert binary.getvalue().decode("utf-8") == text.getvalue() == "".join(lines)
    write_gexf(g, tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8") == "".join(generate_gexf(g))
    out = io.StringIO()
    write_json(g, out)
    assert json.loads(out.getvalue())["graph"]["name"] == "t"


def test_clean_text_shortcut_removes_exactly_what_xml_forbids():
    from kg.export import _ILLEGAL_XML, clean_text

    for cp in range(0x110000):  # the printable shortcut and the full pattern agree on every code point
        text = "a" + chr(cp)
        assert clean_text(text) == _ILLEGAL_XML.sub("", text), hex(cp)
    assert clean_text("tab\tand\nline\x00\x0bend\ud800") == "tab\tand\nlineend"
