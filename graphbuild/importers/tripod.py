"""TRIPOD (Papalampidi et al., EMNLP 2019): Wikipedia plot synopses with IMDb
cast tables.

`Synopses_and_annotations/TRIPOD_synopses_*.csv` has movie_name and
synopsis_raw (a film annotated several times appears as "Name_0", "Name_1";
its synopsis is written once). `Screenplays_and_imdb_meta/<film>/<film>_imdb_meta.txt`
has tab-separated lines: year, imdb score, genre, keyword, and
`cast<TAB>actor<TAB>character`. Each film becomes plot.txt plus film.yaml with
year, rating, genres, cast and characters (actor -> character as listed).
"""

from __future__ import annotations

import csv
import re
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
    parse_float,
    parse_year,
    read_text,
)
from graphbuild.model import slug

LICENCE = "CC BY-SA (Wikipedia synopsis); cast table from IMDb"
_ANNOTATION = re.compile(r"_\d+$")
# Wikipedia disambiguation: "Drive (2011 film)", "Soldier (1998 American film)".
_FILM_NOTE = re.compile(r"\s*\((?:(\d{4})\s+)?(?:[A-Za-z ]+\s+)?film\)\s*$")


def read(source: Path) -> Iterator[FilmRecord | Skip]:
    """Yield one record per film with a synopsis, in CSV then row order."""
    syn_dir = source / "Synopses_and_annotations"
    syn_dir = syn_dir if syn_dir.is_dir() else source
    files = sorted(syn_dir.glob("TRIPOD_synopses*.csv")) if source.is_dir() else [source]
    if not files:
        raise CorpusError(f"no TRIPOD_synopses*.csv in {source}; give the TRIPOD folder")
    meta_dir = (source if source.is_dir() else source.parent.parent) / "Screenplays_and_imdb_meta"
    metas = {slug(p.name): p for p in sorted(meta_dir.iterdir())} if meta_dir.is_dir() else {}
    csv.field_size_limit(2**31 - 1)
    seen: set[str] = set()
    for path in files:
        base = "/".join([source.name, *path.relative_to(source).parts]) if source.is_dir() \
            else f"{source.parent.name}/{source.name}"
        with open(path, encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f), 2):
                name = _ANNOTATION.sub("", (row.get("movie_name") or "").strip())
                sid = f"{base}#{name}"
                if not name:
                    yield Skip(f"{base}:{n}", "no movie name")
                    continue
                if name in seen:
                    yield Skip(sid, "repeated annotation of a synopsis")
                    continue
                seen.add(name)
                text = row.get("synopsis_raw") or ""
                if not clean(text):
                    yield Skip(sid, "no synopsis")
                    continue
                meta_folder = metas.get(slug(name))
                yield _record(meta_folder.name if meta_folder else name.replace("_ ", ": "),
                              _meta(meta_folder), text, sid)


def _record(page: str, meta: dict[str, Any], text: str, sid: str) -> FilmRecord:
    m = _FILM_NOTE.search(page)
    title = clean_title(_FILM_NOTE.sub("", page))
    year = meta.pop("year", None) or (int(m.group(1)) if m and m.group(1) else None)
    return FilmRecord(title=title, year=year, meta=meta,
                      documents=[SourceDoc(kind="plot", text=text, source=sid,
                                           licence=LICENCE)])


def _meta(folder: Path | None) -> dict[str, Any]:
    """film.yaml fields from `<film>_imdb_meta.txt` (empty when absent)."""
    if folder is None:
        return {}
    files = sorted(folder.glob("*_imdb_meta.txt"))
    if not files:
        return {}
    meta: dict[str, Any] = {"genres": [], "cast": [], "characters": {}}
    for line in read_text(files[0]).splitlines():
        parts = [p.strip() for p in line.split("\t")]
        field = parts[0].lower()
        if field == "year":
            meta["year"] = parse_year(parts[1] if len(parts) > 1 else None)
        elif field == "imdb score":
            meta["rating"] = parse_float(parts[1] if len(parts) > 1 else None)
        elif field == "genre" and len(parts) > 1 and clean(parts[1]):
            meta["genres"].append(genre_name(parts[1]))
        elif field == "cast" and len(parts) > 1 and clean(parts[1]):
            actor = parts[1]
            meta["cast"].append(actor)
            role = clean(parts[2]) if len(parts) > 2 else None
            if role:
                meta["characters"].setdefault(actor, role)
    return meta
