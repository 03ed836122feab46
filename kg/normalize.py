"""Name normalisation: general resources (countries, titles, particles) and the keys names are matched by."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish

from .lexicon import WORDS, load_table

__all__ = [
    "COUNTRIES",
    "DEMONYMS",
    "REGION_ABBREVIATIONS",
    "REGION_NAMES",
    "WORDS",
    "country_of",
    "fold",
    "is_acronym",
    "load_table",
    "name_key",
    "name_tokens",
    "region_of",
    "spelling_close",
    "split_title",
    "trim_name",
]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "«": '"', "»": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-",
                         "—": "-", "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": ""})
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
                          "Œ": "OE", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ð": "d"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``fold("Gönül’s") == "gonul's"``; ``fold("İNCE") == "ince"``."""
    text = text.translate(_QUOTES).casefold().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(text.split())


_DOMAIN = re.compile(r"\.(com|net|org|co\.uk|co|io)$")


def _key(text: str) -> str:
    text = _DOMAIN.sub("", fold(text)).replace("-", " ").replace("'", "")
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. -> US.
    text = re.sub(r"[^\w\s&]", " ", text)
    return " ".join(text.split())




def _countries():
    canon: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in load_table("countries.tsv"):
        name, variants, adjectives = (row + ["", ""])[:3]
        canon[_key(name)] = name
        for variant in filter(None, variants.split("|")):
            canon[_key(variant)] = name
        for adjective in filter(None, adjectives.split("|")):
            demonyms[_key(adjective)] = name
    return canon, demonyms


#: folded key of a country name or variant -> canonical name ("us" -> "United States").
COUNTRIES, DEMONYMS = _countries()
#: a region's abbreviation as written after a town ("Fla.", "N.Y.") -> the region's name ("Florida").
REGION_ABBREVIATIONS = {abbr: row[0] for row in load_table("regions.tsv") for abbr in (row + [""])[1].split("|") if abbr}


#: The keys of the states and provinces of regions.tsv ("georgia" of "Georgia (US state)").
REGION_NAMES = frozenset(_key(row[0].split(" (")[0]) for row in load_table("regions.tsv"))


def region_of(text: str) -> str | None:
    """The state or province an abbreviation names, with or without its final dot (``"Tex"`` -> ``"Texas"``)."""
    return REGION_ABBREVIATIONS.get(text) or REGION_ABBREVIATIONS.get(text + ".")
_TITLES = {_key(w) for w in WORDS["title"]}
_TITLE_MODIFIERS = {_key(w) for w in WORDS["title_modifier"]} | set(DEMONYMS)
_ARTICLES = set(WORDS["article"])
PARTICLES = frozenset(_key(w) for w in WORDS["particle"])


def country_of(name: str) -> str | None:
    """The canonical country for a name or variant (``"U.S."`` -> ``"United States"``), else None."""
    key = _key(name)
    if key.startswith("the "):
        key = key[4:]
    return COUNTRIES.get(key)


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """The key names are matched by: folded, punctuation-free, country variants made canonical."""
    key = _key(name)
    if key.startswith("the "):
        key = key[4:]
    country = COUNTRIES.get(key)
    return _key(country) if country else key


@lru_cache(maxsize=1 << 18)
def name_tokens(key: str) -> tuple[str, ...]:
    """Tokens of a key without name particles: ``"abu karim al hadi"`` -> ``("karim", "hadi")``."""
    tokens = tuple(t for t in key.split() if t not in PARTICLES)
    return tokens or tuple(key.split())


#: Letters written differently for one sound across transliterations (Arabic qaf as q, g or k; dh, kh, gh, ph;
#: German sch).
_TRANSLIT = (("sch", "sh"), ("dh", "d"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("ou", "u"), ("q", "k"))


def _respell(token: str) -> str:
    """One spelling for the letters transliterations write differently, a first g/k/q made k."""
    for a, b in _TRANSLIT:
        token = token.replace(a, b)
    return "k" + token[1:] if token[:1] in ("g", "q") else token


@lru_cache(maxsize=1 << 18)
def translit_key(key: str) -> str:
    """A key that transliteration variants of one name share (``name_key`` form in, ``""`` for names too
    short to compare): name particles dropped, each word written as it sounds (jellyfish's NYSIIS code) after
    the usual variant spellings are made one, a first g/k/q made k.

    >>> translit_key("gaddafi") == translit_key("qadhafi")
    True
    >>> translit_key("tal marun") == translit_key("tel maroun"), translit_key("abu karim al hadi") == translit_key("abou karim el hadi")
    (True, True)
    >>> translit_key("mohammed") == translit_key("mohamad"), translit_key("ali demir") == translit_key("ali kaya")
    (True, False)
    """
    words = [jellyfish.nysiis(_respell(t)).lower() if t.isalpha() and len(t) >= 3 else t for t in name_tokens(key)]
    return " ".join(words) if sum(len(w) for w in words) >= 4 else ""


def spelling_close(a: str, b: str) -> bool:
    """Whether two names (``name_key`` form) of as many words differ word by word only as a slip or a
    transliteration does: at most one edit (Damerau-Levenshtein, jellyfish) per word, two in a word of
    five letters or more, after the usual variant spellings are made one.

    >>> spelling_close("tal afar", "tel afer"), spelling_close("tahran", "teharan")
    (True, True)
    >>> spelling_close("apple", "apollo"), spelling_close("kesteran", "kastoria")
    (False, False)
    """
    one, two = name_tokens(a), name_tokens(b)
    if len(one) != len(two):
        return False
    for x, y in zip(one, two):
        x, y = _respell(x), _respell(y)
        if jellyfish.damerau_levenshtein_distance(x, y) > (2 if min(len(x), len(y)) >= 5 else 1):
            return False
    return True


@lru_cache(maxsize=1 << 18)
def consonants(key: str) -> str:
    """The consonants of a name's words (``name_key`` form), variant spellings made one and doubled letters
    single: what transliterations of one name keep ("mohamad" and "mohammed" -> ``"mhmd"``; "john" ->
    ``"jhn"``, "jane" -> ``"jn"``).

    >>> consonants("qadhafi") == consonants("gaddafi"), consonants("tal marun") == consonants("tel maroune")
    (True, True)
    """
    words = []
    for token in name_tokens(key):
        kept = [c for c in _respell(token) if c not in "aeiouy"]
        words.append("".join(c for n, c in enumerate(kept) if n == 0 or c != kept[n - 1]))
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def is_acronym(text: str) -> bool:
    """``ETA``, ``U.S.``, ``İHH``: 2-8 letters, mostly capitals."""
    letters = [c for c in text if c.isalpha()]
    if not 2 <= len(letters) <= 8 or " " in text.strip():
        return False
    return sum(c.isupper() for c in letters) >= len(letters) - 1 and letters[0].isupper()


_WORD = re.compile(r"\S+")


def split_title(name: str) -> tuple[str, str]:
    """Split a leading title from a name: ``"Interior Minister Jane Doe"`` -> ``("Interior Minister", "Jane Doe")``.

    Only a prefix ending in a head title counts (``"Interior Ministry"`` is left alone), and at least
    one word of the name always remains.
    """
    words = _WORD.findall(name)
    cut = 0
    for i, word in enumerate(words[:-1]):
        key = _key(word)
        if key in _TITLES or _key(" ".join(words[cut:i + 1])) in _TITLES:
            cut = i + 1
        elif key not in _TITLE_MODIFIERS:
            break
    if cut == 0:
        return "", name
    # keep character positions: find where the remaining name starts
    pos = 0
    for word in words[:cut]:
        pos = name.index(word, pos) + len(word)
    rest = name[pos:].lstrip()
    return name[: len(name) - len(name[pos:])].strip(), rest


_TRAIL_WORDS = re.compile(r"(?:\s+(?:and|or|of|the|for|in|at|on|&|de|du|des))+$")
_LEAD = re.compile(r"[\s\"'“”‘’«»<(\[{*•·,;:.!?\-–—]+")
_TRAIL = re.compile(r"[\s\"'“”‘’«»>)\]}*•·,;:!?\-–—]+$")
_POSSESSIVE = re.compile(r"['’`]s?$")


def trim_name(text: str, *, titles: bool = True) -> tuple[int, int, str]:
    """Offsets ``(start, end)`` of the name inside a tagged span, and the title cut from its front.

    Strips stray punctuation and quotes, leading articles, a trailing possessive and a leading title:
    ``trim_name("the “Al-Qadr")`` -> ``(5, 12, "")``; ``trim_name("President Macron’s")`` ->
    ``(10, 16, "President")``. ``text[start:end]`` is the name, verbatim; it never ends inside brackets.

    >>> trim_name("The Ministry of Internal Trade (MIT")
    (4, 30, '')
    >>> trim_name("the Party of Labour (PPL)")
    (4, 19, '')
    """
    start, end = 0, len(text)
    for _ in range(3):
        m = _LEAD.match(text, start, end)
        if m and m.end() > start:
            start = m.end()
        first = text[start:end].split(" ", 1)
        if len(first) == 2 and first[0] in _ARTICLES:
            start += len(first[0]) + 1
        sub = text[start:end]
        m = _POSSESSIVE.search(sub)
        if m and len(sub) > 2 and not sub.endswith(("''", '"')):
            if m.group(0) != "'" or sub[-2:-1].lower() == "s":
                end = start + m.start()
        m = _TRAIL_WORDS.search(text, start, end)
        if m and m.start() > start:
            end = m.start()
        m = _TRAIL.search(text, start, end)
        if m and m.start() < end:
            # keep a final period that belongs to an abbreviation ("U.S.", "Jr.", "Karl B.")
            end = m.start()
        while end > start and text[end - 1] == "." and not re.search(r"(\b\w|\.\w)\.$", text[start:end]):
            end -= 1
    opened = []  # a name never ends inside brackets: "Ministry of Trade (MIT" is "Ministry of Trade"
    for i in range(start, end):
        if text[i] in "([":
            opened.append(i)
        elif text[i] in ")]" and opened:
            opened.pop()
    if opened:
        end = opened[0]
        while end > start and text[end - 1] in " \t\n,;:-–—":
            end -= 1
    title = ""
    sub = text[start:end]
    title_text, rest = split_title(sub) if titles else ("", sub)
    if title_text:
        title = title_text
        start = end - len(rest)
    return start, end, title
