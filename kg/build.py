"""The pipeline in order: read -> segment -> extract -> resolve -> assemble -> write."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import __version__
from .export import FORMATS, atomic_write
from .extract import extract
from .graph import assemble_graph
from .model import load_model, model_id
from .overrides import Overrides, load_overrides
from .read import JsonlFields, iter_documents
from .records import Document, Extraction, Skipped
from .resolve import Resolution, resolve_entities
from .viewer import write_html

__all__ = ["BuildReport", "build_graph", "run_build", "write_outputs"]


@dataclass
class BuildReport:
    """What a build did: documents read, skipped (and why), sizes, time."""

    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    nodes: int = 0
    edges: int = 0
    seconds: float = 0.0
    model: str = ""
    resolution: Resolution | None = None


KWIC = 80  # characters of context kept on each side of a mention


def _extract_all(inputs, nlp, report: BuildReport, on_skip: Callable[[Skipped], None] | None,
                 batch_size: int, jsonl: JsonlFields) -> tuple[list[Extraction], dict, list[dict]]:
    """Extract every document; also keep each mention's context and each document's metadata."""
    texts: dict[str, str] = {}
    documents_meta: list[dict] = []

    def documents() -> Iterable[Document]:
        for item in iter_documents(inputs, jsonl=jsonl):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                if on_skip:
                    on_skip(item)
                continue
            report.documents += 1
            texts[item.id] = item.text
            documents_meta.append({"id": item.id, "path": item.path, "title": item.title, "date": item.date,
                                   "encoding": item.encoding, "chars": len(item.text)})
            yield item

    extractions, contexts = [], {}
    for ex in extract(nlp, documents(), batch_size=batch_size):
        text = texts.pop(ex.doc)
        for m in ex.mentions:
            contexts[m.id] = (" ".join(text[max(0, m.start - KWIC):m.start].split()),
                              " ".join(text[m.end:m.end + KWIC].split()))
        extractions.append(ex)
    return extractions, contexts, documents_meta


def run_build(inputs: Iterable[str | os.PathLike], *, model: str | None = None, nlp=None,
              overrides: Overrides | str | os.PathLike | None = None, batch_size: int = 64,
              on_skip: Callable[[Skipped], None] | None = None,
              jsonl: JsonlFields = JsonlFields()) -> tuple[nx.MultiDiGraph, BuildReport]:
    """Build the graph of the documents under ``inputs`` and report what was done.

    Raises
    ------
    InputError
        If an input path does not exist.
    ModelNotFound
        If no spaCy pipeline can be loaded.
    OverrideError
        If the override file is malformed.
    """
    started = time.perf_counter()
    if not isinstance(overrides, Overrides):
        overrides = load_overrides(overrides)
    nlp = nlp or load_model(model)
    report = BuildReport(model=model_id(nlp))
    extractions, contexts, documents_meta = _extract_all(list(inputs), nlp, report, on_skip, batch_size, jsonl)
    resolution = resolve_entities(extractions, overrides)
    graph = assemble_graph(extractions, resolution)
    graph.graph.update({"generator": f"kg {__version__}", "model": report.model, "documents": report.documents})
    # kept in memory with the graph (never in GraphML): the mention index and document list
    graph.graph["_documents"] = documents_meta
    graph.graph["_doc_dates"] = {d["id"]: d["date"] for d in documents_meta if d["date"]}
    graph.graph["_mentions"] = [
        {"entity": resolution.mention_entity[m.id], "doc": m.doc, "start": m.start, "end": m.end, "text": m.text,
         "left": contexts[m.id][0], "right": contexts[m.id][1]}
        for ex in extractions for m in ex.mentions if m.id in resolution.mention_entity]
    report.resolution = resolution
    report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
    report.seconds = time.perf_counter() - started
    return graph, report


def build_graph(inputs: Iterable[str | os.PathLike], *, model: str | None = None, nlp=None,
                overrides: Overrides | str | os.PathLike | None = None) -> nx.MultiDiGraph:
    """Build a graph from files and folders; the one call most users need.

    Examples
    --------
    >>> import kg
    >>> graph = kg.build_graph(["seeds"])  # doctest: +SKIP
    >>> graph.nodes[next(iter(graph))]["label"]  # doctest: +SKIP
    """
    return run_build(inputs, model=model, nlp=nlp, overrides=overrides)[0]


def _jsonl(rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")


def write_outputs(graph: nx.MultiDiGraph, out: str | os.PathLike) -> list[Path]:
    """Write the build outputs into folder ``out``: ``graph.graphml``, ``graph.gexf``, ``graph.json``,
    ``csv/`` (nodes, edges, citations), ``graph.html`` and, for a graph from :func:`run_build`,
    ``documents.jsonl`` and ``mentions.jsonl`` (every mention with its context)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, writer in FORMATS.values():
        writer(graph, out / name)
        written.append(out / name)
    write_html(graph, out / "graph.html", title=f"kg: {out.name}")
    written.append(out / "graph.html")
    for name, key in (("documents.jsonl", "_documents"), ("mentions.jsonl", "_mentions")):
        if key in graph.graph:
            atomic_write(out / name, _jsonl(graph.graph[key]))
            written.append(out / name)
    return written
