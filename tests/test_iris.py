"""Slugs and IRIs: readable, ASCII, stable, and valid for rdflib and Oxigraph
whatever text a name holds."""

from __future__ import annotations

import hashlib
import re

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from graphbuild.model import slug
from graphbuild.rdf.iris import document_iri, entity_iri, hashed_iri
from graphbuild.rdf.vocab import GBR

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def assert_valid_iri(iri) -> None:
    """The IRI parses in Oxigraph and survives an N-Triples round trip in rdflib."""
    pyoxigraph.NamedNode(str(iri))
    g = Graph()
    g.add((iri, RDFS.label, Literal("x")))
    back = Graph().parse(data=g.serialize(format="nt"), format="nt")
    assert set(back.subjects()) == {iri}


@pytest.mark.parametrize("text, expected", [
    ("Kramer vs. Kramer", "kramer-vs-kramer"),
    ("Amélie", "amelie"),
    ("  --Ted   Kramer--  ", "ted-kramer"),
    ("Ocean's Eleven", "ocean-s-eleven"),
    ('"Quoted" \u201ccurly\u201d \u2018title\u2019', "quoted-curly-title"),
    ("line\nbreak\ttab", "line-break-tab"),
    ("Straße", "strasse"),
    ("Søren Kierkegaard", "soren-kierkegaard"),
    ("Æon Flux", "aeon-flux"),
    ("Łódź", "lodz"),
    ("ﬁlm ½", "film-1-2"),
    ("WALL·E", "wall-e"),
])
def test_slug_is_readable_ascii(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("text", ["😀🎬", "東京物語", "", "---", "\n\t ", "«»", "\u200b"])
def test_text_without_ascii_letters_gets_a_short_hash_slug(text):
    s = slug(text)
    assert SLUG.match(s)
    assert re.fullmatch(r"x[0-9a-f]{10}", s)


def test_hash_slugs_differ_for_different_texts_and_are_stable():
    assert slug("東京物語") != slug("七人の侍")
    assert slug("東京物語") == slug("東京物語")
    assert slug("東京物語") == "x" + hashlib.sha1("東京物語".encode()).hexdigest()[:10]


def test_slug_is_at_most_80_characters_and_does_not_end_with_a_dash():
    s = slug("word " * 40)
    assert len(s) <= 80
    assert not s.endswith("-")
    assert slug("a" * 79 + " b") == "a" * 79


def test_slug_of_a_slug_is_itself():
    for text in ("Kramer vs. Kramer", "Amélie", "東京物語", "Straße 2"):
        assert slug(slug(text)) == slug(text)


def test_entity_iri_is_the_key_under_the_id_namespace():
    iri = entity_iri("character/kramer-vs-kramer-1979/ted-kramer")
    assert str(iri) == "https://w3id.org/graphbuild/id/character/kramer-vs-kramer-1979/ted-kramer"
    assert_valid_iri(iri)


def test_document_iri_slugs_the_file_name_under_its_film():
    assert document_iri("kramer-vs-kramer-1979/001_3ca662ef648cb86d.txt") == \
        GBR["document/kramer-vs-kramer-1979/001-3ca662ef648cb86d-txt"]
    assert document_iri("Plot File.TXT") == GBR["document/plot-file-txt"]
    assert_valid_iri(document_iri("kvk-1979/Ünïcödé name (2).md"))


def test_hashed_iri_is_deterministic_and_separates_its_parts():
    a = hashed_iri("statement", "s", "p", "o")
    assert a == hashed_iri("statement", "s", "p", "o")
    assert a != hashed_iri("statement", "sp", "", "o")
    assert a != hashed_iri("evidence", "s", "p", "o")
    assert re.fullmatch(r"https://w3id\.org/graphbuild/id/statement/[0-9a-f]{16}", str(a))


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", 'a "quoted" name', "back\\slash {curly} |pipe| ^caret `tick`",
    "😀", "東京", "100% #1 ?query&x=y", "ünïcödé", "line\nbreak",
])
def test_entity_iris_from_awkward_names_are_valid(text):
    assert_valid_iri(entity_iri(f"person/{slug(text)}"))
    assert_valid_iri(entity_iri(f"character/{slug('A Film 1999')}/{slug(text)}"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_slugs_to_a_nonempty_ascii_slug_and_a_valid_iri(text):
    s = slug(text)
    assert SLUG.match(s), s
    assert len(s) <= 80
    iri = entity_iri(f"character/{slug(text[:5])}/{s}")
    pyoxigraph.NamedNode(str(iri))
    assert GBR[f"character/{slug(text[:5])}/{s}"] == iri


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="/\x00"), min_size=1))
def test_any_file_name_gives_a_valid_document_iri(name):
    iri = document_iri(f"some-film-1999/{name}")
    pyoxigraph.NamedNode(str(iri))
    assert str(iri).startswith(str(GBR["document/some-film-1999/"]))
