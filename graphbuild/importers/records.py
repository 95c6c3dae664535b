"""What an importer yields: plain records, plus helpers for messy source values.

An importer reads one dataset format and yields, in a stable order, either a
`FilmRecord` (a film's identity, its metadata and its documents) or a `Skip`
(a source record that could not become a document, with the reason). The
store (`store.py`) decides which film folder a record joins and writes it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

# Values real datasets use for "we don't know".
_MISSING = {"", "n/a", "na", "none", "null", "unknown", "-", "?", "nan"}
_NO_TITLE = {"", "n/a", "null"}
_IMDB = re.compile(r"(?:tt)?(\d{5,10})")
_IMDB_IN_URL = re.compile(r"/title/(tt\d{5,10})")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class SourceDoc:
    """One document to write into a film folder.

    `kind` names the file: "review" becomes review-N.txt, every other kind
    becomes <kind><ext> (then <kind>-2<ext> if that name is taken by another
    source document). `source` is a stable id of the record in its dataset
    (dataset folder name + relative path or record key); re-importing the same
    source id rewrites the same file instead of adding a new one.
    """

    kind: str
    text: str
    source: str
    licence: str
    ext: str = ".txt"
    url: str | None = None


@dataclass
class FilmRecord:
    """A film as one source record describes it, with its documents.

    `meta` holds film.yaml fields other than title/year/imdb_id (lists,
    `characters` mapping, scalars); empty values are dropped by the store.
    """

    title: str | None
    year: int | None = None
    imdb_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    documents: list[SourceDoc] = field(default_factory=list)
    # Other ids that name exactly one film, by namespace: {"wikipedia": page
    # name} or {"wikipedia-id": page id}. They join like IMDb ids, and two
    # films with the same title and year but different ids stay apart.
    ids: dict[str, str] = field(default_factory=dict)

    def all_ids(self) -> dict[str, str]:
        """Every id of the record, the IMDb one under "imdb"."""
        return {**({"imdb": self.imdb_id} if self.imdb_id else {}), **self.ids}


@dataclass
class Skip:
    """A source record that was not imported, and why."""

    source: str
    reason: str


def record_key(title: str | None, year: int | None) -> str:
    """'Kramer vs. Kramer (1979)', or the title alone when the year is unknown."""
    return f"{title} ({year})" if year else str(title)


def wikipedia_page(value: Any) -> str | None:
    """Canonical page name from "Kramer_vs._Kramer", "Kramer vs. Kramer" or
    "https://en.wikipedia.org/wiki/Kramer_vs._Kramer"."""
    s = clean(value)
    if s is None:
        return None
    if "://" in s:
        if "/wiki/" not in s:
            return None
        s = s.split("/wiki/", 1)[1].split("#", 1)[0]
    s = unquote(s).strip().replace(" ", "_")
    return s[:1].upper() + s[1:] if s else None


def missing(value: Any) -> bool:
    """True for None and the placeholders datasets use for unknown values."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _MISSING
    if isinstance(value, (list, tuple, dict, set)):
        return len(value) == 0
    return False


def clean(value: Any) -> str | None:
    """A stripped string, or None when the value is missing ("N/A" ...)."""
    if missing(value):
        return None
    return str(value).strip()


def clean_title(value: Any) -> str | None:
    """A title for metadata: HTML entities decoded, whitespace collapsed.

    Document texts keep their entities (the normalizer's job); a title is
    metadata used for folder names and joining, so "Vincent &amp; Theo" must
    become "Vincent & Theo" here.
    """
    if value is None:
        return None
    # Narrower than `missing`: "Unknown" (2011) and "None" are real titles.
    s = " ".join(html.unescape(str(value)).split())
    return None if s.lower() in _NO_TITLE else s


def parse_year(value: Any) -> int | None:
    """A four-digit year from 1979, "1979", "1979-12-19" or "(1979)"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1800 <= value <= 2100 else None
    s = clean(value)
    if s is None:
        return None
    m = _YEAR.search(s)
    return int(m.group(1)) if m else None


def parse_imdb_id(value: Any) -> str | None:
    """ "tt" + digits from "0079417", "tt0079417" or an IMDb title URL.

    Bare numbers are padded to the 7 digits IMDb used before 2016; longer
    ids (8 digits) stay as they are.
    """
    s = clean(value)
    if s is None:
        return None
    m = _IMDB_IN_URL.search(s)
    if m:
        return m.group(1)
    m = _IMDB.fullmatch(s)
    if not m:
        return None
    digits = m.group(1)
    return "tt" + digits.zfill(7)


def parse_float(value: Any) -> float | None:
    """A float, or None for "N/A" and other non-numbers."""
    s = clean(value)
    try:
        return float(s.replace(",", "")) if s is not None else None
    except ValueError:
        return None


def parse_int(value: Any) -> int | None:
    """An int from "45936" or "45,936", or None."""
    f = parse_float(value)
    return int(f) if f is not None and f == int(f) else None


_NAME_SEP = re.compile(r"\s*(?:,|;|\band\b)\s*")


def split_names(value: Any) -> list[str]:
    """Names from "A, B and C" (comma, semicolon or 'and'), missing ones dropped."""
    s = clean(value)
    if s is None:
        return []
    return [n for n in (clean(p) for p in _NAME_SEP.split(s)) if n]


def clean_list(values: Any) -> list[str]:
    """Stripped strings of a list, missing ones dropped (order kept)."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v for v in (clean(x) for x in values) if v]


def genre_name(value: str) -> str:
    """'romantic comedy' -> 'Romantic Comedy'; mixed case is left alone."""
    return value.title() if value == value.lower() else value


def read_text(path: Path) -> str:
    """A file's text as UTF-8, falling back to cp1252 for old files.

    Newlines are kept exactly (no universal-newline translation) so offsets
    into the written document match the source.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
