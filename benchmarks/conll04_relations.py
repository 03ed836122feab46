"""Stated-relation precision and recall on CoNLL04, through `kg build`, matched by mention offsets.

    python benchmarks/conll04_relations.py [--split dev] [--data ../shared/data] [--show 20] [--min-confidence X]

Each sentence becomes one document; `kg build` runs on the folder. A predicted pair is (document, node u,
node v) for every `kind=relation` edge citing that document; it is correct when a mention of u and a
mention of v in that document (OUT/mentions.jsonl, by character offsets) cover the two entities of a gold
relation of that sentence, in either direction (unlabelled). Labelled figures map kg's typed relations onto
CoNLL04's five labels by the two node types (each label joins one pair of types), direction included. Skips with a message when the data is absent.
"""

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from relbench import Built, arguments, build_with, prf

from kg.relations.training import detokenize

#: CoNLL04's five labels each join one pair of entity types (Work_For a person to an organisation, Live_In a
#: person to a place, ...); a kg relation reads as the label of its two node types when it is one of the kg
#: relations that label covers ("mayor of" a town is Live_In there, as CoNLL04 annotates it).
SIGNATURES = {
    ("PERSON", "ORG"): ("Work_For", {"works_for", "leader_of", "member_of", "founded"}),
    ("PERSON", "PLACE"): ("Live_In", {"lives_in", "born_in", "located_in", "leader_of", "works_for"}),
    ("ORG", "PLACE"): ("OrgBased_In", {"based_in", "located_in", "part_of"}),
    ("PLACE", "PLACE"): ("Located_In", {"located_in", "part_of"}),
    ("PERSON", "PERSON"): ("Kill", {"killed"}),
}


def label_of(relation: str, types: tuple[str, str]) -> str | None:
    label, relations = SIGNATURES.get(types, (None, ()))
    return label if relation in relations else None


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--split", default="dev", help="dev (default) or train")
    parser.add_argument("--show", type=int, default=0, help="print this many errors of each kind")
    args = parser.parse_args()
    path = args.data / "conll04" / f"conll04_{args.split}.json"
    if not path.is_file():
        print(f"skipped: {path} not found (set --data or KG_DATA)")
        return 0
    records = json.loads(path.read_text(encoding="utf-8"))
    gold, entities, texts = set(), {}, {}
    for n, rec in enumerate(records):
        doc = f"{n:04d}.txt"
        text, spans = detokenize(rec["tokens"])
        texts[doc] = text
        entities[doc] = [(spans[e["start"]][0], spans[e["end"] - 1][1]) for e in rec["entities"]]
        for r in rec["relations"]:
            gold.add((doc, r["head"], r["tail"], r["type"]))
    with tempfile.TemporaryDirectory() as tmp:
        built = Built(build_with(args, {d: t + "\n" for d, t in texts.items()}, Path(tmp)))
    graph = built.graph
    gold_pairs = {(d, h, t) for d, h, t, _ in gold}
    pred, correct, found, wrong = 0, 0, set(), []
    lab_pred, lab_correct, lab_found = 0, 0, set()
    by_rule, ok_rule = Counter(), Counter()
    for doc, edges in built.relations.items():
        for u, v, data in edges:
            ents = entities[doc]
            mu = [k for k, span in enumerate(ents) if built.matches(doc, u, span)]
            mv = [k for k, span in enumerate(ents) if built.matches(doc, v, span)]
            hits = {(doc, a, b) for a in mu for b in mv if (doc, a, b) in gold_pairs}
            hits |= {(doc, b, a) for a in mu for b in mv if (doc, b, a) in gold_pairs}
            how = ",".join(data["rules"]) or "model"
            pred += 1
            by_rule[how] += 1
            if hits:
                correct += 1
                ok_rule[how] += 1
                found |= hits
            else:
                wrong.append((doc, graph.nodes[u]["label"], data["relation"], graph.nodes[v]["label"], how,
                              data.get("confidence")))
            label = label_of(data["relation"], (graph.nodes[u]["type"], graph.nodes[v]["type"]))
            if label:
                lab_pred += 1
                hit = {(doc, a, b, label) for a in mu for b in mv if (doc, a, b, label) in gold}
                if hit:
                    lab_correct += 1
                    lab_found |= hit
    print(f"CoNLL04 {args.split}: {len(records)} sentences, {len(gold_pairs)} gold pairs, {pred} predicted")
    print(f"unlabelled (either direction): {prf(correct, pred, len(found), len(gold_pairs))}")
    print(f"labelled (5 CoNLL04 labels, directed): {prf(lab_correct, lab_pred, len(lab_found), len(gold))}")
    print("by rule: " + ", ".join(f"{k} {ok_rule[k]}/{n}" for k, n in by_rule.most_common()))
    if args.show:
        for w in wrong[:args.show]:
            print("  wrong:", w, "|", texts[w[0]][:150])
        for doc, h, t in sorted(gold_pairs - found)[:args.show]:
            ents = entities[doc]
            print("  missed:", doc, texts[doc][slice(*ents[h])], "->", texts[doc][slice(*ents[t])], "|",
                  texts[doc][:150])
    return 0


if __name__ == "__main__":
    sys.exit(main())
