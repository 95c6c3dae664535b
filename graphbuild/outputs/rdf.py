"""Write a graph's RDF files from its sorted N-Triples rows, and read graphs back.

Every format is written from the same sorted rows (what graph.nt holds),
streamed, without building an rdflib Graph: N-Triples and N-Quads as text,
Turtle, TriG, JSON-LD and RDF/XML by pyoxigraph's serializers (Rust), which
write triples in the order given. The rows are sorted, so the same graph
always gives the same bytes. TriG and N-Quads put each fact in one named
graph per document it was read from (`quad_rows`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from graphbuild.assemble.files import atomic_file
from graphbuild.errors import GraphLoadError, UnknownName
from graphbuild.rdf.mapping import nt_rows
from graphbuild.rdf.vocab import FILM, PREFIXES, bind_prefixes

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
}
"""File extension -> format name (rdflib's names, which `load_graph` reads)."""

DEFAULT_FILES: tuple[str, ...] = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")

TURTLE_PREFIXES: tuple[str, ...] = ("film", "open", "prov", "rdf", "rdfs", "skos", "xsd")
"""Prefixes of Turtle and TriG. Entity IRIs (gbr:) are written whole: their
local part holds slashes, which a prefixed name would have to escape."""

_TURTLE = {p: str(PREFIXES[p]) for p in TURTLE_PREFIXES}
_XML = {k: str(v) for k, v in PREFIXES.items() if k not in ("rdf", "xml")}

PIECE = 10_000
"""Rows handed to the writer at a time."""

OnRows = Callable[[int], None] | None


def format_for(path: str | Path) -> str:
    """The format for a file name, or a clear error listing the valid ones."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise UnknownName("RDF file extension", ext or str(path), list(FORMATS))
    return FORMATS[ext]


def graph_rows(graph: Graph) -> list[str]:
    """The sorted N-Triples rows (no line ends) of an rdflib Graph."""
    return sorted(set(nt_rows(graph).split("\n")) - {""})


# --- which facts go in which document's graph ----------------------------------

_A, _STATEMENT = f"<{RDF.type}>", f"<{RDF.Statement}>"
_PARTS = {f"<{RDF.subject}>": 0, f"<{RDF.predicate}>": 1, f"<{RDF.object}>": 2}
_DERIVED, _QUOTED = f"<{PROV.wasDerivedFrom}>", f"<{PROV.wasQuotedFrom}>"


def _fact_documents(rows: Iterable[str]) -> dict[str, list[str]]:
    """Fact row -> the documents (N-Triples IRIs, sorted) its reified
    statement's evidence is quoted from (`prov:wasDerivedFrom` evidence
    `prov:wasQuotedFrom` document), for every statement with such evidence
    (whether or not the rows hold its fact)."""
    parts: dict[str, list[str | None]] = {}
    statements: set[str] = set()
    derived: dict[str, list[str]] = defaultdict(list)
    quoted: dict[str, str] = {}
    for row in rows:
        s, p, o = row[:-2].split(" ", 2)
        if p in _PARTS:
            parts.setdefault(s, [None, None, None])[_PARTS[p]] = o
        elif p == _A and o == _STATEMENT:
            statements.add(s)
        elif p == _DERIVED:
            derived[s].append(o)
        elif p == _QUOTED and o.startswith("<"):
            quoted[s] = o
    facts: dict[str, set[str]] = {}
    for st in statements:
        spo = parts.get(st)
        docs = {quoted[ev] for ev in derived.get(st, ()) if ev in quoted}
        if spo is not None and None not in spo and docs:
            facts.setdefault(f"{spo[0]} {spo[1]} {spo[2]} .", set()).update(docs)
    return {fact: sorted(docs) for fact, docs in facts.items()}


def quad_rows(rows: Iterable[str]) -> Iterator[str]:
    """N-Quads rows of the graph split by document: the default graph (every
    row but the facts placed in a document's graph), then each document's
    graph, documents and facts in sorted order. A fact is placed in the graph
    of every document its statement's evidence is quoted from; facts without
    such evidence, entity descriptions and provenance stay in the default
    graph. Two passes over `rows`."""
    candidates = _fact_documents(rows)
    placed: list[str] = []
    for row in rows:
        if row in candidates:
            placed.append(row)
        else:
            yield row
    by_doc: dict[str, list[str]] = defaultdict(list)
    for fact in placed:                  # in sorted order, as the rows are
        for doc in candidates[fact]:
            by_doc[doc].append(fact)
    for doc in sorted(by_doc):
        for fact in by_doc[doc]:
            yield f"{fact[:-1]}{doc} ."


# --- writing ---------------------------------------------------------------------------

def _pieces(rows: Iterable[str], on_rows: OnRows = None) -> Iterator[bytes]:
    """UTF-8 text of rows, PIECE rows at a time (an empty graph is one "\\n",
    as rdflib writes it), telling `on_rows` how many each held."""
    rows = iter(rows)
    chunk = list(islice(rows, PIECE))
    while True:
        yield ("\n".join(chunk) + "\n").encode("utf-8")
        if on_rows:
            on_rows(len(chunk))
        chunk = list(islice(rows, PIECE))
        if not chunk:
            break


def _parsed(pieces: Iterable[bytes], fmt) -> Iterator:
    """pyoxigraph triples or quads of N-Triples or N-Quads text pieces."""
    import pyoxigraph as ox

    for piece in pieces:
        yield from ox.parse(piece, format=fmt)


def write(rows: Iterable[str], out: BinaryIO, fmt: str, on_rows: OnRows = None) -> None:
    """Write the graph of sorted N-Triples rows (no line ends; iterated
    twice for TriG and N-Quads) to a binary stream in format `fmt`;
    `on_rows` hears how many rows (or quads) went out at a time."""
    import pyoxigraph as ox

    if fmt in ("nquads", "trig"):
        pieces = _pieces(quad_rows(rows), on_rows)
    else:
        pieces = _pieces(rows, on_rows)
    if fmt in ("nt", "nquads"):
        for piece in pieces:
            out.write(piece)
    elif fmt == "turtle":
        ox.serialize(_parsed(pieces, ox.RdfFormat.N_TRIPLES), out, ox.RdfFormat.TURTLE,
                     prefixes=_TURTLE)
    elif fmt == "trig":
        ox.serialize(_parsed(pieces, ox.RdfFormat.N_QUADS), out, ox.RdfFormat.TRIG,
                     prefixes=_TURTLE)
    elif fmt == "json-ld":
        ox.serialize(_parsed(pieces, ox.RdfFormat.N_TRIPLES), out, ox.RdfFormat.JSON_LD)
        out.write(b"\n")
    elif fmt == "xml":
        ox.serialize(_parsed(pieces, ox.RdfFormat.N_TRIPLES), out, ox.RdfFormat.RDF_XML,
                     prefixes=_XML)
    else:
        raise UnknownName("RDF format", fmt, sorted(set(FORMATS.values())))


def write_rows(rows: Iterable[str], path: str | Path, on_rows: OnRows = None) -> Path:
    """Write sorted N-Triples rows to a file (format from its extension),
    atomically."""
    path = Path(path)
    fmt = format_for(path)
    with atomic_file(path) as f:
        write(rows, f, fmt, on_rows)
    return path


@lru_cache(maxsize=1)
def writer_version() -> str:
    """What, besides the graph, decides the bytes of every file: this
    module and pyoxigraph's serializers."""
    import pyoxigraph as ox

    source = Path(__file__).read_bytes()
    return hashlib.sha256(source + f"\0pyoxigraph {ox.__version__}".encode()).hexdigest()


def serialize(graph: Graph, fmt: str) -> str:
    """The graph as text in one format (see FORMATS). The same graph always
    gives the same bytes."""
    import io

    buf = io.BytesIO()
    write(graph_rows(graph), buf, fmt)
    return buf.getvalue().decode("utf-8")


def export(graph: Graph, out: str | Path,
           files: tuple[str, ...] = DEFAULT_FILES) -> list[Path]:
    """Write the graph into folder `out` (one file per name, format from the
    extension), or to one file when `out` has an RDF extension."""
    out = Path(out)
    targets = [out] if out.suffix.lower() in FORMATS else [out / name for name in files]
    for target in targets:
        format_for(target)
    rows = graph_rows(graph)
    return [write_rows(rows, target) for target in targets]


def load_graph(path: str | Path) -> Graph:
    """Read a graph from an RDF file, or from a build's output folder
    (its graph.nt, else graph.ttl, else any RDF file in it)."""
    path = Path(path)
    if path.is_dir():
        for name in ("graph.nt", "graph.ttl", "graph.trig", "graph.jsonld"):
            if (path / name).is_file():
                path = path / name
                break
        else:
            candidates = sorted(p for p in path.iterdir() if p.suffix.lower() in FORMATS)
            if not candidates:
                raise GraphLoadError(
                    f"{path} holds no graph file ({', '.join(FORMATS)}); "
                    "build one with `graphbuild build CORPUS --out DIR`")
            path = candidates[0]
    if not path.is_file():
        raise GraphLoadError(
            f"{path} does not exist; give a graph file or a build's output folder")
    fmt = format_for(path)
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g = Graph()
            g.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser types
        raise GraphLoadError(f"{path} is not valid {fmt}: {e}") from e
    bind_prefixes(g)
    return g


def entity_classes() -> tuple[URIRef, ...]:
    """The IRIs of the entity classes, for outputs that list entities."""
    from graphbuild.rdf.vocab import CLASSES

    return tuple(FILM[c] for c in CLASSES)
