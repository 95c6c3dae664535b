"""Jekyll movie posts (`_posts/*.md`): YAML front matter plus a prose body.

Two shapes are known: movie posts (title, year, imdb_id, kind, genres,
language, imdb_rating, votes; body lines "Director: `A`" and "Cast: `B` `C`"
before the synopsis) become post.md; IMDb user comments (movie title, movie
imdb link, layout: comment) become comment.md. The file is copied as is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from graphbuild.errors import CorpusError
from graphbuild.importers.records import (
    FilmRecord,
    Skip,
    SourceDoc,
    clean,
    clean_list,
    clean_title,
    genre_name,
    parse_float,
    parse_imdb_id,
    parse_int,
    parse_year,
    read_text,
)
from graphbuild.read.corpus import safe_yaml

LICENCE = "not stated (see the source repository; may quote IMDb user content)"
_CREDIT = re.compile(r"^(Directors?|Cast|Writers?|Stars?)\s*:\s*(.*)$")
_BACKTICKED = re.compile(r"`([^`]*)`")
_CREDIT_FIELD = {"director": "directors", "directors": "directors", "cast": "cast",
                 "stars": "cast", "star": "cast", "writer": "writers", "writers": "writers"}
# Source `kind` values that mean a television title (a TV movie is still a film).
_TV_KINDS = {"tv series", "tv mini series", "tv mini-series", "episode", "tv episode",
             "tv short", "tv special"}


def read(source: Path) -> Iterator[FilmRecord | Skip]:
    """Yield one record per post, in file-name order."""
    for path, sid in _posts(source):
        text = read_text(path)
        fm, body = split_front_matter(text)
        if fm is None:
            yield Skip(sid, "no YAML front matter")
            continue
        title = clean_title(fm.get("title") or fm.get("movie title"))
        imdb_id = _imdb_id(fm)
        if not title and not (imdb_id and _has_prose(body)):
            yield Skip(sid, "no title in front matter")
            continue
        comment = fm.get("layout") == "comment" or "comment title" in fm
        yield FilmRecord(
            title=title,
            year=parse_year(fm.get("year")),
            imdb_id=imdb_id,
            meta=_metadata(fm, body),
            documents=[SourceDoc(kind="comment" if comment else "post", ext=".md",
                                 text=text, source=sid, licence=LICENCE)],
        )


def _posts(source: Path) -> Iterator[tuple[Path, str]]:
    if source.is_file():
        yield source, f"{source.parent.name}/{source.name}"
        return
    folder = source / "_posts" if (source / "_posts").is_dir() else source
    files = sorted(p for p in folder.iterdir()
                   if p.suffix in (".md", ".markdown") and not p.name.startswith("."))
    if not files:
        raise CorpusError(f"no Jekyll posts (*.md) in {folder}; give a site folder "
                          "with _posts/ or the _posts folder itself")
    base = source.name if folder != source else f"{source.parent.name}/{source.name}"
    for p in files:
        yield p, f"{base}/{p.relative_to(source).as_posix()}"


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter mapping, body) of a Jekyll file; (None, text) without one.

    Real posts break YAML ("movie title: 2001: A Space Odyssey", quotes left
    open), so a failed parse falls back to one "key: value" per line.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            break
    else:
        return None, text
    raw = "".join(lines[1:i])
    body = "".join(lines[i + 1:])
    try:
        # Strings only: keeps "0079417" (the safe loader may read octal digits as an int).
        data = safe_yaml(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = _lenient(raw)
    return data, body


def _lenient(raw: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for line in raw.splitlines():
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or key.startswith((" ", "\t", "-")):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif value.startswith('"'):
            value = value[1:]
        elif value.startswith("[") and value.endswith("]"):
            data[key.strip()] = [v.strip().strip("\"'") for v in value[1:-1].split(",")]
            continue
        data[key.strip()] = value
    return data


def _imdb_id(fm: dict[str, Any]) -> str | None:
    for key in ("imdb_id", "imdb", "movie imdb link", "imdb link", "imdb_url"):
        imdb = parse_imdb_id(fm.get(key)) if isinstance(fm.get(key), str) else None
        if imdb:
            return imdb
    return None


def _metadata(fm: dict[str, Any], body: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    genres = fm.get("genres")
    if isinstance(genres, str):
        genres = genres.strip("[]").split(",")
    meta["genres"] = [genre_name(g) for g in clean_list(genres)]
    meta["language"] = clean(fm.get("language")) if isinstance(fm.get("language"), str) else None
    meta["rating"] = parse_float(fm.get("imdb_rating"))
    meta["votes"] = parse_int(fm.get("votes"))
    kind = (clean(fm.get("kind")) or "").lower() if isinstance(fm.get("kind"), str) else ""
    if kind in _TV_KINDS:
        meta["kind"] = "tv"
    elif kind and "movie" not in kind and kind != "film":
        meta["kind"] = kind
    meta.update(_credits(body))
    return meta


def _has_prose(body: str) -> bool:
    return any(clean(ln) and not _CREDIT.match(ln.strip()) for ln in body.splitlines())


def _credits(body: str) -> dict[str, list[str]]:
    """Names from the first lines of a post body: "Cast: `A` `B`"."""
    found: dict[str, list[str]] = {}
    prose = [ln for ln in body.splitlines() if ln.strip()][:4]
    for line in prose:
        m = _CREDIT.match(line.strip())
        if not m:
            continue
        names = _BACKTICKED.findall(m.group(2)) or m.group(2).split(",")
        field = _CREDIT_FIELD[m.group(1).lower()]
        found.setdefault(field, []).extend(clean_list(names))
    return found
