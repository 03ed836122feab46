(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var state = { types: new Set(data.types), kinds: new Set(data.kinds), minWeight: 1 };

  var nodes = new vis.DataSet(data.vis_nodes);
  var edges = new vis.DataSet(data.vis_edges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return state.types.has(byId[n.id].type); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    var info = edgeById[e.id];
    return state.kinds.has(info.kind) && info.weight >= state.minWeight;
  } });
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  network.once("afterDrawing", function () { window.kgReady = true; document.body.dataset.ready = "1"; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // A sentence with the given names highlighted: text nodes and <mark>s, never HTML.
  function highlighted(text, names) {
    var block = el("blockquote");
    var wanted = names.filter(function (n) { return n && n.length > 1; })
      .sort(function (a, b) { return b.length - a.length; }).map(escapeRegExp);
    if (!wanted.length) { block.textContent = text; return block; }
    var re = new RegExp("(" + wanted.join("|") + ")", "g");
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
  function citation(c, names) {
    var block = highlighted(c.text, names);
    block.appendChild(el("span", c.doc + (c.page ? ", page " + c.page : "") + " [" + c.start + ":" + c.end + "]", "doc"));
    return block;
  }
  function namesOf(n) { return [n.label].concat(n.aliases || []); }

  var panel = document.getElementById("panel");
  function clear() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }

  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clear();
    panel.appendChild(el("h2", n.label));
    panel.appendChild(el("div", n.type + " · " + n.mentions + " mentions in " + n.documents + " documents", "meta"));
    if (n.aliases && n.aliases.length > 1) { panel.appendChild(el("div", "Also written: " + n.aliases.join(" | "), "meta")); }
    if (n.titles && n.titles.length) { panel.appendChild(el("div", "Titles: " + n.titles.join(" | "), "meta")); }
    if (n.doc_ids && n.doc_ids.length) {
      panel.appendChild(el("div", "Documents: " + n.doc_ids.join(", ") + (n.documents > n.doc_ids.length ? " …" : ""), "meta"));
    }
    var links = data.edges.filter(function (e) { return e.from === id || e.to === id; })
      .sort(function (a, b) { return (b.kind === "relation") - (a.kind === "relation") || b.weight - a.weight; });
    if (links.length) { panel.appendChild(el("h3", "Linked to")); }
    var list = el("ul");
    links.slice(0, 40).forEach(function (e) {
      var other = byId[e.from === id ? e.to : e.from];
      var li = el("li");
      var a = el("span", other.label, "link");
      a.addEventListener("click", function () { select(other.id); });
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + (e.kind === "relation" ? e.predicate + (e.from === id ? " →" : " ←") : "co-mention") + " ×" + e.weight));
      list.appendChild(li);
    });
    panel.appendChild(list);
    var seen = new Set();
    var cites = [];
    links.forEach(function (e) {
      e.citations.forEach(function (c) {
        var key = c.doc + ":" + c.start;
        if (!seen.has(key)) { seen.add(key); cites.push([c, e]); }
      });
    });
    if (cites.length) { panel.appendChild(el("h3", "Cited sentences")); }
    cites.slice(0, 25).forEach(function (pair) {
      var e = pair[1];
      panel.appendChild(citation(pair[0], namesOf(byId[e.from]).concat(namesOf(byId[e.to]))));
    });
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    var a = byId[e.from], b = byId[e.to];
    clear();
    panel.appendChild(el("h2", e.kind === "relation" ? a.label + " — " + e.predicate + " → " + b.label : a.label + " — " + b.label));
    var meta = el("div", (e.kind === "relation" ? e.relation + " · rule " + e.rules.join(", ") : "named together") +
      " · " + e.weight + " sentence" + (e.weight === 1 ? "" : "s"), "meta");
    if (e.negated) { meta.appendChild(el("span", "negated", "flag")); }
    if (e.hedged) { meta.appendChild(el("span", "hedged", "flag")); }
    if (e.attributed_to && e.attributed_to.length) { meta.appendChild(el("span", "according to " + e.attributed_to.join(", "), "flag")); }
    panel.appendChild(meta);
    e.citations.forEach(function (c) { panel.appendChild(citation(c, namesOf(a).concat(namesOf(b)))); });
    if (e.more) { panel.appendChild(el("div", "… and " + e.more + " more sentences (kg evidence on the command line lists them all)", "meta")); }
  }

  function select(id) {
    if (!nodeView.get(id)) { state.types.add(byId[id].type); nodeView.refresh(); syncChecks(); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }

  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  // search
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  function find(q) {
    var f = fold(q).trim();
    if (!f) { return []; }
    return data.nodes.filter(function (n) { return namesOf(n).some(function (s) { return fold(s).indexOf(f) >= 0; }); })
      .sort(function (a, b) { return b.mentions - a.mentions; }).slice(0, 20);
  }
  search.addEventListener("input", function () {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    find(search.value).forEach(function (n) {
      var li = el("li", n.label + " (" + n.type + ")");
      li.addEventListener("click", function () { select(n.id); });
      results.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hit = find(search.value); if (hit.length) { select(hit[0].id); } }
  });

  // toggles and slider
  var checks = [];
  function toggle(box, set, value) {
    box.addEventListener("change", function () {
      if (box.checked) { set.add(value); } else { set.delete(value); }
      nodeView.refresh(); edgeView.refresh();
    });
  }
  function syncChecks() { checks.forEach(function (c) { c[0].checked = c[1].has(c[2]); }); }
  data.types.forEach(function (t) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = t;
    var sw = el("span", null, "swatch"); sw.style.background = data.colours[t] || "#999";
    label.appendChild(box); label.appendChild(sw); label.appendChild(document.createTextNode(t));
    document.getElementById("types").appendChild(label);
    toggle(box, state.types, t); checks.push([box, state.types, t]);
  });
  data.kinds.forEach(function (k) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.kind = k;
    var line = el("span", null, "line");
    line.style.borderTop = k === "relation" ? "2px solid #444" : "2px dashed #aaa";
    label.appendChild(box); label.appendChild(line); label.appendChild(document.createTextNode(k === "relation" ? "stated relation" : "co-mention"));
    document.getElementById("kinds").appendChild(label);
    toggle(box, state.kinds, k); checks.push([box, state.kinds, k]);
  });
  var weight = document.getElementById("weight");
  weight.addEventListener("input", function () {
    state.minWeight = Number(weight.value);
    document.getElementById("weight-value").textContent = weight.value;
    edgeView.refresh();
  });

  window.kg = { network: network, select: select, find: find, showEdge: showEdge, data: data };
})();
