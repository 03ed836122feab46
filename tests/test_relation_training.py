"""Training data readers and labelling: made-up sentences in the CoNLL04, KBP37 and Re-DocRED layouts."""

import json

import pytest

from kg.relations.training import (
    TrainingDataError,
    featurize,
    parse_units,
    read_conll04,
    read_kbp37,
    read_redocred,
    train,
)


def test_kbp37_marks_become_spans_and_labels_keep_direction(tmp_path):
    path = tmp_path / "train.txt"
    path.write_text(
        '1\t" <e1> Ana Ruiz </e1> , a chemist at <e2> Zeta Labs </e2> , said so . "\nper:employee_of(e1,e2)\n\n\n'
        '2\t" <e1> Zeta Labs </e1> was founded by <e2> Ana Ruiz </e2> . "\norg:founded_by(e1,e2)\n\n\n'
        '3\t" <e1> Zeta Labs </e1> and <e2> Omar Haddad </e2> met . "\nno_relation\n\n\n'
        '4\t" <e1> Zeta Labs </e1> opened in <e2> 1999 </e2> . "\norg:founded(e1,e2)\n\n\n', encoding="utf-8")
    first, second, third = read_kbp37(path)
    assert first.text == "Ana Ruiz, a chemist at Zeta Labs, said so."
    assert [first.text[a:b] for a, b in first.entities] == ["Ana Ruiz", "Zeta Labs"]
    assert first.relations == [(0, 1, "works_for")]
    assert second.relations == [(1, 0, "founded")]  # kg's subject is the founder, KBP37's second argument
    assert third.negative and not third.relations
    assert len(read_kbp37(path, skip=set())) == 4  # the date-valued label is kept for the benchmark only


def test_conll04_records(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps([{"tokens": ["Ana", "Ruiz", "works", "for", "Zeta", "Labs", "."],
                                 "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 4, "end": 6}],
                                 "relations": [{"type": "Work_For", "head": 0, "tail": 1}], "orig_id": 1}]))
    (s,) = read_conll04(path)
    assert s.text == "Ana Ruiz works for Zeta Labs." and s.relations == [(0, 1, "works_for")] and s.complete


def test_redocred_sentences_carry_mapped_relations_and_leave_untyped_pairs_out(tmp_path):
    def m(name, kind, sent, a, b):
        return {"name": name, "type": kind, "sent_id": sent, "pos": [a, b]}

    doc = {"title": "t", "sents": [["Dunmere", "is", "a", "town", "in", "Kestria", ",", "home", "of", "Acme", "Ltd", "."],
                                   ["Paul", "Berger", "founded", "Acme", "Ltd", "in", "1990", "with", "his", "brother",
                                    "Omar", "Berger", "."]],
           "vertexSet": [[m("Dunmere", "LOC", 0, 0, 1)], [m("Kestria", "LOC", 0, 5, 6)],
                         [m("Acme Ltd", "ORG", 0, 9, 11), m("Acme Ltd", "ORG", 1, 3, 5)],
                         [m("Paul Berger", "PER", 1, 0, 2)], [m("1990", "TIME", 1, 6, 7)],
                         [m("Omar Berger", "PER", 1, 10, 12)]],
           "labels": [{"r": "P131", "h": 0, "t": 1}, {"r": "P150", "h": 1, "t": 0},
                      {"r": "P159", "h": 2, "t": 0}, {"r": "P17", "h": 2, "t": 1},
                      {"r": "P112", "h": 2, "t": 3}, {"r": "P571", "h": 2, "t": 4},
                      {"r": "P3373", "h": 3, "t": 5}, {"r": "P1441", "h": 3, "t": 2}]}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([doc, doc]))
    first, second = read_redocred(path, stop=1)
    assert first.text == "Dunmere is a town in Kestria, home of Acme Ltd."
    assert [first.text[a:b] for a, b in first.entities] == ["Dunmere", "Kestria", "Acme Ltd"]
    # P131 and its inverse P150 are one located_in; an organisation's place is based_in
    assert sorted(first.relations) == [(0, 1, "located_in"), (2, 0, "based_in"), (2, 1, "based_in")]
    assert [second.text[a:b] for a, b in second.entities] == ["Acme Ltd", "Paul Berger", "1990", "Omar Berger"]
    # founded by: the founder is kg's subject; a sibling is family
    assert sorted(second.relations) == [(1, 0, "founded"), (1, 3, "family")]
    # related by properties kg has no type for (a date, "present in work"): not used, neither way
    assert sorted(second.untyped) == [(0, 2), (1, 0)]
    assert len(read_redocred(path)) == 4 and len(read_redocred(path, start=1)) == 2


@pytest.mark.model
def test_candidates_are_labelled_through_kgs_own_extraction(tmp_path, nlp):
    path = tmp_path / "c.json"
    tokens = ["Peter", "Miller", ",", "a", "chemist", "at", "Microsoft", ",", "met", "John", "Smith", "in", "Paris", "."]
    path.write_text(json.dumps([{"tokens": tokens,
                                 "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 6, "end": 7},
                                              {"type": "Peop", "start": 9, "end": 11}, {"type": "Loc", "start": 12, "end": 13}],
                                 "relations": [{"type": "Work_For", "head": 0, "tail": 1}], "orig_id": 1}]))
    units, found = parse_units(nlp, read_conll04(path))
    featurize(units, found, nlp.vocab)
    labels = {(units[e.unit].text[slice(*units[e.unit].chars[units[e.unit].pairs[e.pair][0]])],
               units[e.unit].text[slice(*units[e.unit].chars[units[e.unit].pairs[e.pair][1]])]): e.label for e in found}
    assert labels[("Peter Miller", "Microsoft")] == "works_for>"
    assert labels[("Peter Miller", "John Smith")] == "none"
    assert all(e.features and "bias" in e.features for e in found)


def test_fold_reads_each_label_as_the_corpus_that_annotates_it():
    import numpy as np

    from kg.relations.candidates import FEATURES_VERSION
    from kg.relations.model import RelationModel
    from kg.relations.training import augmented, fold, view_of

    labels = ["none", "works_for>", "founded>"]
    assert [view_of(lab) for lab in labels] == ["conll04", "conll04", "kbp37"]
    assert view_of("family<") == "conll04"  # taught by Re-DocRED alone, read like CoNLL04
    vocabulary = sorted({*augmented(["bias", "x"], "conll04"), *augmented(["bias", "x"], "kbp37")})
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(len(vocabulary), 3)).astype(np.float32)
    meta = {"name": "t", "version": "0", "labels": labels, "features_version": FEATURES_VERSION}
    model = RelationModel(vocabulary, coef, np.zeros(3, dtype=np.float32), meta)
    folded = fold(model)
    assert sorted(folded.index) == ["bias", "x"]  # private copies are folded away
    # each label scores as the augmented model scores it in its own corpus's reading
    row = {f: coef[k] for k, f in enumerate(vocabulary)}
    want = [sum(row[f][col] for f in augmented(["bias", "x"], view_of(lab))) for col, lab in enumerate(labels)]
    want = np.exp(np.array(want) - max(want))
    assert np.allclose(folded.probabilities([["bias", "x"]])[0], want / want.sum(), atol=1e-5)


def test_a_training_file_in_another_layout_is_named_in_a_clear_error(tmp_path):
    (tmp_path / "conll04").mkdir()
    (tmp_path / "conll04" / "conll04_train.json").write_text('[{"words": ["no", "tokens", "key"]}]', encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"conll04_train\.json: not in the layout read_conll04 reads"):
        train(tmp_path, tmp_path / "model", nlp=None, log=lambda m: None)
