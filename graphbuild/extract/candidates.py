"""The names of a film the entity stage decides about: every mention the
NER took for a person's, trimmed to the name and cleaned, with its cues; the
same names where the NER marked something else or nothing, read for their
cues; and what each name is, weighed over the cues of its group."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from graphbuild.extract import lexicon
from graphbuild.extract.entities import BEING, Cue, FilmWords, mention_cues, name_cues, role_cues, weigh
from graphbuild.extract.identity import clean_name, norm, trim_name
from graphbuild.extract.mentions import ORG_WORDS
from graphbuild.model import Mention, Parsed, Resolution

OTHER_LABELS = ("GPE", "LOC", "FAC", "ORG", "NORP")
_LEADING_NOT_NAME = ("VERB", "ADJ", "ADV", "DET", "ADP", "AUX", "PRON", "SCONJ", "CCONJ", "PART",
                     "INTJ")
"""Parts of speech of words the NER put before a name ('Knowing Beth', 'Will Myrtle')."""


def span_tokens(p: Parsed, m: Mention) -> range:
    """The tokens of a mention."""
    if m.tok_start >= 0:
        return range(m.tok_start, m.tok_end)
    lo = next((t.i for t in p.tokens if t.idx >= m.start), len(p.tokens))
    hi = lo
    while hi < len(p.tokens) and p.tokens[hi].idx < m.end:
        hi += 1
    return range(lo, hi)


@dataclass
class Name:
    """One mention of a name the NER took for a person's."""

    p: Parsed
    m: Mention
    span: range
    name: str
    gender: str | None
    cues: list[Cue] = field(default_factory=list)
    other: bool = False          # tagged as no person: read only for its cues


def _hyphenated(p: Parsed, i: int) -> bool:
    """Whether token i is joined to the next by a hyphen inside one word ('Al-Saleem')."""
    toks = p.tokens
    return i + 2 < len(toks) and toks[i + 1].text in ("-", "‐") \
        and toks[i].idx + len(toks[i].text) == toks[i + 1].idx == toks[i + 2].idx - 1


def _whole(name: str) -> bool:
    """Whether a name has no quote left open ('Marcus "Mac' is cut)."""
    return name.count('"') % 2 == 0 and name.count("“") == name.count("”")


def names_of(parsed: list[Parsed], res: Resolution, fw: FilmWords) -> list[Name]:
    """Every mention the NER took for a person's (not part of a title),
    trimmed to the name and cleaned, with its cues."""
    first_names = lexicon.MALE_NAMES | lexicon.FEMALE_NAMES
    out = []
    for p in parsed:
        spans = {id(m): span_tokens(p, m) for m in p.mentions}
        names_at = {i: m for m in p.mentions for i in spans[id(m)]
                    if m.label in ("PERSON", "CAST")}
        for m in p.mentions:
            if m.label not in ("PERSON", "CAST") + OTHER_LABELS:
                continue
            if any((p.doc.doc_id, i) in res.refs for i in spans[id(m)]):
                continue   # part of a title
            if m.label in OTHER_LABELS:
                # what the NER called a place or a group is evidence about the
                # same name used for a person ("a coworker, Victoria"); a
                # credit makes it a person's name ("Narain ... play roles"), and so
                # does a group's name being called a person ("X is a thief", "X, a nurse")
                name, _ = clean_name(m.text)
                if name and name[:1].isupper():
                    cues = role_cues(p, m, spans[id(m)], names_at)
                    seen = mention_cues(p, spans[id(m)], names_at)
                    words = {t.text.lower() for t in p.tokens[m.tok_start:m.tok_end]}
                    # (not "the director of the CIA": the CIA is no director)
                    root = p.tokens[m.token]
                    called = m.label in ("ORG", "NORP") and not (
                        root.dep == "pobj" and p.tokens[root.head].text.lower() == "of") \
                        and any(c.cls == BEING and c.why.startswith("called") for c in seen)
                    if not any(c.weight >= 1.5 for c in cues) and not called \
                            or words & ORG_WORDS:
                        out.append(Name(p, m, spans[id(m)], name, None, cues + seen,
                                        other=True))
                        continue
                    m.label = "PERSON"
                else:
                    continue
            span = spans[id(m)]
            # "Knowing Beth" at a sentence start: drop leading words that are not names
            # ... and words the film uses as common words ('Egyptologist Evelyn',
            # not 'Hero Boy')
            while len(span) > 1 and not _hyphenated(p, span.start) and (
                    p.tokens[span.start].pos in _LEADING_NOT_NAME or (
                    fw.is_common(p.tokens[span.start].text)
                    and any(not fw.is_common(p.tokens[i].text) for i in span[1:])
                    and p.tokens[span.start].text.lower() not in first_names
                    and p.tokens[span.start].text.lower().rstrip(".") not in lexicon.HONORIFICS)):
                span = range(span.start + 1, span.stop)
                m.start = p.tokens[span.start].idx
                m.text = p.doc.body[m.start:m.end]
            toks = [p.tokens[i] for i in span]
            keep = trim_name([t.text for t in toks], [k > 0 and toks[k - 1].idx + len(
                toks[k - 1].text) == t.idx for k, t in enumerate(toks)])
            if keep < len(span):
                span = range(span.start, span.start + keep)
                last = p.tokens[span.stop - 1]
                m.text = p.doc.body[m.start:last.idx + len(last.text)]
                m.end = last.idx + len(last.text)
            while len(span) > 1 and p.tokens[span.stop - 1].text in ("-", "‐", "–", "—"):
                span = range(span.start, span.stop - 1)   # "Alan Garner -"
            spans[id(m)] = span
            name, g = clean_name(m.text)
            if not name or not re.search(r"[A-Za-z]", name) or not name[:1].isupper() \
                    or name.lower().rstrip(".") in lexicon.HONORIFICS or not _whole(m.text):
                continue   # "lesbian", a lone "Mrs" or 'Marcus "Mac' tagged as a name is not one
            cues = role_cues(p, m, span, names_at) + mention_cues(p, span, names_at)
            out.append(Name(p, m, span, name, g, cues))
    return out


def unmarked(parsed: list[Parsed], names: list[Name], res: Resolution) -> list[Name]:
    """The same names where the NER marked nothing ("her niece Zoe"), read
    for their cues only: all of a film's documents are evidence."""
    shapes = {tuple(n.p.tokens[i].text for i in n.span): n.name for n in names}
    if not shapes:
        return []
    firsts = {shape[0] for shape in shapes}
    out = []
    for p in parsed:
        covered = {i for m in p.mentions for i in span_tokens(p, m)}
        covered |= {i for (doc, i) in res.refs if doc == p.doc.doc_id}
        toks = p.tokens
        for t in toks:
            if t.text not in firsts or t.i in covered:
                continue
            for shape, name in shapes.items():
                b = t.i + len(shape)
                if b <= len(toks) and tuple(x.text for x in toks[t.i:b]) == shape \
                        and not (b < len(toks) and toks[b].text[:1].isupper()) \
                        and not (t.i > 0 and toks[t.i - 1].text[:1].isupper()
                                 and toks[t.i - 1].i > p.sents[t.sent][0]):
                    span = range(t.i, b)
                    root = next((x.i for x in toks[t.i:b] if not (t.i <= x.head < b)), b - 1)
                    m = Mention(p.doc.doc_id, t.sent, t.idx, toks[b - 1].idx + len(toks[b - 1].text),
                                name, "", token=root, tok_start=t.i, tok_end=b)
                    out.append(Name(p, m, span, name, None,
                                     role_cues(p, m, span, {}) + mention_cues(p, span, {}),
                                     other=True))
                    break
    return out


def kinds(names: list[Name], credited: set[str], canon: dict[str, str | None],
           fw: FilmWords, titles: list[str]) -> dict[str, tuple[str, list[str]]]:
    """What each normalized name is (entities.weigh over the cues of all the
    names of its group) and why; names of the credits are beings."""
    spelled: dict[str, str] = {}
    group_cues: dict[str, list[Cue]] = defaultdict(list)
    for n in names:
        key = norm(canon.get(n.name) or n.name)
        group_cues[key].extend(n.cues)
        if not n.other:
            spelled.setdefault(norm(n.name), n.name)
    for name in sorted(set(spelled.values())):
        key = norm(canon.get(name) or name)
        group_cues[key].extend(name_cues(name, fw, titles))
    out = {}
    for n, name in spelled.items():
        if n in credited:
            continue
        key = norm(canon.get(name) or name)
        v = weigh(group_cues[key])
        out[n] = (v.cls, v.reasons)
    return out
