"""Files a build writes, replaced whole: a reader, or a build killed midway,
never sees a half-written file, and temporaries a killed writer left behind
are removed by the next one. With a cache, what was written is remembered
(`Written`), so a rebuild that would write the same bytes writes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator


def write_atomic(path: Path, text: str | Iterable[str] | Iterable[bytes]) -> None:
    """Write text (or its pieces, streamed; str, or UTF-8 bytes) to path
    through a temporary file and a rename, so a reader (or a build killed
    mid-write) never sees a half-written file."""
    with atomic_file(path) as f:
        for piece in (text,) if isinstance(text, str) else text:
            f.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary sibling, renamed
    to `path` when the block ends (removed if it raises)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not tempfile.mkstemp: its files are mode 0600, and the rename kept that,
    # so graph.ttl was unreadable to anyone else. O_CREAT with 0666 honours the
    # umask like open() does; a file being replaced keeps its mode.
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            if path.exists():
                os.chmod(f.fileno(), stat.S_IMODE(path.stat().st_mode))
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_dir(new: Path, target: Path) -> None:
    """Move folder `new` to `target`; an old target is moved aside first and
    removed only once the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old / target.name, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_LEFTOVER = re.compile(r"\.(?:[0-9a-f]{8}\.tmp|[a-z0-9_]{8}|(?:tmp|old)-[a-z0-9_]{8})")
"""What follows '.NAME' in a temporary sibling of NAME: write_atomic's
'.NAME.1a2b3c4d.tmp', mkstemp's '.NAME.x1y2z3w4', a store's '.NAME.tmp-…'
and '.NAME.old-…'."""


def leftovers(folder: str | Path, names: Iterable[str]) -> list[Path]:
    """Temporary siblings of the files (or folders) `names` in `folder`:
    what a writer killed before its rename left behind."""
    folder = Path(folder)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    found = []
    for name in names:
        head = f".{name}"
        found.extend(p for p in entries
                     if p.name.startswith(head) and _LEFTOVER.fullmatch(p.name[len(head):]))
    return found


@contextmanager
def writing_into(folder: str | Path, names: Iterable[str]) -> Iterator[None]:
    """Hold a shared lock on `folder` while writing `names` into it. When no
    other graphbuild holds it, first remove the temporaries a killed writer
    left there (a store's can be gigabytes); a running writer's are safe."""
    import fcntl

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass              # another build writes here: its temporaries are live
        else:
            for p in leftovers(folder, names):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
        fcntl.flock(fd, fcntl.LOCK_SH)   # lock is released when the process ends
        yield
    finally:
        os.close(fd)


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


_STAT = ("size", "mtime_ns", "ctime_ns", "ino")


def file_record(path: Path, known: dict | None = None) -> dict | None:
    """What a manifest says of a file: its SHA-256, size and the stat that
    lets a later check skip hashing. `known` (an earlier record) is reused
    when the file's stat is unchanged since. None when it cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return None
    now = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns,
           "ino": st.st_ino}
    if isinstance(known, dict) and known.get("sha256") and \
            all(known.get(k) == now[k] for k in _STAT):
        return {**now, "sha256": known["sha256"]}
    digest = file_digest(path)
    return None if digest is None else {**now, "sha256": digest}


def matches(path: Path, record: dict) -> dict | None:
    """The file's fresh record (see `file_record`) when it holds the bytes
    `record` describes, else None."""
    if not isinstance(record, dict) or not record.get("sha256"):
        return None
    found = file_record(path, record)
    if found is None or found["sha256"] != record["sha256"] or found["size"] != record.get("size"):
        return None
    return found


class Written:
    """The files a build with a cache wrote, remembered in the cache folder:
    for each, what it was made from (the graph's digest and the writer's
    version) and the digest of its bytes. A rebuild making the same file
    from the same graph leaves it alone when it still holds those bytes
    (checked by digest, hashed again unless size, times and inode are those
    recorded: an edited file, even one whose mtime was set back, is written
    again)."""

    FILE = "outputs.json"

    def __init__(self, cache: Path):
        self.path = Path(cache) / self.FILE
        try:
            self.files: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.files = {}
        if not isinstance(self.files, dict):
            self.files = {}

    def unchanged(self, target: Path, source: str) -> bool:
        """Whether `target` is the file this record says was made from `source`."""
        key = str(target.resolve())
        known = self.files.get(key)
        found = matches(target, known) if isinstance(known, dict) \
            and known.get("source") == source else None
        if found is not None:            # times may have moved (a hard link's ctime)
            self.files[key] = {**found, "source": source}
        return found is not None

    def wrote(self, target: Path, source: str) -> dict | None:
        """Remember that `target` was just made from `source`; its record
        (see `file_record`)."""
        record = file_record(target)
        self.files[str(target.resolve())] = {**(record or {}), "source": source}
        return record

    def record(self, target: Path) -> dict | None:
        """What is known of `target`'s bytes (a `file_record`), if anything."""
        return self.files.get(str(target.resolve()))

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.files, indent=1, sort_keys=True) + "\n")


LOCK_FILE = ".graphbuild.lock"


@contextmanager
def build_lock(folder: str | Path) -> Iterator[None]:
    """Hold `folder`'s build lock (an flock on FOLDER/.graphbuild.lock, which
    the kernel releases when the process ends, even killed), or refuse at
    once with BuildLocked when another build holds it."""
    import fcntl

    from graphbuild.errors import BuildLocked

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise BuildLocked(f"another graphbuild build is writing {folder}/ (pid {holder}); "
                              "wait for it or use another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
