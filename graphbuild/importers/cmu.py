"""CMU Movie Summary Corpus (Bamman, O'Connor and Smith, ACL 2013).

Two layouts:
- the corpus as released: `plot_summaries.txt` (wiki id TAB summary), with
  `movie.metadata.tsv` (title, release date, languages, countries, genres as
  Freebase JSON maps) and `character.metadata.tsv` (character and actor name)
  when present. Metadata is held in memory, summaries are streamed;
- the Azure text-classification sample: one `<Title_With_Underscores>.txt` per
  summary (files in sub-folders are not read) and optional `movieLabels.json`
  with genre labels.
Each summary becomes summary.txt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from graphbuild.errors import CorpusError
from graphbuild.importers.records import (
    FilmRecord,
    Skip,
    SourceDoc,
    clean,
    clean_title,
    genre_name,
    parse_year,
    read_text,
)

LICENCE = "CC BY-SA 3.0 (CMU Movie Summary Corpus, Wikipedia text)"
CURID = "https://en.wikipedia.org/?curid="


def read(source: Path) -> Iterator[FilmRecord | Skip]:
    """Yield one record per plot summary."""
    folder = source.parent if source.is_file() else source
    for d in (folder, folder / "MovieSummaries"):
        if (d / "plot_summaries.txt").is_file():
            yield from _corpus(d, _base(folder, d))
            return
    for d in (folder, folder / "files"):
        if d.is_dir() and any(d.glob("*.txt")):
            yield from _per_file(d, _base(folder, d))
            return
    raise CorpusError(f"no plot_summaries.txt and no <title>.txt files in {source}; "
                      "give the MovieSummaries folder")


def _base(source: Path, folder: Path) -> str:
    """Prefix of source ids: the dataset folder's name and the path below it."""
    return "/".join([source.name, *folder.relative_to(source).parts])


def _freebase_values(cell: str) -> list[str]:
    """Names of a Freebase map column: '{"/m/02h40lc": "English Language"}'."""
    try:
        data = json.loads(cell) if cell and cell.strip() else {}
    except json.JSONDecodeError:
        return []
    return [v for v in (clean(x) for x in data.values()) if v] if isinstance(data, dict) else []


def _tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            yield line.rstrip("\r\n").split("\t")


def _movies(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "movie.metadata.tsv"
    movies: dict[str, dict[str, Any]] = {}
    if not path.is_file():
        return movies
    for row in _tsv(path):
        if len(row) < 3:
            continue
        row += [""] * (9 - len(row))
        languages = [lang.removesuffix(" Language") for lang in _freebase_values(row[6])]
        movies[row[0]] = {
            "title": clean_title(row[2]), "year": parse_year(row[3]),
            "language": languages[0] if languages else None,
            "countries": _freebase_values(row[7]),
            "genres": [genre_name(g) for g in _freebase_values(row[8])],
            "cast": [], "characters": {},
        }
    return movies


def _add_characters(folder: Path, movies: dict[str, dict[str, Any]]) -> None:
    path = folder / "character.metadata.tsv"
    if not path.is_file():
        return
    for row in _tsv(path):
        if len(row) < 9 or row[0] not in movies:
            continue
        actor, role = clean(row[8]), clean(row[3])
        if actor:
            movies[row[0]]["cast"].append(actor)
            if role:
                movies[row[0]]["characters"].setdefault(actor, role)


def _corpus(folder: Path, base: str) -> Iterator[FilmRecord | Skip]:
    movies = _movies(folder)
    _add_characters(folder, movies)
    base += "/plot_summaries.txt"
    for row in _tsv(folder / "plot_summaries.txt"):
        if len(row) < 2:
            continue
        wiki_id, text = row[0].strip(), "\t".join(row[1:])
        sid = f"{base}#{wiki_id}"
        film = movies.get(wiki_id)
        if not film or not film["title"]:
            yield Skip(sid, "no title (film not in movie.metadata.tsv)")
            continue
        if not clean(text):
            yield Skip(sid, "empty summary")
            continue
        meta = {k: v for k, v in film.items() if k not in ("title", "year")}
        yield FilmRecord(title=film["title"], year=film["year"], meta=meta,
                         ids={"wikipedia-id": wiki_id},
                         documents=[SourceDoc(kind="summary", text=text, source=sid,
                                              licence=LICENCE, url=CURID + wiki_id)])


def _per_file(folder: Path, base: str) -> Iterator[FilmRecord | Skip]:
    labels: dict[str, list[str]] = {}
    labels_file = folder / "movieLabels.json"
    if labels_file.is_file():
        data = json.loads(labels_file.read_text(encoding="utf-8"))
        for doc in data.get("assets", {}).get("documents", []):
            labels[doc.get("location", "")] = [
                genre_name(c["category"]) for c in doc.get("classes", []) if c.get("category")]
    for path in sorted(folder.glob("*.txt")):
        sid = f"{base}/{path.name}"
        text = read_text(path)
        if not clean(text):
            yield Skip(sid, "empty summary")
            continue
        yield FilmRecord(title=clean_title(path.stem.replace("_", " ")),
                         meta={"genres": labels.get(path.name, [])},
                         documents=[SourceDoc(kind="summary", text=text, source=sid,
                                              licence=LICENCE)])
