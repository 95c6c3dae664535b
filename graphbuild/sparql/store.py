"""A persistent on-disk store of a graph, so that queries need no re-parsing.

A store folder holds a pyoxigraph (RocksDB) database in ``oxigraph/`` and a
``store.json`` that says what it is. `write_store` builds it in a temporary
folder beside the target and renames it into place, so a build killed
midway leaves the previous store (or none), never a broken one.

Every store graphbuild makes, on disk or in memory, holds a graph as a
dataset (`fill`): one named graph per source document with the facts read
from it (as graph.trig has them), and a default graph that holds every
triple, the union of the document graphs and the descriptions and provenance
beside them. So `GRAPH ?g { ... }` finds a document's facts, and a pattern
without GRAPH sees the whole graph. The union is stored, not Oxigraph's
union-default-graph option, which gives a fact once per graph that holds it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from graphbuild.assemble.files import replace_dir
from graphbuild.errors import GraphbuildError, GraphLoadError, QueryError
from graphbuild.rdf.vocab import bind_prefixes
from graphbuild.version import __version__

MARKER = "store.json"
DATABASE = "oxigraph"
FORMAT = "graphbuild-store"
VERSION = 1


def _is_oxigraph_dir(path: Path) -> bool:
    """A bare Oxigraph/RocksDB folder (for example made by `oxigraph load`)."""
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def is_store(path: str | Path) -> bool:
    """Whether path is a store folder written by write_store (or a bare
    Oxigraph database folder)."""
    path = Path(path)
    if not path.is_dir():
        return False
    if (path / MARKER).is_file() and (path / DATABASE).is_dir():
        return True
    return _is_oxigraph_dir(path)


def database_dir(path: str | Path) -> Path:
    """The Oxigraph database folder inside a store folder."""
    path = Path(path)
    if (path / MARKER).is_file():
        return path / DATABASE
    if _is_oxigraph_dir(path):
        return path
    raise GraphLoadError(
        f"{path} is not a graphbuild store; write one with "
        "`graphbuild build CORPUS --out DIR --store STORE_DIR`")


def write_store(graph: Graph | str | Path, directory: str | Path) -> Path:
    """Write the graph (a Graph, or an RDF file or output folder) as a store
    folder at `directory` holding its dataset (see the module doc), replacing
    a store already there. Loads into a temporary sibling folder, then renames."""
    import pyoxigraph as ox

    target = Path(directory)
    if target.exists() and not is_store(target) and (
            not target.is_dir() or any(target.iterdir())):
        raise GraphbuildError(
            f"{target} exists and is not a graphbuild store; give a new or "
            "empty folder (graphbuild only replaces a store it wrote)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        store = ox.Store(str(tmp / DATABASE))
        fill(store, graph)
        store.flush()
        store.optimize()
        info = {"format": FORMAT, "version": VERSION, "triples": _count(store),
                "document_graphs": sum(1 for _ in store.named_graphs()),
                "graphbuild": __version__}
        del store  # closes the database before it moves
        (tmp / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def open_store(directory: str | Path):
    """Open a store folder read-only as a pyoxigraph Store."""
    import pyoxigraph as ox

    db = database_dir(directory)
    try:
        return ox.Store.read_only(str(db))
    except OSError as e:
        raise GraphLoadError(f"cannot open the store at {directory}: {e}") from e


def store_info(directory: str | Path) -> dict:
    """What store.json says about a store (empty for a bare Oxigraph folder)."""
    marker = Path(directory) / MARKER
    if not marker.is_file():
        return {}
    return json.loads(marker.read_text(encoding="utf-8"))


def store_facts(path: str | Path):
    """The entities, facts and evidence of a store folder's default graph
    (which holds every triple), streamed into `outputs.facts.collect`."""
    import pyoxigraph as ox

    from graphbuild.outputs.facts import collect, quad_triples

    return collect(quad_triples(
        open_store(path).quads_for_pattern(None, None, None, ox.DefaultGraph())))


def load_graph_or_store(path: str | Path) -> Graph:
    """An rdflib Graph from an RDF file, a build's output folder or a store
    folder (for commands that need the whole graph in memory)."""
    from graphbuild.outputs.rdf import load_graph

    if not is_store(path):
        return load_graph(path)
    import pyoxigraph as ox

    g = Graph()
    bind_prefixes(g)
    for q in open_store(path).quads_for_pattern(None, None, None, ox.DefaultGraph()):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


# --- terms between rdflib and pyoxigraph ---------------------------------------

def to_rdflib(term) -> Identifier | None:
    """The rdflib term for a pyoxigraph term (None stays None)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))
    # RDF-star quoted triples have no rdflib term; keep their N-Triples text.
    return Literal(str(term))


def to_oxigraph(term: Identifier):
    """The pyoxigraph term for an rdflib term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise QueryError(f"{term!r} is not an RDF term")


def graph_to_store(graph: Graph, store=None):
    """Copy an rdflib Graph into a pyoxigraph Store (a new in-memory one by
    default). Terms are converted once each, as graphs repeat them a lot."""
    import pyoxigraph as ox

    store = store if store is not None else ox.Store()
    cache: dict[Identifier, Any] = {}

    def conv(t: Identifier):
        o = cache.get(t)
        if o is None:
            o = cache[t] = to_oxigraph(t)
        return o

    store.bulk_extend(ox.Quad(conv(s), conv(p), conv(o)) for s, p, o in graph)
    return store


def open_source(source):
    """A pyoxigraph Store for a query source: a Store (as is), an rdflib
    Graph, a store folder (opened read-only), an RDF file or a build's output
    folder (loaded into memory as a dataset, see the module doc)."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return source
    if not isinstance(source, Graph) and is_store(source):
        return open_store(source)
    return fill(ox.Store(), source)


# --- graphs as datasets ------------------------------------------------------------

QUAD_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS"}
"""Files that name their graphs, by extension (pyoxigraph RdfFormat names)."""

DOCUMENT_GRAPHS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
INSERT { GRAPH ?doc { ?s ?p ?o } }
WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom/prov:wasQuotedFrom ?doc .
  FILTER(isIRI(?doc))
  ?s ?p ?o .
}"""
"""Each fact into the graph of every document its evidence quotes, as
`outputs.rdf.document_graphs` writes graph.trig."""

UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Every triple of a named graph into the default graph too."""


def dataset_file(path: str | Path) -> Path | None:
    """The TriG or N-Quads file to read for `path`: the file itself, or a
    build's output folder's graph.trig (else graph.nq); None for others."""
    from graphbuild.assemble import manifest

    path = Path(path)
    if path.is_dir():
        built = manifest.listed(path)     # refuses a folder a killed build left
        found = next((path / n for n in ("graph.trig", "graph.nq") if (path / n).is_file()
                      and (built is None or n in built)), None)
        if found is not None:
            manifest.check(path, [found.name])
        return found
    return path if path.suffix.lower() in QUAD_FORMATS and path.is_file() else None


def fill(store, source: Graph | str | Path):
    """Load a graph into a pyoxigraph Store as a dataset: a TriG or N-Quads
    file (or an output folder with graph.trig) keeps its named graphs, and
    every triple goes into the default graph too; a Graph or another RDF
    file is put in the default graph and each fact also into the graph of
    each document its evidence quotes. Returns the store."""
    import pyoxigraph as ox

    from graphbuild.outputs.rdf import load_graph

    quads = None if isinstance(source, Graph) else dataset_file(source)
    if quads is not None:
        try:
            store.bulk_load(path=str(quads),
                            format=getattr(ox.RdfFormat, QUAD_FORMATS[quads.suffix.lower()]))
        except (SyntaxError, ValueError, OSError) as e:
            raise GraphLoadError(f"{quads} is not valid {quads.suffix[1:]}: {e}") from e
        store.update(UNION)
    else:
        graph_to_store(source if isinstance(source, Graph) else load_graph(source), store)
        store.update(DOCUMENT_GRAPHS)
    return store


def _count(store) -> int:
    """Triples in the store's default graph."""
    [row] = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(row[0].value)
