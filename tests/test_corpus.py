"""Corpus folders -> Documents: film identity, credits, document kinds, and
every way a file can be unreadable or only partly readable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphbuild.errors import CorpusError
from graphbuild.read.corpus import Problem, clean_title, name_title, read_corpus

SEED_POST = """---
layout: post
title: "Kramer vs. Kramer"
description: "Ted Kramer is a career man. His wife Joanna leaves him."
genres: [Drama, Family]
language: English
year: 1979
imdb_rating: 7.8
votes: 128983
imdb_id: 0079417
---
Director: `Robert Benton`

Cast: `Dustin Hoffman` `Meryl Streep` `Justin Henry`

Ted Kramer is an advertising executive.
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(*paths) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    docs = list(read_corpus(list(paths), problems))
    return docs, problems


# --- front matter and credit lines ---------------------------------------

def test_front_matter_gives_title_year_imdb_genres_rating_votes(tmp_path):
    write(tmp_path / "kvk" / "post.md", SEED_POST)
    [doc], problems = read(tmp_path)
    film = doc.film
    assert problems == []
    assert film.title == "Kramer vs. Kramer"
    assert film.year == 1979
    assert film.imdb_id == "tt0079417"   # leading zero kept, "tt" added
    assert film.genres == ["Drama", "Family"]
    assert film.language == "English"
    assert film.rating == 7.8
    assert film.votes == 128983
    assert film.key == "kramer-vs-kramer-1979"
    assert doc.doc_id == "kramer-vs-kramer-1979/post.md"


def test_director_and_cast_lines_with_backticked_names(tmp_path):
    write(tmp_path / "kvk" / "post.md", SEED_POST)
    [doc], _ = read(tmp_path)
    assert doc.film.directors == ["Robert Benton"]
    assert doc.film.cast == ["Dustin Hoffman", "Meryl Streep", "Justin Henry"]
    # the credit lines are spans the prose skips
    skipped = [doc.text[a:b] for a, b in doc.skip_spans]
    assert skipped == ["Director: `Robert Benton`",
                       "Cast: `Dustin Hoffman` `Meryl Streep` `Justin Henry`"]


def test_credit_lines_in_plain_text_and_plural_roles(tmp_path):
    write(tmp_path / "film-2001" / "credits.txt",
          "Directors: `Ann One` and `Bob Two`\nWriter: `Cy Three`\nMusic: `Di Four`\n"
          "Cast: no backticks here\nThe story begins.\n")
    [doc], _ = read(tmp_path)
    assert doc.film.directors == ["Ann One", "Bob Two"]
    assert doc.film.writers == ["Cy Three"]
    assert doc.film.composers == ["Di Four"]
    assert doc.film.cast == []          # a line without backticked names is prose
    assert len(doc.skip_spans) == 3


def test_imdb_id_from_url_and_from_number(tmp_path):
    write(tmp_path / "a" / "post.md",
          "---\ntitle: A\nimdb_id: https://www.imdb.com/title/tt0080684/?ref_=fn_al_tt_1\n"
          "---\nText.\n")
    write(tmp_path / "b" / "post.md", "---\ntitle: B\nimdb: 79417\n---\nText.\n")
    docs, _ = read(tmp_path)
    assert [d.film.imdb_id for d in docs] == ["tt0080684", "tt0079417"]


# --- identity precedence ---------------------------------------------------

def _precedence_folder(tmp_path: Path, front: bool, yaml: bool, heading: bool) -> Path:
    folder = tmp_path / "folder-name-1950"
    folder.mkdir()
    if front:
        write(folder / "post.md", "---\ntitle: From Front Matter\nyear: 1979\n---\nText.\n")
    if yaml:
        write(folder / "film.yaml", "title: From Film Yaml\nyear: 1980\n")
    write(folder / "plot.txt", ("# From Heading\n" if heading else "") + "Ted leaves.\n")
    return folder


@pytest.mark.parametrize("front, yaml, heading, title, year", [
    (True, True, True, "From Front Matter", 1979),
    (False, True, True, "From Film Yaml", 1980),
    (False, False, True, "From Heading", 1950),
    (False, False, False, "Folder Name", 1950),
])
def test_identity_precedence_front_matter_film_yaml_heading_folder(
        tmp_path, front, yaml, heading, title, year):
    _precedence_folder(tmp_path, front, yaml, heading)
    docs, problems = read(tmp_path)
    assert problems == []
    assert {(d.film.title, d.film.year) for d in docs} == {(title, year)}


def test_film_yaml_adds_what_front_matter_lacks(tmp_path):
    folder = tmp_path / "x"
    write(folder / "post.md", "---\ntitle: Front\n---\nText.\n")
    write(folder / "film.yaml", "title: Yaml\nyear: 1999\ncast: [Ann Actor]\n"
                                "characters: {Ann Actor: Tom}\n")
    doc, meta = read(tmp_path)[0]
    assert (doc.doc_id, meta.doc_id, meta.kind) == ("front-1999/post.md", "front-1999/film.yaml",
                                                 "metadata")
    assert doc.film is meta.film and not meta.body
    assert doc.film.title == "Front"
    assert doc.film.year == 1999
    assert doc.film.cast == ["Ann Actor"]
    assert doc.film.characters == {"Ann Actor": "Tom"}


def test_folder_name_with_trailing_year():
    assert name_title("kramer-vs-kramer-1979") == ("Kramer Vs Kramer", 1979)
    assert name_title("Alien (1979)") == ("Alien", 1979)
    assert name_title("2001") == ("2001", None)          # a title that is a year
    assert name_title("plain_name") == ("Plain Name", None)


def test_folder_name_gives_identity_of_text_without_metadata(tmp_path):
    write(tmp_path / "kramer-vs-kramer-1979" / "plot.txt", "Ted Kramer is a father.\n")
    [doc], _ = read(tmp_path)
    assert (doc.film.title, doc.film.year) == ("Kramer Vs Kramer", 1979)
    assert doc.doc_id == "kramer-vs-kramer-1979/plot.txt"


@pytest.mark.parametrize("title, clean", [
    ("Clear and Present Danger (film)", "Clear and Present Danger"),
    ("Alien (1979 film)", "Alien"),
    ("Lost (TV series)", "Lost"),
    ("Heat (1995)", "Heat"),
    ("Face (The Return)", "Face (The Return)"),   # not a disambiguator
    ("(film)", "(film)"),                         # nothing would be left
    ("Wallace &amp; Gromit in The Curse", "Wallace & Gromit in The Curse"),  # HTML entities read
])
def test_clean_title_drops_wikipedia_disambiguators(title, clean):
    assert clean_title(title) == clean


def test_wikipedia_heading_disambiguator_dropped_and_body_after_heading(tmp_path):
    text = "# Clear and Present Danger (film)\nClear and Present Danger is a 1994 film.\n"
    write(tmp_path / "clear-and-present-danger-film.txt", text)
    [doc], _ = read(tmp_path)
    assert doc.film.title == "Clear and Present Danger"
    assert doc.kind == "lead"
    assert doc.text[doc.body_start:].startswith("Clear and Present Danger is")


def test_year_in_heading_parenthesis_is_kept(tmp_path):
    write(tmp_path / "alien.txt", "# Alien (1979 film)\nAlien is a science fiction film.\n")
    [doc], _ = read(tmp_path)
    assert (doc.film.title, doc.film.year) == ("Alien", 1979)


def test_front_matter_title_disambiguator_dropped(tmp_path):
    write(tmp_path / "p.md", "---\ntitle: Heat (1995 film)\nyear: 1995\n---\nText.\n")
    [doc], _ = read(tmp_path)
    assert doc.film.title == "Heat"


# --- layout: one film per subfolder, loose files are films ---------------

def test_each_subfolder_is_one_film_and_loose_files_are_films(tmp_path):
    write(tmp_path / "alpha-1990" / "plot.txt", "Alpha plot.\n")
    write(tmp_path / "alpha-1990" / "review-1.txt", "I liked it.\n")
    write(tmp_path / "beta-1991" / "plot.txt", "Beta plot.\n")
    write(tmp_path / "gamma-1992.txt", "Gamma plot.\n")
    write(tmp_path / "delta-1993.md", "Delta plot.\n")
    write(tmp_path / "notes.csv", "not,a,document\n")
    write(tmp_path / ".hidden.txt", "hidden\n")
    write(tmp_path / ".git" / "x.txt", "not a film\n")
    docs, problems = read(tmp_path)
    assert problems == []
    assert [d.doc_id for d in docs] == [
        "delta-1993/delta-1993.md", "gamma-1992/gamma-1992.txt",
        "alpha-1990/plot.txt", "alpha-1990/review-1.txt", "beta-1991/plot.txt"]
    by_film = {}
    for d in docs:
        by_film.setdefault(d.film.key, []).append(d)
    # the two documents of one folder share one FilmInfo
    assert by_film["alpha-1990"][0].film is by_film["alpha-1990"][1].film


def test_readme_license_and_attribution_files_are_not_films(tmp_path):
    for name in ("README.md", "ATTRIBUTION.md", "LICENSE.txt"):
        write(tmp_path / name, "About this corpus.\n")
    write(tmp_path / "heat-1995" / "README.txt", "How this folder was made.\n")
    write(tmp_path / "heat-1995" / "plot.txt", "Neil robs a bank.\n")
    docs, problems = read(tmp_path)
    assert [d.doc_id for d in docs] == ["heat-1995/plot.txt"]
    assert problems == []


def test_a_file_path_is_a_film_of_its_own(tmp_path):
    f = write(tmp_path / "heat-1995.txt", "Neil McCauley robs a bank.\n")
    [doc], _ = read(f)
    assert doc.film.key == "heat-1995"
    assert doc.path == str(f)


def test_seed_corpus_folder_reads_three_documents_of_one_film():
    seeds = Path(__file__).resolve().parent.parent / "corpus" / "kramer-vs-kramer"
    if not seeds.is_dir():
        pytest.skip("corpus/kramer-vs-kramer is not in this checkout")
    docs, problems = read(seeds.parent)
    docs = [d for d in docs if Path(d.path).parent == seeds]
    assert [Path(d.path).name[:3] for d in docs] == ["000", "001", "002"]
    assert {d.film.key for d in docs} == {"kramer-vs-kramer-1979"}
    assert [d.kind for d in docs] == ["review", "post", "plot"]
    assert not [p for p in problems if "kramer" in p.path]


# --- document kinds ---------------------------------------------------------

@pytest.mark.parametrize("name, kind", [
    ("plot.txt", "plot"),
    ("synopsis.txt", "plot"),
    ("review-2.txt", "review"),
    ("wikipedia.txt", "lead"),
    ("post.md", "post"),
    ("comment.md", "comment"),
])
def test_document_kind_from_file_name(tmp_path, name, kind):
    write(tmp_path / "film" / name, "I think the story is about Ted.\n")
    [doc], _ = read(tmp_path)
    assert doc.kind == kind


def test_unnamed_first_person_text_is_a_review(tmp_path):
    write(tmp_path / "film" / "000.txt", "I always tear up when Ted leaves.\n")
    write(tmp_path / "film" / "001.txt", "Ted leaves his job and raises his son.\n")
    docs, _ = read(tmp_path)
    assert [d.kind for d in docs] == ["review", "plot"]


def test_quoted_dialogue_does_not_make_a_plot_a_review(tmp_path):
    # seed 002 ends: she asks her ex-husband "How do I look?"
    write(tmp_path / "film" / "002.txt",
          'She asks her ex-husband "How do I look?". He says \u201cYou look terrific, '
          'I mean it.\u201d\n')
    [doc], _ = read(tmp_path)
    assert doc.kind == "plot"


def test_txt_starting_with_front_matter_is_a_post(tmp_path):
    write(tmp_path / "film" / "000.txt", "---\ntitle: Heat\nyear: 1995\n---\nI loved it.\n")
    [doc], _ = read(tmp_path)
    assert doc.kind == "post"
    assert doc.front["title"] == "Heat"
    assert doc.text[doc.body_start:] == "I loved it.\n"


# --- problems -------------------------------------------------------------

def test_missing_path_raises_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        read(tmp_path / "nowhere")


def test_empty_and_whitespace_files_are_skipped_with_a_problem(tmp_path):
    write(tmp_path / "film" / "empty.txt", "")
    write(tmp_path / "film" / "blank.txt", "  \n\t\n")
    write(tmp_path / "film" / "plot.txt", "Ted leaves.\n")
    docs, problems = read(tmp_path)
    assert [d.doc_id.rpartition("/")[2] for d in docs] == ["plot.txt"]
    assert sorted(Path(p.path).name for p in problems) == ["blank.txt", "empty.txt"]
    assert all(p.what == "empty file" and p.fatal for p in problems)


def test_binary_file_is_skipped_with_a_problem(tmp_path):
    write(tmp_path / "film" / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    docs, [problem] = read(tmp_path)
    assert docs == []
    assert "binary" in problem.what and problem.fatal
    assert problem.as_dict()["skipped"] is True


def test_invalid_utf8_is_read_as_cp1252_with_a_warning(tmp_path):
    write(tmp_path / "film" / "plot.txt", b"Ted\x92s wife \x93Joanna\x94 leaves.")
    [doc], [problem] = read(tmp_path)
    assert doc.text == "Ted\u2019s wife \u201cJoanna\u201d leaves."
    assert "cp1252" in problem.what and "byte 3" in problem.what
    assert problem.fatal is False


def test_bytes_undefined_in_cp1252_are_read_as_latin1(tmp_path):
    write(tmp_path / "film" / "plot.txt", b"Ted \x81 leaves.")
    [doc], [problem] = read(tmp_path)
    assert doc.text == "Ted \x81 leaves."
    assert "latin-1" in problem.what


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    write(tmp_path / "film" / "post.md", "\ufeff---\ntitle: Heat\n---\nBody.\n".encode("utf-8"))
    [doc], problems = read(tmp_path)
    assert problems == []
    assert doc.film.title == "Heat"
    assert not doc.text.startswith("\ufeff")


def test_broken_yaml_front_matter_warns_and_body_is_still_read(tmp_path):
    write(tmp_path / "film" / "post.md",
          "---\ntitle: 2001: A Space Odyssey\nyear: [1968\n---\nHAL refuses.\n")
    [doc], [problem] = read(tmp_path)
    assert "broken YAML front matter" in problem.what
    assert problem.fatal is False
    assert doc.text[doc.body_start:] == "HAL refuses.\n"
    assert doc.film.title == "2001: A Space Odyssey"   # read line by line


def test_front_matter_that_is_not_a_mapping_warns(tmp_path):
    write(tmp_path / "film-1999" / "post.md", "---\n- a\n- b\n---\nBody.\n")
    [doc], [problem] = read(tmp_path)
    assert "not a mapping" in problem.what and not problem.fatal
    assert doc.front == {}
    assert doc.film.title == "Film"


def test_front_matter_of_wrong_types_is_tolerated(tmp_path):
    write(tmp_path / "some-film-1979" / "post.md",
          "---\ntitle: Some Film\nyear: nineteen\ncast: 'Ann Actor, Bob Actor'\n"
          "votes: '1,234'\nimdb_rating: N/A\ngenres: Drama | Comedy\ncharacters: [x]\n---\n"
          "Body.\n")
    [doc], problems = read(tmp_path)
    assert problems == []
    film = doc.film
    assert film.year == 1979                  # not a year, so the folder's
    assert film.cast == ["Ann Actor", "Bob Actor"]
    assert film.votes == 1234
    assert film.rating is None
    assert film.genres == ["Drama", "Comedy"]
    assert film.characters == {}


def test_unreadable_film_yaml_warns_and_documents_are_still_read(tmp_path):
    write(tmp_path / "heat-1995" / "film.yaml", "- not\n- a mapping\n")
    write(tmp_path / "heat-1995" / "plot.txt", "Neil robs a bank.\n")
    [doc], [problem] = read(tmp_path)
    assert problem.path.endswith("film.yaml") and not problem.fatal
    assert doc.film.key == "heat-1995"


def test_unreadable_file_is_skipped_with_a_problem(tmp_path):
    f = write(tmp_path / "film" / "plot.txt", "Ted leaves.\n")
    write(tmp_path / "film" / "review.txt", "I liked it.\n")
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop this user reading")
        docs, [problem] = read(tmp_path)
    finally:
        f.chmod(0o644)
    assert [d.doc_id for d in docs] == ["film/review.txt"]
    assert problem.path == str(f) and problem.fatal
    assert "cannot read" in problem.what


def test_symlink_loop_and_dangling_link_are_reported_not_fatal_to_the_build(tmp_path):
    folder = tmp_path / "film"
    write(folder / "plot.txt", "Ted leaves.\n")
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    docs, problems = read(tmp_path)
    assert [d.doc_id for d in docs] == ["film/plot.txt"]
    assert sorted(Path(p.path).name for p in problems) == ["a.txt", "b.txt", "gone.txt",
                                                           "self.txt"]
    assert all(p.what.startswith("cannot read") for p in problems)


def test_a_symlink_inside_the_corpus_is_read(tmp_path):
    real = write(tmp_path / "corpus" / "shared" / "notes.md", "Ted leaves.\n")
    (tmp_path / "corpus" / "film").mkdir(parents=True)
    (tmp_path / "corpus" / "film" / "plot.txt").symlink_to(real)
    docs, problems = read(tmp_path / "corpus")
    assert problems == []
    assert [d.path for d in docs if d.path.endswith("plot.txt")]


def test_a_symlink_that_leads_outside_the_corpus_is_reported_and_not_read(tmp_path):
    real = write(tmp_path / "elsewhere" / "secret.md", "Ted leaves.\n")
    outside = tmp_path / "elsewhere-folder"
    write(outside / "plot.txt", "Ann stays.\n")
    write(tmp_path / "corpus" / "good" / "plot.txt", "Bob stays.\n")
    (tmp_path / "corpus" / "good" / "review.txt").symlink_to(real)
    (tmp_path / "corpus" / "linked").symlink_to(outside)
    docs, problems = read(tmp_path / "corpus")
    assert [d.text for d in docs] == ["Bob stays.\n"]
    assert sorted(Path(p.path).name for p in problems) == ["linked", "review.txt"]
    assert all("outside the corpus" in p.what and "--follow-symlinks" in p.fix
               for p in problems)
    followed: list[Problem] = []
    texts = sorted(d.text for d in read_corpus([tmp_path / "corpus"], followed,
                                                follow_symlinks=True))
    assert texts == ["Ann stays.\n", "Bob stays.\n", "Ted leaves.\n"] and followed == []


def test_problem_as_dict_says_what_and_how_to_fix(tmp_path):
    write(tmp_path / "film" / "empty.txt", "")
    _, [problem] = read(tmp_path)
    d = problem.as_dict()
    assert set(d) == {"path", "problem", "fix", "skipped"}
    assert d["fix"]


# --- which folders are films ------------------------------------------------------

def post(title: str, *lines: str, body: str = "Tom Smith helps his friend Eve Jones.\n") -> str:
    """A Jekyll post with a title and more front-matter lines."""
    return "\n".join(["---", f'title: "{title}"', *lines, "---", body])


def titles(docs) -> list[str]:
    return sorted({d.film.title for d in docs})


def test_a_film_folder_given_as_the_path_is_one_film_when_its_files_are_named_by_role(tmp_path):
    film = tmp_path / "drive-2011"
    write(film / "post.md", post("Drive", "year: 2011"))
    write(film / "plot.txt", "The Driver meets Irene.\n")
    write(film / "comment.md", post("Drive", "year: 2011"))
    docs, problems = read(film)
    assert titles(docs) == ["Drive"] and len(docs) == 3 and problems == []


def test_a_film_folder_whose_one_titled_file_names_the_film_is_one_film(tmp_path):
    film = tmp_path / "kramer"
    write(film / "000_a5f3.txt", "I loved this film about a divorce.\n")
    write(film / "001_3ca6.txt", post("Kramer vs. Kramer", "year: 1979"))
    write(film / "002_3238.txt", "Ted Kramer is a workaholic.\n")
    docs, _ = read(film)
    assert titles(docs) == ["Kramer vs. Kramer"] and len(docs) == 3


def test_a_folder_of_loose_documents_naming_different_films_is_a_corpus(tmp_path):
    write(tmp_path / "leads" / "alpha-film.txt", "# Alpha (film)\nAlpha is a 1990 film.\n")
    write(tmp_path / "leads" / "beta.txt", "# Beta\nBeta is a 1991 film.\n")
    docs, _ = read(tmp_path / "leads")
    assert titles(docs) == ["Alpha", "Beta"]


def test_a_folder_with_film_yaml_is_one_film(tmp_path):
    write(tmp_path / "f" / "film.yaml", "title: Gamma\nyear: 1999\n")
    write(tmp_path / "f" / "a.txt", "# Something else\nText.\n")
    write(tmp_path / "f" / "b.txt", "# Another heading\nText.\n")
    docs, _ = read(tmp_path / "f")
    assert titles(docs) == ["Gamma"]


def test_films_in_nested_folders_are_read(tmp_path):
    write(tmp_path / "corpus" / "1990s" / "alpha-1990" / "plot.txt", "Ann meets Bob.\n")
    write(tmp_path / "corpus" / "2000s" / "beta-2001" / "plot.txt", "Cid meets Dan.\n")
    write(tmp_path / "corpus" / "gamma-2002" / "plot.txt", "Eve meets Fay.\n")
    docs, problems = read(tmp_path / "corpus")
    assert titles(docs) == ["Alpha", "Beta", "Gamma"] and problems == []


def test_a_folder_inside_a_film_folder_is_reported(tmp_path):
    write(tmp_path / "corpus" / "alpha-1990" / "plot.txt", "Ann meets Bob.\n")
    write(tmp_path / "corpus" / "alpha-1990" / "extras" / "scene.txt", "Cid.\n")
    docs, [problem] = read(tmp_path / "corpus")
    assert len(docs) == 1 and problem.path.endswith("extras") and "not read" in problem.what


def test_files_that_are_not_documents_are_reported(tmp_path):
    write(tmp_path / "corpus" / "alpha-1990" / "plot.txt", "Ann meets Bob.\n")
    write(tmp_path / "corpus" / "alpha-1990" / "poster.png", b"\x89PNG\r\n")
    write(tmp_path / "corpus" / "alpha-1990" / "film.yaml", "title: Alpha\n")
    write(tmp_path / "corpus" / "README.md", "About this corpus.\n")
    docs, [problem] = read(tmp_path / "corpus")
    assert [d.kind for d in docs] == ["plot", "metadata"] and problem.path.endswith("poster.png")
    assert "not a document (.png)" in problem.what and problem.fatal


# --- front matter that must not swamp or crash a build ----------------------------

def test_a_title_made_of_aliases_is_refused_before_it_expands(tmp_path):
    # under 64 kB and 10,000 values, but 420 MB once expanded
    lines = ["---", "a0: &a0 '" + "x" * 1000 + "'"]
    for i in range(1, 6):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines += ["title: *a5", "year: 1999", "---", "Ann meets Bob.", ""]
    write(tmp_path / "c" / "film" / "post.md", "\n".join(lines))
    [doc], [problem] = read(tmp_path / "c")
    assert "kB of text" in problem.what and not problem.fatal
    assert len(doc.film.title) <= 300


def test_a_list_where_a_title_belongs_names_no_film(tmp_path):
    write(tmp_path / "c" / "alpha-1990" / "post.md", post("[a, b, c]") .replace(
        'title: "[a, b, c]"', "title: [a, b, c]"))
    [doc], _ = read(tmp_path / "c")
    assert doc.film.title == "Alpha"


@pytest.mark.parametrize("value,expected", [
    ("9" * 5000, None), ("tt" + "1" * 4400, None), ("0079417", "tt0079417"),
    ("https://www.imdb.com/title/tt0079417/", "tt0079417"), ("79417", "tt0079417"), ("", None),
])
def test_imdb_ids_of_any_size_never_crash(tmp_path, value, expected):
    write(tmp_path / "c" / "f" / "post.md", post("F", f"imdb_id: '{value}'"))
    [doc], _ = read(tmp_path / "c")
    assert doc.film.imdb_id == expected


@pytest.mark.parametrize("value", ["nan", "NaN", "1e999", "-inf", "inf", "11", "-3", "x"])
def test_a_rating_that_is_no_finite_score_is_left_out(tmp_path, value):
    write(tmp_path / "c" / "f" / "post.md", post("F", f"imdb_rating: {value}"))
    [doc], _ = read(tmp_path / "c")
    assert doc.film.rating is None


def test_invisible_characters_do_not_split_a_name(tmp_path):
    write(tmp_path / "c" / "f" / "post.md",
          post("Kra\u200bmer", "director: Ro\u200bbert\u202e Benton", "cast: ['Meryl\u00adStreep']"))
    [doc], _ = read(tmp_path / "c")
    assert doc.film.title == "Kramer" and doc.film.directors == ["Robert Benton"]
    assert doc.film.cast == ["MerylStreep"]


# --- where metadata is stated: the lines evidence cites -------------------------

def test_yaml_lines_give_each_line_its_top_level_key():
    from graphbuild.read.corpus import yaml_lines

    text = ('title: "X"\ncast:\n- Ann Lee\n-   Bo Ray\ncharacters:\n  Ann Lee: Tom\n'
            "# a note\nmovie imdb link: http://x/title/tt0000001/\r\n")
    assert [(k, text[a:b]) for k, a, b in yaml_lines(text, 0, len(text))] == [
        ("title", 'title: "X"'), ("cast", "cast:"), ("cast", "- Ann Lee"),
        ("cast", "-   Bo Ray"), ("characters", "characters:"), ("characters", "Ann Lee: Tom"),
        ("movie imdb link", "movie imdb link: http://x/title/tt0000001/")]


def test_documents_know_their_metadata_lines_and_film_yaml_is_one(tmp_path):
    folder = tmp_path / "x-1990"
    post = "---\ntitle: X\nyear: 1990\n---\nDirector: `Ann Lee`\n\nCast: `Bo Ray`\nText.\n"
    write(folder / "post.md", post)
    write(folder / "review.md", "---\nrating: 3\n---\nGood.\n")    # names no film
    write(folder / "film.yaml", "genres:\n- Drama\n")
    review, post_doc, meta = sorted(read(tmp_path)[0], key=lambda d: d.kind)[::-1]
    lines = [(k, post_doc.text[a:b]) for k, a, b in post_doc.meta_lines]
    assert lines == [("title", "title: X"), ("year", "year: 1990"),
                     ("director", "Director: `Ann Lee`"), ("cast", "Cast: `Bo Ray`")]
    assert review.kind == "review" and review.meta_lines == []
    assert (meta.kind, meta.body_start, meta.text) == ("metadata", len(meta.text),
                                                       "genres:\n- Drama\n")
    assert [k for k, _, _ in meta.meta_lines] == ["genres", "genres"]
    assert str(meta.path).endswith("film.yaml") and meta.film.genres == ["Drama"]
