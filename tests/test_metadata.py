"""Metadata facts (extract/rules/metadata.py) cite the lines that state them:
front matter, film.yaml, Director/Cast lines, in each document that does."""

from __future__ import annotations

from pathlib import Path

from graphbuild.extract.rules.metadata import metadata_relations
from graphbuild.model import Resolution
from graphbuild.read.corpus import read_corpus


def facts(folder: Path) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(property, object) -> {(file name, quoted line)}, with offsets checked."""
    docs = list(read_corpus([folder], []))
    info = docs[0].film
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for r in metadata_relations(info, docs, Resolution(f"film/{info.key}")):
        for e in r.evidence:
            doc = next(d for d in docs if d.doc_id == e.doc_id)
            assert doc.text[e.start:e.end] == e.sentence, e
            out.setdefault((r.prop, r.obj), set()).add((e.doc_id.rpartition("/")[2], e.sentence))
    return out


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def test_each_fact_cites_the_line_of_each_document_that_states_it(tmp_path):
    film = tmp_path / "drive-2011"
    write(film / "comment.md", "---\nmovie title: Drive\nrating: 7.8\n"
                               "movie imdb link: http://www.imdb.com/title/tt0780504/\n---\nOk.\n")
    write(film / "post.md", '---\ntitle: "Drive"\ngenres: [Crime,Drama]\nyear: 2011\n'
                            "imdb_rating: 7.8\nvotes: 556,665\nimdb_id: 0780504\n---\n"
                            "Director: `Nicolas Winding Refn`  \n\nCast: `Ryan Gosling`\n\nText.\n")
    got = facts(film)
    assert got[("genre", "genre/crime")] == {("post.md", "genres: [Crime,Drama]")}
    assert got[("directedBy", "person/nicolas-winding-refn")] == {
        ("post.md", "Director: `Nicolas Winding Refn`")}
    assert got[("castMember", "person/ryan-gosling")] == {("post.md", "Cast: `Ryan Gosling`")}
    assert got[("imdbId", "tt0780504")] == {
        ("comment.md", "movie imdb link: http://www.imdb.com/title/tt0780504/"),
        ("post.md", "imdb_id: 0780504")}
    assert got[("imdbVotes", "556665")] == {("post.md", "votes: 556,665")}
    # a comment's rating is the reviewer's, even when it is the same number
    assert got[("imdbRating", "7.8")] == {("post.md", "imdb_rating: 7.8")}


def test_film_yaml_lines_are_cited_from_its_own_document(tmp_path):
    film = tmp_path / "heat-1995"
    write(film / "plot.txt", "Neil McCauley robs banks.\n")
    write(film / "film.yaml", "title: Heat\r\nyear: 1995\r\ncast:\r\n- Al Pacino\r\n"
                              "characters:\r\n  Al Pacino: Vincent Hanna\r\nrating: 8.3\r\n")
    got = facts(film)
    assert got[("plays", "character/heat-1995/vincent-hanna")] == {
        ("film.yaml", "Al Pacino: Vincent Hanna")}
    assert got[("castMember", "person/al-pacino")] == {("film.yaml", "- Al Pacino")}
    assert got[("releaseYear", "1995")] == {("film.yaml", "year: 1995")}
    assert got[("imdbRating", "8.3")] == {("film.yaml", "rating: 8.3")}


def test_a_value_no_document_states_gives_no_fact(tmp_path):
    # the year is only in the folder's name: no document to quote, no fact
    write(tmp_path / "heat-1995" / "plot.txt", "Neil McCauley robs banks.\n")
    assert facts(tmp_path / "heat-1995") == {}
    # a heading that states it is quoted
    write(tmp_path / "alien" / "plot.txt", "# Alien (1979 film)\nRipley wakes.\n")
    assert facts(tmp_path / "alien") == {("releaseYear", "1979"): {
        ("plot.txt", "Alien (1979 film)")}}
