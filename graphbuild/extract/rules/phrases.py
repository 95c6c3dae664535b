"""Relations carried by a noun or a phrase rather than a verb:

    'With Jessica's help, Jonah flies to New York'        Jessica helps Jonah
    'On the advice of his friend Jessica, Jonah replies'  Jessica advises Jonah
    "the Joker's assassination attempt on Mayor Garcia"   the Joker attacks Garcia
    'Imhotep engaged in an affair with Anck-su-Namun'     romanticPartnerOf
    'A torrid affair between Nick and Catherine begins'   romanticPartnerOf
    'she is in love with Michael', 'falls in love with'   loves
    'he declares his love for her'                        loves
    'She is engaged to Walter', 'is involved with'        romanticPartnerOf
    'She breaks up with him'                              leaves
    "X saves Y's life", "X comes to Y's rescue"           X rescues Y
    'Ted and Joanna marry', 'A and B become friends'      spouseOf, friendOf
"""

from __future__ import annotations

from typing import Iterator

from graphbuild.extract import cues
from graphbuild.extract.rules.registry import Context, Found, rule
from graphbuild.extract.rules.story import _named, _subjects, hypothetical

CUE_PREPS = frozenset({"with", "on", "at", "upon", "under", "following", "through", "by"})
GAIN_LEMMAS = frozenset({"gain", "enlist", "get", "receive", "accept", "obtain", "secure",
                         "win", "earn"})
"""'She gains the help of Rick': help received, not asked for."""
TIE_NOUNS: dict[str, str] = {
    "affair": "romanticPartnerOf", "romance": "romanticPartnerOf", "fling": "romanticPartnerOf",
    "liaison": "romanticPartnerOf", "relationship": "romanticPartnerOf",
    "engagement": "romanticPartnerOf", "tryst": "romanticPartnerOf",
    "courtship": "romanticPartnerOf", "marriage": "spouseOf", "friendship": "friendOf",
    "rivalry": "enemyOf", "feud": "enemyOf", "partnership": "colleagueOf",
}
"""'an affair with X', 'her marriage to X', 'a friendship with X'."""
NOT_ROMANTIC = frozenset({"working", "professional", "platonic", "business", "father-son",
                          "mother-daughter", "family", "strained", "difficult", "sibling",
                          "friendly", "parental"})
"""'a working relationship with X' is no romance."""
STATE_ADJECTIVES: dict[tuple[str, str], str] = {
    ("engaged", "to"): "romanticPartnerOf", ("involved", "with"): "romanticPartnerOf",
    ("married", "to"): "spouseOf", ("smitten", "with"): "loves",
    ("infatuated", "with"): "loves", ("obsessed", "with"): "loves",
    ("attracted", "to"): "loves", ("friends", "with"): "friendOf",
}
RECIPROCAL: dict[str, str] = {
    "marry": "spouseOf", "wed": "spouseOf", "date": "romanticPartnerOf",
    "befriend": "friendOf",
}
"""'Ted and Joanna marry': the verb with two coordinated subjects and no object."""
BECOME = frozenset({"become", "remain", "be"})
BECOME_NOUNS: dict[str, str] = {"friends": "friendOf", "lovers": "romanticPartnerOf",
                                "partners": "colleagueOf", "enemies": "enemyOf",
                                "rivals": "enemyOf", "spouses": "spouseOf"}


def _clause_verb(ctx: Context, i: int) -> int | None:
    """The verb a prepositional phrase at token i hangs on."""
    toks = ctx.toks
    k = i
    for _ in range(4):
        k = toks[k].head
        if toks[k].pos in ("VERB", "AUX"):
            return k
        if toks[k].head == k:
            return k if toks[k].pos in ("VERB", "AUX") else None
    return None


def _of_or_poss(ctx: Context, noun: int) -> list[int]:
    """Whose is a noun: 'X's help', 'his help', 'the help of X'."""
    out = [c.i for c in ctx.kids(noun, "poss")]
    for p in ctx.kids(noun, "prep"):
        if p.text.lower() == "of":
            out.extend(o.i for o in ctx.kids(p.i, "pobj"))
    return out


def _doers(ctx: Context, v: int) -> list[str]:
    out = []
    for s in _subjects(ctx, v):
        for si in ctx.name_group(s):
            key = _named(ctx, si)
            if key and ctx.cls(key) == "Character":
                out.append((si, key))
    return out


def _blocked(ctx: Context, v: int) -> bool:
    return hypothetical(ctx, v) or any(c.dep == "neg" for c in ctx.kids(v))


@rule("story.help_advice.v1", ("helps", "advises"), 0.75)
def help_advice(ctx: Context) -> Iterator[Found]:
    """'With X's help, Y ...', 'with the help of X', 'On the advice of X,
    Y ...', 'at X's urging', 'Y gains the help of X': X helps or advises Y
    (the doer of the clause)."""
    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if t.pos != "NOUN" or (lemma not in cues.HELP_NOUNS and lemma not in cues.ADVICE_NOUNS
                               and t.text.lower() not in cues.ADVICE_NOUNS):
            continue
        prop = "helps" if lemma in cues.HELP_NOUNS else "advises"
        head = toks[t.head]
        if t.dep == "pobj" and head.text.lower() == "to" and lemma in ("aid", "help"):
            verb = _clause_verb(ctx, head.i)     # "Batman rushes to Dent's aid"
            if verb is None or _blocked(ctx, verb):
                continue
            for g in ctx.kids(t.i, "poss"):
                gk = _named(ctx, g.i)
                for si, sk in _doers(ctx, verb):
                    if gk and sk != gk and ctx.cls(gk) == "Character":
                        yield Found(sk, "helps", gk, min(g.i, si), max(g.i, si))
            continue
        if t.dep == "pobj" and head.text.lower() in CUE_PREPS:
            verb = _clause_verb(ctx, head.i)
        elif t.dep == "dobj" and head.lemma.lower() in GAIN_LEMMAS:
            verb = head.i
        else:
            continue
        if verb is None or _blocked(ctx, verb):
            continue
        givers = [g for g in _of_or_poss(ctx, t.i) for g in ctx.name_group(g)]
        for g in givers:
            gk = _named(ctx, g)
            if not gk or ctx.cls(gk) != "Character":
                continue
            for si, sk in _doers(ctx, verb):
                if sk != gk:
                    yield Found(gk, prop, sk, min(g, si, t.i), max(g, si, t.i))


SAVE_LEMMAS = frozenset({"save", "rescue"})
"""'saves her life': the verbs whose object 'life' is its owner's rescue."""


@rule("story.saves_life.v1", ("rescues",), 0.75)
def saves_life(ctx: Context) -> Iterator[Found]:
    """'X saves Y's life', 'X saves his life', "Y's life is saved by X",
    "X comes to Y's rescue": X rescues Y (not 'tries to save her life')."""
    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        head = toks[t.head]
        if t.pos != "NOUN" or t.head == t.i:
            continue
        if lemma == "life" and head.lemma.lower() in SAVE_LEMMAS and head.pos == "VERB":
            verb = head.i
            if t.dep == "dobj":
                doers = _doers(ctx, verb)
            elif t.dep == "nsubjpass":
                doers = [(o.i, _named(ctx, o.i)) for a in ctx.kids(verb, "agent")
                         for o in ctx.kids(a.i, "pobj")]
                doers = [(i, k) for i, k in doers if k and ctx.cls(k) == "Character"]
            else:
                continue
        elif lemma == "rescue" and t.dep == "pobj" and head.text.lower() == "to":
            verb = _clause_verb(ctx, head.i)      # "comes to her rescue"
            if verb is None:
                continue
            doers = _doers(ctx, verb)
        else:
            continue
        if _blocked(ctx, verb):
            continue
        for g in ctx.kids(t.i, "poss"):
            gk = _named(ctx, g.i)
            if not gk or ctx.cls(gk) != "Character":
                continue
            for si, sk in doers:
                if sk != gk:
                    yield Found(sk, "rescues", gk, min(g.i, si, verb), max(g.i, si, verb))


THERAPY = frozenset({"counseling", "counselling", "therapy", "psychotherapy", "coaching",
                     "tutoring", "mentoring", "treatment"})


@rule("story.sessions_with.v1", ("advises",), 0.7)
def sessions_with(ctx: Context) -> Iterator[Found]:
    """'attends counseling sessions with Dr. X', 'is in therapy with X': X
    advises the one who attends."""
    toks = ctx.toks
    for t in toks:
        words = {t.lemma.lower()} | {c.text.lower() for c in ctx.kids(t.i, "compound", "amod")}
        if t.pos not in ("NOUN", "VERB") or not words & THERAPY:
            continue
        verb = _clause_verb(ctx, t.i) if t.pos == "NOUN" else t.i
        if verb is None or _blocked(ctx, verb):
            continue
        for p in ctx.kids(t.i, "prep"):
            if p.text.lower() != "with":
                continue
            for o in ctx.kids(p.i, "pobj"):
                ok = _named(ctx, o.i)
                if not ok or ctx.cls(ok) != "Character":
                    continue
                for si, sk in _doers(ctx, verb):
                    if sk != ok:
                        yield Found(ok, "advises", sk, min(si, o.i), max(si, o.i))


@rule("story.attack_on.v1", ("attacks",), 0.7)
def attack_on(ctx: Context) -> Iterator[Found]:
    """"the Joker's assassination attempt on Mayor Garcia", "X's attack on
    Y": the possessor attacks the one after 'on' (or whose life it is)."""
    for t in ctx.toks:
        if t.pos != "NOUN" or t.lemma.lower() not in cues.ATTACK_NOUNS:
            continue
        doers = [c.i for c in ctx.kids(t.i, "poss")]
        if not doers and ctx.toks[t.head].lemma.lower() in ("launch", "lead", "stage", "make",
                                                            "mount", "order"):
            doers = _subjects(ctx, t.head)
        targets = []
        for p in ctx.kids(t.i, "prep"):
            if p.text.lower() in ("on", "against"):
                for o in ctx.kids(p.i, "pobj"):
                    if o.lemma.lower() == "life":
                        targets.extend(c.i for c in ctx.kids(o.i, "poss"))
                    else:
                        targets.append(o.i)
        for d in doers:
            dk = _named(ctx, d)
            for o in targets:
                ok = _named(ctx, o)
                if dk and ok and dk != ok and ctx.cls(dk) == "Character" and \
                        ctx.cls(ok) == "Character":
                    yield Found(dk, "attacks", ok, min(d, o, t.i), max(d, o, t.i))


@rule("story.tie_noun.v1", ("romanticPartnerOf", "spouseOf", "friendOf", "enemyOf",
                            "colleagueOf"), 0.75)
def tie_noun(ctx: Context) -> Iterator[Found]:
    """'engaged in an affair with X', 'her relationship with her fiancé
    Walter', 'her marriage to X', 'a torrid affair between A and B': the
    one who has the tie (possessor, or doer of the verb) and X."""
    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if t.pos != "NOUN" or lemma not in TIE_NOUNS:
            continue
        if any(c.text.lower() in NOT_ROMANTIC for c in ctx.kids(t.i, "amod", "compound")):
            continue
        prop = TIE_NOUNS[lemma]
        others: list[int] = []
        between: list[int] = []
        for p in ctx.kids(t.i, "prep"):
            w = p.text.lower()
            if w in ("with", "to") and not (lemma == "marriage" and w == "with"):
                others.extend(o.i for o in ctx.kids(p.i, "pobj"))
            elif w == "between":
                between.extend(o.i for o in ctx.kids(p.i, "pobj"))
        owners: list[tuple[int, str]] = []
        for c in ctx.kids(t.i, "poss"):
            for ci in ctx.name_group(c.i):
                key = _named(ctx, ci)
                if key:
                    owners.append((ci, key))
        if not others and not between and t.dep == "dobj":
            # "X, with whom he has had an affair": the 'with' hangs on the verb
            others = [o.i for p in ctx.kids(t.head, "prep") if p.text.lower() == "with"
                      for o in ctx.kids(p.i, "pobj")]
        if not owners and others:
            verb = _clause_verb(ctx, t.i)
            if verb is not None and not _blocked(ctx, verb) and \
                    toks[verb].lemma.lower() not in ("want", "seek", "end", "refuse", "avoid"):
                owners = _doers(ctx, verb)
        if prop == "romanticPartnerOf" and len([x for o in others for x in ctx.name_group(o)]) > 1:
            others = []     # "his relationship with Irene and Benicio": a family, not a romance
        pairs = []
        for oi, ok in owners:
            for o in others:
                for x in ctx.name_group(o):
                    key = _named(ctx, x)
                    if key and _plain_person(ctx, x, prop):
                        pairs.append(((oi, ok), (x, key)))
        if between:
            group = [x for b in between for x in ctx.name_group(b)]
            keys = [(x, _named(ctx, x)) for x in group]
            keys = [(x, k) for x, k in keys if k]
            if len(keys) == 2:
                pairs.append((keys[0], keys[1]))
        for (ai, ak), (bi, bk) in pairs:
            if ak != bk and ctx.cls(ak) == "Character" and ctx.cls(bk) == "Character":
                yield Found(ak, prop, bk, min(ai, bi, t.i), max(ai, bi, t.i))


def _plain_person(ctx: Context, i: int, prop: str) -> bool:
    """'a relationship with his son' is no romance: the other end must not
    be named by a family noun."""
    from graphbuild.extract import lexicon

    if prop != "romanticPartnerOf":
        return True
    kin = lexicon.kinship(ctx.toks, i)
    return kin is None or kin[0] in ("romanticPartnerOf", "friendOf", "colleagueOf",
                                     "neighborOf")


@rule("story.love_phrase.v1", ("loves",), 0.75)
def love_phrase(ctx: Context) -> Iterator[Found]:
    """'falls in love with X', 'is in love with X', 'declares his love for
    X', 'confesses her love to X', 'her feelings for X', 'has a crush on X'."""
    toks = ctx.toks
    for t in toks:
        if t.pos != "NOUN" or t.lemma.lower() not in cues.LOVE_NOUNS:
            continue
        lovers: list[tuple[int, str]] = []
        loved: list[int] = []
        for p in ctx.kids(t.i, "prep"):
            if p.text.lower() in ("with", "for", "on", "to"):
                loved.extend(o.i for o in ctx.kids(p.i, "pobj"))
        for c in ctx.kids(t.i, "poss"):
            key = _named(ctx, c.i)
            if key:
                lovers.append((c.i, key))
        head = toks[t.head]
        verb = None
        if t.dep == "pobj" and head.text.lower() == "in":       # "in love with"
            verb = _clause_verb(ctx, head.i)
            for p in ctx.kids(head.i, "prep"):
                if p.text.lower() == "with":
                    loved.extend(o.i for o in ctx.kids(p.i, "pobj"))
            if verb is not None:
                for p in ctx.kids(verb, "prep"):
                    if p.text.lower() == "with":
                        loved.extend(o.i for o in ctx.kids(p.i, "pobj"))
        elif t.dep == "dobj":                                     # "declares his love for X"
            verb = head.i
            for p in ctx.kids(head.i, "prep"):
                if p.text.lower() in ("for", "to"):
                    loved.extend(o.i for o in ctx.kids(p.i, "pobj"))
        if verb is not None and _blocked(ctx, verb):
            continue
        if not lovers and verb is not None:
            lovers = _doers(ctx, verb)
        for li, lk in lovers:
            for o in loved:
                for x in ctx.name_group(o):
                    key = _named(ctx, x)
                    if key and key != lk and ctx.cls(lk) == "Character" and \
                            ctx.cls(key) == "Character":
                        yield Found(lk, "loves", key, min(li, x, t.i), max(li, x, t.i))


@rule("story.state_phrase.v1", ("romanticPartnerOf", "spouseOf", "loves", "friendOf",
                                "leaves"), 0.75)
def state_phrase(ctx: Context) -> Iterator[Found]:
    """'X is engaged to Y', 'is involved with Y', 'is married to Y', 'is
    infatuated with Y', 'X breaks up with Y'."""
    toks = ctx.toks
    for t in toks:
        w = t.text.lower()
        preps = ctx.kids(t.i, "prep")
        prop = None
        objs: list[int] = []
        for p in preps:
            key = (w, p.text.lower())
            if key in STATE_ADJECTIVES:
                prop = STATE_ADJECTIVES[key]
                objs = [o.i for o in ctx.kids(p.i, "pobj")]
        if prop is None and t.lemma.lower() == "break" and any(
                c.dep == "prt" and c.text.lower() == "up" for c in ctx.kids(t.i)):
            for p in preps:
                if p.text.lower() == "with":
                    prop, objs = "leaves", [o.i for o in ctx.kids(p.i, "pobj")]
        if prop is None or not objs:
            continue
        verb = t.i if t.pos in ("VERB", "AUX") and t.dep not in ("acomp", "amod") else \
            _clause_verb(ctx, t.i) if t.dep in ("acomp", "attr", "amod", "oprd") else t.i
        if verb is None or _blocked(ctx, verb) or _blocked(ctx, t.i):
            continue
        subjects = [c.i for c in ctx.kids(t.i, "nsubj", "nsubjpass")]
        doers = [(s, _named(ctx, s)) for s in subjects for s in ctx.name_group(s)] \
            if subjects else _doers(ctx, verb)
        for si, sk in doers:
            if not sk or ctx.cls(sk) != "Character":
                continue
            for o in objs:
                for x in ctx.name_group(o):
                    key = _named(ctx, x)
                    if key and key != sk and ctx.cls(key) == "Character":
                        yield Found(sk, prop, key, min(si, x, t.i), max(si, x, t.i))


RECIPROCAL_PRONOUNS = (("each", "other"), ("one", "another"))
"""'each other' and 'one another' (either word may be the head)."""


def _each_other(ctx: Context, i: int) -> bool:
    """Whether token `i` (an object, or a preposition with its object) is
    'each other' or 'one another': the subjects act on one another."""
    toks = ctx.toks
    if toks[i].dep == "prep":
        return any(_each_other(ctx, o.i) for o in ctx.kids(i, "pobj"))
    words = {toks[i].text.lower()} | {c.text.lower() for c in ctx.kids(i)}
    return any(a in words and b in words for a, b in RECIPROCAL_PRONOUNS)


@rule("story.reciprocal.v1", ("spouseOf", "romanticPartnerOf", "friendOf", "colleagueOf",
                              "enemyOf", "loves"), 0.75)
def reciprocal(ctx: Context) -> Iterator[Found]:
    """Two coordinated subjects and a verb without object (or with 'each
    other', 'one another' as its object): 'Ted and Joanna marry', 'A and B
    begin dating each other', 'A and B become friends', 'A and B fall in
    love with each other' (each loves the other)."""
    toks = ctx.toks
    for t in toks:
        if t.pos not in ("VERB", "AUX") or _blocked(ctx, t.i):
            continue
        lemma = t.lemma.lower()
        props: list[str] = []
        if lemma in RECIPROCAL and not any(
                not _each_other(ctx, c.i) for c in ctx.kids(t.i, "dobj")) and not any(
                p.text.lower() in ("to", "with") and not _each_other(ctx, p.i)
                for p in ctx.kids(t.i, "prep")):
            props.append(RECIPROCAL[lemma])
        if lemma in BECOME:
            for a in ctx.kids(t.i, "attr", "acomp", "oprd"):
                if a.text.lower() in BECOME_NOUNS:
                    props.append(BECOME_NOUNS[a.text.lower()])
                elif a.text.lower() == "married":
                    props.append("spouseOf")
        if lemma == "fall" and any(p.text.lower() == "in" and any(
                o.lemma.lower() == "love" and not ctx.kids(o.i, "prep")
                for o in ctx.kids(p.i, "pobj")) for p in ctx.kids(t.i, "prep")) and not any(
                p.text.lower() == "with" and not _each_other(ctx, p.i)
                for p in ctx.kids(t.i, "prep")):
            props.append("loves")
        if lemma == "get" and any(a.text.lower() == "married" for a in ctx.kids(t.i)):
            props.append("spouseOf")
        if not props:
            continue
        subj = [c.i for c in ctx.kids(t.i, "nsubj")]
        if not subj and t.dep == "xcomp":
            subj = [c.i for c in ctx.kids(t.head, "nsubj")]
        if not subj:
            continue
        group = [(x, _named(ctx, x)) for x in ctx.name_group(subj[0])]
        group = [(x, k) for x, k in group if k and ctx.cls(k) == "Character"]
        if len(group) != 2 or group[0][1] == group[1][1]:
            continue
        (ai, ak), (bi, bk) = group
        for prop in props:
            yield Found(ak, prop, bk, min(ai, t.i), max(bi, t.i))
            if prop == "loves":
                yield Found(bk, prop, ak, min(ai, t.i), max(bi, t.i))


PLANNED = frozenset({"will", "'ll", "shall", "wo"})
PLAN_LEMMAS = frozenset({"plan", "intend", "agree", "decide", "prepare", "go", "set"})


def _planned(ctx: Context, v: int) -> bool:
    """'he will marry Kimmy', 'is going to marry', 'plans to marry', 'is to
    marry': a wedding to come."""
    toks = ctx.toks
    if any(c.dep == "aux" and c.text.lower() in PLANNED for c in ctx.kids(v)):
        return True
    t = toks[v]
    if t.dep == "xcomp" and toks[t.head].lemma.lower() in PLAN_LEMMAS | {"be"}:
        return not any(c.dep == "neg" for c in ctx.kids(t.head))
    return False


@rule("story.planned_marriage.v1", ("romanticPartnerOf",), 0.7)
def planned_marriage(ctx: Context) -> Iterator[Found]:
    """'he will marry Kimmy Wallace', 'X plans to marry Y', 'X is to marry
    Y': not married yet, but a couple (the wedding itself is story.verb.v1)."""
    for t in ctx.toks:
        if t.lemma.lower() not in ("marry", "wed") or t.pos != "VERB" or not _planned(ctx, t.i):
            continue
        if any(c.dep == "neg" for c in ctx.kids(t.i)):
            continue
        for si, sk in _doers(ctx, t.i):
            for o in ctx.kids(t.i, "dobj"):
                for x in ctx.name_group(o.i):
                    key = _named(ctx, x)
                    if key and key != sk and ctx.cls(key) == "Character":
                        yield Found(sk, "romanticPartnerOf", key, min(si, x, t.i),
                                    max(si, x, t.i))


@rule("story.divorce.v1", ("spouseOf",), 0.75)
def divorce(ctx: Context) -> Iterator[Found]:
    """'Scarlet is divorcing him', "Scarlet and Mike's divorce": the two
    were married (who leaves whom is story.verb.v1)."""
    toks = ctx.toks
    for t in toks:
        if t.lemma.lower() != "divorce":
            continue
        pairs: list[tuple[tuple[int, str], tuple[int, str]]] = []
        if t.pos == "VERB" and not _blocked(ctx, t.i):
            for si, sk in _doers(ctx, t.i):
                for o in ctx.kids(t.i, "dobj"):
                    ok = _named(ctx, o.i)
                    if ok:
                        pairs.append(((si, sk), (o.i, ok)))
        elif t.pos == "NOUN":
            owners = [(x, _named(ctx, x)) for c in ctx.kids(t.i, "poss")
                      for x in ctx.name_group(c.i)]
            if not owners:       # "Scarlet and Mike's divorce": the 's hangs on the last name
                for c in ctx.kids(t.i, "poss"):
                    for d in ctx.kids(c.i, "conj"):
                        owners.append((d.i, _named(ctx, d.i)))
            owners = [(x, k) for x, k in owners if k]
            if len(owners) == 2:
                pairs.append((owners[0], owners[1]))
        for (ai, ak), (bi, bk) in pairs:
            if ak != bk and ctx.cls(ak) == "Character" and ctx.cls(bk) == "Character":
                yield Found(ak, "spouseOf", bk, min(ai, bi, t.i), max(ai, bi, t.i))
