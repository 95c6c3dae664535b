"""graphbuild.sparql.query: running queries, binding parameters, formats."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from graphbuild.errors import QueryError, UnknownName
from graphbuild.rdf.vocab import FILM, GBR
from graphbuild.sparql.guard import MalformedQuery, QueryRefused, canonical, check_read_only, guard
from graphbuild.sparql.query import (
    Result,
    ResultTooLarge,
    bind,
    format_result,
    query,
    read_query_file,
    saved_queries,
    saved_query,
)

TOM = GBR["character/the-test-film-1999/tom-smith"]
EVIL_NAME = "<script>alert('name')</script>"


def _run(graph, query_name, /, **params):
    q = saved_query(query_name)
    return query(graph, q.text, bindings=q.bindings(params))


def _plain(result: Result) -> list[tuple]:
    return [tuple(None if t is None else str(t) for t in row) for row in result.rows]


# --- saved queries ------------------------------------------------------------

def test_characters_and_actors_lists_each_character_with_its_actor(small_graph):
    result = _run(small_graph, "characters-and-actors")
    assert result.variables == ["film", "character", "actor"]
    assert _plain(result) == [
        ("The Test Film", EVIL_NAME, None),
        ("The Test Film", "Eve Smith", None),
        ("The Test Film", "Tom Smith", "Ann Actor"),
    ]


def test_identity_shows_class_evidence_merged_names_and_rejected_names(small_graph):
    from graphbuild.model import Decision, Entity
    from graphbuild.rdf.mapping import add_decision

    film = GBR["film/the-test-film-1999"]
    tom = Entity("character/the-test-film-1999/tom-smith", "Character", "Tom Smith")
    add_decision(small_graph, TOM, tom.key, Decision(
        "the-test-film-1999", "Tom Smith", "Character", ["called a being ('husband')"],
        {"Tom": "first name of the only Tom Smith"}))
    add_decision(small_graph, film, "film/the-test-film-1999", Decision(
        "the-test-film-1999", "Shall", "", ["tagged as a common word (AUX): Shall"]))
    assert _plain(_run(small_graph, "identity", name="Tom")) == [
        ("Tom Smith", "Character", "The Test Film", "called a being ('husband')", "Tom",
         "first name of the only Tom Smith")]
    assert _plain(_run(small_graph, "identity", name="Shall")) == [
        ("Shall", "none", "The Test Film", "tagged as a common word (AUX): Shall", None, None)]


def test_characters_of_matches_the_title_or_an_alias_as_written(small_graph):
    expected = sorted([(EVIL_NAME, None), ("Eve Smith", None), ("Tom Smith", "Ann Actor")])
    assert sorted(_plain(_run(small_graph, "characters-of", film="The Test Film"))) == expected
    assert sorted(_plain(_run(small_graph, "characters-of", film="TEST FILM"))) == expected
    assert _run(small_graph, "characters-of", film="Another Film").rows == []


def test_character_finds_facts_by_alias_in_both_directions(small_graph):
    facts = {(d, p, v) for _, d, p, v in _plain(_run(small_graph, "character", name="Mr. Smith"))}
    assert ("out", "spouseOf", "Eve Smith") in facts
    assert ("out", "employedBy", "the agency") in facts
    assert ("in", "plays", "Ann Actor") in facts
    assert ("in", "hasCharacter", "The Test Film") in facts
    # reified statements point at Tom too, but are provenance, not facts about him
    assert not any(p in ("subject", "object") for _, p, _ in facts)


def test_films_by_director_gives_director_film_and_year(small_graph):
    assert _plain(_run(small_graph, "films-by-director")) == [
        ("Bob Actor", "The Test Film", "1999")]


def test_evidence_shows_sentence_document_rule_and_confidence(small_graph):
    result = _run(small_graph, "evidence", subject="Tom", predicate="SPOUSEOF", object="Eve")
    rows = result.dicts()
    assert len(rows) == 1
    row = {k: str(v) for k, v in rows[0].items()}
    assert row["sentence"] == "Tom Smith (Ann Actor) is married to Eve."
    assert row["document"] == "plot.txt"
    assert row["rule"] == "story.verb.v1"
    assert row["confidence"] == "0.8"
    assert (row["subjectLabel"], row["property"], row["objectLabel"]) == (
        "Tom Smith", "spouseOf", "Eve Smith")
    assert (row["start"], row["end"]) == ("0", "40")


def test_evidence_is_empty_for_a_fact_the_graph_does_not_hold(small_graph):
    assert _run(small_graph, "evidence", subject="Eve", predicate="spouseOf",
                object="Bob Actor").rows == []


def test_story_relations_lists_story_facts_but_not_production_ones(small_graph):
    rows = _plain(_run(small_graph, "story-relations"))
    assert ("The Test Film", "Tom Smith", "spouseOf", "Eve Smith", "0.8") in rows
    assert ("The Test Film", "Tom Smith", "employedBy", "the agency", "0.7") in rows
    assert not any(r[2] in ("plays", "directedBy", "visit") for r in rows)


def test_why_gives_every_fact_of_a_node_with_its_documents_sentences_and_rules(small_graph):
    rows = _run(small_graph, "why", node="Eve").dicts()
    facts = {(str(r["fact"]), str(r["rule"]), str(r["document"]), str(r["sentence"]))
             for r in rows if str(r["what"]) == "fact"}
    assert ("Tom Smith spouseOf Eve Smith", "story.verb.v1", "plot.txt",
            "Tom Smith (Ann Actor) is married to Eve.") in facts
    assert ("The Test Film hasCharacter Eve Smith", "roles.mention.v1", "plot.txt",
            "Tom Smith (Ann Actor) is married to Eve.") in facts
    assert {str(r["n"]) for r in rows} == {str(GBR["character/the-test-film-1999/eve-smith"])}
    assert all(str(r["start"]) == "0" and str(r["end"]) == "40" for r in rows
               if str(r["rule"]) == "story.verb.v1")


def test_why_finds_a_node_by_iri_prefixed_name_or_key(small_graph):
    by_name = _plain(_run(small_graph, "why", node="eve smith"))
    for node in (str(GBR["character/the-test-film-1999/eve-smith"]),
                 "gbr:character/the-test-film-1999/eve-smith",
                 "character/the-test-film-1999/eve-smith"):
        assert _plain(_run(small_graph, "why", node=node)) == by_name
    assert _run(small_graph, "why", node="Nobody At All").rows == []


def test_why_explains_one_fact_by_its_statement_node(small_graph):
    rows = _run(small_graph, "why", node=str(GBR["statement/f7"])).dicts()
    assert [(str(r["what"]), str(r["fact"]), str(r["rule"])) for r in rows] == [
        ("fact", "Tom Smith spouseOf Eve Smith", "story.verb.v1")]


def test_why_shows_a_documents_file_and_any_record_of_an_identity_decision(small_graph):
    doc = GBR["document/the-test-film-1999/plot-txt"]
    small_graph.add((doc, FILM.sourcePath, Literal("corpus/test/plot.txt")))
    # a decision recorded in the graph, in whatever shape: any typed node linked to
    # the entity that is no entity, document or provenance, with its values
    decision = GBR["decision/eve"]
    small_graph.add((decision, RDF.type, URIRef("https://example.org/IdentityDecision")))
    small_graph.add((decision, URIRef("https://example.org/decided"), GBR[
        "character/the-test-film-1999/eve-smith"]))
    small_graph.add((decision, URIRef("https://example.org/because"), Literal("named as Eve")))
    assert ("identity", "decided because: named as Eve") in {
        (str(r["what"]), str(r["fact"])) for r in _run(small_graph, "why", node="Eve").dicts()}
    assert ("value", "sourcePath: corpus/test/plot.txt") in {
        (str(r["what"]), str(r["fact"])) for r in _run(small_graph, "why", node=str(doc)).dicts()}


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_has_a_title_and_runs(small_graph, name):
    q = saved_query(name)
    assert q.title
    result = query(small_graph, q.text, bindings=q.bindings({p: "x" for p in q.params}))
    assert result.kind == "select"


def test_saved_query_header_declares_parameters():
    q = saved_query("evidence")
    assert list(q.params) == ["subject", "predicate", "object"]
    assert "Margaret" in q.params["subject"]


def test_unknown_saved_query_lists_the_valid_names():
    with pytest.raises(UnknownName) as e:
        saved_query("characters")
    assert "characters-of" in str(e.value) and "characters-and-actors" in str(e.value)


def test_unknown_parameter_lists_the_declared_ones():
    with pytest.raises(UnknownName, match="choose one of: film"):
        saved_query("characters-of").bindings({"title": "x"})


def test_missing_parameter_says_which_to_give():
    with pytest.raises(QueryError, match="--param film=VALUE"):
        saved_query("characters-of").bindings({})


def test_query_file_header_params(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# param: who - a name\nSELECT ?x WHERE { ?x ?p ?who }\n")
    q = read_query_file(path)
    assert (q.name, q.title, q.params) == ("mine", "Mine", {"who": "a name"})


# --- binding ------------------------------------------------------------------

def test_a_bound_value_with_quotes_and_braces_matches_literally(small_graph):
    name = 'Tom "the } bomb" {Smith} \\ # \n UNION'
    small_graph.add((TOM, SKOS.altLabel, Literal(name)))
    rows = _run(small_graph, "character", name=name).rows
    assert {str(r[0]) for r in rows} == {"Tom Smith"}


def test_a_bound_value_cannot_change_the_query(small_graph):
    attack = '") } UNION { ?c ?p ?o } #'
    assert _run(small_graph, "characters-of", film=attack).rows == []


def test_bind_puts_values_in_the_where_group_of_a_construct():
    text = bind("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"o": Literal("x")})
    assert text == 'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?o) { ("x") }  ?s ?p ?o }'


def test_bindings_are_seen_by_filters_in_the_group(small_graph):
    text = "SELECT ?x WHERE { ?x rdfs:label ?l FILTER(STR(?l) = ?want) }"
    result = query(small_graph, text, bindings={"want": "Eve Smith"})
    assert _plain(result) == [(str(GBR["character/the-test-film-1999/eve-smith"]),)]


def test_bindings_keep_their_types(small_graph):
    text = "SELECT ?f WHERE { ?f film:releaseYear ?y }"
    assert query(small_graph, text, bindings={"y": Literal("1999", datatype=XSD.gYear)}).rows
    assert not query(small_graph, text, bindings={"y": "1999"}).rows


def test_binding_rejects_bad_variable_names_and_blank_nodes():
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"o) {": "x"})
    with pytest.raises(QueryError, match="give an IRI or a literal"):
        bind("SELECT * WHERE { ?s ?p ?o }", {"o": BNode()})
    with pytest.raises(QueryError, match="CONSTRUCT WHERE"):
        bind("CONSTRUCT WHERE { ?s ?p ?o }", {"o": "x"})


# --- read-only and errors -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX x: <http://x/>\ndelete where { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { # a comment\n service silent <http://e/> { ?s ?p ?o } }",
])
def test_updates_load_and_service_are_refused(text):
    with pytest.raises(QueryRefused):
        check_read_only(text)


@pytest.mark.parametrize("text", [
    'SELECT ?service WHERE { ?service ?p "SERVICE <http://e/> insert" }',
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:load <http://x/SERVICE> }",
    'SELECT * WHERE { ?s ?p "drop"@en } # LOAD is only in this comment',
])
def test_keywords_inside_strings_iris_names_and_comments_are_not_refused(text):
    assert check_read_only(text) == "SELECT"


# Spellings that passed a lexical check while pyoxigraph read a SERVICE in them.
SERVICE_SPELLINGS = [
    "SELECT * WHERE { #x\rSERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",      # comment ended by CR
    "SELECT * WHERE { #x\r\nSERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",   # keyword + pname
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { service:x { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b 1.SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",     # after a number
    "SELECT * WHERE { ?a ?b 1.5e3.SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",      # codepoint escape
    "SELECT * WHERE { \\U00000053ervice <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "ASK { FILTER NOT EXISTS { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } } }",
]


@pytest.mark.parametrize("text", SERVICE_SPELLINGS)
def test_service_is_refused_however_it_is_spelled(text):
    with pytest.raises(QueryRefused, match="SERVICE"):
        guard(text)


@pytest.mark.parametrize("text", SERVICE_SPELLINGS)
def test_no_spelling_of_service_reaches_the_store(small_graph, monkeypatch, text):
    def no_network(*a, **k):
        raise AssertionError("the store was queried")
    monkeypatch.setattr(ox.Store, "query", no_network)
    with pytest.raises(QueryRefused):
        query(small_graph, text)


def test_the_checked_text_is_the_text_that_runs():
    text, form = guard("SELECT ?s WHERE { ?s ?p ?o } # a\r\\u0041SK")
    assert form == "SELECT"
    assert "\r" not in text and "\\u" not in text
    assert canonical("a\r\nb\rc\\u00e9") == "a\nb\ncé"


def test_service_as_a_name_or_a_word_in_data_is_not_refused():
    assert guard('SELECT ?service WHERE { ?service rdfs:label "secret service" }')[1] == "SELECT"
    assert guard("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:service ?o }")[1] == "SELECT"


def test_a_query_mentioning_service_that_cannot_be_checked_does_not_run():
    with pytest.raises(QueryRefused, match="could not be checked"):
        guard("SELECT * WHERE { ?s <http://x/service> ?o ")


def test_service_is_refused_before_any_request_is_made(small_graph, monkeypatch):
    def no_network(*a, **k):
        raise AssertionError("the store was queried")
    monkeypatch.setattr(ox.Store, "query", no_network)
    with pytest.raises(QueryRefused, match="SERVICE"):
        query(small_graph, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_malformed_query_reports_the_parser_position(small_graph):
    with pytest.raises(MalformedQuery, match="1:"):
        query(small_graph, "SELECT ?s WHERE { ?s ?p }")


def test_result_cap_refuses_larger_results(small_graph):
    with pytest.raises(ResultTooLarge, match="more than 5 rows"):
        query(small_graph, "SELECT * WHERE { ?s ?p ?o }", max_results=5)
    assert len(query(small_graph, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", max_results=5)) == 5


def test_query_reads_a_file_the_same_as_the_graph(small_graph, tmp_path):
    path = tmp_path / "g.ttl"
    small_graph.serialize(path, format="turtle")
    q = saved_query("characters-and-actors").text
    assert query(path, q).rows == query(small_graph, q).rows


# --- formats --------------------------------------------------------------------

def _mixed_result() -> Result:
    rows = [
        (URIRef("http://x/a"), Literal('comma, "quote"\nnew\tline'), Literal("chat", lang="fr")),
        (BNode("b1"), Literal("3", datatype=XSD.integer), None),
    ]
    return Result("select", ["s", "text", "other"], rows)


def _terms_from(parsed) -> list[tuple]:
    out = []
    for sol in parsed:
        out.append(tuple(None if sol[v] is None else str(sol[v]) for v in ("s", "text", "other")))
    return out


@pytest.mark.parametrize("fmt,oxfmt", [
    ("json", ox.QueryResultsFormat.JSON),
    ("xml", ox.QueryResultsFormat.XML),
    ("tsv", ox.QueryResultsFormat.TSV),
])
def test_result_formats_parse_back_as_the_same_terms(fmt, oxfmt):
    text = format_result(_mixed_result(), fmt)
    parsed = _terms_from(ox.parse_query_results(text.encode(), format=oxfmt))
    assert parsed[0] == ('<http://x/a>', '"comma, \\"quote\\"\\nnew\\tline"', '"chat"@fr')
    assert parsed[1][1:] == ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', None)
    assert parsed[1][0].startswith("_:")


def test_tsv_keeps_each_row_on_one_line():
    assert len(format_result(_mixed_result(), "tsv").splitlines()) == 3


def test_csv_follows_the_w3c_format():
    text = format_result(_mixed_result(), "csv")
    assert text.split("\r\n")[0] == "s,text,other"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["http://x/a", 'comma, "quote"\nnew\tline', "chat"]
    assert rows[2] == ["_:b1", "3", ""]


def test_table_aligns_columns_and_counts_rows():
    result = Result("select", ["name", "n"], [(Literal("Tom"), Literal(1)),
                                              (Literal("Eve Smith"), None)])
    assert format_result(result, "table") == (
        "name       n\n"
        "---------  -\n"
        "Tom        1\n"
        "Eve Smith\n"
        "(2 rows)\n")


def test_table_writes_iris_as_sparql_reads_them(small_graph):
    out = format_result(query(small_graph, "SELECT ?c WHERE { ?c a film:Genre }"), "table")
    assert "<https://w3id.org/graphbuild/id/genre/drama>" in out   # gbr:genre/drama is no SPARQL
    out = format_result(query(small_graph, "SELECT DISTINCT ?t WHERE { ?c a ?t } ORDER BY ?t"),
                        "table")
    assert "film:Film" in out


def test_ask_in_each_format(small_graph):
    yes = query(small_graph, "ASK { ?s a film:Film }")
    no = query(small_graph, "ASK { ?s a film:Award }")
    assert (yes.kind, yes.boolean, no.boolean) == ("ask", True, False)
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert format_result(no, "table") == "no\n"
    assert bool(ox.parse_query_results(format_result(yes, "xml").encode(),
                                       format=ox.QueryResultsFormat.XML))


def test_construct_results_serialize_as_rdf(small_graph):
    result = query(small_graph, "CONSTRUCT { ?c rdfs:label ?l } "
                                "WHERE { ?c a film:Character ; rdfs:label ?l }")
    assert result.kind == "graph" and len(result) == 3
    for fmt, rdflib_fmt in [("table", "turtle"), ("json", "json-ld"), ("nt", "nt"), ("xml", "xml")]:
        back = Graph().parse(data=format_result(result, fmt), format=rdflib_fmt)
        assert isomorphic(back, result.graph), fmt
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert rows[0] == ["subject", "predicate", "object"] and len(rows) == 4


def test_unknown_format_lists_the_valid_ones(small_graph):
    with pytest.raises(UnknownName, match="table"):
        format_result(Result("ask", boolean=True), "yaml")


def test_query_on_a_graph_with_literal_types_returns_rdflib_terms(small_graph):
    text = "SELECT ?y ?id WHERE { ?f film:releaseYear ?y ; film:imdbId ?id }"
    rows = query(small_graph, text).rows
    assert rows == [(Literal("1999", datatype=XSD.gYear), Literal("tt0000001"))]
