"""Score a built graph's entities against a gold annotation.

    python benchmarks/entities.py --graph graphs/seeds --gold tests/gold/seeds_entities.yaml --docs seeds

Prints entity recall, split entities, wrong merges, type accuracy and junk nodes, then the details.
"""

import argparse
import sys

from kg.evaluate import load_gold, score_entities
from kg.query import load_graph
from kg.read import iter_documents
from kg.records import Document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", required=True, help="folder written by kg build (or a .graphml file)")
    parser.add_argument("--gold", required=True, help="gold YAML (entities, optional)")
    parser.add_argument("--docs", required=True, nargs="+", help="the documents the graph was built from")
    args = parser.parse_args()
    texts = {d.id: d.text for d in iter_documents(args.docs) if isinstance(d, Document)}
    score = score_entities(load_graph(args.graph), load_gold(args.gold), texts)
    print(score.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
