"""kg build on a local Dask cluster against the same build with --jobs: time, peak memory, same bytes.

    .venv/bin/python benchmarks/cluster_speed.py --input ../shared/data/news/reuters21578.jsonl --workers 2

Runs `kg build INPUT --no-cache` twice, alternating (`--jobs N`, then `--scheduler local:N`), each as its own
process under `/usr/bin/time -v` (peak RSS of the client; the Dask workers are separate processes whose
memory is not in that figure), and checks that the two output folders hold the same bytes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))


def run(args: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", KG, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        sys.exit(proc.stderr[-2000:])
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return seconds, rss


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (".kg-lock", "cache.sqlite")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="A file or folder to build (e.g. Reuters-21578 as JSON lines).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="Alternating pairs to run.")
    args = parser.parse_args()
    if not Path(args.input).exists():
        sys.exit(f"{args.input}: not here (the shared data is read from a path, never committed)")
    work = Path(tempfile.mkdtemp(prefix="kg_cluster_bench_"))
    times: dict[str, list[float]] = {"jobs": [], "dask": []}
    peaks: dict[str, list[int]] = {"jobs": [], "dask": []}
    try:
        for _ in range(args.rounds):
            for name, extra in (("jobs", ["--jobs", str(args.workers)]),
                                ("dask", ["--scheduler", f"local:{args.workers}"])):
                seconds, rss = run(["build", args.input, "--out", str(work / name), "--no-cache", "-q", *extra])
                times[name].append(seconds)
                peaks[name].append(rss)
                print(f"{name}: {seconds:.1f} s, client peak RSS {rss / 1024:.0f} MB", flush=True)
        same = files(work / "jobs") == files(work / "dask")
        jobs, dask = min(times["jobs"]), min(times["dask"])
        print(f"--jobs {args.workers}: {jobs:.1f} s; --scheduler local:{args.workers}: {dask:.1f} s; "
              f"overhead {100 * (dask / jobs - 1):+.1f}%; outputs byte-identical: {same}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
