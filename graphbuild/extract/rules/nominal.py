"""Relations named by nouns, read over chunks where the parse breaks:

    'her boyfriend Stan (Hunter Parrish), the captain ...'   romanticPartnerOf
    'their kids Bernice (..) and Georgie (..)'                 parentOf, twice
    "her friend and editor Becky", "Sam's sister Suzy"         friendOf, siblingOf
    'his best friend, the eccentric millionaire Ned Gold'      friendOf
    'one of her college counselors, Noah Goldstein'            advises
    'Sam begins dating a coworker, Victoria'                   colleagueOf
    'married co-anchors Georgia and Larry', 'sisters A and B'  spouseOf, siblingOf
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterator

from graphbuild.extract import lexicon
from graphbuild.extract.rules.chunks import (Chunk, chunks, last_two, name_list, owner_before,
                                              skip_paren)
from graphbuild.extract.rules.registry import Context, Found, rule

KIN_PROPS = ("spouseOf", "parentOf", "siblingOf", "relativeOf", "romanticPartnerOf",
             "friendOf", "neighborOf", "colleagueOf", "enemyOf", "employedBy", "advises",
             "kills", "attacks", "rescues", "betrays")
GOVERNED = frozenset({"colleagueOf", "friendOf", "neighborOf", "employedBy", "advises"})
"""Relations a noun without a possessive still ties to the doer of its verb
('Sam begins dating a coworker, Victoria'; 'she hires a lawyer, Ted'); not
family ('he meets a widow, Mrs. X' says nothing of whose)."""
PAIR_ADJECTIVES = {"married": "spouseOf", "engaged": "romanticPartnerOf"}
CO_ROLE = "co-"


def _kin(ctx: Context, c: Chunk) -> tuple[str, str, str | None] | None:
    if c.kind != "word" or c.tok.pos not in ("NOUN", "PROPN"):
        return None
    return lexicon.kinship(ctx.toks, c.start)


def _plural(c: Chunk) -> bool:
    return c.tok.tag in ("NNS", "NNPS") or (c.lower != c.lemma and c.lower.endswith("s"))


def _possessed(cs: list[Chunk], k: int) -> bool:
    """Has the noun at chunk k a possessive before its modifiers ('his black
    buddies'), resolved or not?"""
    j = k - 1
    while j >= 0 and cs[j].kind == "word" and cs[j].tok.pos in ("ADJ", "NUM", "ADV", "NOUN") \
            and cs[j].tok.text[:1].islower():
        j -= 1
    return j >= 0 and cs[j].poss


def _introduced(ctx: Context, names: list[Chunk], noun: Chunk) -> list[Chunk]:
    """Drop a name that is the subject of its own verb rather than an
    apposition ('Through their children Mike spends time ...'), unless the
    noun hangs on the name ('his archenemy Lex Luthor is plotting ...')."""
    out = []
    for n in names:
        head = ctx.toks[n.end - 1]
        if head.dep in ("nsubj", "nsubjpass") and not any(
                ctx.toks[c].dep == "appos" for c in range(n.start, n.end)) \
                and not n.start <= noun.tok.head < n.end:
            continue
        out.append(n)
    return out


def _names_after(cs: list[Chunk], k: int, plural: bool) -> tuple[list[Chunk], int]:
    """Names that a noun at chunk k introduces: right after it ('his wife
    Maggie'), after a comma ('a coworker, Victoria'), after a comma and a
    description ('his best friend, the eccentric millionaire Ned Gold'),
    after coordinated nouns ('her friend and editor Becky')."""
    j = k + 1
    while j + 1 < len(cs) and cs[j].is_("and") and cs[j + 1].kind == "word" \
            and cs[j + 1].tok.pos == "NOUN":
        j += 2
    j = skip_paren(cs, j)
    if j < len(cs) and cs[j].is_(","):
        j += 1
        if j < len(cs) and cs[j].is_("the", "a", "an"):
            j += 1
        n = 0
        while j < len(cs) and cs[j].kind == "word" and n < 6 and (
                cs[j].tok.pos in ("ADJ", "NOUN", "NUM") and cs[j].tok.text[:1].islower()
                or cs[j].is_("and", "-")):
            j += 1
            n += 1
    return name_list(cs, j, plural)


def _facts(ctx: Context, prop: str, direction: str, owner: str, who: str,
           first: int, last: int) -> Iterator[Found]:
    from graphbuild.extract.rules.story import _kin_facts

    yield from _kin_facts(ctx, prop, direction, owner, who, first, last)


def _named_before(cs: list[Chunk], j: int) -> Chunk | None:
    """'NAME (..), his wife': the name an apposition starting at chunk j follows."""
    if j >= 1 and cs[j - 1].is_(","):
        n = j - 2
        while n >= 0 and cs[n].kind == "paren":
            n -= 1
        if n >= 0 and cs[n].kind == "name" and not cs[n].poss:
            return cs[n]
    return None


@rule("story.kinship_chunks.v1", KIN_PROPS, 0.8)
def kinship_chunks(ctx: Context) -> Iterator[Found]:
    """Kinship and social nouns with a possessive owner and the names they
    introduce, over chunks: 'POSS [ADJ..] KIN-NOUN[,] NAME [(..)] [, NAME ...
    and NAME]', and 'NAME (..), POSS KIN-NOUN'."""
    for s in range(len(ctx.parsed.sents)):
        cs = chunks(ctx, s)
        for k, c in enumerate(cs):
            kin = _kin(ctx, c)
            if kin is None:
                continue
            prop, direction, _ = kin
            owners = owner_before(ctx, cs, k)
            if owners:
                names, _ = _names_after(cs, k, _plural(c))
                if names and names[0].start == c.end:
                    names = _introduced(ctx, names, c)
                if not names and not _plural(c):
                    # "Joanna (Meryl Streep), his wife," / "X, one of her confidantes"
                    j = k - 1
                    while j >= 0 and not cs[j].poss:
                        j -= 1
                    before = _named_before(cs, j)
                    if before is None and j >= 2 and cs[j - 1].is_("of") and cs[j - 2].is_("one"):
                        before = _named_before(cs, j - 2)
                    names = [before] if before is not None and (k + 1 >= len(cs) or cs[k + 1].kind
                                                                in ("paren",) or cs[k + 1].is_(
                                                                    ",", ".", ";", "and", "who")) else []
                for n in names:
                    if ctx.cls(n.key) != "Character":
                        continue
                    for oi, owner in owners:
                        yield from _facts(ctx, prop, direction, owner, n.key,
                                          min(oi, n.start, c.start), max(oi, n.end - 1, c.start))
                continue
            # "NAME (..), a cowardly former comrade of NAME"
            if not _plural(c) and k + 2 < len(cs) and cs[k + 1].is_("of") and \
                    cs[k + 2].kind == "name" and not cs[k + 2].poss:
                j = k - 1
                while j >= 0 and cs[j].kind == "word" and (cs[j].tok.pos in ("ADJ", "ADV", "NOUN")
                                                           and cs[j].tok.text[:1].islower()):
                    j -= 1
                if j >= 0 and cs[j].is_("a", "an", "the"):
                    before = _named_before(cs, j)
                    owner = cs[k + 2]
                    if before is not None and ctx.cls(before.key) == "Character" and \
                            ctx.cls(owner.key) == "Character":
                        yield from _facts(ctx, prop, direction, owner.key, before.key,
                                          before.start, owner.end - 1)
                continue
            # "one of her college counselors, NAME" has an owner; a bare plural
            # before a list relates the list: "sisters A and B"
            if _plural(c) and direction == "sym" and not _possessed(cs, k):
                names, _ = name_list(cs, skip_paren(cs, k + 1), True)
                chars = [n for n in names if ctx.cls(n.key) == "Character"]
                if len(chars) >= 2:
                    for a, b in combinations(chars, 2):
                        if a.key != b.key:
                            yield Found(a.key, prop, b.key, c.start, max(a.end, b.end) - 1)


@rule("story.kinship_governed.v1", tuple(sorted(GOVERNED)), 0.7)
def kinship_governed(ctx: Context) -> Iterator[Found]:
    """'Sam begins dating a coworker, Victoria', 'she hires a lawyer, Ted':
    a social noun without a possessive, object of a verb, relates the name
    it introduces to the verb's doer."""
    from graphbuild.extract.rules.story import _kin_facts, _subjects, hypothetical

    toks = ctx.toks
    for t in toks:
        kin = lexicon.kinship(toks, t.i)
        if not kin or kin[0] not in GOVERNED or t.pos != "NOUN" or t.dep not in ("dobj", "pobj"):
            continue
        if any(c.dep == "poss" for c in ctx.kids(t.i)) or not any(
                c.dep == "det" and c.text.lower() in ("a", "an") for c in ctx.kids(t.i)):
            continue
        named = [c.i for c in ctx.kids(t.i, "appos") if ctx.cls(ctx.ref(c.i)) == "Character"]
        if not named:
            continue
        verb = toks[t.head] if t.dep == "dobj" else toks[toks[t.head].head]
        if verb.pos != "VERB" or hypothetical(ctx, verb.i):
            continue
        for s in _subjects(ctx, verb.i):
            owner = ctx.ref(s)
            if not owner or ctx.cls(owner) != "Character":
                continue
            for n in named:
                who = ctx.ref(n)
                yield from _kin_facts(ctx, kin[0], kin[1], owner, who, min(s, n), max(s, n))


@rule("story.pair_noun.v1", ("spouseOf", "romanticPartnerOf", "colleagueOf"), 0.75)
def pair_noun(ctx: Context) -> Iterator[Found]:
    """'married co-anchors Georgia and Larry', 'the engaged couple A and B',
    'A and B are a happily married couple': a plural noun with
    'married'/'engaged' or a co- role before a list of two names relates
    them; a couple is romantic partners unless said married."""
    for s in range(len(ctx.parsed.sents)):
        cs = chunks(ctx, s)
        for k, c in enumerate(cs):
            couple = c.kind == "word" and c.lemma == "couple" and not (
                k + 1 < len(cs) and cs[k + 1].is_("of"))          # not 'a couple of days'
            if c.kind != "word" or c.tok.pos != "NOUN" or not (_plural(c) or couple):
                continue
            after = k + 2 if couple and k + 1 < len(cs) and cs[k + 1].is_(",") else k + 1
            names, _ = name_list(cs, skip_paren(cs, after), True)
            chars = [n for n in names if ctx.cls(n.key) == "Character"]
            if couple and not chars:
                chars = _copula_subjects(ctx, cs, c)       # "A and B are a married couple"
            if len(chars) != 2 or chars[0].key == chars[1].key:
                continue
            a, b = chars
            props = []
            j = k - 1
            while j >= 0 and cs[j].kind == "word" and cs[j].tok.pos in ("ADJ", "NOUN", "VERB") \
                    or j >= 0 and cs[j].is_("-"):
                if cs[j].lower in PAIR_ADJECTIVES:
                    props.append(PAIR_ADJECTIVES[cs[j].lower])
                j -= 1
            word = c.lemma
            if word.startswith(CO_ROLE) or (k >= 2 and cs[k - 1].is_("-") and cs[k - 2].is_("co")):
                props.append("colleagueOf")
            if couple and not props:
                props.append("romanticPartnerOf")          # "the couple A and B"
            lo, hi = min(a.start, cs[max(j, 0)].start), max(b.end - 1, c.start)
            for prop in dict.fromkeys(props):
                yield Found(a.key, prop, b.key, lo, hi)


def _copula_subjects(ctx: Context, cs: list[Chunk], noun: Chunk) -> list[Chunk]:
    """The character names that are the subject of the copula whose
    complement is `noun` ('A and B are a couple')."""
    t = noun.tok
    if t.dep != "attr" or ctx.toks[t.head].lemma.lower() != "be":
        return []
    subj = {i for c in ctx.kids(t.head, "nsubj") for i in ctx.name_group(c.i)}
    return [n for n in cs if n.kind == "name" and ctx.cls(n.key) == "Character"
            and any(i in subj for i in range(n.start, n.end))]


CHILD_NOUNS = frozenset({"son", "daughter", "child", "kid", "children", "kids", "sons",
                         "daughters", "baby", "stepson", "stepdaughter"})


@rule("story.their_child.v1", ("parentOf",), 0.75)
def their_child(ctx: Context) -> Iterator[Found]:
    """'Ted is left to raise their son Billy': 'their' is a couple the story
    has told of; the nearest character before it whose one spouse is known,
    and that spouse, are the parents (after the other rules, which find the
    spouses: relations.LATE_RULES)."""
    spouses = ctx.extra.get("spouses", {})
    toks = ctx.toks
    for s in range(len(ctx.parsed.sents)):
        cs = chunks(ctx, s)
        for k, c in enumerate(cs):
            if c.kind != "word" or c.lower not in CHILD_NOUNS or c.tok.pos != "NOUN":
                continue
            j = k - 1
            while j >= 0 and cs[j].kind == "word" and cs[j].tok.pos in ("ADJ", "NUM", "NOUN") \
                    and cs[j].tok.text[:1].islower() or j >= 0 and cs[j].is_("-"):
                j -= 1
            if j < 0 or not (cs[j].kind == "pron" and cs[j].lower == "their"):
                continue
            if last_two(ctx, cs[j].start):
                continue            # a named pair: story.kinship_chunks.v1
            names, _ = _names_after(cs, k, _plural(c))
            kids = [n for n in _introduced(ctx, names, c) if ctx.cls(n.key) == "Character"]
            if not kids:
                continue
            parent = None
            for i in range(cs[j].start - 1, -1, -1):
                if toks[i].sent < toks[cs[j].start].sent - 1:
                    break
                key = ctx.ref(i)
                if key and ctx.cls(key) == "Character" and len(spouses.get(key, ())) == 1:
                    parent = (i, key)
                    break
            if parent is None:
                continue
            other = next(iter(spouses[parent[1]]))
            # the evidence is this sentence, where 'their' names the children,
            # though the parent was named in the sentence before
            lo = min(parent[0], c.start) if toks[parent[0]].sent == toks[c.start].sent \
                else cs[j].start
            for kid in kids:
                for owner in (parent[1], other):
                    if owner != kid.key:
                        yield Found(owner, "parentOf", kid.key, lo, kid.end - 1)


PLURAL_CHILDREN = frozenset({"children", "kids", "sons", "daughters"})
TO_CHILDREN = ("advises", "attacks", "friendOf", "helps", "kills", "leaves", "loves", "rescues")
"""Verb relations a parent can have with each of the children a plural names."""


@rule("story.his_children.v1", TO_CHILDREN, 0.7)
def his_children(ctx: Context) -> Iterator[Found]:
    """'As he befriends his children', 'she abandons her kids': a verb of the
    story whose object is its doer's children, when the story has named them
    ('his son Alex and daughter Maggie'); the fact holds for each (after the
    other rules, which find the children: relations.LATE_RULES)."""
    from graphbuild.extract.rules.story import VERB_RELATIONS, _named, _subjects, hypothetical

    children = ctx.extra.get("children", {})
    for t in ctx.toks:
        if t.pos != "VERB" or t.lemma.lower() not in VERB_RELATIONS:
            continue
        prop, need_prep, swap = VERB_RELATIONS[t.lemma.lower()]
        if need_prep or swap or prop not in TO_CHILDREN or hypothetical(ctx, t.i) or any(
                c.dep == "neg" for c in ctx.kids(t.i)):
            continue
        for o in ctx.kids(t.i, "dobj"):
            if o.text.lower() not in PLURAL_CHILDREN:
                continue
            owner = next((ctx.ref(c.i) for c in ctx.kids(o.i, "poss") if ctx.ref(c.i)), None)
            kids = sorted(children.get(owner, ())) if owner else []
            for s in _subjects(ctx, t.i):
                if _named(ctx, s) != owner:      # the doer's own children only
                    continue
                for kid in kids:
                    if kid != owner and ctx.cls(kid) == "Character":
                        yield Found(owner, prop, kid, min(s, t.i), o.i)
