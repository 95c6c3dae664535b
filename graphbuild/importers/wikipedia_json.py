"""Wikipedia movie data (prust/wikipedia-movie-data): `movies-*.json` files,
each a list of {title, year, cast[], genres[], href, extract, thumbnail}.

Each film with an extract (the article's lead section) becomes wikipedia.txt
plus film.yaml with year, cast and genres. Files are read one at a time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from graphbuild.errors import CorpusError
from graphbuild.importers.records import (
    FilmRecord,
    Skip,
    SourceDoc,
    clean_list,
    clean_title,
    genre_name,
    parse_year,
    record_key,
    wikipedia_page,
)

LICENCE = "CC BY-SA (Wikipedia text)"
WIKI = "https://en.wikipedia.org/wiki/"


def read(source: Path) -> Iterator[FilmRecord | Skip]:
    """Yield one record per film of each file, files in name order."""
    if source.is_file():
        files = [source]
    else:
        files = sorted(source.glob("movies*.json"))
        if not files:
            raise CorpusError(f"no movies*.json in {source}; give the folder of "
                              "movies-1900s.json ... or one such file")
    for path in files:
        yield from _file(path)


def _file(path: Path) -> Iterator[FilmRecord | Skip]:
    try:
        with open(path, encoding="utf-8") as f:
            films = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise CorpusError(f"{path} is not a JSON file ({e}); expected a list of films") from e
    if not isinstance(films, list):
        raise CorpusError(f"{path} holds a JSON {type(films).__name__}, expected a list of films")
    base = f"{path.parent.name}/{path.name}"
    for n, film in enumerate(films):
        if not isinstance(film, dict):
            yield Skip(f"{base}#{n}", "not a film object")
            continue
        title = clean_title(film.get("title"))
        year = parse_year(film.get("year"))
        page = wikipedia_page(film.get("href")) if isinstance(film.get("href"), str) else None
        # The page names the film: "Carmen (1915)" is two films with two pages.
        sid = f"{base}#{page or record_key(title, year)}"
        if not title:
            yield Skip(f"{base}#{n}", "no title")
            continue
        extract = film.get("extract")
        if not isinstance(extract, str) or not extract.strip():
            yield Skip(sid, "no extract")
            continue
        yield FilmRecord(
            title=title, year=year, ids={"wikipedia": page} if page else {},
            meta={"cast": clean_list(film.get("cast")),
                  "genres": [genre_name(g) for g in clean_list(film.get("genres"))]},
            documents=[SourceDoc(kind="wikipedia", text=extract, source=sid, licence=LICENCE,
                                 url=WIKI + page if page else None)],
        )
