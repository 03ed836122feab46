"""Outputs and interfaces: one complete generation whatever happens, a lock, one-line errors, safe override
files, lossless separators."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.build import write_outputs
from kg.errors import OverrideError
from kg.export import load, load_graph, split_array, write_csv, write_graphml
from kg.generation import JOURNAL, LOCK, STAGING, OutputBusy, OutputError, lock
from kg.graph import example_graph
from kg.overrides import load_overrides

KG = str(Path(sys.executable).with_name("kg"))
GOOD = "Angela Merkel met Emmanuel Macron in Berlin. Merkel later flew to Paris with Olaf Scholz.\n"
BOOKKEEPING = {LOCK, "cache.sqlite"}


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in BOOKKEEPING}


def _graphs():
    """Two different graphs (the old set and the new one)."""
    old, new = example_graph(), example_graph()
    node = next(iter(new))
    new.nodes[node]["label"] = "A New Label"
    new.graph["documents"] = 7
    return old, new


def _run(script: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], capture_output=True, text=True,
                          timeout=120)


KILL_AFTER_FIRST_RENAME = """
    import os, signal, sys
    import kg.generation as generation
    from kg.build import write_outputs
    from kg.graph import example_graph
    real, count = generation._replace, [0]
    def replace(source, target):
        real(source, target)
        count[0] += 1
        if count[0] == 1:
            os.kill(os.getpid(), signal.SIGKILL)
    generation._replace = replace
    g = example_graph(); n = next(iter(g)); g.nodes[n]["label"] = "A New Label"; g.graph["documents"] = 7
    write_outputs(g, sys.argv[1])
"""

KILL_WHILE_STAGING = """
    import os, signal, sys
    import kg.export as export
    from kg.build import write_outputs
    from kg.graph import example_graph
    def die(*a, **k):
        os.kill(os.getpid(), signal.SIGKILL)
    export.FORMATS["gexf"] = ("graph.gexf", die)
    g = example_graph(); n = next(iter(g)); g.nodes[n]["label"] = "A New Label"
    write_outputs(g, sys.argv[1])
"""


def test_sigkill_between_two_renames_gives_the_complete_new_set_to_every_reader(tmp_path):
    old, new = _graphs()
    expected = tmp_path / "expected"
    write_outputs(new, expected)
    out = tmp_path / "out"
    write_outputs(old, out)
    result = _run(KILL_AFTER_FIRST_RENAME, str(out))
    assert result.returncode == -signal.SIGKILL
    assert (out / JOURNAL).exists()  # committed, not finished
    graph = load_graph(out)  # a reader finishes the switch first
    assert any(d["label"] == "A New Label" for _, d in graph.nodes(data=True))
    assert _files(out) == _files(expected)
    assert not (out / JOURNAL).exists() and not (out / STAGING).exists()


def test_sigkill_while_staging_leaves_the_previous_set_and_the_next_build_cleans_up(tmp_path):
    old, new = _graphs()
    out = tmp_path / "out"
    write_outputs(old, out)
    before = _files(out)
    result = _run(KILL_WHILE_STAGING, str(out))
    assert result.returncode == -signal.SIGKILL
    assert (out / STAGING).exists()
    assert {k: v for k, v in _files(out).items() if not k.startswith(STAGING)} == before
    load(out)  # readers are not disturbed by the staging folder
    write_outputs(new, out)
    assert not (out / STAGING).exists() and not list(out.glob(".*.tmp"))


def test_full_disk_and_permission_errors_leave_the_previous_set(tmp_path, monkeypatch):
    import kg.export as export

    old, new = _graphs()
    out = tmp_path / "out"
    write_outputs(old, out)
    before = _files(out)
    for error in (errno.ENOSPC, errno.EACCES):
        def fail(graph, path, *, flat=None, error=error):
            raise OSError(error, os.strerror(error), str(path))

        monkeypatch.setitem(export.FORMATS, "json", ("graph.json", fail))
        with pytest.raises(OutputError) as info:
            write_outputs(new, out)
        message = str(info.value)
        assert "\n" not in message and os.strerror(error) in message and "previous outputs are untouched" in message
        assert _files(out) == before and not (out / STAGING).exists()


def test_something_in_the_way_is_one_clear_error_and_nothing_changes(tmp_path):
    old, new = _graphs()
    for obstacle in ("csv-file", "json-folder"):
        out = tmp_path / obstacle
        write_outputs(old, out)
        if obstacle == "csv-file":
            for p in (out / "csv").iterdir():
                p.unlink()
            (out / "csv").rmdir()
            (out / "csv").write_text("not a folder")
        else:
            (out / "graph.json").unlink()
            (out / "graph.json").mkdir()
        before = _files(out)
        with pytest.raises(OutputError, match="in the way"):
            write_outputs(new, out)
        assert _files(out) == before


def test_a_second_build_into_the_same_folder_is_refused_with_the_holder_named(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from kg.generation import lock
        with lock(sys.argv[1]):
            print("held", flush=True)
            time.sleep(30)
    """), str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputBusy, match=f"pid {holder.pid}"):
            with lock(out):
                pass
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.txt").write_text(GOOD)
        result = subprocess.run([KG, "build", str(tmp_path / "in"), "--out", str(out)], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 1 and "another kg build is writing this folder" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait()
    with lock(out):  # the holder died: its lock is taken over
        assert str(os.getpid()) in (out / LOCK).read_text()


def test_sigterm_ends_a_build_with_a_message_and_the_previous_outputs(tmp_path):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD)
    subprocess.run([KG, "build", str(corpus), "--out", str(out), "-q"], check=True, timeout=120)
    before = _files(out)
    for i in range(150):
        (corpus / f"doc{i:03d}.txt").write_text((GOOD.replace("Paris", f"Paris {i}") + "\n") * 40)
    proc = subprocess.Popen([KG, "build", str(corpus), "--out", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    import sqlite3

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # wait until extraction is under way (a first chunk is cached)
        try:
            with sqlite3.connect(out / "cache.sqlite") as db:
                if db.execute("SELECT count(*) FROM extractions").fetchone()[0] > 1:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.2)
    assert proc.poll() is None, "the build finished before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "stopped (SIGTERM)" in err and "\n" not in err.strip().splitlines()[-1]
    assert _files(out) == before


@pytest.mark.parametrize("args,code,words", [
    (["build", "{in}", "--out", "{file}/sub"], 1, "cannot create the output folder"),
    (["build", "{in}", "--out", "{out}", "--model", "{file}"], 1, "a file; give an installed pipeline"),
    (["build", "{empty}", "--out", "{fresh}"], 1, "no readable documents"),
    (["export", "--graph", "{out}", "--format", "gexf", "-o", "{dir}"], 2, "a folder; give the file"),
    (["view", "Merkel", "--graph", "{out}", "-o", "{dir}/new/"], 2, "a folder; give the HTML file"),
    (["path", "Merkel", "Macron", "--graph", "{out}", "-k", "-1"], 2, "-k"),
    (["top", "--graph", "{out}", "-n", "-1"], 2, "-n"),
    (["find", "Merkel", "--graph", "{bad_json}"], 1, "cannot read the graph"),
    (["explain", "Merkel", "--graph", "{bad_docs}"], 1, "documents.jsonl"),
])
def test_errors_are_one_line_with_exit_1_or_2(tmp_path, args, code, words):
    corpus, empty, out = tmp_path / "in", tmp_path / "empty", tmp_path / "out"
    corpus.mkdir()
    empty.mkdir()
    (empty / "x.docx").write_bytes(b"PK")
    (corpus / "a.txt").write_text(GOOD)
    write_outputs(example_graph(), out)
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    bad_json, bad_docs = tmp_path / "bad_json", tmp_path / "bad_docs"
    write_outputs(example_graph(), bad_json)
    (bad_json / "graph.json").write_text('{"nodes": [')
    write_outputs(example_graph(), bad_docs)
    (bad_docs / "documents.jsonl").write_text("not json\n")
    names = {"in": corpus, "empty": empty, "out": out, "file": tmp_path / "file", "dir": tmp_path / "dir",
             "fresh": tmp_path / "fresh", "bad_json": bad_json, "bad_docs": bad_docs}
    result = subprocess.run([KG, *[a.format(**names) for a in args]], capture_output=True, text=True, timeout=120)
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "fresh").exists()  # a failed first build leaves no folder (nor cache) behind


# --- override files ---------------------------------------------------------------------------------------


def test_override_csv_in_cp1252_is_read(tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes("action,name,value\nmerge,François Hollande,Hollande\ntype,Zürich,PLACE\n".encode("cp1252"))
    overrides = load_overrides(path)
    assert overrides.merge == (("François Hollande", ("Hollande",)),)


@pytest.mark.parametrize("text,words", [
    ("type: [a, b]\n", "type must be a mapping"),
    ("drop: 5\n", None),
    ("drop: {a: 1}\n", "drop must be a list of names"),
    ("merge:\n  - name: A\n    aliases: [[x, y]]\n", "merge entry 1 (A): aliases must be a list of names"),
    ("merge: 3\n", "merge must be a list"),
    ("forbid:\n  - [a, b, c]\n", "forbid entry 1 must be a pair"),
    ("type:\n  A: [PERSON]\n", "type of A"),
    ("merge:\n  - {name: Ana Ruiz, aliases: [Ruiz]}\nforbid:\n  - [Ruiz, Ana Ruiz]\n",
     "forbid entry 1 (Ruiz / Ana Ruiz) contradicts merge entry 1"),
    ("merge:\n  - {name: A B, aliases: [B]}\n  - {name: C B, aliases: [B]}\n", "one name can join one entity"),
    ("merge:\n  - {name: A B, aliases: [B]}\ndrop: [B]\n", "is dropped and in merge entry 1"),
])
def test_hostile_override_files_name_the_entry(tmp_path, text, words):
    path = tmp_path / "o.yaml"
    path.write_text(text)
    if words is None:  # a single name where a list is expected is a list of one
        assert load_overrides(path).drop
        return
    with pytest.raises(OverrideError) as info:
        load_overrides(path)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_billion_laughs_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    lines.append("drop: *i")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(OverrideError, match="anchors and aliases"):
        load_overrides(path)
    assert time.perf_counter() - started < 5


# --- separators --------------------------------------------------------------------------------------------


def test_separators_never_corrupt_values(tmp_path):
    import csv

    graph = example_graph()
    node = next(iter(graph))
    graph.nodes[node]["aliases"] = ["Smith; John", "a | b", "back\\slash", "x\uff1by"]
    write_graphml(graph, tmp_path / "g.graphml")
    assert load_graph(tmp_path / "g.graphml").nodes[node]["aliases"] == graph.nodes[node]["aliases"]
    write_csv(graph, tmp_path / "csv")
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["id:ID"]: r for r in csv.DictReader(fh)}
    cell = rows[node]["aliases:string[]"]
    assert split_array(cell) == graph.nodes[node]["aliases"]
    assert len(cell.split(";")) == 4  # Neo4j, which cannot escape its delimiter, still sees four values


def test_json_output_of_a_graph_with_hostile_ids_round_trips(tmp_path):
    graph = example_graph()
    u, v, k, d = next(iter(graph.edges(keys=True, data=True)))
    d["citations"][0]["doc"] = "dir | sub/=1+2.txt"
    write_outputs(graph, tmp_path / "out")
    again = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    assert any(c["doc"] == "dir | sub/=1+2.txt" for e in again["edges"] for c in e["citations"])


def test_writing_pauses_automatic_garbage_collection_and_restores_it(tmp_path, monkeypatch):
    import gc
    import importlib

    build_module = importlib.import_module("kg.build")
    seen = []
    real = build_module._write_all
    monkeypatch.setattr(build_module, "_write_all", lambda *a, **k: (seen.append(gc.isenabled()), real(*a, **k)))
    assert gc.isenabled()
    build_module.write_outputs(example_graph(), tmp_path / "out")
    assert seen == [False] and gc.isenabled()  # paused while writing, on again after
    gc.disable()
    try:
        build_module.write_outputs(example_graph(), tmp_path / "out")
        assert not gc.isenabled()  # a caller's own choice is left as it was
    finally:
        gc.enable()

    def fail(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(build_module, "_write_all", fail)
    with pytest.raises(RuntimeError):
        build_module.write_outputs(example_graph(), tmp_path / "out")
    assert gc.isenabled()  # restored after a failure too


def _big_graph(edges: int = 20_100):
    """A made-up graph past the size where a forked process writes half the files."""
    from kg.graph import edge_key

    graph = example_graph()
    people = [f"p{i:03d}" for i in range(210)]
    for i, node in enumerate(people):
        graph.add_node(node, label=f"Person {i}", type="PERSON", aliases=[f"Person {i}", f"P{i}"], titles=[],
                       mentions=i % 7 + 1, documents=1, doc_ids=[f"d{i % 13}.txt"], merges=[])
    n = 0
    for a in range(len(people)):
        for b in range(a + 1, len(people)):
            if n == edges:
                return graph
            u, v = people[a], people[b]
            cite = {"doc": f"d{n % 13}.txt", "start": n, "end": n + 30, "text": f"Person {a} & <Person {b}> met."}
            graph.add_edge(u, v, key=edge_key("co-mention", u, v), kind="co-mention", weight=1 + n % 3,
                           citations=[cite])
            n += 1
    return graph


def test_a_forked_writer_writes_the_same_bytes_as_one_process(tmp_path):
    graph = _big_graph()
    write_outputs(graph, tmp_path / "one", jobs=1)
    write_outputs(graph, tmp_path / "two", jobs=2)  # page, JSON and CSV written by a forked process
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert {"graph.graphml", "graph.gexf", "graph.json", "graph.html", "csv/edges.csv"} <= set(_files(tmp_path / "one"))


def test_graphml_and_gexf_declare_one_type_per_attribute(tmp_path):
    from kg.export import _declare

    rows = [{"a": True, "b": 1, "c": 1, "d": "x", "e": 2.5}, {"a": False, "b": 2, "c": 0.5, "d": 3, "e": 1}]
    assert _declare(rows) == {"a": "boolean", "b": "long", "c": "double", "d": "string", "e": "double"}
    assert _declare([{"a": True}, {"a": 1}]) == {"a": "string"}  # a flag and a count: text
