from kg.graph import MAX_COMENTION_ENTITIES, assemble_graph
from kg.resolve import resolve_entities

from .conftest import extraction


def build(*texts):
    exs = [extraction(f"d{i}.txt", t)[0] for i, t in enumerate(texts)]
    return assemble_graph(exs, resolve_entities(exs)), exs


def by_label(graph):
    return {d["label"]: n for n, d in graph.nodes(data=True)}


def test_comention_weight_counts_sentences_and_cites_each():
    g, exs = build("[Brett McGurk|PERSON] accused [Turkey|GPE]. [McGurk|PERSON] said [Turkey|GPE] refused.",
                   "[Turkey|GPE] and [Brett McGurk|PERSON] again.")
    ids = by_label(g)
    u, v = sorted([ids["Brett McGurk"], ids["Turkey"]])
    (key, data), = g[u][v].items()
    assert data["kind"] == "co-mention" and data["weight"] == 3 and len(data["citations"]) == 3
    assert [c["doc"] for c in data["citations"]] == ["d0.txt", "d0.txt", "d1.txt"]
    assert data["citations"][0]["text"] == "Brett McGurk accused Turkey."
    assert g.nodes[ids["Brett McGurk"]]["mentions"] == 3 and g.nodes[ids["Brett McGurk"]]["documents"] == 2


def test_no_self_loops_and_no_edge_without_a_shared_sentence():
    g, _ = build("[Recep Tayyip Erdoğan|PERSON] met [Erdogan|PERSON]. [Ankara|GPE] is far.")
    assert g.number_of_edges() == 0


def test_list_sentences_add_no_comention_edges():
    names = " ".join(f"[Person{i} Name|PERSON]" for i in range(MAX_COMENTION_ENTITIES + 1))
    g, _ = build(names + ".")
    assert g.number_of_nodes() == MAX_COMENTION_ENTITIES + 1 and g.number_of_edges() == 0


def test_edge_keys_are_unique_and_stable():
    g1, _ = build("[A Aa|PERSON] met [B Bb|PERSON] and [C Cc|PERSON].")
    g2, _ = build("[A Aa|PERSON] met [B Bb|PERSON] and [C Cc|PERSON].")
    keys = [k for _, _, k in g1.edges(keys=True)]
    assert len(keys) == len(set(keys)) == 3 and keys == [k for _, _, k in g2.edges(keys=True)]


def test_a_facility_named_after_a_place_is_located_in_it_and_stays_its_own_node():
    g, _ = build("Jets left [Lorwick Air Base|FAC] at dawn. [Lorwick|GPE] is a port town.",
                 "Crowds gathered at [Lorwick Airport|FAC].")
    ids = by_label(g)
    assert {"Lorwick Air Base", "Lorwick Airport", "Lorwick"} <= set(ids)  # not merged
    for facility in ("Lorwick Air Base", "Lorwick Airport"):
        (data,) = [d for _, v, d in g.out_edges(ids[facility], data=True) if d["kind"] == "relation"]
        assert data["relation"] == "located_in" and data["rules"] == ["facility-name"]
        assert g.has_edge(ids[facility], ids["Lorwick"]) and facility in data["citations"][0]["text"]
    # a nationality names the owner, not the place: no link from an embassy to its country
    g, _ = build("The [British Embassy|ORG] in [Lorwick|GPE] closed. [Britain|GPE] protested.")
    ids = by_label(g)
    assert not [d for _, _, d in g.out_edges(ids["British Embassy"], data=True) if d["kind"] == "relation"]
