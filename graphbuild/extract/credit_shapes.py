"""Shapes of a role credit ('X as Y', 'X plays Y') that do not say the
actor plays the role in this film: a role declined or only offered, and a
role of another work named right after it ('Clark Kent in "Smallville"').
Read by the entity cues and by the credit rules alike."""

from __future__ import annotations

from graphbuild.model import Parsed

DECLINE_LEMMAS = frozenset({"decline", "refuse", "reject", "audition", "offer", "consider"})
"""'turned down a third installment as Tom Hagen', 'was offered the role of
X': a role not played (with 'turn down' and 'pass on/up')."""

QUOTES = frozenset({'"', "'", "“", "‘"})


def declined(p: Parsed, cue: int) -> bool:
    """Is the role cue at token `cue` governed by a verb of declining?"""
    toks = p.tokens
    k = cue
    for _ in range(4):
        v = toks[k]
        lemma = v.lemma.lower()
        prts = {c.text.lower() for c in p.children(v.i) if c.dep in ("prt", "prep")}
        if v.pos in ("VERB", "AUX") and (lemma in DECLINE_LEMMAS or lemma == "turn" and "down" in prts
                                         or lemma == "pass" and prts & {"on", "up"}):
            return True
        if v.head == k:
            return False
        k = v.head
    return False


def another_work_after(p: Parsed, after: int, end: int) -> bool:
    """Does a title of another work follow the role ending before token
    `after` ('... Clark Kent in "Smallville"', '... Elizabeth in Elizabeth')?
    A place after 'in' ('in Paris') is no work."""
    toks = p.tokens
    if after + 1 >= end or toks[after].text.lower() != "in":
        return False
    nxt = toks[after + 1]
    return nxt.text in QUOTES or (nxt.text[:1].isupper() and nxt.pos == "PROPN"
                                  and nxt.ent not in ("GPE", "LOC", "FAC", "PERSON"))
