"""graphbuild.sparql.push against a real Oxigraph server (and a header-recording one)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graphbuild.cli import main
from graphbuild.rdf.vocab import GBR
from graphbuild.sparql.push import (
    PushError,
    auth_header,
    chunks,
    push,
    push_dataset,
    target_url,
)

NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    """The base URL of an Oxigraph server on a free loopback port."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed "
                    "(pip install oxigraph; it is in the test extra)")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except (urllib.error.URLError, OSError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


def _fetch(base: str, graph_iri: str | None = None) -> Graph:
    """The content of a graph of the store, read back over the Graph Store Protocol."""
    url = target_url(f"{base}/store", graph_iri)
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as r:
        return Graph().parse(data=r.read().decode(), format="nt")


def _canonical(graph: Graph) -> Graph:
    """Numbers in one lexical form: Oxigraph stores values ("0.80" -> "0.8")."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in NUMERIC:
            o = Literal(str(Decimal(str(o)).normalize()), datatype=o.datatype)
        out.add((s, p, o))
    return out


@pytest.fixture
def assert_stored(assert_isomorphic):
    """assert_stored(local, stored): isomorphic once numbers are canonical."""
    return lambda local, stored: assert_isomorphic(_canonical(local), _canonical(stored))


def test_push_round_trips_the_graph_through_oxigraph_in_chunks(assert_stored, oxigraph,
                                                               small_graph):
    report = push(small_graph, f"{oxigraph}/store", chunk=7)
    assert report.triples == len(small_graph)
    assert report.chunks == -(-len(small_graph) // 7)
    assert_stored(small_graph, _fetch(oxigraph))


def test_push_to_a_named_graph_with_replace_keeps_one_copy(assert_stored, oxigraph, small_graph):
    iri = "https://example.org/graphs/test-film"
    push(small_graph, f"{oxigraph}/store", graph_iri=iri, chunk=50)
    push(small_graph, f"{oxigraph}/store", graph_iri=iri, chunk=50, replace=True)
    assert_stored(small_graph, _fetch(oxigraph, iri))
    assert len(_fetch(oxigraph)) == 0  # the default graph was left alone


def test_blank_nodes_stay_one_node_across_chunks(assert_stored, oxigraph):
    g = Graph()
    ex = "http://example.org/"
    for i in range(5):
        a, b = BNode(), BNode()
        g.add((URIRef(f"{ex}s{i}"), URIRef(f"{ex}p"), a))
        g.add((a, URIRef(f"{ex}q"), b))
        g.add((b, URIRef(f"{ex}r"), Literal(i)))
        g.add((URIRef(f"{ex}t{i}"), URIRef(f"{ex}p"), Literal(f"plain {i}")))
    push(g, f"{oxigraph}/store", chunk=1)
    assert_stored(g, _fetch(oxigraph))


def test_cli_push_reports_what_it_sent(assert_stored, oxigraph, small_graph, tmp_path):
    path = tmp_path / "graph.ttl"
    small_graph.serialize(path, format="turtle")
    r = CliRunner().invoke(main, ["push", str(path), "--endpoint", f"{oxigraph}/store",
                                  "--chunk", "100"])
    assert r.exit_code == 0, r.output
    # the whole graph (189 triples, 2 chunks), then the document's 10 facts (1 chunk)
    assert r.output == (f"pushed {len(small_graph) + 10} triples in 3 chunks to default graph "
                        f"and 1 document graph at {oxigraph}/store\n")
    assert_stored(small_graph, _fetch(oxigraph))
    assert len(_fetch(oxigraph, str(GBR["document/the-test-film-1999/plot-txt"]))) == 10


def test_cli_push_reads_a_store_folder(assert_stored, oxigraph, small_graph, tmp_path):
    from graphbuild.sparql.store import write_store

    store = write_store(small_graph, tmp_path / "store")
    r = CliRunner().invoke(main, ["push", str(store), "--endpoint", f"{oxigraph}/store"])
    assert r.exit_code == 0, r.output
    assert_stored(small_graph, _fetch(oxigraph))


def _remote(base: str, sparql: str) -> list[dict]:
    """SELECT rows from the store's own SPARQL endpoint."""
    url = f"{base}/query?" + urllib.parse.urlencode({"query": sparql})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request) as r:
        return json.loads(r.read())["results"]["bindings"]


PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def test_push_sends_each_documents_graph_under_its_own_iri(assert_stored, oxigraph, small_graph,
                                                          tmp_path):
    from graphbuild.outputs.rdf import export

    export(small_graph, tmp_path / "out", files=("graph.trig",))
    for _ in range(2):    # pushed twice with --replace: each graph holds one copy
        r = CliRunner().invoke(main, ["push", str(tmp_path / "out"), "--endpoint",
                                      f"{oxigraph}/store", "--replace"])
        assert r.exit_code == 0, r.output
    doc = str(GBR["document/the-test-film-1999/plot-txt"])
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in _remote(oxigraph, PER_GRAPH)}
    assert counts == {doc: 10}
    facts = _remote(oxigraph, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}")
    stated = {(str(small_graph.value(st, RDF.subject)), str(small_graph.value(st, RDF.predicate)),
               str(small_graph.value(st, RDF.object)))
              for st in small_graph.subjects(RDF.type, RDF.Statement)}
    assert {(b["s"]["value"], b["p"]["value"], b["o"]["value"]) for b in facts} == stated
    assert_stored(small_graph, _fetch(oxigraph))    # the default graph holds everything


def test_push_flat_sends_the_whole_graph_only(assert_stored, oxigraph, small_graph):
    report = push_dataset(small_graph, f"{oxigraph}/store", graph_iri="https://example.org/g",
                          flat=True)
    assert (report.triples, report.document_graphs) == (len(small_graph), 0)
    assert {b["g"]["value"] for b in _remote(oxigraph, PER_GRAPH)} == {"https://example.org/g"}
    assert_stored(small_graph, _fetch(oxigraph, "https://example.org/g"))


def test_a_wrong_endpoint_path_says_what_to_check(oxigraph, small_graph):
    with pytest.raises(PushError, match="Graph Store endpoint"):
        push(small_graph, f"{oxigraph}/nowhere")


# --- without a store ------------------------------------------------------------

class _Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append((self.path, dict(self.headers), body))
        status = 401 if self.headers.get("Authorization") == "Bearer wrong" else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


def test_token_is_sent_as_bearer_and_chunks_are_n_triples(recorder, small_graph):
    url, seen = recorder
    push(small_graph, f"{url}/data", graph_iri="http://g/1", chunk=100,
         environ={"GRAPHBUILD_TOKEN": "s3cret"})
    assert len(seen) == 2
    path, headers, body = seen[0]
    assert path == "/data?graph=http%3A%2F%2Fg%2F1"
    assert headers["Authorization"] == "Bearer s3cret"
    assert headers["Content-Type"].startswith("application/n-triples")
    assert len(Graph().parse(data=body.decode(), format="nt")) == 100


def test_user_and_password_are_sent_as_basic_auth(recorder, small_graph):
    url, seen = recorder
    push(small_graph, f"{url}/data", environ={"GRAPHBUILD_AUTH": "ann:pa:ss"})
    assert seen[0][0] == "/data?default"
    assert seen[0][1]["Authorization"] == "Basic YW5uOnBhOnNz"  # ann:pa:ss


def test_refused_credentials_name_the_variables(recorder, small_graph):
    url, _ = recorder
    with pytest.raises(PushError, match="401.*GRAPHBUILD_AUTH / GRAPHBUILD_TOKEN"):
        push(small_graph, f"{url}/data", environ={"GRAPHBUILD_TOKEN": "wrong"})


def test_auth_settings_are_checked():
    assert auth_header({}) is None
    with pytest.raises(PushError, match="unset one"):
        auth_header({"GRAPHBUILD_AUTH": "a:b", "GRAPHBUILD_TOKEN": "t"})
    with pytest.raises(PushError, match="user:password"):
        auth_header({"GRAPHBUILD_AUTH": "nocolon"})


def test_target_url_keeps_existing_query_parameters():
    assert target_url("http://h/ds/data?x=1", None) == "http://h/ds/data?x=1&default"
    assert target_url("http://h/store", "urn:a/b#c") == "http://h/store?graph=urn%3Aa%2Fb%23c"


@pytest.mark.parametrize("iri", ["has space", "no-scheme", "http://x/<y>"])
def test_an_invalid_graph_iri_is_refused_before_sending(iri):
    with pytest.raises(PushError, match="not an absolute IRI"):
        target_url("http://h/store", iri)


def test_chunks_cover_the_graph_and_respect_the_size(small_graph):
    parts = list(chunks(small_graph, 10))
    assert all(len(p) <= 10 for p in parts)
    assert sum(len(p) for p in parts) == len(small_graph)
    assert set().union(*map(set, parts)) == set(small_graph)


def test_chunks_keep_a_blank_node_group_whole_even_past_the_size():
    g = Graph()
    a, b = BNode(), BNode()
    for i in range(4):
        g.add((a, URIRef(f"http://x/p{i}"), b))
    g.add((b, URIRef("http://x/q"), Literal("end")))
    parts = list(chunks(g, 2))
    assert [len(p) for p in parts] == [5]
