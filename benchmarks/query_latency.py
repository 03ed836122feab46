"""Query latencies on a built graph (default: Reuters-21578, built first if needed).

    python benchmarks/query_latency.py [--graph /tmp/reuters_graph] [--data ../shared/data] [--samples 200]

Builds `reuters21578.jsonl` with `kg build` into --graph unless a graph is already there, loads it,
then times, on a fixed random sample of entities (seed 0): name lookup, neighbours, evidence between
an entity and one of its neighbours, and the shortest path with evidence between two entities of the
largest connected part. Prints median and 95th-percentile milliseconds (the first call, which builds
the name index, is timed separately). Skips with a message when the data is absent.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx

from kg import query as q


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000


def report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{name:32s} n={len(ms):4d}  median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms   max {ms[-1]:7.2f} ms")


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--graph", type=Path, default=Path("/tmp/kg_reuters_graph"))
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    if not (args.graph / "graph.graphml").is_file():
        source = args.data / "news" / "reuters21578.jsonl"
        if not source.is_file():
            print(f"skipped: {source} not found (set --data or KG_DATA)")
            return 0
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("kg")), "build", str(source), "--out", str(args.graph)],
                       check=True)
        print(f"built in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    graph = q.load_graph(args.graph)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
          f"loaded in {time.perf_counter() - started:.1f}s")
    rng = random.Random(0)
    nodes = sorted(n for n in graph if graph.degree(n) > 0)
    sample = rng.sample(nodes, min(args.samples, len(nodes)))
    labels = [graph.nodes[n]["label"] for n in sample]
    print(f"first lookup (builds the name index): {timed(q.find, graph, labels[0]):.0f} ms")
    report("find (name -> entities)", [timed(q.find, graph, name) for name in labels])
    unique = [(n, name) for n, name in zip(sample, labels) if len(q.find(graph, name)) == 1 or
              q.find(graph, name)[0]["score"] > q.find(graph, name)[1]["score"]]
    report("neighbors (by name)", [timed(q.neighbors, graph, name) for _, name in unique])
    report("neighbors (by id)", [timed(q.neighbors, graph, n) for n in sample])
    pairs = []
    for n in sample:
        others = sorted(set(graph.successors(n)) | set(graph.predecessors(n)))
        pairs.append((n, rng.choice(others)))
    report("evidence (entity, neighbour)", [timed(q.evidence, graph, a, b) for a, b in pairs])
    named = [(graph.nodes[a]["label"], b) for (a, b), (n, _) in zip(pairs, zip(sample, labels)) if (a, graph.nodes[a]["label"]) in unique]
    report("evidence (by name)", [timed(q.evidence, graph, a, b) for a, b in named])
    simple = q._index(graph).simple
    giant = sorted(max(nx.connected_components(simple), key=len))
    path_pairs = []  # random pairs of the largest connected part at most 6 links apart (kg path's limit)
    while len(path_pairs) < min(100, args.samples):
        a, b = rng.sample(giant, 2)
        if len(nx.bidirectional_shortest_path(simple, a, b)) <= 7:
            path_pairs.append((a, b))
    report("path with evidence (k=1)", [timed(q.paths, graph, a, b) for a, b in path_pairs])
    report("paths with evidence (k=3)", [timed(q.paths, graph, a, b, k=3) for a, b in path_pairs[:30]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
