"""Facts a film's metadata states: front matter, Director/Cast lines, film.yaml."""

from __future__ import annotations

import re
from typing import Iterator

from graphbuild.extract import lexicon
from graphbuild.extract.resolve import Resolution, person_key
from graphbuild.model import Document, Entity, Evidence, FilmInfo, Relation, slug

METADATA_CONFIDENCE = 0.99


def _evidence(doc: Document | None, value: str, rule: str) -> list[Evidence]:
    """Evidence pointing at the line of the document that states the value."""
    if doc is None:
        return [Evidence("", value, 0, 0, 0, rule, METADATA_CONFIDENCE)]
    m = re.search(re.escape(value), doc.text)
    if m is None and value.startswith("tt"):
        m = re.search(re.escape(value[2:].lstrip("0")), doc.text)
    if m is None:
        return [Evidence(doc.doc_id, value, 0, 0, 0, rule, METADATA_CONFIDENCE)]
    a = doc.text.rfind("\n", 0, m.start()) + 1
    b = doc.text.find("\n", m.end())
    b = len(doc.text) if b < 0 else b
    line = doc.text[a:b].rstrip()
    return [Evidence(doc.doc_id, line, 0, a, a + len(line), rule, METADATA_CONFIDENCE)]


def metadata_relations(info: FilmInfo, docs: list[Document], res: Resolution) -> Iterator[Relation]:
    """Relations the film's metadata states, each with the line that says it."""
    source = next((d for d in docs if d.front), docs[0] if docs else None)
    film = res.film_key
    ents = res.entities

    def person(name: str) -> str:
        key = person_key(name)
        ents.setdefault(key, Entity(key, "Person", name))
        return key

    def rel(prop: str, obj: str, value: str, rule: str, **kw) -> Relation:
        return Relation(film, prop, obj, _evidence(source, value, rule), **kw)

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
        yield Relation(person(actor), "plays", ckey, _evidence(source, character, "metadata.plays.v1"))
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
        yield rel("imdbRating", f"{info.rating:.1f}".rstrip("0").rstrip("."), str(info.rating), "metadata.imdbRating.v1",
                  literal=True, datatype="decimal")
    if info.votes is not None:
        yield rel("imdbVotes", str(info.votes), str(info.votes), "metadata.imdbVotes.v1",
                  literal=True, datatype="integer")
