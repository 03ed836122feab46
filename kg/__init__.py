"""kg: documents in, cited entity-relationship knowledge graph out.

>>> import kg
>>> graph = kg.build_graph(["seeds"])          # doctest: +SKIP
>>> kg.write_outputs(graph, "graphs/seeds")   # doctest: +SKIP
"""

__version__ = "0.1.0"

from .build import BuildReport, build_graph, run_build, write_outputs  # noqa: E402
from .errors import AmbiguousEntity, EntityNotFound, InputError, KGError, ModelNotFound, OverrideError  # noqa: E402
from .export import read_graphml, read_json, write_graphml, write_json  # noqa: E402
from .model import load_model  # noqa: E402
from .overrides import Overrides, load_overrides  # noqa: E402
from .query import explain, find, find_one, load_graph  # noqa: E402

__all__ = [
    "AmbiguousEntity",
    "BuildReport",
    "EntityNotFound",
    "InputError",
    "KGError",
    "ModelNotFound",
    "OverrideError",
    "Overrides",
    "build_graph",
    "explain",
    "find",
    "find_one",
    "load_graph",
    "load_model",
    "load_overrides",
    "read_graphml",
    "read_json",
    "run_build",
    "write_graphml",
    "write_json",
    "write_outputs",
]
