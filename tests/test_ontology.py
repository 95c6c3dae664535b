"""The ontology defines the vocabulary contract of graphbuild.rdf.vocab, with
labels, comments, domains, ranges, symmetry, inverses and mappings."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from graphbuild.rdf import vocab
from graphbuild.rdf.validate import (
    ONTOLOGY_FILE,
    SHAPES_FILE,
    defined_terms,
    ontology_graph,
    shapes_graph,
    undefined_terms,
)
from graphbuild.rdf.vocab import FILM, SCHEMA, WD, WDT

ALL_NAMES = (vocab.CLASSES + (vocab.WORK_CLASS,) + vocab.CORE_PROPERTIES + vocab.EXTRA_CLASSES
             + vocab.EXTRA_PROPERTIES + tuple(vocab.INVERSES) + vocab.IDENTITY_CLASSES
             + vocab.IDENTITY_PROPERTIES)
MAPPING_PREDICATES = (RDFS.subPropertyOf, OWL.equivalentProperty, SKOS.exactMatch,
                      SKOS.closeMatch, OWL.inverseOf)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _external_mappings(onto: Graph, term: URIRef) -> set[URIRef]:
    return {o for p in MAPPING_PREDICATES for o in onto.objects(term, p)
            if str(o).startswith((str(SCHEMA), str(WDT), str(WD)))}


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_vocab_term_is_defined_with_label_and_comment(onto, name):
    term = FILM[name]
    kinds = set(onto.objects(term, RDF.type))
    wanted = {OWL.Class} if name[0].isupper() else {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert kinds & wanted, f"{name} is not defined as {' or '.join(sorted(wanted))}"
    labels = list(onto.objects(term, RDFS.label))
    comments = list(onto.objects(term, RDFS.comment))
    assert len(labels) == 1 and str(labels[0]).strip()
    assert len(comments) == 1 and len(str(comments[0])) > 10


@pytest.mark.parametrize("name", vocab.CORE_PROPERTIES + vocab.EXTRA_PROPERTIES
                         + tuple(vocab.INVERSES) + vocab.IDENTITY_PROPERTIES)
def test_every_property_has_a_domain_and_a_range(onto, name):
    assert onto.value(FILM[name], RDFS.domain) is not None, name
    assert onto.value(FILM[name], RDFS.range) is not None, name


def test_literal_properties_are_datatype_properties_and_the_rest_object_properties(onto):
    for name in vocab.CORE_PROPERTIES + tuple(vocab.INVERSES):
        kind = OWL.DatatypeProperty if name in vocab.LITERAL_PROPERTIES else OWL.ObjectProperty
        assert (FILM[name], RDF.type, kind) in onto, name


def test_ontology_defines_nothing_vocab_does_not_name(onto):
    names = {vocab.local_name(str(t)) for t in defined_terms()}
    assert names == set(ALL_NAMES) | {"openRelation"}


def test_symmetric_properties_are_exactly_vocab_symmetric(onto):
    symmetric = {vocab.local_name(str(s)) for s in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == set(vocab.SYMMETRIC)


@pytest.mark.parametrize("inverse, forward", sorted(vocab.INVERSES.items()))
def test_inverse_properties_point_to_their_forward_property(onto, inverse, forward):
    assert onto.value(FILM[inverse], OWL.inverseOf) == FILM[forward]
    # the inverse swaps domain and range
    assert onto.value(FILM[inverse], RDFS.domain) == onto.value(FILM[forward], RDFS.range)
    assert onto.value(FILM[inverse], RDFS.range) == onto.value(FILM[forward], RDFS.domain)


@pytest.mark.parametrize("name", vocab.CORE_PROPERTIES)
def test_every_core_property_maps_to_schema_org_or_wikidata(onto, name):
    assert _external_mappings(onto, FILM[name]), f"{name} has no schema.org or Wikidata mapping"


@pytest.mark.parametrize("name", vocab.CLASSES)
def test_every_entity_class_maps_to_wikidata(onto, name):
    wikidata = {o for p in (RDFS.subClassOf, SKOS.exactMatch, SKOS.closeMatch)
                for o in onto.objects(FILM[name], p) if str(o).startswith(str(WD))}
    assert wikidata, name


@pytest.mark.parametrize("name, schema_term", [
    ("directedBy", "director"), ("writtenBy", "author"), ("castMember", "actor"),
    ("hasCharacter", "character"), ("spouseOf", "spouse"), ("parentOf", "children"),
    ("childOf", "parent"), ("memberOf", "memberOf"), ("livesIn", "homeLocation"),
    ("setIn", "contentLocation"), ("basedOn", "isBasedOn"), ("about", "about"),
])
def test_properties_are_sub_properties_of_their_schema_org_term(onto, name, schema_term):
    assert (FILM[name], RDFS.subPropertyOf, SCHEMA[schema_term]) in onto


def test_film_or_person_domains_are_owl_unions(onto):
    for name in ("wonAward", "nominatedFor"):
        domain = onto.value(FILM[name], RDFS.domain)
        assert isinstance(domain, BNode)
        members = list(onto.items(onto.value(domain, OWL.unionOf)))
        assert members == [FILM.Film, FILM.Person]


def test_literal_ranges_follow_the_model(onto):
    assert onto.value(FILM.releaseYear, RDFS.range) == XSD.gYear
    assert onto.value(FILM.imdbId, RDFS.range) == XSD.string
    assert onto.value(FILM.confidence, RDFS.range) == XSD.decimal
    assert onto.value(FILM.startOffset, RDFS.range) == XSD.integer
    assert onto.value(FILM.endOffset, RDFS.range) == XSD.integer


def test_character_is_disjoint_from_person(onto):
    assert (FILM.Character, OWL.disjointWith, FILM.Person) in onto


def test_provenance_classes_are_prov_entities(onto):
    prov_entity = URIRef("http://www.w3.org/ns/prov#Entity")
    for name in vocab.EXTRA_CLASSES:
        assert (FILM[name], RDFS.subClassOf, prov_entity) in onto


def test_ontology_header_has_a_version(onto):
    header = URIRef(str(FILM).rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in onto
    assert isinstance(onto.value(header, OWL.versionInfo), Literal)


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE], ids=["film.ttl", "shapes.ttl"])
def test_pyoxigraph_reads_the_same_triples_as_rdflib(path):
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    g = Graph()
    g.parse(path, format="turtle")
    assert len(quads) == len(g) > 100


def test_shapes_use_only_ontology_terms():
    assert undefined_terms(shapes_graph()) == []


def test_undefined_terms_lists_unknown_film_terms(small_graph):
    small_graph.add((FILM.Film, RDFS.label, Literal("x")))  # a defined term: not listed
    small_graph.add((URIRef("https://w3id.org/graphbuild/id/person/ann-actor"),
                     FILM.starsIn, URIRef("https://w3id.org/graphbuild/id/film/x")))
    small_graph.add((URIRef("https://w3id.org/graphbuild/id/film/x"), RDF.type, FILM.Movie))
    assert undefined_terms(small_graph) == ["film:Movie", "film:starsIn"]


def test_small_graph_uses_no_undefined_terms(small_graph):
    assert undefined_terms(small_graph) == []


def _vocabulary_rows(text: str) -> dict[str, str]:
    """Name -> first Wikidata id (P or Q) in its row of CORE-VOCABULARY.md."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and (m := re.search(r"\b(?:wd:)?([PQ]\d+)\b", " ".join(cells[1:]))):
            rows[cells[0]] = m.group(1)
    return rows


@pytest.mark.shared
def test_wikidata_ids_match_the_core_vocabulary(onto, shared_dir):
    rows = _vocabulary_rows((shared_dir / "CORE-VOCABULARY.md").read_text(encoding="utf-8"))
    checked = 0
    for name, wid in rows.items():
        if name not in vocab.CLASSES + vocab.CORE_PROPERTIES:
            continue
        target = (WDT if wid.startswith("P") else WD)[wid]
        linked = set(_external_mappings(onto, FILM[name])) | set(
            onto.objects(FILM[name], RDFS.subClassOf))
        assert target in linked, f"{name} should map to {wid}"
        checked += 1
    assert checked >= 25


@pytest.mark.parametrize("cls", sorted(vocab.ALSO_TYPES))
def test_every_extra_type_is_a_class_the_ontology_maps_ours_to(onto, cls):
    mapped = {str(o) for p in (RDFS.subClassOf, SKOS.exactMatch, SKOS.closeMatch)
              for o in onto.objects(FILM[cls], p)}
    assert set(vocab.ALSO_TYPES[cls]) <= mapped
    # one schema.org class and one Wikidata class at most, so a count by class stays a count
    assert sum(t.startswith(str(SCHEMA)) for t in vocab.ALSO_TYPES[cls]) <= 1
    assert sum(t.startswith(str(WD)) for t in vocab.ALSO_TYPES[cls]) <= 1


def test_every_entity_class_has_a_wikidata_class():
    assert set(vocab.CLASSES) <= set(vocab.ALSO_TYPES)
    assert all(any(t.startswith(str(WD)) for t in vocab.ALSO_TYPES[c]) for c in vocab.CLASSES)
