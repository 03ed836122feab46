"""Stage 6 — assemble the networkx graph: resolved entities as nodes, co-mentions and stated relations as edges."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .normalize import DEMONYMS, WORDS, fold, name_key
from .records import Citation, Extraction, Relation, stable_id
from .resolve import Entity, Resolution
from .schema import ORG, PLACE

__all__ = ["MAX_COMENTION_ENTITIES", "Corpus", "assemble_graph", "edge_key", "example_graph", "facility_towns",
           "simple_graph"]

#: A sentence naming more distinct entities than this is a list, not a statement of relations:
#: its entities keep their mentions but it adds no co-mention edges (it would add n² of them).
MAX_COMENTION_ENTITIES = 25
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FACILITY_WORDS = frozenset(w.lower() for w in WORDS["facility_noun"])


def facility_towns(entities: Iterable[Entity]) -> dict[str, str]:
    """Facility -> the place its name starts with: "Lorwick Airport" and "Lorwick Air Base" are in "Lorwick"
    when "Lorwick" is a place of its own. kg keeps the two nodes apart (a base is not its town) and links
    them with a ``located_in`` relation whose evidence is each sentence naming the facility (rule
    ``facility-name``)."""
    places: dict[str, str] = {}
    for e in entities:
        if e.type == PLACE:
            for name in (e.label, *e.aliases):
                places.setdefault(name_key(name), e.id)
    out = {}
    for e in entities:
        words = e.label.split()
        if e.type not in (PLACE, ORG) or len(words) < 2 or words[-1].lower() not in _FACILITY_WORDS:
            continue
        for cut in (1, 2):  # "Lorwick Airport", "Lorwick Air Base"; not "the Kestrian Embassy" (owner, not place)
            head = " ".join(words[:-cut])
            town = places.get(name_key(head)) if len(words) > cut and fold(head) not in DEMONYMS else None
            if town and town != e.id:
                out[e.id] = town
                break
    return out


@dataclass
class Corpus:
    """What a build makes and a load reads back: the graph, the documents read, and every mention.

    ``documents`` are ``{"id", "path", "title", "date", "encoding", "chars"}``; ``mentions`` are
    ``{"entity", "doc", "start", "end", "text", "left", "right"}``, in memory after a build, else read on
    demand from ``folder/mentions.jsonl`` (see :meth:`iter_mentions`). Every query function takes a
    ``Corpus`` or a bare graph.
    """

    graph: nx.MultiDiGraph
    documents: list[dict] = field(default_factory=list)
    mentions: list[dict] | None = None
    folder: Path | None = None

    @property
    def doc_dates(self) -> dict[str, str]:
        """Document id -> ISO date, for the documents that have one."""
        return {d["id"]: d["date"] for d in self.documents if d.get("date")}

    def iter_mentions(self, entity: str | None = None) -> Iterator[dict]:
        """Every mention (of ``entity`` only, when given), from memory or from ``folder/mentions.jsonl``."""
        if self.mentions is not None:
            yield from (m for m in self.mentions if entity is None or m["entity"] == entity)
            return
        if self.folder is None or not (self.folder / "mentions.jsonl").is_file():
            from .errors import InputError

            where = self.folder / "mentions.jsonl" if self.folder else "this graph"
            raise InputError(f"{where}: no mentions (they come with kg.build or a folder `kg build` wrote)")
        with (self.folder / "mentions.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                if entity is None or f'"{entity}"' in line:
                    record = json.loads(line)
                    if entity is None or record["entity"] == entity:
                        yield record


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per linked pair, ``weight`` = supporting sentences of all its links (a stated
    relation counts 2 more), ``distance`` = 1 / weight: the view centrality, paths and layout work on, and
    the graph to give networkx's own algorithms (kg stores a co-mention once, smaller node id first).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kg graph.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> g = simple_graph(example_graph())
    >>> g["n1"]["n2"]["weight"], nx.shortest_path(g, "n4", "n1") == nx.shortest_path(g, "n1", "n4")[::-1]
    (4, True)
    """
    weights: dict[tuple, list] = {}  # (u, v) as first seen -> [weight]; (v, u) finds the same pair
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        w = data.get("weight", 1) + (2 if data.get("kind") == "relation" else 0)
        found = weights.get((u, v)) or weights.get((v, u))
        if found is None:
            weights[(u, v)] = [w]
        else:
            found[0] += w
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v, {"weight": w, "distance": 1.0 / w}) for (u, v), (w,) in weights.items())
    return simple


def edge_key(*parts: str) -> str:
    """A graph-wide unique, deterministic edge key (it becomes the GraphML edge id)."""
    return stable_id("e", *parts)


def assemble_graph(extractions: Iterable[Extraction], resolution: Resolution, *, name: str = "kg",
                   min_confidence: float = 0.0) -> nx.MultiDiGraph:
    """Build the graph. Co-mention edges run from the smaller node id to the larger; relations are directed.

    Node attributes: ``label``, ``type``, ``aliases`` (list), ``titles`` (list), ``mentions``, ``documents``
    (count), ``doc_ids`` (list), ``merges`` (list of dicts). Edge attributes: ``kind``, ``weight``,
    ``citations`` (list of ``{"doc", "start", "end", "text"}`` dicts), and for relations ``predicate``,
    ``relation``, ``rules``, ``model``, ``confidence`` (the highest of its sentences), ``negated``,
    ``hedged``, ``attributed_to``. Stated relations below ``min_confidence`` are left out. A relation read
    through a pronoun or description carries, on that citation, ``refs``: the reference and the named
    mention it stands for, with their document offsets.
    """
    extractions = sorted(extractions, key=lambda e: e.doc)
    dates = {ex.doc: ex.date for ex in extractions if _ISO.match(ex.date or "")}

    def seen(docs) -> dict:
        if not dates:
            return {}
        found = sorted(dates[d] for d in docs if d in dates)
        return {"first_seen": found[0], "last_seen": found[-1]} if found else {}

    graph = nx.MultiDiGraph(name=name)
    for entity in sorted(resolution.entities, key=lambda e: e.id):
        graph.add_node(entity.id, label=entity.label, type=entity.type, aliases=list(entity.aliases),
                       titles=list(entity.titles), mentions=entity.mentions, documents=len(entity.documents),
                       doc_ids=list(entity.documents), merges=[m.to_dict() for m in entity.merges],
                       **seen(entity.documents))

    comention: dict[tuple[str, str], set[Citation]] = defaultdict(set)
    relations: dict[tuple[str, str, str], list] = defaultdict(list)
    towns = facility_towns(resolution.entities)
    for ex in extractions:
        per_sentence: dict[int, set[str]] = defaultdict(set)
        for k, m in enumerate(ex.mentions):
            eid = resolution.mention_entity.get(m.id)
            if eid is not None:
                per_sentence[m.sentence].add(eid)
            if eid in towns:  # the facility's own name says where it is
                found = Relation(k, k, "located in", "located_in", ("facility-name",), m.sentence)
                relations[(eid, towns[eid], "located_in")].append((found, ex.sentences[m.sentence], []))
        for s, ids in per_sentence.items():
            if len(ids) < 2 or len(ids) > MAX_COMENTION_ENTITIES:
                continue
            ordered = sorted(ids)
            for a in range(len(ordered)):
                for b in range(a + 1, len(ordered)):
                    comention[(ordered[a], ordered[b])].add(ex.sentences[s])
        for rel in ex.relations:
            if rel.confidence < min_confidence:
                continue
            src = resolution.mention_entity.get(ex.mentions[rel.subject].id)
            dst = resolution.mention_entity.get(ex.mentions[rel.object].id)
            if src is None or dst is None or src == dst:
                continue
            relations[(src, dst, rel.relation)].append((rel, ex.sentences[rel.sentence], _refs(ex, rel)))

    for (u, v), cites in sorted(comention.items()):
        cites = sorted(cites)
        graph.add_edge(u, v, key=edge_key("co-mention", u, v), kind="co-mention", weight=len(cites),
                       citations=[c.to_dict() for c in cites], **seen({c.doc for c in cites}))
    for (u, v, relation), found in sorted(relations.items()):
        cites = sorted({c for _, c, _ in found})
        refs: dict[Citation, list] = defaultdict(list)
        for _, c, rs in found:
            refs[c].extend(r for r in rs if r not in refs[c])
        rels = [r for r, _, _ in found]
        sources = sorted({r.attributed_to for r in rels if r.attributed_to})
        forms = Counter(r.predicate for r in rels)
        predicate = max(forms, key=lambda f: (forms[f], f))
        graph.add_edge(u, v, key=edge_key("relation", u, v, relation), kind="relation",
                       predicate=predicate, relation=relation, predicates=sorted(forms), weight=len(cites),
                       rules=sorted({rule for r in rels for rule in r.rules}),
                       model=max((r.model for r in rels), default=""),
                       confidence=max(r.confidence for r in rels), negated=all(r.negated for r in rels),
                       hedged=all(r.hedged for r in rels), attributed_to=sources,
                       citations=[_cite(c, sorted(refs[c], key=lambda r: r["start"])) for c in cites],
                       **seen({c.doc for c in cites}))
    return graph


def _refs(ex: Extraction, rel) -> list[dict]:
    """The references a relation was read through: ``{"start", "end", "text", "refers_to": {...}}``."""
    out = []
    for ref, k in ((rel.subject_ref, rel.subject), (rel.object_ref, rel.object)):
        if ref:
            sentence = ex.sentences[rel.sentence]
            m = ex.mentions[k]
            out.append({"start": ref[0], "end": ref[1],
                        "text": sentence.text[ref[0] - sentence.start:ref[1] - sentence.start],
                        "refers_to": {"start": m.start, "end": m.end, "text": m.text}})
    return out


def _cite(citation: Citation, refs: list[dict]) -> dict:
    out = citation.to_dict()
    if refs:
        out["refs"] = refs
    return out


def example_graph() -> nx.MultiDiGraph:
    """A tiny made-up graph with kg's attributes, for examples and tests (no model needed).

    Ana Ruiz works for Acme Corp (a stated relation and a co-mention), Acme Corp is named with Lorwick,
    Tomas Vega with Lorwick; Zeta Ltd stands alone.

    Examples
    --------
    >>> g = example_graph()
    >>> sorted(d["label"] for _, d in g.nodes(data=True))
    ['Acme Corp', 'Ana Ruiz', 'Lorwick', 'Tomas Vega', 'Zeta Ltd']
    """
    graph = nx.MultiDiGraph(name="example")
    people = {"n1": ("Ana Ruiz", "PERSON", ["Ana Ruiz", "Ruiz"]), "n2": ("Acme Corp", "ORG", ["Acme Corp", "Acme"]),
              "n3": ("Lorwick", "PLACE", ["Lorwick"]), "n4": ("Tomas Vega", "PERSON", ["Tomas Vega", "Vega"]),
              "n5": ("Zeta Ltd", "ORG", ["Zeta Ltd"])}
    for node, (label, kind, aliases) in people.items():
        graph.add_node(node, label=label, type=kind, aliases=aliases, titles=[], mentions=len(aliases), documents=1,
                       doc_ids=["a.txt"], merges=[])
    s1 = {"doc": "a.txt", "start": 0, "end": 27, "text": "Ana Ruiz works for Acme Corp."}
    s2 = {"doc": "a.txt", "start": 28, "end": 56, "text": "Acme Corp opened in Lorwick."}
    s3 = {"doc": "a.txt", "start": 57, "end": 85, "text": "Tomas Vega lives in Lorwick."}
    for u, v, cite in (("n1", "n2", s1), ("n2", "n3", s2), ("n3", "n4", s3)):
        graph.add_edge(u, v, key=edge_key("co-mention", u, v), kind="co-mention", weight=1, citations=[cite])
    graph.add_edge("n1", "n2", key=edge_key("relation", "n1", "n2", "works_for"), kind="relation",
                   predicate="works for", relation="works_for", predicates=["works for"], weight=1, rules=[],
                   model="example", confidence=0.9, negated=False, hedged=False, attributed_to=[], citations=[s1])
    return graph
