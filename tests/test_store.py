"""graphbuild.sparql.store: the persistent on-disk store."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graphbuild.errors import GraphbuildError, GraphLoadError
from graphbuild.sparql.query import query, saved_queries
from graphbuild.sparql.store import (
    MARKER,
    is_store,
    open_store,
    store_info,
    write_store,
)

NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}


def _text(term) -> str | None:
    """A term as text, numbers in one canonical form: Oxigraph keeps numeric
    values, not their lexical form ("0.80" comes back as "0.8")."""
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        return str(Decimal(str(term)).normalize())
    return str(term)


def _rows(rows):
    return sorted(tuple(_text(t) for t in row) for row in rows)


def test_written_store_answers_like_rdflib(small_graph, tmp_path):
    small_graph.add((BNode("x1"), URIRef("http://x/p"), Literal("chat", lang="fr")))
    store_dir = write_store(small_graph, tmp_path / "store")
    assert is_store(store_dir)
    text = ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s)) }")
    ours = _rows(query(store_dir, text).rows)
    theirs = _rows(small_graph.query(text))
    assert ours == theirs and len(ours) == len(small_graph) - 1
    lang = query(store_dir, "SELECT ?o WHERE { ?s <http://x/p> ?o }").rows
    assert lang == [(Literal("chat", lang="fr"),)]


@pytest.mark.parametrize("name", ["characters-and-actors", "films-by-director", "class-counts",
                                  "story-relations"])
def test_saved_queries_give_the_same_rows_on_the_store_and_in_rdflib(small_graph, tmp_path, name):
    store_dir = write_store(small_graph, tmp_path / "store")
    text = saved_queries()[name].text
    assert _rows(query(store_dir, text).rows) == _rows(small_graph.query(text))


def test_store_json_records_what_was_written(small_graph, tmp_path):
    store_dir = write_store(small_graph, tmp_path / "store")
    info = store_info(store_dir)
    assert info["format"] == "graphbuild-store" and info["triples"] == len(small_graph)
    assert json.loads((store_dir / MARKER).read_text()) == info


def test_a_store_opens_read_only(small_graph, tmp_path):
    import pyoxigraph as ox

    store = open_store(write_store(small_graph, tmp_path / "store"))
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) \
        == len(small_graph)
    with pytest.raises(RuntimeError, match="read-write"):
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")


def test_writing_again_replaces_the_store(small_graph, tmp_path):
    target = tmp_path / "store"
    write_store(small_graph, target)
    smaller = small_graph.__class__()
    smaller.add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("only")))
    write_store(smaller, target)
    assert len(query(target, "SELECT * WHERE { ?s ?p ?o }").rows) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # nothing left aside


def test_a_failed_write_leaves_the_old_store_and_no_temporary_folder(small_graph, tmp_path,
                                                                     monkeypatch):
    target = tmp_path / "store"
    write_store(small_graph, target)

    def broken(graph, store=None):
        raise RuntimeError("killed mid-load")
    monkeypatch.setattr("graphbuild.sparql.store.graph_to_store", broken)
    with pytest.raises(RuntimeError):
        write_store(small_graph, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert len(query(target, "SELECT * WHERE { ?s ?p ?o }").rows) == len(small_graph)


def test_write_store_refuses_a_folder_that_is_not_a_store(small_graph, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(GraphbuildError, match="not a graphbuild store"):
        write_store(small_graph, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_write_store_accepts_an_empty_folder(small_graph, tmp_path):
    (tmp_path / "empty").mkdir()
    assert is_store(write_store(small_graph, tmp_path / "empty"))


def test_is_store_is_false_for_files_output_folders_and_missing_paths(small_graph, tmp_path):
    small_graph.serialize(tmp_path / "graph.ttl", format="turtle")
    assert not is_store(tmp_path / "graph.ttl")
    assert not is_store(tmp_path)
    assert not is_store(tmp_path / "missing")


def test_open_store_on_a_plain_folder_says_how_to_make_one(tmp_path):
    with pytest.raises(GraphLoadError, match="--store"):
        open_store(tmp_path)


def test_a_bare_oxigraph_folder_counts_as_a_store(small_graph, tmp_path):
    import pyoxigraph as ox

    from graphbuild.sparql.store import graph_to_store

    store = ox.Store(str(tmp_path / "bare"))
    graph_to_store(small_graph, store)
    store.flush()
    del store
    assert is_store(tmp_path / "bare")
    assert len(query(tmp_path / "bare", "SELECT * WHERE { ?s ?p ?o }").rows) == len(small_graph)


def test_load_graph_or_store_reads_both(small_graph, tmp_path, assert_isomorphic):
    from graphbuild.sparql.store import load_graph_or_store

    small_graph.serialize(tmp_path / "graph.ttl", format="turtle")
    write_store(small_graph, tmp_path / "store")
    from_store = load_graph_or_store(tmp_path / "store")
    assert len(from_store) == len(small_graph)
    assert_isomorphic(load_graph_or_store(tmp_path / "graph.ttl"), small_graph)


# --- graphs as datasets: document graphs and a default graph that holds all -------

DOC = "https://w3id.org/graphbuild/id/document/the-test-film-1999/plot-txt"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _quads(store) -> set:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


def _facts(graph) -> set:
    """The (s, p, o) of every reified fact of a graph, as text."""
    from rdflib.namespace import RDF
    return {tuple(str(graph.value(st, p)) for p in (RDF.subject, RDF.predicate, RDF.object))
            for st in graph.subjects(RDF.type, RDF.Statement)}


def test_graph_dot_trig_and_the_triples_give_the_same_dataset(small_graph, tmp_path):
    import pyoxigraph as ox

    from graphbuild.outputs.rdf import export
    from graphbuild.sparql.store import fill

    export(small_graph, tmp_path / "out", files=("graph.trig", "graph.nt"))
    from_trig = fill(ox.Store(), tmp_path / "out" / "graph.trig")
    from_nt = fill(ox.Store(), tmp_path / "out" / "graph.nt")
    from_graph = fill(ox.Store(), small_graph)
    assert _quads(from_trig) == _quads(from_nt) == _quads(from_graph)
    # each document's graph holds the facts read from it, and only those
    [(graph, n)] = [(r[0].value, int(r[1].value)) for r in from_trig.query(PER_GRAPH)]
    assert graph == DOC and n == len(_facts(small_graph)) == 10


@pytest.mark.parametrize("source", ["graph.trig", "graph.nq", "graph.nt", "folder", "store"])
def test_graph_queries_answer_on_every_kind_of_source(small_graph, tmp_path, source):
    from graphbuild.outputs.rdf import export

    export(small_graph, tmp_path / "out", files=("graph.trig", "graph.nq", "graph.nt"))
    path = {"folder": tmp_path / "out", "store": write_store(small_graph, tmp_path / "store")
            }.get(source, tmp_path / "out" / source)
    rows = query(path, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <%s>) }"
                 % DOC).rows
    assert {tuple(map(str, r)) for r in rows} == _facts(small_graph)
    # without GRAPH: the whole graph, each triple once (the union, not one per graph)
    assert len(query(path, "SELECT * WHERE { ?s ?p ?o }").rows) == len(small_graph)


def test_a_trig_file_keeps_the_graphs_it_names(tmp_path):
    path = tmp_path / "mine.trig"
    path.write_text("<http://x/a> <http://x/p> 1 .\n"
                    "<http://x/g1> { <http://x/a> <http://x/p> 2 . <http://x/b> <http://x/p> 3 }\n"
                    "<http://x/g2> { <http://x/a> <http://x/p> 2 }\n", encoding="utf-8")
    counts = {str(r[0]): int(str(r[1])) for r in query(path, PER_GRAPH).rows}
    assert counts == {"http://x/g1": 2, "http://x/g2": 1}
    assert len(query(path, "SELECT * WHERE { ?s ?p ?o }").rows) == 3


def test_a_broken_trig_file_says_so(tmp_path):
    path = tmp_path / "bad.trig"
    path.write_text("<http://x/g> { <http://x/a> <http://x/p> ", encoding="utf-8")
    with pytest.raises(GraphLoadError, match="bad.trig is not valid trig"):
        query(path, "ASK {}")
