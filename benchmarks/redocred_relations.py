"""Re-DocRED dev through `kg build`: relation-edge recall for pairs related within one sentence and across
sentences, and how many linked pairs hold a gold relation.

    python benchmarks/redocred_relations.py [--data ../shared/data] [--skip N] [--limit N] [--min-confidence X]

Each Wikipedia lead section is one document (sentences joined by spaces). Only PER, ORG and LOC entities
count. A gold entity maps to the kg entities with a mention covering one of its mentions (OUT/mentions.jsonl,
by offsets). A gold pair (any Wikidata property, either direction) is *intra* when the two entities are named
in one sentence, else *inter*; it is found when a `kind=relation` edge joins their kg entities in that
document. Precision: of the relation edges whose two ends map to gold entities, the share joining a pair
that holds a gold relation. Skips with a message when the data is absent.

The shipped relation model is trained on documents 0-199 and its settings chosen on 200-249
(`kg train-relations`), so only `--skip 250` measures it on documents it has never seen.
"""

import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from relbench import Built, arguments, build_with

from kg.relations.training import detokenize

TYPES = {"PER", "ORG", "LOC"}


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N documents")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents (after --skip)")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong links")
    args = parser.parse_args()
    path = args.data / "redocred" / "dev_revised.json"
    if not path.is_file():
        print(f"skipped: {path} not found (set --data or KG_DATA)")
        return 0
    records = json.loads(path.read_text(encoding="utf-8"))
    records = records[args.skip:]
    if args.limit:
        records = records[:args.limit]
    texts, mentions, gold = {}, {}, {}
    for n, rec in enumerate(records):
        doc = f"{n:03d}.txt"
        text, offsets = "", []
        for sent in rec["sents"]:
            piece, spans = detokenize(sent)
            base = len(text) + (1 if text else 0)
            text += (" " if text else "") + piece
            offsets.append([(base + a, base + b) for a, b in spans])
        texts[doc] = text
        ents = {}
        for k, vertex in enumerate(rec["vertexSet"]):
            if vertex[0]["type"] not in TYPES:
                continue
            ents[k] = [((offsets[m["sent_id"]][m["pos"][0]][0], offsets[m["sent_id"]][m["pos"][1] - 1][1]), m["sent_id"])
                       for m in vertex]
        mentions[doc] = ents
        pairs = {}
        for lab in rec["labels"]:
            h, t = lab["h"], lab["t"]
            if h in ents and t in ents:
                same = bool({s for _, s in ents[h]} & {s for _, s in ents[t]})
                pairs[frozenset((h, t))] = "intra" if same else "inter"
        gold[doc] = pairs
    with tempfile.TemporaryDirectory() as tmp:
        built = Built(build_with(args, texts, Path(tmp)))
    counts, wrong = Counter(), []
    for doc, ents in mentions.items():
        kg_of = {g: {e for span, _ in ms for e in built.entity_at(doc, span)} for g, ms in ents.items()}
        gold_of = defaultdict(set)
        for g, es in kg_of.items():
            for e in es:
                gold_of[e].add(g)
        links = {frozenset((u, v)) for u, v, _ in built.relations.get(doc, ())}
        for pair, kind in gold[doc].items():
            h, t = tuple(pair)
            counts[kind] += 1
            if kg_of[h] and kg_of[t]:
                counts[kind + " recognised"] += 1
            if any(frozenset((u, v)) in links for u in kg_of[h] for v in kg_of[t] if u != v):
                counts[kind + " found"] += 1
        for u, v, data in built.relations.get(doc, ()):
            gu, gv = gold_of.get(u, set()), gold_of.get(v, set())
            if not gu or not gv:
                counts["links unjudged"] += 1
                continue
            counts["links judged"] += 1
            if any(frozenset((a, b)) in gold[doc] for a in gu for b in gv if a != b):
                counts["links correct"] += 1
            else:
                wrong.append((doc, built.graph.nodes[u]["label"], data["relation"], built.graph.nodes[v]["label"],
                              ",".join(data["rules"]) or "model", data["citations"][0]["text"][:120]))
    print(f"Re-DocRED dev: {len(records)} documents; PER/ORG/LOC gold pairs: {counts['intra']} intra-sentence, "
          f"{counts['inter']} inter-sentence")
    for kind in ("intra", "inter"):
        print(f"{kind}: found {counts[kind + ' found']}/{counts[kind]} = {counts[kind + ' found'] / max(counts[kind], 1):.3f} "
              f"(of pairs whose ends kg recognises: {counts[kind + ' found'] / max(counts[kind + ' recognised'], 1):.3f})")
    print(f"linked pairs holding a gold relation: {counts['links correct']}/{counts['links judged']} = "
          f"{counts['links correct'] / max(counts['links judged'], 1):.3f} ({counts['links unjudged']} links with an "
          f"end outside the gold entities)")
    for w in wrong[:args.show]:
        print("  wrong:", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
