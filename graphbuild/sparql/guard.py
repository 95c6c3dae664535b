"""What a query may do: read the one graph, and nothing else.

pyoxigraph would run SPARQL Update, LOAD and SERVICE (for SERVICE it sends an
HTTP request to any IRI the query names and returns the answer). So before a
query runs, `guard` decides what it is:

1. The text is put in one canonical form (`canonical`): SPARQL's codepoint
   escapes (``\\u0053ERVICE``) are expanded and every line ends in LF, so no
   spelling means one thing to a check and another to the engine (a comment
   ended by a bare CR did). What runs is exactly the text that was checked.
2. A lexical pass refuses the keywords of updates, LOAD and SERVICE wherever
   they stand as words (a fast first pass, and the query form comes from it).
3. When "service" occurs anywhere at all, the query is parsed (rdflib's SPARQL
   grammar) and refused if any pattern is a service pattern, however it is
   spelled or nested (``SERVICE:x``, ``1.SERVICE``, inside EXISTS). A query
   that mentions "service" and cannot be parsed is refused: what cannot be
   checked does not run.
"""

from __future__ import annotations

import re
from typing import Iterable

from graphbuild.errors import QueryError


class QueryRefused(QueryError):
    """The query asks for something a read-only, offline engine never does."""


class MalformedQuery(QueryError):
    """The query text is not valid SPARQL (the parser's message says where)."""


# One lexeme at a time, so that keywords are never looked for inside strings,
# IRIs, comments, variables, prefixed names or language tags. Comments end at
# LF (the text is canonical: no CR), numbers are SPARQL's INTEGER, DECIMAL and
# DOUBLE (a '.' followed by a letter ends the number).
_LEXEME = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\-]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<space>\s+)
  | (?P<other>.)
''', re.X | re.S)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset({
    "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE",
    "ADD", "WITH",
})
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile("service", re.I)

SERVICE_REFUSED = ("SERVICE is refused: graphbuild never sends a request to another "
                   "host on a query's behalf; query that endpoint directly")


def canonical(sparql: str) -> str:
    """The query with codepoint escapes expanded (as SPARQL reads them,
    before anything else) and CR LF / CR line ends made LF."""

    def expand(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise MalformedQuery(f"malformed SPARQL: {m.group(0)} is not a character")
        return chr(code)

    return _ESCAPE.sub(expand, sparql).replace("\r\n", "\n").replace("\r", "\n")


def lexemes(sparql: str) -> Iterable[tuple[str, str, int, int]]:
    """(kind, text, start, brace depth) of each significant lexeme."""
    depth = 0
    for m in _LEXEME.finditer(sparql):
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "close":
            depth -= 1
        yield kind, m.group(), m.start(), depth
        if kind == "open":
            depth += 1


def check_read_only(sparql: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT or DESCRIBE) of a canonical
    query, or QueryRefused when it is an update, LOAD, or uses SERVICE."""
    form = None
    for kind, text, _, _ in lexemes(sparql):
        if kind != "word":
            continue
        word = text.upper()
        if word == "SERVICE":
            raise QueryRefused(SERVICE_REFUSED)
        if word in UPDATE_WORDS:
            what = "LOAD" if word == "LOAD" else f"SPARQL Update ({word})"
            raise QueryRefused(
                f"{what} is refused: this graph is read-only; "
                "rebuild it with `graphbuild build` to change it")
        if form is None and word in QUERY_FORMS:
            form = word
    if form is None:
        raise MalformedQuery(
            "no SELECT, ASK, CONSTRUCT or DESCRIBE found; give a SPARQL query")
    if _SERVICE.search(sparql):
        _refuse_service_patterns(sparql)
    return form


def guard(sparql: str) -> tuple[str, str]:
    """(canonical text, query form) of a query that may run; QueryRefused
    or MalformedQuery otherwise. Run the returned text, not the given one."""
    text = canonical(sparql)
    return text, check_read_only(text)


def _refuse_service_patterns(sparql: str) -> None:
    """Parse the query and refuse it if any group is a SERVICE pattern, or
    if it cannot be parsed (then it cannot be shown to have none)."""
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(sparql)
    except (ParseException, ValueError, RecursionError) as e:
        raise QueryRefused(
            "the query mentions 'service' and could not be checked for a SERVICE "
            f"pattern ({type(e).__name__}: {str(e)[:200]}); SERVICE is refused, and a "
            "query that cannot be checked does not run") from e
    todo: list = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryRefused(SERVICE_REFUSED)
            todo.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            todo.extend(node)
