"""Entities + relations -> an rdflib Graph: labels, facts, reified
statements with combined confidence, one evidence node per source."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graphbuild.model import Decision, Document, Entity, Evidence, FilmInfo, Relation
from graphbuild.rdf.iris import document_iri, document_key, hashed_iri
from graphbuild.rdf.mapping import (document_rows, entity_rows, merge_entities, nt_rows,
                                    relation_rows, to_graph)
from graphbuild.rdf.vocab import FILM, GBR, OPEN, SCHEMA, WD

FILM_KEY = "film/kramer-vs-kramer-1979"
TED, JOANNA = "character/kramer-vs-kramer-1979/ted-kramer", "character/kramer-vs-kramer-1979/joanna"
BENTON = "person/robert-benton"
INFO = FilmInfo("Kramer vs. Kramer", 1979)
POST = Document("kramer-vs-kramer-1979/post.md", "corpus/kvk/post.md", "post", "text", INFO)


def entities() -> dict[str, Entity]:
    return {e.key: e for e in [
        Entity(FILM_KEY, "Film", "Kramer vs. Kramer", {"KRAMER VS KRAMER"}),
        Entity(BENTON, "Person", "Robert Benton"),
        Entity(TED, "Character", "Ted Kramer", {"Ted", "Mr. Kramer", "Ted Kramer", ""},
               film="kramer-vs-kramer-1979"),
        Entity(JOANNA, "Character", "Joanna", film="kramer-vs-kramer-1979"),
    ]}


SENTENCE, OTHER = "Ted's wife Joanna leaves him.", "Joanna leaves her husband Ted."


def ev(conf: float, start: int = 0, rule: str = "story.verb.v1",
       doc: str = "kramer-vs-kramer-1979/post.md", surface: str = "",
       sentence: str = SENTENCE) -> Evidence:
    return Evidence(doc, sentence, 2, start, start + 29, rule, conf, surface)


def only(graph: Graph, s, p):
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def statement_of(graph: Graph, s, p, o):
    [st] = [x for x in graph.subjects(RDF.subject, s)
            if (x, RDF.predicate, p) in graph and (x, RDF.object, o) in graph]
    return st


# --- the whole graph of one fact ---------------------------------------------

def test_one_fact_gives_exactly_the_expected_graph(assert_isomorphic):
    evidence = Evidence("kramer-vs-kramer-1979/post.md", "Director: Robert Benton", 0, 10, 33,
                        "metadata.director.v1", 1.0)
    got = to_graph(entities(), [Relation(FILM_KEY, "directedBy", BENTON, [evidence])], [POST])

    f, b = GBR[FILM_KEY], GBR[BENTON]
    d = GBR["document/kramer-vs-kramer-1979/post-md"]
    st = hashed_iri("statement", str(f), str(FILM.directedBy), b.n3())
    e = hashed_iri("evidence", str(st), evidence.doc_id, "10", "33", "metadata.director.v1")
    expected = Graph()
    for t in [
        (f, RDF.type, FILM.Film), (f, RDFS.label, Literal("Kramer vs. Kramer")),
        (f, RDF.type, SCHEMA.Movie), (f, RDF.type, WD.Q11424),
        (f, SKOS.altLabel, Literal("KRAMER VS KRAMER")),
        (b, RDF.type, FILM.Person), (b, RDFS.label, Literal("Robert Benton")),
        (b, RDF.type, SCHEMA.Person), (b, RDF.type, WD.Q5),
        (f, FILM.directedBy, b),
        (st, RDF.type, RDF.Statement), (st, RDF.subject, f),
        (st, RDF.predicate, FILM.directedBy), (st, RDF.object, b),
        (st, FILM.confidence, Literal("1", datatype=XSD.decimal)),
        (st, PROV.wasDerivedFrom, e),
        (e, RDF.type, FILM.Evidence), (e, RDF.type, PROV.Entity),
        (e, PROV.wasQuotedFrom, d), (e, FILM.sentence, Literal("Director: Robert Benton")),
        (e, FILM.sentenceIndex, Literal(0)), (e, FILM.startOffset, Literal(10)),
        (e, FILM.endOffset, Literal(33)), (e, FILM.rule, Literal("metadata.director.v1")),
        (e, FILM.confidence, Literal("1", datatype=XSD.decimal)),
        (d, RDF.type, FILM.Document), (d, RDF.type, PROV.Entity),
        (d, RDF.type, SCHEMA.DigitalDocument), (d, RDFS.label, Literal("post.md")), (d, FILM.sourcePath, Literal("corpus/kvk/post.md")),
        (d, FILM.documentKind, Literal("post")), (d, FILM.about, f),
    ]:
        expected.add(t)
    assert_isomorphic(expected, got)


# --- entities ---------------------------------------------------------------------

def test_entity_has_one_label_and_alt_labels_for_other_names():
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA, [ev(0.8)])], [])
    ted = GBR[TED]
    assert only(g, ted, RDFS.label) == Literal("Ted Kramer")
    assert set(g.objects(ted, SKOS.altLabel)) == {Literal("Ted"), Literal("Mr. Kramer")}
    # our class, and the schema.org and Wikidata classes the ontology maps it to
    assert set(g.objects(ted, RDF.type)) == {FILM.Character, SCHEMA.Person, WD.Q95074}


def test_only_entities_in_a_kept_fact_are_in_the_graph():
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA, [ev(0.8)])], [])
    assert set(g.subjects(RDF.type, FILM.Character)) == {GBR[TED], GBR[JOANNA]}
    assert (GBR[BENTON], None, None) not in g


def test_fact_whose_entity_is_unknown_is_left_out():
    g = to_graph(entities(), [Relation(TED, "spouseOf", "character/x/nobody", [ev(0.9)])], [])
    assert len(g) == 0


# --- facts and provenance ----------------------------------------------------------

def test_fact_triple_and_its_reified_statement():
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA, [ev(0.8)])], [])
    s, p, o = GBR[TED], FILM.spouseOf, GBR[JOANNA]
    assert (s, p, o) in g
    st = statement_of(g, s, p, o)
    assert (st, RDF.type, RDF.Statement) in g
    assert str(st).startswith(str(GBR["statement/"]))


def test_statement_confidence_is_the_noisy_or_of_its_evidence():
    rel = Relation(TED, "spouseOf", JOANNA, [ev(0.8, 0), ev(0.5, 100, sentence=OTHER)])
    g = to_graph(entities(), [rel], [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    assert only(g, st, FILM.confidence) == Literal("0.9", datatype=XSD.decimal)


def test_the_same_sentence_read_again_is_not_independent_evidence():
    repeated = [ev(0.8, 0), ev(0.5, 100), ev(0.6, 0, "story.noun.v1"),
                ev(0.5, 7, doc="kramer-vs-kramer-1979/002.txt")]
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA, repeated)], [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    assert only(g, st, FILM.confidence) == Literal("0.8", datatype=XSD.decimal)
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA,
                                       repeated + [ev(0.5, 200, sentence=OTHER)])], [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    assert only(g, st, FILM.confidence) == Literal("0.9", datatype=XSD.decimal)


def evidence_nodes(g: Graph, st) -> list[tuple]:
    """(document file, start offset, confidence, sentence) of each evidence node, sorted."""
    return sorted((str(only(g, n, PROV.wasQuotedFrom)).rpartition("/")[2],
                   only(g, n, FILM.startOffset).toPython(),
                   float(only(g, n, FILM.confidence)), str(only(g, n, FILM.sentence)))
                  for n in g.objects(st, PROV.wasDerivedFrom))


def test_a_fact_keeps_three_evidence_nodes_per_document_and_counts_them_all():
    post = [ev(0.5, 10 * i) for i in range(10)] + [ev(0.7, 500, sentence=OTHER)]
    review = [ev(0.6, 10 * i, doc="kramer-vs-kramer-1979/002.txt") for i in range(4)]
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA, post + review)], [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    assert only(g, st, FILM.evidenceCount) == Literal(15)
    # most confident first; a sentence's repeats only after every other sentence
    assert evidence_nodes(g, st) == [
        ("002-txt", 0, 0.6, SENTENCE), ("002-txt", 10, 0.6, SENTENCE),
        ("002-txt", 20, 0.6, SENTENCE),
        ("post-md", 0, 0.5, SENTENCE), ("post-md", 10, 0.5, SENTENCE),
        ("post-md", 500, 0.7, OTHER)]
    # the confidence is that of all the evidence: two distinct sentences
    assert only(g, st, FILM.confidence) == Literal("0.88", datatype=XSD.decimal)


def test_a_fact_with_few_enough_evidence_has_no_count():
    rel = Relation(TED, "spouseOf", JOANNA, [ev(0.5, 10 * i) for i in range(3)])
    g = to_graph(entities(), [rel], [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    assert len(evidence_nodes(g, st)) == 3
    assert not list(g.objects(st, FILM.evidenceCount))


def test_the_kept_evidence_does_not_depend_on_its_order():
    from graphbuild.rdf.mapping import kept_evidence

    evidence = [ev(0.5, 10 * i, rule=f"story.r{i % 3}.v1") for i in range(12)]
    assert kept_evidence(evidence) == kept_evidence(evidence[::-1])
    assert [e.start for e in kept_evidence(evidence)] == [0, 10, 20]


def test_one_evidence_node_per_piece_of_evidence_with_its_source():
    rel = Relation(TED, "spouseOf", JOANNA, [
        ev(0.8, 0, "story.noun.v1"),
        ev(0.5, 100, "story.verb.v1", doc="kramer-vs-kramer-1979/002.txt")])
    g = to_graph(entities(), [rel], [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    nodes = list(g.objects(st, PROV.wasDerivedFrom))
    assert len(nodes) == 2
    got = {(only(g, n, PROV.wasQuotedFrom), only(g, n, FILM.sentenceIndex).toPython(),
            only(g, n, FILM.startOffset).toPython(), only(g, n, FILM.endOffset).toPython(),
            str(only(g, n, FILM.rule)), str(only(g, n, FILM.confidence)))
           for n in nodes}
    assert got == {
        (GBR["document/kramer-vs-kramer-1979/post-md"], 2, 0, 29, "story.noun.v1", "0.8"),
        (GBR["document/kramer-vs-kramer-1979/002-txt"], 2, 100, 129, "story.verb.v1", "0.5"),
    }
    for n in nodes:
        assert only(g, n, FILM.sentence) == Literal("Ted's wife Joanna leaves him.")
        assert {FILM.Evidence, PROV.Entity} == set(g.objects(n, RDF.type))


def test_same_fact_given_twice_has_one_statement_and_one_confidence():
    rels = [Relation(TED, "spouseOf", JOANNA, [ev(0.8, 0)]),
            Relation(TED, "spouseOf", JOANNA, [ev(0.5, 100, sentence=OTHER), ev(0.8, 0)])]
    g = to_graph(entities(), rels, [])
    st = statement_of(g, GBR[TED], FILM.spouseOf, GBR[JOANNA])
    assert only(g, st, FILM.confidence) == Literal("0.9", datatype=XSD.decimal)
    assert len(list(g.objects(st, PROV.wasDerivedFrom))) == 2


def test_open_relations_go_to_the_open_namespace_with_their_surface_text():
    rel = Relation(TED, "comfort", JOANNA, [ev(0.4, surface="comforts")], open=True)
    g = to_graph(entities(), [rel], [])
    assert (GBR[TED], OPEN.comfort, GBR[JOANNA]) in g
    assert (GBR[TED], FILM.comfort, GBR[JOANNA]) not in g
    st = statement_of(g, GBR[TED], OPEN.comfort, GBR[JOANNA])
    node = only(g, st, PROV.wasDerivedFrom)
    assert only(g, node, FILM.surfaceText) == Literal("comforts")


def test_evidence_without_surface_text_has_none():
    g = to_graph(entities(), [Relation(TED, "spouseOf", JOANNA, [ev(0.8)])], [])
    assert not list(g.subject_objects(FILM.surfaceText))


def test_min_confidence_drops_low_facts_and_their_orphan_entities():
    rels = [Relation(TED, "spouseOf", JOANNA, [ev(0.3)]),
            Relation(FILM_KEY, "directedBy", BENTON, [ev(0.6), ev(0.5, 50, sentence=OTHER)])]   # 0.8
    g = to_graph(entities(), rels, [], min_confidence=0.5)
    assert (GBR[TED], FILM.spouseOf, GBR[JOANNA]) not in g
    assert (GBR[TED], None, None) not in g and (GBR[JOANNA], None, None) not in g
    assert (GBR[FILM_KEY], FILM.directedBy, GBR[BENTON]) in g
    assert len(list(g.subjects(RDF.type, RDF.Statement))) == 1
    # the threshold is inclusive
    g = to_graph(entities(), rels, [], min_confidence=0.8)
    assert (GBR[FILM_KEY], FILM.directedBy, GBR[BENTON]) in g


@pytest.mark.parametrize("datatype, expected", [
    ("gYear", Literal("1979", datatype=XSD.gYear)),
    ("integer", Literal("1979", datatype=XSD.integer)),
    ("string", Literal("1979")),
    (None, Literal("1979")),
])
def test_literal_objects_carry_their_datatype(datatype, expected):
    rel = Relation(FILM_KEY, "releaseYear", "1979", [ev(1.0)], literal=True, datatype=datatype)
    g = to_graph(entities(), [rel], [])
    assert only(g, GBR[FILM_KEY], FILM.releaseYear) == expected
    st = statement_of(g, GBR[FILM_KEY], FILM.releaseYear, expected)
    assert only(g, st, RDF.object) == expected


def test_other_xsd_datatype_names_are_kept():
    rel = Relation(FILM_KEY, "released", "1979-12-19", [ev(1.0)], literal=True, datatype="date",
                   open=True)
    g = to_graph(entities(), [rel], [])
    assert only(g, GBR[FILM_KEY], OPEN.released) == Literal("1979-12-19", datatype=XSD.date)


def test_documents_describe_their_source():
    g = to_graph(entities(), [], [POST])
    d = GBR["document/kramer-vs-kramer-1979/post-md"]
    assert set(g.objects(d, RDF.type)) == {FILM.Document, PROV.Entity, SCHEMA.DigitalDocument}
    assert only(g, d, RDFS.label) == Literal("post.md")
    assert only(g, d, FILM.documentKind) == Literal("post")
    assert only(g, d, FILM.about) == GBR[FILM_KEY]


def test_graph_does_not_depend_on_the_order_of_relations():
    rels = [Relation(TED, "spouseOf", JOANNA, [ev(0.8)]),
            Relation(FILM_KEY, "directedBy", BENTON, [ev(1.0, 5, "metadata.director.v1")])]
    a = to_graph(entities(), rels, [POST])
    b = to_graph(entities(), list(reversed(rels)), [POST])
    assert set(a) == set(b)        # same IRIs, not merely isomorphic


# --- merge_entities --------------------------------------------------------------

def test_merge_entities_picks_the_most_used_spelling_as_label():
    groups = [
        [Entity(BENTON, "Person", "Robert Benton", {"Benton"})],
        [Entity(BENTON, "Person", "Bob Benton")],
        [Entity(BENTON, "Person", "Robert Benton", {"R. Benton"})],
    ]
    [e] = merge_entities(groups).values()
    assert e.label == "Robert Benton"
    assert e.aliases == {"Benton", "Bob Benton", "R. Benton"}


def test_merge_entities_breaks_ties_alphabetically_and_keeps_first_class():
    groups = [[Entity(BENTON, "Person", "Robert Benton")], [Entity(BENTON, "Person", "Benton")]]
    [e] = merge_entities(groups).values()
    assert (e.label, e.aliases, e.cls) == ("Benton", {"Robert Benton"}, "Person")
    [e] = merge_entities(reversed(groups)).values()
    assert e.label == "Benton"


def test_merge_entities_never_lists_the_label_as_an_alias_and_copies_inputs():
    original = Entity(TED, "Character", "Ted", {"Ted Kramer"})
    groups = [[original], [Entity(TED, "Character", "Ted Kramer", {"Ted"})],
              [Entity(TED, "Character", "Ted Kramer")]]
    merged = merge_entities(groups)[TED]
    assert merged.label == "Ted Kramer"
    assert merged.aliases == {"Ted"}
    assert original.aliases == {"Ted Kramer"} and original.label == "Ted"


def test_merged_entity_maps_to_one_label_and_alt_labels():
    groups = [[Entity(BENTON, "Person", "Robert Benton")], [Entity(BENTON, "Person", "Benton")],
              [Entity(BENTON, "Person", "Robert Benton")]]
    ents = {**entities(), **merge_entities(groups)}
    g = to_graph(ents, [Relation(FILM_KEY, "directedBy", BENTON, [ev(1.0)])], [])
    assert only(g, GBR[BENTON], RDFS.label) == Literal("Robert Benton")
    assert only(g, GBR[BENTON], SKOS.altLabel) == Literal("Benton")


def test_confidences_are_written_in_their_shortest_form_so_stores_give_them_back():
    from graphbuild.rdf.mapping import decimal_literal

    assert [str(decimal_literal(v)) for v in (1.0, 0.9, 0.91, 0.0, 0.1234)] == \
        ["1", "0.9", "0.91", "0", "0.123"]


def test_a_fact_whose_object_is_a_document_links_the_entity_to_its_node():
    # film:mentionedIn: the object is a document, not an entity, and is kept
    rel = Relation(TED, "mentionedIn", document_key(POST.doc_id), [ev(0.9)])
    g = to_graph(entities(), [rel], [POST])
    doc = document_iri(POST.doc_id)
    assert (GBR[TED], FILM.mentionedIn, doc) in g
    assert (doc, RDF.type, FILM.Document) in g and (GBR[TED], RDF.type, FILM.Character) in g
    assert only(g, statement_of(g, GBR[TED], FILM.mentionedIn, doc), RDF.object) == doc


# --- identity decisions --------------------------------------------------------

def decided() -> dict[str, Entity]:
    ents = entities()
    ted = ents[TED]
    ted.decisions.append(Decision("kramer-vs-kramer-1979", "Ted Kramer", "Character",
                                  ["followed by an actor's name in parentheses: Ted Kramer (Dustin "
                                   "Hoffman)"],
                                  {"Ted": "first name of the only name of the film with it"}))
    ents[FILM_KEY].decisions.append(Decision("kramer-vs-kramer-1979", "Shall", "",
                                             ["tagged as a common word (AUX): Shall"]))
    return ents


def test_an_entity_carries_its_identity_decision_and_merged_names():
    g = to_graph(decided(), [Relation(FILM_KEY, "hasCharacter", TED, [ev(0.9)])], [POST])
    d = only(g, GBR[TED], FILM.identity)
    assert (d, RDF.type, FILM.IdentityDecision) in g
    assert only(g, d, FILM.decidedClass) == FILM.Character
    assert only(g, d, FILM.decidedIn) == GBR[FILM_KEY]
    assert only(g, d, FILM.name) == Literal("Ted Kramer")
    assert str(only(g, d, FILM.decidedBy)).startswith("followed by an actor's name")
    m = only(g, d, FILM.mergedName)
    assert (m, RDF.type, FILM.NameMerge) in g
    assert only(g, m, FILM.name) == Literal("Ted")
    assert str(only(g, m, FILM.decidedBy)) == "first name of the only name of the film with it"


def test_the_film_keeps_the_names_it_found_to_be_no_entity():
    g = to_graph(decided(), [Relation(FILM_KEY, "hasCharacter", TED, [ev(0.9)])], [POST])
    d = only(g, GBR[FILM_KEY], FILM.rejectedName)
    assert only(g, d, FILM.name) == Literal("Shall")
    assert list(g.objects(d, FILM.decidedClass)) == []
    assert (GBR[FILM_KEY], FILM.identity, d) not in g


def test_a_graph_with_decisions_conforms_to_the_shapes():
    from graphbuild.rdf.validate import validate

    g = to_graph(decided(), [Relation(FILM_KEY, "hasCharacter", TED, [ev(0.9)])], [POST])
    conforms, report = validate(g)
    assert conforms, report


def test_merge_entities_keeps_every_films_decision_once():
    a = Entity(BENTON, "Person", "Robert Benton",
               decisions=[Decision("f1", "Robert Benton", "Person", ["in the credits"])])
    b = Entity(BENTON, "Person", "Robert Benton",
               decisions=[Decision("f2", "Robert Benton", "Person", ["directed by X"])])
    again = Entity(BENTON, "Person", "Robert Benton",
                   decisions=[Decision("f1", "Robert Benton", "Person", ["in the credits"])])
    merged = merge_entities([[b], [a], [again]])[BENTON]
    assert [d.film for d in merged.decisions] == ["f1", "f2"]
    assert a.decisions == [Decision("f1", "Robert Benton", "Person", ["in the credits"])]


# --- rows ----------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.text(), st.text(), st.sampled_from([None, "string", "gYear"]), st.booleans())
def test_rows_are_exactly_what_rdflib_writes_for_their_triples(value, sentence, datatype, literal):
    """Mapping writes N-Triples itself; reading the rows into rdflib and
    writing them again gives the same rows, so graph.nt is rdflib's N-Triples."""
    evidence = [ev(0.5, i, sentence=sentence + str(i % 2)) for i in range(5)]
    rel = (Relation(FILM_KEY, "title", value, evidence, literal=True, datatype=datatype,
                    open=True) if literal else Relation(TED, "spouseOf", JOANNA, evidence))
    info = FilmInfo(value or "x", 1999)
    rows = "".join([relation_rows(rel)[0], document_rows([Document(f"f/{value}", value, "plot",
                                                                   "", info)]),
                    entity_rows([Entity(TED, "Character", value, {sentence, value + "!"})])])
    g = Graph().parse(data=rows, format="nt")
    assert sorted(nt_rows(g).split("\n")) == sorted(rows.split("\n"))
    assert len(g) == rows.count("\n")
