"""`graphbuild build`'s outputs as other RDF tools' users expect them:
`--out -` streams N-Triples (like rdfpipe and riot), a narrower rebuild
removes the graph files it no longer writes, an --out that is a file is a
usage error, the summary counts the corpus's films, --verbose says what
each film took, and format names take the aliases other tools use."""

from __future__ import annotations

import io
import os

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from graphbuild.cli import main
from graphbuild.outputs.formats import OUTPUT_FILES, output_format, stale_outputs
from graphbuild.progress import ProgressBar, plural

from conftest import FILM, GBR, RDF, make_small_graph


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def one_error_line(result) -> str:
    """The one 'Error: ...' line of a failed command (no traceback)."""
    assert "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    return line


@pytest.fixture
def no_build(monkeypatch):
    """The pipeline, replaced by one that fails the test if it runs."""
    import graphbuild.pipeline

    def build(*args, **kwargs):
        raise AssertionError("the corpus was read before the options were checked")

    monkeypatch.setattr(graphbuild.pipeline, "build", build)


@pytest.fixture
def corpus(tmp_path):
    film = tmp_path / "corpus" / "a-film-1990"
    film.mkdir(parents=True)
    (film / "post.md").write_text('---\ntitle: "A Film"\nyear: 1990\n---\n'
                                  "Director: `Ann Lee`\n\nTom Smith helps his wife Eve Smith.\n")
    (film / "plot.txt").write_text("# A Film\n\nTom Smith meets Eve Jones in Paris.\n")
    return tmp_path / "corpus"


@pytest.fixture
def session_model(nlp, monkeypatch):
    """Builds in this process use the session's spaCy pipeline."""
    import graphbuild.extract.nlp

    monkeypatch.setattr(graphbuild.extract.nlp, "load_model", lambda name=None: nlp)


# --- --out that is a file ---------------------------------------------------------

@pytest.mark.parametrize("out", ["README.md", "README.md/graphs"])
def test_an_out_that_is_or_lies_in_a_file_is_a_usage_error_before_anything_is_read(
        tmp_path, corpus, no_build, out):
    (tmp_path / "README.md").write_text("# mine\n")
    r = invoke("build", corpus, "--out", tmp_path / out)
    assert r.exit_code == 2
    line = one_error_line(r)
    assert "--out" in line and "README.md" in line and "give a folder" in line
    assert (tmp_path / "README.md").read_text() == "# mine\n"


@pytest.mark.parametrize("option", ["--cache", "--store"])
def test_a_cache_or_store_inside_a_file_is_a_usage_error(tmp_path, corpus, no_build, option):
    (tmp_path / "notes.txt").write_text("x")
    r = invoke("build", corpus, "--out", tmp_path / "out", option, tmp_path / "notes.txt" / "x")
    assert r.exit_code == 2
    assert f"Invalid value for {option}" in one_error_line(r)
    assert not (tmp_path / "out").exists()


# --- --out - -----------------------------------------------------------------------

@pytest.mark.parametrize("formats", [["ttl"], ["jsonld"], ["nt", "nq"], ["turtle"]])
def test_only_one_line_based_format_streams(corpus, no_build, formats):
    r = invoke("build", corpus, "--out", "-", *[a for f in formats for a in ("--format", f)])
    assert r.exit_code == 2
    assert "nt or nq" in one_error_line(r) and r.stdout == ""


def test_quiet_and_verbose_together_are_a_usage_error(corpus, no_build, tmp_path):
    r = invoke("build", corpus, "--out", tmp_path / "o", "--quiet", "--verbose")
    assert r.exit_code == 2 and "--quiet or --verbose" in one_error_line(r)


@pytest.mark.model
def test_out_dash_streams_the_graph_and_nothing_else_to_stdout(
        corpus, session_model, tmp_path, monkeypatch):
    folder = invoke("build", corpus, "--out", tmp_path / "folder", "--format", "nt",
                    "--format", "nq")
    assert folder.exit_code == 0, folder.output
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    for fmt, name in (("nt", "graph.nt"), ("n-quads", "graph.nq"), (None, "graph.nt")):
        r = invoke("build", corpus, "--out", "-", *(("--format", fmt) if fmt else ()))
        assert r.exit_code == 0, r.output
        assert r.stdout_bytes == (tmp_path / "folder" / name).read_bytes()   # sorted rows
        assert "read 2 documents about 1 film -> " in r.stderr
        assert "to standard output" in r.stderr
    assert os.listdir(work) == []          # no file, no '-' folder, no cache


@pytest.mark.model
def test_out_dash_keeps_the_exit_code_of_a_build_with_problems(corpus, session_model):
    (corpus / "a-film-1990" / "empty.txt").write_text("")
    r = invoke("build", corpus, "--out", "-")
    assert r.exit_code == 3
    assert "skipped:" in r.stderr and "skipped" not in r.stdout
    assert len(Graph().parse(data=r.stdout, format="nt")) > 0


@pytest.mark.model
def test_out_dash_uses_a_cache_only_when_given_one(corpus, session_model, tmp_path):
    first = invoke("build", corpus, "--out", "-", "--cache", tmp_path / "cache")
    again = invoke("build", corpus, "--out", "-", "--cache", tmp_path / "cache", "-v")
    assert (tmp_path / "cache").is_dir()
    assert "reused 1 film, parsed 0" in again.stderr
    assert again.stdout_bytes == first.stdout_bytes


# --- stale outputs ---------------------------------------------------------------

def test_stale_outputs_are_only_graphbuilds_own_graph_files(tmp_path):
    for name in ("graph.ttl", "graph.jsonld", "graph.nt", "graph.rdf", "notes.ttl",
                 "graph.ttl.bak", "report.json"):
        (tmp_path / name).write_text("x")
    (tmp_path / "graph.trig").mkdir()
    assert stale_outputs(tmp_path, ["graph.nt"]) == [
        tmp_path / "graph.ttl", tmp_path / "graph.jsonld", tmp_path / "graph.rdf"]
    assert stale_outputs(tmp_path, OUTPUT_FILES.values()) == []


@pytest.mark.model
def test_a_narrower_rebuild_removes_the_graph_files_it_no_longer_writes(
        corpus, session_model, tmp_path):
    out = tmp_path / "out"
    first = invoke("build", corpus, "--out", out)
    assert first.exit_code == 0, first.output
    (out / "notes.ttl").write_text("mine")
    r = invoke("build", corpus, "--out", out, "--format", "nt")
    assert r.exit_code == 0, r.output
    assert sorted(os.listdir(out)) == [".cache", ".graphbuild.lock", "graph.nt", "manifest.json",
                                       "notes.ttl", "ontology.ttl", "report.json"]
    for name in ("graph.ttl", "graph.jsonld", "graph.trig"):
        assert f"removed stale {out / name}" in r.stderr.splitlines()
    assert "removed stale" not in r.stdout
    assert "nothing changed" not in r.stdout    # the folder did change


# --- the summary ----------------------------------------------------------------

def test_the_summary_counts_the_corpus_films_not_the_films_it_mentions(monkeypatch, tmp_path):
    """A corpus of one film whose text mentions another: 1 film read, 1
    only mentioned, and singular nouns for one of a kind."""
    import graphbuild.pipeline
    from graphbuild.assemble.merge import Build

    g = make_small_graph()
    g.add((GBR["film/another-film-1970"], RDF.type, FILM.Film))
    stats = {"films_parsed": 1, "films_reused": 0, "documents_parsed": 1}
    monkeypatch.setattr(graphbuild.pipeline, "build",
                        lambda *a, **k: Build(g, stats=stats, document_count=1))
    r = invoke("build", tmp_path, "--out", tmp_path / "out", "--format", "nt")
    assert r.exit_code == 0, r.output
    triples = len(g)
    assert r.stdout.splitlines()[0].startswith(
        f"read 1 document about 1 film (+ 1 film only mentioned) -> {triples} triples, ")
    assert r.stdout.splitlines()[2] == "reused 0 films, parsed 1 (1 document)"
    import json

    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert (report["films"], report["films_read"], report["films_only_mentioned"]) == (2, 1, 1)


def test_plural():
    assert [plural(n, "film") for n in (0, 1, 2, 1000)] == \
        ["0 films", "1 film", "2 films", "1000 films"]


# --- --verbose ------------------------------------------------------------------

def test_verbose_bar_writes_a_line_per_film_and_per_phase():
    stream = io.StringIO()                 # not a terminal: no bar, the lines still
    bar = ProgressBar(stream, verbose=True)
    bar.phase("reading", 2, "folders and files")
    bar.advance(2)
    bar.phase("reusing", 1, "films")
    bar.film("old-film-1950", 3, 0, None)
    bar.advance()
    bar.film("touched-film-1960", 2, 2, None)
    bar.advance()
    bar.phase("parsing", 4, "documents", words=900)
    bar.advance(4, 900)
    bar.film("new-film-2000", 4, 4, 3, 900)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert [line.rsplit(" ", 2)[0] for line in lines] == [
        "reading: 2 folders and files in",
        "old-film-1950: 3 documents unchanged, reused from the cache; done at",
        "touched-film-1960: read 2 documents (unchanged), reused from the cache; done at",
        "reusing: 2 films in",
        "new-film-2000: read 4 documents (900 words), parsed 3, 1 parse from the cache; done at",
        "parsing: 4 documents in",
    ]
    assert all(line.endswith(" s") for line in lines)
    quiet = io.StringIO()
    bar = ProgressBar(quiet)
    bar.phase("parsing", 1, "documents")
    bar.film("new-film-2000", 1, 1, 1)
    bar.close()
    assert quiet.getvalue() == ""


@pytest.mark.model
def test_build_verbose_says_per_film_what_was_parsed_then_reused(corpus, session_model,
                                                                  tmp_path):
    out = tmp_path / "out"
    first = invoke("build", corpus, "--out", out, "--verbose")
    assert first.exit_code == 0, first.output
    line = next(l for l in first.stderr.splitlines() if l.startswith("a-film-1990: "))
    assert line.startswith("a-film-1990: read 2 documents (") and ", parsed 2; done at " in line
    assert any(l.startswith("parsing: 2 documents in ") for l in first.stderr.splitlines())
    assert "a-film-1990" not in first.stdout
    again = invoke("build", corpus, "--out", out, "-v")
    line = next(l for l in again.stderr.splitlines() if l.startswith("a-film-1990: "))
    assert "2 documents" in line and line.split(";")[0].endswith(", reused from the cache")
    plain = invoke("build", corpus, "--out", out)
    assert "a-film-1990" not in plain.output


# --- format names ---------------------------------------------------------------

def test_format_aliases_name_the_formats_other_tools_name():
    for alias, name in (("turtle", "ttl"), ("ntriples", "nt"), ("N-Triples", "nt"),
                        ("nquads", "nq"), ("n-quads", "nq"), ("json-ld", "jsonld"),
                        ("xml", "xml"), ("rdfxml", "xml"), ("TTL", "ttl")):
        assert output_format(alias) == name
    from graphbuild.errors import UnknownName

    with pytest.raises(UnknownName, match="choose one of: .*turtle"):
        output_format("n3")


def test_build_help_lists_the_format_aliases():
    text = invoke("build", "--help").output
    for name in ("turtle", "ntriples", "n-triples", "nquads", "n-quads", "json-ld", "rdfxml"):
        assert name in text


def test_an_unknown_build_format_lists_the_names_there_are(corpus, no_build, tmp_path):
    r = invoke("build", corpus, "--out", tmp_path / "o", "--format", "n3")
    assert r.exit_code == 2 and "turtle" in one_error_line(r)


def test_query_takes_every_format_name_the_library_takes():
    from graphbuild.sparql.query import FORMAT_ALIASES, FORMATS

    [option] = [p for p in main.commands["query"].params if p.name == "fmt"]
    assert set(option.type.choices) == {*FORMATS, *FORMAT_ALIASES}


@pytest.mark.model
def test_build_format_aliases_write_the_files_of_their_formats(corpus, session_model, tmp_path):
    out = tmp_path / "out"
    r = invoke("build", corpus, "--out", out, "--format", "turtle", "--format", "N-Quads",
               "--format", "rdfxml", "--format", "ntriples")
    assert r.exit_code == 0, r.output
    assert sorted(p for p in os.listdir(out) if p.startswith("graph.")) == [
        "graph.nq", "graph.nt", "graph.rdf", "graph.ttl"]
    nt = Graph().parse(out / "graph.nt", format="nt")
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) == len(nt)
    assert len(Graph().parse(out / "graph.rdf", format="xml")) == len(nt)
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    assert {(s, p, o) for s, p, o, _ in ds.quads()} == set(nt)


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    r = invoke("--version")
    assert r.exit_code == 0 and r.stdout.endswith(f", version {version('graphbuild')}\n")
