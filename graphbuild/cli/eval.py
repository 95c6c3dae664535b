"""`graphbuild eval GRAPH GOLD_DIR... [--format table|json]`"""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphbuild.cli.app import main, reports_errors


def format_table(ev, show: int) -> str:
    """Per-property scores, the overall line, then missed and wrong triples."""
    lines = [f"{'property':<20} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'req':>5}"]
    rows = sorted(ev.per_property.items()) + [("OVERALL", ev.overall)]
    for name, s in rows:
        lines.append(f"{name:<20} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
                     f"{s.tp:>5} {s.fp:>5} {s.required:>5}")
    if show:
        lines.append(f"\nmissed ({len(ev.missed)}):")
        lines += [f"  [{g}] {s} {p} {o}" for g, s, p, o in ev.missed[:show]]
        lines.append(f"wrong ({len(ev.wrong)}):")
        lines += [f"  [{g}] {s} {p} {o}  ({why})" for g, s, p, o, why in ev.wrong[:show]]
    return "\n".join(lines)


@main.command("eval")
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--show", type=int, default=50, show_default=True,
              help="How many missed and wrong triples to list in the table.")
@reports_errors
def eval_cmd(graph, gold, fmt, show):
    """Score GRAPH (a graph file, build folder or store) against gold folders.

    Each GOLD is a folder with entities.tsv and triples.tsv, or a folder of
    such folders. Prints precision, recall and F1 per property and overall.
    """
    from graphbuild.evaluate import evaluate, gold_folders
    from graphbuild.sparql.store import load_graph_or_store

    ev = evaluate(load_graph_or_store(graph), gold_folders(list(gold)))
    if fmt == "json":
        click.echo(json.dumps(ev.as_dict(), indent=2, sort_keys=True))
    else:
        click.echo(format_table(ev, show))
