"""Entities + relations -> one rdflib Graph, with provenance for every fact.

Each fact is a plain triple; beside it a reified `rdf:Statement` carries the
combined confidence and links (`prov:wasDerivedFrom`) to one evidence node per
document sentence and rule that supports it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graphbuild.model import Decision, Document, Entity, Relation, combine
from graphbuild.rdf.iris import document_iri, entity_iri, hashed_iri, is_document_key
from graphbuild.rdf.vocab import ALSO_TYPES, FILM, OPEN, bind_prefixes

# Characters XML 1.0 cannot hold, escaped or not (NUL, most C0 controls,
# U+FFFE/U+FFFF, lone surrogates): RDF/XML with one does not parse. A carriage
# return is read back as a line feed by every XML parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CR = re.compile("\r\n?")


def writable(value: str) -> str:
    """Corpus text (a name, sentence, file name) that every RDF format can
    write and read back: characters XML forbids dropped, line ends LF."""
    value = str(value)
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    if "\r" in value:
        value = _CR.sub("\n", value)
    return value


def text(value: str) -> Literal:
    """A plain literal of corpus text (see `writable`)."""
    return Literal(writable(value))


_DATATYPES = {"gYear": XSD.gYear, "decimal": XSD.decimal, "integer": XSD.integer,
              "string": None, None: None}


def merge_entities(groups: Iterable[Iterable[Entity]]) -> dict[str, Entity]:
    """One entity per key across films: the most used spelling is the label
    and every other name an alias (people are shared between films)."""
    labels: dict[str, Counter] = defaultdict(Counter)
    merged: dict[str, Entity] = {}
    for group in groups:
        for e in group:
            labels[e.key][e.label] += 1
            if e.key not in merged:
                merged[e.key] = Entity(e.key, e.cls, e.label, set(e.aliases), e.film, e.gender,
                                       list(e.decisions))
            else:
                merged[e.key].aliases |= e.aliases
                merged[e.key].decisions.extend(e.decisions)
    for key, e in merged.items():
        e.decisions = sorted({(d.film, d.name, d.cls): d for d in e.decisions}.values(),
                             key=lambda d: (d.film, d.name, d.cls))
        best = sorted(labels[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        e.aliases |= set(labels[key]) - {best}
        e.label = best
        e.aliases.discard(best)
    return merged


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in its shortest form ("0.91", "1"), rounded to 3 places,
    so stores that keep values rather than text (Oxigraph) give it back as is."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


def _object(rel: Relation):
    if rel.literal:
        # `datatype` is an xsd local name; any other than these is xsd:<name>
        dt = _DATATYPES[rel.datatype] if rel.datatype in _DATATYPES else XSD[rel.datatype]
        return Literal(writable(rel.obj), datatype=dt)
    return entity_iri(rel.obj)


def _predicate(rel: Relation) -> URIRef:
    return OPEN[rel.prop] if rel.open else FILM[rel.prop]


def add_document(g: Graph, doc: Document) -> URIRef:
    """A node for a source document: its name, path, kind and film."""
    node = document_iri(doc.doc_id)
    g.add((node, RDF.type, FILM.Document))
    g.add((node, RDF.type, PROV.Entity))
    for also in ALSO_TYPES["Document"]:
        g.add((node, RDF.type, URIRef(also)))
    g.add((node, RDFS.label, text(doc.doc_id.rpartition("/")[2])))
    g.add((node, FILM.sourcePath, text(doc.path)))
    g.add((node, FILM.documentKind, text(doc.kind)))
    g.add((node, FILM.about, entity_iri(f"film/{doc.film.key}")))
    return node


def add_relation(g: Graph, rel: Relation) -> None:
    """The fact, its reified statement and one evidence node per source."""
    s, p, o = entity_iri(rel.subj), _predicate(rel), _object(rel)
    g.add((s, p, o))
    st = hashed_iri("statement", str(s), str(p), o.n3())
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    conf = combine(e.confidence for e in rel.evidence)
    g.add((st, FILM.confidence, decimal_literal(conf)))
    for e in rel.evidence:
        ev = hashed_iri("evidence", str(st), e.doc_id, str(e.start), str(e.end), e.rule)
        g.add((st, PROV.wasDerivedFrom, ev))
        g.add((ev, RDF.type, FILM.Evidence))
        g.add((ev, RDF.type, PROV.Entity))
        if e.doc_id:
            g.add((ev, PROV.wasQuotedFrom, document_iri(e.doc_id)))
        g.add((ev, FILM.sentence, text(e.sentence)))
        g.add((ev, FILM.sentenceIndex, Literal(e.sent_index)))
        g.add((ev, FILM.startOffset, Literal(e.start)))
        g.add((ev, FILM.endOffset, Literal(e.end)))
        g.add((ev, FILM.rule, text(e.rule)))
        g.add((ev, FILM.confidence, decimal_literal(e.confidence)))
        if e.surface:
            g.add((ev, FILM.surfaceText, text(e.surface)))


def add_entity(g: Graph, e: Entity) -> None:
    node = entity_iri(e.key)
    g.add((node, RDF.type, FILM[e.cls]))
    for also in ALSO_TYPES.get(e.cls, ()):   # schema.org and Wikidata terms find it too
        g.add((node, RDF.type, URIRef(also)))
    label = text(e.label)
    g.add((node, RDFS.label, label))
    for a in sorted(e.aliases):
        if a and text(a) != label:
            g.add((node, SKOS.altLabel, text(a)))
    for d in e.decisions:
        add_decision(g, node, e.key, d)


def add_decision(g: Graph, node: URIRef, key: str, d: Decision) -> None:
    """One film's identity decision about an entity (`film:identity`), or
    about a name its film found to be no entity (`film:rejectedName` of the
    film): the class, the evidence that decided it, and each merged name
    with why it names the entity."""
    dn = hashed_iri("identity", key, d.film, d.name, d.cls)
    g.add((node, FILM.identity if d.cls else FILM.rejectedName, dn))
    g.add((dn, RDF.type, FILM.IdentityDecision))
    g.add((dn, FILM.name, text(d.name)))
    g.add((dn, FILM.decidedIn, entity_iri(f"film/{d.film}")))
    if d.cls:
        g.add((dn, FILM.decidedClass, FILM[d.cls]))
    for r in d.reasons:
        g.add((dn, FILM.decidedBy, text(r)))
    for name, why in sorted(d.merged.items()):
        mn = hashed_iri("identity", key, d.film, d.name, d.cls, "merged", name)
        g.add((dn, FILM.mergedName, mn))
        g.add((mn, RDF.type, FILM.NameMerge))
        g.add((mn, FILM.name, text(name)))
        g.add((mn, FILM.decidedBy, text(why)))


def to_graph(entities: dict[str, Entity], relations: Iterable[Relation],
             documents: Iterable[Document], min_confidence: float = 0.0) -> Graph:
    """The knowledge graph: entities that take part in a kept relation, the
    relations at or above `min_confidence`, their provenance and documents."""
    g = Graph()
    bind_prefixes(g)
    used: set[str] = set()
    # One fact has one statement node (its IRI is a hash of the triple): the
    # same fact given twice pools its evidence, or the statement would carry
    # two confidences.
    merged: dict[tuple, Relation] = {}
    for rel in relations:
        k = (rel.subj, _predicate(rel), _object(rel))
        if k in merged:
            merged[k].evidence.extend(e for e in rel.evidence if e not in merged[k].evidence)
        else:
            merged[k] = Relation(rel.subj, rel.prop, rel.obj, list(rel.evidence), rel.literal,
                                 rel.datatype, rel.open)
    for rel in merged.values():
        if combine(e.confidence for e in rel.evidence) < min_confidence:
            continue
        entity_object = not rel.literal and not is_document_key(rel.obj)
        if rel.subj not in entities or (entity_object and rel.obj not in entities):
            continue
        add_relation(g, rel)
        used.add(rel.subj)
        if entity_object:
            used.add(rel.obj)
    for key in sorted(used):
        add_entity(g, entities[key])
    for doc in documents:
        add_document(g, doc)
    return g


class _Triples(list):
    """Stands in for a Graph where mapping only calls `add`."""

    def add(self, triple) -> None:
        self.append(triple)


def nt_rows(triples: Iterable) -> str:
    """N-Triples rows exactly as rdflib's serializer writes them."""
    from rdflib.plugins.serializers.nt import _nt_row

    return "".join(_nt_row(t) for t in triples)


def relation_rows(rel: Relation) -> tuple[str, int]:
    """N-Triples of one relation with its provenance (`add_relation`), and
    how many rows it wrote."""
    sink = _Triples()
    add_relation(sink, rel)
    return nt_rows(sink), len(sink)


def document_rows(docs: Iterable[Document]) -> str:
    """N-Triples of the document nodes (`add_document`)."""
    sink = _Triples()
    for d in docs:
        add_document(sink, d)
    return nt_rows(sink)


def entity_rows(entities: Iterable[Entity]) -> str:
    """N-Triples of entity nodes (`add_entity`)."""
    sink = _Triples()
    for e in entities:
        add_entity(sink, e)
    return nt_rows(sink)


def entity_look(e: Entity) -> tuple:
    """What an entity's rows are made from."""
    return (e.cls, e.label, frozenset(e.aliases),
            tuple(sorted(repr(d.as_list()) for d in e.decisions)))
