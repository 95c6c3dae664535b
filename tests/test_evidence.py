"""Every evidence record is exact: the document it cites is a file that
exists, and the file's characters [startOffset, endOffset) hold the quoted
words (checked by `evidence.check_evidence`). On a hand-made corpus that has
what broke it before (front matter, film.yaml, credit lines, a truncated
description, repaired text), on the demo corpus, and on ../shared's 79 films
and a TRIPOD import when ../shared is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence import check_evidence, holds
from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS

from graphbuild.pipeline import build
from graphbuild.rdf.vocab import FILM

ROOT = Path(__file__).resolve().parent.parent

POST = (
    "---\n"
    "layout: post\n"
    'title: "Harbor Lights"\n'
    'description: "A ferry pilot, Nora Vance, hides a smuggling debt from her brother. '
    'When the harbor master finds out, he makes her a deal that costs her the boat and t.."\n'
    "img: 0000001.jpg\n"
    "genres: [Drama,Crime]\n"
    "year: 2003\n"
    "imdb_rating: 6.4\n"
    "votes: 12,345\n"
    "imdb_id: 0000042\n"
    "---\n"
    "Director: `Ada Brandt`  \n"
    "\n"
    "Cast: `Lena Cole` `Marco Ruiz` \n"
    "\n"
    "Nora Vance (Lena Cole) pilots the last ferry of Port Ellis for DreamWorks Animation.\n"
    "Her brother Tom Vance (Marco Ruiz) works for the harbor master.<br /><br />"
    "In the <i>storm</i> season &amp; the fog, Tom rescues Nora.[1] The ferry sinks.\n"
)
COMMENT = (
    "---\n"
    "movie title: Harbor Lights\n"
    "rating: 2\n"
    "movie imdb link: http://www.imdb.com/title/tt0000042/\n"
    "---\n"
    "I liked the part where Nora Vance saves the ferry, and her divorc\u221a\u00a9e aunt.\n"
)
FILM_YAML = (
    "title: Harbor Lights\r\n"
    "year: 2003\r\n"
    "cast:\r\n"
    "- Lena Cole\r\n"
    "- Marco Ruiz\r\n"
    "- Ines Park\r\n"
    "characters:\r\n"
    "  Lena Cole: Nora Vance\r\n"
    "  Ines Park: Harbor Master Quinn\r\n"
    "countries: [Ireland]\r\n"
    "rating: 6.4\r\n"
)
PLOT = ("\ufeffNora Vance owes money to a smuggler. Her brother Tom Vance learns of the debt "
        "and leaves Port Ellis.\r\nThe film is a loose sequel to Night Ferry (1994), "
        "also set in Port Ellis.\r\n")


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory, nlp):
    corpus = tmp_path_factory.mktemp("evidence") / "corpus"
    film = corpus / "harbor-lights-2003"
    film.mkdir(parents=True)
    (film / "post.md").write_text(POST, encoding="utf-8")
    (film / "comment.md").write_text(COMMENT, encoding="utf-8")
    (film / "film.yaml").write_bytes(FILM_YAML.encode("utf-8"))
    (film / "plot.txt").write_bytes(PLOT.encode("utf-8"))
    return build([corpus], nlp=nlp).graph


def _evidence(graph, prop: str, obj: str | None = None) -> set[tuple[str, str]]:
    """(document label, sentence) of the evidence of every `prop` fact (whose
    object is `obj`, a label or a literal's value, when given)."""
    out = set()
    for st in graph.subjects(RDF.predicate, FILM[prop]):
        o = graph.value(st, RDF.object)
        if obj is not None and obj not in (str(o), str(graph.value(o, RDFS.label))):
            continue
        for ev in graph.objects(st, PROV.wasDerivedFrom):
            doc = graph.value(ev, PROV.wasQuotedFrom)
            out.add((str(graph.value(doc, RDFS.label)), str(graph.value(ev, FILM.sentence))))
    return out


def test_every_evidence_of_a_hand_made_corpus_quotes_its_file(hand_made):
    found = check_evidence(hand_made)
    assert found.checked > 30
    assert found.bad == []


def test_metadata_facts_cite_their_own_lines(hand_made):
    assert _evidence(hand_made, "genre", "Crime") == {("post.md", "genres: [Drama,Crime]")}
    assert _evidence(hand_made, "directedBy") == {("post.md", "Director: `Ada Brandt`")}
    # stated in the post and in the comment's IMDb link: both are cited
    assert _evidence(hand_made, "imdbId") == {
        ("post.md", "imdb_id: 0000042"),
        ("comment.md", "movie imdb link: http://www.imdb.com/title/tt0000042/")}
    assert _evidence(hand_made, "imdbVotes") == {("post.md", "votes: 12,345")}
    # a comment's own rating is not the film's
    assert _evidence(hand_made, "imdbRating") == {("post.md", "imdb_rating: 6.4"),
                                                  ("film.yaml", "rating: 6.4")}
    assert _evidence(hand_made, "releaseYear", "2003") == {("post.md", "year: 2003"),
                                                   ("film.yaml", "year: 2003")}


def test_film_yaml_facts_cite_its_lines(hand_made):
    assert ("film.yaml", "Ines Park: Harbor Master Quinn") in _evidence(hand_made, "plays")
    assert ("film.yaml", "- Ines Park") in _evidence(hand_made, "castMember", "Ines Park")
    assert _evidence(hand_made, "countryOfOrigin") == {("film.yaml", "countries: [Ireland]")}
    [doc] = hand_made.subjects(RDFS.label, Literal("film.yaml"))
    assert str(hand_made.value(doc, FILM.documentKind)) == "metadata"


def test_quotes_are_the_files_text_not_the_repaired_text(hand_made):
    sentences = {str(s) for s in hand_made.objects(None, FILM.sentence)}
    assert any("DreamWorks Animation" in s for s in sentences)
    assert not any("Dream Works" in s for s in sentences)
    # markup aside: the span holds the tags and the entity, the quote drops and decodes them
    [(start, end)] = [(int(hand_made.value(ev, FILM.startOffset)),
                       int(hand_made.value(ev, FILM.endOffset)))
                      for ev in hand_made.subjects(FILM.sentence, Literal(
                          "In the storm season & the fog, Tom rescues Nora."))]
    assert POST[start:end] == "In the <i>storm</i> season &amp; the fog, Tom rescues Nora."


def test_no_quote_runs_from_the_description_into_the_front_matter(hand_made):
    for s in map(str, hand_made.objects(None, FILM.sentence)):
        assert "img:" not in s and "genres:" not in s[8:], s


def test_a_film_named_in_passing_says_where_it_was_named(hand_made):
    films = set(hand_made.subjects(RDF.type, FILM.Film))
    without_documents = {f for f in films if (None, FILM.about, f) not in hand_made}
    assert without_documents, "the plot names another film"
    for f in without_documents:
        [doc] = hand_made.objects(f, FILM.mentionedIn)
        assert str(hand_made.value(doc, RDFS.label)) == "plot.txt"


def test_the_checker_finds_a_quote_that_is_not_in_its_span():
    assert holds("Nora <b>Vance</b> &amp; Tom", "Nora Vance & Tom")
    assert not holds("Nora Vance owes money", "Tom Vance")
    assert not holds("", "")


def test_every_evidence_of_the_demo_quotes_its_file(nlp):
    graph = build([ROOT / "corpus"], nlp=nlp).graph
    found = check_evidence(graph, ROOT)
    assert found.checked > 200 and found.bad == []
    films = set(graph.subjects(RDF.type, FILM.Film))
    assert all((None, FILM.about, f) in graph or (f, FILM.mentionedIn, None) in graph
               for f in films)


def test_every_evidence_of_the_shared_films_and_a_tripod_import_quotes_its_file(
        shared_dir, nlp, tmp_path):
    from graphbuild.importers import import_dataset

    corpus = shared_dir / "corpus-films"
    tripod = shared_dir / "datasets" / "tripod"
    if not corpus.is_dir() or not tripod.is_dir():
        pytest.skip("../shared has no corpus-films or datasets/tripod")
    import_dataset("tripod", tripod, tmp_path / "tripod", limit=3)
    graph = build([corpus, tmp_path / "tripod"], nlp=nlp).graph
    found = check_evidence(graph)
    assert found.checked > 3000
    assert found.bad == [], "\n".join(found.bad[:20])
    films = set(graph.subjects(RDF.type, FILM.Film))
    floating = [f for f in films if (None, FILM.about, f) not in graph
                and (f, FILM.mentionedIn, None) not in graph]
    assert floating == []
