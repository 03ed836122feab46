"""Stage 4 — entity resolution: turn mentions into entities, one per real-world thing, every merge explained.

Resolution runs in passes over union-find clusters; every union is recorded as a :class:`Merge` so
``kg explain`` can show which rule joined which surface forms. Passes 1 and 2 prepare the names; passes 3-8
are merge rules registered in :data:`RULES` (small functions, each readable, tested and switched off on its
own: ``resolve_entities(..., disabled=[...])``, ``kg build --no-rule NAME``):

1. ``junk``: mentions that are no names (pronouns, nationality words, page furniture, uncorroborated
   headline fragments) are dropped, with the reason kept.
2. ``same-name``: mentions whose normalised names are equal (case, accents, quotes, possessives,
   articles, titles, country variants) are one entity inside a document.
3. ``short-form``: a surname or shorter form links to the one full name it fits in the same document.
4. ``acronym``: an acronym defined in a document ("Basque Homeland and Liberty (ETA)") joins its long form.
   ``compound-place``: an abbreviation only ever written right after one place ("Lorwick, L.C.").
5. ``same-name-across-documents``: equal full names in different documents, if their types agree.
6. ``acronym-across-documents``: an acronym whose definitions across the corpus agree.
   ``transliteration``: spellings of one name ("Qadhafi" / "Gaddafi") of one type, in one document or in
   documents that name another entity in common.
7. ``short-form-across-documents``: a lone surname or short form with exactly one full name in the corpus,
   when the two documents name another entity in common (evidence beyond the name).

A wrong merge is worse than a split: ambiguous short forms stay separate nodes. User overrides
(:mod:`kg.overrides`) force or forbid merges, drop names and fix types.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import pairwise

from .errors import InputError
from .lexicon import LEXICON
from .normalize import (
    COUNTRIES,
    DEMONYMS,
    REGION_NAMES,
    WORDS,
    consonants,
    fold,
    is_acronym,
    name_key,
    name_tokens,
    region_of,
    spelling_close,
    translit_key,
)
from .overrides import Overrides
from .records import Citation, Extraction, Mention, stable_id
from .schema import ORG, PERSON, PLACE

__all__ = ["RULES", "Entity", "Merge", "Resolution", "junk_reason", "make_id", "resolve_entities", "rule", "rule_names"]


@dataclass(frozen=True, slots=True)
class Merge:
    """One union: ``rule`` joined surface form ``left`` with ``right`` (in document ``doc``)."""

    rule: str
    left: str
    right: str
    doc: str = ""

    def to_dict(self) -> dict:
        return {"rule": self.rule, "left": self.left, "right": self.right, "doc": self.doc}


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity: one graph node."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    mentions: int
    documents: tuple[str, ...]
    merges: tuple[Merge, ...]


@dataclass
class Resolution:
    """The result of :func:`resolve_entities`."""

    entities: list[Entity]
    mention_entity: dict[str, str]  # Mention.id -> Entity.id
    dropped: list[tuple[Mention, str]]  # junk mentions and why


def document_types(doc_id: str, sentences, mentions) -> tuple[dict, dict]:
    """Each mention's type and entity as one document's own resolution decides them: what extraction reads
    relations with (passed to :func:`kg.extract.extract` by the build).

    Returns
    -------
    tuple of dict
        ``(mention -> node type, mention -> entity id)``.
    """
    res = resolve_entities([Extraction(doc_id, tuple(sentences), tuple(mentions))])
    types = {e.id: e.type for e in res.entities}
    entity = {m: res.mention_entity[m.id] for m in mentions if m.id in res.mention_entity}
    return {m: types[e] for m, e in entity.items()}, entity


def make_id(*parts: str) -> str:
    """A node's id from natural-key parts (:func:`kg.records.stable_id` with prefix ``n``)."""
    return stable_id("n", *parts)


_GROUPS = {name_key(w) for w in WORDS["group_word"]} | set(DEMONYMS)
_NOISE = set(WORDS["noise"])
_HONORIFICS = frozenset(LEXICON["resolution"]["honorifics"])
_INSTITUTIONS = frozenset(LEXICON["resolution"]["institutions"])
_GENERIC = {name_key(w) for kind in ("org_head", "place_head", "title", "title_modifier", "article") for w in WORDS[kind]}
_FURNITURE = tuple(WORDS["furniture"])
_ORG_HEADS = {name_key(w) for w in WORDS["org_head"]}
_PLACE_HEADS = {name_key(w) for w in WORDS["place_head"]}
_LOCATIVE = frozenset(LEXICON["locative_prepositions"])
_WEAK_LOCATIVE = frozenset(LEXICON["resolution"]["weak_locative"])
_ORG_LEADS = {name_key(w) for w in WORDS["org_lead"]}
_QUALIFIERS = frozenset(LEXICON["resolution"]["qualifiers"])
_DESIGNATORS = {name_key(w) for w in WORDS["designator"]}
_FACILITY_NOUNS = frozenset(WORDS["facility_noun"])
_FACILITY_SUFFIXES = tuple(sorted(_FACILITY_NOUNS))
_GENERIC_LEADS = {name_key(w) for w in WORDS["org_generic_lead"]}
_ORG_INNER = {name_key(w) for w in WORDS["org_inner"]}
_MAX_WORDS = 8


_AFTER_TOWN = re.compile(r"\w[\w.]*\s*,\s*$")


def mention_key(m: Mention, sentence: Citation | None = None) -> str:
    """The key a mention is matched by; a nationality kept as part of a title names its country, a state's
    abbreviation right after a town and a comma ("Lorwick, Fla.", read in ``sentence``) the state ("44 B.C."
    is no province)."""
    key = name_key(m.text)
    if m.label == "NORP" and key in DEMONYMS:
        return name_key(DEMONYMS[key])
    if m.type == PLACE and sentence is not None:  # "Tex." (or "Tex", its dot left out of the name) is Texas
        region = region_of(m.text)
        if region and _AFTER_TOWN.search(sentence.text, 0, max(0, m.start - sentence.start)):
            return name_key(region)
    return key


def _sentence(ex: Extraction, m: Mention) -> Citation | None:
    return ex.sentences[m.sentence] if m.sentence < len(ex.sentences) else None


@lru_cache(maxsize=1 << 16)
def junk_reason(text: str, *, label: str = "", keep: frozenset[str] = frozenset()) -> str | None:
    """Why a tagged span is no entity name, or None if it may be one. Pure; tested on strings.

    ``label`` is the NER label: a lone title word tagged as a person ("King") may be a surname.
    """
    key = name_key(text)
    if key in keep:
        return None
    if not key or not any(c.isalpha() for c in key):
        return "no letters"
    if not any(c.isupper() for c in text):
        return "lower case"
    if len(key.replace(" ", "")) < 2:
        return "too short"
    stripped = text.strip()
    if stripped in _NOISE or stripped.capitalize() in _NOISE and not stripped.isupper():
        return "pronoun or common word"
    words = key.split()
    if len(words) == 1 and key in _GENERIC and key not in _INSTITUTIONS and not COUNTRIES.get(key) and not (
            label == PERSON and key not in _HONORIFICS):
        return "generic word, not a name"
    if key in _GROUPS or (words[0] in ("pro", "anti") and len(words) > 1) or (
            len(words) >= 2 and words[-1] in _GROUPS and not COUNTRIES.get(key) and "the" not in words):
        return "nationality, religion or group word"
    folded = fold(text)
    if any(phrase in folded for phrase in _FURNITURE):
        return "web-page furniture"
    if len(words) > _MAX_WORDS:
        return "too long for a name"
    if sum(c.isdigit() for c in key) > len(key) / 2:
        return "mostly digits"
    return None


class _Clusters:
    """Union-find over cluster ids, recording every union, refusing forbidden ones."""

    def __init__(self, keys: list[set[str]], forbidden: set[frozenset[str]]):
        self.parent = list(range(len(keys)))
        self.keys = keys
        self.forbidden = forbidden
        self.merges: dict[int, list[Merge]] = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, merge: Merge) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.forbidden and any(frozenset((x, y)) in self.forbidden for x in self.keys[ra] for y in self.keys[rb]):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        # the smaller collection joins the larger (their order does not matter: merges are sorted at the end),
        # so a cluster that absorbs many names costs linear time, not quadratic
        if len(self.keys[rb]) > len(self.keys[ra]):
            self.keys[ra], self.keys[rb] = self.keys[rb], self.keys[ra]
        self.keys[ra] |= self.keys[rb]
        moved = self.merges.pop(rb, [])
        if len(moved) > len(self.merges[ra]):
            moved, self.merges[ra] = self.merges[ra], moved
        self.merges[ra].extend(moved)
        self.merges[ra].append(merge)
        return True


class _KeyRoots:
    """For groups of names by key, the clusters their members are in, kept current as clusters join."""

    def __init__(self, clusters: _Clusters, groups: dict[str, list[int]]):
        self.clusters = clusters
        self.roots: dict[str, set[int]] = {}
        self.keys_of: dict[int, set[str]] = defaultdict(set)
        for key, ids in groups.items():
            self.roots[key] = {clusters.find(j) for j in ids}
            for root in self.roots[key]:
                self.keys_of[root].add(key)

    def roots_of(self, keys: list[str]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= self.roots[key]
        return found

    def join(self, a: int, b: int, union) -> None:
        """Run ``union`` (which joins the clusters of ``a`` and ``b``) and move the keys of the old roots."""
        before = {self.clusters.find(a), self.clusters.find(b)}
        union()
        after = self.clusters.find(a)
        for root in before - {after}:
            for key in self.keys_of.pop(root, ()):
                self.roots[key].discard(root)
                self.roots[key].add(after)
                self.keys_of[after].add(key)


@dataclass
class _Local:
    """All mentions of one normalised name in one document."""

    doc: str
    key: str
    mentions: list[Mention]

    @cached_property
    def form(self) -> str:
        return Counter(" ".join(m.text.split()) for m in self.mentions).most_common(1)[0][0]

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return name_tokens(self.key)


def _type_votes(mentions: Iterable[Mention], person_linked: bool = False) -> Counter:
    """Weighted evidence for each node type from a group of mentions.

    The NER label counts once (half for a modifier or headline use); a title before the name, the
    structure of the sentence (``Mention.cue``), a locative preposition, an organisation or place word
    ending the name (or an organisation word inside a name of three or more words), all add. A short form linked to a person's full name votes as a person.
    """
    votes: Counter = Counter()
    for m in mentions:
        w = 0.5 if (m.modifier or m.headline) else 1.0
        if m.type == PERSON and len(m.text.split()) >= 2:
            w += 0.5
        votes[PERSON if person_linked else m.type] += w
        if m.title:
            votes[PERSON] += 1.5
        if m.cue:
            votes[m.cue] += 1.5
        if m.context in _LOCATIVE:
            votes[PLACE] += 1.0
        elif m.context in _WEAK_LOCATIVE and m.type != PERSON:
            votes[PLACE] += 0.3
        words = name_key(m.text).split()
        if len(words) >= 2 and " ".join(words[-2:]) in _PLACE_HEADS:  # a venue: "Lorwick Convention Center"
            votes[PLACE] += 1.5
        elif len(words) >= 2 and words[-1] in _ORG_HEADS or words[0] in _ORG_LEADS:
            votes[ORG] += 1.5
        elif len(words) >= 3 and any(w in _ORG_INNER for w in words):
            votes[ORG] += 2.0
        elif len(words) >= 2 and words[-1] in _PLACE_HEADS:
            votes[PLACE] += 1.5
    return votes


def _decide_type(counts: list[Counter], mentions: int, keys: set[str], forced: dict[str, str],
                 countries: set[str] | None = None) -> str:
    """The node type of a cluster of names from each name's :func:`_type_votes` (``counts``) and its number of
    ``mentions``; ``countries``: its keys that may name a country (not a short form read as a person's name),
    all of ``keys`` when None."""
    for key in sorted(keys):
        if key in forced:
            return forced[key]
    votes: Counter = Counter()
    for counted in counts:
        votes.update(counted)
    if any(COUNTRIES.get(k) for k in (keys if countries is None else countries)):
        votes[PLACE] += 5 + mentions
    if not votes:
        return ORG
    order = {PLACE: 0, ORG: 1, PERSON: 2}
    return max(votes, key=lambda t: (votes[t], -order[t]))


def _is_person_name(local: _Local, votes: Counter) -> bool:
    return len(local.tokens) >= 2 and votes.get(PERSON, 0) > 0 and votes[PERSON] >= max(votes.values()) * 0.5


def _titles_clash(short: _Local, fulls: list[_Local]) -> bool:
    """Whether the titles written before a short form and before the full names it may stand for contradict:
    both have titles and none in common ("Detective Inspector Roe" is not "Chief Executive Richard Roe")."""
    mine = {fold(m.title) for m in short.mentions if m.title}
    theirs = {fold(m.title) for loc in fulls for m in loc.mentions if m.title}
    return bool(mine and theirs and not mine & theirs)


def _tagged_person(local: _Local) -> bool:
    """Whether the tagger read most mentions of a name as a person."""
    return sum(m.label == PERSON for m in local.mentions) * 2 > len(local.mentions)


def _contains(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` names the person ``full`` names: its surname, or first + last name."""
    if len(short) >= len(full):
        return False
    if full[-len(short):] == short:
        return True
    return len(short) == 2 and short[0] == full[0] and short[-1] == full[-1]


def _org_short(short: tuple[str, ...], key_full: str, key_short: str, *, same_document: bool = False) -> bool:
    """Whether an organisation's name ``key_short`` is a short form of ``key_full``.

    ``Bank of Example`` of ``Bank of Example in Europe`` (a qualifier dropped), ``Acme`` of
    ``Acme Group`` (a corporate designator dropped), ``Press Council`` of ``Peruvian Press Council``
    (a nationality dropped); not ``Water Department`` of ``Water Department of Lorwick`` (a body named by
    its own head word is a name of its own: the longer name is another body). With ``same_document``
    (an organisation named in full and then shorter in one story): also the first words of a name before
    its organisation word, ``Dunmere Savings`` of ``Dunmere Savings Bank of Lorwick``.
    """
    if key_full.startswith(key_short + " "):
        rest = key_full[len(key_short) + 1:].split()
        if same_document and any(w in _ORG_HEADS for w in rest) and key_short not in _GENERIC \
                and key_short not in DEMONYMS and not COUNTRIES.get(key_short) and rest[0] not in _QUALIFIERS:
            return True
        if rest[0] in _QUALIFIERS and len(short) >= 2:
            # "State Department" is a name of its own, "State Department of Fisheries" another body
            return not (rest[0] != "in" and key_short.split()[-1] in _ORG_HEADS)
        return all(w in _DESIGNATORS for w in rest) and key_short not in _GENERIC
    if same_document and key_full.endswith(" " + key_short) and key_full[: -len(key_short) - 1] in _GENERIC_LEADS \
            and key_short not in _GENERIC and not COUNTRIES.get(key_short):
        return True  # "Lorwick" of "Banque Lorwick"
    if key_full.endswith(" " + key_short) and len(short) >= 2:
        return key_full[: -len(key_short) - 1] in DEMONYMS
    return False


_INITIAL_SKIP = frozenset(("of", "and", "the", "for", "de", "du", "des", "la", "le"))


def _initials(key: str) -> set[str]:
    """The acronyms an organisation's name may be written as: ``"lorwick power co plc"`` -> ``{"lpcp", "lpc",
    "lp"}`` (its corporate designators dropped one by one from the end); none for a one-word name."""
    words = [w for w in key.split() if w not in _INITIAL_SKIP]
    out = set()
    while len(words) >= 2:
        out.add("".join(w[0] for w in words))
        if words[-1] not in _DESIGNATORS:
            break
        words = words[:-1]
    return out


def _similar(a: str, b: str) -> bool:
    ta, tb = set(name_tokens(a)) - _QUALIFIERS - {"the", "and"}, set(name_tokens(b)) - _QUALIFIERS - {"the", "and"}
    if not ta or not tb:
        return False
    stems_a = {t[:5] for t in ta}
    stems_b = {t[:5] for t in tb}
    return len(stems_a & stems_b) / len(stems_a | stems_b) >= 0.5 or stems_a <= stems_b or stems_b <= stems_a


def _sound_key(key: str, etype: str) -> str:
    """What spellings of one name share: a person's name as it sounds (``translit_key``); a place's or an
    organisation's consonants when it has three or more ("Lorwick"/"Lorweck", "Tahran"/"Teharan"), else how
    it sounds."""
    if etype != PERSON:
        letters = consonants(key)
        if sum(c.isalpha() for c in letters) >= 3:
            return "c:" + letters
    return translit_key(key)


def _label(mentions: list[Mention], keys: set[str], etype: str) -> str:
    for key in sorted(keys):
        if COUNTRIES.get(key) and etype == PLACE:
            return COUNTRIES[key]
    forms = Counter(" ".join(m.text.split()) for m in mentions)
    if etype == PERSON:
        longest = max(len(name_tokens(name_key(f))) for f in forms)
        forms = Counter({f: n for f, n in forms.items() if len(name_tokens(name_key(f))) == longest})
    else:
        non_acronym = Counter({f: n for f, n in forms.items() if not is_acronym(f)})
        if non_acronym and sum(non_acronym.values()) * 3 >= sum(forms.values()):
            forms = non_acronym
    return max(forms, key=lambda f: (forms[f], any(ord(c) > 127 for c in f), len(f), f))


@dataclass
class _Block:
    """What one block of names needs to be resolved on its own (in this process or on a worker)."""

    locals_: list[_Local]
    votes: list[Counter]
    acronyms: list[tuple[str, str, str]]  # (doc, short key, long key) defined in the block's documents
    definitions: dict[str, set[str]]  # every long form of each acronym in the corpus
    overrides: Overrides
    context: dict[str, frozenset[str]]  # every name (key) of each of the block's documents, from every block
    disabled: frozenset[str] = frozenset()  # rules switched off (``--no-rule``)
    compounds: dict[str, str] = field(default_factory=dict)  # "l c" -> "lorwick" (see _compounds)
    facilities: dict[tuple[str, str], str] = field(default_factory=dict)  # see _facility_descriptors
    common: frozenset[str] = frozenset()  # names too common to corroborate a join (see _common_names)


def _prepare(extractions: list[Extraction], overrides: Overrides):
    """The corpus-wide first pass: junk dropped, mentions grouped by (document, normalised name), type votes,
    acronym definitions. Everything later reads only names that share a blocking key."""
    # 1. junk
    dropped: list[tuple[Mention, str]] = []
    kept: list[Mention] = []
    keys: dict[int, str] = {}  # id(mention) -> key, computed once
    for ex in extractions:
        for m in ex.mentions:
            keys[id(m)] = mention_key(m, _sentence(ex, m))
            if keys[id(m)] in overrides.drop:
                dropped.append((m, "dropped by the override file"))
                continue
            reason = None if m.label == "NORP" and m.type == PLACE else junk_reason(
                m.text, label=m.label, keep=overrides.keep)
            if reason:
                dropped.append((m, reason))
            else:
                kept.append(m)
    body_keys = {keys[id(m)] for m in kept if not m.headline}
    body_tokens = {t for k in body_keys for t in name_tokens(k)}
    in_body = {(m.doc, keys[id(m)]) for m in kept if not m.headline}
    mentions = []
    for m in kept:
        key = keys[id(m)]
        if m.headline and m.label != "GPE" and not (m.label == PERSON and len(key.split()) >= 2) and (
                (key not in body_keys and not (len(name_tokens(key)) >= 2
                                               and all(t in body_tokens for t in name_tokens(key))))
                or (m.text.isupper() and m.type != PLACE and len(name_tokens(key)) == 1
                    and (m.doc, key) not in in_body)):
            dropped.append((m, "headline fragment not found in running text"))  # one word of an all-capitals
        else:                          # headline says nothing by its case ("... YEAR NET"): its own story's
            mentions.append(m)         # text must name it

    # 2. same-name inside a document
    locals_: list[_Local] = []
    index: dict[tuple[str, str], int] = {}
    for m in mentions:
        k = (m.doc, keys[id(m)])
        if k not in index:
            index[k] = len(locals_)
            locals_.append(_Local(m.doc, k[1], []))
        locals_[index[k]].mentions.append(m)
    votes = [_type_votes(loc.mentions) for loc in locals_]
    acronyms = [(ex.doc, name_key(short), name_key(long)) for ex in extractions for short, long in ex.acronyms]
    definitions: dict[str, set[str]] = defaultdict(set)
    for _, short, long in acronyms:
        definitions[short].add(long)
    return dropped, locals_, votes, acronyms, dict(definitions)



_COMMA = re.compile(r"\s*,\s*")


def _compounds(extractions: list[Extraction], locals_: list[_Local]) -> dict[str, str]:
    """Abbreviations that are part of a city's name: ``{"l c": "lorwick"}`` when every mention of "L.C." in
    the corpus stands right after ", " and one and the same place ("Lorwick, L.C."). A place after a
    comma that is a name of its own ("Dunmere, Kestria") or an abbreviation also used alone stays apart."""
    mentions_of = Counter()
    for loc in locals_:
        mentions_of[loc.key] += len(loc.mentions)
    after: dict[str, set[str]] = defaultdict(set)
    seen: Counter = Counter()
    for ex in extractions:
        ordered = sorted(ex.mentions, key=lambda m: (m.start, m.end))
        for a, b in pairwise(ordered):
            if "." not in b.text or not is_acronym(b.text) or a.type != PLACE or a.sentence != b.sentence \
                    or region_of(b.text):  # "Lorwick, Fla.": a town in a state
                continue
            sentence = _sentence(ex, a)
            if sentence is None or not _COMMA.fullmatch(sentence.text[a.end - sentence.start:b.start - sentence.start]):
                continue
            key = mention_key(b)
            after[key].add(mention_key(a))
            seen[key] += 1
    return {part: next(iter(cities)) for part, cities in sorted(after.items())
            if len(cities) == 1 and seen[part] == mentions_of.get(part, -1)}


_DESCRIPTOR = re.compile(r"[ \t]+([a-z]+(?:[ -][a-z]+){0,2})")


def _compact(text: str) -> str:
    return name_key(text).replace(" ", "").replace("-", "")


def _facility_descriptors(extractions: list[Extraction], locals_: list[_Local]) -> dict[tuple[str, str], str]:
    """Names written only as the first word of a facility spelled in lower case: ``{(doc, "lorwick"):
    "lorwick airbase"}`` when every mention of "Lorwick" in that document is followed by words that complete
    a facility named elsewhere in the corpus ("its Lorwick air base" and "Lorwick Airbase"). Such a mention
    names the facility, not the town (which, when named on its own, stays a node of its own)."""
    facilities: dict[str, str] = {}
    for loc in locals_:
        words = loc.key.split()
        if len(words) >= 2 and words[-1].endswith(_FACILITY_SUFFIXES):  # "... base", "... airbase"
            facilities.setdefault(_compact(loc.key), loc.key)
    if not facilities:
        return {}
    mentions_of = {(loc.doc, loc.key): len(loc.mentions) for loc in locals_}
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen: Counter = Counter()
    for ex in extractions:
        for m in ex.mentions:
            sentence = _sentence(ex, m) if m.modifier else None
            after = _DESCRIPTOR.match(sentence.text, m.end - sentence.start) if sentence else None
            if after is None:
                continue
            words = re.split(r"[ -]", after.group(1))
            key = mention_key(m, sentence)
            for n in range(1, len(words) + 1):
                if words[n - 1] not in _FACILITY_NOUNS:
                    continue
                full = facilities.get(_compact(m.text + " " + " ".join(words[:n])))
                if full is not None and full != key:
                    found[(m.doc, key)].add(full)
                    seen[(m.doc, key)] += 1
                    break
    return {k: next(iter(fulls)) for k, fulls in sorted(found.items())
            if len(fulls) == 1 and seen[k] == mentions_of.get(k, -1)}


def _main_type(votes: Counter) -> tuple[str, float]:
    t = max(votes, key=lambda x: (votes[x], x))
    return t, votes[t] / sum(votes.values())


def blocks(locals_: list[_Local], votes: list[Counter], acronyms, overrides: Overrides,
           compounds: dict[str, str] | None = None,
           facilities: dict[tuple[str, str], str] | None = None) -> list[list[int]]:
    """Partition names (indices into ``locals_``) into blocks that every rule keeps apart: two names land in
    one block when they share a normalised name, when one could be the other's short form (a surname or
    first + last name of a person name; an organisation name that another organisation's name starts with,
    or ends with after a nationality), when an acronym is defined by the other anywhere in the corpus, or
    when the override file merges them. Rules only ever compare such names, so resolving each block on its
    own gives exactly the single-pass result. Blocks come in order of their first name."""
    parent = list(range(len(locals_)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of: dict[str, int] = {}

    def link(i: int, key: str) -> None:
        if key in first_of:
            union(first_of[key], i)
        else:
            first_of[key] = i

    by_key: dict[str, list[int]] = defaultdict(list)
    types = [_main_type(v)[0] for v in votes]
    for i, loc in enumerate(locals_):
        by_key[loc.key].append(i)
        link(i, "name:" + loc.key)
        sound = _sound_key(loc.key, types[i])
        if sound:  # spellings of one sound (the transliteration rule compares them)
            link(i, "sound:" + sound)
        if loc.tokens and translit_key(loc.tokens[-1]):  # a surname and its other spellings
            link(i, "surname-sound:" + translit_key(loc.tokens[-1]))
    people = [i for i, loc in enumerate(locals_) if _is_person_name(loc, votes[i])]
    surnames = {locals_[i].tokens[-1] for i in people}
    for i, loc in enumerate(locals_):  # a short form and the person names it may stand for share a surname
        if loc.tokens and loc.tokens[-1] in surnames:
            link(i, "surname:" + loc.tokens[-1])
    for j, loc in enumerate(locals_):  # an organisation and the names its own name starts (or ends) with
        if types[j] != ORG:
            continue
        words = loc.key.split()
        prefixes = [" ".join(words[:n]) for n in range(1, len(words))]
        prefixes += [" ".join(words[n:]) for n in range(1, len(words))
                     if " ".join(words[:n]) in DEMONYMS or " ".join(words[:n]) in _GENERIC_LEADS]
        for prefix in prefixes:  # names with one key are already in one block: join the first
            if prefix in by_key:
                union(by_key[prefix][0], j)
    for i, loc in enumerate(locals_):  # an organisation and the acronyms of its initials
        if types[i] == ORG:
            if is_acronym(loc.form):
                link(i, "initials:" + loc.key.replace(" ", ""))
            else:
                for initials in sorted(_initials(loc.key)):
                    link(i, "initials:" + initials)
    for short, long in sorted({(short, long) for _, short, long in acronyms}):  # an acronym and its long forms
        for key in (short, long):
            if key in by_key:
                link(by_key[key][0], "acronym:" + short)
    for part, city in sorted((compounds or {}).items()):  # "D.C." and the one city it follows
        if part in by_key and city in by_key:
            union(by_key[part][0], by_key[city][0])
    for (doc, key), facility in sorted((facilities or {}).items()):  # "Lorwick" (of "Lorwick air base")
        if key in by_key and facility in by_key:
            union(by_key[key][0], by_key[facility][0])
    forced = overrides.merge_keys()
    for i, loc in enumerate(locals_):
        if loc.key in forced:
            link(i, "override:" + forced[loc.key])
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(locals_)):
        members[find(i)].append(i)
    return sorted(members.values(), key=lambda ids: ids[0])


#: A name in more than this share of the corpus's documents (and in at least COMMON_MIN_DOCS of them) is too
#: common to corroborate a join across documents: two wire stories that both name the United States, or a
#: sign-off, are no evidence that their "Smith" is one person.
COMMON_SHARE = 0.1
COMMON_MIN_DOCS = 20


def _common_names(context: dict[str, frozenset[str]]) -> frozenset[str]:
    counts = Counter(key for keys in context.values() for key in keys)
    limit = max(COMMON_MIN_DOCS, COMMON_SHARE * len(context))
    return frozenset(key for key, n in counts.items() if n > limit)


class _State:
    """What the merge rules of one block share: its names, their type votes, the clusters, and which names
    a short-form rule has already linked (a linked short form takes part in no later name-only rule)."""

    def __init__(self, block: _Block):
        self.block = block
        self.locals_, self.votes, self.overrides = block.locals_, block.votes, block.overrides
        self.index = {(loc.doc, loc.key): i for i, loc in enumerate(self.locals_)}
        self.main_types = [_main_type(v) for v in self.votes]  # each name's own type and how sure it is
        self.person = [_is_person_name(loc, v) for loc, v in zip(self.locals_, self.votes)]  # a person's full name
        self.clusters = _Clusters([{loc.key} for loc in self.locals_], self.overrides.forbidden())
        self.by_doc: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for i, loc in enumerate(self.locals_):
            self.by_doc[loc.doc].append(i)
            self.by_key[loc.key].append(i)
        self.linked: set[int] = set()
        self.person_linked: set[int] = set()
        definitions = block.definitions
        self.ambiguous = {short for short, longs in definitions.items()
                          if not all(_similar(a, b) for a in longs for b in longs)}
        self.docs_naming: dict[str, set[str]] = defaultdict(set)
        for doc, keys in block.context.items():
            for key in keys:
                self.docs_naming[key].add(doc)

    def main_type(self, i: int) -> tuple[str, float]:
        return self.main_types[i]

    def join(self, a: int, b: int, rule: str, doc: str = "") -> None:
        locals_ = self.locals_
        if not doc:  # across documents: say which two
            doc = locals_[a].doc if locals_[a].doc == locals_[b].doc else f"{locals_[a].doc} + {locals_[b].doc}"
        self.clusters.union(a, b, Merge(rule, locals_[a].form, locals_[b].form, doc))

    def corroborating_parts(self, ids: list[int]) -> list[list[int]]:
        """``ids`` (one name in several documents) in parts whose documents are chained by naming another entity
        in common: "Kennedy" in stories about Dallas is one part, "Kennedy" in stories about a court another."""
        parent = {i: i for i in ids}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_with: dict[str, int] = {}
        for i in ids:
            for key in sorted(self.block.context.get(self.locals_[i].doc, ())):
                if key == self.locals_[i].key or key in self.block.common:
                    continue
                if key in first_with:
                    a, b = find(first_with[key]), find(i)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
                else:
                    first_with[key] = i
        parts: dict[int, list[int]] = defaultdict(list)
        for i in ids:
            parts[find(i)].append(i)
        return sorted(parts.values())

    def corroborated(self, i: int, names: Iterable[str]) -> bool:
        """Evidence beyond the name for joining name ``i`` to an entity named ``names`` in other documents:
        ``i``'s document and one of theirs name another entity in common, not one of the corpus's commonest."""
        doc, names = self.locals_[i].doc, set(names)
        theirs = {d for k in names for d in self.docs_naming[k]} - {doc}
        if not theirs:
            return True  # the full name is in this very document
        for key in self.block.context.get(doc, ()):
            if key in names or key == self.locals_[i].key or key in self.block.common:
                continue
            also = self.docs_naming[key]
            small, big = (also, theirs) if len(also) < len(theirs) else (theirs, also)
            if any(d in big for d in small if d != doc):
                return True
        return False


#: The merge rules, in the order they run (:func:`rule` registers one). Each takes the block's
#: :class:`_State` and joins names through ``state.join(a, b, rule_name)``; ``--no-rule NAME`` skips one.
RULES: dict[str, tuple] = {}


def rule(name: str, description: str):
    """Register a merge rule under ``name`` (its name in ``kg explain``), to run after those registered before."""
    def register(fn):
        RULES[name] = (fn, description)
        return fn
    return register


@rule("short-form", "a surname or shorter form joins the one full name it fits in the same document (of two "
      "organisations it fits, the one named before every use of it; a branch \"Acme Kestria\" is \"Kestria\" where "
      "\"Acme\" is named)")
def _short_form(st: _State) -> None:
    locals_ = st.locals_
    for doc, ids in st.by_doc.items():
        people = [i for i in ids if st.person[i]]
        doc_orgs = [j for j in ids if st.main_type(j)[0] == ORG]
        org_keys = {locals_[j].key for j in doc_orgs}
        for i in ids:
            short = locals_[i]
            if is_acronym(short.form) or (COUNTRIES.get(short.key) and not _tagged_person(short)):
                continue  # "Chad" is the country unless the tagger read it as a person ("Tomas Chad ... Chad said")
            fits = [j for j in people if j != i and _contains(short.tokens, locals_[j].tokens)]
            targets = {st.clusters.find(j) for j in fits}
            if len(targets) == 1:
                longest = max(fits, key=lambda j: (len(locals_[j].tokens), len(locals_[j].mentions), -j))
                st.join(longest, i, "short-form", doc)
                st.linked.add(i)
                st.person_linked.add(i)
            own_org = st.main_type(i)[0] == ORG
            orgs = [j for j in doc_orgs if j != i and _org_short(short.tokens, locals_[j].key, short.key,
                                                                  same_document=own_org)]
            if not orgs and own_org:  # a branch named by its parent and its own name: "Kestria" of "Acme
                orgs = [j for j in doc_orgs if j != i and locals_[j].key.endswith(" " + short.key)  # Kestria"
                        and locals_[j].key[:-len(short.key) - 1] in org_keys]  # when "Acme" is named too
            if len({st.clusters.find(j) for j in orgs}) > 1:  # two fit: the one named before every use of the
                last = max(m.start for m in short.mentions)  # short form, when the others come only later
                orgs = [j for j in orgs if min(m.start for m in locals_[j].mentions) < last]
                if len({st.clusters.find(j) for j in orgs}) == 1 and \
                        min(m.start for m in locals_[orgs[0]].mentions) > min(m.start for m in short.mentions):
                    orgs = []  # "Central" before "Central Bank" is named
            if len({st.clusters.find(j) for j in orgs}) == 1 and not fits:
                st.join(orgs[0], i, "short-form", doc)
                st.linked.add(i)


@rule("acronym", "an acronym defined in a document joins its long form")
def _acronym(st: _State) -> None:
    for doc, short, long in st.block.acronyms:
        a, b = st.index.get((doc, short)), st.index.get((doc, long))
        if a is not None and b is not None:
            st.join(b, a, "acronym", doc)


@rule("acronym-initials", "an acronym nowhere defined joins the one organisation of its document whose initials "
      "it is (\"LPC\" and \"Lorwick Power Co\")")
def _acronym_initials(st: _State) -> None:
    for doc, ids in st.by_doc.items():
        acronyms = [i for i in ids if i not in st.linked and is_acronym(st.locals_[i].form)
                    and not COUNTRIES.get(st.locals_[i].key) and st.main_type(i)[0] == ORG]
        if not acronyms:
            continue
        by_initials: dict[str, set[int]] = defaultdict(set)
        for j in ids:
            if st.main_type(j)[0] == ORG and not is_acronym(st.locals_[j].form):
                for initials in _initials(st.locals_[j].key):
                    by_initials[initials].add(j)
        for i in acronyms:
            fits = by_initials.get(st.locals_[i].key.replace(" ", ""), set())
            if len({st.clusters.find(j) for j in fits}) == 1 and st.clusters.find(i) != st.clusters.find(min(fits)):
                st.join(min(fits), i, "acronym-initials", doc)
                st.linked.add(i)


@rule("compound-place", "an abbreviation that only ever stands right after one place (\"Lorwick, L.C.\") is part "
      "of that place's name")
def _compound_place(st: _State) -> None:
    for part, city in sorted(st.block.compounds.items()):
        for i in st.by_key.get(part, ()):
            target = st.index.get((st.locals_[i].doc, city))
            if target is not None:
                st.join(target, i, "compound-place", st.locals_[i].doc)
                st.linked.add(i)


@rule("facility-descriptor", "a name written only before the lower-case words that complete a facility's name "
      "(\"its Lorwick air base\", \"Lorwick Airbase\") joins that facility, in its own document or a corroborated one")
def _facility_descriptor(st: _State) -> None:
    for (doc, key), facility in sorted(st.block.facilities.items()):
        i = st.index.get((doc, key))
        if i is None or i in st.linked:
            continue
        target = st.index.get((doc, facility))
        if target is not None:
            st.join(target, i, "facility-descriptor", doc)
        elif st.by_key.get(facility) and st.corroborated(i, {facility}):
            st.join(st.by_key[facility][0], i, "facility-descriptor")
        else:
            continue
        st.linked.add(i)


@rule("same-name-across-documents", "equal full names in different documents, if their types agree")
def _same_name_across_documents(st: _State) -> None:
    votes = st.votes
    for key, ids in st.by_key.items():
        ids = [i for i in ids if i not in st.linked]
        if len(ids) < 2 or key in st.ambiguous:
            continue
        country = bool(COUNTRIES.get(key))
        groups: dict[str, list[int]] = defaultdict(list)
        for i in ids:
            groups["*" if country else st.main_type(i)[0]].append(i)
        for etype, group in groups.items():
            if etype == PERSON and len(st.locals_[group[0]].tokens) == 1:
                for part in st.corroborating_parts(group):  # a bare surname: one person per story
                    for j in part[1:]:
                        st.join(part[0], j, "same-name-across-documents")
                continue
            for j in group[1:]:
                st.join(group[0], j, "same-name-across-documents")
        if len(groups) > 1:  # different types: merge only weak evidence into the strongest group
            strong = max(groups, key=lambda t: (sum(sum(votes[i].values()) for i in groups[t]), t))
            for t, group in groups.items():
                if t == strong:
                    continue
                for i in group:
                    if st.main_type(i)[1] < 0.7 or sum(votes[i].values()) <= 1.0:
                        st.join(groups[strong][0], i, "same-name-across-documents")


@rule("acronym-across-documents", "an acronym joins its long form in every document when all its definitions agree")
def _acronym_across_documents(st: _State) -> None:
    for short, longs in sorted(st.block.definitions.items()):
        if short in st.ambiguous:
            continue
        members = [i for k in (short, *sorted(longs)) for i in st.by_key.get(k, [])]
        for j in members[1:]:
            st.join(members[0], j, "acronym-across-documents")


@rule("transliteration", "spellings of one name that differ as transliterations do (vowels, doubled letters, "
      "al-/el-, Abu/Abou, q/k/g, dh/kh/gh, sch/sh) join when their types agree and the same or a corroborated "
      "document names both; a surname spelt unlike the one full name it sounds like in its story joins it, when "
      "written no more often")
def _transliteration(st: _State) -> None:
    locals_ = st.locals_
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, loc in enumerate(locals_):
        if i in st.linked or is_acronym(loc.form):
            continue
        etype = st.main_type(i)[0]
        key = _sound_key(loc.key, etype)
        if key:
            groups[(key, etype)].append(i)  # a person and a place of one sound stay apart
    for (_, etype), ids in sorted(groups.items()):
        spellings: dict[str, list[int]] = defaultdict(list)
        for i in ids:
            spellings[locals_[i].key].append(i)
        if len(spellings) < 2:
            continue
        # the spelling written most often is the anchor; every other spelling joins it on its own evidence
        anchor = max(spellings, key=lambda k: (sum(len(locals_[i].mentions) for i in spellings[k]), k))
        anchor_docs = {locals_[i].doc: i for i in spellings[anchor]}
        for key, members in sorted(spellings.items()):
            if key == anchor or consonants(key) != consonants(anchor) or not spelling_close(key, anchor):
                continue  # "John Smith" is not "Jane Smith", "Apple" not "Apollo"
            if etype == PERSON and len(name_tokens(key)) != len(name_tokens(anchor)):
                continue  # "Ali Demir" and "Demir": the short-form rules decide
            if COUNTRIES.get(key) or key in REGION_NAMES:
                continue  # a country's or a state's own name is never another spelling
            for i in members:
                target = anchor_docs.get(locals_[i].doc)
                if target is not None:  # both spellings in one document: two people, or one place written twice
                    if etype != PERSON:
                        st.join(target, i, "transliteration", locals_[i].doc)
                elif not COUNTRIES.get(anchor) and anchor not in REGION_NAMES and st.corroborated(i, {anchor}):
                    st.join(spellings[anchor][0], i, "transliteration")
    for (sound, etype), ids in sorted(groups.items()):  # a country's name spelt another way in the story that
        if etype != ORG:  # names the country, read as an organisation ("Kestira's pipeline" beside "Kestria"):
            continue      # the country, as the tagger often reads a state acting
        countries = {locals_[j].doc: j for j in groups.get((sound, PLACE), ()) if COUNTRIES.get(locals_[j].key)}
        for i in ids:
            j = countries.get(locals_[i].doc)
            if j is not None and not COUNTRIES.get(locals_[i].key) and \
                    consonants(locals_[i].key) == consonants(locals_[j].key) and \
                    spelling_close(locals_[i].key, locals_[j].key):
                st.join(j, i, "transliteration", locals_[i].doc)
    for doc, ids in st.by_doc.items():  # a surname spelt unlike the one full name it fits: "Shmidt", "Anna Schmidt"
        people = [j for j in ids if st.person[j] and len(locals_[j].tokens) >= 2]
        for i in ids:
            loc = locals_[i]
            if i in st.linked or len(loc.tokens) != 1 or not st.votes[i].get(PERSON) or COUNTRIES.get(loc.key):
                continue
            word = loc.tokens[0]
            if any(locals_[j].tokens[-1] == word for j in people):
                continue  # the short-form rule's own case
            fits = [j for j in people if translit_key(locals_[j].tokens[-1]) == translit_key(word) != ""
                    and consonants(locals_[j].tokens[-1]) == consonants(word)]
            if len({st.clusters.find(j) for j in fits}) != 1:
                continue
            root = st.clusters.find(fits[0])
            named = sum(len(locals_[k].mentions) for k in ids if st.clusters.find(k) == root)
            alone = sum(len(locals_[k].mentions) for k in ids if st.clusters.find(k) == root
                        and locals_[k].tokens == locals_[fits[0]].tokens[-1:])
            # a slip of the pen is rarer than the name ("Hagen" written three times is not the "Tomas Hagan"
            # named once), and written once, or in a story that never writes the right surname alone ("Hagen"
            # written as often as "Hagan" alone is another man)
            if len(loc.mentions) <= named and (len(loc.mentions) == 1 or not alone) and \
                    spelling_close(word, locals_[fits[0]].tokens[-1]):
                st.join(fits[0], i, "transliteration", doc)
                st.linked.add(i)
                st.person_linked.add(i)


@rule("short-form-across-documents", "a lone short form joins the one full name in the corpus it fits, when its "
      "document and one of the full name's documents name another entity in common")
def _short_form_across_documents(st: _State) -> None:
    # Names are indexed by key and each key's clusters kept current (_KeyRoots), so a short form costs the
    # number of full names that fit it, not the number of their mentions: near-linear in the corpus.
    locals_, votes, clusters = st.locals_, st.votes, st.clusters
    person_groups: dict[str, list[int]] = defaultdict(list)  # full key -> its person-name groups
    for i, loc in enumerate(locals_):
        if st.person[i]:
            person_groups[loc.key].append(i)
    keys_by_last: dict[str, list[str]] = defaultdict(list)
    for key, ids in person_groups.items():
        keys_by_last[locals_[ids[0]].tokens[-1]].append(key)
    best = {key: max(ids, key=lambda j: (len(locals_[j].mentions), -j)) for key, ids in person_groups.items()}
    tracker = _KeyRoots(clusters, person_groups)
    fitting: dict[str, list[str]] = {}
    rule_name = "short-form-across-documents"
    for i, loc in enumerate(locals_):
        if i in st.linked or COUNTRIES.get(loc.key) or is_acronym(loc.form) or len(loc.tokens) > 2:
            continue
        if st.main_type(i)[0] != PERSON and not (votes[i].get(PERSON, 0) > 0):
            continue
        if loc.key not in fitting:
            fitting[loc.key] = [k for k in keys_by_last.get(loc.tokens[-1], ())
                                if _contains(loc.tokens, locals_[person_groups[k][0]].tokens)]
        fit_keys = fitting[loc.key]
        roots = tracker.roots_of(fit_keys)
        if len(roots) == 1 and clusters.find(i) not in roots and \
                not _titles_clash(loc, [locals_[j] for k in fit_keys for j in person_groups[k]]) and \
                st.corroborated(i, {*fit_keys, *tracker.keys_of[min(roots)]}):
            longest = max((best[k] for k in fit_keys),
                          key=lambda j: (len(locals_[j].tokens), len(locals_[j].mentions), -j))
            tracker.join(longest, i, partial(st.join, longest, i, rule_name, loc.doc))
            st.person_linked.add(i)
    # organisation short forms: index every ORG name by its word prefixes and by its name after a nationality
    org_groups: dict[str, list[int]] = defaultdict(list)
    for j, loc in enumerate(locals_):
        if st.main_type(j)[0] == ORG:
            org_groups[loc.key].append(j)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for key in org_groups:
        words = key.split()
        for n in range(1, len(words)):
            by_prefix[" ".join(words[:n])].add(key)
        if len(words) > 2 and words[0] in DEMONYMS:
            by_prefix["\x00" + " ".join(words[1:])].add(key)
    tracker = _KeyRoots(clusters, org_groups)
    for i, loc in enumerate(locals_):
        if i in st.linked or st.main_type(i)[0] != ORG:
            continue
        fit_keys = [k for k in sorted(by_prefix.get(loc.key, set()) | by_prefix.get("\x00" + loc.key, set()))
                    if _org_short(loc.tokens, k, loc.key)]
        roots = tracker.roots_of(fit_keys)
        if len(roots) == 1 and clusters.find(i) not in roots and \
                st.corroborated(i, {*fit_keys, *tracker.keys_of[min(roots)]}):
            first = min(org_groups[k][0] for k in fit_keys)
            tracker.join(first, i, partial(st.join, first, i, rule_name, loc.doc))


@rule("override", "names the override file merges")
def _override(st: _State) -> None:
    forced_merge = st.overrides.merge_keys()
    if not forced_merge:
        return
    by_canonical: dict[str, list[int]] = defaultdict(list)
    for i, loc in enumerate(st.locals_):
        if loc.key in forced_merge:
            by_canonical[forced_merge[loc.key]].append(i)
    for ids in by_canonical.values():
        for j in ids[1:]:  # a forced merge overrides a forbidden one only through the file itself
            st.clusters.union(ids[0], j, Merge("override", st.locals_[ids[0]].form, st.locals_[j].form))


def rule_names(names: Iterable[str]) -> frozenset[str]:
    """``names`` checked against :data:`RULES`; :class:`~kg.errors.InputError` names any that is no rule."""
    names = frozenset(names)
    unknown = sorted(names - set(RULES))
    if unknown:
        raise InputError(f"no merge rule named {', '.join(unknown)} (the rules: {', '.join(RULES)})")
    return names


def _resolve_block(block: _Block) -> list[tuple]:
    """Resolve one block of names with the registered rules (:data:`RULES`, minus ``block.disabled``) into
    entity drafts: (label key, type, first mention id, label, mentions, merges)."""
    st = _State(block)
    for name, (fn, _) in RULES.items():
        if name not in block.disabled:
            fn(st)
    locals_, clusters, overrides = st.locals_, st.clusters, st.overrides
    forced_merge = overrides.merge_keys()
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(locals_)):
        members[clusters.find(i)].append(i)
    drafts = []
    for root, ids in members.items():
        ms = [m for i in ids for m in locals_[i].mentions]
        keys = {locals_[i].key for i in ids}
        countries = {locals_[i].key for i in ids if i not in st.person_linked}
        counts = [_type_votes(locals_[i].mentions, True) if i in st.person_linked else st.votes[i] for i in ids]
        etype = _decide_type(counts, len(ms), keys, overrides.types, countries)
        label = next((forced_merge[k] for k in sorted(keys) if k in forced_merge), None) or _label(ms, keys, etype)
        first = min(ms, key=lambda m: (m.doc, m.start, m.end))
        merges = tuple(sorted(set(clusters.merges.get(root, [])), key=lambda g: (g.rule, g.left, g.right, g.doc)))
        drafts.append((name_key(label), etype, first.id, label, ms, merges))
    return drafts


def resolve_entities(extractions: Iterable[Extraction], overrides: Overrides | None = None, *,
                     blocked: bool = False, map_blocks=map, disabled: Iterable[str] = ()) -> Resolution:
    """Resolve the mentions of all documents into entities. Deterministic for the same input.

    The merge rules of :data:`RULES` run in their declared order; ``disabled`` names rules to skip
    (:class:`~kg.errors.InputError` for a name that is no rule).

    With ``blocked=True`` the names are partitioned by :func:`blocks` and each block is resolved on its
    own, through ``map_blocks`` (the built-in ``map``, or a cluster's map); the result is identical to the
    single pass, which treats the whole corpus as one block.
    """
    overrides = overrides or Overrides()
    disabled = rule_names(disabled)
    extractions = sorted(extractions, key=lambda e: e.doc)
    dropped, locals_, votes, acronyms, definitions = _prepare(extractions, overrides)
    compounds = _compounds(extractions, locals_)
    facilities = _facility_descriptors(extractions, locals_)
    context: dict[str, set[str]] = defaultdict(set)
    for loc in locals_:
        context[loc.doc].add(loc.key)
    context = {doc: frozenset(keys) for doc, keys in context.items()}
    common = _common_names(context)
    if not blocked:
        tasks = [_Block(locals_, votes, acronyms, definitions, overrides, context, disabled, compounds, facilities,
                        common)]
    else:  # each block gets the acronyms and definitions that name one of its keys, found by key
        acronyms_of: dict[str, list[int]] = defaultdict(list)
        for n, (_, short, long) in enumerate(acronyms):
            acronyms_of[short].append(n)
            acronyms_of[long].append(n)
        tasks = []
        for ids in blocks(locals_, votes, acronyms, overrides, compounds, facilities):
            chosen = [locals_[i] for i in ids]
            docs = {loc.doc for loc in chosen}
            keys = {loc.key for loc in chosen}
            found = sorted({n for key in {loc.key for loc in chosen} for n in acronyms_of.get(key, ())})
            mine = [acronyms[n] for n in found if acronyms[n][0] in docs]
            shorts = {acronyms[n][1] for n in found}
            tasks.append(_Block(chosen, [votes[i] for i in ids], mine, {s: definitions[s] for s in sorted(shorts)},
                                overrides, {doc: context[doc] for doc in sorted(docs)}, disabled,
                                {p: c for p, c in compounds.items() if p in keys},
                                {(d, k): f for (d, k), f in facilities.items() if d in docs and k in keys},
                                common))
    drafts = [d for result in map_blocks(_resolve_block, tasks) for d in result]
    drafts.sort(key=lambda d: (d[0], d[1], d[2]))
    seen: Counter = Counter()
    entities, mention_entity = [], {}
    for key, etype, first, label, ms, merges in drafts:
        seen[(key, etype)] += 1
        eid = make_id(etype, key) if seen[(key, etype)] == 1 else make_id(etype, key, first)
        aliases = tuple(sorted({" ".join(m.text.split()) for m in ms}))
        titles = tuple(sorted({m.title for m in ms if m.title}))
        docs = tuple(sorted({m.doc for m in ms}))
        entities.append(Entity(eid, label, etype, aliases, titles, len(ms), docs, merges))
        for m in ms:
            mention_entity[m.id] = eid
    return Resolution(entities=entities, mention_entity=mention_entity, dropped=dropped)


