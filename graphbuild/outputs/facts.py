"""The entities of a graph and the facts about them, read in one pass.

`file_triples` streams the triples of an RDF file with pyoxigraph's parser,
so a graph of millions of triples never has to become an rdflib Graph;
`graph_triples` gives the same triples of an rdflib Graph. `collect` turns
either into `Facts`: the entities, every fact about them (to another node or
to a literal) with its reified statement's confidence and evidence, the
documents the evidence quotes, and the identity decisions: why each entity
is what it is, and the names a film's documents showed to be no entity.
Decisions are not facts: they are read aside, so no drawing shows them as
nodes or edges. The page and the entity network read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import BNode, Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from graphbuild.errors import GraphLoadError
from graphbuild.outputs.rdf import format_for, graph_file
from graphbuild.rdf.vocab import CLASSES, FILM, GBR, INVERSES, local_name

Triple = tuple[str, str, str, bool]
"""(subject id, predicate IRI, object id or literal value, object is a literal).
A node's id is its IRI, or ``_:`` and its label for a blank node."""

_TYPE, _LABEL, _ALT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED, _CONFIDENCE, _ABOUT = str(PROV.wasDerivedFrom), str(FILM.confidence), str(FILM.about)
_EVIDENCE_FIELDS = {str(PROV.wasQuotedFrom): "document", str(FILM.sentence): "sentence",
                    str(FILM.startOffset): "start", str(FILM.endOffset): "end",
                    str(FILM.rule): "rule"}
# Other literal properties of evidence nodes (sentenceIndex, surfaceText) are
# kept as they come; these types say nothing a reader of the page needs (the
# identity stage's records are read as `Decision`s).
_SKIPPED_TYPES = frozenset({str(RDF.Statement), str(FILM.Evidence), str(PROV.Entity),
                            str(FILM.IdentityDecision), str(FILM.NameMerge)})
_DOCUMENT = str(FILM.Document)
_IDENTITY, _REJECTED = str(FILM.identity), str(FILM.rejectedName)
_DECISION_FIELDS = {str(FILM.name): "name", str(FILM.decidedIn): "film",
                    str(FILM.decidedClass): "cls", str(FILM.decidedBy): "why",
                    str(FILM.mergedName): "merged"}
_CLASS_OF = {str(FILM[c]): c for c in CLASSES}


@dataclass(slots=True)
class Evidence:
    """One place a fact was read: a sentence of a document and where it is."""

    id: str
    document: str
    sentence: str = ""
    start: int | None = None
    end: int | None = None
    rule: str = ""
    confidence: float | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Fact:
    """`subject predicate object`, an entity's fact; `object` is a node id,
    or a literal's value when `literal`."""

    subject: str
    predicate: str
    object: str
    literal: bool
    confidence: float | None = None
    evidence: list[Evidence] = field(default_factory=list)
    statement: str | None = None


@dataclass(slots=True)
class Entity:
    """A node of one of the classes in `vocab.CLASSES`."""

    id: str
    cls: str
    label: str
    alt_labels: list[str]
    types: list[str]


@dataclass(slots=True)
class Document:
    id: str
    label: str
    film: str | None


@dataclass(slots=True)
class NameMerge:
    """Another name merged into an entity, and why it names the entity."""

    name: str
    why: list[str]


@dataclass(slots=True)
class Decision:
    """What one film's documents showed a name to be (`film:IdentityDecision`):
    the class decided (None for a name found to be no entity), the film that
    decided it, the evidence, and the names merged in."""

    id: str
    name: str
    film: str | None
    cls: str | None
    why: list[str]
    merged: list[NameMerge]


@dataclass(slots=True)
class Described:
    """A node an entity points at that is neither an entity nor a document
    (a work a film is based on, a record of how an entity was identified):
    shown with whatever literal properties it has."""

    id: str
    label: str
    types: list[str]
    properties: list[tuple[str, str]]


@dataclass
class Facts:
    """Everything the page and the entity network show of one graph."""

    entities: dict[str, Entity]
    facts: list[Fact]
    documents: dict[str, Document]
    described: dict[str, Described]
    films: list[str] = field(default_factory=list)
    """Film ids, sorted by label (casefolded) then id."""
    members: dict[str, list[str]] = field(default_factory=dict)
    """Node id -> the films (ids, sorted) whose part of the graph it is in."""
    identity: dict[str, list[Decision]] = field(default_factory=dict)
    """Entity id -> its identity decisions (`film:identity`), by film then name."""
    rejected: dict[str, list[Decision]] = field(default_factory=dict)
    """Film id -> the names its documents showed to be no entity (`film:rejectedName`)."""


def node_id(term) -> str:
    """The string id of an rdflib node."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def graph_triples(graph: Graph) -> Iterator[Triple]:
    """The triples of an rdflib Graph as plain strings."""
    for s, p, o in graph:
        if isinstance(o, Literal):
            yield node_id(s), str(p), str(o), True
        else:
            yield node_id(s), str(p), node_id(o), False


def file_triples(path: str | Path) -> Iterator[Triple]:
    """The triples of an RDF file (the format from its extension) or of a
    build's output folder (see `rdf.graph_file`), streamed; the quads of TriG
    or N-Quads lose their graph name."""
    import pyoxigraph as ox

    path = graph_file(path)
    format_for(path)  # an unknown extension is an error that lists the known ones
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    try:
        yield from quad_triples(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError) as e:
        raise GraphLoadError(f"{path} is not valid {fmt.name}: {e}") from e


def quad_triples(quads: Iterable) -> Iterator[Triple]:
    """pyoxigraph quads (or triples) as `Triple`s; graph names are dropped."""
    import pyoxigraph as ox

    literal, blank = ox.Literal, ox.BlankNode
    for q in quads:
        s, o = q.subject, q.object
        sid = f"_:{s.value}" if isinstance(s, blank) else s.value
        if isinstance(o, literal):
            yield sid, q.predicate.value, o.value, True
        else:
            yield sid, q.predicate.value, f"_:{o.value}" if isinstance(o, blank) else o.value, False


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def collect(triples: Iterable[Triple]) -> Facts:
    """Entities, their facts with confidence and evidence, documents and the
    other nodes entities point at, from one pass over `triples`. The result
    depends only on the set of triples, not on their order."""
    types: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    alts: dict[str, list[str]] = defaultdict(list)
    statements: dict[str, list] = defaultdict(lambda: [None, None, None, False])
    derived: dict[str, list[str]] = defaultdict(list)
    confidence: dict[str, str] = {}
    ev_fields: dict[str, dict[str, str]] = defaultdict(dict)
    about: dict[str, str] = {}
    other: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    decided: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    decisions: dict[str, list[str]] = defaultdict(list)
    rejections: dict[str, list[str]] = defaultdict(list)
    for s, p, o, lit in triples:
        if p == _TYPE:
            if o not in _SKIPPED_TYPES:
                types[s].append(o)
        elif p == _LABEL:
            if s not in labels or o < labels[s]:  # one label; the smallest if several
                labels[s] = o
        elif p == _ALT:
            alts[s].append(o)
        elif p == _SUBJECT:
            statements[s][0] = o
        elif p == _PREDICATE:
            statements[s][1] = o
        elif p == _OBJECT:
            statements[s][2:] = [o, lit]
        elif p == _DERIVED:
            derived[s].append(o)
        elif p == _CONFIDENCE:
            confidence[s] = o
        elif p in _EVIDENCE_FIELDS:
            ev_fields[s][_EVIDENCE_FIELDS[p]] = o
        elif p == _ABOUT:
            about[s] = o
        elif p in _DECISION_FIELDS:
            decided[s][_DECISION_FIELDS[p]].append(o)
        elif p == _IDENTITY:
            decisions[s].append(o)
        elif p == _REJECTED:
            rejections[s].append(o)
        else:
            other[s].append((p, o, lit))

    entities: dict[str, Entity] = {}
    documents: dict[str, Document] = {}
    for s in sorted(types):
        kinds = sorted(set(types[s]))
        classes = [_CLASS_OF[t] for t in kinds if t in _CLASS_OF]
        if classes:
            entities[s] = Entity(s, min(classes, key=CLASSES.index),
                                 labels.get(s) or local_name(s), sorted(set(alts.get(s, ()))),
                                 kinds)
        elif _DOCUMENT in kinds:
            documents[s] = Document(s, labels.get(s) or local_name(s), about.get(s))

    evidence: dict[str, Evidence] = {}

    def evidence_of(ev: str) -> Evidence:
        if ev not in evidence:
            f = ev_fields.get(ev, {})
            evidence[ev] = Evidence(
                ev, f.get("document", ""), f.get("sentence", ""), _int(f.get("start")),
                _int(f.get("end")), f.get("rule", ""), _float(confidence.get(ev)),
                sorted((local_name(p), o) for p, o, lit in other.get(ev, ()) if lit))
        return evidence[ev]

    provenance: dict[tuple[str, str, str, bool], tuple[str, float | None, list[Evidence]]] = {}
    for st in sorted(statements):
        s, p, o, lit = statements[st]
        if s is None or p is None or o is None:
            continue
        key = (s, p, o, lit)
        conf = _float(confidence.get(st))
        items = [evidence_of(ev) for ev in sorted(set(derived.get(st, ())))]
        if key in provenance:  # two statements of one triple: keep both's evidence
            first, old_conf, old_items = provenance[key]
            conf = old_conf if conf is None else conf if old_conf is None else max(conf, old_conf)
            items = old_items + [e for e in items if e not in old_items]
            st = first
        provenance[key] = (st, conf, items)

    facts: list[Fact] = []
    described: dict[str, Described] = {}
    for s in entities:
        for p, o, lit in sorted(set(other.get(s, ()))):
            st, conf, items = provenance.get((s, p, o, lit), (None, None, []))
            if conf is None:
                confs = [e.confidence for e in items if e.confidence is not None]
                conf = max(confs) if confs else None
            facts.append(Fact(s, p, o, lit, conf, items, st))
            if not lit and o not in entities and o not in described and o not in documents:
                described[o] = Described(
                    o, labels.get(o) or local_name(o), sorted(set(types.get(o, ()))),
                    sorted((p2, o2) for p2, o2, lit2 in set(other.get(o, ())) if lit2))
    found = Facts(entities, facts, documents, described)
    found.identity = _decisions(decisions, decided, entities)
    found.rejected = _decisions(rejections, decided, entities)
    found.films = sorted((e.id for e in entities.values() if e.cls == "Film"),
                         key=lambda f: (entities[f].label.casefold(), f))
    found.members = film_members(found)
    return found


def _decisions(links: dict[str, list[str]], decided: dict[str, dict[str, list[str]]],
               entities: dict[str, Entity]) -> dict[str, list[Decision]]:
    """Each entity's decisions (the nodes `links` gives it), read from their
    fields; sorted by the deciding film's label, then name and id."""

    def one(field_name: str, node: str) -> str | None:
        values = decided.get(node, {}).get(field_name)
        return min(values) if values else None

    def film_key(d: Decision) -> tuple:
        label = entities[d.film].label.casefold() if d.film in entities else d.film or ""
        return (label, d.film or "", d.name, d.id)

    found: dict[str, list[Decision]] = {}
    for s in sorted(links):
        if s not in entities:
            continue
        items = []
        for dn in sorted(set(links[s])):
            f = decided.get(dn, {})
            cls = one("cls", dn)
            merged = [NameMerge(one("name", m) or local_name(m),
                                sorted(set(decided.get(m, {}).get("why", ()))))
                      for m in sorted(set(f.get("merged", ())))]
            items.append(Decision(dn, one("name", dn) or "", one("film", dn),
                                  local_name(cls) if cls else None, sorted(set(f.get("why", ()))),
                                  sorted(merged, key=lambda m: (m.name, m.why))))
        found[s] = sorted(items, key=film_key)
    return found


def read_facts(source: Graph | str | Path) -> Facts:
    """`collect` over an rdflib Graph or an RDF file."""
    if isinstance(source, Graph):
        return collect(graph_triples(source))
    return collect(file_triples(source))


def film_scope(iri: str, film_slugs: dict[str, str]) -> str | None:
    """The film (id, from `film_slugs`: slug -> id) an IRI is scoped by (``gbr:<kind>/<film-slug>/<slug>``), if any."""
    if not iri.startswith(str(GBR)):
        return None
    parts = iri[len(str(GBR)):].split("/")
    if len(parts) >= 3 and parts[0] != "film":
        return film_slugs.get(parts[1])
    return None


def film_members(facts: Facts) -> dict[str, list[str]]:
    """The films each entity belongs to: the film itself, the nodes it has a
    fact with, the nodes scoped by it (characters), and the nodes those have
    a fact with."""
    films = set(facts.films)
    slugs = {local_name(f): f for f in facts.films}
    members: dict[str, set[str]] = {f: {f} for f in films}
    for nid in facts.entities:
        film = film_scope(nid, slugs)
        if film is not None:
            members[film].add(nid)
    around: dict[str, set[str]] = defaultdict(set)
    for f in facts.facts:
        if f.literal or f.object not in facts.entities:
            continue
        s, o = f.subject, f.object
        around[s].add(o)
        around[o].add(s)
        # characterIn and the like point at the film; treat them as the forward form.
        if local_name(f.predicate) in INVERSES:
            s, o = o, s
        if s in films:
            members[s].add(o)
        if o in films:
            members[o].add(s)
    for film, core in members.items():
        for n in [n for n in core if film_scope(n, slugs) == film]:
            core.update(around.get(n, ()))
    found: dict[str, list[str]] = {n: [] for n in facts.entities}
    for film in sorted(members):
        for n in sorted(members[film]):
            found[n].append(film)
    return found
