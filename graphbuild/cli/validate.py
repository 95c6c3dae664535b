"""`graphbuild validate GRAPH`: SHACL against the shipped shapes."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from graphbuild.cli.app import main, reports_errors

EXIT_INVALID = 1
"""Exit code of a graph that does not conform (as pySHACL's own command)."""


@main.command("validate")
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--without-ontology", is_flag=True,
              help="Validate the graph alone, not merged with the ontology.")
@click.option("--show", type=click.IntRange(min=0), default=20, show_default=True,
              help="Violations listed per message in the text report.")
@reports_errors
def validate_cmd(graph: Path, fmt: str, without_ontology: bool, show: int) -> None:
    """Check GRAPH (an RDF file, a build's output folder or a store folder)
    against graphbuild's SHACL shapes (ontology/shapes.ttl) and the ontology's
    terms. Exit code 0 when it conforms, 1 when it does not (or cannot be
    read), 2 on a usage error."""
    from graphbuild.rdf.validate import violations
    from graphbuild.sparql.store import load_graph_or_store

    g = load_graph_or_store(graph)
    found = violations(g, with_ontology=not without_ontology)
    if fmt == "json":
        click.echo(json.dumps({"conforms": not found, "triples": len(g),
                               "violations": [vars(v) for v in found]}, indent=1))
    elif not found:
        click.echo(f"{graph}: conforms ({len(g)} triples checked against the shapes)")
    else:
        by_message = Counter(v.message for v in found)
        click.echo(f"{graph}: does not conform: {len(found)} violation(s) of "
                   f"{len(by_message)} kind(s)")
        for message, n in by_message.most_common():
            click.echo(f"\n{message} ({n}):")
            nodes = [v for v in found if v.message == message]
            for v in nodes[:show]:
                click.echo(f"  {v.node}" + (f"  {v.path}" if v.path else ""))
            if len(nodes) > show:
                click.echo(f"  ... and {len(nodes) - show} more (--show N lists more)")
    if found:
        sys.exit(EXIT_INVALID)
