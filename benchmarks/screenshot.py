"""Screenshot a kg page in headless Chromium (network blocked): the overview, an entity selected, a
neighbourhood expanded, or a path highlighted.

    python benchmarks/screenshot.py graphs/seeds/graph.html docs/viewer-overview.png
    python benchmarks/screenshot.py PAGE docs/viewer-expanded.png --expand "Brett McGurk"
    python benchmarks/screenshot.py PAGE docs/viewer-path.png --path "Brett McGurk" "Ilhami Bali"
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests import browser  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--select", help="entity to select (its evidence fills the side panel)")
    parser.add_argument("--expand", help="entity to bring in, select and expand (its hidden neighbours drawn)")
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="two entities: highlight the path between them")
    parser.add_argument("--scale", type=float, default=0.0, help="zoom at the end (0: leave the page's own view)")
    args = parser.parse_args()
    why = browser.available()
    if why:
        print(f"skipped: {why}")
        return 0
    driver = browser.start(1400, 900)
    try:
        driver.get(args.page.resolve().as_uri())
        browser.wait_ready(driver)
        find = "window.kg.find(arguments[0])[0]"
        if args.select:
            driver.execute_script(f"window.kg.select({find})", args.select)
        if args.expand:
            driver.execute_script(f"const i = {find}; window.kg.select(i); window.kg.expand(i);"
                                  "window.kg.network.fit({animation: false, maxZoomLevel: 1.2}); window.kg.showNode(i)",
                                  args.expand)
        if args.path:
            driver.execute_script("window.kg.showPath(window.kg.find(arguments[0])[0], window.kg.find(arguments[1])[0])",
                                  *args.path)
        if args.scale:
            driver.execute_script("window.kg.network.moveTo({scale: arguments[0], animation: false})", args.scale)
        driver.execute_async_script("const done = arguments[0]; window.kg.afterDraw(() => done())")
        driver.save_screenshot(str(args.png))
    finally:
        driver.quit()
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
