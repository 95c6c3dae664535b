"""IMDb reviews of the Large Movie Review Dataset (aclImdb, Maas et al. 2011).

Two layouts: the original tree `train|test/pos|neg|unsup/ID_RATING.txt` with
`urls_pos.txt` / `urls_neg.txt` / `urls_unsup.txt` beside them (line ID is the
IMDb URL of review ID's film), and JSON Lines with `split`, `label`, `id`,
`rating`, `imdb_id`, `text`. Both name a review by the same source id
(`aclImdb/<split>/<label>/<id>_<rating>.txt`), so importing both writes it once.
Reviews carry no film title: a film first met here is named by its IMDb id
until a source with a title joins it. Text is written as is (`<br />` kept).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from graphbuild.errors import CorpusError
from graphbuild.importers.records import (
    FilmRecord,
    Skip,
    SourceDoc,
    parse_imdb_id,
    read_text,
)

LICENCE = "no licence stated; research data, cite Maas et al., ACL 2011"
_SPLITS = ("train", "test")
_LABELS = ("pos", "neg", "unsup")
_REVIEW_FILE = re.compile(r"(\d+)_(\d+)\.txt")


def read(source: Path) -> Iterator[FilmRecord | Skip]:
    """Yield one record (one review) per line or file, in a stable order."""
    if source.is_file():
        yield from _jsonl(source)
        return
    files = sorted(source.glob("*.jsonl"))
    for f in files:
        yield from _jsonl(f)
    root = source / "aclImdb" if (source / "aclImdb").is_dir() else source
    splits = [s for s in _SPLITS if (root / s).is_dir()]
    for split in splits:
        yield from _tree(root / split, split)
    if not files and not splits:
        raise CorpusError(f"no *.jsonl file and no train/ or test/ folder in {source}; "
                          "give the aclImdb folder or a JSON Lines file")


def _review(split: str, label: str, rid: object, rating: object, imdb: str | None,
            text: str) -> FilmRecord | Skip:
    sid = f"aclImdb/{split}/{label}/{rid}_{rating}.txt"
    if not imdb:
        return Skip(sid, "no IMDb id for the review")
    if not text.strip():
        return Skip(sid, "empty review")
    return FilmRecord(title=None, imdb_id=imdb,
                      documents=[SourceDoc(kind="review", text=text, source=sid,
                                           licence=LICENCE)])


def _jsonl(path: Path) -> Iterator[FilmRecord | Skip]:
    # Lines end at "\n" only: review texts hold U+0085 and U+2028 unescaped.
    with open(path, encoding="utf-8", newline="\n") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}, line {n}: not JSON ({e.msg}); "
                                  "each line must be one review object") from e
            yield _review(r.get("split", "unknown"), r.get("label", "unknown"),
                          r.get("id", n), r.get("rating", 0),
                          parse_imdb_id(str(r.get("imdb_id") or "")), r.get("text") or "")


def _tree(folder: Path, split: str) -> Iterator[FilmRecord | Skip]:
    for label in _LABELS:
        reviews = folder / label
        if not reviews.is_dir():
            continue
        urls_file = folder / f"urls_{label}.txt"
        urls = urls_file.read_text(encoding="utf-8").splitlines() if urls_file.exists() else []
        found = []
        for p in reviews.iterdir():
            m = _REVIEW_FILE.fullmatch(p.name)
            if m:
                found.append((int(m.group(1)), int(m.group(2)), p))
        for rid, rating, p in sorted(found):
            imdb = parse_imdb_id(urls[rid]) if rid < len(urls) else None
            yield _review(split, label, rid, rating, imdb, read_text(p))
