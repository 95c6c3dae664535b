"""Patching the kept merged graph gives, byte for byte, what merging every
film again gives: films edited, added, removed; people shared by films;
facts two films both state; and the report's counts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_pipeline_incremental import outputs

import graphbuild.assemble.patch
import graphbuild.read.corpus
from graphbuild.assemble.cache import Cache
from graphbuild.assemble.merge import merge
from graphbuild.assemble.patch import MergedState, kept_facts
from graphbuild.assemble.rows import RowCounts, count_pieces
from graphbuild.extract.codec import encode_rows
from graphbuild.extract.film import FilmResult
from graphbuild.model import Entity, Evidence, Relation
from graphbuild.pipeline import build
from graphbuild.rdf.mapping import entity_rows, relation_rows
from tests.small_corpus import FILMS, write_corpus


def _film(key: str, people: list[Entity], conf: float = 0.9, shared: bool = False,
          digest: str = "") -> FilmResult:
    """A film result: the film, a castMember fact per person (and, with
    `shared`, a fact between the first two people that other films may state
    too), and a document node."""
    film = Entity(f"film/{key}", "Film", key.title())
    relations = [Relation(film.key, "castMember", p.key,
                          [Evidence(f"{key}/plot.txt", f"{p.label} stars.", 0, 0, 9, "r.v1", conf)])
                 for p in people]
    if shared:
        relations.append(Relation(people[0].key, "spouse", people[1].key,
                                  [Evidence(f"{key}/plot.txt", "They wed.", 1, 10, 19, "r.v1",
                                            conf)]))
    facts, rows = [], []
    for rel in relations:
        text, n = relation_rows(rel)
        facts.append((rel.subj, rel.obj, conf, n))
        rows.append(text)
    entities = [film, *people]
    doc = f'<https://w3id.org/graphbuild/id/document/{key}> <http://www.w3.org/2000/01/rdf-schema#label> "{key}" .\n'
    return FilmResult(key, digest or key, entities, facts,
                      encode_rows("".join(rows), doc,
                                  {e.key: entity_rows([e]) for e in entities}))


def ann(*aliases: str) -> Entity:
    return Entity("person/ann-lee", "Person", "Ann Lee", set(aliases))


def bob(label: str = "Bob Ray") -> Entity:
    return Entity("person/bob-ray", "Person", label)


def _clean(films: list[FilmResult], min_confidence: float = 0.0) -> tuple[str, dict]:
    counts = RowCounts()
    text = "".join(count_pieces(merge(sorted(films, key=lambda f: f.key), min_confidence),
                                counts))
    return text, counts.as_dict()


def _state(tmp_path: Path, films: list[FilmResult], min_confidence: float = 0.0) -> MergedState:
    store = Cache(tmp_path / "cache", "v1")
    state = MergedState(store, min_confidence)
    ordered = sorted(films, key=lambda f: f.key)
    state.save(ordered, merge(ordered, min_confidence))
    return state


def _same(rows, films, min_confidence: float = 0.0) -> None:
    text, counts = _clean(films, min_confidence)
    assert rows.path.read_text(encoding="utf-8") == text
    assert rows.counts == counts


def test_saved_graph_is_the_merged_graph(tmp_path):
    films = [_film("one", [ann("Ann")]), _film("two", [ann("A. Lee"), bob()])]
    state = _state(tmp_path, films)
    text, counts = _clean(films)
    assert state.path.read_text(encoding="utf-8") == text
    assert state.meta["counts"] == counts and state.usable()


@pytest.mark.parametrize("old, new, after", [
    # an edited film: another alias for a shared person, and a new person
    ("two", [_film("two", [ann("Annie"), bob()], digest="two'")], ["one", "two'"]),
    # a removed film: Bob goes, Ann keeps only the names film one gives her
    ("two", [], ["one"]),
    # an added film
    (None, [_film("three", [bob("Bob R.")])], ["one", "two", "three"]),
    # confidence falls below the threshold: the facts go, and Bob with them
    ("two", [_film("two", [ann("A. Lee"), bob()], conf=0.2, digest="two'")], ["one", "two'"]),
])
def test_patch_gives_the_graph_of_a_full_merge(tmp_path, old, new, after):
    base = {"one": _film("one", [ann("Ann")]), "two": _film("two", [ann("A. Lee"), bob()])}
    state = _state(tmp_path, list(base.values()), min_confidence=0.5)
    rows = state.patch([base[old]] if old else [], new)
    now = {**{k: f for k, f in base.items() if k != old}, **{f.key: f for f in new}}
    _same(rows, list(now.values()), min_confidence=0.5)
    assert state.changes({f.key: f.digest for f in now.values()}) == {}


def test_a_fact_two_films_state_stays_until_both_drop_it(tmp_path):
    one = _film("one", [ann(), bob()], shared=True)
    two = _film("two", [ann(), bob()], shared=True)
    state = _state(tmp_path, [one, two])
    spouse = "<https://w3id.org/graphbuild/film#spouse>"
    rows = state.patch([two], [])
    _same(rows, [one])
    assert spouse in rows.path.read_text(encoding="utf-8")
    rows = state.patch([one], [])
    _same(rows, [])
    assert rows.path.read_text(encoding="utf-8") == "\n"      # an empty graph


def test_patches_in_a_row_stay_exact(tmp_path):
    films = {k: _film(k, [ann(k)], shared=False) for k in ("a", "b", "c", "d")}
    state = _state(tmp_path, list(films.values()))
    for key, label in (("b", "x"), ("c", "y"), ("b", "z")):
        new = _film(key, [ann(label), bob(label.upper())], digest=key + label)
        rows = state.patch([films[key]], [new])
        films[key] = new
        _same(rows, list(films.values()))


def test_a_film_naming_another_films_entity_is_not_patched(tmp_path):
    state = _state(tmp_path, [_film("one", [ann()])])
    stray = _film("two", [ann()])
    stray.entities = stray.entities[:1]          # states a fact about an entity it lacks
    assert state.patch([], [stray]) is None


def test_kept_graph_edited_in_place_or_another_threshold_is_not_used(tmp_path):
    state = _state(tmp_path, [_film("one", [ann()])])
    assert state.usable()
    assert not MergedState(state.store, 0.7).usable()
    with state.path.open("a", encoding="utf-8") as f:
        f.write("<a> <b> <c> .\n")
    assert not state.usable()


def test_patch_is_declined_when_most_films_changed(tmp_path):
    films = [_film(k, [ann()]) for k in "abcd"]
    state = _state(tmp_path, films)
    assert state.changes({"a": "a", "b": "b", "c": "c", "d": "d'"}) == {"d": "d"}
    assert state.changes({"a": "a'", "b": "b'", "c": "c", "d": "d"}) is None
    assert state.changes({"a": "a", "b": "b", "c": "c", "d": "d", "e": "e"}) == {"e": None}


@pytest.fixture
def trust_fresh_files(monkeypatch):
    """Trust files a test just wrote, and patch however many films changed
    (a tiny corpus changes a large share of its films)."""
    monkeypatch.setattr(graphbuild.read.corpus, "RACY_NS", 0)
    monkeypatch.setattr(graphbuild.assemble.patch, "MAX_SHARE", 1.0)


def _calls(monkeypatch, name: str) -> list:
    seen: list = []
    real = getattr(MergedState, name)

    def spy(self, *args):
        seen.append(name)
        return real(self, *args)

    monkeypatch.setattr(MergedState, name, spy)
    return seen


@pytest.mark.model
def test_rebuild_patches_and_gives_the_clean_build(nlp, tmp_path, trust_fresh_files, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    edited = corpus / "glass-harbor-1995" / "plot.txt"
    edited.write_text(edited.read_text(encoding="utf-8")
                      + "Later Mara Voss marries Piet Lund, a sailor.\n", encoding="utf-8")
    write_corpus(corpus, {"stone-garden-1990": {
        "plot.txt": "# Stone Garden\n\nEda Holm (Lena Ford) tends a garden for the Holm "
                    "family. Her son Karl Holm works for the Harbor Company.\n"}})
    for p in corpus.rglob("*.*"):
        os.utime(p, (1e9, 1e9))
    patched, saved = _calls(monkeypatch, "patch"), _calls(monkeypatch, "save")
    result = build([corpus], nlp=nlp, cache=cache)
    assert patched == ["patch"] and saved == []
    clean = build([corpus], nlp=nlp)
    assert outputs(result) == outputs(clean)
    assert result.report() | {"build": 0} == clean.report() | {"build": 0}
    out = tmp_path / "graph.nt"
    heard: list[int] = []             # the progress bar's count, also when linked
    result.write_nt(out, heard.append)
    assert out.read_text(encoding="utf-8") == clean.nt()
    assert sum(heard) == clean.report()["triples"]
    assert len(result.relations) == len(clean.relations)


@pytest.mark.model
def test_rebuild_with_another_threshold_merges_afresh(nlp, tmp_path, trust_fresh_files,
                                                      monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", {k: FILMS[k] for k in list(FILMS)[:2]})
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    patched = _calls(monkeypatch, "patch")
    result = build([corpus], nlp=nlp, cache=cache, min_confidence=0.8)
    assert patched == []
    assert result.nt() == build([corpus], nlp=nlp, min_confidence=0.8).nt()


@pytest.mark.model
def test_a_kept_graph_that_does_not_add_up_is_merged_afresh(nlp, tmp_path, trust_fresh_files,
                                                            monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    build([corpus], nlp=nlp, cache=cache)
    edited = corpus / "glass-harbor-1995" / "plot.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "Ivan Voss sells the boat.\n",
                      encoding="utf-8")
    os.utime(edited, (1e9, 1e9))

    def broken(self, delta):
        raise ValueError("patch removes a row the graph does not hold")

    monkeypatch.setattr(MergedState, "_rewrite", broken)
    saved = _calls(monkeypatch, "save")
    result = build([corpus], nlp=nlp, cache=cache)
    assert saved == ["save"]
    assert outputs(result) == outputs(build([corpus], nlp=nlp))


def test_linking_a_file_onto_a_link_of_itself_leaves_no_temporary(tmp_path):
    """graph.nt already a hard link of the kept graph: linking it again must
    not leave '.graph.nt.*.tmp' (a rename between two links of one file does
    nothing, so the temporary name stayed)."""
    from graphbuild.assemble.patch import link_or_copy

    src, dest = tmp_path / "cache" / "graph.nt", tmp_path / "out" / "graph.nt"
    src.parent.mkdir()
    src.write_text("<a> <b> <c> .\n")
    link_or_copy(src, dest)
    link_or_copy(src, dest)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["graph.nt"]
    assert dest.read_text() == src.read_text() and dest.samefile(src)


class _LookUpOnly(dict):
    """The merged entities, as a mapping that may be looked up but not
    walked: walking it once per film made merging quadratic in films."""

    def __iter__(self):
        raise AssertionError("kept_facts walked every known entity")


def test_kept_facts_looks_entities_up_without_walking_them():
    film = _film("drive", [ann(), bob()])
    known = _LookUpOnly({e.key: e for e in film.entities})
    rows, used = kept_facts(film, film.rows().facts, 0.0, known)
    assert used == {"film/drive", "person/ann-lee", "person/bob-ray"}
    assert len(rows) == sum(n for *_, n in film.facts)
    # a threshold above the facts' confidence keeps only the film's own node
    rows, used = kept_facts(film, film.rows().facts, 0.95, known)
    assert (rows, used) == ([], {"film/drive"})
