(function () {
  "use strict";
  // The page's data (kg/viewer.py, page_data): every entity and link, the sentences cited, the documents.
  //   nodes[i] = [kg id, label, type index, size 0-100, x, y, mentions, documents, [doc...], [alias...], [title...]]
  //   links[j] = [from, to, kind (1 relation, 0 co-mention), weight, [sentence...], citations, [doc...], best
  //               sentence, kg key, {p: predicate, r: relation, ru: rules, m: model, c: confidence,
  //               n: negated, h: hedged, a: attributed to} for a relation]
  //   sents[k] = [doc, start, end, text, page, refs?];  docs[d] = [id, title, date]
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var N = data.nodes, L = data.links, S = data.sents, D = data.docs, init = data.initial;
  var EXPAND = 25, FOCUS = 50, LIST = 100;
  var adj = N.map(function () { return []; });
  L.forEach(function (l, j) { adj[l[0]].push(j); if (l[1] !== l[0]) { adj[l[1]].push(j); } });
  var byKgId = new Map(N.map(function (n, i) { return [n[0], i]; }));

  var state = {
    shown: new Set(init.shown), origin: new Map(), types: new Set(data.types.map(function (_, t) { return t; })),
    kinds: new Set([0, 1]), minWeight: init.min_weight, doc: -1, dateFrom: 0, dateTo: 0,
    selected: -1, path: null, pathFrom: -1, focus: null, docSaved: null
  };
  init.shown.forEach(function (i) { state.origin.set(i, { by: "initial" }); });
  var pos = new Map();  // where each node is drawn (kept when the user drags or a node leaves and comes back)
  function position(i) { return pos.get(i) || { x: N[i][4], y: N[i][5] }; }

  // ---------------------------------------------------------------- text helpers
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function plural(n, word, many) { return n.toLocaleString("en") + " " + (n === 1 ? word : (many || word + "s")); }
  function fold(s) { return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function label(i) { return N[i][1]; }
  function typeName(i) { return data.types[N[i][2]]; }
  function namesOf(i) { return [N[i][1]].concat(N[i][9]); }
  function docName(d) { return d >= 0 ? (D[d][1] || D[d][0]) : "?"; }
  function other(j, i) { return L[j][0] === i ? L[j][1] : L[j][0]; }
  function linkButton(i, text) {
    var b = el("button", text === undefined ? label(i) : text, "link name" + (state.shown.has(i) ? "" : " hidden-node"));
    b.type = "button";
    if (!state.shown.has(i)) { b.title = "not drawn: click to bring it in"; }
    b.addEventListener("click", function () { select(i); });
    return b;
  }

  // A sentence with the given names highlighted on word boundaries: text nodes and <mark>s, never HTML.
  function highlighted(text, names) {
    var block = el("blockquote");
    var wanted = names.filter(function (n) { return n && n.length > 1; })
      .sort(function (a, b) { return b.length - a.length; }).map(escapeRegExp);
    if (!wanted.length) { block.textContent = text; return block; }
    var re = new RegExp("(?<![\\p{L}\\p{N}_])(?:" + wanted.join("|") + ")(?![\\p{L}\\p{N}_])", "gu");
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) { block.appendChild(document.createTextNode(text.slice(last, m.index))); }
      block.appendChild(el("mark", m[0]));
      last = m.index + m[0].length;
      if (m[0].length === 0) { re.lastIndex++; }
    }
    if (last < text.length) { block.appendChild(document.createTextNode(text.slice(last))); }
    return block;
  }
  function citation(k, names) {
    var s = S[k];
    var block = highlighted(s[3], names);
    var where = el("span", docName(s[0]) + (s[4] ? ", page " + s[4] : "") + " [" + s[1] + ":" + s[2] + "]", "doc");
    if (s[0] >= 0) { where.title = D[s[0]][0] + (D[s[0]][2] ? " · " + D[s[0]][2] : ""); }
    block.appendChild(where);
    (s[5] || []).forEach(function (r) {
      var to = r.refers_to || {};
      block.appendChild(el("span", "“" + (r.text || "") + "” [" + r.start + ":" + r.end + "] read as “" + (to.text || "") +
        "” [" + to.start + ":" + to.end + "]", "doc"));
    });
    return block;
  }

  // ---------------------------------------------------------------- what is drawn
  var dates = Array.from(new Set(D.map(function (d) { return d[2]; }).filter(Boolean))).sort();
  state.dateTo = Math.max(0, dates.length - 1);
  function dateFiltered() { return dates.length > 1 && (state.dateFrom > 0 || state.dateTo < dates.length - 1); }
  function linkPasses(j) {
    var l = L[j];
    if (!state.kinds.has(l[2])) { return false; }
    if (!l[2] && l[3] < state.minWeight) { return false; }
    if (state.doc >= 0 && l[6].indexOf(state.doc) < 0) { return false; }
    if (dateFiltered()) {
      var lo = dates[state.dateFrom], hi = dates[state.dateTo];
      if (!l[6].some(function (d) { var t = D[d][2]; return t && t >= lo && t <= hi; })) { return false; }
    }
    return true;
  }
  function pinned(i) { return i === state.selected || (state.path && state.path.nodes.indexOf(i) >= 0); }
  function visible() {
    var cand = new Set();
    state.shown.forEach(function (i) {
      if (pinned(i) || (state.types.has(N[i][2]) && (state.doc < 0 || N[i][8].indexOf(state.doc) >= 0))) { cand.add(i); }
    });
    var links = new Set(), nodes = new Set();
    cand.forEach(function (i) {
      var linked = false, drawn = false;
      adj[i].forEach(function (j) {
        var o = other(j, i);
        if (o === i || !cand.has(o)) { return; }
        linked = true;
        if (linkPasses(j)) { links.add(j); drawn = true; }
      });
      if (drawn || !linked || pinned(i)) { nodes.add(i); }  // no dot left dangling by a filter
    });
    links.forEach(function (j) { if (!nodes.has(L[j][0]) || !nodes.has(L[j][1])) { links.delete(j); } });
    return { nodes: nodes, links: links };
  }

  function hexAlpha(hex, a) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + (v >> 16 & 255) + "," + (v >> 8 & 255) + "," + (v & 255) + "," + a + ")";
  }
  var lit = null;  // nodes and links kept bright while something is selected (null: all bright)
  function nodeItem(i) {
    var c = data.colours[typeName(i)] || "#999999", p = position(i), dim = lit && !lit.nodes.has(i);
    var colour = dim ? hexAlpha(c, 0.18) : c;
    return { id: i, x: p.x, y: p.y, size: 5 + 0.3 * N[i][3], shape: "dot", borderWidth: i === state.selected ? 3 : 1,
             color: { background: colour, border: dim ? "rgba(0,0,0,0.05)" : (i === state.selected ? "#111" : "#ffffff"),
                      highlight: { background: c, border: "#111" }, hover: { background: c, border: "#333" } } };
  }
  function edgeItem(j, k) {
    var l = L[j], rel = l[2] === 1, onPath = state.path && state.path.links.has(j), dim = lit && !lit.links.has(j);
    var base = rel ? "#444444" : "#b0b0b0";
    var item = { id: j, from: l[0], to: l[1], width: Math.min(8, 1 + 2 * Math.log1p(l[3])) + (onPath ? 3 : 0),
                 dashes: !rel, arrows: rel ? "to" : "", label: rel ? l[9].p : undefined,
                 color: { color: onPath ? "#e8590c" : (dim ? "#dddddd" : base), opacity: dim ? 0.25 : (rel ? 1 : 0.7),
                          highlight: "#e8590c", hover: "#333333" },
                 font: { size: 10, color: dim ? "#cccccc" : "#333333", strokeWidth: 3, align: "middle" },
                 smooth: k ? { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.25 * Math.ceil(k / 2) }
                           : { enabled: false } };
    return item;
  }

  var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
  var container = document.getElementById("canvas");
  var options = {
    physics: { enabled: false }, layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 300, multiselect: true, hideEdgesOnDrag: L.length > 20000, keyboard: false },
    nodes: { shape: "dot", font: { size: 0 } },
    edges: { smooth: false, font: { size: 10, strokeWidth: 3 }, selectionWidth: 2 }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var current = { nodes: new Set(), links: new Set() };

  var drawnStyle = new Map();  // what each drawn item last looked like: only what changes is handed to vis
  function changed(prefix, item) {
    var key = prefix + item.id, text = JSON.stringify(item);
    if (drawnStyle.get(key) === text) { return false; }
    drawnStyle.set(key, text); return true;
  }
  function edgeItems(links) {  // links between one pair drawn apart
    var pairs = new Map();
    return Array.from(links).sort(function (a, b) { return a - b; }).map(function (j) {
      var l = L[j], key = Math.min(l[0], l[1]) + "," + Math.max(l[0], l[1]), k = pairs.get(key) || 0;
      pairs.set(key, k + 1); return edgeItem(j, k);
    });
  }
  function render() {
    var want = visible();
    lit = brightSet(want);
    var addN = [], updN = [], remN = [], addE = [], updE = [], remE = [];
    current.nodes.forEach(function (i) { if (!want.nodes.has(i)) { remN.push(i); drawnStyle.delete("n" + i); } });
    current.links.forEach(function (j) { if (!want.links.has(j)) { remE.push(j); drawnStyle.delete("e" + j); } });
    want.nodes.forEach(function (i) {
      var item = nodeItem(i);
      if (current.nodes.has(i)) { delete item.x; delete item.y; if (changed("n", item)) { updN.push(item); } }  // never moved
      else { addN.push(item); var copy = Object.assign({}, item); delete copy.x; delete copy.y; changed("n", copy); }
    });
    edgeItems(want.links).forEach(function (item) {
      if (changed("e", item)) { (current.links.has(item.id) ? updE : addE).push(item); }
    });
    batch(function () {
      edges.remove(remE); nodes.remove(remN);
      nodes.update(updN); nodes.add(addN);
      edges.update(updE); edges.add(addE);
    });
    current = want;
    status();
  }
  function brightSet(want) {
    if (state.path) { return { nodes: new Set(state.path.nodes), links: state.path.links }; }
    if (state.selected < 0 || !want.nodes.has(state.selected)) { return null; }
    var keep = { nodes: new Set([state.selected]), links: new Set() };
    adj[state.selected].forEach(function (j) { if (want.links.has(j)) { keep.links.add(j); keep.nodes.add(other(j, state.selected)); } });
    return keep;
  }
  function restyle() {
    lit = brightSet(current);
    batch(function () {
      nodes.update(Array.from(current.nodes).map(function (i) { var n = nodeItem(i); delete n.x; delete n.y; return n; })
        .filter(function (n) { return changed("n", n); }));
      edges.update(edgeItems(current.links).filter(function (e) { return changed("e", e); }));
    });
  }
  function batch(f) {  // vis-network redraws after every data call with physics off: one frame for all of them
    network.body.emitter.emit("_blockRedraw");
    try { f(); } finally { network.body.emitter.emit("_allowRedraw"); network.body.emitter.emit("_requestRedraw"); }
  }
  function status() {
    document.getElementById("status").textContent = "drawn: " + plural(current.nodes.size, "entity", "entities") + ", " +
      plural(current.links.size, "link") + " of " + plural(N.length, "entity", "entities") + ", " + plural(L.length, "link");
  }
  network.on("dragEnd", function (p) {
    var moved = network.getPositions(p.nodes);
    Object.keys(moved).forEach(function (id) { pos.set(Number(id), moved[id]); });
  });

  // ---------------------------------------------------------------- labels: most important first, none on another
  var labelBoxes = [];
  network.on("afterDrawing", function (ctx) {
    var ratio = network.canvas.pixelRatio || 1, scale = network.getScale();
    var width = container.clientWidth, height = container.clientHeight;
    var order = Array.from(current.nodes).sort(function (a, b) { return priority(a) - priority(b) || a - b; });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    var placed = [], grid = new Map(), cell = 64;
    function cells(b, add) {
      var hit = false;
      for (var gx = Math.floor(b.x0 / cell); gx <= Math.floor(b.x1 / cell); gx++) {
        for (var gy = Math.floor(b.y0 / cell); gy <= Math.floor(b.y1 / cell); gy++) {
          var key = gx + "," + gy, list = grid.get(key);
          if (add) { if (!list) { grid.set(key, list = []); } list.push(b); }
          else if (list) { hit = hit || list.some(function (o) { return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1; }); }
        }
      }
      return hit;
    }
    var at = network.getPositions(order);
    order.forEach(function (i) {
      var r = (5 + 0.3 * N[i][3]) * scale, must = priority(i) < 2;
      if ((r < 3 && !must) || !at[i]) { return; }
      var dom = network.canvasToDOM(at[i]);
      var size = Math.round(11 + 5 * N[i][3] / 100);
      ctx.font = (N[i][3] > 50 || must ? "600 " : "") + size + "px system-ui, sans-serif";
      var text = label(i), w = ctx.measureText(text).width;
      var b = { x0: dom.x - w / 2 - 2, x1: dom.x + w / 2 + 2, y0: dom.y + r + 1, y1: dom.y + r + size + 4, node: i };
      if (b.x1 < 0 || b.x0 > width || b.y1 < 0 || b.y0 > height || cells(b, false)) { return; }
      cells(b, true); placed.push(b);
      var dim = lit && !lit.nodes.has(i);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(text, dom.x, b.y0 + 1);
      ctx.fillStyle = dim ? "rgba(0,0,0,0.25)" : "#1d1d1f"; ctx.fillText(text, dom.x, b.y0 + 1);
    });
    ctx.restore();
    labelBoxes = placed;
    var waiting = drew; drew = [];
    waiting.forEach(function (f) { setTimeout(f, 0); });  // after this frame, never inside it
  });
  var drew = [];
  function priority(i) {
    if (i === state.selected) { return 0; }
    if (state.path && state.path.nodes.indexOf(i) >= 0) { return 1; }
    if (lit && lit.nodes.has(i)) { return 2; }
    return 3;
  }
  network.once("afterDrawing", function () { window.kgReady = true; document.body.dataset.ready = "1"; });

  // ---------------------------------------------------------------- neighbours, expand, collapse, focus
  function neighbours(i) {  // every neighbour, strongest first: [node, strength, [link...]]
    var m = new Map();
    adj[i].forEach(function (j) {
      var o = other(j, i);
      if (o === i) { return; }
      var e = m.get(o) || [o, 0, []];
      e[1] += L[j][3] + (L[j][2] ? 2 : 0); e[2].push(j); m.set(o, e);
    });
    return Array.from(m.values()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }
  function placeAround(c, list, taken) {  // new nodes on a spiral around c, clear of the nodes already there
    taken = taken || Object.values(network.getPositions(Array.from(current.nodes)));
    var k = 0, r0 = 60 + 0.3 * N[c.i][3];
    list.forEach(function (i) {
      var spot = null, a, r;
      for (var tries = 0; tries < 400 && !spot; tries++, k++) {
        a = 2.399963 * k; r = r0 + 16 * Math.sqrt(k);
        var cand = { x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) };
        if (!taken.some(function (t) { return Math.abs(t.x - cand.x) < 26 && Math.abs(t.y - cand.y) < 26; })) { spot = cand; }
      }
      spot = spot || { x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) };
      pos.set(i, spot); taken.push(spot);
    });
  }
  function hiddenNeighbours(i) { return neighbours(i).filter(function (e) { return !state.shown.has(e[0]); }); }
  function expand(i, all) {
    var add = hiddenNeighbours(i).slice(0, all ? undefined : EXPAND).map(function (e) { return e[0]; });
    if (!add.length) { return 0; }
    var c = current.nodes.has(i) ? network.getPositions([i])[i] : position(i);
    c.i = i;
    placeAround(c, add);
    add.forEach(function (o) { state.shown.add(o); state.origin.set(o, { by: "expand", parent: i }); });
    render();
    if (state.selected === i) { showNode(i); }
    return add.length;
  }
  function collapse(i) {
    var drop = new Set(), grew = true;
    while (grew) {
      grew = false;
      state.origin.forEach(function (o, n) {
        if (o.by === "expand" && (o.parent === i || drop.has(o.parent)) && !drop.has(n) && n !== state.selected) { drop.add(n); grew = true; }
      });
    }
    drop.forEach(function (n) { state.shown.delete(n); state.origin.delete(n); });
    render();
    if (state.selected === i) { showNode(i); }
    return drop.size;
  }
  function hide(i) {
    state.shown.delete(i); state.origin.delete(i);
    if (state.selected === i) { state.selected = -1; clearPanel(); }
    render();
  }
  function focus(i) {
    if (!state.focus) {
      var drawnAt = network.getPositions(Array.from(current.nodes));
      Object.keys(drawnAt).forEach(function (id) { pos.set(Number(id), drawnAt[id]); });
      state.focus = { shown: new Set(state.shown), origin: new Map(state.origin), pos: new Map(pos) };
    }
    var ego = neighbours(i).slice(0, FOCUS).map(function (e) { return e[0]; });
    state.shown = new Set([i].concat(ego)); state.origin = new Map([[i, { by: "focus" }]]);
    var c = current.nodes.has(i) ? network.getPositions([i])[i] : position(i); c.i = i;
    placeAround(c, ego, [c]);
    ego.forEach(function (n) { state.origin.set(n, { by: "expand", parent: i }); });
    state.selected = i; state.path = null;
    render(); fitDrawn(); showNode(i);
  }
  function unfocus() {
    if (!state.focus) { return; }
    state.shown = state.focus.shown; state.origin = state.focus.origin; pos = state.focus.pos; state.focus = null;
    batch(function () {  // everything back where it was before the focus
      nodes.remove(Array.from(current.nodes)); edges.remove(Array.from(current.links));
    });
    drawnStyle.clear(); current = { nodes: new Set(), links: new Set() };
    render(); if (state.selected >= 0) { showNode(state.selected); }
  }

  // ---------------------------------------------------------------- selection and panel
  var panel = document.getElementById("panel");
  function clearPanel() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function button(text, fn, title) {
    var b = el("button", text); b.type = "button"; if (title) { b.title = title; }
    b.addEventListener("click", fn); return b;
  }
  function select(i, opts) {
    if (i < 0 || i >= N.length) { return; }
    if (!state.shown.has(i)) { state.shown.add(i); state.origin.set(i, { by: "search" }); }
    state.selected = i;
    render();
    network.selectNodes([i]);
    if (!opts || opts.centre !== false) {
      network.focus(i, { scale: Math.max(network.getScale(), opts && opts.scale || 0.9), animation: false });
    }
    showNode(i);
  }
  function deselect() {
    state.selected = -1; state.path = null; network.unselectAll(); restyle(); render(); clearPanel();
    panel.appendChild(el("p", "Click an entity or a link to see the sentences that support it.", "meta"));
  }
  function showNode(i) {
    clearPanel();
    panel.appendChild(el("h2", label(i), "name"));
    var meta = el("div", typeName(i) + " · " + plural(N[i][6], "mention") + " in " + plural(N[i][7], "document"), "meta");
    meta.title = N[i][0];
    panel.appendChild(meta);
    if (N[i][9].length) { panel.appendChild(el("div", "Also written: " + N[i][9].join(" | "), "meta")); }
    if (N[i][10].length) { panel.appendChild(el("div", "Titles: " + N[i][10].join(" | "), "meta")); }
    var hidden = hiddenNeighbours(i).length;
    var bar = el("div", null, "bar");
    bar.appendChild(button(hidden ? "Expand (" + Math.min(hidden, EXPAND) + " of " + hidden + " hidden)" : "Expand (none hidden)",
      function () { expand(i); }, "bring in its strongest hidden neighbours (double-click does the same)"));
    if (hidden > EXPAND) { bar.appendChild(button("Expand all " + hidden, function () { expand(i, true); })); }
    bar.appendChild(button("Collapse", function () { collapse(i); }, "take away the neighbours expanding it brought in"));
    bar.appendChild(button("Hide", function () { hide(i); }));
    bar.appendChild(state.focus ? button("Leave focus", unfocus) : button("Focus", function () { focus(i); }, "show only this entity and its neighbours"));
    bar.appendChild(button("Path from here", function () { state.pathFrom = i; pathEnds(); }));
    if (state.pathFrom >= 0 && state.pathFrom !== i) { bar.appendChild(button("Path to here", function () { showPath(state.pathFrom, i); })); }
    panel.appendChild(bar);
    var docs = N[i][8];
    if (docs.length) {
      panel.appendChild(el("h3", "In " + plural(docs.length, "document")));
      var dl = el("ul");
      docs.slice(0, 20).forEach(function (d) { var li = el("li", docName(d)); li.title = D[d][0] + (D[d][2] ? " · " + D[d][2] : ""); dl.appendChild(li); });
      if (docs.length > 20) { dl.appendChild(el("li", "… and " + plural(docs.length - 20, "more document"), "meta")); }
      panel.appendChild(dl);
    }
    var all = neighbours(i);
    if (all.length) {
      var drawn = all.filter(function (e) { return current.nodes.has(e[0]); }).length;
      panel.appendChild(el("h3", "Linked to " + plural(all.length, "entity", "entities") + " (" + drawn + " drawn)"));
      var list = el("ul");
      function row(e) {
        var li = el("li");
        li.appendChild(linkButton(e[0]));
        var parts = e[2].map(function (j) {
          var l = L[j];
          return l[2] ? l[9].p + (l[0] === i ? " →" : " ←") + " ×" + l[3] : "co-mention ×" + l[3];
        });
        li.appendChild(document.createTextNode(" — " + parts.join(", ") + (current.nodes.has(e[0]) ? "" : " (not drawn)")));
        return li;
      }
      all.slice(0, LIST).forEach(function (e) { list.appendChild(row(e)); });
      panel.appendChild(list);
      if (all.length > LIST) {
        var more = button("Show all " + all.length, function () { all.slice(LIST).forEach(function (e) { list.appendChild(row(e)); }); more.remove(); });
        panel.appendChild(more);
      }
    }
    var seen = new Set(), cites = [], total = 0;
    adj[i].forEach(function (j) {
      total += L[j][5];
      L[j][4].forEach(function (k) { if (!seen.has(k)) { seen.add(k); cites.push([k, j]); } });
    });
    if (cites.length) { panel.appendChild(el("h3", "Cited sentences")); }
    cites.slice(0, 25).forEach(function (pair) {
      var l = L[pair[1]];
      panel.appendChild(citation(pair[0], namesOf(l[0]).concat(namesOf(l[1]))));
    });
    if (cites.length > 25 || total > seen.size) {
      panel.appendChild(el("div", "Showing " + Math.min(25, cites.length) + " sentences; open a link for its own, or run " +
        "kg evidence on the command line for every one.", "meta"));
    }
  }
  function showEdge(j) {
    var l = L[j];
    if (!l) { return; }
    var a = l[0], b = l[1], r = l[9];
    clearPanel();
    panel.appendChild(el("h2", l[2] ? label(a) + " — " + r.p + " → " + label(b) : label(a) + " — " + label(b), "name"));
    var meta = el("div", (l[2] ? r.r + " · " + (r.ru.length ? "rule " + r.ru.join(", ") : "") + (r.m ? " · model " + r.m : "") +
      (r.c !== "" ? " · confidence " + r.c : "") : "named together") + " · " + plural(l[5], "sentence"), "meta");
    if (l[2] && r.n) { meta.appendChild(el("span", "negated", "flag")); }
    if (l[2] && r.h) { meta.appendChild(el("span", "hedged", "flag")); }
    if (l[2] && r.a.length) { meta.appendChild(el("span", "according to " + r.a.join(", "), "flag")); }
    panel.appendChild(meta);
    var ends = el("div", null, "bar");
    ends.appendChild(linkButton(a)); ends.appendChild(linkButton(b));
    panel.appendChild(ends);
    l[4].forEach(function (k) { panel.appendChild(citation(k, namesOf(a).concat(namesOf(b)))); });
    if (l[5] > l[4].length) {
      panel.appendChild(el("div", "… and " + plural(l[5] - l[4].length, "more sentence") + " (the page carries " +
        init.per_link + " per link; kg evidence \"" + label(a) + "\" \"" + label(b) + "\" lists them all)", "meta"));
    }
  }

  network.on("click", function (p) {
    if (p.nodes.length) { state.selected = p.nodes[p.nodes.length - 1]; state.path = null; restyle(); showNode(state.selected); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
    else if (state.selected >= 0 || state.path) { state.selected = -1; state.path = null; restyle(); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { state.selected = p.nodes[0]; expand(p.nodes[0]); showNode(p.nodes[0]); } });

  // ---------------------------------------------------------------- path (the same answer as kg path)
  function strength(a, b) {
    var w = 0;
    adj[a].forEach(function (j) { if (other(j, a) === b) { w += L[j][3] + (L[j][2] ? 2 : 0); } });
    return w;
  }
  function path(a, b, maxHops) {
    maxHops = maxHops || 6;
    if (a === b) { return [a]; }
    var dist = new Map([[b, 0]]), queue = [b];
    for (var q = 0; q < queue.length; q++) {
      var x = queue[q], d = dist.get(x);
      if (x === a || d >= maxHops) { continue; }
      adj[x].forEach(function (j) { var o = other(j, x); if (!dist.has(o)) { dist.set(o, d + 1); queue.push(o); } });
    }
    if (!dist.has(a)) { return null; }
    var out = [a], node = a;
    while (node !== b) {  // fewest hops; at each step the strongest link, then the smaller kg id
      var d0 = dist.get(node), best = -1, bw = -1;
      neighbours(node).forEach(function (e) {
        if (dist.get(e[0]) !== d0 - 1) { return; }
        var w = strength(node, e[0]);
        if (w > bw || (w === bw && N[e[0]][0] < N[best][0])) { best = e[0]; bw = w; }
      });
      out.push(best); node = best;
    }
    return out;
  }
  function bestHop(x, y) {
    var best = null;
    adj[x].forEach(function (j) {
      if (other(j, x) !== y || L[j][7] < 0) { return; }
      var s = S[L[j][7]], rank = [L[j][2] ? 0 : 1, s[3].length, D[s[0]] ? D[s[0]][0] : "", s[1]];
      if (!best || cmp(rank, best.rank) < 0) { best = { rank: rank, link: j, sent: L[j][7] }; }
    });
    return best;
  }
  function cmp(a, b) { for (var k = 0; k < a.length; k++) { if (a[k] < b[k]) { return -1; } if (a[k] > b[k]) { return 1; } } return 0; }
  function showPath(a, b) {
    var p = path(a, b);
    clearPanel();
    if (!p) { panel.appendChild(el("p", "No path of at most 6 links between " + label(a) + " and " + label(b) + ".", "meta")); return null; }
    var links = new Set(), hops = [];
    for (var h = 0; h + 1 < p.length; h++) {
      var best = bestHop(p[h], p[h + 1]);
      hops.push(best);
      adj[p[h]].forEach(function (j) { if (other(j, p[h]) === p[h + 1]) { links.add(j); } });
    }
    p.forEach(function (i) { if (!state.shown.has(i)) { state.shown.add(i); state.origin.set(i, { by: "path" }); } });
    state.path = { nodes: p, links: links }; state.selected = -1;
    render(); restyle(); fitDrawn(p);
    panel.appendChild(el("h2", label(a) + " → " + label(b), "name"));
    panel.appendChild(el("div", plural(p.length - 1, "hop") + " (fewest links, strongest first; the same as kg path)", "meta"));
    hops.forEach(function (hop, k) {
      var div = el("div", null, "hop"), l = L[hop.link];
      div.appendChild(linkButton(p[k])); 
      div.appendChild(document.createTextNode(l[2] ? " — " + l[9].p + (l[0] === p[k] ? " → " : " ← ") : " — named with — "));
      div.appendChild(linkButton(p[k + 1]));
      div.appendChild(citation(hop.sent, namesOf(p[k]).concat(namesOf(p[k + 1]))));
      panel.appendChild(div);
    });
    return p;
  }
  function pathEnds() {
    var box = document.getElementById("path-ends");
    box.textContent = state.pathFrom >= 0 ? "From " + label(state.pathFrom) + ": select another entity, then “Path to here”." : "";
    if (state.selected >= 0) { showNode(state.selected); }
  }

  // ---------------------------------------------------------------- search
  var folded = null;
  function find(q) {
    var f = fold(q).trim();
    if (!f) { return []; }
    if (!folded) { folded = N.map(function (n, i) { return namesOf(i).map(fold); }); }
    var hits = [];
    for (var i = 0; i < N.length; i++) {
      var rank = 9;
      folded[i].forEach(function (s) {
        var at = s.indexOf(f);
        if (at < 0) { return; }
        var r = s === f ? 0 : (at === 0 || /[^\p{L}\p{N}]/u.test(s[at - 1]) ? 1 : 2);
        rank = Math.min(rank, r);
      });
      if (rank < 9) { hits.push([rank, i]); }
    }
    return hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).slice(0, 20).map(function (h) { return h[1]; });
  }
  var search = document.getElementById("search"), results = document.getElementById("results");
  function showResults() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var hits = find(search.value);
    if (search.value.trim() && !hits.length) { results.appendChild(el("li", "No entity is named like that.", "meta")); }
    hits.forEach(function (i) {
      var li = el("li"); li.setAttribute("role", "option");
      var b = linkButton(i, label(i) + " (" + typeName(i) + (state.shown.has(i) ? "" : ", not drawn yet") + ")");
      b.addEventListener("keydown", function (ev) {
        if (ev.key === "ArrowDown" && li.nextSibling) { li.nextSibling.firstChild.focus(); ev.preventDefault(); }
        if (ev.key === "ArrowUp") { (li.previousSibling ? li.previousSibling.firstChild : search).focus(); ev.preventDefault(); }
      });
      li.appendChild(b); results.appendChild(li);
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hit = find(search.value); if (hit.length) { select(hit[0]); } }
    if (ev.key === "ArrowDown" && results.querySelector("button")) { results.querySelector("button").focus(); ev.preventDefault(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      search.value = ""; showResults(); state.pathFrom = -1; pathEnds(); deselect();
      if (document.activeElement && document.activeElement !== document.body) { document.activeElement.blur(); }
    }
  });

  // ---------------------------------------------------------------- filters
  function checkbox(parent, text, checked, swatch, onChange) {
    var lab = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = checked;
    lab.appendChild(box); if (swatch) { lab.appendChild(swatch); } lab.appendChild(document.createTextNode(text));
    parent.appendChild(lab);
    box.addEventListener("change", function () { onChange(box.checked); render(); });
    return box;
  }
  data.types.forEach(function (t, k) {
    var sw = el("span", null, "swatch"); sw.style.background = data.colours[t] || "#999";
    checkbox(document.getElementById("types"), t || "(no type)", true, sw, function (on) { if (on) { state.types.add(k); } else { state.types.delete(k); } })
      .dataset.type = t;
  });
  [[1, "stated relation", "2px solid #444"], [0, "co-mention", "2px dashed #aaa"]].forEach(function (k) {
    var line = el("span", null, "line"); line.style.borderTop = k[2];
    checkbox(document.getElementById("kinds"), k[1], true, line, function (on) { if (on) { state.kinds.add(k[0]); } else { state.kinds.delete(k[0]); } })
      .dataset.kind = k[0] ? "relation" : "co-mention";
  });
  var weight = document.getElementById("weight");
  weight.value = String(state.minWeight);
  document.getElementById("weight-value").textContent = weight.value;
  weight.addEventListener("input", function () {
    state.minWeight = Number(weight.value);
    document.getElementById("weight-value").textContent = weight.value;
    render();
  });
  var docSelect = document.getElementById("doc"), docsListed = false;
  function listDocs() {  // the list of documents is built when first wanted (thousands of options slow the load)
    if (docsListed) { return; }
    docsListed = true;
    var frag = document.createDocumentFragment();
    D.map(function (d, k) { return k; }).sort(function (a, b) { return docName(a) < docName(b) ? -1 : docName(a) > docName(b) ? 1 : a - b; })
      .forEach(function (k) { var o = el("option", docName(k)); o.value = String(k); o.title = D[k][0]; frag.appendChild(o); });
    docSelect.appendChild(frag);
  }
  docSelect.addEventListener("focus", listDocs);
  docSelect.addEventListener("mousedown", listDocs);
  function setDoc(d) {
    listDocs();
    if (d >= 0 && state.doc < 0) { state.docSaved = { shown: new Set(state.shown), origin: new Map(state.origin) }; }
    state.doc = d; docSelect.value = String(d);
    if (d >= 0) {  // the document's own entities, all of them
      state.shown = new Set(state.docSaved.shown);
      N.forEach(function (n, i) { if (n[8].indexOf(d) >= 0 && !state.shown.has(i)) { state.shown.add(i); state.origin.set(i, { by: "document" }); } });
    } else if (state.docSaved) { state.shown = state.docSaved.shown; state.origin = state.docSaved.origin; state.docSaved = null; }
    render(); fitDrawn();
  }
  docSelect.addEventListener("change", function () { setDoc(Number(docSelect.value)); });
  var from = document.getElementById("date-from"), to = document.getElementById("date-to");
  function dateText() { document.getElementById("date-range").textContent = dates[state.dateFrom] + " – " + dates[state.dateTo]; }
  if (dates.length > 1) {
    document.getElementById("dates").hidden = false;
    from.max = to.max = String(dates.length - 1); to.value = String(dates.length - 1);
    dateText();
    var onDate = function () {
      state.dateFrom = Math.min(Number(from.value), Number(to.value)); state.dateTo = Math.max(Number(from.value), Number(to.value));
      dateText(); render();
    };
    from.addEventListener("input", onDate); to.addEventListener("input", onDate);
  }
  function setDates(lo, hi) {  // ISO dates, inclusive
    state.dateFrom = Math.max(0, dates.findIndex(function (d) { return d >= lo; }));
    var k = dates.length - 1; while (k > 0 && dates[k] > hi) { k--; }
    state.dateTo = k; from.value = String(state.dateFrom); to.value = String(k); dateText(); render();
  }

  // ---------------------------------------------------------------- view tools and export
  function fitDrawn(list) {
    var ids = list || Array.from(current.nodes);
    if (ids.length) { network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.5 }); }
  }
  function zoom(f) { network.moveTo({ scale: network.getScale() * f, animation: false }); }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.4); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1 / 1.4); });
  document.getElementById("fit").addEventListener("click", function () { fitDrawn(); });
  document.getElementById("reset").addEventListener("click", function () {
    state.shown = new Set(init.shown); state.origin = new Map(); state.focus = null; state.docSaved = null; state.doc = -1; docSelect.value = "-1";
    init.shown.forEach(function (i) { state.origin.set(i, { by: "initial" }); });
    deselect(); fitDrawn();
  });
  function png() {
    var src = container.querySelector("canvas"), out = document.createElement("canvas");
    out.width = src.width; out.height = src.height;
    var ctx = out.getContext("2d"); ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(src, 0, 0);
    return out.toDataURL("image/png");
  }
  function xml(s) {
    return String(s).replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/g, "\uFFFD")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function graphml() {  // the selected entities (two or more), else everything drawn, with the links between them
    var chosen = network.getSelectedNodes();
    var keep = new Set(chosen.length > 1 ? chosen : Array.from(current.nodes));
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
      '<key id="label" for="node" attr.name="label" attr.type="string"/>',
      '<key id="type" for="node" attr.name="type" attr.type="string"/>',
      '<key id="mentions" for="node" attr.name="mentions" attr.type="int"/>',
      '<key id="kind" for="edge" attr.name="kind" attr.type="string"/>',
      '<key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
      '<key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>',
      '<key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
      '<graph id="kg" edgedefault="directed">'];
    Array.from(keep).sort(function (a, b) { return a - b; }).forEach(function (i) {
      out.push('<node id="' + xml(N[i][0]) + '"><data key="label">' + xml(label(i)) + '</data><data key="type">' +
        xml(typeName(i)) + '</data><data key="mentions">' + N[i][6] + "</data></node>");
    });
    Array.from(current.links).sort(function (a, b) { return a - b; }).forEach(function (j) {
      var l = L[j];
      if (!keep.has(l[0]) || !keep.has(l[1])) { return; }
      out.push('<edge id="' + xml(l[8]) + '" source="' + xml(N[l[0]][0]) + '" target="' + xml(N[l[1]][0]) + '"><data key="kind">' +
        (l[2] ? "relation" : "co-mention") + '</data><data key="weight">' + l[3] + "</data>" +
        (l[2] ? '<data key="predicate">' + xml(l[9].p) + '</data><data key="relation">' + xml(l[9].r) + "</data>" : "") + "</edge>");
    });
    out.push("</graph>", "</graphml>");
    return out.join("\n") + "\n";
  }
  function download(name, url) { var a = document.createElement("a"); a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove(); }
  document.getElementById("export-png").addEventListener("click", function () { download("kg-view.png", png()); });
  document.getElementById("export-graphml").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([graphml()], { type: "application/xml" }));
    download("kg-selection.graphml", url); setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  // ---------------------------------------------------------------- what the page leaves out, said on the page
  function cutText() {
    var drawn = visible(), parts = [];
    var n = init.shown.filter(function (i) { return drawn.nodes.has(i); }).length;
    var all = !init.view && n === N.length && drawn.links.size === L.length;
    if (all) { parts.push("Drawing all " + plural(N.length, "entity", "entities") + " and all " + plural(L.length, "link") + "."); }
    else parts.push("Drawing " + (init.view ? plural(n, "entity", "entities") + " around the chosen one"
      : (n < init.shown.length ? n.toLocaleString("en") + " of " : "") + "the " +
        plural(init.shown.length, "most important entity", "most important entities") +
        (init.shown.length < N.length ? " (--max-nodes " + init.max_nodes + ")" : "")));
    if (!all) parts.push(" and " + plural(drawn.links.size, "link") + " between them, of " + plural(N.length, "entity", "entities") +
      " and " + plural(L.length, "link") + " in the page (search, double-click, Focus or a document bring in any of them).");
    if (state.minWeight > 1) {
      parts.push(" Co-mentions named together in fewer than " + plural(state.minWeight, "sentence") + " are hidden" +
        (state.minWeight > init.user_min_weight ? " to keep the view readable" : " (--min-weight)") +
        ", and entities left with no link: move the slider to draw them.");
    }
    parts.push(" Up to " + plural(init.per_link, "sentence") + " per link are in the page; kg evidence lists every one.");
    return parts.join("");
  }

  render();
  document.getElementById("cut").textContent = cutText();
  if (init.select >= 0) { select(init.select, { scale: 1.0 }); } else { network.fit({ animation: false }); }

  window.kg = { network: network, data: data, select: select, find: find, showEdge: showEdge, showNode: showNode,
                expand: expand, collapse: collapse, hide: hide, focus: focus, unfocus: unfocus, path: path, showPath: showPath,
                setDoc: setDoc, setDates: setDates, dates: dates, png: png, graphml: graphml, deselect: deselect,
                drawn: function () { return { nodes: Array.from(current.nodes).sort(function (a, b) { return a - b; }),
                                               links: Array.from(current.links).sort(function (a, b) { return a - b; }) }; },
                labels: function () { return labelBoxes; }, byKgId: function (id) { return byKgId.has(id) ? byKgId.get(id) : -1; },
                afterDraw: function (f) { drew.push(f); network.redraw(); }, state: state };
})();
