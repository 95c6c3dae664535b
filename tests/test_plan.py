"""Planning a build: with a cache, files whose names, sizes and times did not
change are not read again, and the graph is still that of a clean build."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_pipeline_incremental import outputs

import graphbuild.assemble.plan
import graphbuild.read.corpus
from graphbuild.assemble.cache import Cache
from graphbuild.assemble.plan import plan_build
from graphbuild.pipeline import build
from graphbuild.read.corpus import Group, group_signature
from tests.small_corpus import FILMS, write_corpus

HOUR_AGO = time.time() - 3600


@pytest.fixture
def trust_fresh_files(monkeypatch):
    """Files written by a test are seconds old: trust them like old ones."""
    monkeypatch.setattr(graphbuild.read.corpus, "RACY_NS", 0)


@pytest.fixture
def reads(monkeypatch):
    """The groups of files read, by folder or file name."""
    seen: list[str] = []
    real = graphbuild.assemble.plan.read_group

    def counting(group, problems, max_chars=None):
        seen.append(Path(group.id).name)
        return real(group, problems, max_chars)

    monkeypatch.setattr(graphbuild.assemble.plan, "read_group", counting)
    return seen


def age(path: Path, seconds_ago: float = 3600) -> None:
    t = time.time() - seconds_ago
    os.utime(path, (t, t))


def test_signature_changes_with_size_time_and_files_and_not_when_untouched(tmp_path,
                                                                           trust_fresh_files):
    folder = write_corpus(tmp_path / "c") / "river-road-1988"
    group = Group(sorted(folder.glob("*.*")), folder, folder.name)
    now = time.time_ns()
    first = group_signature(group, now)
    assert first and group_signature(group, now) == first
    age(folder / "post.md", 100)
    assert group_signature(group, now) != first
    (folder / "film.yaml").write_text("title: River Road\n", encoding="utf-8")
    assert "film.yaml:-" in first
    assert "film.yaml:-" not in group_signature(group, time.time_ns())


def test_a_file_modified_just_now_is_not_trusted(tmp_path):
    folder = write_corpus(tmp_path / "c") / "glass-harbor-1995"
    group = Group([folder / "plot.txt"], folder, folder.name)
    assert group_signature(group, time.time_ns()) is None
    assert group_signature(group, time.time_ns() + 10 * graphbuild.read.corpus.RACY_NS) is not None


def test_second_plan_reads_no_file_and_reuses_every_film(tmp_path, trust_fresh_files, reads):
    corpus = write_corpus(tmp_path / "corpus")
    store = Cache(tmp_path / "cache", "v1")
    first = plan_build([corpus], [], "v1", store)
    assert len(reads) == 3 and first.count == 4 and len(first.todo) == 3
    for job in first.todo:      # as if the films had been built
        store.db.execute("INSERT INTO films VALUES (?, ?)", (job.digest, b"x"))
    store.db.commit()
    reads.clear()
    again = plan_build([corpus], [], "v1", Cache(tmp_path / "cache", "v1"))
    assert reads == [] and again.todo == [] and again.count == 4
    assert again.reused == {job.key: job.digest for job in first.todo}


@pytest.mark.model
def test_rebuild_reads_only_the_edited_film_and_matches_a_clean_build(nlp, tmp_path,
                                                                      trust_fresh_files, reads):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    edited = corpus / "glass-harbor-1995" / "plot.txt"
    with edited.open("a", encoding="utf-8") as f:
        f.write("Later Mara Voss marries Piet Lund, a sailor.\n")
    age(edited, 60)
    reads.clear()
    result = build([corpus], nlp=nlp, cache=cache)
    assert reads == ["glass-harbor-1995"]
    assert result.report()["documents"] == 4
    assert result.report()["build"]["films_reused"] == 2
    assert outputs(result) == outputs(build([corpus], nlp=nlp))
    assert "Piet Lund" in result.nt()


@pytest.mark.model
def test_a_film_in_two_places_is_read_whole_when_one_part_changes(nlp, tmp_path,
                                                                  trust_fresh_files, reads):
    corpus = write_corpus(tmp_path / "corpus", {"river-road-1988": FILMS["river-road-1988"]})
    loose = corpus / "river-road-review.md"   # a loose post about the same film
    loose.write_text('---\ntitle: "River Road"\nyear: 1988\nimdb_id: 0091111\n---\n'
                     "Lena Ford plays Anna Hale, the wife of Tom.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = build([corpus], nlp=nlp, cache=cache)
    assert first.report()["films"] == 1
    loose.write_text(loose.read_text(encoding="utf-8") + "Paul Anders plays Tom Hale.\n",
                     encoding="utf-8")
    age(loose, 60)
    reads.clear()
    result = build([corpus], nlp=nlp, cache=cache)
    assert sorted(reads) == ["river-road-1988", "river-road-review.md"]
    assert outputs(result) == outputs(build([corpus], nlp=nlp))


@pytest.mark.model
def test_warnings_of_files_not_read_again_are_still_reported(nlp, tmp_path, trust_fresh_files,
                                                             reads):
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "winter-crown-2003" / "film.yaml").write_text("title: [unclosed\n",
                                                            encoding="utf-8")
    cache = tmp_path / "cache"
    first = build([corpus], nlp=nlp, cache=cache).report()["warnings"]
    assert any("film.yaml" in w["path"] for w in first)
    reads.clear()
    again = build([corpus], nlp=nlp, cache=cache).report()
    assert reads == [] and again["warnings"] == first
