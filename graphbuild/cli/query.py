"""`graphbuild query`, `graphbuild serve` and `graphbuild push`: the graph for
other tools (a terminal, SPARQL clients, other triple stores)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from graphbuild.cli.app import FormatChoice, main, reports_errors

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "json-ld", "nt")
"""The names `graphbuild.sparql.query.format_result` takes (its FORMATS), and
their aliases (its FORMAT_ALIASES), without importing it for --help."""
RESULT_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "jsonld": "json-ld",
                  "rdfxml": "xml", "rdf+xml": "xml", "rdf/xml": "xml"}


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out


@main.command()
@click.argument("graph", type=click.Path(path_type=Path), required=False)
@click.argument("sparql", required=False, metavar="[QUERY]")
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--name", help="Run a saved query (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A value for a saved query's parameter (repeatable); bound, "
                   "never pasted into the query.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=FormatChoice(list(RESULT_FORMATS), RESULT_ALIASES),
              help="Output: an aligned table, or the W3C result formats. CONSTRUCT and "
                   "DESCRIBE print Turtle (table, turtle), JSON-LD (json), N-Triples (nt) "
                   "or RDF/XML (xml). Also accepted: ttl (turtle), ntriples or n-triples "
                   "(nt), jsonld (json-ld), rdfxml, rdf+xml or rdf/xml (xml).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@reports_errors
def query(graph: Path | None, sparql: str | None, query_file: Path | None, name: str | None,
          params: tuple[str, ...], fmt: str, list_saved: bool) -> None:
    """Run a SPARQL query on GRAPH: an RDF file, a build's output folder or a
    store folder. Give the QUERY text (- reads it from standard input),
    -f FILE.rq (-f - likewise), or --name of a saved query. Each source
    document's facts are in a named graph (GRAPH ?doc { ... }); the default
    graph holds every triple.

    \b
    Examples:
      graphbuild query output/ --name characters-and-actors
      graphbuild query output/ --name characters-of --param film="Kramer vs. Kramer"
      graphbuild query output/ 'SELECT ?s WHERE { ?s a film:Film }' --format csv
      graphbuild query output/ - < question.rq
    """
    from graphbuild.sparql import query as sq

    if list_saved:
        for q in sq.saved_queries().values():
            args = "".join(f" --param {p}=..." for p in q.params)
            click.echo(f"{q.name}{args}\n    {q.title}")
        return
    if graph is None:
        raise click.UsageError("give GRAPH (an RDF file, output folder or store folder)")
    given = [x for x in (sparql, query_file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE.rq or --name NAME")
    values = _params(params)
    if sparql == "-":
        sparql = sys.stdin.read()
    if sparql is not None:
        if values:
            raise click.UsageError("--param goes with -f or --name (queries that declare "
                                   "'# param:' lines)")
        text, bindings = sparql, {}
    else:
        if query_file is not None and str(query_file) == "-":
            saved = sq.SavedQuery.parse("stdin", sys.stdin.read())
        else:
            saved = sq.read_query_file(query_file) if query_file else sq.saved_query(name)
        text, bindings = saved.text, saved.bindings(values)
    result = sq.query(graph, text, bindings=bindings)
    click.echo(sq.format_result(result, fmt), nl=False)


@main.command()
@click.argument("source", metavar="GRAPH_OR_STORE", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-results", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Largest result (rows or triples); larger ones are refused (413), "
                   "not truncated.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries that can run at once (one process each).")
@click.option("--max-memory", default=768, show_default=True, type=click.IntRange(min=64),
              metavar="MB", help="Memory one query may use; a query that needs more is "
                                 "stopped (503).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another name the server answers to (repeatable); by default only "
                   "localhost and IP addresses, so other sites cannot reach it by DNS rebinding.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let pages of this origin (https://host:port, or *) query the endpoint "
                   "from a browser (repeatable); off by default.")
@click.option("--quiet", is_flag=True, help="Do not log requests on stderr.")
@reports_errors
def serve(source: Path, host: str, port: int, timeout: float, max_results: int,
          workers: int, max_memory: int, allow_hosts: tuple[str, ...], cors: tuple[str, ...],
          quiet: bool) -> None:
    """Serve GRAPH_OR_STORE (an RDF file, a build's output folder or a store
    folder) as a read-only SPARQL 1.1 endpoint at /sparql, with a query page
    at /: one named graph per source document, and a default graph that is
    their union. Updates, LOAD and SERVICE are refused."""
    from graphbuild.sparql.server import is_loopback, make_server

    if not is_loopback(host):
        click.echo(f"Warning: listening on {host}, not loopback: anyone who can reach this "
                   "machine can query the graph.", err=True)
    log = None if quiet else (lambda line: click.echo(line, err=True))
    server = make_server(source, host=host, port=port, timeout=timeout,
                         max_results=max_results, workers=workers, max_memory=max_memory,
                         allow_hosts=allow_hosts, cors=cors, log=log)
    click.echo(f"Serving {source} at {server.url} (SPARQL endpoint {server.url}sparql); "
               "Ctrl-C stops.", err=True)
    # SIGTERM (kill, systemd, docker stop) stops as cleanly as Ctrl-C: the
    # workers end and a temporary store is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()


@main.command()
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store "
                   "(Oxigraph) or http://HOST:3030/DATASET/data (Fuseki).")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="Named graph to put the whole graph in (default: the default graph); "
                   "document graphs keep their own IRIs.")
@click.option("--chunk", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Triples per request.")
@click.option("--replace", is_flag=True,
              help="Replace each target graph's content instead of adding to it.")
@click.option("--flat", is_flag=True,
              help="Send the whole graph only, not the named graph of each document.")
@reports_errors
def push(graph: Path, endpoint: str, graph_iri: str | None, chunk: int, replace: bool,
         flat: bool) -> None:
    """Upload GRAPH (an RDF file, output folder or store folder) to a SPARQL
    1.1 Graph Store endpoint, in chunks of N-Triples: the whole graph into the
    default graph (or --graph), and the facts of each source document into a
    named graph whose IRI is the document's (as graph.trig has them).
    Credentials come from GRAPHBUILD_AUTH="user:password" (Basic) or
    GRAPHBUILD_TOKEN (Bearer)."""
    from graphbuild.sparql.push import push_dataset

    show = sys.stderr.isatty()

    def progress(chunks: int, triples: int) -> None:
        if show:
            click.echo(f"\r{triples} triples sent", err=True, nl=False)

    report = push_dataset(graph, endpoint, graph_iri=graph_iri, chunk=chunk, replace=replace,
                          flat=flat, progress=progress)
    if show:
        click.echo("", err=True)
    graphs = (f" and {report.document_graphs} document graph"
              f"{'' if report.document_graphs == 1 else 's'}" if report.document_graphs else "")
    click.echo(f"pushed {report.triples} triples in {report.chunks} chunk"
               f"{'' if report.chunks == 1 else 's'} to {report.target}{graphs} at {endpoint}")

