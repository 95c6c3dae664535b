"""Stable, readable IRIs for entities, documents and statements."""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from graphbuild.model import slug
from graphbuild.rdf.vocab import GBR


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
