"""RDF export: every format round-trips, TriG splits facts by document, the
same graph gives the same bytes, graphs load back from files and folders,
and files are replaced atomically."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import PROV, RDF, XSD

from graphbuild.assemble.files import write_atomic
from graphbuild.errors import GraphLoadError, UnknownName
from graphbuild.outputs.rdf import (
    DEFAULT_FILES,
    FORMATS,
    export,
    format_for,
    graph_rows,
    load_graph,
    quad_rows,
    serialize,
    write_rows,
)
from graphbuild.rdf.vocab import FILM, GBR, bind_prefixes

ROOT = Path(__file__).resolve().parent.parent
DOC = GBR["document/the-test-film-1999/plot-txt"]
REVIEW = GBR["document/the-test-film-1999/review-txt"]
FILM_NODE = GBR["film/the-test-film-1999"]
TOM = GBR["character/the-test-film-1999/tom-smith"]
EVE = GBR["character/the-test-film-1999/eve-smith"]


def facts_of(graph: Graph, doc) -> set[tuple]:
    """(s, p, o) of every statement with evidence quoted from doc."""
    out = set()
    for st in graph.subjects(RDF.type, RDF.Statement):
        for ev in graph.objects(st, PROV.wasDerivedFrom):
            if graph.value(ev, PROV.wasQuotedFrom) == doc:
                out.add((graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                         graph.value(st, RDF.object)))
    return out


def document_graphs(graph: Graph, fmt: str = "trig") -> Dataset:
    """The graph's TriG (or N-Quads) output, read back by rdflib."""
    ds = Dataset()
    ds.parse(data=serialize(graph, fmt), format=fmt)
    return ds


def add_review_evidence(g: Graph) -> None:
    """A second document: a new fact, and evidence for an existing one."""
    g.add((REVIEW, RDF.type, FILM.Document))
    g.add((EVE, FILM.leaves, TOM))
    for tag, triple in (("r1", (EVE, FILM.leaves, TOM)),
                        ("f7", (TOM, FILM.spouseOf, EVE))):
        st, ev = GBR[f"statement/{tag}"], GBR[f"evidence/{tag}-review"]
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, triple[0]))
        g.add((st, RDF.predicate, triple[1]))
        g.add((st, RDF.object, triple[2]))
        g.add((st, PROV.wasDerivedFrom, ev))
        g.add((ev, PROV.wasQuotedFrom, REVIEW))
        g.add((ev, FILM.confidence, Literal("0.50", datatype=XSD.decimal)))


# --- round trips --------------------------------------------------------------

@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_every_format_round_trips_to_an_isomorphic_graph(small_graph, tmp_path, ext,
                                                         assert_isomorphic):
    [path] = export(small_graph, tmp_path / f"graph{ext}")
    assert path == tmp_path / f"graph{ext}"
    assert_isomorphic(small_graph, load_graph(path))


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_non_ascii_and_markup_survive_every_format(tmp_path, ext, assert_isomorphic):
    g = Graph()
    node = GBR["character/f/amelie"]
    g.add((node, FILM.sentence, Literal('Amélie says "東京" <b>&amp;</b>\n\tand\\ 😀')))
    path = tmp_path / f"g{ext}"
    path.write_text(serialize(g, format_for(path)), encoding="utf-8")
    assert_isomorphic(g, load_graph(path))


@pytest.mark.parametrize("fmt", ["nt", "nquads"])
def test_unicode_line_breaks_inside_literals_keep_each_triple_on_one_line(fmt):
    # aclImdb reviews hold U+0085; N-Triples keeps it raw, and sorting lines
    # with str.splitlines() cut the literal in two
    g = Graph()
    for i, ch in enumerate(["\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\r\n"]):
        g.add((GBR[f"evidence/e{i}"], FILM.sentence, Literal(f"a{ch}b")))
    text = serialize(g, fmt)
    assert text.count("\n") == len(g)
    ds = Dataset()
    ds.parse(data=text, format=fmt)
    assert {(s, p, o) for s, p, o, _ in ds.quads()} == set(g)


def test_trig_and_nquads_round_trip_with_two_documents(small_graph, tmp_path,
                                                       assert_isomorphic):
    add_review_evidence(small_graph)
    for ext in (".trig", ".nq"):
        [path] = export(small_graph, tmp_path / f"graph{ext}")
        assert_isomorphic(small_graph, load_graph(path))


# --- TriG: one named graph per document ----------------------------------

def test_trig_has_one_named_graph_per_document_with_its_facts(small_graph, tmp_path):
    add_review_evidence(small_graph)
    path = tmp_path / "graph.trig"
    path.write_text(serialize(small_graph, "trig"), encoding="utf-8")
    ds = Dataset()
    ds.parse(path, format="trig")
    default = ds.default_graph.identifier
    named = {g.identifier: set(g) for g in ds.graphs() if g.identifier != default}
    assert set(named) == {DOC, REVIEW}
    assert named[DOC] == facts_of(small_graph, DOC)
    assert named[REVIEW] == {(EVE, FILM.leaves, TOM), (TOM, FILM.spouseOf, EVE)}
    # a fact read in two documents is in both graphs
    assert (TOM, FILM.spouseOf, EVE) in named[DOC]


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_default_graph_keeps_descriptions_and_provenance_but_not_facts(small_graph, fmt):
    ds = document_graphs(small_graph, fmt)
    default = set(ds.default_graph)
    facts = facts_of(small_graph, DOC)
    assert not facts & default
    assert (TOM, RDF.type, FILM.Character) in default
    assert (GBR["statement/f7"], RDF.subject, TOM) in default
    assert len(default) + len(facts) == len(small_graph)


def test_fact_without_provenance_stays_in_the_default_graph(small_graph):
    loose = (TOM, FILM.livesIn, GBR["place/new-york"])
    small_graph.add(loose)
    ds = document_graphs(small_graph)
    assert loose in set(ds.default_graph)


def named_quads(rows: list[str]) -> list[str]:
    """quad_rows after the default graph (whose rows are the graph's own)."""
    quads = list(quad_rows(rows))
    default = [q for q in quads if q in set(rows)]
    assert quads[:len(default)] == default
    return quads[len(default):]


def test_a_statement_whose_fact_is_not_in_the_graph_places_nothing(small_graph):
    small_graph.remove((TOM, FILM.spouseOf, EVE))
    rows = graph_rows(small_graph)
    assert len(list(quad_rows(rows))) == len(rows)
    assert not [q for q in named_quads(rows) if str(FILM.spouseOf) in q]


def test_quad_rows_give_the_default_graph_then_each_document_in_order(small_graph):
    add_review_evidence(small_graph)
    rows = graph_rows(small_graph)
    quads = list(quad_rows(rows))
    named = named_quads(rows)
    assert quads[:len(quads) - len(named)] == sorted(quads[:len(quads) - len(named)])
    graphs = [q.rsplit(" ", 2)[1] for q in named]
    assert graphs == sorted(graphs) and set(graphs) == {f"<{DOC}>", f"<{REVIEW}>"}
    # a fact read in two documents is in both graphs, once in each
    spouse = [q for q in named if str(FILM.spouseOf) in q]
    assert sorted(q.rsplit(" ", 2)[1] for q in spouse) == [f"<{DOC}>", f"<{REVIEW}>"]


# --- determinism ---------------------------------------------------------------

def _reordered(g: Graph, seed: int) -> Graph:
    triples = list(g)
    random.Random(seed).shuffle(triples)
    out = Graph()
    bind_prefixes(out)
    for t in triples:
        out.add(t)
    return out


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "json-ld", "xml"])
def test_same_graph_in_other_insertion_order_gives_the_same_bytes(small_graph, fmt):
    add_review_evidence(small_graph)
    first = serialize(_reordered(small_graph, 1), fmt)
    assert serialize(_reordered(small_graph, 2), fmt) == first
    assert serialize(_reordered(small_graph, 3), fmt) == first


_PRINT_ALL_FORMATS = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from conftest import make_small_graph
from graphbuild.outputs.rdf import serialize
g = make_small_graph()
for fmt in ("turtle", "nt", "trig", "nquads", "json-ld", "xml"):
    print(fmt, hashlib.sha256(serialize(g, fmt).encode()).hexdigest())
"""


def test_same_graph_gives_the_same_bytes_in_every_process():
    # TriG, N-Quads, JSON-LD and RDF/XML followed Python's per-process hash
    # order, so two builds of one corpus gave different files.
    code = _PRINT_ALL_FORMATS.format(tests=str(ROOT / "tests"))
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outs[0].count("\n") == 6
    assert outs[0] == outs[1]


def test_ntriples_lines_are_sorted_and_end_with_a_newline(small_graph):
    text = serialize(small_graph, "nt")
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(small_graph)
    assert text.endswith("\n")


def test_files_written_in_pieces_are_the_bytes_of_one_serializer_call(small_graph, monkeypatch):
    """Each piece of rows is serialized on its own and the pieces spliced
    (prefixes once, JSON arrays joined): the same bytes as pyoxigraph
    writing the whole graph in one call."""
    import pyoxigraph as ox

    from graphbuild.outputs import rdf
    from graphbuild.rdf.vocab import PREFIXES

    add_review_evidence(small_graph)
    rows = graph_rows(small_graph)
    monkeypatch.setattr(rdf, "PIECE", 3)
    assert len(list(rdf._chunks(rows))) > 5
    triples = list(ox.parse(("\n".join(rows) + "\n").encode(), format=ox.RdfFormat.N_TRIPLES))
    quads = list(ox.parse("".join(q + "\n" for q in quad_rows(rows)).encode(),
                          format=ox.RdfFormat.N_QUADS))
    prefixes = {p: str(PREFIXES[p]) for p in rdf.TURTLE_PREFIXES}
    assert serialize(small_graph, "turtle") == ox.serialize(
        triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode()
    assert serialize(small_graph, "json-ld") == ox.serialize(
        triples, format=ox.RdfFormat.JSON_LD).decode() + "\n"
    assert serialize(small_graph, "trig") == ox.serialize(
        quads, format=ox.RdfFormat.TRIG, prefixes=prefixes).decode()
    assert serialize(small_graph, "nquads") == "".join(q + "\n" for q in quad_rows(rows))


def test_every_file_of_a_build_is_written_in_one_pass(small_graph, tmp_path):
    rows = graph_rows(small_graph)
    seen = []

    class Once(list):
        def __iter__(self):
            seen.append("pass")
            return super().__iter__()

    names = ["graph.ttl", "graph.jsonld", "graph.nt"]
    write_rows(Once(rows), [tmp_path / n for n in names])
    assert seen == ["pass"]
    for name in names:
        assert (tmp_path / name).read_text(encoding="utf-8") == serialize(
            small_graph, FORMATS["." + name.split(".")[1]])


# --- formats and loading -----------------------------------------------------------

def test_format_for_known_extensions_case_insensitive():
    assert format_for("a/graph.TTL") == "turtle"
    assert format_for("graph.nq") == "nquads"


def test_unknown_extension_error_lists_the_valid_ones(tmp_path):
    with pytest.raises(UnknownName) as e:
        format_for(tmp_path / "graph.csv")
    for ext in FORMATS:
        assert ext in str(e.value)
    with pytest.raises(UnknownName, match="RDF file extension"):
        export(Graph(), tmp_path / "out", files=("graph.csv",))


def test_load_graph_from_a_folder_prefers_graph_nt_then_graph_ttl(tmp_path, small_graph,
                                                                  assert_isomorphic):
    other = Graph()
    other.add((TOM, FILM.kills, EVE))
    (tmp_path / "graph.ttl").write_text(serialize(other, "turtle"), encoding="utf-8")
    (tmp_path / "graph.nt").write_text(serialize(small_graph, "nt"), encoding="utf-8")
    assert_isomorphic(small_graph, load_graph(tmp_path))
    (tmp_path / "graph.nt").unlink()
    assert_isomorphic(other, load_graph(tmp_path))


def test_load_graph_from_a_folder_takes_any_rdf_file_when_no_graph_file(
        tmp_path, small_graph, assert_isomorphic):
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    (tmp_path / "mine.nq").write_text(serialize(small_graph, "nquads"), encoding="utf-8")
    assert_isomorphic(small_graph, load_graph(tmp_path))


def test_load_graph_from_an_export_folder(tmp_path, small_graph, assert_isomorphic):
    written = export(small_graph, tmp_path / "out")
    assert [p.name for p in written] == list(DEFAULT_FILES)
    assert all(p.is_file() for p in written)
    assert_isomorphic(small_graph, load_graph(tmp_path / "out"))


def test_load_graph_errors_say_what_to_do(tmp_path):
    with pytest.raises(GraphLoadError, match="holds no graph file.*graphbuild build"):
        load_graph(tmp_path)
    with pytest.raises(GraphLoadError, match="does not exist"):
        load_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphLoadError, match="bad.ttl is not valid turtle"):
        load_graph(bad)


def test_loaded_graph_has_graphbuild_prefixes(tmp_path, small_graph):
    path = tmp_path / "g.nt"
    path.write_text(serialize(small_graph, "nt"), encoding="utf-8")
    prefixes = dict(load_graph(path).namespaces())
    assert str(prefixes["film"]) == str(FILM)
    assert str(prefixes["gbr"]) == str(GBR)


# --- atomic writes ----------------------------------------------------------------

def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "graph.ttl"
    write_atomic(target, "first\n")
    write_atomic(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


def test_write_atomic_replaces_the_file_not_its_contents(tmp_path):
    target = tmp_path / "graph.ttl"
    write_atomic(target, "old\n")
    with target.open(encoding="utf-8") as reader:   # a reader that opened it before
        inode = os.fstat(reader.fileno()).st_ino
        write_atomic(target, "new\n")
        assert reader.read() == "old\n"
    assert target.stat().st_ino != inode
    assert target.read_text(encoding="utf-8") == "new\n"


def test_write_atomic_failure_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    write_atomic(target, "old\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_write_atomic_honours_the_umask_and_keeps_an_existing_mode(tmp_path):
    # tempfile.mkstemp made every output mode 0600, unreadable to others
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.ttl"
        write_atomic(fresh, "x\n")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.ttl"
        kept.write_text("x\n", encoding="utf-8")
        kept.chmod(0o640)
        write_atomic(kept, "y\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_write_atomic_writes_utf8_with_unix_newlines(tmp_path):
    target = tmp_path / "g.ttl"
    write_atomic(target, "Amélie\n東京\n")
    assert target.read_bytes() == "Amélie\n東京\n".encode("utf-8")
