"""The merged graph of the last build, kept with the cache so that a rebuild
patches it instead of merging every film again.

Merging 47k films' results means reading, sorting and writing 11M rows,
which is most of a rebuild after touching 1% of a large corpus. So after a
build with a cache, the cache folder also holds

- `graph.nt`: the merged graph's sorted rows (the bytes of the output file);
- in films.sqlite, what patching needs: the digest of each film merged, for
  each entity the names films gave it and how many films' facts use it, the
  rows the films produced more than once (with their count), and the
  report's counts.

A rebuild removes the rows of the changed films' old results and adds those
of their new ones (entities named by them are merged again across every
film that names them) in one pass over the sorted file. The result is the
graph a full merge would give, byte for byte; the tests build both.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from graphbuild.assemble.files import file_digest
from graphbuild.assemble.rows import RowCounts, SortedRows, count_pieces, count_rows
from graphbuild.extract.film import FilmResult
from graphbuild.rdf.mapping import entity_rows, merge_entities
from graphbuild.model import Decision, Entity

GRAPH_FILE = "graph.nt"
BLOCK = 32 << 20
"""Bytes of the sorted file read at a time while patching."""
MAX_SHARE = 0.25
"""Past this share of films changed, merging everything again is as quick."""

_TABLES = ("merged_films", "merged_entities", "merged_repeats")


def kept_facts(f: FilmResult, facts: list[str], min_confidence: float,
               known) -> tuple[list[str], set[str]]:
    """A film's fact rows at or above `min_confidence` whose entities are
    `known`, and the entity keys those facts use (and the film's own node,
    which its documents name even when it has no fact)."""
    rows: list[str] = []
    own = f"film/{f.key}"
    used: set[str] = {own} if own in known else set()   # not a copy of `known` per film
    at = 0
    for subj, obj, conf, n in f.facts:
        if conf >= min_confidence and subj in known and (obj is None or obj in known):
            rows.extend(facts[at:at + n])
            used.add(subj)
            if obj is not None:
                used.add(obj)
        at += n
    return rows, used


def _self_contained(f: FilmResult, min_confidence: float) -> bool:
    """Whether every kept fact of a film names only the film's own entities."""
    own = {e.key for e in f.entities}
    return all(subj in own and (obj is None or obj in own)
               for subj, obj, conf, _ in f.facts if conf >= min_confidence)


def _entity_data(e: Entity) -> list:
    return [e.cls, e.label, sorted(e.aliases), e.film, e.gender, [d.as_list() for d in e.decisions]]


def merged_rows(key: str, names: dict[str, list]) -> list[str]:
    """Rows of an entity merged from the films that name it (film key ->
    entity data), as `pipeline.merge` writes them."""
    groups = [[Entity(key, cls, label, set(aliases), film, gender,
                      [Decision.from_list(d) for d in decisions])]
              for cls, label, aliases, film, gender, decisions in (names[f] for f in sorted(names))]
    return entity_rows([merge_entities(groups)[key]]).split("\n")[:-1]


class FileRows:
    """Sorted N-Triples rows held in a file (what a patch makes), with the
    report's counts already known, and the SHA-256 of the file's bytes."""

    def __init__(self, path: Path, counts: dict, digest: str | None = None):
        self.path = path
        self.counts = counts
        self.digest = digest

    def __iter__(self) -> Iterator[str]:
        with open(self.path, encoding="utf-8", newline="\n") as f:
            for line in f:
                yield line[:-1]

    def __len__(self) -> int:
        return self.counts["triples"]


class MergedState:
    """The merged graph and its patching state in a Cache's folder, for one
    pipeline version and one `min_confidence`."""

    def __init__(self, store, min_confidence: float):
        self.store = store
        self.db = store.db
        self.min_confidence = min_confidence
        self.path = store.path.parent / GRAPH_FILE
        self.db.execute("CREATE TABLE IF NOT EXISTS merged_films (key TEXT PRIMARY KEY, digest TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS merged_entities (key TEXT PRIMARY KEY, data TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS merged_repeats (row TEXT PRIMARY KEY, n INTEGER)")
        row = self.db.execute("SELECT value FROM meta WHERE name = 'merged'").fetchone()
        try:
            meta = json.loads(row[0]) if row else None
        except (TypeError, ValueError):
            meta = None
        self.meta: dict | None = meta if isinstance(meta, dict) else None

    # -- whether and what to patch ------------------------------------------

    def usable(self) -> bool:
        """Whether the kept graph is that of the last build with this cache
        and `min_confidence`, intact (its bytes have the digest recorded
        when it was written: size and times can be kept by an edit, and the
        file is hard-linked as the output graph.nt), and patchable."""
        m = self.meta
        if not (m is not None and m.get("version") == self.store.version
                and m.get("min_confidence") == self.min_confidence and m.get("patchable")
                and isinstance(m.get("counts"), dict)):
            return False
        if file_digest(self.path) != m.get("sha256"):
            self.store.notes.append(f"the kept graph {self.path} is missing or changed since "
                                    "the last build; merged every film again")
            return False
        return True

    def changes(self, digests: dict[str, str]) -> dict[str, str | None] | None:
        """Films whose result differs from the one merged (film key -> digest
        merged, None for a new film), or None when patching would not pay."""
        if not self.usable():
            return None
        merged = dict(self.db.execute("SELECT key, digest FROM merged_films"))
        changed = {k: merged.get(k) for k in digests if merged.get(k) != digests[k]}
        changed.update({k: d for k, d in merged.items() if k not in digests})
        if len(changed) > MAX_SHARE * max(len(digests), 1):
            return None
        return changed

    # -- a full merge -------------------------------------------------------

    def save(self, films: list[FilmResult], rows: SortedRows) -> FileRows:
        """Keep a fully merged graph (`rows`) and what patching it needs.
        `films` in key order."""
        with self.db:
            for table in _TABLES:
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("DELETE FROM meta WHERE name = 'merged'")
        counter = RowCounts()
        digest = _write(self.path, count_pieces(rows.counted(), counter))
        counts = counter.as_dict()
        names: dict[str, dict[str, list]] = {}
        uses: Counter[str] = Counter()
        patchable = True
        for f in films:
            own = {e.key for e in f.entities}
            for e in f.entities:
                names.setdefault(e.key, {})[f.key] = _entity_data(e)
            patchable = patchable and _self_contained(f, self.min_confidence)
            uses.update(kept_facts(f, [], self.min_confidence, own)[1])
        with self.db:
            self.db.executemany("INSERT INTO merged_films VALUES (?, ?)",
                                ((f.key, f.digest) for f in films))
            self.db.executemany("INSERT INTO merged_entities VALUES (?, ?)",
                                ((k, json.dumps([uses[k], v], ensure_ascii=False))
                                 for k, v in names.items()))
            self.db.executemany("INSERT INTO merged_repeats VALUES (?, ?)",
                                ((r, n + 1) for r, n in rows.repeats.items()))
            self._write_meta(counts, patchable, digest)
        return FileRows(self.path, counts, digest)

    def kept(self) -> FileRows:
        """The kept graph as it is (when no film changed since it was made)."""
        return FileRows(self.path, self.meta["counts"], self.meta.get("sha256"))

    def _write_meta(self, counts: dict, patchable: bool, digest: str) -> None:
        self.meta = {"version": self.store.version, "min_confidence": self.min_confidence,
                     "patchable": patchable, "counts": counts,
                     "sha256": digest}
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('merged', ?)",
                        (json.dumps(self.meta),))

    # -- a patch ------------------------------------------------------------

    def patch(self, old: list[FilmResult], new: list[FilmResult]) -> FileRows | None:
        """Replace the merged results `old` with `new` (films changed, added
        or removed) and rewrite the sorted file in one pass. None (nothing
        done) when a new result names an entity of another film: its rows
        then depend on films not at hand."""
        if not all(_self_contained(f, self.min_confidence) for f in new):
            return None
        delta: Counter[str] = Counter()
        uses: Counter[str] = Counter()
        gone: dict[str, set[str]] = {}       # entity key -> films no longer naming it
        named: dict[str, dict[str, list]] = {}
        for sign, results in ((-1, old), (1, new)):
            for f in results:
                rows = f.rows()
                own = {e.key for e in f.entities}
                facts, used = kept_facts(f, rows.facts, self.min_confidence, own)
                for r in facts:
                    delta[r] += sign
                for r in rows.documents:
                    delta[r] += sign
                for k in used:
                    uses[k] += sign
                for e in f.entities:
                    if sign < 0:
                        gone.setdefault(e.key, set()).add(f.key)
                    else:
                        named.setdefault(e.key, {})[f.key] = _entity_data(e)
        touched = sorted(set(gone) | set(named) | set(uses))
        updates = []
        for key in touched:
            row = self.db.execute("SELECT data FROM merged_entities WHERE key = ?",
                                  (key,)).fetchone()
            used_before, before = json.loads(row[0]) if row else (0, {})
            names = dict(before)
            for film in gone.get(key, ()):
                names.pop(film, None)
            names.update(named.get(key, {}))
            used_now = used_before + uses[key]
            shown_before, shown_now = used_before > 0 and before, used_now > 0 and names
            if names != before or bool(shown_before) != bool(shown_now):
                for r in merged_rows(key, before) if shown_before else ():
                    delta[r] -= 1
                for r in merged_rows(key, names) if shown_now else ():
                    delta[r] += 1
            if names != before or used_now != used_before:
                updates.append((key, used_now, names))
        counts, digest = self._rewrite(delta)
        with self.db:
            for key, used_now, names in updates:
                if names:
                    self.db.execute("INSERT OR REPLACE INTO merged_entities VALUES (?, ?)",
                                    (key, json.dumps([used_now, names], ensure_ascii=False)))
                else:
                    self.db.execute("DELETE FROM merged_entities WHERE key = ?", (key,))
            for f in old:
                self.db.execute("DELETE FROM merged_films WHERE key = ?", (f.key,))
            self.db.executemany("INSERT OR REPLACE INTO merged_films VALUES (?, ?)",
                                ((f.key, f.digest) for f in new))
            self._write_meta(counts, True, digest)
        return FileRows(self.path, counts, digest)

    def _rewrite(self, delta: Counter[str]) -> tuple[dict, str]:
        """Apply signed row counts to the sorted file; the new report counts
        and the file's digest."""
        # rows as UTF-8 bytes: their order is the order of the text
        edits = sorted((r.encode("utf-8"), d) for r, d in delta.items() if d)
        removed: list[bytes] = []
        added: list[bytes] = []
        repeats: dict[bytes, int] = {}
        for r, _ in edits:
            found = self.db.execute("SELECT n FROM merged_repeats WHERE row = ?",
                                    (r.decode("utf-8"),)).fetchone()
            if found:
                repeats[r] = found[0]
        wrote = False

        def apply(row: bytes, d: int, present: bool, out: list[bytes]) -> None:
            before = repeats.get(row, 1) if present else 0
            after = before + d
            if after < 0:
                raise ValueError(f"patch removes a row the graph does not hold: {row[:200]!r}")
            if after:
                out.append(row)
                if not present:
                    added.append(row)
            elif present:
                removed.append(row)
            repeats[row] = after

        def pieces() -> Iterator[bytes]:
            nonlocal wrote
            at = 0
            for lines in _blocks(self.path):
                end = bisect_right(edits, (lines[-1], float("inf")), at)
                out: list[bytes] = []
                pos = 0
                for row, d in edits[at:end]:
                    i = bisect_left(lines, row, pos)
                    out.extend(lines[pos:i])
                    present = i < len(lines) and lines[i] == row
                    apply(row, d, present, out)
                    pos = i + 1 if present else i
                out.extend(lines[pos:])
                at = end
                if out:
                    wrote = True
                    yield b"\n".join(out) + b"\n"
            out = []
            for row, d in edits[at:]:
                apply(row, d, False, out)
            if out or not wrote:
                yield b"\n".join(out) + b"\n"     # an empty graph is one "\n"

        digest = _write(self.path, pieces())
        with self.db:
            for row, n in repeats.items():
                if n >= 2:
                    self.db.execute("INSERT OR REPLACE INTO merged_repeats VALUES (?, ?)",
                                    (row.decode("utf-8"), n))
                else:
                    self.db.execute("DELETE FROM merged_repeats WHERE row = ?",
                                    (row.decode("utf-8"),))
        return count_rows(self.meta["counts"], (r.decode("utf-8") for r in removed),
                          (r.decode("utf-8") for r in added)), digest


def _blocks(path: Path) -> Iterator[list[bytes]]:
    """The rows of a sorted file (UTF-8 bytes), a block of whole lines at a time."""
    rest = b""
    with open(path, "rb") as f:
        while True:
            data = f.read(BLOCK)
            if not data:
                break
            data = rest + data
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            lines = data[:cut - 1].split(b"\n") if cut else []
            if lines and lines != [b""]:      # an empty graph is one "\n"
                yield lines
    if rest:
        yield rest.split(b"\n")


def link_or_copy(src: Path, dest: Path) -> None:
    """Put a copy of `src` at `dest`, atomically: a hard link when they are
    on one file system (both are only ever replaced, never edited)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.{secrets.token_hex(4)}.tmp"   # as write_atomic names it
    try:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # renaming a link onto another link of the same file does nothing and
    # leaves the temporary name behind (POSIX rename): `dest` already is `src`
    tmp.unlink(missing_ok=True)


def _write(path: Path, pieces: Iterable[str] | Iterable[bytes]) -> str:
    """write_atomic into the cache folder, first removing what a killed
    build left there; the SHA-256 of the bytes written."""
    from graphbuild.assemble.files import write_atomic, writing_into

    digest = hashlib.sha256()

    def hashed() -> Iterator[bytes]:
        for piece in pieces:
            data = piece if isinstance(piece, bytes) else piece.encode("utf-8")
            digest.update(data)
            yield data

    with writing_into(path.parent, [path.name]):
        write_atomic(path, hashed())
    return digest.hexdigest()
