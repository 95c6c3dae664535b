"""Write imported records into a corpus folder, joining documents of one film.

Layout written (read by `graphbuild.corpus`): CORPUS_DIR/<film folder>/ holds
the film's documents (plot.txt, wikipedia.txt, review-N.txt, post.md, ...)
and film.yaml (identity, metadata, and `sources`: one entry per document
with the dataset record it came from and its licence).

A record joins an existing film folder by IMDb id, else by normalized title
plus year (`slug(title)-year`, also the folder name). CORPUS_DIR keeps an
index (`.graphbuild-index.json`) of film identities and of which source
record became which file, so a repeated import rewrites the same files and
importing a second dataset lands in the same folders.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphbuild.errors import CorpusError
from graphbuild.importers.records import FilmRecord, SourceDoc
from graphbuild.iris import slug

INDEX_NAME = ".graphbuild-index.json"
INDEX_VERSION = 1
FILM_YAML = "film.yaml"

_LIST_FIELDS = ("directors", "writers", "producers", "composers", "companies",
                "cast", "genres", "countries")
_HEAD = ("title", "year", "imdb_id", "kind")
# libyaml when installed (about 10x faster); same output as the pure-Python one.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ImportReport:
    """What one import run did."""

    format: str
    source: str
    documents: int = 0          # document files written (new or changed)
    unchanged: int = 0          # documents already present with the same text
    films: int = 0              # distinct film folders this run wrote into
    new_films: int = 0          # of those, folders this run created
    joined: int = 0             # of those, folders that existed before this run
    renamed: int = 0            # folders renamed when a title or year became known
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    limit_reached: bool = False

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def summary(self) -> str:
        """One line for a terminal or a log."""
        line = (f"{self.format}: {_count(self.documents + self.unchanged, 'document')} "
                f"({self.documents} written, {self.unchanged} unchanged) for "
                f"{_count(self.films, 'film')} ({self.new_films} new, {self.joined} joined)")
        if self.renamed:
            line += f", {_count(self.renamed, 'folder')} renamed"
        n = sum(self.skipped.values())
        if n:
            reasons = ", ".join(f"{c} {r}" for r, c in sorted(self.skipped.items()))
            line += f"; {n} skipped ({reasons})"
        if self.limit_reached:
            line += "; stopped at --limit"
        return line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def title_key(title: str, year: int | None) -> str:
    """Normalized title plus year: the join key and the folder name."""
    return slug(title) + (f"-{year}" if year else "")


class CorpusStore:
    """A corpus folder being imported into; `save()` writes its index."""

    def __init__(self, root: Path, report: ImportReport):
        self.root = root
        self.report = report
        if root.exists() and not root.is_dir():
            raise CorpusError(f"{root} is a file; --out must be a folder for the corpus")
        root.mkdir(parents=True, exist_ok=True)
        self.films: dict[str, dict[str, Any]] = {}   # folder -> identity
        self.docs: dict[str, str] = {}               # source id -> "folder/name"
        self._load_index()
        self._by_id = {(ns, i): name for name, f in sorted(self.films.items())
                       for ns, i in f["ids"].items()}
        self._by_key: dict[str, list[str]] = {}
        for name, f in sorted(self.films.items()):
            for k in f["keys"]:
                self._by_key.setdefault(k, []).append(name)
        self._docs_of: dict[str, set[str]] = {}
        for src, rel in self.docs.items():
            self._docs_of.setdefault(rel.split("/", 1)[0], set()).add(src)
        self._before = set(self.films)
        self._touched: set[str] = set()
        self._created: set[str] = set()
        self._meta: dict[str, dict[str, Any]] = {}
        self._names: dict[str, set[str]] = {}
        self._dirty: set[str] = set()             # folders whose film.yaml changed

    # -- index -------------------------------------------------------------
    def _load_index(self) -> None:
        path = self.root / INDEX_NAME
        if not path.exists():
            self._scan_folders()
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != INDEX_VERSION:
                raise ValueError(f"version {data.get('version')!r}, expected {INDEX_VERSION}")
            self.films = data["films"]
            self.docs = data["documents"]
        except (ValueError, KeyError, TypeError) as e:
            raise CorpusError(
                f"{path} is not a graphbuild import index ({e}); delete it and "
                "re-run the imports to rebuild it") from e

    def _scan_folders(self) -> None:
        """Register film folders made without an index (by hand, or copied),
        so imports can join them: film.yaml gives identity, else the name."""
        for d in sorted(p for p in self.root.iterdir() if p.is_dir()
                        and not p.name.startswith(".")):
            meta = _read_yaml(d / FILM_YAML)
            title, year = meta.get("title"), meta.get("year")
            keys = [title_key(str(title), year if isinstance(year, int) else None)] if title else []
            if d.name not in keys:
                keys.append(d.name)
            imdb = meta.get("imdb_id")
            self.films[d.name] = {"ids": {"imdb": imdb} if isinstance(imdb, str) else {},
                                  "keys": sorted(keys), "provisional": False}

    def save(self) -> None:
        """Write the index atomically (a killed run leaves the old one)."""
        data = {"version": INDEX_VERSION, "films": self.films, "documents": self.docs}
        _write_atomic(self.root / INDEX_NAME,
                      json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

    # -- joining -----------------------------------------------------------
    def _find(self, rec: FilmRecord) -> str | None:
        ids = rec.all_ids()
        for ns_id in sorted(ids.items()):
            if ns_id in self._by_id:
                return self._by_id[ns_id]
        if not rec.title:
            return None
        for name in self._by_key.get(title_key(rec.title, rec.year), []):
            theirs = self.films[name]["ids"]
            if not any(theirs.get(ns, i) != i for ns, i in ids.items()):
                return name  # no id of one contradicts an id of the other
        return None

    def _unique(self, base: str) -> str:
        # "--N": slugs never hold "--", so "cars--2" (a second "Cars") cannot
        # be mistaken for "cars-2" (the film "Cars 2").
        name, n = base, 1
        while name in self.films or (self.root / name).exists():
            n += 1
            name = f"{base}--{n}"
        return name

    def _create(self, rec: FilmRecord) -> str:
        if rec.title:
            key = title_key(rec.title, rec.year)
            name = self._unique(key)
            ident = {"ids": rec.all_ids(), "keys": [key], "provisional": False}
        else:  # reviews that give only an IMDb id: named by it until a title arrives
            name = self._unique(rec.imdb_id or slug(min(rec.all_ids().values())))
            ident = {"ids": rec.all_ids(), "keys": [], "provisional": True}
        self.films[name] = ident
        for k in ident["keys"]:
            self._by_key.setdefault(k, []).append(name)
        for ns_id in ident["ids"].items():
            self._by_id[ns_id] = name
        self._created.add(name)
        return name

    def _join(self, name: str, rec: FilmRecord) -> str:
        """Add what the record knows of the film's identity; rename the folder
        when it was named before its title or year was known."""
        ident = self.films[name]
        meta = self._film_meta(name)
        for ns, i in rec.all_ids().items():
            if ns not in ident["ids"]:
                ident["ids"][ns] = i
                self._by_id[(ns, i)] = name
        if not rec.title:
            return name
        key = title_key(rec.title, rec.year)
        if key not in ident["keys"]:
            ident["keys"] = sorted(ident["keys"] + [key])
            self._by_key.setdefault(key, []).append(name)
        old_year = meta.get("year")
        if ident["provisional"]:
            ident["provisional"] = False
            return self._rename(name, key)
        if rec.year and not old_year and meta.get("title"):
            old_key = title_key(str(meta["title"]), None)
            new_key = title_key(str(meta["title"]), rec.year)
            if new_key not in ident["keys"]:
                ident["keys"] = sorted(ident["keys"] + [new_key])
                self._by_key.setdefault(new_key, []).append(name)
            if _named_after(name, old_key):
                return self._rename(name, new_key)
        return name

    def _rename(self, old: str, base: str) -> str:
        if old == base or _named_after(old, base):
            return old
        new = self._unique(base)
        os.rename(self.root / old, self.root / new)
        self.films[new] = self.films.pop(old)
        for k in self.films[new]["keys"]:
            self._by_key[k] = [new if n == old else n for n in self._by_key.get(k, [])]
        for ns_id in self.films[new]["ids"].items():
            self._by_id[ns_id] = new
        srcs = self._docs_of.pop(old, set())
        for src in srcs:
            self.docs[src] = new + "/" + self.docs[src].split("/", 1)[1]
        self._docs_of[new] = srcs
        for cache in (self._meta, self._names):
            if old in cache:
                cache[new] = cache.pop(old)
        for s in (self._before, self._touched, self._created, self._dirty):
            if old in s:
                s.discard(old)
                s.add(new)
        self.report.renamed += 1
        return new

    # -- writing -----------------------------------------------------------
    def add(self, rec: FilmRecord) -> None:
        """Write a record's documents into its film folder and merge film.yaml."""
        name = self._find(rec)
        name = self._join(name, rec) if name else self._create(rec)
        self._touched.add(name)
        meta = self._film_meta(name)
        entries = []
        for doc in rec.documents:
            entries.append(self._write_doc(name, doc))
        _merge(meta, rec, entries)
        self._dirty.add(name)

    def _film_meta(self, name: str) -> dict[str, Any]:
        if name not in self._meta:
            self._meta[name] = _read_yaml(self.root / name / FILM_YAML)
        return self._meta[name]

    def _taken(self, name: str) -> set[str]:
        if name not in self._names:
            d = self.root / name
            self._names[name] = {p.name for p in d.iterdir()} if d.is_dir() else set()
        return self._names[name]

    def _allocate(self, name: str, doc: SourceDoc) -> str:
        taken = self._taken(name)
        if doc.kind == "review":
            n = 1
            while f"review-{n}{doc.ext}" in taken:
                n += 1
            fname = f"review-{n}{doc.ext}"
        else:
            fname, n = f"{doc.kind}{doc.ext}", 1
            while fname in taken:
                n += 1
                fname = f"{doc.kind}-{n}{doc.ext}"
        taken.add(fname)
        return fname

    def _write_doc(self, name: str, doc: SourceDoc) -> dict[str, Any]:
        fname = None
        prev = self.docs.get(doc.source)
        if prev:
            pfolder, pname = prev.split("/", 1)
            if pfolder == name:
                fname = pname
            else:  # the source now belongs to another film: move it
                (self.root / prev).unlink(missing_ok=True)
                self._docs_of.get(pfolder, set()).discard(doc.source)
                self._drop_source_entry(pfolder, pname)
        if fname is None:
            fname = self._allocate(name, doc)
        path = self.root / name / fname
        path.parent.mkdir(parents=True, exist_ok=True)
        data = doc.text.encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            self.report.unchanged += 1
        else:
            path.write_bytes(data)
            self.report.documents += 1
        self._taken(name).add(fname)
        self.docs[doc.source] = f"{name}/{fname}"
        self._docs_of.setdefault(name, set()).add(doc.source)
        entry = {"document": fname, "source": doc.source, "licence": doc.licence}
        if doc.url:
            entry["url"] = doc.url
        return entry

    def _drop_source_entry(self, folder: str, fname: str) -> None:
        meta = self._film_meta(folder)
        meta["sources"] = [s for s in meta.get("sources", []) if s.get("document") != fname]
        self._dirty.add(folder)

    def _write_meta(self, name: str, meta: dict[str, Any]) -> None:
        text = dump_film_yaml(meta)
        path = self.root / name / FILM_YAML
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            _write_atomic(path, text)

    def finish(self) -> None:
        """Write changed film.yaml files and the index; fill the report's counts."""
        for name in sorted(self._dirty):
            self._write_meta(name, self._meta[name])
        self._dirty.clear()
        self.report.films = len(self._touched)
        self.report.new_films = len(self._touched & self._created)
        self.report.joined = len(self._touched & self._before)
        self.save()


def _named_after(folder: str, key: str) -> bool:
    """True when a folder's name is `key` or `key--N` (made unique)."""
    return folder == key or re.fullmatch(re.escape(key) + r"--\d+", folder) is not None


def _merge(meta: dict[str, Any], rec: FilmRecord, entries: list[dict[str, Any]]) -> None:
    """Merge a record into film.yaml data without losing existing values:
    scalars are set only when absent, lists are unions (sorted), characters
    keep existing actors' roles, a source entry per document is replaced."""
    if rec.title and (not meta.get("title") or meta.get("title") == meta.get("imdb_id")):
        meta["title"] = rec.title
    if not meta.get("title"):
        meta["title"] = rec.title or rec.imdb_id
    for k, v in (("year", rec.year), ("imdb_id", rec.imdb_id), *rec.meta.items()):
        if v is None or v == [] or v == {} or v == "":
            continue
        if k in _LIST_FIELDS:
            meta[k] = sorted(set(meta.get(k) or []) | set(v))
        elif k == "characters":
            chars = dict(v)
            chars.update(meta.get("characters") or {})
            meta[k] = dict(sorted(chars.items()))
        elif meta.get(k) in (None, ""):
            meta[k] = v
    if entries:
        docs = {e["document"] for e in entries}
        kept = [s for s in meta.get("sources") or [] if s.get("document") not in docs]
        meta["sources"] = sorted(kept + entries, key=lambda s: _natural(s["document"]))


def _natural(name: str) -> tuple:
    """Sort key putting review-2.txt before review-10.txt."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def dump_film_yaml(meta: dict[str, Any]) -> str:
    """film.yaml text: identity first, then fields sorted, sources last."""
    ordered = {k: meta[k] for k in _HEAD if k in meta}
    ordered.update({k: meta[k] for k in sorted(meta) if k not in _HEAD and k != "sources"})
    if "sources" in meta:
        ordered["sources"] = meta["sources"]
    return yaml.dump(ordered, Dumper=_DUMPER, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1000)


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as e:
        raise CorpusError(f"{path} is not valid YAML ({e}); fix or delete it") from e
    return data if isinstance(data, dict) else {}


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)
