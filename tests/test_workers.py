"""The endpoint's query workers: memory bounded per query, no network, and
long queries that cannot lock out short ones (all on loopback)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.rdf.vocab import FILM, GBR
from graphbuild.sparql.server import make_server

DOUBLING = ("SELECT (STRLEN(?a29) AS ?n) WHERE { ?s rdfs:label ?a0 "
            + " ".join(f"BIND(CONCAT(?a{i},?a{i}) AS ?a{i + 1})" for i in range(29)) + " }")
"""A 1 KB query whose answer is a string of 2^29 labels (gigabytes)."""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SHORT = "ASK { ?f a film:Film }"


def small_graph() -> Graph:
    g = Graph()
    film = GBR["film/a-film-1999"]
    g.add((film, RDF.type, FILM.Film))
    g.add((film, RDFS.label, Literal("A Film")))
    for i in range(300):
        g.add((GBR[f"person/p{i}"], RDF.type, FILM.Person))
        g.add((film, FILM.castMember, GBR[f"person/p{i}"]))
    return g


@pytest.fixture
def server():
    server = make_server(small_graph(), host="127.0.0.1", port=0, timeout=60, workers=2,
                         max_memory=400)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def ask(server, sparql: str, timeout: float = 120) -> tuple[int, str]:
    url = server.url + "sparql?" + urllib.parse.urlencode({"query": sparql})
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def data_limit(pid: int) -> int:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max data size"):
            return int(line.split()[3])
    raise AssertionError("no data limit line")


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="needs Linux /proc")
def test_every_worker_runs_under_the_memory_cap(server):
    pids = server.pool.pids()
    assert len(pids) == 2
    assert all(data_limit(pid) == 400 << 20 for pid in pids)


def test_a_query_that_needs_gigabytes_is_stopped_and_the_server_goes_on(server):
    status, body = ask(server, DOUBLING)
    assert status == 503 and body.startswith("Out of memory") and "400 MB" in body, body
    status, body = ask(server, SHORT)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_two_runaway_queries_do_not_keep_a_short_one_waiting(server):
    # Two queries that would run for minutes hold both workers; a short query
    # sent after them gets a spare worker and is answered while they still run.
    runaway = [threading.Thread(target=ask, args=(server, RUNAWAY, 30), daemon=True)
               for _ in range(2)]
    for t in runaway:
        t.start()
    deadline_wait = threading.Event()
    while len(server.pool._running) < 2:       # both are running
        deadline_wait.wait(0.05)
    status, body = ask(server, SHORT)
    assert status == 200 and json.loads(body)["boolean"] is True
    assert all(t.is_alive() for t in runaway), "the short query waited for the runaways"


NO_NETWORK = """
import socket, sys
from graphbuild.sparql.workers import drop_network
port = int(sys.argv[1])
if not drop_network():
    print("unsupported")
    sys.exit(0)
try:
    socket.create_connection(("127.0.0.1", port), timeout=2)
except OSError:
    print("refused")
else:
    print("connected")
"""


def test_a_worker_without_network_cannot_reach_even_loopback():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        out = subprocess.run([sys.executable, "-c", NO_NETWORK, str(listener.getsockname()[1])],
                             capture_output=True, text=True, timeout=60,
                             env={**os.environ}).stdout.strip()
    finally:
        listener.close()
    if out == "unsupported":
        pytest.skip("this system allows no new network namespace (not root, no user namespaces)")
    assert out == "refused"
