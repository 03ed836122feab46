"""Pronouns and definite descriptions that stand for an earlier named entity.

"He was detained in Y", "the company is based in Y": many stated relations name one end only through a
reference. A reference is resolved with explicit rules, precision first:

- ``he``, ``she``, ``him``, ``her`` (not the possessive) refer to a PERSON; "the company", "the group",
  ... to an ORG; "the city", "the town", ... to a PLACE (``kg/data/lexicon.yaml``).
- The antecedent is a named mention written before the reference, in its sentence or in the ``window``
  sentences before, whose document-level type fits.
- Exactly one entity may fit: when two different entities of the type stand in the window ("X met Y.
  He said ..."), the reference is left unresolved.
- An object pronoun never refers to the subject of its own verb ("X praised him").
- A description with its own name or complement ("the company Acme", "the city of Y") is no reference.
- "the country" (``country_nouns``) stands for a country only, the other places in the window do not
  compete; "the town", "the city", "the region" never stands for a country: with a country as the one
  fitting entity it is left unresolved (``kg/data/countries.tsv``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import lexicon
from ..normalize import country_of
from ..schema import PERSON, PLACE

__all__ = ["Reference", "find_references"]


@dataclass(frozen=True, slots=True)
class Reference:
    """Tokens ``start:end`` of a parsed segment that refer to mention ``antecedent`` (an index into the
    document's mentions), of node type ``type``."""

    start: int
    end: int
    type: str
    antecedent: int


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], dict[str, str], int, frozenset[str]]:
    section = lexicon()["references"]
    nominals = {w: kind for kind, words in section["nominals"].items() for w in words}
    return (frozenset(section["person_pronouns"]), nominals, int(section["window"]),
            frozenset(section["country_nouns"]))


_OBJECT_DEPS = {"dobj", "pobj", "dative", "iobj"}


def _candidate(tok, pronouns, nominals) -> tuple[int, int, str] | None:
    """(start, end, type) when ``tok`` is a reference word in a referring use."""
    low = tok.lower_
    if low in pronouns and tok.pos_ == "PRON":
        if low == "her" and tok.dep_ == "poss":
            return None
        return tok.i, tok.i + 1, PERSON
    kind = nominals.get(tok.lemma_.lower() or low)
    if kind is None or tok.pos_ != "NOUN" or tok.tag_ in ("NNS", "NNPS"):
        return None
    det = [c for c in tok.children if c.dep_ == "det"]
    if len(det) != 1 or det[0].lower_ != "the" or det[0].i != tok.i - 1:
        return None  # "the company" exactly: "the new company" may be a new one
    if any(c.dep_ in ("appos", "compound", "nmod", "poss", "relcl", "acl") or
           (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children):
        return None
    return det[0].i, tok.i + 1, kind


def find_references(sdoc, offset: int, sentence_base: int, mentions, types, entities,
                    taken: set[int]) -> list[Reference]:
    """References in a parsed segment and their antecedents.

    Parameters
    ----------
    sdoc : spacy.tokens.Doc
        The parsed segment; ``offset`` is where it starts in the document, ``sentence_base`` the index of
        its first sentence.
    mentions : sequence of Mention
        The document's named mentions, in document order.
    types, entities : sequence of str
        Each mention's node type and entity id as the document decides them.
    taken : set of int
        Token indices of ``sdoc`` inside named mentions (never references).

    Returns
    -------
    list of Reference
    """
    pronouns, nominals, window, country_nouns = _words()
    starts = [m.start for m in mentions]  # mentions are in document order
    sentence_of = {}
    for k, sent in enumerate(sdoc.sents):
        for tok in sent:
            sentence_of[tok.i] = sentence_base + k
    out = []
    for tok in sdoc:
        if tok.i in taken:
            continue
        found = _candidate(tok, pronouns, nominals)
        if found is None:
            continue
        start, end, kind = found
        here = offset + sdoc[start].idx
        sentence = sentence_of[tok.i]
        excluded: set[int] = set()
        if kind == PERSON and tok.dep_ in _OBJECT_DEPS:
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            excluded = {offset + c.idx for c in verb.subtree if c.dep_ in ("nsubj", "nsubjpass") and c.head.i == verb.i}
        # a place description names a country ("the country") or a place that is none ("the town")
        country = (tok.lemma_.lower() or tok.lower_) in country_nouns if kind == PLACE else None
        fits = []
        for k in range(bisect_left(starts, here) - 1, -1, -1):  # back from the reference, within the window
            m = mentions[k]
            if m.sentence < sentence - window:
                break
            if (m.sentence <= sentence and types[k] == kind and entities[k] is not None
                    and not any(m.start <= x < m.end for x in excluded)
                    and (not country or country_of(m.text))):
                fits.append(k)
        fits.reverse()
        if len({entities[k] for k in fits}) != 1:
            continue
        if country is False and country_of(mentions[fits[-1]].text):
            continue  # "the town", "the region" is no country
        out.append(Reference(start, end, kind, fits[-1]))
    return out
