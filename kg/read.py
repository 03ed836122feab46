"""Stage 1 — find input files and read them as text, never letting one bad file stop a build."""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .records import Document, Skipped

__all__ = [
    "MAX_CHARS",
    "MAX_PAGES",
    "OUTPUT_MARKER",
    "SUFFIXES",
    "Decoded",
    "JsonlFields",
    "Scan",
    "clean_text",
    "decode",
    "decode_bytes",
    "discover",
    "document_text",
    "iter_documents",
    "normalize_date",
    "read_document",
    "read_files",
    "read_html",
    "read_jsonl",
    "read_pdf",
    "scan",
]

#: File suffixes kg reads, lower case.
SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", ".html", ".htm", ".xhtml", ".pdf")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

#: A file kg writes into every output folder; a folder holding it is never read as input.
OUTPUT_MARKER = ".kg-output"

#: Field names tried, in order, for each part of a JSON-lines record (override with JsonlFields).
TEXT_FIELDS = ("text", "body", "content", "article", "full_text", "message")
ID_FIELDS = ("id", "newid", "doc_id", "uuid", "url", "_id")
TITLE_FIELDS = ("title", "headline", "subject")
DATE_FIELDS = ("date", "published", "published_at", "timestamp", "created_at", "time")

#: Documents longer than this many characters are skipped (they are dumps, not documents); see ``max_chars``.
MAX_CHARS = 5_000_000
#: PDFs with more pages than this are skipped before their text is extracted; see ``max_pages``.
MAX_PAGES = 10_000


@dataclass
class Scan:
    """What :func:`scan` found under the inputs.

    ``files`` are ``(path, doc_id)`` pairs sorted by id (``path`` as reached from the input given,
    ``doc_id`` the file's real path relative to the common folder of all inputs); ``skipped`` the entries
    that are not read, with the reason (broken links, links out of the inputs, special files, unreadable
    folders); ``unsupported`` counts files of other kinds by extension; ``ignored`` lists kg output
    folders left out.
    """

    files: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def _display(path: str | os.PathLike) -> str:
    """A path as text that can always be written: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace").replace(os.sep, "/")


def _special(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def scan(inputs: Iterable[str | os.PathLike], *, exclude: Iterable[str | os.PathLike] = ()) -> Scan:
    """Find the documents under files and folders, each real file once, whatever the order of the inputs.

    Folders are searched recursively, in name order; hidden files and folders (``.name``) are passed
    over. Links are followed (loops are cut) when their target lies inside one of the inputs; a link
    that leads out of the inputs is skipped and reported, so a link planted in a leak cannot pull the
    reader's own files into a graph. A file reached twice (an input and its subfolder, a link beside its
    target, a hard link) is read once. Folders in ``exclude`` and folders holding :data:`OUTPUT_MARKER`
    (kg's own outputs) are left out.

    Raises
    ------
    InputError
        If an input does not exist.
    """
    roots: dict[Path, Path] = {}
    for given in inputs:
        path = Path(given)
        if not os.path.lexists(path):
            raise InputError(f"{_display(given)}: no such file or folder")
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise InputError(f"{_display(given)}: a broken or looping link ({exc.__class__.__name__})") from None
        if real not in roots or str(path) < str(roots[real]):
            roots[real] = path
    folders = [real if real.is_dir() else real.parent for real in roots]
    try:
        base = Path(os.path.commonpath([str(f) for f in folders]))
    except ValueError:  # different drives: ids keep the whole path
        base = Path(os.path.abspath(os.sep))
    excluded = set()
    for path in exclude:
        try:
            excluded.add(Path(path).resolve(strict=True))
        except (OSError, RuntimeError):
            pass
    dir_roots = [real for real in roots if real.is_dir()]
    for real, path in roots.items():
        if real in excluded:
            raise InputError(f"{_display(path)}: this is the output folder itself; write the outputs elsewhere "
                             f"(e.g. --out {_display(path)}/graph) or read another folder")

    def inside(real: Path) -> bool:
        return real in roots or any(real.is_relative_to(r) for r in dir_roots)

    prefix = os.path.join(str(base), "")

    def doc_id(real: Path) -> str:
        text = str(real)
        if text.startswith(prefix):  # the common case, without relpath's normalising
            return _display(text[len(prefix):])
        rel = os.path.relpath(real, base) if real != base else real.name
        return _display(rel)

    result = Scan()
    found: dict[tuple[int, int], tuple[str, Path]] = {}
    seen_dirs: set[tuple[int, int]] = set()
    unsupported: dict[str, int] = {}

    def add_file(path: Path, real: Path, st: os.stat_result, shown: str, name: str | None = None) -> None:
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            key = suffix or "(no extension)"
            unsupported[key] = unsupported.get(key, 0) + 1
            return
        if not stat.S_ISREG(st.st_mode):
            result.skipped.append(Skipped(shown, f"{_special(st.st_mode)}, not a file"))
            return
        ident, name = (st.st_dev, st.st_ino), name or doc_id(real)
        if ident not in found or name < found[ident][0]:
            found[ident] = (name, path)

    def walk(top: Path, real_top: Path) -> None:
        stack = [(top, real_top)]
        while stack:
            folder, real = stack.pop()
            try:
                st = os.stat(real)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue  # a loop, or a folder already read through another input or link
            seen_dirs.add((st.st_dev, st.st_ino))
            if real in excluded:
                continue
            if os.path.lexists(real / OUTPUT_MARKER):
                result.ignored.append(doc_id(real))
                continue
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                result.skipped.append(Skipped(doc_id(real), f"unreadable folder ({exc.strerror or exc})"))
                continue
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path, shown = folder / entry.name, doc_id(real / entry.name)
                try:
                    if entry.is_symlink():
                        try:
                            target = path.resolve(strict=True)
                        except (OSError, RuntimeError):
                            if path.suffix.lower() in SUFFIXES:
                                result.skipped.append(Skipped(shown, "unreadable (a broken link)"))
                            continue
                        if not inside(target):
                            result.skipped.append(Skipped(
                                shown, "a link to a path outside the inputs (give that path as an input "
                                                "to read it)"))
                            continue
                        target_stat = os.stat(target)
                        if stat.S_ISDIR(target_stat.st_mode):
                            subfolders.append((path, target))
                        else:
                            add_file(path, target, target_stat, shown)
                    elif entry.is_dir(follow_symlinks=False):
                        subfolders.append((path, real / entry.name))
                    else:
                        add_file(path, real / entry.name, entry.stat(follow_symlinks=False), shown, shown)
                except OSError as exc:
                    result.skipped.append(Skipped(shown, f"unreadable ({exc.strerror or exc})"))
            stack.extend(reversed(subfolders))

    for real, path in sorted(roots.items(), key=lambda item: (str(item[0]), str(item[1]))):
        if real.is_dir():
            walk(path, real)
        else:
            add_file(path, real, os.stat(real), doc_id(real))
    result.files = sorted(((path, name) for name, path in found.values()), key=lambda p: p[1])
    result.unsupported = dict(sorted(unsupported.items()))
    result.skipped.sort(key=lambda s: s.path)
    return result


def discover(inputs: Iterable[str | os.PathLike], *,
             exclude: Iterable[str | os.PathLike] = ()) -> list[tuple[Path, str]]:
    """The ``(path, doc_id)`` pairs :func:`scan` finds, sorted by id.

    ``doc_id`` is the file's path relative to the folder that holds every input (the input folder itself
    when there is one; the file name for one file), with ``/`` separators.

    Raises
    ------
    InputError
        If an input does not exist.
    """
    return scan(inputs, exclude=exclude).files


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes: ``data.decode(encoding, errors) == text`` always holds."""

    text: str
    encoding: str
    errors: str = "strict"
    replaced: int = 0  # byte sequences that were not valid in ``encoding`` (read as U+FFFD)

    @property
    def warning(self) -> str:
        if not self.replaced:
            return ""
        n = self.replaced
        return f"{n} byte sequence{'s' if n != 1 else ''} not valid {self.encoding}, read as U+FFFD"


_WEB_LEGACY = {"ascii": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252"}  # as browsers read them


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _WEB_LEGACY.get(canonical, canonical)


def _replaced(text: str, data: bytes) -> int:
    return text.count("\ufffd") - data.count(b"\xef\xbf\xbd")


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode a document's bytes, never raising.

    A byte-order mark decides first (UTF-8 ``utf-8-sig``, UTF-16); then an encoding the document declares
    (an HTML ``<meta charset>``); then UTF-8. Text that is overwhelmingly UTF-8 but holds a few stray bytes
    (a pasted cp1252 quote) stays UTF-8, the stray bytes read as U+FFFD and counted; text without valid
    UTF-8 sequences is read as cp1252, else latin-1. The result says how to decode the same bytes again.

    >>> decode_bytes("Dağlı Kör".encode() + b" \\x93x\\x94").warning
    '2 byte sequences not valid utf-8, read as U+FFFD'
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", "replace")
            return Decoded(text, "utf-8-sig", "replace", _replaced(text, data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    codec = _codec(declared)
    if codec and codec not in ("utf-8", "utf-16", "utf-32"):
        text = data.decode(codec, "replace")
        missing = _replaced(text, data)
        return Decoded(text, codec, "replace" if missing else "strict", missing)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = _replaced(text, data)
    good = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    if good >= bad:
        return Decoded(text, "utf-8", "replace", bad)
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to ``(text, encoding)`` as :func:`decode_bytes` does. Never raises."""
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Lone UTF-16 surrogates (``"\\ud83d"`` in a JSON string) as U+FFFD: one character for one, so
    offsets are kept, and the text can be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has a NUL in every other byte
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.10


_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAG = re.compile(rb"<[^>]*>|<!--.*?-->", re.DOTALL)


def read_html(data: bytes, path: Path, doc_id: str, *, max_chars: int = MAX_CHARS) -> Document | Skipped:
    """The main text of a saved web page (trafilatura: navigation, comments and footers removed),
    with its title and date when the page has them. The page's ``<meta charset>`` is honoured; a page
    whose text outside tags is longer than ``max_chars`` is skipped before trafilatura reads it."""
    import trafilatura

    if len(data) > 4 * max_chars:
        return _too_large(doc_id, len(data), max_chars, "bytes of HTML")
    outside_tags = len(_TAG.sub(b"", data))
    if outside_tags > max_chars:
        return _too_large(doc_id, outside_tags, max_chars, "bytes of text outside the HTML tags")
    declared = _META_CHARSET.search(data[:4096])
    decoded = decode_bytes(data, declared=declared.group(1).decode("ascii") if declared else None)
    try:
        found = trafilatura.bare_extraction(decoded.text, with_metadata=True, include_comments=False,
                                            include_tables=True, favor_precision=True)
    except Exception as exc:  # a page trafilatura cannot parse is skipped, never fatal
        return Skipped(doc_id, f"unreadable HTML ({exc.__class__.__name__})")
    text = clean_text((found.text or "") if found is not None else "")
    if not text.strip():
        return Skipped(doc_id, "no main text found in the HTML page")
    return Document(id=doc_id, text=text, path=_display(path), encoding=decoded.encoding,
                    title=clean_text(found.title or ""), date=normalize_date(found.date or ""),
                    errors=decoded.errors, warning=decoded.warning, format="html")


def read_pdf(path: Path, doc_id: str, *, max_chars: int = MAX_CHARS, max_pages: int = MAX_PAGES) -> Document | Skipped:
    """The text of a PDF, page by page (pages joined by a blank line; ``Document.pages`` records where
    each page starts, so citations can name their page). The page count and the running length are
    checked before and while text is extracted, so a PDF bomb is skipped early."""
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
        count = len(reader.pages)
        if count > max_pages:
            return Skipped(doc_id, f"too large ({count:,} pages; the limit is {max_pages:,}: raise it with --max-pages)")
        pages, length = [], 0
        for page in reader.pages:
            pages.append(clean_text((page.extract_text() or "").strip()))
            length += len(pages[-1]) + 2
            if length > max_chars:
                return _too_large(doc_id, length, max_chars, "characters or more")
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
    return Document(id=doc_id, text=text, path=_display(path), encoding="pdf", title=clean_text(str(title)),
                    pages=tuple(starts), format="pdf")


def _too_large(doc_id: str, size: int, limit: int, unit: str) -> Skipped:
    return Skipped(doc_id, f"too large ({size:,} {unit}; the limit is {limit:,} characters: raise it with --max-chars)")


class _NotAFile(Exception):
    pass


def _open_regular(path: Path):
    """A regular file opened for reading in binary, without blocking (a named pipe cannot hang the build).

    Raises
    ------
    _NotAFile
        If ``path`` is a pipe, device or socket (its kind is the message).
    """
    fh = os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)), "rb")
    mode = os.fstat(fh.fileno()).st_mode
    if not stat.S_ISREG(mode):
        fh.close()
        raise _NotAFile(_special(mode))
    return fh


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file."""
    with _open_regular(path) as fh:
        return fh.read(limit + 1)


def read_document(path: Path, doc_id: str, *, max_chars: int = MAX_CHARS,
                  max_pages: int = MAX_PAGES) -> Document | Skipped:
    """Read one file; return a :class:`Skipped` (with the reason) instead of raising."""
    try:
        return _read_document(path, doc_id, max_chars=max_chars, max_pages=max_pages)
    except Exception as exc:  # whatever one file does, the build goes on
        return Skipped(doc_id, f"unreadable ({exc.__class__.__name__}: {str(exc)[:80]})")


def _read_document(path: Path, doc_id: str, *, max_chars: int, max_pages: int) -> Document | Skipped:
    suffix = path.suffix.lower()
    limit = 4 * max_chars + 1024
    try:
        data = _read_bytes(path, 1024 if suffix == ".pdf" else limit)
    except _NotAFile as exc:
        return Skipped(doc_id, f"{exc}, not a file")
    except OSError as exc:
        return Skipped(doc_id, f"unreadable ({exc.strerror or exc.__class__.__name__})")
    if len(data) > limit:
        return _too_large(doc_id, os.stat(path).st_size, max_chars, "bytes")
    if not data.strip():
        return Skipped(doc_id, "empty")
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            return Skipped(doc_id, "not a PDF file")
        return read_pdf(path, doc_id, max_chars=max_chars, max_pages=max_pages)
    if _looks_binary(data):
        return Skipped(doc_id, "binary content (not text)")
    if suffix in HTML_SUFFIXES:
        document = read_html(data, path, doc_id, max_chars=max_chars)
    else:
        decoded = decode_bytes(data)
        if not decoded.text.strip():
            return Skipped(doc_id, "empty")
        document = Document(id=doc_id, text=decoded.text, path=_display(path), encoding=decoded.encoding,
                            errors=decoded.errors, warning=decoded.warning, title=first_line_title(decoded.text))
    if isinstance(document, Document) and len(document.text) > max_chars:
        return _too_large(doc_id, len(document.text), max_chars, "characters")
    return document


def first_line_title(text: str, limit: int = 150) -> str:
    r"""A plain-text or Markdown document's title: its first non-empty line when short enough to be one
    (Markdown's ``#`` taken off), else ``""``.

    >>> first_line_title("\n# Floods close the port\n\nThe port of Lorwick closed on Monday.")
    'Floods close the port'
    >>> first_line_title("The port of Lorwick closed on Monday after three days of rain, the harbour master said, and "
    ...                  "ships waiting offshore were sent to Tarnby instead, officials added late on Monday evening.")
    ''
    """
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else ""
    return ""


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


def _field(record: dict, chosen: str | None, names: tuple[str, ...]) -> tuple[str, str]:
    """The value of the first field present (as text) and its name."""
    for name in ((chosen,) if chosen else names):
        value = record.get(name)
        if value not in (None, ""):
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) \
                if isinstance(value, (dict, list)) else str(value)
            return clean_text(text), name
    return "", ""


def _lines(fh, limit: int) -> Iterator[tuple[int, bytes | str | None]]:
    """Numbered lines of a file, each at most ``limit`` long (None stands for a longer line, not read)."""
    n = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        n += 1
        newline = line[-1:]
        if len(line) > limit and newline not in ("\n", b"\n"):
            while True:  # pass over the rest of the line without holding it
                rest = fh.readline(1 << 20)
                if not rest or rest[-1:] in ("\n", b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def read_jsonl(path: Path, file_id: str, fields: JsonlFields = JsonlFields(), *,
               max_chars: int = MAX_CHARS) -> Iterator[Document | Skipped]:
    """One document per line of a JSON-lines file; its id is ``FILE#RECORD`` (the record's id, else its
    line number). UTF-8 (with or without BOM) or UTF-16 with a BOM (PowerShell's default). A bad line is
    skipped with its reason; the others are read. ``Document.line`` and ``Document.text_field`` say where the
    text came from."""
    import io

    try:
        fh = _open_regular(path)
    except _NotAFile as exc:
        yield Skipped(file_id, f"{exc}, not a file")
        return
    except OSError as exc:
        yield Skipped(file_id, f"unreadable ({exc.strerror or exc.__class__.__name__})")
        return
    with fh:
        head = fh.read(4)
        fh.seek(0)
        encoding = "utf-8"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        stream = io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="\n") \
            if encoding == "utf-16" else fh
        seen: set[str] = set()
        try:
            yield from _jsonl_records(_lines(stream, 4 * max_chars + 1024), path, file_id, fields, encoding, seen,
                                      max_chars)
        except (OSError, UnicodeError) as exc:
            yield Skipped(file_id, f"unreadable from here on ({exc.__class__.__name__})")


def _jsonl_records(lines, path: Path, file_id: str, fields: JsonlFields, encoding: str, seen: set[str],
                   max_chars: int) -> Iterator[Document | Skipped]:
    for n, raw in lines:
        where = f"{file_id}#line{n}"
        if raw is None:
            yield _too_large(where, 4 * max_chars + 1024, max_chars, "bytes or more on one line")
            continue
        if isinstance(raw, bytes):
            if not raw.strip():
                continue
            decoded = decode_bytes(raw[3:] if n == 1 and raw.startswith(codecs.BOM_UTF8) else raw)
            line, line_encoding, errors = decoded.text, decoded.encoding, decoded.errors
        else:
            line, line_encoding, errors = (raw.lstrip("\ufeff") if n == 1 else raw), encoding, "strict"
            if not line.strip():
                continue
        try:
            record = json.loads(line)
        except RecursionError:
            yield Skipped(where, "JSON nested too deeply")
            continue
        except ValueError as exc:
            yield Skipped(where, f"not valid JSON ({exc.__class__.__name__}: {str(exc)[:60]})")
            continue
        if not isinstance(record, dict):
            yield Skipped(where, "a JSON value that is not an object")
            continue
        text, field_name = _field(record, fields.text, TEXT_FIELDS)
        rec_id = _field(record, fields.id, ID_FIELDS)[0] or f"line{n}"
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
        yield Document(id=doc_id, text=text, path=_display(path), encoding=line_encoding, errors=errors,
                       title=_field(record, fields.title, TITLE_FIELDS)[0],
                       date=normalize_date(_field(record, fields.date, DATE_FIELDS)[0]),
                       format="jsonl", line=n, text_field=field_name)


def read_files(files: Iterable[tuple[Path, str]], *, jsonl: JsonlFields = JsonlFields(), max_chars: int = MAX_CHARS,
               max_pages: int = MAX_PAGES) -> Iterator[Document | Skipped]:
    """A :class:`Document` or a :class:`Skipped` for every file (every record of a JSON-lines file)."""
    for path, doc_id in files:
        if path.suffix.lower() == ".jsonl":
            try:
                yield from read_jsonl(path, doc_id, jsonl, max_chars=max_chars)
            except Exception as exc:  # whatever one file does, the build goes on
                yield Skipped(doc_id, f"unreadable ({exc.__class__.__name__}: {str(exc)[:80]})")
        else:
            yield read_document(path, doc_id, max_chars=max_chars, max_pages=max_pages)


def iter_documents(inputs: Iterable[str | os.PathLike], *, jsonl: JsonlFields = JsonlFields(),
                   max_chars: int = MAX_CHARS, max_pages: int = MAX_PAGES,
                   exclude: Iterable[str | os.PathLike] = ()) -> Iterator[Document | Skipped]:
    """Yield a :class:`Skipped` for every entry :func:`scan` passes over, then a :class:`Document` or a
    :class:`Skipped` for every input document, in id order (records of a JSON-lines file in file order)."""
    found = scan(inputs, exclude=exclude)
    yield from found.skipped
    yield from read_files(found.files, jsonl=jsonl, max_chars=max_chars, max_pages=max_pages)


def document_text(row: dict) -> str:
    """The text kg read for one row of ``documents.jsonl``, read again from its file, so that a citation
    can be checked: ``document_text(row)[start:end] == citation["text"]``.

    Plain text is ``open(path, "rb").read().decode(encoding, errors)``; a JSON-lines record is the ``field``
    of the JSON object on line ``line`` (lone surrogates as U+FFFD); web pages and PDFs are read again
    the way kg reads them (trafilatura, pypdf).

    Raises
    ------
    InputError
        If the file is gone or no longer gives a document.
    """
    path = Path(row["path"])
    if not os.path.lexists(path):  # a name that is not UTF-8 is written with \\xNN escapes
        path = Path(os.fsdecode(re.sub(rb"\\x([0-9a-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                                       row["path"].encode("utf-8"))))
    kind = row.get("format", "text")
    try:
        if kind == "jsonl":
            data = path.read_bytes()
            if row["encoding"] == "utf-16":
                line = data.decode("utf-16", "surrogateescape").split("\n")[row["line"] - 1]
            else:
                raw = data.split(b"\n")[row["line"] - 1]
                raw = raw[3:] if row["line"] == 1 and raw.startswith(codecs.BOM_UTF8) else raw
                line = raw.decode(row["encoding"], row.get("errors", "strict"))
            record = json.loads(line.lstrip("\ufeff"))
            return clean_text(record[row["field"]] if isinstance(record[row["field"]], str)
                              else _field(record, row["field"], ())[0])
        if kind in ("html", "pdf"):
            document = read_document(path, row["id"])
            if isinstance(document, Skipped):
                raise InputError(f"{row['id']}: {document.reason}")
            return document.text
        return path.read_bytes().decode(row["encoding"], row.get("errors", "strict"))
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise InputError(f"{row.get('id')}: cannot be read again ({exc.__class__.__name__}: {exc})") from None
