"""Speed and memory of `kg build`, measured against bare spaCy on the same machine and corpus slice.

    python benchmarks/speed.py [--data ../shared/data] [--docs 300] [--pairs 3] [--skip-memory]

1. throughput: bare `nlp.pipe` (the whole pipeline, default batch size) and `kg build` (one process, no
   cache, every stage) on the same BBC News slice in the same run, alternated `--pairs` times (whole
   processes); medians, words/s and the ratio.
2. jobs: `kg build --jobs 2` against `--jobs 1` on the same slice (no cache), in the same rounds.
3. rebuild: a full build with the cache, then one document changed, then the rebuild; both times.
4. memory: peak RSS of `kg build` on Reuters-21578 (`reuters21578.jsonl`, ~20k documents).

Builds run the `kg` command as a child process; memory is its peak RSS (getrusage). Skips with a
message when the data is absent. Figures are printed; nothing is timed in the tests.
"""

import argparse
import json
import os
import subprocess
import statistics
import sys
import tempfile
import time
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))


def write_slice(source: Path, n: int, folder: Path) -> tuple[Path, int]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "slice.jsonl"
    words = 0
    with source.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= n:
                break
            rec = json.loads(line)
            words += len(rec["text"].split())
            out.write(json.dumps({"id": rec["id"], "text": rec["text"]}) + "\n")
    return path, words


def kg_build(*args) -> float:
    start = time.perf_counter()
    done = subprocess.run([KG, "build", *map(str, args), "--quiet"])
    if done.returncode not in (0, 3):  # 3: built, some documents skipped (Reuters has empty bodies)
        raise SystemExit(f"kg build failed with exit code {done.returncode}")
    return time.perf_counter() - start


def bare_spacy(path: Path) -> float:
    code = ("import json,sys,time\nfrom kg.model import load_model\nnlp=load_model()\n"
            "texts=[json.loads(l)['text'] for l in open(sys.argv[1])]\n"
            "t=time.perf_counter()\nfor _ in nlp.pipe(texts): pass\nprint(time.perf_counter()-t)\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def measure_throughput(path: Path, words: int, tmp: Path, pairs: int) -> None:
    """Bare spaCy, ``--jobs 1`` and ``--jobs 2`` alternated ``pairs`` times (whole processes, the machine's
    load shared alike); medians."""
    bare, one, two = [], [], []
    for n in range(pairs):
        bare.append(bare_spacy(path))
        one.append(kg_build(path, "--out", tmp / "one", "--no-cache", "--jobs", "1"))
        two.append(kg_build(path, "--out", tmp / "two", "--no-cache", "--jobs", "2"))
        print(f"   round {n + 1}: bare {bare[-1]:.1f}s, --jobs 1 {one[-1]:.1f}s, --jobs 2 {two[-1]:.1f}s")
    b, o, t = statistics.median(bare), statistics.median(one), statistics.median(two)
    print(f"1. throughput (medians of {pairs}): bare nlp.pipe {words / b:,.0f} words/s ({b:.1f}s); kg build --jobs 1 "
          f"{words / o:,.0f} words/s ({o:.1f}s; whole command, model load and writing included); ratio {b / o:.2f}x")
    print(f"2. jobs: --jobs 1 {o:.1f}s, --jobs 2 {t:.1f}s; speed-up {o / t:.2f}x "
          f"(per round: {', '.join(f'{x / y:.2f}x' for x, y in zip(one, two))})")
    same = all((tmp / "one" / n).read_bytes() == (tmp / "two" / n).read_bytes()
               for n in ("graph.graphml", "graph.gexf", "graph.json", "graph.html", "mentions.jsonl"))
    print(f"   --jobs 1 and --jobs 2 outputs byte-identical: {same}")


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--docs", type=int, default=2225, help="BBC articles in the slice (default: all)")
    parser.add_argument("--skip-memory", action="store_true", help="skip the Reuters memory build")
    parser.add_argument("--only-rebuild", action="store_true", help="measure only the one-document rebuild")
    parser.add_argument("--pairs", type=int, default=3, help="alternated rounds of bare, --jobs 1, --jobs 2")
    parser.add_argument("--skip-rebuild", action="store_true", help="skip the one-document rebuild")
    args = parser.parse_args()
    bbc = args.data / "news" / "bbc_news.jsonl"
    if not bbc.is_file():
        print(f"skipped: {bbc} not found (set --data or KG_DATA)")
        return 0
    sys.stdout.reconfigure(line_buffering=True)
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path, words = write_slice(bbc, args.docs, tmp / "corpus")
        print(f"slice: {args.docs} BBC articles, {words:,} words")

        if args.only_rebuild:
            args.skip_memory = True
        else:
            measure_throughput(path, words, tmp, args.pairs)

        if not args.skip_rebuild:
            full = kg_build(path, "--out", tmp / "inc")
            lines = path.read_text(encoding="utf-8").splitlines()
            changed = json.loads(lines[0])
            changed["text"] += "\n\nIn a late addition, Angela Merkel met Emmanuel Macron in Berlin."
            lines[0] = json.dumps(changed)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            again = kg_build(path, "--out", tmp / "inc")
            print(f"3. rebuild: full build with cache {full:.1f}s; after changing one document {again:.1f}s "
                  f"({100 * again / full:.1f}% of the full build)")
    if not args.skip_memory:
        reuters = args.data / "news" / "reuters21578.jsonl"
        with tempfile.TemporaryDirectory() as tmp:
            # a fresh wrapper process, so that its largest child is this build (and its workers) only
            code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                    "subprocess.run(sys.argv[1:]); "
                    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            done = subprocess.run([sys.executable, "-c", code, KG, "build", str(reuters), "--out", tmp, "--no-cache",
                                   "--quiet"], capture_output=True, text=True, check=True)
            took, peak = done.stdout.split()
        print(f"4. memory: kg build of Reuters-21578 took {float(took):.0f}s; peak RSS {int(peak) / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
