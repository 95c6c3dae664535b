"""A read-only SPARQL 1.1 Protocol endpoint over one graph, and its query page.

`make_server` returns a standard-library ThreadingHTTPServer. Queries run in
worker processes that open the store read-only (a graph or RDF file is first
written to a temporary store): a query that outlives its timeout is stopped by
killing its worker, which is then replaced, so one runaway query never keeps
a core busy. Updates, LOAD and SERVICE are refused before anything runs.

Routes: ``/`` the query page, ``/static/...`` its files, ``/queries`` the
saved queries as JSON, ``/sparql`` the endpoint (GET ``?query=``, POST form or
``application/sparql-query``), answered by content negotiation.
"""

from __future__ import annotations

import ipaddress
import json
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from rdflib import Graph

from graphbuild.errors import GraphbuildError
from graphbuild.version import __version__

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_WORKERS = 2
MAX_BODY = 1 << 20
"""Largest request body accepted, in bytes (a query, not data)."""
WORKER_START_TIMEOUT = 120.0

# Media types offered for each kind of result, the first being the default.
SELECT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/x-json+ld": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "text/plain": "nt",
}
CONTENT_TYPES: dict[str, dict[str, str]] = {
    "select": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values"},
    "graph": {"turtle": "text/turtle", "json-ld": "application/ld+json",
              "nt": "application/n-triples", "xml": "application/rdf+xml"},
}
# Names accepted in ?format= (also ?output= and ?results=, as SPARQLWrapper sends).
FORMAT_NAMES: dict[str, dict[str, str]] = {
    "select": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "graph": {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld",
              "json": "json-ld", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
              "xml": "xml", "rdf+xml": "xml", "rdfxml": "xml"},
}


@dataclass
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def _accept_list(header: str) -> list[str]:
    """Media ranges of an Accept header, most wanted first (q=0 dropped)."""
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, fields[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(kind: str, accept: str | None,
              format_values: list[str] = ()) -> tuple[str, str] | None:
    """(format name, content type) for a result kind ("select", "ask" or
    "graph"), from ?format= style values first, then the Accept header;
    None when nothing acceptable is offered."""
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    names = FORMAT_NAMES["graph" if kind == "graph" else "select"]
    ctypes = CONTENT_TYPES["graph" if kind == "graph" else "select"]
    for value in format_values:
        if value.lower() in names:
            fmt = names[value.lower()]
            return fmt, ctypes[fmt]
        for media in _accept_list(value):
            if media in table:
                return table[media], ctypes[table[media]]
    if not accept:
        fmt = next(iter(table.values()))
        return fmt, ctypes[fmt]
    for media in _accept_list(accept):
        if media in table:
            return table[media], ctypes[table[media]]
        major = media.split("/")[0]
        for offered, fmt in table.items():
            if media == "*/*" or (media.endswith("/*") and offered.startswith(major + "/")):
                return fmt, ctypes[fmt]
    return None


def answer(store, sparql: str, *, bindings: dict[str, str] | None = None,
           accept: str | None = None, format_values: list[str] = (),
           max_results: int | None = None) -> Reply:
    """Run one query on a pyoxigraph Store and serialize the answer."""
    from rdflib import Literal

    from graphbuild.errors import QueryError
    from graphbuild.sparql.guard import MalformedQuery, QueryRefused
    from graphbuild.sparql.query import ResultTooLarge, execute, format_result

    try:
        result = execute(store, sparql, max_results=max_results,
                         bindings={k: Literal(v) for k, v in (bindings or {}).items()})
    except QueryRefused as e:
        return error_reply(403, f"Refused: {e}")
    except ResultTooLarge as e:
        return error_reply(413, f"Result too large: {e} (the server's --max-results)")
    except MalformedQuery as e:
        return error_reply(400, f"Malformed query: {str(e).removeprefix('malformed SPARQL: ')}")
    except QueryError as e:
        return error_reply(400, f"Query failed: {e}")
    chosen = negotiate(result.kind, accept, format_values)
    if chosen is None:
        offered = CONTENT_TYPES["graph" if result.kind == "graph" else "select"].values()
        return error_reply(406, f"Not acceptable: {accept!r}; this result can be sent as "
                                f"{', '.join(offered)}")
    fmt, ctype = chosen
    body = format_result(result, fmt).encode("utf-8")
    return Reply(200, f"{ctype}; charset=utf-8", body)


# --- worker processes -------------------------------------------------------

def _worker_main() -> None:
    """A worker process (``python -c``, argv: socket fd, store folder, cap):
    open the store, then answer requests until the parent closes the socket
    (or kills the worker)."""
    import sys
    from multiprocessing.connection import Connection

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    fd, store_dir, cap = sys.argv[1:4]
    conn = Connection(int(fd))
    max_results = int(cap) if cap != "none" else None
    try:
        from graphbuild.sparql.store import open_store

        store = open_store(store_dir)
    except Exception as e:  # noqa: BLE001 - reported to the parent, which fails to start
        conn.send(("error", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(store, max_results=max_results, **request)
        except Exception as e:  # noqa: BLE001 - a bug must not kill the worker silently
            reply = error_reply(500, f"Internal error: {type(e).__name__}: {e}")
        conn.send(reply)


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: object


class WorkerPool:
    """Worker processes that answer queries over one store folder, each
    query under a timeout past which its worker is killed and replaced.

    Workers are fresh interpreters (not multiprocessing's spawn, which would
    re-run the caller's main script) that talk over a socket pair."""

    def __init__(self, store_dir: str | Path, *, workers: int = DEFAULT_WORKERS,
                 timeout: float = DEFAULT_TIMEOUT, max_results: int | None = DEFAULT_MAX_RESULTS):
        self.store_dir, self.timeout, self.max_results = str(store_dir), timeout, max_results
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.last_error: str | None = None
        try:
            for _ in range(max(1, workers)):
                self._idle.put(self._start())
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        import os
        import sys
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[2])   # holds graphbuild/
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        cap = "none" if self.max_results is None else str(self.max_results)
        proc = subprocess.Popen(
            [sys.executable, "-c", "from graphbuild.sparql.server import _worker_main; _worker_main()",
             str(theirs.fileno()), self.store_dir, cap],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        worker = _Worker(proc, Connection(ours.detach()))
        with self._lock:
            self._workers.add(worker)
        if not worker.conn.poll(WORKER_START_TIMEOUT):
            self._kill(worker)
            raise GraphbuildError(f"a query worker did not start within {WORKER_START_TIMEOUT:g} s")
        try:
            status, message = worker.conn.recv()
        except (EOFError, OSError):
            status, message = "error", f"it exited with code {proc.poll()}"
        if status != "ready":
            self._kill(worker)
            raise GraphbuildError(f"a query worker could not open {self.store_dir}: {message}")
        return worker

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        if worker.process.poll() is None:
            worker.process.kill()
        worker.process.wait()
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        self._kill(worker)

        def start():
            if self._closed:
                return
            try:
                self._idle.put(self._start())
            except Exception as e:  # noqa: BLE001 - kept for /status and the next error reply
                self.last_error = str(e)

        threading.Thread(target=start, daemon=True).start()

    def run(self, request: dict) -> Reply:
        """Answer one request (keyword arguments of `answer` but the store)."""
        try:
            worker = self._idle.get(timeout=self.timeout + WORKER_START_TIMEOUT)
        except queue.Empty:
            why = f" ({self.last_error})" if self.last_error else ""
            return error_reply(503, f"Busy: no query worker became free{why}; try again later")
        try:
            worker.conn.send(request)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._replace(worker)
            return error_reply(500, "Internal error: the query worker stopped unexpectedly; "
                                    "it has been restarted")
        self._replace(worker)
        return error_reply(503, f"Timeout: the query ran longer than {self.timeout:g} s and "
                                "was stopped. Narrow the pattern or add a LIMIT, or raise "
                                "the server's --timeout")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for w in workers:
            self._kill(w)


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
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.end_headers()
            if not head_only:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True  # the client left; nothing to tell it

    def _error(self, status: int, message: str) -> None:
        self._send(error_reply(status, message))

    # -- routes --
    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            return self._static("index.html")
        if url.path.startswith("/static/"):
            return self._static(url.path[len("/static/"):])
        if url.path == "/queries":
            return self._saved_queries()
        if url.path == "/sparql":
            fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "query" not in fields and "update" not in fields:
                return self._error(400, "This is a SPARQL endpoint: send ?query=... "
                                        "(or open / for the query page)")
            return self._sparql(fields)
        self._error(404, f"Not found: {url.path}; the endpoint is /sparql, the page is /")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
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
                 max_body: int = MAX_BODY, tmpdir: Path | None = None, log=None):
        self.pool, self.max_body, self.tmpdir, self.log = pool, max_body, tmpdir, log
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

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
                log=None) -> GraphServer:
    """A SPARQL server over a Graph, an RDF file, a build's output folder or a
    store folder, bound to host:port (port 0 picks a free one). Call
    `serve_forever()` to run it and `server_close()` to stop it. `log`, when
    given, is called with one line per request."""
    from graphbuild.outputs.rdf import load_graph
    from graphbuild.sparql.store import is_store, write_store

    try:
        server = GraphServer((host, port), None, max_body=max_body, log=log)
    except OSError as e:
        raise GraphbuildError(f"cannot listen on {host}:{port}: {e.strerror}; "
                              "choose another --port") from e
    try:
        if not isinstance(source, Graph) and is_store(source):
            store_dir = Path(source)
        else:
            graph = source if isinstance(source, Graph) else load_graph(source)
            server.tmpdir = Path(tempfile.mkdtemp(prefix="graphbuild-serve-"))
            store_dir = write_store(graph, server.tmpdir / "store")
        server.pool = WorkerPool(store_dir, workers=workers, timeout=timeout,
                                 max_results=max_results)
    except BaseException:
        server.server_close()
        raise
    return server
