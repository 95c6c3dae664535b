"""Story facts between characters, and between characters and the world of
the story: kinship and social nouns, verbs, workplaces, occupations."""

from __future__ import annotations

from typing import Iterator

from graphbuild.extract import cues, lexicon
from graphbuild.extract.resolve import in_parentheses
from graphbuild.extract.rules.chunks import last_two
from graphbuild.extract.rules.registry import Context, Found, rule

# verb lemma -> (property, preposition that must introduce the object or None,
#                swap: the object is the subject of the fact)
VERB_RELATIONS: dict[str, tuple[str, str | None, bool]] = {
    "advise": ("advises", None, False), "counsel": ("advises", None, False),
    "urge": ("advises", None, False), "encourage": ("advises", None, False),
    "persuade": ("advises", None, False), "convince": ("advises", None, False),
    "coach": ("advises", None, False), "mentor": ("advises", None, False),
    "help": ("helps", None, False), "assist": ("helps", None, False),
    "aid": ("helps", None, False), "support": ("helps", None, False),
    "leave": ("leaves", None, False), "abandon": ("leaves", None, False),
    "desert": ("leaves", None, False), "dump": ("leaves", None, False),
    "divorce": ("leaves", None, False),
    "sue": ("sues", None, False),
    "kill": ("kills", None, False), "murder": ("kills", None, False),
    "slay": ("kills", None, False), "assassinate": ("kills", None, False),
    "strangle": ("kills", None, False), "poison": ("kills", None, False),
    "execute": ("kills", None, False), "behead": ("kills", None, False),
    "attack": ("attacks", None, False), "assault": ("attacks", None, False),
    "beat": ("attacks", None, False), "punch": ("attacks", None, False),
    "stab": ("attacks", None, False), "shoot": ("attacks", None, False),
    "ambush": ("attacks", None, False),
    "torture": ("attacks", None, False), "kidnap": ("attacks", None, False),
    "rescue": ("rescues", None, False), "save": ("rescues", None, False),
    "free": ("rescues", None, False),
    "betray": ("betrays", None, False), "double-cross": ("betrays", None, False),
    "deceive": ("betrays", None, False), "frame": ("betrays", None, False),
    "love": ("loves", None, False), "adore": ("loves", None, False),
    "marry": ("spouseOf", None, False), "wed": ("spouseOf", None, False),
    "befriend": ("friendOf", None, False), "date": ("romanticPartnerOf", None, False),
    "romance": ("romanticPartnerOf", None, False), "seduce": ("romanticPartnerOf", None, False),
    "hire": ("employedBy", None, True), "employ": ("employedBy", None, True),
    "recruit": ("employedBy", None, True),
    "work": ("employedBy", "for", False), "join": ("memberOf", None, False),
    "live": ("livesIn", "in", False), "reside": ("livesIn", "in", False),
    **{lemma: (prop, None, False) for lemma, prop in cues.PROMOTED_VERBS.items()},
}
# Phrasal cues: (verb lemma, particle/preposition) -> property
PHRASAL: dict[tuple[str, str], str] = {
    ("plead", "with"): "advises", ("reason", "with"): "advises", ("side", "with"): "helps",
    ("stand", "by"): "helps", ("look", "after"): "helps", ("care", "for"): "helps",
    ("break", "up"): "leaves", ("turn", "against"): "betrays", ("run", "over"): "attacks",
    ("walk", "on"): "leaves", ("run", "on"): "leaves", ("fall", "with"): "loves",
    ("beat", "up"): "attacks", ("take", "to"): "sues", ("fall", "for"): "loves",
    ("break", "with"): "leaves", ("split", "with"): "leaves", ("work", "for"): "employedBy",
    ("work", "at"): "employedBy", ("work", "with"): "colleagueOf",
    ("engage", "to"): "romanticPartnerOf", ("marry", "to"): "spouseOf", ("wed", "to"): "spouseOf",
}
STATES = frozenset({("engage", "to"), ("marry", "to"), ("wed", "to")})
"""Phrasal cues in the passive that name a state of their subject: 'X is
engaged to Y' (X and Y, not an agent and a patient)."""
NEGATIONS = frozenset({"not", "n't", "never", "no"})
ORG_OBJECT = frozenset({"employedBy", "memberOf", "firedFrom"})
PLACE_OBJECT = frozenset({"livesIn"})


def _subjects(ctx: Context, v: int, depth: int = 0) -> list[int]:
    """Tokens of the doer of verb v: its own subject; for a relative clause
    the noun it modifies; for 'X counseled Y to leave' (object control) Y;
    for '... to leave', gerunds and bare conjuncts, the governing verb's subject."""
    toks = ctx.toks
    t = toks[v]
    # a conjunct shares its head's subject, active or passive: "Mike is
    # transformed back ... and is hired as coach"
    own = [c.i for c in ctx.kids(v, "nsubj")] or (
        [c.i for c in ctx.kids(v, "nsubjpass")] if depth else [])
    if own:
        if toks[own[0]].text.lower() in ("who", "that", "which") and t.dep == "relcl":
            return [described(ctx, t.head)]
        return own
    if depth > 3 or t.head == v:
        return []
    head = toks[t.head]
    if t.dep == "relcl":
        return [described(ctx, t.head)]
    # "Dale, a pilot working for the airline": the name the noun describes
    if t.dep == "acl" and t.tag == "VBG" and head.pos == "NOUN" and described(ctx, head.i) != head.i:
        return [described(ctx, head.i)]
    # "in exchange for Evelyn saving Rick": a gerund on a name is that one's doing
    if t.dep == "acl" and t.tag == "VBG" and ctx.ref(t.head) and head.pos == "PROPN":
        return [t.head]
    if t.dep in ("xcomp", "advcl", "ccomp") and t.dep != "ccomp":
        objs = [c.i for c in ctx.kids(head.i, "dobj")]
        if objs and t.dep == "xcomp" or (objs and t.dep == "advcl" and
                                         any(c.dep == "aux" and c.text == "to" for c in ctx.kids(v))):
            return objs
        return _subjects(ctx, head.i, depth + 1)
    if t.dep in ("conj", "pcomp", "acl") and head.pos in ("VERB", "AUX"):
        return _subjects(ctx, head.i, depth + 1)
    if t.dep == "pcomp" and head.text.lower() in CLAUSE_PREPOSITIONS \
            and toks[head.head].pos in ("VERB", "AUX") and head.head != v:
        # "X murders Y before killing Z": X kills Z, as X does what the clause says
        return _subjects(ctx, head.head, depth + 1)
    if t.dep == "pcomp":
        # "in the process of leaving him": whose process? the object of the verb above
        k = head.head
        for _ in range(3):
            tk = toks[k]
            if tk.dep in ("dobj", "pobj", "nsubj") and ctx.ref(tk.i):
                return [tk.i]
            if tk.dep == "dobj":
                for c in ctx.kids(tk.i, "appos"):
                    return [c.i]
            if tk.pos == "VERB":
                objs = [c.i for c in ctx.kids(tk.i, "dobj")]
                return objs or _subjects(ctx, tk.i, depth + 1)
            k = tk.head
    return []


RELATIVE = frozenset({"who", "whom", "that"})
CLAUSE_PREPOSITIONS = frozenset({"before", "after", "while", "without", "by", "upon",
                                 "since", "despite", "through", "when"})
"""Prepositions whose gerund ('before killing Z') is done by the subject of
the verb they hang on, not by its object."""


def described(ctx: Context, i: int) -> int:
    """The name a common noun describes: 'Hazel, a woman who ...' and 'Dale
    is a pilot working for ...' give the name's token; any other token is
    itself."""
    toks = ctx.toks
    t = toks[i]
    if t.pos != "NOUN" or ctx.ref(i):
        return i
    if t.dep == "appos" and ctx.ref(t.head) and not in_parentheses(toks, t.head):
        return t.head
    if t.dep == "attr" and toks[t.head].lemma.lower() == "be":
        subj = [c.i for c in ctx.kids(t.head, "nsubj") if ctx.ref(c.i)]
        if subj:
            return subj[0]
    return i


def _relative(ctx: Context, i: int) -> str | None:
    """'Dr. Beth Garner, with whom he has had an affair': the entity a
    relative pronoun stands for (the noun its clause describes, or that
    noun's appositive name)."""
    toks = ctx.toks
    k = i
    for _ in range(4):
        k = toks[k].head
        if toks[k].dep == "relcl":
            noun = toks[k].head
            key = ctx.res.refs.get((ctx.parsed.doc.doc_id, noun))
            if key is None and toks[noun].dep == "appos":
                key = ctx.res.refs.get((ctx.parsed.doc.doc_id, toks[noun].head))
            return key
        if toks[k].head == k:
            return None
    return None


def _named(ctx: Context, i: int) -> str | None:
    """The entity at token i, or at its appositive ('his wife Joanna'), or
    that a relative pronoun stands for; not a name inside parentheses, which
    credits the actor."""
    key = ctx.ref(i)
    if key and not in_parentheses(ctx.toks, i):
        return key
    if ctx.toks[i].text.lower() in RELATIVE and ctx.toks[i].tag in ("WP", "WDT"):
        return _relative(ctx, i)
    t = ctx.toks[i]
    # a conjunct of a name ('him and Travis chloroforms Nick', misparsed) is
    # no noun a name of its own describes: only an apposition names it
    deps = ("appos",) if t.dep == "conj" and ctx.ref(t.head) else ("appos", "compound")
    for c in ctx.kids(i, *deps):
        key = ctx.ref(c.i)
        if key and not in_parentheses(ctx.toks, c.i):
            return key
    return None


MODALS = frozenset({"would", "could", "might", "may", "should", "will", "'ll", "wo", "ca"})
INTENT_LEMMAS = frozenset({"try", "attempt", "plan", "threaten", "want", "intend", "hope",
                           "plot", "scheme", "vow", "refuse", "fail", "pretend", "wish",
                           "order", "hire", "conspire", "fear", "dream", "ask", "beg",
                           "implore", "invite", "dare", "challenge", "propose", "offer",
                           "need", "expect", "desire", "seek", "prepare", "decide",
                           "agree", "promise", "swear", "struggle", "send", "dispatch",
                           "summon", "assign", "train", "recruit", "pay", "bribe",
                           "suppose", "mean", "set"})


UNREAL_LEMMAS = frozenset({"dream", "imagine", "fantasize", "fantasise", "hallucinate",
                           "wish", "hope", "fear", "suspect", "pretend", "suggest", "propose",
                           "threaten", "plan", "worry", "wonder", "claim", "lie", "believe"})
"""Verbs whose complement clause did not (or need not) happen: 'she dreams
that he kills her', 'he claims she betrayed him'."""
CONDITIONS = frozenset({"if", "unless", "whether", "lest"})
NEARLY = frozenset({"almost", "nearly", "barely"})


def hypothetical(ctx: Context, v: int) -> bool:
    """'he will kill her', 'she could ditch him', 'plans to kill him',
    'tries to rescue', 'is going to leave', 'if he leaves her', 'she dreams
    that he kills her', 'almost kills him': an intent, a threat, a condition,
    a dream or a near miss, not an event of the story."""
    toks = ctx.toks
    kids = ctx.kids(v)
    if any(c.dep == "aux" and c.text.lower() in MODALS for c in kids):
        return True
    if any(c.dep == "mark" and c.text.lower() in CONDITIONS for c in kids):
        return True
    if any(c.dep == "advmod" and c.text.lower() in NEARLY for c in kids):
        return True
    t = toks[v]
    head = toks[t.head]
    if t.dep == "xcomp" and head.lemma.lower() in INTENT_LEMMAS:
        return True
    # "has been sent to kill him", "summons Chet to help him": a purpose
    if t.dep == "advcl" and head.lemma.lower() in INTENT_LEMMAS and any(
            c.dep == "aux" and c.text.lower() == "to" for c in kids):
        return True
    if t.dep == "xcomp" and head.lemma.lower() == "go" and head.tag == "VBG":
        return True     # "is going to kill"
    if t.dep == "ccomp" and head.lemma.lower() in UNREAL_LEMMAS:
        return True
    # "intends on marrying her", "dreams of killing him"
    if t.dep == "pcomp" and toks[head.head].lemma.lower() in INTENT_LEMMAS | UNREAL_LEMMAS:
        return True
    # the conjunct of a hypothetical verb is hypothetical too ("could ditch him and leave")
    return t.dep == "conj" and head.pos in ("VERB", "AUX") and head.i != v and \
        hypothetical(ctx, head.i)


def _fits(ctx: Context, prop: str, subj: str, obj: str) -> bool:
    s, o = ctx.cls(subj), ctx.cls(obj)
    if subj == obj or s != "Character":
        return False
    if prop == "employedBy":
        return o in ("Organization", "Character")   # a company, or a boss
    if prop in ORG_OBJECT:
        return o == "Organization"                  # one joins a gang, not a person
    if prop in PLACE_OBJECT:
        return o == "Place"
    return o == "Character"


@rule("story.verb.v1", tuple(sorted({p for p, _, _ in VERB_RELATIONS.values()})), 0.75)
def verbs(ctx: Context) -> Iterator[Found]:
    """Subject-verb-object facts: 'she advised Joanna', 'counseled Joanna to
    leave Ted', 'walks out on him', 'X is hired by Y', 'works for the CIA'."""
    toks = ctx.toks
    for t in toks:
        if t.pos not in ("VERB",):
            continue
        lemma = t.lemma.lower()
        kids = ctx.parsed.children(t.i)
        if any(c.dep == "neg" or c.text.lower() in NEGATIONS for c in kids) or hypothetical(ctx, t.i):
            continue
        passive = any(c.dep in ("auxpass", "nsubjpass") for c in kids)
        preps = [c for c in kids if c.dep in ("prep", "prt", "agent")]
        found = []
        if lemma in VERB_RELATIONS:
            prop, need_prep, swap = VERB_RELATIONS[lemma]
            if lemma == "leave" and any(p.text.lower() in ("with", "for", "to") for p in preps):
                continue  # "leave Billy with Ted" entrusts; "leave for Paris" departs
            if need_prep:
                objs = [o.i for p in preps if p.text.lower() == need_prep
                        for o in ctx.kids(p.i, "pobj")]
            else:
                objs = [c.i for c in kids if c.dep == "dobj"]
            found.append((prop, swap, objs))
        for p in preps:
            key = (lemma, p.text.lower())
            if key in PHRASAL:
                objs = [o.i for o in ctx.kids(p.i, "pobj")]
                if p.dep == "prt":
                    objs = [c.i for c in kids if c.dep == "dobj"] + [
                        o.i for q in preps for o in ctx.kids(q.i, "pobj")]
                found.append((PHRASAL[key], False, objs))
        if any(c.text.lower() == "dead" or c.dep == "advmod" and c.text.lower() in (
                "fatally", "mortally") for c in kids) or any(
                o.lemma.lower() == "death" for p in preps if p.text.lower() == "to"
                for o in ctx.kids(p.i, "pobj")):
            # "beats Eddie to death", "shoots them dead", "fatally stabs him"
            found = [("kills" if prop == "attacks" else prop, swap, objs)
                     for prop, swap, objs in found]
        state = passive and any((lemma, p.text.lower()) in STATES for p in preps)
        for prop, swap, objs in found:
            if state:        # the parser may hang the subject on 'is'
                subjects = [c.i for c in kids if c.dep in ("nsubjpass", "nsubj")] + [
                    s.i for a in kids if a.dep == "auxpass" for s in ctx.kids(a.i, "nsubj")]
                objects = objs
            elif passive:
                # "Y was hired by X": agent is the doer
                doers = [o.i for p in preps if p.dep == "agent" for o in ctx.kids(p.i, "pobj")]
                patients = [c.i for c in kids if c.dep == "nsubjpass"]
                subjects, objects = doers, patients
            else:
                subjects, objects = _subjects(ctx, t.i), objs
            if swap:
                subjects, objects = objects, subjects
            for s in subjects:
                for si in ctx.name_group(s):
                    sk = _named(ctx, si)
                    for o in objects:
                        for oi in ctx.name_group(o):
                            ok = _named(ctx, oi)
                            if sk and ok and _fits(ctx, prop, sk, ok):
                                yield Found(sk, prop, ok, min(si, oi, t.i), max(si, oi, t.i))


def _owners(ctx: Context, noun: int) -> list[tuple[int, str]]:
    """Who a kinship noun belongs to: 'his', 'Joanna's', 'Ted and Joanna's',
    'their' (the last two beings named before), 'the wife of X'."""
    toks = ctx.toks
    out = []
    for c in ctx.kids(noun, "poss"):
        w = c.text.lower()
        if w in ("their", "theirs"):
            out.extend(last_two(ctx, c.i))      # a named pair right before it, or none
            continue
        key = ctx.ref(c.i)
        if key:
            out.append((c.i, key))
            # "Ted and Joanna's neighbor": a name coordinated just before
            if c.i >= 2 and toks[c.i - 1].text.lower() in ("and", "&"):
                k2 = ctx.ref(c.i - 2)
                if k2 and k2 != key:
                    out.append((c.i - 2, k2))
    for p in ctx.kids(noun, "prep"):
        if p.text.lower() == "of":
            for o in ctx.kids(p.i, "pobj"):
                key = ctx.ref(o.i)
                if key:
                    out.append((o.i, key))
    return out


def _kin_facts(ctx, prop, direction, owner, named, first, last) -> Iterator[Found]:
    if direction == "named->owner":
        subj, obj = named, owner
    else:
        subj, obj = owner, named
    if prop == "employedBy" and direction == "owner->named":
        subj, obj = owner, named      # "his boss X": he is employed by X
    if prop == "employedBy" and direction == "named->owner":
        subj, obj = named, owner      # "his lawyer X": X is employed by him
    if prop == "advises":
        subj, obj = named, owner      # "her mentor X": X advises her
    if prop == "parentOf" and direction == "owner->named":
        subj, obj = owner, named
    if ctx.cls(subj) == "Character" and ctx.cls(obj) == "Character" and subj != obj:
        yield Found(subj, prop, obj, first, last)


@rule("story.kinship_noun.v1", ("spouseOf", "parentOf", "siblingOf", "relativeOf",
                                "romanticPartnerOf", "friendOf", "neighborOf", "colleagueOf",
                                "enemyOf", "employedBy", "advises", "kills", "attacks",
                                "rescues", "betrays"), 0.85)
def kinship_noun(ctx: Context) -> Iterator[Found]:
    """'his wife Joanna', 'their son Billy', 'Ted and Joanna's neighbor,
    Margaret', 'Joanna Kramer, his wife', 'one of Joanna's confidantes'."""
    toks = ctx.toks
    for t in toks:
        kin = lexicon.kinship(toks, t.i)
        if not kin or t.pos not in ("NOUN", "PROPN"):
            continue
        prop, direction, _ = kin
        owners = _owners(ctx, t.i)
        if not owners:
            continue
        named: list[tuple[int, str]] = []
        for c in ctx.kids(t.i, "appos", "compound"):
            key = ctx.ref(c.i)
            if key and not in_parentheses(ctx.toks, c.i):
                named.append((c.i, key))
        # "X, his wife" / "X, one of Y's confidantes": the noun is X's appositive
        # (a plural noun is not one being: "John and Deborah, their kids")
        n = t
        if n.dep == "pobj" and toks[n.head].text.lower() == "of" and \
                toks[toks[n.head].head].text.lower() == "one":
            n = toks[toks[toks[n.head].head].i]
        if n.dep == "appos" and t.tag not in ("NNS", "NNPS"):
            key = ctx.ref(n.head)
            if key:
                named.append((n.head, key))
        # "X is his wife"
        if t.dep == "attr":
            for s in ctx.kids(t.head, "nsubj"):
                key = _named(ctx, s.i)
                if key:
                    named.append((s.i, key))
        # "... his neighbor Margaret" parsed with the name right after the noun
        if not named and t.i + 1 < len(toks):
            key = ctx.ref(t.i + 1)
            nxt = t.i + 1
            while nxt + 1 < len(toks) and ctx.ref(nxt + 1) == key:
                nxt += 1
            # not the subject of its own verb ("Through their children Mike spends ...")
            if key and toks[t.i + 1].pos == "PROPN" and toks[nxt].dep not in ("nsubj",
                                                                              "nsubjpass"):
                named.append((t.i + 1, key))
        for oi, owner in owners:
            for ni, who in named:
                yield from _kin_facts(ctx, prop, direction, owner, who,
                                      min(oi, ni, t.i), max(oi, ni, t.i))


@rule("story.workplace.v1", ("employedBy",), 0.6)
def workplace(ctx: Context) -> Iterator[Found]:
    """'his agency', "Ted's firm": a character's workplace is an organization
    of the story (named by the noun and its compounds)."""
    toks = ctx.toks
    for t in toks:
        if t.lemma.lower() not in lexicon.WORKPLACES or t.pos != "NOUN":
            continue
        for c in ctx.kids(t.i, "poss"):
            owner = ctx.ref(c.i)
            if not owner or ctx.cls(owner) != "Character":
                continue
            words = [k.text.lower() for k in ctx.kids(t.i, "compound") if k.i < t.i] + [t.text.lower()]
            label = " ".join(words)
            surface = f"{c.text} {t.text}"
            org = ctx.entity("Organization", label, scoped=True, alias=surface)
            yield Found(owner, "employedBy", org, min(c.i, t.i), t.i)


@rule("story.fired.v1", ("firedFrom",), 0.6)
def fired(ctx: Context) -> Iterator[Found]:
    """'Ted was fired', 'Ted getting fired', 'is laid off': fired from the
    employer the document names for him."""
    toks = ctx.toks
    for t in toks:
        if t.lemma.lower() not in ("fire", "sack", "dismiss") and not (
                t.lemma.lower() == "lay" and any(c.text.lower() == "off" for c in ctx.kids(t.i))):
            continue
        passive = any(c.dep in ("auxpass", "nsubjpass") for c in ctx.kids(t.i)) or \
            (t.i > 0 and toks[t.i - 1].lemma.lower() in ("get", "be"))
        if not passive:
            continue
        who = [c.i for c in ctx.kids(t.i, "nsubjpass", "nsubj")]
        if not who and t.i > 0:
            who = [j for j in range(t.i - 1, max(t.i - 3, -1), -1) if ctx.ref(j)][:1]
        for w in who:
            key = ctx.ref(w)
            if not key or ctx.cls(key) != "Character":
                continue
            employer = ctx.extra.get("employers", {}).get(key)
            if employer:
                yield Found(key, "firedFrom", employer, min(w, t.i), max(w, t.i))


@rule("open.verb.v2", (), 0.4)
def open_verbs(ctx: Context) -> Iterator[Found]:
    """Any other verb between two characters ('Ted comforts his son', 'Alex
    hates him'): an open relation named by the verb's lemma. Not the generic
    lemmas (tell, ask, meet, see ...: `cues.GENERIC_OPEN_LEMMAS`), nor a
    hypothetical, negated or planned event, nor a verb whose object is a
    thing or a place."""
    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if t.pos != "VERB" or lemma in VERB_RELATIONS or not t.lemma.isalpha() \
                or lemma in cues.GENERIC_OPEN_LEMMAS:
            continue
        if any(c.dep == "neg" for c in ctx.kids(t.i)) or hypothetical(ctx, t.i):
            continue
        if any((t.lemma.lower(), p.text.lower()) in PHRASAL for p in ctx.kids(t.i, "prep", "prt")):
            continue
        subs = [c.i for c in ctx.kids(t.i, "nsubj")]
        for s in subs:
            sk = _named(ctx, s)
            if not sk or ctx.cls(sk) != "Character":
                continue
            for o in ctx.kids(t.i, "dobj"):
                ok = _named(ctx, o.i)
                if ok and ok != sk and ctx.cls(ok) == "Character":
                    yield Found(sk, lemma, ok, min(s, o.i, t.i), max(s, o.i, t.i), open=True)


@rule("story.member_of.v1", ("memberOf",), 0.7)
def member_of(ctx: Context) -> Iterator[Found]:
    """'X, a member of the Order', 'X is a member of the gang', 'X joins
    the resistance' (organizations only; joining a person is not membership)."""
    toks = ctx.toks
    for t in toks:
        if t.lemma.lower() not in ("member", "agent", "officer", "leader", "soldier", "operative",
                                   "recruit", "employee") or t.pos != "NOUN":
            continue
        orgs = [o.i for p in ctx.kids(t.i, "prep") if p.text.lower() == "of"
                for o in ctx.kids(p.i, "pobj")]
        org_keys = [(o, _named(ctx, o)) for o in orgs]
        org_keys = [(o, k) for o, k in org_keys if k and ctx.cls(k) == "Organization"]
        if not org_keys:
            continue
        who = None
        if t.dep == "appos":
            who = (t.head, _named(ctx, t.head))
        elif t.dep == "attr":
            s = next((c for c in ctx.kids(t.head, "nsubj")), None)
            who = (s.i, _named(ctx, s.i)) if s is not None else None
        if not who or not who[1] or ctx.cls(who[1]) != "Character":
            continue
        prop = "memberOf" if t.lemma.lower() in ("member", "leader", "soldier", "recruit",
                                                 "operative") else "employedBy"
        for o, k in org_keys:
            yield Found(who[1], prop, k, min(who[0], o), max(who[0], o))
