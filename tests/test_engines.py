"""Engines: the same graph whatever runs the films (this process, forked
workers, a Dask cluster); results that survive encoding; long texts parsed
in pieces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graphbuild.assemble import rows as rows_module
from graphbuild.assemble.engines import (AUTO_MAX, AUTO_WORDS, Task, auto_jobs, chunks,
                                        run_engine, run_task)
from graphbuild.assemble.merge import Build, merge
from graphbuild.assemble.rows import SortedRows
from graphbuild.errors import GraphbuildError, UnknownName
from graphbuild.extract import nlp as nlp_module
from graphbuild.extract.codec import encode_relations, encode_rows
from graphbuild.extract.film import FilmJob, FilmResult
from graphbuild.extract.nlp import parse, split_text
from graphbuild.model import Decision, Document, Entity, Evidence, FilmInfo, Relation
from graphbuild.outputs.rdf import serialize
from graphbuild.pipeline import build
from graphbuild.progress import Progress
from graphbuild.rdf.mapping import entity_rows, relation_rows
from graphbuild.rdf.vocab import FILM, GBR, RDF
from graphbuild.read.normalize import normalize

CORPUS = {
    "harbor-lights-1977": {
        "post.md": '---\ntitle: "Harbor Lights"\nyear: 1977\n---\n'
                   "Cast: `Ida Joyce` `Hal Brandt`\n\n"
                   "Nell Price (Ida Joyce) keeps the lighthouse. Her husband Sam Price "
                   "(Hal Brandt) is a smuggler who works for the Gull Company.\n"},
    "paper-moon-road-1981": {
        "plot.txt": "# Paper Moon Road\n\nKai Dunn drives his daughter Pia Dunn to Reno. "
                    "Pia befriends a singer named Rae Lund.\n"},
    "stone-garden-1990": {
        "review-1.txt": "Stone Garden is slow but I liked Zoe Ellis as the gardener Mia.\n"},
    "the-last-echo-2004": {
        "plot.txt": "# The Last Echo\n\nDetective Wes Hale hunts the killer of his partner "
                    "Gia Toft. Hale marries Uma Reyes.\n"},
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("engines")
    for film, files in CORPUS.items():
        (root / film).mkdir()
        for name, text in files.items():
            (root / film / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local(nlp, corpus) -> Build:
    return build([corpus], nlp=nlp)


@pytest.mark.model
def test_two_worker_processes_give_the_same_bytes_as_one(nlp, corpus, local):
    two = build([corpus], nlp=nlp, jobs=2, batch_size=1)
    assert two.stats["films_parsed"] == 4
    assert two.nt() == local.nt()
    assert serialize(two.graph, "turtle") == serialize(local.graph, "turtle")
    assert [r.triple for r in two.relations] == [r.triple for r in local.relations]


class Phases(Progress):
    """A Progress that keeps what it was told."""

    def __init__(self):
        self.calls: list[tuple] = []

    def phase(self, name, total=0, unit="", words=0):
        self.calls.append(("phase", name, total, words))

    def advance(self, n=1, words=0):
        self.calls.append(("advance", n, words))

    def parsing(self) -> list[tuple]:
        """The advances of the parsing phase."""
        at = self.calls.index(next(c for c in self.calls if c[:2] == ("phase", "parsing")))
        end = next((i for i in range(at + 1, len(self.calls)) if self.calls[i][0] == "phase"),
                   len(self.calls))
        return self.calls[at:end]


@pytest.mark.model
@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_hears_of_every_document_one_by_one(nlp, corpus, jobs):
    progress = Phases()
    build([corpus], nlp=nlp, jobs=jobs, batch_size=1, progress=progress)
    names = [c[1] for c in progress.calls if c[0] == "phase"]
    assert names[0] == "reading" and "parsing" in names and "merging" in names
    start, *steps = progress.parsing()
    assert start[2:] == (4, sum(len(t.split()) for f in CORPUS.values() for t in f.values()))
    assert sum(n for _, n, _ in steps) == 4 and sum(w for _, _, w in steps) == start[3]
    assert [n for _, n, _ in steps if n] == [1, 1, 1, 1]     # each document on its own


@pytest.mark.model
def test_worker_processes_fill_and_use_the_cache_like_this_process(nlp, corpus, local,
                                                                  tmp_path):
    shutil.copytree(corpus, tmp_path / "c")
    first = build([tmp_path / "c"], nlp=nlp, jobs=2, cache=tmp_path / "cache")
    assert first.stats["documents_parsed"] == 4
    with (tmp_path / "c" / "stone-garden-1990" / "review-1.txt").open("a") as f:
        f.write("Zoe Ellis also sings.\n")
    again = build([tmp_path / "c"], nlp=nlp, jobs=2, cache=tmp_path / "cache")
    assert again.stats == {"films_parsed": 1, "films_reused": 3, "documents_parsed": 1}
    assert again.nt() == build([tmp_path / "c"], nlp=nlp).nt() != local.nt()


@pytest.mark.model
def test_dask_engine_on_a_local_cluster_gives_the_local_graph(nlp, corpus, local):
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (pip install 'graphbuild[dask]')")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        result = build([corpus], nlp=nlp, engine="dask", scheduler=cluster.scheduler_address,
                       batch_size=1)
    assert result.stats["films_parsed"] == 4
    assert isomorphic(result.graph, local.graph)
    assert result.nt() == local.nt()


@pytest.mark.model
def test_a_worker_with_another_pipeline_version_refuses_the_work(nlp, corpus, monkeypatch):
    from graphbuild.extract import film as work
    from graphbuild.read.corpus import read_corpus

    monkeypatch.setitem(work._MODELS, None, nlp)
    docs = list(read_corpus([corpus / "stone-garden-1990"], []))
    with pytest.raises(GraphbuildError, match="same graphbuild and spaCy model"):
        run_task(Task([FilmJob(docs[0].film.key, docs)], version="made-elsewhere"))


def test_dask_engine_without_a_scheduler_says_how_to_start_one(monkeypatch):
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    from graphbuild.assemble import engines as dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(GraphbuildError, match="cannot reach the Dask scheduler"):
        list(run_engine("dask", [], scheduler="tcp://127.0.0.1:9", version="v"))


def test_unknown_engine_lists_the_engines():
    with pytest.raises(UnknownName, match="dask, local"):
        run_engine("spark", [])


def _job(key: str, n: int) -> FilmJob:
    return FilmJob(key, [Document(f"{key}/{i}.txt", f"{i}.txt", "plot", "x", FilmInfo(key))
                         for i in range(n)])


def test_chunks_keep_films_whole_and_in_order():
    jobs = [_job("a", 3), _job("b", 1), _job("c", 1), _job("d", 5), _job("e", 1)]
    got = [[j.key for j in c] for c in chunks(jobs, 4)]
    assert got == [["a", "b"], ["c", "d"], ["e"]]


def _worded(key: str, words: int, cached: bool = False) -> FilmJob:
    doc = Document(f"{key}/plot.txt", "plot.txt", "plot", "word " * words, FilmInfo(key))
    return FilmJob(key, [doc], parse_keys=["k"], parses={"k": b"parse"} if cached else {})


def test_auto_jobs_start_workers_only_for_enough_text_and_cores():
    half = AUTO_WORDS // 2
    big = [_worded("a", half), _worded("b", half)]
    assert auto_jobs(big, cores=2) == 2
    assert auto_jobs(big, cores=64) == AUTO_MAX          # each worker holds a batch
    assert auto_jobs(big, cores=1) == 1
    assert auto_jobs([_worded("a", 10), _worded("b", 10)], cores=8) == 1   # forking costs more
    assert auto_jobs([_worded("a", AUTO_WORDS * 5)], cores=8) == 1         # one film: one process
    # a document whose parse the cache holds is not parsed again: it does not count
    assert auto_jobs([_worded("a", half, cached=True), _worded("b", half)], cores=2) == 1


def test_auto_jobs_in_the_api_keep_parses_in_this_process_for_on_parsed(nlp, corpus):
    heard = []
    built = build([corpus], nlp=nlp, jobs="auto", on_parsed=heard.append)
    assert len(heard) == 4 and len(built.rows) > 0
    with pytest.raises(ValueError, match="'auto'"):
        build([corpus], nlp=nlp, jobs=0)


def test_film_result_survives_encoding_with_its_relations():
    ev = Evidence("f/plot.txt", "Ann <b>helps</b> Bob.\u2028", 0, 10, 32, "story.verb.v1", 0.7,
                  surface="helps")
    rel = Relation("character/f/ann", "helps", "character/f/bob", [ev])
    lit = Relation("film/f", "releaseYear", "1977", [ev], literal=True, datatype="gYear")
    blob = encode_relations([rel, lit])
    ann = Entity("character/f/ann", "Character", "Ann", {"Annie"}, "f", "f",
                 [Decision("f", "Ann", "Character", ["called a being ('wife'): wife Ann"],
                           {"Annie": "the same name written 'Annie'"})])
    r = FilmResult("f", "d", [ann],
                   [("character/f/ann", "character/f/bob", 0.7, 2)],
                   encode_rows("<a> <b> <c> .\n<a> <b> \"x\u2028y\" .\n", "<d> <e> \"x\" .\n",
                               {"character/f/ann": "<a> <l> \"Ann\" .\n"}),
                   blob, 1, "v")
    back = FilmResult.from_bytes(r.to_bytes())
    assert back == r
    assert back.relations() == [rel, lit]
    assert back.rows() == (["<a> <b> <c> .", '<a> <b> "x\u2028y" .'], ['<d> <e> "x" .'],
                           {"character/f/ann": ['<a> <l> "Ann" .']})


def _film(key: str, ann: Entity) -> FilmResult:
    film = Entity(f"film/{key}", "Film", key.title())
    fact = Relation(film.key, "castMember", ann.key,
                    [Evidence(f"{key}/plot.txt", "Ann Lee stars.", 0, 0, 14, "r.v1", 0.9)])
    text, n = relation_rows(fact)
    return FilmResult(key, key, [film, ann], [(film.key, ann.key, 0.9, n)],
                      encode_rows(text, "", {e.key: entity_rows([e]) for e in (film, ann)}))


def test_entity_named_differently_by_two_films_gets_the_merged_rows():
    one = _film("one", Entity("person/ann-lee", "Person", "Ann Lee", {"Ann"}))
    two = _film("two", Entity("person/ann-lee", "Person", "Ann Lee", {"A. Lee"}))
    alone = _film("three", Entity("person/ann-lee", "Person", "Ann Lee", {"Ann"}))
    merged = list(merge([one, two]))
    alt = "<http://www.w3.org/2004/02/skos/core#altLabel>"
    assert [r for r in merged if alt in r] == [
        f'<{GBR["person/ann-lee"]}> {alt} "A. Lee" .', f'<{GBR["person/ann-lee"]}> {alt} "Ann" .']
    assert [r for r in merge([alone]) if alt in r] == [f'<{GBR["person/ann-lee"]}> {alt} "Ann" .']


def test_garbage_is_not_a_film_result():
    with pytest.raises(ValueError):
        FilmResult.from_bytes(b"\x00" * 8 + b"garbage")


def test_rows_give_the_serializer_bytes_and_the_graph_report(small_graph):
    g = Graph()
    for t in small_graph:
        g.add(t)
    for i, ch in enumerate(["\x85", "\u2028", "\x0b", "\r\n", "\u2029"]):   # line breaks to str
        g.add((URIRef(f"https://example.org/s{i}"), FILM.sentence, Literal(f"a{ch}b")))
    from_graph = Build(g)
    from_rows = Build(None, rows=from_graph.rows)
    assert from_rows.nt() == serialize(g, "nt")
    assert isomorphic(from_rows.graph, g)
    report = from_rows.report()
    assert report["triples"] == len(g)
    assert report["films"] == len(set(g.subjects(RDF.type, FILM.Film)))
    assert report["facts"] == len(set(g.subjects(RDF.type, RDF.Statement)))
    assert report == from_graph.report()


def test_sorted_rows_spill_sorted_runs_and_merge_them_without_repeats():
    rows = [f'<s{i % 13}> <p> "v{i % 29}\u2028\x85" .' for i in range(200)]
    store = SortedRows(limit=7)
    for i in range(0, 200, 10):
        store.add(rows[i:i + 10])
    store.add([""])
    assert store.spilled > 5
    assert list(store) == sorted(set(rows))
    assert len(store) == len(set(rows))
    assert list(store) == list(store)          # runs can be read again


@pytest.mark.model
def test_graph_spilled_to_disk_is_the_graph_held_in_memory(nlp, corpus, local, monkeypatch):
    monkeypatch.setattr(rows_module, "LIMIT", 50)
    spilled = build([corpus], nlp=nlp)
    assert spilled.rows.spilled > 1
    assert spilled.nt() == local.nt()
    assert spilled.report() == local.report()


def test_split_text_cuts_at_paragraphs_and_covers_the_text():
    text = ("One two three. Four five six.\n\n" * 6) + "x" * 50
    pieces = split_text(text, 70)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert all(len(p) <= 70 for _, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-2])


@pytest.mark.model
def test_long_body_is_parsed_in_pieces_and_stitched_like_a_whole(nlp, monkeypatch):
    para = ("Ted Kramer works in New York. His wife Joanna leaves him in May. "
            "Billy Kramer stays with Ted.\n\n")
    text = para * 12
    doc = normalize(Document("f/plot.txt", "plot.txt", "plot", text, FilmInfo("F")))
    whole = next(parse([doc], nlp))
    monkeypatch.setattr(nlp_module, "MAX_CHARS", 400)
    pieces = next(parse([doc], nlp))
    assert len(split_text(doc.body, 400)) >= 3
    assert [(t.i, t.text, t.idx, t.head) for t in pieces.tokens] == \
        [(t.i, t.text, t.idx, t.head) for t in whole.tokens]
    assert pieces.sents == whole.sents
    assert [(m.text, m.start, m.tok_start, m.sent) for m in pieces.mentions] == \
        [(m.text, m.start, m.tok_start, m.sent) for m in whole.mentions]
    for m in pieces.mentions:
        assert doc.body[m.start:m.end] == m.text


def test_report_counts_statements_whose_rows_straddle_a_chunk(small_graph, monkeypatch):
    from graphbuild.assemble import rows

    whole = Build(small_graph).report()
    real = rows.islice
    monkeypatch.setattr(rows, "islice", lambda it, n: real(it, 3))   # 3-row chunks
    assert Build(small_graph).report() == whole
