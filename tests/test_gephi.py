"""Gephi fidelity: the seeds GraphML and GEXF as Gephi Lite reads them (graphology, Gephi Lite's options),
Gephi desktop's rule for parallel edges, the page's layout carried over, and citations into a graph database."""

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parent / "js"
_NODE = shutil.which("node")
needs_graphology = pytest.mark.skipif(
    _NODE is None or not (JS / "node_modules" / "graphology-gexf").is_dir(),
    reason="Node.js and graphology not installed (.ci/run runs `npm install --prefix tests/js`)")


def gephi_lite(path: Path) -> dict:
    done = subprocess.run([_NODE, str(JS / "read_graph.js"), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_graphology
@pytest.mark.parametrize("name", ["graph.gexf", "graph.graphml"])
def test_gephi_lite_reads_directions_every_edge_and_positions(seeds_build, name):
    graph, _, out, _, _ = seeds_build
    read = gephi_lite(out / name)
    assert read["type"] == "mixed" and read["multi"]
    assert read["order"] == graph.number_of_nodes() and read["size"] == graph.number_of_edges()
    kinds = {key: d["kind"] for _, _, key, d in graph.edges(keys=True, data=True)}
    assert {e["key"] for e in read["edges"]} == set(kinds)  # every edge distinct, none merged
    for e in read["edges"]:
        assert e["undirected"] == (kinds[e["key"]] == "co-mention"), e
    assert read["undirectedSize"] == sum(k == "co-mention" for k in kinds.values())
    assert read["directedSize"] == sum(k == "relation" for k in kinds.values()) > 0
    assert read["positioned"] == graph.number_of_nodes()


def _gexf_edges(path: Path):
    ns = "{http://gexf.net/1.3}"
    root = ET.parse(path).getroot()
    return root, ns, list(root.iter(f"{ns}edge"))


def test_gephi_keeps_parallel_edges_apart(seeds_build):
    """Gephi desktop merges edges that share source, target, direction and kind; kg's never do."""
    graph, _, out, _, _ = seeds_build
    _, _, edges = _gexf_edges(out / "graph.gexf")
    assert len(edges) == graph.number_of_edges()
    pairs = Counter(frozenset((e.get("source"), e.get("target"))) for e in edges)
    assert any(n > 1 for n in pairs.values())  # the seeds have parallel edges: a relation beside a co-mention
    groups = Counter((e.get("source"), e.get("target"), e.get("type"), e.get("kind")) if e.get("type") == "directed"
                     else (frozenset((e.get("source"), e.get("target"))), e.get("type"), e.get("kind")) for e in edges)
    assert max(groups.values()) == 1
    assert all(e.get("kind") and e.get("type") in ("directed", "undirected") for e in edges)


def test_gexf_positions_sizes_and_colours_match_the_page(seeds_build):
    graph, _, out, _, _ = seeds_build
    root, ns, _ = _gexf_edges(out / "graph.gexf")
    viz = "{http://gexf.net/1.3/viz}"
    gexf, ids = {}, {}
    for node in root.iter(f"{ns}node"):
        pos = node.find(f"{viz}position")
        gexf[node.get("label")] = (float(pos.get("x")), float(pos.get("y")), node.find(f"{viz}color").get("r"))
        ids[node.get("id")] = gexf[node.get("label")]
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(page.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0])
    assert len(data["nodes"]) == graph.number_of_nodes() > 100
    for node_id, label, _, size, x, y, *_ in data["nodes"]:  # every entity, drawn or not
        gx, gy, _ = ids[node_id]
        assert (gx, -gy) == (x, y), label  # Gephi's y grows upwards, the page's downwards
    person = next(d["label"] for _, d in graph.nodes(data=True) if d["type"] == "PERSON")
    assert gexf[person][2] == "225"  # the type colour of the schema, as on the page


def test_graphml_carries_gephi_view_attributes(seeds_build):
    graph, _, out, _, _ = seeds_build
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = ET.parse(out / "graph.graphml").getroot()
    keys = {(k.get("for"), k.get("attr.name")) for k in root.iter(f"{ns}key")}
    assert {("node", a) for a in ("x", "y", "size", "r", "g", "b")} <= keys and ("edge", "label") in keys
    g = root.find(f"{ns}graph")
    assert g.get("edgedefault") == "undirected"
    directed = Counter(e.get("directed") for e in g.iter(f"{ns}edge"))
    kinds = Counter(d["kind"] for _, _, d in graph.edges(data=True))
    assert directed == {"false": kinds["co-mention"], "true": kinds["relation"]}


def test_citations_load_with_their_edges_in_ladybug(seeds_build, tmp_path):
    ladybug = pytest.importorskip("ladybug")
    graph, _, out, documents, _ = seeds_build
    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "db")))
    conn.execute("CREATE NODE TABLE Entity(id STRING, label STRING, type STRING, aliases STRING, titles STRING, "
                 "mentions INT64, documents INT64, first_seen STRING, last_seen STRING, labels STRING, PRIMARY KEY(id))")
    conn.execute("CREATE REL TABLE LINK(FROM Entity TO Entity, type STRING, id STRING, kind STRING, predicate STRING, "
                 "relation STRING, weight INT64, negated BOOLEAN, hedged BOOLEAN, attributed_to STRING, rules STRING, "
                 "model STRING, confidence DOUBLE, first_seen STRING, last_seen STRING)")
    conn.execute("CREATE REL TABLE CITATION(FROM Entity TO Entity, type STRING, edge_id STRING, kind STRING, doc STRING, "
                 "cstart INT64, cend INT64, page INT64, text STRING)")
    for table, name in (("Entity", "nodes.csv"), ("LINK", "edges.csv"), ("CITATION", "citations.csv")):
        conn.execute(f"COPY {table} FROM '{out / 'csv' / name}' (HEADER=true, PARALLEL=false)")
    expected = sum(len(d["citations"]) for _, _, d in graph.edges(data=True))
    assert conn.execute("MATCH ()-[c:CITATION]->() RETURN count(c)").get_next()[0] == expected
    joined = conn.execute("MATCH (a:Entity)-[c:CITATION]->(b:Entity), (a)-[l:LINK]->(b) WHERE l.id = c.edge_id "
                          "RETURN count(c)").get_next()[0]
    assert joined == expected  # every citation row finds its edge
    assert conn.execute("MATCH ()-[c:CITATION]->() WHERE c.page IS NOT NULL RETURN count(c)").get_next()[0] == 0
    row = conn.execute("MATCH (a:Entity)-[c:CITATION]->(b:Entity) WHERE c.kind = 'relation' "
                       "RETURN c.text, c.cstart, c.cend, c.doc LIMIT 1").get_next()
    text, start, end, doc = row
    assert documents[doc].text[start:end] == text  # the verbatim sentence, at its offsets
