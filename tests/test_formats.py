"""Inputs (HTML, PDF, JSON lines) and exports read back by the tools that read them."""

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.build import run_build, write_outputs
from kg.export import generate_graphml, read_json
from kg.query import find_one, load_graph

HTML = """<html><head><title>Prosecutors link cell to Gaziantep</title>
<meta property="article:published_time" content="2016-09-15"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Subscribe to Acme Daily Newsletter</li></ul></nav>
<article><h1>Prosecutors link cell to Gaziantep</h1>
<p>Ankara prosecutors said Yunus Durmaz co-founded the cell in Gaziantep with Ilhami Bali in 2014.</p>
<p>Brett McGurk, the White House coordinator, accused Turkey of foreclosing cooperation with Washington.</p>
<p>Investigators in Ankara said the group sent fighters from Syria to Turkey and then to Belgium.</p></article>
<section class="comments"><h3>Leave a reply</h3><p>Comment by Johnny Spammer from Honolulu: great article about Zanzibar!</p></section>
<footer>Copyright Globex Media Corporation. Follow us on Twitter.</footer></body></html>"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, nlp):
    """A corpus of one web page, one PDF made here, one JSON-lines file with ids and dates."""
    from fpdf import FPDF

    corpus = tmp_path_factory.mktemp("mixed")
    (corpus / "page.html").write_text(HTML, encoding="utf-8")
    pdf = FPDF()
    for text in ("Angela Merkel met Emmanuel Macron in Berlin on Monday.",
                 "Later, Angela Merkel travelled to Paris to meet Boris Johnson."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 10, text)
    pdf.output(str(corpus / "report.pdf"))
    records = [{"id": "r1", "date": "2020-01-05", "title": "One", "text": "Vladimir Putin met Xi Jinping in Moscow."},
               {"id": "r2", "date": "26-FEB-1987 15:01:01.79", "title": "Two",
                "text": "Vladimir Putin spoke with Xi Jinping in Beijing about Gazprom."},
               {"id": "r3", "date": "2021-07-01", "text": ""},
               "not an object"]
    (corpus / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken json\n", encoding="utf-8")
    built, report = run_build([corpus], nlp=nlp)
    out = tmp_path_factory.mktemp("mixed_out")
    write_outputs(built, out)
    return built.graph, report, out


def labels(graph):
    return {d["label"] for _, d in graph.nodes(data=True)}


def test_html_main_text_only(mixed):
    graph, report, out = mixed
    assert {"Ilhami Bali", "Brett McGurk", "Gaziantep", "Belgium"} <= labels(graph)
    assert not labels(graph) & {"Johnny Spammer", "Honolulu", "Zanzibar", "Globex Media Corporation", "Acme Daily"}
    from kg import load

    page = [d for d in load(out).documents if d["id"] == "page.html"][0]
    assert page["title"] == "Prosecutors link cell to Gaziantep" and page["date"] == "2016-09-15"


def test_pdf_citations_carry_their_page(mixed):
    graph = mixed[0]
    merkel, paris = find_one(graph, "Angela Merkel"), find_one(graph, "Paris")
    (data,) = [d for d in graph[min(merkel, paris)][max(merkel, paris)].values() if d["kind"] == "co-mention"]
    assert [c["page"] for c in data["citations"]] == [2]
    berlin = find_one(graph, "Berlin")
    cites = [c for d in graph[min(merkel, berlin)][max(merkel, berlin)].values() for c in d["citations"]]
    assert {c["page"] for c in cites} == {1}


def test_jsonl_records_ids_dates_and_bad_lines(mixed):
    graph, report, _ = mixed
    putin = find_one(graph, "Vladimir Putin")
    assert set(graph.nodes[putin]["doc_ids"]) == {"dump.jsonl#r1", "dump.jsonl#r2"}
    assert graph.nodes[putin]["first_seen"] == "1987-02-26" and graph.nodes[putin]["last_seen"] == "2020-01-05"
    reasons = {s.path: s.reason for s in report.skipped}
    assert reasons["dump.jsonl#r3"].startswith("empty")
    assert "not an object" in reasons["dump.jsonl#line4"] and "not valid JSON" in reasons["dump.jsonl#line5"]


def test_graphml_reads_in_networkx_and_igraph(mixed, tmp_path):
    import igraph
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.export import read_graphml

    out = mixed[2]
    with pytest.raises(nx.NetworkXError):  # networkx refuses mixed graphs: hence `kg export --directed`
        nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    result = CliRunner().invoke(cli, ["export", "--graph", str(out), "--format", "graphml", "--directed",
                                      "-o", str(tmp_path / "directed.graphml")])
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(tmp_path / "directed.graphml", force_multigraph=True)
    assert g.number_of_nodes() == mixed[0].number_of_nodes() and g.number_of_edges() == mixed[0].number_of_edges()
    back = read_graphml(out / "graph.graphml")  # kg's own reader takes the mixed file
    assert sorted(back.edges(keys=True)) == sorted(mixed[0].edges(keys=True))
    ig = igraph.Graph.Read_GraphML(str(out / "graph.graphml"))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    assert {"label", "type", "aliases", "mentions", "documents"} <= set(ig.vs.attributes())
    assert {"kind", "weight", "citations"} <= set(ig.es.attributes())
    assert not ig.is_directed()  # igraph has no mixed graphs: it reads kg's GraphML as undirected ...
    directed = igraph.Graph.Read_GraphML(str(tmp_path / "directed.graphml"))
    assert directed.is_directed() and directed.ecount() == g.number_of_edges()  # ... and --directed as directed


def test_graphml_survives_hostile_characters_and_keeps_parallel_edges():
    g = nx.MultiDiGraph()
    g.add_node("n1", label="Bad\x00\x1f\ud800 name", type="ORG", aliases=["a", "b"])
    g.add_node("n2", label="Other", type="PLACE")
    g.add_edge("n1", "n2", key="e1", kind="co-mention", weight=2, citations=[])
    g.add_edge("n1", "n2", key="e2", kind="relation", predicate="based in", weight=1, citations=[])
    text = "".join(generate_graphml(g))
    root = ET.fromstring(text.encode("utf-8"))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert [e.get("id") for e in root.iter(f"{ns}edge")] == ["e1", "e2"]
    assert {k.get("id") for k in root.iter(f"{ns}key")} >= {"label", "type", "kind", "weight"}
    assert all(int(d.text) > 0 for d in root.iter(f"{ns}data") if d.get("key") == "weight")


def test_gexf_reads_in_networkx_with_viz_and_timeline(mixed, tmp_path):
    from kg.export import write_gexf

    out = mixed[2]
    with pytest.raises(nx.NetworkXError):  # mixed directions: networkx reads the --directed form
        nx.read_gexf(out / "graph.gexf")
    write_gexf(mixed[0], tmp_path / "directed.gexf", directed=True)
    g = nx.read_gexf(tmp_path / "directed.gexf")
    assert g.number_of_nodes() == mixed[0].number_of_nodes() and g.number_of_edges() == mixed[0].number_of_edges()
    putin = find_one(mixed[0], "Vladimir Putin")
    data = g.nodes[putin]
    assert data["type"] == "PERSON" and data["viz"]["color"] == {"r": 225, "g": 87, "b": 89, "a": 1.0}
    assert data["viz"]["size"] > 0 and set(data["viz"]["position"]) == {"x", "y", "z"}
    root = ET.parse(out / "graph.gexf").getroot()
    ns = "{http://gexf.net/1.3}"
    assert root.get("version") == "1.3" and root.find(f"{ns}graph").get("mode") == "dynamic"
    node = [n for n in root.iter(f"{ns}node") if n.get("id") == putin][0]
    assert node.get("start") == "1987-02-26" and node.get("end") == "2020-01-05"
    kinds = {e.find(f"{ns}attvalues/{ns}attvalue[@for='kind']").get("value") for e in root.iter(f"{ns}edge")}
    assert kinds == {"co-mention", "relation"} or kinds == {"co-mention"}


def test_json_round_trip_is_lossless(mixed):
    graph, _, out = mixed
    back = read_json(out / "graph.json")
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True), key=lambda e: e[2]) == \
        sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
    assert load_graph(out).number_of_edges() == graph.number_of_edges()


def test_csv_loads_into_an_embedded_graph_database(mixed, tmp_path):
    import ladybug  # LadybugDB, the maintained fork of Kuzu

    graph, _, out = mixed
    db = ladybug.Database(str(tmp_path / "db"))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Entity(id STRING, label STRING, type STRING, aliases STRING, titles STRING, "
                 "mentions INT64, documents INT64, first_seen STRING, last_seen STRING, labels STRING, PRIMARY KEY(id))")
    conn.execute("CREATE REL TABLE LINK(FROM Entity TO Entity, type STRING, id STRING, kind STRING, predicate STRING, "
                 "relation STRING, weight INT64, negated BOOLEAN, hedged BOOLEAN, attributed_to STRING, rules STRING, "
                 "model STRING, confidence DOUBLE, first_seen STRING, last_seen STRING)")
    conn.execute(f"COPY Entity FROM '{out / 'csv' / 'nodes.csv'}' (HEADER=true, PARALLEL=false)")
    conn.execute(f"COPY LINK FROM '{out / 'csv' / 'edges.csv'}' (HEADER=true, PARALLEL=false)")
    result = conn.execute("MATCH (a:Entity)-[:LINK]-(b:Entity) WHERE a.label = 'Vladimir Putin' RETURN DISTINCT b.label")
    found = set()
    while result.has_next():
        found.add(result.get_next()[0])
    putin = find_one(graph, "Vladimir Putin")
    expected = {graph.nodes[n]["label"] for n in set(graph.successors(putin)) | set(graph.predecessors(putin))}
    assert found == expected and "Xi Jinping" in found
    count = conn.execute("MATCH ()-[l:LINK]->() RETURN count(l)").get_next()[0]
    assert count == graph.number_of_edges()
    rows = (out / "csv" / "citations.csv").read_text(encoding="utf-8")
    assert rows.startswith(":START_ID,:END_ID,:TYPE,edge_id,kind,doc,start:int,end:int,page:int,text")


def test_cli_export_writes_each_format(mixed, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    for fmt, name in (("gexf", "g.gexf"), ("graphml", "g.graphml"), ("json", "g.json"), ("csv", "csvdir")):
        result = CliRunner().invoke(cli, ["export", "--graph", str(mixed[2]), "--format", fmt, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).exists()
