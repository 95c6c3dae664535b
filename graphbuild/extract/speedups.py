"""Faster, exact stand-ins for two slow steps of spaCy's English pipelines.

Profiling a full-dataset build showed two rule-based components of
`en_core_web_sm` costing a fifth of the parse time, more than the parser:

- the attribute ruler runs spaCy's token Matcher over ~180 patterns, almost
  all of them one token long, for every token;
- the rule lemmatizer caches only inflected forms, so every base form is
  worked out again.

`speed_up(nlp)` keeps both components (same names, same tables, same
results) and only changes how they find their answers: one-token patterns
are decided once per distinct (lower, tag, dep, space) and remembered, the
longer ones still go through a Matcher; lemmas are remembered under the key
spaCy's own cache uses. Anything these stand-ins do not recognise is left to
spaCy. `tests/test_speedups.py` checks the annotations are identical.
"""

from __future__ import annotations

import re
from typing import Any

MEMO_LIMIT = 500_000
"""Entries a memo holds before it starts afresh (bounds memory on huge corpora)."""

_ATTRS = ("LOWER", "ORTH", "TAG", "DEP", "IS_SPACE")
"""Token attributes a one-token pattern may test to be decided by the memo."""


def speed_up(nlp) -> None:
    """Make the pipeline's attribute ruler and rule lemmatizer faster, with
    the same output. Components of other kinds are left as they are."""
    for name, proc in nlp.pipeline:
        kind = type(proc).__name__
        if kind == "AttributeRuler" and not isinstance(proc.__dict__.get("match"), FastMatch):
            proc.match = FastMatch(proc)
        elif "Lemmatizer" in kind and getattr(proc, "mode", None) == "rule" \
                and not isinstance(proc.__dict__.get("lemmatize"), MemoLemmatize):
            proc.lemmatize = MemoLemmatize(proc.rule_lemmatize)


class MemoLemmatize:
    """`Lemmatizer.rule_lemmatize`, remembered for every token. Its answer
    depends only on the token's text, part of speech and morphology, the key
    of spaCy's own cache, which skips base forms."""

    def __init__(self, lemmatize):
        self.lemmatize = lemmatize
        self.memo: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            found = self.memo[key] = self.lemmatize(token)
        return found


def _value_test(value: Any):
    """A test on one attribute's value (a string, or a bool for IS_SPACE),
    or None when the value uses a form not handled here."""
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            s = set(arg)
            return lambda v: v in s
        if op == "NOT_IN" and isinstance(arg, list):
            s = set(arg)
            return lambda v: v not in s
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda v: isinstance(v, str) and bool(rx.search(v))
    return None


def _token_test(token_pattern: dict):
    """(attribute, test) pairs of a one-token pattern, or None if it must go
    through the Matcher."""
    tests = []
    for attr, value in token_pattern.items():
        if attr not in _ATTRS:
            return None
        test = _value_test(value)
        if test is None:
            return None
        tests.append((_ATTRS.index(attr), test))
    return tests


def _anchor(token_pattern: dict) -> tuple[int, str] | None:
    """(column, value) of an exact LOWER or TAG the pattern requires, if any:
    only patterns anchored on a token's own lower form or tag are tried."""
    for attr in ("LOWER", "TAG"):
        if isinstance(token_pattern.get(attr), str):
            return _ATTRS.index(attr), token_pattern[attr]
    return None


class FastMatch:
    """`AttributeRuler.match` with the same result: (pattern index, match
    id, start, end), sorted."""

    def __init__(self, ruler):
        from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
        from spacy.matcher import Matcher

        self.strings = ruler.vocab.strings
        self.columns = [LOWER, ORTH, TAG, DEP, IS_SPACE]
        # one-token patterns: (pattern index, tests), by what they require
        self.anchored: dict[tuple[int, str], list[tuple[int, list]]] = {}
        self.other: list[tuple[int, list]] = []
        self.matcher = Matcher(ruler.vocab, validate=False)
        self.ids: dict[int, int] = {}                  # pattern index -> match id
        for i, p in enumerate(ruler.patterns):
            self.ids[i] = self.strings.add(str(i))
            rest = []
            for alternative in p["patterns"]:
                tests = _token_test(alternative[0]) if len(alternative) == 1 else None
                if tests is None:
                    rest.append(alternative)
                else:
                    anchor = _anchor(alternative[0])
                    bucket = self.other if anchor is None else self.anchored.setdefault(anchor, [])
                    bucket.append((i, tests))
            if rest:
                self.matcher.add(str(i), rest)
        self.memo: dict[tuple, tuple[int, ...]] = {}

    def _decide(self, row: tuple[int, ...]) -> tuple[int, ...]:
        s = self.strings
        values = (s[row[0]], s[row[1]], s[row[2]], s[row[3]], bool(row[4]))
        tried = (self.anchored.get((0, values[0]), []) + self.anchored.get((2, values[2]), [])
                 + self.other)
        tried.sort(key=lambda it: it[0])        # stable: alternatives keep their order
        hit = []
        for i, tests in tried:
            if all(test(values[a]) for a, test in tests) and (not hit or hit[-1] != i):
                hit.append(i)
        return tuple(hit)

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        memo, ids = self.memo, self.ids
        out = []
        for start, row in enumerate(map(tuple, doc.to_array(self.columns).tolist())):
            hit = memo.get(row)
            if hit is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                hit = memo[row] = self._decide(row)
            for i in hit:
                out.append((i, ids[i], start, start + 1))
        if len(self.matcher):
            for m_id, s, e in self.matcher(doc, allow_missing=True):
                out.append((int(self.strings[m_id]), m_id, s, e))
        out.sort()
        return out
