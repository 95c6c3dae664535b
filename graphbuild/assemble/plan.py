"""Which films a build must work on, reading as little of the corpus as it can.

Without a cache every file is read. With one, each group of files (a film
folder or a loose file) whose names, sizes, times and inodes are those the
cache saw is not read again: the cache remembers the film and parse keys it
gave. A film whose keys all come from there and whose result is stored is
reused as is; any other film is read in full and becomes a `FilmJob`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import astuple, dataclass, field
from pathlib import Path

from graphbuild.errors import CorpusError
from graphbuild.read.corpus import Group, Problem, corpus_groups, group_signature, read_group
from graphbuild.extract.film import FilmJob
from graphbuild.model import Document
from graphbuild.progress import Progress


@dataclass
class Entry:
    """One document of the corpus: read (`doc`), or known from the cache."""

    film: str                    # film key
    parse_key: str
    group: Group
    doc: Document | None = None
    doc_id: str = ""


@dataclass
class Plan:
    """Films to work on, films to reuse (film key -> digest) and the
    documents read on the way."""

    todo: list[FilmJob] = field(default_factory=list)
    reused: dict[str, str] = field(default_factory=dict)
    entries: dict[str, list[Entry]] = field(default_factory=dict)   # of reused films
    documents: list[Document] = field(default_factory=list)
    count: int = 0               # documents in the corpus, read or not


def plan_build(paths: list[str | Path], problems: list[Problem], version: str,
               store=None, progress: Progress | None = None,
               follow_symlinks: bool = False) -> Plan:
    """Group the corpus's documents by film (sorted by film key) and sort the
    films into work to do and results `store` (a Cache, or None) holds;
    `progress` hears of each film folder or loose file looked at.
    CorpusError when the paths hold no document to read."""
    from graphbuild.assemble.cache import digest_of, document_key

    now = time.time_ns()
    by_film: dict[str, list[Entry]] = defaultdict(list)
    plan = Plan()
    groups = list(corpus_groups(paths, problems, follow_symlinks))
    progress = progress or Progress()
    progress.phase("reading", len(groups), "folders and files")
    for group in groups:
        progress.advance()
        signature = group_signature(group, now) if store is not None else None
        seen = store.group(group.id, signature) if store is not None else None
        if seen is not None and all(len(d) == 3 for d in seen["docs"]):
            problems.extend(Problem(*p) for p in seen["problems"])
            for film, key, doc_id in seen["docs"]:
                by_film[film].append(Entry(film, key, group, doc_id=doc_id))
            continue
        found: list[Problem] = []
        docs = read_group(group, found)
        problems.extend(found)
        entries = [Entry(d.film.key, document_key(version, d), group, d, d.doc_id)
                   for d in docs]
        for e in entries:
            by_film[e.film].append(e)
        plan.documents.extend(docs)
        if store is not None:
            store.put_group(group.id, signature,
                            [[e.film, e.parse_key, e.doc_id] for e in entries],
                            [list(astuple(p)) for p in found])
    for film, entries in by_film.items():
        by_film[film] = _separate(entries, plan.documents, version)
    for film in sorted(by_film):
        entries = by_film[film]
        plan.count += len(entries)
        keys = [e.parse_key for e in entries]
        digest = digest_of(version, film, keys)
        if store is not None and store.has(digest):
            plan.reused[film] = digest
            plan.entries[film] = entries
            store.keep_parses(keys)
            continue
        plan.todo.append(film_job(film, entries, version, store, plan.documents))
    if not by_film:
        skipped = f" ({len(problems)} file(s) left out: {problems[0].path}: {problems[0].what}" \
                  + (", ..." if len(problems) > 1 else "") + ")" if problems else ""
        raise CorpusError(f"no document to read in {', '.join(map(str, paths))}{skipped}; a "
                          "corpus folder holds one folder per film with .txt or .md documents, "
                          "or give document files")
    return plan


def _separate(entries: list[Entry], documents: list[Document], version: str) -> list[Entry]:
    """A film's entries, where two folders of the film (two corpus paths
    holding a folder of one film) have a file of the same name: those are
    read again with their paths in their ids, so that they stay two
    Documents. `documents` (those read) is updated to match."""
    from graphbuild.assemble.cache import document_key

    groups: dict[str, set[str]] = defaultdict(set)     # document id -> groups
    for e in entries:
        groups[e.doc_id].add(e.group.id)
    shared = {doc_id for doc_id, ids in groups.items() if len(ids) > 1}
    if not shared:
        return entries
    again: dict[str, list[Entry]] = {}
    for e in entries:
        if e.doc_id in shared and e.group.id not in again:
            docs = [d for d in read_group(e.group, [], qualify=shared) if d.film.key == e.film]
            again[e.group.id] = [Entry(d.film.key, document_key(version, d), e.group, d,
                                       d.doc_id) for d in docs]
    stale = {id(e.doc) for e in entries if e.group.id in again and e.doc is not None}
    documents[:] = [d for d in documents if id(d) not in stale]
    out: list[Entry] = []
    for e in entries:
        if e.group.id not in again:
            out.append(e)
        elif again[e.group.id] is not None:    # a re-read group's entries, in its place
            out.extend(again[e.group.id])
            documents.extend(e.doc for e in again[e.group.id])
            again[e.group.id] = None
    return out


def film_job(film: str, entries: list[Entry], version: str, store,
             documents: list[Document]) -> FilmJob:
    """The job of a film: its documents (reading those only known from the
    cache), its digest and parse keys, and the parses the cache holds."""
    from graphbuild.assemble.cache import film_keys

    missing = [e for e in entries if e.doc is None]
    if missing:
        again: dict[str, list[Document]] = {}
        for e in missing:
            if e.group.id not in again:
                again[e.group.id] = [d for d in read_group(e.group, [])
                                     if d.film.key == film]
                documents.extend(again[e.group.id])
        # the documents of a re-read group, in place of its entries
        docs = []
        done: set[str] = set()
        for e in entries:
            if e.doc is not None:
                docs.append(e.doc)
            elif e.group.id not in done:
                docs.extend(again[e.group.id])
                done.add(e.group.id)
    else:
        docs = [e.doc for e in entries]
    digest, parse_keys = film_keys(version, film, docs)
    # parse keys only with a cache: a worker encodes the parse of every
    # document that has one, for the cache to keep
    job = FilmJob(film, docs, digest, parse_keys if store is not None else [])
    if store is not None:   # documents of the film that did not change
        job.parses = store.parses(parse_keys)
        store.keep_parses(job.parses)
    return job
