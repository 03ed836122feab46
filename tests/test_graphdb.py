"""The LadybugDB export: queried back, it holds the same graph as the GraphML."""

from __future__ import annotations

import ladybug

from kg.export import load_graph
from kg.graph import example_graph
from kg.graphdb import write_ladybug


def _all(conn, query, params=None):
    result, rows = conn.execute(query, params or {}), []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def test_ladybug_export_matches_the_graphml(seeds_build, tmp_path):
    graph, _, out, documents, _ = seeds_build
    db = write_ladybug(graph, tmp_path)  # a folder: graph.lbug inside
    assert db == tmp_path / "graph.lbug" and db.is_file()
    conn = ladybug.Connection(ladybug.Database(str(db), read_only=True))
    graphml = load_graph(out / "graph.graphml")
    assert _all(conn, "MATCH (e:Entity) RETURN count(e)")[0][0] == graphml.number_of_nodes()
    relations = sum(1 for *_, d in graphml.edges(data=True) if d["kind"] == "relation")
    assert _all(conn, "MATCH ()-[r:RELATION]->() RETURN count(r)")[0][0] == relations
    assert _all(conn, "MATCH ()-[r:CO_MENTION]->() RETURN count(r)")[0][0] == graphml.number_of_edges() - relations
    citations = sum(len(d["citations"]) for *_, d in graph.edges(data=True))
    assert _all(conn, "MATCH ()-[c:CITATION]->() RETURN count(c)")[0][0] == citations
    hub = max(graphml, key=graphml.degree)
    expected = {graphml.nodes[n]["label"] for n in (*graphml.successors(hub), *graphml.predecessors(hub))}
    found = {row[0] for row in _all(conn, "MATCH (a:Entity {id: $id})-[:RELATION|CO_MENTION]-(b:Entity) "
                                          "RETURN DISTINCT b.label", {"id": hub})}
    assert found == expected
    for label, doc, start, end, text in _all(
            conn, "MATCH (a:Entity {id: $id})-[c:CITATION]-(b:Entity) "
                  "RETURN b.label, c.doc, c.start_char, c.end_char, c.text", {"id": hub}):
        assert documents[doc].text[start:end] == text
    node = graphml.nodes[hub]
    assert _all(conn, "MATCH (e:Entity {id: $id}) RETURN e.aliases", {"id": hub})[0][0] == list(node["aliases"])
    path = _all(conn, "MATCH p = (a:Entity {id: $a})-[:RELATION|CO_MENTION* SHORTEST 1..6]-(b:Entity {id: $b}) "
                      "RETURN length(p)", {"a": hub, "b": sorted(graphml)[0]})
    assert path and path[0][0] >= 1


def test_hostile_text_round_trips_and_a_rerun_replaces_the_database(tmp_path):
    graph = example_graph()
    u, v, k, d = next(iter(graph.edges(keys=True, data=True)))
    hostile = 'He said "no",\nthen \\ left; =1+2 | x'
    d["citations"][0]["text"] = hostile
    node = next(iter(graph))
    graph.nodes[node]["aliases"] = ["a, b", "c | d"]
    for _ in range(2):
        db = write_ladybug(graph, tmp_path / "g.lbug")
    conn = ladybug.Connection(ladybug.Database(str(db), read_only=True))
    texts = {row[0] for row in _all(conn, "MATCH ()-[c:CITATION]->() RETURN c.text")}
    assert hostile in texts
    assert _all(conn, "MATCH (e:Entity {id: $id}) RETURN e.aliases", {"id": node})[0][0] == ["a, b", "c | d"]
    assert _all(conn, "MATCH (e:Entity) RETURN count(e)")[0][0] == graph.number_of_nodes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.lbug"]
