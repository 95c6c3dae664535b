"""Engines run the per-film work (`engines.work`) and stream back results.

`local` runs it in this process (`jobs=1`) or in a pool of worker processes,
each with its own model; `dask` maps chunks of films to the workers of a
dask.distributed cluster. Either way the driver merges the same FilmResults,
so the graph does not depend on the engine or the number of workers.
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterator

from graphbuild.engines.work import FilmJob, FilmResult, Task, process, run_task
from graphbuild.errors import UnknownName
from graphbuild.model import Parsed

ENGINES: tuple[str, ...] = ("local", "dask")


def chunks(jobs: list[FilmJob], docs_per_chunk: int) -> list[list[FilmJob]]:
    """Consecutive films grouped until a chunk holds `docs_per_chunk` documents."""
    out: list[list[FilmJob]] = []
    current: list[FilmJob] = []
    n = 0
    for job in jobs:
        current.append(job)
        n += len(job.docs)
        if n >= docs_per_chunk:
            out.append(current)
            current, n = [], 0
    if current:
        out.append(current)
    return out


def run_local(jobs: list[FilmJob], *, nlp, model: str | None = None,
              rules: list[str] | None = None, batch_size: int = 32, n_jobs: int = 1,
              version: str = "", on_parsed: Callable[[Parsed], None] | None = None,
              ) -> Iterator[tuple[FilmResult, bytes | None]]:
    """Results of the films, with their encoding when they crossed a process
    boundary. `n_jobs` > 1 forks that many workers, which share the loaded
    model (`on_parsed` then sees nothing: parses happen in the workers)."""
    if n_jobs <= 1 or len(jobs) <= 1:
        for chunk in chunks(jobs, batch_size * 4):
            for r in process(chunk, nlp, rules, batch_size, version, on_parsed):
                yield r, None
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from graphbuild.engines import work

    # forked workers inherit the loaded model, and the code the pipeline
    # version was computed from (not what is on disk when they start)
    work._MODELS[model] = nlp
    for name in ("normalize", "nlp", "resolve", "relations", "mapping"):
        importlib.import_module(f"graphbuild.{name}")
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:              # no fork (Windows): workers load the model by name
        ctx = multiprocessing.get_context("spawn")
    # chunks small enough to keep every worker busy to the end
    size = max(1, min(batch_size * 2, sum(len(j.docs) for j in jobs) // (n_jobs * 4) or 1))
    todo = iter(chunks(jobs, size))
    with ProcessPoolExecutor(n_jobs, mp_context=ctx) as pool:
        running = set()
        for chunk in todo:
            running.add(pool.submit(run_task, Task(chunk, model, rules, batch_size, version)))
            if len(running) >= n_jobs * 2:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                for data, parses in fut.result():
                    result = FilmResult.from_bytes(data)
                    result.parses = parses
                    yield result, data
                nxt = next(todo, None)
                if nxt is not None:
                    running.add(pool.submit(run_task, Task(nxt, model, rules, batch_size, version)))


def run_engine(name: str, jobs: list[FilmJob],
               **options) -> Iterator[tuple[FilmResult, bytes | None]]:
    """Dispatch to an engine by name (see ENGINES)."""
    if name == "local":
        options.pop("scheduler", None)
        return run_local(jobs, **options)
    if name == "dask":
        from graphbuild.engines.dask_engine import run_dask

        options.pop("nlp", None)
        options.pop("on_parsed", None)
        return run_dask(jobs, **options)
    raise UnknownName("engine", name, ENGINES)
