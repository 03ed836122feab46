"""Queries on a small hand-made graph with known answers, and on the seeds graph."""

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import query as q
from kg.build import write_outputs
from kg.cli import cli
from kg.errors import AmbiguousEntity, EntityNotFound


def cite(doc, start, text):
    return {"doc": doc, "start": start, "end": start + len(text), "text": text}


@pytest.fixture()
def small():
    """A — B — C — D chain, plus E linked to A and C; two Smiths; a relation A -> B."""
    g = nx.MultiDiGraph()
    people = {"a": ("Anna Alpha", "PERSON"), "b": ("Bravo Group", "ORG"), "c": ("Charlie Smith", "PERSON"),
              "d": ("Delta City", "PLACE"), "e": ("Eve Smith", "PERSON")}
    for n, (label, kind) in people.items():
        g.add_node(n, label=label, type=kind, aliases=[label, label.split()[-1]], mentions=2, documents=1,
                   doc_ids=["x.txt"], titles=[], merges=[])
    g.nodes["a"]["aliases"].append("Ánna Álpha")

    def co(u, v, *cites):
        g.add_edge(u, v, key=f"c-{u}{v}", kind="co-mention", weight=len(cites), citations=list(cites))

    co("a", "b", cite("x.txt", 0, "Anna Alpha joined Bravo Group."), cite("y.txt", 5, "Alpha and Bravo Group met."))
    co("b", "c", cite("x.txt", 40, "Bravo Group hired Charlie Smith."))
    co("c", "d", cite("x.txt", 80, "Charlie Smith lives in Delta City."))
    co("a", "e", cite("z.txt", 0, "Anna Alpha and Eve Smith."))
    co("c", "e", cite("z.txt", 30, "Charlie Smith and Eve Smith."))
    g.add_edge("a", "b", key="r-ab", kind="relation", predicate="member of", relation="member_of",
               predicates=["member of"], weight=1, rules=["appos-role"], negated=False, hedged=False,
               attributed_to=[], citations=[cite("x.txt", 0, "Anna Alpha joined Bravo Group.")])
    return g


def test_find_forgives_case_accents_and_partial_names(small):
    assert q.find_one(small, "anna alpha") == "a"
    assert q.find_one(small, "ANNA ÁLPHA") == "a"
    assert q.find_one(small, "Alpha") == "a"
    assert q.find_one(small, "Charlie") == "c"


def test_ambiguous_and_unknown_names(small):
    with pytest.raises(AmbiguousEntity) as info:
        q.find_one(small, "Smith")
    assert {c["id"] for c in info.value.candidates} == {"c", "e"}
    with pytest.raises(EntityNotFound):
        q.find_one(small, "Zulu")


def test_neighbors_and_filters(small):
    assert [r["id"] for r in q.neighbors(small, "Anna Alpha")] == ["b", "e"]
    rows = q.neighbors(small, "Anna Alpha", kind="relation")
    assert [(r["id"], r["links"][0]["relation"], r["links"][0]["direction"]) for r in rows] == [("b", "member_of", "out")]
    assert [r["id"] for r in q.neighbors(small, "Bravo Group", predicate="member_of")] == ["a"]
    assert [r["id"] for r in q.neighbors(small, "Charlie Smith", type="PLACE")] == ["d"]
    assert [r["id"] for r in q.neighbors(small, "Anna Alpha", min_weight=2)] == ["b"]
    assert [r["id"] for r in q.neighbors(small, "Anna Alpha", doc="z.txt")] == ["e"]


def test_evidence_groups_by_document_relations_first(small):
    groups = q.evidence(small, "Alpha", "Bravo")
    assert [g["doc"] for g in groups] == ["x.txt", "y.txt"]
    first = groups[0]["citations"][0]
    assert first["text"] == "Anna Alpha joined Bravo Group." and "relation" in first["kinds"]
    assert first["predicates"] == ["Anna Alpha member of Bravo Group"]


def test_shortest_and_k_shortest_paths_with_evidence(small):
    (p,) = q.paths(small, "Anna Alpha", "Delta City")
    assert [n["id"] for n in p["nodes"]] in (["a", "b", "c", "d"], ["a", "e", "c", "d"])
    assert all(h["text"] for h in p["hops"])
    two = q.paths(small, "Anna Alpha", "Delta City", k=2)
    assert sorted(tuple(n["id"] for n in x["nodes"]) for x in two) == [("a", "b", "c", "d"), ("a", "e", "c", "d")]
    with pytest.raises(nx.NetworkXNoPath):  # as networkx's own path functions
        q.paths(small, "Anna Alpha", "Delta City", max_hops=2)
    small.add_node("z", label="Zulu Lone", type="PERSON", aliases=["Zulu Lone"])
    with pytest.raises(nx.NetworkXNoPath):
        q.paths(small, "Anna Alpha", "Zulu Lone")


def test_the_index_notices_a_new_edge(small):
    small.add_node("z", label="Zulu Lone", type="PERSON", aliases=["Zulu Lone"])
    with pytest.raises(nx.NetworkXNoPath):
        q.paths(small, "Anna Alpha", "Zulu Lone")
    small.add_edge("a", "z", key="c-az", kind="co-mention", weight=1, citations=[cite("w.txt", 0, "Anna Alpha met Zulu Lone.")])
    (p,) = q.paths(small, "Anna Alpha", "Zulu Lone")  # same node count, new edge: not a stale answer
    assert [n["id"] for n in p["nodes"]] == ["a", "z"]
    small.nodes["z"]["aliases"].append("Zed")
    q.reindex(small)
    assert q.find_one(small, "zed") == "z"


def test_type_arguments_forgive_case_and_refuse_unknown_types(small):
    assert [r["id"] for r in q.top(small, type="person")] == [r["id"] for r in q.top(small, type="PERSON")]
    assert q.top(small, type="person") and q.find(small, "smith", type="Person")
    with pytest.raises(ValueError):
        q.top(small, type="people")


def test_lookup_errors_are_lookup_errors(small):
    with pytest.raises(LookupError):
        q.find_one(small, "Zulu")
    with pytest.raises(LookupError):
        q.find_one(small, "Smith")


def test_a_corpus_built_in_memory_answers_mentions(tmp_path, nlp):
    import kg

    (tmp_path / "a.txt").write_text("Angela Merkel met Emmanuel Macron in Berlin.", encoding="utf-8")
    corpus = kg.build([tmp_path / "a.txt"], nlp=nlp)
    assert isinstance(corpus, kg.Corpus) and [d["id"] for d in corpus.documents] == ["a.txt"]
    (hit,) = kg.mentions(corpus, "Merkel")
    assert hit["doc"] == "a.txt" and hit["snippets"][0]["match"] == "Angela Merkel"


def test_public_api_from_kg():
    import kg

    assert kg.__all__ == sorted(kg.__all__) and all(hasattr(kg, name) for name in kg.__all__)
    for name in ("neighbors", "evidence", "paths", "brokers", "top", "communities", "ego_graph", "mentions",
                 "flatten", "simple_graph", "read_graphml", "write_graphml", "load_graph"):
        assert callable(getattr(kg, name)), name


def test_brokers_are_shared_neighbours(small):
    assert [r["id"] for r in q.brokers(small, "Anna Alpha", "Charlie Smith")] == ["b", "e"]


def test_top_by_each_measure(small):
    assert q.top(small, by="degree", n=2)[0]["id"] in ("a", "c")
    assert [r["id"] for r in q.top(small, by="degree", type="PLACE")] == ["d"]
    assert q.top(small, by="weighted", n=1)[0]["id"] == "a"  # 2 + 1 + relation bonus
    assert q.top(small, by="betweenness", n=1)[0]["id"] == "c"
    assert len(q.top(small, by="pagerank")) == 5
    with pytest.raises(ValueError):
        q.top(small, by="fame")


def test_communities_are_deterministic(small):
    a = q.communities(small, min_size=1)
    assert a == q.communities(small, min_size=1)
    assert sum(c["size"] for c in a) == 5 and all(c["central"] for c in a)


def test_ego_graph(small):
    ego = q.ego_graph(small, "Delta City", depth=1)
    assert set(ego.nodes) == {"c", "d"} and ego.graph["ego"] == "Delta City"
    assert set(q.ego_graph(small, "Delta City", depth=2).nodes) == {"b", "c", "d", "e"}
    assert set(small.nodes) == {"a", "b", "c", "d", "e"}


# ---------------------------------------------------------------- on the seeds and the CLI

def test_queries_on_the_seeds(seeds_build):
    graph, _, out, documents, _ = seeds_build
    back = q.load_graph(out)
    assert q.find_one(back, "erdogan") == q.find_one(graph, "Recep Tayyip Erdoğan")
    mcgurk = q.neighbors(back, "McGurk", kind="relation")
    assert "Turkey" in [r["label"] for r in mcgurk]
    for group in q.evidence(back, "McGurk", "Turkey"):
        for c in group["citations"]:
            assert documents[group["doc"]].text[c["start"]:c["end"]] == c["text"]
    (p,) = q.paths(back, "Brett McGurk", "Ilhami Bali")
    assert p["nodes"][0]["label"] == "Brett McGurk" and p["nodes"][-1]["label"] == "Ilhami Bali"
    import kg

    corpus = kg.load(out)  # the graph, the documents, and the mentions on demand
    docs = kg.mentions(corpus, "Bali")
    assert docs and all(s["match"] in ("Bali", "Ilhami Bali") for d in docs for s in d["snippets"])
    assert q.mentions(back, "Bali", folder=out) == docs
    with pytest.raises(kg.InputError):  # a bare graph holds no mentions
        q.mentions(graph, "Bali")
    assert not any(k.startswith("_") for k in [*graph.graph, *back.graph])  # no private graph keys
    assert q.top(back, by="degree", n=1)[0]["label"] == "Turkey"
    assert q.communities(back)


@pytest.mark.parametrize("args", [
    ["find", "erdogan"], ["neighbors", "McGurk"], ["evidence", "McGurk", "Turkey"], ["path", "McGurk", "Bali"],
    ["top", "--type", "PERSON"], ["communities"], ["mentions", "Bali"], ["explain", "Bali"],
])
def test_cli_query_commands_table_and_json(seeds_build, args):
    out = seeds_build[2]
    runner = CliRunner()
    table = runner.invoke(cli, [*args, "--graph", str(out)])
    assert table.exit_code == 0, table.output
    assert table.output.strip()
    as_json = runner.invoke(cli, [*args, "--graph", str(out), "--json"])
    assert as_json.exit_code == 0, as_json.output
    json.loads(as_json.output)


def test_cli_unknown_and_ambiguous_names_fail_clearly(tmp_path, small):
    write_outputs(small, tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["neighbors", "Zulu", "--graph", str(tmp_path)])
    assert result.exit_code == 1 and "no entity matches 'Zulu'" in result.output
    result = runner.invoke(cli, ["evidence", "Smith", "Alpha", "--graph", str(tmp_path)])
    assert result.exit_code == 1 and "matches 2 entities" in result.output
    assert "Charlie Smith" in result.output and "Eve Smith" in result.output


def test_cli_view_writes_an_ego_page(seeds_build, tmp_path):
    page = tmp_path / "bali.html"
    result = CliRunner().invoke(cli, ["view", "Bali", "--graph", str(seeds_build[2]), "--depth", "1", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert page.is_file() and "Ilhami Bali" in page.read_text(encoding="utf-8")
