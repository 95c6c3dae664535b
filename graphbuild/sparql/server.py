"""A read-only SPARQL 1.1 Protocol endpoint over one graph, and its query page.

`make_server` returns a standard-library ThreadingHTTPServer. Queries run in
worker processes (`workers`) that open the store read-only (a graph or RDF
file is first written to a temporary store), each bounded in time and memory.
Updates, LOAD and SERVICE are refused before anything runs (`guard`).

A local endpoint must not be usable by the web pages its user visits, so a
request is refused (403) when its Host is not one this server answers to
(loopback names, the bound address, `allow_hosts`: DNS rebinding) or when a
browser says it comes from another site (Origin, Sec-Fetch-Site: cross-site
requests and form posts), unless that origin was allowed with `cors`; then
preflight requests are answered and CORS headers sent for it.

Routes: ``/`` the query page, ``/static/...`` its files, ``/queries`` the
saved queries as JSON, ``/sparql`` the endpoint (GET ``?query=``, POST form or
``application/sparql-query``; GET without a query gives the service
description), answered by content negotiation.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import tempfile
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from rdflib import Graph

from graphbuild.errors import GraphbuildError
from graphbuild.sparql.protocol import CONTENT_TYPES, Reply, error_reply
from graphbuild.sparql.workers import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    WorkerPool,
)
from graphbuild.version import __version__

DEFAULT_MAX_RESULTS = 10_000
MAX_BODY = 1 << 20
"""Largest request body accepted, in bytes (a query, not data)."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


# --- HTTP -------------------------------------------------------------------

def static_dir() -> Path:
    """The query page's files, shipped with the package."""
    return Path(str(resources.files("graphbuild") / "data" / "server"))


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
}


class _Handler(BaseHTTPRequestHandler):
    server_version = f"graphbuild/{__version__}"
    timeout = 60  # seconds a slow client may take to send its request

    server: "GraphServer"

    # -- plumbing --
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's name
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} - {format % args}")

    def _send(self, reply: Reply, head_only: bool = False) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            for k, v in {**(reply.headers or {}), **self._cors_headers()}.items():
                self.send_header(k, v)
            self.end_headers()
            if not head_only:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True  # the client left; nothing to tell it

    def _error(self, status: int, message: str) -> None:
        self._send(error_reply(status, message))

    # -- who may ask --
    def _host_allowed(self) -> bool:
        """Whether the Host header names this server (DNS rebinding gives a
        foreign name that resolves to 127.0.0.1)."""
        host = self.headers.get("Host")
        return host is None or self.server.answers_to(host)

    def _origin(self) -> str | None:
        origin = self.headers.get("Origin")
        return origin.strip() if origin else None

    def _cross_site(self) -> bool:
        """Whether a browser sent this request for a page of another origin
        (a script, a form, an image) that CORS does not allow."""
        origin = self._origin()
        if origin is not None:
            return not (self.server.is_own_origin(origin) or self.server.cors_allows(origin))
        return self.headers.get("Sec-Fetch-Site", "").lower() in ("cross-site", "same-site")

    def _cors_headers(self) -> dict[str, str]:
        origin = self._origin()
        if origin is None or not self.server.cors_allows(origin):
            return {}
        return {"Access-Control-Allow-Origin": "*" if "*" in self.server.cors else origin,
                "Vary": "Origin"}

    def _gate(self, path: str) -> bool:
        """Refuse (403) a foreign Host anywhere, and a cross-site request to
        the endpoint; True when the request may go on."""
        if not self._host_allowed():
            self.close_connection = True
            self._error(403, f"Host not allowed: {self.headers.get('Host')!r}; this server "
                             f"answers to {', '.join(sorted(self.server.hosts))} (start it with "
                             "--allow-host NAME to add a name)")
            return False
        if path == "/sparql" and self._cross_site():
            self._error(403, "Cross-origin request refused: a page of another site may not "
                             "query this endpoint (start the server with --cors ORIGIN to "
                             "allow one)")
            return False
        return True

    # -- routes --
    def do_OPTIONS(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if not self._host_allowed():
            return self._gate(url.path) and None
        origin = self._origin()
        if origin is not None and self.headers.get("Access-Control-Request-Method"):
            if not self.server.cors_allows(origin):
                return self._error(403, "Cross-origin request refused: start the server with "
                                        "--cors ORIGIN to allow this origin")
            asked = self.headers.get("Access-Control-Request-Headers", "")
            return self._send(Reply(204, "text/plain; charset=utf-8", b"", {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": asked or "Content-Type, Accept",
                "Access-Control-Max-Age": "600"}))
        self._send(Reply(204, "text/plain; charset=utf-8", b"",
                         {"Allow": "GET, POST, OPTIONS" if url.path == "/sparql" else "GET"}))

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if not self._gate(url.path):
            return None
        if url.path == "/":
            return self._static("index.html")
        if url.path.startswith("/static/"):
            return self._static(url.path[len("/static/"):])
        if url.path == "/queries":
            return self._saved_queries()
        if url.path == "/sparql":
            fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "query" not in fields and "update" not in fields:
                return self._service_description(fields)
            return self._sparql(fields)
        self._error(404, f"Not found: {url.path}; the endpoint is /sparql, the page is /")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if not self._gate(url.path):
            self.close_connection = True
            return None
        if url.path != "/sparql":
            return self._error(404, f"Not found: {url.path}; POST queries to /sparql")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._error(411, "Length required: send a Content-Length header")
        if length < 0:
            # read(-1) would read to the end of the stream, past max_body
            self.close_connection = True
            return self._error(400, f"Bad Content-Length: {length}; send the body's size in bytes")
        if length > self.server.max_body:
            self.close_connection = True
            self._error(413, f"Request too large: {length} bytes; "
                             f"queries up to {self.server.max_body} bytes are accepted")
            return self._drain(length)
        body = self.rfile.read(length)
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return self._error(400, "The form is not UTF-8")
            for k, v in form.items():
                fields.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            try:
                fields["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                return self._error(400, "The query is not UTF-8")
        elif ctype == "application/sparql-update":
            return self._error(403, "Refused: SPARQL Update is refused: this endpoint is read-only")
        else:
            return self._error(415, f"Unsupported content type {ctype!r}; send "
                                    "application/sparql-query or a form (query=...)")
        self._sparql(fields)

    def _drain(self, length: int, most: int = 64 << 20) -> None:
        """Read and drop a refused body (up to `most` bytes), so that the
        client, still sending, reads the answer instead of a reset."""
        try:
            self.connection.settimeout(2)
            left = min(length, most)
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
        except (OSError, socket.timeout):
            pass

    def _method_not_allowed(self) -> None:
        self._error(405, "Method not allowed: this endpoint is read-only (GET or POST /sparql)")

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed

    def _sparql(self, fields: dict[str, list[str]]) -> None:
        if "update" in fields:
            return self._error(403, "Refused: SPARQL Update is refused: this endpoint is read-only")
        if len(fields.get("query", [])) != 1:
            return self._error(400, "Give exactly one query parameter")
        if "default-graph-uri" in fields or "named-graph-uri" in fields:
            return self._error(400, "default-graph-uri and named-graph-uri are not supported: "
                                    "this endpoint serves one graph")
        bindings = {k[len("param."):]: v[-1] for k, v in fields.items() if k.startswith("param.")}
        format_values = [v for k in ("format", "output", "results") for v in fields.get(k, [])]
        self._send(self.server.pool.run({
            "sparql": fields["query"][0], "bindings": bindings,
            "accept": self.headers.get("Accept"), "format_values": format_values,
        }))

    def _service_description(self, fields: dict[str, list[str]]) -> None:
        """The SPARQL 1.1 Service Description of this endpoint, in the RDF
        format the client asks for (Turtle by default)."""
        from graphbuild.sparql.protocol import negotiate
        from graphbuild.sparql.query import Result, format_result

        host = self.headers.get("Host") or self.server.url.split("/")[2]
        graph = service_description(f"http://{host}/sparql")
        format_values = [v for k in ("format", "output", "results") for v in fields.get(k, [])]
        chosen = negotiate("graph", self.headers.get("Accept"), format_values)
        if chosen is None:
            return self._error(406, "Not acceptable: the service description can be sent as "
                                    + ", ".join(CONTENT_TYPES["graph"].values()))
        fmt, ctype = chosen
        body = format_result(Result("graph", graph=graph), fmt).encode("utf-8")
        self._send(Reply(200, f"{ctype}; charset=utf-8", body))

    def _static(self, name: str) -> None:
        files = {p.name: p for p in static_dir().iterdir() if p.is_file()}
        if name not in files:  # only the package's own files, never a path
            return self._error(404, f"Not found: {name}")
        types = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
        ctype = types.get(files[name].suffix, "application/octet-stream")
        self._send(Reply(200, f"{ctype}; charset=utf-8", files[name].read_bytes(), PAGE_HEADERS))

    def _saved_queries(self) -> None:
        from graphbuild.sparql.query import saved_queries

        listing = [{"name": q.name, "title": q.title or q.name, "description": q.description,
                    "params": q.params, "text": q.text} for q in saved_queries().values()]
        self._send(Reply(200, "application/json; charset=utf-8",
                         json.dumps(listing, ensure_ascii=False).encode("utf-8")))


class GraphServer(ThreadingHTTPServer):
    """The HTTP server with its worker pool; `server_close` stops both and
    removes a temporary store."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], pool: WorkerPool | None, *,
                 max_body: int = MAX_BODY, tmpdir: Path | None = None, log=None,
                 allow_hosts: tuple[str, ...] = (), cors: tuple[str, ...] = ()):
        self.pool, self.max_body, self.tmpdir, self.log = pool, max_body, tmpdir, log
        self.hosts = frozenset(LOOPBACK_NAMES | {_host_name(address[0])}
                               | {_host_name(h) for h in allow_hosts})
        self.cors = frozenset(o.rstrip("/") for o in cors)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def answers_to(self, host: str) -> bool:
        """Whether a Host header (name or address, with or without port)
        names this server: a loopback or allowed name, or any IP address
        (a rebinding attack needs a name)."""
        name = _host_name(host)
        if name in self.hosts:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def is_own_origin(self, origin: str) -> bool:
        """Whether an Origin header is this server's own (its query page)."""
        url = urllib.parse.urlsplit(origin)
        try:
            port = url.port or 80
        except ValueError:
            return False
        return (url.scheme == "http" and url.hostname is not None
                and self.answers_to(url.hostname) and port == self.server_address[1])

    def cors_allows(self, origin: str) -> bool:
        """Whether --cors allows this origin."""
        return "*" in self.cors or origin.rstrip("/") in self.cors

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def handle_error(self, request, client_address) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, socket.timeout)):
            return  # a client that went away mid-response is not the server's fault
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        if self.pool is not None:
            self.pool.close()
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def make_server(source, *, host: str = "127.0.0.1", port: int = 7878,
                timeout: float = DEFAULT_TIMEOUT, max_results: int | None = DEFAULT_MAX_RESULTS,
                workers: int = DEFAULT_WORKERS, max_body: int = MAX_BODY,
                max_memory: int | None = DEFAULT_MAX_MEMORY, allow_hosts: tuple[str, ...] = (),
                cors: tuple[str, ...] = (), log=None) -> GraphServer:
    """A SPARQL server over a Graph, an RDF file, a build's output folder or a
    store folder, bound to host:port (port 0 picks a free one). Call
    `serve_forever()` to run it and `server_close()` to stop it. Each query
    may use `max_memory` MB; `allow_hosts` are more names the server answers
    to, `cors` the origins (or "*") whose pages may query it. `log`, when
    given, is called with one line per request."""
    from graphbuild.sparql.store import is_store, write_store

    try:
        server = GraphServer((host, port), None, max_body=max_body, log=log,
                             allow_hosts=allow_hosts, cors=cors)
    except OSError as e:
        raise GraphbuildError(f"cannot listen on {host}:{port}: {e.strerror}; "
                              "choose another --port") from e
    try:
        if not isinstance(source, Graph) and is_store(source):
            store_dir = Path(source)
        else:
            server.tmpdir = Path(tempfile.mkdtemp(prefix="graphbuild-serve-"))
            store_dir = write_store(source, server.tmpdir / "store")   # as a dataset
        server.pool = WorkerPool(store_dir, workers=workers, timeout=timeout,
                                 max_results=max_results, max_memory=max_memory)
    except BaseException:
        server.server_close()
        raise
    return server


def _host_name(host: str) -> str:
    """The name in a Host header or bind address: no port, no brackets,
    lower case, no trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


def service_description(endpoint: str) -> Graph:
    """A SPARQL 1.1 Service Description of an endpoint of this server."""
    from rdflib import BNode, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("default")
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, URIRef(endpoint)))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((service, sd.resultFormat, formats[name]))
    # the store holds one named graph per source document, and a default
    # graph with every triple (sparql/store.py, `fill`)
    g.add((service, sd.feature, sd.UnionDefaultGraph))
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, default))
    g.add((dataset, RDFS.comment, Literal(
        "One named graph per source document (its IRI is the document's node) holds the "
        "facts read from that document; the default graph is their union, with the "
        "entities' descriptions and the provenance of every fact.", lang="en")))
    g.add((default, RDF.type, sd.Graph))
    return g
