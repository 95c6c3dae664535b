"""The pipeline, top to bottom: the table of contents of graphbuild.

    read/      corpus folders and files -> Documents, grouped by film
    extract/   per film: normalize -> parse with spaCy -> resolve mentions
               into entities -> extract relations -> N-Triples rows
               (`extract/film.py` holds that whole path)
    assemble/  run the films on an engine, keep them in the cache, and merge
               every film into one graph (or patch the last build's)
    outputs/   every output is then a function of the merged graph: RDF files,
               the graph page, metrics; `sparql/` queries and serves it

A film is the unit of work (identity is resolved per film), of the cache
and of the engines that run films in parallel or on a cluster.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path
from typing import Callable

from rdflib import Graph

from graphbuild.assemble.engines import auto_jobs, run_engine
from graphbuild.assemble.merge import Build, assemble
from graphbuild.assemble.plan import plan_build
from graphbuild.extract.film import FilmJob, pipeline_version
from graphbuild.model import Parsed
from graphbuild.progress import Progress
from graphbuild.read.corpus import Problem

DAMAGED_CACHE = (sqlite3.DatabaseError, ValueError, zlib.error)
"""What reading a damaged cache raises (a malformed SQLite page, a value
that is not JSON, not UTF-8, or not zlib; UnicodeDecodeError is a
ValueError): when `cache.damaged` says the cache raised it, the build runs
again without the cache."""


def build(paths: list[str | Path], *, model: str | None = None, nlp=None,
          min_confidence: float = 0.0, rules: list[str] | None = None,
          batch_size: int = 128, jobs: int | str = 1, n_process: int = 1,
          on_parsed: Callable[[Parsed], None] | None = None,
          cache: str | Path | None = None, engine: str = "local",
          scheduler: str | None = None, progress: Progress | None = None,
          follow_symlinks: bool = False) -> Build:
    """Build the knowledge graph of the corpus folders or files in `paths`.

    Films found in the `cache` folder (same documents, same pipeline version)
    are reused; the others run on `engine`: "local" in this process, or in
    `jobs` worker processes (`n_process` is an older name for it; "auto":
    one per core when there is enough to parse, see `engines.auto_jobs`); "dask" on
    the cluster at `scheduler`, else on a local one. `on_parsed` sees each
    document parsed in this process, `progress` how many documents and words
    are done. The graph is the same whatever the cache, engine or jobs.
    Symbolic links that lead outside a corpus path are not read unless
    `follow_symlinks`.
    """
    from graphbuild.assemble.cache import Cache, damaged
    if jobs != "auto" and not (isinstance(jobs, int) and jobs >= 1):
        raise ValueError(f"jobs must be a number of workers (1 or more) or 'auto', not {jobs!r}")
    from graphbuild.errors import GraphbuildError
    from graphbuild.extract.nlp import installed_model, load_model

    problems: list[Problem] = []
    # 1. the version of everything that shapes a film's facts: the spaCy
    #    pipeline is only loaded once a film needs parsing
    known = installed_model(model) if nlp is None else None
    if nlp is None and known is None:
        nlp = load_model(model)
    version = pipeline_version(nlp if nlp is not None else known, rules)
    # 2. extract each film (extract/film.py) on an engine, once it is known
    #    which films need it
    def extract(jobs_: list[FilmJob], on_document):
        nonlocal nlp
        if nlp is None and jobs_ and engine == "local":
            if progress is not None:
                progress.phase("loading the spaCy pipeline")
            nlp = load_model(model)
            if pipeline_version(nlp, rules) != version:
                raise GraphbuildError(
                    f"the spaCy pipeline loaded ({nlp.meta.get('name')}) is not the one its "
                    "package describes; reinstall it, or name one with --model")
        if jobs == "auto":      # on_parsed hears only of parses in this process
            n_jobs = 1 if on_parsed is not None else auto_jobs(jobs_)
        else:
            n_jobs = max(jobs, n_process)
        return run_engine(engine, jobs_, nlp=nlp, model=model, rules=rules,
                          batch_size=batch_size, n_jobs=n_jobs,
                          version=version, on_parsed=on_parsed, on_document=on_document,
                          scheduler=scheduler)

    # 3. read the corpus into films, skipping those the cache already holds,
    # 4. and merge every film into one graph (or patch the last build's)
    def run(store: Cache | None) -> Build:
        plan = plan_build(paths, problems, version, store, progress, follow_symlinks)
        return assemble(plan, store, extract, version, min_confidence, problems, progress)

    store = Cache(cache, version) if cache is not None else None
    try:
        return run(store)
    except DAMAGED_CACHE as e:
        if store is None or not damaged(e):
            raise
        damage = f"{type(e).__name__}: {str(e)[:200]}"
    # a cache that does not read back is deleted, and the build runs again
    store.discard()
    store = Cache(cache, version)
    store.notes.append(f"the build cache in {cache} is damaged ({damage}); deleted it and "
                       "built again without it")
    problems.clear()
    return run(store)


def build_graph(paths: list[str | Path] | str | Path, **options) -> Graph:
    """The rdflib Graph of the given corpus paths (see `build` for options)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return build(list(paths), **options).graph
