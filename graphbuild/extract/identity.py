"""Which names are one being, and why: names cleaned of honorifics and
possessives, and grouped by evidence only.

Two full names are one being when one extends the other ('James Greer',
'Vice Admiral James Greer'), when their first names are one name and a
nickname ('Jim Gordon', 'James Gordon') or when one word is one letter off
('Dorian Tyrel', 'Dorian Tyrell'), the other words the same. A lone first
name or surname joins a group only when exactly one group has it, so
'Kramer' alone never merges Ted, Joanna and Billy Kramer. Every merge keeps
its reason (`cluster_names(..., why=)`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphbuild.extract import lexicon
from graphbuild.extract.names import one_edit_apart, same_first_name

_HONORIFIC = re.compile(r"^(?:(" + "|".join(sorted(lexicon.HONORIFICS, key=len, reverse=True))
                        + r")\.?\s+)+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PARTICLES = frozenset({"de", "van", "von", "da", "di", "le", "la", "del", "della", "der",
                        "bin", "al", "el", "du", "dos", "das", "ten", "ter", "y"})


def clean_name(text: str) -> tuple[str, str | None]:
    """A name without possessive, honorifics and stray punctuation, and the
    gender an honorific implies ('Mr. Kramer' -> ('Kramer', 'm'))."""
    name = " ".join(text.replace("\n", " ").split())
    if name.count('"') % 2:
        name = name.replace('"', "")          # 'George "Mac' cut inside a quote
    name = _POSSESSIVE.sub("", name).strip(" ,.;:\"'()[]-–—")
    if name.lower().startswith("the "):
        name = name[4:]
    gender = None
    m = _HONORIFIC.match(name)
    if m and len(name) > m.end():
        gender = lexicon.HONORIFICS.get(m.group(1).lower().rstrip("."))
        if m.group(1).lower() in ("mr", "mrs", "ms", "miss", "mister"):
            name = name[m.end():]
    return name, gender


def trim_name(tokens: list[str], glued: list[bool] | None = None) -> int:
    """How many leading tokens of an NER span form the name: stops at the
    first lower-case word that is not a name particle ('Billy with Ted' -> 1);
    a lower-case part after a hyphen inside a word stays ('Hyo-ri': `glued`
    says which tokens follow the one before without a space)."""
    glued = glued or [False] * len(tokens)
    for n, w in enumerate(tokens):
        if n and w[:1].islower() and w not in _PARTICLES and w not in ("'s", "’s") \
                and not (tokens[n - 1] in ("-", "‐") and glued[n] and glued[n - 1]):
            return n
        if n and w in ("&", ",", "and"):
            return n
        if n and w in ("-", "‐", "–", "—") and not glued[n]:
            return n        # "Alan Garner - who ...": a dash, not a hyphen
    return len(tokens)


def name_gender(name: str) -> str | None:
    """'m' or 'f' from a known first name, else None."""
    first = name.split()[0].lower() if name.split() else ""
    if first in lexicon.MALE_NAMES and first not in lexicon.FEMALE_NAMES:
        return "m"
    if first in lexicon.FEMALE_NAMES and first not in lexicon.MALE_NAMES:
        return "f"
    return None


def norm(name: str) -> str:
    """Case- and punctuation-free form of a name ('O'Neal' -> 'oneal')."""
    return re.sub(r"[^\w ]", "", name.casefold()).strip()


def variant_reason(a: str, b: str) -> str | None:
    """Why two full names (normalized) are one being's, or None: a nickname
    ('jim gordon'/'james gordon') or one letter off in one word, the other
    words the same."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return None
    diff = [i for i in range(len(wa)) if wa[i] != wb[i]]
    if len(diff) != 1:
        return None
    i = diff[0]
    x, y = wa[i], wb[i]
    if i == 0 and same_first_name(x, y):
        return f"'{x}' and '{y}' are one first name, and the rest is the same"
    known = lexicon.MALE_NAMES | lexicon.FEMALE_NAMES
    if min(len(x), len(y)) >= 5 and x[0] == y[0] and one_edit_apart(x, y) \
            and not (i == 0 and x in known and y in known):   # Maria and Marie are two
        return f"'{x}' and '{y}' are one letter apart, and the rest is the same"
    return None


def cluster_names(names: list[str], counts: Counter,
                  why: dict[str, str] | None = None) -> dict[str, str | None]:
    """Map each name to its group's canonical (fullest, most used) name, or
    None when it is ambiguous: 'Ted' -> 'Ted Kramer'; 'Kramer' with two
    Kramers -> None. `why`, when given, gets the reason of every name merged
    into another."""
    by_norm: dict[str, list[str]] = defaultdict(list)
    for n in names:
        if norm(n):
            by_norm[norm(n)].append(n)
    # The most frequent spelling of each normalized name ("BIlly" -> "Billy").
    best = {k: max(v, key=lambda s: (counts[s], s[:1].isupper() and not s.isupper(), s))
            for k, v in by_norm.items()}
    weight = {k: sum(counts[s] for s in v) for k, v in by_norm.items()}
    parent = {k: k for k in best}
    link: dict[str, str] = {}          # key -> why it joined the key it was linked to

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    def union(k: str, other: str, reason: str) -> None:
        a, b = find(k), find(other)
        if a != b:
            parent[a] = b
            link.setdefault(k, reason)        # whichever of the two is not the label
            link.setdefault(other, reason)

    multi = sorted(k for k in best if len(k.split()) > 1)
    for i, a in enumerate(multi):
        for b in multi[i + 1:]:
            reason = variant_reason(a, b)
            if reason:
                union(a, b, reason)
    for k in multi:
        # A longer name that starts or ends with this one ("Mary Ann" ~
        # "Mary Ann Mathews", "James Greer" ~ "Vice Admiral James Greer").
        longer = {find(o) for o in multi if o != k and (o.endswith(" " + k) or o.startswith(k + " "))}
        if len(longer) == 1 and find(k) not in longer:
            target = next(o for o in multi if find(o) in longer
                          and (o.endswith(" " + k) or o.startswith(k + " ")))
            union(k, target, f"the only longer name with it is '{best[target]}'")
    for k in multi:
        # "Detective Ichabod Crane" is "Ichabod Crane" with a title
        words = k.split()
        n = 0
        while n < len(words) - 2 and words[n] in lexicon.HONORIFICS:
            n += 1
        if n and " ".join(words[n:]) in best:
            union(k, " ".join(words[n:]), f"'{best[' '.join(words[n:])]}' with a title")
    for k in multi:
        # "Dr Watson" is the only Watson of the film ("John Watson")
        words = k.split()
        rest = [w for w in words if w not in lexicon.HONORIFICS]
        if len(rest) == 1 and len(rest) < len(words):
            others = {find(o) for o in multi if o != k and o.split()[-1] == rest[0]
                      and o.split()[0] not in lexicon.HONORIFICS}
            if len(others) == 1 and find(k) not in others:
                target = next(o for o in multi if find(o) in others)
                union(k, target, f"a title and the surname of the only '{best[target]}'")
    groups: dict[str, list[str]] = defaultdict(list)
    for k in best:
        groups[find(k)].append(k)
    first_names = lexicon.MALE_NAMES | lexicon.FEMALE_NAMES

    def fullness(k: str, members: list[str]) -> tuple:
        words = k.split()
        titled = words[0] in lexicon.HONORIFICS    # "Sean Mercer" over "Detective Mercer"
        # a word before another member's whole name is a title or stray
        # ('Langley Ed Hoffman'); after it, a surname ('Mary Ann Mathews')
        prefixed = words[0] not in first_names and any(k.endswith(" " + o) for o in members
                                                       if o != k)
        return (titled, prefixed, -len(words), -weight[k], -len(k), k)

    canon_key = {root: min(members, key=lambda k: fullness(k, members))
                 for root, members in groups.items()}
    canon_of: dict[str, str | None] = {k: best[canon_key[find(k)]] for k in multi}
    for k in best:
        if len(k.split()) > 1:
            continue
        firsts = {find(o) for o in multi if o.split()[0] == k}
        lasts = {find(o) for o in multi if o.split()[-1] == k}
        found = firsts | lasts
        if not found:
            canon_of[k] = best[k]
        elif len(found) == 1:
            root = next(iter(found))
            canon_of[k] = best[canon_key[root]]
            part = "first name" if root in firsts else "surname"
            link[k] = (f"{part} of the only name of the film with it: "
                       f"'{best[canon_key[root]]}'")
        else:
            canon_of[k] = None   # shared first name or surname: ambiguous
    out: dict[str, str | None] = {}
    for k, variants in by_norm.items():
        for v in variants:
            out[v] = canon_of[k]
            if why is not None and canon_of[k] is not None and v != canon_of[k]:
                if norm(v) == norm(canon_of[k]):
                    why[v] = f"the same name written '{v}'"
                else:
                    why[v] = link.get(k) or f"another form of '{canon_of[k]}'"
    return out
