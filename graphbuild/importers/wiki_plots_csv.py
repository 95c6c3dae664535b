"""The Kaggle "Wikipedia Movie Plots" CSV (jrobischon).

Full columns: Release Year, Title, Origin/Ethnicity, Director, Cast, Genre,
Wiki Page, Plot; samples may keep only some (title and plot at least).
Column names match case-insensitively. Each row with a plot becomes plot.txt;
"unknown" values are dropped; Director and Cast are comma-separated names.
Rows are streamed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterator

from graphbuild.errors import CorpusError
from graphbuild.importers.records import (
    FilmRecord,
    Skip,
    SourceDoc,
    clean,
    clean_title,
    genre_name,
    parse_year,
    record_key,
    split_names,
    wikipedia_page,
)

LICENCE = "CC BY-SA (Wikipedia text)"
# Our field -> the column names it may have (lower-cased).
_COLUMNS = {
    "title": ("title",),
    "year": ("release year", "year"),
    "directors": ("director", "directors"),
    "cast": ("cast",),
    "genres": ("genre", "genres"),
    "url": ("wiki page", "url"),
    "plot": ("plot",),
}
_GENRE_SEP = re.compile(r"\s*[,/;|]\s*")


def read(source: Path) -> Iterator[FilmRecord | Skip]:
    """Yield one record per CSV row, in file order."""
    files = [source] if source.is_file() else sorted(source.glob("*.csv"))
    if not files:
        raise CorpusError(f"no *.csv file in {source}; give the Wikipedia Movie Plots CSV")
    csv.field_size_limit(2**31 - 1)
    for path in files:
        yield from _file(path)


def _file(path: Path) -> Iterator[FilmRecord | Skip]:
    base = f"{path.parent.name}/{path.name}"
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows, None)
        if header is None:
            return
        names = [h.strip().lower() for h in header]
        col = {k: next((names.index(c) for c in cs if c in names), None)
               for k, cs in _COLUMNS.items()}
        if col["title"] is None or col["plot"] is None:
            raise CorpusError(f"{path}: needs Title and Plot columns, found {', '.join(header)}")
        seen: dict[str, int] = {}
        for line, row in enumerate(rows, 2):
            def get(k: str) -> str | None:
                i = col[k]
                return row[i] if i is not None and i < len(row) else None
            title, year = clean_title(get("title")), parse_year(get("year"))
            url = clean(get("url"))
            key = url or record_key(title, year)
            seen[key] = seen.get(key, 0) + 1
            sid = f"{base}#{key}" + (f"#{seen[key]}" if seen[key] > 1 else "")
            plot = get("plot")
            if not title:
                yield Skip(f"{base}:{line}", "no title")
            elif not clean(plot):
                yield Skip(sid, "no plot")
            else:
                genres = _GENRE_SEP.split(clean(get("genres")) or "")
                page = wikipedia_page(url)
                yield FilmRecord(
                    title=title, year=year, ids={"wikipedia": page} if page else {},
                    meta={"directors": split_names(get("directors")),
                          "cast": split_names(get("cast")),
                          "genres": [genre_name(g) for g in genres if clean(g)]},
                    documents=[SourceDoc(kind="plot", text=plot, source=sid,
                                         licence=LICENCE, url=url)],
                )
