"""SPARQL over a graph: run a query, bind parameters safely, format results.

Queries run on pyoxigraph, whatever the source: an rdflib Graph or an RDF
file is loaded into an in-memory store, a store folder (graphbuild.sparql.store) is
opened read-only. Results come back as rdflib terms in a `Result`, and
`format_result` writes one as a terminal table, W3C CSV / TSV, SPARQL JSON or
XML (SELECT, ASK), or Turtle, JSON-LD, N-Triples, RDF/XML (CONSTRUCT, DESCRIBE).

The engine is offline and read-only: SPARQL Update, LOAD and SERVICE are
refused before anything runs (`guard`), because pyoxigraph would otherwise
fetch a SERVICE's IRI over the network.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier

from graphbuild.errors import QueryError, UnknownName
from graphbuild.rdf.vocab import PREFIXES, bind_prefixes
from graphbuild.sparql.guard import QUERY_FORMS, MalformedQuery, guard, lexemes
from graphbuild.sparql.store import open_source, to_rdflib


class ResultTooLarge(QueryError):
    """The result has more rows (or triples) than the cap allows."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            f"the result has more than {limit} rows; it was refused, not truncated. "
            "Add a LIMIT (or narrow the pattern), or raise the cap")


# --- results ----------------------------------------------------------------

Row = tuple[Identifier | None, ...]


@dataclass
class Result:
    """A query's answer. `kind` is "select" (variables, rows), "ask"
    (boolean) or "graph" (CONSTRUCT / DESCRIBE: graph)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.graph)
        return len(self.rows) if self.kind == "select" else 1

    def dicts(self) -> list[dict[str, Identifier]]:
        """SELECT rows as dicts of bound variables (unbound ones left out)."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None}
                for row in self.rows]


# --- reading the query text -------------------------------------------------

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _term_text(term: Identifier) -> str:
    """A bound value in SPARQL syntax, produced by rdflib's escaping serializer
    (never by pasting the user's text into the query)."""
    if isinstance(term, BNode) or not isinstance(term, (URIRef, Literal)):
        raise QueryError(f"cannot bind {term!r}: give an IRI or a literal")
    if isinstance(term, URIRef) and not re.fullmatch(r'[^<>"{}|^`\\\x00-\x20]+', term):
        raise QueryError(f"cannot bind {str(term)!r}: it is not a valid IRI")
    return term.n3()


def bind(sparql: str, bindings: dict[str, Any]) -> str:
    """The query with a VALUES block that binds each variable, placed first
    in its WHERE group (so FILTERs in that group see the values). Python
    values become typed Literals; rdflib IRIs and Literals stay as they are."""
    if not bindings:
        return sparql
    names, values = [], []
    for name, value in bindings.items():
        name = name.lstrip("?$")
        if not _VARNAME.match(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        term = value if isinstance(value, Identifier) else Literal(value)
        names.append(f"?{name}")
        values.append(_term_text(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }} "
    after_where = False
    form = None
    for kind, text, start, depth in lexemes(sparql):
        if depth != 0:
            continue
        word = text.upper() if kind == "word" else ""
        if form is None and word in QUERY_FORMS:
            form = word
        elif word == "WHERE":
            after_where = True
        elif kind == "open" and (after_where or form in ("SELECT", "ASK", "DESCRIBE")):
            if form == "CONSTRUCT" and _is_short_construct(sparql):
                break
            return sparql[:start + 1] + block + sparql[start + 1:]
    raise QueryError(
        "cannot bind parameters: the query has no WHERE group to put them in "
        "(write CONSTRUCT { ... } WHERE { ... } rather than CONSTRUCT WHERE)")


def _is_short_construct(sparql: str) -> bool:
    """Whether the query is ``CONSTRUCT WHERE { ... }`` (whose group takes
    triple patterns only)."""
    words = [t.upper() for _, t, _, _ in lexemes(sparql)]
    i = words.index("CONSTRUCT")
    return i + 1 < len(words) and words[i + 1] == "WHERE"


# --- running ----------------------------------------------------------------

def execute(store, sparql: str, *, bindings: dict[str, Any] | None = None,
            max_results: int | None = None) -> Result:
    """Run a query on a pyoxigraph Store. graphbuild's prefixes (film:,
    gbr:, rdfs: ...) need no declaration. Refuses updates, LOAD and SERVICE;
    raises ResultTooLarge past `max_results` rows or triples."""
    import pyoxigraph as ox

    text, _ = guard(sparql)
    unknown = unknown_prefixes(text)
    if unknown:
        known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
        raise MalformedQuery(
            f"malformed SPARQL: unknown prefix {unknown[0]}: declare it "
            f"(PREFIX {unknown[0]}: <...>) or use one graphbuild knows: {known}")
    text = bind(text, bindings or {})
    try:
        answer = store.query(text, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            g = Graph()
            bind_prefixes(g)
            for n, t in enumerate(answer):
                if max_results is not None and n >= max_results:
                    raise ResultTooLarge(max_results)
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return Result("graph", graph=g)
        variables = [v.value for v in answer.variables]
        rows = []
        for n, sol in enumerate(answer):
            if max_results is not None and n >= max_results:
                raise ResultTooLarge(max_results)
            rows.append(tuple(to_rdflib(sol[i]) for i in range(len(variables))))
        return Result("select", variables=variables, rows=rows)
    except SyntaxError as e:
        raise MalformedQuery(f"malformed SPARQL: {e}") from e
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"the query failed: {e}") from e


def unknown_prefixes(sparql: str) -> list[str]:
    """Prefixes of prefixed names in the query that it does not declare and
    graphbuild does not know, in order of use."""
    declared, used = set(PREFIXES), []
    after_prefix = False
    for kind, text, _, _ in lexemes(sparql):
        if kind == "word":
            after_prefix = text.upper() == "PREFIX"
            continue
        if kind == "pname":
            prefix = text.partition(":")[0]
            if after_prefix:
                declared.add(prefix)
            elif prefix not in declared and prefix not in used:
                used.append(prefix)
        after_prefix = False
    return [p for p in used if p not in declared]


def query(source, sparql: str, *, bindings: dict[str, Any] | None = None,
          max_results: int | None = None) -> Result:
    """Run a SPARQL query on a Graph, Store, RDF file, output folder or store
    folder. `bindings` maps variable names to values, bound with VALUES."""
    return execute(open_source(source), sparql, bindings=bindings, max_results=max_results)


# --- saved queries ----------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|param):\s*(.*)$", re.I)


@dataclass(frozen=True)
class SavedQuery:
    """A query file whose comment header declares a title and parameters:
    ``# title: ...`` and ``# param: NAME - what it is`` lines."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, name: str, text: str) -> "SavedQuery":
        title, params, about = "", {}, []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = _HEADER.match(line)
            if m and m.group(1).lower() == "title":
                title = m.group(2).strip()
            elif m:
                pname, _, what = m.group(2).partition(" - ")
                params[pname.strip().lstrip("?$")] = what.strip()
            else:
                about.append(line.lstrip("#").strip())
        return cls(name, text, title, " ".join(a for a in about if a), params)

    def bindings(self, values: dict[str, str]) -> dict[str, Literal]:
        """Plain Literals for the declared parameters; errors name the valid
        parameters and the missing ones."""
        for key in values:
            if key not in self.params:
                if not self.params:
                    raise QueryError(f"query {self.name!r} takes no parameters; drop {key!r}")
                raise UnknownName(f"parameter of query {self.name!r}", key, list(self.params))
        missing = [p for p in self.params if p not in values]
        if missing:
            need = "; ".join(f"--param {p}=VALUE ({self.params[p]})" for p in missing)
            raise QueryError(f"query {self.name!r} needs {need}")
        return {k: Literal(v) for k, v in values.items()}


def queries_dir() -> Path:
    """The folder of the saved queries shipped with the package."""
    return Path(str(resources.files("graphbuild") / "data" / "queries"))


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query, by name (the file name without .rq)."""
    return {p.stem: SavedQuery.parse(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted(queries_dir().glob("*.rq"))}


def saved_query(name: str) -> SavedQuery:
    """One saved query by name; an unknown name lists the valid ones."""
    found = saved_queries()
    if name not in found:
        raise UnknownName("saved query", name, list(found))
    return found[name]


def read_query_file(path: str | Path) -> SavedQuery:
    """A query from a .rq file, with its header's parameters."""
    path = Path(path)
    try:
        return SavedQuery.parse(path.stem, path.read_text(encoding="utf-8"))
    except OSError as e:
        raise QueryError(f"cannot read query file {path}: {e.strerror}") from e


# --- formatting -------------------------------------------------------------

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "json": "json-ld",
                 "json-ld": "json-ld", "nt": "nt", "xml": "xml"}
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml", "turtle", "json-ld", "nt")
"""Every name format_result accepts."""
FORMAT_ALIASES: dict[str, str] = {
    "ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "jsonld": "json-ld",
    "rdfxml": "xml", "rdf+xml": "xml", "rdf/xml": "xml",
}
"""Other names users of rdfpipe, riot and Oxigraph give the same formats."""


def format_result(result: Result, fmt: str) -> str:
    """The result as text. SELECT / ASK: table, csv, tsv, json, xml (W3C
    result formats). CONSTRUCT / DESCRIBE: table or turtle (Turtle), json or
    json-ld (JSON-LD), nt, xml (RDF/XML), and csv / tsv as subject, predicate,
    object rows."""
    fmt = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise UnknownName("result format", fmt, FORMATS)
    if result.kind == "graph":
        if fmt in ("csv", "tsv"):
            rows = sorted(result.graph, key=lambda t: tuple(map(str, t)))
            return format_result(Result("select", ["subject", "predicate", "object"], rows), fmt)
        from graphbuild.outputs.rdf import serialize

        return serialize(result.graph, GRAPH_FORMATS.get(fmt, fmt))
    if fmt in ("turtle", "json-ld", "nt"):
        raise QueryError(f"{fmt} is for CONSTRUCT and DESCRIBE results; "
                         f"use one of {', '.join(SELECT_FORMATS)}")
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result)


_PN_LOCAL = re.compile(r"(?:[^\W]|[0-9])(?:[\w.\-]*[\w\-])?")
"""A local name SPARQL reads as written (no '/', no trailing '.')."""


def _short(term: Identifier | None) -> str:
    """A term as a person reads it: prefixed IRIs, literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):     # pasteable into SPARQL: a prefixed name only if valid
        for prefix, ns in PREFIXES.items():
            if term.startswith(ns) and _PN_LOCAL.fullmatch(term[len(ns):]):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(result: Result, width: int = 100) -> str:
    if result.kind == "ask":
        return "yes\n" if result.boolean else "no\n"
    cells = [[_short(t).replace("\n", " ") for t in row] for row in result.rows]
    cells = [[c if len(c) <= width else c[:width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(row[i]) for row in cells])
              for i, v in enumerate(result.variables)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(result.variables), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    n = len(result.rows)
    out.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(out) + "\n"


def _csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if result.kind == "ask":
        w.writerow(["_askResult"])
        w.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t)
                    for t in row])
    return buf.getvalue()


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                             "\t": "\\t"})


def nt_term(term: Identifier) -> str:
    """A term in N-Triples syntax, on one line (rdflib's n3() would write a
    multi-line literal in triple quotes, which N-Triples and TSV forbid)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = f'"{str(term).translate(_NT_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def _tsv_term(term: Identifier | None) -> str:
    return "" if term is None else nt_term(term)


def _tsv(result: Result) -> str:
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: Result) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables},
                       "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def _xml_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f' xml:lang="{xml_escape(term.language)}"'
    elif term.datatype and term.datatype != XSD.string and term.datatype != RDF.langString:
        attrs = f' datatype="{xml_escape(str(term.datatype), {chr(34): "&quot;"})}"'
    return f"<literal{attrs}>{xml_escape(str(term))}</literal>"


def _xml(result: Result) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "ask":
        out += ["<head/>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        out.append("<head>")
        out += [f'<variable name="{v}"/>' for v in result.variables]
        out += ["</head>", "<results>"]
        for row in result.rows:
            out.append("<result>")
            out += [f'<binding name="{v}">{_xml_term(t)}</binding>'
                    for v, t in zip(result.variables, row) if t is not None]
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"
