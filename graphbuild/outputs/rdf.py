"""Write a graph's RDF files from its sorted N-Triples rows, and read graphs back.

Every format is written from the same sorted rows (what graph.nt holds),
streamed, without building an rdflib Graph: N-Triples and N-Quads as text,
Turtle, TriG, JSON-LD and RDF/XML by pyoxigraph's serializers (Rust), which
write triples in the order given. The rows are sorted, so the same graph
always gives the same bytes. All the files of a build are written in one
pass over the rows, each piece parsed once. TriG and N-Quads put each fact
in one named graph per document it was read from (`quad_rows`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from contextlib import ExitStack
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from graphbuild.assemble import manifest
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


def _by_document(facts: Iterable[str], places: dict[str, list[str]]) -> Iterator[str]:
    """N-Quads rows of the placed facts (in sorted order): document by
    document, each fact in the graph of every document it was read from."""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        for doc in places[fact]:
            by_doc[doc].append(fact)
    for doc in sorted(by_doc):
        for fact in by_doc[doc]:
            yield f"{fact[:-1]}{doc} ."


def quad_rows(rows: Iterable[str]) -> Iterator[str]:
    """N-Quads rows of the graph split by document: the default graph (every
    row but the facts placed in a document's graph), then each document's
    graph, documents and facts in sorted order. A fact is placed in the graph
    of every document its statement's evidence is quoted from; facts without
    such evidence, entity descriptions and provenance stay in the default
    graph. Two passes over `rows`."""
    places = _fact_documents(rows)
    held: list[str] = []
    for row in rows:
        if row in places:
            held.append(row)
        else:
            yield row
    yield from _by_document(held, places)


# --- writing ---------------------------------------------------------------------------

def _chunks(rows: Iterable[str]) -> Iterator[list[str]]:
    """Rows about PIECE at a time, a subject's rows never split (so each
    chunk's Turtle and JSON-LD describe whole nodes)."""
    chunk: list[str] = []
    for row in rows:
        if len(chunk) >= PIECE:
            last = chunk[-1]
            if not row.startswith(last[:last.index(" ") + 1]):
                yield chunk
                chunk = []
        chunk.append(row)
    if chunk:
        yield chunk


def _text(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8") if rows else b""


class _Spliced:
    """A Turtle or TriG file written from pieces pyoxigraph serializes one
    by one: their @prefix lines once, at the top (bytes of one call over
    every piece, as each piece holds whole subjects)."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.started = False

    def add(self, data: bytes) -> None:
        at = 0
        while data.startswith(b"@prefix ", at):
            at = data.index(b"\n", at) + 1
        if len(data) > at:
            if not self.started:
                self.out.write(data[:at])
                self.started = True
            self.out.write(data[at:])


class _JsonArray:
    """A JSON-LD file written from pieces: the nodes of each piece's array in
    one array."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.out.write(b"[")
        self.started = False

    def add(self, data: bytes) -> None:
        nodes = data.strip()[1:-1]
        if nodes:
            self.out.write(b"," + nodes if self.started else nodes)
            self.started = True

    def close(self) -> None:
        self.out.write(b"]\n")


def write(rows: Iterable[str], outs: dict[str, BinaryIO], on_rows: OnRows = None) -> None:
    """Write the graph of sorted N-Triples rows (no line ends) in each format
    of `outs` (format name -> binary stream) in one pass: each piece of rows
    is parsed once and serialized for every format (a first pass places the
    facts by document for TriG and N-Quads; RDF/XML, one element around the
    whole graph, gets a pass of its own). `on_rows` hears how many rows each
    piece held."""
    import pyoxigraph as ox

    unknown = sorted(set(outs) - set(FORMATS.values()))
    if unknown:
        raise UnknownName("RDF format", unknown[0], sorted(set(FORMATS.values())))
    if "xml" in outs:
        triples = (t for chunk in _chunks(rows)
                   for t in ox.parse(_text(chunk), format=ox.RdfFormat.N_TRIPLES, lenient=True))
        ox.serialize(triples, outs["xml"], ox.RdfFormat.RDF_XML, prefixes=_XML)
    places = _fact_documents(rows) if {"trig", "nquads"} & set(outs) else {}
    held: list[str] = []
    nt, nq = outs.get("nt"), outs.get("nquads")
    ttl, trig = (_Spliced(outs[f]) if f in outs else None for f in ("turtle", "trig"))
    jsonld = _JsonArray(outs["json-ld"]) if "json-ld" in outs else None
    empty = True
    for chunk in _chunks(rows):
        empty = False
        text = _text(chunk)
        default = chunk
        if places:
            default = [row for row in chunk if row not in places]
            held += [row for row in chunk if row in places]
        if nt:
            nt.write(text)
        if nq:
            nq.write(_text(default))
        if ttl or trig or jsonld:
            # leniently: the rows are N-Triples graphbuild (or rdflib) wrote, whose
            # IRIs are valid already, and checking them again took half the time
            triples = list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True))
            if ttl:
                ttl.add(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_TURTLE))
            if jsonld:
                jsonld.add(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
            if trig:
                if default is not chunk:
                    triples = [t for t, row in zip(triples, chunk) if row not in places]
                trig.add(ox.serialize(triples, format=ox.RdfFormat.TRIG, prefixes=_TURTLE))
        if on_rows:
            on_rows(len(chunk))
    named = _text(list(_by_document(held, places)))
    if nq:
        nq.write(named)
    if trig and named:
        quads = ox.parse(named, format=ox.RdfFormat.N_QUADS, lenient=True)
        trig.add(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_TURTLE))
    for out in (nt, nq):
        if out and empty:
            out.write(b"\n")              # an empty graph is one line end, as rdflib writes it
    if jsonld:
        jsonld.close()


def write_rows(rows: Iterable[str], paths: Iterable[str | Path],
               on_rows: OnRows = None) -> list[Path]:
    """Write sorted N-Triples rows to files (formats from their extensions),
    all in one pass, each atomically."""
    paths = [Path(p) for p in paths]
    by_format: dict[str, Path] = {}
    again: list[Path] = []              # a second file of a format (graph.rdf and .xml)
    for p in paths:
        fmt = format_for(p)
        if fmt in by_format:
            again.append(p)
        else:
            by_format[fmt] = p
    with ExitStack() as stack:
        write(rows, {fmt: stack.enter_context(atomic_file(p)) for fmt, p in by_format.items()},
              on_rows)
    for p in again:
        write_rows(rows, [p])
    return paths


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
    write(graph_rows(graph), {fmt: buf})
    return buf.getvalue().decode("utf-8")


def export(graph: Graph, out: str | Path,
           files: tuple[str, ...] = DEFAULT_FILES) -> list[Path]:
    """Write the graph into folder `out` (one file per name, format from the
    extension), or to one file when `out` has an RDF extension."""
    out = Path(out)
    targets = [out] if out.suffix.lower() in FORMATS else [out / name for name in files]
    for target in targets:
        format_for(target)
    return write_rows(graph_rows(graph), targets)


def graph_file(path: str | Path) -> Path:
    """The RDF file `path` names: itself, or in a build's output folder its
    graph.nt, else graph.ttl, else any RDF file in it (one its manifest
    lists, and only if the files are those it lists)."""
    path = Path(path)
    if path.is_dir():
        folder = path
        built = manifest.listed(folder)   # refuses a folder a killed build left
        for name in ("graph.nt", "graph.ttl", "graph.trig", "graph.jsonld"):
            if (path / name).is_file() and (built is None or name in built):
                path = path / name
                manifest.check(folder, [name])
                break
        else:
            candidates = sorted(p for p in path.iterdir() if p.suffix.lower() in FORMATS
                                and (built is None or p.name in built))
            if not candidates:
                raise GraphLoadError(
                    f"{path} holds no graph file ({', '.join(FORMATS)}); "
                    "build one with `graphbuild build CORPUS --out DIR`")
            path = candidates[0]
    if not path.is_file():
        raise GraphLoadError(
            f"{path} does not exist; give a graph file or a build's output folder")
    return path


def load_graph(path: str | Path) -> Graph:
    """Read a graph from an RDF file, or from a build's output folder
    (its graph.nt, else graph.ttl, else any RDF file in it)."""
    path = graph_file(path)
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
