"""Namespaces and terms of the graphbuild graph model.

This module is the contract every output relies on. The ontology file
`ontology/film.ttl` defines every term named here (a test checks it).

Graph model, in short:

* Entities: ``gbr:film/<slug>``, ``gbr:person/<slug>`` (global),
  ``gbr:character/<film-slug>/<slug>`` (scoped by film),
  ``gbr:organization/...``, ``gbr:place/<slug>``, ``gbr:award/<slug>``,
  ``gbr:genre/<slug>``. Each has ``rdf:type`` (a class below, and the
  schema.org and Wikidata classes of ``ALSO_TYPES``), one ``rdfs:label`` and
  a ``skos:altLabel`` for every other name.
* Facts: plain triples ``subject FILM.<property> object``; open relations
  use the ``OPEN`` namespace.
* Provenance: every fact has one reified statement
  ``gbr:statement/<hash> a rdf:Statement`` with ``rdf:subject``,
  ``rdf:predicate``, ``rdf:object``, ``FILM.confidence`` (combined) and
  ``prov:wasDerivedFrom`` one or more evidence nodes: at most three per
  document (``rdf.mapping.MAX_EVIDENCE``), with ``FILM.evidenceCount`` the
  number of all of them when some were left out.
  An evidence node ``gbr:evidence/<hash> a FILM.Evidence, prov:Entity`` has
  ``prov:wasQuotedFrom`` a document, ``FILM.sentence`` (text),
  ``FILM.sentenceIndex``, ``FILM.startOffset`` / ``FILM.endOffset``
  (character offsets into the original file: its characters there are the
  quoted sentence, or the metadata line), ``FILM.rule``,
  ``FILM.confidence`` and, for open relations, ``FILM.surfaceText``.
* Documents: ``gbr:document/<film-slug>/<file-slug> a FILM.Document,
  prov:Entity`` with ``rdfs:label`` (file name), ``FILM.sourcePath``,
  ``FILM.documentKind`` and ``FILM.about`` the film. An entity that is named
  in passing (a film in another film's documents, or an entity no fact links
  to another) has ``FILM.mentionedIn`` the documents that name it.
* Identity: an entity has ``FILM.identity`` one ``gbr:identity/<hash> a
  FILM.IdentityDecision`` per film that names it, with ``FILM.name``,
  ``FILM.decidedIn`` (the film), ``FILM.decidedClass``, ``FILM.decidedBy``
  (the evidence, one string each) and ``FILM.mergedName`` nodes (``a
  FILM.NameMerge`` with ``FILM.name`` and ``FILM.decidedBy``: why that name is
  this entity). A film has ``FILM.rejectedName`` decisions (no class) for
  the names its documents showed to be no entity.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

FILM = Namespace("https://w3id.org/graphbuild/film#")
GBR = Namespace("https://w3id.org/graphbuild/id/")
OPEN = Namespace("https://w3id.org/graphbuild/open#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")

PREFIXES: dict[str, Namespace] = {
    "film": FILM,
    "gbr": GBR,
    "open": OPEN,
    "schema": SCHEMA,
    "wd": WD,
    "wdt": WDT,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "skos": Namespace(str(SKOS)),
    "xsd": Namespace(str(XSD)),
    "prov": Namespace(str(PROV)),
}

CLASSES: tuple[str, ...] = (
    "Film", "Person", "Character", "Organization", "Place", "Award", "Genre",
)
"""Entity classes, in the order the outputs list them."""

PRODUCTION_PROPERTIES: tuple[str, ...] = (
    "directedBy", "writtenBy", "producedBy", "musicBy", "productionCompany",
    "castMember", "hasCharacter", "plays", "releaseYear", "genre", "language",
    "countryOfOrigin", "setIn", "basedOn", "wonAward", "nominatedFor", "imdbId",
)
STORY_PROPERTIES: tuple[str, ...] = (
    "spouseOf", "parentOf", "siblingOf", "relativeOf", "romanticPartnerOf",
    "friendOf", "neighborOf", "colleagueOf", "enemyOf", "employedBy",
    "firedFrom", "memberOf", "livesIn", "advises", "helps", "leaves", "sues",
    "kills", "attacks", "rescues", "betrays", "loves", "hasOccupation",
)
CORE_PROPERTIES: tuple[str, ...] = PRODUCTION_PROPERTIES + STORY_PROPERTIES

SYMMETRIC: frozenset[str] = frozenset({
    "spouseOf", "siblingOf", "relativeOf", "romanticPartnerOf", "friendOf",
    "neighborOf", "colleagueOf", "enemyOf",
})
INVERSES: dict[str, str] = {
    "playedBy": "plays",
    "childOf": "parentOf",
    "characterIn": "hasCharacter",
}
"""Inverse property -> the forward property it counts as."""

LITERAL_PROPERTIES: frozenset[str] = frozenset({
    "releaseYear", "language", "imdbId", "hasOccupation",
    "imdbRating", "imdbVotes",
})

ALSO_TYPES: dict[str, tuple[str, ...]] = {
    "Film": ("https://schema.org/Movie", "http://www.wikidata.org/entity/Q11424"),
    "Person": ("https://schema.org/Person", "http://www.wikidata.org/entity/Q5"),
    "Character": ("https://schema.org/Person", "http://www.wikidata.org/entity/Q95074"),
    "Organization": ("https://schema.org/Organization", "http://www.wikidata.org/entity/Q43229"),
    "Place": ("https://schema.org/Place", "http://www.wikidata.org/entity/Q2221906"),
    "Award": ("http://www.wikidata.org/entity/Q618779",),
    "Genre": ("http://www.wikidata.org/entity/Q201658",),
    "Work": ("https://schema.org/CreativeWork", "http://www.wikidata.org/entity/Q17537576"),
    "Document": ("https://schema.org/DigitalDocument",),
}
"""The schema.org and Wikidata classes every node of a class also gets, so a
query in schema.org or Wikidata terms finds it: those the ontology maps the
class to (rdfs:subClassOf, skos:exactMatch, skos:closeMatch; a test checks)."""

# Terms of the provenance and document model (defined in ontology/film.ttl).
EXTRA_CLASSES: tuple[str, ...] = ("Document", "Evidence")
WORK_CLASS = "Work"
"""Class of the works films are based on (novels, plays); not drawn as a core class."""
EXTRA_PROPERTIES: tuple[str, ...] = (
    "confidence", "evidenceCount", "sentence", "sentenceIndex", "startOffset", "endOffset",
    "rule", "surfaceText", "sourcePath", "documentKind", "about",
    "imdbRating", "imdbVotes", "title", "mentionedIn",
)

IDENTITY_CLASSES: tuple[str, ...] = ("IdentityDecision", "NameMerge")
IDENTITY_PROPERTIES: tuple[str, ...] = (
    "identity", "rejectedName", "name", "decidedIn", "decidedClass", "decidedBy", "mergedName",
)
"""Terms that record why an entity is what it is (see ``add_decision`` in rdf/mapping.py)."""

CLASS_GROUPS: dict[str, str] = {
    **{p: "production" for p in PRODUCTION_PROPERTIES},
    **{p: "story" for p in STORY_PROPERTIES},
}
"""Property local name -> relation group ("open" for anything else)."""


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1:]


def relation_group(predicate_iri: str) -> str:
    """'production', 'story' or 'open' for a predicate IRI."""
    if predicate_iri.startswith(str(OPEN)):
        return "open"
    return CLASS_GROUPS.get(local_name(predicate_iri), "other")


def bind_prefixes(graph) -> None:
    """Bind graphbuild's prefixes on an rdflib graph (replacing defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
