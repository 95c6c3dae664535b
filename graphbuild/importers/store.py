"""Write imported records into a corpus folder, joining documents of one film.

Layout written (read by `graphbuild.read.corpus`): CORPUS_DIR/<film folder>/ holds
the film's documents (plot.txt, wikipedia.txt, review-N.txt, post.md, ...)
and film.yaml (identity, metadata, and `sources`: one entry per document
with the dataset record it came from and its licence).

A record joins an existing film folder by an id (IMDb id, Wikipedia page),
else by normalized title plus year (`slug(title)-year`, also the folder
name) unless an id of one contradicts an id of the other. When a record shows
two folders to be one film (an IMDb id known in one, its title and year in the
other) they are merged. CORPUS_DIR keeps an index (`.graphbuild-index.json`)
of film identities and of which source record became which file, so a
repeated import rewrites the same files and a second dataset lands in the same
folders.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from graphbuild.assemble.files import write_atomic
from graphbuild.errors import CorpusError
from graphbuild.importers import filmyaml
from graphbuild.importers.filmyaml import FILM_YAML
from graphbuild.importers.records import FilmRecord, SourceDoc
from graphbuild.importers.report import ImportReport
from graphbuild.model import slug

INDEX_NAME = ".graphbuild-index.json"
INDEX_VERSION = 1
# review-12.txt -> ("review", ".txt"); post.md -> ("post", ".md")
_DOC_NAME = re.compile(r"(.+?)(?:-\d+)?(\.[^.]+)")


def title_key(title: str, year: int | None) -> str:
    """Normalized title plus year: the join key and the folder name."""
    return slug(title) + (f"-{year}" if year else "")


def _compatible(a: dict[str, str], b: dict[str, str]) -> bool:
    """No id namespace where the two identities disagree."""
    return all(b.get(ns, i) == i for ns, i in a.items())


def _named_after(folder: str, key: str) -> bool:
    """True when a folder's name is `key` or `key--N` (made unique)."""
    return folder == key or re.fullmatch(re.escape(key) + r"--\d+", folder) is not None


class CorpusStore:
    """A corpus folder being imported into; `finish()` writes what is pending."""

    def __init__(self, root: Path, report: ImportReport):
        self.root = root
        self.report = report
        if root.exists() and not root.is_dir():
            raise CorpusError(f"{root} is a file; --out must be a folder for the corpus")
        root.mkdir(parents=True, exist_ok=True)
        # folder -> {"ids": {namespace: id}, "keys": [title keys], "provisional": bool}
        self.films: dict[str, dict[str, Any]] = {}
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
        self._meta: dict[str, dict[str, Any]] = {}    # film.yaml data of folders read
        self._names: dict[str, set[str]] = {}         # file names taken per folder
        self._dirty: set[str] = set()                 # folders whose film.yaml changed

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
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise CorpusError(
                f"{path} is not a graphbuild import index ({e}); delete it and "
                "re-run the imports to rebuild it") from e

    def _scan_folders(self) -> None:
        """Register film folders made without an index (by hand, or copied),
        so imports can join them: film.yaml gives identity, else the name."""
        for d in sorted(p for p in self.root.iterdir() if p.is_dir()
                        and not p.name.startswith(".")):
            meta = filmyaml.read(d / FILM_YAML)
            title, year = meta.get("title"), meta.get("year")
            keys = [title_key(str(title), year if isinstance(year, int) else None)] if title else []
            if d.name not in keys:
                keys.append(d.name)
            imdb = meta.get("imdb_id")
            self.films[d.name] = {"ids": {"imdb": imdb} if isinstance(imdb, str) else {},
                                  "keys": sorted(keys), "provisional": False}

    def _save_index(self) -> None:
        data = {"version": INDEX_VERSION, "films": self.films, "documents": self.docs}
        write_atomic(self.root / INDEX_NAME,
                              json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
                              + "\n")

    # -- identity ----------------------------------------------------------
    def _find(self, rec: FilmRecord) -> str | None:
        ids = rec.all_ids()
        for ns_id in sorted(ids.items()):
            if ns_id in self._by_id:
                return self._by_id[ns_id]
        if not rec.title:
            return None
        for name in self._by_key.get(title_key(rec.title, rec.year), []):
            if _compatible(ids, self.films[name]["ids"]):
                return name
        return None

    def _unique(self, base: str) -> str:
        # "--N": slugs never hold "--", so "cars--2" (a second "Cars") cannot
        # be mistaken for "cars-2" (the film "Cars 2").
        name, n = base, 1
        while name in self.films or (self.root / name).exists():
            n += 1
            name = f"{base}--{n}"
        return name

    def _add_identity(self, name: str, ids: dict[str, str], keys: list[str]) -> None:
        ident = self.films[name]
        for ns, i in ids.items():
            if ns not in ident["ids"]:
                ident["ids"][ns] = i
                self._by_id[(ns, i)] = name
        for k in keys:
            if k not in ident["keys"]:
                ident["keys"] = sorted(ident["keys"] + [k])
                self._by_key.setdefault(k, []).append(name)

    def _create(self, rec: FilmRecord) -> str:
        keys = [title_key(rec.title, rec.year)] if rec.title else []
        # Reviews that give only an IMDb id: named by it until a title arrives.
        name = self._unique(keys[0] if keys else rec.imdb_id or slug(min(rec.ids.values())))
        self.films[name] = {"ids": {}, "keys": [], "provisional": not keys}
        self._add_identity(name, rec.all_ids(), keys)
        self._created.add(name)
        return name

    def _join(self, name: str, rec: FilmRecord) -> str:
        """Add what the record knows of the film's identity; merge a folder it
        shows to be the same film; rename a folder named before its title or
        year was known."""
        self._add_identity(name, rec.all_ids(), [])
        if not rec.title:
            return name
        key = title_key(rec.title, rec.year)
        other = next((n for n in self._by_key.get(key, []) if n != name
                      and _compatible(self.films[n]["ids"], self.films[name]["ids"])), None)
        if other:
            if _named_after(name, key):
                name, other = other, name
            self._absorb(name, other)
            name = other
        self._add_identity(name, {}, [key])
        meta = self._film_meta(name)
        if self.films[name]["provisional"]:
            self.films[name]["provisional"] = False
            return self._rename(name, key)
        if rec.year and not meta.get("year") and meta.get("title"):
            new_key = title_key(str(meta["title"]), rec.year)
            self._add_identity(name, {}, [new_key])
            if _named_after(name, title_key(str(meta["title"]), None)):
                return self._rename(name, new_key)
        return name

    def _rename(self, old: str, base: str) -> str:
        if _named_after(old, base):
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
        self._move_state(old, new)
        self.report.renamed += 1
        return new

    def _move_state(self, old: str, new: str) -> None:
        for cache in (self._meta, self._names):
            if old in cache:
                cache[new] = cache.pop(old)
        for s in (self._before, self._touched, self._created, self._dirty):
            if old in s:
                s.discard(old)
                s.add(new)

    def _absorb(self, src: str, dst: str) -> None:
        """Move film folder `src` into `dst` (they are one film) and drop `src`."""
        moved: dict[str, str] = {}
        for p in sorted((self.root / src).iterdir(), key=lambda p: filmyaml.natural(p.name)):
            if p.name == FILM_YAML:
                continue
            m = _DOC_NAME.fullmatch(p.name)
            kind, ext = (m.group(1), m.group(2)) if m else (p.name, "")
            moved[p.name] = self._allocate(dst, kind, ext)
            os.rename(p, self.root / dst / moved[p.name])
        for sid in self._docs_of.pop(src, set()):
            fname = self.docs[sid].split("/", 1)[1]
            self.docs[sid] = f"{dst}/{moved.get(fname, fname)}"
            self._docs_of.setdefault(dst, set()).add(sid)
        smeta = self._film_meta(src)
        entries = [{**e, "document": moved.get(e["document"], e["document"])}
                   for e in smeta.get("sources") or []]
        filmyaml.merge(self._film_meta(dst), smeta, entries)
        (self.root / src / FILM_YAML).unlink(missing_ok=True)
        (self.root / src).rmdir()
        ident = self.films.pop(src)
        for k in ident["keys"]:
            self._by_key[k] = [n for n in self._by_key.get(k, []) if n != src]
        self._add_identity(dst, ident["ids"], ident["keys"])
        self.films[dst]["provisional"] &= ident["provisional"]
        if src in self._before:
            self._before.add(dst)
        for s in (self._before, self._touched, self._created, self._dirty):
            s.discard(src)
        self._meta.pop(src, None)
        self._names.pop(src, None)
        self._dirty.add(dst)
        self.report.merged += 1

    # -- writing -----------------------------------------------------------
    def add(self, rec: FilmRecord) -> None:
        """Write a record's documents into its film folder and merge film.yaml."""
        name = self._find(rec)
        name = self._join(name, rec) if name else self._create(rec)
        self._touched.add(name)
        entries = [self._write_doc(name, doc) for doc in rec.documents]
        fields = {"title": rec.title, "year": rec.year, "imdb_id": rec.imdb_id, **rec.meta}
        filmyaml.merge(self._film_meta(name), fields, entries)
        self._dirty.add(name)

    def _film_meta(self, name: str) -> dict[str, Any]:
        if name not in self._meta:
            self._meta[name] = filmyaml.read(self.root / name / FILM_YAML)
        return self._meta[name]

    def _taken(self, name: str) -> set[str]:
        if name not in self._names:
            d = self.root / name
            self._names[name] = {p.name for p in d.iterdir()} if d.is_dir() else set()
        return self._names[name]

    def _allocate(self, name: str, kind: str, ext: str) -> str:
        """A free file name: review-N for reviews, else kind, kind-2, ..."""
        taken = self._taken(name)
        n = 1
        fname = f"review-1{ext}" if kind == "review" else f"{kind}{ext}"
        while fname in taken:
            n += 1
            fname = f"{kind}-{n}{ext}"
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
                meta = self._film_meta(pfolder)
                meta["sources"] = [s for s in meta.get("sources", [])
                                   if s.get("document") != pname]
                self._dirty.add(pfolder)
        if fname is None:
            fname = self._allocate(name, doc.kind, doc.ext)
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

    def finish(self) -> None:
        """Write changed film.yaml files and the index; fill the report's counts."""
        for name in sorted(self._dirty):
            filmyaml.write(self.root / name / FILM_YAML, self._meta[name])
        self._dirty.clear()
        self.report.films = len(self._touched)
        self.report.new_films = len(self._touched & self._created)
        self.report.joined = len(self._touched & self._before)
        self._save_index()
