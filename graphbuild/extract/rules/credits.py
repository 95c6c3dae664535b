"""Production facts read from prose: who plays whom, who directed, wrote,
produced and scored the film, its cast, year, country, language, genre,
setting and awards."""

from __future__ import annotations

import re
from typing import Iterator

from graphbuild.extract import lexicon
from graphbuild.extract.credit_shapes import another_work_after, declined
from graphbuild.extract.resolve import in_parentheses, title_against
from graphbuild.extract.rules.registry import Context, Found, rule

CREDIT_VERBS: dict[str, str] = {
    "direct": "directedBy", "helm": "directedBy", "write": "writtenBy",
    "co-write": "writtenBy", "script": "writtenBy", "pen": "writtenBy",
    "produce": "producedBy", "co-produce": "producedBy", "compose": "musicBy",
    "score": "musicBy", "adapt": "writtenBy", "create": "writtenBy",
}
CREDIT_NOUNS: dict[str, str] = {
    "director": "directedBy", "screenplay": "writtenBy", "script": "writtenBy",
    "screenwriter": "writtenBy", "writer": "writtenBy", "teleplay": "writtenBy",
    "producer": "producedBy", "composer": "musicBy", "score": "musicBy", "music": "musicBy",
    "soundtrack": "musicBy",
}
BY_VERBS: dict[str, str] = {**CREDIT_VERBS, "star": "castMember", "co-star": "castMember"}
CAST_VERBS = frozenset({"star", "feature", "co-star", "costar"})
STARRING = frozenset({"starring", "featuring", "co-starring"})
CAST_WORDS = STARRING | {"star", "stars", "starred", "co-stars", "features", "featured"}
"""Words that introduce a cast list."""
AWARD_VERBS = lexicon.AWARD_WIN_LEMMAS | {"nominate", "get", "receive", "earn", "garner"}
PLAY_VERBS = frozenset({"play", "portray", "depict", "voice", "essay", "reprise", "embody"})


def _people(ctx: Context, i: int) -> list[tuple[int, str]]:
    """(token, key) of the people or organizations named at token i and its
    conjuncts ('A, B and C')."""
    out = []
    for j in ctx.name_group(i):
        key = ctx.ref(j)
        if not key:
            # "by showrunner Shonda Rhimes": the name is the noun's appositive
            key = next((ctx.ref(c.i) for c in ctx.kids(j, "appos", "compound", "flat")
                        if ctx.ref(c.i)), None)
            if not key and j + 1 < len(ctx.toks) and ctx.toks[j].pos == "NOUN":
                key = ctx.ref(j + 1)
        if key and ctx.cls(key) in ("Person", "Organization"):
            out.append((j, key))
    return out


REMAKE_WORDS = frozenset({"remake", "sequel", "prequel", "adaptation", "version", "parody",
                          "spoof", "reboot", "homage"})


def _other_film_noun(ctx: Context, verb) -> bool:
    """Does the credit verb describe a film noun that is another film: the
    film a remake or sequel is of, or one with a title of its own ('the 1997
    film Open Your Eyes, which was written by ...')?"""
    toks = ctx.toks
    if verb.dep not in ("relcl", "acl"):
        return False
    noun = toks[verb.head]
    if noun.lemma.lower() not in lexicon.FILM_NOUNS or noun.pos != "NOUN":
        return False
    prep = toks[noun.head]
    if noun.dep == "pobj" and prep.text.lower() in ("of", "to") \
            and toks[prep.head].lemma.lower() in REMAKE_WORDS:
        return True
    # a title right after the noun ('the film Open Your Eyes'), not a name the
    # parser hung on it from further on (a star of the cast list)
    return any(c.dep == "appos" and c.i > noun.i and c.text[:1].isupper()
               and _leftmost(ctx, c.i) == noun.i + 1 and ctx.ref(c.i) != ctx.film_key
               and ctx.cls(ctx.ref(c.i)) not in ("Person", "Character")
               for c in ctx.kids(noun.i))


def _leftmost(ctx: Context, i: int) -> int:
    """The first token of the phrase token i heads."""
    kids = [c.i for c in ctx.kids(i) if c.i < i]
    return min([_leftmost(ctx, k) for k in kids], default=i)


def _cast_between(ctx: Context, a: int, b: int) -> bool:
    """Is there a cast verb ('stars', 'starring') between tokens a and b?
    The parser may hang the cast list on a credit's object as conjuncts."""
    return any(ctx.toks[k].text.lower() in CAST_WORDS for k in range(min(a, b) + 1, max(a, b)))


def _film_of(ctx: Context, i: int) -> str:
    """The film a credit at token i is about: a film named as the verb's
    subject or head, else the document's film."""
    toks = ctx.toks
    seen = 0
    while seen < 6:
        key = ctx.ref(i)
        if key and ctx.cls(key) == "Film":
            return key
        if toks[i].head == i:
            break
        i = toks[i].head
        seen += 1
    return ctx.film_key


def _has_agent(ctx: Context, i: int) -> bool:
    return any(c.text.lower() == "by" for c in ctx.kids(i, "agent", "prep"))


@rule("credits.by_agent.v2", ("directedBy", "writtenBy", "producedBy", "musicBy",
                              "productionCompany", "castMember"), 0.9)
def by_agent(ctx: Context) -> Iterator[Found]:
    """'directed by X', 'written and directed by X', 'music by X', 'produced by
    Y Pictures', 'adapted to screen by X'."""
    toks = ctx.toks
    for t in toks:
        if t.text.lower() != "by" or t.dep not in ("agent", "prep"):
            continue
        head = toks[t.head]
        # "adapted to screen by X": the parser hangs 'by' on the verb's complement
        if head.lemma.lower() not in BY_VERBS and head.dep in ("xcomp", "dobj", "advmod") \
                and toks[head.head].lemma.lower() in BY_VERBS and toks[head.head].pos == "VERB" \
                and head.i - head.head <= 3:
            head = toks[head.head]
        props = []
        lemma = head.lemma.lower()
        if lemma in BY_VERBS:
            props.append(BY_VERBS[lemma])
            # "produced, written, and directed by X": coordinated verbs with
            # no agent of their own share this one ("written by A and
            # directed by B" does not).
            top = head
            if head.i >= 2 and toks[head.i - 1].text == "-" and toks[head.i - 2].text.lower() == "co":
                top = toks[head.i - 2]    # "directed and co-written by X": 'co' holds the conj
            while top.dep == "conj" and toks[top.head].lemma.lower() in BY_VERBS:
                top = toks[top.head]
            chain = [top]
            k = 0
            while k < len(chain):
                chain.extend(c for c in ctx.kids(chain[k].i, "conj") if c.lemma.lower() in BY_VERBS)
                k += 1
            for v in chain:
                # only verbs before the agent share it: "directed by A and
                # starred B" does not make A a star; and none before another
                # verb's agent: "directed and produced by A and co-written by B"
                if v.i < head.i and v.lemma.lower() in BY_VERBS and not _has_agent(ctx, v.i) \
                        and not any(_has_agent(ctx, u.i) for u in chain if v.i < u.i < head.i):
                    props.append(BY_VERBS[v.lemma.lower()])
        elif head.lemma.lower() in CREDIT_NOUNS and head.pos == "NOUN":
            props.append(CREDIT_NOUNS[head.lemma.lower()])
        if not props:
            continue
        film = _film_of(ctx, head.i)
        if film == ctx.film_key and _other_film_noun(ctx, head):
            continue     # "a remake of the 1997 film Open Your Eyes, which was written by ..."
        objs = ctx.kids(t.i, "pobj")
        if not objs and t.i + 1 < len(toks) and toks[t.i + 1].text.lower() in ("and", "&"):
            # "written by and starring X": 'by' shares the object of the next verb
            objs = [o for v in ctx.kids(head.i, "conj") if v.i > t.i and (
                        v.lemma.lower() in BY_VERBS or v.text.lower() in STARRING)
                    for o in ctx.kids(v.i, "dobj")]
        for obj in objs:
            for j, key in _people(ctx, obj.i):
                if _cast_between(ctx, obj.i, j):
                    continue     # "written by A, ..., and stars B and C": B and C act
                for prop in dict.fromkeys(props):
                    if prop == "castMember" and ctx.cls(key) != "Person":
                        continue
                    if ctx.cls(key) == "Organization":
                        if prop == "producedBy":
                            yield Found(film, "productionCompany", key, head.i, j)
                        continue
                    yield Found(film, prop, key, head.i, j)


@rule("credits.possessive_noun.v1", ("writtenBy", "directedBy", "musicBy", "producedBy"), 0.8)
def possessive_noun(ctx: Context) -> Iterator[Found]:
    """"Robert Benton's incisive screenplay", "the director X", "composer X"."""
    for t in ctx.toks:
        prop = CREDIT_NOUNS.get(t.lemma.lower())
        if not prop or t.pos != "NOUN":
            continue
        for c in ctx.kids(t.i, "poss", "compound", "appos"):
            key = ctx.ref(c.i)
            if key and ctx.cls(key) == "Person":
                yield Found(_film_of(ctx, t.i), prop, key, min(c.i, t.i), max(c.i, t.i))
        # "director Phillip Noyce": the noun is a compound of the name
        if t.dep in ("compound", "appos"):
            key = ctx.ref(t.head)
            if key and ctx.cls(key) == "Person" and prop != "writtenBy" or (
                    key and ctx.cls(key) == "Person" and t.lemma.lower() in ("screenwriter", "writer")):
                yield Found(ctx.film_key, prop, key, min(t.i, t.head), max(t.i, t.head),
                            confidence=0.7)


@rule("credits.subject_verb.v1", ("directedBy", "writtenBy", "producedBy", "musicBy"), 0.75)
def subject_verb(ctx: Context) -> Iterator[Found]:
    """"Nora Ephron directed the film", "Benton wrote and directed it"."""
    toks = ctx.toks
    for t in toks:
        prop = CREDIT_VERBS.get(t.lemma.lower())
        if not prop or t.pos != "VERB" or any(c.dep == "auxpass" for c in ctx.kids(t.i)):
            continue
        subj = [c for c in ctx.kids(t.i, "nsubj")]
        if not subj and t.dep == "conj":
            subj = [c for c in ctx.kids(t.head, "nsubj")]
        objs = ctx.kids(t.i, "dobj")
        film = ctx.film_key
        for o in objs:
            key = ctx.ref(o.i)
            if key and ctx.cls(key) == "Film":
                film = key
            elif o.lemma.lower() not in lexicon.FILM_NOUNS and o.text.lower() not in ("it", "this"):
                film = None
        if film is None:
            continue
        for s in subj:
            for j, key in _people(ctx, s.i):
                if ctx.cls(key) == "Person":
                    yield Found(film, prop, key, min(j, t.i), max(j, t.i))


@rule("credits.starring.v1", ("castMember",), 0.85)
def starring(ctx: Context) -> Iterator[Found]:
    """"starring A, B and C", "the film stars A", "features A as ..."."""
    toks = ctx.toks
    for t in toks:
        lemma = t.lemma.lower()
        if t.text.lower() not in STARRING and (lemma not in CAST_VERBS or t.pos != "VERB"):
            continue     # not 'the first feature by writer/director X
        targets = ctx.kids(t.i, "dobj", "pobj", "attr", "npadvmod", "appos")
        for prep in ctx.kids(t.i, "prep"):
            if prep.text.lower() != "as":   # "stars X as Y": Y is the role
                targets += ctx.kids(prep.i, "pobj")
        film = _film_of(ctx, t.i)
        for o in targets:
            for j, key in _people(ctx, o.i):
                if ctx.cls(key) == "Person":
                    yield Found(film, "castMember", key, min(j, t.i), max(j, t.i))
        # "X stars as Y" / "X co-stars": the subject is a cast member
        for s in ctx.kids(t.i, "nsubj"):
            key = ctx.ref(s.i)
            if key and ctx.cls(key) == "Person":
                yield Found(ctx.film_key, "castMember", key, min(s.i, t.i), max(s.i, t.i))


def _character_after(ctx: Context, start: int, stop: int) -> tuple[int, str] | None:
    """The first character named in tokens [start, stop) that is not a
    possessor ('as Ted and Joanna's neighbor, Margaret' -> Margaret)."""
    toks = ctx.toks
    i = start
    while i < stop:
        key = ctx.ref(i)
        if key and ctx.cls(key) == "Character" and toks[i].text.lower() not in (
                "his", "her", "him", "he", "she", "their"):
            j = i
            while j + 1 < stop and ctx.ref(j + 1) == key:
                j += 1
            nxt = toks[j + 1].text.lower() if j + 1 < len(toks) else ""
            nxt2 = toks[j + 3].text.lower() if j + 3 < len(toks) else ""
            possessor = nxt in ("'s", "’s", "'") or (nxt in ("and", "&") and nxt2 in ("'s", "’s"))
            if not possessor:
                return i, key
            i = j + 1
            continue
        if toks[i].text in (".", ";", "(") or (toks[i].pos == "VERB" and i > start + 1):
            return None
        if key and ctx.cls(key) == "Person":
            return None      # the next actor's credit: "X as the hero, Y as Dr. Claw"
        i += 1
    return None


def _listed(ctx: Context, tokens: range, cls: str) -> list[tuple[int, str]]:
    """(first token, key) of the entities of `cls` listed in `tokens` (in
    that order) with only 'and', commas and their own names between them."""
    out: list[tuple[int, str]] = []
    for i in tokens:
        key = ctx.ref(i)
        if key and ctx.cls(key) == cls:
            if not out or out[-1][1] != key:
                out.append((i, key))
        elif key or ctx.toks[i].text.lower() not in ("and", ",", "&"):
            break
    return out


@rule("roles.paren_credit.v1", ("plays", "castMember", "hasCharacter"), 0.95)
def paren_credit(ctx: Context) -> Iterator[Found]:
    """"Ted Kramer (Dustin Hoffman)", "Billy (Justin Henry, Oscar nominee)",
    "Dustin Hoffman (Ted Kramer)", "Rita (played by Kate Winslet)"."""
    toks = ctx.toks
    for t in toks:
        if t.text != "(" or t.i == 0:
            continue
        start = t.i + 1
        if start + 2 < len(toks) and toks[start].lemma.lower() in ("play", "portray", "voice") \
                and toks[start + 1].text.lower() == "by":
            start += 2               # "Rita (Played by Kate Winslet)"
        inner = ctx.ref(start) if start < len(toks) else None
        outer = ctx.ref(t.i - 1)
        if not inner or not outer or inner == outer:
            continue
        end = next((j for j in range(t.i, min(t.i + 12, len(toks))) if toks[j].text == ")"), t.i + 1)
        pair = {ctx.cls(inner): inner, ctx.cls(outer): outer}
        inside = _listed(ctx, range(t.i + 1, end), "Person")
        if len(inside) > 1 and ctx.cls(outer) == "Character":
            # "Jesse and Celine (Ethan Hawke and Julie Delpy)": in order, or not at all
            before = _listed(ctx, range(t.i - 1, max(t.i - 12, -1), -1), "Character")[::-1]
            if len(before) == len(inside):
                for (i, c), (_, a) in zip(before, inside):
                    yield Found(a, "plays", c, i, end)
                    yield Found(ctx.film_key, "castMember", a, i, end)
            continue
        if set(pair) == {"Person", "Character"}:
            first = t.i - 1
            while first > 0 and ctx.ref(first - 1) == outer:
                first -= 1
            if any(title_against(toks[k].text, ctx.res.entities[outer])
                   for k in range(max(first - 1, 0), t.i)):
                continue     # "Mr. Dashwood (Tom Wilkinson)" is not Elinor Dashwood's credit
            yield Found(pair["Person"], "plays", pair["Character"], first, end)
            yield Found(ctx.film_key, "castMember", pair["Person"], first, end)


@rule("roles.as_character.v1", ("plays", "castMember"), 0.85)
def as_character(ctx: Context) -> Iterator[Found]:
    """"Harrison Ford as Ryan", "Jane Alexander got an Oscar nod as ...
    Margaret", "X plays Y", "X, playing Y", "Y is played by X",
    "X won an Oscar for his Ted Kramer"."""
    toks = ctx.toks
    for t in toks:
        w = t.text.lower()
        if w not in ("as", "playing", "plays", "played", "portrays", "portraying",
                     "portrayed", "for") and t.lemma.lower() not in PLAY_VERBS:
            continue
        a, b = ctx.parsed.sents[t.sent]
        # the actor: nearest person before the cue, in the same sentence
        actor = None
        for j in range(t.i - 1, a - 1, -1):
            key = ctx.ref(j)
            if key and ctx.cls(key) == "Person" and toks[j].text.lower() not in ("his", "her") \
                    and not in_parentheses(toks, j):   # "Flor (Paz Vega) ... as": Flor's actor
                actor = (j, key)
                break
            if toks[j].text in (";",) or (key and ctx.cls(key) == "Character"):
                break
        if w == "for":
            # "won an Oscar for his Ted Kramer": the possessive is the actor
            nxt = toks[t.i + 1] if t.i + 1 < b else None
            if not nxt or nxt.text.lower() not in ("his", "her") or actor is None \
                    or ctx.ref(nxt.i) != actor[1]:
                continue
            found = _character_after(ctx, t.i + 2, min(t.i + 5, b))
            if found:
                yield Found(actor[1], "plays", found[1], actor[0], found[0], confidence=0.85)
            continue
        if w == "played" and any(c.dep == "auxpass" for c in ctx.kids(t.i)):
            # "Ryan is played by Harrison Ford"
            subj = next((ctx.ref(c.i) for c in ctx.kids(t.i, "nsubjpass")), None)
            agent = next((c for c in ctx.kids(t.i, "agent")), None)
            if subj and ctx.cls(subj) == "Character" and agent is not None:
                for o in ctx.kids(agent.i, "pobj"):
                    key = ctx.ref(o.i)
                    if key and ctx.cls(key) == "Person":
                        yield Found(key, "plays", subj, min(o.i, t.i), max(o.i, t.i))
                        yield Found(ctx.film_key, "castMember", key, min(o.i, t.i), max(o.i, t.i))
            continue
        if actor is None or t.i - actor[0] > 12:
            continue
        if any(toks[k].text.lower() == "respectively" for k in range(t.i, b)):
            # "A and B reprise their roles as C and D, respectively": in order,
            # or not at all when the lists differ in length
            for (ai, akey), (ci, ckey) in _respective(ctx, actor[0], t.i, b):
                yield Found(akey, "plays", ckey, ai, ci)
                yield Found(ctx.film_key, "castMember", akey, ai, ci)
            continue
        found = _character_after(ctx, t.i + 1, min(t.i + 12, b))
        if found and not declined(ctx.parsed, t.i) and not _role_elsewhere(ctx, found[0], b):
            yield Found(actor[1], "plays", found[1], actor[0], found[0])
            yield Found(ctx.film_key, "castMember", actor[1], actor[0], found[0])


def _role_elsewhere(ctx: Context, start: int, end: int) -> bool:
    """The role named at token `start` is followed by another work's title,
    or by a film of the graph other than this one."""
    key = ctx.ref(start)
    j = start
    while j + 1 < end and ctx.ref(j + 1) == key:
        j += 1
    other = ctx.ref(j + 2) if j + 2 < end and ctx.toks[j + 1].text.lower() == "in" else None
    if other is not None and ctx.cls(other) == "Film":
        return other != ctx.film_key
    if other is not None and ctx.cls(other) in ("Place", "Person", "Character"):
        return False
    return another_work_after(ctx.parsed, j + 1, end)


def _respective(ctx: Context, actor: int, cue: int, end: int) -> list:
    """Pairs of (token, actor) and (token, character) of 'A and B ... as C
    and D, respectively', when both lists hold the same number (two or more)."""
    toks = ctx.toks
    h = actor
    while toks[h].dep == "conj" and toks[h].head != h:
        h = toks[h].head
    actors = list(dict.fromkeys((ctx.ref(j), j) for j in ctx.name_group(h)
                                if ctx.cls(ctx.ref(j)) == "Person"))
    chars = _listed(ctx, range(cue + 1, end), "Character")
    if len(actors) < 2 or len(actors) != len(chars):
        return []
    return [((j, key), c) for (key, j), c in zip(sorted(actors, key=lambda x: x[1]), chars)]


def _film_noun(ctx: Context, t) -> bool:
    return t.lemma.lower() in lexicon.FILM_NOUNS and t.pos in ("NOUN", "PROPN")


def _describes_film(ctx: Context, noun) -> str | None:
    """The film a 'a 1994 American spy thriller film' phrase describes: the
    subject of the copula ('X is a ... film'), a film named beside the noun
    ('the series Glee'), or the document's film in a lead's first sentence."""
    toks = ctx.toks
    while noun.dep == "compound" and noun.head != noun.i:
        noun = toks[noun.head]
    for c in ctx.kids(noun.i, "appos", "compound"):
        key = ctx.ref(c.i)
        if key and ctx.cls(key) == "Film":
            return key
    if noun.i + 1 < len(toks):
        key = ctx.ref(noun.i + 1)
        if key and ctx.cls(key) == "Film":
            return key
    if noun.dep == "attr":
        for s in ctx.kids(noun.head, "nsubj"):
            key = ctx.ref(s.i)
            if key and ctx.cls(key) == "Film":
                return key
            if s.text.lower() in ("it", "this") and ctx.parsed.doc.kind == "lead":
                return ctx.film_key
    if noun.dep == "appos":
        key = ctx.ref(noun.head)
        if key and ctx.cls(key) == "Film":
            return key
    if ctx.parsed.doc.kind == "lead" and noun.sent == 0 and noun.dep in ("attr", "ROOT", "appos", "conj"):
        return ctx.film_key   # "X is the ninth episode of ... the American series Glee"
    return None


@rule("credits.film_description.v1", ("releaseYear", "countryOfOrigin", "language", "genre"), 0.85)
def film_description(ctx: Context) -> Iterator[Found]:
    """"X is a 1994 American spy thriller film", "a 2008 Indian Tamil-language
    period film": year, country, language and genres of the film."""
    toks = ctx.toks
    for t in toks:
        if not _film_noun(ctx, t):
            continue
        film = _describes_film(ctx, t)
        if not film:
            continue
        if t.dep == "compound" and toks[t.head].lemma.lower() in lexicon.FILM_NOUNS:
            continue   # "film biography": read once, from the head noun
        # modifiers to the left of the noun, up to the determiner
        j = t.i - 1
        while j >= 0 and toks[j].head in range(t.i - 8, t.i + 1) and toks[j].dep not in ("det",) \
                and toks[j].text not in (",", "(", ")") and t.i - j < 10:
            j -= 1
        mods = toks[j + 1:t.i]
        text = " ".join(m.text for m in mods).lower().replace(" - ", "-")
        for m in mods:
            w = m.text.lower()
            if re.fullmatch(r"(18|19|20)\d\d", m.text):
                yield Found(film, "releaseYear", m.text, m.i, t.i, literal=True, datatype="gYear")
            elif w in lexicon.NATIONALITIES and m.text[:1].isupper() and not (
                    w in lexicon.LANGUAGES and lexicon.NATIONALITIES[w] == "India") \
                    and not _language_compound(toks, m.i):
                country = lexicon.NATIONALITIES[w]
                key = ctx.entity("Place", country, alias=m.text)
                yield Found(film, "countryOfOrigin", key, m.i, t.i)
        for m in mods:
            w = m.text.lower()
            # "a Malayalam film", "Tamil-language", "a Japanese animated film"
            if w in lexicon.LANGUAGES and m.text[:1].isupper():
                conf = 0.6 if w in lexicon.NATIONALITIES and lexicon.NATIONALITIES[w] != "India" else 0.8
                yield Found(film, "language", m.text, m.i, t.i, literal=True, confidence=conf)
        for g in sorted(lexicon.GENRES, key=len, reverse=True):
            if re.search(r"(?<![\w-])" + re.escape(g) + r"(?![\w-])", text) or \
                    (g == t.lemma.lower() and g in lexicon.GENRES):
                yield Found(film, "genre", ctx.entity("Genre", lexicon.GENRES[g]), j + 1, t.i,
                            confidence=0.7)


def _language_compound(toks, i: int) -> bool:
    """'English-language', 'French language': the word names a language here,
    not the film's country."""
    j = i + 1
    if j < len(toks) and toks[j].text == "-":
        j += 1
    return j < len(toks) and toks[j].text.lower() in ("language", "languages", "speaking")


RELEASE_LEMMAS = frozenset({"release", "premiere", "premier", "open", "air", "broadcast", "debut"})
"""Verbs of a first showing ('premiered': spaCy's lemma is 'premier')."""


@rule("credits.release.v2", ("releaseYear",), 0.7)
def release(ctx: Context) -> Iterator[Found]:
    """"released in 1994", "premiered ... 1994", "the episode aired on ...
    2011", "a telenovela produced by X in 1995", "the 1990 film The Hunt for
    Red October"."""
    toks = ctx.toks
    for t in toks:
        made = t.lemma.lower() in ("produce", "make") and t.pos == "VERB"
        if t.lemma.lower() in RELEASE_LEMMAS and t.pos == "VERB" or made:
            film = _film_of(ctx, t.i)
            for j in range(t.i + 1, ctx.parsed.sents[t.sent][1]):
                if toks[j].sent != t.sent:
                    break
                if re.fullmatch(r"(18|19|20)\d\d", toks[j].text) and toks[j].ent == "DATE":
                    if made and not (toks[j].dep == "pobj" and toks[toks[j].head].text.lower() == "in"
                                     and toks[toks[j].head].head == t.i):
                        break     # "produced in 1995", not "produced by X, who in 1995 ..."
                    subj = [c for c in ctx.kids(t.i, "nsubj", "nsubjpass")]
                    if t.dep in ("acl", "relcl"):    # "the episode aired on ..., 2011"
                        subj.append(toks[t.head])
                    if any(ctx.cls(ctx.ref(s.i)) == "Film" or s.text.lower() in ("it", "film")
                           or s.lemma.lower() in lexicon.FILM_NOUNS for s in subj) \
                            and not any(toks[k].lemma.lower() in ("dvd", "video", "blu-ray", "remaster")
                                        for k in range(t.i, j)):
                        yield Found(film, "releaseYear", toks[j].text, t.i, j, literal=True,
                                    datatype="gYear")
                    break
        # "Rani Saheba (1930)": a title followed by a year in parentheses
        key = ctx.ref(t.i)
        if key and ctx.cls(key) == "Film" and t.i + 3 < len(toks) and ctx.ref(t.i + 1) != key \
                and toks[t.i + 1].text == "(" and re.fullmatch(r"(18|19|20)\d\d", toks[t.i + 2].text) \
                and toks[t.i + 3].text == ")":
            yield Found(key, "releaseYear", toks[t.i + 2].text, t.i, t.i + 3, literal=True,
                        datatype="gYear", confidence=0.8)
        # "the 1990 film Title": a year before a film noun followed by a title
        if _film_noun(ctx, t) and t.i + 1 < len(toks):
            key = ctx.ref(t.i + 1)
            if key and ctx.cls(key) == "Film":
                for m in toks[max(0, t.i - 3):t.i]:
                    if re.fullmatch(r"(18|19|20)\d\d", m.text):
                        yield Found(key, "releaseYear", m.text, m.i, t.i + 1, literal=True,
                                    datatype="gYear")


@rule("credits.set_in.v1", ("setIn",), 0.75)
def set_in(ctx: Context) -> Iterator[Found]:
    """"set in New York", "takes place in Colombia"."""
    toks = ctx.toks
    for t in toks:
        if t.text.lower() == "in" and t.i > 0 and (
                toks[t.i - 1].text.lower() == "set" or
                (toks[t.i - 1].text.lower() == "place" and t.i > 1 and toks[t.i - 2].lemma == "take")):
            for j in range(t.i + 1, min(t.i + 5, len(toks))):
                key = ctx.ref(j)
                if key and ctx.cls(key) == "Place":
                    yield Found(ctx.film_key, "setIn", key, t.i - 1, j)
                    break


@rule("awards.win_or_nomination.v1", ("wonAward", "nominatedFor"), 0.85)
def awards(ctx: Context) -> Iterator[Found]:
    """"X won five Oscars", "Dustin Hoffman won an Oscar", "Justin Henry,
    Oscar nominee", "got an Oscar nod", "nominated for an Academy Award"."""
    toks = ctx.toks
    for t in toks:
        award = ctx.ref(t.i)
        if not award or ctx.cls(award) != "Award":
            continue
        if t.i > 0 and ctx.ref(t.i - 1) == award:
            continue  # only the first token of a multi-token award name
        span_end = t.i
        while span_end + 1 < len(toks) and ctx.ref(span_end + 1) == award:
            span_end += 1
        after = toks[span_end + 1].text.lower() if span_end + 1 < len(toks) else ""
        nominated = after in lexicon.AWARD_NOMINATION_WORDS or \
            (t.i > 0 and toks[t.i - 1].text.lower() in ("nominated", "nomination"))
        # climb to the verb that governs the award
        k, verb = t.i, None
        for _ in range(6):
            k = toks[k].head
            if toks[k].lemma.lower() in AWARD_VERBS:
                verb = toks[k]
                break
            if toks[k].head == k or toks[k].sent != t.sent:
                break
        holder = None
        if verb is not None:
            lemma = verb.lemma.lower()
            if lemma in ("nominate",):
                nominated = True
            if lemma in lexicon.AWARD_WIN_LEMMAS or lemma in ("nominate", "get", "receive", "earn", "garner"):
                subj = [c for c in ctx.kids(verb.i, "nsubj", "nsubjpass")]
                if not subj and verb.dep in ("conj", "xcomp", "advcl"):
                    subj = [c for c in ctx.kids(verb.head, "nsubj", "nsubjpass")]
                for s in subj:
                    key = ctx.ref(s.i)
                    if key and ctx.cls(key) in ("Person", "Film"):
                        holder = (s.i, key)
                if holder is None and lemma in ("get", "garner") and not nominated:
                    continue
                if lemma == "get" and not nominated:
                    continue
        if holder is None and nominated:
            # "Billy (Justin Henry, Oscar nominee)": the name before
            for j in range(t.i - 1, max(t.i - 4, -1), -1):
                key = ctx.ref(j)
                if key and ctx.cls(key) == "Person":
                    holder = (j, key)
                    break
        if holder is None:
            continue
        prop = "nominatedFor" if nominated else "wonAward"
        yield Found(holder[1], prop, award, min(holder[0], t.i), max(holder[0], span_end))


CAST_CUES = frozenset({"star", "co-star", "costar", "cast", "role", "protagonist", "antagonist",
                       "performance", "appear", "appearance", "feature", "actor", "actress",
                       "portray", "lead", "ensemble", "guest", "opposite", "pair", "presenter",
                       "host", "anchor", "narrator", "starring", "co-starring", "participation"})
NOT_CAST_NOUNS = frozenset({"director", "writer", "screenwriter", "producer", "composer", "critic",
                            "author", "novelist", "showrunner", "creator", "reviewer", "editor",
                            "cinematographer", "president", "executive", "journalist"})


@rule("credits.cast_sentence.v1", ("castMember",), 0.6)
def cast_sentence(ctx: Context) -> Iterator[Found]:
    """A sentence about the cast ('The cast included A, B and C', 'The main
    protagonists are A and B', 'A and B play significant roles') makes the
    people it names cast members, unless they are credited as crew there."""
    toks = ctx.toks
    if ctx.parsed.doc.kind not in ("lead", "plot", "text"):
        return   # reviewers name the stars of other films in the same breath
    for s, (a, b) in enumerate(ctx.parsed.sents):
        if not any(t.lemma.lower() in CAST_CUES for t in toks[a:b]):
            continue
        for i in range(a, b):
            key = ctx.ref(i)
            if not key or ctx.cls(key) != "Person" or (i > a and ctx.ref(i - 1) == key):
                continue
            if toks[i].text.lower() in ("he", "she", "his", "her", "him", "himself", "herself"):
                continue
            end = i
            while end + 1 < b and ctx.ref(end + 1) == key:
                end += 1
            if end + 1 < b and toks[end + 1].text in ("'s", "’s", "'"):
                continue   # "Henry Miller's novel"
            if any(part in NOT_CAST_NOUNS for j in range(max(a, i - 3), i)
                   for part in toks[j].lemma.lower().split("/")):
                continue     # "director X", "writer/director X"
            if _crew_object(ctx, i):
                continue
            yield Found(ctx.film_key, "castMember", key, i, end)


def _crew_object(ctx: Context, i: int) -> bool:
    """Is token i (or its coordination head) the object of 'directed by' & co?"""
    toks = ctx.toks
    k = i
    for _ in range(6):
        t = toks[k]
        head = toks[t.head].lemma.lower()
        if t.text.lower() == "with" and head in CREDIT_VERBS and toks[t.head].pos == "VERB":
            return True          # "who co-wrote it with X, Y and Z"
        if t.text.lower() == "by" and (
                head in CREDIT_VERBS or head in CREDIT_NOUNS
                or head in WORK_NOUNS and toks[t.head].pos == "NOUN"   # not "played by X"
                or head in ("create", "base", "adapt")
                or head == "name" and any(toks[x].lemma.lower() in WORK_NOUNS
                                          for x in range(max(0, t.head - 6), t.head))):
            return True          # "directed by X", "the novel (of the same name) by X"
        if t.dep not in ("pobj", "conj", "appos", "compound", "agent", "prep", "flat"):
            return False
        if t.head == k or t.dep == "conj" and _cast_between(ctx, t.head, k):
            return False         # "written by A and stars B": B is cast
        k = t.head
    return False


@rule("credits.company.v1", ("productionCompany",), 0.7)
def company(ctx: Context) -> Iterator[Found]:
    """"This 20th Century Fox feature", "a BBC Television programme",
    "animated by Studio Ghibli", "released by Paramount Pictures", "under
    his banner Galaxy Films", "produced ... for Televisa"."""
    toks = ctx.toks
    for t in toks:
        if _film_noun(ctx, t):
            film = _describes_film(ctx, t) or (ctx.film_key if t.lemma.lower() in (
                "feature", "film", "movie", "programme", "program", "production") and
                any(c.text.lower() == "this" for c in ctx.kids(t.i, "det")) else None)
            if film:
                for c in ctx.kids(t.i, "compound", "nmod", "poss"):
                    for j in ctx.name_group(c.i):
                        key = ctx.ref(j)
                        if key and ctx.cls(key) == "Organization":
                            yield Found(film, "productionCompany", key, j, t.i)
        lemma = t.lemma.lower()
        if lemma in ("animate", "release", "distribute", "make", "finance") and t.pos == "VERB":
            for agent in ctx.kids(t.i, "agent"):
                for o in ctx.kids(agent.i, "pobj"):
                    for j in ctx.name_group(o.i):
                        key = ctx.ref(j)
                        if key and ctx.cls(key) == "Organization":
                            yield Found(_film_of(ctx, t.i), "productionCompany", key, t.i, j,
                                        confidence=0.6 if lemma != "animate" else 0.75)
        if lemma == "produce" and t.pos == "VERB":
            for prep in ctx.kids(t.i, "prep"):
                if prep.text.lower() in ("for", "under", "at", "through"):
                    for o in ctx.kids(prep.i, "pobj"):
                        cands = [o.i] + [c.i for c in ctx.kids(o.i, "appos")]
                        for j in cands:
                            key = ctx.ref(j)
                            if key and ctx.cls(key) == "Organization":
                                yield Found(_film_of(ctx, t.i), "productionCompany", key, t.i, j)
        if lemma in ("banner", "studio", "company") and t.pos == "NOUN":
            for c in ctx.kids(t.i, "appos", "compound"):
                key = ctx.ref(c.i)
                if key and ctx.cls(key) == "Organization" and any(
                        toks[k].lemma.lower() == "produce" for k in range(max(0, t.i - 8), t.i)):
                    yield Found(ctx.film_key, "productionCompany", key, t.i, c.i)


@rule("credits.aired_in.v1", ("countryOfOrigin",), 0.55)
def aired_in(ctx: Context) -> Iterator[Found]:
    """"It aired on Fox in the United States": a programme's first airing
    names its country."""
    for t in ctx.toks:
        # not 'premiered in Sydney': a festival's city is no country of origin
        if t.lemma.lower() not in ("air", "broadcast", "debut", "telecast") or t.pos != "VERB":
            continue
        for prep in ctx.kids(t.i, "prep"):
            if prep.text.lower() != "in":
                continue
            for o in ctx.kids(prep.i, "pobj"):
                key = ctx.ref(o.i)
                if key and ctx.cls(key) == "Place":
                    yield Found(_film_of(ctx, t.i), "countryOfOrigin", key, t.i, o.i)
        for prep in ctx.kids(t.i, "prep"):
            for o in ctx.kids(prep.i, "pobj"):
                for p2 in ctx.kids(o.i, "prep"):
                    if p2.text.lower() == "in":
                        for o2 in ctx.kids(p2.i, "pobj"):
                            key = ctx.ref(o2.i)
                            if key and ctx.cls(key) == "Place":
                                yield Found(_film_of(ctx, t.i), "countryOfOrigin", key, t.i, o2.i)


WORK_NOUNS = frozenset({"novel", "book", "play", "story", "short story", "comic", "novella",
                        "memoir", "biography", "autobiography", "musical", "opera", "series",
                        "manga", "poem", "article", "game", "film", "screenplay", "fairy tale"})


@rule("credits.based_on.v1", ("basedOn",), 0.8)
def based_on(ctx: Context) -> Iterator[Found]:
    """"based on Tom Clancy's novel of the same name", "based on the 1977
    novel Kramer vs. Kramer by Avery Corman": the work the film adapts."""
    toks = ctx.toks
    for t in toks:
        if t.text.lower() != "on" or t.i == 0 or toks[t.i - 1].lemma.lower() not in ("base", "inspire", "adapt"):
            continue
        b = ctx.parsed.sents[t.sent][1]
        noun = next((toks[j] for j in range(t.i + 1, min(t.i + 8, b))
                     if toks[j].lemma.lower() in WORK_NOUNS and toks[j].pos == "NOUN"), None)
        if noun is None:
            continue
        after = " ".join(x.text.lower() for x in toks[noun.i + 1:min(noun.i + 5, b)])
        title = None
        if after.startswith("of the same name"):
            title = ctx.res.entities[_film_of(ctx, t.i)].label
        else:
            j = noun.i + 1
            while j < b and toks[j].text in ('"', "“", "'", "‘"):
                j += 1
            if j < b and toks[j].text[:1].isupper() and toks[j].pos == "PROPN":
                k = j
                while k < b and (toks[k].text[:1].isupper() or toks[k].text.lower() in (
                        "of", "the", "and", "a", "in", "to", "for", "vs", "vs.")) and \
                        toks[k].text.lower() != "by" and not ctx.ref(k) or (k < b and ctx.ref(k) == ctx.ref(j) and ctx.cls(ctx.ref(j)) == "Film"):
                    k += 1
                while k > j and not toks[k - 1].text[:1].isupper():
                    k -= 1
                if k > j and ctx.cls(ctx.ref(j)) not in ("Person",):
                    title = ctx.parsed.doc.body[toks[j].idx:toks[k - 1].idx + len(toks[k - 1].text)]
        if not title:
            continue
        kind = noun.lemma.lower()
        key = ctx.entity("Work", f"{title} ({kind})", alias=title)
        yield Found(_film_of(ctx, t.i), "basedOn", key, t.i - 1, noun.i)
