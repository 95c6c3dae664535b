"""graphbuild.sparql.server with a real client (SPARQLWrapper) on a free loopback port."""

from __future__ import annotations

import json
import socket
import struct
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import make_small_graph
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.compare import isomorphic
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graphbuild.sparql.protocol import negotiate
from graphbuild.sparql.server import is_loopback, make_server

CHARACTERS = ("SELECT ?name WHERE { ?c a film:Character ; rdfs:label ?name } ORDER BY ?name")
NAMES = ["<script>alert('name')</script>", "Eve Smith", "Tom Smith"]
GENRES = "CONSTRUCT { ?g a film:Genre ; rdfs:label ?l } WHERE { ?g a film:Genre ; rdfs:label ?l }"


def _start(**options):
    server = make_server(make_small_graph(), host="127.0.0.1", port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def _stop(server):
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server():
    server = _start(timeout=30, max_results=50, workers=2, max_body=4096)
    yield server
    _stop(server)


@pytest.fixture
def client(server):
    return SPARQLWrapper(server.url + "sparql")


def http(server, path, *, data=None, headers=None, method=None):
    """(status, content type, body text) of one request."""
    request = urllib.request.Request(server.url + path.lstrip("/"), data=data,
                                     headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.headers["Content-Type"], r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read().decode()


def get(server, query, **headers):
    return http(server, "sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


# --- result formats through SPARQLWrapper -------------------------------------------

def test_select_as_sparql_json(client):
    client.setQuery(CHARACTERS)
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    assert data["head"]["vars"] == ["name"]
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == NAMES


def test_select_as_sparql_xml(client):
    client.setQuery(CHARACTERS)
    client.setReturnFormat(XML)
    doc = client.queryAndConvert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == NAMES


def test_select_as_csv(client):
    client.setQuery(CHARACTERS)
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().split("\r\n") == ["name", *NAMES, ""]


def test_select_as_tsv(client):
    client.setQuery(CHARACTERS)
    client.setReturnFormat(TSV)
    assert client.queryAndConvert().decode().splitlines() == ["?name", *[f'"{n}"' for n in NAMES]]


def test_ask_as_json(client):
    client.setQuery("ASK { ?f a film:Film }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


def _expected_genres() -> Graph:
    g = make_small_graph()
    prefixes = "PREFIX film: <https://w3id.org/graphbuild/film#> " \
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    return g.query(prefixes + GENRES).graph


def test_construct_as_turtle(client):
    client.setQuery(GENRES)
    client.setReturnFormat(TURTLE)
    text = client.queryAndConvert().decode()
    assert isomorphic(Graph().parse(data=text, format="turtle"), _expected_genres())


def test_construct_as_json_ld(client):
    client.setQuery(GENRES)
    client.setReturnFormat(JSONLD)
    got = Graph()
    for triple in client.queryAndConvert():
        got.add(triple)
    assert isomorphic(got, _expected_genres())


def test_describe_as_turtle(client):
    client.setQuery("DESCRIBE <https://w3id.org/graphbuild/id/genre/drama>")
    client.setReturnFormat(TURTLE)
    got = Graph().parse(data=client.queryAndConvert().decode(), format="turtle")
    assert len(got) == 2 and "Drama" in {str(o) for o in got.objects()}


def test_post_form_and_post_direct_give_the_same_answer(client):
    client.setQuery(CHARACTERS)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    by_form = client.queryAndConvert()
    client.setRequestMethod(POSTDIRECTLY)
    assert client.queryAndConvert() == by_form
    assert len(by_form["results"]["bindings"]) == 3


def test_accept_header_alone_chooses_the_format(server):
    status, ctype, _ = get(server, CHARACTERS,
                           Accept="text/csv;q=0.5, application/sparql-results+xml")
    assert (status, ctype) == (200, "application/sparql-results+xml; charset=utf-8")
    status, ctype, _ = get(server, GENRES, Accept="application/n-triples")
    assert (status, ctype) == (200, "application/n-triples; charset=utf-8")


def test_no_accept_header_gives_json_for_select_and_turtle_for_construct(server):
    assert get(server, CHARACTERS)[1].startswith("application/sparql-results+json")
    assert get(server, GENRES)[1].startswith("text/turtle")


def test_unacceptable_format_is_406_listing_the_offered_ones(server):
    status, _, body = get(server, CHARACTERS, Accept="image/png")
    assert status == 406 and "text/csv" in body


def test_negotiate_prefers_higher_q_and_understands_wildcards():
    assert negotiate("select", "text/csv;q=0.2, text/*;q=0.9") == (
        "xml", "application/sparql-results+xml")  # text/xml is the first text/ type offered
    assert negotiate("graph", "*/*") == ("turtle", "text/turtle")
    assert negotiate("select", "application/json;q=0, text/csv") == ("csv", "text/csv")
    assert negotiate("graph", "text/html", ["json-ld"]) == ("json-ld", "application/ld+json")
    assert negotiate("select", "text/html") is None


def test_saved_query_parameters_over_http(server):
    from graphbuild.sparql.query import saved_query

    form = urllib.parse.urlencode({"query": saved_query("characters-of").text,
                                   "param.film": "The Test Film"}).encode()
    status, _, body = http(server, "sparql", data=form, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 3


# --- errors and refusals ------------------------------------------------------

def test_malformed_query_is_400_with_the_parser_message(client, server):
    client.setQuery("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        client.query()
    status, ctype, body = get(server, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and body.startswith("Malformed query: error at 1:")


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "DELETE WHERE { ?s ?p ?o }",
])
def test_updates_and_load_are_refused_through_sparqlwrapper(client, server, update):
    client.setQuery(update)
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as e:
        client.query()
    assert e.value.code == 403
    assert "read-only" in e.value.read().decode()
    # and the graph is unchanged
    assert json.loads(get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])[
        "results"]["bindings"][0]["n"]["value"] == str(len(make_small_graph()))


def test_an_update_sent_as_a_query_is_refused(server):
    status, _, body = get(server, "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }")
    assert status == 403 and "SPARQL Update (INSERT) is refused" in body


def test_service_is_refused_and_no_request_leaves_the_server(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    try:
        status, _, body = get(server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                                      "{ ?s ?p ?o } }")
        assert status == 403 and "SERVICE is refused" in body
        with pytest.raises(socket.timeout):
            listener.accept()  # nobody knocked
    finally:
        listener.close()


def test_oversized_result_is_refused_with_413(server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413
    assert "more than 50 rows" in body and "not truncated" in body


def test_oversized_request_body_is_413(server):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000
    status, _, body = http(server, "sparql", data=query.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and "4096 bytes" in body


def test_unknown_content_type_is_415(server):
    status, _, _ = http(server, "sparql", data=b"{}", headers={"Content-Type": "application/json"})
    assert status == 415


def test_put_and_delete_are_405(server):
    assert http(server, "sparql", data=b"x", method="PUT")[0] == 405
    assert http(server, "sparql", method="DELETE")[0] == 405


def test_get_without_a_query_gives_the_service_description(server):
    status, ctype, body = http(server, "sparql")
    assert status == 200 and ctype.startswith("text/turtle")
    sd = Graph().parse(data=body, format="turtle")
    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    [service] = sd.subjects(RDF.type, SD.Service)
    assert sd.value(service, SD.endpoint) == URIRef(server.url + "sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
    # the default graph is the union of the document graphs, and says so
    assert (service, SD.feature, SD.UnionDefaultGraph) in sd
    dataset = sd.value(service, SD.defaultDataset)
    assert "union" in str(sd.value(dataset, RDFS.comment))
    status, ctype, body = http(server, "sparql", headers={"Accept": "application/ld+json"})
    assert status == 200 and ctype.startswith("application/ld+json")


def test_a_client_that_disconnects_mid_response_does_not_break_the_server(server):
    big = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    for _ in range(5):
        s = socket.create_connection(server.server_address[:2])
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.sendall(f"GET /sparql?{big} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
        s.close()  # reset before reading the answer
    assert get(server, "ASK { ?s ?p ?o }")[0] == 200


# --- timeout ------------------------------------------------------------------

def test_a_slow_query_times_out_with_503_and_the_server_recovers():
    server = _start(timeout=0.5, workers=1)
    try:
        # a 4-way cross product of ~190 triples: over a billion rows to count
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        status, _, body = get(server, slow)
        assert status == 503
        assert "longer than 0.5 s" in body and "--timeout" in body
        # the killed worker is replaced; the next query is answered
        status, _, body = get(server, "ASK { ?s a film:Film }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        _stop(server)


# --- the page -----------------------------------------------------------------

def test_page_has_a_query_box_and_loads_only_local_files(server):
    status, ctype, body = http(server, "/")
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert "<textarea" in body and 'src="static/app.js"' in body
    assert "http://" not in body.replace("&lt;http://", "") and "https://" not in body.replace(
        "&lt;https://", "")
    status, ctype, js = http(server, "static/app.js")
    assert status == 200 and ctype.startswith("text/javascript")
    assert "innerHTML" not in js  # values are drawn as text


def test_page_sends_a_content_security_policy(server):
    with urllib.request.urlopen(server.url) as r:
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]


def test_static_files_cannot_escape_their_folder(server):
    assert http(server, "static/../../server.py")[0] == 404
    assert http(server, "static/%2e%2e%2fserver.py")[0] == 404


def test_saved_queries_are_listed_with_their_parameters(server):
    status, _, body = http(server, "queries")
    listing = {q["name"]: q for q in json.loads(body)}
    assert status == 200
    assert listing["characters-of"]["params"] == {
        "film": "the film's title or an alias as written in the graph, e.g. Kramer vs. Kramer"}
    assert listing["characters-and-actors"]["text"].lstrip().startswith("# title:")


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


# --- the page in a browser ----------------------------------------------------------

@pytest.mark.browser
def test_page_runs_a_saved_query_and_shows_payloads_as_text(server):
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            requests, dialogs, errors = [], [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            page.click("button[data-name='characters-of']")
            page.fill("#param-film", "The Test Film")
            page.click("#run")
            page.wait_for_selector("#results table")
            cells = page.locator("#results td").all_text_contents()
            assert "<script>alert('name')</script>" in cells and "Ann Actor" in cells
            assert page.locator("#results script, #results img").count() == 0
            assert page.text_content("#status").startswith("3 rows")
            page.fill("#query", "SELECT ?s WHERE { ?s ?p }")
            page.click("#run")
            page.wait_for_selector("#results pre.error")
            assert "Malformed query" in page.text_content("#results pre.error")
        finally:
            browser.close()
    assert dialogs == [] and errors == []
    assert all(url.startswith(server.url) for url in requests), requests


# --- the graph as a dataset: one named graph per document ---------------------------

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DOC = "https://w3id.org/graphbuild/id/document/the-test-film-1999/plot-txt"


def _per_graph(server) -> dict[str, int]:
    status, _, body = get(server, PER_GRAPH, Accept="application/sparql-results+json")
    assert status == 200, body
    return {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]}


def test_graph_queries_answer_on_a_served_graph(server):
    assert _per_graph(server) == {DOC: 10}
    status, _, body = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                          Accept="application/sparql-results+json")
    n = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert n == len(make_small_graph())   # the union holds each triple once


def test_a_served_trig_file_keeps_its_document_graphs(tmp_path):
    from graphbuild.outputs.rdf import export

    [path] = export(make_small_graph(), tmp_path / "graph.trig")
    server = make_server(path, host="127.0.0.1", port=0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert _per_graph(server) == {DOC: 10}
    finally:
        _stop(server)
