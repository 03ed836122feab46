"""Word lists as data (``kg/data/lexicon.yaml``), loaded once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["LEXICON", "lexicon"]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The whole lexicon as a dict of sections."""
    text = resources.files("kg").joinpath("data").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


#: The lexicon, loaded once at import.
LEXICON = lexicon()
