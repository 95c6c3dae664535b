"""Reading a graph's entities, facts and evidence in one pass, from an rdflib
Graph or streamed from a file."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.errors import GraphLoadError, UnknownName
from graphbuild.outputs.facts import collect, file_triples, graph_triples, read_facts
from graphbuild.outputs.rdf import export
from graphbuild.rdf.vocab import FILM, GBR

FILM_ID = str(GBR["film/the-test-film-1999"])
TOM = str(GBR["character/the-test-film-1999/tom-smith"])
EVE = str(GBR["character/the-test-film-1999/eve-smith"])
DOC = str(GBR["document/the-test-film-1999/plot-txt"])


def test_entities_have_their_class_names_and_types(small_graph):
    facts = read_facts(small_graph)
    assert len(facts.entities) == 8  # no statement, evidence or document nodes
    tom = facts.entities[TOM]
    assert (tom.cls, tom.label, tom.alt_labels) == ("Character", "Tom Smith", ["Mr. Smith", "Tom"])
    assert tom.types == [str(FILM.Character)]
    assert facts.films == [FILM_ID]
    assert facts.documents[DOC].label == "plot.txt" and facts.documents[DOC].film == FILM_ID


def test_facts_carry_confidence_evidence_and_offsets(small_graph):
    facts = read_facts(small_graph)
    spouse = next(f for f in facts.facts if f.predicate == str(FILM.spouseOf))
    assert (spouse.subject, spouse.object, spouse.literal) == (TOM, EVE, False)
    assert spouse.confidence == 0.8 and spouse.statement == str(GBR["statement/f7"])
    [ev] = spouse.evidence
    assert (ev.document, ev.sentence, ev.start, ev.end, ev.rule, ev.confidence) == (
        DOC, "Tom Smith (Ann Actor) is married to Eve.", 0, 40, "story.verb.v1", 0.8)
    assert ev.extra == [("sentenceIndex", "0")]
    employed = next(f for f in facts.facts if f.predicate == str(FILM.employedBy))
    assert (employed.evidence[0].start, employed.evidence[0].end) == (41, 66)


def test_literal_facts_keep_their_value_and_a_fact_without_statement_has_no_confidence(small_graph):
    facts = read_facts(small_graph)
    year = next(f for f in facts.facts if f.predicate == str(FILM.releaseYear))
    assert (year.subject, year.object, year.literal, year.confidence, year.evidence) == (
        FILM_ID, "1999", True, None, [])


def test_nodes_an_entity_points_at_are_described_with_their_literals(small_graph):
    decision = BNode("d1")
    small_graph.add((GBR["person/ann-actor"], GBR["decidedBy"], decision))
    small_graph.add((decision, RDFS.label, Literal("merged by name")))
    small_graph.add((decision, GBR["rule"], Literal("names.v1")))
    facts = read_facts(small_graph)
    d = facts.described["_:d1"]
    assert (d.label, d.properties) == ("merged by name", [(str(GBR["rule"]), "names.v1")])
    assert any(f.object == "_:d1" and f.predicate == str(GBR["decidedBy"]) for f in facts.facts)


def test_the_result_does_not_depend_on_triple_order(small_graph):
    triples = sorted(graph_triples(small_graph))
    assert collect(triples) == collect(reversed(triples))


def test_a_file_streams_the_same_facts_as_the_graph(small_graph, tmp_path):
    export(small_graph, tmp_path, files=("graph.nt", "graph.ttl", "graph.jsonld"))
    expected = read_facts(small_graph)
    for name in ("graph.nt", "graph.ttl", "graph.jsonld"):
        assert read_facts(tmp_path / name) == expected, name
    assert read_facts(tmp_path) == expected  # a build's folder: its graph.nt


def test_two_statements_of_one_fact_pool_their_evidence(small_graph):
    st = GBR["statement/again"]
    small_graph.add((st, RDF.type, RDF.Statement))
    small_graph.add((st, RDF.subject, GBR["character/the-test-film-1999/tom-smith"]))
    small_graph.add((st, RDF.predicate, FILM.spouseOf))
    small_graph.add((st, RDF.object, GBR["character/the-test-film-1999/eve-smith"]))
    small_graph.add((st, FILM.confidence, Literal(0.95)))
    small_graph.add((st, GBR["x"], Literal("ignored")))
    facts = read_facts(small_graph)
    spouse = next(f for f in facts.facts if f.predicate == str(FILM.spouseOf))
    assert spouse.confidence == 0.95 and len(spouse.evidence) == 1


def test_members_are_the_film_its_neighbours_and_its_characters_neighbours(films_graph):
    facts = read_facts(films_graph)
    another = str(GBR["film/another-film-2005"])
    ann = str(GBR["person/ann-actor"])
    assert facts.members[ann] == [another, FILM_ID]
    assert facts.members[str(GBR["character/another-film-2005/villain"])] == [another]
    assert facts.members[str(GBR["genre/drama"])] == [FILM_ID, str(GBR["film/third-film-1987"])]
    assert [facts.entities[f].label for f in facts.films] == [
        "Another Film", "Lonely Film", "Old Classic", "The Test Film", "Third Film"]


def test_unreadable_files_are_errors_that_say_what_to_do(tmp_path):
    with pytest.raises(GraphLoadError, match="does not exist"):
        list(file_triples(tmp_path / "missing.nt"))
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> ", encoding="utf-8")
    with pytest.raises(GraphLoadError, match="bad.ttl is not valid Turtle"):
        list(file_triples(bad))
    odd = tmp_path / "graph.csv"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(UnknownName, match="unknown RDF file extension '.csv'"):
        list(file_triples(odd))


def test_identity_decisions_are_read_aside_and_are_neither_facts_nor_nodes(identity_graph,
                                                                          films_graph):
    facts = read_facts(identity_graph)
    assert facts.entities == read_facts(films_graph).entities  # no decision or merge nodes
    assert facts.described == {}
    assert not any(f.predicate in (str(FILM.identity), str(FILM.rejectedName)) for f in facts.facts)
    [tom] = facts.identity[TOM]
    assert (tom.name, tom.film, tom.cls, tom.why) == (
        "Tom Smith", FILM_ID, "Character",
        ["followed by an actor's name in parentheses: Tom Smith (Ann Actor)"])
    assert [(m.name, m.why) for m in tom.merged] == [
        ("Tom", ["first name of the only name of the film with it: 'Tom Smith'"])]
    ann = facts.identity[str(GBR["person/ann-actor"])]
    assert [d.film for d in ann] == [str(GBR["film/another-film-2005"]), FILM_ID]  # by film title


def test_a_films_rejected_names_are_kept_on_the_film_without_a_class(identity_graph):
    facts = read_facts(identity_graph)
    assert [(d.name, d.cls, d.why) for d in facts.rejected[FILM_ID]] == [
        ("<img src=x onerror=alert('rejected')>", None, ["a title: <b>bold</b>"]),
        ("Monday", None, ["a common word: monday"])]
    assert FILM_ID not in facts.identity


def test_mentioned_in_is_a_fact_whose_object_is_a_document(identity_graph):
    facts = read_facts(identity_graph)
    [m] = [f for f in facts.facts if f.predicate == str(FILM.mentionedIn)]
    assert (m.subject, m.object, m.evidence[0].sentence) == (
        str(GBR["film/old-classic-1950"]), DOC, "It remakes Old Classic (1950).")
    assert m.object in facts.documents and m.object not in facts.described


def test_decisions_do_not_depend_on_triple_order(identity_graph):
    triples = sorted(graph_triples(identity_graph))
    assert collect(triples) == collect(reversed(triples))
