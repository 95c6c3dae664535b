"""What characters do and where they belong: occupations, employers and
groups, read from the shapes plot summaries use for them.

    'Sam Baldwin, a Chicago architect'         hasOccupation "architect"
    'homicide detective Nick Curran'           hasOccupation "homicide detective"
    'the new district attorney, Harvey Dent'   hasOccupation "district attorney"
    'Evelyn is a former jazz singer'           hasOccupation "former jazz singer"
    'is hired as the housekeeper for John'     hasOccupation, employedBy John
    'Coleman Reese, an accountant at Wayne Enterprises'      employedBy
    'Mob bosses Sal Maroni, Gambol and the Chechen'          memberOf "mob"
    'Stan, the captain of the basketball team'               memberOf
    'the Medjai, led by the warrior Ardeth Bay'              memberOf

The patterns read chunks (names, '(Actor)' credits, words), so a credit or a
long apposition between a name and its noun does not break them.
"""

from __future__ import annotations

from typing import Iterator

from graphbuild.extract import cues, lexicon
from graphbuild.extract.resolve import in_parentheses
from graphbuild.extract.rules.chunks import Chunk, chunks, name_list, skip_paren
from graphbuild.extract.rules.registry import Context, Found, rule
from graphbuild.model import Token

NAMED = frozenset({"PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "EVENT", "WORK_OF_ART",
                   "FILM", "CAST", "DATE", "CARDINAL", "ORDINAL", "QUANTITY"})
"""Entity labels whose tokens are no part of an occupation ('a Chicago
architect' is an architect)."""
BOUNDARY = frozenset({",", ".", ";", ":", "who", "whom", "whose", "that", "which", "at",
                      "for", "with", "of", "in", "from", "and", "named", "called", "turned",
                      "on", "to", "by", "whom", "he", "she", "they", "'", '"', "—", "–", "-",
                      "working", "living", "based", "now", "is", "was", "has", "had"})
"""Words that may follow an occupation noun that ends its phrase."""
COPULAS = frozenset({"is", "was", "becomes", "became", "remains", "remained", "'s"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
DETERMINERS = frozenset({"a", "an", "the", "another"})
EMPLOYER_PREPS = frozenset({"at", "for", "with", "of"})
APPOINT = frozenset({"appoint", "name", "elect", "promote", "make", "hire"})
"""Verbs whose object complement is the post given ('is appointed director')."""
HIRE_AS = frozenset({"hire", "employ", "appoint", "elect", "recruit", "work", "serve",
                     "promote", "name", "job", "position", "post", "career", "become"})


def _is_head(t: Token) -> bool:
    w, lemma = t.text.lower(), t.lemma.lower()
    if t.pos not in ("NOUN", "PROPN") or t.ent in ("PERSON", "GPE", "LOC", "ORG", "FAC"):
        return False
    return w in cues.OCCUPATIONS or lemma in cues.OCCUPATIONS or _hyphened(t) in cues.OCCUPATIONS


def _hyphened(t: Token) -> str:
    return t.lemma.lower().replace(" ", "")


def _subject_characters(ctx: Context, verb: int) -> Iterator[tuple[int, str]]:
    """(token, key) of each Character that is a subject of `verb`, one for
    each name of a coordinated subject ('Ted and Joanna move to ...')."""
    from graphbuild.extract.rules.story import _named, _subjects

    for s in _subjects(ctx, verb):
        for si in ctx.name_group(s):
            key = _named(ctx, si)
            if key and ctx.cls(key) == "Character":
                yield si, key


def occupation_phrase(ctx: Context, head: int, lo: int) -> tuple[str, int] | None:
    """The occupation a head noun names with the modifiers before it that
    belong to it ('former jazz singer', 'internal affairs investigator',
    'co-anchor'), and its first token; None if it is none."""
    toks = ctx.toks
    t = toks[head]
    if not _is_head(t):
        return None
    words = [t.lemma.lower() if t.tag in ("NNS", "NNPS") or t.lemma.lower() in cues.OCCUPATIONS
             else t.text.lower()]
    first = head
    j = head - 1
    nouns = 0
    while j >= lo:
        u = toks[j]
        w = u.text.lower()
        if u.text == "-" and j - 1 >= lo and toks[j - 1].text[:1].isalpha():
            words[0] = toks[j - 1].text.lower() + "-" + words[0]
            first = j - 1
            j -= 2
            continue
        if w in cues.NOT_YET:
            return None     # "an aspiring animator" is none yet
        if w in cues.DROPPED_ADJECTIVES:
            break           # "renowned actress": an actress
        if u.pos == "PROPN" and u.text[:1].isupper() and w.rstrip(".") in lexicon.HONORIFICS:
            break           # "virologist Lieutenant Colonel X": a rank, not part of the job
        if u.pos == "NOUN" and u.ent not in NAMED and w.isalpha() or \
                u.pos == "PROPN" and not u.ent and (w in cues.OCCUPATIONS or u.text.isupper()
                                                    or w in ("district", "affairs", "police")):
            words.insert(0, w)
            nouns += 1
        elif w in cues.OCCUPATION_ADJECTIVES and u.pos in ("ADJ", "NOUN", "PROPN", "VERB"):
            words.insert(0, w)
        else:
            break
        first = j
        j -= 1
    if t.lemma.lower() in cues.NEEDS_MODIFIER and not nouns and not (
            j >= lo and toks[j].ent in ("ORG", "NORP")):
        return None     # "agent" alone is no occupation; "FBI agent", "Europol agent" are
    return " ".join(words), first


def _mods_back(ctx: Context, cs: list[Chunk], k: int) -> int:
    """Chunk index where the noun phrase ending at chunk k starts (after a
    determiner or possessive, over adjectives, nouns and numbers)."""
    j = k - 1
    while j >= 0 and (cs[j].kind == "word" and (
            cs[j].tok.pos in ("ADJ", "ADV", "NOUN", "PROPN", "NUM", "VERB")
            and cs[j].tok.dep != "ROOT"
            and cs[j].lower not in COPULAS or cs[j].tok.text == "-") and cs[j].lower not in (",",)
            or cs[j].kind == "name" and not cs[j].poss
            and ctx.cls(cs[j].key) in ("Place", "Organization")):
        j -= 1      # "a 27-year-old New York restaurant critic"
    return j + 1


def _bounded(cs: list[Chunk], k: int) -> bool:
    """Does the occupation noun at chunk k end its phrase?"""
    n = k + 1
    if n >= len(cs):
        return True
    c = cs[n]
    return c.kind == "paren" or c.kind == "word" and (c.lower in BOUNDARY or c.tok.pos == "PUNCT")


def _copula(c: Chunk) -> bool:
    """'is', 'was', 'becomes', a contracted 's that is a verb (not "town's")."""
    return c.kind == "word" and c.lower in COPULAS and c.tok.pos != "PART"


def _honorific(c: Chunk) -> bool:
    """A title before a name ('Dr.', 'Lieutenant'), not a capitalized first
    word ('Private investigator Tom Welles')."""
    return c.kind == "word" and c.tok.text[:1].isupper() and c.tok.pos == "PROPN" and \
        c.lower.rstrip(".") in lexicon.HONORIFICS


def _name_follows(cs: list[Chunk], k: int) -> bool:
    """Is chunk k followed by a name, maybe after a title ('Dr.')?"""
    n = k + 1
    while n < len(cs) and _honorific(cs[n]):
        n += 1
    return n < len(cs) and cs[n].kind == "name"


def _holder_before(ctx: Context, cs: list[Chunk], start: int) -> tuple[Chunk, bool] | None:
    """The name an occupation phrase starting at chunk `start` describes:
    'NAME (..), a ...' (apposition) or 'NAME (..) is a ...'; and whether
    it is an apposition."""
    j = start - 1
    if j >= 0 and cs[j].is_(*DETERMINERS):
        j -= 1
    if j < 0:
        return None
    appos = cs[j].is_(",", "-", "–", "—")     # "Stella (..) - a safe cracker -"
    if not appos:
        if not _copula(cs[j]):
            if not (cs[j].is_("as") and j >= 1 and cs[j - 1].is_("works", "worked", "working")):
                return None
            j -= 1
    j -= 1
    while j >= 0 and cs[j].kind == "paren":
        j -= 1
    if j >= 0 and cs[j].kind == "name" and not cs[j].poss:
        return cs[j], appos
    return None


def _holders_after(ctx: Context, cs: list[Chunk], k: int, plural: bool) -> list[Chunk]:
    """The names right after an occupation noun: 'museum curator NAME',
    'co-anchors NAME and NAME', 'the district attorney, NAME', 'a doctor
    named NAME'."""
    n = skip_paren(cs, k + 1)
    while n < len(cs) and _honorific(cs[n]):
        n += 1          # "police psychologist Dr. Beth Garner"
    if n < len(cs) and cs[n].kind == "name":
        return name_list(cs, n, plural)[0]
    if n + 1 < len(cs) and cs[n].is_(",", "named", "called") and cs[n + 1].kind == "name":
        names, end = name_list(cs, n + 1, plural)
        # "the lawyer, Ted, and Joanna": a list of names, not an apposition
        if cs[n].is_(",") and end < len(cs) and cs[end].is_(",") and end + 1 < len(cs) \
                and cs[end + 1].is_("and"):
            return []
        return names
    return []


def _org_after(ctx: Context, cs: list[Chunk], k: int) -> tuple[str, int] | None:
    """'at Wayne Enterprises', 'for a rival TV station': the organization a
    preposition after chunk k names (a named one, or a group noun that
    becomes one), with its last token."""
    n = k + 1
    if n >= len(cs) or not cs[n].is_(*EMPLOYER_PREPS):
        return None
    j = n + 1
    while j < len(cs) and (cs[j].is_(*DETERMINERS) or cs[j].kind == "pron" and cs[j].poss):
        j += 1
    named = None
    while j < len(cs) and j - n < 10:
        c = cs[j]
        if c.kind == "name":
            # "the star of Hayden High School's basketball team": the team
            if ctx.cls(c.key) == "Organization" and not c.poss:
                named = (c.key, c.end - 1)
            j += 1
            continue
        if c.kind != "word":
            break
        t = c.tok
        if _acronym(t):      # "detective X of the SFPD" where the NER missed it
            return ctx.entity("Organization", t.text), t.i
        if t.lemma.lower() in cues.GROUP_NOUNS and t.pos == "NOUN" and not (
                j + 1 < len(cs) and cs[j + 1].kind == "word" and cs[j + 1].tok.pos == "NOUN"):
            return group_org(ctx, t.i), t.i
        if t.pos not in ("ADJ", "NOUN", "PROPN", "PART") or t.ent in ("GPE", "LOC", "PERSON"):
            break
        j += 1
    return named


NOT_ORG_ACRONYMS = frozenset({"DVD", "CEO", "VIP", "ATM", "GPS", "DNA", "LSD", "AWOL", "POW",
                              "MIA", "USA", "TNT", "SUV", "RPG", "IQ", "HIV", "AIDS", "PhD"})
"""Capitalized abbreviations that name no organization one works for."""


def _acronym(t: Token) -> bool:
    """An all-capital abbreviation the NER left untagged ('SFPD', 'LAPD')."""
    return not t.ent and t.pos in ("PROPN", "NOUN") and 3 <= len(t.text) <= 6 \
        and t.text.isalpha() and t.text.isupper() and t.text not in NOT_ORG_ACRONYMS


def group_org(ctx: Context, noun: int) -> str:
    """The film's organization a group noun names, with the nouns before it:
    'the basketball team' -> 'basketball team', 'a TV station' -> 'tv station'."""
    toks = ctx.toks
    words = [toks[noun].lemma.lower()]
    j = noun - 1
    while j >= 0 and toks[j].sent == toks[noun].sent and (
            toks[j].pos == "NOUN" and toks[j].ent not in NAMED or
            toks[j].pos == "PROPN" and toks[j].text.isupper() and not toks[j].ent or
            toks[j].text.lower() in ("high",) and toks[j].pos == "ADJ"):
        words.insert(0, toks[j].text.lower())
        j -= 1
    label = " ".join(words)
    surface = ctx.parsed.doc.body[toks[j + 1].idx:toks[noun].idx + len(toks[noun].text)]
    return ctx.entity("Organization", label, scoped=True, alias=surface)


def _employer_prop(head: Token) -> str:
    return cues.MEMBER_ROLES.get(head.lemma.lower(), "employedBy")


def _character(ctx: Context, c: Chunk) -> bool:
    return c.kind == "name" and ctx.cls(c.key) == "Character"


@rule("story.occupation.v2", ("hasOccupation", "employedBy", "memberOf"), 0.75)
def occupation(ctx: Context) -> Iterator[Found]:
    """Occupations in apposition ('X, a Chicago architect'), after a copula
    ('X is a former jazz singer'), before a name ('homicide detective X',
    'co-anchors X and Y'), before it with a comma or 'named' ('the district
    attorney, X', 'a doctor named X'); and the employer a preposition or a
    named organization gives ('an accountant at ORG', 'a Baltimore Sun reporter')."""
    for s in range(len(ctx.parsed.sents)):
        cs = chunks(ctx, s)
        for k, c in enumerate(cs):
            if c.kind != "word":
                continue
            e = _title_of(cs, k)        # "chief of police": the phrase ends two chunks on
            if not (_bounded(cs, e) or _name_follows(cs, e)):
                continue
            start = _mods_back(ctx, cs, k)
            lo = cs[start].start if start <= k else c.start
            if e != k:
                phrase = (f"{c.lower} of {cs[e].lower}", c.start)
            else:
                phrase = occupation_phrase(ctx, c.start, lo)
            if phrase is None:
                continue
            label, first = phrase
            if any(cs[j].kind == "word" and cs[j].lower in cues.EVALUATIVE
                   for j in range(start, k)):
                continue    # "Kimmy is a terrible singer": how she sings, not her job
            if e == k and cues.MEMBER_ROLES.get(c.lemma) == "memberOf" and k + 1 < len(cs) \
                    and cs[k + 1].is_("of"):
                continue    # "the captain of the team": membership (group_role)
            if _honorific(c) and _name_follows(cs, e):
                continue    # "Lieutenant Marty Nilsen": a rank or title, said better elsewhere
            if c.lemma in EVENT_AGENTS and start > 0 and cs[start - 1].poss:
                continue    # "Boz's killer, Y": who killed him (nominal), not a trade
            holders: list[Chunk] = []
            plural = c.tok.tag in ("NNS", "NNPS")
            if _name_follows(cs, e):
                # "architect Sam Carmichael (..), banker Harry Bright": the name after
                holders = _holders_after(ctx, cs, e, plural)
            else:
                before = _holder_before(ctx, cs, start)
                if before is not None and not _negated(cs, start) and \
                        _character(ctx, before[0]):
                    holders.append(before[0])
                # "the new district attorney, Harvey Dent", "a doctor named Colin";
                # not in a name's apposition slot ("Areola, the exchange student, Les, ...")
                if not holders and not _after_slot(cs, start):
                    holders = _holders_after(ctx, cs, e, plural)
            holders = [h for h in holders if _character(ctx, h)]
            if not holders:
                continue
            org = _org_after(ctx, cs, e)
            if org is None and len(holders) == 1 and _name_follows(cs, e):
                # "detective Nick Curran of the SFPD": the organization after the name
                at = cs.index(holders[0])
                if at + 1 < len(cs) and cs[at + 1].is_("of"):
                    org = _org_after(ctx, cs, at)
            # "a Baltimore Sun reporter", "FBI agent X": a named organization before the noun
            if org is None:
                for j in range(lo, first):
                    key = ctx.ref(j)
                    if key and ctx.cls(key) == "Organization" and not _title_word(ctx, j, c.start):
                        org = (key, j)
            for h in holders:
                lo_i, hi_i = min(h.start, first), max(h.end - 1, cs[e].start)
                yield Found(h.key, "hasOccupation", label, lo_i, hi_i, literal=True)
                if org is not None and _employer_prop(c.tok) == "employedBy" and org[0] != h.key:
                    prop = "memberOf" if _is_group(ctx, org[0]) else "employedBy"
                    yield Found(h.key, prop, org[0], min(lo_i, org[1]), max(hi_i, org[1]))


def _after_slot(cs: list[Chunk], start: int) -> bool:
    """Does the noun phrase at chunk `start` follow a copula, 'as', 'of' or
    'to', or stand in a name's apposition ('Areola, the exchange student')?
    Then the name after it is not what it describes."""
    j = start - 1
    if j >= 0 and (_copula(cs[j]) or cs[j].is_("as", "of", "to")):
        return True     # "is a doctor", "as a congressman" (not "of a cheap detective named X")
    if j >= 0 and cs[j].is_(*DETERMINERS):
        j -= 1
    if j >= 0 and cs[j].is_(","):
        j -= 1
        while j >= 0 and cs[j].kind == "paren":
            j -= 1
        return j >= 0 and cs[j].kind == "name"
    return False


EVENT_AGENTS = frozenset({"killer", "murderer", "assassin", "attacker", "rescuer"})
"""Nouns naming the doer of one deed: possessed ('her killer') they tell
that deed (story.kinship_noun.v1), not an occupation."""


TITLE_OF = frozenset({"chief", "head", "director", "captain", "commander", "minister",
                      "secretary", "commissioner", "superintendent", "chancellor"})
"""Heads of 'chief of police', 'head of security', 'director of operations'."""


def _title_of(cs: list[Chunk], k: int) -> int:
    """Index of the last chunk of 'chief of police' starting at chunk k (k
    itself when the phrase is no such title)."""
    if cs[k].lower in TITLE_OF and k + 2 < len(cs) and cs[k + 1].is_("of") and \
            cs[k + 2].kind == "word" and cs[k + 2].tok.pos == "NOUN" and \
            cs[k + 2].tok.text[:1].islower():
        return k + 2
    return k


def _negated(cs: list[Chunk], start: int) -> bool:
    return any(c.kind == "word" and c.lower in NEGATIONS for c in cs[max(0, start - 3):start])


@rule("story.hired_as.v1", ("hasOccupation", "employedBy"), 0.75)
def hired_as(ctx: Context) -> Iterator[Found]:
    """'is hired as the housekeeper for John and Deborah', 'works as a
    waitress', 'is promoted to Commissioner', 'takes a job as a maid at
    ORG': the occupation, and the employer after 'for'/'at' or before the
    noun ('the high school's new basketball coach')."""
    from graphbuild.extract.rules.story import _named, _subjects, hypothetical

    toks = ctx.toks
    for t in toks:
        if t.dep == "oprd" and toks[t.head].lemma.lower() in APPOINT:
            verb, head = toks[t.head], t        # "is appointed deputy director of the CIA"
        elif t.text.lower() in ("as", "to") and t.dep == "prep":
            verb = toks[t.head]
            if verb.lemma.lower() not in HIRE_AS or (t.text.lower() == "to"
                                                     and verb.lemma.lower() != "promote"):
                continue
            heads = [o for o in ctx.kids(t.i, "pobj")]
            if not heads:
                continue
            head = heads[0]
        else:
            continue
        lemma = verb.lemma.lower()
        lo = min([head.i] + [c.i for c in _subtree_left(ctx, head.i)])
        phrase = occupation_phrase(ctx, head.i, lo)
        if phrase is None:
            continue
        if verb.pos == "NOUN":          # "takes a job as a maid": the taker
            verb = toks[verb.head]
        if verb.pos not in ("VERB", "AUX") or hypothetical(ctx, verb.i) or any(
                c.dep == "neg" for c in ctx.kids(verb.i)):
            continue
        passive = any(c.dep in ("auxpass", "nsubjpass") for c in ctx.kids(verb.i))
        if lemma in ("hire", "employ", "appoint", "elect", "recruit", "promote", "name") \
                and not passive:
            who = [c.i for c in ctx.kids(verb.i, "dobj")]
        else:
            who = [c.i for c in ctx.kids(verb.i, "nsubjpass")] or _subjects(ctx, verb.i)
        who = [_attr_subject(ctx, w) for w in who]
        label, first = phrase
        employers: list[tuple[str, int]] = []
        for p in ctx.kids(head.i, "prep"):
            if p.text.lower() in ("for", "at", "with") or p.text.lower() == "of" and any(
                    ctx.cls(_named(ctx, o.i)) == "Organization" for o in ctx.kids(p.i, "pobj")
                    if _named(ctx, o.i)):
                for o in ctx.kids(p.i, "pobj"):
                    for oi in ctx.name_group(o.i):
                        key = _named(ctx, oi)
                        if key and ctx.cls(key) in ("Character", "Organization"):
                            employers.append((key, oi))
                        elif toks[oi].lemma.lower() in cues.GROUP_NOUNS:
                            employers.append((group_org(ctx, oi), oi))
        for j in range(lo, first):              # "CIA deputy director"
            key = ctx.ref(j)
            if key and ctx.cls(key) == "Organization" and key not in [k for k, _ in employers]:
                employers.append((key, j))
        for c in ctx.kids(head.i, "poss"):
            key = ctx.ref(c.i)
            if key and ctx.cls(key) == "Organization":
                employers.append((key, c.i))
            elif c.lemma.lower() in cues.GROUP_NOUNS and c.pos == "NOUN":
                employers.append((group_org(ctx, c.i), c.i))
        for w in who:
            key = ctx.ref(w)
            if not key or ctx.cls(key) != "Character":
                continue
            yield Found(key, "hasOccupation", label, min(w, first), max(w, head.i), literal=True)
            for ek, ei in employers:
                if ek != key:
                    yield Found(key, "employedBy", ek, min(w, ei), max(w, ei, head.i))


def _subtree_left(ctx: Context, i: int) -> list[Token]:
    out = []
    for c in ctx.kids(i):
        if c.i < i and c.dep in ("compound", "amod", "nmod"):
            out.append(c)
            out.extend(_subtree_left(ctx, c.i))
    return out


def _attr_subject(ctx: Context, i: int) -> int:
    """'Flor is a single mother who is hired as ...': the relative clause's
    noun is the copula's attribute; its subject is the one hired."""
    t = ctx.toks[i]
    if ctx.ref(i):
        return i
    if t.text.lower() in ("who", "that") and ctx.toks[t.head].dep == "relcl":
        i = ctx.toks[t.head].head
        t = ctx.toks[i]
        if ctx.ref(i):
            return i
    if t.dep == "attr":
        subj = ctx.kids(t.head, "nsubj")
        if subj:
            return subj[0].i
    return i


@rule("story.group_role.v1", ("memberOf", "employedBy"), 0.75)
def group_role(ctx: Context) -> Iterator[Found]:
    """Belonging to a group or workplace: 'Mob bosses A, B and C', 'FBI
    agent X', 'X, the captain of the basketball team', 'X is the star of
    his high school's team', 'the Medjai, led by X', 'his unit of the
    Foreign Legion'."""
    for s in range(len(ctx.parsed.sents)):
        cs = chunks(ctx, s)
        for k, c in enumerate(cs):
            if c.kind != "word" or c.tok.pos not in ("NOUN", "PROPN"):
                continue
            role = c.lemma if c.lemma in cues.MEMBER_ROLES else c.lower
            # "Mob bosses A, B and C", "FBI agent X": GROUP ROLE NAMES
            if role in cues.MEMBER_ROLES and k >= 1:
                org = _group_before(ctx, cs, k)
                if org is not None:
                    names = _holders_after(ctx, cs, k, c.tok.tag in ("NNS", "NNPS"))
                    for n in names:
                        if _character(ctx, n) and n.key != org[0]:
                            yield Found(n.key, cues.MEMBER_ROLES[role], org[0],
                                        min(org[1], c.start), n.end - 1)
            # "X, the captain of the basketball team" / "X is the star of ..."
            if role in cues.MEMBER_ROLES and role not in ("agent", "officer") \
                    and k + 1 < len(cs) and cs[k + 1].is_("of"):
                org = _org_after(ctx, cs, k)
                if org is None:
                    continue
                start = _mods_back(ctx, cs, k)
                before = _holder_before(ctx, cs, start)
                if before is not None and _character(ctx, before[0]) and \
                        not _negated(cs, start) and before[0].key != org[0]:
                    prop = "memberOf" if _is_group(ctx, org[0]) or \
                        cues.MEMBER_ROLES[role] == "memberOf" else "employedBy"
                    yield Found(before[0].key, prop, org[0], before[0].start, org[1])
            # "the Medjai, led by the warrior X"
            if c.lower == "led" and k + 1 < len(cs) and cs[k + 1].is_("by"):
                j = k - 1
                if j >= 0 and cs[j].is_(","):
                    j -= 1
                org = None
                if j >= 0 and cs[j].kind == "name" and ctx.cls(cs[j].key) == "Organization":
                    org = (cs[j].key, cs[j].start)
                elif j >= 0 and cs[j].kind == "word" and cs[j].lemma in cues.MEMBER_OF_GROUP \
                        and cs[j].tok.pos == "NOUN":
                    org = (group_org(ctx, cs[j].start), cs[j].start)
                if org is None:
                    continue
                n = k + 2
                while n < len(cs) and cs[n].kind == "word" and (
                        cs[n].is_(*DETERMINERS) or cs[n].tok.pos in ("ADJ", "NOUN")):
                    n += 1
                for h in name_list(cs, n, True)[0]:
                    if _character(ctx, h):
                        yield Found(h.key, "memberOf", org[0], org[1], h.end - 1)
            # "his unit of the French Foreign Legion"
            if c.lemma in ("unit", "squad", "platoon", "regiment", "company", "battalion",
                           "division", "troop", "crew") and k + 1 < len(cs) and cs[k + 1].is_("of"):
                from graphbuild.extract.rules.chunks import owner_before

                owners = owner_before(ctx, cs, k)
                org = _org_after(ctx, cs, k)
                if org is None or ctx.cls(org[0]) != "Organization":
                    continue
                for oi, key in owners:
                    if ctx.cls(key) == "Character":
                        yield Found(key, "memberOf", org[0], oi, org[1])


def _is_group(ctx: Context, key: str) -> bool:
    label = ctx.res.entities[key].label.lower().split()
    return bool(label) and label[-1] in cues.MEMBER_OF_GROUP


def _title_word(ctx: Context, j: int, noun: int) -> bool:
    """Is the organization named at token j one capitalized word of a title
    ('Home Secretary', 'Foreign Minister'), not an employer ('FBI Director',
    'Wayne Enterprises accountant')? So when it is a single word, not an
    acronym, right before the capitalized role noun."""
    toks = ctx.toks
    key = ctx.ref(j)
    single = (j == 0 or ctx.ref(j - 1) != key) and ctx.ref(j + 1) != key
    return single and j + 1 == noun and toks[noun].text[:1].isupper() \
        and not toks[j].text.isupper()


def _group_before(ctx: Context, cs: list[Chunk], k: int) -> tuple[str, int] | None:
    """The group named right before a role noun: 'Mob bosses', 'FBI agent'."""
    p = cs[k - 1]
    if p.kind == "name" and ctx.cls(p.key) == "Organization" and not p.poss \
            and not _title_word(ctx, p.start, cs[k].start):
        return p.key, p.start
    if p.kind == "word" and p.lemma in cues.MEMBER_OF_GROUP and p.tok.pos in ("NOUN", "PROPN"):
        return group_org(ctx, p.start), p.start
    return None


@rule("story.joins_group.v1", ("memberOf",), 0.7)
def joins_group(ctx: Context) -> Iterator[Found]:
    """'X joins the gang', 'X joined the basketball team': membership of a
    group named by a common noun (named organizations: story.verb.v1)."""
    from graphbuild.extract.rules.story import hypothetical

    for t in ctx.toks:
        if t.lemma.lower() != "join" or t.pos != "VERB" or hypothetical(ctx, t.i) or any(
                c.dep == "neg" for c in ctx.kids(t.i)):
            continue
        for o in ctx.kids(t.i, "dobj"):
            if o.lemma.lower() not in cues.MEMBER_OF_GROUP or ctx.ref(o.i):
                continue
            org = group_org(ctx, o.i)
            for si, key in _subject_characters(ctx, t.i):
                yield Found(key, "memberOf", org, min(si, t.i), o.i)


@rule("story.moves_to.v1", ("livesIn",), 0.7)
def lives_in(ctx: Context) -> Iterator[Found]:
    """'X and his son relocate from Chicago to Seattle', 'X moves to Paris',
    'X, a Baltimore-based writer': where a character lives."""
    from graphbuild.extract.rules.story import hypothetical

    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if lemma in cues.MOVE_LEMMAS and t.pos == "VERB" and not hypothetical(ctx, t.i) \
                and not any(c.dep == "neg" for c in ctx.kids(t.i)):
            places = [o.i for p in ctx.kids(t.i, "prep") if p.text.lower() in ("to", "into")
                      for o in ctx.kids(p.i, "pobj") if ctx.cls(ctx.ref(o.i)) == "Place"]
            if not places:
                continue
            for si, key in _subject_characters(ctx, t.i):
                for pl in places:
                    yield Found(key, "livesIn", ctx.ref(pl), min(si, t.i), max(si, pl))
        # "a Baltimore-based newspaper writer"
        if t.text.lower() == "based" and t.i >= 2 and toks[t.i - 1].text == "-":
            place = ctx.ref(t.i - 2)
            if ctx.cls(place) != "Place":
                continue
            noun = toks[t.head]
            holder = ctx.ref(noun.head) if noun.dep == "appos" else None
            if holder is None and noun.dep == "attr":
                holder = next((ctx.ref(c.i) for c in ctx.kids(noun.head, "nsubj")), None)
            if holder and ctx.cls(holder) == "Character":
                yield Found(holder, "livesIn", place, min(noun.head, t.i - 2), t.i)


RESIDENT_NOUNS = frozenset({"resident", "housewife", "homemaker", "widow", "widower",
                            "man", "woman", "mother", "father", "family"})
"""Beings that, with an occupation, say where one lives: 'a widow in Paris'."""


@rule("story.placed_occupation.v1", ("livesIn",), 0.7)
def placed_occupation(ctx: Context) -> Iterator[Found]:
    """'X is a TV producer in Sacramento', 'X, a nurse in Denver, ...',
    'X, a single mother in Boston': the place where the character lives and
    works (a named place; not 'a tourist in Rome', not a hope or a past)."""
    from graphbuild.extract.rules.story import _named, hypothetical

    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if t.pos != "NOUN" or t.tag in ("NNS", "NNPS") or \
                lemma not in cues.OCCUPATIONS | RESIDENT_NOUNS:
            continue
        if any(c.text.lower() in cues.NOT_YET | {"former", "ex", "retired"}
               for c in ctx.kids(t.i, "amod")):
            continue
        places = [o.i for p in ctx.kids(t.i, "prep") if p.text.lower() == "in"
                  for o in ctx.kids(p.i, "pobj") if ctx.cls(ctx.ref(o.i)) == "Place"]
        if not places:
            continue
        holder = None
        if t.dep == "appos" and not in_parentheses(toks, t.head):
            holder = t.head
        elif t.dep == "attr" and toks[t.head].lemma.lower() == "be" and \
                toks[t.head].tag != "VBD" and not hypothetical(ctx, t.head) and \
                not any(c.dep == "neg" for c in ctx.kids(t.head)):
            holder = next((c.i for c in ctx.kids(t.head, "nsubj")), None)
        key = _named(ctx, holder) if holder is not None else None
        if key and ctx.cls(key) == "Character":
            for pl in places:
                yield Found(key, "livesIn", ctx.ref(pl), min(holder, pl), max(holder, pl))


WORK_PREPS = frozenset({"at", "for", "in", "with"})


@rule("story.works_at.v1", ("employedBy",), 0.7)
def works_at(ctx: Context) -> Iterator[Found]:
    """'after working sixteen years at the same company', 'works at a
    diner', 'takes a job with a rival TV station': employed by a workplace a
    common noun names (named organizations: story.verb.v1)."""
    from graphbuild.extract.rules.story import hypothetical

    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if t.pos == "VERB" and lemma in ("work", "serve"):
            verb = t
        elif t.pos == "NOUN" and lemma in ("job", "position", "post", "career") and \
                toks[t.head].lemma.lower() in ("take", "get", "land", "find", "accept", "start",
                                               "begin", "have", "hold", "keep"):
            verb = toks[t.head]
        else:
            continue
        if hypothetical(ctx, verb.i) or any(c.dep == "neg" for c in ctx.kids(verb.i)):
            continue
        # the parser hangs "with a rival TV station" on "takes" as often as on "job"
        holders = (t.i,) if verb is t else (t.i, verb.i)
        preps = [p for h in holders for p in ctx.kids(h, "prep") if p.text.lower() in WORK_PREPS]
        preps += [p for c in ctx.kids(t.i, "npadvmod", "dobj") for p in ctx.kids(c.i, "prep")
                  if p.text.lower() in WORK_PREPS and c.lemma.lower() in ("year", "month", "week",
                                                                          "day", "decade")]
        for p in preps:
            for o in ctx.kids(p.i, "pobj"):
                if ctx.ref(o.i) or o.lemma.lower() not in cues.GROUP_NOUNS or o.pos != "NOUN":
                    continue
                if o.lemma.lower() in cues.MEMBER_OF_GROUP:
                    continue
                org = group_org(ctx, o.i)
                for si, key in _subject_characters(ctx, verb.i):
                    yield Found(key, "employedBy", org, min(si, o.i), max(si, o.i))
