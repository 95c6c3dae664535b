"""Document ids: two corpus folders that hold a folder of one film with a
file of the same name give two Documents, whose ids differ by their folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.pipeline import build
from graphbuild.rdf.vocab import FILM, GBR

PLOTS = {
    "a": "The Driver (Ryan Gosling) works as a stunt driver in Los Angeles.\n",
    "b": "Irene (Carey Mulligan) lives next door to the Driver with her son Benicio.\n",
}
FRONT = "---\ntitle: Night Road\nyear: 2011\n---\n"


@pytest.fixture
def two_roots(tmp_path, monkeypatch) -> list[str]:
    for root, text in PLOTS.items():
        (tmp_path / root / "night-road-2011").mkdir(parents=True)
        (tmp_path / root / "night-road-2011" / "plot.md").write_text(FRONT + text)
    (tmp_path / "a" / "night-road-2011" / "review.txt").write_text("I loved it.\n")
    monkeypatch.chdir(tmp_path)
    return ["a", "b"]


def documents(graph) -> dict[str, list[str]]:
    """Document IRI -> its source paths."""
    found: dict[str, list[str]] = {}
    for doc, path in graph.subject_objects(FILM.sourcePath):
        found.setdefault(str(doc), []).append(str(path))
    return found


@pytest.mark.model
def test_one_file_name_in_two_folders_of_a_film_gives_two_documents(two_roots, nlp, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr("graphbuild.read.corpus.RACY_NS", 0)   # the cache trusts listings
    result = build(two_roots, nlp=nlp)
    docs = documents(result.graph)
    assert sorted(p for paths in docs.values() for p in paths) == \
        ["a/night-road-2011/plot.md", "a/night-road-2011/review.txt", "b/night-road-2011/plot.md"]
    assert all(len(paths) == 1 for paths in docs.values())      # one path per Document
    assert docs[str(GBR["document/night-road-2011/a-night-road-2011-plot-md"])] == \
        ["a/night-road-2011/plot.md"]
    assert docs[str(GBR["document/night-road-2011/b-night-road-2011-plot-md"])] == \
        ["b/night-road-2011/plot.md"]
    # a name in one folder only keeps its short id
    assert docs[str(GBR["document/night-road-2011/review-txt"])] == \
        ["a/night-road-2011/review.txt"]
    assert len({d.doc_id for d in result.documents}) == 3
    # the same ids whatever the order of the paths, and with a cache
    assert build(list(reversed(two_roots)), nlp=nlp).nt() == result.nt()
    cache = tmp_path / "cache"
    assert build(two_roots, nlp=nlp, cache=cache).nt() == result.nt()
    again = build(two_roots, nlp=nlp, cache=cache)
    assert again.stats["films_parsed"] == 0 and again.nt() == result.nt()
    # one folder changed: the other is known from the cache only, and still
    # keeps its own id
    plot = Path("b/night-road-2011/plot.md")
    plot.write_text(plot.read_text() + "He drives away.\n")
    changed = build(two_roots, nlp=nlp, cache=cache)
    assert changed.stats["films_parsed"] == 1 and changed.stats["documents_parsed"] == 1
    assert changed.nt() == build(two_roots, nlp=nlp).nt()
    assert sorted(documents(changed.graph)) == sorted(docs)


@pytest.mark.model
def test_a_film_in_one_folder_keeps_file_name_ids(tmp_path, nlp):
    (tmp_path / "night-road-2011").mkdir()
    (tmp_path / "night-road-2011" / "plot.md").write_text(FRONT + PLOTS["a"])
    docs = documents(build([tmp_path], nlp=nlp).graph)
    assert list(docs) == [str(GBR["document/night-road-2011/plot-md"])]
