"""One film, from its documents to its result: the whole path of extraction.

    normalize each document -> parse (spaCy, one stream) -> resolve mentions
    into the film's entities -> extract relations -> map them to N-Triples rows

The pipeline resolves identity per film, so a film is what engines hand out,
what the cache stores and what a worker on another machine returns. A
`FilmResult` is plain data: its entities, and compressed (`codec`), its facts
as N-Triples rows (exactly what `mapping` adds to a Graph, so merging films
is a union of rows) and its relations with their evidence.

The pipeline version (`pipeline_version`) is a digest of everything besides
the documents that shapes a film's result; the cache keys results by it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from graphbuild.extract import codec
from graphbuild.model import Decision, Document, Entity, Parsed, Relation


@dataclass
class FilmJob:
    """The documents of one film, as read (normalized by the worker), and
    the parses of those whose text and film did not change (by parse key)."""

    key: str
    docs: list[Document]
    digest: str = ""             # content hash, the cache key
    parse_keys: list[str] = field(default_factory=list)   # one per document
    parses: dict[str, bytes] = field(default_factory=dict)

    @property
    def words(self) -> int:
        return sum(document_words(d) for d in self.docs)


class FilmRows(NamedTuple):
    """N-Triples rows (without line ends) that one film produced."""

    facts: list[str]             # relation by relation, in FilmResult.facts order
    documents: list[str]         # the film's document nodes
    entities: dict[str, list[str]]
    """Each entity's rows as this film names it (reused when the merged
    entity looks the same, see `mapping.entity_look`)."""


@dataclass
class FilmResult:
    """What one film produced, ready to merge into the graph. The rows and
    relations stay compressed until asked for, so a driver can hold the
    results of tens of thousands of films."""

    key: str
    digest: str
    entities: list[Entity]
    facts: list[tuple[str, str | None, float, int]]
    """Per relation: subject key, object key (None for a literal), combined
    confidence, and how many of the fact rows it wrote."""
    rows_blob: bytes             # see `rows`
    relations_blob: bytes = b""  # see `relations`
    parsed: int = 0              # documents parsed (not found among the job's parses)
    version: str = ""            # pipeline version of the worker that made it
    parses: dict[str, bytes] = field(default_factory=dict, compare=False)
    """New parses by parse key, for the cache (not part of `to_bytes`)."""

    def rows(self) -> FilmRows:
        """The film's N-Triples rows (see FilmRows)."""
        return FilmRows(*codec.decode_rows(self.rows_blob))

    def relations(self) -> list[Relation]:
        """The film's relations with their evidence (decoded on demand)."""
        return codec.decode_relations(self.relations_blob)

    def to_bytes(self) -> bytes:
        """Compact, safe encoding (`codec.encode_result`)."""
        return codec.encode_result({
            "key": self.key, "digest": self.digest, "version": self.version,
            "parsed": self.parsed, "facts": self.facts,
            "entities": [[e.key, e.cls, e.label, sorted(e.aliases), e.film, e.gender,
                          [d.as_list() for d in e.decisions]] for e in self.entities],
        }, self.rows_blob, self.relations_blob)

    @classmethod
    def from_bytes(cls, data: bytes) -> "FilmResult":
        """Inverse of `to_bytes`; ValueError if the data is not a result."""
        head, (rows_blob, relations_blob) = codec.decode_result(data, 2)
        try:
            return cls(head["key"], head["digest"],
                       [Entity(k, c, label, set(aliases), film, gender,
                               [Decision.from_list(d) for d in decisions])
                        for k, c, label, aliases, film, gender, decisions in head["entities"]],
                       [tuple(f) for f in head["facts"]], rows_blob, relations_blob,
                       head["parsed"], head["version"])
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"not a film result: {e}") from e


def film_result(job: FilmJob, parsed: list[Parsed], rules: list[str] | None,
                version: str) -> FilmResult:
    """Resolve and extract one film, and map its relations to N-Triples."""
    from graphbuild.extract.entities import rule_decisions
    from graphbuild.extract.relations import extract
    from graphbuild.extract.resolve import resolve
    from graphbuild.model import fact_confidence
    from graphbuild.rdf.iris import is_document_key
    from graphbuild.rdf.mapping import document_rows, entity_rows, relation_rows

    info = job.docs[0].film
    res = resolve(info, parsed)
    relations = extract(info, job.docs, parsed, res, rules)
    rule_decisions(res.entities, relations, info.key)
    facts, rows = [], []
    for rel in relations:
        text, n = relation_rows(rel)
        entity_object = not rel.literal and not is_document_key(rel.obj)
        facts.append((rel.subj, rel.obj if entity_object else None,
                      fact_confidence(rel.evidence), n))
        rows.append(text)
    entities = list(res.entities.values())
    by_entity = {e.key: entity_rows([e]) for e in entities}
    return FilmResult(job.key, job.digest, entities, facts,
                      codec.encode_rows("".join(rows), document_rows(job.docs), by_entity),
                      codec.encode_relations(relations), len(parsed), version)


Reporter = Callable[[str, int], None]
"""Told (film key, words) of each document done, as soon as it is."""


def document_words(doc: Document) -> int:
    """The words of a document, as progress counts them."""
    return len(doc.text.split())


def process(jobs: list[FilmJob], nlp, rules: list[str] | None = None, batch_size: int = 32,
            version: str = "", on_parsed: Callable[[Parsed], None] | None = None,
            on_document: Reporter | None = None) -> Iterator[FilmResult]:
    """Normalize, parse (one nlp.pipe stream over the documents the jobs
    hold no parse of), resolve and extract each film; results in the order
    of `jobs`, each with the new parses. `on_document` hears of each
    document as it is parsed (the others when their film is done)."""
    from graphbuild.extract.nlp import parse
    from graphbuild.read.normalize import normalize

    key_of: dict[int, str] = {}          # id(document) -> parse key
    film_of: dict[int, str] = {}
    todo = []
    for job in jobs:
        for i, d in enumerate(job.docs):
            normalize(d)
            key_of[id(d)] = job.parse_keys[i] if job.parse_keys else ""
            film_of[id(d)] = job.key
            if key_of[id(d)] not in job.parses:
                todo.append(d)
    fresh: dict[int, Parsed] = {}
    blobs: dict[int, bytes] = {}
    done: set[int] = set()
    for p in parse(todo, nlp, batch_size=batch_size):
        fresh[id(p.doc)] = p
        done.add(id(p.doc))
        if key_of[id(p.doc)]:
            blobs[id(p.doc)] = codec.encode_parsed(p)   # before resolution edits its mentions
        if on_parsed:
            on_parsed(p)
        if on_document:
            on_document(film_of[id(p.doc)], document_words(p.doc))
    for job in jobs:
        parsed = []
        for d in job.docs:
            if id(d) in fresh:
                parsed.append(fresh.pop(id(d)))
            elif d.body and key_of[id(d)] in job.parses:
                parsed.append(codec.decode_parsed(job.parses[key_of[id(d)]], d))
        result = film_result(job, parsed, rules, version)
        result.parsed = sum(id(d) in done for d in job.docs)
        result.parses = {key_of[id(d)]: blobs.pop(id(d)) for d in job.docs if id(d) in blobs}
        if on_document:
            for d in job.docs:
                if id(d) not in done:
                    on_document(job.key, document_words(d))
        yield result


_MODELS: dict = {}
"""Models loaded in this (worker) process, by name (None: the default)."""


def model(name: str | None):
    """The spaCy pipeline `name`, loaded once per process."""
    if name not in _MODELS:
        from graphbuild.extract.nlp import load_model

        _MODELS[name] = load_model(name)
    return _MODELS[name]


SOURCES: tuple[str, ...] = (
    "extract/*.py", "extract/rules/*.py", "read/*.py", "model.py",
    "rdf/mapping.py", "rdf/iris.py", "rdf/vocab.py",
)
"""Modules (under graphbuild/) whose code decides what a film produces."""


def source_files() -> list[Path]:
    """The files SOURCES names, in a stable order."""
    root = Path(__file__).resolve().parent.parent
    return [p for pattern in SOURCES for p in sorted(root.glob(pattern))]


@lru_cache(maxsize=1)
def source_digest() -> str:
    """Hash of the source files (read once per process)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in source_files():
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def pipeline_version(nlp, rules: list[str] | None = None) -> str:
    """Digest of everything besides the documents that shapes a film's facts."""
    from graphbuild.extract.nlp import model_name
    from graphbuild.extract.rules import get_rules
    from graphbuild.version import __version__

    parts = [__version__, str(codec.FORMAT), model_name(nlp), ",".join(nlp.pipe_names),
             ",".join(r.name for r in get_rules(rules)), source_digest()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
