"""The unit of work of a build: one film's documents in, what they produced out.

The pipeline resolves identity per film, so a film is what engines hand out,
what the cache stores and what a worker on another machine returns. A
`FilmResult` is plain data: its entities, and compressed, its facts as
N-Triples rows (exactly what `mapping` adds to a Graph, so merging films is
a union of rows) and its relations with their evidence.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Callable, Iterable, Iterator, NamedTuple

from graphbuild.model import Document, Entity, Evidence, Mention, Parsed, Relation, Token

FORMAT = 3
"""Version of the result encoding (part of the pipeline version)."""


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
        return sum(len(d.text.split()) for d in self.docs)


class FilmRows(NamedTuple):
    """N-Triples rows (without line ends) that one film produced."""

    facts: list[str]             # relation by relation, in FilmResult.facts order
    documents: list[str]         # the film's document nodes
    entities: dict[str, list[str]]
    """Each entity's rows as this film names it (reused when the merged
    entity looks the same, see `entity_look`)."""


def entity_look(e: Entity) -> tuple:
    """What an entity's rows are made from."""
    return e.cls, e.label, frozenset(e.aliases)


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
    rows_blob: bytes             # zlib JSON of its N-Triples rows (see `rows`)
    relations_blob: bytes = b""  # zlib JSON of the relations (see `relations`)
    parsed: int = 0              # documents parsed (not found among the job's parses)
    version: str = ""            # pipeline version of the worker that made it
    parses: dict[str, bytes] = field(default_factory=dict, compare=False)
    """New parses by parse key, for the cache (not part of `to_bytes`)."""

    def rows(self) -> FilmRows:
        """The film's N-Triples rows (see FilmRows)."""
        facts, docs, entities = json.loads(zlib.decompress(self.rows_blob))
        return FilmRows(facts.split("\n")[:-1], docs.split("\n")[:-1],
                        {k: rows.split("\n")[:-1] for k, rows in entities.items()})

    def relations(self) -> list[Relation]:
        """The film's relations with their evidence (decoded on demand)."""
        out = []
        for s, p, o, lit, dt, op, evs in json.loads(zlib.decompress(self.relations_blob)):
            out.append(Relation(s, p, o, [Evidence(*e) for e in evs], literal=lit,
                                datatype=dt, open=op))
        return out

    def to_bytes(self) -> bytes:
        """Compact, safe encoding: zlib JSON of the rest, then the blobs."""
        head = zlib.compress(json.dumps({
            "format": FORMAT, "key": self.key, "digest": self.digest, "version": self.version,
            "parsed": self.parsed, "facts": self.facts,
            "entities": [[e.key, e.cls, e.label, sorted(e.aliases), e.film, e.gender]
                         for e in self.entities],
        }, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        return b"".join(len(part).to_bytes(8, "big") + part
                        for part in (head, self.rows_blob, self.relations_blob))

    @classmethod
    def from_bytes(cls, data: bytes) -> "FilmResult":
        """Inverse of `to_bytes`; ValueError if the data is not a result."""
        parts, at = [], 0
        try:
            for _ in range(3):
                n = int.from_bytes(data[at:at + 8], "big")
                parts.append(data[at + 8:at + 8 + n])
                at += 8 + n
            head = json.loads(zlib.decompress(parts[0]))
            if head.get("format") != FORMAT:
                raise ValueError(f"result format {head.get('format')}, expected {FORMAT}")
            return cls(head["key"], head["digest"],
                       [Entity(k, c, label, set(aliases), film, gender)
                        for k, c, label, aliases, film, gender in head["entities"]],
                       [tuple(f) for f in head["facts"]], parts[1], parts[2],
                       head["parsed"], head["version"])
        except (zlib.error, json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"not a film result: {e}") from e


def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_TOKEN, _MENTION, _EVIDENCE = map(_field_names, (Token, Mention, Evidence))
"""Field names of the flat dataclasses encoded as lists (their order)."""


def encode_parsed(p: Parsed) -> bytes:
    """A document's parse (tokens, sentences, mentions) as zlib JSON."""
    tokens = [[getattr(t, n) for n in _TOKEN] for t in p.tokens]
    mentions = [[getattr(m, n) for n in _MENTION] for m in p.mentions]
    return zlib.compress(json.dumps([tokens, p.sents, mentions], ensure_ascii=False,
                                    separators=(",", ":")).encode("utf-8"), 1)


def decode_parsed(data: bytes, doc: Document) -> Parsed:
    """The Parsed of `doc` from `encode_parsed`."""
    tokens, sents, mentions = json.loads(zlib.decompress(data))
    return Parsed(doc, [Token(*t) for t in tokens], [tuple(s) for s in sents],
                  [Mention(*m) for m in mentions])


def encode_rows(fact_rows: str, doc_rows: str, entity_rows: dict[str, str]) -> bytes:
    """Rows of the facts, documents and entities (N-Triples text) as
    `FilmResult.rows_blob`."""
    return zlib.compress(json.dumps([fact_rows, doc_rows, entity_rows], ensure_ascii=False)
                         .encode("utf-8"), 1)


def encode_relations(relations: Iterable[Relation]) -> bytes:
    """Relations with their evidence as zlib JSON (`FilmResult.relations`
    decodes it)."""
    return zlib.compress(json.dumps(
        [[r.subj, r.prop, r.obj, r.literal, r.datatype, r.open,
          [[getattr(e, n) for n in _EVIDENCE] for e in r.evidence]] for r in relations],
        ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


class _Triples(list):
    """Stands in for a Graph where mapping only calls `add`."""

    def add(self, triple) -> None:
        self.append(triple)


def nt_rows(triples: Iterable) -> str:
    """N-Triples rows exactly as rdflib's serializer writes them."""
    from rdflib.plugins.serializers.nt import _nt_row

    return "".join(_nt_row(t) for t in triples)


def document_rows(docs: Iterable[Document]) -> str:
    """N-Triples of the document nodes (`mapping.add_document`)."""
    from graphbuild.mapping import add_document

    sink = _Triples()
    for d in docs:
        add_document(sink, d)
    return nt_rows(sink)


def entity_rows(entities: Iterable[Entity]) -> str:
    """N-Triples of entity nodes (`mapping.add_entity`)."""
    from graphbuild.mapping import add_entity

    sink = _Triples()
    for e in entities:
        add_entity(sink, e)
    return nt_rows(sink)


def film_result(job: FilmJob, parsed: list[Parsed], rules: list[str] | None,
                version: str) -> FilmResult:
    """Resolve and extract one film, and map its relations to N-Triples."""
    from graphbuild.mapping import add_relation
    from graphbuild.relations import combine, extract
    from graphbuild.resolve import resolve

    info = job.docs[0].film
    res = resolve(info, parsed)
    relations = extract(info, job.docs, parsed, res, rules)
    facts, rows = [], []
    for rel in relations:
        sink = _Triples()
        add_relation(sink, rel)
        facts.append((rel.subj, None if rel.literal else rel.obj,
                      combine(e.confidence for e in rel.evidence), len(sink)))
        rows.append(nt_rows(sink))
    entities = list(res.entities.values())
    by_entity = {e.key: entity_rows([e]) for e in entities}
    return FilmResult(job.key, job.digest, entities, facts,
                      encode_rows("".join(rows), document_rows(job.docs), by_entity),
                      encode_relations(relations), len(parsed), version)


def process(jobs: list[FilmJob], nlp, rules: list[str] | None = None, batch_size: int = 32,
            version: str = "", on_parsed: Callable[[Parsed], None] | None = None,
            ) -> Iterator[FilmResult]:
    """Normalize, parse (one nlp.pipe stream over the documents the jobs
    hold no parse of), resolve and extract each film; results in the order
    of `jobs`, each with the new parses."""
    from graphbuild.nlp import parse
    from graphbuild.normalize import normalize

    key_of: dict[int, str] = {}          # id(document) -> parse key
    todo = []
    for job in jobs:
        for i, d in enumerate(job.docs):
            normalize(d)
            key_of[id(d)] = job.parse_keys[i] if job.parse_keys else ""
            if key_of[id(d)] not in job.parses:
                todo.append(d)
    fresh: dict[int, Parsed] = {}
    blobs: dict[int, bytes] = {}
    done: set[int] = set()
    for p in parse(todo, nlp, batch_size=batch_size):
        fresh[id(p.doc)] = p
        done.add(id(p.doc))
        if key_of[id(p.doc)]:
            blobs[id(p.doc)] = encode_parsed(p)   # before resolution edits its mentions
        if on_parsed:
            on_parsed(p)
    for job in jobs:
        parsed = []
        for d in job.docs:
            if id(d) in fresh:
                parsed.append(fresh.pop(id(d)))
            elif d.body and key_of[id(d)] in job.parses:
                parsed.append(decode_parsed(job.parses[key_of[id(d)]], d))
        result = film_result(job, parsed, rules, version)
        result.parsed = sum(id(d) in done for d in job.docs)
        result.parses = {key_of[id(d)]: blobs.pop(id(d)) for d in job.docs if id(d) in blobs}
        yield result


_MODELS: dict = {}
"""Models loaded in this (worker) process, by name (None: the default)."""


def model(name: str | None):
    """The spaCy pipeline `name`, loaded once per process."""
    if name not in _MODELS:
        from graphbuild.nlp import load_model

        _MODELS[name] = load_model(name)
    return _MODELS[name]


@dataclass
class Task:
    """A chunk of films for a worker, with everything it needs to run them."""

    jobs: list[FilmJob]
    model: str | None = None
    rules: list[str] | None = None
    batch_size: int = 32
    version: str = ""


def run_task(task: Task) -> list[tuple[bytes, dict[str, bytes]]]:
    """Worker entry point: the encoded results of a chunk of films, with
    their new parses, made with this process's model. Refuses to run when
    its pipeline version differs from the driver's (another graphbuild or
    model on the worker)."""
    from graphbuild.cache import pipeline_version
    from graphbuild.errors import GraphbuildError

    nlp = model(task.model)
    mine = pipeline_version(nlp, task.rules)
    if task.version and mine != task.version:
        raise GraphbuildError(
            f"this worker's pipeline version {mine[:12]} differs from the driver's "
            f"{task.version[:12]}; install the same graphbuild and spaCy model on every worker")
    return [(r.to_bytes(), r.parses)
            for r in process(task.jobs, nlp, task.rules, task.batch_size, mine)]
