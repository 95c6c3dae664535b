"""`graphbuild query`, `serve` and `push` on the command line."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.sparql.store import write_store


@pytest.fixture
def graph_file(small_graph, tmp_path):
    path = tmp_path / "graph.ttl"
    small_graph.serialize(path, format="turtle")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_saved_query_prints_csv(graph_file):
    r = run("query", graph_file, "--name", "characters-and-actors", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes.decode() == (  # CliRunner's .output would turn CRLF into LF
        "film,character,actor\r\n"
        "The Test Film,<script>alert('name')</script>,\r\n"
        "The Test Film,Eve Smith,\r\n"
        "The Test Film,Tom Smith,Ann Actor\r\n")


def test_saved_query_with_a_parameter_prints_a_table(graph_file):
    r = run("query", graph_file, "--name", "characters-of", "--param", "film=The Test Film")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["character", "actor"]
    assert lines[-1] == "(3 rows)"
    assert "Tom Smith  " in r.output and "Ann Actor" in r.output


def test_query_text_uses_graphbuild_prefixes_without_declaring_them(graph_file):
    r = run("query", graph_file, "SELECT ?t WHERE { ?f a film:Film ; rdfs:label ?t }",
            "--format", "tsv")
    assert (r.exit_code, r.output) == (0, '?t\n"The Test Film"\n')


def test_query_file_with_declared_parameter(graph_file, tmp_path):
    rq = tmp_path / "who.rq"
    rq.write_text("# param: who - an alias\n"
                  "SELECT ?label WHERE { ?x skos:altLabel ?who ; rdfs:label ?label }\n")
    r = run("query", graph_file, "-f", rq, "--param", "who=Eve", "--format", "json")
    assert r.exit_code == 0, r.output
    assert '"value": "Eve Smith"' in r.output


def test_query_runs_on_a_store_folder(small_graph, tmp_path):
    store = write_store(small_graph, tmp_path / "store")
    r = run("query", store, "--name", "films-by-director", "--format", "csv")
    assert r.exit_code == 0
    assert r.stdout_bytes == b"director,film,year\r\nBob Actor,The Test Film,1999\r\n"


def test_query_runs_on_an_output_folder(small_graph, tmp_path):
    small_graph.serialize(tmp_path / "graph.nt", format="nt")
    r = run("query", tmp_path, "ASK { ?s a film:Film }")
    assert (r.exit_code, r.output) == (0, "yes\n")


def test_construct_prints_turtle(graph_file):
    r = run("query", graph_file, "CONSTRUCT { ?g a film:Genre } WHERE { ?g a film:Genre }")
    assert r.exit_code == 0
    assert "<https://w3id.org/graphbuild/id/genre/drama> a film:Genre" in r.output


def test_unknown_saved_query_lists_valid_names(graph_file):
    r = run("query", graph_file, "--name", "nope")
    assert r.exit_code == 1
    assert r.output.startswith("Error: unknown saved query 'nope'; choose one of: character, ")
    assert "characters-of" in r.output


def test_missing_parameter_is_an_error_that_names_it(graph_file):
    r = run("query", graph_file, "--name", "evidence", "--param", "subject=Tom")
    assert r.exit_code == 1
    assert "--param predicate=VALUE" in r.output and "--param object=VALUE" in r.output


def test_service_is_refused(graph_file):
    r = run("query", graph_file, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert r.exit_code == 1 and r.output.startswith("Error: SERVICE is refused")


def test_malformed_query_is_an_error_with_the_position(graph_file):
    r = run("query", graph_file, "SELECT ?s WHERE { ?s ?p }")
    assert r.exit_code == 1 and r.output.startswith("Error: malformed SPARQL: error at 1:")


@pytest.mark.parametrize("args", [
    ["SELECT * WHERE { ?s ?p ?o }", "--name", "films-by-director"],
    [],
    ["SELECT * WHERE { ?s ?p ?o }", "--param", "x=1"],
])
def test_query_usage_errors_exit_2(graph_file, args):
    assert run("query", graph_file, *args).exit_code == 2


def test_bad_param_syntax_exits_2(graph_file):
    r = run("query", graph_file, "--name", "characters-of", "--param", "film")
    assert r.exit_code == 2 and "NAME=VALUE" in r.output


def test_list_shows_saved_queries_and_their_parameters():
    r = run("query", "--list")
    assert r.exit_code == 0
    assert "characters-of --param film=...\n    Characters of a film\n" in r.output
    assert "evidence --param subject=... --param predicate=... --param object=..." in r.output


def test_missing_graph_file_is_an_error(tmp_path):
    r = run("query", tmp_path / "missing.ttl", "ASK {}")
    assert r.exit_code == 1 and "does not exist" in r.output


@pytest.mark.parametrize("command", ["query", "serve", "push"])
def test_every_command_has_help(command):
    r = run(command, "--help")
    assert r.exit_code == 0 and len(r.output.splitlines()) > 5


def test_push_to_a_closed_port_says_it_cannot_reach_it(graph_file):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run("push", graph_file, "--endpoint", f"http://127.0.0.1:{port}/store")
    assert r.exit_code == 1 and r.output.startswith(f"Error: cannot reach http://127.0.0.1:{port}")


def test_push_refuses_a_non_http_endpoint(graph_file):
    r = run("push", graph_file, "--endpoint", "file:///etc/passwd")
    assert r.exit_code == 1 and "not an http(s) URL" in r.output


def test_serve_reports_a_port_in_use(graph_file):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        r = run("serve", graph_file, "--port", s.getsockname()[1], "--workers", 1)
    assert r.exit_code == 1 and "cannot listen on 127.0.0.1" in r.output


def test_serve_passes_its_limits_hosts_and_origins_to_the_server(graph_file, monkeypatch):
    import graphbuild.sparql.server as server_module

    seen = {}

    class Stop(Exception):
        pass

    def fake_make_server(source, **options):
        seen.update(options)
        raise Stop

    monkeypatch.setattr(server_module, "make_server", fake_make_server)
    r = run("serve", graph_file, "--port", 0, "--max-memory", 300, "--allow-host", "graph.lan",
            "--cors", "https://yasgui.example", "--cors", "*")
    assert isinstance(r.exception, Stop)
    assert seen["max_memory"] == 300 and seen["allow_hosts"] == ("graph.lan",)
    assert seen["cors"] == ("https://yasgui.example", "*")


def test_a_query_from_standard_input(graph_file):
    r = CliRunner().invoke(main, ["query", str(graph_file), "-", "--format", "csv"],
                           input="SELECT (COUNT(*) AS ?n) WHERE { ?f a film:Film }\n")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "n"


def test_a_query_file_from_standard_input_keeps_its_parameters(graph_file):
    text = "# param: name\nSELECT ?f WHERE { ?f rdfs:label ?name }\n"
    r = CliRunner().invoke(main, ["query", str(graph_file), "-f", "-", "--param",
                                  "name=Drama", "--format", "csv"], input=text)
    assert r.exit_code == 0, r.output
    assert "genre/drama" in r.output


def test_table_iris_can_be_pasted_back_into_a_query(graph_file):
    r = run("query", graph_file, "SELECT ?f WHERE { ?f a film:Film }")
    assert r.exit_code == 0, r.output
    iri = next(w for w in r.output.split() if "the-test-film-1999" in w)
    assert iri.startswith("<https://") and iri.endswith(">")   # gbr:film/... is no SPARQL
    r = run("query", graph_file, f"ASK {{ {iri} a film:Film }}", "--format", "json")
    assert r.exit_code == 0 and '"boolean": true' in r.output


def test_an_undefined_prefix_is_named_not_a_character_class_dump(graph_file):
    r = run("query", graph_file, "SELECT * WHERE { ?s foo:bar ?o }")
    assert r.exit_code == 1
    assert "unknown prefix foo:" in r.output and "\\u{" not in r.output
    assert len(r.output) < 400
    r = run("query", graph_file, "PREFIX foo: <http://x/> SELECT * WHERE { ?s foo:bar ?o }")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("alias,start", [("turtle", "@prefix"), ("ttl", "@prefix"),
                                         ("ntriples", "<"), ("jsonld", "[")])
def test_format_names_other_tools_use_are_accepted(graph_file, alias, start):
    r = run("query", graph_file, "CONSTRUCT { ?f a film:Film } WHERE { ?f a film:Film }",
            "--format", alias)
    assert r.exit_code == 0, r.output
    assert r.output.lstrip().startswith(start)
