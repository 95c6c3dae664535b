"""Reviews are skimmed: only sentences that may name someone are parsed, at
their offsets in the body."""

from __future__ import annotations

import pytest

from graphbuild.extract.nlp import parse, parse_pieces
from graphbuild.extract.skim import keeps, skim
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
