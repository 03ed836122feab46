"""Load-and-settle time of the viewer page in headless Chromium (network blocked).

    python benchmarks/viewer_load.py [--graph /tmp/kg_bbc_graph] [--data ../shared/data] [--runs 3]

Builds BBC News (`bbc_news.jsonl`, 2,225 articles) with `kg build` into --graph unless a graph is there,
then opens its `graph.html` (the default backbone) several times in a fresh headless Chromium and reports
the time from navigation to the first complete drawing (the page computes no physics: positions are
laid out when the page is written, so drawn is settled). Also prints the page size and the cut it states.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import browser  # noqa: E402


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--graph", type=Path, default=Path("/tmp/kg_bbc_graph"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    why = browser.available()
    if why:
        print(f"skipped: {why}")
        return 0
    page = args.graph / "graph.html"
    if not page.is_file():
        source = args.data / "news" / "bbc_news.jsonl"
        if not source.is_file():
            print(f"skipped: {source} not found (set --data or KG_DATA)")
            return 0
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("kg")), "build", str(source), "--out", str(args.graph),
                        "--quiet"], check=True)
        print(f"built {source.name} in {time.perf_counter() - started:.0f}s")
    times = []
    for _ in range(args.runs):
        driver = browser.start()
        try:
            browser.requests(driver)
            started = time.perf_counter()
            driver.get(page.resolve().as_uri())
            browser.wait_ready(driver, timeout=300)
            times.append(time.perf_counter() - started)
            cut = driver.find_element("id", "cut").text
            leaked = [u for u in browser.requests(driver) if not u.startswith(("file:", "data:", "blob:", "about:"))]
        finally:
            driver.quit()
    print(f"page: {page} ({page.stat().st_size / 1e6:.1f} MB)")
    print(f"cut: {cut}")
    print(f"load and settle: median {statistics.median(times):.2f}s over {len(times)} runs "
          f"(min {min(times):.2f}s, max {max(times):.2f}s); requests that left the page: {len(leaked)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
