"""Mentions -> entities, per film: what each name is, who is an actor and
who a character, which names are one being, and what each pronoun points to.

Identity rules, in short: real people (cast and crew, or names used in a
person's context: "(Dustin Hoffman)", "X as Y", "directed by X") are global
Persons; other named beings of the story are Characters of this one film.
A name the NER took for a person's that its documents show to be a place,
an organization, a work or no entity at all is retyped or dropped (see
`entities`). Names join a fuller name only with evidence (see `identity`),
so "Kramer" alone never merges Ted, Joanna and Billy Kramer. Every entity
records the decision: the evidence for its class, and each merged name
with why (`Entity.decisions`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from graphbuild.extract import lexicon
from graphbuild.extract.candidates import Name, kinds as kinds_of, names_of, span_tokens, unmarked
from graphbuild.extract.entities import (BEING, NONE, ORGANIZATION, PERSON, PLACE, STORY_KINDS,
                                         WORK, Cue, explain, film_words)
from graphbuild.extract.identity import clean_name, cluster_names, name_gender, trim_name, variant_reason
from graphbuild.extract.identity import norm as _norm
from graphbuild.extract.mentions import find_titles, repair_mentions, title_year
from graphbuild.extract.pronouns import in_parentheses, learn_gender, resolve_pronouns
from graphbuild.model import Decision, Entity, FilmInfo, Mention, Parsed, Resolution, slug

__all__ = ["Resolution", "resolve", "cluster_names", "clean_name", "trim_name", "in_parentheses",
           "person_key", "name_gender"]

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def person_key(name: str) -> str:
    return f"person/{slug(name)}"


@dataclass
class _Known:
    """The people the film's metadata names, indexed by name parts."""

    fullname: dict[str, str]
    surname: dict[str, set[str]]
    firstname: dict[str, set[str]]
    characters: dict[str, str]

    def names(self) -> set[str]:
        """Every normalized name the credits give, and its first and last words."""
        return set(self.fullname) | set(self.characters) | set(self.surname) | set(self.firstname)

    def variant(self, n: str) -> str | None:
        """The one credited person whose full name is one letter or a
        nickname off the normalized name n ('tracey griffith' for Tracy Griffith)."""
        found = {key for full, key in self.fullname.items() if variant_reason(n, full)}
        return next(iter(found)) if len(found) == 1 else None


def _known(info: FilmInfo, res: Resolution) -> _Known:
    """Persons of the credits (with why) and the indexes `resolve` reads."""
    ents = res.entities
    roles = [(info.directors, "director"), (info.writers, "writer"), (info.producers, "producer"),
             (info.composers, "composer"), (info.cast, "cast member"),
             (list(info.characters), "cast member")]
    known_people: list[str] = []
    for names, role in roles:
        for name in names:
            key = person_key(name)
            e = ents.setdefault(key, Entity(key, "Person", name, gender=name_gender(name)))
            d = e.decision(info.key)
            why = f"a {role} in the film's credits (front matter or metadata)"
            if why not in d.reasons:
                d.reasons.append(why)
            if name not in known_people:
                known_people.append(name)
    k = _Known({_norm(n): person_key(n) for n in known_people}, defaultdict(set),
               defaultdict(set), {_norm(c): c for c in info.characters.values()})
    for name in known_people:
        k.surname[_norm(name.split()[-1])].add(person_key(name))
        if len(name.split()) > 1:
            k.firstname[_norm(name.split()[0])].add(person_key(name))
    return k


def _titles(info: FilmInfo, parsed: list[Parsed], res: Resolution) -> None:
    """Titles of films named in the text ("the 1990 film The Hunt for Red
    October", "Rani Saheba (1930)") are films, whatever the NER said."""
    ents = res.entities
    for p in parsed:
        for a, b, title in find_titles(p):
            # with its year the key is a corpus film's ("The Mask (1994)": film/the-mask-1994)
            year = title_year(p, a, b)
            key = f"film/{slug(title)}" + (f"-{year}" if year else "")
            if same_title(title, info.title) and (year is None or year == info.year
                                                  or info.year is None):
                key = res.film_key
            e = ents.setdefault(key, Entity(key, "Film", title))
            if title != e.label:
                e.aliases.add(title)
                e.decision(info.key).merged.setdefault(title, "the same title written so")
            d = e.decision(info.key)
            if not d.reasons:
                d.reasons.append("named as a film: " + " ".join(
                    p.doc.body[p.tokens[max(a - 2, 0)].idx:p.tokens[b - 1].idx
                               + len(p.tokens[b - 1].text)].split())[:80])
            for i in range(a, b):
                res.refs[(p.doc.doc_id, i)] = key


_TITLE_FILLERS = frozenset("the a an in of and part vs".split())


def same_title(a: str, b: str) -> bool:
    """Whether two titles are one film's written two ways: the same words
    but for punctuation, articles and fillers ('Wallace & Gromit: The Curse
    of the Were-Rabbit', 'Wallace & Gromit in The Curse of the Were-Rabbit';
    'The Godfather: Part III', 'The Godfather Part III')."""
    def words(t: str) -> list[str]:
        return [w for w in re.findall(r"\w+", t.casefold()) if w not in _TITLE_FILLERS]
    return bool(words(a)) and words(a) == words(b)


def resolve(info: FilmInfo, parsed: list[Parsed]) -> Resolution:
    """Entities of one film and the entity each mention and pronoun names."""
    res = Resolution(film_key=f"film/{info.key}")
    ents = res.entities
    film = Entity(res.film_key, "Film", info.title, film=info.key)
    film.aliases.add(info.title.upper())
    film.decision(info.key).reasons.append("the film the documents are about")
    ents[film.key] = film
    known = _known(info, res)
    _titles(info, parsed, res)
    for p in parsed:
        repair_mentions(p, res)

    # Pass 1: the cues of every name, and the votes for a real person
    # (positive) or a character (negative).
    fw = film_words(parsed)
    every = names_of(parsed, res, fw)
    names = [n for n in every if not n.other]
    every += unmarked(parsed, names, res)
    votes: Counter[str] = Counter()
    lead_names: set[str] = set()
    story_names: set[str] = set()
    story_words: set[str] = set()
    role_of: dict[str, list[Cue]] = defaultdict(list)
    for n in names:
        key = _norm(n.name)
        for c in n.cues:
            if c.cls == PERSON:
                votes[key] += c.weight
            elif c.cls == "Character":
                votes[key] -= c.weight
            if c.cls in (PERSON, "Character"):
                role_of[key].append(c)
        if n.p.doc.kind == "lead":
            lead_names.add(key)
        if n.p.doc.kind in STORY_KINDS and n.m.label != "CAST" and key not in known.fullname:
            story_names.add(key)

    # A first name or surname shares the votes of the fuller name it stands
    # for ("Ryan" as the character makes "Jack Ryan" the character too).
    plain = [n.name for n in names if n.m.label != "CAST" and _norm(n.name) not in known.fullname]
    canon = cluster_names(plain, Counter(plain))
    pooled: Counter[str] = Counter()
    for name in set(plain):
        c = canon.get(name)
        pooled[_norm(c) if c else _norm(name)] += votes[_norm(name)]
    for name in set(plain):
        c = canon.get(name)
        if c and len(name.split()) > 1:
            votes[_norm(name)] = pooled[_norm(c)]
    # names of the story, but not the actors a post names ("(Meryl Streep)")
    story_groups = {_norm(canon.get(x) or x) for x in plain
                    if _norm(x) in story_names and votes[_norm(x)] <= 0}
    for n in story_names:
        if votes[n] <= 0:
            story_words.update(n.split())
    titles = [info.title] + [e.label for e in ents.values() if e.cls == "Film"]
    kinds = kinds_of(every, known.names(), canon, fw, titles)

    def is_person(name: str, label: str) -> tuple[bool | None, list[str]]:
        """True: a real person; False: a character; None: not known well
        enough to be either (a lone name only a review uses); and why."""
        n = _norm(name)
        if label == "CAST" or n in known.fullname:
            return True, ["a name in the film's credits"]
        if known.variant(n):
            return True, ["a credited person's name, one letter or a nickname off"]
        if n in known.characters:
            return False, ["a character in the film's credits"]
        if " " not in n and n in known.surname and n not in story_words and not any(
                _norm(c).split()[0] == n for c in known.characters):
            if len(known.surname[n]) == 1:
                return True, ["the surname of one person in the credits"]
            return None, ["the surname of two people in the credits"]
        if votes[n] > 0:
            return True, explain(role_of[n], PERSON)
        if votes[n] < 0:
            return False, explain(role_of[n], "Character")
        if n in story_names:
            return False, ["named in the story (a plot or a post), not in the credits"]
        if _norm(canon.get(name) or name) in story_groups:
            return False, [f"'{canon.get(name)}' is named in the story, not in the credits"]
        if " " not in n and len(known.firstname.get(n, ())) == 1 and n not in story_words:
            return True, ["the first name of one person in the credits, not used in the story"]
        if n in lead_names:
            return (len(n.split()) > 1), ["named outside the story, in a Wikipedia lead"]
        # Only reviews name it, with no role in the story: reviewers name
        # directors and actors of other films more than the film's characters.
        if len(n.split()) > 1:
            return True, ["a full name only reviews use, with no role in the story"]
        if n in story_words:
            return False, ["a word of a character's name in the story"]
        return None, ["a lone name only reviews use, with no sign of being a character or a "
                      "person"]

    # Pass 2: people are global; names of the story are characters; names
    # shown to be places, organizations, works or no entity are retyped or dropped.
    char_names: Counter[str] = Counter()
    char_gender: dict[str, Counter] = defaultdict(Counter)
    char_why: dict[str, list[str]] = {}
    pending: list[Name] = []
    rejected: dict[str, list[str]] = {}
    for n in names:
        kind, kind_why = kinds.get(_norm(n.name), (BEING, []))
        if kind != BEING and n.m.label != "CAST":
            key = _retyped(n, kind, kind_why, info, res)
            if key is None:
                rejected.setdefault(n.name, kind_why)
            else:
                for i in n.span:
                    res.refs[(n.p.doc.doc_id, i)] = key
            continue
        person, why = is_person(n.name, n.m.label)
        if person is not None:
            why = why + [r for r in kind_why if r not in why][:max(0, 4 - len(why))]
        full = canon.get(n.name)
        if " " not in n.name and full and " " in full and n.m.label != "CAST" \
                and _norm(full).split()[-1] == _norm(n.name):
            # "Carrey" is the only Jim Carrey's surname: what he is, it is (a
            # lone first name is more often a character's: "Brian", not "Brian Scully")
            person, full_why = is_person(full, "PERSON")
            why = [f"a part of '{full}', which is {'a real person' if person else 'a character'}"
                   ] + full_why if person is not None else why
        if person is None:
            if why:
                rejected.setdefault(n.name, why)
            continue
        if person:
            alone = any(c.cls == PERSON and c.weight >= 1.5 for c in role_of[_norm(n.name)])
            key = _person(n.name, known, canon.get(n.name), alone)
            if key is None:
                rejected.setdefault(n.name, ["a lone name of no one person of the film (no full "
                                             "name in the credits or the text has it)"])
                continue
            full = canon.get(n.name) if key == person_key(canon.get(n.name) or "") else None
            label = full or n.name         # "Tyler" stands for Liv Tyler: her node's label
            e = ents.setdefault(key, Entity(key, "Person", label, gender=name_gender(label)))
            d = e.decision(info.key)
            credited = any("in the film's credits" in r for r in d.reasons)
            for r in why:
                if r not in d.reasons and not (credited and r == "a name in the film's credits"):
                    d.reasons.append(r)
            if n.name != e.label:
                e.aliases.add(n.name)
                d.merged.setdefault(n.name, _person_merge_reason(n.name, e.label))
            for i in n.span:
                res.refs[(n.p.doc.doc_id, i)] = key
        else:
            char_names[n.name] += 1
            char_why.setdefault(_norm(n.name), why)
            if n.gender:
                char_gender[_norm(n.name)][n.gender] += 3
            pending.append(n)
    for c in info.characters.values():
        char_names[c] += 1
        char_why.setdefault(_norm(c), ["a character in the film's credits"])

    merge_why: dict[str, str] = {}
    clusters = cluster_names(list(char_names), char_names, merge_why)
    for name, canon_name in clusters.items():
        if canon_name is None:
            continue
        key = f"character/{info.key}/{slug(canon_name)}"
        e = ents.get(key)
        if e is None:
            e = ents[key] = Entity(key, "Character", canon_name, film=info.key)
        d = e.decision(info.key)
        for r in char_why.get(_norm(name), []):
            if r not in d.reasons and not r.startswith("a part of '"):
                d.reasons.append(r)
        if name != canon_name:
            e.aliases.add(name)
            d.merged.setdefault(name, merge_why.get(name, f"another form of '{canon_name}'"))
    for n in pending:
        canon_name = clusters.get(n.name)
        if canon_name is None:
            rejected.setdefault(n.name, [
                "a first name or surname shared by two names of the film: no one being"])
            continue
        if n.gender and name_gender(canon_name) not in (None, n.gender) and canon_name != n.name:
            # "Mr. Dashwood" is not Elinor Dashwood
            rejected.setdefault(n.m.text, [f"titled as a {'man' if n.gender == 'm' else 'woman'}, "
                                           f"so not '{canon_name}'"])
            continue
        key = f"character/{info.key}/{slug(canon_name)}"
        raw = _POSSESSIVE.sub("", " ".join(n.m.text.split())).strip()
        if raw != ents[key].label and raw:
            ents[key].aliases.add(raw)
            ents[key].decision(info.key).merged.setdefault(
                raw, merge_why.get(n.name, "the same name with its title or spelling"))
        for i in n.span:
            res.refs[(n.p.doc.doc_id, i)] = key
    for e in ents.values():
        if e.cls == "Character":
            votes_g = Counter()
            for nm in [e.label, *e.aliases]:
                votes_g.update(char_gender.get(_norm(nm), {}))
            e.gender = name_gender(e.label) or (votes_g.most_common(1)[0][0] if votes_g else None)
    for name, why in sorted(rejected.items()):
        film.decisions.append(Decision(info.key, name, NONE, list(why)))

    index = name_index(res, info)
    for p in parsed:
        link_known_names(p, res, info, index)
    # Film titles, organizations, places and awards (unless a known name).
    for p in parsed:
        for m in p.mentions:
            span = span_tokens(p, m)
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


def _person(name: str, known: _Known, full: str | None = None, alone: bool = False) -> str | None:
    """The key of the person a name stands for: a credited person by full
    name (or one letter off it), unique surname or unique first name; a
    full name of its own; a lone name only as the surname of the one full
    name `full` of the film it stands for, else None (an actor's node never
    takes a lone first name: 'Peter' of 'Peter Greene' and 'Peter Riegert'),
    unless `alone` (the text says it is an actor's whole name: 'actors Jai,
    Swathi') and no credited name has it."""
    n = _norm(name)
    key = known.fullname.get(n) or known.variant(n)
    if key is None and " " not in n and len(known.surname.get(n, ())) == 1:
        key = next(iter(known.surname[n]))
    if key is None and " " not in n and len(known.firstname.get(n, ())) == 1:
        key = next(iter(known.firstname[n]))
    if key is None and " " not in n:
        if full and " " in full and _norm(full).split()[-1] == n:
            return person_key(full)
        return person_key(name) if alone and n not in known.surname \
            and n not in known.firstname else None
    return key or person_key(name)


def _person_merge_reason(name: str, label: str) -> str:
    words = label.split()
    if _norm(name) == _norm(label):
        return f"the same name written '{name}'"
    if _norm(name) == _norm(words[-1]):
        return f"the surname of the only person so named in the credits: '{label}'"
    if _norm(name) == _norm(words[0]):
        return f"the first name of the only person so named in the credits: '{label}'"
    return f"another form of '{label}'"


def _retyped(n: Name, kind: str, why: list[str], info: FilmInfo, res: Resolution) -> str | None:
    """The key of the place, organization or work a name was shown to be
    (made with its decision), or None when it is no entity."""
    ents = res.entities
    if kind == NONE:
        return None
    if kind == WORK:
        if _norm(n.name) == _norm(info.title):
            return res.film_key
        films = [e.key for e in ents.values() if e.cls == "Film" and _norm(e.label) == _norm(n.name)]
        if films:
            return films[0]
        return None   # a work the graph keeps no facts about
    cls = {PLACE: "Place", ORGANIZATION: "Organization"}[kind]
    key = f"{cls.lower()}/{slug(n.name)}"
    e = ents.setdefault(key, Entity(key, cls, n.name))
    d = e.decision(info.key)
    for r in why:
        if r not in d.reasons:
            d.reasons.append(r)
    return key


def _surname_like(word: str) -> bool:
    """A capitalized word of letters that is no title, initial or numeral
    ('Dent', not 'I' of 'Seti I', 'Jr.', 'Sr')."""
    return len(word) > 2 and word[:1].isupper() and word.isalpha() and not word.isupper() \
        and word.lower().rstrip(".") not in lexicon.HONORIFICS \
        and word.lower() not in ("jr", "sr", "junior", "senior")


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
    # "Dent" for Harvey Dent where the NER missed it: a character's surname
    # names them when no other character or person of the film has it
    for e in res.entities.values():
        words = e.label.split()
        if e.cls == "Character" and len(words) > 1 and _surname_like(words[-1]):
            surnames[words[-1].casefold()].add(e.key)
    for first, keys in firsts.items():
        if len(keys) == 1:
            index.setdefault((first,), next(iter(keys)))
    for last, keys in surnames.items():
        if len(keys) == 1:
            index.setdefault((last,), next(iter(keys)))
    return index


def link_known_names(p: Parsed, res: Resolution, info: FilmInfo,
                     index: dict[tuple[str, ...], str] | None = None) -> None:
    """Mark every capitalized occurrence of a known name, which the NER missed
    or mislabelled ('BIlly', 'Billy' tagged ORG), as that entity; not inside
    a film's title ('Helen' of 'The Private Life of Helen of Troy')."""
    index = name_index(res, info) if index is None else index
    if not index:
        return
    longest = max(len(k) for k in index)
    toks, doc = p.tokens, p.doc.doc_id
    titles = {i for m in p.mentions if m.label in ("FILM", "ALT_TITLE")
              for i in range(m.tok_start, m.tok_end)}
    i = 0
    while i < len(toks):
        if i in titles:
            i += 1
            continue
        hit = None
        for n in range(min(longest, len(toks) - i), 0, -1):
            words = tuple(t.text.casefold() for t in toks[i:i + n])
            key = index.get(words)
            if key and all(t.text[:1].isupper() for t in toks[i:i + n]):
                hit = (n, key)
                break
        if hit and hit[0] == 1 and _surname_alone(toks, i, res.entities[hit[1]]) and (
                res.refs.get((doc, i)) is not None
                or i + 1 < len(toks) and toks[i + 1].text[:1].isupper()
                and toks[i + 1].pos == "PROPN"):
            hit = None      # "Wayne Enterprises": a surname inside another name
        if hit and i > 0 and title_against(toks[i - 1].text, res.entities[hit[1]]):
            hit = None      # "Mr. Dashwood" is not Elinor Dashwood
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


def title_against(word: str, e) -> bool:
    """Is `word` a title of the other gender than the entity's ('Mr.' before
    Elinor Dashwood's surname)?"""
    said = lexicon.HONORIFICS.get(word.lower().rstrip("."))
    return bool(said and e.gender and said != e.gender)


def _surname_alone(toks, i: int, e) -> bool:
    """Whether token i is only the last word of the entity's name ('Dent'
    for Harvey Dent), not its first name or a whole alias."""
    word = toks[i].text.casefold()
    names = [e.label, *e.aliases]
    return any(len(n.split()) > 1 and n.split()[-1].casefold() == word for n in names) and \
        not any(n.split()[0].casefold() == word for n in names if n.split())


def _other_entity(m: Mention, info: FilmInfo, res: Resolution) -> str | None:
    ents = res.entities
    text = " ".join(m.text.split())
    if m.label == "FILM":
        if text != info.title:
            ents[res.film_key].aliases.add(text)
            ents[res.film_key].decision(info.key).merged.setdefault(
                text, "the film's title as the text writes it")
        return res.film_key
    if m.label == "AWARD":
        canon = lexicon.AWARDS.get(text.lower().rstrip("s"), lexicon.AWARDS.get(text.lower()))
        canon = canon or text
        key = f"award/{slug(canon)}"
        e = ents.setdefault(key, Entity(key, "Award", canon))
        d = e.decision(info.key)
        if not d.reasons:
            d.reasons.append("the name of an award")
        if text != canon:
            e.aliases.add(text)
            d.merged.setdefault(text, f"another name of the {canon}")
        return key
    name = re.sub(r"^(?:the)\s+", "", _POSSESSIVE.sub("", text), flags=re.I).strip()
    if not name or not re.search(r"[A-Za-z]", name):
        return None
    if m.label == "ORG":
        key = f"organization/{slug(name)}"
        e = ents.setdefault(key, Entity(key, "Organization", name))
        why = "the NER took it for an organization"
    elif m.label in ("GPE", "LOC", "FAC"):
        key = f"place/{slug(name)}"
        e = ents.setdefault(key, Entity(key, "Place", name))
        why = "the NER took it for a place"
    else:
        return None
    d = e.decision(info.key)
    if why not in d.reasons:
        d.reasons.append(why)
    if text != e.label:
        e.aliases.add(text)
        d.merged.setdefault(text, "the same name with 'the' or a possessive")
    return key
