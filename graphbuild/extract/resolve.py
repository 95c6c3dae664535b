"""Mentions -> entities, per film: who is an actor and who a character, which
names are one being, and what each pronoun points to.

Identity rules, in short: real people (cast and crew, or names used in a
person's context: "(Dustin Hoffman)", "X as Y", "directed by X") are global
Persons; other named beings of the story are Characters of this one film.
A first name or surname joins a fuller name only when exactly one fuller name
fits, so "Kramer" alone never merges Ted, Joanna and Billy Kramer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graphbuild.extract import lexicon
from graphbuild.extract.mentions import PERSON_LEMMAS, find_titles, repair_mentions
from graphbuild.extract.pronouns import in_parentheses, learn_gender, resolve_pronouns
from graphbuild.model import Entity, FilmInfo, Mention, Parsed, Resolution, slug

__all__ = ["Resolution", "resolve", "cluster_names", "clean_name", "trim_name", "in_parentheses",
           "person_key", "name_gender"]

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
WORK_NOUNS = frozenset({"novel", "book", "story", "play", "character", "series", "comic",
                        "memoir", "autobiography", "poem", "script", "screenplay", "film",
                        "movie", "novella", "biography", "song", "album", "opera", "musical",
                        "role", "performance", "portrayal", "direction", "adaptation"})
_HONORIFIC = re.compile(r"^(?:(" + "|".join(sorted(lexicon.HONORIFICS, key=len, reverse=True))
                        + r")\.?\s+)+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_name(text: str) -> tuple[str, str | None]:
    """A name without possessive, honorifics and stray punctuation, and the
    gender an honorific implies ('Mr. Kramer' -> ('Kramer', 'm'))."""
    name = " ".join(text.replace("\n", " ").split())
    name = _POSSESSIVE.sub("", name).strip(" ,.;:\"'()[]")
    if name.lower().startswith("the "):
        name = name[4:]
    gender = None
    m = _HONORIFIC.match(name)
    if m and len(name) > m.end():
        gender = lexicon.HONORIFICS.get(m.group(1).lower().rstrip("."))
        if m.group(1).lower() in ("mr", "mrs", "ms", "miss", "mister"):
            name = name[m.end():]
    return name, gender


_PARTICLES = frozenset({"de", "van", "von", "da", "di", "le", "la", "del", "della", "der",
                        "bin", "al", "el", "du", "dos", "das", "ten", "ter", "y"})


def trim_name(tokens: list[str]) -> int:
    """How many leading tokens of an NER span form the name: stops at the
    first lower-case word that is not a name particle ('Billy with Ted' -> 1)."""
    for n, w in enumerate(tokens):
        if n and w[:1].islower() and w not in _PARTICLES and w not in ("'s", "’s"):
            return n
        if n and w in ("&", ",", "and"):
            return n
    return len(tokens)


def name_gender(name: str) -> str | None:
    """'m' or 'f' from a known first name, else None."""
    first = name.split()[0].lower() if name.split() else ""
    if first in lexicon.MALE_NAMES and first not in lexicon.FEMALE_NAMES:
        return "m"
    if first in lexicon.FEMALE_NAMES and first not in lexicon.MALE_NAMES:
        return "f"
    return None


def _norm(name: str) -> str:
    return re.sub(r"[^\w ]", "", name.casefold()).strip()


def person_key(name: str) -> str:
    return f"person/{slug(name)}"


def _span_tokens(p: Parsed, m: Mention) -> range:
    if m.tok_start >= 0:
        return range(m.tok_start, m.tok_end)
    lo = next((t.i for t in p.tokens if t.idx >= m.start), len(p.tokens))
    hi = lo
    while hi < len(p.tokens) and p.tokens[hi].idx < m.end:
        hi += 1
    return range(lo, hi)


def _role_votes(p: Parsed, m: Mention, span: range, names_at: dict[int, Mention]) -> int:
    """Votes for 'real person' (positive) or 'character' (negative)."""
    toks = p.tokens
    vote = 0
    after = span.stop
    before = span.start - 1
    # "Ted Kramer (Dustin Hoffman)" and "Billy (Justin Henry, Oscar nominee)"
    if after < len(toks) and toks[after].text == "(" and after + 1 in names_at:
        vote -= 2
    if before >= 0 and toks[before].text == "(":
        vote += 2   # a name opening parentheses is an actor's credit
    # "X as Y": X is the actor
    if after < len(toks) and toks[after].text.lower() == "as":
        if any(j in names_at for j in range(after + 1, min(after + 6, len(toks)))):
            vote += 2
    k = before
    while k >= 0 and toks[k].text[:1].isupper() and toks[k].text.lower().rstrip(".") in lexicon.HONORIFICS:
        k -= 1   # "as Vice Admiral James Greer"
    if k >= 0 and toks[k].text.lower() in ("as", "playing", "plays", "played", "portraying",
                                            "portrays", "portrayed"):
        vote -= 2
    # "won an Oscar for his Ted Kramer": an actor's role
    if k >= 1 and toks[k].text.lower() in ("his", "her") and toks[k - 1].text.lower() == "for":
        vote -= 2
    root = toks[m.token] if 0 <= m.token < len(toks) else None
    if root is not None:
        head = toks[root.head]
        if head.lemma.lower() in PERSON_LEMMAS and root.dep in ("nsubj", "pobj", "dobj", "conj", "appos"):
            if head.lemma.lower() in ("play", "portray") and root.dep == "dobj":
                vote -= 2
            else:
                vote += 1
        if head.lemma.lower() in STORY_LEMMAS and root.dep in ("nsubj", "dobj", "nsubjpass"):
            vote -= 1   # people of the story marry, kill and betray
        if root.dep == "pobj" and head.text.lower() == "by":
            grand = toks[head.head]
            if grand.lemma.lower() in PERSON_LEMMAS:
                vote += 2
        if root.dep in ("appos", "compound") and head.text.lower() in PERSON_NOUNS:
            vote += 2
        for t in p.children(root.i):
            if t.dep == "appos" and t.text.lower() in PERSON_NOUNS:
                vote += 2
        # "Clancy's character Jack Ryan": the name beside 'character' is one
        if root.dep in ("appos", "compound") and head.lemma.lower() in CHARACTER_NOUNS:
            vote -= 3
        for t in p.children(root.i):
            if t.dep == "appos" and t.lemma.lower() in CHARACTER_NOUNS:
                vote -= 3
    # "Tom Clancy's novel", "Robeson's character": an author's or actor's work
    if after < len(toks) and toks[after].text in ("'s", "’s", "'"):
        nxt = next((toks[j] for j in range(after + 1, min(after + 4, len(toks)))
                    if toks[j].pos in ("NOUN", "PROPN")), None)
        if nxt is not None and nxt.lemma.lower() in WORK_NOUNS:
            vote += 2
    return vote


def resolve(info: FilmInfo, parsed: list[Parsed]) -> Resolution:
    """Entities of one film and the entity each mention and pronoun names."""
    res = Resolution(film_key=f"film/{info.key}")
    ents = res.entities
    film = Entity(res.film_key, "Film", info.title, film=info.key)
    film.aliases.add(info.title.upper())
    ents[film.key] = film

    known_people = list(dict.fromkeys(info.directors + info.writers + info.producers
                                      + info.composers + info.cast + list(info.characters)))
    for name in known_people:
        e = Entity(person_key(name), "Person", name, gender=name_gender(name))
        ents[e.key] = e
    surname_people: dict[str, set[str]] = defaultdict(set)
    for name in known_people:
        surname_people[_norm(name.split()[-1])].add(person_key(name))
    fullname_people = {_norm(n): person_key(n) for n in known_people}
    firstname_people: dict[str, set[str]] = defaultdict(set)
    for name in known_people:
        if len(name.split()) > 1:
            firstname_people[_norm(name.split()[0])].add(person_key(name))
    meta_characters = {_norm(c): c for c in info.characters.values()}

    # Titles of films named in the text ("the 1990 film The Hunt for Red
    # October", "Rani Saheba (1930)") are films, whatever the NER said.
    for p in parsed:
        for a, b, title in find_titles(p):
            key = res.film_key if _norm(title) == _norm(info.title) else f"film/{slug(title)}"
            e = ents.setdefault(key, Entity(key, "Film", title))
            if title != e.label:
                e.aliases.add(title)
            for i in range(a, b):
                res.refs[(p.doc.doc_id, i)] = key

    for p in parsed:
        repair_mentions(p, res)

    # Pass 1: classify PERSON names by the votes of all their mentions.
    person_mentions: list[tuple[Parsed, Mention, range, str, str | None]] = []
    votes: Counter[str] = Counter()
    lead_names: set[str] = set()
    story_names: set[str] = set()
    story_words: set[str] = set()
    for p in parsed:
        spans = {id(m): _span_tokens(p, m) for m in p.mentions}
        names_at = {i: m for m in p.mentions for i in spans[id(m)]
                    if m.label in ("PERSON", "CAST")}
        for m in p.mentions:
            if m.label not in ("PERSON", "CAST"):
                continue
            if any((p.doc.doc_id, i) in res.refs for i in spans[id(m)]):
                continue   # part of a title
            span = spans[id(m)]
            # "Knowing Beth" at a sentence start: drop leading words that are not names
            while len(span) > 1 and p.tokens[span.start].pos in ("VERB", "ADJ", "ADV", "DET", "ADP"):
                span = range(span.start + 1, span.stop)
                m.start = p.tokens[span.start].idx
                m.text = p.doc.body[m.start:m.end]
            spans[id(m)] = span
            keep = trim_name([p.tokens[i].text for i in span])
            if keep < len(span):
                span = spans[id(m)] = range(span.start, span.start + keep)
                last = p.tokens[span.stop - 1]
                m.text = p.doc.body[m.start:last.idx + len(last.text)]
                m.end = last.idx + len(last.text)
            name, g = clean_name(m.text)
            if not name or not re.search(r"[A-Za-z]", name) or not name[:1].isupper() \
                    or name.lower().rstrip(".") in lexicon.HONORIFICS:
                continue   # "lesbian" or a lone "Mrs" tagged as a name is not one
            person_mentions.append((p, m, spans[id(m)], name, g))
            v = _role_votes(p, m, spans[id(m)], names_at)
            votes[_norm(name)] += v
            if p.doc.kind == "lead":
                lead_names.add(_norm(name))
            if p.doc.kind in STORY_KINDS and m.label != "CAST" and _norm(name) not in fullname_people:
                story_names.add(_norm(name))
                story_words.update(_norm(name).split())

    # A first name or surname shares the votes of the fuller name it stands
    # for ("Ryan" as the character makes "Jack Ryan" the character too).
    plain = [name for _, m, _, name, _ in person_mentions
             if m.label != "CAST" and _norm(name) not in fullname_people]
    canon = cluster_names(plain, Counter(plain))
    pooled: Counter[str] = Counter()
    for name in set(plain):
        c = canon.get(name)
        pooled[_norm(c) if c else _norm(name)] += votes[_norm(name)]
    for name in set(plain):
        c = canon.get(name)
        if c and len(name.split()) > 1:
            votes[_norm(name)] = pooled[_norm(c)]

    def is_person(name: str, label: str) -> bool | None:
        """True: a real person; False: a character; None: not known well
        enough to be either (a lone name only a review uses)."""
        n = _norm(name)
        if label == "CAST" or n in fullname_people:
            return True
        if n in meta_characters:
            return False
        if " " not in n and n in surname_people and not any(
                _norm(c).split()[0] == n for c in meta_characters):
            return len(surname_people[n]) == 1
        if votes[n] > 0:
            return True
        if votes[n] < 0:
            return False
        if n in story_names:
            return False
        if " " not in n and len(firstname_people.get(n, ())) == 1 and n not in story_words:
            return True   # "Emma" in a review of a film starring Emma Thompson
        if n in lead_names:
            return len(n.split()) > 1
        # Only reviews name it, with no role in the story: reviewers name
        # directors and actors of other films more than the film's characters.
        if len(n.split()) > 1:
            return True
        return False if n in story_words else None

    # Pass 2: people are global; everything else of the story is a character.
    char_names: Counter[str] = Counter()
    char_gender: dict[str, Counter] = defaultdict(Counter)
    pending: list[tuple[Parsed, Mention, range, str]] = []
    for p, m, span, name, g in person_mentions:
        kind = is_person(name, m.label)
        if kind is None:
            continue
        if kind:
            n = _norm(name)
            key = fullname_people.get(n)
            if key is None and " " not in n and len(surname_people.get(n, ())) == 1:
                key = next(iter(surname_people[n]))
            if key is None and " " not in n and len(firstname_people.get(n, ())) == 1:
                key = next(iter(firstname_people[n]))
            if key is None:
                key = person_key(name)
            e = ents.setdefault(key, Entity(key, "Person", name, gender=name_gender(name)))
            if name != e.label:
                e.aliases.add(name)
            for i in span:
                res.refs[(p.doc.doc_id, i)] = key
        else:
            char_names[name] += 1
            if g:
                char_gender[_norm(name)][g] += 3
            pending.append((p, m, span, name))
    for c in info.characters.values():
        char_names[c] += 1

    clusters = cluster_names(list(char_names), char_names)
    for name, canon in clusters.items():
        if canon is None:
            continue
        key = f"character/{info.key}/{slug(canon)}"
        e = ents.get(key)
        if e is None:
            e = ents[key] = Entity(key, "Character", canon, film=info.key)
        if name != canon:
            e.aliases.add(name)
    for p, m, span, name in pending:
        canon = clusters.get(name)
        if canon is None:
            continue
        key = f"character/{info.key}/{slug(canon)}"
        raw = " ".join(m.text.split())
        if raw != ents[key].label and _POSSESSIVE.sub("", raw) != ents[key].label:
            ents[key].aliases.add(_POSSESSIVE.sub("", raw).strip())
        for i in span:
            res.refs[(p.doc.doc_id, i)] = key
    for e in ents.values():
        if e.cls == "Character":
            votes_g = Counter()
            for n in [e.label, *e.aliases]:
                votes_g.update(char_gender.get(_norm(n), {}))
            e.gender = name_gender(e.label) or (votes_g.most_common(1)[0][0] if votes_g else None)

    for p in parsed:
        link_known_names(p, res, info)
    # Film titles, organizations, places and awards (unless a known name).
    for p in parsed:
        for m in p.mentions:
            span = _span_tokens(p, m)
            if any((p.doc.doc_id, i) in res.refs for i in span):
                continue
            key = _other_entity(m, info, res)
            if key:
                for i in span:
                    res.refs[(p.doc.doc_id, i)] = key
    learn_gender(parsed, res)
    for p in parsed:
        resolve_pronouns(p, res)
    return res


def name_index(res: Resolution, info: FilmInfo) -> dict[tuple[str, ...], str]:
    """Casefolded name token sequences -> entity key, for this film's
    characters (labels, aliases, unambiguous first names) and its people."""
    index: dict[tuple[str, ...], str] = {}
    firsts: dict[str, set[str]] = defaultdict(set)
    film_people = {person_key(n) for n in info.directors + info.writers + info.producers
                   + info.composers + info.cast + list(info.characters)}
    film_people |= {k for k in set(res.refs.values()) if k.startswith("person/")}
    for e in res.entities.values():
        if e.cls == "Character" or e.key in film_people:
            for n in [e.label, *e.aliases]:
                words = tuple(w.casefold() for w in re.findall(r"[\w'’.-]+", n))
                if words:
                    index.setdefault(words, e.key)
            if e.cls == "Character" and len(e.label.split()) > 1:
                firsts[e.label.split()[0].casefold()].add(e.key)
    surnames: dict[str, set[str]] = defaultdict(set)
    for key in film_people:
        e = res.entities.get(key)
        if e is not None and len(e.label.split()) > 1:
            surnames[e.label.split()[-1].casefold()].add(key)
    for first, keys in firsts.items():
        if len(keys) == 1:
            index.setdefault((first,), next(iter(keys)))
    for last, keys in surnames.items():
        if len(keys) == 1:
            index.setdefault((last,), next(iter(keys)))
    return index


def link_known_names(p: Parsed, res: Resolution, info: FilmInfo) -> None:
    """Mark every capitalized occurrence of a known name, which the NER missed
    or mislabelled ('BIlly', 'Billy' tagged ORG), as that entity."""
    index = name_index(res, info)
    if not index:
        return
    longest = max(len(k) for k in index)
    toks, doc = p.tokens, p.doc.doc_id
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(longest, len(toks) - i), 0, -1):
            words = tuple(t.text.casefold() for t in toks[i:i + n])
            key = index.get(words)
            if key and all(t.text[:1].isupper() for t in toks[i:i + n]):
                hit = (n, key)
                break
        if hit:
            n, key = hit
            current = res.refs.get((doc, i))
            if current is None or res.entities[current].cls in ("Organization", "Place") \
                    or (current != key and n > 1):
                for j in range(i, i + n):
                    res.refs[(doc, j)] = key
            i += n
        else:
            i += 1


def _other_entity(m: Mention, info: FilmInfo, res: Resolution) -> str | None:
    ents = res.entities
    text = " ".join(m.text.split())
    if m.label == "FILM":
        if text != info.title:
            ents[res.film_key].aliases.add(text)
        return res.film_key
    if m.label == "AWARD":
        canon = lexicon.AWARDS.get(text.lower().rstrip("s"), lexicon.AWARDS.get(text.lower()))
        canon = canon or text
        key = f"award/{slug(canon)}"
        e = ents.setdefault(key, Entity(key, "Award", canon))
        if text != canon:
            e.aliases.add(text)
        return key
    name = re.sub(r"^(?:the)\s+", "", _POSSESSIVE.sub("", text), flags=re.I).strip()
    if not name or not re.search(r"[A-Za-z]", name):
        return None
    if m.label == "ORG":
        key = f"organization/{slug(name)}"
        e = ents.setdefault(key, Entity(key, "Organization", name))
    elif m.label in ("GPE", "LOC", "FAC"):
        key = f"place/{slug(name)}"
        e = ents.setdefault(key, Entity(key, "Place", name))
    else:
        return None
    if text != e.label:
        e.aliases.add(text)
    return key


def cluster_names(names: list[str], counts: Counter) -> dict[str, str | None]:
    """Map each character name to its canonical (fullest) name, or None when
    it is ambiguous: 'Ted' -> 'Ted Kramer'; 'Kramer' with two Kramers -> None."""
    by_norm: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_norm[_norm(n)].append(n)
    # The most frequent spelling of each normalized name ("BIlly" -> "Billy").
    best = {k: max(v, key=lambda s: (counts[s], s[:1].isupper() and not s.isupper(), s))
            for k, v in by_norm.items()}
    multi = [k for k in best if len(k.split()) > 1]
    out: dict[str, str | None] = {}
    canon_of: dict[str, str | None] = {}
    for k in best:
        words = k.split()
        if len(words) > 1:
            # A longer name that starts or ends with this one ("Mary Ann" ~
            # "Mary Ann Mathews", "James Greer" ~ "Vice Admiral James Greer").
            longer = [o for o in multi if o != k and (o.endswith(" " + k) or o.startswith(k + " "))]
            canon_of[k] = best[longer[0]] if len(longer) == 1 else best[k]
            continue
        firsts = [o for o in multi if o.split()[0] == k]
        lasts = [o for o in multi if o.split()[-1] == k]
        if len(firsts) == 1 and not lasts:
            canon_of[k] = best[firsts[0]]
        elif len(lasts) == 1 and not firsts:
            canon_of[k] = best[lasts[0]]
        elif not firsts and not lasts:
            canon_of[k] = best[k]
        else:
            canon_of[k] = None   # shared first name or surname: ambiguous
    for k, variants in by_norm.items():
        for v in variants:
            out[v] = canon_of[k]
    return out
