"""A corpus of every kind of bad file builds: each bad file is reported with
what was wrong and what to do, and every good file's facts are in the graph."""

from __future__ import annotations

import json
import math
import os
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from test_browser import browser, open_page  # noqa: F401 - the browser fixture

from graphbuild.cli import main
from graphbuild.extract.nlp import MAX_CHARS as PIECE
from graphbuild.extract.nlp import split_text
from graphbuild.rdf.vocab import FILM, GBR
from graphbuild.read import corpus
from graphbuild.read.corpus import (
    Problem,
    first_problem,
    read_corpus,
    read_file,
    shown,
    truncate,
)
from graphbuild.read.normalize import normalize

CAP = 4_000
"""The character cap in the build tests (spaCy on the default million would take minutes)."""
SKIPPED = ("empty", "blank", "binary", "unreadable", "loop", "loop-b", "folder-loop")
PARTLY_READ = ("cp1252", "latin1", "invalid-utf8", "broken-yaml", "huge", "one-line",
               "latin1-name")
SENTENCE = "Tom Smith meets Eve Jones in Paris and they talk about the war. "


def post(title: str, *lines: str, body: str = "Tom Smith helps his friend Eve Jones.\n") -> str:
    return "---\n" + f"title: {title}\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def bad_corpus(root: Path, *, huge_mb: int = 50) -> dict[str, Path]:
    """Good files and every kind of bad one, by what they are."""
    f = {}
    f["good"] = write(root / "the-good-film" / "post.md", post(
        '"The Good Film"', "year: 1990", "director: Ann Lee", "cast: [Bob Ray, Cy Dee]",
        "genres: [Drama]"))
    f["unicode"] = write(root / "Amélie in Straße 🎬 2001" / "plot résumé ☕.md", post(
        '"Amélie Straße"', "year: 2001", "director: Jean-Pierre Jeunet"))
    f["cp1252"] = write(root / "cp1252 film" / "post.md", post(
        "Caf\xe9 Noir", "year: 1950", "director: Ren\xe9e Adler",
        body="\u201cWe never close,\u201d says Ren\xe9e.\n").encode("cp1252"))   # 0x93, 0x94
    f["latin1"] = write(root / "latin1.txt", post(
        "\xc9t\xe9 Perdu", "year: 1960", "director: Jos\xe9 Mar\xeda Forqu\xe9",
        body="Un \xe9t\xe9 \x81 Paris.\n").encode("latin-1"))   # 0x81: not in cp1252
    f["invalid-utf8"] = write(root / "invalid utf8" / "post.md", post(
        '"Bad Bytes"', "year: 1971", "director: Dan Fox").encode() + b"Half \xc3 a character.\n")
    f["wrong-types"] = write(root / "wrong-types" / "post.md", post(
        '"Wrong Types"', "year: nineteen", 'cast: "Ann Lee, Bob Ray"', "genres: 5",
        "director: Carl Dee"))
    f["broken-yaml"] = write(root / "broken-yaml" / "post.md", post(
        "Broken: The Movie", "year: 1985", "director: Dan Eve", "cast: [Fay Moe"))
    f["one-line"] = write(root / "one-line.md", post(
        '"One Line"', "year: 1999", "director: Gil Hay", body=SENTENCE * 16_400))  # 1 MB, no \n
    f["latin1-name"] = write(root / os.fsdecode("caf\xe9 cr\xe8me".encode("cp1252")) / "post.md",
                             post('"Latin Name"', "year: 1977", "director: Ida Ash"))
    f["empty"] = write(root / "empty-film" / "plot.txt", "")
    f["blank"] = write(root / "blank.txt", " \n\t\n")
    f["binary"] = write(root / "binary-film" / "plot.txt", bytes(range(256)) * 64)
    f["unreadable"] = write(root / "locked-film" / "plot.txt", post('"Locked"', "year: 1970"))
    f["unreadable"].chmod(0)
    f["loop"] = root / "looped-film" / "a.txt"
    f["loop"].parent.mkdir()
    f["loop"].symlink_to(root / "looped-film" / "b.txt")
    f["loop-b"] = root / "looped-film" / "b.txt"
    f["loop-b"].symlink_to(f["loop"])
    f["folder-loop"] = root / "up"
    f["folder-loop"].symlink_to(root)
    huge = root / "huge-film" / "plot.md"
    huge.parent.mkdir()
    with huge.open("wb") as out:
        out.write(post('"Huge"', "year: 2010", "director: Hal Ives", body="").encode())
        paragraph = (SENTENCE * 15 + "\n\n").encode() * 1_000      # ~1 MB
        while out.tell() < huge_mb * 2**20:
            out.write(paragraph)
    f["huge"] = huge
    return f


def unreadable_is_readable(path: Path) -> bool:
    """chmod 000 stops no one running as root."""
    return os.access(path, os.R_OK)


@pytest.fixture
def corpus_dir(tmp_path):
    root = tmp_path / "corpus ünïcode"
    files = bad_corpus(root)
    yield root, files
    files["unreadable"].chmod(0o644)


# --- reading, without the model ---------------------------------------------------

def test_a_huge_file_is_read_up_to_the_cap_at_a_paragraph_end(tmp_path):
    f = write(tmp_path / "huge.txt", (SENTENCE * 15 + "\n\n") * 2_000)
    problems: list[Problem] = []
    raw = read_file(f, problems, max_chars=10_000)
    assert 5_000 <= len(raw.text) <= 10_000 and raw.text.endswith("war. \n\n")
    [p] = problems
    assert not p.fatal and p.path == str(f)
    assert p.what.startswith(f"only the first {len(raw.text)} characters were read")
    assert "split" in p.fix


def test_reading_a_50_mb_file_with_a_small_cap_holds_no_more_than_the_cap(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        for _ in range(50):
            out.write((SENTENCE * 16_384)[:2**20].encode())
    tracemalloc.start()
    try:
        raw = read_file(f, [], max_chars=CAP)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(raw.text) <= CAP
    assert peak < 1_000_000       # bytes: the head of the file, not its 50 MB


def test_the_cut_keeps_a_utf8_character_whole_and_warns(tmp_path):
    f = write(tmp_path / "accents.txt", "a" + "é" * 100)   # 201 bytes
    problems: list[Problem] = []
    raw = read_file(f, problems, max_chars=10)    # reads 48 bytes: the last é cut in two
    assert raw.text == "a" + "é" * 9
    assert [p.fatal for p in problems] == [False]    # no "not UTF-8" warning


@pytest.mark.parametrize("text, limit, cut", [
    ("One. Two.\n\nThree. Four.", 20, 11),       # after the paragraph break
    ("One. Two.\nThree. Four.", 15, 10),         # after the line break
    ("One two. Three four five", 14, 9),         # after the sentence end
    ("One two three four five", 13, 8),          # after a space
    ("x" * 30, 10, 10),                          # hard cut inside one word
    ("short", 10, 5),
])
def test_truncate_cuts_at_the_last_boundary_that_fits(text, limit, cut):
    assert truncate(text, limit) == cut


def test_one_megabyte_line_is_normalized_and_split_into_bounded_pieces(tmp_path):
    f = write(tmp_path / "one-line.txt", SENTENCE * 16_400)
    doc = next(read_corpus([f], []))
    normalize(doc)
    assert "\n" not in doc.body and len(doc.body) > 1_000_000 - 70
    pieces = split_text(doc.body, PIECE)
    assert len(pieces) >= 5 and all(len(p) <= PIECE for _, p in pieces)
    assert all(p.endswith(". ") for _, p in pieces[:-1])          # cut at sentence ends
    assert "".join(p for _, p in pieces) == doc.body


def test_a_folder_link_back_to_the_corpus_is_a_problem_not_a_second_reading(tmp_path):
    write(tmp_path / "film-a" / "plot.txt", "Ted leaves.\n")
    write(tmp_path / "loose.txt", "Eve stays.\n")
    (tmp_path / "up").symlink_to(tmp_path)
    (tmp_path / "film-a" / "parent").symlink_to(tmp_path)
    problems: list[Problem] = []
    docs = list(read_corpus([tmp_path], problems))
    assert sorted(d.doc_id for d in docs) == ["film-a/plot.txt", "loose/loose.txt"]
    assert sorted(p.path for p in problems) == [str(tmp_path / "film-a" / "parent"),
                                                str(tmp_path / "up")]
    assert all("symlink loop" in p.what and p.fatal for p in problems)


def test_first_problem_stops_at_the_first_bad_file_in_reading_order(tmp_path):
    write(tmp_path / "a-film" / "plot.txt", "Ted leaves.\n")
    write(tmp_path / "b-film" / "plot.txt", b"\x00\x01")
    write(tmp_path / "c-film" / "plot.txt", "")
    assert first_problem([tmp_path]).path == str(tmp_path / "b-film" / "plot.txt")
    assert first_problem([tmp_path / "a-film"]) is None


def test_every_bad_file_is_reported_and_every_good_file_read(corpus_dir, monkeypatch):
    root, f = corpus_dir
    monkeypatch.setattr(corpus, "MAX_CHARS", CAP)
    problems: list[Problem] = []
    docs = list(read_corpus([root], problems))
    by_path = {p.path: p for p in problems}
    for k in SKIPPED:
        if k == "unreadable" and unreadable_is_readable(f[k]):
            continue
        assert by_path[shown(f[k])].fatal, k
    for k in PARTLY_READ:
        assert not by_path[shown(f[k])].fatal, k
    titles = {d.film.title for d in docs}
    assert {"The Good Film", "Amélie Straße", "Café Noir", "Été Perdu", "Bad Bytes",
            "Wrong Types", "Broken: The Movie", "One Line", "Huge"} <= titles


# --- the whole build, with the model and the command line -----------------------------



def film(key: str):
    return GBR[f"film/{key}"]


def person(name: str):
    return GBR[f"person/{name}"]


GOOD_FACTS = [
    (film("the-good-film-1990"), FILM.directedBy, person("ann-lee")),
    (film("the-good-film-1990"), FILM.castMember, person("bob-ray")),
    (film("the-good-film-1990"), FILM.castMember, person("cy-dee")),
    (film("the-good-film-1990"), FILM.genre, GBR["genre/drama"]),
    (film("amelie-strasse-2001"), FILM.directedBy, person("jean-pierre-jeunet")),
    (film("amelie-strasse-2001"), RDFS.label, Literal("Amélie Straße")),
    (film("cafe-noir-1950"), FILM.directedBy, person("renee-adler")),
    (person("renee-adler"), RDFS.label, Literal("Renée Adler")),
    (film("ete-perdu-1960"), FILM.directedBy, person("jose-maria-forque")),
    (film("bad-bytes-1971"), FILM.directedBy, person("dan-fox")),
    (film("wrong-types"), FILM.directedBy, person("carl-dee")),
    (film("wrong-types"), FILM.castMember, person("ann-lee")),
    (film("wrong-types"), FILM.castMember, person("bob-ray")),
    (film("broken-the-movie-1985"), RDFS.label, Literal("Broken: The Movie")),
    (film("broken-the-movie-1985"), FILM.directedBy, person("dan-eve")),
    (film("broken-the-movie-1985"), FILM.castMember, person("fay-moe")),
    (film("one-line-1999"), FILM.directedBy, person("gil-hay")),
    (film("huge-2010"), FILM.directedBy, person("hal-ives")),
    (film("latin-name-1977"), FILM.directedBy, person("ida-ash")),
]


@pytest.fixture
def build_cli(nlp, monkeypatch):
    """Run `graphbuild build` in this process with the session's model and
    the small character cap."""
    import graphbuild.extract.nlp

    monkeypatch.setattr(graphbuild.extract.nlp, "load_model", lambda name=None: nlp)
    monkeypatch.setattr(corpus, "MAX_CHARS", CAP)

    def run(*args: str):
        return CliRunner().invoke(main, ["build", *args], catch_exceptions=False)

    return run


@pytest.mark.model
def test_bad_corpus_builds_every_good_fact_and_reports_every_bad_file(corpus_dir, build_cli,
                                                                       tmp_path):
    root, f = corpus_dir
    out = tmp_path / "out"
    result = build_cli(str(root), "--out", str(out))
    assert result.exit_code == 3, result.output
    report = json.loads((out / "report.json").read_text())
    failures = {p["path"]: p for p in report["failures"]}
    warnings = {p["path"]: p for p in report["warnings"]}
    skipped = [k for k in SKIPPED if not (k == "unreadable" and unreadable_is_readable(f[k]))]
    for k in skipped:
        entry = failures[shown(f[k])]
        assert entry["problem"] and entry["fix"] and entry["skipped"], k
        assert f"skipped: {shown(f[k])}: {entry['problem']} ({entry['fix']})" in result.stderr
    for k in PARTLY_READ:
        entry = warnings[shown(f[k])]
        assert entry["problem"] and entry["fix"] and not entry["skipped"], k
        assert f"warning: {shown(f[k])}: {entry['problem']} ({entry['fix']})" in result.stderr
    assert "only the first" in warnings[shown(f["huge"])]["problem"]
    assert set(failures) | set(warnings) == {shown(f[k]) for k in skipped + list(PARTLY_READ)}

    graph = Graph().parse(out / "graph.nt")
    missing = [t for t in GOOD_FACTS if t not in graph]
    assert missing == []
    # cp1252's curly quotes (0x93, 0x94) are read as quotes; evidence quotes them as written
    assert Literal('\u201cWe never close,\u201d says Renée.') in set(
        graph.objects(None, FILM.sentence))
    path = graph.value(GBR["document/latin-name-1977/post-md"], FILM.sourcePath)
    assert str(path).endswith("/corpus ünïcode/café crème/post.md")   # a cp1252 folder name
    assert (film("wrong-types"), FILM.genre, None) not in graph        # 'genres: 5'
    assert (film("wrong-types"), FILM.releaseYear, None) not in graph  # 'year: nineteen'
    for g in ("graph.ttl", "graph.jsonld", "graph.trig"):
        assert (out / g).stat().st_size > 0


@pytest.mark.model
def test_strict_stops_at_the_first_problem_and_writes_nothing(corpus_dir, build_cli, tmp_path):
    root, f = corpus_dir
    out = tmp_path / "out"
    result = build_cli(str(root), "--out", str(out), "--strict")
    assert result.exit_code == 1
    first = first_problem([root])
    assert result.stderr == f"Error: {first.path}: {first.what}; {first.fix} " \
                            "(stopped by --strict; nothing was written)\n"
    assert not out.exists()


@pytest.mark.model
def test_strict_build_of_a_clean_corpus_succeeds(tmp_path, build_cli):
    write(tmp_path / "corpus" / "the-good-film" / "post.md", post('"The Good Film"', "year: 1990"))
    result = build_cli(str(tmp_path / "corpus"), "--out", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "report.json").read_text())["failures"] == []


# --- a corpus that attacks the build ---------------------------------------------------

def hostile_corpus(root: Path, outside: Path) -> dict[str, Path]:
    """The seed-like good film plus one file (or link) of each hostile kind."""
    write(root / "the-good-film" / "post.md", post('"The Good Film"', "year: 1990",
                                                   "director: Ann Lee", body=GOOD_BODY))
    secret = write(outside / "secret.txt", "Zed Quux is the password holder.\n")
    write(outside / "folder" / "plot.txt", "Yan Quux plots.\n")
    (root / "the-good-film" / "review.txt").symlink_to(secret)
    (root / "linked-film").symlink_to(outside / "folder", target_is_directory=True)
    aliases = ["a0: &a0 '" + "x" * 1000 + "'"]
    aliases += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 6)]
    write(root / "aliases-1990" / "post.md", "---\n" + "\n".join(aliases)
          + "\ntitle: *a5\n---\nAnn meets Bob.\n")
    write(root / "big-id-1991" / "post.md", post("Big Id", "imdb_id: '" + "9" * 5000 + "'",
                                                 "imdb_rating: nan"))
    write(root / "nested" / "deep-film-1992" / "plot.txt", "Cid Ray meets Dan Fox.\n")
    write(root / "the-good-film" / "poster.png", b"\x89PNG\r\n\x1a\n")
    write(root / "no-facts-1993" / "plot.txt", "It rains.\n")
    return {"secret": secret}


GOOD_BODY = "Tom Smith (Bob Ray) helps his wife Eve Smith (Cy Dee).\n"


@pytest.mark.model
def test_a_hostile_corpus_builds_the_good_film_reads_nothing_outside_and_exits_3(
        tmp_path, build_cli):
    root, out = tmp_path / "corpus", tmp_path / "out"
    hostile_corpus(root, tmp_path / "outside")
    result = build_cli(str(root), "--out", str(out))
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    nt = (out / "graph.nt").read_text(encoding="utf-8")
    assert "Quux" not in nt                                  # nothing from outside the corpus
    graph = Graph().parse(out / "graph.nt")
    assert (film("the-good-film-1990"), FILM.directedBy, person("ann-lee")) in graph
    assert (film("deep-film-1992"), RDF.type, FILM.Film) in graph          # nested folder read
    assert (film("no-facts-1993"), RDF.type, FILM.Film) in graph           # no fact, still a film
    assert not any(len(str(o)) > 300 for o in graph.objects(None, RDFS.label))
    assert all(math.isfinite(float(o)) for o in graph.objects(None, FILM.rating))
    report = json.loads((out / "report.json").read_text())
    left_out = {Path(p["path"]).name: p["problem"] for p in report["failures"]}
    assert "outside the corpus" in left_out["review.txt"]
    assert "outside the corpus" in left_out["linked-film"]
    assert "not a document" in left_out["poster.png"]
    from graphbuild.rdf.validate import validate
    conforms, text = validate(graph)
    assert conforms, text


@pytest.mark.model
@pytest.mark.parametrize("files", [{}, {"poster.png": b"\x89PNG"}, {"a/notes.jsonl": b"{}"}])
def test_a_corpus_with_no_document_is_an_error_and_writes_nothing(tmp_path, build_cli, files):
    root = tmp_path / "corpus"
    root.mkdir()
    for name, data in files.items():
        write(root / name, data)
    result = build_cli(str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no document to read in ") and "Traceback" not in \
        result.output
    assert not (tmp_path / "out" / "graph.nt").exists()


# --- hostile front matter on the graph page, in the real browser ---------------------------

PAYLOAD_POST = """---
title: "<script>alert('title')</script> Night"
year: 1999
director: "Ann <img src=x onerror=alert('director')> Lee"
cast: ["Bob </script><script>alert('cast')</script> Ray"]
genres: ["<img src=x onerror=alert('genre')>", "Drama"]
description: "Tom Smith <svg onload=alert('description')> helps his wife Eve Smith."
---
Tom Smith <b onmouseover=alert('b')>marries</b> Eve Smith. <script>alert('body')</script>
"""


@pytest.mark.model
@pytest.mark.browser
def test_front_matter_payloads_show_as_text_on_the_page_and_never_run(nlp, tmp_path, browser):
    from graphbuild.pipeline import build

    write(tmp_path / "corpus" / "night" / "post.md", PAYLOAD_POST)
    graph = build([tmp_path / "corpus"], nlp=nlp).graph
    title = "<script>alert('title')</script> Night"
    expected = {title, "Ann <img src=x onerror=alert('director')> Lee",
                "Bob </script><script>alert('cast')</script> Ray",
                "<img src=x onerror=alert('genre')>"}
    assert expected <= {str(o) for o in graph.objects(None, RDFS.label)}
    film = str(graph.value(predicate=RDFS.label, object=Literal(title)))
    short = film.split("/id/", 1)[1]
    for options in ({}, {"film": title}):
        o = open_page(browser, graph, tmp_path, **options)
        try:
            if not options:  # the overview: the film's node, its title on hover
                # a long title is shortened on the drawing, whole on hover
                assert o.page.evaluate("graphbuild.nodes.get().map(n => n.label)") == [
                    title[:28] + "\u2026"]
                assert title in o.hover(f"graphbuildNetwork.getPosition({short!r})")
                o.page.fill("#search", "night")
                assert o.suggestions()[0].startswith(title + " \u2014 film")
            else:  # opened on the film: people drawn, the genre in the panel
                labels = set(o.page.evaluate("graphbuild.nodes.get().map(n => n.label)"))
                assert expected - {"<img src=x onerror=alert('genre')>"} <= labels
                assert "genre <img src=x onerror=alert('genre')>" in o.panel()
                assert o.page.title() == f"graphbuild: 1 film \u2014 {title}"
                assert o.page.text_content("#crumbs") == f"All films\u203a{title}"
            o.page.wait_for_timeout(300)
            # the page's own four scripts and its data, nothing the corpus wrote
            assert o.page.evaluate("document.querySelectorAll('script').length") == 5
            assert o.page.evaluate("document.querySelectorAll('img, svg, b, [onerror], "
                                   "[onload], [onmouseover]').length") == 0
            assert o.page.evaluate("window.__pwned === undefined")
            assert o.dialogs == [] and o.errors == []
        finally:
            o.page.close()
