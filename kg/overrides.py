"""The user's override file: force or forbid merges, drop names, fix types, keep group words."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OverrideError
from .normalize import name_key
from .schema import PLACE, node_types

__all__ = ["Overrides", "load_overrides"]

_TYPES = tuple(node_types())


@dataclass(frozen=True)
class Overrides:
    """Decisions a user made by hand; they win over every rule. Names are matched by :func:`name_key`."""

    merge: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (canonical, aliases)
    forbid: tuple[tuple[str, str], ...] = ()
    drop: frozenset[str] = field(default_factory=frozenset)  # keys
    types: dict[str, str] = field(default_factory=dict)  # key -> type
    keep: frozenset[str] = field(default_factory=frozenset)  # group words kept as nodes

    def merge_keys(self) -> dict[str, str]:
        """key of every forced alias -> canonical label."""
        out = {}
        for canonical, aliases in self.merge:
            for name in (canonical, *aliases):
                out[name_key(name)] = canonical
        return out

    def forbidden(self) -> set[frozenset[str]]:
        return {frozenset((name_key(a), name_key(b))) for a, b in self.forbid}


def _check_type(value: str, where: str) -> str:
    value = str(value).strip().upper()
    if value == "LOCATION" or value in ("GPE", "LOC", "FAC"):
        value = PLACE
    if value not in _TYPES:
        raise OverrideError(f"{where}: type must be one of {', '.join(_TYPES)}, not {value!r}")
    return value


def _from_mapping(data: dict, source: str) -> Overrides:
    if not isinstance(data, dict):
        raise OverrideError(f"{source}: expected a mapping with keys merge, forbid, drop, type, keep")
    unknown = set(data) - {"merge", "forbid", "drop", "type", "types", "keep"}
    if unknown:
        raise OverrideError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")
    merges, types = [], {}
    for i, item in enumerate(data.get("merge") or []):
        if not isinstance(item, dict) or "name" not in item:
            raise OverrideError(f"{source}: merge entry {i + 1} needs a 'name' (and 'aliases')")
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        merges.append((str(item["name"]), tuple(str(a) for a in aliases)))
        if item.get("type"):
            types[name_key(str(item["name"]))] = _check_type(item["type"], f"{source}: merge {item['name']}")
    forbid = []
    for i, pair in enumerate(data.get("forbid") or []):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise OverrideError(f"{source}: forbid entry {i + 1} must be a pair of names")
        forbid.append((str(pair[0]), str(pair[1])))
    for name, value in (data.get("type") or data.get("types") or {}).items():
        types[name_key(str(name))] = _check_type(value, f"{source}: type of {name}")
    return Overrides(merge=tuple(merges), forbid=tuple(forbid),
                     drop=frozenset(name_key(str(n)) for n in data.get("drop") or []),
                     types=types, keep=frozenset(name_key(str(n)) for n in data.get("keep") or []))


def _from_csv(text: str, source: str) -> Overrides:
    data: dict = {"merge": [], "forbid": [], "drop": [], "type": {}, "keep": []}
    merges: dict[str, list[str]] = {}
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        row = [c.strip() for c in row]
        if not row or not row[0] or row[0].startswith("#") or (n == 1 and row[0].lower() == "action"):
            continue
        action, name, value = (row + ["", ""])[:3]
        action = action.lower()
        if not name:
            raise OverrideError(f"{source}:{n}: a name is required")
        if action == "merge":
            if not value:
                raise OverrideError(f"{source}:{n}: merge needs an alias in the third column")
            merges.setdefault(name, []).append(value)
        elif action == "forbid":
            if not value:
                raise OverrideError(f"{source}:{n}: forbid needs a second name in the third column")
            data["forbid"].append([name, value])
        elif action == "drop":
            data["drop"].append(name)
        elif action == "keep":
            data["keep"].append(name)
        elif action == "type":
            data["type"][name] = value
        else:
            raise OverrideError(f"{source}:{n}: unknown action {action!r} (merge, forbid, drop, type, keep)")
    data["merge"] = [{"name": k, "aliases": v} for k, v in merges.items()]
    return _from_mapping(data, source)


def load_overrides(path: str | Path | None) -> Overrides:
    """Read an override file (``.yaml``/``.yml`` or ``.csv``); ``None`` gives no overrides.

    Parameters
    ----------
    path : str or Path or None
        The file (see the README's "override file").

    Returns
    -------
    Overrides

    Raises
    ------
    OverrideError
        If the file is missing or malformed (the message names the file and the line or entry).

    Examples
    --------
    >>> load_overrides(None) == Overrides()
    True
    """
    if path is None:
        return Overrides()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise OverrideError(f"{path}: cannot read the override file ({exc.strerror})") from exc
    if path.suffix.lower() == ".csv":
        return _from_csv(text, str(path))
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise OverrideError(f"{path}: not valid YAML ({exc})") from exc
    return _from_mapping(data, str(path))
