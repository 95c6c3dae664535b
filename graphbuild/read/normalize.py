"""Document -> Document: repair the prose and keep offsets into the original.

Each repair is a regular-expression substitution over the text that also
rewrites a parallel list mapping every character of the result to a character
of the original file, so evidence offsets always point into the file as read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable

from graphbuild.model import Document


@dataclass
class Mapped:
    """A string and, for each of its characters, an offset in the original."""

    text: str
    offsets: list[int]

    def sub(self, pattern: re.Pattern, repl: Callable[[re.Match], str] | str) -> "Mapped":
        """Like `pattern.sub`, carrying offsets: characters a replacement keeps
        map to themselves, changed ones onto the span they replace (an
        insertion maps to the next character)."""
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        s, m = self.text, self.offsets
        # a template without backslashes is the text itself: no re-parse per match
        literal = repl if isinstance(repl, str) and "\\" not in repl else None
        for match in pattern.finditer(s):
            a, b = match.span()
            out.append(s[pos:a])
            offs.extend(m[pos:a])
            r = repl(match) if callable(repl) else (match.expand(repl) if literal is None else literal)
            offs.extend(_align(s[a:b], r, m, a))
            out.append(r)
            pos = b
        out.append(s[pos:])
        offs.extend(m[pos:])
        return Mapped("".join(out), offs)


def _align(old: str, new: str, m: list[int], a: int) -> list[int]:
    """Offsets for `new`, which replaces `old` = the text at [a, a+len(old)):
    kept characters ('divorc', 'e' of 'divorc√©e' -> 'divorcée') keep their
    offsets; a changed run maps proportionally onto the run it replaces, an
    inserted one onto the next character."""
    if old == new:
        return m[a:a + len(old)]

    def anchor(i: int) -> int:
        return m[i] if i < len(m) else (m[-1] + 1 if m else 0)

    # The common prefix and suffix first: cheap, and all most repairs keep.
    p, q, short = 0, 0, min(len(old), len(new))
    while p < short and old[p] == new[p]:
        p += 1
    while q < short - p and old[-1 - q] == new[-1 - q]:
        q += 1
    mid_old, mid_new = old[p:len(old) - q], new[p:len(new) - q]
    if len(mid_old) * len(mid_new) <= 40_000:   # difflib is quadratic
        ops = SequenceMatcher(None, mid_old, mid_new, autojunk=False).get_opcodes()
    else:
        ops = [("replace", 0, len(mid_old), 0, len(mid_new))]
    out = m[a:a + p]
    for op, i1, i2, j1, j2 in ops:
        i1, i2, k = a + p + i1, a + p + i2, j2 - j1
        if op == "equal":
            out.extend(m[i1:i2])
        elif i2 > i1:    # replace: spread over the replaced run
            out.extend(m[i1 + min((i2 - i1) * j // k, i2 - i1 - 1)] for j in range(k))
        else:            # insert
            out.extend([anchor(i1)] * k)
    out.extend(m[a + len(old) - q:a + len(old)])
    return out


# Repairs, in order. Each is (name, pattern, replacement) so they read as data.
# Word-level patterns start at a word start ((?<!\S)): unanchored, they are
# retried from every character of a long run without spaces (CJK text, a
# base64 blob) and take quadratic time.
_NON_ASCII_WORD = re.compile(r"(?<!\S)\S*[^\x00-\x7f]\S*")
_TAG_BREAK = re.compile(r"<\s*(?:br|p|/p|div|/div|li)\b[^>]*>", re.I)
_TAG_INLINE = re.compile(r"</?\s*(?:i|b|em|strong|u|span|a|font|small|big|sup|sub)\b[^>]*>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Zero-width, soft-hyphen and bidirectional control characters: invisible,
they would make 'Ro\u200bbert' a name of its own (and can reorder text)."""
_CR = re.compile("\r\n?")
_AUTHOR_TAG = re.compile(r"::[^\n]{0,80}$", re.M)
_CITATION = re.compile(r"\[(?:\d{1,3}|citation needed|note \d+|[a-z])\]")
_TRUNCATED = re.compile(r"\s*(?<!\S)\S*[^.\s]\.\.(?!\.)\s*$")
_ELLIPSIS_JOIN = re.compile(r"(?<=\w)(\.{3}|\u2026)(?=[A-Za-z])")
# "him.Ted" -> "him. Ted"; not "U.S.A", "1.5", "e.g.Mr" inside URLs/emails.
_RUN_TOGETHER = re.compile(r"(?<=[a-z0-9\)\]\"'\u201d])([.!?])(?=[A-Z\"\u201c][a-z])")
# "cast membersEllen Pompeo": a long lower-case word run into a capitalized
# one (not "McKidd", "LaMarr", "JoBeth", "DiCaprio", "YouTube").
_CAMEL_JOIN = re.compile(r"(?<=[a-z]{4})(?=[A-Z][a-z])")
_URLISH = re.compile(r"(?:https?://|www\.|@)\S*$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_LINE_EDGE = re.compile(r" ?\n ?")   # after _SPACES: "line \n next" -> "line\nnext"


def _fix_word(m: re.Match) -> str:
    import ftfy

    return ftfy.fix_text(m.group(0), normalization="NFC", unescape_html=False)


def _in_url(m: re.Match) -> bool:
    """Whether the match is inside a URL or e-mail address: its word so far
    holds 'http://', 'www.' or '@' (looking back a bounded distance)."""
    return bool(_URLISH.search(m.string, max(0, m.start() - 300), m.start()))


def _split_run_together(m: re.Match) -> str:
    return m.group(0) if _in_url(m) else m.group(0) + " "


def _split_camel(m: re.Match) -> str:
    return m.group(0) if _in_url(m) else " "


def repair(text: Mapped) -> Mapped:
    """Apply every repair: encoding, markup, entities, tags, sentence joins."""
    text = text.sub(_TAG_BREAK, "\n")
    text = text.sub(_TAG_INLINE, "")
    text = text.sub(_ENTITY, lambda m: html.unescape(m.group(0)))
    text = text.sub(_NON_ASCII_WORD, _fix_word)
    # after entities and mojibake repair, which can make them ('&#13;', 'ï¿¾'):
    text = text.sub(_CR, "\n")          # CRLF files; XML reads a CR back as LF
    text = text.sub(_CONTROL, " ")      # characters no RDF/XML file can hold
    text = text.sub(INVISIBLE, "")
    text = text.sub(_AUTHOR_TAG, "")
    text = text.sub(_CITATION, "")
    text = text.sub(_TRUNCATED, ".")
    text = text.sub(_ELLIPSIS_JOIN, lambda m: m.group(1) + " ")
    text = text.sub(_RUN_TOGETHER, _split_run_together)
    text = text.sub(_CAMEL_JOIN, _split_camel)
    text = text.sub(_SPACES, " ")
    text = text.sub(_LINE_EDGE, "\n")
    text = text.sub(_BLANK_LINES, "\n\n")
    return text


def _segments(doc: Document) -> list[tuple[int, str]]:
    """(offset, text) pieces of prose: the front matter's description, then
    the body without its Director/Cast lines."""
    segs: list[tuple[int, str]] = []
    desc = doc.front.get("description") if doc.front else None
    if isinstance(desc, str) and desc.strip():
        at = doc.text.find(desc[:60], 0, doc.body_start)
        if at >= 0 and doc.text[at:at + len(desc)] == desc:
            segs.append((at, desc))
    pos = doc.body_start
    for a, b in sorted(doc.skip_spans):
        if a > pos:
            segs.append((pos, doc.text[pos:a]))
        pos = max(pos, b)
    segs.append((pos, doc.text[pos:]))
    return [(o, t) for o, t in segs if t.strip()]


def normalize(doc: Document) -> Document:
    """Fill `doc.body` with repaired prose and `doc.offsets` with the map from
    each body character to its offset in `doc.text`."""
    parts: list[Mapped] = []
    for offset, seg in _segments(doc):
        fixed = repair(Mapped(seg, list(range(offset, offset + len(seg)))))
        stripped = fixed.text.strip()
        if stripped:
            lead = len(fixed.text) - len(fixed.text.lstrip())
            parts.append(Mapped(stripped, fixed.offsets[lead:lead + len(stripped)]))
    body, offsets, spans = [], [], []
    at = 0
    for i, p in enumerate(parts):
        if i:
            body.append("\n\n")
            offsets.extend([p.offsets[0]] * 2)
            at += 2
        body.append(p.text)
        offsets.extend(p.offsets)
        spans.append((at, at + len(p.text)))
        at += len(p.text)
    doc.body = "".join(body)
    doc.offsets = offsets
    doc.parts = spans
    return doc


def source_span(doc: Document, start: int, end: int, anchor: int | None = None,
                ) -> tuple[int, int]:
    """The offsets into `doc.text` of the body span [start, end), cut to the
    prose part that holds body index `anchor` (default `start`): a sentence
    spaCy ran across the join of two parts (a post's description and its
    body) must not quote the front matter or credit lines between them."""
    at = start if anchor is None else anchor
    for a, b in doc.parts:
        if a <= at < b:
            start, end = max(start, a), min(end, b)
            break
    # spaces at the ends (a line end spaCy kept, a tag made a line break) quote nothing
    while end > start + 1 and doc.body[end - 1].isspace():
        end -= 1
    while start < end - 1 and doc.body[start].isspace():
        start += 1
    return doc.original_span(start, max(end, start + 1))


def quote(text: str) -> str:
    """Original text as an evidence quote: its characters as the file has
    them (no repair), only markup tags dropped, entities decoded and
    whitespace runs made one space."""
    text = _TAG_INLINE.sub("", _TAG_BREAK.sub(" ", text))
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return " ".join(INVISIBLE.sub("", text).split())


def quoted(doc: Document, start: int, end: int, anchor: int | None = None,
           ) -> tuple[int, int, str]:
    """(start, end, quote) in `doc.text` for the body span [start, end)
    (see `source_span` and `quote`), without spaces at its ends."""
    a, b = source_span(doc, start, end, anchor)
    text = doc.text
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b, quote(text[a:b])
