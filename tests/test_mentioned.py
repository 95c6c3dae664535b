"""extract/mentioned.py: a node named in passing says which documents name it."""

from __future__ import annotations

from graphbuild.extract.mentioned import RULE, mentioned_in, unlinked
from graphbuild.model import Entity, Evidence, Relation, Resolution
from graphbuild.rdf.iris import document_key
from tests.parsed import make_parsed

# "Ted loves Joanna . It is a sequel to Alpha Film ." (two sentences)
ROWS = [("Ted", "Ted", "PROPN", "nsubj", 1), ("loves", "love", "VERB", "ROOT", 1),
        ("Joanna", "Joanna", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
        ("It", "it", "PRON", "nsubj", 5), ("is", "be", "AUX", "ROOT", 5),
        ("a", "a", "DET", "det", 7), ("sequel", "sequel", "NOUN", "attr", 5),
        ("to", "to", "ADP", "prep", 7), ("Alpha", "Alpha", "PROPN", "compound", 10),
        ("Film", "Film", "PROPN", "pobj", 8), (".", ".", "PUNCT", "punct", 5)]
TED, JOANNA, ALPHA = "character/f/ted", "character/f/joanna", "film/alpha-film"
OWN, LONER = "film/test-film", "character/f/loner"


def _ev() -> list[Evidence]:
    return [Evidence("test-film/plot.txt", "s", 0, 0, 1, "r", 0.9)]


def _setup():
    p = make_parsed(ROWS, sent_starts=(4,))
    res = Resolution(OWN, {k: Entity(k, c, k) for k, c in [
        (OWN, "Film"), (TED, "Character"), (JOANNA, "Character"), (ALPHA, "Film"),
        (LONER, "Character")]})
    for i, key in [(0, TED), (2, JOANNA), (9, ALPHA), (10, ALPHA)]:
        res.refs[(p.doc.doc_id, i)] = key
    rels = [Relation(TED, "loves", JOANNA, _ev()),
            Relation(ALPHA, "releaseYear", "1994", _ev(), literal=True),
            Relation(LONER, "hasOccupation", "pilot", _ev(), literal=True)]
    return p, res, rels


def test_films_and_entities_no_fact_links_need_a_mention():
    _, res, rels = _setup()
    assert unlinked(rels, OWN, {k: e.cls for k, e in res.entities.items()}) == {ALPHA, LONER}


def test_a_film_named_in_passing_is_mentioned_in_its_document_with_the_sentence():
    p, res, rels = _setup()
    [rel] = mentioned_in(rels, res, [p])     # the loner is named nowhere: no document to cite
    assert (rel.subj, rel.prop, rel.obj) == (ALPHA, "mentionedIn", document_key(p.doc.doc_id))
    [ev] = rel.evidence
    assert (ev.rule, ev.sent_index, ev.sentence) == (RULE, 1, "It is a sequel to Alpha Film.")
    assert p.doc.text[ev.start:ev.end] == ev.sentence
