"""Shared fixtures: a small hand-made graph, paths to ../shared, the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from graphbuild.rdf.vocab import FILM, GBR, OPEN, bind_prefixes

PROV, RDF, RDFS, SKOS, XSD = ns.PROV, ns.RDF, ns.RDFS, ns.SKOS, ns.XSD

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _fact(g: Graph, s: URIRef, p: URIRef, o, doc: URIRef, sentence: str,
          start: int, rule: str, conf: float, tag: str) -> None:
    """Add a fact with one reified statement and one evidence node."""
    g.add((s, p, o))
    st = GBR[f"statement/{tag}"]
    ev = GBR[f"evidence/{tag}"]
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, FILM.confidence, Literal(f"{conf:.2f}", datatype=XSD.decimal)))
    g.add((st, PROV.wasDerivedFrom, ev))
    g.add((ev, RDF.type, FILM.Evidence))
    g.add((ev, RDF.type, PROV.Entity))
    g.add((ev, PROV.wasQuotedFrom, doc))
    g.add((ev, FILM.sentence, Literal(sentence)))
    g.add((ev, FILM.sentenceIndex, Literal(0)))
    g.add((ev, FILM.startOffset, Literal(start)))
    g.add((ev, FILM.endOffset, Literal(start + len(sentence))))
    g.add((ev, FILM.rule, Literal(rule)))
    g.add((ev, FILM.confidence, Literal(f"{conf:.2f}", datatype=XSD.decimal)))


def make_small_graph() -> Graph:
    """A graph in graphbuild's model, made by hand: one film, two actors,
    two characters, an agency, a story fact, an open relation, and names and
    a sentence that carry HTML injection payloads."""
    g = Graph()
    bind_prefixes(g)
    film = GBR["film/the-test-film-1999"]
    doc = GBR["document/the-test-film-1999/plot-txt"]
    ann, bob = GBR["person/ann-actor"], GBR["person/bob-actor"]
    tom = GBR["character/the-test-film-1999/tom-smith"]
    eve = GBR["character/the-test-film-1999/eve-smith"]
    agency = GBR["organization/the-test-film-1999/the-agency"]
    drama = GBR["genre/drama"]
    evil = GBR["character/the-test-film-1999/x-script"]
    for node, cls, label, alts in [
        (film, FILM.Film, "The Test Film", ["TEST FILM"]),
        (ann, FILM.Person, "Ann Actor", ["Actor"]),
        (bob, FILM.Person, "Bob Actor", []),
        (tom, FILM.Character, "Tom Smith", ["Tom", "Mr. Smith"]),
        (eve, FILM.Character, "Eve Smith", ["Eve"]),
        (agency, FILM.Organization, "the agency", []),
        (drama, FILM.Genre, "Drama", []),
        (evil, FILM.Character, "<script>alert('name')</script>",
         ["<img src=x onerror=alert(1)>"]),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
        for a in alts:
            g.add((node, SKOS.altLabel, Literal(a)))
    g.add((doc, RDF.type, FILM.Document))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, RDFS.label, Literal("plot.txt")))
    g.add((doc, FILM.about, film))
    g.add((doc, FILM.documentKind, Literal("plot")))
    g.add((film, FILM.releaseYear, Literal("1999", datatype=XSD.gYear)))
    g.add((film, FILM.imdbId, Literal("tt0000001")))
    s1 = "Tom Smith (Ann Actor) is married to Eve."
    _fact(g, film, FILM.directedBy, bob, doc, "Directed by Bob Actor.", 0,
          "metadata.director.v1", 1.0, "f1")
    _fact(g, film, FILM.castMember, ann, doc, s1, 0, "metadata.cast.v1", 1.0, "f2")
    _fact(g, film, FILM.genre, drama, doc, "Drama", 0, "metadata.genre.v1", 1.0, "f3")
    _fact(g, film, FILM.hasCharacter, tom, doc, s1, 0, "roles.paren_actor.v1", 0.9, "f4")
    _fact(g, film, FILM.hasCharacter, eve, doc, s1, 0, "roles.mention.v1", 0.8, "f5")
    _fact(g, ann, FILM.plays, tom, doc, s1, 0, "roles.paren_actor.v1", 0.9, "f6")
    _fact(g, tom, FILM.spouseOf, eve, doc, s1, 0, "story.verb.v1", 0.8, "f7")
    _fact(g, tom, FILM.employedBy, agency, doc, "Tom works for the agency.", 41,
          "story.verb.v1", 0.7, "f8")
    _fact(g, eve, OPEN.visit, tom, doc,
          "Eve visits Tom <img src=x onerror=alert('sentence')>.", 70,
          "open.verb.v1", 0.4, "f9")
    _fact(g, film, FILM.hasCharacter, evil, doc,
          "<script>alert('evidence')</script>", 120, "roles.mention.v1", 0.5, "f10")
    return g


def make_films_graph() -> Graph:
    """The small graph and four more films: "Another Film" (2005, Comedy)
    shares Ann Actor with The Test Film and Carl Cast with "Third Film"
    (1987, Drama); "Lonely Film" (2010) shares no one; "Old Classic" (1950)
    has no document of its own, only a release year read from The Test
    Film's plot."""
    g = make_small_graph()
    test_doc = GBR["document/the-test-film-1999/plot-txt"]

    def entity(path: str, cls: str, label: str) -> URIRef:
        node = GBR[path]
        g.add((node, RDF.type, FILM[cls]))
        g.add((node, RDFS.label, Literal(label)))
        return node

    def film(slug: str, title: str, year: str, genre: str | None) -> tuple[URIRef, URIRef]:
        node = entity(f"film/{slug}", "Film", title)
        doc = GBR[f"document/{slug}/plot-txt"]
        g.add((doc, RDF.type, FILM.Document))
        g.add((doc, RDFS.label, Literal("plot.txt")))
        g.add((doc, FILM.about, node))
        _fact(g, node, FILM.releaseYear, Literal(year, datatype=XSD.gYear), doc,
              f"{title} ({year}).", 0, "metadata.release.v1", 1.0, f"{slug}-year")
        if genre is not None:
            _fact(g, node, FILM.genre, GBR[f"genre/{genre.lower()}"], doc, genre, 0,
                  "metadata.genre.v1", 1.0, f"{slug}-genre")
            entity(f"genre/{genre.lower()}", "Genre", genre)
        return node, doc

    ann, carl = GBR["person/ann-actor"], entity("person/carl-cast", "Person", "Carl Cast")
    another, doc2 = film("another-film-2005", "Another Film", "2005", "Comedy")
    villain = entity("character/another-film-2005/villain", "Character", "Villain")
    _fact(g, another, FILM.castMember, ann, doc2, "Ann Actor stars.", 20, "metadata.cast.v1",
          1.0, "a-ann")
    _fact(g, another, FILM.castMember, carl, doc2, "Carl Cast plays the Villain.", 40,
          "metadata.cast.v1", 1.0, "a-carl")
    _fact(g, another, FILM.hasCharacter, villain, doc2, "Carl Cast plays the Villain.", 40,
          "roles.mention.v1", 0.9, "a-villain")
    _fact(g, carl, FILM.plays, villain, doc2, "Carl Cast plays the Villain.", 40,
          "roles.paren_actor.v1", 0.9, "a-plays")
    third, doc3 = film("third-film-1987", "Third Film", "1987", "Drama")
    _fact(g, third, FILM.castMember, carl, doc3, "With Carl Cast.", 10, "metadata.cast.v1",
          1.0, "t-carl")
    lonely, doc4 = film("lonely-film-2010", "Lonely Film", "2010", None)
    dora = entity("person/dora-director", "Person", "Dora Director")
    _fact(g, lonely, FILM.directedBy, dora, doc4, "Directed by Dora Director.", 0,
          "metadata.director.v1", 1.0, "l-dora")
    old = entity("film/old-classic-1950", "Film", "Old Classic")
    _fact(g, old, FILM.releaseYear, Literal("1950", datatype=XSD.gYear), test_doc,
          "It remakes Old Classic (1950).", 200, "credits.release.v1", 0.8, "o-year")
    return g


@pytest.fixture
def small_graph() -> Graph:
    """A fresh copy of the hand-made graph (tests may change it)."""
    return make_small_graph()


def _assert_isomorphic(expected: Graph, got: Graph) -> None:
    """Fail with the triples only one side has (rdflib graph_diff) unless
    the graphs are isomorphic."""
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        pytest.fail("graphs differ\nonly expected:\n" + only_expected.serialize(format="nt")
                    + "\nonly got:\n" + only_got.serialize(format="nt"))


@pytest.fixture
def films_graph() -> Graph:
    """A fresh copy of the five-film graph (`make_films_graph`)."""
    return make_films_graph()


def make_identity_graph() -> Graph:
    """The five-film graph with what the identity stage and the mentions
    stage write (through `rdf.mapping`): Tom Smith decided a character with
    "Tom" merged in; Ann Actor decided a person in two films; two names The
    Test Film's documents showed to be no entity (one a payload); and Old
    Classic `film:mentionedIn` The Test Film's plot."""
    from graphbuild.model import Decision
    from graphbuild.rdf.mapping import add_decision

    g = make_films_graph()
    tom = "character/the-test-film-1999/tom-smith"
    add_decision(g, GBR[tom], tom, Decision(
        "the-test-film-1999", "Tom Smith", "Character",
        ["followed by an actor's name in parentheses: Tom Smith (Ann Actor)"],
        {"Tom": "first name of the only name of the film with it: 'Tom Smith'"}))
    for film in ("the-test-film-1999", "another-film-2005"):
        add_decision(g, GBR["person/ann-actor"], "person/ann-actor", Decision(
            film, "Ann Actor", "Person", [f"credited in the cast of {film}"]))
    for name, why in [("Monday", "a common word: monday"),
                      ("<img src=x onerror=alert('rejected')>", "a title: <b>bold</b>")]:
        add_decision(g, GBR["film/the-test-film-1999"], "film/the-test-film-1999",
                     Decision("the-test-film-1999", name, "", [why]))
    _fact(g, GBR["film/old-classic-1950"], FILM.mentionedIn,
          GBR["document/the-test-film-1999/plot-txt"], GBR["document/the-test-film-1999/plot-txt"],
          "It remakes Old Classic (1950).", 200, "derived.mentioned_in.v1", 0.9, "o-mention")
    return g


@pytest.fixture
def identity_graph() -> Graph:
    """A fresh copy of `make_identity_graph`."""
    return make_identity_graph()


@pytest.fixture
def assert_isomorphic():
    """assert_isomorphic(expected, got): compare graphs, print a diff on failure."""
    return _assert_isomorphic


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or skip when it is not beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout (only developers and CI have it)")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline graphbuild uses (loaded once per test session)."""
    from graphbuild.extract.nlp import load_model

    return load_model()
