"""Import public film datasets into a corpus folder (one folder per film).

Each format is a module with `read(source: Path) -> Iterator[FilmRecord | Skip]`
registered in `FORMATS`; `import_dataset` streams its records into
`CorpusStore`, which joins documents of the same film by IMDb id (or another
id such as the Wikipedia page), else by normalized title and year, and keeps
an index so re-imports are idempotent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from graphbuild.errors import CorpusError, UnknownName
from graphbuild.importers import (
    aclimdb,
    cmu,
    jekyll,
    tripod,
    wiki_plots_csv,
    wikipedia_json,
)
from graphbuild.importers.records import FilmRecord, Skip, SourceDoc
from graphbuild.importers.report import ImportReport
from graphbuild.importers.store import INDEX_NAME, CorpusStore

Reader = Callable[[Path], Iterator["FilmRecord | Skip"]]

FORMATS: dict[str, Reader] = {
    "jekyll": jekyll.read,
    "aclimdb": aclimdb.read,
    "wikipedia-json": wikipedia_json.read,
    "wiki-plots-csv": wiki_plots_csv.read,
    "tripod": tripod.read,
    "cmu": cmu.read,
}

__all__ = ["FORMATS", "INDEX_NAME", "FilmRecord", "ImportReport", "Skip", "SourceDoc",
           "import_dataset"]


def import_dataset(fmt: str, source: str | Path, out_dir: str | Path,
                   limit: int | None = None) -> ImportReport:
    """Import dataset `source` in format `fmt` into the corpus folder `out_dir`.

    Writes at most `limit` documents (None: all). Returns counts of documents
    written, films made or joined, and records skipped with their reasons.
    """
    if fmt not in FORMATS:
        raise UnknownName("format", fmt, list(FORMATS))
    src = Path(source)
    if not src.exists():
        raise CorpusError(f"{src} does not exist; give the dataset's file or folder")
    if limit is not None and limit < 0:
        raise CorpusError(f"--limit must be 0 or more, not {limit}")
    report = ImportReport(format=fmt, source=str(src))
    store = CorpusStore(Path(out_dir), report)
    done = 0
    try:
        for item in FORMATS[fmt](src):
            if limit is not None and done >= limit:
                report.limit_reached = True
                break
            if isinstance(item, Skip):
                report.skip(item.reason)
                continue
            if not item.title and not item.imdb_id:
                report.skip("no title or IMDb id")
                continue
            if not item.documents:
                report.skip("no document text")
                continue
            if limit is not None:
                item.documents = item.documents[: limit - done]
            store.add(item)
            done += len(item.documents)
    finally:
        store.finish()
    return report
