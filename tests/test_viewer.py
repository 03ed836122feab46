"""The viewer page in a real, headless Chromium with all network access blocked."""

import html

import networkx as nx
import pytest

from kg.viewer import backbone, generate_html, write_html

from . import browser

REASON = browser.available()
needs_browser = pytest.mark.skipif(REASON is not None, reason=f"viewer browser tests skipped: {REASON}")


@pytest.fixture(scope="module")
def chrome():
    driver = browser.start()
    yield driver
    driver.quit()


def _open(driver, path):
    browser.requests(driver)  # forget what the browser did before
    driver.get(path.as_uri())
    return browser.wait_ready(driver)


@needs_browser
def test_seeds_page_offline_drawn_searchable_and_cited(chrome, seeds_build):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    out = seeds_build[2]
    _open(chrome, out / "graph.html")
    urls = browser.requests(chrome)
    assert urls and all(u.startswith(("file:", "data:", "blob:", "about:")) for u in urls), urls
    assert not [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"]
    painted = chrome.execute_script("""
        const c = document.querySelector('#graph canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;""")
    assert painted > 1000
    box = chrome.find_element(By.ID, "search")
    box.send_keys("erdogan")
    results = chrome.find_element(By.ID, "results").text
    assert "Recep Tayyip Erdoğan" in results
    box.send_keys(Keys.ENTER)
    assert "Recep Tayyip Erdoğan" in chrome.find_element(By.CSS_SELECTOR, "#panel h2").text
    # a real click on a node's position on the canvas
    chrome.execute_script("window.kg.network.fit({animation: false})")
    node = chrome.execute_script("return window.kg.find('McGurk')[0].id")
    x, y = chrome.execute_script(
        "const p = window.kg.network.getPositions([arguments[0]])[arguments[0]];"
        "const d = window.kg.network.canvasToDOM(p); return [d.x, d.y];", node)
    canvas = chrome.find_element(By.CSS_SELECTOR, "#graph canvas")
    rect = canvas.rect
    ActionChains(chrome).move_to_element_with_offset(canvas, x - rect["width"] / 2, y - rect["height"] / 2).click().perform()
    panel = chrome.find_element(By.ID, "panel")
    assert "Brett McGurk" in panel.find_element(By.TAG_NAME, "h2").text
    quotes = panel.find_elements(By.TAG_NAME, "blockquote")
    assert quotes and any("McGurk" in q.text for q in quotes)
    assert panel.find_elements(By.TAG_NAME, "mark")
    assert "000_69a6ed4f08d84730.txt" in panel.text
    # toggles and slider filter what is drawn
    chrome.find_element(By.CSS_SELECTOR, "input[data-type='PLACE']").click()
    assert chrome.execute_script("return window.kg.network.body.data.nodes.get().every(n => "
                                 "window.kg.data.nodes[n.id].type !== 'PLACE')")


HOSTILE = [
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned = 2">',
    'javascript:window.__pwned=3',
    '</script><script>window.__pwned=4</script>',
    '"><svg onload="window.__pwned=5">',
]


def _hostile_graph():
    g = nx.MultiDiGraph()
    for i, name in enumerate(HOSTILE):
        g.add_node(f"n{i}", label=name, type="PERSON", aliases=[name, f"{name} alias"], titles=[name],
                   mentions=3, documents=1, doc_ids=[f"{name}.txt"], merges=[])
    g.add_node("ok", label="Plain Name", type="ORG", aliases=["Plain Name"], mentions=1, documents=1,
               doc_ids=["a.txt"], merges=[])
    for i, name in enumerate(HOSTILE):
        text = f"{name} met Plain Name {HOSTILE[(i + 1) % len(HOSTILE)]}."
        g.add_edge(f"n{i}", "ok", key=f"e{i}", kind="relation" if i % 2 else "co-mention", predicate=name,
                   relation="met", weight=1, rules=[name], negated=False, hedged=False, attributed_to=[name],
                   citations=[{"doc": f"{name}.txt", "start": 0, "end": len(text), "text": text}])
    return g


def test_page_embeds_hostile_strings_only_as_inert_json():
    page = generate_html(_hostile_graph(), title='<script>alert("t")</script>')
    body = page.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0]
    assert "<" not in body and ">" not in body
    assert '<script>alert("t")</script>' not in page and "&lt;script&gt;alert" in page
    csp = html.unescape(page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0])
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    assert "<script src" not in page and "<link" not in page  # nothing is fetched: every script is inline


@needs_browser
def test_hostile_strings_run_nothing(chrome, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "hostile.html"
    write_html(_hostile_graph(), page, title='<img src=x onerror="window.__pwned=9">')
    chrome.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
        "window.__pwned = 0; window.__alerts = 0; window.alert = function () { window.__alerts++; };"})
    _open(chrome, page)
    for i in range(len(HOSTILE)):
        chrome.execute_script(f"window.kg.select({i})")
        chrome.execute_script(f"window.kg.showEdge({i})")
    chrome.find_element(By.ID, "search").send_keys("script")
    assert chrome.execute_script("return [window.__pwned, window.__alerts]") == [0, 0]
    panel = chrome.find_element(By.ID, "panel")
    assert HOSTILE[0] in panel.text or HOSTILE[1] in panel.text
    assert not chrome.find_elements(By.CSS_SELECTOR, "#panel img, #panel svg, #panel script, #results img")
    urls = browser.requests(chrome)
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in urls), urls


def test_backbone_keeps_the_most_important_and_says_so():
    g = nx.MultiDiGraph()
    for i in range(50):
        g.add_node(i, label=f"N{i}", type="ORG", mentions=1)
    for i in range(1, 50):
        g.add_edge(0, i, key=f"a{i}", kind="co-mention", weight=1, citations=[])
        g.add_edge(i, (i % 49) + 1, key=f"b{i}", kind="co-mention", weight=1, citations=[])
    sub, importance, cut = backbone(g, max_nodes=10)
    assert sub.number_of_nodes() == 10 and 0 in sub
    assert "Showing 10 of 50 entities" in cut and "--max-nodes" in cut
    assert g.number_of_nodes() == 50  # the graph itself is untouched


def test_viewer_output_is_deterministic(seeds_build):
    graph = seeds_build[0]
    assert generate_html(graph) == generate_html(graph)
