"""`graphbuild import FORMAT SOURCE --out CORPUS_DIR`: a dataset into a corpus folder."""

from __future__ import annotations

import click

from graphbuild.cli.app import main, reports_errors


@main.command("import")
@click.argument("fmt", metavar="FORMAT")
@click.argument("source", type=click.Path(path_type=str))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Corpus folder to write into (one folder per film); created if missing.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Write at most N documents.")
@reports_errors
def import_command(fmt: str, source: str, out_dir: str, limit: int | None) -> None:
    """Import a public film dataset into a corpus folder.

    FORMAT is one of: jekyll, aclimdb, wikipedia-json, wiki-plots-csv, tripod,
    cmu. Documents of the same film join one folder (by IMDb id, else by title
    and year), also across formats and repeated runs.
    """
    from graphbuild.importers import import_dataset

    report = import_dataset(fmt, source, out_dir, limit=limit)
    click.echo(report.summary())
