// The query page: saved queries, a query box, and results drawn as text
// (values are never parsed as HTML, so names in the graph cannot inject markup).
"use strict";

const PREFIXES = {
  "https://w3id.org/graphbuild/film#": "film:",
  "https://w3id.org/graphbuild/id/": "gbr:",
  "https://w3id.org/graphbuild/open#": "open:",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
  "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
  "http://www.w3.org/2004/02/skos/core#": "skos:",
  "http://www.w3.org/ns/prov#": "prov:",
  "http://www.w3.org/2001/XMLSchema#": "xsd:",
};

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function shorten(iri) {
  for (const [ns, prefix] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
  }
  return iri;
}

function setStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

function showParams(params) {
  const box = document.getElementById("params");
  box.replaceChildren();
  const names = Object.keys(params || {});
  if (!names.length) return;
  const p = el("p");
  for (const name of names) {
    const id = "param-" + name;
    const label = el("label", name);
    label.htmlFor = id;
    const input = el("input");
    input.id = id;
    input.dataset.param = name;
    input.placeholder = params[name];
    input.title = params[name];
    input.required = true;
    p.append(label, input);
  }
  box.append(p);
}

async function loadSaved() {
  const list = document.getElementById("saved");
  let queries = [];
  try {
    const response = await fetch("queries");
    queries = await response.json();
  } catch (err) {
    list.append(el("li", "could not load the saved queries"));
    return;
  }
  for (const q of queries) {
    const button = el("button", q.title);
    button.type = "button";
    button.dataset.name = q.name;
    button.append(el("small", q.name + (Object.keys(q.params).length ? " (" + Object.keys(q.params).join(", ") + ")" : "")));
    button.title = q.description;
    button.addEventListener("click", () => {
      document.querySelectorAll("nav button").forEach((b) => b.classList.remove("current"));
      button.classList.add("current");
      document.getElementById("query").value = q.text;
      showParams(q.params);
      setStatus("");
    });
    const item = el("li");
    item.append(button);
    list.append(item);
  }
}

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.textContent = shorten(term.value);
    td.title = term.value;
    td.className = "uri";
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    else if (term.datatype) td.title = shorten(term.datatype);
  }
  return td;
}

function showTable(data) {
  const results = document.getElementById("results");
  if ("boolean" in data) {
    results.replaceChildren(el("pre", data.boolean ? "yes" : "no"));
    setStatus("ASK answered");
    return;
  }
  const vars = data.head.vars;
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.append(el("th", v));
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const row of data.results.bindings) {
    const tr = el("tr");
    for (const v of vars) tr.append(cell(row[v]));
    body.append(tr);
  }
  table.append(thead, body);
  results.replaceChildren(table);
  const n = data.results.bindings.length;
  setStatus(n + (n === 1 ? " row" : " rows"));
}

async function run(event) {
  if (event) event.preventDefault();
  const form = new URLSearchParams();
  form.set("query", document.getElementById("query").value);
  for (const input of document.querySelectorAll("#params input")) {
    form.set("param." + input.dataset.param, input.value);
  }
  setStatus("running…");
  const started = performance.now();
  let response;
  try {
    response = await fetch("sparql", {
      method: "POST",
      headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: form,
    });
  } catch (err) {
    setStatus("the server did not answer: " + err, true);
    return;
  }
  const results = document.getElementById("results");
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    results.replaceChildren(el("pre", await response.text(), "error"));
    setStatus("error " + response.status, true);
    return;
  }
  if (type.includes("json")) {
    showTable(await response.json());
  } else {
    results.replaceChildren(el("pre", await response.text()));
    setStatus("graph result");
  }
  const status = document.getElementById("status");
  status.textContent += " in " + Math.round(performance.now() - started) + " ms";
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("endpoint").textContent = new URL("sparql", location.href).href;
  document.getElementById("form").addEventListener("submit", run);
  document.getElementById("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  loadSaved();
});
