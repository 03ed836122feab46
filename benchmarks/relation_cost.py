"""What the relation model adds to a build: `kg build --no-cache --jobs 1` with and without it.

    python benchmarks/relation_cost.py [--data ../shared/data] [--docs 300] [--pairs 3]

Whole commands (model load, every stage, every output file), alternated in pairs on the same BBC News
slice; medians are printed with the relative cost. Skips with a message when the data is absent.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from speed import kg_build, write_slice

from relbench import DEFAULT_DATA


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    source = args.data / "news" / "bbc_news.jsonl"
    if not source.is_file():
        print(f"skipped: {source} not found (set --data or KG_DATA)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path, words = write_slice(source, args.docs, Path(tmp) / "in")
        rules, model = [], []
        for _ in range(args.pairs):
            rules.append(kg_build(path, "--out", Path(tmp) / "a", "--no-cache", "--no-relation-model"))
            model.append(kg_build(path, "--out", Path(tmp) / "b", "--no-cache"))
    r, m = statistics.median(rules), statistics.median(model)
    print(f"BBC News, first {args.docs} articles ({words:,} words), kg build --no-cache --jobs 1, {args.pairs} pairs:")
    print(f"  rules only: median {r:.2f} s ({', '.join(f'{t:.2f}' for t in rules)})")
    print(f"  with model: median {m:.2f} s ({', '.join(f'{t:.2f}' for t in model)})")
    print(f"  relation model cost: {100 * (m - r) / r:+.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
