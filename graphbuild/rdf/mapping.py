"""Entities + relations -> N-Triples rows (or an rdflib Graph), with
provenance for every fact.

Each fact is a plain triple; beside it a reified `rdf:Statement` carries the
combined confidence and links (`prov:wasDerivedFrom`) to one evidence node per
document sentence and rule that supports it: at most MAX_EVIDENCE per
document, the most confident first, with `film:evidenceCount` telling how
many there were when some were left out. So a graph grows with the number of
distinct facts, not with how often a text repeats them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral

from graphbuild.model import (EVIDENCE_PER_DOCUMENT, Decision, Document, Entity, Evidence,
                              Relation, fact_confidence)
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
    return Literal(_decimal_text(value), datatype=XSD.decimal)


def _decimal_text(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


# --- terms as N-Triples, exactly as rdflib's serializer writes them ------------------
# Mapping writes rows, not rdflib terms: it runs once per fact of every film,
# and making Literal objects to print them was a tenth of a build.

def _iri(iri: str) -> str:
    return f"<{iri}>"


def _quoted(value: str) -> str:
    """A plain literal of text already `writable` (rdflib's escaping)."""
    return '"%s"' % value.replace("\\", "\\\\").replace("\n", "\\n").replace(
        '"', '\\"').replace("\r", "\\r")


def _text(value: str) -> str:
    return _quoted(writable(value))


_INTEGER, _DECIMAL = f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>"
_A, _LABEL, _ALT = _iri(RDF.type), _iri(RDFS.label), _iri(SKOS.altLabel)
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = (_iri(t) for t in (
    RDF.Statement, RDF.subject, RDF.predicate, RDF.object))
_DERIVED, _QUOTED, _ENTITY = _iri(PROV.wasDerivedFrom), _iri(PROV.wasQuotedFrom), _iri(PROV.Entity)
_F = {name: _iri(FILM[name]) for name in (
    "Document", "Evidence", "confidence", "evidenceCount", "sentence", "sentenceIndex",
    "startOffset", "endOffset", "rule", "surfaceText", "sourcePath", "documentKind", "about",
    "identity", "rejectedName", "IdentityDecision", "name", "decidedIn", "decidedBy",
    "decidedClass", "mergedName", "NameMerge")}
_ALSO = {cls: [_iri(t) for t in types] for cls, types in ALSO_TYPES.items()}


def _object(rel: Relation) -> tuple[str, str]:
    """The object as an N-Triples term, and as rdflib's n3() (statement IRIs
    are hashes of it)."""
    if rel.literal:
        # `datatype` is an xsd local name; any other than these is xsd:<name>
        dt = _DATATYPES[rel.datatype] if rel.datatype in _DATATYPES else XSD[rel.datatype]
        lit = Literal(writable(rel.obj), datatype=dt)    # rdflib's lexical form
        return _quoteLiteral(lit), lit.n3()
    iri = _iri(entity_iri(rel.obj))
    return iri, iri


def _predicate(rel: Relation) -> str:
    return _iri(OPEN[rel.prop] if rel.open else FILM[rel.prop])


MAX_EVIDENCE = EVIDENCE_PER_DOCUMENT
"""Evidence nodes kept per fact and document (see `kept_evidence`)."""


def kept_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence a fact's statement links to: per document at most
    MAX_EVIDENCE records, each distinct sentence's best one before any
    repeat, the most confident first (then the earliest); all of it when
    there is no more."""
    by_doc: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        by_doc[e.doc_id].append(e)
    if all(len(group) <= MAX_EVIDENCE for group in by_doc.values()):
        return evidence
    kept = []
    for doc in sorted(by_doc):
        group = sorted(by_doc[doc], key=lambda e: (-e.confidence, e.start, e.end, e.rule,
                                                   e.sentence, e.sent_index, e.surface))
        seen: set[str] = set()
        firsts, repeats = [], []
        for e in group:
            (repeats if e.sentence in seen else firsts).append(e)
            seen.add(e.sentence)
        kept.extend((firsts + repeats)[:MAX_EVIDENCE])
    return kept


def relation_rows(rel: Relation) -> tuple[str, int]:
    """N-Triples of one fact (each row with its line end), and how many rows:
    the fact, its reified statement with the confidence of all its evidence,
    and an evidence node per kept source (`kept_evidence`), with the count of
    all of them when some were left out."""
    s, p = _iri(entity_iri(rel.subj)), _predicate(rel)
    o, o_n3 = _object(rel)
    st = _iri(hashed_iri("statement", s[1:-1], p[1:-1], o_n3))
    rows = [f"{s} {p} {o} .",
            f"{st} {_A} {_STATEMENT} .", f"{st} {_SUBJECT} {s} .",
            f"{st} {_PREDICATE} {p} .", f"{st} {_OBJECT} {o} .",
            f'{st} {_F["confidence"]} "{_decimal_text(fact_confidence(rel.evidence))}"{_DECIMAL} .']
    kept = kept_evidence(rel.evidence)
    if len(kept) < len(rel.evidence):
        rows.append(f'{st} {_F["evidenceCount"]} "{len(rel.evidence)}"{_INTEGER} .')
    for e in kept:
        ev = _iri(hashed_iri("evidence", st[1:-1], e.doc_id, str(e.start), str(e.end), e.rule))
        rows += [f"{st} {_DERIVED} {ev} .",
                 f'{ev} {_A} {_F["Evidence"]} .', f"{ev} {_A} {_ENTITY} ."]
        if e.doc_id:
            rows.append(f"{ev} {_QUOTED} {_iri(document_iri(e.doc_id))} .")
        rows += [f'{ev} {_F["sentence"]} {_text(e.sentence)} .',
                 f'{ev} {_F["sentenceIndex"]} "{e.sent_index}"{_INTEGER} .',
                 f'{ev} {_F["startOffset"]} "{e.start}"{_INTEGER} .',
                 f'{ev} {_F["endOffset"]} "{e.end}"{_INTEGER} .',
                 f'{ev} {_F["rule"]} {_text(e.rule)} .',
                 f'{ev} {_F["confidence"]} "{_decimal_text(e.confidence)}"{_DECIMAL} .']
        if e.surface:
            rows.append(f'{ev} {_F["surfaceText"]} {_text(e.surface)} .')
    return "".join(r + "\n" for r in rows), len(rows)


def document_rows(docs: Iterable[Document]) -> str:
    """N-Triples of the document nodes: name, path, kind and film."""
    rows = []
    for doc in docs:
        node = _iri(document_iri(doc.doc_id))
        rows += [f'{node} {_A} {_F["Document"]} .', f"{node} {_A} {_ENTITY} .",
                 *(f"{node} {_A} {t} ." for t in _ALSO["Document"]),
                 f"{node} {_LABEL} {_text(doc.doc_id.rpartition('/')[2])} .",
                 f'{node} {_F["sourcePath"]} {_text(doc.path)} .',
                 f'{node} {_F["documentKind"]} {_text(doc.kind)} .',
                 f'{node} {_F["about"]} {_iri(entity_iri(f"film/{doc.film.key}"))} .']
    return "".join(r + "\n" for r in rows)


def entity_rows(entities: Iterable[Entity]) -> str:
    """N-Triples of entity nodes: class (and the schema.org and Wikidata
    classes it maps to), one label, an altLabel per other name, and the
    identity decisions of each film about it (`decision_rows`)."""
    rows = []
    for e in entities:
        node = _iri(entity_iri(e.key))
        label = writable(e.label)
        rows.append(f"{node} {_A} {_iri(FILM[e.cls])} .")
        rows += [f"{node} {_A} {t} ." for t in _ALSO.get(e.cls, ())]
        rows.append(f"{node} {_LABEL} {_quoted(label)} .")
        for a in sorted(e.aliases):
            if a and writable(a) != label:
                rows.append(f"{node} {_ALT} {_text(a)} .")
        for d in e.decisions:
            rows += decision_rows(node, e.key, d)
    return "".join(r + "\n" for r in rows)


def decision_rows(node: str, key: str, d: Decision) -> list[str]:
    """One film's identity decision about an entity (`film:identity`), or
    about a name its film found to be no entity (`film:rejectedName` of the
    film): the class, the evidence that decided it, and each merged name
    with why it names the entity. `node` is the entity's N-Triples IRI."""
    dn = _iri(hashed_iri("identity", key, d.film, d.name, d.cls))
    rows = [f'{node} {_F["identity" if d.cls else "rejectedName"]} {dn} .',
            f'{dn} {_A} {_F["IdentityDecision"]} .',
            f'{dn} {_F["name"]} {_text(d.name)} .',
            f'{dn} {_F["decidedIn"]} {_iri(entity_iri(f"film/{d.film}"))} .']
    if d.cls:
        rows.append(f'{dn} {_F["decidedClass"]} {_iri(FILM[d.cls])} .')
    rows += [f'{dn} {_F["decidedBy"]} {_text(r)} .' for r in d.reasons]
    for name, why in sorted(d.merged.items()):
        mn = _iri(hashed_iri("identity", key, d.film, d.name, d.cls, "merged", name))
        rows += [f'{dn} {_F["mergedName"]} {mn} .', f'{mn} {_A} {_F["NameMerge"]} .',
                 f'{mn} {_F["name"]} {_text(name)} .', f'{mn} {_F["decidedBy"]} {_text(why)} .']
    return rows


def add_decision(g: Graph, node: URIRef, key: str, d: Decision) -> None:
    """Add `decision_rows` of an entity to an rdflib Graph."""
    g.parse(data="".join(r + "\n" for r in decision_rows(_iri(str(node)), key, d)), format="nt")


def to_graph(entities: dict[str, Entity], relations: Iterable[Relation],
             documents: Iterable[Document], min_confidence: float = 0.0) -> Graph:
    """The knowledge graph: entities that take part in a kept relation, the
    relations at or above `min_confidence`, their provenance and documents."""
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
    rows = []
    for rel in merged.values():
        if fact_confidence(rel.evidence) < min_confidence:
            continue
        entity_object = not rel.literal and not is_document_key(rel.obj)
        if rel.subj not in entities or (entity_object and rel.obj not in entities):
            continue
        rows.append(relation_rows(rel)[0])
        used.add(rel.subj)
        if entity_object:
            used.add(rel.obj)
    rows.append(entity_rows(entities[key] for key in sorted(used)))
    rows.append(document_rows(documents))
    g = Graph()
    bind_prefixes(g)
    g.parse(data="".join(rows), format="nt")
    return g


def nt_rows(triples: Iterable) -> str:
    """N-Triples rows exactly as rdflib's serializer writes them."""
    return "".join(_nt_row(t) for t in triples)


def entity_look(e: Entity) -> tuple:
    """What an entity's rows are made from."""
    return (e.cls, e.label, frozenset(e.aliases),
            tuple(sorted(repr(d.as_list()) for d in e.decisions)))
