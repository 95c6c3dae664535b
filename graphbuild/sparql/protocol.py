"""The SPARQL 1.1 Protocol's answers: a query run on a store becomes an HTTP
reply (status, media type, body), chosen by content negotiation."""

from __future__ import annotations

from dataclasses import dataclass, field


# Media types offered for each kind of result, the first being the default.
SELECT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/x-json+ld": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "text/plain": "nt",
}
CONTENT_TYPES: dict[str, dict[str, str]] = {
    "select": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"},
    "graph": {"turtle": "text/turtle", "json-ld": "application/ld+json",
              "nt": "application/n-triples", "xml": "application/rdf+xml"},
}
# Names accepted in ?format= (also ?output= and ?results=, as SPARQLWrapper sends).
FORMAT_NAMES: dict[str, dict[str, str]] = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld",
              "json": "json-ld", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
              "xml": "xml", "rdf+xml": "xml", "rdfxml": "xml"},
}


@dataclass
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _accept_list(header: str) -> list[str]:
    """Media ranges of an Accept header, most wanted first (q=0 dropped)."""
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, fields[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(kind: str, accept: str | None,
              format_values: list[str] = ()) -> tuple[str, str] | None:
    """(format name, content type) for a result kind ("select", "ask" or
    "graph"), from ?format= style values first, then the Accept header;
    None when nothing acceptable is offered."""
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    names = FORMAT_NAMES["graph" if kind == "graph" else "select"]
    ctypes = CONTENT_TYPES["graph" if kind == "graph" else "select"]
    for value in format_values:
        if value.lower() in names:
            fmt = names[value.lower()]
            return fmt, ctypes[fmt]
        for media in _accept_list(value):
            if media in table:
                return table[media], ctypes[table[media]]
    if not accept:
        fmt = next(iter(table.values()))
        return fmt, ctypes[fmt]
    for media in _accept_list(accept):
        if media in table:
            return table[media], ctypes[table[media]]
        major = media.split("/")[0]
        for offered, fmt in table.items():
            if media == "*/*" or (media.endswith("/*") and offered.startswith(major + "/")):
                return fmt, ctypes[fmt]
    return None


def answer(store, sparql: str, *, bindings: dict[str, str] | None = None,
           accept: str | None = None, format_values: list[str] = (),
           max_results: int | None = None) -> Reply:
    """Run one query on a pyoxigraph Store and serialize the answer."""
    from rdflib import Literal

    from graphbuild.errors import QueryError
    from graphbuild.sparql.guard import MalformedQuery, QueryRefused
    from graphbuild.sparql.query import ResultTooLarge, execute, format_result

    try:
        result = execute(store, sparql, max_results=max_results,
                         bindings={k: Literal(v) for k, v in (bindings or {}).items()})
    except QueryRefused as e:
        return error_reply(403, f"Refused: {e}")
    except ResultTooLarge as e:
        return error_reply(413, f"Result too large: {e} (the server's --max-results)")
    except MalformedQuery as e:
        return error_reply(400, f"Malformed query: {str(e).removeprefix('malformed SPARQL: ')}")
    except QueryError as e:
        return error_reply(400, f"Query failed: {e}")
    chosen = negotiate(result.kind, accept, format_values)
    if chosen is None:
        offered = CONTENT_TYPES["graph" if result.kind == "graph" else "select"].values()
        return error_reply(406, f"Not acceptable: {accept!r}; this result can be sent as "
                                f"{', '.join(offered)}")
    fmt, ctype = chosen
    body = format_result(result, fmt).encode("utf-8")
    return Reply(200, f"{ctype}; charset=utf-8", body)
