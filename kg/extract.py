"""Stage 3 — run spaCy over each document's segments and keep sentences, entity mentions and acronyms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby

from .normalize import WORDS, is_acronym, name_key, split_title, trim_name
from .records import Citation, Document, Extraction, Mention
from .segment import is_headline, segments

__all__ = ["LABEL_TYPES", "NODE_TYPES", "extract", "extract_doc", "find_acronyms", "mentions_of", "sentences_of"]

#: spaCy NER label -> kg node type. Labels not listed (NORP, DATE, MONEY, ...) are dropped.
LABEL_TYPES = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
NODE_TYPES = ("PERSON", "ORG", "PLACE")

_PREPS_BEFORE = {"in", "at", "near", "from", "to", "into", "across", "through", "via", "outside", "inside",
                 "of", "by", "with", "for", "against", "on", "and", "'s", "’s"}
_TITLE_WORDS = 4  # how many words before a name may hold its title


def sentences_of(sdoc, offset: int, doc_id: str, text: str) -> list[Citation]:
    """The sentences of a parsed segment as citations into the document ``text``."""
    out = []
    for sent in sdoc.sents:
        start, end = offset + sent.start_char, offset + sent.end_char
        piece = text[start:end]
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if end > start:
            out.append(Citation(doc_id, start, end, text[start:end]))
    return out


def _entity_spans(sdoc):
    """(start_token, end_token, label) for each entity, with two repairs of common NER slips.

    - A nationality/religion adjective tagged NORP and directly followed by capitalised proper nouns
      is the start of an organisation's name ("Islamic" + "State", "Syrian" + "Democratic Forces").
    - A span with an internal possessive is two names ("Islamic State's Gaziantep").
    """
    ents = list(sdoc.ents)
    taken = {t.i for e in ents for t in e}
    for ent in ents:
        start, end, label = ent.start, ent.end, ent.label_
        if label == "NORP":
            j = end
            while (j < len(sdoc) and j not in taken and sdoc[j].pos_ == "PROPN" and sdoc[j].text[:1].isupper()
                   and not sdoc[j].is_sent_start and name_key(sdoc[j].text) not in _TITLE_KEYS):
                j += 1
            if j > end:
                yield start, j, "ORG"
                continue
        cut = [t.i for t in sdoc[start:end - 1] if t.tag_ == "POS" or t.text in ("'s", "’s")]
        if cut:
            yield start, cut[0], label
            if cut[0] + 1 < end:
                yield cut[0] + 1, end, label
            continue
        yield start, end, label


_TITLE_KEYS = {name_key(w) for w in WORDS["title"]}


def mentions_of(sdoc, offset: int, doc_id: str, text: str, sentence_base: int = 0,
                *, headline: bool = False) -> list[Mention]:
    """Entity mentions of a parsed segment; offsets point into the document ``text``.

    Spans are trimmed to the name itself (no article, possessive, quotes or title); a title written in
    or just before the span is kept in ``Mention.title``.
    """
    sent_index = {}
    for i, sent in enumerate(sdoc.sents):
        for tok in sent:
            sent_index[tok.i] = sentence_base + i
    out = []
    for start_tok, end_tok, label in _entity_spans(sdoc):
        kind = LABEL_TYPES.get(label)
        if kind is None:
            continue
        span = sdoc[start_tok:end_tok]
        raw = span.text
        s, e, title = trim_name(raw, titles=kind == "PERSON")
        if e <= s:
            continue
        start = offset + span.start_char + s
        end = offset + span.start_char + e
        # a title written just before the span: "President" + "Recep Tayyip Erdoğan"
        before = sdoc[max(span.sent.start, start_tok - _TITLE_WORDS):start_tok]
        if not title and len(before):
            joined = before.text + " " + text[start:end]
            found, rest = split_title(joined)
            if found and rest == text[start:end]:
                title = found
                cue_tok = start_tok - len(found.split()) - 1
            else:
                cue_tok = start_tok - 1
        else:
            cue_tok = start_tok - 1
        context = sdoc[cue_tok].lower_ if cue_tok >= span.sent.start and cue_tok >= 0 else ""
        root = span.root
        modifier = root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= end_tok
        out.append(Mention(doc=doc_id, start=start, end=end, text=text[start:end], label=label, type=kind,
                           sentence=sent_index.get(start_tok, sentence_base), title=title, context=context,
                           headline=headline, modifier=modifier))
    return out


_PAREN = re.compile(r"\(\s*([^()\n]{1,120}?)\s*\)")
_CONNECTORS = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "el", "al", "&", "at"}
_NAME_WORD = re.compile(r"[\w&'’.\-]+")


def _initials_long_form(text: str, end: int, acronym: str) -> tuple[int, int] | None:
    """The span of capitalised words ending at ``end`` whose initials spell ``acronym`` (connectors skipped)."""
    letters = [c for c in name_key(acronym).replace(" ", "") if c.isalpha()]
    words = list(_NAME_WORD.finditer(text, max(0, end - 160), end))
    for i in range(len(words) - 1, max(-1, len(words) - 12), -1):
        span = words[i:]
        if any(not (w.group()[0].isupper() or w.group().lower() in _CONNECTORS) for w in span):
            return None
        initials = [name_key(w.group())[:1] for w in span if w.group().lower() not in _CONNECTORS]
        if initials == letters and span[0].group()[0].isupper():
            return span[0].start(), end
    return None


def find_acronyms(text: str, mentions: list[Mention]) -> tuple[list[tuple[str, str]], list[Mention], set[int]]:
    """Acronyms defined in the text, as ``(short, long)`` pairs, plus mentions to add and to drop.

    Both orders count: ``Kurdistan Workers Party (PKK)`` and ``MIT (National Intelligence Organization
    of Turkey)``. In the first order the long form is the name just before the bracket when it is an
    organisation of two or more words; otherwise the capitalised words before the bracket whose initials
    spell the acronym ("Islamic State in Iraq and Syria (ISIS)"), which replace the names inside them.
    Returns ``(pairs, new_mentions, indices_of_mentions_to_drop)``.
    """
    by_start = {m.start: m for m in mentions}
    pairs, extra, drop = [], [], set()
    for match in _PAREN.finditer(text):
        inner, inner_start = match.group(1), match.start(1)
        if is_acronym(inner):  # LONG (ACR)
            gap_end = match.start()
            while gap_end > 0 and text[gap_end - 1].isspace():
                gap_end -= 1
            before = [i for i, m in enumerate(mentions) if m.end == gap_end and m.type != "PERSON"]
            found = _initials_long_form(text, gap_end, inner)
            if found and (not before or mentions[before[0]].start > found[0]):
                inside = [i for i, m in enumerate(mentions) if m.start >= found[0] and m.end <= found[1]]
                if not inside or all(mentions[i].type == "PERSON" for i in inside):
                    continue
                first = mentions[inside[0]]
                long_text = text[found[0]:found[1]]
                drop.update(inside)
                extra.append(Mention(first.doc, found[0], found[1], long_text, "ORG", "ORG", first.sentence))
            elif before and (len(mentions[before[0]].text.split()) >= 2 or
                             name_key(mentions[before[0]].text)[:1] == name_key(inner)[:1]):
                first = mentions[before[0]]
                long_text = first.text
            else:
                near = [m for m in mentions if m.end < gap_end and m.type == "ORG"
                        and len(text[m.end:gap_end].split()) <= 3 and text[m.end:gap_end].strip().islower()
                        and name_key(m.text)[:1] == name_key(inner)[:1]]
                if not near:
                    continue
                first = near[-1]
                long_text = first.text
            pairs.append((inner, long_text))
            if inner_start not in by_start:
                extra.append(Mention(first.doc, inner_start, inner_start + len(inner), inner, first.label,
                                     "ORG" if found else first.type, first.sentence, context="("))
        else:  # ACR (LONG)
            inner_m = by_start.get(inner_start)
            if inner_m is None or inner_m.end != inner_start + len(inner) or inner_m.type == "PERSON":
                continue
            window = max(0, match.start() - 12)
            head = re.search(r"(\S+)\s*$", text[window:match.start()])
            if head and is_acronym(head.group(1)) and head.group(1).upper() == head.group(1):
                short, short_start = head.group(1), window + head.start(1)
                pairs.append((short, inner_m.text))
                if short_start not in by_start:
                    extra.append(Mention(inner_m.doc, short_start, short_start + len(short), short,
                                         inner_m.label, inner_m.type, inner_m.sentence))
    return pairs, extra, drop


def extract_doc(document: Document, parsed: Iterable[tuple[object, int]]) -> Extraction:
    """Build a document's :class:`Extraction` from its parsed segments ``(spacy_doc, offset)``."""
    text = document.text
    sentences: list[Citation] = []
    mentions: list[Mention] = []
    for sdoc, offset in parsed:
        headline = is_headline(sdoc.text)
        mentions.extend(mentions_of(sdoc, offset, document.id, text, len(sentences), headline=headline))
        sentences.extend(sentences_of(sdoc, offset, document.id, text))
    pairs, extra, drop = find_acronyms(text, mentions)
    kept = [m for i, m in enumerate(mentions) if i not in drop]
    mentions = sorted(kept + extra, key=lambda m: (m.start, m.end))
    return Extraction(doc=document.id, sentences=tuple(sentences), mentions=tuple(mentions),
                      acronyms=tuple(dict.fromkeys(pairs)), title=document.title, date=document.date)


def extract(nlp, documents: Iterable[Document], *, batch_size: int = 64) -> Iterator[Extraction]:
    """Parse documents lazily through ``nlp.pipe`` and yield one :class:`Extraction` each, in order."""
    docs: dict[int, Document] = {}

    def feed():
        for i, document in enumerate(documents):
            docs[i] = document
            spans = segments(document.text)
            if not spans:
                yield "", (i, 0)
            for start, end in spans:
                yield document.text[start:end], (i, start)

    parsed = nlp.pipe(feed(), as_tuples=True, batch_size=batch_size)
    for i, group in groupby(parsed, key=lambda item: item[1][0]):
        document = docs.pop(i)
        yield extract_doc(document, ((sdoc, ctx[1]) for sdoc, ctx in group))
