"""Small frozen records that flow between pipeline stages; each carries its citation from the start."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["Citation", "Document", "Extraction", "Mention", "Relation", "Skipped", "stable_id"]


def stable_id(prefix: str, *parts: str) -> str:
    """A deterministic id from natural-key parts: ``prefix`` + 12 hex digits of their sha1 (never Python's
    ``hash``, which changes between runs)."""
    return prefix + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Document:
    """One input document as read: ``text`` is what every offset points into."""

    id: str  # path relative to the INPUT it came from (plus ``#record`` for multi-record files)
    text: str
    path: str = ""  # where it was read from, as given
    encoding: str = "utf-8"
    title: str = ""
    date: str = ""
    pages: tuple[int, ...] = ()  # start offset of each page after the first (PDF), else ()
    errors: str = "strict"  # how bytes that are not valid in ``encoding`` were read ("replace": as U+FFFD)
    warning: str = ""  # a note on how the text was read ("3 byte sequences not valid utf-8, ...")
    format: str = "text"  # how the text was read from the file: text, jsonl, html, pdf
    line: int = 0  # JSON lines: the line of the record
    text_field: str = ""  # JSON lines: the field holding the text


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True, order=True)
class Citation:
    """A verbatim sentence: ``text == document.text[start:end]``."""

    doc: str
    start: int
    end: int
    text: str
    page: int = 0  # 1-based page of a PDF document; 0 when the document has no pages

    def to_dict(self) -> dict:
        out = {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}
        if self.page:
            out["page"] = self.page
        return out


@dataclass(frozen=True, slots=True)
class Mention:
    """One named-entity mention as observed in a document, before resolution."""

    doc: str
    start: int
    end: int
    text: str  # verbatim surface form, text == document.text[start:end]
    label: str  # the NER label as tagged (PERSON, ORG, GPE, LOC, FAC, ...)
    type: str  # kg node type suggested by this mention: PERSON | ORG | PLACE
    sentence: int  # index into Extraction.sentences
    title: str = ""  # a title or honorific written just before the name ("President", "Mr.")
    context: str = ""  # the word just before the name (and its title), lower case: "in", "of", ...
    headline: bool = False  # found in a title-case line (headline, menu) rather than in running text
    modifier: bool = False  # used as a modifier of a following noun ("the Lorwick cell")
    cue: str = ""  # node type the sentence's structure suggests ("Lorwick, a port town" -> PLACE)

    @property
    def id(self) -> str:
        return f"{self.doc}@{self.start}:{self.end}"


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation stated in one sentence between two mentions (indices into Extraction.mentions).

    When the sentence names an end only through a pronoun or description ("He was detained in Y"),
    ``subject_ref``/``object_ref`` hold that reference's document offsets ``(start, end)`` and
    ``subject``/``object`` the named mention it stands for.
    """

    subject: int
    object: int
    predicate: str  # readable raw predicate ("member of", "accused")
    relation: str  # typed vocabulary (member_of, accused, ...)
    rules: tuple[str, ...]  # ids of the rules that fired (none when the model alone decided)
    sentence: int
    negated: bool = False
    hedged: bool = False
    attributed_to: str = ""  # "" when not attributed; the source's words when it is ("prosecutors")
    confidence: float = 1.0  # 0-1: the model's probability, or the rules' precision for types it does not know
    model: str = ""  # name-version of the relation model that scored it ("" when it did not)
    subject_ref: tuple[int, ...] = ()
    object_ref: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything kg keeps from one document: small, picklable, cacheable."""

    doc: str
    sentences: tuple[Citation, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    acronyms: tuple[tuple[str, str], ...] = field(default=())  # (short, long) defined in the text
    title: str = ""
    date: str = ""
