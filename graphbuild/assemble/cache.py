"""The build cache: what each film produced, so a rebuild works only on the
films whose documents changed, and parses only the documents that changed.

A film's entry is keyed by a digest of its documents as read (text, path,
kind, the film's metadata; each document's digest also keys its parse) and
of the pipeline version (`extract.film.pipeline_version`: graphbuild's
version, the spaCy model's name and version, the rules that run and the source
of every module whose code shapes a film's facts). Any change there makes
new keys, and a cache written by another version is emptied on open, never
read.

Entries live in one SQLite file (atomic commits; values are zlib JSON, never
pickle, so a tampered cache cannot run code). A cache found damaged (not an
SQLite file, a malformed page, a value that does not decode) is deleted and
the build runs again without it (`pipeline.build`), with a warning.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import traceback
import zlib
from pathlib import Path
from typing import Iterable

from graphbuild.extract.film import FilmResult
from graphbuild.model import Document

CACHE_FILE = "films.sqlite"


def film_digest(version: str, key: str, docs: Iterable[Document]) -> str:
    """Cache key of a film: its documents as read, and the pipeline version."""
    return film_keys(version, key, docs)[0]


def document_key(version: str, d: Document) -> str:
    """A document's parse key: its text, kind and the film's metadata (which
    names the entities the parse marks), and the pipeline version."""
    h = hashlib.sha256(f"{version}\n".encode())
    h.update(json.dumps([d.doc_id, d.path, d.kind, d.text, d.body_start, d.skip_spans,
                         d.front, vars(d.film)], default=str, sort_keys=True,
                        ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def digest_of(version: str, key: str, doc_keys: list[str]) -> str:
    """A film's cache key from its documents' keys, in reading order."""
    return hashlib.sha256(f"{version}\n{key}\n{' '.join(doc_keys)}".encode()).hexdigest()


def film_keys(version: str, key: str, docs: Iterable[Document]) -> tuple[str, list[str]]:
    """The film's cache key, and each document's parse key."""
    doc_keys = [document_key(version, d) for d in docs]
    return digest_of(version, key, doc_keys), doc_keys


def _ascii(text: str) -> str:
    """Text as JSON escapes it: a file name that is not UTF-8 (lone
    surrogates in Python) can be stored, and stays distinct."""
    return json.dumps(text)


class Cache:
    """Film results and document parses of one pipeline version, in
    `folder`/films.sqlite."""

    def __init__(self, folder: str | Path, version: str):
        self.path = Path(folder) / CACHE_FILE
        self.version = version
        self._used: set[str] = set()
        self._used_parses: set[str] = set()
        self._used_groups: set[str] = set()
        self._digests: set[str] | None = None             # films stored, read on first use
        self._groups: dict[str, tuple[str, bytes]] | None = None
        self._pending = 0
        self.notes: list[str] = []
        """What was repaired (one line each), for the user to hear of."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as e:   # not a cache (or a damaged one): start afresh
            self.notes.append(f"the build cache {self.path} is damaged ({e}); started it afresh")
            _remove(self.path)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS films (digest TEXT PRIMARY KEY, data BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS parses (digest TEXT PRIMARY KEY, data BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS groups "
                   "(id TEXT PRIMARY KEY, signature TEXT, data BLOB)")
        row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is None or row[0] != self.version:
            with db:
                db.execute("DELETE FROM films")
                db.execute("DELETE FROM parses")
                db.execute("DELETE FROM groups")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
        return db

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM films").fetchone()[0]

    def get(self, digest: str, keep: bool = True) -> FilmResult | None:
        """The stored result for a film digest, or None; `keep` marks it as
        used by this build (kept by `close`)."""
        row = self.db.execute("SELECT data FROM films WHERE digest = ?", (digest,)).fetchone()
        if row is None:
            return None
        try:
            result = FilmResult.from_bytes(row[0])
        except ValueError:
            return None
        if result.version != self.version or result.digest != digest:
            return None
        if keep:
            self._used.add(digest)
        return result

    def has(self, digest: str) -> bool:
        """Whether a film digest is stored (without decoding it); if so it
        is kept by `close`."""
        if self._digests is None:        # one query, not one per film
            self._digests = {d for d, in self.db.execute("SELECT digest FROM films")}
        if digest not in self._digests:
            return False
        self._used.add(digest)
        return True

    def group(self, group_id: str, signature: str | None) -> dict | None:
        """What reading a group of files gave last time, if its signature
        is the same: {"docs": [[film key, parse key], ...], "problems":
        [Problem fields, ...]}."""
        if signature is None:
            return None
        group_id = _ascii(group_id)
        if self._groups is None:         # one query, not one per group
            self._groups = {g: (sig, data) for g, sig, data in
                            self.db.execute("SELECT id, signature, data FROM groups")}
        row = self._groups.get(group_id)
        if row is None or row[0] != _ascii(signature):
            return None
        try:
            found = json.loads(zlib.decompress(row[1]))
        except (zlib.error, ValueError):
            return None
        self._used_groups.add(group_id)
        return found

    def put_group(self, group_id: str, signature: str | None, docs: list[list],
                  problems: list[list]) -> None:
        """Remember what a group of files gave (see `group`)."""
        group_id = _ascii(group_id)
        if signature is None:
            self.db.execute("DELETE FROM groups WHERE id = ?", (group_id,))
            return
        data = zlib.compress(json.dumps({"docs": docs, "problems": problems}).encode(), 1)
        self.db.execute("INSERT OR REPLACE INTO groups VALUES (?, ?, ?)",
                        (group_id, _ascii(signature), data))
        self._used_groups.add(group_id)

    def parses(self, keys: Iterable[str]) -> dict[str, bytes]:
        """Stored parses of documents, by parse key (those there are)."""
        out = {}
        for k in keys:
            row = self.db.execute("SELECT data FROM parses WHERE digest = ?", (k,)).fetchone()
            if row is not None:
                out[k] = row[0]
        return out

    def keep_parses(self, keys: Iterable[str]) -> None:
        """Mark parses as used by this build (kept by `close`)."""
        self._used_parses.update(keys)

    def put(self, result: FilmResult, data: bytes | None = None) -> None:
        """Store a film's result (committed in batches, and on `close`)."""
        self.db.execute("INSERT OR REPLACE INTO films VALUES (?, ?)",
                        (result.digest, data if data is not None else result.to_bytes()))
        if self._digests is not None:
            self._digests.add(result.digest)
        self._used.add(result.digest)
        self.db.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?)", result.parses.items())
        self._used_parses.update(result.parses)
        self._pending += 1
        if self._pending >= 200:
            self.db.commit()
            self._pending = 0

    def close(self, prune: bool = True) -> None:
        """Commit, and with `prune` forget the films and parses this build
        did not use."""
        if prune:
            self._keep_only("films", self._used)
            self._keep_only("parses", self._used_parses)
            self._keep_only("groups", self._used_groups, "id")
        self.db.commit()
        self.db.close()

    def discard(self) -> None:
        """Close (whatever state the file is in) and delete the cache, and
        the merged graph kept beside it."""
        try:
            self.db.close()
        except sqlite3.Error:
            pass
        _remove(self.path)
        (self.path.parent / "graph.nt").unlink(missing_ok=True)

    def _keep_only(self, table: str, digests: set[str], column: str = "digest") -> None:
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (digest TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM used")
        self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((d,) for d in digests))
        self.db.execute(f"DELETE FROM {table} WHERE {column} NOT IN (SELECT digest FROM used)")


CACHE_READERS = ("assemble/cache.py", "assemble/patch.py", "extract/codec.py")
"""The modules that read what a cache holds back (its SQLite values, the
kept graph, encoded parses and results)."""


def damaged(error: BaseException) -> bool:
    """Whether `error` says the cache does not read back: SQLite found a
    malformed database, or a value read by one of CACHE_READERS was not
    JSON, UTF-8 or zlib. The same errors raised anywhere else are bugs to
    report, not damage to repair by building again."""
    if isinstance(error, sqlite3.DatabaseError):
        return True
    if not isinstance(error, (ValueError, zlib.error)):
        return False
    return any(Path(f.filename).as_posix().endswith(CACHE_READERS)
               for f in traceback.extract_tb(error.__traceback__))


def _remove(path: Path) -> None:
    """Delete an SQLite file and its journals."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
