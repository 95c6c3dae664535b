"""Compact hand-built parses for the story rule tests (no spaCy model)."""

from __future__ import annotations

from graphbuild.extract.relations import extract
from graphbuild.extract.resolve import resolve
from graphbuild.model import FilmInfo
from tests.parsed import make_parsed

FILM = FilmInfo(title="Test Film", year=2000)


def parse(spec: str, ents=(), sent_starts=(), kind: str = "plot"):
    """One token per item, 'word[=lemma]:POS:dep:head[:tag]'; the lemma is
    the word (lower-cased unless a proper noun) when not given."""
    rows = []
    for item in spec.split():
        parts = item.split(":")
        word, _, lemma = parts[0].partition("=")
        pos, dep, head = parts[1], parts[2], int(parts[3])
        tag = parts[4] if len(parts) > 4 else ""
        lemma = lemma or (word if pos == "PROPN" else word.lower())
        rows.append((word, lemma, pos, dep, head, tag))
    return make_parsed(rows, ents=list(ents), sent_starts=tuple(sent_starts), kind=kind)


def relations(p, info: FilmInfo = FILM):
    """The relations of one hand-built document, and its resolution."""
    res = resolve(info, [p])
    return extract(info, [p.doc], [p], res), res


def facts(p, info: FilmInfo = FILM) -> set[tuple[str, str, str]]:
    """(subject label, property, object label or literal) of every fact."""
    rels, res = relations(p, info)
    out = set()
    for r in rels:
        obj = r.obj if r.literal else res.entities[r.obj].label
        out.add((res.entities[r.subj].label, r.prop, obj))
    return out


def has(found: set, s: str, prop: str, o: str) -> bool:
    """Is the fact there (either way round for a symmetric property)?"""
    return (s, prop, o) in found or (o, prop, s) in found and prop in {
        "spouseOf", "siblingOf", "relativeOf", "romanticPartnerOf", "friendOf",
        "neighborOf", "colleagueOf", "enemyOf"}
