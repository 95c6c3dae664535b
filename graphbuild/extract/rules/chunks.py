"""A sentence as a flat list of chunks: names, pronouns, parenthetical
credits and plain words. Token patterns read it where the dependency parse
breaks (a name followed by '(Actor)', long appositions, lists of names), so
'her boyfriend Stan (Hunter Parrish), the captain of the team' reads as
`her boyfriend NAME , the captain of the team`."""

from __future__ import annotations

from dataclasses import dataclass

from graphbuild.extract import lexicon
from graphbuild.extract.rules.registry import Context
from graphbuild.model import Token

POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass
class Chunk:
    kind: str                  # "name", "pron", "paren", "word"
    start: int                 # token span [start, end)
    end: int
    key: str | None = None     # entity of a name or resolved pronoun
    poss: bool = False         # "Joanna's", "his"
    tok: Token | None = None   # the (first) token

    @property
    def lower(self) -> str:
        return self.tok.text.lower() if self.tok is not None else ""

    @property
    def lemma(self) -> str:
        return self.tok.lemma.lower() if self.tok is not None else ""

    def is_(self, *words: str) -> bool:
        return self.kind == "word" and self.lower in words


def chunks(ctx: Context, s: int) -> list[Chunk]:
    """Sentence s as chunks. A name is a run of tokens naming one entity; a
    parenthetical '( ... )' is one chunk (an actor's credit, an aside).
    Made once per sentence for all the rules that read one context."""
    cache = ctx.extra.setdefault("_chunks", {})
    key = (ctx.parsed.doc.doc_id, s)
    if key not in cache:
        cache[key] = _chunks(ctx, s)
    return cache[key]


def _chunks(ctx: Context, s: int) -> list[Chunk]:
    toks = ctx.toks
    a, b = ctx.parsed.sents[s]
    refs, doc = ctx.res.refs, ctx.parsed.doc.doc_id
    out: list[Chunk] = []
    i = a
    while i < b:
        t = toks[i]
        if t.text == "(":
            j = i + 1
            while j < b and toks[j].text != ")" and j - i < 15:
                j += 1
            if j < b and toks[j].text == ")":
                out.append(Chunk("paren", i, j + 1, tok=t))
                i = j + 1
                continue
        key = refs.get((doc, i))
        if key is not None:
            j = i + 1
            while j < b and refs.get((doc, j)) == key:
                j += 1
            c = Chunk("name", i, j, key=key, tok=t)
            if j < b and toks[j].text in POSSESSIVE:
                c.poss = True
                j += 1
            out.append(c)
            i = j
            continue
        key = ctx.res.pronouns.get((doc, i))
        w = t.text.lower()
        if key is not None or w in lexicon.MALE_PRONOUNS | lexicon.FEMALE_PRONOUNS \
                | lexicon.PLURAL_PRONOUNS:
            poss = w in ("his", "their", "its") or (w == "her" and (t.dep == "poss" or
                                                                   t.tag == "PRP$"))
            out.append(Chunk("pron", i, i + 1, key=key, poss=poss, tok=t))
            i += 1
            continue
        out.append(Chunk("word", i, i + 1, tok=t))
        i += 1
    return out


def skip_paren(cs: list[Chunk], k: int) -> int:
    """Index of the first chunk at or after k that is not a parenthetical."""
    while k < len(cs) and cs[k].kind == "paren":
        k += 1
    return k


def name_list(cs: list[Chunk], k: int, many: bool) -> tuple[list[Chunk], int]:
    """Names from chunk k on: one ('Victoria'), or with `many` a list ('A (..),
    B (..), and C (..)'); and the index after them."""
    names: list[Chunk] = []
    while k < len(cs) and cs[k].kind == "name" and not cs[k].poss:
        names.append(cs[k])
        k = skip_paren(cs, k + 1)
        if not many:
            break
        j = k
        if j < len(cs) and cs[j].is_(","):
            j += 1
        if j < len(cs) and cs[j].is_("and", "&"):
            j += 1
        if j == k or j >= len(cs) or cs[j].kind != "name" or cs[j].poss:
            break
        k = j
    return names, k


def owner_before(ctx: Context, cs: list[Chunk], k: int) -> list[tuple[int, str]]:
    """Who a noun at chunk k belongs to: the possessive right before its
    modifiers ('his young son', "Deborah's alcoholic mother"), as (token,
    entity) pairs; 'their' stands for the last two characters named."""
    j = k - 1
    while j >= 0 and cs[j].kind == "word" and _modifier(cs[j].tok):
        j -= 1
    if j < 0 or not cs[j].poss:
        return []
    c = cs[j]
    if c.kind == "name":
        return [(c.start, c.key)]
    if c.lower == "their":
        return last_two(ctx, c.start)
    if c.key:
        return [(c.start, c.key)]
    return []


def last_two(ctx: Context, i: int) -> list[tuple[int, str]]:
    """What 'their' stands for: the last two characters named before token
    i in its sentence, when they are a pair right before it ('John (..) and
    Deborah (..), their kids'); or, when its clause's subject is 'they', the
    pair that is the subject of this or the previous sentence ('Ted and
    Joanna argue. They raise their son'); else none (precision first)."""
    return _adjacent_pair(ctx, i) or _they_pair(ctx, i)


def _they_pair(ctx: Context, i: int) -> list[tuple[int, str]]:
    toks = ctx.toks
    k = i
    for _ in range(6):
        k = toks[k].head
        if toks[k].pos in ("VERB", "AUX") or toks[k].head == k:
            break
    if not any(c.text.lower() == "they" and c.dep in ("nsubj", "nsubjpass")
               for c in ctx.kids(k)):
        return []
    s = toks[i].sent
    for sent in (s, s - 1):
        if sent < 0:
            continue
        a, b = ctx.parsed.sents[sent]
        for t in toks[a:b]:
            if t.dep not in ("nsubj", "nsubjpass") or t.i >= i:
                continue
            pair = [(x.i, ctx.ref(x.i)) for x in [t, *ctx.kids(t.i, "conj")]]
            pair = [(x, key) for x, key in pair if key and ctx.cls(key) == "Character"]
            if len(pair) == 2 and pair[0][1] != pair[1][1]:
                return pair
    return []


def _adjacent_pair(ctx: Context, i: int) -> list[tuple[int, str]]:
    toks = ctx.toks
    doc = ctx.parsed.doc.doc_id
    seen: list[tuple[int, str]] = []
    for j in range(i - 1, max(i - 80, -1), -1):
        if toks[j].sent != toks[i].sent:
            break
        key = ctx.res.refs.get((doc, j))
        if key and ctx.cls(key) == "Character" and key not in [k for _, k in seen] \
                and not _in_parens(ctx, j):
            seen.append((j, key))
        if len(seen) == 2:
            break
    if len(seen) != 2:
        return []
    (b, kb), (a, ka) = seen
    while b > 0 and ctx.res.refs.get((doc, b - 1)) == kb:
        b -= 1          # the start of the second name
    # between the two names only their credits, commas and 'and'
    k = a + 1
    while k < b and ctx.res.refs.get((doc, k)) == ka:
        k += 1
    between = [t for t in toks[k:b] if not _in_parens(ctx, t.i) and t.text not in ("(", ")")]
    if [t.text.lower() for t in between if t.text != ","] != ["and"]:
        return []
    # and right before 'their', but for their credits and a comma
    k = b
    while k < i and ctx.res.refs.get((doc, k)) == kb:
        k += 1
    if any(not _in_parens(ctx, t.i) and t.text not in ("(", ")", ",") for t in toks[k:i]):
        return []
    return seen


def _in_parens(ctx: Context, j: int) -> bool:
    from graphbuild.extract.pronouns import in_parentheses

    return in_parentheses(ctx.toks, j)


def _modifier(t: Token) -> bool:
    """A word that may stand between a possessive and its noun: 'young',
    '8-year-old', 'alcoholic', 'best', 'three', 'high school-age'."""
    if t.pos in ("ADJ", "NUM", "ADV") or t.text in ("-",):
        return t.text.lower() not in ("and", "or")
    return t.pos == "NOUN" and t.text[:1].islower()
