"""The relation model: loads offline without pickles, decides on hand-built parses, keeps the flags."""

import time

import numpy as np
import pytest
from spacy.tokens import Doc

from kg.relations import RULE_CONFIDENCE, relations_of
from kg.relations.candidates import FEATURES_VERSION, candidate_pairs, pair_features
from kg.relations.model import DEFAULT_MODEL_PATH, RelationModel, default_model
from kg.relations.rules import Context


def tiny_model(weight: float = 6.0) -> RelationModel:
    """A model that reads one cue: the verb 'toil' on the path from a PERSON to an ORG."""
    labels = ["none", "works_for<", "works_for>"]
    vocabulary = ["bias", "PERSON-ORG|pw=toil"]
    coef = np.zeros((2, 3), dtype=np.float32)
    coef[1, 2] = weight
    meta = {"name": "tiny", "version": "0", "labels": labels, "threshold": 0.5, "features_version": FEATURES_VERSION}
    return RelationModel(vocabulary, coef, np.array([2.0, 0.0, 0.0], dtype=np.float32), meta)


def works_doc(vocab, negated=False):
    # "Ana Ruiz toils for Acme Corp ." / "Ana Ruiz did not toil for Acme Corp ." (no rule reads "toil")
    if negated:
        words = ["Ana", "Ruiz", "did", "not", "toil", "for", "Acme", "Corp", "."]
        heads = [1, 4, 4, 4, 4, 4, 7, 5, 4]
        deps = ["compound", "nsubj", "aux", "neg", "ROOT", "prep", "compound", "pobj", "punct"]
        pos = ["PROPN", "PROPN", "AUX", "PART", "VERB", "ADP", "PROPN", "PROPN", "PUNCT"]
        lemmas = ["Ana", "Ruiz", "do", "not", "toil", "for", "Acme", "Corp", "."]
        ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    else:
        words = ["Ana", "Ruiz", "toils", "for", "Acme", "Corp", "."]
        heads = [1, 2, 2, 2, 5, 3, 2]
        deps = ["compound", "nsubj", "ROOT", "prep", "compound", "pobj", "punct"]
        pos = ["PROPN", "PROPN", "VERB", "ADP", "PROPN", "PROPN", "PUNCT"]
        lemmas = ["Ana", "Ruiz", "toil", "for", "Acme", "Corp", "."]
        ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O"]
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)


def test_the_model_decides_and_records_itself(vocab):
    doc = works_doc(vocab)
    found = relations_of(doc, list(doc.ents), ["PERSON", "ORG"], model=tiny_model())
    assert len(found) == 1
    rel = found[0]
    assert (rel.subject, rel.object, rel.relation, rel.rules, rel.model) == (0, 1, "works_for", (), "tiny-0")
    assert rel.predicate == "toils for"
    assert 0.9 < rel.confidence <= 1 and not rel.negated


def test_a_weak_score_is_no_relation(vocab):
    doc = works_doc(vocab)
    assert relations_of(doc, list(doc.ents), ["PERSON", "ORG"], model=tiny_model(weight=0.0)) == []


def test_negation_is_read_for_model_relations(vocab):
    doc = works_doc(vocab, negated=True)
    found = relations_of(doc, list(doc.ents), ["PERSON", "ORG"], model=tiny_model())
    assert [(r.relation, r.negated) for r in found] == [("works_for", True)]


def test_types_that_do_not_fit_are_never_decided(vocab):
    doc = works_doc(vocab)
    # the same cue between two places: works_for does not fit PLACE -> PLACE, so nothing is said
    assert relations_of(doc, list(doc.ents), ["PLACE", "PLACE"], model=tiny_model()) == []


def test_rule_only_types_keep_the_rules_confidence(vocab):
    # "Acme Corp sued Zeta Ltd ." : "sued" is a rule type the model does not decide
    words = ["Acme", "Corp", "sued", "Zeta", "Ltd", "."]
    doc = Doc(vocab, words=words, heads=[1, 2, 2, 4, 2, 2], deps=["compound", "nsubj", "ROOT", "compound", "dobj", "punct"],
              pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"], lemmas=["Acme", "Corp", "sue", "Zeta", "Ltd", "."],
              ents=["B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O"])
    found = relations_of(doc, list(doc.ents), ["ORG", "ORG"], model=tiny_model())
    assert [(r.relation, r.rules, r.confidence, r.model) for r in found] == [
        ("sued", ("subject-verb-object",), RULE_CONFIDENCE, "")]


def test_features_name_no_entity(vocab):
    doc = works_doc(vocab)
    spans = list(doc.ents)
    ctx = Context(doc, spans, ["PERSON", "ORG"])
    (i, j), = list(candidate_pairs(spans))
    features = pair_features(ctx, i, j)
    assert not any("ruiz" in f.lower() or "ana" in f.split("=")[-1] or "acme" in f.lower() for f in features)
    assert "PERSON-ORG|pw=toil" in features and "e2head=corp" in features


@pytest.mark.skipif(not DEFAULT_MODEL_PATH.with_suffix(".npz").is_file(), reason="no shipped weights")
def test_the_shipped_model_loads_fast_without_pickles():
    started = time.perf_counter()
    model = RelationModel.load(DEFAULT_MODEL_PATH)
    assert time.perf_counter() - started < 1.0
    assert model.labels[0] == "none" and 0 < model.threshold < 1 and model.name.startswith("kg-relations-")
    assert DEFAULT_MODEL_PATH.with_suffix(".npz").stat().st_size < 8_000_000
    assert default_model() is default_model()  # loaded once per process


def test_weights_holding_objects_are_refused(tmp_path):
    model = tiny_model()
    model.save(tmp_path / "m")
    np.savez(tmp_path / "m.npz", vocabulary=np.array([{"a": 1}], dtype=object), coef=model.coef,
             intercept=model.intercept)
    with pytest.raises(ValueError):
        RelationModel.load(tmp_path / "m")


def located_model() -> RelationModel:
    """A model that reads one cue: 'near' between two places, first in second."""
    labels = ["none", "located_in<", "located_in>"]
    coef = np.zeros((2, 3), dtype=np.float32)
    coef[1, 2] = 6.0
    meta = {"name": "tiny", "version": "0", "labels": labels, "threshold": 0.5, "features_version": FEATURES_VERSION}
    return RelationModel(["bias", "b=near"], coef, np.array([2.0, 0.0, 0.0], dtype=np.float32), meta)


def places_doc(vocab, words, heads, deps, pos, ents):
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=[w.lower() for w in words], ents=ents)


def test_the_model_puts_a_town_in_a_place_but_never_a_country(vocab):
    # "Lorwick lies near Dunmere ." : a town may lie in the place named beside it ...
    words = ["Lorwick", "lies", "near", "Dunmere", "."]
    heads, deps = [1, 1, 1, 2, 1], ["nsubj", "ROOT", "prep", "pobj", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "PUNCT"]
    doc = places_doc(vocab, words, heads, deps, pos, ["B-GPE", "O", "O", "B-GPE", "O"])
    found = relations_of(doc, list(doc.ents), ["PLACE", "PLACE"], model=located_model())
    assert [(f.subject, f.relation, f.object) for f in found] == [(0, "located_in", 1)]
    # ... a country does not lie in a place a sentence names beside it ("France lies near Dunmere .")
    doc = places_doc(vocab, ["France", *words[1:]], heads, deps, pos, ["B-GPE", "O", "O", "B-GPE", "O"])
    assert relations_of(doc, list(doc.ents), ["PLACE", "PLACE"], model=located_model()) == []


def test_places_in_one_list_are_not_one_inside_the_other(vocab):
    # "Lorwick near Dunmere and Alden ." : a list of places, none inside another
    words = ["Lorwick", "near", "Dunmere", "and", "Alden", "."]
    doc = places_doc(vocab, words, [0, 0, 1, 2, 2, 0], ["ROOT", "prep", "pobj", "cc", "conj", "punct"],
                     ["PROPN", "ADP", "PROPN", "CCONJ", "PROPN", "PUNCT"], ["B-GPE", "O", "B-GPE", "O", "B-GPE", "O"])
    spans = list(doc.ents)
    found = relations_of(doc, spans, ["PLACE"] * 3, model=located_model())
    assert (0, "located_in", 1) not in [(f.subject, f.relation, f.object) for f in found]
