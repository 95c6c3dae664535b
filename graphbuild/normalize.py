"""Document -> Document: repair the prose and keep offsets into the original.

Each repair is a regular-expression substitution over the text that also
rewrites a parallel list mapping every character of the result to a character
of the original file, so evidence offsets always point into the file as read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from graphbuild.model import Document


@dataclass
class Mapped:
    """A string and, for each of its characters, an offset in the original."""

    text: str
    offsets: list[int]

    def sub(self, pattern: re.Pattern, repl: Callable[[re.Match], str] | str) -> "Mapped":
        """Like `pattern.sub`, carrying offsets: replaced characters map onto
        the span they replace (an insertion maps to the next character)."""
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        s, m = self.text, self.offsets
        for match in pattern.finditer(s):
            a, b = match.span()
            out.append(s[pos:a])
            offs.extend(m[pos:a])
            r = repl(match) if callable(repl) else match.expand(repl)
            if b > a:
                n = b - a
                offs.extend(m[a + min(round(i * n / max(len(r), 1)), n - 1)] for i in range(len(r)))
            else:
                anchor = m[a] if a < len(m) else (m[-1] + 1 if m else 0)
                offs.extend([anchor] * len(r))
            out.append(r)
            pos = b
        out.append(s[pos:])
        offs.extend(m[pos:])
        return Mapped("".join(out), offs)


# Repairs, in order. Each is (name, pattern, replacement) so they read as data.
_NON_ASCII_WORD = re.compile(r"[^\s]*[^\x00-\x7f][^\s]*")
_TAG_BREAK = re.compile(r"<\s*(?:br|p|/p|div|/div|li)\b[^>]*>", re.I)
_TAG_INLINE = re.compile(r"</?\s*(?:i|b|em|strong|u|span|a|font|small|big|sup|sub)\b[^>]*>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTHOR_TAG = re.compile(r"::[^\n]{0,80}$", re.M)
_CITATION = re.compile(r"\[(?:\d{1,3}|citation needed|note \d+|[a-z])\]")
_TRUNCATED = re.compile(r"\s*\S*[^.\s]\.\.(?!\.)\s*$")
_ELLIPSIS_JOIN = re.compile(r"(?<=\w)(\.{3}|\u2026)(?=[A-Za-z])")
# "him.Ted" -> "him. Ted"; not "U.S.A", "1.5", "e.g.Mr" inside URLs/emails.
_RUN_TOGETHER = re.compile(r"(?<=[a-z0-9\)\]\"'\u201d])([.!?])(?=[A-Z\"\u201c][a-z])")
# "cast membersEllen Pompeo": a long lower-case word run into a capitalized
# one (not "McKidd", "LaMarr", "JoBeth", "DiCaprio", "YouTube").
_CAMEL_JOIN = re.compile(r"(?<=[a-z]{4})(?=[A-Z][a-z])")
_URLISH = re.compile(r"(?:https?://|www\.|@)\S*$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _fix_word(m: re.Match) -> str:
    import ftfy

    return ftfy.fix_text(m.group(0), normalization="NFC", unescape_html=False)


def _split_run_together(m: re.Match) -> str:
    start = m.string.rfind(" ", 0, m.start()) + 1
    if _URLISH.search(m.string[start:m.start()]):
        return m.group(0)
    return m.group(0) + " "


def _split_camel(m: re.Match) -> str:
    start = m.string.rfind(" ", 0, m.start()) + 1
    return m.group(0) if _URLISH.search(m.string[start:m.start()]) else " "


def repair(text: Mapped) -> Mapped:
    """Apply every repair: encoding, markup, entities, tags, sentence joins."""
    text = text.sub(_TAG_BREAK, "\n")
    text = text.sub(_TAG_INLINE, "")
    text = text.sub(_ENTITY, lambda m: html.unescape(m.group(0)))
    text = text.sub(_NON_ASCII_WORD, _fix_word)
    text = text.sub(_AUTHOR_TAG, "")
    text = text.sub(_CITATION, "")
    text = text.sub(_TRUNCATED, ".")
    text = text.sub(_ELLIPSIS_JOIN, lambda m: m.group(1) + " ")
    text = text.sub(_RUN_TOGETHER, _split_run_together)
    text = text.sub(_CAMEL_JOIN, _split_camel)
    text = text.sub(_SPACES, " ")
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
    body, offsets = [], []
    for i, p in enumerate(parts):
        if i:
            body.append("\n\n")
            offsets.extend([p.offsets[0]] * 2)
        body.append(p.text)
        offsets.extend(p.offsets)
    doc.body = "".join(body)
    doc.offsets = offsets
    return doc
