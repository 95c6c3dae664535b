"""`graphbuild viz` (the interactive page) and `graphbuild stats` (the numbers)."""

from __future__ import annotations

from pathlib import Path

import click

from graphbuild.cli.app import main, reports_errors


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Where to write the explorer: FILE.html for one self-contained page, "
                   "or a folder (index.html plus one small data file per film, loaded "
                   "when the film is opened; for graphs of thousands of films). "
                   "Both open offline, from disk.")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="Draw at most N films at once in the overview (those the graph "
                   "knows most about among the films the filters let through). "
                   "Default: 500.")
@click.option("--film", default=None, metavar="TITLE",
              help="Open the page on this film's story graph (title or slug).")
@reports_errors
def viz(graph: Path, out: Path, top: int | None, film: str | None) -> None:
    """Write an explorer page for GRAPH (an RDF file or a build's output
    folder, or a store folder written by build --store): an overview of the
    films linked by the people they share, each film's story graph, a panel
    with every fact's evidence, and search."""
    from graphbuild.outputs.html import write_page
    from graphbuild.sparql.store import is_store, store_facts

    source = store_facts(graph) if is_store(graph) else graph
    click.echo(f"wrote {write_page(source, out, top=top, film=film)}")


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="How to print the report.")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the entity network as GraphML.")
@click.option("--gexf", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the entity network as GEXF (Gephi).")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write nodes.csv and edges.csv into this folder.")
@reports_errors
def stats(graph: Path, fmt: str, graphml: Path | None, gexf: Path | None,
          csv_dir: Path | None) -> None:
    """Counts per class and property, the most central characters of each film
    and communities of GRAPH (an RDF file, a build's output folder or a store
    folder); optionally export it for Gephi and friends."""
    import json

    from graphbuild.outputs import analysis
    from graphbuild.sparql.store import load_graph_or_store

    g = load_graph_or_store(graph)
    report = analysis.analyze(g)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(analysis.format_table(report), nl=False)
    written = []
    if graphml is not None:
        written.append(analysis.write_graphml(g, graphml))
    if gexf is not None:
        written.append(analysis.write_gexf(g, gexf))
    if csv_dir is not None:
        written.extend(analysis.write_csv(g, csv_dir))
    for path in written:
        click.echo(f"wrote {path}", err=True)
