"""Recall of a built graph's stated relations against a gold list of relations.

    python benchmarks/relations.py --graph graphs/seeds --gold tests/gold/seeds_relations.yaml
"""

import argparse
import sys

from kg.evaluate import load_gold, score_relations
from kg.query import load_graph


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", required=True, help="folder written by kg build (or a .graphml file)")
    parser.add_argument("--gold", required=True, help="gold YAML with a `relations` list")
    args = parser.parse_args()
    print(score_relations(load_graph(args.graph), load_gold(args.gold)).report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
