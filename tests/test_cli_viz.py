"""`graphbuild viz` and `graphbuild stats` on a graph file written by hand."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.outputs.rdf import export


@pytest.fixture
def graph_file(small_graph, tmp_path):
    """The small graph written as a build would: a folder with graph.nt and graph.ttl."""
    export(small_graph, tmp_path / "output", files=("graph.nt", "graph.ttl"))
    return tmp_path / "output"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_viz_writes_a_self_contained_page(graph_file, tmp_path):
    out = tmp_path / "page" / "graph.html"
    result = run("viz", graph_file, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "vis.Network" in page
    assert "<title>graphbuild: 1 film</title>" in page


def test_viz_writes_a_folder_when_out_is_not_an_html_file(graph_file, tmp_path):
    out = tmp_path / "site"
    result = run("viz", graph_file / "graph.ttl", "--out", out, "--top", "2")
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    assert (out / "index.html").is_file() and (out / "data" / "film" / "0.js").is_file()
    assert '"top":2' in (out / "index.html").read_text(encoding="utf-8")


def test_viz_film_option_opens_the_page_on_it(graph_file, tmp_path):
    out = tmp_path / "film.html"
    assert run("viz", graph_file, "--out", out, "--film", "the test film").exit_code == 0
    assert '"start":"the-test-film-1999"' in out.read_text(encoding="utf-8")


def test_viz_will_not_replace_a_folder_it_did_not_write(graph_file, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.txt").write_text("x", encoding="utf-8")
    result = run("viz", graph_file, "--out", tmp_path / "mine")
    assert result.exit_code == 1
    assert "Error: " in result.output and "give a new or empty folder" in result.output


def test_viz_unknown_film_is_an_error_naming_the_films(graph_file, tmp_path):
    result = run("viz", graph_file, "--out", tmp_path / "x.html", "--film", "Nope")
    assert result.exit_code == 1
    assert "Error: unknown film 'Nope'; choose one of: The Test Film" in result.output
    assert not (tmp_path / "x.html").exists()


def test_viz_missing_graph_is_an_error(tmp_path):
    result = run("viz", tmp_path / "missing.ttl", "--out", tmp_path / "x.html")
    assert result.exit_code == 1
    assert "Error: " in result.output and "missing.ttl does not exist" in result.output


def test_viz_needs_out_and_a_positive_top(graph_file, tmp_path):
    assert run("viz", graph_file).exit_code == 2
    assert run("viz", graph_file, "--out", tmp_path / "x.html", "--top", "0").exit_code == 2


def test_stats_prints_a_table(graph_file):
    result = run("stats", graph_file)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("8 entities, 10 facts between them, 10 statements, 1 documents\n")
    assert "  Character           3\n" in result.output
    assert "  film:hasCharacter        3\n" in result.output
    assert "The Test Film: Tom Smith (" in result.output


def test_stats_json_is_the_analysis_report(graph_file):
    result = run("stats", graph_file, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["classes"]["Person"] == 2
    assert sum(c["size"] for c in report["communities"]) == 8


def test_stats_exports_graphml_gexf_and_csv(graph_file, tmp_path):
    result = run("stats", graph_file, "--format", "json", "--graphml", tmp_path / "g.graphml",
                 "--gexf", tmp_path / "g.gexf", "--csv", tmp_path / "csv")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # the "wrote" lines go to stderr, stdout stays JSON
    assert f"wrote {tmp_path / 'g.graphml'}" in result.stderr
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == 8
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == 10
    with (tmp_path / "csv" / "edges.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 10


def test_stats_rejects_an_unknown_format(graph_file):
    result = run("stats", graph_file, "--format", "xml")
    assert result.exit_code == 2 and "'xml' is not one of" in result.output


def test_stats_on_a_folder_without_a_graph_says_how_to_make_one(tmp_path):
    result = run("stats", tmp_path)
    assert result.exit_code == 1
    assert "Error: " in result.output and "graphbuild build CORPUS --out DIR" in result.output


def test_viz_and_stats_have_help():
    for cmd in ("viz", "stats"):
        result = run(cmd, "--help")
        assert result.exit_code == 0 and "GRAPH" in result.output


def test_viz_and_stats_read_a_store_folder_as_they_read_the_files(small_graph, graph_file,
                                                                   tmp_path):
    """A store written by build --store is a GRAPH like a file or folder (as for query)."""
    from graphbuild.sparql.store import write_store

    store = write_store(small_graph, tmp_path / "store")
    from_store, from_files = tmp_path / "store.html", tmp_path / "files.html"
    assert run("viz", store, "--out", from_store).exit_code == 0
    assert run("viz", graph_file, "--out", from_files).exit_code == 0
    assert from_store.read_text(encoding="utf-8") == from_files.read_text(encoding="utf-8")
    stats = run("stats", store, "--format", "json")
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output) == json.loads(run("stats", graph_file, "--format",
                                                      "json").output)
