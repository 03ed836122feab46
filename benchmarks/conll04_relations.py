"""Stated-relation precision and recall on CoNLL04, through the `kg build` CLI and its GraphML.

    python benchmarks/conll04_relations.py [--split dev] [--data ../shared/data] [--show 20]

Each sentence becomes one document; `kg build` runs on the folder; every `kind=relation` edge of the
GraphML is read back with its citations. A predicted pair is (document, node u, node v); it is correct
when its two nodes name the two entities of a gold relation of that sentence, in either direction
(unlabelled). Labelled figures map kg's typed relations onto CoNLL04's five labels, direction included.
Skips with a message when the data is absent.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from kg.export import read_graphml
from kg.normalize import name_key

LABELS = {  # kg relation, (subject type, object type) -> CoNLL04 label
    "works_for": "Work_For", "leader_of": "Work_For", "member_of": "Work_For", "founded": "Work_For",
    "lives_in": "Live_In", "based_in": "OrgBased_In", "killed": "Kill", "part_of": "OrgBased_In",
}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "'s", "'", "n't", ")", "%", "''", "'re", "'ve", "'ll", "'d"}


def detokenize(tokens):
    """Text and the character span of every token."""
    text, spans = "", []
    tokens = ['"' if t in ("``", "''") else t for t in tokens]
    for i, tok in enumerate(tokens):
        if i and tok not in _NO_SPACE_BEFORE and tokens[i - 1] not in ("(", "$"):
            text += " "
        spans.append((len(text), len(text) + len(tok)))
        text += tok
    return text, spans


def label_of(relation: str, types: tuple[str, str]) -> str | None:
    if relation == "located_in":
        return {"PERSON": "Live_In", "ORG": "OrgBased_In", "PLACE": "Located_In"}.get(types[0])
    if relation == "employs":
        return "Work_For"
    return LABELS.get(relation)


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--split", default="dev", help="dev (default) or train")
    parser.add_argument("--show", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--kg", default=str(Path(sys.executable).with_name("kg")), help="the kg command")
    args = parser.parse_args()
    path = args.data / "conll04" / f"conll04_{args.split}.json"
    if not path.is_file():
        print(f"skipped: {path} not found (set --data or KG_DATA)")
        return 0
    records = json.loads(path.read_text(encoding="utf-8"))
    gold, entities, texts = set(), {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        for n, rec in enumerate(records):
            doc = f"{n:04d}.txt"
            text, spans = detokenize(rec["tokens"])
            (corpus / doc).write_text(text + "\n", encoding="utf-8")
            texts[doc] = text
            ents = [text[spans[e["start"]][0]:spans[e["end"] - 1][1]] for e in rec["entities"]]
            entities[doc] = ents
            for r in rec["relations"]:
                gold.add((doc, r["head"], r["tail"], r["type"]))
        done = subprocess.run([args.kg, "build", str(corpus), "--out", str(out), "--quiet"], capture_output=True, text=True)
        if done.returncode:
            print(done.stderr)
            return done.returncode
        graph = read_graphml(out / "graph.graphml")

    def matches(node, doc):
        forms = {name_key(a) for a in [graph.nodes[node]["label"], *graph.nodes[node]["aliases"]]}
        exact = [i for i, e in enumerate(entities[doc]) if name_key(e) in forms]
        if exact:
            return exact
        return [i for i, e in enumerate(entities[doc])
                if any(set(name_key(e).split()) & set(f.split()) and (set(name_key(e).split()) <= set(f.split())
                       or set(f.split()) <= set(name_key(e).split())) for f in forms)]

    pred, pred_labelled, rules = set(), set(), Counter()
    for u, v, data in graph.edges(data=True):
        if data.get("kind") != "relation":
            continue
        for cite in data["citations"]:
            doc = cite["doc"]
            pred.add((doc, u, v))
            rules[(doc, u, v)] = ",".join(data["rules"])
            label = label_of(data["relation"], (graph.nodes[u]["type"], graph.nodes[v]["type"]))
            if label:
                pred_labelled.add((doc, u, v, label))
    gold_pairs = {(d, h, t) for d, h, t, _ in gold}
    correct, found = set(), set()
    wrong = []
    for doc, u, v in sorted(pred):
        mu, mv = matches(u, doc), matches(v, doc)
        hits = {(doc, a, b) for a in mu for b in mv if (doc, a, b) in gold_pairs or (doc, b, a) in gold_pairs}
        if hits:
            correct.add((doc, u, v))
            found |= {h if h in gold_pairs else (h[0], h[2], h[1]) for h in hits}
        else:
            wrong.append((doc, graph.nodes[u]["label"], graph.nodes[v]["label"], rules[(doc, u, v)]))
    p = len(correct) / len(pred) if pred else 0.0
    r = len(found) / len(gold_pairs) if gold_pairs else 0.0
    print(f"CoNLL04 {args.split}: {len(records)} sentences, {len(gold_pairs)} gold pairs, {len(pred)} predicted")
    print(f"unlabelled (either direction): P={p:.3f} R={r:.3f} F1={2 * p * r / (p + r) if p + r else 0:.3f}")
    lab_correct = 0
    lab_found = set()
    for doc, u, v, label in pred_labelled:
        mu, mv = matches(u, doc), matches(v, doc)
        hit = {(doc, a, b, label) for a in mu for b in mv if (doc, a, b, label) in gold}
        if hit:
            lab_correct += 1
            lab_found |= hit
    lp = lab_correct / len(pred_labelled) if pred_labelled else 0.0
    lr = len(lab_found) / len(gold) if gold else 0.0
    print(f"labelled (5 CoNLL04 labels, directed): P={lp:.3f} R={lr:.3f} F1={2 * lp * lr / (lp + lr) if lp + lr else 0:.3f}")
    by_rule = Counter(rules[k] for k in pred)
    ok_rule = Counter(rules[k] for k in correct)
    print("by rule: " + ", ".join(f"{k} {ok_rule[k]}/{n}" for k, n in by_rule.most_common()))
    if args.show:
        for w in wrong[:args.show]:
            print("  wrong:", w, "|", texts[w[0]][:150])
        missed = sorted(gold_pairs - found)[:args.show]
        for doc, h, t in missed:
            print("  missed:", doc, entities[doc][h], "->", entities[doc][t], "|", texts[doc][:150])
    return 0


if __name__ == "__main__":
    sys.exit(main())
