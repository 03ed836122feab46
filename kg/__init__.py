"""kg: documents in, cited entity-relationship knowledge graph out.

Everything a notebook needs is here: build, load, query, export.

>>> import kg
>>> graph = kg.build_graph(["seeds"])          # doctest: +SKIP
>>> kg.neighbors(graph, "Ana Ruiz", kind="relation")  # doctest: +SKIP
>>> kg.write_outputs(graph, "graphs/seeds")   # doctest: +SKIP
"""

__version__ = "0.1.0"

from .build import BuildReport, build, build_graph, run_build, write_outputs  # noqa: E402
from .errors import AmbiguousEntity, EntityNotFound, InputError, KGError, ModelNotFound, OverrideError  # noqa: E402
from .export import (  # noqa: E402
    flatten, generate_csv, generate_gexf, generate_graphml, load, read_graphml, read_json, write_csv, write_gexf,
    write_graphml, write_json,
)
from .graph import Corpus, simple_graph  # noqa: E402
from .model import load_model  # noqa: E402
from .overrides import Overrides, load_overrides  # noqa: E402
from .query import (  # noqa: E402
    brokers, communities, ego_graph, evidence, explain, find, find_one, load_graph, mentions, neighbors, paths,
    reindex, top,
)

__all__ = [
    "AmbiguousEntity",
    "BuildReport",
    "Corpus",
    "EntityNotFound",
    "InputError",
    "KGError",
    "ModelNotFound",
    "OverrideError",
    "Overrides",
    "brokers",
    "build",
    "build_graph",
    "communities",
    "ego_graph",
    "evidence",
    "explain",
    "find",
    "find_one",
    "flatten",
    "generate_csv",
    "generate_gexf",
    "generate_graphml",
    "load",
    "load_graph",
    "load_model",
    "load_overrides",
    "mentions",
    "neighbors",
    "paths",
    "read_graphml",
    "read_json",
    "reindex",
    "run_build",
    "simple_graph",
    "top",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_outputs",
]
