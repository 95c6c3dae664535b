"""`graphbuild viz` (the interactive page) and `graphbuild stats` (the numbers)."""

from __future__ import annotations

from pathlib import Path

import click

from graphbuild.cli.app import main, reports_errors


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (self-contained; opens offline).")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="Draw only the N most important nodes (PageRank). "
                   "Default: all, up to 2000.")
@click.option("--film", default=None, metavar="TITLE",
              help="Draw only this film's part of the graph (title or slug).")
@reports_errors
def viz(graph: Path, out: Path, top: int | None, film: str | None) -> None:
    """Draw GRAPH (an RDF file or a build's output folder) as an interactive
    HTML page with filters, a legend and evidence on hover."""
    from graphbuild.assemble.files import write_atomic
    from graphbuild.outputs.html import render_html
    from graphbuild.outputs.rdf import load_graph

    page = render_html(load_graph(graph), top=top, film=film)
    write_atomic(out, page)
    click.echo(f"wrote {out}")


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
    and communities of GRAPH; optionally export it for Gephi and friends."""
    import json

    from graphbuild.outputs import analysis
    from graphbuild.outputs.rdf import load_graph

    g = load_graph(graph)
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
