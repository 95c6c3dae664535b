// graphbuild page: draws the embedded graph with vis-network and wires the filters.
// Corpus text only ever reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graphbuild-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function fmt(conf) { return conf === null || conf === undefined ? "n/a" : Number(conf).toFixed(2); }

  function nodeTooltip(n) {
    var box = el("div");
    box.appendChild(el("div", "tip-title", n.label));
    box.appendChild(el("div", "tip-muted", n.cls));
    if (n.alt.length) { box.appendChild(el("div", null, "also: " + n.alt.join(", "))); }
    n.facts.forEach(function (f) { box.appendChild(el("div", null, f[0] + ": " + f[1])); });
    if (n.why && n.why.length) {
      box.appendChild(el("div", "tip-muted", "why " + n.cls + ":"));
      n.why.forEach(function (w) { box.appendChild(el("div", "tip-why", w)); });
    }
    box.appendChild(el("div", "tip-muted", n.id));
    return box;
  }

  function edgeTooltip(e) {
    var box = el("div");
    var from = byId[e.from], to = byId[e.to];
    box.appendChild(el("div", "tip-title", from.label + " \u2014 " + e.property + " \u2192 " + to.label));
    box.appendChild(el("div", "tip-muted", e.group + " relation, confidence " + fmt(e.confidence)));
    if (!e.evidence.length) { box.appendChild(el("div", "tip-muted", "no recorded evidence")); }
    e.evidence.forEach(function (ev) {
      box.appendChild(el("div", "tip-quote", ev.sentence));
      box.appendChild(el("div", "tip-muted", ev.document + " \u00b7 " + ev.rule + " \u00b7 " + fmt(ev.confidence)));
    });
    if (e.evidenceCount > e.evidence.length) {
      box.appendChild(el("div", "tip-muted", "+" + (e.evidenceCount - e.evidence.length) + " more"));
    }
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { title: nodeTooltip(n) });
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({}, e, { title: edgeTooltip(e) });
  }));

  var state = { film: "", search: "", minConf: 0, groups: {} };
  data.groups.forEach(function (g) { state.groups[g.name] = g.checked; });
  var visible = {};

  function edgePasses(e) {
    return state.groups[e.group] === true &&
      (e.confidence === null || e.confidence >= state.minConf - 1e-9);
  }
  function inFilm(n) { return state.film === "" || n.films.indexOf(state.film) >= 0; }
  function matches(n, q) {
    if (n.label.toLowerCase().indexOf(q) >= 0) { return true; }
    return n.alt.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
  }

  // Which nodes pass: the film filter, then (when searching) the matches and
  // their neighbours over the edges that pass the relation filters.
  function computeVisible() {
    visible = {};
    var q = state.search.trim().toLowerCase();
    var hits = {};
    data.nodes.forEach(function (n) {
      if (inFilm(n) && (q === "" || matches(n, q))) { visible[n.id] = true; hits[n.id] = true; }
    });
    if (q !== "") {
      data.edges.forEach(function (e) {
        if (!edgePasses(e) || !inFilm(byId[e.from]) || !inFilm(byId[e.to])) { return; }
        if (hits[e.from]) { visible[e.to] = true; }
        if (hits[e.to]) { visible[e.from] = true; }
      });
    }
    return Object.keys(hits);
  }

  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visible[n.id] === true; } });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) { return edgePasses(e) && visible[e.from] === true && visible[e.to] === true; }
  });

  var container = document.getElementById("network");
  computeVisible();
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  var counts = document.getElementById("counts");

  function refresh(fit) {
    var hits = computeVisible();
    nodesView.refresh();
    edgesView.refresh();
    counts.textContent = nodesView.length + " nodes, " + edgesView.length + " edges shown";
    if (fit) {
      network.fit(state.search.trim() !== "" && hits.length ? { nodes: hits, animation: false } : { animation: false });
    }
  }

  // Film dropdown, relation checkboxes and legend, built from the data.
  var select = document.getElementById("film-filter");
  data.films.forEach(function (f) {
    var o = el("option", null, f[1]);
    o.value = f[0];
    select.appendChild(o);
  });
  // A film shown alone gets its own layout; "All films" puts nodes back.
  var home = data.nodes.map(function (n) { return { id: n.id, x: n.x, y: n.y }; });
  function placeFilm(film) {
    var spots = data.filmLayouts[film];
    if (spots) {
      nodes.update(Object.keys(spots).map(function (id) {
        return { id: id, x: spots[id][0], y: spots[id][1] };
      }));
    } else {
      nodes.update(home);
    }
  }
  select.addEventListener("change", function () {
    state.film = select.value;
    placeFilm(state.film);
    refresh(true);
  });

  var groupBox = document.getElementById("group-filters");
  var legend = document.getElementById("legend");
  data.groups.forEach(function (g) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = g.checked;
    box.dataset.group = g.name;
    box.addEventListener("change", function () { state.groups[g.name] = box.checked; refresh(false); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + g.name + " (" + g.count + ")"));
    groupBox.appendChild(label);
  });
  data.classes.forEach(function (c) {
    var li = el("li");
    var sym = el("span", "symbol", c.symbol);
    sym.style.color = c.color;
    li.appendChild(sym);
    li.appendChild(document.createTextNode(" " + c.name + " (" + c.count + ")"));
    legend.appendChild(li);
  });
  data.groups.forEach(function (g) {
    var li = el("li");
    var line = el("span", g.dashed ? "line dashed" : "line");
    line.style.borderTopColor = g.color;
    li.appendChild(line);
    li.appendChild(document.createTextNode(" " + g.name + " relation"));
    legend.appendChild(li);
  });

  var search = document.getElementById("search");
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.search = search.value; refresh(true); }, 150);
  });

  var conf = document.getElementById("confidence");
  var confOut = document.getElementById("confidence-value");
  conf.addEventListener("input", function () {
    state.minConf = parseFloat(conf.value);
    confOut.textContent = state.minConf.toFixed(2);
    refresh(false);
  });

  var physics = document.getElementById("physics");
  physics.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physics.checked } });
  });

  refresh(false);
  window.graphbuildNetwork = network;
  window.graphbuild = {
    nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    refresh: refresh, state: state
  };
})();
