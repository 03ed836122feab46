"""Every merge across documents on a corpus of unrelated documents: CoNLL04 train + dev, one file per sentence.

    python benchmarks/cross_document_merges.py [--data ../shared/data] [--out /tmp/kg_conll04_files]

Writes each sentence (tokens joined by spaces) as its own file, builds them with `kg build`, and lists every
merge across documents (`*-across-documents`, and `transliteration` between two documents) of the graph:
the rule, the two surface forms, the documents, with the sentences, so that a reader can check each one: sentences from unrelated stories share almost nothing,
so a short form joined to a full name from another sentence needs evidence beyond the name. The data is
read from its path and never copied into the repository.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=Path("/tmp/kg_conll04_files"))
    args = parser.parse_args()
    sources = [args.data / "conll04" / f"conll04_{split}.json" for split in ("train", "dev")]
    if not all(p.is_file() for p in sources):
        print(f"skipped: CoNLL04 not found under {args.data}")
        return 0
    docs = args.out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    texts = {}
    for source in sources:
        split = source.stem.split("_")[1]
        for n, row in enumerate(json.loads(source.read_text(encoding="utf-8"))):
            name = f"{split}_{n:04d}.txt"
            texts[name] = " ".join(row["tokens"])
            (docs / name).write_text(texts[name] + "\n", encoding="utf-8")
    graph_dir = args.out / "graph"
    subprocess.run([str(Path(sys.executable).with_name("kg")), "build", str(docs), "--out", str(graph_dir), "--quiet"],
                   check=True)
    graph = json.loads((graph_dir / "graph.json").read_text(encoding="utf-8"))
    merges = [(n["label"], n["type"], m) for n in graph["nodes"] for m in n.get("merges", [])
              if m["rule"].endswith("-across-documents") or " + " in m["doc"]]
    rules = Counter(m["rule"] for _, _, m in merges)
    print(f"{len(texts):,} sentences (CoNLL04 train + dev), one file each; {len(graph['nodes']):,} entities")
    print(f"merges across documents: {len(merges)} ({', '.join(f'{r} {n}' for r, n in sorted(rules.items())) or 'none'})")
    for label, etype, m in sorted(merges, key=lambda x: (x[2]["rule"], x[0], x[2]["left"], x[2]["right"])):
        print(f"\n[{m['rule']}] {label} ({etype}): {m['left']!r} + {m['right']!r}  ({m['doc']})")
        for doc in m["doc"].split(" + "):
            if doc in texts:
                print(f"    {doc}: {texts[doc][:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
