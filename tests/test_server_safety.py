"""The SPARQL endpoint under hostile and heavy use, on a free loopback port:
nothing changes the data or leaves the machine, malformed and oversized
requests get a 4xx that says why, a bounded load test ends with no errors,
and clients that hang up or stall do not take the server down."""

from __future__ import annotations

import inspect
import json
import re
import socket
import statistics
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.rdf.vocab import FILM, GBR
from graphbuild.sparql.server import make_server

PEOPLE = 3000
MAX_BODY = 4096
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def people_graph() -> Graph:
    """A graph large enough that CONSTRUCT of all of it is about a megabyte."""
    g = Graph()
    film = GBR["film/a-film-1999"]
    g.add((film, RDF.type, FILM.Film))
    g.add((film, RDFS.label, Literal("A Film")))
    for i in range(PEOPLE):
        p = GBR[f"person/p{i}"]
        g.add((p, RDF.type, FILM.Person))
        g.add((p, RDFS.label, Literal(f"Person {i} <b>\"{'x' * 40}\"</b>")))
        g.add((film, FILM.castMember, p))
    return g


TRIPLES = 2 + 3 * PEOPLE


@pytest.fixture(scope="module")
def server():
    server = make_server(people_graph(), host="127.0.0.1", port=0, timeout=20,
                         max_results=TRIPLES + 10, workers=2, max_body=MAX_BODY)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def request(server, path: str, *, data: bytes | None = None, headers=None, method=None,
            timeout: float = 60) -> tuple[int, str]:
    """(status, body) of one HTTP request."""
    req = urllib.request.Request(server.url + path.lstrip("/"), data=data, headers=headers or {},
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def query(server, sparql: str, **kw) -> tuple[int, str]:
    return request(server, "sparql?" + urllib.parse.urlencode({"query": sparql}), **kw)


def triples(server) -> int:
    status, body = query(server, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def raw(server, data: bytes, *, close_write: bool = True, timeout: float = 30) -> bytes:
    """Send bytes on a fresh connection; what comes back until the server
    closes. The server may answer and close before it has read everything
    (a refused body): the send then fails, and the answer is still read."""
    with socket.create_connection(server.server_address[:2], timeout=timeout) as s:
        try:
            s.sendall(data)
            if close_write:
                s.shutdown(socket.SHUT_WR)
        except OSError:         # EPIPE, ECONNRESET or ENOTCONN: the server closed first
            pass
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except ConnectionResetError:   # unread bytes made the close a reset
            pass
    return out


def status_of(response: bytes) -> int:
    """The status of a response, or of the error page http.server sends
    without a status line to a request it reads as HTTP/0.9."""
    if response.startswith(b"HTTP/"):
        return int(response.split(b" ", 2)[1])
    return int(re.search(rb"Error code: (\d+)", response).group(1))


# --- loopback by default ----------------------------------------------------------------

def test_server_and_serve_command_listen_on_loopback_by_default():
    from graphbuild.cli.query import serve

    assert inspect.signature(make_server).parameters["host"].default == "127.0.0.1"
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    s = make_server(Graph(), port=0, workers=1)
    try:
        assert s.server_address[0] == "127.0.0.1"
    finally:
        s.server_close()


# --- read-only, nothing leaves ------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL", "CLEAR DEFAULT", "DROP ALL", "CREATE GRAPH <http://a/g>",
    "LOAD <http://127.0.0.1:9/x.ttl>", "load <file:///etc/passwd>",
    "COPY DEFAULT TO <http://a/g>", "ADD DEFAULT TO <http://a/g>",
    "PREFIX x: <http://a/> WITH x:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_however_they_are_sent_and_nothing_changes(server, update):
    sent = [
        query(server, update),
        request(server, "sparql?" + urllib.parse.urlencode({"update": update})),
        request(server, "sparql", data=urllib.parse.urlencode({"update": update}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}),
        request(server, "sparql", data=urllib.parse.urlencode({"query": update}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}),
        request(server, "sparql", data=update.encode(),
                headers={"Content-Type": "application/sparql-update"}),
        request(server, "sparql", data=update.encode(),
                headers={"Content-Type": "application/sparql-query"}),
    ]
    for status, body in sent:
        assert status == 403 and body.startswith("Refused") and "read-only" in body, (status, body)
    assert triples(server) == TRIPLES


SERVICES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "select * where {{ ?a ?b ?c OPTIONAL {{ service <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    # the three spellings a red-team pass got through a lexical check
    "SELECT * WHERE {{ #x\rSERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
    "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b 1.SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
]


def send(server, sparql: str, how: str) -> tuple[int, str]:
    """A query sent by GET, as a POST form or as a POST sparql-query body."""
    if how == "get":
        return query(server, sparql)
    if how == "form":
        return request(server, "sparql", data=urllib.parse.urlencode({"query": sparql}).encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    return request(server, "sparql", data=sparql.encode(),
                   headers={"Content-Type": "application/sparql-query"})


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("template", SERVICES)
def test_federated_queries_are_refused_and_nothing_leaves_the_server(server, template, how):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    try:
        status, body = send(server, template.format(port=listener.getsockname()[1]), how)
        with pytest.raises(socket.timeout):
            listener.accept()            # nobody knocked
    finally:
        listener.close()
    assert status == 403 and body.startswith("Refused") and "SERVICE" in body, (status, body)


def test_from_names_a_graph_in_the_store_and_fetches_nothing(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        status, body = query(server, f"SELECT * WHERE {{ GRAPH <http://127.0.0.1:{port}/g> "
                                     f"{{ ?s ?p ?o }} }}")
        status2, body2 = query(server, f"SELECT * FROM <http://127.0.0.1:{port}/data.ttl> "
                                       "WHERE { ?s ?p ?o }")
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()
    assert (status, status2) == (200, 200)
    assert json.loads(body)["results"]["bindings"] == json.loads(body2)["results"]["bindings"] == []


# --- limits ---------------------------------------------------------------------------------

def test_a_result_over_the_cap_is_refused_not_cut(server):
    status, body = query(server, "SELECT * WHERE { ?a ?b ?c . ?d a <urn:none> } LIMIT 5")
    assert status == 200
    status, body = query(server, "SELECT ?a ?d WHERE { ?a a film:Person . ?d a film:Person }")
    assert status == 413 and "not truncated" in body
    status, body = query(server, "CONSTRUCT { ?a <urn:knows> ?d } "
                                 "WHERE { ?a a film:Person . ?d a film:Person }")
    assert status == 413 and "not truncated" in body


def test_a_query_past_the_timeout_is_stopped_and_the_next_one_answered():
    g = people_graph()
    s = make_server(g, host="127.0.0.1", port=0, timeout=0.5, max_results=None, workers=1)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 10^12 rows
        started = time.monotonic()
        status, body = query(s, slow)
        assert status == 503 and "was stopped" in body
        assert time.monotonic() - started < 60     # stopped, not run to the end
        assert triples(s) == len(g)
    finally:
        s.shutdown()
        s.server_close()


# --- malformed and oversized requests -----------------------------------------------------

MALFORMED = {
    "bad SPARQL": b"GET /sparql?query=SELECT%20%3Fs%20WHERE%20%7B HTTP/1.0\r\n\r\n",
    "bad percent-encoding": b"GET /sparql?query=%ZZ HTTP/1.0\r\n\r\n",
    "not UTF-8": b"GET /sparql?query=ASK%20%7B%7D%FF HTTP/1.0\r\n\r\n",
    "empty query": b"GET /sparql?query= HTTP/1.0\r\n\r\n",
    "two queries": b"GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.0\r\n\r\n",
    "form not UTF-8": b"POST /sparql HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded"
                      b"\r\nContent-Length: 12\r\n\r\nquery=ASK%FF",
    "garbage request line": b"GARBAGE\r\n\r\n",
    "bad version": b"GET /sparql HTTP/9.9\r\n\r\n",
    "update and query": b"GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D&x=%FF HTTP/1.0\r\n\r\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_requests_get_400_with_a_message(server, name):
    response = raw(server, MALFORMED[name])
    head, _, body = response.partition(b"\r\n\r\n")
    assert status_of(response) == (505 if name == "bad version" else 400)
    assert len((body or head).strip()) > 20, response


OVERSIZED = {
    "declared too long": (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                          b"Content-Length: 999999999\r\n\r\nASK {}", 413),
    "absurd length": (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: 99999999999999999999999\r\n\r\nASK {}", 413),
    "chunked, no length": (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/"
                           b"sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n",
                           411),
    "URL over 64 kB": (b"GET /sparql?query=" + b"A" * 70_000 + b" HTTP/1.0\r\n\r\n", 414),
    "header over 64 kB": (b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\nX: " + b"a" * 70_000
                          + b"\r\n\r\n", 431),
    "too many headers": (b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n" + b"X: a\r\n" * 200
                         + b"\r\n", 431),
}


@pytest.mark.parametrize("name", sorted(OVERSIZED))
def test_oversized_requests_are_refused(server, name):
    data, expected = OVERSIZED[name]
    assert status_of(raw(server, data)) == expected


def test_a_body_over_the_limit_is_refused_while_the_client_still_sends(server):
    body = b"ASK {} #" + b"x" * (MAX_BODY * 64)
    head = (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    response = raw(server, head + body)
    assert status_of(response) == 413 and b"4096 bytes" in response


def test_a_negative_content_length_is_refused_not_read_to_the_end(server):
    head = (b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: -1\r\n\r\n")
    response = raw(server, head + b"ASK {} #" + b"x" * (MAX_BODY * 64))
    assert status_of(response) == 400


# --- load -------------------------------------------------------------------------------------

LOAD_QUERIES = [
    "SELECT ?name WHERE { ?p a film:Person ; rdfs:label ?name } LIMIT 20",
    "ASK { ?f a film:Film }",
    "SELECT (COUNT(?p) AS ?n) WHERE { ?f film:castMember ?p }",
    "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p rdfs:label ?l } LIMIT 50",
    "SELECT ?l WHERE { <https://w3id.org/graphbuild/id/person/p7> rdfs:label ?l }",
]


def test_load_2000_queries_from_8_clients_without_an_error(server):
    total, clients, deadline = 2000, 8, time.monotonic() + 300
    urls = [server.url + "sparql?" + urllib.parse.urlencode({"query": q}) for q in LOAD_QUERIES]

    def client(n: int) -> tuple[list[float], list[str]]:
        took, errors = [], []
        for i in range(n, total, clients):
            if time.monotonic() > deadline:
                errors.append("deadline passed")
                break
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(urls[i % len(urls)], timeout=60) as r:
                    r.read()
                    if r.status != 200:
                        errors.append(f"status {r.status}")
            except (OSError, urllib.error.HTTPError) as e:
                errors.append(repr(e))
            took.append(time.perf_counter() - t)
        return took, errors

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    latencies = sorted(t for took, _ in results for t in took)
    errors = [e for _, errs in results for e in errs]
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(f"\nload: {len(latencies)} queries, {clients} clients, {len(errors)} errors, "
          f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    assert errors == [] and len(latencies) == total
    assert triples(server) == TRIPLES


# --- clients that hang up or stall ------------------------------------------------------------

def test_clients_that_hang_up_mid_response_do_not_break_the_server(server):
    everything = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    request_line = f"GET /sparql?{everything} HTTP/1.0\r\nAccept: text/turtle\r\n\r\n".encode()

    def hang_up(i: int) -> int:
        with socket.create_connection(server.server_address[:2], timeout=60) as s:
            if i % 2:   # reset (RST), not a polite close
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.sendall(request_line)
            return len(s.recv(4096 if i % 3 else 1))   # a piece of the answer, then away

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(hang_up, range(12)))
    assert all(n > 0 for n in got)          # each left mid-response (the answer is ~1 MB)
    status, body = query(server, "CONSTRUCT WHERE { ?s ?p ?o }",
                         headers={"Accept": "application/n-triples"})
    assert status == 200 and body.count("\n") == TRIPLES
    assert triples(server) == TRIPLES


def test_idle_connections_do_not_block_other_clients(server):
    idle = [socket.create_connection(server.server_address[:2]) for _ in range(30)]
    try:
        for s in idle[::2]:
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n")   # a request never finished
        started = time.monotonic()
        assert query(server, "ASK { ?f a film:Film }", timeout=30)[0] == 200
        assert time.monotonic() - started < 30
    finally:
        for s in idle:
            s.close()


# --- other sites and other names ----------------------------------------------------------

def raw_request(server, head: str, body: bytes = b"") -> tuple[int, bytes]:
    response = raw(server, head.encode() + b"\r\n\r\n" + body)
    return status_of(response), response


ASK = urllib.parse.quote("ASK {}")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:7878", "localhost.evil.example",
                                  "127.0.0.1.nip.io"])
def test_a_foreign_host_is_refused_before_any_query_runs(server, host):
    # DNS rebinding: a name the attacker controls resolves to 127.0.0.1
    status, response = raw_request(server, f"GET /sparql?query={ASK} HTTP/1.1\r\nHost: {host}"
                                           "\r\nConnection: close")
    assert status == 403 and b"Host not allowed" in response
    status, _ = raw_request(server, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close")
    assert status == 403


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST:7878"])
def test_loopback_names_are_answered(server, host):
    port = server.server_address[1]
    host = host.replace("7878", str(port))
    status, _ = raw_request(server, f"GET /sparql?query={ASK} HTTP/1.1\r\nHost: {host}"
                                    "\r\nConnection: close")
    assert status == 200


def test_a_cross_origin_form_post_is_refused(server):
    body = urllib.parse.urlencode({"query": COUNT}).encode()
    status, response = raw_request(
        server, "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close", body)
    assert status == 403 and b"Cross-origin" in response


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_cross_site_image_or_link_cannot_run_a_query(server, site):
    # an <img src=".../sparql?query=..."> sends no Origin, but Sec-Fetch-Site
    status, _ = raw_request(server, f"GET /sparql?query={ASK} HTTP/1.1\r\nHost: localhost\r\n"
                                    f"Sec-Fetch-Site: {site}\r\nConnection: close")
    assert status == 403


def test_the_query_page_may_query_its_own_server(server):
    port = server.server_address[1]
    status, _ = raw_request(server, f"GET /sparql?query={ASK} HTTP/1.1\r\nHost: 127.0.0.1:{port}"
                                    f"\r\nOrigin: http://127.0.0.1:{port}\r\n"
                                    "Sec-Fetch-Site: same-origin\r\nConnection: close")
    assert status == 200


@pytest.fixture(scope="module")
def cors_server():
    server = make_server(people_graph(), host="127.0.0.1", port=0, workers=1,
                         cors=("https://yasgui.example",), allow_hosts=("graph.local",))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_cors_answers_the_preflight_of_an_allowed_origin_only(cors_server):
    head = ("OPTIONS /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {}\r\n"
            "Access-Control-Request-Method: POST\r\n"
            "Access-Control-Request-Headers: content-type\r\nConnection: close")
    status, response = raw_request(cors_server, head.format("https://yasgui.example"))
    assert status == 204
    assert b"Access-Control-Allow-Origin: https://yasgui.example" in response
    assert b"Access-Control-Allow-Methods: GET, POST, OPTIONS" in response
    status, response = raw_request(cors_server, head.format("https://evil.example"))
    assert status == 403 and b"Access-Control-Allow-Origin" not in response


def test_cors_lets_an_allowed_origin_read_answers(cors_server):
    status, response = raw_request(
        cors_server, f"GET /sparql?query={ASK} HTTP/1.1\r\nHost: localhost\r\n"
                     "Origin: https://yasgui.example\r\nSec-Fetch-Site: cross-site\r\n"
                     "Connection: close")
    assert status == 200 and b"Access-Control-Allow-Origin: https://yasgui.example" in response
    status, _ = raw_request(cors_server, f"GET /sparql?query={ASK} HTTP/1.1\r\nHost: localhost"
                                         "\r\nOrigin: https://evil.example\r\nConnection: close")
    assert status == 403


def test_an_allowed_host_name_is_answered(cors_server):
    status, _ = raw_request(cors_server, f"GET /sparql?query={ASK} HTTP/1.1\r\n"
                                         "Host: graph.local:80\r\nConnection: close")
    assert status == 200


def test_options_without_cors_says_what_is_allowed(server):
    status, response = raw_request(server, "OPTIONS /sparql HTTP/1.1\r\nHost: localhost\r\n"
                                           "Connection: close")
    assert status == 204 and b"Allow: GET, POST, OPTIONS" in response
