"""Engines run the per-film work (`extract.film`) and stream back results.

`local` runs it in this process (`jobs=1`) or in a pool of worker processes,
each with its own model; `dask` maps chunks of films to the workers of a
dask.distributed cluster. Either way the driver merges the same FilmResults,
so the graph does not depend on the engine or the number of workers.

Every Dask worker needs graphbuild and the same spaCy model installed; a
worker whose pipeline version differs from the driver's refuses the work.
Without a scheduler address a LocalCluster of `n_jobs` worker processes is
started on 127.0.0.1 for the length of the build.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterator

from graphbuild.errors import GraphbuildError, UnknownName
from graphbuild.extract import film
from graphbuild.extract.film import FilmJob, FilmResult, Reporter, document_words, process
from graphbuild.model import Parsed

ENGINES: tuple[str, ...] = ("local", "dask")

AUTO_WORDS = 20_000
"""With `jobs="auto"`, films to parse that hold fewer words than this are
parsed in this process: starting workers would cost more than they save."""

AUTO_MAX = 4
"""With `jobs="auto"`, at most this many workers (each holds a parse batch)."""

CONNECT_TIMEOUT = "20s"
"""How long to try reaching a scheduler at --scheduler."""


@dataclass
class Task:
    """A chunk of films for a worker, with everything it needs to run them."""

    jobs: list[FilmJob]
    model: str | None = None
    rules: list[str] | None = None
    batch_size: int = 32
    version: str = ""


_REPORTS = None
"""In a worker process: the queue its documents done go to (see `run_local`)."""


def _report_to(queue) -> None:
    global _REPORTS
    _REPORTS = queue


def _report(film: str, words: int) -> None:
    _REPORTS.put((film, words))


def run_task(task: Task) -> list[tuple[bytes, dict[str, bytes]]]:
    """Worker entry point: the encoded results of a chunk of films, with
    their new parses, made with this process's model. Refuses to run when
    its pipeline version differs from the driver's (another graphbuild or
    model on the worker). A worker of the local engine reports each
    document done to the driver as it goes."""
    nlp = film.model(task.model)
    mine = film.pipeline_version(nlp, task.rules)
    if task.version and mine != task.version:
        raise GraphbuildError(
            f"this worker's pipeline version {mine[:12]} differs from the driver's "
            f"{task.version[:12]}; install the same graphbuild and spaCy model on every worker")
    return [(r.to_bytes(), r.parses)
            for r in process(task.jobs, nlp, task.rules, task.batch_size, mine,
                             on_document=_report if _REPORTS is not None else None)]


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # macOS, Windows
        return os.cpu_count() or 1


def auto_jobs(jobs: list[FilmJob], cores: int | None = None) -> int:
    """Workers for `--jobs auto`: one per usable core, at most AUTO_MAX, when
    the films hold at least AUTO_WORDS words to parse (not counting documents
    whose parse the cache holds) and there are two or
    more; else 1 (this process). The graph does not depend on the answer."""
    cores = usable_cores() if cores is None else cores
    if cores <= 1 or len(jobs) <= 1:
        return 1
    words = 0
    for job in jobs:
        keys = job.parse_keys or [""] * len(job.docs)
        words += sum(document_words(d) for d, k in zip(job.docs, keys) if k not in job.parses)
        if words >= AUTO_WORDS:
            return min(cores, AUTO_MAX)
    return 1


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
              on_document: Reporter | None = None,
              ) -> Iterator[tuple[FilmResult, bytes | None]]:
    """Results of the films, with their encoding when they crossed a process
    boundary. `n_jobs` > 1 forks that many workers, which share the loaded
    model (`on_parsed` then sees nothing: parses happen in the workers; the
    workers tell `on_document` of each document done through a queue)."""
    if n_jobs <= 1 or len(jobs) <= 1:
        for chunk in chunks(jobs, batch_size * 4):
            for r in process(chunk, nlp, rules, batch_size, version, on_parsed, on_document):
                yield r, None
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # forked workers inherit the loaded model, and the code the pipeline
    # version was computed from (not what is on disk when they start)
    film._MODELS[model] = nlp
    for name in ("read.normalize", "extract.nlp", "extract.resolve", "extract.relations",
                 "rdf.mapping"):
        importlib.import_module(f"graphbuild.{name}")
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:              # no fork (Windows): workers load the model by name
        ctx = multiprocessing.get_context("spawn")
    # a SimpleQueue writes to its pipe at once (no feeder thread a worker
    # would wait for on exit); the driver reads it whenever it looks up
    reports = ctx.SimpleQueue() if on_document else None

    def drain() -> None:
        while reports is not None and not reports.empty():
            on_document(*reports.get())

    # chunks small enough to keep every worker busy to the end
    size = max(1, min(batch_size * 2, sum(len(j.docs) for j in jobs) // (n_jobs * 4) or 1))
    todo = iter(chunks(jobs, size))
    with ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_report_to,
                             initargs=(reports,)) as pool:
        running = set()
        for chunk in todo:
            running.add(pool.submit(run_task, Task(chunk, model, rules, batch_size, version)))
            if len(running) >= n_jobs * 2:
                break
        while running:
            done, running = wait(running, timeout=0.2 if reports else None,
                                 return_when=FIRST_COMPLETED)
            drain()
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
        for option in ("nlp", "on_parsed", "on_document"):   # films run far away
            options.pop(option, None)
        return run_dask(jobs, **options)
    raise UnknownName("engine", name, ENGINES)


def run_dask(jobs: list[FilmJob], *, scheduler: str | None = None, model: str | None = None,
             rules: list[str] | None = None, batch_size: int = 32, n_jobs: int = 1,
             version: str = "") -> Iterator[tuple[FilmResult, bytes]]:
    """Results of the films, computed on a Dask cluster (at most two chunks
    per worker in flight, so driver and scheduler memory stay bounded)."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as e:
        raise GraphbuildError(
            "the dask engine needs dask.distributed: pip install 'graphbuild[dask]' "
            "(or use --engine local)") from e
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as e:
            raise GraphbuildError(f"cannot reach the Dask scheduler at {scheduler}: {e}; "
                                  "start one with `dask scheduler` or leave out --scheduler") from e
    else:
        cluster = LocalCluster(n_workers=max(1, n_jobs), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        todo = iter(chunks(jobs, batch_size * 2))
        first = [Task(c, model, rules, batch_size, version) for c in islice(todo, workers * 2)]
        ac = as_completed(client.map(run_task, first, pure=False))
        for fut in ac:
            results = fut.result()
            fut.release()
            nxt = next(todo, None)
            if nxt is not None:
                ac.add(client.submit(run_task, Task(nxt, model, rules, batch_size, version),
                                     pure=False))
            for data, parses in results:
                result = FilmResult.from_bytes(data)
                result.parses = parses
                yield result, data
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
