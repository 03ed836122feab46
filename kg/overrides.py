"""The user's override file: force or forbid merges, drop names, fix types, keep group words."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OverrideError
from .normalize import name_key
from .read import decode_bytes
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


def _names(value, what: str) -> list[str]:
    """A list of names (a single name is a list of one); anything else is an error naming ``what``."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                              for v in value):
        raise OverrideError(f"{what} must be a list of names, not {_show(value)}")
    names = [str(v).strip() for v in value]
    if any(not n for n in names):
        raise OverrideError(f"{what}: an empty name")
    return names


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _from_mapping(data: dict, source: str) -> Overrides:
    if not isinstance(data, dict):
        raise OverrideError(f"{source}: expected a mapping with keys merge, forbid, drop, type, keep")
    unknown = set(map(str, data)) - {"merge", "forbid", "drop", "type", "types", "keep"}
    if unknown:
        raise OverrideError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")
    merges, types, typed_by = [], {}, {}
    merge_entries = data.get("merge") or []
    if not isinstance(merge_entries, list):
        raise OverrideError(f"{source}: merge must be a list of entries (- name: ..., aliases: [...])")
    for i, item in enumerate(merge_entries, start=1):
        if not isinstance(item, dict) or "name" not in item:
            raise OverrideError(f"{source}: merge entry {i} needs a 'name' (and 'aliases')")
        extra = set(map(str, item)) - {"name", "aliases", "type"}
        if extra:
            raise OverrideError(f"{source}: merge entry {i}: unknown key(s) {', '.join(sorted(extra))}")
        [name] = _names(item["name"], f"{source}: merge entry {i}: name")[:1] or [""]
        aliases = _names(item.get("aliases"), f"{source}: merge entry {i} ({name}): aliases")
        merges.append((name, tuple(aliases)))
        if item.get("type") is not None:
            types[name_key(name)] = _check_type(item["type"], f"{source}: merge entry {i} ({name})")
            typed_by[name_key(name)] = f"merge entry {i}"
    forbid_entries = data.get("forbid") or []
    if not isinstance(forbid_entries, list):
        raise OverrideError(f"{source}: forbid must be a list of pairs of names")
    forbid = []
    for i, pair in enumerate(forbid_entries, start=1):
        names = _names(pair, f"{source}: forbid entry {i}") if isinstance(pair, list) else []
        if len(names) != 2:
            raise OverrideError(f"{source}: forbid entry {i} must be a pair of names, not {_show(pair)}")
        forbid.append((names[0], names[1]))
    type_section = data.get("type") if data.get("type") is not None else data.get("types")
    if type_section is not None and not isinstance(type_section, dict):
        raise OverrideError(f"{source}: type must be a mapping of name: type, not {_show(type_section)}")
    for name, value in (type_section or {}).items():
        if not isinstance(value, str):
            raise OverrideError(f"{source}: type of {name}: must be one of {', '.join(_TYPES)}, not {_show(value)}")
        key = name_key(str(name))
        checked = _check_type(value, f"{source}: type of {name}")
        if key in types and types[key] != checked:
            raise OverrideError(f"{source}: type of {name} ({checked}) contradicts {typed_by[key]} ({types[key]})")
        types[key] = checked
    drop = _names(data.get("drop"), f"{source}: drop")
    keep = _names(data.get("keep"), f"{source}: keep")
    overrides = Overrides(merge=tuple(merges), forbid=tuple(forbid), drop=frozenset(name_key(n) for n in drop),
                          types=types, keep=frozenset(name_key(n) for n in keep))
    _check_contradictions(overrides, drop, source)
    return overrides


def _check_contradictions(overrides: Overrides, drop: list[str], source: str) -> None:
    """Entries that cannot all hold: a pair merged and forbidden, a name merged into two entities, a
    name dropped and merged or typed."""
    owner: dict[str, tuple[int, str]] = {}
    for i, (canonical, aliases) in enumerate(overrides.merge, start=1):
        for name in (canonical, *aliases):
            key = name_key(name)
            if key in owner and owner[key][0] != i:
                raise OverrideError(f"{source}: {name!r} is in merge entry {owner[key][0]} ({owner[key][1]}) and in "
                                    f"merge entry {i} ({canonical}); one name can join one entity")
            owner.setdefault(key, (i, canonical))
    for j, (a, b) in enumerate(overrides.forbid, start=1):
        ka, kb = name_key(a), name_key(b)
        if ka in owner and kb in owner and owner[ka][0] == owner[kb][0]:
            raise OverrideError(f"{source}: forbid entry {j} ({a} / {b}) contradicts merge entry {owner[ka][0]} "
                                f"({owner[ka][1]}), which joins them; remove one")
    for name in drop:
        key = name_key(name)
        if key in owner:
            raise OverrideError(f"{source}: {name!r} is dropped and in merge entry {owner[key][0]}; remove one")
        if key in overrides.types:
            raise OverrideError(f"{source}: {name!r} is dropped and given a type; remove one")


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
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise OverrideError(f"{path}: {size:,} bytes is too large for an override file (at most {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise OverrideError(f"{path}: cannot read the override file ({exc.strerror or exc})") from exc
    text = decode_bytes(data).text  # UTF-8, else cp1252 (Excel's CSV on Windows), as documents are read
    if path.suffix.lower() == ".csv":
        return _from_csv(text, str(path))
    return _from_mapping(_safe_yaml(text, str(path)), str(path))


#: An override file larger than this is refused (a list of names, not a dump).
MAX_BYTES = 10_000_000


def _safe_yaml(text: str, source: str):
    """YAML read with the safe loader; anchors and aliases (``&a``, ``*a``) are refused, so a few hundred
    bytes of nested aliases (a "billion laughs") cannot grow into gigabytes."""
    import yaml

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise OverrideError(f"{source}:{mark.line + 1}: anchors and aliases (&name, *name) are not allowed "
                                    "in an override file; write the names out")
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise OverrideError(f"{source}{where}: not valid YAML ({problem or str(exc).splitlines()[0]})") from None
