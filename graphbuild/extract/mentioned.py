"""Why a node is in the graph: films named in passing, and entities that no
fact links to another entity, are linked to the documents that name them.

"a stand-alone sequel to The Mask (1994)" makes a Film node with a label and
a year; `film:mentionedIn` ties it to the document (and so to the film) that
names it, with the sentence as evidence, so a reader can tell why it is there.
"""

from __future__ import annotations

from graphbuild.model import Evidence, Parsed, Relation, Resolution
from graphbuild.rdf.iris import document_key, is_document_key
from graphbuild.read.normalize import quoted

RULE = "derived.mentioned_in.v1"
CONFIDENCE = 0.9
"""As sure as the name's resolution: the document does name it."""


def unlinked(rels: list[Relation], film_key: str, classes: dict[str, str]) -> set[str]:
    """Entities of the relations that need a `mentionedIn`: films other than
    the documents' own, and entities no relation links to another entity."""
    linked, named = set(), set()
    for r in rels:
        named.add(r.subj)
        if not r.literal and not is_document_key(r.obj):
            named.add(r.obj)
            if r.subj != r.obj:
                linked.update((r.subj, r.obj))
    return {k for k in named if k != film_key and k in classes
            and (classes[k] == "Film" or k not in linked)}


def mentioned_in(rels: list[Relation], res: Resolution, parsed: list[Parsed]) -> list[Relation]:
    """One `mentionedIn` relation per entity that needs one (`unlinked`) and
    document that names it, with the first sentence that does as evidence."""
    wanted = unlinked(rels, res.film_key, {k: e.cls for k, e in res.entities.items()})
    out: dict[tuple[str, str], Relation] = {}
    for p in parsed:
        doc = p.doc.doc_id
        for t in p.tokens:
            key = res.refs.get((doc, t.i))
            if key not in wanted or (key, doc) in out:
                continue
            a, b = p.sents[t.sent]
            start, end = p.tokens[a].idx, p.tokens[b - 1].idx + len(p.tokens[b - 1].text)
            o_start, o_end, sentence = quoted(p.doc, start, end, t.idx)
            ev = Evidence(doc, sentence, t.sent, o_start, o_end, RULE, CONFIDENCE)
            out[(key, doc)] = Relation(key, "mentionedIn", document_key(doc), [ev])
    return [out[k] for k in sorted(out)]
