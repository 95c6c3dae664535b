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

    Documents of the same film join one folder (by IMDb id, else by title and
    year), also across formats and repeated runs. FORMAT and its SOURCE:

    \b
      jekyll          a folder of Jekyll posts (_posts/*.md): movie posts and
                      IMDb comments with YAML front matter
      aclimdb         the aclImdb folder (train|test/pos|neg|unsup/*.txt with
                      urls_*.txt), or .jsonl files of its reviews with imdb_id
      wikipedia-json  a movies-*.json file of prust/wikipedia-movie-data, or a
                      folder of them
      wiki-plots-csv  the Kaggle Wikipedia Movie Plots CSV file
      tripod          the TRIPOD folder (Synopses_and_annotations/ and
                      Screenplays_and_imdb_meta/)
      cmu             the CMU Movie Summary Corpus folder (plot_summaries.txt,
                      movie.metadata.tsv), or a folder of Title.txt summaries

    Exits 1 when SOURCE gave no document at all (a wrong FORMAT, say).
    """
    from graphbuild.errors import CorpusError
    from graphbuild.importers import import_dataset

    report = import_dataset(fmt, source, out_dir, limit=limit)
    if report.documents + report.unchanged == 0 and limit != 0:
        raise CorpusError(f"{source} gave no {fmt} document ({report.summary()}); check "
                          f"that SOURCE is what the {fmt} format reads (see graphbuild import --help)")
    click.echo(report.summary())
