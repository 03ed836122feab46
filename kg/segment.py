"""Stage 2 — cut a document into segments (paragraphs or lines) that no sentence or name may cross."""

from __future__ import annotations

import re

from .lexicon import LEXICON

__all__ = ["MAX_SEGMENT", "is_headline", "parse_text", "segments"]

#: Longest segment handed to spaCy, in characters; longer runs are cut at a sentence end or a space.
MAX_SEGMENT = 20_000

_LINE = re.compile(r"[^\n]*\n?")
_SMALL = frozenset(LEXICON["segmentation"]["small_words"])


def _lines(text: str):
    pos = 0
    for m in _LINE.finditer(text):
        if not m.group():
            break
        line = m.group().rstrip("\r\n")
        yield pos, pos + len(line)
        pos = m.end()


def _wrapped(lengths: list[int]) -> bool:
    """Whether a block's lines look hard-wrapped (continuations) rather than separate lines."""
    if len(lengths) < 2:
        return False
    longest = max(lengths)
    if longest > 120 or longest < 40:
        return False
    body = lengths[:-1]
    full = sum(1 for n in body if n >= 0.6 * longest)
    return full >= 0.6 * len(body)


def _cut(start: int, end: int, text: str):
    """Cut an over-long run into pieces of at most MAX_SEGMENT characters."""
    while end - start > MAX_SEGMENT:
        window = text[start:start + MAX_SEGMENT]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < MAX_SEGMENT // 2:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut > 0 else MAX_SEGMENT)
        yield start, cut
        start = cut
    yield start, end


_SOFT_BREAK = re.compile(r"(?<=\S)\r?\n(?=\S)")


def parse_text(segment: str) -> str:
    """The text spaCy reads for ``segment``: a line break inside running text (only a hard-wrapped block keeps
    any) reads as a space, so that a name wrapped across lines ("Lorwick Water and\nWaste Inc") is one span; a
    break before an indented line (a new paragraph, a sign-off) stays. Same length, so every offset still
    points into the document."""
    if "\n" not in segment:
        return segment
    return _SOFT_BREAK.sub(lambda m: " " * len(m.group()), segment)


def segments(text: str) -> list[tuple[int, int]]:
    """Character spans of the segments of ``text``, in order, leading and trailing whitespace excluded.

    A blank line always ends a segment. Inside a block of lines, each line is its own segment (titles,
    bylines, menus) unless the block is hard-wrapped prose, which stays one segment.
    """
    spans: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []

    def flush():
        if not block:
            return
        lengths = [len(text[s:e].strip()) for s, e in block]
        parts = [(block[0][0], block[-1][1])] if _wrapped(lengths) else list(block)
        for s, e in parts:
            piece = text[s:e]
            s2 = s + len(piece) - len(piece.lstrip())
            e2 = e - (len(piece) - len(piece.rstrip()))
            if e2 > s2:
                spans.extend(_cut(s2, e2, text))
        block.clear()

    for s, e in _lines(text):
        if text[s:e].strip():
            block.append((s, e))
        else:
            flush()
    flush()
    return spans


def is_headline(line: str) -> bool:
    """A title-case line with no final full stop: a headline, a menu item, a standfirst in caps."""
    line = line.strip()
    if not line or line.endswith((".", ":", ";", ",")) or len(line) > 200:
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", line)]
    content = [w for w in words if w.lower() not in _SMALL]
    if len(content) < 4:
        return False
    capital = sum(1 for w in content if w[0].isupper())
    return capital >= 0.8 * len(content)
