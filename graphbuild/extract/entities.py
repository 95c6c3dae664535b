"""The entity stage: what each name of a film is, weighed over all its
documents, with the evidence that decided it.

A name the NER took for a person's may be a character, a real person, a
place ('back to Gotham'), an organization ('the band Infant Sorrow'), a work
('the game Duck Hunt') or no entity at all: a common word ('Shall we?', 'an
ancient Ring'), a thing ('her boat, the Jammy Dodger'). Each mention gives
cues (`mention_cues`): the words around it, the noun it stands for, the verb
it is the subject of, an actor's name in parentheses. The name as a whole
gives a few more (`name_cues`): the same word written in lower case, what
the NER called it elsewhere, the film's title. `weigh` adds the cues up per
class; every cue keeps what was seen, so the decision can say why (`explain`).

Person versus Character (both beings) is weighed by the role cues: '(Tom
Hanks)' after a character is an actor, 'X as Y' makes X the actor and Y
the role, 'directed by X' a person; `resolve` adds what the film's metadata
and documents say.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from graphbuild.extract import lexicon, names
from graphbuild.extract.credit_shapes import another_work_after, declined
from graphbuild.extract.mentions import PERSON_LEMMAS
from graphbuild.model import Parsed, Token

BEING, PERSON, CHARACTER = "being", "Person", "Character"
PLACE, ORGANIZATION, WORK, NONE = "Place", "Organization", "Work", ""
BEINGS = (BEING, PERSON, CHARACTER)

PERSON_NOUNS = frozenset({"director", "actor", "actress", "star", "screenwriter", "producer",
                          "composer", "filmmaker", "cinematographer", "co-star", "showrunner"})
"""Film-credit nouns beside a name. Not 'novelist' or 'writer': characters
of a story are novelists and writers too ("Catherine Tramell, a crime novelist")."""
STORY_LEMMAS = frozenset({"marry", "kill", "murder", "love", "betray", "rescue", "save", "kidnap",
                          "attack", "befriend", "divorce", "seduce", "date", "fall", "escape",
                          "discover", "flee", "meet", "fight", "chase", "confront", "sue"})
STORY_KINDS = frozenset({"plot", "post", "text"})
"""Document kinds that tell the story (where unmarked names are characters)."""
CHARACTER_NOUNS = frozenset({"character", "role", "protagonist", "antagonist", "hero",
                             "heroine", "villain", "persona", "alter ego"})
CREDIT_WORKS = frozenset({"novel", "book", "film", "movie", "screenplay", "script", "novella",
                          "novelette", "memoir", "autobiography", "biography", "adaptation",
                          "performance", "portrayal", "role", "comic", "opera", "musical", "album"})
"""'Tom Clancy's novel', 'Streep's performance': an author's or actor's work."""
STORY_CREDIT_WORKS = frozenset({"performance", "portrayal", "role", "cameo"})
"""The only ones in a plot, where characters write novels and make films too."""
REVIEW_WORKS = frozenset({"story", "play", "series", "poem", "song", "character", "direction"})
"""Works a person makes in a review or lead, but a character owns in a plot
('Sam's story', 'following Walt's directions')."""
STORY_CREDIT_LEMMAS = frozenset({"direct", "produce", "star", "co-star", "portray", "narrate",
                                 "voice", "helm", "screenwrite", "co-write"})
"""Credit verbs that keep their sense in a plot (characters also write, play and edit)."""
CAST_WORDS = frozenset({"cast", "starring", "stars", "star", "featuring", "features", "actors",
                        "co-starring"})
ROLE_WORDS = ("as", "playing", "plays", "played", "portraying", "portrays", "portrayed")
NOT_ROLE_BEFORE_AS = frozenset({"such", "well", "known", "so", "same", "soon", "long", "just"})
"""'such as X', 'known as X': an 'as' that introduces no role."""


@dataclass
class Cue:
    """One piece of evidence about what a name is."""

    cls: str          # BEING, PERSON, CHARACTER, PLACE, ORGANIZATION, WORK or NONE
    weight: float
    why: str          # the kind of evidence, in words
    seen: str = ""    # the words that showed it


@dataclass
class Verdict:
    """What the cues of a name add up to."""

    cls: str                                   # BEING, PLACE, ORGANIZATION, WORK or NONE
    scores: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def _span_text(p: Parsed, a: int, b: int) -> str:
    return p.doc.body[p.tokens[a].idx:p.tokens[b - 1].idx + len(p.tokens[b - 1].text)]


def _root(p: Parsed, span: range) -> Token:
    """The token of a span whose head lies outside it (the last one if none)."""
    for i in span:
        t = p.tokens[i]
        if t.head == t.i or not (span.start <= t.head < span.stop):
            return t
    return p.tokens[span.stop - 1]


def noun_class(word: str) -> str | None:
    """What a common noun beside a name says the name is ('wife' -> a being,
    'town' -> a place, 'band' -> an organization, 'boat' -> no entity)."""
    w = word.lower()
    if (w in lexicon.KINSHIP or w in lexicon.OCCUPATION_HEADS or w in names.BEING_NOUNS
            or w in PERSON_NOUNS or w in CHARACTER_NOUNS):
        return BEING
    if w in names.PLACE_NOUNS:
        return PLACE
    if w in names.GROUP_NOUNS:
        return ORGANIZATION
    if w in names.WORK_NOUNS:
        return WORK
    if w in names.THING_NOUNS:
        return NONE
    return None


def _described_by(p: Parsed, root: Token, span: range) -> tuple[Token, str] | None:
    """The common noun a name is said to be, and how: 'the band X' (before
    it), 'X, a small town' (appositive), 'a corporation named X', 'the city
    of X'."""
    toks = p.tokens
    head = toks[root.head]
    a, b = span.start, span.stop
    s0 = p.sents[toks[a].sent][0]
    if a > s0 and toks[a - 1].text.isalpha() and toks[a - 1].text.islower() and (
            toks[a - 1].pos in ("NOUN", "PROPN") or noun_class(toks[a - 1].text) is not None
            and not (root.head == a - 1 and noun_class(toks[a - 1].text) in (WORK, BEING))):
        return toks[a - 1], f"{toks[a - 1].text} {_span_text(p, a, b)}"   # "bikers bar X"
    if root.dep == "appos" and head.pos == "NOUN" and head.i < a:
        return head, f"{head.text} ... {_span_text(p, a, b)}"
    for c in p.children(root.i):
        if c.dep == "appos" and c.pos == "NOUN" and c.i >= b:
            return c, f"{_span_text(p, a, b)}, ... {c.text}"
    if root.dep == "nsubj" and head.lemma.lower() == "be":    # "X is a thief", "X is a town"
        for c in p.children(head.i):
            if c.dep == "attr" and c.pos == "NOUN" and c.i >= b:
                return c, f"{_span_text(p, a, b)} {head.text} ... {c.text}"
    if root.dep in ("oprd", "xcomp", "attr", "dobj") and head.lemma.lower() in ("name", "call") \
            and head.dep in ("acl", "relcl", "amod") and toks[head.head].pos == "NOUN":
        n = toks[head.head]
        return n, f"{n.text} {head.text} {_span_text(p, a, b)}"
    if root.dep == "pobj" and head.text.lower() == "of" and toks[head.head].pos == "NOUN" \
            and toks[head.head].i < head.i and noun_class(toks[head.head].lemma) in (PLACE, BEING):
        n = toks[head.head]      # "the city of Gotham" (not "the films of X": X made them)
        return n, f"{n.text} of {_span_text(p, a, b)}"
    return None


def _region_at(toks: list[Token], i: int, end: int) -> str | None:
    """A state, province or country named at token i ('Texas', 'New York',
    'France'), capitalized and not the first of a list of names, or None."""
    for n in (2, 1):
        words = [t.text for t in toks[i:min(i + n, end)]]
        if len(words) == n and all(w[:1].isupper() for w in words):
            key = "_".join(w.lower() for w in words)
            after = toks[i + n] if i + n < end else None
            if after is not None and (after.pos == "PROPN" or after.text in (",", "and", "&")):
                continue     # a list of names ('Lisa Lu, France Nuyen, ...')
            if key in names.US_STATES or " ".join(words) in lexicon.COUNTRY_NAMES:
                return " ".join(words)
    return None


def mention_cues(p: Parsed, span: range, names_at: dict[int, object] | None = None) -> list[Cue]:
    """What one mention of a name shows it to be (see the module doc)."""
    toks = p.tokens
    a, b = span.start, span.stop
    s0, s1 = p.sents[toks[a].sent]
    seen = _span_text(p, a, b)
    root = _root(p, span)
    head = toks[root.head]
    cues: list[Cue] = []
    k = a - 1
    while k >= s0 and toks[k].pos == "ADJ":
        k -= 1
    modifier = root.dep == "compound" and head.i >= b     # "a big Jim Carrey fan"
    if k >= s0 and b - a == 1 and toks[k].text.lower() in names.INDEFINITE and not modifier:
        cues.append(Cue(NONE, 2, "a common noun (after an indefinite article)",
                        _span_text(p, k, b)))
    pos = {toks[i].pos for i in span}
    if not pos & {"PROPN", "NOUN"}:
        cues.append(Cue(NONE, 1, f"tagged as a common word ({'/'.join(sorted(pos))})", seen))
    words = [toks[i].text for i in span]
    if any(re.search(r"n['’]t$", w, re.I) for w in words):
        cues.append(Cue(NONE, 10, "a word with n't, not a name", seen))
    # "Tyler, Texas", "Sacramento, California": a place, then its state or country
    region = _region_at(toks, b + 1, s1) if b + 1 < s1 and toks[b].text == "," else None
    if region:
        cues.append(Cue(PLACE, 2, "followed by its state or country", f"{seen}, {region}"))
    # part of a longer name: "Gotham City", "Baker Street", "Valentine's Day"
    if root.dep == "compound" and head.i >= b and head.text[:1].isupper() \
            and head.lemma.lower() in names.PLACE_HEADS:
        cues.append(Cue(PLACE, 1.5, "part of a place's name", f"{seen} {head.text}"))
    if b + 1 < s1 and toks[b].text in ("'s", "’s") and toks[b + 1].text[:1].isupper() \
            and toks[b + 1].pos in ("PROPN", "NOUN") and not (names_at and b + 1 in names_at) \
            and toks[b + 1].text.lower() not in lexicon.KINSHIP:
        cues.append(Cue(NONE, 2, "part of a longer name", f"{seen}'s {toks[b + 1].text}"))
    if root.dep == "compound" and head.i >= b and head.lemma.lower() in (
            "brother", "sister", "family", "twin", "sibling", "clan") and head.tag in ("NNS", "NNPS"):
        cues.append(Cue(NONE, 2, "a family's name, not one person's", f"{seen} {head.text}"))
    if b - a == 1 and a > s0 and toks[a - 1].text.lower() == "the" and not modifier:
        if toks[a].tag == "NNPS" or (seen.endswith("s") and not seen.endswith("ss")):
            cues.append(Cue(ORGANIZATION, 1.5, "a group ('the ...s')", f"the {seen}"))
        else:
            cues.append(Cue(NONE, 0.5, "a thing's name ('the ...')", f"the {seen}"))
    if b - a > 1 and toks[b - 1].text.lower() in names.NAME_HEADS:
        cls = names.NAME_HEADS[toks[b - 1].text.lower()]
        cues.append(Cue(cls, 2, f"named like {'a place' if cls == PLACE else 'an organization'}",
                        seen))
    if b + 2 < s1 and toks[b].text == "(" and toks[b + 2].text == ")" \
            and re.fullmatch(r"[A-Z]{2,6}", toks[b + 1].text):
        cues.append(Cue(ORGANIZATION, 2, "followed by an acronym", f"{seen} ({toks[b + 1].text})"))
    d = a - 1
    while d >= s0 and (toks[d].pos == "ADJ" or toks[d].tag in ("VBN", "VBG")):
        d -= 1
    determined = d >= s0 and (toks[d].pos == "DET" or toks[d].tag == "PRP$")
    if modifier and determined and head.pos in ("NOUN", "PROPN") and head.text.islower() \
            and head.lemma.lower() not in lexicon.KINSHIP and noun_class(head.lemma) is None:
        # "a stuffed Teddy bear", "Rice Krispie treats" (not "the Kramer family")
        w = 2 if head.i == b else 0.5
        cues.append(Cue(NONE, w, "part of a common noun ('... bear')", f"{seen} {head.text}"))
    elif modifier and determined and b < s1 and toks[b].text[:1].isupper() \
            and toks[b].pos in ("NOUN", "PROPN") and not (names_at and b in names_at):
        cues.append(Cue(NONE, 2, "part of a longer name", f"{seen} {toks[b].text}"))  # "Jack Russell Terrier"
    if a >= s0 + 3 and toks[a - 1].text.lower() == "as" and toks[a - 2].text.lower() == "such":
        cls = noun_class(toks[a - 3].lemma)
        if cls is not None and cls != BEING:
            cues.append(Cue(cls, 2, f"an example of '{toks[a - 3].text}'",
                            f"{toks[a - 3].text} such as {seen}"))
    if words[-1].lower() in names.NOT_NAMES and all(
            w.lower().rstrip(".") in lexicon.HONORIFICS for w in words[:-1]):
        cues.append(Cue(NONE, 2, "a word that names no one of a story", seen))
    found = _described_by(p, root, span)
    if found is not None:
        noun, shown = found
        cls = noun_class(noun.lemma) if noun_class(noun.text) is None else noun_class(noun.text)
        if cls is not None:
            what = {BEING: "a being", PLACE: "a place", ORGANIZATION: "an organization",
                    WORK: "a work", NONE: "a thing"}[cls]
            cues.append(Cue(cls, 2, f"called {what} ('{noun.text.lower()}')", shown))
    # "Machu Picchu, Peru", "Greenbow, Alabama": a place and its country or state
    if b + 1 < s1 and toks[b].text == "," and toks[b + 1].ent in ("GPE", "LOC") \
            and toks[b + 1].ent_iob == "B" and not (names_at and b + 1 in names_at):
        e = b + 1
        while e + 1 < s1 and toks[e + 1].ent_iob == "I":
            e += 1
        if e + 1 >= s1 or toks[e + 1].text in (",", ".", ";", ")") or toks[e + 1].pos in ("ADP", "VERB", "CCONJ"):
            cues.append(Cue(PLACE, 2, "followed by its country or state",
                            _span_text(p, a, e + 1)))
    # where it is: "in Greenbow", "back to Gotham" (in a review 'in X' is a film)
    if root.dep == "pobj" and p.doc.kind not in STORY_KINDS and head.text.lower() == "in" \
            and b - a <= 3:
        cues.append(Cue(WORK, 0.5, "a review's 'in ...' (a film?)", f"in {seen}"))
    elif root.dep == "pobj":
        prep = head.text.lower()
        gov_tok = toks[head.head]
        if gov_tok.pos == "ADV" and gov_tok.head != gov_tok.i:    # "delivers him back to X"
            gov_tok = toks[gov_tok.head]
        gov = gov_tok.lemma.lower()
        if prep in names.LOCATIVE_PREPOSITIONS and gov not in names.NOT_LOCATIVE_HEADS:
            cues.append(Cue(PLACE, 1, f"where something is or happens ('{prep} ...')",
                            f"{head.text} {seen}"))
        elif prep in ("to", "from") and gov in names.MOTION_VERBS:
            cues.append(Cue(PLACE, 1, f"where someone goes ('{gov_tok.text} {prep} ...')",
                            f"{gov_tok.text} {head.text} {seen}"))
    # what a being does and has
    if names_at and (root.dep == "conj" and head.i in names_at or any(
            c.dep == "conj" and c.i in names_at for c in p.children(root.i))):
        cues.append(Cue(BEING, 0.5, "listed with names of people", seen))
    if root.dep in ("nsubj", "nsubjpass") and head.lemma.lower() in names.BEING_VERBS:
        cues.append(Cue(BEING, 0.5, "the subject of a verb of beings",
                        f"{seen} ... {head.text}"))
    if root.dep == "dobj" and head.lemma.lower() in names.BEING_OBJECT_VERBS:
        cues.append(Cue(BEING, 0.5, "the object of a verb of beings", f"{head.text} {seen}"))
    if b + 1 < s1 and toks[b].text in ("'s", "’s", "'") \
            and toks[b + 1].text.lower() in names.BEING_POSSESSIONS:
        cues.append(Cue(BEING, 1, "has what beings have", f"{seen}'s {toks[b + 1].text}"))
    first = toks[a].text.lower().rstrip(".")
    before = toks[a - 1].text.lower().rstrip(".") if a > s0 else ""
    if (first in lexicon.HONORIFICS and b - a > 1) or (before in lexicon.HONORIFICS
                                                      and toks[a - 1].text[:1].isupper()):
        cues.append(Cue(BEING, 2, "titled like a person",
                        seen if first in lexicon.HONORIFICS else f"{toks[a - 1].text} {seen}"))
    return cues


def role_cues(p: Parsed, m, span: range, names_at: dict[int, object]) -> list[Cue]:
    """Cues for a real person (PERSON) or a character (CHARACTER) in one
    mention: an actor's credit in parentheses, 'X as Y', 'directed by X',
    'the character X', 'Tom Clancy's novel', verbs of the story."""
    toks = p.tokens
    cues: list[Cue] = []
    after = span.stop
    before = span.start - 1
    seen = _span_text(p, span.start, span.stop)
    story = p.doc.kind in STORY_KINDS
    # "Ted Kramer (Dustin Hoffman)" and "Billy (Justin Henry, Oscar nominee)"
    if after < len(toks) and toks[after].text == "(":
        j = after + 1
        while j < len(toks) and toks[j].text.lower().rstrip(".") in lexicon.HONORIFICS:
            j += 1
        if j in names_at:
            e = j
            while e + 1 < len(toks) and e + 1 in names_at and names_at[e + 1] is names_at[j]:
                e += 1
            cues.append(Cue(CHARACTER, 2, "followed by an actor's name in parentheses",
                            p.doc.body[toks[span.start].idx:toks[e].idx + len(toks[e].text)] + ")"))
    k0 = before
    while k0 >= 0 and before - k0 < 3 and toks[k0].text[:1].isupper() and toks[k0].text != "(":
        k0 -= 1   # "(Sir John Hurt)", "(Bryce Dallas Howard)" tagged from 'Dallas'
    if k0 >= 0 and toks[k0].text != "(":
        k0 = before
    if k0 >= 0 and toks[k0].text == "(" and after < len(toks) and toks[after].text in (")", ",", ";"):
        cues.append(Cue(PERSON, 2, "an actor's name in parentheses", f"({seen})"))
    # "X as Y": X is the actor
    if after < len(toks) and toks[after].text.lower() == "as":
        if any(j in names_at for j in range(after + 1, min(after + 6, len(toks)))):
            cues.append(Cue(PERSON, 2, "an actor (X as Y)", f"{seen} as ..."))
    k = before
    while k >= 0 and toks[k].text[:1].isupper() and toks[k].text.lower().rstrip(".") in lexicon.HONORIFICS:
        k -= 1   # "as Vice Admiral James Greer"
    games = toks[k].text.lower() != "as" and not _person_subject(p, toks[k], names_at) \
        if k >= 0 else False     # one plays games too ('playing Blackjack', 'played Nintendo')
    if games and toks[k].text.lower() in ("play", "plays", "played", "playing"):
        cues.append(Cue(NONE, 1, "a game one plays", f"{toks[k].text} {seen}"))
    root0 = toks[m.token] if 0 <= m.token < len(toks) else toks[span.stop - 1]
    if root0.dep in ("compound", "amod", "nmod") and root0.head >= span.stop:
        games = True             # "as the Norse god Loki": the role is Loki
    comparison = toks[k].text.lower() == "as" and (
        toks[toks[k].head].pos in ("ADJ", "ADV")
        or any(t.text.lower() in ("same", "such", "good", "much") for t in toks[max(k - 3, 0):k])
    ) if k >= 0 else False                               # "in the same league as Carrey"
    elsewhere = another_work_after(p, after, len(toks))   # "Clark Kent in 'Smallville'"
    if k >= 0 and toks[k].text.lower() in ROLE_WORDS and not games and not comparison and not (
            toks[k].text.lower() == "as" and (k > 0 and toks[k - 1].text.lower() in NOT_ROLE_BEFORE_AS
                                              or toks[k].dep == "mark")) \
            and not elsewhere and not declined(p, k):
        cues.append(Cue(CHARACTER, 2, "a role (as/plays Y)", f"{toks[k].text} {seen}"))
    # "won an Oscar for his Ted Kramer": an actor's role
    if k >= 1 and toks[k].text.lower() in ("his", "her") and toks[k - 1].text.lower() == "for" \
            and not story:
        cues.append(Cue(CHARACTER, 2, "a role (for his/her Y)", f"for {toks[k].text} {seen}"))
    root = toks[m.token] if 0 <= m.token < len(toks) else None
    if root is not None:
        head = toks[root.head]
        lemma = head.lemma.lower()
        if lemma in PERSON_LEMMAS and root.dep in ("nsubj", "pobj", "dobj", "conj", "appos") \
                and head.pos in ("VERB", "AUX") and (not story or lemma in STORY_CREDIT_LEMMAS):
            if lemma in ("play", "portray") and root.dep == "dobj":
                if _person_subject(p, head, names_at) and not elsewhere:   # not "play Duck Hunt"
                    cues.append(Cue(CHARACTER, 2, "the role an actor plays", f"{head.text} {seen}"))
            else:
                cues.append(Cue(PERSON, 1, f"the {root.dep} of a film-credit verb",
                                f"{seen} ... {head.text}"))
        if (story or p.doc.kind == "lead") and lemma in STORY_LEMMAS and (
                root.dep in ("nsubj", "nsubjpass")
                or root.dep == "dobj" and lemma in names.BEING_OBJECT_VERBS):
            cues.append(Cue(CHARACTER, 1, "takes a verb of the story", f"{seen} ... {head.text}"))
        if root.dep == "pobj" and head.text.lower() == "by":
            grand = toks[head.head]
            if grand.lemma.lower() in PERSON_LEMMAS:
                cues.append(Cue(PERSON, 2, "a film credit ('directed by')",
                                f"{grand.text} by {seen}"))
        # (in a story an actor, a star or a composer is a character)
        anchor = root
        while anchor.dep in ("conj", "appos") and anchor.head != anchor.i \
                and toks[anchor.head].pos == "PROPN":        # "actors Jai, Swathi, ..."
            anchor = toks[anchor.head]
        nouns = [c for c in p.children(anchor.i) if c.dep == "compound" and c.i < anchor.i]
        if anchor.dep in ("appos", "compound"):
            nouns.append(toks[anchor.head])
        noun = next((x for x in nouns if x.lemma.lower() in PERSON_NOUNS), None)
        if noun is not None and not story:
            cues.append(Cue(PERSON, 2, "called a film-maker or actor", f"{noun.text} ... {seen}"))
        for t in p.children(root.i):
            if t.dep == "appos" and t.lemma.lower() in PERSON_NOUNS and not story:
                cues.append(Cue(PERSON, 2, "called a film-maker or actor", f"{seen}, {t.text}"))
        # "Clancy's character Jack Ryan": the name beside 'character' is one
        if root.dep in ("appos", "compound") and head.lemma.lower() in CHARACTER_NOUNS \
                and head.i < span.start:
            cues.append(Cue(CHARACTER, 3, "called a character", f"{head.text} {seen}"))
        for t in p.children(root.i):
            if t.dep == "appos" and t.lemma.lower() in CHARACTER_NOUNS:
                cues.append(Cue(CHARACTER, 3, "called a character", f"{seen}, {t.text}"))
    if root is not None and not story:
        # "Narain, Innocent and Lena play significant roles"; "opposite Priyamani"
        subj = root
        while subj.dep == "conj" and subj.head != subj.i:
            subj = toks[subj.head]
        verb = toks[subj.head]
        if subj.dep == "nsubj" and verb.lemma.lower() in ("play", "have") and any(
                c.dep == "dobj" and c.lemma.lower() in ("role", "part", "cameo")
                for c in p.children(verb.i)):
            cues.append(Cue(PERSON, 2, "plays a role", f"{seen} ... {verb.text} ... role"))
        if before >= 0 and toks[before].text.lower() in ("opposite", "starring", "co-starring",
                                                         "featuring"):
            cues.append(Cue(PERSON, 1.5, f"named after '{toks[before].text}'",
                            f"{toks[before].text} {seen}"))
    # "stars Tom Hanks, Robin Wright, Mykelti Williamson and ...": one of the cast
    if root is not None and not story:
        listed = [toks[root.head]] if root.dep == "conj" else []
        listed += [c for c in p.children(root.i) if c.dep == "conj"]
        first = root
        while first.dep == "conj" and first.head != first.i:
            first = toks[first.head]
        gov = toks[first.head]
        if any(getattr(names_at.get(t.i), "label", "") == "CAST" for t in listed) or (
                first.i != root.i and gov.text.lower() in CAST_WORDS | {"including", "with"}
                and any(t.text.lower() in CAST_WORDS for t in p.tokens[p.sents[root.sent][0]:root.i])):
            cues.append(Cue(PERSON, 1.5, "listed with the film's cast", seen))
    # "Tom Clancy's novel", "Robeson's character": an author's or actor's work
    if after < len(toks) and toks[after].text in ("'s", "’s", "'"):
        nxt = next((toks[j] for j in range(after + 1, min(after + 4, len(toks)))
                    if toks[j].pos in ("NOUN", "PROPN")), None)
        source = nxt is not None and toks[nxt.head].text.lower() in ("from", "on", "of") and \
            toks[toks[nxt.head].head].lemma.lower() in ("adapt", "base", "inspire", "adaptation")
        # in a plot a character may write a novel, but a film is adapted from an author's
        works = STORY_CREDIT_WORKS if story and not source else CREDIT_WORKS | REVIEW_WORKS
        the = span.start > 0 and toks[span.start - 1].text.lower() == "the"   # "the Ocean's films"
        if nxt is not None and nxt.lemma.lower() in works and not the:
            cues.append(Cue(PERSON, 2, "an author's or actor's work", f"{seen}'s {nxt.text}"))
    return cues


def _person_subject(p: Parsed, verb: Token, names_at: dict) -> bool:
    """Whether the subject of a verb is a name the NER took for a person's
    ('Russell plays Douglas', not 'the Ducks play ...')."""
    if verb.dep in ("acl", "relcl", "appos") and verb.head in names_at:
        return True          # "Jonathan Tucker playing Jeff McIntire"
    if verb.dep in ("advcl", "acl", "xcomp", "conj") and any(
            j in names_at for j in range(max(verb.i - 3, 0), verb.i)):
        return True          # "the attractive Jonathon Tucker, playing Jeff McIntire"
    return any(c.dep in ("nsubj", "nsubjpass") and c.i in names_at for c in p.children(verb.i))


@dataclass
class FilmWords:
    """What a film's documents say about words, for `name_cues`."""

    lower: Counter = field(default_factory=Counter)      # word -> uses in lower case
    capital: Counter = field(default_factory=Counter)
    """Word -> uses capitalized inside a sentence (not first, not after a quote)."""
    common: Counter = field(default_factory=Counter)
    """Capitalized word -> uses as a common noun ('an aspiring Egyptologist')."""
    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    """Normalized name -> NER labels of mentions that are it or end or start with it."""
    longer: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """First word of a name in `labels` -> the longer names it begins."""
    roles: Counter = field(default_factory=Counter)
    """Name -> times credited as a role, whatever the NER called it: 'Peter
    Stormare as Machine', 'Machine (Peter Stormare)'."""

    def is_common(self, word: str) -> bool:
        """Whether the film's documents use a capitalized word as a common
        word too: in lower case, or after 'a'/'an' ('an aspiring Egyptologist')."""
        return bool(self.lower.get(word.lower()) or self.common.get(word))


def film_words(parsed: list[Parsed]) -> FilmWords:
    """Count lower-case words and the NER's labels for names over a film."""
    fw = FilmWords()
    for p in parsed:
        toks = p.tokens
        for t in toks:
            if t.text.isalpha() and t.text.islower():
                fw.lower[t.text] += 1
            elif t.text[:1].isupper() and t.text[1:].islower() and t.i > p.sents[t.sent][0] \
                    and toks[t.i - 1].text not in ('"', "“", "'", "‘", ":", "(", "-", "—"):
                fw.capital[t.text] += 1
                k = t.i - 1
                while k > 0 and (toks[k].pos == "ADJ" or toks[k].tag == "VBG"):
                    k -= 1
                if toks[k].text.lower() in ("a", "an") and not (
                        t.i + 1 < len(toks) and toks[t.i + 1].text[:1].isupper()):
                    fw.common[t.text] += 1
        people = {i for m in p.mentions if m.label in ("PERSON", "CAST")
                  for i in range(m.tok_start, m.tok_end)}
        credited = {i for m in p.mentions if m.label == "CAST" for i in range(m.tok_start, m.tok_end)}
        for m in p.mentions:
            a, b = m.tok_start, m.tok_end
            if a < 0:
                continue
            as_role = a >= 2 and toks[a - 1].text == "as" and toks[a - 1].dep != "mark" \
                and a - 2 in people
            credit = b + 1 < len(toks) and toks[b].text == "(" and b + 1 in credited
            if as_role or credit:
                fw.roles[" ".join(m.text.split())] += 1
        for m in p.mentions:
            if m.label in ("GPE", "LOC", "FAC", "ORG", "NORP", "WORK_OF_ART", "PERSON", "EVENT"):
                words = re.sub(r"^(?:the|The)\s+", "", " ".join(m.text.split()))
                words = re.sub(r"(?:'s|’s)$", "", words)
                fw.labels[words.casefold()][m.label] += 1
    for name in fw.labels:
        parts = name.split()
        if len(parts) > 1:
            fw.longer[parts[0]].append(name)
    for firsts in fw.longer.values():
        firsts.sort()
    return fw


_LABEL_CLASS = {"GPE": (PLACE, 1.0, 3.0, "a place"), "LOC": (PLACE, 1.0, 3.0, "a place"),
                "FAC": (PLACE, 1.0, 3.0, "a place"),
                "ORG": (ORGANIZATION, 0.5, 1.5, "an organization"),
                "NORP": (ORGANIZATION, 0.5, 1.5, "a group"), "WORK_OF_ART": (WORK, 0.5, 1.5, "a work"),
                "EVENT": (NONE, 0.5, 1.5, "an event")}
"""NER label -> (class, weight per mention, most in all). The NER takes many
a character for a group ('Imhotep' as NORP): alone, that never decides."""


def name_cues(name: str, fw: FilmWords, titles: list[str]) -> list[Cue]:
    """Cues from the name as a whole: lower-case uses of the same word, what
    the NER called it elsewhere, being a title of a film."""
    cues: list[Cue] = []
    words = name.split()
    if len(name) > 1 and name.isupper() and not fw.capital.get(name.title()):
        cues.append(Cue(NONE, 10, "only ever in capitals: emphasis or an acronym", name))
    if len(words) == 1:
        # "Hayden High School": "Hayden" names a school
        for other in fw.longer.get(name.casefold(), ()):
            parts = other.split()
            if parts[-1] in names.NAME_HEADS:
                cls = names.NAME_HEADS[parts[-1]]
                cues.append(Cue(cls, 1.5, f"the first word of {'a place' if cls == PLACE else 'an organization'}'s name",
                                other.title()))
                break
    if len(words) == 1 and name.isalpha():
        n, caps = fw.lower.get(name.lower(), 0), fw.capital.get(name, 0)
        if n:
            # against the same word capitalized inside sentences ('Will' is a name too)
            w = min(3.0, float(n)) if not caps else min(2.0, n / caps)
            cues.append(Cue(NONE, round(w, 2), f"written in lower case {n} time(s)", name.lower()))
    if fw.roles.get(name):
        cues.append(Cue(CHARACTER, min(4, 2 * fw.roles[name]), "credited as an actor's role",
                        name))
    for label, n in sorted(fw.labels.get(name.casefold(), {}).items()):
        if label == "PERSON":
            cues.append(Cue(BEING, min(1.5, 0.25 * n), f"the NER took it for a person {n} time(s)",
                            name))
    for label, n in sorted(fw.labels.get(name.casefold(), {}).items()):
        if label in _LABEL_CLASS:
            cls, w, most, what = _LABEL_CLASS[label]
            cues.append(Cue(cls, min(most, w * n), f"the NER took it for {what} {n} time(s)", name))
    # "Gotham City" tagged as a place: "Gotham" is that place's name
    if len(words) == 1:
        for other in fw.longer.get(name.casefold(), ()):
            labels = fw.labels[other]
            if other.split()[-1] in names.PLACE_HEADS \
                    and labels.get("GPE", 0) + labels.get("LOC", 0) + labels.get("FAC", 0):
                cues.append(Cue(PLACE, 1, "names a place with its head noun", other.title()))
                break
    if len(words) > 1 and words[0].lower() not in lexicon.MALE_NAMES | lexicon.FEMALE_NAMES:
        last = fw.labels.get(words[-1].casefold(), {})
        if last.get("GPE", 0) + last.get("LOC", 0) > last.get("PERSON", 0):
            cues.append(Cue(PLACE, 2, "ends with a place's name", name))   # "Victorian London"
    folded = _fold(name)
    for title in titles:
        t = _fold(title)
        rest = t[len(folded) + 1:] if t.startswith(folded + " ") else None
        if folded and (folded == t or rest is not None and (rest.isdigit() or _ROMAN.fullmatch(rest))):
            cues.append(Cue(WORK, 2, "a film's title", title))   # or its sequel's
            break
    if words and words[0].lower() in lexicon.MALE_NAMES | lexicon.FEMALE_NAMES:
        cues.append(Cue(BEING, 1, "a known first name" if len(words) == 1
                        else "starts with a known first name", name))
    return cues


_ROMAN = re.compile(r"[ivx]+")


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def weigh(cues: list[Cue]) -> Verdict:
    """The class the cues argue for most: a being, unless the cues for a
    place, an organization, a work or no entity together outweigh the being
    cues (an actor's credit or a role counting half again) and add up to at
    least 2 (or 0.5 when the only sign of a being is the NER's label, or,
    against almost no sign of a being, half a point more than it); then the
    strongest of those (ties keep the being)."""
    scores: dict[str, float] = Counter()
    the = [c for c in cues if c.why == "a thing's name ('the ...')"]
    cues = [c for c in cues if c not in the] + the[:3]      # "the Joker" is a being too
    # The NER's guesses between a person and a place for a name it does not
    # know ('Yvaine', 'Tristan'): with no word of the text calling it a
    # place or saying where, its place votes count half.
    ner = [c.why.startswith("the NER took it") for c in cues]
    unsure = any(n and c.cls in BEINGS for c, n in zip(cues, ner)) and not any(
        c.cls == PLACE and not n for c, n in zip(cues, ner))
    for c, n in zip(cues, ner):
        # an actor's credit or a role ('Machine (Peter Stormare)') is a being's surest sign
        scores[BEING if c.cls in BEINGS else c.cls] += c.weight * (1.5 if c.cls in (
            PERSON, CHARACTER) else 0.5 if unsure and n and c.cls == PLACE else 1)
    being = scores.get(BEING, 0.0)
    only_ner = all(c.why.startswith("the NER took it") for c in cues if c.cls in BEINGS)
    against = sum(scores.get(cls, 0.0) for cls in (NONE, PLACE, ORGANIZATION, WORK))
    best, top = BEING, 0.0
    if against > being and (against >= 2 or only_ner and against >= 0.5
                            or being < 1 and against >= 0.5 + being):
        # no being: the class with the most evidence among the others
        for cls in (NONE, PLACE, ORGANIZATION, WORK):
            if scores.get(cls, 0.0) > top:
                best, top = cls, scores[cls]
    return Verdict(best, dict(scores), explain(cues, best))


def explain(cues: list[Cue], cls: str, limit: int = 3) -> list[str]:
    """The strongest kinds of evidence for `cls`, each with how often it was
    seen and one example: "an actor's name in parentheses (x2): (Tom Hanks)"."""
    wanted = BEINGS if cls in BEINGS else (cls,)
    total: Counter[str] = Counter()
    count: Counter[str] = Counter()
    example: dict[str, str] = {}
    for c in cues:
        if c.cls in wanted:
            total[c.why] += c.weight
            count[c.why] += 1
            example.setdefault(c.why, c.seen)
    out = []
    for why, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
        times = f" (x{count[why]})" if count[why] > 1 else ""
        shown = " ".join(example[why].split())
        out.append(f"{why}{times}: {shown[:80]}" if shown else why + times)
    return out


def rule_decisions(entities: dict, relations: list, film: str) -> None:
    """Give the entities that rules or metadata made (a genre of the front
    matter, an employer a rule read) and that no decision explains yet one
    that says which fact named them, read by which rule."""
    done: set[str] = set()
    for r in relations:
        for key, side in ((r.subj, "subject"), (None if r.literal else r.obj, "object")):
            e = entities.get(key) if key else None
            if e is None or key in done:
                continue
            done.add(key)
            d = e.decision(film)
            if d.reasons:
                continue
            ev = r.evidence[0]
            shown = " ".join((ev.surface or ev.sentence).split())[:80]
            d.reasons.append(f"the {side} of '{r.prop}' read by {ev.rule}: {shown}")
