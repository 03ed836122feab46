"""KBP37 dev through `kg build`: how many marked pairs holding a relation become relation edges, and how
many `no_relation` pairs do.

    python benchmarks/kbp37_relations.py [--split dev] [--data ../shared/data] [--min-confidence X]

Each sentence is one document. A marked end is recognised when a kg mention (OUT/mentions.jsonl, by
offsets) covers it; a pair counts when both ends are recognised as two different entities; it is linked
when a `kind=relation` edge between them cites the document (either direction). Skips when data is absent.
"""

import sys
import tempfile
from collections import Counter
from pathlib import Path

from relbench import Built, arguments, build_with

from kg.relations.training import read_kbp37


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--split", default="dev", help="dev (default) or train")
    args = parser.parse_args()
    path = args.data / "kbp37" / f"{args.split}.txt"
    if not path.is_file():
        print(f"skipped: {path} not found (set --data or KG_DATA)")
        return 0
    sentences = read_kbp37(path, skip=set())
    texts = {f"{n:05d}.txt": s.text + "\n" for n, s in enumerate(sentences)}
    with tempfile.TemporaryDirectory() as tmp:
        built = Built(build_with(args, texts, Path(tmp)))
    linked_pairs = {doc: {frozenset((u, v)) for u, v, _ in edges} for doc, edges in built.relations.items()}
    counts = Counter()
    by_label = Counter()
    by_label_linked = Counter()
    for n, s in enumerate(sentences):
        doc = f"{n:05d}.txt"
        kind = "no_relation" if s.negative else "relation"
        counts[kind + " pairs"] += 1
        e1, e2 = built.entity_at(doc, s.entities[0]), built.entity_at(doc, s.entities[1])
        if not e1 or not e2 or (e1 == e2 and len(e1) == 1):
            continue
        counts[kind + " recognised"] += 1
        linked = any(frozenset((u, v)) in linked_pairs.get(doc, ()) for u in e1 for v in e2 if u != v)
        counts[kind + " linked"] += linked
        if not s.negative:
            by_label[s.label] += 1
            by_label_linked[s.label] += linked
    rel, neg = counts["relation recognised"], counts["no_relation recognised"]
    print(f"KBP37 {args.split}: {counts['relation pairs']} pairs with a relation, {rel} with both ends recognised; "
          f"{counts['no_relation pairs']} no_relation pairs, {neg} recognised")
    print(f"relation pairs linked: {counts['relation linked']}/{rel} = {counts['relation linked'] / max(rel, 1):.3f} "
          f"(of all relation pairs: {counts['relation linked'] / max(counts['relation pairs'], 1):.3f})")
    print(f"no_relation pairs linked: {counts['no_relation linked']}/{neg} = {counts['no_relation linked'] / max(neg, 1):.3f}")
    print("by label: " + ", ".join(f"{k} {by_label_linked[k]}/{n}" for k, n in by_label.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
