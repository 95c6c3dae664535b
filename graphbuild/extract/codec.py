"""Byte encodings of what a film's extraction produces: document parses
(kept by the cache) and film results (kept by the cache, and sent back by
workers). zlib JSON, never pickle, so a tampered cache cannot run code."""

from __future__ import annotations

import json
import zlib
from dataclasses import fields
from typing import Iterable

from graphbuild.model import Document, Evidence, Mention, Parsed, Relation, Token

FORMAT = 4
"""Version of the result encoding (part of the pipeline version)."""


def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_TOKEN, _MENTION, _EVIDENCE = map(_field_names, (Token, Mention, Evidence))
"""Field names of the flat dataclasses encoded as lists (their order)."""


def _json(value) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                         .encode("utf-8"), 1)


def encode_parsed(p: Parsed) -> bytes:
    """A document's parse (tokens, sentences, mentions) as zlib JSON."""
    tokens = [[getattr(t, n) for n in _TOKEN] for t in p.tokens]
    mentions = [[getattr(m, n) for n in _MENTION] for m in p.mentions]
    return _json([tokens, p.sents, mentions])


def decode_parsed(data: bytes, doc: Document) -> Parsed:
    """The Parsed of `doc` from `encode_parsed`."""
    tokens, sents, mentions = json.loads(zlib.decompress(data))
    return Parsed(doc, [Token(*t) for t in tokens], [tuple(s) for s in sents],
                  [Mention(*m) for m in mentions])


def encode_rows(fact_rows: str, doc_rows: str, entity_rows: dict[str, str]) -> bytes:
    """Rows of the facts, documents and entities (N-Triples text) as one blob."""
    return zlib.compress(json.dumps([fact_rows, doc_rows, entity_rows], ensure_ascii=False)
                         .encode("utf-8"), 1)


def decode_rows(data: bytes) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Fact, document and per-entity rows (without line ends) from `encode_rows`."""
    facts, docs, entities = json.loads(zlib.decompress(data))
    return (facts.split("\n")[:-1], docs.split("\n")[:-1],
            {k: rows.split("\n")[:-1] for k, rows in entities.items()})


def encode_relations(relations: Iterable[Relation]) -> bytes:
    """Relations with their evidence as zlib JSON."""
    return _json([[r.subj, r.prop, r.obj, r.literal, r.datatype, r.open,
                   [[getattr(e, n) for n in _EVIDENCE] for e in r.evidence]]
                  for r in relations])


def decode_relations(data: bytes) -> list[Relation]:
    """The relations of `encode_relations`."""
    return [Relation(s, p, o, [Evidence(*e) for e in evs], literal=lit, datatype=dt, open=op)
            for s, p, o, lit, dt, op, evs in json.loads(zlib.decompress(data))]


def encode_result(head: dict, *blobs: bytes) -> bytes:
    """A film result: zlib JSON of `head` (with FORMAT), then the blobs,
    each behind its length."""
    head_bytes = zlib.compress(json.dumps({"format": FORMAT, **head}, ensure_ascii=False,
                                          separators=(",", ":")).encode("utf-8"), 1)
    return b"".join(len(part).to_bytes(8, "big") + part for part in (head_bytes, *blobs))


def decode_result(data: bytes, n_blobs: int) -> tuple[dict, list[bytes]]:
    """The head and blobs of `encode_result`; ValueError if the data is not
    a result of this FORMAT."""
    parts, at = [], 0
    try:
        for _ in range(n_blobs + 1):
            n = int.from_bytes(data[at:at + 8], "big")
            parts.append(data[at + 8:at + 8 + n])
            at += 8 + n
        head = json.loads(zlib.decompress(parts[0]))
    except (zlib.error, json.JSONDecodeError) as e:
        raise ValueError(f"not a film result: {e}") from e
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        found = head.get("format") if isinstance(head, dict) else None
        raise ValueError(f"result format {found}, expected {FORMAT}")
    return head, parts[1:]
