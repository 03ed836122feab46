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

    graph, out = seeds_build[0], seeds_build[2]
    _open(chrome, out / "graph.html")
    urls = browser.requests(chrome)
    assert urls and all(u.startswith(("file:", "data:", "blob:", "about:")) for u in urls), urls
    assert not [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"]
    painted = chrome.execute_script("""
        const c = document.querySelector('#canvas canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;""")
    assert painted > 1000
    # everything fits: every entity and every link is drawn, none capped
    drawn = chrome.execute_script("return window.kg.drawn()")
    assert len(drawn["nodes"]) == graph.number_of_nodes() and len(drawn["links"]) == graph.number_of_edges()
    assert "Drawing all" in chrome.find_element(By.ID, "cut").text
    box = chrome.find_element(By.ID, "search")
    box.send_keys("erdogan")
    results = chrome.find_element(By.ID, "results").text
    assert "Recep Tayyip Erdoğan" in results
    box.send_keys(Keys.ENTER)
    assert "Recep Tayyip Erdoğan" in chrome.find_element(By.CSS_SELECTOR, "#panel h2").text
    # a real click on a node's position on the canvas
    chrome.execute_script("window.kg.network.fit({animation: false})")
    node = chrome.execute_script("return window.kg.find('McGurk')[0]")
    x, y = chrome.execute_script(
        "const p = window.kg.network.getPositions([arguments[0]])[arguments[0]];"
        "const d = window.kg.network.canvasToDOM(p); return [d.x, d.y];", node)
    canvas = chrome.find_element(By.CSS_SELECTOR, "#canvas canvas")
    rect = canvas.rect
    ActionChains(chrome).move_to_element_with_offset(canvas, x - rect["width"] / 2, y - rect["height"] / 2).click().perform()
    panel = chrome.find_element(By.ID, "panel")
    assert "Brett McGurk" in panel.find_element(By.TAG_NAME, "h2").text
    quotes = panel.find_elements(By.TAG_NAME, "blockquote")
    assert quotes and any("McGurk" in q.text for q in quotes)
    assert panel.find_elements(By.TAG_NAME, "mark")
    # documents by title, their ids on hover
    docs = {e.get_attribute("title").split(" · ")[0] for e in panel.find_elements(By.CSS_SELECTOR, "li[title], .doc[title]")}
    assert "000_69a6ed4f08d84730.txt" in docs
    assert "ISIS Operated Freely in Turkey over the Past Decade" in panel.text
    # selecting dims the rest: a node not linked to McGurk is drawn faded
    faded = chrome.execute_script("""
        const s = window.kg.state.selected, g = window.kg.network.body.data.nodes;
        return g.get().filter(n => n.id !== s).map(n => n.color.background.startsWith('rgba')).filter(Boolean).length;""")
    assert faded > 10
    # the panel lists every neighbour, drawn or not
    mcgurk = chrome.execute_script("return window.kg.data.nodes[arguments[0]][0]", node)
    neighbours = set(graph.successors(mcgurk)) | set(graph.predecessors(mcgurk))
    assert f"Linked to {len(neighbours)} entit" in panel.text
    # toggles filter what is drawn
    chrome.find_element(By.CSS_SELECTOR, "input[data-type='PLACE']").click()
    assert chrome.execute_script("const d = window.kg.data; return window.kg.drawn().nodes.every(i => "
                                 "d.types[d.nodes[i][2]] !== 'PLACE' || i === window.kg.state.selected)")
    # Escape clears the selection and the dimming
    chrome.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert chrome.execute_script("return window.kg.state.selected") == -1


def _page(tmp_path, graph, name="page.html", **options):
    page = tmp_path / name
    write_html(graph, page, **options)
    return page


def _ids(chrome, indices):
    return chrome.execute_script("return arguments[0].map(i => window.kg.data.nodes[i][0])", indices)


@needs_browser
def test_search_outside_the_backbone_brings_it_in_and_expand_adds_neighbours(chrome, seeds_build, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    graph = seeds_build[0]
    page = _page(tmp_path, graph, max_nodes=10)
    _open(chrome, page)
    drawn = chrome.execute_script("return window.kg.drawn().nodes")
    assert len(drawn) <= 10
    target = chrome.execute_script("return window.kg.find('McGurk')[0]")
    assert target not in drawn  # outside the backbone
    box = chrome.find_element(By.ID, "search")
    box.send_keys("mcgurk")
    assert "not drawn yet" in chrome.find_element(By.ID, "results").text
    box.send_keys(Keys.ARROW_DOWN)  # keyboard: into the results, Enter chooses
    focused = chrome.switch_to.active_element
    assert focused.tag_name == "button" and "McGurk" in focused.text
    focused.send_keys(Keys.ENTER)
    assert target in chrome.execute_script("return window.kg.drawn().nodes")
    assert chrome.execute_script("return window.kg.state.selected") == target
    assert "Brett McGurk" in chrome.find_element(By.CSS_SELECTOR, "#panel h2").text
    # its links to drawn entities come with it; the panel counts all its neighbours, drawn or not
    before = chrome.execute_script("return window.kg.network.getPositions()")
    hidden = chrome.execute_script("return window.kg.data.links.filter(l => l[0] === arguments[0] || l[1] === arguments[0])"
                                   ".map(l => l[0] === arguments[0] ? l[1] : l[0]).filter(o => "
                                   "!window.kg.drawn().nodes.includes(o)).length", target)
    assert hidden > 0
    # a real double-click expands
    x, y = chrome.execute_script(
        "const p = window.kg.network.getPositions([arguments[0]])[arguments[0]];"
        "const d = window.kg.network.canvasToDOM(p); return [d.x, d.y];", target)
    canvas = chrome.find_element(By.CSS_SELECTOR, "#canvas canvas")
    ActionChains(chrome).move_to_element_with_offset(canvas, x - canvas.rect["width"] / 2,
                                                     y - canvas.rect["height"] / 2).double_click().perform()
    after = chrome.execute_script("return window.kg.network.getPositions()")
    neighbours = set(graph.successors(_ids(chrome, [target])[0])) | set(graph.predecessors(_ids(chrome, [target])[0]))
    now = set(_ids(chrome, chrome.execute_script("return window.kg.drawn().nodes")))
    assert neighbours <= now  # every neighbour (fewer than 25) brought in
    assert {k: v for k, v in after.items() if k in before} == before  # nothing the user saw has moved
    # collapse takes them away again, hide takes one away
    chrome.execute_script("window.kg.collapse(arguments[0])", target)
    assert len(chrome.execute_script("return window.kg.drawn().nodes")) == len(before)
    chrome.execute_script("window.kg.hide(arguments[0])", target)
    assert target not in chrome.execute_script("return window.kg.drawn().nodes")
    # focus: the ego network only; leaving it puts everything back where it was
    before = chrome.execute_script("return window.kg.network.getPositions()")
    chrome.execute_script("window.kg.focus(arguments[0])", target)
    ego = set(_ids(chrome, chrome.execute_script("return window.kg.drawn().nodes")))
    assert ego == neighbours | set(_ids(chrome, [target]))
    chrome.execute_script("window.kg.unfocus()")
    assert chrome.execute_script("return window.kg.network.getPositions()") == before


@needs_browser
def test_path_highlights_the_same_hops_as_kg_path(chrome, seeds_build, tmp_path):
    from kg.query import find_one, paths

    graph = seeds_build[0]
    page = _page(tmp_path, graph, max_nodes=10)
    _open(chrome, page)
    checked = 0
    for a, b in [("McGurk", "Gaziantep"), ("Erdogan", "Ilhami Bali"), ("Abdullah Bozkurt", "Kazakhstan")]:
        ia = chrome.execute_script("return window.kg.byKgId(arguments[0])", find_one(graph, a))
        ib = chrome.execute_script("return window.kg.byKgId(arguments[0])", find_one(graph, b))
        expected = paths(graph, a, b)[0]
        shown = chrome.execute_script("return window.kg.showPath(arguments[0], arguments[1])", ia, ib)
        assert _ids(chrome, shown) == [n["id"] for n in expected["nodes"]], (a, b)
        panel = chrome.find_element("id", "panel").text
        for hop in expected["hops"]:
            assert hop["text"] in panel
        drawn = chrome.execute_script("return window.kg.drawn()")
        assert set(shown) <= set(drawn["nodes"])  # the path is brought into view
        lit = chrome.execute_script("return Array.from(window.kg.state.path.links)")
        assert lit and set(lit) <= set(drawn["links"])
        colours = chrome.execute_script("return arguments[0].map(j => window.kg.network.body.data.edges.get(j).color.color)", lit)
        assert set(colours) == {"#e8590c"}
        checked += 1
    assert checked == 3


def _dated_graph():
    g = nx.MultiDiGraph()
    docs = [{"id": "a.txt", "title": "Spring report", "date": "2020-03-01"},
            {"id": "b.txt", "title": "Summer report", "date": "2021-07-01"},
            {"id": "c.txt", "title": "", "date": "2022-11-01"}]
    names = ["Ana Ruiz", "Acme Corp", "Lorwick", "Tomas Vega", "GM"]
    for i, name in enumerate(names):
        g.add_node(f"n{i}", label=name, type=["PERSON", "ORG", "PLACE", "PERSON", "ORG"][i], aliases=[name],
                   mentions=2, documents=1, doc_ids=["a.txt"] if i < 2 else ["b.txt", "c.txt"], merges=[])

    def link(u, v, key, doc, text, kind="co-mention", **extra):
        g.add_edge(u, v, key=key, kind=kind, weight=1, citations=[{"doc": doc, "start": 0, "end": len(text), "text": text}],
                   **extra)
    link("n0", "n1", "k1", "a.txt", "Ana Ruiz works for Acme Corp.", kind="relation", predicate="works for",
         relation="works_for", rules=["apposition"], negated=False, hedged=False, attributed_to=[])
    link("n0", "n1", "k2", "a.txt", "Ana Ruiz and Acme Corp met.")
    link("n1", "n2", "k3", "b.txt", "Acme Corp opened in Lorwick.")
    link("n2", "n3", "k4", "c.txt", "Tomas Vega left Lorwick.")
    link("n3", "n4", "k5", "c.txt", "At 10 GMT, GM said Tomas Vega quit.")
    return g, docs


@needs_browser
def test_date_filter_hides_links_whose_evidence_lies_outside_the_range(chrome, tmp_path):
    graph, docs = _dated_graph()
    _open(chrome, _page(tmp_path, graph, documents=docs))
    assert chrome.execute_script("return window.kg.dates") == ["2020-03-01", "2021-07-01", "2022-11-01"]
    assert chrome.find_element("id", "dates").is_displayed()
    keys = lambda: sorted(chrome.execute_script("return window.kg.drawn().links.map(j => window.kg.data.links[j][8])"))
    assert keys() == ["k1", "k2", "k3", "k4", "k5"]
    chrome.execute_script("window.kg.setDates('2021-01-01', '2021-12-31')")
    assert keys() == ["k3"]
    drawn = _ids(chrome, chrome.execute_script("return window.kg.drawn().nodes"))
    assert sorted(drawn) == ["n1", "n2"]  # no dot left without a link
    chrome.execute_script("window.kg.setDates('2020-01-01', '2021-12-31')")
    assert keys() == ["k1", "k2", "k3"]
    chrome.execute_script("window.kg.setDates('2000-01-01', '2030-01-01')")
    # one document
    chrome.execute_script("window.kg.setDoc(2)")
    assert keys() == ["k4", "k5"]
    chrome.execute_script("window.kg.setDoc(-1)")
    assert len(keys()) == 5
    # parallel links between one pair are drawn apart
    smooth = chrome.execute_script("return ['k1', 'k2'].map(k => window.kg.network.body.data.edges.get("
                                   "window.kg.data.links.findIndex(l => l[8] === k)).smooth.enabled)")
    assert sorted(smooth) == [False, True]
    # highlights on word boundaries: "GM" is marked, "GMT" is not
    chrome.execute_script("window.kg.showEdge(window.kg.data.links.findIndex(l => l[8] === 'k5'))")
    marks = [m.text for m in chrome.find_elements("css selector", "#panel mark")]
    assert marks == ["GM", "Tomas Vega"]
    # titles shown, ids on hover; a document without a title shows its id; plurals right
    chrome.execute_script("window.kg.select(window.kg.byKgId('n0'))")
    panel = chrome.find_element("id", "panel").text
    assert "2 mentions in 1 document" in panel and "In 1 document" in panel and "Spring report" in panel
    chrome.execute_script("window.kg.select(window.kg.byKgId('n3'))")
    assert "c.txt" in chrome.find_element("id", "panel").text


@needs_browser
def test_labels_never_overlap_and_more_appear_as_you_zoom(chrome, seeds_build):
    _open(chrome, seeds_build[2] / "graph.html")

    def boxes():
        chrome.execute_async_script("const done = arguments[0]; window.kg.afterDraw(() => done())")
        return chrome.execute_script("return window.kg.labels()")
    overview = boxes()
    for i, a in enumerate(overview):
        for b in overview[i + 1:]:
            assert not (a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]), (a, b)
    assert all(b["y1"] - b["y0"] >= 14 for b in overview)  # readable: 11 px text or more
    chrome.execute_script("window.kg.network.moveTo({scale: window.kg.network.getScale() * 3, animation: false})")
    zoomed = boxes()
    assert len(zoomed) > len(overview) or len(zoomed) >= 40


@needs_browser
def test_view_opens_with_its_subject_selected_centred_and_capped(chrome, seeds_build, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.query import find_one

    graph, out = seeds_build[0], seeds_build[2]
    page = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["view", "Erdogan", "--graph", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    _open(chrome, page)
    subject = chrome.execute_script("return window.kg.byKgId(arguments[0])", find_one(graph, "Erdogan"))
    assert chrome.execute_script("return window.kg.state.selected") == subject
    x, y, w, h = chrome.execute_script(
        "const p = window.kg.network.getPositions([arguments[0]])[arguments[0]], d = window.kg.network.canvasToDOM(p);"
        "const c = document.getElementById('canvas'); return [d.x, d.y, c.clientWidth, c.clientHeight];", subject)
    assert abs(x - w / 2) < 5 and abs(y - h / 2) < 5
    drawn = chrome.execute_script("return window.kg.drawn().nodes")
    assert len(drawn) <= 1 + 12 + 12 * 4 and len(drawn) < graph.number_of_nodes() / 2  # a hub's fan-out capped
    assert chrome.execute_script("return window.kg.data.nodes.length") == graph.number_of_nodes()  # all reachable


@needs_browser
def test_export_what_you_see(chrome, seeds_build, tmp_path):
    import base64

    _open(chrome, seeds_build[2] / "graph.html")
    png = chrome.execute_script("return window.kg.png()")
    assert png.startswith("data:image/png;base64,") and len(base64.b64decode(png.split(",")[1])) > 10_000
    text = chrome.execute_script("return window.kg.graphml()")
    (tmp_path / "view.graphml").write_text(text, encoding="utf-8")
    g = nx.read_graphml(tmp_path / "view.graphml")
    drawn = chrome.execute_script("return window.kg.drawn()")
    assert g.number_of_nodes() == len(drawn["nodes"]) and g.number_of_edges() == len(drawn["links"])
    # the selection only, when two or more entities are selected
    chrome.execute_script("const f = window.kg.find; window.kg.network.selectNodes([f('McGurk')[0], f('Turkey')[0]])")
    g = nx.parse_graphml(chrome.execute_script("return window.kg.graphml()"))
    assert sorted(d["label"] for _, d in g.nodes(data=True)) == ["Brett McGurk", "Turkey"]


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
    write_html(_hostile_graph(), page, title='<img src=x onerror="window.__pwned=9">', max_nodes=1)
    chrome.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
        "window.__pwned = 0; window.__alerts = 0; window.alert = function () { window.__alerts++; };"})
    _open(chrome, page)
    assert len(chrome.execute_script("return window.kg.drawn().nodes")) == 1  # the hostile names start hidden
    chrome.find_element(By.ID, "search").send_keys("script")
    assert "not drawn yet" in chrome.find_element(By.ID, "results").text
    chrome.find_element(By.CSS_SELECTOR, "#results button").click()  # brought in by search
    n = len(HOSTILE) + 1
    for i in range(n):
        chrome.execute_script(f"window.kg.select({i})")
        chrome.execute_script(f"window.kg.expand({i})")
        chrome.execute_script(f"window.kg.showEdge({i})")
        chrome.execute_script(f"window.kg.showPath({i}, {(i + 1) % n})")
    chrome.execute_script("window.kg.graphml(); window.kg.png()")
    chrome.execute_async_script("const done = arguments[0]; window.kg.afterDraw(() => done())")
    chrome.find_element(By.ID, "search").clear()
    chrome.find_element(By.ID, "search").send_keys("script")
    assert chrome.execute_script("return [window.__pwned, window.__alerts]") == [0, 0]
    panel = chrome.find_element(By.ID, "panel")
    assert sum(h in panel.text for h in HOSTILE) >= 2  # shown, as text
    assert not chrome.find_elements(By.CSS_SELECTOR, "#panel img, #panel svg, #panel script, #results img, "
                                                     "#doc img, #cut img")
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


def test_page_carries_every_entity_and_link_with_bounded_sentences(seeds_build, monkeypatch):
    from kg import viewer

    graph = seeds_build[0]
    data = viewer.page_data(graph, max_nodes=5)
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["links"]) == graph.number_of_edges()
    assert data["initial"]["shown"] == [0, 1, 2, 3, 4]
    by_key = {key: d for *_, key, d in graph.edges(keys=True, data=True)}
    for link in data["links"]:
        cites = by_key[link[8]]["citations"]
        assert link[5] == len(cites) and len(link[4]) == min(len(cites), viewer.MAX_EDGE_CITATIONS)
        best = data["sents"][link[7]]
        assert best[3] == min(cites, key=lambda c: (len(c["text"]), c["doc"], c["start"]))["text"]
        assert link[4][0] == link[7] or len(cites) <= viewer.MAX_EDGE_CITATIONS
    # a big graph embeds fewer sentences per link, and says how many
    monkeypatch.setattr(viewer, "SENTENCE_BUDGET", 10_000)
    small = viewer.page_data(graph)
    assert small["initial"]["per_link"] < viewer.MAX_EDGE_CITATIONS
    assert all(len(link[4]) <= small["initial"]["per_link"] for link in small["links"])
    assert all(link[7] in link[4] for link in small["links"])  # the best sentence is always one of them


def test_comention_threshold_thins_only_big_views():
    from kg.viewer import MAX_COMENTIONS, _comention_threshold

    links = [[0, 1, 0, 1], [1, 2, 1, 1], [0, 2, 0, 5]]
    assert _comention_threshold(links, {0, 1, 2}, 1) == 1
    many = [[i % 500, (7 * i + 1) % 500, 0, 1 + (i % 4)] for i in range(MAX_COMENTIONS * 3)]
    shown = set(range(500))
    w = _comention_threshold(many, shown, 1)
    assert w > 1 and sum(1 for link in many if link[3] >= w) <= max(MAX_COMENTIONS, 3 * len(shown))
    assert _comention_threshold(links, {0, 1, 2}, 3) == 3  # never below --min-weight


def test_bidirectional_controls_leave_names():
    g = nx.MultiDiGraph()
    g.add_node("a", label="Ana \u202eRuiz\u202c", type="PERSON", aliases=["Ana \u202eRuiz\u202c", "A\u2067R"], mentions=1,
               documents=1, doc_ids=["x.txt"])
    data = generate_html(g)
    assert "\u202e" not in data and "\u2067" not in data
    assert "Ana Ruiz" in data


@needs_browser
def test_empty_and_one_entity_graphs_open_cleanly(chrome, tmp_path):
    one = nx.MultiDiGraph()
    one.add_node("a", label="Ana Ruiz", type="PERSON", aliases=["Ana Ruiz"], mentions=1, documents=1, doc_ids=["a.txt"])
    for name, graph in (("empty.html", nx.MultiDiGraph()), ("one.html", one)):
        _open(chrome, _page(tmp_path, graph, name=name))
        assert not [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"], name
        assert len(chrome.execute_script("return window.kg.drawn().nodes")) == graph.number_of_nodes()
    chrome.find_element("id", "search").send_keys("ruiz\n")
    assert chrome.find_element("css selector", "#panel h2").text == "Ana Ruiz"
    assert "1 mention in 1 document" in chrome.find_element("id", "panel").text
