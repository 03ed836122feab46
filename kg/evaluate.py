"""Score a built graph's entities against a gold annotation: recall, splits, wrong merges, types, junk.

Gold format (YAML): ``entities: [{name, type, aliases: [...]}, ...]`` and ``optional: [names]``. A node
matches a gold entity when one of its surface forms equals one of the entity's (by :func:`name_key`)
and they share a document; a form that fits several gold entities is no evidence either way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .normalize import name_key

__all__ = ["EntityScore", "load_gold", "score_entities"]


@dataclass
class EntityScore:
    gold: int = 0
    found: int = 0
    nodes: int = 0
    splits: list[tuple[str, list[str]]] = field(default_factory=list)
    wrong_merges: list[tuple[str, list[str]]] = field(default_factory=list)
    type_errors: list[tuple[str, str, str]] = field(default_factory=list)
    typed: int = 0
    junk: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def type_accuracy(self) -> float:
        return 1 - len(self.type_errors) / self.typed if self.typed else 0.0

    def summary(self) -> dict:
        return {"gold_entities": self.gold, "nodes": self.nodes, "entity_recall": round(self.recall, 3),
                "split_entities": len(self.splits), "wrong_merges": len(self.wrong_merges),
                "type_accuracy": round(self.type_accuracy, 3), "junk_nodes": len(self.junk)}

    def report(self) -> str:
        lines = [" ".join(f"{k}={v}" for k, v in self.summary().items())]
        for title, items in (("missing", self.missing), ("split", self.splits), ("wrong merge", self.wrong_merges),
                             ("type error", self.type_errors), ("junk", self.junk)):
            for item in items:
                lines.append(f"  {title}: {item}")
        return "\n".join(lines)


def load_gold(path: str | Path) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _docs_with(form: str, texts: dict[str, str]) -> set[str]:
    pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
    return {doc for doc, text in texts.items() if pattern.search(text)}


def score_entities(graph: nx.MultiDiGraph, gold: dict, texts: dict[str, str]) -> EntityScore:
    """Compare ``graph``'s nodes with ``gold``; ``texts`` maps document ids to their text."""
    entities = gold.get("entities", [])
    optional = {name_key(n) for n in gold.get("optional", []) or []}
    alias_index: dict[str, list[int]] = defaultdict(list)
    gold_docs: list[set[str]] = []
    for i, ent in enumerate(entities):
        docs = set()
        for alias in {ent["name"], *ent.get("aliases", [])}:
            alias_index[name_key(alias)].append(i)
            docs |= _docs_with(alias, texts)
        gold_docs.append(docs)
    score = EntityScore(gold=len(entities), nodes=graph.number_of_nodes())
    matched: dict[int, list[str]] = defaultdict(list)
    touched: set[int] = set()
    for node, data in graph.nodes(data=True):
        docs = set(data.get("doc_ids", []))
        forms = {data.get("label", ""), *data.get("aliases", [])}
        sure, maybe = set(), set()
        for form in forms:
            cands = {i for i in alias_index.get(name_key(form), []) if not docs or docs & gold_docs[i]}
            if len(cands) == 1:
                sure |= cands
            maybe |= cands
        touched |= maybe
        for i in sure:
            matched[i].append(node)
        if len(sure) >= 2:
            score.wrong_merges.append((data.get("label", ""), sorted(entities[i]["name"] for i in sure)))
        if not maybe and not any(name_key(f) in optional for f in forms):
            score.junk.append(f"{data.get('label', '')} ({data.get('type', '')})")
    for i, ent in enumerate(entities):
        nodes = matched.get(i, [])
        if nodes or i in touched:
            score.found += 1
        else:
            score.missing.append(ent["name"])
        if len(nodes) >= 2:
            score.splits.append((ent["name"], sorted(graph.nodes[n]["label"] for n in nodes)))
        if nodes:
            score.typed += 1
            main = max(nodes, key=lambda n: (graph.nodes[n].get("mentions", 0), n))
            if graph.nodes[main].get("type") != ent["type"]:
                score.type_errors.append((ent["name"], ent["type"], graph.nodes[main].get("type")))
    score.junk.sort()
    return score
