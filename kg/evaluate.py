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

__all__ = ["EntityScore", "RelationScore", "load_gold", "score_entities", "score_relations"]


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
    # names broken across lines ("Central Intelligence\nAgency") count: any run of white space matches one
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, form.split())) + r"(?!\w)")
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


@dataclass
class RelationScore:
    gold: int = 0
    found: list[tuple[str, str, str]] = field(default_factory=list)
    typed: int = 0
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    predicted: int = 0

    @property
    def recall(self) -> float:
        return len(self.found) / self.gold if self.gold else 0.0

    def report(self) -> str:
        lines = [f"gold_relations={self.gold} predicted_edges={self.predicted} recall={self.recall:.3f} "
                 f"typed_recall={self.typed / self.gold if self.gold else 0:.3f}"]
        lines += [f"  found: {f}" for f in self.found] + [f"  missing: {m}" for m in self.missing]
        return "\n".join(lines)


def score_relations(graph: nx.MultiDiGraph, gold: dict) -> RelationScore:
    """Recall of gold ``relations: [[subject, relation, object], ...]`` among ``kind=relation`` edges.

    A gold relation is found when an edge joins nodes naming its two entities (label or alias, by
    :func:`name_key`), in either direction; ``typed`` counts those whose ``relation`` also agrees.
    """
    def nodes_named(name: str) -> set:
        """Nodes whose label or an alias is the name, else (for a name the tagger cut short) its last words."""
        key = name_key(name)
        forms = {n: {name_key(a) for a in [d.get("label", ""), *d.get("aliases", [])]} for n, d in graph.nodes(data=True)}
        exact = {n for n, f in forms.items() if key in f}
        return exact or {n for n, f in forms.items() if any(len(a) > 3 and key.endswith(" " + a) for a in f)}

    edges: dict[frozenset, set[str]] = defaultdict(set)
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "relation":
            edges[frozenset((u, v))].add(data.get("relation", ""))
    score = RelationScore(gold=len(gold.get("relations", [])), predicted=sum(len(r) for r in edges.values()))
    for subject, relation, obj in gold.get("relations", []):
        kinds = set().union(*(edges.get(frozenset((a, b)), set()) for a in nodes_named(subject)
                              for b in nodes_named(obj))) if nodes_named(subject) and nodes_named(obj) else set()
        if kinds:
            score.found.append((subject, relation, obj))
            score.typed += relation in kinds
        else:
            score.missing.append((subject, relation, obj))
    return score
