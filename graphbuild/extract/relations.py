"""Parsed documents + resolved entities -> relations with evidence.

Runs the registered rules (graphbuild.extract.rules) over each document of a film,
adds the facts its metadata states and those that follow from others
(an actor who plays a character is in the cast; every character belongs to
the film), and merges repeats into one relation with all its evidence.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from graphbuild.extract import cues
from graphbuild.extract.describe import describe, kin_maps
from graphbuild.extract.mentioned import mentioned_in
from graphbuild.extract.resolve import Resolution
from graphbuild.extract.rules import get_rules
from graphbuild.extract.rules.metadata import metadata_relations
from graphbuild.extract.rules.registry import Context, Found, Rule
from graphbuild.model import Document, Evidence, FilmInfo, Parsed, Relation, fact_confidence
from graphbuild.rdf.vocab import SYMMETRIC
from graphbuild.read.normalize import quoted

DERIVED_CONFIDENCE = 0.9
LATE_RULES = frozenset({"story.fired.v1", "story.their_child.v1", "story.his_children.v1"})
"""Rules that read facts the others found (employers, spouses)."""


def _evidence(p: Parsed, f: Found, rule: Rule) -> Evidence:
    toks = p.tokens
    s = toks[f.first].sent
    a, b = p.sents[s]
    start = toks[a].idx
    end = toks[b - 1].idx + len(toks[b - 1].text)
    first, last = toks[f.first], toks[f.last]
    # the file's own text of the sentence, never the repaired body's
    o_start, o_end, sentence = quoted(p.doc, start, end, first.idx)
    surface = quoted(p.doc, first.idx, last.idx + len(last.text))[2] if f.open else ""
    conf = f.confidence if f.confidence is not None else rule.confidence
    return Evidence(p.doc.doc_id, sentence, s, o_start, o_end, rule.name,
                    round(conf, 3), surface=surface)


def _canonical(rel: Relation) -> Relation:
    """Symmetric facts are stored once, subject before object."""
    if rel.prop in SYMMETRIC and rel.obj < rel.subj:
        rel.subj, rel.obj = rel.obj, rel.subj
    return rel


def _evidence_key(e: Evidence) -> tuple:
    return e.doc_id, e.sent_index, e.rule, e.start


def merge(relations: Iterable[Relation]) -> list[Relation]:
    """One relation per (subject, property, object), with all its evidence
    (each reading once)."""
    out: dict[tuple, Relation] = {}
    seen: dict[tuple, set[tuple]] = {}
    for r in relations:
        r = _canonical(r)
        key = (r.subj, r.prop, r.obj, r.literal)
        if key in out:
            have, known = out[key], seen[key]
            for e in r.evidence:
                k = _evidence_key(e)
                if k not in known:
                    known.add(k)
                    have.evidence.append(e)
        else:
            out[key] = r
            seen[key] = {_evidence_key(e) for e in r.evidence}
    return [out[k] for k in sorted(out)]


def pronoun_certainty(p: Parsed, res: Resolution, f: Found) -> float:
    """How sure the pronouns a fact rests on are: the product of the
    resolver's certainty for each pronoun in the fact's span that stands for
    its subject or object (1.0 when both ends are named)."""
    doc = p.doc.doc_id
    out = 1.0
    ends = {f.subj} if f.literal else {f.subj, f.obj}
    for i in range(f.first, f.last + 1):
        if (doc, i) in res.refs:
            continue
        key = res.pronouns.get((doc, i))
        if key in ends:
            ends.discard(key)
            out *= res.certainty.get((doc, i), 1.0)
    return out


def _run(p: Parsed, res: Resolution, info: FilmInfo, rules: list[Rule], extra: dict) -> list[Relation]:
    ctx = Context(p, res, info, extra)
    rels = []
    for rule in rules:
        for f in rule.fn(ctx):
            sure = pronoun_certainty(p, res, f)
            if sure < 1.0:
                f.confidence = (f.confidence if f.confidence is not None else rule.confidence) * sure
            rels.append(Relation(f.subj, f.prop, f.obj, [_evidence(p, f, rule)],
                                 literal=f.literal, datatype=f.datatype, open=f.open))
    return rels


def extract(info: FilmInfo, docs: list[Document], parsed: list[Parsed], res: Resolution,
            rule_names: list[str] | None = None) -> list[Relation]:
    """Every relation of one film: metadata, rules over its prose, and facts
    derived from those."""
    rules = get_rules(rule_names)
    late = [r for r in rules if r.name in LATE_RULES]
    early = [r for r in rules if r not in late]
    rels = list(metadata_relations(info, docs, res))
    for p in parsed:
        rels.extend(_run(p, res, info, early, {}))
    # "his wife", "the boy": once kinship is known, descriptions name
    # characters too; read the story verbs again with them.
    described = describe(parsed, res, rels)
    if described:
        res.pronouns.update(described)
        again = [r for r in early if r.name.startswith(("story.", "open."))]
        for p in parsed:
            rels.extend(_run(p, res, info, again, {}))
    # firedFrom needs each character's employer, 'their son' each one's spouse.
    employers = {}
    for r in merge(x for x in rels if x.prop == "employedBy"):
        if res.entities.get(r.obj) and res.entities[r.obj].cls == "Organization":
            employers.setdefault(r.subj, r.obj)
    spouses, children, _ = kin_maps(merge(x for x in rels if x.prop in ("spouseOf", "parentOf")),
                                    res)
    extra = {"employers": employers, "spouses": spouses, "children": children}
    for p in parsed:
        rels.extend(_run(p, res, info, late, extra))
    rels.extend(_derived(rels, res, parsed))
    series = series_of(parsed, res)
    if series is not None:
        rels.extend(_series_facts(rels, res, series))
        # the characters of an episode are the series' characters
        rels = [r for r in rels if not (r.subj == res.film_key and r.prop == "hasCharacter")]
    rels = specific_occupations(one_value(merge(rels), FUNCTIONAL))
    return merge(rels + mentioned_in(rels, res, parsed))   # why each node is there


def specific_occupations(rels: list[Relation]) -> list[Relation]:
    """Of a character's occupations, drop one that another one ends with and
    adds a noun to ('detective' beside 'homicide detective'): the same
    occupation said less precisely. Status words ('former rock star' beside
    'rock star') do not make one more precise."""
    jobs: dict[str, set[str]] = {}
    for r in rels:
        if r.prop == "hasOccupation" and r.literal:
            jobs.setdefault(r.subj, set()).add(r.obj)

    def vaguer(job: str, others: set[str]) -> bool:
        for o in others:
            extra = o[:-len(job)].split() if o != job and o.endswith(" " + job) else []
            if extra and any(w not in cues.OCCUPATION_ADJECTIVES for w in extra):
                return True
        return False

    return [r for r in rels if not (r.prop == "hasOccupation" and r.literal
                                    and vaguer(r.obj, jobs[r.subj]))]


FUNCTIONAL = frozenset({"releaseYear", "imdbId"})
"""Properties a film has one value of."""


def one_value(rels: list[Relation], props: frozenset[str]) -> list[Relation]:
    """Keep one value of each functional property per subject: what the
    metadata states, else the best-supported value (ties: the smallest)."""
    best: dict[tuple[str, str], Relation] = {}
    for r in rels:
        if r.prop not in props:
            continue
        key = (r.subj, r.prop)
        have = best.get(key)
        if have is None or _strength(r) > _strength(have):
            best[key] = r
    return [r for r in rels if r.prop not in props or best[(r.subj, r.prop)] is r]


def _strength(r: Relation) -> tuple:
    from_metadata = any(e.rule.startswith("metadata.") for e in r.evidence)
    return (from_metadata, fact_confidence(r.evidence), [-ord(c) for c in r.obj])


SERIES_PROPS = frozenset({"castMember", "hasCharacter", "countryOfOrigin", "language"})


def series_of(parsed: list[Parsed], res: Resolution) -> str | None:
    """The series a document's film is an episode of ('X is the tenth
    episode of the ninth season of the animated series Family Guy')."""
    for p in parsed:
        if p.doc.kind != "lead" or not p.sents:
            continue
        a, b = p.sents[0]
        toks = p.tokens
        for t in toks[a:b]:
            if t.lemma.lower() != "episode":
                continue
            for j in range(t.i + 1, b):
                key = res.ref(p.doc.doc_id, j)
                if key and key != res.film_key and res.entities[key].cls == "Film":
                    return key
    return None


def _series_facts(rels: list[Relation], res: Resolution, series: str) -> list[Relation]:
    """An episode's cast, characters, country and language are its series' too."""
    out = []
    for r in rels:
        if r.subj == res.film_key and r.prop in SERIES_PROPS:
            ev = [Evidence(e.doc_id, e.sentence, e.sent_index, e.start, e.end,
                           "derived.episode_to_series.v1", round(e.confidence * 0.9, 3))
                  for e in r.evidence]
            out.append(Relation(series, r.prop, r.obj, ev, literal=r.literal,
                                datatype=r.datatype))
    return out


def _derived(rels: list[Relation], res: Resolution, parsed: list[Parsed]) -> list[Relation]:
    """castMember for every actor who plays a character of the film, and
    hasCharacter for every character named in its documents (evidence: the
    first sentence that names it; confidence grows with how often it is named)."""
    out = []
    for r in rels:
        if r.prop == "plays":
            ev = [Evidence(e.doc_id, e.sentence, e.sent_index, e.start, e.end,
                           "derived.cast_from_plays.v1", DERIVED_CONFIDENCE) for e in r.evidence]
            out.append(Relation(res.film_key, "castMember", r.subj, ev))
    counts: Counter[str] = Counter()
    first: dict[str, Evidence] = {}
    for p in parsed:
        doc = p.doc.doc_id
        for t in p.tokens:
            key = res.refs.get((doc, t.i))
            if key is None or res.entities[key].cls != "Character":
                continue
            if t.i > 0 and res.refs.get((doc, t.i - 1)) == key:
                continue
            counts[key] += 1
            if key not in first:
                a, b = p.sents[t.sent]
                start, end = p.tokens[a].idx, p.tokens[b - 1].idx + len(p.tokens[b - 1].text)
                o_start, o_end, sentence = quoted(p.doc, start, end, t.idx)
                first[key] = Evidence(doc, sentence, t.sent, o_start, o_end,
                                      "derived.character_of_film.v1", 0.0)
    for key in sorted(first):
        ev = first[key]
        ev.confidence = round(min(0.95, 0.55 + 0.1 * counts[key]), 3)
        out.append(Relation(res.film_key, "hasCharacter", key, [ev]))
    return out
