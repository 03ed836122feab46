"""Stage 1 — find input files and read them as text, never letting one bad file stop a build."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .records import Document, Skipped

__all__ = ["SUFFIXES", "decode", "discover", "iter_documents", "read_document"]

#: File suffixes kg reads, lower case.
SUFFIXES = (".txt", ".md")

_MAX_BYTES = 200_000_000  # refuse (skip) anything larger: it is not a document


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
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.10


def read_document(path: Path, doc_id: str) -> Document | Skipped:
    """Read one file; return a :class:`Skipped` (with the reason) instead of raising."""
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            return Skipped(doc_id, f"too large ({size:,} bytes; the limit is {_MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(doc_id, f"unreadable ({exc.strerror or exc.__class__.__name__})")
    if not data.strip():
        return Skipped(doc_id, "empty")
    if _looks_binary(data):
        return Skipped(doc_id, "binary content, not text")
    text, encoding = decode(data)
    if not text.strip():
        return Skipped(doc_id, "empty")
    return Document(id=doc_id, text=text, path=str(path), encoding=encoding)


def iter_documents(inputs: Iterable[str | os.PathLike]) -> Iterator[Document | Skipped]:
    """Yield a :class:`Document` or a :class:`Skipped` for every input file, in id order."""
    for path, doc_id in discover(inputs):
        yield read_document(path, doc_id)
