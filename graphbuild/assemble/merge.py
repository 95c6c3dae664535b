"""Merging the films' results into one graph, or patching the graph of the
last build with the films that changed (`patch`), and what a build made
(`Build`): the graph as sorted N-Triples rows, the documents, the relations
and a report.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rdflib import Graph

from graphbuild.assemble.cache import Cache
from graphbuild.assemble.files import write_atomic
from graphbuild.assemble.patch import FileRows, MergedState, kept_facts, link_or_copy
from graphbuild.assemble.plan import Plan, film_job
from graphbuild.assemble.rows import RowCounts, SortedRows, count_pieces
from graphbuild.extract.film import FilmJob, FilmResult, Reporter
from graphbuild.model import Document, Relation
from graphbuild.progress import Progress
from graphbuild.rdf.mapping import entity_look, entity_rows, merge_entities, nt_rows
from graphbuild.rdf.vocab import bind_prefixes
from graphbuild.read.corpus import Problem

Extract = Callable[[list[FilmJob], Reporter], Iterable[tuple[FilmResult, bytes | None]]]
"""Runs the extraction of films on an engine (telling the Reporter of each
document done, when it can): results, with their encoding when they crossed
a process boundary."""


class Build:
    """What a build made: the Graph (kept as sorted N-Triples rows until it
    is asked for), the documents as read (normalized only where parsed in
    this process), the relations, and a report."""

    def __init__(self, graph: Graph | None = None, documents: list[Document] | None = None,
                 relations: list[Relation] | None = None, problems: list[Problem] | None = None,
                 *, rows: SortedRows | FileRows | None = None,
                 films: list[FilmResult] | Callable[[], list[FilmResult]] | None = None,
                 stats: dict | None = None, document_count: int | None = None,
                 cache: Path | None = None, notes: list[str] | None = None):
        if graph is None and rows is None:
            raise ValueError("a Build needs a graph or its N-Triples rows")
        self._graph = graph
        self._rows = rows
        self._films = films if films is not None else []
        self._relations = relations
        self.documents = documents or []
        self.document_count = len(self.documents) if document_count is None else document_count
        self.problems = problems or []
        self.stats = stats or {}
        self._counts: dict | None = rows.counts if isinstance(rows, FileRows) else None
        self.cache = cache
        """The cache folder the build used, if any."""
        self.notes = notes or []
        """What the build repaired on the way (a damaged cache), one line each."""

    @property
    def digest(self) -> str | None:
        """SHA-256 of the graph's N-Triples (graph.nt's bytes), when the
        cache that keeps the merged graph knows it."""
        return self._rows.digest if isinstance(self._rows, FileRows) else None

    @property
    def graph(self) -> Graph:
        """The knowledge graph (read from the rows on first use)."""
        if self._graph is None:
            g = Graph()
            bind_prefixes(g)
            g.parse(data="".join(r + "\n" for r in self.rows), format="nt")
            self._graph = g
        return self._graph

    @property
    def relations(self) -> list[Relation]:
        """Every relation extracted, with its evidence, film by film."""
        if self._relations is None:
            if callable(self._films):
                self._films = self._films()
            self._relations = [r for f in self._films for r in f.relations()]
        return self._relations

    @property
    def rows(self) -> SortedRows:
        """One N-Triples row per triple (no line end), in sorted order."""
        if self._rows is None:
            self._rows = SortedRows(nt_rows(self._graph).split("\n"))
        return self._rows

    def nt(self) -> str:
        """The graph as N-Triples, the same bytes as `serialize(graph, "nt")`
        without building the Graph."""
        return "\n".join(self.rows) + "\n"

    def nt_digest(self) -> str:
        """SHA-256 of `nt()` (graph.nt's bytes), without holding the text."""
        if self.digest:
            return self.digest
        h = hashlib.sha256()
        for piece in self._scan():            # counts the report on the way
            h.update(piece.encode("utf-8"))
        return h.hexdigest()

    def write_nt(self, path: str | Path, on_rows: Callable[[int], None] | None = None) -> Path:
        """Write `nt()` to a file atomically, streamed in pieces (and count
        the report on the way; `on_rows` hears how many rows each piece
        held); a graph kept in a file is linked or copied."""
        if isinstance(self._rows, FileRows):
            link_or_copy(self._rows.path, Path(path))
            if on_rows:                   # all of them at once
                on_rows(len(self._rows))
        else:
            write_atomic(Path(path), self._scan(on_rows))
        return Path(path)

    def _scan(self, on_rows: Callable[[int], None] | None = None) -> Iterator[str]:
        """N-Triples text of the rows in pieces, counted for the report."""
        counts = RowCounts()
        for piece in count_pieces(self.rows, counts):
            yield piece
            if on_rows:
                on_rows(piece.count("\n"))
        self._counts = counts.as_dict()

    def report(self) -> dict:
        """Documents read, counts per class and property, what was reused
        from the cache, and problems."""
        if self._counts is None:
            for _ in self._scan():
                pass
        c = self._counts
        report = {
            "documents": self.document_count,
            "films": c["classes"]["Film"],
            "triples": c["triples"],
            "facts": sum(c["props"].values()) + sum(c["open_props"].values()),
            "classes": c["classes"],
            "properties": dict(sorted(c["props"].items())),
            "open_relations": dict(sorted(c["open_props"].items())),
            "failures": [p.as_dict() for p in self.problems if p.fatal],
            "warnings": [p.as_dict() for p in self.problems if not p.fatal],
        }
        if self.stats:
            # the films of the corpus, and those its documents only mention
            read = self.stats["films_parsed"] + self.stats["films_reused"]
            report["films_read"] = read
            report["films_only_mentioned"] = max(0, report["films"] - read)
            report["build"] = self.stats
        return report


def merge(films: list[FilmResult], min_confidence: float = 0.0,
          progress: Progress | None = None) -> SortedRows:
    """The N-Triples rows of the whole graph: every film's facts at or above
    `min_confidence` (with provenance), the entities they name (labels
    merged across films) and every document node."""
    progress = progress or Progress()
    progress.phase("merging", len(films), "films")
    entities = merge_entities(f.entities for f in films)
    used: set[str] = set()     # the entities kept facts name, known before any row is read
    for f in films:
        used |= kept_facts(f, [], min_confidence, entities)[1]
    rows = SortedRows()
    written: set[str] = set()
    fresh = []                 # entities that look different once merged across films
    for f in films:
        film_rows = f.rows()
        rows.add(kept_facts(f, film_rows.facts, min_confidence, entities)[0])
        rows.add(film_rows.documents)
        for e in f.entities:   # an entity's rows from the first film that has it
            if e.key in used and e.key not in written:
                written.add(e.key)
                if entity_look(e) == entity_look(entities[e.key]):
                    rows.add(film_rows.entities[e.key])
                else:
                    fresh.append(entities[e.key])
        progress.advance()
    rows.add(entity_rows(fresh).split("\n"))
    return rows


def assemble(plan: Plan, store: Cache | None, extract: Extract, version: str,
             min_confidence: float = 0.0, problems: list[Problem] | None = None,
             progress: Progress | None = None) -> Build:
    """The Build of a planned corpus: films stored in the cache are reused,
    the others extracted with `extract`. With a kept merged graph, only the
    films that changed since are needed (their old results too) and the
    graph is patched (or kept as it is when none changed); else every film's
    result is merged."""
    progress = progress or Progress()
    digests = {**plan.reused, **{job.key: job.digest for job in plan.todo}}
    state = MergedState(store, min_confidence) if store is not None else None
    changes = state.changes(digests) if state is not None else None
    old = _stored(store, changes) if changes is not None else None
    if old is None:
        changes = None
    films: dict[str, FilmResult] = {}
    todo = plan.todo
    wanted = {k: d for k, d in plan.reused.items() if changes is None or k in changes}
    todo += _from_cache(store, wanted, films, plan, version)
    parsing_now = {job.key for job in todo}
    reused = [key for key in plan.reused if key not in parsing_now]
    if reused:
        progress.phase("reusing", len(reused), "films")
    for key in reused:
        entries = plan.entries[key]
        progress.film(key, len(entries), sum(e.doc is not None for e in entries), None)
        progress.advance()

    def run(work: list[FilmJob]) -> int:
        parsing = _Parsing(progress, work)
        results = extract(work, parsing.document)     # may load the model first
        parsing.start()
        return _collect(results, films, store, parsing)

    try:
        parsed = run(todo)
        rows = None
        if changes == {}:
            rows = state.kept()
        elif changes is not None:
            progress.phase("patching the merged graph")
            try:
                rows = state.patch(old, [films[k] for k in sorted(changes) if k in digests])
            except ValueError:         # a state that does not add up: merge afresh
                rows = None
            if rows is None:
                changes = None
                rest = {k: d for k, d in plan.reused.items() if k not in films}
                more = _from_cache(store, rest, films, plan, version)
                parsed += run(more)
                todo += more
        if changes is None:
            ordered = [films[k] for k in sorted(films)]
            rows = merge(ordered, min_confidence, progress)
            if state is not None:
                rows = state.save(ordered, rows)
    except BaseException:
        if store is not None:
            store.close(prune=False)   # keep the films done for the next run
        raise
    store_path = store.path.parent if store is not None else None
    if store is not None:
        store.close(prune=True)
    stats = {"films_parsed": len(todo), "films_reused": len(digests) - len(todo),
             "documents_parsed": parsed}
    if changes is None:
        everything: Callable[[], list[FilmResult]] | list[FilmResult] = ordered
    else:
        everything = lambda: _load_films(store_path, version, digests, films)  # noqa: E731
    return Build(None, plan.documents, None, problems, rows=rows, films=everything,
                 stats=stats, document_count=plan.count, cache=store_path,
                 notes=store.notes if store is not None else None)


def _from_cache(store, wanted: dict[str, str], films: dict[str, FilmResult], plan,
                version: str) -> list[FilmJob]:
    """Put the stored results of `wanted` films (key -> digest) in `films`;
    jobs for those that turn out unreadable."""
    jobs = []
    for key, digest in wanted.items():
        hit = store.get(digest)
        if hit is None:
            jobs.append(film_job(key, plan.entries[key], version, store, plan.documents))
        else:
            films[key] = hit
    return jobs


def _stored(store, changes: dict[str, str | None]) -> list[FilmResult] | None:
    """The merged results of changed films, or None if one is unreadable."""
    old = []
    for key in sorted(changes):
        digest = changes[key]
        if digest is not None:
            found = store.get(digest, keep=False)
            if found is None:
                return None
            old.append(found)
    return old


def _load_films(folder: Path, version: str, digests: dict[str, str],
                films: dict[str, FilmResult]) -> list[FilmResult]:
    """Every film's result: those at hand, the others from the cache."""
    store = Cache(folder, version)
    try:
        return [films[k] if k in films else store.get(digests[k]) for k in sorted(digests)]
    finally:
        store.close(prune=False)


class _Parsing:
    """The parsing phase's progress: each document as the engine reports it,
    and what remains of a film's when its result comes."""

    def __init__(self, progress: Progress, jobs: list[FilmJob]):
        self.progress = progress
        self.sizes = {job.key: (len(job.docs), job.words) for job in jobs}
        self.told: dict[str, list[int]] = {}     # film -> [documents, words] reported

    def start(self) -> None:
        if self.sizes:
            self.progress.phase("parsing", sum(n for n, _ in self.sizes.values()), "documents",
                                words=sum(w for _, w in self.sizes.values()))

    def document(self, film: str, words: int) -> None:
        counts = self.told.setdefault(film, [0, 0])
        if counts[0] >= 0:                     # not a late report of a film done
            counts[0] += 1
            counts[1] += words
            self.progress.advance(1, words)

    def film_done(self, film: str, parsed: int) -> None:
        docs, words = self.told.get(film, (0, 0))
        n, w = self.sizes[film]
        self.progress.advance(max(0, n - docs), max(0, w - words))
        self.told[film] = [-1, 0]
        self.progress.film(film, n, n, parsed, w)


def _collect(results: Iterable[tuple[FilmResult, bytes | None]], films: dict[str, FilmResult],
             store, parsing: _Parsing) -> int:
    """Take the engine's results into `films` and the cache; the number of
    documents parsed."""
    parsed = 0
    for result, data in results:
        films[result.key] = result
        parsed += result.parsed
        if store is not None:
            store.put(result, data)
        parsing.film_done(result.key, result.parsed)
    return parsed
