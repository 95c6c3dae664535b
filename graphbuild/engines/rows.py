"""The merged graph as a sorted set of N-Triples rows, in bounded memory.

Rows are collected in memory; past `limit` rows they are sorted and written
to a run file, and reading merges the runs (an external sort), dropping
repeats. Small builds never touch the disk. Sorted rows are what graph.nt
holds, and they group every subject's rows together, so the report can be
counted in one pass.
"""

from __future__ import annotations

import heapq
from itertools import groupby
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Iterable, Iterator

LIMIT = 2_000_000
"""Rows held in memory before a run is written (about 500 MB)."""


class SortedRows:
    """A set of N-Triples rows (no line ends) that iterates in sorted order."""

    def __init__(self, rows: Iterable[str] = (), limit: int | None = None):
        self.limit = limit or LIMIT
        self._memory: list[str] = []     # repeats are dropped when sorted
        self._sorted: list[str] | None = None
        self._runs: list[Path] = []
        self._folder: str | None = None
        self._count: int | None = None
        self.add(rows)

    def add(self, rows: Iterable[str]) -> None:
        """Add rows (empty strings are ignored)."""
        if self._sorted is not None:
            self._memory, self._sorted = self._sorted, None
        self._memory.extend(rows)
        self._count = None
        if len(self._memory) >= self.limit:
            self._spill()

    def _unique(self) -> list[str]:
        rows = [row for row, _ in groupby(sorted(self._memory))]
        return rows[1:] if rows and rows[0] == "" else rows

    def _spill(self) -> None:
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="graphbuild-rows-")
            weakref.finalize(self, shutil.rmtree, self._folder, True)
        path = Path(self._folder) / f"run-{len(self._runs):05d}.nt"
        rows = self._unique()
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for i in range(0, len(rows), 10_000):
                f.write("\n".join(rows[i:i + 10_000]) + "\n")
        self._runs.append(path)
        self._memory = []

    @staticmethod
    def _read(path: Path) -> Iterator[str]:
        with open(path, encoding="utf-8", newline="\n") as f:   # split at \n only
            for line in f:
                yield line[:-1]

    def __iter__(self) -> Iterator[str]:
        if self._sorted is None:
            self._sorted, self._memory = self._unique(), []
        if not self._runs:
            yield from self._sorted
            return
        last = None
        for row in heapq.merge(self._sorted, *map(self._read, self._runs)):
            if row != last:
                yield row
                last = row

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count

    @property
    def spilled(self) -> int:
        """How many runs were written to disk."""
        return len(self._runs)
