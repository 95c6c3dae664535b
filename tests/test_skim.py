"""Reviews are skimmed: only sentences that may name someone are parsed, at
their offsets in the body."""

from __future__ import annotations

import pytest

from graphbuild.extract.nlp import parse, parse_pieces
from graphbuild.extract.skim import keeps, skim, worth_parsing
from graphbuild.model import Document, FilmInfo


@pytest.mark.parametrize("sentence, kept", [
    ("The pacing drags in the second hour.", False),
    ("I loved every minute of it!", False),
    ("He is wonderful, and so is she.", False),
    ("Dustin Hoffman is wonderful.", True),
    ("I think Meryl Streep steals the film.", True),
    ("Hoffman is wonderful.", True),
    ("But the ending, as Benton films it, is perfect.", True),
    ("", False),
])
def test_a_sentence_is_kept_when_it_may_name_someone(sentence, kept):
    assert keeps(sentence) is kept


def test_names_of_the_film_are_kept_however_they_are_written():
    assert not keeps("lukas haas is awful as chuckie.")
    assert keeps("lukas haas is awful as chuckie.", ("lukas haas",))


def test_runs_of_kept_sentences_sit_at_their_offsets():
    body = ("What a film. The story drags. Hoffman plays Ted. He meets Joanna Kramer there.\n\n"
            "It is long. Streep is great.")
    runs = skim(body)
    assert [text for _, text in runs] == ["Hoffman plays Ted. He meets Joanna Kramer there.",
                                          "Streep is great."]
    assert all(body[at:at + len(text)] == text for at, text in runs)


def _review(text: str, kind: str = "review") -> Document:
    return Document(doc_id="f/review.txt", path="f/review.txt", kind=kind, text=text,
                    film=FilmInfo(title="Harbor", year=1990, cast=["Lena Ford"]), body=text)


def test_only_reviews_are_skimmed():
    text = "It drags. Lena Ford is great."
    assert parse_pieces(_review(text)) == [(10, "Lena Ford is great.")]
    assert parse_pieces(_review(text, "plot")) == [(0, text)]
    assert parse_pieces(_review("lena ford is great.")) == [(0, "lena ford is great.")]
    assert parse_pieces(_review("It drags. So slow.")) == []


@pytest.mark.model
def test_a_skimmed_review_parses_with_mentions_at_their_body_offsets(nlp):
    doc = _review("What a bore it was. The music is loud. Lena Ford plays Anna Hale, "
                  "a nurse.\nNobody cares. Paul Anders is fine as Tom.")
    [p] = list(parse([doc], nlp))
    assert {m.text for m in p.mentions} >= {"Lena Ford", "Anna Hale", "Paul Anders", "Tom"}
    for m in p.mentions:
        assert doc.body[m.start:m.end] == m.text
    for t in p.tokens:
        assert doc.body[t.idx:t.idx + len(t.text)] == t.text
    assert "bore" not in {t.text for t in p.tokens}
    assert [p.sentence_text(s) for s in range(len(p.sents))][0].startswith("Lena Ford plays")
    assert list(parse([_review("It drags. So slow.")], nlp)) == []


# --- repeated sentences -------------------------------------------------------------

def test_a_sentence_repeated_word_for_word_is_parsed_three_times_at_most():
    body = "Anna meets Bob. " * 10 + "Bob leaves Anna."
    runs = worth_parsing(body)
    assert [text for _, text in runs] == ["Anna meets Bob. " * 3, "Bob leaves Anna."]
    assert all(body[at:at + len(text)] == text for at, text in runs)


def test_short_sentences_and_bodies_without_repeats_are_parsed_whole():
    short = "He leaves. " * 8 + "Mr. Smith stays. Mr. Jones stays. Mr. Brown stays. Mr. Li goes."
    assert worth_parsing(short) == [(0, short)]
    plain = "Anna meets Bob. Bob leaves Anna.\n\nAnna meets Bob."
    assert worth_parsing(plain) == [(0, plain)]
    assert worth_parsing("") == []


def test_repeats_are_dropped_in_every_kind_of_document_and_reviews_still_skimmed():
    text = "Lena Ford is great. " * 5 + "It drags."
    assert parse_pieces(_review(text, "plot")) == [(0, "Lena Ford is great. " * 3),
                                                   (100, "It drags.")]
    assert parse_pieces(_review(text)) == [(0, "Lena Ford is great. " * 3)]


@pytest.mark.model
def test_a_text_that_repeats_a_fact_gives_the_graph_of_its_distinct_sentences(nlp, tmp_path):
    """Cost and output grow with the distinct text: 2,000 copies of a
    sentence give one evidence node per copy parsed (three), no more."""
    from rdflib.namespace import PROV, RDF

    from graphbuild.pipeline import build

    film = tmp_path / "corpus" / "a-film-2000"
    film.mkdir(parents=True)
    (film / "plot.txt").write_text("Anna meets Bob. " * 2000, encoding="utf-8")
    once = tmp_path / "once" / "a-film-2000"
    once.mkdir(parents=True)
    (once / "plot.txt").write_text("Anna meets Bob. " * 3, encoding="utf-8")
    many, few = build([tmp_path / "corpus"], nlp=nlp), build([tmp_path / "once"], nlp=nlp)
    assert many.report()["triples"] == few.report()["triples"] < 200
    g = many.graph
    for st in g.subjects(RDF.type, RDF.Statement):
        assert len(list(g.objects(st, PROV.wasDerivedFrom))) <= 3
