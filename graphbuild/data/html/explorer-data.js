// graphbuild explorer, data: the overview embedded in the page, the chunks
// (inlined in a single-file page, or data/<name>.js scripts beside a folder's
// index.html, added when first needed) and search over the names.
(function () {
  "use strict";
  var raw = JSON.parse(document.getElementById("graphbuild-data").textContent);
  var ov = raw.overview;

  var films = ov.films.map(function (row, i) {
    var f = { index: i };
    ov.filmColumns.forEach(function (c, k) { f[c] = row[k]; });
    f.slug = f.id.slice(f.id.lastIndexOf("/") + 1);
    f.decade = f.year === null ? null : Math.floor(f.year / 10) * 10;
    f.documented = f.documented === 1;
    return f;
  });
  var bySlug = {}, byId = {};
  films.forEach(function (f) { bySlug[f.slug] = f; byId[f.id] = f; });
  var neighbours = films.map(function () { return []; });
  ov.links.forEach(function (l, k) {
    neighbours[l[0]].push(k);
    neighbours[l[1]].push(k);
  });
  var searchKeys = {};
  ov.searchKeys.forEach(function (k) { searchKeys[k] = true; });
  var classOrder = {};
  ov.classes.forEach(function (c, i) { classOrder[c.name] = i; });

  // Chunks by name. A folder's data scripts call graphbuildChunk(name, value);
  // only names this page asked for are taken.
  var cache = {}, pending = {};
  window.graphbuildChunk = function (name, value) {
    var p = pending[name];
    if (p) { delete pending[name]; cache[name] = value; p.resolve(value); }
  };
  var NAME = /^(film|entity|search)\/[a-z0-9_]+$/;
  function chunk(name) {
    if (!NAME.test(name)) { return Promise.reject(new Error("bad chunk name " + name)); }
    if (Object.prototype.hasOwnProperty.call(cache, name)) { return Promise.resolve(cache[name]); }
    if (raw.mode === "inline") {
      if (!Object.prototype.hasOwnProperty.call(raw.chunks, name)) {
        return Promise.reject(new Error("the page holds no data named " + name));
      }
      cache[name] = raw.chunks[name];
      return Promise.resolve(cache[name]);
    }
    if (pending[name]) { return pending[name].promise; }
    var wait = {};
    wait.promise = new Promise(function (resolve, reject) { wait.resolve = resolve; wait.reject = reject; });
    pending[name] = wait;
    var script = document.createElement("script");
    var file = "data/" + name + ".js";
    script.src = file;
    function fail(why) {
      if (pending[name] === wait) { delete pending[name]; wait.reject(new Error(why)); }
      script.remove();
    }
    script.onerror = function () { fail("could not load " + file + "; keep index.html beside its data folder"); };
    script.onload = function () { fail(file + " did not hold " + name); };
    document.head.appendChild(script);
    return wait.promise;
  }

  function shortId(id) { return id.indexOf(ov.base) === 0 ? id.slice(ov.base.length) : id; }
  function fullId(id) { return id.indexOf(":") >= 0 ? id : ov.base + id; }
  function localName(iri) { return iri.slice(Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/")) + 1); }

  // A film's chunk with lookups added: nodes by id, facts by node and by id.
  var prepared = {};
  function film(index) {
    if (prepared[index]) { return Promise.resolve(prepared[index]); }
    return chunk("film/" + index).then(function (c) {
      c.byNode = {};
      c.byId = {};
      c.docIndex = {};
      c.docs.forEach(function (d, k) { c.docIndex[d[0]] = k; });
      c.facts.forEach(function (f, k) {
        f.index = k;
        f.property = localName(c.props[f.p]);
        f.predicate = c.props[f.p];
        c.byId[f.id] = f;
        (c.byNode[f.s] = c.byNode[f.s] || []).push(f);
        if (!f.lit && f.o !== f.s) { (c.byNode[f.o] = c.byNode[f.o] || []).push(f); }
      });
      prepared[index] = c;
      return c;
    });
  }

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // A shared entity's page (a person's films and roles), or null.
  function entity(id) {
    return chunk("entity/" + (fnv1a(id) % ov.entityShards)).then(function (c) {
      return Object.prototype.hasOwnProperty.call(c, id) ? c[id] : null;
    });
  }

  function fold(text) { return text.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase(); }
  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }
  function keyOf(word) {
    return (word + "_").slice(0, 2).replace(/[^a-z0-9]/g, "_");
  }

  // Suggestions for what is typed: every word typed begins a word of the
  // name; names that begin with the whole text first, then films, people,
  // characters, then the most known.
  function search(text, most) {
    var typed = words(text);
    var main = typed.filter(function (w) { return w.length >= 2; })[0];
    if (!main || !searchKeys[keyOf(main)]) { return Promise.resolve([]); }
    var whole = fold(text).trim();
    return chunk("search/" + keyOf(main)).then(function (entries) {
      var seen = {}, found = [];
      entries.forEach(function (e, order) {
        if (seen[e[2]]) { return; }
        var ws = e.words || (e.words = words(e[0]));
        var ok = typed.every(function (t) { return ws.some(function (w) { return w.indexOf(t) === 0; }); });
        if (!ok) { return; }
        seen[e[2]] = true;
        found.push({ name: e[0], cls: e[1], id: e[2], film: e[3], rank: e[4], label: e[5] || e[0],
                     starts: fold(e[0]).indexOf(whole) === 0 ? 0 : 1, order: order });
      });
      found.sort(function (a, b) {
        return a.starts - b.starts || classOrder[a.cls] - classOrder[b.cls] || a.order - b.order;
      });
      return found.slice(0, most || 12);
    });
  }

  window.GB = window.GB || {};
  window.GB.data = {
    overview: ov, films: films, bySlug: bySlug, byId: byId, neighbours: neighbours,
    chunk: chunk, film: film, entity: entity, search: search,
    shortId: shortId, fullId: fullId, localName: localName, fnv1a: fnv1a
  };
})();
