"""Serialize one Graph to RDF files, and read graphs back.

Every format is a function of the same Graph. TriG splits facts into one
named graph per source document, read from the provenance in the Graph.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from graphbuild.errors import GraphLoadError, UnknownName
from graphbuild.vocab import FILM, bind_prefixes

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
}
"""File extension -> rdflib format name."""

DEFAULT_FILES: tuple[str, ...] = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")


def format_for(path: str | Path) -> str:
    """The rdflib format for a file name, or a clear error listing the valid ones."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise UnknownName("RDF file extension", ext or str(path), list(FORMATS))
    return FORMATS[ext]


def document_graphs(graph: Graph) -> Dataset:
    """A Dataset with every fact in the named graph of each document it was
    read from; entity descriptions and provenance stay in the default graph."""
    ds = Dataset()
    bind_prefixes(ds)
    placed: set[tuple] = set()
    for st in graph.subjects(RDF.type, RDF.Statement):
        triple = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                  graph.value(st, RDF.object))
        if None in triple or triple not in graph:
            continue
        for ev in graph.objects(st, PROV.wasDerivedFrom):
            doc = graph.value(ev, PROV.wasQuotedFrom)
            if isinstance(doc, URIRef):
                ds.graph(doc).add(triple)
                placed.add(triple)
    default = ds.default_context
    for triple in graph:
        if triple not in placed:
            default.add(triple)
    return ds


def serialize(graph: Graph, fmt: str) -> str:
    """The graph as text in one rdflib format; N-Triples lines are sorted so
    the same graph always gives the same bytes (rdflib's Turtle is already)."""
    bind_prefixes(graph)
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "\n".join(sorted(line for line in lines if line.strip())) + "\n"
    if fmt in ("trig", "nquads"):
        return document_graphs(graph).serialize(format=fmt)
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", sort_keys=True, indent=1)
    return graph.serialize(format=fmt)


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file and a rename, so a reader
    (or a build killed mid-write) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(graph: Graph, out: str | Path,
           files: tuple[str, ...] = DEFAULT_FILES) -> list[Path]:
    """Write the graph into folder `out` (one file per name, format from the
    extension), or to one file when `out` has an RDF extension."""
    out = Path(out)
    if out.suffix.lower() in FORMATS:
        write_atomic(out, serialize(graph, format_for(out)))
        return [out]
    written = []
    for name in files:
        target = out / name
        write_atomic(target, serialize(graph, format_for(target)))
        written.append(target)
    return written


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
    from graphbuild.vocab import CLASSES

    return tuple(FILM[c] for c in CLASSES)
