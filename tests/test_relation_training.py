"""Training data readers and labelling: made-up sentences in the CoNLL04 and KBP37 layouts."""

import json

import pytest

from kg.relations.training import parse_units, featurize, read_conll04, read_kbp37


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
