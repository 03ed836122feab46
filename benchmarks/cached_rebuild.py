"""What a rebuild costs against a cold build: every document cached, or one document changed.

    python benchmarks/cached_rebuild.py --tiny 20000          # generated: tiny documents sharing 100 names
    python benchmarks/cached_rebuild.py --reuters             # Reuters-21578, one record changed

1. ``--tiny N``: N one-line stories ("Omar Ruiz met Karim Okafor in Lorwick on Monday. Ruiz said ...";
   10 first names x 10 surnames, drawn with a fixed seed), one file each. A cold build (fresh output
   folder, cache filled), then ``--repeat`` builds with every document cached; the median against the
   cold build.
2. ``--reuters``: ``reuters21578.jsonl`` (from ``--data``) copied, a cold build with the cache, then one
   record's text changed and the rebuild timed, ``--repeat`` times (a new change each time); the median
   against the cold build.

Every build is the whole ``kg build --jobs J`` command in its own process (model load and every output file
included); peak RSS is the process's (getrusage). Figures are printed; nothing is timed in the tests.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))
FIRST = ["Ana", "Ivan", "Karim", "Lena", "Mara", "Nadia", "Omar", "Sara", "Tomas", "Yusuf"]
LAST = ["Berg", "Costa", "Demir", "Haddad", "Lind", "Novak", "Okafor", "Petrov", "Ruiz", "Sato"]


def build(*args) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one ``kg build`` in a fresh wrapper process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:]).returncode; "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r)")
    done = subprocess.run([sys.executable, "-c", code, KG, "build", *map(str, args), "--quiet"],
                          capture_output=True, text=True, check=True)
    took, peak, rc = done.stdout.split()
    if int(rc) not in (0, 3):  # 3: built, some documents skipped
        raise SystemExit(f"kg build failed with exit code {rc}")
    return float(took), int(peak) / 1024


def tiny_corpus(folder: Path, n: int) -> None:
    rng = random.Random(7)
    folder.mkdir(parents=True)
    for i in range(n):
        a, b = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        (folder / f"d{i:05d}.txt").write_text(f"{a} met {b} in Lorwick on Monday. {a.split()[1]} said the talks "
                                              "went well.\n", encoding="utf-8")


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default, help="the research data (default: ../shared/data or KG_DATA)")
    parser.add_argument("--tiny", type=int, default=0, help="generate this many tiny documents")
    parser.add_argument("--reuters", action="store_true", help="Reuters-21578, one record changed")
    parser.add_argument("--jobs", type=int, default=1, help="kg build --jobs (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="rebuilds timed (median reported)")
    args = parser.parse_args()
    if not args.tiny and not args.reuters:
        parser.error("give --tiny N or --reuters")
    sys.stdout.reconfigure(line_buffering=True)
    jobs = ["--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.tiny:
            tiny_corpus(tmp / "tiny", args.tiny)
            cold, peak = build(tmp / "tiny", "--out", tmp / "out", *jobs)
            print(f"tiny, {args.tiny:,} documents, --jobs {args.jobs}: cold build {cold:.1f}s (peak RSS {peak:,.0f} MB)")
            again = [build(tmp / "tiny", "--out", tmp / "out", *jobs)[0] for _ in range(args.repeat)]
            middle = statistics.median(again)
            print(f"   every document cached: {', '.join(f'{t:.1f}s' for t in again)}; median {middle:.1f}s = "
                  f"{100 * middle / cold:.1f}% of the cold build")
        if args.reuters:
            source = args.data / "news" / "reuters21578.jsonl"
            if not source.is_file():
                print(f"skipped: {source} not found (set --data or KG_DATA)")
                return 0
            corpus = tmp / "reuters" / "reuters21578.jsonl"
            corpus.parent.mkdir()
            shutil.copyfile(source, corpus)
            cold, peak = build(corpus.parent, "--out", tmp / "rout", *jobs)
            print(f"Reuters-21578, --jobs {args.jobs}: cold build {cold:.1f}s (peak RSS {peak:,.0f} MB)")
            lines = corpus.read_text(encoding="utf-8").splitlines()
            again, peaks = [], []
            for n in range(args.repeat):
                record = json.loads(lines[10])
                field = "text" if "text" in record else "body"  # Reuters' records keep their text in "body"
                record[field] += f"\n\nIn a late addition, Dunmere Holdings said it would buy Kestria Mining ({n})."
                lines[10] = json.dumps(record, ensure_ascii=False)
                corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
                took, peak = build(corpus.parent, "--out", tmp / "rout", *jobs)
                again.append(took)
                peaks.append(peak)
            middle = statistics.median(again)
            print(f"   one record changed: {', '.join(f'{t:.1f}s' for t in again)}; median {middle:.1f}s = "
                  f"{100 * middle / cold:.1f}% of the cold build (peak RSS {max(peaks):,.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
