"""Incremental builds: the cache reuses films whose documents did not change,
and the graph is byte for byte the graph of a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

import graphbuild
from graphbuild.assemble.cache import Cache, film_digest
from graphbuild.extract.codec import encode_rows
from graphbuild.extract.film import FilmResult, pipeline_version, source_files
from graphbuild.model import Document, Entity, FilmInfo
from graphbuild.outputs.rdf import serialize
from graphbuild.pipeline import build
from tests.small_corpus import write_corpus


def outputs(result) -> tuple[str, str]:
    return result.nt(), serialize(result.graph, "turtle")


class Counter:
    """An on_parsed callback counting the documents parsed, by film."""

    def __init__(self):
        self.films: list[str] = []

    def __call__(self, parsed) -> None:
        self.films.append(parsed.doc.film.key)


@pytest.mark.model
def test_rebuild_after_an_edit_parses_only_that_film_and_matches_a_clean_build(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    first = Counter()
    build([corpus], nlp=nlp, cache=cache, on_parsed=first)
    assert len(first.films) == 4
    with (corpus / "glass-harbor-1995" / "plot.txt").open("a", encoding="utf-8") as f:
        f.write("Later Mara Voss marries Piet Lund, a sailor.\n")
    again = Counter()
    result = build([corpus], nlp=nlp, cache=cache, on_parsed=again)
    assert again.films == ["glass-harbor-1995"]
    assert result.report()["build"] == {"films_parsed": 1, "films_reused": 2,
                                        "documents_parsed": 1}
    clean = build([corpus], nlp=nlp)
    assert outputs(result) == outputs(clean)
    assert "Piet Lund" in result.nt()


@pytest.mark.model
def test_editing_one_review_of_a_film_parses_that_review_alone(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    with (corpus / "river-road-1988" / "review-1.txt").open("a", encoding="utf-8") as f:
        f.write("Lena Ford is even better as Anna.\n")
    again = Counter()
    result = build([corpus], nlp=nlp, cache=cache, on_parsed=again)
    assert again.films == ["river-road-1988"]            # one document, not both
    assert result.stats == {"films_parsed": 1, "films_reused": 2, "documents_parsed": 1}
    assert outputs(result) == outputs(build([corpus], nlp=nlp))


@pytest.mark.model
def test_new_credits_in_a_post_parse_every_document_of_the_film_again(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    post = corpus / "river-road-1988" / "post.md"
    post.write_text(post.read_text().replace("`Lena Ford`", "`Lena Ford` `Ivo Grant`"))
    again = Counter()
    result = build([corpus], nlp=nlp, cache=cache, on_parsed=again)
    assert again.films == ["river-road-1988", "river-road-1988"]   # known names changed
    assert outputs(result) == outputs(build([corpus], nlp=nlp))


@pytest.mark.model
def test_added_and_removed_films_change_the_graph_as_a_clean_build_would(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    shutil.rmtree(corpus / "winter-crown-2003")
    write_corpus(corpus, {"night-letter-2010": {
        "plot.txt": "# Night Letter\n\nJune Marsh writes to her sister Rae Marsh.\n"}})
    counted = Counter()
    result = build([corpus], nlp=nlp, cache=cache, on_parsed=counted)
    assert counted.films == ["night-letter-2010"]
    assert result.stats["films_reused"] == 2
    assert outputs(result) == outputs(build([corpus], nlp=nlp))
    assert "winter-crown" not in result.nt()
    assert len(Cache(cache, pipeline_version(nlp))) == 3   # the removed film is forgotten


@pytest.mark.model
def test_cached_facts_are_filtered_by_min_confidence_like_fresh_ones(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    strong = build([corpus], nlp=nlp, cache=cache, min_confidence=0.9)
    assert strong.stats["films_parsed"] == 0
    clean = build([corpus], nlp=nlp, min_confidence=0.9)
    assert outputs(strong) == outputs(clean)
    assert strong.report()["triples"] < build([corpus], nlp=nlp, cache=cache).report()["triples"]


@pytest.mark.model
def test_relations_of_reused_films_keep_their_evidence(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    fresh = build([corpus], nlp=nlp, cache=tmp_path / "cache")
    reused = build([corpus], nlp=nlp, cache=tmp_path / "cache")
    assert reused.stats["films_parsed"] == 0
    assert [(r.triple, r.evidence) for r in reused.relations] == \
        [(r.triple, r.evidence) for r in fresh.relations]
    assert any(e.sentence for r in reused.relations for e in r.evidence)


@pytest.mark.model
def test_cli_says_what_it_reused_and_keeps_the_cache_in_the_output_folder(tmp_path):
    from graphbuild.cli import main

    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    args = ["build", str(corpus), "--out", str(out)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "reused 0 films, parsed 3 (4 documents)" in first.output
    assert (out / ".cache" / "films.sqlite").is_file()
    nt = (out / "graph.nt").read_bytes()
    again = CliRunner().invoke(main, args)
    assert "reused 3 films, parsed 0 (0 documents)" in again.output
    assert (out / "graph.nt").read_bytes() == nt
    none = CliRunner().invoke(main, args + ["--no-cache", "--format", "nt"])
    assert "reused 0 films, parsed 3" in none.output
    assert (out / "graph.nt").read_bytes() == nt


OUTPUTS = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")


@pytest.fixture
def cli_build(nlp, monkeypatch):
    """`graphbuild build CORPUS --out OUT` with the session's model; the
    returned function's `model_loads` counts how often a model was loaded."""
    import graphbuild.extract.nlp
    from graphbuild.cli import main

    loads = []

    def load(name=None):
        loads.append(name)
        return nlp

    monkeypatch.setattr(graphbuild.extract.nlp, "load_model", load)

    def run(corpus: Path, out: Path, *options: str):
        result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), *options])
        assert result.exit_code == 0, result.output
        return result

    run.model_loads = loads
    return run


def _stat(path: Path) -> tuple:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


@pytest.mark.model
def test_a_rebuild_with_nothing_changed_says_so_and_writes_no_graph_file(cli_build, tmp_path):
    corpus, out = write_corpus(tmp_path / "corpus"), tmp_path / "out"
    cli_build(corpus, out)
    assert cli_build.model_loads
    before = {name: _stat(out / name) for name in OUTPUTS}
    ontology = _stat(out / "ontology.ttl")
    del cli_build.model_loads[:]
    again = cli_build(corpus, out)
    assert again.output.splitlines()[2:] == [
        "reused 3 films, parsed 0 (0 documents)", "nothing changed since the last build",
        *[f"unchanged {out / name}" for name in OUTPUTS], f"unchanged {out / 'ontology.ttl'}",
        f"wrote {out / 'report.json'}"]
    assert {name: _stat(out / name) for name in OUTPUTS} == before
    assert _stat(out / "ontology.ttl") == ontology
    assert cli_build.model_loads == []          # nothing to parse: spaCy is not even loaded


@pytest.mark.model
def test_an_output_edited_in_place_is_written_again_though_size_and_time_match(
        cli_build, tmp_path):
    import os

    corpus, out = write_corpus(tmp_path / "corpus"), tmp_path / "out"
    cli_build(corpus, out)
    ttl = out / "graph.ttl"
    good, st = ttl.read_bytes(), ttl.stat()
    ttl.write_bytes(good.replace(b"Anna Hale", b"Anna Hall", 1))
    os.utime(ttl, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = cli_build(corpus, out)
    assert f"wrote {ttl}" in again.output and f"unchanged {out / 'graph.nt'}" in again.output
    assert "nothing changed" not in again.output
    assert ttl.read_bytes() == good


@pytest.mark.model
def test_a_changed_film_rewrites_every_output_as_a_clean_build_would(cli_build, tmp_path):
    corpus, out = write_corpus(tmp_path / "corpus"), tmp_path / "out"
    cli_build(corpus, out)
    post = corpus / "winter-crown-2003" / "post.md"
    post.write_text(post.read_text() + "Queen Sela rescues Bram.\n", encoding="utf-8")
    again = cli_build(corpus, out)
    assert all(f"wrote {out / name}" in again.output for name in OUTPUTS)
    clean = cli_build(corpus, tmp_path / "clean", "--no-cache")
    assert "unchanged" not in clean.output
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes(), name


@pytest.mark.model
def test_the_installed_model_is_described_as_loading_it_would(nlp):
    from graphbuild.extract.nlp import installed_model

    assert installed_model("no_such_model_package") is None
    assert pipeline_version(installed_model()) == pipeline_version(nlp)


def _doc(text: str, path: str = "c/f/plot.txt") -> Document:
    return Document("f/plot.txt", path, "plot", text, FilmInfo("F"))


def test_film_digest_changes_with_text_path_metadata_and_version():
    base = film_digest("v1", "f", [_doc("A text.")])
    assert base == film_digest("v1", "f", [_doc("A text.")])
    assert base != film_digest("v2", "f", [_doc("A text.")])
    assert base != film_digest("v1", "f", [_doc("A text!")])
    assert base != film_digest("v1", "f", [_doc("A text.", path="d/f/plot.txt")])
    other = _doc("A text.")
    other.film.year = 2001
    assert base != film_digest("v1", "f", [other])


def test_pipeline_version_covers_model_rules_and_extraction_code():
    fake = SimpleNamespace(meta={"lang": "en", "name": "core_web_sm", "version": "3.8.0"},
                           pipe_names=["tok2vec", "ner"])
    v = pipeline_version(fake)
    assert v == pipeline_version(fake)
    newer = SimpleNamespace(meta={**fake.meta, "version": "3.8.1"}, pipe_names=fake.pipe_names)
    assert pipeline_version(newer) != v
    from graphbuild.extract.rules import get_rules

    one_rule = [get_rules()[0].name]
    assert pipeline_version(fake, one_rule) != v
    package = Path(graphbuild.__file__).parent
    names = {p.relative_to(package).as_posix() for p in source_files()}
    assert {"extract/resolve.py", "extract/relations.py", "extract/lexicon.py",
            "extract/pronouns.py", "extract/mentions.py", "extract/describe.py",
            "extract/rules/story.py", "extract/rules/credits.py", "extract/film.py",
            "extract/codec.py", "read/normalize.py", "rdf/mapping.py"} <= names


def _result(digest: str, version: str) -> FilmResult:
    return FilmResult("f", digest, [Entity("film/f", "Film", "F")], [], encode_rows("", "", {}),
                      b"", 0, version)


def test_cache_written_by_another_version_is_emptied_not_read(tmp_path):
    old = Cache(tmp_path, "v1")
    old.put(_result("d1", "v1"))
    old.close()
    assert Cache(tmp_path, "v1").get("d1").entities[0].key == "film/f"
    new = Cache(tmp_path, "v2")
    assert len(new) == 0 and new.get("d1") is None


def test_cache_ignores_an_entry_of_another_version_or_digest(tmp_path):
    cache = Cache(tmp_path, "v1")
    cache.put(_result("d1", "v0"))            # made by another version
    cache.put(_result("wrong", "v1"), data=_result("d2", "v1").to_bytes())
    cache.db.execute("INSERT INTO films VALUES ('d3', ?)", (b"not a result",))
    assert cache.get("d1") is None and cache.get("wrong") is None and cache.get("d3") is None


def test_damaged_cache_file_is_replaced_by_an_empty_cache(tmp_path):
    (tmp_path / "films.sqlite").write_bytes(b"this is not sqlite" * 100)
    cache = Cache(tmp_path, "v1")
    assert len(cache) == 0
    cache.put(_result("d1", "v1"))
    cache.close()
    assert Cache(tmp_path, "v1").get("d1") is not None


def test_close_without_prune_keeps_entries_of_an_interrupted_build(tmp_path):
    cache = Cache(tmp_path, "v1")
    cache.put(_result("d1", "v1"))
    cache.close(prune=False)
    later = Cache(tmp_path, "v1")
    later.put(_result("d2", "v1"))
    later.close(prune=True)             # a finished build that did not use d1
    kept = Cache(tmp_path, "v1")
    assert kept.get("d1") is None and kept.get("d2") is not None
