from pathlib import Path

import pytest

from kg.errors import InputError
from kg.read import decode, discover, iter_documents, read_document
from kg.records import Document, Skipped


def test_discover_recurses_and_ids_are_relative_to_the_input(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("x")
    (tmp_path / "a" / "top.md").write_text("x")
    (tmp_path / "a" / "skip.json").write_text("{}")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    assert [doc_id for _, doc_id in discover([tmp_path / "a"])] == ["b/deep.txt", "top.md"]
    assert [doc_id for _, doc_id in discover([tmp_path / "a" / "top.md"])] == ["top.md"]


def test_discover_missing_input_raises(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope"])


def test_same_relative_path_in_two_inputs_gets_distinct_ids(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(name)
    ids = [doc_id for _, doc_id in discover([tmp_path / "one", tmp_path / "two"])]
    assert ids == ["one/a.txt", "two/a.txt"]  # relative to the folder holding both inputs
    assert discover([tmp_path / "two", tmp_path / "one"]) == discover([tmp_path / "one", tmp_path / "two"])


@pytest.mark.parametrize("data,text,encoding", [
    ("Erdoğan’s".encode("utf-8"), "Erdoğan’s", "utf-8"),
    ("\ufeffhello".encode("utf-8"), "hello", "utf-8-sig"),
    ("café “quoted”".encode("cp1252"), "café “quoted”", "cp1252"),
    ("Grüße".encode("utf-16"), "Grüße", "utf-16"),
    (b"\x81\x8d\x8f", "\x81\x8d\x8f", "latin-1"),
])
def test_decode_falls_back_and_never_raises(data, text, encoding):
    assert decode(data) == (text, encoding)


def test_bad_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "good.txt").write_text("Ankara is the capital of Turkey.", encoding="utf-8")
    results = {r.id if isinstance(r, Document) else r.path: r for r in iter_documents([tmp_path])}
    assert isinstance(results["good.txt"], Document)
    assert results["empty.txt"] == Skipped("empty.txt", "empty")
    assert results["blank.txt"].reason == "empty"
    assert "binary" in results["binary.txt"].reason


def test_unreadable_file_is_skipped(tmp_path):
    missing = read_document(Path(tmp_path / "gone.txt"), "gone.txt")
    assert isinstance(missing, Skipped) and missing.reason.startswith("unreadable")


def test_text_is_kept_verbatim_including_crlf(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(b"One line.\r\nTwo lines.\r\n")
    doc = next(iter_documents([tmp_path]))
    assert doc.text == "One line.\r\nTwo lines.\r\n"
