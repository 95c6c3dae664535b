"""Descriptions -> characters: 'his wife', 'her son', 'the boy'.

Once the kinship facts of a film are known ("his wife Joanna", "their son
Billy"), a later "his wife" or "the boy" can only mean one character. This
stage finds those noun phrases and points them at that character, so the
verb rules can read "his wife left him" as Joanna leaves Ted.
"""

from __future__ import annotations

from collections import defaultdict

from graphbuild.extract.resolve import Resolution
from graphbuild.model import Parsed, Relation

SPOUSE_WORDS = {"wife": "f", "husband": "m", "spouse": None, "ex-wife": "f", "ex-husband": "m"}
CHILD_WORDS = {"son": "m", "daughter": "f", "child": None, "kid": None, "boy": "m", "girl": "f",
               "baby": None, "stepson": "m", "stepdaughter": "f"}
PARENT_WORDS = {"mother": "f", "mom": "f", "mum": "f", "mommy": "f", "father": "m", "dad": "m",
                "daddy": "m", "parent": None}


def _pick(keys: set[str], gender: str | None, res: Resolution) -> str | None:
    """The one candidate that fits the word's gender, if exactly one does."""
    fits = {k for k in keys if gender is None or res.entities[k].gender in (gender, None)}
    if len(fits) > 1 and gender is not None:
        fits = {k for k in fits if res.entities[k].gender == gender} or fits
    return next(iter(fits)) if len(fits) == 1 else None


def kin_maps(rels: list[Relation], res: Resolution) -> tuple[dict, dict, dict]:
    """Spouses, children and parents of each character, from the relations."""
    spouses, children, parents = defaultdict(set), defaultdict(set), defaultdict(set)
    for r in rels:
        if r.literal or res.entities.get(r.subj) is None or res.entities.get(r.obj) is None:
            continue
        if r.prop == "spouseOf":
            spouses[r.subj].add(r.obj)
            spouses[r.obj].add(r.subj)
        elif r.prop == "parentOf":
            children[r.subj].add(r.obj)
            parents[r.obj].add(r.subj)
    return spouses, children, parents


def describe(parsed: list[Parsed], res: Resolution, rels: list[Relation]) -> dict[tuple[str, int], str]:
    """(document, token) -> character for kinship descriptions that name
    exactly one character of the film."""
    spouses, children, parents = kin_maps(rels, res)
    all_children = set().union(*children.values()) if children else set()
    out: dict[tuple[str, int], str] = {}
    for p in parsed:
        doc = p.doc.doc_id
        for t in p.tokens:
            w = t.text.lower()
            if t.pos != "NOUN" or (doc, t.i) in res.refs:
                continue
            if any(c.dep == "appos" or (doc, c.i) in res.refs and c.dep == "compound"
                   for c in p.children(t.i)):
                continue   # "his wife Joanna" names her already
            owner = None
            det = None
            for c in p.children(t.i):
                if c.dep == "poss":
                    owner = res.ref(doc, c.i)
                elif c.dep == "det":
                    det = c.text.lower()
            key = None
            if owner and w in SPOUSE_WORDS:
                key = _pick(spouses.get(owner, set()), SPOUSE_WORDS[w], res)
            elif owner and w in CHILD_WORDS and w not in ("boy", "girl"):
                key = _pick(children.get(owner, set()), CHILD_WORDS[w], res)
            elif owner and w in PARENT_WORDS:
                key = _pick(parents.get(owner, set()), PARENT_WORDS[w], res)
            elif det == "the" and w in CHILD_WORDS:
                key = _pick(all_children, CHILD_WORDS[w], res)
            if key:
                out[(doc, t.i)] = key
    return out
