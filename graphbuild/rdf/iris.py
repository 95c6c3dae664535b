"""Stable, readable IRIs for entities, documents and statements."""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from graphbuild.model import slug
from graphbuild.rdf.vocab import GBR


def entity_iri(key: str) -> URIRef:
    """IRI of an entity from its key ('person/dustin-hoffman')."""
    return GBR[key]


DOCUMENT = "document/"
"""How the key of a document node starts (entity keys start with a class)."""


def document_key(doc_id: str) -> str:
    """The key (IRI path) of a source document from its id ('<film-key>/<file
    name>'): a relation whose object is a document (film:mentionedIn) names it so."""
    # The film key is a slug (no '/'); the rest, whatever it holds, is slugged:
    # split at the last '/', a name like '</script>' left markup in the IRI.
    film, sep, name = doc_id.partition("/")
    return f"{DOCUMENT}{film}/{slug(name)}" if sep else f"{DOCUMENT}{slug(film)}"


def is_document_key(key: str) -> bool:
    """Whether a relation's object key names a document, not an entity."""
    return key.startswith(DOCUMENT)


def document_iri(doc_id: str) -> URIRef:
    """IRI of a source document from its id ('<film-key>/<file name>')."""
    return GBR[document_key(doc_id)]


def hashed_iri(kind: str, *parts: str) -> URIRef:
    """Deterministic IRI for a statement or evidence node from its content."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return GBR[f"{kind}/{h}"]
