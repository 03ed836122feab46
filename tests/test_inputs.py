"""Inputs: every real file read exactly once, whatever the order and overlap of the inputs; kg's own outputs
never read; one bad document never stops a build; text decoded so that every citation can be checked."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import run_build
from kg.cli import cli
from kg.model import model_fingerprint
from kg.read import (
    OUTPUT_MARKER,
    decode_bytes,
    document_text,
    iter_documents,
    read_document,
    scan,
)
from kg.records import Document, Skipped

GOOD = "Angela Merkel met Emmanuel Macron in Berlin. Merkel later flew to Paris with Olaf Scholz.\n"


def pdf_bomb(fanout: int = 250) -> bytes:
    """A 3.7 KB PDF of fanout² pages that all share one page object."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b"6 0 R " * fanout + b"] /Count %d >>" % (fanout * fanout),
        6: b"<< /Type /Pages /Parent 2 0 R /Kids [" + b"3 0 R " * fanout + b"] /Count %d >>" % fanout,
        3: b"<< /Type /Page /Parent 6 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    content = b"BT /F1 12 Tf 10 100 Td (Angela Merkel met Emmanuel Macron in Berlin.) Tj ET"
    objs[4] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    out, offsets = b"%PDF-1.4\n", {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[n]) if n in offsets else b"0000000000 65535 f \n"
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)


def _ids(inputs, **kw) -> list[str]:
    return [doc_id for _, doc_id in scan(inputs, **kw).files]


# --- which files, under which ids ------------------------------------------------------------------------


def test_same_file_names_under_three_inputs_are_all_read_in_any_order(tmp_path):
    for top in ("x", "y", "z"):
        (tmp_path / top / "reports").mkdir(parents=True)
        (tmp_path / top / "reports" / "report.txt").write_text(top)
    inputs = [tmp_path / t / "reports" for t in ("x", "y", "z")]
    assert _ids(inputs) == ["x/reports/report.txt", "y/reports/report.txt", "z/reports/report.txt"]
    assert scan(inputs[::-1]).files == scan(inputs).files
    assert scan([inputs[1], inputs[2], inputs[0]]).files == scan(inputs).files


def test_each_real_file_is_read_once(tmp_path):
    root = tmp_path / "c"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("a")
    (root / "b.txt").write_text("b")
    (root / "b-link.txt").symlink_to(root / "b.txt")  # a link beside its target
    os.link(root / "b.txt", root / "b-hard.txt")  # a hard link
    (root / "sub-link").symlink_to(root / "sub", target_is_directory=True)  # a folder link inside the tree
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # a loop
    assert _ids([root]) == ["b-hard.txt", "sub/a.txt"]
    assert _ids([root, root / "sub"]) == _ids([root])  # a folder with its own subfolder
    assert _ids([root / "sub", root]) == _ids([root])
    assert _ids([root / "b.txt", root / "b-link.txt"]) == ["b.txt"]


def test_links_out_of_the_inputs_and_special_files_are_reported(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text("the analyst's own notes")
    root = tmp_path / "c"
    root.mkdir()
    (root / "ok.txt").write_text("ok")
    (root / "private.txt").symlink_to(outside / "private.txt")
    (root / "folder").symlink_to(outside, target_is_directory=True)
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    os.mkfifo(root / "pipe.txt")
    found = scan([root])
    assert [doc_id for _, doc_id in found.files] == ["ok.txt"]
    reasons = {s.path: s.reason for s in found.skipped}
    assert set(reasons) == {"private.txt", "folder", "zero.txt", "gone.txt", "pipe.txt"}
    assert "outside the inputs" in reasons["private.txt"] and "outside the inputs" in reasons["folder"]
    assert "outside the inputs" in reasons["zero.txt"]
    assert "broken link" in reasons["gone.txt"]
    assert reasons["pipe.txt"] == "a named pipe, not a file"
    # the outside folder given as an input is read
    assert "outside/private.txt" in _ids([root, outside])


def test_special_file_given_directly_is_skipped_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(iter_documents([tmp_path / "pipe.txt"]))
    assert items == [Skipped("pipe.txt", "a named pipe, not a file")]
    assert read_document(tmp_path / "pipe.txt", "pipe.txt").reason == "a named pipe, not a file"


def test_unsupported_files_are_counted_and_markdown_and_xhtml_are_read(tmp_path):
    for name in ("a.docx", "b.eml", "c.json", "d.json", "README"):
        (tmp_path / name).write_text("x")
    (tmp_path / "notes.markdown").write_text("# Notes\n\n" + GOOD)
    (tmp_path / "page.xhtml").write_text(f"<html><body><article><p>{GOOD * 3}</p></article></body></html>")
    found = scan([tmp_path])
    assert found.unsupported == {"(no extension)": 1, ".docx": 1, ".eml": 1, ".json": 2}
    docs = {d.id: d for d in iter_documents([tmp_path])}
    assert isinstance(docs["notes.markdown"], Document) and isinstance(docs["page.xhtml"], Document)
    assert docs["page.xhtml"].format == "html" and "Angela Merkel" in docs["page.xhtml"].text


def test_kg_output_folders_are_never_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "mentions.jsonl").write_text('{"text": "x"}\n')
    assert _ids([tmp_path], exclude=[tmp_path / "graph"]) == ["a.txt"]
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / OUTPUT_MARKER).write_text("")
    (tmp_path / "old" / "documents.jsonl").write_text('{"text": "x"}\n')
    found = scan([tmp_path])
    assert [i for _, i in found.files] == ["a.txt", "graph/mentions.jsonl"] and found.ignored == ["old"]


def test_the_output_folder_itself_as_input_is_a_clear_error(tmp_path):
    from kg.errors import InputError

    (tmp_path / "a.txt").write_text("a")
    with pytest.raises(InputError, match="the output folder itself"):
        scan([tmp_path], exclude=[tmp_path])


def test_non_utf8_file_name_is_read_and_shown(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(GOOD)
    [(path, doc_id)] = scan([tmp_path]).files
    assert doc_id == "caf\\xe9.txt" and path.exists()
    [doc] = iter_documents([tmp_path])
    assert doc.text == GOOD and doc.path.endswith("caf\\xe9.txt")
    json.dumps(doc.path).encode("utf-8")  # can be written


# --- one bad document ------------------------------------------------------------------------------------


def test_json_lines_with_lone_surrogates_deep_nesting_and_utf16(tmp_path):
    lines = [json.dumps({"id": "t1", "text": "Angela Merkel \ud83d met Emmanuel Macron."}),  # escaped surrogate
             "[" * 100_000 + "]" * 100_000,
             json.dumps({"id": "t2", "text": GOOD})]
    (tmp_path / "tweets.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "ps.jsonl").write_bytes("\n".join([json.dumps({"id": "p1", "text": "Olaf Scholz in Köln."},
                                                              ensure_ascii=False)]).encode("utf-16"))
    items = list(iter_documents([tmp_path]))
    docs = {d.id: d for d in items if isinstance(d, Document)}
    skipped = {s.path: s.reason for s in items if isinstance(s, Skipped)}
    assert docs["tweets.jsonl#t1"].text == "Angela Merkel \ufffd met Emmanuel Macron."
    assert skipped == {"tweets.jsonl#line2": "JSON nested too deeply"}
    assert docs["ps.jsonl#p1"].text == "Olaf Scholz in Köln." and docs["ps.jsonl#p1"].encoding == "utf-16"


def test_size_limits_are_checked_before_the_expensive_step(tmp_path, monkeypatch):
    (tmp_path / "bomb.pdf").write_bytes(pdf_bomb())
    (tmp_path / "small.pdf").write_bytes(pdf_bomb(2))
    big = "<html><body>" + "<p>Angela Merkel met Emmanuel Macron in Berlin.</p>" * 130_000 + "</body></html>"
    (tmp_path / "big.html").write_text(big)
    import trafilatura

    def refuse(*a, **k):
        raise AssertionError("trafilatura was asked to read a page that is too large")

    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)
    bomb = read_document(tmp_path / "bomb.pdf", "bomb.pdf")
    assert isinstance(bomb, Skipped) and "62,500 pages" in bomb.reason and "--max-pages" in bomb.reason
    small = read_document(tmp_path / "small.pdf", "small.pdf")
    assert isinstance(small, Document) and small.pages == (46, 92, 138)
    page = read_document(tmp_path / "big.html", "big.html", max_chars=5_000_000)
    assert isinstance(page, Skipped) and "too large" in page.reason


# --- encodings ------------------------------------------------------------------------------------------


def test_a_stray_cp1252_byte_keeps_a_utf8_file_utf8_and_says_so():
    data = "François Hollande met Ayşe Gürsoy".encode() + b" \x93quoted\x94.\n"
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.errors == "replace" and decoded.replaced == 2
    assert "François Hollande" in decoded.text and "Gürsoy" in decoded.text
    assert data.decode(decoded.encoding, decoded.errors) == decoded.text
    legacy = "François Hollande à Genève".encode("cp1252")
    assert decode_bytes(legacy).encoding == "cp1252" and decode_bytes(legacy).text == "François Hollande à Genève"


def test_html_meta_charset_is_honoured(tmp_path):
    page = ('<html><head><meta charset="windows-1251"><title>Новости</title></head><body><article>'
            + "<p>Владимир Путин встретился с Олафом Шольцем в Москве. " * 20 + "</p></article></body></html>")
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    doc = read_document(tmp_path / "ru.html", "ru.html")
    assert isinstance(doc, Document) and doc.encoding == "cp1251" and "Владимир Путин" in doc.text


# --- whole builds -----------------------------------------------------------------------------------------


def _hostile_corpus(root: Path) -> tuple[set[str], set[str]]:
    """Good and bad documents of every kind the reader must survive; returns (good ids, bad ids)."""
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "good.txt").write_text(GOOD)
    (root / "bom.txt").write_bytes(b"\xef\xbb\xbf" + b"Olaf Scholz visited Emmanuel Macron in Paris.\n")
    (root / "stray.txt").write_bytes("Ayşe Gürsoy met François Hollande in Ankara".encode()
                                     + b" \x93today\x94.\n")
    (root / "crlf.md").write_bytes(b"# Title\r\n\r\nVladimir Putin met Xi Jinping in Moscow.\r\n")
    (root / "records.jsonl").write_text(
        json.dumps({"id": "r1", "text": "Joe Biden met Olaf Scholz in Washington. \ud83d"}) + "\n"
        + "[" * 50_000 + "\n" + json.dumps({"id": "r2", "body": GOOD}) + "\n", encoding="utf-8")
    (root / "ps.jsonl").write_bytes((json.dumps({"id": "p1", "text": "Angela Merkel spoke in Köln."},
                                                ensure_ascii=False) + "\r\n").encode("utf-16"))
    (root / "page.xhtml").write_text(f"<html><body><article><p>{GOOD * 3}</p></article></body></html>")
    (root / "bomb.pdf").write_bytes(pdf_bomb())
    (root / "small.pdf").write_bytes(pdf_bomb(2))
    (root / os.fsdecode(b"na\xefve.txt")).write_text(GOOD)
    (root / "copy-link.txt").symlink_to(root / "reports" / "good.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(root / "pipe.txt")
    (root / "letter.docx").write_bytes(b"PK\x03\x04")
    good = {"reports/good.txt", "bom.txt", "stray.txt", "crlf.md", "records.jsonl#r1", "records.jsonl#r2",
            "ps.jsonl#p1", "page.xhtml", "small.pdf", "na\\xefve.txt"}
    bad = {"records.jsonl#line2", "bomb.pdf", "zero.txt", "pipe.txt"}
    return good, bad


def test_hostile_inputs_build_with_every_good_document_once_and_every_citation_checkable(tmp_path):
    root = tmp_path / "corpus"
    good, bad = _hostile_corpus(root)
    out = root / "graph"  # the natural layout: outputs inside the input folder
    runs = []
    for _ in range(2):
        result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out)])
        assert result.exit_code == 3, result.output
        runs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                     if p.is_file() and p.name not in ("cache.sqlite", ".kg-lock")})
        skipped = {line.split(": ")[1].removeprefix("skipped ") for line in result.stderr.splitlines()
                   if line.startswith("kg: skipped")}
        assert skipped == bad, result.stderr
        assert all(len(line) < 300 for line in result.stderr.splitlines())
        assert "kg: note: stray.txt: 2 byte sequences not valid utf-8, read as U+FFFD" in result.stderr
        assert ".docx 1" in result.stdout and "left out" in result.stdout
    assert runs[0] == runs[1]  # its own outputs were not read the second time
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(good)
    by_id = {r["id"]: r for r in rows}
    assert by_id["bom.txt"]["encoding"] == "utf-8-sig"
    assert by_id["stray.txt"]["errors"] == "replace"
    assert by_id["ps.jsonl#p1"]["encoding"] == "utf-16" and by_id["records.jsonl#r2"]["field"] == "body"
    texts = {r["id"]: document_text(r) for r in rows}
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    citations = [c for e in graph["edges"] for c in e["citations"]]
    assert {c["doc"] for c in citations} >= {"bom.txt", "stray.txt", "crlf.md", "records.jsonl#r1", "ps.jsonl#p1"}
    for c in citations:
        assert texts[c["doc"]][c["start"]:c["end"]] == c["text"]
    for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        assert texts[m["doc"]][m["start"]:m["end"]] == m["text"]
    labels = {n["label"] for n in graph["nodes"]}
    assert "François Hollande" in labels and not any("Ã" in label or "Ä" in label for label in labels)


def test_inputs_in_either_order_give_the_same_bytes(tmp_path, nlp):
    from kg.build import write_outputs

    for top in ("x", "y"):
        (tmp_path / top / "reports").mkdir(parents=True)
        (tmp_path / top / "reports" / "report.txt").write_text(GOOD if top == "x" else GOOD.replace("Paris", "Rome"))
    files = []
    for inputs in ([tmp_path / "x" / "reports", tmp_path / "y" / "reports"],
                   [tmp_path / "y" / "reports", tmp_path / "x" / "reports"]):
        corpus, report = run_build(inputs, nlp=nlp)
        assert report.documents == 2
        out = tmp_path / f"out{len(files)}"
        write_outputs(corpus, out)
        files.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert files[0] == files[1]


def test_one_document_that_breaks_the_parser_is_skipped_and_the_rest_built(tmp_path, nlp, monkeypatch):
    import importlib

    stage = importlib.import_module("kg.build")  # the module (kg.build is also the function)
    real = stage.extract

    def fragile(nlp, documents, **kw):
        for doc in documents:
            if "BOOM" in doc.text:
                raise ValueError("the parser fell over")
        return real(nlp, documents, **kw)

    monkeypatch.setattr(stage, "extract", fragile)
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text("BOOM " + GOOD)
    (tmp_path / "c.txt").write_text(GOOD.replace("Paris", "Rome"))
    seen = []
    corpus, report = run_build([tmp_path], nlp=nlp, on_skip=seen.append)
    assert [d["id"] for d in corpus.documents] == ["a.txt", "c.txt"] and report.documents == 2
    assert seen == [Skipped("b.txt", "could not be parsed (ValueError: the parser fell over)")]
    assert {m["doc"] for m in corpus.mentions} == {"a.txt", "c.txt"}


# --- the cache ------------------------------------------------------------------------------------------


def test_a_damaged_cache_is_set_aside_with_one_line_and_rebuilt(tmp_path):
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"d{i}.txt").write_text(GOOD.replace("Paris", f"Paris {i}"))
    assert CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "-q"]).exit_code == 0
    cache = out / "cache.sqlite"
    data = bytearray(cache.read_bytes())
    data[4096:8192] = b"\x5a" * 4096  # overwrite a page of the table
    cache.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "damaged" in line]
    assert len(notes) == 1 and "cache.sqlite.damaged" in notes[0]
    assert (out / "cache.sqlite.damaged").exists()
    assert sqlite3.connect(cache).execute("SELECT count(*) FROM extractions").fetchone()[0] == 3
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out)])
    assert "3 from cache" in result.stdout and "damaged" not in result.stderr


def test_the_cache_key_follows_the_whole_pipeline(tmp_path, nlp):
    import spacy

    from kg.model import _model_folder, find_model

    name, _ = find_model()
    assert model_fingerprint(name) == model_fingerprint(name)
    saved = tmp_path / "no_ner"
    spacy.load(_model_folder(name), exclude=["ner"]).to_disk(saved)
    assert model_fingerprint(str(saved)) != model_fingerprint(name)
    ruled = spacy.blank("en")
    before = model_fingerprint(ruled)
    ruled.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "Lorwick Shipping"}])
    assert model_fingerprint(ruled) != before
