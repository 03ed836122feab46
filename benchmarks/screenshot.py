"""Screenshot a kg page in headless Chromium (network blocked), an entity selected.

    python benchmarks/screenshot.py graphs/seeds/graph.html graphs/seeds/graph.png --select "Brett McGurk"
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
    parser.add_argument("--scale", type=float, default=0.0, help="zoom after selecting (0: fit the whole graph)")
    args = parser.parse_args()
    why = browser.available()
    if why:
        print(f"skipped: {why}")
        return 0
    driver = browser.start(1400, 900)
    try:
        driver.get(args.page.resolve().as_uri())
        browser.wait_ready(driver)
        if args.select:
            driver.execute_script("window.kg.select(window.kg.find(arguments[0])[0].id)", args.select)
        if args.scale:
            driver.execute_script("window.kg.network.moveTo({scale: arguments[0]})", args.scale)
        else:
            driver.execute_script("window.kg.network.fit({animation: false})")
        driver.save_screenshot(str(args.png))
    finally:
        driver.quit()
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
