// graphbuild explorer, detail panel: what is known about the selected film,
// person, node, fact or link, with the evidence sentences behind each fact.
// Corpus text only ever reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  var D = window.GB.data;
  var box = document.getElementById("details");
  var GROUP_TITLES = { production: "Credits and production", story: "Story", open: "Other verbs (open relations)",
                       other: "Other facts" };
  var GROUP_ORDER = ["production", "story", "open", "other"];

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function button(text, onClick, className) {
    var b = el("button", className || "link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function fmt(conf) { return conf === null || conf === undefined ? "n/a" : Number(conf).toFixed(2); }
  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }
  function filmName(f) { return f.label + (f.year ? " (" + f.year + ")" : ""); }

  function start(title, subtitle) {
    box.textContent = "";
    add(box, el("h2", null, title));
    if (subtitle) { add(box, el("div", "muted", subtitle)); }
  }
  function section(title) { add(box, el("h3", null, title)); return add(box, el("ul")); }

  function nodeLabel(c, id) {
    if (c.nodes[id]) { return c.nodes[id].label; }
    if (c.described[id]) { return c.described[id].label; }
    if (c.docIndex[id] !== undefined) { return c.docs[c.docIndex[id]][1]; }
    return D.localName(id);
  }

  // A link to a film, or its name alone when it is the film shown.
  function filmLink(index, current, ctx) {
    if (index < 0) { return el("span", null, "a film not in the graph"); }
    var f = D.films[index];
    if (index === current) { return el("span", null, f.label); }
    return button(filmName(f), function () { ctx.openFilm(index, null); });
  }

  // A document as "plot.txt (Kramer vs. Kramer)", its film a link.
  function documentName(c, k, ctx) {
    var doc = c.docs[k];
    var span = el("span", "doc", doc[1]);
    if (doc[2] >= 0) {
      add(span, document.createTextNode(" ("));
      add(span, filmLink(doc[2], null, ctx));
      add(span, document.createTextNode(")"));
    }
    span.title = D.fullId(doc[0]);
    return span;
  }

  function evidenceList(c, f, into) {
    if (!f.ev.length) { add(into, el("div", "muted", "no recorded evidence")); }
    f.ev.forEach(function (k) {
      var e = c.evidence[k];
      var doc = c.docs[e[0]];
      var item = add(into, el("div", "evidence"));
      add(item, el("blockquote", "quote", e[1]));
      var where = doc[1];
      if (doc[2] >= 0 && doc[2] !== c.film) { where += " (a document of " + D.films[doc[2]].label + ")"; }
      var offsets = e[2] === null ? "" : " \u00b7 characters " + e[2] + "\u2013" + e[3];
      add(item, el("div", "source", where + offsets + " \u00b7 rule " + e[4] + " \u00b7 confidence " + fmt(e[5])));
      e[6].forEach(function (kv) { add(item, el("div", "source", kv[0] + ": " + kv[1])); });
      item.title = D.fullId(doc[0]);
    });
    if (f.evn > f.ev.length) {
      add(into, el("div", "muted", "+" + (f.evn - f.ev.length) + " more sentences (the page keeps " + f.ev.length + ")"));
    }
  }

  // One fact as seen from node `from`: the other end links to that node.
  function factItem(c, f, from, ctx, selected) {
    var li = el("li", "fact" + (selected ? " selected" : ""));
    li.dataset.fact = f.id;
    var line = add(li, el("div"));
    function end(id) {
      if (id === from) { return el("span", "muted", "this"); }
      return button(nodeLabel(c, id), function () { ctx.selectNode(id); });
    }
    if (f.lit) {
      add(line, el("span", "prop", f.property + ": "));
      add(line, el("span", null, f.o));
    } else if (f.doc !== undefined) {  // mentionedIn a document: named, never drawn
      if (f.s !== from) { add(line, end(f.s)); }
      add(line, el("span", "prop", (f.s !== from ? " " : "") + "mentioned in "));
      add(line, documentName(c, f.doc, ctx));
    } else if (f.s === from) {
      add(line, el("span", "prop", f.property + " "));
      add(line, end(f.o));
    } else {
      add(line, end(f.s));
      add(line, el("span", "prop", " " + f.property + " "));
      add(line, end(f.o));
    }
    add(line, el("span", "conf", "confidence " + fmt(f.conf)));
    var more = add(li, el("details"));
    more.open = !!selected || f.doc !== undefined;  // a mention is its sentence
    var summary = add(more, el("summary", null,
      f.evn ? plural(f.evn, "sentence") + " of evidence" : "no recorded evidence"));
    summary.title = "fact " + f.id;
    if (f.edge) {
      var show = button("show in the drawing", function () { ctx.selectFact(f.id); });
      show.className = "link muted";
      add(more, show);
    }
    evidenceList(c, f, more);
    return li;
  }

  function factsByKind(c, id, ctx, selectedFact) {
    var facts = c.byNode[id] || [];
    var literals = facts.filter(function (f) { return f.lit; });
    if (literals.length) {
      var ul = section("Attributes");
      literals.forEach(function (f) { add(ul, factItem(c, f, id, ctx, f.id === selectedFact)); });
    }
    var mentions = facts.filter(function (f) { return f.doc !== undefined; });
    if (mentions.length) {
      var ml = section("Mentioned in (" + mentions.length + ")");
      mentions.forEach(function (f) { add(ml, factItem(c, f, id, ctx, f.id === selectedFact)); });
    }
    GROUP_ORDER.forEach(function (g) {
      var inGroup = facts.filter(function (f) { return !f.lit && f.doc === undefined && f.group === g; });
      if (!inGroup.length) { return; }
      var ul = section(GROUP_TITLES[g] + " (" + inGroup.length + ")");
      inGroup.slice().sort(function (a, b) {
        return a.property < b.property ? -1 : a.property > b.property ? 1 : a.index - b.index;
      }).forEach(function (f) { add(ul, factItem(c, f, id, ctx, f.id === selectedFact)); });
    });
  }

  function identity(id, types) {
    var dl = el("dl", "kv");
    add(dl, el("dt", null, "IRI"));
    add(dl, el("dd", null, D.fullId(id)));
    if (types && types.length) {
      add(dl, el("dt", null, "types"));
      add(dl, el("dd", null, types.map(D.localName).join(", ")));
    }
    return dl;
  }

  // Why a node is what it is: per deciding film, the class its documents
  // showed and the evidence, then each other name merged in and why.
  // Rows: [name, film number, class, [why], [[merged name, [why]]]].
  function decisions(into, rows, current, ctx) {
    rows.forEach(function (d) {
      var li = add(into, el("li", "decision"));
      var line = add(li, el("div"));
      add(line, el("span", "chip", d[0]));
      add(line, el("span", null, (d[2] ? (/^[AEIOU]/.test(d[2]) ? "an " : "a ") + d[2] : "no entity") +
        ", decided in "));
      add(line, filmLink(d[1], current, ctx));
      var why = add(li, el("ul", "why"));
      d[3].forEach(function (w) { add(why, el("li", null, w)); });
      if (!d[4].length) { return; }
      add(li, el("div", "prop", "names merged in"));
      var merged = add(li, el("ul", "why"));
      d[4].forEach(function (m) {
        var item = add(merged, el("li"));
        add(item, el("span", "chip", m[0]));
        add(item, el("span", null, m[1].join("; ")));
      });
    });
  }

  // A film's names its documents showed to be no entity, folded away.
  function rejectedNames(c) {
    if (!c.rejected || !c.rejected.length) { return; }
    var ul = section("Not entities (" + c.rejected.length + ")");
    var more = add(add(ul, el("li")), el("details", "rejected"));
    add(more, el("summary", null, plural(c.rejected.length, "name") +
      " its documents showed to be no entity (a common word, a title, a thing)"));
    var list = add(more, el("ul", "why"));
    c.rejected.forEach(function (r) {
      var item = add(list, el("li"));
      add(item, el("span", "chip", r[0]));
      add(item, el("span", null, r[1].join("; ")));
    });
  }

  function names(n) {
    var ul = section("Names");
    var li = add(ul, el("li"));
    add(li, el("span", "chip", n.label));
    n.alt.forEach(function (a) { add(li, el("span", "chip", a)); });
  }

  // A node of a film's part: names, identity, and its facts in this film.
  function node(c, id, ctx, selectedFact) {
    var n = c.nodes[id];
    if (!n) { return described(c, id, ctx); }
    var film = D.films[c.film];
    start(n.label, n.cls + (n.films > 1 ? " \u00b7 in " + plural(n.films, "film") : "") +
      (n.x === undefined ? " \u00b7 not drawn in the story graph" : ""));
    var actions = add(box, el("div"));
    var other = D.byId[id];
    if (other && other.index !== c.film) {
      add(actions, button("Open " + other.label, function () { ctx.openFilm(other.index, null); }, "action"));
    }
    if (n.cls !== "Film" && n.films > 1 || n.cls === "Person") {
      add(actions, button(n.cls === "Person" ? "All films and roles" : "All its films",
        function () { ctx.showEntity(id); }, "action secondary"));
    }
    if (n.cls === "Genre") {
      add(actions, button("Show films of this genre", function () { ctx.setGenre(id); }, "action secondary"));
    }
    names(n);
    var idl = section("Identity");
    add(idl, el("li")).appendChild(identity(id, n.types));
    decisions(idl, n.identity || [], c.film, ctx);
    if (n.identityElsewhere) {
      var elsewhere = add(idl, el("li", "muted", "and " + plural(n.identityElsewhere, "decision") +
        " by other films' documents: "));
      add(elsewhere, button("see its page", function () { ctx.showEntity(id); }));
    }
    factsByKind(c, id, ctx, selectedFact);
    if (id === film.id) { rejectedNames(c); }
    if (id !== film.id) {
      var back = add(box, el("p"));
      add(back, button("\u2190 " + film.label, function () { ctx.selectNode(null); }));
    }
  }

  // A node that is neither an entity nor a document (a record attached to an
  // entity): whatever literal properties it has.
  function described(c, id, ctx) {
    var d = c.described[id];
    start(d ? d.label : D.localName(id), "not an entity of the graph's classes");
    add(section("Identity"), el("li")).appendChild(identity(id, d ? d.types : []));
    if (d && d.props.length) {
      var ul = section("Properties");
      d.props.forEach(function (kv) { add(ul, el("li", null, D.localName(kv[0]) + ": " + kv[1])); });
    }
    factsByKind(c, id, ctx, null);
  }

  function fact(c, id, ctx) {
    var f = c.byId[id];
    if (!f) { return false; }
    start(nodeLabel(c, f.s) + " \u2014 " + f.property + " \u2192 " + (f.lit ? f.o : nodeLabel(c, f.o)),
      f.group + " fact \u00b7 confidence " + fmt(f.conf));
    var ends = section("Between");
    add(add(ends, el("li")), button(nodeLabel(c, f.s), function () { ctx.selectNode(f.s); }));
    if (f.doc !== undefined) {
      add(add(ends, el("li")), documentName(c, f.doc, ctx));
    } else if (!f.lit) {
      add(add(ends, el("li")), button(nodeLabel(c, f.o), function () { ctx.selectNode(f.o); }));
    }
    var ul = section("Evidence (" + f.evn + ")");
    evidenceList(c, f, add(ul, el("li")));
    var dl = add(section("Identity"), el("li")).appendChild(el("dl", "kv"));
    add(dl, el("dt", null, "predicate"));
    add(dl, el("dd", null, f.predicate));
    add(dl, el("dt", null, "statement"));
    add(dl, el("dd", null, f.id.indexOf("fact/") === 0 ? "(no reified statement)" : D.fullId(f.id)));
    return true;
  }

  // A person's (or another shared entity's) films and roles.
  function entity(id, page, ctx) {
    if (!page) { start(D.localName(id), "nothing known about this name"); return; }
    start(page.label, page.cls + " \u00b7 in " + plural(page.total, "film"));
    if (page.alt.length) {
      var li = add(section("Also called"), el("li"));
      page.alt.forEach(function (a) { add(li, el("span", "chip", a)); });
    }
    if (page.cls === "Genre") {
      add(box, button("Show films of this genre", function () { ctx.setGenre(id); }, "action"));
    }
    var ul = section(page.cls === "Person" ? "Films and roles" : "Films");
    page.films.slice().sort(function (a, b) {
      var fa = D.films[a[0]], fb = D.films[b[0]];
      return (fa.year || 9999) - (fb.year || 9999) || a[0] - b[0];
    }).forEach(function (entry) {
      var f = D.films[entry[0]];
      var item = add(ul, el("li", "fact"));
      add(item, button(filmName(f), function () { ctx.openFilm(f.index, id); }));
      var roles = add(item, el("div"));
      entry[1].forEach(function (r) {
        if (r[2] === f.id) { add(roles, el("span", "chip", r[0])); return; }
        var chip = add(roles, el("span", "chip"));
        add(chip, el("span", "prop", r[1] ? r[0] + " " : ""));
        add(chip, button(r[3], function () { ctx.openFilm(f.index, r[2]); }));
        if (!r[1]) { add(chip, el("span", "prop", " " + r[0])); }
      });
    });
    if (page.total > page.films.length) {
      add(box, el("p", "muted", "Listing the " + page.films.length + " films the graph knows most about."));
    }
    var idl = section("Identity");
    add(idl, el("li")).appendChild(identity(id, page.types));
    decisions(idl, page.identity || [], null, ctx);
    if (page.identityTotal > (page.identity || []).length) {
      add(idl, el("li", "muted", "and " + plural(page.identityTotal - page.identity.length, "decision") +
        " by the documents of films not listed"));
    }
  }

  function filmSummary(f, c, ctx) {
    start(filmName(f), plural(f.size, "fact") + (f.documented ? "" : " \u00b7 only mentioned in other films' documents"));
    var actions = add(box, el("div"));
    var open = add(actions, button("Open story graph", function () { ctx.openFilm(f.index, null); }, "action"));
    open.id = "open-film";
    if (f.genres.length) {
      var gl = add(section("Genres"), el("li"));
      f.genres.forEach(function (g) {
        var genre = D.overview.genres[g];
        add(gl, button(genre[1], function () { ctx.setGenre(genre[0]); }, "chip"));
      });
    }
    [["directedBy", "Directed by"], ["writtenBy", "Written by"]].forEach(function (p) {
      var who = (c.byNode[f.id] || []).filter(function (x) { return x.property === p[0] && x.s === f.id; });
      if (!who.length) { return; }
      var li = add(section(p[1]), el("li"));
      who.forEach(function (x) {
        add(li, button(nodeLabel(c, x.o), function () { ctx.showEntity(x.o); }, "chip"));
      });
    });
    var mentions = (c.byNode[f.id] || []).filter(function (x) { return x.doc !== undefined && x.s === f.id; });
    if (mentions.length) {
      var ml = section("Mentioned in (" + mentions.length + ")");
      mentions.forEach(function (x) { add(ml, factItem(c, x, f.id, ctx, false)); });
    }
    var ul = section("Linked films (" + c.linkCount + ")");
    if (!c.links.length) { add(ul, el("li", "muted", "shares no one with another film of the graph")); }
    if (c.linkCount > c.links.length) {
      add(ul, el("li", "muted", "the " + c.links.length + " sharing the most people:"));
    }
    c.links.forEach(function (l) {
      var other = D.films[l[0]];
      var li = add(ul, el("li", "fact"));
      add(li, button(filmName(other), function () { ctx.showFilm(other.index); }));
      var why = add(li, el("div"));
      l[1].forEach(function (p) {
        add(why, button(nodeLabel(c, p), function () { ctx.showEntity(p); }, "chip"));
      });
      if (l[2]) { add(why, el("span", "muted", " mentioned " + plural(l[2], "time") + " in the other's documents")); }
    });
  }

  function link(a, b, c, ctx) {
    var l = c.links.filter(function (x) { return x[0] === b.index; })[0];
    start(a.label + " \u2014 " + b.label, l ? plural(l[1].length, "shared person") +
      (l[2] ? ", mentioned " + plural(l[2], "time") : "") : "no link");
    var ends = add(box, el("div"));
    [a, b].forEach(function (f) {
      add(ends, button("Open " + f.label, function () { ctx.openFilm(f.index, null); }, "action secondary"));
    });
    if (!l) { return; }
    var ul = section("People in both");
    l[1].forEach(function (p) {
      add(add(ul, el("li")), button(nodeLabel(c, p), function () { ctx.showEntity(p); }));
    });
  }

  function intro(shown, ctx) {
    var ov = D.overview;
    var documented = D.films.filter(function (f) { return f.documented; }).length;
    start(plural(documented, "film"), "one node per film, linked by the people the films share" +
      (documented < D.films.length ? "; " + (D.films.length - documented) + " more films are only mentioned" : ""));
    add(box, el("p", null, "Click a film for its summary and linked films; double-click it, or use " +
      "\u201cOpen story graph\u201d, for its characters, their relations and who plays whom. " +
      "Search finds films, people and characters."));
    var ul = section("Films the graph knows most about");
    D.films.slice().sort(function (a, b) { return b.size - a.size || a.index - b.index; })
      .slice(0, 15).forEach(function (f) {
        var li = add(ul, el("li"));
        add(li, button(filmName(f), function () { ctx.showFilm(f.index); }));
        add(li, el("span", "muted", " " + plural(f.size, "fact")));
      });
    if (ov.communities.length) {
      var cl = section("Largest communities");
      ov.communities.forEach(function (c) {
        var li = add(cl, el("li"));
        var sw = add(li, el("span", "swatch"));
        sw.style.background = c.color;
        add(li, button(D.films[c.film].label, function () { ctx.showFilm(c.film); }));
        add(li, el("span", "muted", " and " + (c.size - 1) + " more"));
      });
    }
  }

  function problem(message) {
    box.textContent = "";
    add(box, el("p", "error", message));
  }

  window.GB.panel = {
    node: node, fact: fact, entity: entity, filmSummary: filmSummary, link: link, intro: intro,
    problem: problem, el: el, button: button, plural: plural
  };
})();
