"""Check a graph against graphbuild's ontology and SHACL shapes.

The ontology (`film.ttl`) and shapes (`shapes.ttl`) ship in the package's
`data/ontology` folder. Validation uses SHACL Core only, without inference,
so pySHACL reads the data graph in place instead of copying it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graphbuild.rdf.vocab import FILM

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "data" / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "film.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

_DEFINING_TYPES = frozenset({
    OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, RDF.Property,
})


@lru_cache(maxsize=None)
def _parsed(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    out += graph
    return out


def ontology_graph() -> Graph:
    """A fresh copy of the film ontology (callers may change it)."""
    return _copy(_parsed(ONTOLOGY_FILE))


def shapes_graph() -> Graph:
    """A fresh copy of the SHACL shapes every built graph must satisfy."""
    return _copy(_parsed(SHAPES_FILE))


def defined_terms() -> frozenset[URIRef]:
    """The film: classes and properties the ontology defines."""
    onto = _parsed(ONTOLOGY_FILE)
    return frozenset(
        s for s, o in onto.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(str(FILM)) and o in _DEFINING_TYPES
    )


def validate(graph: Graph) -> tuple[bool, str]:
    """(conforms, report): check `graph` against the shapes; the report is
    pySHACL's text, one block per violation with its sh:message."""
    conforms, _, text = _shacl(graph, with_ontology=False)
    return bool(conforms), str(text)


@dataclass(frozen=True)
class Violation:
    """One way a graph breaks the shapes: the node, the property path (if
    any), what is wrong, and the shape that says so."""

    node: str
    path: str
    message: str
    shape: str


def _shacl(graph: Graph, with_ontology: bool):
    from pyshacl import validate as shacl_validate

    return shacl_validate(
        graph,
        shacl_graph=_parsed(SHAPES_FILE),
        ont_graph=_parsed(ONTOLOGY_FILE) if with_ontology else None,
        inference="none",
        advanced=False,
        abort_on_first=False,
        allow_warnings=False,
    )


def violations(graph: Graph, with_ontology: bool = True) -> list[Violation]:
    """Every violation of the shipped shapes (validated, as users of SHACL
    do, with the ontology merged in unless not `with_ontology`), and every
    film: term the ontology does not define, sorted."""
    from rdflib.namespace import SH

    _, results, _ = _shacl(graph, with_ontology)
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        out.append(Violation(_short(focus), _short(path) if path is not None else "",
                             str(results.value(r, SH.resultMessage) or ""),
                             _short(results.value(r, SH.sourceShape))))
    out += [Violation(term, "", f"{term} is not defined in the ontology (ontology/film.ttl)",
                      "ontology") for term in undefined_terms(graph)]
    return sorted(set(out), key=lambda v: (v.message, v.node, v.path))


def _short(term) -> str:
    from graphbuild.rdf.vocab import PREFIXES

    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>" if isinstance(term, URIRef) else text


def undefined_terms(graph: Graph) -> list[str]:
    """film: IRIs used anywhere in `graph` that the ontology does not define,
    as sorted compact names ("film:starsIn")."""
    defined = defined_terms()
    film = str(FILM)
    used = {
        term for triple in graph for term in triple
        if isinstance(term, URIRef) and str(term).startswith(film)
    }
    return sorted(f"film:{str(t)[len(film):]}" for t in used - defined)
