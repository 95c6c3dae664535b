"""Stable, readable IRIs for entities, documents and statements."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from graphbuild.vocab import GBR

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not split into an ASCII letter and an accent, so
# folding dropped them ('Straße' -> 'strae', 'Søren' -> 'sren').
_TRANSLITERATE = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
    "ı": "i", "ħ": "h", "Ħ": "H",
})


def slug(text: str) -> str:
    """Lower-case ASCII slug: 'Kramer vs. Kramer' -> 'kramer-vs-kramer'.

    Accents are folded ('Amélie' -> 'amelie'), other non-ASCII characters
    separate words ('WALL·E' -> 'wall-e'); text with no ASCII letters or
    digits at all (emoji, CJK) gets a short hash so it still has a name.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    s = _NON_WORD.sub("-", folded.lower()).strip("-")
    if not s:
        s = "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return s[:80].rstrip("-")


def entity_iri(key: str) -> URIRef:
    """IRI of an entity from its key ('person/dustin-hoffman')."""
    return GBR[key]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a source document from its id ('<film-key>/<file name>')."""
    # The film key is a slug (no '/'); the rest, whatever it holds, is slugged:
    # split at the last '/', a name like '</script>' left markup in the IRI.
    film, sep, name = doc_id.partition("/")
    return GBR[f"document/{film}/{slug(name)}" if sep else f"document/{slug(film)}"]


def hashed_iri(kind: str, *parts: str) -> URIRef:
    """Deterministic IRI for a statement or evidence node from its content."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return GBR[f"{kind}/{h}"]
