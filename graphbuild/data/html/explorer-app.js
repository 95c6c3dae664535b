// graphbuild explorer, views: the overview of films and one film's story
// graph, drawn with vis-network; the state of the view lives in the URL
// (#film=...&node=...&edge=...&filters=...), so back and forward work and a
// view can be shared. Corpus text reaches the page through textContent only.
(function () {
  "use strict";
  var D = window.GB.data, P = window.GB.panel, ov = D.overview;
  var el = P.el;
  function $(id) { return document.getElementById(id); }

  var CLASS = {}, GROUP = {}, SYMMETRIC = {}, genreBySlug = {};
  ov.classes.forEach(function (c) { CLASS[c.name] = c; });
  ov.groups.forEach(function (g) { GROUP[g.name] = g; });
  ov.symmetric.forEach(function (p) { SYMMETRIC[p] = true; });
  ov.genres.forEach(function (g, i) { genreBySlug[D.localName(g[0])] = i; });

  function defaultGroups() {
    var groups = {};
    ov.groups.forEach(function (g) { groups[g.name] = g.checked; });
    return groups;
  }
  function groupKey(groups) {
    return Object.keys(groups).filter(function (g) { return groups[g]; }).sort().join(".");
  }
  var DEFAULT_GROUPS = groupKey(defaultGroups());
  function defaults() {
    return { film: null, node: null, edge: null, genre: "", decade: "", mentioned: false,
             groups: defaultGroups(), conf: 0 };
  }

  // ---- the URL --------------------------------------------------------------
  function enc(v) {
    return encodeURIComponent(v).replace(/%2F/g, "/").replace(/%3A/g, ":");
  }
  function toHash(s) {
    var parts = [];
    if (s.film !== null) { parts.push("film=" + enc(D.films[s.film].slug)); }
    if (s.node) { parts.push("node=" + enc(s.node)); }
    if (s.edge) { parts.push("edge=" + enc(s.edge)); }
    var filters = [];
    if (s.genre) { filters.push("genre:" + s.genre); }
    if (s.decade !== "") { filters.push("decade:" + s.decade); }
    if (s.mentioned) { filters.push("mentioned"); }
    var groups = groupKey(s.groups);
    if (groups !== DEFAULT_GROUPS) { filters.push("relations:" + (groups || "none")); }
    if (s.conf > 0) { filters.push("confidence:" + s.conf.toFixed(2)); }
    if (filters.length) { parts.push("filters=" + filters.map(enc).join(",")); }
    return parts.length ? "#" + parts.join("&") : "";
  }
  function fromHash(hash) {
    var s = defaults();
    var q = new URLSearchParams(hash.replace(/^#/, ""));
    var film = q.get("film");
    if (film && D.bySlug[film]) { s.film = D.bySlug[film].index; }
    s.node = q.get("node") || null;
    s.edge = q.get("edge") || null;
    (q.get("filters") || "").split(",").forEach(function (item) {
      var cut = item.indexOf(":");
      var key = cut < 0 ? item : item.slice(0, cut), value = cut < 0 ? "" : item.slice(cut + 1);
      if (key === "genre" && genreBySlug[value] !== undefined) { s.genre = value; }
      else if (key === "decade" && /^\d{3,4}$/.test(value)) { s.decade = Number(value); }
      else if (key === "mentioned") { s.mentioned = true; }
      else if (key === "relations") {
        Object.keys(s.groups).forEach(function (g) { s.groups[g] = false; });
        value.split(".").forEach(function (g) { if (g in s.groups) { s.groups[g] = true; } });
      } else if (key === "confidence") { s.conf = Math.max(0, Math.min(1, parseFloat(value) || 0)); }
    });
    return s;
  }

  // ---- the drawing ------------------------------------------------------------
  var container = $("network");
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, multiselect: false,
                   keyboard: { enabled: true, bindToWindow: false } },
    nodes: { borderWidth: 1, font: { size: 14, strokeWidth: 4, strokeColor: "#ffffff" } },
    edges: { selectionWidth: 2, font: { size: 11, color: "#444444", strokeWidth: 3, align: "middle" } }
  });
  window.GB.firstPaint = null;
  network.on("afterDrawing", function () {
    if (window.GB.firstPaint === null && nodes.length) { window.GB.firstPaint = performance.now(); }
  });

  var state = defaults();
  var drawnKey = null, renderedKey = null, renderToken = 0, busy = 0;
  var current = null;  // the film chunk drawn, or null for the overview

  function tip(lines) {
    var box = el("div");
    lines.forEach(function (t, i) { box.appendChild(el("div", i ? null : "tip-title", t)); });
    return box;
  }
  function communityColour(f) {
    return f.community < ov.communities.length ? ov.communities[f.community].color : ov.otherColor;
  }
  function passes(f, s) {
    return (s.mentioned || f.documented) &&
      (!s.genre || f.genres.indexOf(genreBySlug[s.genre]) >= 0) &&
      (s.decade === "" || f.decade === s.decade);
  }

  // Where to draw the films: when the overview draws the films it draws at
  // first (a big graph's best known), at their own layout (dx, dy), films a
  // selection adds around a linked film; else on the map of every film.
  function places(shown, chosen) {
    var at = {};
    var own = chosen.length && chosen.every(function (f) { return f.dx !== null; });
    if (!own) {
      shown.forEach(function (f) { at[f.index] = [f.x, f.y]; });
      return at;
    }
    var around = {}, lowest = -Infinity, left = Infinity;
    shown.forEach(function (f) {
      if (f.dx !== null) { at[f.index] = [f.dx, f.dy]; lowest = Math.max(lowest, f.dy); left = Math.min(left, f.dx); }
    });
    var row = 0;
    shown.forEach(function (f) {
      if (at[f.index]) { return; }
      var anchor = D.neighbours[f.index].map(function (k) {
        var l = ov.links[k];
        return D.films[l[0] === f.index ? l[1] : l[0]];
      }).filter(function (o) { return o.dx !== null && at[o.index]; })[0];
      if (anchor) {
        var k = around[anchor.index] = (around[anchor.index] || 0) + 1;
        at[f.index] = [anchor.dx + (90 + 25 * k) * Math.cos(k * 2.4), anchor.dy + (90 + 25 * k) * Math.sin(k * 2.4)];
      } else {
        at[f.index] = [left + 200 * row++, lowest + 150];
      }
    });
    return at;
  }

  function drawOverview(s, extra) {
    var passing = D.films.filter(function (f) { return passes(f, s); });
    var chosen = passing.slice().sort(function (a, b) { return b.size - a.size || a.index - b.index; })
      .slice(0, ov.top);
    var keep = {};
    chosen.forEach(function (f) { keep[f.index] = true; });
    var added = 0;
    extra.forEach(function (f) { if (!keep[f.index]) { keep[f.index] = true; added++; } });
    var shown = D.films.filter(function (f) { return keep[f.index]; });
    var links = ov.links.filter(function (l) { return keep[l[0]] && keep[l[1]]; });
    var at = places(shown, chosen);
    var key = "overview|" + shown.map(function (f) { return f.index; }).join(",");
    if (key !== drawnKey) {
      drawnKey = key;
      current = null;
      network.setOptions({
        nodes: { scaling: {
          min: ov.dots[0], max: ov.dots[1],
          // Sizes against the best-known film of the graph, not of the films drawn.
          customScalingFunction: function (lo, hi, total, value) { return ov.maxSize ? value / ov.maxSize : 0; },
          label: { enabled: true, min: ov.dots[2], max: ov.dots[3], drawThreshold: 5, maxVisible: 28 } } },
        edges: { smooth: false },
        interaction: { hideEdgesOnDrag: shown.length > 800, hideEdgesOnZoom: shown.length > 800 }
      });
      edges.clear();
      nodes.clear();
      nodes.add(shown.map(function (f) {
        var colour = communityColour(f);
        var label = f.label.length > ov.shortLabel ? f.label.slice(0, ov.shortLabel - 2) + "\u2026" : f.label;
        return { id: f.id, label: label, x: at[f.index][0], y: at[f.index][1], value: f.size, shape: "dot",
                 color: { background: colour, border: "#444444",
                          highlight: { background: colour, border: "#000000" },
                          hover: { background: colour, border: "#000000" } },
                 opacity: passes(f, s) ? 1 : 0.45,
                 title: tip([P.plural(f.size, "fact") + " \u00b7 " + f.label + (f.year ? " (" + f.year + ")" : ""),
                             "click: summary \u00b7 double-click: story graph"]) };
      }));
      edges.add(links.map(function (l) {
        var a = D.films[l[0]], b = D.films[l[1]];
        return { id: a.slug + "~" + b.slug, from: a.id, to: b.id, dashes: l[2] === 0,
                 width: 1 + Math.log2(1 + l[2] + l[3]),
                 color: { color: "#8a8f98", opacity: shown.length > 300 ? 0.3 : 0.7 },
                 title: tip([a.label + " \u2014 " + b.label,
                             (l[2] ? P.plural(l[2], "shared person") : "") +
                             (l[2] && l[3] ? ", " : "") + (l[3] ? "mentioned " + P.plural(l[3], "time") : "")]) };
      }));
      network.fit({ animation: false });
    }
    var hidden = D.films.length - D.films.filter(function (f) { return f.documented; }).length;
    $("counts").textContent = P.plural(shown.length, "film") + ", " + P.plural(links.length, "link") + " shown" +
      (added ? " (" + added + " for the selection)" : "") +
      (!s.mentioned && hidden ? "; " + P.plural(hidden, "film") + " known only from mentions not shown" : "");
    var banner = $("banner");
    banner.hidden = passing.length <= chosen.length;
    banner.textContent = banner.hidden ? "" : "Drawing the " + chosen.length.toLocaleString("en") +
      " films the graph knows most about, of " + passing.length.toLocaleString("en") +
      " that pass the filters; narrow them by genre or decade, or search.";
  }

  function nodeSize(n) { return n.cls === "Film" ? 26 : n.cls === "Character" ? 16 : 12; }

  function drawFilm(c, s) {
    var key = "film|" + c.film + "|" + groupKey(s.groups) + "|" + s.conf;
    var drawnNodes = Object.keys(c.nodes).filter(function (id) { return c.nodes[id].x !== undefined; });
    var shownEdges = c.facts.filter(function (f) {
      return f.edge && s.groups[f.group] === true && (f.conf === null || f.conf >= s.conf - 1e-9);
    });
    if (key !== drawnKey) {
      var sameFilm = current === c;
      drawnKey = key;
      current = c;
      network.setOptions({
        nodes: { scaling: { label: { enabled: false } } },
        edges: { smooth: { type: "continuous", roundness: 0.15 } },
        interaction: { hideEdgesOnDrag: false, hideEdgesOnZoom: false }
      });
      edges.clear();
      if (!sameFilm) {
        nodes.clear();
        nodes.add(drawnNodes.map(function (id) {
          var n = c.nodes[id], style = CLASS[n.cls];
          return { id: id, label: n.label, x: n.x, y: n.y, shape: style.shape, size: nodeSize(n),
                   font: { size: n.cls === "Film" ? 18 : 14 },
                   color: { background: style.color, border: "#333333",
                            highlight: { background: style.color, border: "#000000" },
                            hover: { background: style.color, border: "#000000" } },
                   title: tip([n.label, n.cls + (n.alt.length ? " \u00b7 also " + n.alt.join(", ") : "")]) };
        }));
      }
      edges.add(shownEdges.map(function (f) {
        var g = GROUP[f.group];
        return { id: f.id, from: f.s, to: f.o, label: f.property === "castMember" ? undefined : f.property,
                 arrows: SYMMETRIC[f.property] ? "" : "to", dashes: g.dashed,
                 color: { color: g.color, opacity: 0.85 },
                 width: Math.round((1 + 2 * (f.conf === null ? 1 : f.conf)) * 100) / 100,
                 title: tip([f.property, "confidence " + (f.conf === null ? "n/a" : f.conf.toFixed(2)) +
                             " \u00b7 click for the evidence"]) };
      }));
      if (!sameFilm) { network.fit({ animation: false }); }
    }
    $("counts").textContent = P.plural(drawnNodes.length, "node") + ", " + P.plural(shownEdges.length, "edge") + " shown";
    $("banner").hidden = true;
  }

  function fitTo(ids) {
    var present = ids.filter(function (id) { return nodes.get(id) !== null; });
    if (present.length) { network.fit({ nodes: present, maxZoomLevel: 1.3, animation: false }); }
  }
  function neighboursInDrawing(id) {
    return [id].concat(network.getConnectedNodes(id));
  }

  // ---- rendering a state ----------------------------------------------------------
  var ctx = {
    selectNode: function (id) { go({ node: id, edge: null }, { fit: true }); },
    selectFact: function (id) { go({ node: null, edge: id }, { fit: true }); },
    openFilm: function (index, node) { go({ film: index, node: node || null, edge: null }, { fit: true }); },
    showFilm: function (index) { go({ film: null, node: D.films[index].id, edge: null }, { fit: true }); },
    showEntity: function (id) { go({ film: null, node: id, edge: null }, { fit: true }); },
    setGenre: function (id) { go({ film: null, node: null, edge: null, genre: D.localName(id) }, { fit: true }); }
  };

  function select(ids, edgeIds) {
    network.setSelection({ nodes: ids.filter(function (id) { return nodes.get(id) !== null; }),
                           edges: (edgeIds || []).filter(function (id) { return edges.get(id) !== null; }) },
                         { unselectAll: true, highlightEdges: !edgeIds || !edgeIds.length });
  }

  function renderFilm(c, s, fit) {
    drawFilm(c, s);
    var film = D.films[c.film];
    if (s.edge && c.byId[s.edge]) {
      var f = c.byId[s.edge];
      select([], [f.id]);
      if (fit) { fitTo(f.lit ? [f.s] : [f.s, f.o]); }
      P.fact(c, s.edge, ctx);
    } else if (s.node && (c.nodes[s.node] || c.described[s.node])) {
      select([s.node]);
      if (fit && nodes.get(s.node) !== null) { fitTo(neighboursInDrawing(s.node)); }
      P.node(c, s.node, ctx, null);
    } else {
      if (s.node || s.edge) { P.problem("This film holds no " + (s.node || s.edge)); return; }
      network.unselectAll();
      if (fit) { network.fit({ animation: false }); }
      P.node(c, film.id, ctx, null);
    }
  }

  function renderOverview(s, fit, token) {
    var film = s.node ? D.byId[s.node] : null;
    if (s.edge) {
      var ends = s.edge.split("~").map(function (slug) { return D.bySlug[slug]; });
      if (ends.length !== 2 || !ends[0] || !ends[1]) { drawOverview(s, []); P.problem("No films are called " + s.edge); return null; }
      drawOverview(s, ends);
      select([], [s.edge]);
      if (fit) { fitTo([ends[0].id, ends[1].id]); }
      return D.film(ends[0].index).then(function (c) {
        if (token === renderToken) { P.link(ends[0], ends[1], c, ctx); }
      });
    }
    if (film) {
      var around = [film].concat(D.neighbours[film.index].map(function (k) {
        var l = ov.links[k];
        return D.films[l[0] === film.index ? l[1] : l[0]];
      }));
      drawOverview(s, around);
      select([film.id]);
      if (fit) { fitTo(around.map(function (f) { return f.id; })); }
      return D.film(film.index).then(function (c) {
        if (token === renderToken) { P.filmSummary(film, c, ctx); }
      });
    }
    if (s.node) {
      return D.entity(s.node).then(function (page) {
        if (token !== renderToken) { return; }
        var theirs = page ? page.films.map(function (e) { return D.films[e[0]]; }) : [];
        drawOverview(s, theirs);
        var ids = theirs.map(function (f) { return f.id; });
        select(ids);
        if (fit && ids.length) { fitTo(ids); }
        P.entity(s.node, page, ctx);
      });
    }
    drawOverview(s, []);
    network.unselectAll();
    if (fit) { network.fit({ animation: false }); }
    P.intro(s, ctx);
    return null;
  }

  function render(next, opts) {
    opts = opts || {};
    var key = toHash(next);
    if (!opts.force && key === renderedKey) { return Promise.resolve(); }
    renderedKey = key;
    var token = ++renderToken;
    state = next;
    syncControls(next);
    busy++;
    var work;
    if (next.film !== null) {
      work = D.film(next.film).then(function (c) {
        if (token === renderToken) { renderFilm(c, next, opts.fit !== false); }
      });
    } else {
      work = Promise.resolve().then(function () { return renderOverview(next, opts.fit !== false, token); });
    }
    return work.catch(function (e) { P.problem(e.message); }).then(function () {
      busy--;
      if (token === renderToken) { crumbs(next); }
    });
  }

  function go(patch, opts) {
    var next = Object.assign({}, state, patch);
    var hash = toHash(next);
    if (hash !== location.hash && !(hash === "" && (location.hash === "" || location.hash === "#"))) {
      var url = hash || location.pathname + location.search;
      if (opts && opts.replace) { history.replaceState(null, "", url); } else { history.pushState(null, "", url); }
    }
    return render(next, opts);
  }
  window.addEventListener("popstate", function () { render(fromHash(location.hash), { fit: true }); });
  window.addEventListener("hashchange", function () { render(fromHash(location.hash), { fit: true }); });

  // ---- canvas events ----------------------------------------------------------------
  network.on("click", function (p) {
    if (p.nodes.length) { go({ node: p.nodes[0], edge: null }, { fit: false }); }
    else if (p.edges.length) { go({ node: null, edge: p.edges[0] }, { fit: false }); }
    else if (state.node || state.edge) { go({ node: null, edge: null }, { fit: false }); }
  });
  network.on("doubleClick", function (p) {
    if (state.film === null && p.nodes.length && D.byId[p.nodes[0]]) { ctx.openFilm(D.byId[p.nodes[0]].index, null); }
  });

  // ---- controls, crumbs and legend ------------------------------------------------
  var genreSelect = $("genre-filter"), decadeSelect = $("decade-filter"), mentioned = $("mentioned");
  ov.genres.forEach(function (g) {
    var o = el("option", null, g[1] + " (" + g[2] + ")");
    o.value = D.localName(g[0]);
    genreSelect.appendChild(o);
  });
  var decades = {};
  D.films.forEach(function (f) { if (f.decade !== null) { decades[f.decade] = (decades[f.decade] || 0) + 1; } });
  Object.keys(decades).map(Number).sort(function (a, b) { return a - b; }).forEach(function (d) {
    var o = el("option", null, d + "s (" + decades[d] + ")");
    o.value = String(d);
    decadeSelect.appendChild(o);
  });
  var onlyMentioned = D.films.filter(function (f) { return !f.documented; }).length;
  $("mentioned-count").textContent = "(" + onlyMentioned + ")";
  mentioned.parentNode.hidden = onlyMentioned === 0;
  genreSelect.addEventListener("change", function () { go({ genre: genreSelect.value }, { fit: true }); });
  decadeSelect.addEventListener("change", function () {
    go({ decade: decadeSelect.value === "" ? "" : Number(decadeSelect.value) }, { fit: true });
  });
  mentioned.addEventListener("change", function () { go({ mentioned: mentioned.checked }, { fit: true }); });

  var groupBoxes = {};
  ov.groups.forEach(function (g) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.dataset.group = g.name;
    box.addEventListener("change", function () {
      var groups = Object.assign({}, state.groups);
      groups[g.name] = box.checked;
      go({ groups: groups, edge: null }, { fit: false });
    });
    groupBoxes[g.name] = box;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + g.name));
    $("group-filters").appendChild(label);
  });
  var conf = $("confidence"), confOut = $("confidence-value");
  conf.addEventListener("input", function () {
    confOut.textContent = parseFloat(conf.value).toFixed(2);
    go({ conf: parseFloat(conf.value), edge: null }, { fit: false, replace: true });
  });

  function legend(s) {
    var ul = $("legend");
    ul.textContent = "";
    function item(mark, text) { var li = el("li"); li.appendChild(mark); li.appendChild(document.createTextNode(" " + text)); ul.appendChild(li); }
    if (s.film === null) {
      item(el("span", "swatch"), "a film; the bigger, the more facts about it");
      ov.communities.forEach(function (c) {
        var sw = el("span", "swatch");
        sw.style.background = c.color;
        item(sw, "community of " + D.films[c.film].label + " (" + c.size + ")");
      });
      var other = el("span", "swatch");
      other.style.background = ov.otherColor;
      item(other, "other films");
      item(el("span", "line"), "people in both films");
      item(el("span", "line dashed"), "one film's documents mention the other");
      return;
    }
    ov.classes.forEach(function (c) {
      var sym = el("span", "symbol", c.symbol);
      sym.style.color = c.color;
      item(sym, c.name);
    });
    ov.groups.forEach(function (g) {
      var line = el("span", g.dashed ? "line dashed" : "line");
      line.style.borderTopColor = g.color;
      item(line, g.name + " relation");
    });
  }

  function syncControls(s) {
    var inFilm = s.film !== null;
    $("overview-controls").hidden = inFilm;
    $("film-controls").hidden = !inFilm;
    genreSelect.value = s.genre;
    decadeSelect.value = s.decade === "" ? "" : String(s.decade);
    mentioned.checked = s.mentioned;
    Object.keys(groupBoxes).forEach(function (g) { groupBoxes[g].checked = s.groups[g] === true; });
    conf.value = String(s.conf);
    confOut.textContent = s.conf.toFixed(2);
    $("hint").textContent = inFilm
      ? "Click a node or an edge for its facts and evidence; Escape clears the selection. Arrow keys pan the drawing when it has focus."
      : "Click a film for its summary; double-click it to open its story graph. Press / to search.";
    legend(s);
  }

  function crumbs(s) {
    var nav = $("crumbs");
    nav.textContent = "";
    function sep() { nav.appendChild(el("span", "sep", "\u203a")); }
    var all = P.button("All films", function () { go({ film: null, node: null, edge: null }, { fit: true }); });
    nav.appendChild(all);
    if (s.film !== null) {
      sep();
      var f = D.films[s.film];
      nav.appendChild(P.button(f.label, function () { go({ node: null, edge: null }, { fit: true }); }));
      var n = s.node && current && current.nodes[s.node];
      if (n && s.node !== f.id) { sep(); nav.appendChild(el("span", null, n.label)); }
    }
    document.title = ov.title + (s.film !== null ? " \u2014 " + D.films[s.film].label : "");
  }

  // ---- search ---------------------------------------------------------------------
  var input = $("search"), list = $("suggestions");
  var found = [], active = -1, searchToken = 0, timer = null;
  function kindOf(e) {
    if (e.cls === "Film") { var f = D.films[e.film]; return "film" + (f.year ? ", " + f.year : ""); }
    if (e.film >= 0) { return e.cls.toLowerCase() + " in " + D.films[e.film].label; }
    return e.cls.toLowerCase();
  }
  function closeList() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
  function showList() {
    list.textContent = "";
    found.forEach(function (e, i) {
      var li = el("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.appendChild(el("span", null, e.name));
      li.appendChild(el("span", "kind", " \u2014 " + (e.label !== e.name ? e.label + ", " : "") + kindOf(e)));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(e); });
      list.appendChild(li);
    });
    if (!found.length && input.value.trim().length >= 2) { list.appendChild(el("li", "kind", "no match")); }
    list.hidden = input.value.trim().length < 2;
    input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    if (active >= 0) { input.setAttribute("aria-activedescendant", "suggestion-" + active); }
    else { input.removeAttribute("aria-activedescendant"); }
  }
  function pick(e) {
    closeList();
    input.value = e.name;
    if (e.cls === "Film") { ctx.showFilm(e.film); }
    else if (e.film >= 0) { ctx.openFilm(e.film, e.id); }
    else if (current && state.film !== null && current.nodes[e.id] && current.nodes[e.id].x !== undefined) { ctx.selectNode(e.id); }
    else { ctx.showEntity(e.id); }
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var token = ++searchToken;
    timer = setTimeout(function () {
      D.search(input.value).then(function (results) {
        if (token !== searchToken) { return; }
        found = results;
        active = results.length ? 0 : -1;
        showList();
      }, function (e) { found = []; showList(); P.problem(e.message); });
    }, 120);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!found.length) { return; }
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
      showList();
    } else if (ev.key === "Enter") {
      if (found.length && !list.hidden) { ev.preventDefault(); pick(found[Math.max(0, active)]); }
    } else if (ev.key === "Escape") {
      closeList();
    }
  });
  input.addEventListener("blur", function () { setTimeout(closeList, 150); });

  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName);
    if (ev.key === "/" && !typing) { ev.preventDefault(); input.focus(); input.select(); }
    else if (ev.key === "Escape" && !typing && (state.node || state.edge)) { go({ node: null, edge: null }, { fit: false }); }
    else if (ev.key === "Enter" && !typing && ev.target.tagName !== "BUTTON" && state.film === null && state.node && D.byId[state.node]) {
      ctx.openFilm(D.byId[state.node].index, null);
    }
  });

  // ---- start ------------------------------------------------------------------------
  var first = fromHash(location.hash);
  if (!location.hash && ov.start && D.bySlug[ov.start]) { first.film = D.bySlug[ov.start].index; }
  render(first, { fit: true, force: true });

  window.graphbuild = {
    network: network, nodes: nodes, edges: edges, go: go,
    state: function () { return state; },
    busy: function () { return busy > 0; },
    film: function () { return current; }
  };
  window.graphbuildNetwork = network;
})();
