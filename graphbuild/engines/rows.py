"""The merged graph as a sorted set of N-Triples rows, in bounded memory.

Rows are collected in memory; past `limit` rows they are sorted and written
to a run file, and reading merges the runs (an external sort), dropping
repeats. Small builds never touch the disk. Sorted rows are what graph.nt
holds, and they group every subject's rows together, so the report can be
counted in one pass.
"""

from __future__ import annotations

import heapq
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Iterable, Iterator

LIMIT = 1_000_000
"""Rows held in memory before a run is written (about 250 MB)."""


class SortedRows:
    """A set of N-Triples rows (no line ends) that iterates in sorted order."""

    def __init__(self, rows: Iterable[str] = (), limit: int | None = None):
        self.limit = limit or LIMIT
        self._memory: set[str] = set()
        self._sorted: list[str] | None = None
        self._runs: list[Path] = []
        self._folder: str | None = None
        self._count: int | None = None
        self.add(rows)

    def add(self, rows: Iterable[str]) -> None:
        """Add rows (empty strings are ignored)."""
        self._memory.update(rows)
        self._memory.discard("")
        self._sorted = None
        self._count = None
        if len(self._memory) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="graphbuild-rows-")
            weakref.finalize(self, shutil.rmtree, self._folder, True)
        path = Path(self._folder) / f"run-{len(self._runs):05d}.nt"
        rows = sorted(self._memory)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for i in range(0, len(rows), 10_000):
                f.write("".join(r + "\n" for r in rows[i:i + 10_000]))
        self._runs.append(path)
        self._memory = set()

    @staticmethod
    def _read(path: Path) -> Iterator[str]:
        with open(path, encoding="utf-8", newline="\n") as f:   # split at \n only
            for line in f:
                yield line[:-1]

    def __iter__(self) -> Iterator[str]:
        if self._sorted is None:
            self._sorted = sorted(self._memory)
        if not self._runs:
            yield from self._sorted
            return
        if len(self._runs) == 1 and not self._sorted:
            yield from self._read(self._runs[0])
            return
        # merge the runs, and keep the result as the one run to read next time
        path = Path(self._folder) / f"merged-{len(self._runs):05d}.nt"
        last = None
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            for row in heapq.merge(self._sorted, *map(self._read, self._runs)):
                if row != last:
                    out.write(row + "\n")
                    yield row
                    last = row
        for run in self._runs:
            run.unlink()
        self._runs, self._memory, self._sorted = [path], set(), []

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._memory) if not self._runs else sum(1 for _ in self)
        return self._count

    @property
    def spilled(self) -> int:
        """How many runs were written to disk."""
        return len(self._runs)
