"""Facts a film's metadata states: front matter, Director/Cast lines, film.yaml."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from graphbuild.extract import lexicon
from graphbuild.extract.resolve import Resolution, person_key
from graphbuild.model import Document, Entity, Evidence, FilmInfo, Relation, slug
from graphbuild.read.normalize import quote

METADATA_CONFIDENCE = 0.99

KEYS: dict[str, tuple[str, ...]] = {
    "directedBy": ("directors", "director"),
    "writtenBy": ("writers", "writer"),
    "producedBy": ("producers", "producer"),
    "musicBy": ("composers", "music"),
    "castMember": ("cast", "characters"),
    "productionCompany": ("companies",),
    "plays": ("characters",),
    "hasCharacter": ("characters",),
    "genre": ("genres", "genre"),
    "countryOfOrigin": ("countries", "country"),
    "releaseYear": ("year", "heading"),
    "language": ("language",),
    "imdbId": ("imdb_id", "imdb", "movie imdb link"),
    "imdbRating": ("imdb_rating", "rating"),
    "imdbVotes": ("votes",),
}
"""The metadata keys (front matter, film.yaml, credit lines as "director",
"cast", ...; a first-line heading as "heading") each property is read from,
as `read.corpus.film_from_mapping` reads them."""


def _fold(text: str) -> str:
    """Lower-case words without accents, between single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " " + " ".join(re.findall(r"[^\W_]+", text)) + " "


def _states(line: str, prop: str, value: str) -> bool:
    """Whether a metadata line states the value (as read: an IMDb id without
    its 'tt' and zeros, a number with thousands separators)."""
    if prop == "imdbId":
        return re.search(rf"(?<!\d)0*{re.escape(value[2:].lstrip('0'))}(?!\d)", line) is not None
    if prop == "imdbVotes":
        line = re.sub(r"(?<=\d)[,_ ](?=\d{3})", "", line)
    return _fold(value) in _fold(line)


def _line(doc: Document, start: int, end: int, rule: str) -> Evidence:
    """Evidence quoting one line of a document (without its spaces)."""
    text = doc.text[start:end]
    a = start + len(text) - len(text.lstrip())
    b = start + len(text.rstrip())
    return Evidence(doc.doc_id, quote(doc.text[a:b]), 0, a, b, rule, METADATA_CONFIDENCE)


def metadata_evidence(docs: list[Document], prop: str, value: str, rule: str) -> list[Evidence]:
    """One evidence per document whose metadata lines of `prop`'s keys state
    the value (its first such line). When none states it as written (YAML
    escapes), the first line of such a key; none when nothing names it (a
    year from a folder name is not read from any document)."""
    keys = KEYS.get(prop, ())
    out, fallback = [], None
    for d in docs:
        lines = [(a, b) for k, a, b in d.meta_lines if k in keys
                 and (k != "rating" or d.kind == "metadata")]   # a comment's rating is its own
        hit = next(((a, b) for a, b in lines if _states(d.text[a:b], prop, value)), None)
        if hit is not None:
            out.append(_line(d, *hit, rule))
        elif lines and fallback is None:
            fallback = _line(d, *lines[0], rule)
    return out or ([fallback] if fallback is not None else [])


def metadata_relations(info: FilmInfo, docs: list[Document], res: Resolution) -> Iterator[Relation]:
    """Relations the film's metadata states, each with the lines that say it
    (a fact no document states is left out)."""
    return (r for r in _stated(info, docs, res) if r.evidence)


def _stated(info: FilmInfo, docs: list[Document], res: Resolution) -> Iterator[Relation]:
    film = res.film_key
    ents = res.entities

    def person(name: str) -> str:
        key = person_key(name)
        ents.setdefault(key, Entity(key, "Person", name))
        return key

    def rel(prop: str, obj: str, value: str, rule: str, subj: str = film, **kw) -> Relation:
        return Relation(subj, prop, obj, metadata_evidence(docs, prop, value, rule), **kw)

    for prop, names in (("directedBy", info.directors), ("writtenBy", info.writers),
                        ("producedBy", info.producers), ("musicBy", info.composers),
                        ("castMember", info.cast)):
        for n in names:
            yield rel(prop, person(n), n, f"metadata.{prop}.v1")
    for c in info.companies:
        key = f"organization/{slug(c)}"
        ents.setdefault(key, Entity(key, "Organization", c))
        yield rel("productionCompany", key, c, "metadata.productionCompany.v1")
    for actor, character in sorted(info.characters.items()):
        ckey = f"character/{info.key}/{slug(character)}"
        ents.setdefault(ckey, Entity(ckey, "Character", character, film=info.key))
        yield rel("plays", ckey, character, "metadata.plays.v1", subj=person(actor))
        yield rel("castMember", person(actor), actor, "metadata.castMember.v1")
        yield rel("hasCharacter", ckey, character, "metadata.hasCharacter.v1")
    for g in info.genres:
        canon = lexicon.GENRES.get(g.lower(), g)        # "Sci-Fi" is "Science Fiction"
        key = f"genre/{slug(canon)}"
        e = ents.setdefault(key, Entity(key, "Genre", canon))
        if g != e.label:
            e.aliases.add(g)
            e.decision(info.key).merged.setdefault(g, f"another name of the genre {canon}")
        yield rel("genre", key, g, "metadata.genre.v1")
    for c in info.countries:
        key = f"place/{slug(c)}"
        ents.setdefault(key, Entity(key, "Place", c))
        yield rel("countryOfOrigin", key, c, "metadata.countryOfOrigin.v1")
    if info.year:
        yield rel("releaseYear", str(info.year), str(info.year), "metadata.releaseYear.v1",
                  literal=True, datatype="gYear")
    if info.language:
        yield rel("language", info.language, info.language, "metadata.language.v1", literal=True)
    if info.imdb_id:
        yield rel("imdbId", info.imdb_id, info.imdb_id, "metadata.imdbId.v1", literal=True)
    if info.rating is not None:
        rating = f"{info.rating:.1f}".rstrip("0").rstrip(".")
        yield rel("imdbRating", rating, rating, "metadata.imdbRating.v1",
                  literal=True, datatype="decimal")
    if info.votes is not None:
        yield rel("imdbVotes", str(info.votes), str(info.votes), "metadata.imdbVotes.v1",
                  literal=True, datatype="integer")
