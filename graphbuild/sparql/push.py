"""Upload a graph to any SPARQL 1.1 Graph Store Protocol endpoint.

A graph goes in chunks of N-Triples, each a POST to ``URL?graph=IRI`` (or
``URL?default``), so a large graph never has to fit in one request. A build's
graph goes as the dataset graphbuild's own tools query (`push_dataset`): the
whole graph into the default graph, and each document's facts into a graph
named by the document's IRI. Triples
that share a blank node always travel in the same chunk: a blank node label
only means the same node within one request. Credentials come from the
environment: ``GRAPHBUILD_AUTH="user:password"`` (HTTP Basic) or
``GRAPHBUILD_TOKEN`` (Bearer).
"""

from __future__ import annotations

import base64
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable, Iterator

from rdflib import BNode, Graph

from graphbuild.errors import GraphbuildError

DEFAULT_CHUNK = 10_000


class PushError(GraphbuildError):
    """The endpoint refused a chunk, or could not be reached."""


@dataclass
class PushReport:
    """What a push sent."""

    endpoint: str
    target: str
    triples: int
    chunks: int
    document_graphs: int = 0


def auth_header(environ: dict[str, str] | None = None) -> str | None:
    """The Authorization header from GRAPHBUILD_AUTH or GRAPHBUILD_TOKEN."""
    env = os.environ if environ is None else environ
    basic, token = env.get("GRAPHBUILD_AUTH"), env.get("GRAPHBUILD_TOKEN")
    if basic and token:
        raise PushError("both GRAPHBUILD_AUTH and GRAPHBUILD_TOKEN are set; unset one")
    if token:
        return f"Bearer {token}"
    if basic:
        if ":" not in basic:
            raise PushError('GRAPHBUILD_AUTH must be "user:password"')
        return "Basic " + base64.b64encode(basic.encode("utf-8")).decode("ascii")
    return None


def target_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store URL for a named graph (``?graph=``) or the default graph."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{endpoint!r} is not an http(s) URL; give the store's Graph Store "
                        "endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph)")
    if graph_iri is not None and not re.fullmatch(r'[A-Za-z][\w+.-]*:[^<>"{}|^`\\\x00-\x20]+',
                                                  graph_iri):
        raise PushError(f"{graph_iri!r} is not an absolute IRI; give one like "
                        "https://example.org/graphs/films")
    extra = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def chunks(graph: Graph, size: int) -> Iterator[list[tuple]]:
    """The graph's triples in lists of at most `size`, except that all triples
    linked through a blank node stay together (such a group may be larger)."""
    if size < 1:
        raise PushError("the chunk size must be at least 1")
    parent: dict[BNode, BNode] = {}

    def find(b: BNode) -> BNode:
        while parent.setdefault(b, b) != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    plain, linked = [], []
    for t in graph:
        bnodes = [x for x in (t[0], t[2]) if isinstance(x, BNode)]
        if not bnodes:
            plain.append(t)
            continue
        linked.append(t)
        if len(bnodes) == 2:
            a, b = find(bnodes[0]), find(bnodes[1])
            if a != b:
                parent[a] = b
    groups: dict[BNode, list[tuple]] = {}
    for t in linked:
        b = t[0] if isinstance(t[0], BNode) else t[2]
        groups.setdefault(find(b), []).append(t)
    units = [[t] for t in sorted(plain)] + list(groups.values())
    batch: list[tuple] = []
    for unit in units:
        if batch and len(batch) + len(unit) > size:
            yield batch
            batch = []
        batch.extend(unit)
    if batch:
        yield batch


def _ntriples(triples: list[tuple]) -> bytes:
    from graphbuild.sparql.query import nt_term

    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"
                   for s, p, o in triples).encode("utf-8")


def push(graph: Graph, endpoint: str, *, graph_iri: str | None = None,
         chunk: int = DEFAULT_CHUNK, replace: bool = False, timeout: float = 120.0,
         environ: dict[str, str] | None = None,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """POST the graph to a Graph Store Protocol endpoint in N-Triples chunks.
    With `replace`, the first chunk is a PUT, so the target graph ends up
    holding exactly this graph. `progress(chunks, triples)` follows along."""
    url = target_url(endpoint, graph_iri)
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    auth = auth_header(environ)
    if auth:
        headers["Authorization"] = auth
    sent = n = 0
    batches = list(chunks(graph, chunk)) or ([[]] if replace else [])
    for n, batch in enumerate(batches, 1):
        method = "PUT" if replace and n == 1 else "POST"
        request = urllib.request.Request(url, data=_ntriples(batch), headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip()[:500]
            hint = (" (check GRAPHBUILD_AUTH / GRAPHBUILD_TOKEN)" if e.code in (401, 403)
                    else " (is this the store's Graph Store endpoint, e.g. Oxigraph's /store "
                         "or Fuseki's /DATASET/data?)" if e.code in (404, 405) else "")
            raise PushError(f"{url} answered {e.code} {e.reason} to chunk {n} of {len(batches)} "
                            f"after {sent} triples were stored{hint}: {body}") from e
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise PushError(f"cannot reach {url}: {reason} (chunk {n} of {len(batches)}, "
                            f"{sent} triples stored so far)") from e
        sent += len(batch)
        if progress is not None:
            progress(n, sent)
    return PushReport(endpoint, graph_iri or "default graph", sent, n)


def push_dataset(source, endpoint: str, *, graph_iri: str | None = None,
                 chunk: int = DEFAULT_CHUNK, replace: bool = False, flat: bool = False,
                 timeout: float = 120.0, environ: dict[str, str] | None = None,
                 progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Push a graph (a Graph, RDF file, output folder, store folder or
    pyoxigraph Store) as the dataset graphbuild queries (`sparql.store.fill`):
    its default graph, which holds every triple, to `graph_iri` (else the
    store's default graph), then, unless `flat`, each document's graph under
    its own IRI. With `replace`, each target graph ends up holding exactly
    what was sent. `progress(chunks, triples)` counts over all graphs."""
    import pyoxigraph as ox

    from graphbuild.sparql.store import open_source

    store = open_source(source)
    targets = [(graph_iri, ox.DefaultGraph())]
    if not flat:   # a blank-node graph name cannot be addressed over the protocol
        targets += [(g.value, g) for g in sorted(store.named_graphs(), key=lambda g: g.value)
                    if isinstance(g, ox.NamedNode)]
    sent = n = 0
    for iri, name in targets:
        def step(c: int, t: int, done=(n, sent)) -> None:
            if progress is not None:
                progress(done[0] + c, done[1] + t)

        report = push(graph_of(store, name), endpoint, graph_iri=iri, chunk=chunk,
                      replace=replace, timeout=timeout, environ=environ, progress=step)
        sent += report.triples
        n += report.chunks
    return PushReport(endpoint, graph_iri or "default graph", sent, n, len(targets) - 1)


def graph_of(store, name) -> Graph:
    """One graph of a pyoxigraph Store (a name, or DefaultGraph()) as an rdflib Graph."""
    from graphbuild.sparql.store import to_rdflib

    g = Graph()
    for q in store.quads_for_pattern(None, None, None, name):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g
