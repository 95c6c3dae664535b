"""Pronouns -> the beings they point to, and gender learned from the text."""

from __future__ import annotations

from collections import Counter, defaultdict

from graphbuild.extract import lexicon
from graphbuild.model import Parsed, Resolution


def learn_gender(parsed: list[Parsed], res: Resolution) -> None:
    """Gender of characters from kinship words next to their names ("his wife
    Joanna", "their son Billy") and from pronouns that follow a lone subject."""
    tally: dict[str, Counter] = defaultdict(Counter)
    for p in parsed:
        doc = p.doc.doc_id
        for t in p.tokens:
            key = res.refs.get((doc, t.i))
            if not key or res.entities[key].cls != "Character":
                continue
            head = p.tokens[t.head]
            kin = lexicon.KINSHIP.get(head.text.lower())
            if t.dep in ("appos", "compound") and kin and kin[2]:
                tally[key][kin[2]] += 3
            for c in p.children(t.i):
                kin = lexicon.KINSHIP.get(c.text.lower())
                if c.dep == "appos" and kin and kin[2]:
                    tally[key][kin[2]] += 3
            if t.dep == "nsubj":
                a, b = p.sents[t.sent]
                others = {res.refs.get((doc, j)) for j in range(a, b)} - {None, key}
                chars = [o for o in others if res.entities[o].cls == "Character"]
                if not chars:
                    for j in range(t.i + 1, b):
                        w = p.tokens[j].text.lower()
                        if w in lexicon.MALE_PRONOUNS:
                            tally[key]["m"] += 1
                        elif w in lexicon.FEMALE_PRONOUNS:
                            tally[key]["f"] += 1
    for key, c in tally.items():
        e = res.entities[key]
        if e.gender is None and c:
            g, n = c.most_common(1)[0]
            if n >= 2 and n > sum(c.values()) - n:
                e.gender = g


def in_parentheses(toks, j: int) -> bool:
    """Is token j inside '( ... )' within its sentence (an actor's credit)?"""
    for k in range(j - 1, max(j - 8, -1), -1):
        if toks[k].text == ")" or toks[k].sent != toks[j].sent:
            return False
        if toks[k].text == "(":
            return True
    return False


def resolve_pronouns(p: Parsed, res: Resolution) -> None:
    """Point he/she/his/her/him to the nearest fitting being: same gender (or
    unknown), the same or the two previous sentences, subjects preferred, and
    never the subject of the pronoun's own verb for him/her (binding)."""
    doc = p.doc.doc_id
    toks = p.tokens
    for t in toks:
        w = t.text.lower()
        if w in lexicon.MALE_PRONOUNS:
            want = "m"
        elif w in lexicon.FEMALE_PRONOUNS:
            want = "f"
        else:
            continue
        best, best_score = None, 0.0
        seen: set[str] = set()
        for j in range(t.i - 1, -1, -1):
            u = toks[j]
            if u.sent < t.sent - 2:
                break
            key = res.refs.get((doc, j)) or (res.pronouns.get((doc, j)) if j != t.i else None)
            if not key or key in seen:
                continue
            e = res.entities[key]
            if e.cls not in ("Character", "Person"):
                continue
            if in_parentheses(toks, j):
                continue
            seen.add(key)
            if e.gender and e.gender != want:
                continue
            if w in ("him", "her", "himself", "herself") and t.dep in ("dobj", "pobj") \
                    and u.dep == "nsubj" and u.head == t.head and w not in ("himself", "herself"):
                continue
            score = 1.0 / (1 + (t.sent - u.sent) * 2 + len(seen) * 0.5)
            if u.dep in ("nsubj", "nsubjpass"):
                score *= 1.6
            if e.gender == want:
                score *= 1.5
            if e.cls == "Person" and p.doc.kind not in ("lead", "review"):
                score *= 0.2
            if score > best_score:
                best, best_score = key, score
        if best:
            res.pronouns[(doc, t.i)] = best
