"""Serialize one Graph to RDF files, and read graphs back.

Every format is a function of the same Graph. TriG splits facts into one
named graph per source document, read from the provenance in the Graph.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF
from rdflib.plugins.stores.memory import Memory

from graphbuild.assemble.files import write_atomic
from graphbuild.errors import GraphLoadError, UnknownName
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
"""File extension -> rdflib format name."""

DEFAULT_FILES: tuple[str, ...] = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")


def format_for(path: str | Path) -> str:
    """The rdflib format for a file name, or a clear error listing the valid ones."""
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise UnknownName("RDF file extension", ext or str(path), list(FORMATS))
    return FORMATS[ext]


class _SortedMemory(Memory):
    """A memory store that lists its graphs in name order: rdflib's TriG
    writer follows the store's (hash-ordered) set of graphs, so the same
    Graph gave different bytes from one run to the next."""

    def contexts(self, triple=None):
        return iter(sorted(super().contexts(triple),
                           key=lambda g: str(getattr(g, "identifier", g))))


def document_graphs(graph: Graph) -> Dataset:
    """A Dataset with every fact in the named graph of each document it was
    read from; entity descriptions and provenance stay in the default graph."""
    ds = Dataset(store=_SortedMemory())
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
    default = ds.default_graph
    for triple in graph:
        if triple not in placed:
            default.add(triple)
    return ds


def _sorted_lines(text: str) -> str:
    # split at "\n" only: str.splitlines() also splits at U+0085, U+2028 and
    # others, which N-Triples keeps raw inside literals (review texts hold them)
    return "\n".join(sorted(line for line in text.split("\n") if line.strip())) + "\n"


def _json_order(value) -> tuple[int, str]:
    if isinstance(value, dict) and isinstance(value.get("@id"), str):
        return 0, value["@id"]   # a node or a reference: its IRI (unique in an array)
    return 1, json.dumps(value, sort_keys=True, ensure_ascii=False)


def _stable_json(value, ordered: bool = False):
    """JSON-LD with every array sorted except @list ones: rdflib writes node
    objects in the order of a Python set of subjects, which changes per run."""
    if isinstance(value, dict):
        return {k: _stable_json(v, k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_stable_json(v) for v in value]
        return items if ordered else sorted(items, key=_json_order)
    return value


def serialize(graph: Graph, fmt: str) -> str:
    """The graph as text in one rdflib format. The same graph always gives
    the same bytes: rdflib's Turtle is sorted already; N-Triples and N-Quads
    lines, TriG graphs and JSON-LD arrays are sorted here."""
    bind_prefixes(graph)
    if fmt == "nt":
        return _sorted_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
    if fmt == "nquads":
        return _sorted_lines(document_graphs(graph).serialize(format="nquads", encoding="utf-8")
                             .decode("utf-8"))
    if fmt == "trig":
        return document_graphs(graph).serialize(format="trig")
    if fmt == "json-ld":
        data = json.loads(graph.serialize(format="json-ld"))
        return json.dumps(_stable_json(data), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if fmt == "xml":
        # rdflib's RDF/XML follows the store's hash order; Oxigraph writes
        # triples in the order given, here the sorted N-Triples lines.
        import pyoxigraph as ox

        triples = ox.parse(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
        prefixes = {k: str(v) for k, v in PREFIXES.items() if k not in ("rdf", "xml")}
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML,
                            prefixes=prefixes).decode("utf-8")
    return graph.serialize(format=fmt)


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


def graph_file(path: str | Path) -> Path:
    """The RDF file `path` names: itself, or in a build's output folder its
    graph.nt, else graph.ttl, else any RDF file in it."""
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
