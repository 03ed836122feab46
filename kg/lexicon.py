"""Every word list kg reads, loaded by this one module: ``kg/data/lexicon.yaml`` (relation rules,
extraction, resolution, references), ``words.tsv`` (titles, heads, furniture, ...), ``relations.tsv``
(role nouns, verbs, verb + preposition), ``countries.tsv`` (the gazetteer) and ``regions.tsv`` (states and provinces with their abbreviations). No word list lives in code."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["LEXICON", "WORDS", "lexicon", "load_table"]


def load_table(name: str) -> list[list[str]]:
    """The rows of a tab-separated file in ``kg/data/`` (comments and blank lines left out)."""
    text = resources.files("kg").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for kind, words in load_table("words.tsv"):
        out[kind] = out.get(kind, ()) + tuple(w for w in words.split("|") if w)
    return out


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The whole lexicon as a dict of sections."""
    text = resources.files("kg").joinpath("data").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


#: The lexicon, loaded once at import.
LEXICON = lexicon()
#: ``words.tsv``: kind -> words.
WORDS = _words()
