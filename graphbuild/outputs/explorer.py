"""What the explorer page shows, as JSON-ready data cut into chunks.

Level one, the overview: one node per film, linked by the people the films
share and by the films their documents mention, sized by how many facts the
graph holds about the film, coloured by community, with genres and decades
to filter on. Level two, one chunk per film: its story graph (characters,
their relations, who plays whom) laid out for reading, every fact of the
film's part of the graph with its evidence, the documents quoted, the
identity decisions its documents made about its nodes and the names they
showed to be no entity; the film's genres, countries and years are
attributes, not nodes. Entity chunks give each shared entity (a person, a
genre, a place) its films and roles and the decisions of the films listed;
search chunks hold every name, keyed by the first two letters of its words.
A page of a 50,000-film graph loads only the chunks a reader asks for.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphbuild.outputs.facts import Decision, Facts, film_scope
from graphbuild.outputs.layouts import SEED, ordered_graph, overview_layout, story_layout
from graphbuild.rdf.vocab import GBR, local_name, relation_group

DEFAULT_TOP = 500
"""Films the overview draws at once (the most known that pass the filters)."""

MAX_EVIDENCE = 20
"""Evidence items kept per fact (the panel says how many more there are)."""

MAX_FILMS_LISTED = 300
"""Films listed on a shared entity's page (the most known; a genre can have thousands)."""

LINK_LIMIT = 100
"""A person credited in more films than this links none of them in the
overview (a clique of hundreds of films would hide every other link); their
page still lists every film."""

OVERVIEW_LINKS = 10
"""Links each film keeps in the overview (its strongest); the overview
draws the union, so a film may have more."""

PANEL_LINKS = 50
"""Linked films a film's panel lists (its strongest), with the people shared."""

SHARD_ENTITIES = 400
"""About this many entities per entity chunk."""

CREDITS = frozenset({"directedBy", "writtenBy", "producedBy", "musicBy", "castMember"})
"""Film -> person facts that make two films share a person (and `plays`)."""

MAX_UNCAST_DRAWN = 24
"""A film's story graph draws its cast members without a known character,
and its characters in no relation (with their actors), only when there are
at most this many of them; more are listed in its panel."""

BIT_PART_TIES = frozenset({"hasCharacter", "characterIn", "plays", "playedBy"})
"""A character with no other facts than these has no relation in the story."""

HIDDEN_IN_STORY = frozenset({"hasCharacter", "characterIn"})
"""Film-character facts the story graph does not draw: every character drawn is the film's."""

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442",
           "#8C564B", "#17BECF", "#7F7F7F")
"""Colours of the largest communities (Okabe-Ito, then three more); the rest are grey."""
OTHER_COLOUR = "#C8C8C8"

SHORT_LABEL = 30
"""The overview writes longer titles as their first SHORT_LABEL - 2 characters and '…'."""

DOT_MIN, DOT_MAX = 7.0, 30.0
LABEL_MIN, LABEL_MAX = 13.0, 24.0
"""Sizes of the overview's dots (radius) and labels (font), least to most known."""

FILM_COLUMNS = ("id", "label", "year", "genres", "size", "community", "x", "y", "documented",
                "dx", "dy")
"""A film's row in the overview: x, y on the map of every film; dx, dy
where the overview draws it at first (only when it cannot draw them all)."""


@dataclass
class Site:
    """The page's data: the overview, always in the page, and the chunks it
    loads by name ("film/12", "entity/3", "search/to")."""

    overview: dict[str, Any]
    chunks: dict[str, Any]


def short_id(nid: str) -> str:
    """A node id as the page's URL writes it: without the graph's IRI base."""
    return nid[len(str(GBR)):] if nid.startswith(str(GBR)) else nid


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes (the page computes the same)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def _fold(text: str) -> str:
    """Lower case without accents, as the page folds what is typed."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn").lower()


_WORD = re.compile(r"[^\W_]+")


def search_keys(name: str) -> set[str]:
    """The search chunks a name is filed under: the first two characters of
    each of its words, folded; ASCII letters and digits, anything else '_'."""
    keys = set()
    for word in _WORD.findall(_fold(name)):
        pair = (word + "_")[:2]
        keys.add("".join(c if c.isascii() and c.isalnum() else "_" for c in pair))
    return keys


def _year(values: list[str]) -> int | None:
    for v in sorted(values):
        m = re.match(r"\s*(\d{4})", v)
        if m:
            return int(m.group(1))
    return None


class _Index:
    """Which facts and nodes are in each film's part, and the credits."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.film_no = {f: i for i, f in enumerate(facts.films)}
        self.part_facts: dict[str, list[int]] = defaultdict(list)
        self.fact_films: list[list[str]] = []
        member_sets: dict[str, set[str]] = {}
        for k, f in enumerate(facts.facts):
            films = facts.members.get(f.subject, [])
            if not f.literal and f.object in facts.entities and films:
                if f.object not in member_sets:
                    member_sets[f.object] = set(facts.members.get(f.object, ()))
                other = member_sets[f.object]
                films = [m for m in films if m in other]
            self.fact_films.append(films)
            for film in films:
                self.part_facts[film].append(k)
        self.part_nodes: dict[str, list[str]] = defaultdict(list)
        for n, films in facts.members.items():
            for film in films:
                self.part_nodes[film].append(n)
        self.degree: dict[str, int] = defaultdict(int)
        for f in facts.facts:
            self.degree[f.subject] += 1
            if not f.literal:
                self.degree[f.object] += 1

    def cls(self, nid: str) -> str | None:
        e = self.facts.entities.get(nid)
        return e.cls if e is not None else None


def _credits(ix: _Index) -> dict[str, list[str]]:
    """Person -> the films (ids, in film order) they are credited in, by a
    credit fact of the film or by playing one of its characters."""
    found: dict[str, set[str]] = defaultdict(set)
    for k, f in enumerate(ix.facts.facts):
        prop = local_name(f.predicate)
        if f.literal:
            continue
        if prop in CREDITS and ix.cls(f.subject) == "Film" and ix.cls(f.object) == "Person":
            found[f.object].add(f.subject)
        elif prop in ("plays", "playedBy"):
            person = f.subject if prop == "plays" else f.object
            if ix.cls(person) == "Person":
                found[person].update(film for film in ix.fact_films[k])
    return {p: sorted(fs, key=ix.film_no.__getitem__) for p, fs in sorted(found.items())}


def documented_films(facts: Facts) -> set[str]:
    """Films some document is about; every film when no document says (a
    graph made elsewhere), so that none is taken for only mentioned."""
    found = {d.film for d in facts.documents.values() if d.film in facts.entities}
    return found or set(facts.films)


def dot_radius(size: int, most: int) -> float:
    """The radius the page draws a film's dot with (vis-network scales a
    node's value linearly between its min and max sizes)."""
    return DOT_MIN + (DOT_MAX - DOT_MIN) * (size / most if most else 0.0)


def _film_room(facts: Facts, sizes: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Half the width and height each film's dot and label take, about."""
    most = max(sizes.values(), default=0)
    room = {}
    for f, size in sizes.items():
        r = dot_radius(size, most)
        font = LABEL_MIN + (LABEL_MAX - LABEL_MIN) * (size / most if most else 0.0)
        width = min(len(facts.entities[f].label), SHORT_LABEL) * font * 0.6
        room[f] = (max(width, 2 * r) / 2 + 10.0, r + font / 2 + 12.0)
    return room


@dataclass
class _Links:
    """Films linked by people they share and by mentions, as film numbers."""

    drawn: list[tuple[int, int, int, int]]
    """(a, b, people, mentions) with a < b: the overview's links, each film's
    OVERVIEW_LINKS strongest."""
    listed: dict[int, list[list[Any]]]
    """Film -> [other, [person ids], mentions] for its PANEL_LINKS strongest links."""
    count: dict[int, int]
    """Film -> how many films it is linked to."""


def _links(ix: _Index, credits: dict[str, list[str]], sizes: dict[str, int]) -> _Links:
    """Count the people each pair of films shares (people credited in at most
    LINK_LIMIT films) and the facts one film's documents give about the
    other; keep each film's strongest links: more shared, then the other
    film better known, then film order."""
    import numpy as np

    facts = ix.facts
    n = max(1, len(facts.films))
    people: dict[int, int] = defaultdict(int)
    for fs in credits.values():
        if len(fs) > LINK_LIMIT:
            continue
        nums = [ix.film_no[f] for f in fs]
        for i, a in enumerate(nums):
            for b in nums[i + 1:]:
                people[a * n + b] += 1
    mentions: dict[int, int] = defaultdict(int)
    for f in facts.facts:
        if ix.cls(f.subject) != "Film":
            continue
        for ev in f.evidence:
            doc = facts.documents.get(ev.document)
            if doc is not None and doc.film in ix.film_no and doc.film != f.subject:
                a, b = sorted((ix.film_no[doc.film], ix.film_no[f.subject]))
                mentions[a * n + b] += 1
    keys = np.array(sorted(set(people) | set(mentions)), dtype=np.int64)
    if not len(keys):
        return _Links([], {}, {})
    shared = np.array([people.get(int(k), 0) for k in keys], dtype=np.int64)
    told = np.array([mentions.get(int(k), 0) for k in keys], dtype=np.int64)
    first, second = keys // n, keys % n
    known = np.array([sizes[f] for f in facts.films], dtype=np.int64)
    film, other = np.concatenate([first, second]), np.concatenate([second, first])
    weight = np.concatenate([shared + told] * 2)
    pair = np.concatenate([np.arange(len(keys))] * 2)
    order = np.lexsort((other, -known[other], -weight, film))  # the last key sorts first
    film, other, pair = film[order], other[order], pair[order]
    starts = np.flatnonzero(np.r_[True, film[1:] != film[:-1]])
    rank = np.arange(len(film)) - np.repeat(starts, np.diff(np.r_[starts, len(film)]))
    drawn = [(int(first[p]), int(second[p]), int(shared[p]), int(told[p]))
             for p in np.unique(pair[rank < OVERVIEW_LINKS])]
    listed_at = np.flatnonzero(rank < PANEL_LINKS)
    wanted = {int(keys[pair[i]]) for i in listed_at}
    who: dict[int, list[str]] = defaultdict(list)
    for person, fs in credits.items():
        if len(fs) > LINK_LIMIT:
            continue
        nums = [ix.film_no[f] for f in fs]
        for i, a in enumerate(nums):
            for b in nums[i + 1:]:
                if a * n + b in wanted:
                    who[a * n + b].append(short_id(person))
    listed: dict[int, list[list[Any]]] = defaultdict(list)
    for i in listed_at:
        k = int(keys[pair[i]])
        listed[int(film[i])].append([int(other[i]), who.get(k, []), int(told[pair[i]])])
    count = {int(f): int(c) for f, c in zip(*np.unique(film, return_counts=True))}
    return _Links(drawn, dict(listed), count)


def _overview(ix: _Index, links: _Links, title: str, top: int,
              sizes: dict[str, int]) -> dict[str, Any]:
    facts = ix.facts
    films = facts.films
    g = ordered_graph(films, ((films[a], films[b], float(p + m)) for a, b, p, m in links.drawn))
    # Louvain's partitions, finest first: the last gives the colours, the
    # others cut big communities for the layout.
    levels = [[set(c) for c in level]
              for level in nx.community.louvain_partitions(g, seed=SEED)] if len(g) else []
    groups = sorted((sorted(c) for c in levels[-1]),
                    key=lambda c: (-len(c), -sum(sizes[f] for f in c), c[0])) if levels else []
    community = {f: i for i, c in enumerate(groups) for f in c}
    order = sorted(films, key=lambda f: (-sizes[f], ix.film_no[f]))
    documented = documented_films(facts)
    room = _film_room(facts, sizes)
    pos = overview_layout(g, levels, order, room, late=set(films) - documented)
    # When there are more films than the page draws at once, the films it
    # draws at first get a layout of their own: spread over the whole map,
    # they would be specks joined by long lines.
    first = [f for f in order if f in documented][:top]
    first_pos: dict[str, tuple[float, float]] = {}
    if len(first) < len(documented):
        keep = set(first)
        sub = ordered_graph(first, ((a, b, d["weight"]) for a, b, d in g.edges(first, data=True)
                                    if a in keep and b in keep))
        sub_levels = [[set(c) for c in level]
                      for level in nx.community.louvain_partitions(sub, seed=SEED)]
        first_pos = overview_layout(sub, sub_levels, first, room)

    genre_of: dict[str, list[str]] = defaultdict(list)
    years: dict[str, list[str]] = defaultdict(list)
    for f in facts.facts:
        if ix.cls(f.subject) != "Film":
            continue
        prop = local_name(f.predicate)
        if prop == "genre" and not f.literal and ix.cls(f.object) == "Genre":
            genre_of[f.subject].append(f.object)
        elif prop == "releaseYear" and f.literal:
            years[f.subject].append(f.object)
    genre_count: dict[str, int] = defaultdict(int)
    for gs in genre_of.values():
        for genre in set(gs):
            genre_count[genre] += 1
    genres = sorted(genre_count, key=lambda x: (-genre_count[x], facts.entities[x].label, x))
    genre_no = {x: i for i, x in enumerate(genres)}

    rows = []
    for f in films:
        x, y = pos.get(f, (0.0, 0.0))
        dx, dy = first_pos.get(f, (None, None))
        rows.append([short_id(f), facts.entities[f].label, _year(years.get(f, [])),
                     sorted({genre_no[x] for x in genre_of.get(f, ())}), sizes[f],
                     community[f], x, y, 1 if f in documented else 0, dx, dy])
    named = []
    for i, c in enumerate(groups):
        if len(c) < 2 or i >= len(PALETTE):
            break
        best = max(c, key=lambda f: (sizes[f], -ix.film_no[f]))
        named.append({"color": PALETTE[i], "size": len(c), "film": ix.film_no[best]})
    overview = {
        "title": title,
        "base": str(GBR),
        "filmColumns": list(FILM_COLUMNS),
        "films": rows,
        "links": [list(link) for link in links.drawn],
        "genres": [[short_id(x), facts.entities[x].label, genre_count[x]] for x in genres],
        "communities": named,
        "otherColor": OTHER_COLOUR,
        "top": top,
        "maxSize": max(sizes.values(), default=0),
        "dots": [DOT_MIN, DOT_MAX, LABEL_MIN, LABEL_MAX],
        "shortLabel": SHORT_LABEL,
    }
    return overview


def _decision_row(ix: _Index, d: Decision) -> list[Any]:
    """[name, deciding film's number (-1 when not a film of the graph), class
    (None for a name found to be no entity), [why], [[merged name, [why]]]]."""
    return [d.name, ix.film_no.get(d.film, -1) if d.film else -1, d.cls, d.why,
            [[m.name, m.why] for m in d.merged]]


def _film_chunk(ix: _Index, film: str, linked: list[list[Any]], linked_count: int) -> dict[str, Any]:
    facts = ix.facts
    entities = facts.entities
    nodes = ix.part_nodes.get(film, [])
    part = ix.part_facts.get(film, [])
    touching: dict[str, set[str]] = defaultdict(set)   # node -> nodes it has a fact with here
    for k in part:
        f = facts.facts[k]
        if not f.literal and f.object in entities:
            touching[f.subject].add(f.object)
            touching[f.object].add(f.subject)
    attributes = {n for n in nodes if n != film and ix.cls(n) not in ("Person", "Character")
                  and touching.get(n, set()) <= {film} and touching.get(n)}
    # Cast lists can run to hundreds: people known only as cast members are
    # drawn when they are few, else listed in the film's panel alone.
    credits_only: dict[str, set[str]] = defaultdict(set)
    for k in part:
        f = facts.facts[k]
        if f.subject == film and not f.literal and touching.get(f.object) == {film}:
            credits_only[f.object].add(local_name(f.predicate))
    uncast = {n for n, props in credits_only.items() if props == {"castMember"}}
    if len(uncast) > MAX_UNCAST_DRAWN:
        attributes |= uncast
    # Likewise characters in no relation but to the film and their actors
    # (a long cast list "Actor as Character"), with the actors who play them.
    ties: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for k in part:
        f = facts.facts[k]
        if not f.literal and f.object in entities:
            prop = local_name(f.predicate)
            ties[f.subject].add((prop, f.object))
            ties[f.object].add((prop, f.subject))
    bit = {n for n in nodes if ix.cls(n) == "Character"
           and all(p in BIT_PART_TIES for p, _ in ties.get(n, ()))}
    if len(bit) > MAX_UNCAST_DRAWN:
        attributes |= bit | {n for n in nodes if ix.cls(n) == "Person" and ties.get(n) and all(
            (p == "castMember" and o == film) or (p in ("plays", "playedBy") and o in bit)
            for p, o in ties[n])}
    drawn = [n for n in nodes if n not in attributes]
    drawn_set = set(drawn)
    plays = []
    for k in part:
        f = facts.facts[k]
        prop = local_name(f.predicate)
        if prop == "plays" and not f.literal:
            plays.append((f.subject, f.object))
        elif prop == "playedBy" and not f.literal:
            plays.append((f.object, f.subject))
    has_role = {a for a, c in plays if c in drawn_set}
    edges = []
    for k in part:
        f = facts.facts[k]
        if f.literal or f.subject not in drawn_set or f.object not in drawn_set:
            continue
        prop = local_name(f.predicate)
        if prop in HIDDEN_IN_STORY and film in (f.subject, f.object):
            continue
        if prop == "castMember" and f.subject == film and f.object in has_role:
            continue
        edges.append(k)
    pos = story_layout(film, drawn, [(facts.facts[k].subject, facts.facts[k].object)
                                     for k in edges], plays)

    props: list[str] = []
    prop_no: dict[str, int] = {}
    docs: list[list[Any]] = []
    doc_no: dict[str, int] = {}

    def doc_index(doc_id: str) -> int:
        if doc_id not in doc_no:
            doc = facts.documents.get(doc_id)
            doc_no[doc_id] = len(docs)
            docs.append([short_id(doc_id), doc.label if doc else local_name(doc_id),
                         ix.film_no.get(doc.film, -1) if doc else -1])
        return doc_no[doc_id]

    evidence: list[list[Any]] = []
    ev_no: dict[str, int] = {}
    described = {}
    rows = []
    edge_set = set(edges)
    for k in part:
        f = facts.facts[k]
        if f.predicate not in prop_no:
            prop_no[f.predicate] = len(props)
            props.append(f.predicate)
        refs = []
        for ev in f.evidence[:MAX_EVIDENCE]:
            if ev.id not in ev_no:
                ev_no[ev.id] = len(evidence)
                evidence.append([doc_index(ev.document), ev.sentence, ev.start, ev.end, ev.rule,
                                 ev.confidence, [list(x) for x in ev.extra]])
            refs.append(ev_no[ev.id])
        obj = f.object if f.literal else short_id(f.object)
        if not f.literal and f.object not in entities and f.object in facts.described:
            d = facts.described[f.object]
            described[obj] = {"label": d.label, "types": d.types,
                              "props": [[p, v] for p, v in d.properties]}
        row = {"s": short_id(f.subject), "p": prop_no[f.predicate], "o": obj,
               "lit": f.literal, "conf": f.confidence, "ev": refs,
               "evn": len(f.evidence), "id": short_id(f.statement) if f.statement
               else f"fact/{k}", "edge": k in edge_set,
               "group": relation_group(f.predicate)}
        if not f.literal and f.object in facts.documents:
            row["doc"] = doc_index(f.object)  # mentionedIn: the page names the document
        rows.append(row)
    node_rows = {}
    for n in nodes:
        e = entities[n]
        row = {"label": e.label, "cls": e.cls, "alt": e.alt_labels, "types": e.types,
               "films": len(facts.members.get(n, ()))}
        if n in pos:
            row["x"], row["y"] = pos[n]
        # This film's decisions about the node (all of them for the film
        # itself); a person's other films keep theirs, shown on their page.
        decisions = facts.identity.get(n, [])
        here = [d for d in decisions if n == film or d.film == film]
        if here:
            row["identity"] = [_decision_row(ix, d) for d in here]
        if len(here) < len(decisions):
            row["identityElsewhere"] = len(decisions) - len(here)
        node_rows[short_id(n)] = row
    return {"film": ix.film_no[film], "nodes": node_rows, "props": props, "facts": rows,
            "evidence": evidence, "docs": docs, "described": described, "links": linked,
            "linkCount": linked_count,
            "rejected": [[d.name, d.why] for d in facts.rejected.get(film, [])]}


def _entity_chunks(ix: _Index, sizes: dict[str, int]) -> tuple[int, dict[str, dict]]:
    """Pages of the entities shared between films (people, genres, places):
    their films and roles, in shards by FNV-1a of the id."""
    facts = ix.facts
    slugs = {local_name(f): f for f in facts.films}
    shared = [n for n, e in facts.entities.items()
              if e.cls != "Film" and film_scope(n, slugs) is None]
    shards = 1 << max(0, math.ceil(math.log2(max(1, len(shared)) / SHARD_ENTITIES)))
    roles: dict[str, dict[str, list[list[Any]]]] = defaultdict(lambda: defaultdict(list))
    wanted = set(shared)
    for k, f in enumerate(facts.facts):
        if f.literal or f.object not in facts.entities:
            continue
        prop = local_name(f.predicate)
        for film in ix.fact_films[k]:
            if f.subject in wanted:
                roles[f.subject][film].append(
                    [prop, 1, short_id(f.object), facts.entities[f.object].label])
            if f.object in wanted:
                roles[f.object][film].append(
                    [prop, 0, short_id(f.subject), facts.entities[f.subject].label])
    chunks: dict[str, dict] = {f"entity/{i}": {} for i in range(shards)}
    for n in shared:
        e = facts.entities[n]
        films = facts.members.get(n, [])
        listed = sorted(films, key=lambda f: (-sizes[f], ix.film_no[f]))[:MAX_FILMS_LISTED]
        listed.sort(key=ix.film_no.__getitem__)
        decisions = facts.identity.get(n, [])
        keep = set(listed)
        shown = [d for d in decisions if d.film in keep] or decisions[:MAX_FILMS_LISTED]
        chunks[f"entity/{fnv1a(short_id(n)) % shards}"][short_id(n)] = {
            "label": e.label, "cls": e.cls, "alt": e.alt_labels, "types": e.types,
            "total": len(films),
            "films": [[ix.film_no[f], roles[n].get(f, [])] for f in listed],
            "identity": [_decision_row(ix, d) for d in shown],
            "identityTotal": len(decisions)}
    return shards, chunks


def _search_chunks(ix: _Index, sizes: dict[str, int]) -> dict[str, list]:
    """Every name of every entity, filed under `search_keys`: entries are
    [name, class, id, film number or -1, rank, label when the name is another]."""
    facts = ix.facts
    slugs = {local_name(f): f for f in facts.films}
    found: dict[str, list[list[Any]]] = defaultdict(list)
    for n, e in facts.entities.items():
        if e.cls == "Film":
            film, rank = ix.film_no[n], sizes[n]
        else:
            scope = film_scope(n, slugs)
            film = ix.film_no[scope] if scope is not None else -1
            rank = ix.degree.get(n, 0)
        for name in [e.label] + e.alt_labels:
            entry = [name, e.cls, short_id(n), film, rank, "" if name == e.label else e.label]
            for key in search_keys(name):
                found[key].append(entry)
    # The most known first; an entity's own label before its other names.
    return {f"search/{key}": sorted(entries, key=lambda x: (-x[4], x[5] != "", x[0], x[2]))
            for key, entries in sorted(found.items())}


def build_site(facts: Facts, *, title: str, top: int = DEFAULT_TOP) -> Site:
    """The overview and every chunk of the explorer for `facts`."""
    ix = _Index(facts)
    sizes = {f: len(ix.part_facts.get(f, ())) for f in facts.films}
    links = _links(ix, _credits(ix), sizes)
    overview = _overview(ix, links, title, top, sizes)
    chunks: dict[str, Any] = {}
    for i, film in enumerate(facts.films):
        chunks[f"film/{i}"] = _film_chunk(ix, film, links.listed.get(i, []), links.count.get(i, 0))
    shards, entity_chunks = _entity_chunks(ix, sizes)
    chunks.update(entity_chunks)
    chunks.update(_search_chunks(ix, sizes))
    overview["entityShards"] = shards
    overview["searchKeys"] = sorted(k.split("/", 1)[1] for k in chunks if k.startswith("search/"))
    return Site(overview, chunks)
