"""The pipeline in order: read -> segment -> extract -> resolve -> assemble -> write."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import __version__
from .export import write_graphml
from .extract import extract
from .graph import assemble_graph
from .model import load_model, model_id
from .overrides import Overrides, load_overrides
from .read import iter_documents
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


def _extract_all(inputs, nlp, report: BuildReport, on_skip: Callable[[Skipped], None] | None,
                 batch_size: int) -> list[Extraction]:
    def documents() -> Iterable[Document]:
        for item in iter_documents(inputs):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                if on_skip:
                    on_skip(item)
                continue
            report.documents += 1
            yield item

    return list(extract(nlp, documents(), batch_size=batch_size))


def run_build(inputs: Iterable[str | os.PathLike], *, model: str | None = None, nlp=None,
              overrides: Overrides | str | os.PathLike | None = None, batch_size: int = 64,
              on_skip: Callable[[Skipped], None] | None = None) -> tuple[nx.MultiDiGraph, BuildReport]:
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
    extractions = _extract_all(list(inputs), nlp, report, on_skip, batch_size)
    resolution = resolve_entities(extractions, overrides)
    graph = assemble_graph(extractions, resolution)
    graph.graph.update({"generator": f"kg {__version__}", "model": report.model, "documents": report.documents})
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


def write_outputs(graph: nx.MultiDiGraph, out: str | os.PathLike) -> list[Path]:
    """Write the build outputs into folder ``out``: ``graph.graphml`` and ``graph.html``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_graphml(graph, out / "graph.graphml")
    write_html(graph, out / "graph.html", title=f"kg: {out.name}")
    return [out / "graph.graphml", out / "graph.html"]
