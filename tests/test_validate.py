"""SHACL validation: the hand-made graph conforms; each way of breaking the
model is reported with a message that names the problem."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graphbuild.rdf.validate import ontology_graph, shapes_graph, validate
from graphbuild.rdf.vocab import FILM, GBR

TOM = GBR["character/the-test-film-1999/tom-smith"]
ANN = GBR["person/ann-actor"]
FILM_NODE = GBR["film/the-test-film-1999"]
ST1 = GBR["statement/f1"]
EV1 = GBR["evidence/f1"]


def test_small_graph_conforms(small_graph):
    conforms, report = validate(small_graph)
    assert conforms, report


def test_a_statement_with_an_evidence_count_conforms(small_graph):
    small_graph.add((ST1, FILM.evidenceCount, Literal(12)))
    conforms, report = validate(small_graph)
    assert conforms, report


def test_language_tagged_labels_conform(small_graph):
    small_graph.set((TOM, RDFS.label, Literal("Tom Smith", lang="en")))
    conforms, report = validate(small_graph)
    assert conforms, report


def _messages(report: str) -> list[str]:
    """The sh:message lines of a pySHACL text report."""
    return [line.strip()[len("Message: "):] for line in report.splitlines()
            if line.strip().startswith("Message: ")]


def _set(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _add(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _remove(s, p) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


BREAKAGES = [
    ("two_labels", _add(TOM, RDFS.label, Literal("Thomas Smith")),
     "exactly one rdfs:label"),
    ("no_label", _remove(ANN, RDFS.label), "exactly one rdfs:label"),
    ("label_not_a_string", _set(TOM, RDFS.label, Literal(7)),
     "rdfs:label must be a string"),
    ("imdb_id_without_tt", _set(FILM_NODE, FILM.imdbId, Literal("0079417")),
     "film:imdbId must be one string of tt"),
    ("release_year_plain_string", _set(FILM_NODE, FILM.releaseYear, Literal("1979")),
     "film:releaseYear must be one xsd:gYear"),
    ("statement_without_evidence", _remove(ST1, PROV.wasDerivedFrom),
     "at least one prov:wasDerivedFrom"),
    ("statement_with_two_subjects", _add(ST1, RDF.subject, ANN),
     "exactly one rdf:subject"),
    ("confidence_above_one", _set(EV1, FILM.confidence, Literal("1.5", datatype=XSD.decimal)),
     "film:confidence must be one xsd:decimal between 0 and 1"),
    ("confidence_as_double", _set(ST1, FILM.confidence, Literal(0.5)),
     "film:confidence must be one xsd:decimal"),
    ("evidence_count_zero", _add(ST1, FILM.evidenceCount, Literal(0)),
     "film:evidenceCount must be one xsd:integer >= 1"),
    ("evidence_count_on_evidence", _add(EV1, FILM.evidenceCount, Literal(4)),
     "film:evidenceCount is given on an rdf:Statement"),
    ("evidence_without_rule", _remove(EV1, FILM.rule), "exactly one film:rule"),
    ("evidence_without_document", _remove(EV1, PROV.wasQuotedFrom),
     "exactly one prov:wasQuotedFrom"),
    ("negative_offset", _set(EV1, FILM.startOffset, Literal(-1)),
     "film:startOffset must be one xsd:integer >= 0"),
    ("start_after_end", _set(EV1, FILM.startOffset, Literal(10_000)),
     "must not be after film:endOffset"),
    ("untyped_entity", _add(GBR["person/nobody"], RDFS.label, Literal("Nobody")),
     "must have an rdf:type from the ontology"),
    ("character_plays", _add(TOM, FILM.plays, TOM),
     "subject of film:plays must be a film:Person"),
    ("plays_a_person", _add(ANN, FILM.plays, ANN), "film:plays must point to a film:Character"),
    ("has_character_person", _add(FILM_NODE, FILM.hasCharacter, ANN),
     "film:hasCharacter must point to a film:Character"),
    ("directed_by_character", _add(FILM_NODE, FILM.directedBy, TOM),
     "film:directedBy must point to a film:Person"),
    ("person_directs", _add(ANN, FILM.directedBy, ANN), "must be a film:Film"),
]


@pytest.mark.parametrize("mutate, message", [(m, msg) for _, m, msg in BREAKAGES],
                         ids=[name for name, _, _ in BREAKAGES])
def test_broken_graph_fails_with_a_message_naming_the_problem(small_graph, mutate, message):
    mutate(small_graph)
    conforms, report = validate(small_graph)
    assert not conforms
    assert any(message in m for m in _messages(report)), report


def test_report_names_the_offending_node(small_graph):
    small_graph.add((TOM, RDFS.label, Literal("Thomas Smith")))
    _, report = validate(small_graph)
    assert "Results (1):" in report
    assert f"Focus Node: <{TOM}>" in report


def test_shapes_and_ontology_are_fresh_copies():
    shapes = shapes_graph()
    shapes.remove((None, None, None))
    assert len(shapes_graph()) > 100
    onto = ontology_graph()
    onto.remove((None, None, None))
    assert (FILM.Film, RDF.type, None) in ontology_graph()
