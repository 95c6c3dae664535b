"""The Dask engine: chunks of films mapped to the workers of a
dask.distributed cluster, each returning encoded FilmResults.

Every worker needs graphbuild and the same spaCy model installed; a worker
whose pipeline version differs from the driver's refuses the work. Without a
scheduler address a LocalCluster of `n_jobs` worker processes is started on
127.0.0.1 for the length of the build.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterator

from graphbuild.engines import chunks
from graphbuild.engines.work import FilmJob, FilmResult, Task, run_task
from graphbuild.errors import GraphbuildError

CONNECT_TIMEOUT = "20s"
"""How long to try reaching a scheduler at --scheduler."""


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
