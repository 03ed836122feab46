"""Stage 3 — run spaCy over each document's segments and keep sentences, entity mentions and acronyms."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from dataclasses import dataclass

from .lexicon import LEXICON
from .schema import ORG, PERSON, PLACE, ner_cue_labels, ner_label_types, node_types
from .normalize import COUNTRIES, DEMONYMS, WORDS, load_table, is_acronym, name_key, region_of, split_title, trim_name
from .records import Citation, Document, Extraction, Mention, Relation
from .relations import FoundRelation, relations_of
from .relations.references import find_references
from .segment import is_headline, parse_text, segments

__all__ = ["LABEL_TYPES", "NODE_TYPES", "ParsePlan", "chunks", "extract", "extract_doc", "find_acronyms", "mentions_of",
           "parse_plan", "sentences_of"]

#: spaCy NER label -> kg node type. Labels not listed (NORP, DATE, MONEY, ...) are dropped.
LABEL_TYPES = ner_label_types()
NODE_TYPES = tuple(node_types())

_TITLE_WORDS = 4  # how many words before a name may hold its title
_TITLE_KEYS = {name_key(w) for w in WORDS["title"]}
_TITLE_MODIFIER_WORDS = {w.lower() for w in WORDS["title_modifier"]}
_ORG_HEADS = {w.lower() for w in WORDS["org_head"]}
_PLACE_HEADS = {w.lower() for w in WORDS["place_head"]}
_NAME_HEADS = _ORG_HEADS | _PLACE_HEADS
_NOUN_TYPES = {**{w: ORG for w in WORDS["org_noun"]}, **{w: PERSON for w in WORDS["person_noun"]},
               **{w: PLACE for w in WORDS["place_noun"]}}
_PLACE_NOUNS = set(WORDS["place_noun"])
_FACILITY_NOUNS = set(WORDS["facility_noun"])
_MEDIA_HEADS = frozenset(WORDS["media_head"])
_LEGAL_FORMS = frozenset(WORDS["legal_form"])
_NAME_GLUE = frozenset(("the", "of", "and", "&"))
_LOCATIVE_PREPS = frozenset(LEXICON["locative_prepositions"])
_CUE_LABELS = frozenset(ner_cue_labels())  # kept only when the structure says what they are
_ADJECTIVAL = re.compile(r"(an|ans|ian|ians|ish|ese|i|is|ic|ics|ist|ists|ite|ites|ern|s)$")


def _norp_kind(text: str) -> str | None:
    """A NORP span is a place when it is a country's name ("Tajikistan") or no adjective ("Karvia")."""
    key = name_key(text)
    if COUNTRIES.get(key):
        return PLACE
    if (_ADJECTIVAL.search(key) or not text[:1].isupper()
            or any(w in DEMONYMS or w in _GROUP_WORDS for w in key.split())):
        return None
    return PLACE


_GROUP_WORDS = {name_key(w) for w in WORDS["group_word"]}
_GAZETTEER: dict = {}


@lru_cache(maxsize=1)
def _gazetteer_words() -> tuple[tuple[str, ...], ...]:
    """Country names and variants as English tokens (capitalised forms only)."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    names = {n for row in load_table("countries.tsv") for n in (row[0], *row[1].split("|")) if n[:1].isupper()}
    return tuple(tuple(t.text for t in tokenizer(n)) for n in sorted(names))


def _gazetteer_matches(sdoc) -> list[tuple[int, int]]:
    """Token spans where the text names a country (one PhraseMatcher per vocabulary)."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = _GAZETTEER.get(id(sdoc.vocab))
    if matcher is None:
        matcher = PhraseMatcher(sdoc.vocab)
        matcher.add("GPE", [Doc(sdoc.vocab, words=list(words)) for words in _gazetteer_words()])
        _GAZETTEER[id(sdoc.vocab)] = matcher
    return [(s, e) for _, s, e in matcher(sdoc)]


def _only_filler(sdoc, start, end) -> bool:
    """Whether tokens start..end are only determiners and punctuation (or none)."""
    return all(t.lower_ in ("the", "a", "an") or t.is_punct for t in sdoc[start:end])


def _split_commas(sdoc, start, end):
    commas = [t.i for t in sdoc[start:end] if t.text == ","]
    if not commas:
        return [(start, end)]
    bounds = [start - 1, *commas, end]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:]) if b > a + 1]


def _entity_spans(sdoc):
    """(start_token, end_token, label) for each entity, with repairs of common NER slips.

    - A nationality adjective tagged NORP and directly followed by capitalised proper nouns is the
      start of an organisation's name ("Islamic" + "State", "Syrian" + "Democratic Forces").
    - A span with an internal possessive is two names ("Acme Group's Lorwick"), unless what follows
      is one organisation word ("the Chief Prosecutor's Office").
    - A span with a comma is several names ("Lorwick, Dunmere"; "Springfield, D.C." is a city in a district).
    - "X and Y Network" where only X was tagged an organisation is one name; so is a place tagged
      just before the organisation word it modifies ("a Pacific Rim" + "Forum").
    - An untagged proper noun in a list with tagged names takes their label ("Lorwick, Dunmere and Alden").
    """
    ents = [(e.start, e.end, e.label_) for e in sdoc.ents]
    for s, e in _gazetteer_matches(sdoc):  # a country's name wins over a shorter or adjective tagging
        inside = [x for x in ents if x[0] < e and x[1] > s]
        if all(_only_filler(sdoc, x[0], s) and _only_filler(sdoc, e, x[1])
               and (min(x[1], e) - max(x[0], s) < e - s or x[2] in ("NORP", "GPE", "LOC", ORG)) for x in inside):
            ents = [x for x in ents if x not in inside] + [(s, e, "GPE")]
    ents.sort()
    taken = {i for s, e, _ in ents for i in range(s, e)}
    spans: list[list] = []
    absorbed = set()
    for start, end, label in ents:
        if start in absorbed:
            continue
        if label == "NORP":
            j = end
            while (j < len(sdoc) and j not in taken and sdoc[j].pos_ == "PROPN" and sdoc[j].text[:1].isupper()
                   and not sdoc[j].text.isupper() and not sdoc[j].is_sent_start
                   and name_key(sdoc[j].text) not in _TITLE_KEYS):
                j += 1
            if j > end and (sdoc[j - 1].text.lower() in _NAME_HEADS
                            or not (sdoc[j - 1].dep_ in ("compound", "amod") and sdoc[j - 1].head.i >= j)):
                spans.append([start, j, ORG])
                continue
            nxt = next((x for x in ents if x[0] == end and x[2] == ORG), None)
            if nxt and (nxt[1] - nxt[0] == 1 or sdoc[nxt[1] - 1].text.lower() in _ORG_HEADS) \
                    and sdoc[end - 1].whitespace_:
                spans.append([start, nxt[1], ORG])  # "Northern" + "Farmers Party"
                absorbed.add(nxt[0])
                continue
        last = sdoc[end - 1]
        if (label != "NORP" and end < len(sdoc) and end not in taken and last.dep_ == "compound" and last.head.i == end
                and sdoc[end].pos_ == "PROPN" and sdoc[end].text.lower() in _ORG_HEADS):
            spans.append([start, end + 1, ORG])
            continue
        spans.append([start, end, label])
    joined: list[list] = []
    for span in spans:
        if (joined and span[2] != ORG and joined[-1][2] == ORG and span[0] == joined[-1][1] + 1
                and sdoc[joined[-1][1]].lower_ in ("and", "&")
                and sdoc[span[1] - 1].text.lower() in _ORG_HEADS):
            joined[-1][1] = span[1]
            continue
        joined.append(span)
    out = []
    for start, end, label in joined:
        for s, e in _split_commas(sdoc, start, end):
            cut = [t.i for t in sdoc[s:e - 1] if t.tag_ == "POS" or t.text in ("'s", "’s")]
            if cut and not (e - cut[0] == 2 and sdoc[e - 1].text.lower() in _ORG_HEADS):
                out.append((s, cut[0], label))
                if cut[0] + 1 < e:
                    out.append((cut[0] + 1, e, label))
            else:
                out.append((s, e, label))
    for s, e in _company_names(sdoc, out):
        out = [x for x in out if not (s <= x[0] and x[1] <= e)]  # "Tomas Hagan" + "Water and Power Inc"
        out.append((s, e, ORG))
    taken = {i for s, e, _ in out for i in range(s, e)}
    for s, e in _media_names(sdoc, taken):
        out = [x for x in out if not (s <= x[0] and x[1] <= e)]  # "Lorwick" + "Evening News": one name
        out.append((s, e, ORG))
        taken.update(range(s, e))
    labels = {i: lab for s, e, lab in out for i in range(s, e)}
    for tok in sdoc:  # list completion
        if (tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.dep_ == "compound"
                or tok.is_sent_start or name_key(tok.text) in _TITLE_KEYS):
            continue
        kinds = {labels[t.i] for t in tok.conjuncts if t.i in labels}
        if len(kinds) > 1 and _governing_word(sdoc[tok.i:tok.i + 1]) in _LOCATIVE_PREPS:
            kinds = {"GPE"}
        if len(kinds) == 1:
            s = tok.i
            while (s > 0 and sdoc[s - 1].dep_ == "compound" and sdoc[s - 1].head.i == tok.i
                   and sdoc[s - 1].pos_ == "PROPN" and s - 1 not in taken):
                s -= 1
            out.append((s, tok.i + 1, kinds.pop()))
    return sorted(out)


def _company_names(sdoc, spans) -> list[tuple[int, int]]:
    """Company names the tagger cut or mislabelled: capitalised proper nouns (joined by "and", "&") ending in a
    legal form ("Lorwick Water and Power Inc said", "The Dunmere Lighting Co Plc"), within one sentence. A name
    that a tagged span crosses is left to the tagger."""
    out = []
    for tok in sdoc:
        if tok.text not in _LEGAL_FORMS or (tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].text in _LEGAL_FORMS):
            continue
        start, first = tok.i, tok.sent.start
        while start > first:
            word = sdoc[start - 1]
            capital = word.text[:1].isupper() and (word.pos_ == "PROPN" or word.text in _LEGAL_FORMS) \
                and name_key(word.text) not in _TITLE_KEYS
            glue = word.lower_ in ("and", "&") and start - 2 >= first and sdoc[start - 2].text[:1].isupper() \
                and sdoc[start - 2].pos_ == "PROPN" and sdoc[start - 2].text not in _LEGAL_FORMS  # not two firms
            if not (capital or glue):
                break
            start -= 1
        if tok.i - start < 1 or any(s < start < e or s < tok.i + 1 < e for s, e, _ in spans):
            continue
        if not any(s == start and e == tok.i + 1 and label == ORG for s, e, label in spans):
            out.append((start, tok.i + 1))  # new, or the tagger's span read as a person or place
    return out


def _media_names(sdoc, taken: set[int]) -> list[tuple[int, int]]:
    """Untagged publisher names: capitalised words (with "the", "of", "and" between them) ending in a media word,
    not at the start of a sentence ("comment by Lorwick Evening News", "told Just the Headlines News"). A place
    tagged just before the words is part of the name ("Lorwick" + "Evening News")."""
    places = {e.end: e.start for e in sdoc.ents if e.label_ in ("GPE", "LOC", "NORP")}
    out = []
    for tok in sdoc:
        if tok.text not in _MEDIA_HEADS or tok.i in taken:
            continue
        start, capitals = tok.i, 1
        while start > 0 and not sdoc[start - 1].is_sent_start and "\n" not in sdoc[start - 1].text:
            if start - 1 in taken:
                if start in places and places[start] < start and not sdoc[places[start]].is_sent_start:
                    start, capitals = places[start], capitals + 1
                break
            word = sdoc[start - 1]
            if word.text[:1].isupper() and word.text[1:].islower() and word.text.isalpha():
                capitals += 1
            elif not (word.text in _NAME_GLUE and start - 2 >= 0 and sdoc[start - 2].text[:1].isupper()):
                break
            start -= 1
        while sdoc[start].text in _NAME_GLUE:
            start += 1
        if capitals >= 2 and start < tok.i and not sdoc[start].is_sent_start and sdoc[start - 1].whitespace_ != "" \
                and name_key(sdoc[start].text) not in _TITLE_KEYS:
            out.append((start, tok.i + 1))
    return out


def _lemma(token) -> str:
    return token.lemma_.lower() or token.lower_


def _demonym_title(span) -> bool:
    """A nationality written as part of a person's title ("Peruvian President Ana Ruiz",
    "Soviet historian Ivan Petrov"): it names the country, and is kept as a mention of it."""
    if name_key(span.text) not in DEMONYMS:
        return False
    doc = span.doc
    i = span.end
    while i < len(doc) and i < span.end + 3 and not doc[i].ent_type_:
        word = doc[i]
        if name_key(word.text) not in _TITLE_KEYS and word.lower_ not in _TITLE_MODIFIER_WORDS and not (
                word.pos_ == "NOUN" and word.text.islower()):
            return False
        i += 1
    return i > span.end and i < len(doc) and doc[i].ent_type_ == PERSON


def _head_kind(span) -> str | None:
    """ORG or PLACE when a name ends with an organisation or place word ("... Farmers Party's")."""
    words = [t.text for t in span if not t.is_punct and t.tag_ != "POS" and t.text not in ("'s", "’s")]
    if len(words) < 2:
        return None
    if " ".join(words[-2:]).lower() in _PLACE_HEADS:  # "Air Base", "Convention Center"
        return PLACE
    if words[-1].lower() in _ORG_HEADS:
        return ORG
    if words[-1].lower() in _PLACE_HEADS:
        return PLACE
    return None


def _noun_type(token) -> str:
    return _NOUN_TYPES.get(_lemma(token)) or _NOUN_TYPES.get(token.lower_, "")


def _cue(span) -> str:
    """The node type the sentence's structure gives a name, or "".

    Appositions ("Lorwick, a port town"; "John Smith, the British national"), a "who" clause,
    "the town of X", and the noun a name modifies ("the Marlow concert hall", "a Dunmere-based analyst").
    """
    root = span.root
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.text.islower() and (
            before.head.i in range(span.start, span.end) or root.head.i == before.i):
        kind = _noun_type(before)  # "car firm Autolux", "playwright Ana Ruiz"
        if kind:
            return kind
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            kind = _noun_type(child)
            if kind:
                return kind
        if child.dep_ == "relcl" and any(t.lower_ in ("who", "whom") for t in child.subtree if t.i < child.i + 3):
            return PERSON
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and _lemma(head.head) in _PLACE_NOUNS:
        return PLACE
    if root.dep_ in ("compound", "amod", "nmod") and head.i >= span.end:
        if _lemma(head) in _FACILITY_NOUNS:
            return PLACE
        doc = span.doc  # "the Marlow concert hall attack": a facility noun inside the compound the name opens
        for tok in doc[span.end:head.i]:
            if tok.dep_ != "compound" or tok.pos_ != "NOUN" or not tok.text.islower():
                break
            if _lemma(tok) in _FACILITY_NOUNS:
                return PLACE
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text in ("-", "‐") and doc[span.end + 1].lower_ == "based":
        return PLACE
    if span.end + 1 < len(doc) and doc[span.end].text == "," and _region_after(doc, span.end + 1):
        return PLACE  # "Lorwick, Fla.": a town
    return ""


_NUMBER = re.compile(r"\d[\d.,]*")


def _table_label(text: str, start: int, end: int) -> bool:
    """Whether the one word at ``start``-``end`` labels a row of figures ("Revs 12.6 mln vs 10.1 mln", "Avg shrs
    4,000 vs 3,500", "Net loss 186,000"): first on its line, followed by a number and one to six words, all
    lower-case (a unit, "vs"), no full stop at the end; a team in a table of results ("Lorwick 4 3 1 0") stays. Not a name the tagger saw ("Lorwick 3, Dunmere 1" has a capital after it)."""
    if " " in text[start:end].strip():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)]
    words = re.findall(r"[^\W\d_]+", rest)
    return bool(_NUMBER.search(rest)) and 1 <= len(words) <= 6 and not any(w[0].isupper() for w in words) \
        and not rest.rstrip().endswith(".")  # a short sentence ("Lorwick's stock rose 3 points.") is no row


def _region_after(doc, i: int) -> bool:
    """Whether token ``i`` is a state's abbreviation with its dot ("Fla.", or "Tex" before a "." token)."""
    dotted = doc[i].text.endswith(".") or (not doc[i].whitespace_ and i + 1 < len(doc) and doc[i + 1].text == ".")
    return dotted and region_of(doc[i].text) is not None


def _governing_word(span) -> str:
    """The preposition a name depends on, through lists ("through Lorwick and Dunmere"), else ""."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    if tok.dep_ == "pobj":
        return tok.head.lower_
    return ""


def _citation(doc_id: str, text: str, start: int, end: int) -> Citation | None:
    """The citation of ``text[start:end]`` without its surrounding whitespace (None if empty)."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return Citation(doc_id, start, end, text[start:end]) if end > start else None


def sentences_of(sdoc, offset: int, doc_id: str, text: str) -> list[Citation]:
    """The sentences of a parsed segment as citations into the document ``text``."""
    cites = (_citation(doc_id, text, offset + sent.start_char, offset + sent.end_char) for sent in sdoc.sents)
    return [c for c in cites if c is not None]


def mentions_of(sdoc, offset: int, doc_id: str, text: str, sentence_base: int = 0,
                *, headline: bool = False) -> list[Mention]:
    """Entity mentions of a parsed segment; offsets point into the document ``text``.

    Spans are trimmed to the name itself (no article, possessive, quotes or title); a title written in
    or just before the span is kept in ``Mention.title``; ``cue`` records what the sentence's structure
    says the name is.
    """
    sent_index = {}
    for i, sent in enumerate(sdoc.sents):
        for tok in sent:
            sent_index[tok.i] = sentence_base + i
    out = []
    for start_tok, end_tok, label in _entity_spans(sdoc):
        span = sdoc[start_tok:end_tok]
        kind = LABEL_TYPES.get(label)
        cue = _cue(span)
        if label == "NORP":
            kind = _norp_kind(span.text) or (PLACE if _demonym_title(span) else None)
        elif kind is None and label in _CUE_LABELS:
            kind = cue or _head_kind(span)
        if kind is None:
            continue
        s, e, title = trim_name(span.text, titles=kind == PERSON)
        if e <= s:
            continue
        start = offset + span.start_char + s
        end = offset + span.start_char + e
        name = text[start:end]
        if label not in ("GPE", "LOC", "NORP") and _table_label(text, start, end):
            continue
        cue_tok = start_tok - 1
        if not title:  # a title written just before the span: "Peruvian cleric" + "Tomas Vega"
            for i in range(max(span.sent.start, start_tok - _TITLE_WORDS), start_tok):
                found, rest = split_title(sdoc[i:start_tok].text + " " + name)
                if found and rest == name:
                    title, cue_tok = found, i - 1
                    break
        context = _governing_word(span) or (sdoc[cue_tok].lower_ if cue_tok >= span.sent.start else "")
        root = span.root
        modifier = root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= end_tok
        out.append(Mention(doc=doc_id, start=start, end=end, text=name, label=label, type=kind,
                           sentence=sent_index.get(start_tok, sentence_base), title=title, context=context,
                           headline=headline, modifier=modifier, cue=cue))
    return out


_PAREN = re.compile(r"\(\s*([^()\n]{1,120}?)\s*\)")
_CONNECTORS = frozenset(LEXICON["extraction"]["connectors"])
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

    Both orders count: ``Basque Homeland and Liberty (ETA)`` and ``BND (Federal Intelligence
    Service)``. In the first order the long form is the name just before the bracket when it is an
    organisation of two or more words; otherwise the capitalised words before the bracket whose initials
    spell the acronym ("Irish Republican Army (IRA)"), which replace the names inside them.
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
            before = [i for i, m in enumerate(mentions) if m.end == gap_end and m.type != PERSON]
            found = _initials_long_form(text, gap_end, inner)
            if found and (not before or mentions[before[0]].start > found[0]):
                inside = [i for i, m in enumerate(mentions) if m.start >= found[0] and m.end <= found[1]]
                if not inside or all(mentions[i].type == PERSON for i in inside):
                    continue
                first = mentions[inside[0]]
                long_text = text[found[0]:found[1]]
                drop.update(inside)
                extra.append(Mention(first.doc, found[0], found[1], long_text, ORG, ORG, first.sentence))
            elif before and (len(mentions[before[0]].text.split()) >= 2 or
                             name_key(mentions[before[0]].text)[:1] == name_key(inner)[:1]):
                first = mentions[before[0]]
                long_text = first.text
            else:
                near = [m for m in mentions if m.end < gap_end and m.type == ORG
                        and len(text[m.end:gap_end].split()) <= 3 and text[m.end:gap_end].strip().islower()
                        and name_key(m.text)[:1] == name_key(inner)[:1]]
                if not near:
                    continue
                first = near[-1]
                long_text = first.text
            pairs.append((inner, long_text))
            if inner_start not in by_start:
                extra.append(Mention(first.doc, inner_start, inner_start + len(inner), inner, first.label,
                                     ORG if found else first.type, first.sentence, context="("))
        else:  # ACR (LONG)
            inner_m = by_start.get(inner_start)
            if inner_m is None or inner_m.end != inner_start + len(inner) or inner_m.type == PERSON:
                continue
            window = max(0, match.start() - 12)
            head = re.search(r"(\S+)\s*$", text[window:match.start()])
            if head and is_acronym(head.group(1)) and head.group(1).upper() == head.group(1):
                short, short_start = head.group(1), window + head.start(1)
                pairs.append((short, inner_m.text))
                if short_start not in by_start:
                    extra.append(Mention(inner_m.doc, short_start, short_start + len(short), short,
                                         inner_m.label, inner_m.type, inner_m.sentence))
    for m in mentions:  # "the Saudi Press Agency SPA": an acronym right after its long form
        if m.type != ORG:
            continue
        follow = re.match(r"\s+([A-Z]{2,6})\b", text[m.end:m.end + 10])
        if follow and len(m.text.split()) >= 2:
            initials = "".join(name_key(w)[:1] for w in m.text.split() if w.lower() not in _CONNECTORS)
            if initials == follow.group(1).lower():
                pairs.append((follow.group(1), m.text))
                start = m.end + follow.start(1)
                if start not in by_start:
                    extra.append(Mention(m.doc, start, start + len(follow.group(1)), follow.group(1), m.label,
                                         ORG, m.sentence))
    return pairs, extra, drop


def _mention_types(doc_id: str, sentences, mentions) -> tuple[dict[Mention, str], dict[Mention, str]]:
    """Each mention's own type, and one entity per name (used when no document-level resolver is given)."""
    return {m: m.cue or m.type for m in mentions}, {m: name_key(m.text) for m in mentions}


def _span_end(sdoc, end_tok: int) -> int:
    tok = sdoc[end_tok - 1]
    return tok.idx + len(tok.text)


def extract_doc(document: Document, sentences: list[Citation], units: Iterable[tuple], *,
                relation_model=None, document_types=None) -> Extraction:
    """Build a document's :class:`Extraction` from its sentences and parsed units.

    ``units`` are ``(spacy_doc, offset, sentence_base, headline)``: a parsed segment (or a parsed
    sentence), where it starts in the document, the index of its first sentence, and whether it is a
    title-case line. ``relation_model`` scores relation candidates: the shipped model when None, the
    rules alone when False. ``document_types(doc_id, sentences, mentions)`` gives each mention's type and
    entity as the whole document decides them (a surname tagged once as a place is still the person named
    in full elsewhere); the build passes :func:`kg.resolve.document_types`, so extraction never calls a
    later stage itself. Without it each mention keeps its own type.
    """
    text = document.text
    mentions: list[Mention] = []
    parsed = []
    for sdoc, offset, base, headline in units:
        ms = mentions_of(sdoc, offset, document.id, text, base, headline=headline)
        if ms and sdoc.has_annotation("DEP"):
            parsed.append((sdoc, offset, base, ms))
        mentions.extend(ms)
    if document.pages:  # a PDF: every citation names its page
        sentences = [Citation(c.doc, c.start, c.end, c.text, bisect_right(document.pages, c.start) + 1)
                     for c in sentences]
    types, entity = (document_types or _mention_types)(document.id, sentences, mentions) if parsed else ({}, {})
    kind_of = [types.get(m) or m.cue or m.type for m in mentions]
    entity_of = [entity.get(m) for m in mentions]
    position = {m: k for k, m in enumerate(mentions)}
    found: list[tuple[Mention, Mention, FoundRelation, int, tuple, tuple]] = []
    for sdoc, offset, base, ms in parsed:
        spans = [sdoc.char_span(m.start - offset, m.end - offset, alignment_mode="expand") for m in ms]
        taken = {t.i for span in spans if span is not None for t in span}
        refs = find_references(sdoc, offset, base, mentions, kind_of, entity_of, taken)
        if len(ms) + len(refs) < 2:
            continue
        spans += [sdoc[r.start:r.end] for r in refs]
        kinds = [kind_of[position[m]] for m in ms] + [r.type for r in refs]
        stands = list(ms) + [mentions[r.antecedent] for r in refs]
        where = [()] * len(ms) + [(offset + sdoc[r.start].idx, offset + _span_end(sdoc, r.end)) for r in refs]
        kwargs = {} if relation_model is None else {"model": relation_model or None}
        for rel in relations_of(sdoc, spans, kinds, references=frozenset(range(len(ms), len(spans))), **kwargs):
            a, b = stands[rel.subject], stands[rel.object]
            if a is b or (entity.get(a) is not None and entity.get(a) == entity.get(b)):
                continue
            named = ms[rel.subject] if rel.subject < len(ms) else ms[rel.object]
            found.append((a, b, rel, named.sentence, where[rel.subject], where[rel.object]))
    pairs, extra, drop = find_acronyms(text, mentions)
    kept = [m for i, m in enumerate(mentions) if i not in drop]
    mentions = sorted(kept + extra, key=lambda m: (m.start, m.end))
    index = {m: i for i, m in enumerate(mentions)}
    relations = tuple(
        Relation(index[a], index[b], rel.predicate, rel.relation, rel.rules, sentence, rel.negated, rel.hedged,
                 rel.attributed_to, rel.confidence, rel.model, sref, oref)
        for a, b, rel, sentence, sref, oref in found if a in index and b in index)
    return Extraction(doc=document.id, sentences=tuple(sentences), mentions=tuple(mentions), relations=relations,
                      acronyms=tuple(dict.fromkeys(pairs)), title=document.title, date=document.date)


@dataclass(frozen=True)
class ParsePlan:
    """Which spaCy components run where.

    Two passes when the pipeline has a sentence splitter (``senter``) and an entity recogniser that do not
    listen to a shared ``tok2vec``: the cheap components (``first``) run on every segment; the expensive ones
    (``second``: tagger, parser, lemmatizer...) only on sentences that name an entity, which are the only
    ones kg reads structure from. Otherwise one pass of the whole pipeline.
    """

    first: tuple[str, ...]
    second: tuple[str, ...]

    @property
    def two_pass(self) -> bool:
        return bool(self.second)


def parse_plan(nlp) -> ParsePlan:
    """Choose the components of each pass, checking ``tok2vec.listener_map`` before leaving it out."""
    names = list(nlp.component_names)
    enabled = [n for n in nlp.pipe_names]
    if "ner" not in names:
        return ParsePlan(tuple(enabled), ())
    if "senter" not in names or "parser" not in enabled:
        return ParsePlan(tuple(enabled), ())
    listeners = set()
    for name in names:
        component = nlp.get_pipe(name)
        listeners |= set(getattr(component, "listener_map", {}) or {})
    first = [n for n in names if n in ("senter", "ner")]
    first = [n for n in names if n in listeners and n not in first and any(
        f in (getattr(nlp.get_pipe(n), "listener_map", {}) or {}) for f in first)] + first
    second = [n for n in enabled if n not in ("ner", "senter")]
    return ParsePlan(tuple(first), tuple(second))


def _run(nlp, docs, names, batch_size):
    for name in names:
        docs = nlp.get_pipe(name).pipe(docs, batch_size=batch_size)
    return docs


def _extract_chunk(nlp, plan: ParsePlan, documents: list[Document], batch_size: int,
                   relation_model=None, document_types=None) -> list[Extraction]:
    pieces = []  # (document index, segment start, segment text)
    for i, document in enumerate(documents):
        for start, end in segments(document.text):
            pieces.append((i, start, document.text[start:end]))
    sentences: list[list[Citation]] = [[] for _ in documents]
    units: list[list[tuple]] = [[] for _ in documents]
    first = _run(nlp, (nlp.make_doc(parse_text(t)) for _, _, t in pieces), plan.first, batch_size)
    if not plan.two_pass:
        for (i, start, _), sdoc in zip(pieces, first):
            units[i].append((sdoc, start, len(sentences[i]), is_headline(sdoc.text)))
            sentences[i].extend(sentences_of(sdoc, start, documents[i].id, documents[i].text))
    else:
        queued, where = [], []
        for (i, start, _), sdoc in zip(pieces, first):
            headline = is_headline(sdoc.text)
            for sent in sdoc.sents:
                cite = _citation(documents[i].id, documents[i].text, start + sent.start_char, start + sent.end_char)
                if cite is None:
                    continue
                if sent.ents:
                    sent_doc = sent.as_doc()
                    for tok in sent_doc[1:]:
                        tok.is_sent_start = False
                    queued.append(sent_doc)
                    where.append((i, start + sent.start_char, len(sentences[i]), headline))
                sentences[i].append(cite)
        for (i, offset, base, headline), sdoc in zip(where, _run(nlp, iter(queued), plan.second, batch_size)):
            units[i].append((sdoc, offset, base, headline))
    return [extract_doc(document, sentences[i], units[i], relation_model=relation_model,
                        document_types=document_types)
            for i, document in enumerate(documents)]


def extract(nlp, documents: Iterable[Document], *, batch_size: int = 64, chunk_size: int = 128,
            plan: ParsePlan | None = None, relation_model=None, document_types=None) -> Iterator[Extraction]:
    """Parse documents lazily in chunks and yield one :class:`Extraction` each, in order.

    Each chunk is parsed inside ``nlp.memory_zone()`` (spaCy >= 3.8) so that a long run keeps flat memory;
    only kg's small records leave the zone.
    """
    plan = plan or parse_plan(nlp)
    zone = getattr(nlp, "memory_zone", None)
    for chunk in chunks(documents, chunk_size):
        if zone is not None:
            with zone():
                done = _extract_chunk(nlp, plan, chunk, batch_size, relation_model, document_types)
        else:  # pragma: no cover - spaCy < 3.8
            done = _extract_chunk(nlp, plan, chunk, batch_size, relation_model, document_types)
        yield from done


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` consecutive items (the last may be shorter)."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
