"""Shared helpers of the relation benchmarks: write a corpus, run `kg build`, read relation edges back
with the mentions of each entity by document offsets (from OUT/mentions.jsonl, never by names)."""

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from kg.export import read_graphml

DEFAULT_DATA = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def arguments(doc: str) -> argparse.ArgumentParser:
    """The options every relation benchmark takes: where the data is, and how `kg build` runs."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-confidence", help="passed to kg build")
    parser.add_argument("--rules-only", action="store_true", help="build with --no-relation-model")
    parser.add_argument("--kg", default=None, help="the kg command")
    return parser


def build_with(args, texts: dict[str, str], folder: Path) -> Path:
    """:func:`build` with the options of :func:`arguments`."""
    extra = (["--min-confidence", args.min_confidence] if args.min_confidence else []) + (
        ["--no-relation-model"] if args.rules_only else [])
    return build(texts, folder, kg=args.kg, extra=extra)


def build(texts: dict[str, str], folder: Path, *, kg: str | None = None, extra: list[str] = ()) -> Path:
    """Write ``texts`` (document id -> text) under ``folder/corpus`` and build them into ``folder/out``."""
    corpus, out = folder / "corpus", folder / "out"
    corpus.mkdir(parents=True, exist_ok=True)
    for doc, text in texts.items():
        (corpus / doc).write_text(text, encoding="utf-8")
    command = [kg or str(Path(sys.executable).with_name("kg")), "build", str(corpus), "--out", str(out), "--quiet",
               "--no-cache", *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(done.stderr)
    return out


class Built:
    """A built graph: relation edges per document and each entity's mention spans per document."""

    def __init__(self, out: Path):
        self.graph = read_graphml(out / "graph.graphml")
        self.spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        with open(out / "mentions.jsonl", encoding="utf-8") as fh:
            for line in fh:
                m = json.loads(line)
                self.spans[(m["doc"], m["entity"])].append((m["start"], m["end"]))
        self.relations: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
        for u, v, data in self.graph.edges(data=True):
            if data.get("kind") != "relation":
                continue
            for doc in sorted({c["doc"] for c in data["citations"]}):
                self.relations[doc].append((u, v, data))
        self.entities_by_doc: dict[str, set[str]] = defaultdict(set)
        for doc, entity in self.spans:
            self.entities_by_doc[doc].add(entity)

    def entity_at(self, doc: str, span: tuple[int, int]) -> set[str]:
        """Entities with a mention in ``doc`` that contains ``span`` or lies inside it."""
        return {e for e in self.entities_by_doc.get(doc, ()) if any(overlaps(s, span) for s in self.spans[(doc, e)])}

    def matches(self, doc: str, entity: str, span: tuple[int, int]) -> bool:
        return any(overlaps(s, span) for s in self.spans.get((doc, entity), ()))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Containment either way (a mention trimmed of a title still counts)."""
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def prf(correct: int, predicted: int, found: int, gold: int) -> str:
    p = correct / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f:.3f}"
