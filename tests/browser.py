"""Headless Chromium for viewer tests (Debian's chromium + chromium-driver; .ci/run installs them)."""

import json
import shutil
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def available() -> str | None:
    """None when a browser can be started, else why not."""
    import importlib.util

    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists() or not Path(DRIVER).exists():
        return "Chromium is not installed here (apt-get install chromium chromium-driver); .ci/run installs it"
    return None


def start(width: int = 1400, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                f"--window-size={width},{height}", f"--user-data-dir={tempfile.mkdtemp(prefix='kg-chrome-')}"):
        opts.add_argument(arg)
    opts.binary_location = CHROMIUM
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
    return driver


def requests(driver) -> list[str]:
    """URLs the pages asked for since the last call (from Chromium's performance log)."""
    out = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            out.append(message["params"]["request"]["url"])
    return out


def wait_ready(driver, timeout: float = 60.0) -> float:
    import time

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if driver.execute_script("return window.kgReady === true"):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError("the page did not draw")
