"""Pronouns -> the beings they point to, and gender learned from the text."""

from __future__ import annotations

from collections import Counter, defaultdict

from graphbuild.extract import cues, lexicon
from graphbuild.model import Parsed, Resolution


GENDER_NOUNS: dict[str, str] = {
    "man": "m", "woman": "f", "boy": "m", "girl": "f", "lady": "f", "gentleman": "m",
    "guy": "m", "gal": "f", "lad": "m", "lass": "f", "widow": "f", "widower": "m",
    "actress": "f", "waitress": "f", "hostess": "f", "stewardess": "f", "heiress": "f",
    "businessman": "m", "businesswoman": "f", "policeman": "m", "policewoman": "f",
    "king": "m", "queen": "f", "prince": "m", "princess": "f", "nun": "f", "monk": "m",
    "housewife": "f", "bachelor": "m", "spinster": "f", "heroine": "f", "hero": "m",
    "schoolgirl": "f", "schoolboy": "m", "sorceress": "f", "priestess": "f", "duchess": "f",
    "duke": "m", "emperor": "m", "empress": "f", "countess": "f", "baroness": "f",
    "fisherman": "m", "seamstress": "f", "mistress": "f", "ballerina": "f",
}
"""Nouns that describe a being of one gender ('Blanche, a young woman')."""


def learn_gender(parsed: list[Parsed], res: Resolution) -> None:
    """Gender of characters from the nouns that describe them ("his wife
    Joanna", "their son Billy", "X, a young woman", "X is a waitress"), from
    pronouns that follow a lone subject, and by elimination: a pronoun whose
    gender no character of known gender near it has points to the one
    character near it whose gender is unknown. A gender is taken when its
    votes reach two and outnumber the others."""
    tally: dict[str, Counter] = defaultdict(Counter)

    def noun_gender(t) -> str | None:
        kin = lexicon.KINSHIP.get(t.text.lower()) or lexicon.KINSHIP.get(t.lemma.lower())
        if kin and kin[2]:
            return kin[2]
        return GENDER_NOUNS.get(t.text.lower())

    for p in parsed:
        doc = p.doc.doc_id
        for t in p.tokens:
            key = res.refs.get((doc, t.i))
            if not key or res.entities[key].cls != "Character":
                continue
            # "Irene (Carey Mulligan)": an actor's first name tells the gender
            nxt = t.i + 1
            while nxt < len(p.tokens) and res.refs.get((doc, nxt)) == key:
                nxt += 1
            if nxt + 1 < len(p.tokens) and p.tokens[nxt].text == "(":
                actor = res.entities.get(res.refs.get((doc, nxt + 1)) or "")
                if actor is not None and actor.cls == "Person" and actor.gender:
                    tally[key][actor.gender] += 2
            head = p.tokens[t.head]
            g = noun_gender(head)
            if t.dep in ("appos", "compound") and g:
                tally[key][g] += 3
            for c in p.children(t.i):
                g = noun_gender(c)
                if c.dep == "appos" and g:
                    tally[key][g] += 3
            if t.dep == "nsubj":
                for c in p.children(t.head):
                    g = noun_gender(c)
                    if c.dep == "attr" and g:
                        tally[key][g] += 3
                a, b = p.sents[t.sent]
                others = {res.refs.get((doc, j)) for j in range(a, b)} - {None, key}
                chars = [o for o in others if res.entities[o].cls == "Character"]
                # the subject, possessive and reflexive pronouns after a lone
                # subject are its own ("Stu lies to her, saying he ..."), not
                # the object pronouns
                for j in range(t.i + 1, b):
                    u = p.tokens[j]
                    if res.refs.get((doc, j)) not in (None, key) and \
                            res.entities[res.refs[(doc, j)]].cls == "Character":
                        break
                    if chars and not (_possessive(u) and _clause_verb(p.tokens, j) == t.head):
                        continue
                    w = u.text.lower()
                    if u.dep in OBJECT_DEPS and w in ("him", "her"):
                        continue
                    if w in lexicon.MALE_PRONOUNS:
                        tally[key]["m"] += 1
                    elif w in lexicon.FEMALE_PRONOUNS:
                        tally[key]["f"] += 1
    _decide(tally, res)
    for _ in range(2):
        votes: dict[str, Counter] = defaultdict(Counter)
        for p in parsed:
            if p.doc.kind in ("review", "comment"):
                continue
            _eliminate(p, res, votes)
            # a pronoun the resolver gives, with confidence, to a character of
            # unknown gender tells that gender
            for i, (key, certainty) in _resolve(p, res).items():
                if res.entities[key].gender is None and certainty >= CONFIDENT:
                    votes[key][_gender_of(p.tokens[i].text.lower())] += 1
        _decide(votes, res)


def _decide(tally: dict[str, Counter], res: Resolution) -> None:
    for key, c in tally.items():
        e = res.entities[key]
        if e.gender is None and c:
            g, n = c.most_common(1)[0]
            if n >= 2 and n > sum(c.values()) - n:
                e.gender = g


def _eliminate(p: Parsed, res: Resolution, votes: dict[str, Counter]) -> None:
    """Votes from pronouns that only one character near them can be."""
    doc, toks = p.doc.doc_id, p.tokens
    for t in toks:
        w = t.text.lower()
        want = "m" if w in lexicon.MALE_PRONOUNS else "f" if w in lexicon.FEMALE_PRONOUNS else None
        if want is None:
            continue
        near = set()
        for j in range(t.i - 1, -1, -1):
            if toks[j].sent < t.sent - 1:
                break
            key = res.refs.get((doc, j))
            if key and res.entities[key].cls == "Character" and not in_parentheses(toks, j):
                near.add(key)
        unknown = [k for k in near if res.entities[k].gender is None]
        if len(unknown) == 1 and not any(res.entities[k].gender == want for k in near):
            votes[unknown[0]][want] += 1


def in_parentheses(toks, j: int) -> bool:
    """Is token j inside '( ... )' within its sentence (an actor's credit)?"""
    for k in range(j - 1, max(j - 8, -1), -1):
        if toks[k].text == ")" or toks[k].sent != toks[j].sent:
            return False
        if toks[k].text == "(":
            return True
    return False


RECENCY = 100.0
"""Salience of a mention in the current sentence; halved for each sentence back."""
ROLE_WEIGHT: dict[str, float] = {"nsubj": 80, "nsubjpass": 80, "dobj": 50, "dative": 40,
                                 "attr": 40, "pobj": 30, "poss": 30}
"""Grammatical role emphasis (after Lappin and Leass 1994): subjects stay
in focus more than objects, objects more than names inside phrases."""
WINDOW = 3
"""Sentences back that may hold the antecedent."""
PARALLEL = 35.0
"""A subject pronoun prefers the entity last mentioned as a subject."""
OWN_SUBJECT = 60.0
"""'Ted loves his son': a possessive prefers the subject of its own clause."""
GOVERNOR = 40.0
"""A pronoun in a subordinate clause prefers the subject of the clause above
('Billy misses the love he received from his mother')."""
CATAPHORA = 250.0
"""'After his wife dies, Sam moves': a pronoun in a fronted clause names the
subject of the main clause."""
UNKNOWN_GENDER = 0.5
"""A being of unknown gender fits he or she, less well than one known."""
PERSON_IN_STORY = 0.2
"""Real people (cast, crew) are seldom he or she in a plot summary."""
MARGIN = 1.5
"""The best antecedent must be this many times as salient as the next one,
else the pronoun stays unresolved (precision first)."""
CONFIDENT = 0.75
"""Certainty from which a resolved pronoun teaches its antecedent's gender."""
SUBJECT_DEPS = ("nsubj", "nsubjpass")
REFLEXIVE = ("himself", "herself")
OBJECT_DEPS = ("dobj", "dative", "pobj", "iobj")


def _gender_of(w: str) -> str | None:
    if w in lexicon.MALE_PRONOUNS:
        return "m"
    if w in lexicon.FEMALE_PRONOUNS:
        return "f"
    return None


def _possessive(t) -> bool:
    w = t.text.lower()
    return w == "his" and t.dep != "nsubj" or w == "her" and (t.dep == "poss" or t.tag == "PRP$")


def _clause_verb(toks, i: int) -> int:
    """The verb (or root) whose clause token i is in."""
    k = i
    for _ in range(6):
        t = toks[k]
        if t.pos in ("VERB", "AUX") or t.head == k:
            return k
        k = t.head
    return k


def _clause_subjects(p: Parsed, v: int) -> list[int]:
    """Subject tokens of verb v (with their conjuncts): its own, else (a
    conjunct, 'to' infinitive or participle) those of the verb it hangs on:
    'Billy falls and cuts his face', 'Ted refuses to give him up'."""
    toks = p.tokens
    for _ in range(4):
        own = [c.i for c in p.children(v) if c.dep in SUBJECT_DEPS]
        for i in own:        # "Dwayne and Travis assault him": both are subjects
            own.extend(c.i for c in p.children(i) if c.dep == "conj")
        if own or toks[v].dep not in ("conj", "xcomp", "advcl") or toks[v].head == v:
            return own
        if toks[v].dep == "advcl" and toks[v].tag not in ("VBG", "VBN") and not any(
                c.dep == "aux" and c.text.lower() == "to" for c in p.children(v)):
            return own      # "when he pulls": a clause of its own (its subject is a pronoun)
        v = toks[v].head
    return []


def _governing_subjects(p: Parsed, v: int) -> list[int]:
    """Subjects of the clauses above verb v's clause ('Billy misses the love
    he received': Billy), nearest first."""
    toks = p.tokens
    out = []
    for _ in range(4):
        if toks[v].head == v:
            break
        v = toks[v].head
        while toks[v].pos not in ("VERB", "AUX") and toks[v].head != v:
            v = toks[v].head
        out.extend(_clause_subjects(p, v))
    return out


def _subject_ref(p: Parsed, res: Resolution, s: int) -> str | None:
    """Entity of a subject token; for 'who' the noun its clause describes
    ('Billy, the confused little boy who ...': Billy)."""
    doc, toks = p.doc.doc_id, p.tokens
    key = res.ref(doc, s)
    if key or toks[s].text.lower() not in ("who", "that"):
        return key
    verb = toks[toks[s].head]
    if verb.dep != "relcl":
        return None
    noun = toks[verb.head]
    key = res.ref(doc, noun.i)
    if key is None and noun.dep == "appos":
        key = res.ref(doc, noun.head)
    return key


def _fronted(p: Parsed, i: int) -> int | None:
    """If token i sits in a clause or phrase placed before its sentence's
    main subject ('After his wife dies, Sam ...'), that subject's token."""
    toks = p.tokens
    owned = toks[toks[i].head]
    if toks[i].dep == "poss" and owned.lemma.lower() in cues.HELP_NOUNS | cues.ADVICE_NOUNS:
        return None     # "With his help, Alex ...": the helper is someone else
    a, b = p.sents[toks[i].sent]
    root = next((t.i for t in toks[a:b] if t.head == t.i), None)
    if root is None:
        return None
    subj = [c.i for c in p.children(root) if c.dep in SUBJECT_DEPS and c.i > i]
    if not subj:
        return None
    k = i
    for _ in range(12):
        t = toks[k]
        if t.head == root:
            return subj[0] if t.dep in ("advcl", "prep", "npadvmod", "advmod") and k < subj[0] \
                else None
        if t.head == k:
            return None
        k = t.head
    return None


class _Salience:
    """Mentions seen so far in one document. As in Lappin and Leass, an
    entity's salience sums its salience factors (recency, role, not inside a
    phrase), each counted once: at its most recent, least halved value. So
    the topic of a paragraph stays salient, but repeating a name does not
    outweigh a new subject."""

    def __init__(self) -> None:
        self.factors: dict[str, dict[str, int]] = {}   # entity -> factor -> last sentence
        self.last_role: dict[str, str] = {}

    def add(self, sent: int, key: str, dep: str, in_phrase: bool) -> None:
        f = self.factors.setdefault(key, {})
        names = ["recency", dep if dep in ROLE_WEIGHT else ""] + ([] if in_phrase else ["head"])
        for name in names:
            if name:
                f[name] = max(f.get(name, sent), sent)
        self.last_role[key] = dep

    def scores(self, sent: int) -> dict[str, float]:
        """Salience per entity at sentence `sent`."""
        out: dict[str, float] = {}
        for key, f in self.factors.items():
            if f["recency"] < sent - WINDOW:
                continue
            out[key] = sum(_FACTOR[name] * 0.5 ** (sent - s) for name, s in f.items())
        return out


_FACTOR = {"recency": RECENCY, "head": 50.0, **ROLE_WEIGHT}


def _in_phrase(toks, i: int) -> bool:
    """Is token i inside a prepositional phrase ('with his friend X')?"""
    return toks[i].dep == "pobj" or toks[toks[i].head].dep == "pobj"


PERSON_NOUNS: frozenset[str] = frozenset({
    "man", "woman", "boy", "girl", "guy", "lady", "gentleman", "stranger", "person", "kid",
    "child", "teenager", "figure", "victim", "killer", "stranger", "intruder", "attacker",
    "gunman", "hitman", "assassin", "thug", "henchman", "guard", "cop", "officer", "doctor",
    "driver", "owner", "boss", "clerk", "waiter", "waitress", "bartender", "priest",
    "soldier", "prisoner", "inmate", "suspect", "witness", "passenger", "customer",
    "neighbor", "neighbour", "janitor", "nurse", "agent", "detective", "professor",
    "teacher", "student", "reporter", "lawyer", "judge", "psychiatrist", "therapist",
})
"""Common nouns for a being ('the hitman', 'a stranger'): a pronoun may point
to one of them rather than to a named character, so they compete for it."""

_TRACE: list | None = None


def resolve_pronouns(p: Parsed, res: Resolution) -> None:
    """Point he/she/his/him/her to the being it names, precision first
    (`_resolve`); `res.certainty` records how sure each one is."""
    for i, (key, certainty) in _resolve(p, res).items():
        res.pronouns[(p.doc.doc_id, i)] = key
        res.certainty[(p.doc.doc_id, i)] = certainty


def _noun_being(p: Parsed, res: Resolution, t) -> bool:
    """'the hitman', 'a stranger': a singular noun for a being that names no
    character (not 'his wife Maggie', not 'Irene, a former adversary')."""
    if t.pos != "NOUN" or t.tag == "NNS" or t.lemma.lower() not in PERSON_NOUNS | set(
            GENDER_NOUNS):
        return False
    doc = p.doc.doc_id
    if t.dep in ("appos", "attr", "compound") or res.refs.get((doc, t.head)):
        return False
    kids = p.children(t.i)
    if any(res.refs.get((doc, c.i)) for c in kids if c.dep in ("appos", "compound")):
        return False
    return any(c.dep == "det" and c.text.lower() in ("the", "a", "an", "another", "this",
                                                      "that") for c in kids)


def _coordinated_owner(p: Parsed, res: Resolution, i: int) -> str | None:
    """'Sam Baldwin and his son', 'Nick (..) and his partner': the character
    named right before 'and' owns what the possessive at token i names."""
    toks, doc = p.tokens, p.doc.doc_id
    j = i - 1
    if j < 1 or toks[j].text.lower() != "and":
        return None
    j -= 1
    if toks[j].text == ")":
        while j > 0 and toks[j].text != "(" and toks[j].sent == toks[i].sent:
            j -= 1
        j -= 1
    key = res.refs.get((doc, j)) if j >= 0 else None
    e = res.entities.get(key) if key else None
    if e is None or e.cls != "Character":
        return None
    start = j
    while start > 0 and res.refs.get((doc, start - 1)) == key:
        start -= 1
    # "his son Scott and his daughter Kate": both possessives are one owner's
    if start > 0 and toks[start - 1].pos == "NOUN":
        return None
    return key


def _title_gender(p: Parsed, res: Resolution, i: int, key: str) -> str | None:
    """The gender a title before the name ending at token i says ('Mr.')."""
    j = i
    while j > 0 and res.refs.get((p.doc.doc_id, j - 1)) == key:
        j -= 1
    if j == 0:
        return None
    w = p.tokens[j - 1].text.lower().rstrip(".")
    return lexicon.HONORIFICS.get(w) if p.tokens[j - 1].text[:1].isupper() else None


def _unknown_name(p: Parsed, res: Resolution, t) -> bool:
    """A proper noun subject or object that no entity holds."""
    if t.pos != "PROPN" or not t.text[:1].isupper() or t.dep not in SUBJECT_DEPS + OBJECT_DEPS:
        return False
    if t.ent and t.ent not in ("PERSON", "NORP", "ORG"):
        return False
    doc = p.doc.doc_id
    return not any(res.refs.get((doc, c.i)) for c in p.children(t.i)) and \
        not in_parentheses(p.tokens, t.i)


def _first_name_gender(name: str) -> str | None:
    w = name.lower()
    if w in lexicon.MALE_NAMES and w not in lexicon.FEMALE_NAMES:
        return "m"
    if w in lexicon.FEMALE_NAMES and w not in lexicon.MALE_NAMES:
        return "f"
    return None


def _resolve(p: Parsed, res: Resolution) -> dict[int, tuple[str, float]]:
    """Token -> (entity, certainty) for the he/she pronouns of one document.

    Each named mention adds salience to its entity (recency, halved per
    sentence; grammatical role; not inside a phrase), and a resolved pronoun
    adds to its antecedent's, so the topic of a paragraph stays salient. A
    pronoun takes the most salient entity of its gender (unknown gender fits
    at half weight), with a subject preferring the last subject, a
    possessive its own clause's subject, a pronoun in a fronted clause the
    main clause's subject, an emphatic 'himself' the name before it, and an
    object pronoun never its own verb's subject. Beings named by common
    nouns ('the hitman') compete too: when one wins, or the runner-up is
    within MARGIN of the best, the pronoun stays unresolved; otherwise the
    certainty is best / (best + runner-up).
    """
    doc = p.doc.doc_id
    toks = p.tokens
    story = p.doc.kind not in ("lead", "review")
    sal = _Salience()
    out: dict[int, tuple[str, float]] = {}
    noun_gender: dict[str, str | None] = {}
    last_name_end: dict[str, int] = {}
    for t in toks:
        key = res.refs.get((doc, t.i))
        if key is not None:
            e = res.entities.get(key)
            span_end = t.i + 1 >= len(toks) or res.refs.get((doc, t.i + 1)) != key
            if e is not None and e.cls in ("Character", "Person") and span_end \
                    and not in_parentheses(toks, t.i):
                said = _title_gender(p, res, t.i, key)
                if said and e.gender and said != e.gender:
                    # "Mr. Dashwood" linked to a woman: this mention is someone else
                    key = f"_name/{t.text}"
                    noun_gender[key] = said
                sal.add(t.sent, key, t.dep, _in_phrase(toks, t.i))
                last_name_end[key] = t.i
            continue
        if _noun_being(p, res, t):
            nk = f"_noun/{t.i}"
            noun_gender[nk] = GENDER_NOUNS.get(t.lemma.lower())
            sal.add(t.sent, nk, t.dep, _in_phrase(toks, t.i))
            continue
        if _unknown_name(p, res, t):
            # a name no entity holds ('Dent' where the NER missed it) may be
            # the antecedent: it competes, so the pronoun is not given to another
            nk = f"_name/{t.text}"
            noun_gender[nk] = _first_name_gender(t.text)
            sal.add(t.sent, nk, t.dep, _in_phrase(toks, t.i))
            continue
        w = t.text.lower()
        want = _gender_of(w)
        if want is None:
            continue
        prev = res.refs.get((doc, t.i - 1)) if t.i else None
        if w in REFLEXIVE and prev and res.entities[prev].gender in (want, None) \
                and res.entities[prev].cls == "Character":
            out[t.i] = (prev, 1.0)          # "the Driver himself"
            continue
        pair = _coordinated_owner(p, res, t.i) if _possessive(t) else None
        if pair and res.entities[pair].gender in (want, None):
            out[t.i] = (pair, 1.0)          # "Mac Carter and his little brother"
            sal.add(t.sent, pair, t.dep, _in_phrase(toks, t.i))
            continue
        scores, last_role = sal.scores(t.sent), sal.last_role
        poss = _possessive(t)
        verb = _clause_verb(toks, t.i)
        own_subjects = {_subject_ref(p, res, s) for s in _clause_subjects(p, verb)
                        if s < t.i} - {None}
        governors = [_subject_ref(p, res, s) for s in _governing_subjects(p, verb) if s < t.i]
        banned: set[str] = set()
        if w in REFLEXIVE:
            scores = {k: v for k, v in scores.items() if k in own_subjects} or scores
        elif not poss and t.dep in OBJECT_DEPS:
            banned = own_subjects        # "Ted sees him": not Ted
        cands: dict[str, float] = {}
        for k, v in scores.items():
            if k in noun_gender:
                gender, cls = noun_gender[k], "Character"
            else:
                gender, cls = res.entities[k].gender, res.entities[k].cls
            if k in banned or (gender and gender != want) or cls not in ("Character", "Person"):
                continue
            if gender is None:
                v *= UNKNOWN_GENDER
            if cls == "Person" and story:
                v *= PERSON_IN_STORY
            if t.dep in SUBJECT_DEPS and last_role.get(k) in SUBJECT_DEPS:
                v += PARALLEL
            if poss and k in own_subjects:
                v += OWN_SUBJECT
            elif not own_subjects and k in governors[:1]:
                v += GOVERNOR
            cands[k] = v
        front = _fronted(p, t.i)
        if front is not None:
            k = res.refs.get((doc, front))
            e = res.entities.get(k) if k else None
            same_sentence = [c for c in cands if last_name_end.get(c, -1) >= p.sents[t.sent][0]]
            if e is not None and e.gender == want and not same_sentence:
                if e.cls != "Character":
                    continue    # the main subject it most likely names is no character
                cands[k] = cands.get(k, 0.0) + CATAPHORA
        if not cands:
            continue
        if _TRACE is not None:
            _TRACE.append((doc, t.i, dict(cands)))
        ranked = sorted(cands.items(), key=lambda kv: (-kv[1], kv[0]))
        best, score = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        if best in noun_gender:
            sal.add(t.sent, best, t.dep, _in_phrase(toks, t.i))
            continue
        if runner and score < MARGIN * runner:
            continue
        out[t.i] = (best, round(score / (score + runner), 3))
        sal.add(t.sent, best, t.dep, _in_phrase(toks, t.i))
    return out
