"""The outputs of a build as one set: `manifest.json`, written last.

Each file of a build is replaced whole (`files.write_atomic`), but a build
killed between two files would leave some of the new graph and some of the
old. So a build first marks its folder unfinished (a manifest saying
`"complete": false`), then writes its files, and last writes the manifest
of the finished set: each file's SHA-256 and size, and the digest of the
graph they hold. A reader of an output folder (`check`) refuses a folder
whose manifest is unfinished or whose files are not the ones it lists; a
folder without a manifest (an older build, a folder made by hand) is read
as is, and so is a graph file given directly.

Digests are not computed again for a file whose size, modification and
change times and inode are those recorded right after it was written: the
change time (ctime) cannot be set back, so an edit, even one that keeps the
size and resets the modification time, makes the file be hashed again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from graphbuild.assemble.files import file_record, matches, write_atomic
from graphbuild.errors import GraphLoadError

MANIFEST = "manifest.json"
FORMAT = 1
"""Version of the manifest's layout."""

def read(folder: str | Path) -> dict | None:
    """The manifest of an output folder, None when there is none; an
    unreadable one reads as unfinished."""
    path = Path(folder) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {"complete": False}
    try:
        found = json.loads(text)
    except ValueError:
        return {"complete": False}
    return found if isinstance(found, dict) else {"complete": False}


def begin(folder: str | Path) -> dict | None:
    """Mark `folder` as being written (before any of its files changes);
    the manifest it held, if any, for `finish` to reuse its records."""
    old = read(folder)
    write_atomic(Path(folder) / MANIFEST, json.dumps(
        {"format": FORMAT, "complete": False, "pid": os.getpid()}, indent=1) + "\n")
    return old


def finish(folder: str | Path, names: Iterable[str], graph: str | None,
           known: dict[str, dict] | None = None, old: dict | None = None) -> dict:
    """Write the manifest of the finished set `names` in `folder` (after
    every file is in place): each file's record (taken from `known`, else
    `old`'s when the file is unchanged since, else hashed), and `graph`,
    the SHA-256 of the graph's N-Triples. Returns the manifest."""
    folder = Path(folder)
    known = known or {}
    before = (old or {}).get("files") if isinstance(old, dict) else None
    before = before if isinstance(before, dict) else {}
    files = {}
    for name in names:
        record = file_record(folder / name, known.get(name) or before.get(name))
        if record is None:
            raise FileNotFoundError(2, "a file of the build is missing", str(folder / name))
        files[name] = record
    manifest = {"format": FORMAT, "complete": True, "graph": graph, "files": files}
    write_atomic(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def listed(folder: str | Path) -> list[str] | None:
    """The files a finished manifest lists (None without a manifest);
    GraphLoadError when the folder is from an unfinished build."""
    m = read(folder)
    if m is None:
        return None
    if not m.get("complete") or not isinstance(m.get("files"), dict):
        raise _interrupted(folder, f"{MANIFEST} says it was not finished")
    return sorted(m["files"])


def check(folder: str | Path, names: Iterable[str]) -> None:
    """Refuse (GraphLoadError) to read `names` from an output folder that an
    interrupted build left, or whose files are not the set its manifest
    lists. A folder without a manifest passes."""
    folder = Path(folder)
    if listed(folder) is None:
        return
    files = read(folder)["files"]
    for name in names:
        if name not in files or matches(folder / name, files[name]) is None:
            raise _interrupted(folder, f"{name} does not match {MANIFEST}")


def _interrupted(folder: str | Path, why: str) -> GraphLoadError:
    return GraphLoadError(f"{folder}/ is from an interrupted build ({why}); run "
                          "graphbuild build again")
