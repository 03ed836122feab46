"""Stage 1 — find input files and read them as text, never letting one bad file stop a build."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .records import Document, Skipped

__all__ = ["JsonlFields", "MAX_CHARS", "SUFFIXES", "decode", "discover", "iter_documents", "read_document", "read_html",
           "normalize_date", "read_jsonl", "read_pdf"]

#: File suffixes kg reads, lower case.
SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm", ".pdf")

#: Field names tried, in order, for each part of a JSON-lines record (override with JsonlFields).
TEXT_FIELDS = ("text", "body", "content", "article", "full_text", "message")
ID_FIELDS = ("id", "newid", "doc_id", "uuid", "url", "_id")
TITLE_FIELDS = ("title", "headline", "subject")
DATE_FIELDS = ("date", "published", "published_at", "timestamp", "created_at", "time")

#: Documents longer than this many characters are skipped (they are dumps, not documents); see ``max_chars``.
MAX_CHARS = 5_000_000


def discover(inputs: Iterable[str | os.PathLike]) -> list[tuple[Path, str]]:
    """Expand files and folders (recursively) into ``(path, doc_id)`` pairs, sorted by id.

    ``doc_id`` is the path relative to the INPUT folder it came from (the file name for a file
    given directly), with ``/`` separators. Hidden files and folders are ignored.

    Raises
    ------
    InputError
        If an input does not exist.
    """
    found: dict[str, Path] = {}
    for given in inputs:
        root = Path(given)
        if not root.exists():
            raise InputError(f"{given}: no such file or folder")
        if root.is_file():
            pairs = [(root, root.name)]
        else:
            pairs = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                        continue
                    path = Path(dirpath) / name
                    pairs.append((path, path.relative_to(root).as_posix()))
        for path, doc_id in pairs:
            if doc_id in found and found[doc_id].resolve() != path.resolve():
                doc_id = f"{root.name or root.resolve().name}/{doc_id}"
            found.setdefault(doc_id, path)
    return sorted(((path, doc_id) for doc_id, path in found.items()), key=lambda p: p[1])


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text: UTF-8 (with or without BOM), UTF-16 by BOM, else cp1252, else latin-1.

    Never raises: latin-1 maps every byte. Returns ``(text, encoding)``.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has a NUL in every other byte
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.10


def read_html(data: bytes, path: Path, doc_id: str) -> Document | Skipped:
    """The main text of a saved web page (trafilatura: navigation, comments and footers removed),
    with its title and date when the page has them."""
    import trafilatura

    html, encoding = decode(data)
    try:
        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=True, favor_precision=True)
    except Exception as exc:  # a page trafilatura cannot parse is skipped, never fatal
        return Skipped(doc_id, f"unreadable HTML ({exc.__class__.__name__})")
    text = (found.text or "") if found is not None else ""
    if not text.strip():
        return Skipped(doc_id, "no main text found in the HTML page")
    return Document(id=doc_id, text=text, path=str(path), encoding=encoding,
                    title=found.title or "", date=normalize_date(found.date or ""))


def read_pdf(path: Path, doc_id: str) -> Document | Skipped:
    """The text of a PDF, page by page (pages joined by a blank line; ``Document.pages`` records where
    each page starts, so citations can name their page)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                return Skipped(doc_id, "encrypted PDF")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title or "") if reader.metadata else ""
    except Exception as exc:  # broken PDFs are common; one never sinks a build
        return Skipped(doc_id, f"unreadable PDF ({exc.__class__.__name__}: {str(exc)[:80]})")
    text, starts = "", []
    for i, page in enumerate(pages):
        if i:
            text += "\n\n"
            starts.append(len(text))
        text += page
    if not text.strip():
        return Skipped(doc_id, "no text in the PDF (scanned images need OCR first)")
    return Document(id=doc_id, text=text, path=str(path), encoding="pdf", title=str(title), pages=tuple(starts))


def _too_large(doc_id: str, size: int, limit: int, unit: str) -> Skipped:
    return Skipped(doc_id, f"too large ({size:,} {unit}; the limit is {limit:,} characters: raise it with --max-chars)")


def read_document(path: Path, doc_id: str, *, max_chars: int = MAX_CHARS) -> Document | Skipped:
    """Read one file; return a :class:`Skipped` (with the reason) instead of raising."""
    try:
        size = path.stat().st_size
        if size > 4 * max_chars + 1024 and path.suffix.lower() != ".pdf":
            return _too_large(doc_id, size, max_chars, "bytes")
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(doc_id, f"unreadable ({exc.strerror or exc.__class__.__name__})")
    if not data.strip():
        return Skipped(doc_id, "empty")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            return Skipped(doc_id, "not a PDF file")
        document = read_pdf(path, doc_id)
        if isinstance(document, Document) and len(document.text) > max_chars:
            return _too_large(doc_id, len(document.text), max_chars, "characters")
        return document
    if _looks_binary(data):
        return Skipped(doc_id, "binary content (not text)")
    if suffix in (".html", ".htm"):
        document = read_html(data, path, doc_id)
    else:
        text, encoding = decode(data)
        if not text.strip():
            return Skipped(doc_id, "empty")
        document = Document(id=doc_id, text=text, path=str(path), encoding=encoding)
    if isinstance(document, Document) and len(document.text) > max_chars:
        return _too_large(doc_id, len(document.text), max_chars, "characters")
    return document


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"), start=1)}


def normalize_date(value: str) -> str:
    """An ISO date (``YYYY-MM-DD``) for common date forms, else the value unchanged.

    >>> normalize_date("26-FEB-1987 15:01:01.79"), normalize_date("2024-03-05T10:00:00Z"), normalize_date("soon")
    ('1987-02-26', '2024-03-05', 'soon')
    """
    import re

    value = (value or "").strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"(\d{1,2})[-/ ]([A-Za-z]{3})[A-Za-z]*[-/ ,]+(\d{4})", value)
        if m:
            y, mo, d = int(m.group(3)), _MONTHS.get(m.group(2).lower(), 0), int(m.group(1))
        else:
            m = re.match(r"([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})", value)
            if not m:
                return value
            y, mo, d = int(m.group(3)), _MONTHS.get(m.group(1).lower(), 0), int(m.group(2))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return value
    return f"{y:04d}-{mo:02d}-{d:02d}"


@dataclass(frozen=True)
class JsonlFields:
    """Which fields of a JSON-lines record hold the text, id, title and date (None: try the usual names)."""

    text: str | None = None
    id: str | None = None
    title: str | None = None
    date: str | None = None


def _field(record: dict, chosen: str | None, names: tuple[str, ...]) -> str:
    for name in ((chosen,) if chosen else names):
        value = record.get(name)
        if value not in (None, ""):
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) \
                if isinstance(value, (dict, list)) else str(value)
    return ""


def read_jsonl(path: Path, file_id: str, fields: JsonlFields = JsonlFields(), *,
               max_chars: int = MAX_CHARS) -> Iterator[Document | Skipped]:
    """One document per line of a JSON-lines file; its id is ``FILE#RECORD`` (the record's id, else its
    line number). A bad line is skipped with its reason; the others are read."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Skipped(file_id, f"unreadable ({exc.strerror or exc.__class__.__name__})")
        return
    seen: set[str] = set()
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{file_id}#line{n}"
            try:
                record = json.loads(decode(raw)[0])
            except ValueError as exc:
                yield Skipped(where, f"not valid JSON ({exc.__class__.__name__}: {str(exc)[:60]})")
                continue
            if not isinstance(record, dict):
                yield Skipped(where, "a JSON value that is not an object")
                continue
            text = _field(record, fields.text, TEXT_FIELDS)
            rec_id = _field(record, fields.id, ID_FIELDS) or f"line{n}"
            doc_id = f"{file_id}#{rec_id}"
            if doc_id in seen:
                doc_id = f"{file_id}#{rec_id}@line{n}"
            seen.add(doc_id)
            if not text.strip():
                yield Skipped(doc_id, "empty (no text field" + (f" {fields.text!r}" if fields.text else "") + ")")
                continue
            if len(text) > max_chars:
                yield _too_large(doc_id, len(text), max_chars, "characters")
                continue
            yield Document(id=doc_id, text=text, path=str(path), title=_field(record, fields.title, TITLE_FIELDS),
                           date=normalize_date(_field(record, fields.date, DATE_FIELDS)))


def iter_documents(inputs: Iterable[str | os.PathLike], *, jsonl: JsonlFields = JsonlFields(),
                   max_chars: int = MAX_CHARS) -> Iterator[Document | Skipped]:
    """Yield a :class:`Document` or a :class:`Skipped` for every input document, in id order
    (records of a JSON-lines file in file order)."""
    for path, doc_id in discover(inputs):
        if path.suffix.lower() == ".jsonl":
            yield from read_jsonl(path, doc_id, jsonl, max_chars=max_chars)
        else:
            yield read_document(path, doc_id, max_chars=max_chars)
