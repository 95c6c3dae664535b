"""The merged graph as a sorted set of N-Triples rows, in bounded memory.

Rows are collected in memory; past `limit` rows they are sorted and written
to a run file, and reading merges the runs (an external sort), dropping
repeats. Small builds never touch the disk. Sorted rows are what graph.nt
holds, and they group every subject's rows together, so the report can be
counted in one pass.
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import groupby, islice
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Iterable, Iterator

from rdflib.namespace import RDF

from graphbuild.rdf.vocab import CLASSES, FILM, OPEN, local_name

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
        self.repeats: Counter[str] = Counter()
        """Copies of rows dropped as repeats so far (all of them once
        `counted` has run): a row was added 1 + repeats[row] times."""
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
        ordered = sorted(self._memory)
        rows = [row for row, _ in groupby(ordered)]
        if len(rows) < len(ordered):
            self.repeats.update(a for a, b in zip(ordered, islice(ordered, 1, None))
                                if a == b and a)
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
        return self._merged(count=False)

    def counted(self) -> Iterator[str]:
        """Iterate like `iter`, and count in `repeats` the rows repeated
        across runs too (call it once)."""
        return self._merged(count=True)

    def _merged(self, count: bool) -> Iterator[str]:
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
            elif count:
                self.repeats[row] += 1

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count

    @property
    def spilled(self) -> int:
        """How many runs were written to disk."""
        return len(self._runs)


class RowCounts:
    """Triples, entities per class and statements per property, counted in
    one pass over sorted rows (where each subject's rows are together)."""

    A_TYPE, PREDICATE, STATEMENT = f"<{RDF.type}>", f"<{RDF.predicate}>", f"<{RDF.Statement}>"
    RDF_TERM = f"> <{RDF}"       # only rdf:type and rdf:predicate rows matter
    CLASS_OF = {f"<{FILM[c]}>": c for c in CLASSES}

    def __init__(self):
        self.triples = 0
        self.classes = dict.fromkeys(CLASSES, 0)
        self.props: Counter[str] = Counter()
        self.open_props: Counter[str] = Counter()
        self._subject, self._is_statement, self._stated = None, False, None

    def _statement_done(self) -> None:
        if self._is_statement:
            p = self._stated or "None"
            (self.open_props if p.startswith(str(OPEN)) else self.props)[local_name(p)] += 1

    def feed(self, rows: list[str]) -> None:
        self.triples += len(rows)
        for row in rows:
            if self.RDF_TERM not in row:
                continue
            s, p, o = row.split(" ", 2)
            if s != self._subject:
                self._statement_done()
                self._subject, self._is_statement, self._stated = s, False, None
            if p == self.A_TYPE:
                o = o[:-2]
                if o in self.CLASS_OF:
                    self.classes[self.CLASS_OF[o]] += 1
                elif o == self.STATEMENT:
                    self._is_statement = True
            elif p == self.PREDICATE:
                self._stated = o[1:-3]

    def finish(self) -> "RowCounts":
        self._statement_done()
        self._subject, self._is_statement, self._stated = None, False, None
        return self

    def as_dict(self) -> dict:
        """The counts (after `finish`) as plain data."""
        self.finish()
        return {"triples": self.triples, "classes": dict(self.classes),
                "props": dict(self.props), "open_props": dict(self.open_props)}


def count_pieces(rows: Iterable[str], counts: RowCounts, size: int = 10_000) -> Iterator[str]:
    """N-Triples text of sorted rows in pieces of `size` rows, fed to
    `counts` on the way (an empty graph is one "\\n", as rdflib writes it)."""
    rows = iter(rows)
    chunk = list(islice(rows, size))
    while True:
        counts.feed(chunk)
        yield "\n".join(chunk) + "\n"
        chunk = list(islice(rows, size))
        if not chunk:
            break


def count_rows(counts: dict, removed: Iterable[str], added: Iterable[str]) -> dict:
    """Report counts (`RowCounts.as_dict`) after removing and adding rows:
    classes by their rdf:type rows, statements by their rdf:predicate rows
    (one each)."""
    out = {"triples": counts["triples"], "classes": dict(counts["classes"]),
           "props": Counter(counts["props"]), "open_props": Counter(counts["open_props"])}
    for sign, rows in ((-1, removed), (1, added)):
        for row in rows:
            out["triples"] += sign
            if RowCounts.RDF_TERM not in row:
                continue
            _, p, o = row.split(" ", 2)
            if p == RowCounts.A_TYPE and o[:-2] in RowCounts.CLASS_OF:
                out["classes"][RowCounts.CLASS_OF[o[:-2]]] += sign
            elif p == RowCounts.PREDICATE:
                stated = o[1:-3]
                (out["open_props"] if stated.startswith(str(OPEN)) else out["props"])[
                    local_name(stated)] += sign
    for key in ("props", "open_props"):
        out[key] = {k: n for k, n in out[key].items() if n}
    return out
