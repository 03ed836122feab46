"""kg's ontology as data (``kg/data/schema.yaml``): node types, NER label map, typed relations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Attribute", "ORG", "PERSON", "PLACE", "RelationType", "attributes", "ner_cue_labels", "node_types", "ner_label_types",
           "relation_types"]

#: The node types as names code can use (``kg/data/schema.yaml`` declares them; a test checks they agree).
PERSON, ORG, PLACE = "PERSON", "ORG", "PLACE"


@dataclass(frozen=True, slots=True)
class RelationType:
    """A typed relation and the node types it allows at each end."""

    name: str
    subject: frozenset[str]
    object: frozenset[str]
    model: bool = False
    symmetric: bool = False
    description: str = ""

    def fits(self, subject_type: str, object_type: str) -> bool:
        """Whether a subject and an object of these node types can hold this relation."""
        return subject_type in self.subject and object_type in self.object


@lru_cache(maxsize=1)
def _schema() -> dict:
    text = resources.files("kg").joinpath("data").joinpath("schema.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def node_types() -> dict[str, dict]:
    """Node type -> ``{"colour", "description"}``, in the schema's order."""
    return dict(_schema()["node_types"])


def ner_label_types() -> dict[str, str]:
    """spaCy NER label -> kg node type."""
    return dict(_schema()["ner_labels"])


def ner_cue_labels() -> list[str]:
    """NER labels kept only when the sentence's structure gives the name a node type."""
    return list(_schema().get("ner_cue_labels", []))


@lru_cache(maxsize=1)
def relation_types() -> dict[str, RelationType]:
    """Relation name -> :class:`RelationType`, in the schema's order."""
    return {name: RelationType(name, frozenset(spec["subject"]), frozenset(spec["object"]),
                               bool(spec.get("model")), bool(spec.get("symmetric")), spec.get("description", ""))
            for name, spec in _schema()["relations"].items()}


@dataclass(frozen=True, slots=True)
class Attribute:
    """An attribute kg writes on nodes or edges: ``kind`` is scalar, list, json or view."""

    name: str
    on: str
    kind: str
    type: str
    description: str


@lru_cache(maxsize=1)
def attributes() -> dict[tuple[str, str], Attribute]:
    """``(on, name) -> Attribute`` for every node and edge attribute, ``on`` being ``node`` or ``edge``."""
    return {(on, name): Attribute(name, on, spec["kind"], spec["type"], spec.get("description", ""))
            for on, table in _schema()["attributes"].items() for name, spec in table.items()}
