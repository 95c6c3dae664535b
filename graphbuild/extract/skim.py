"""Which parts of a document are worth parsing.

Reviews are most of the words of a real film dataset (58% of the shared
datasets) and most of their sentences are opinion that names nobody: "The
pacing drags in the second hour." No rule can take a fact from a sentence
without a name in it, so those sentences are not parsed. A sentence is kept
when a word other than its first is capitalized (not "I"), or when its first
word is capitalized and is not one a sentence usually starts with ("The",
"He", "But", ...), or when it names one of the film's cast or characters in
any case ("lukas haas is great as chuckie"). Plots, posts and leads are
always parsed whole.

The kept sentences are parsed in runs (consecutive ones together, so a
pronoun keeps its antecedent), at their offsets in the body; a fact's
evidence points into the file as always. Its sentence index counts the
sentences parsed.

A sentence that a document (of any kind) repeats word for word is parsed
at its first EVIDENCE_PER_DOCUMENT occurrences only: its copies cannot give
a new fact, nor evidence the graph would keep (it keeps that many records
per fact and document), so a text that repeats itself costs what its
distinct sentences cost. Sentences of fewer than three words ("Mr.", "He
leaves.") are always parsed: they are too short to be the same statement
wherever they occur.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from graphbuild.model import EVIDENCE_PER_DOCUMENT

SKIMMED_KINDS = frozenset({"review", "comment"})
"""Document kinds whose name-free sentences are not parsed."""

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"'\u201d)\]]*[ \t]*|\n+|$)")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_FIRST_PERSON = frozenset({"I", "I'm", "I've", "I'd", "I'll", "I\u2019m", "I\u2019ve",
                           "I\u2019d", "I\u2019ll"})

SENTENCE_STARTERS = frozenset("""
a an the this that these those it its it's i i'm i've i'd i'll he she they we you his her
their our my your there here what when where why how who which if but and or so as in on at
for of with to from by after before while though although however also then now yes no not
one all some most many much very just even still well oh ok okay maybe perhaps really
overall anyway sadly unfortunately luckily thankfully finally first second third last next
again once only never always sometimes often every each both either neither another other
such too instead despite because since until unless whether although do does did don't
doesn't didn't is are was were be been being have has had can could would should will
shall may might must let let's
""".split())
"""Words a sentence usually starts with: capitalized there, they name nothing."""


def keeps(sentence: str, names: tuple[str, ...] = ()) -> bool:
    """Whether a review sentence may name someone (see the module doc), or
    names, in any case, one of `names` (lower-cased)."""
    words = _WORD.findall(sentence)
    if not words:
        return False
    if any(w[0].isupper() and w not in _FIRST_PERSON for w in words[1:]):
        return True
    first = words[0]
    if first[0].isupper() and first not in _FIRST_PERSON \
            and first.lower().replace("\u2019", "'") not in SENTENCE_STARTERS:
        return True
    if names:
        lower = sentence.lower()
        return any(n in lower for n in names)
    return False


def worth_parsing(body: str, names: Iterable[str] = (),
                  skim: bool = False) -> list[tuple[int, str]]:
    """(offset, text) runs of consecutive sentences of a body to parse: all
    but the repeated copies of a sentence (see the module doc), and with
    `skim` (reviews) only the sentences that may name someone (`names`: the
    film's cast and characters, kept however they are written). A body
    that loses nothing is one run, itself."""
    names = tuple(sorted({n.lower() for n in names if len(n) >= 4}))
    copies: Counter[str] = Counter()
    runs: list[tuple[int, str]] = []
    start = end = None
    dropped = False
    for m in _SENTENCE.finditer(body):
        sentence = m.group(0)
        key = sentence.strip()
        if not key:
            continue
        copies[key] += 1
        keep = copies[key] <= EVIDENCE_PER_DOCUMENT or len(_WORD.findall(key)) < 3
        if keep and skim:
            keep = keeps(sentence, names)
        if keep:
            if start is None:
                start = m.start()
            end = m.end()
        else:
            dropped = True
            if start is not None:
                runs.append((start, body[start:end]))
                start = None
    if start is not None:
        runs.append((start, body[start:end]))
    if not dropped and not skim:
        return [(0, body)] if body else []
    return runs


def skim(body: str, names: Iterable[str] = ()) -> list[tuple[int, str]]:
    """The runs of a review body worth parsing (`worth_parsing` with skim)."""
    return worth_parsing(body, names, skim=True)
