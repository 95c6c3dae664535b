"""Nothing half-written: a real `graphbuild build` killed (SIGINT, SIGKILL) at
many points never leaves a truncated graph file or a broken store, and the
next run cleans up after it and writes the complete output."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from graphbuild.assemble.files import leftovers, write_atomic, writing_into

FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")
OX_FORMATS = {"graph.ttl": "TURTLE", "graph.nt": "N_TRIPLES", "graph.jsonld": "JSON_LD",
              "graph.trig": "TRIG"}
STORE = "store"


# --- the leftovers of a killed writer, without the model -------------------------------

def test_leftovers_are_the_temporaries_named_after_the_outputs(tmp_path):
    for name in (".graph.ttl.1a2b3c4d.tmp", ".graph.nt.x1y_z3w4", ".store.tmp-abcd1234",
                 ".store.old-abcd1234", ".graph.ttl.backup", "graph.ttl", ".cache",
                 ".graph.ttl.1A2B3C4D.tmp", ".report.json.00000000.tmp"):
        (tmp_path / name).mkdir() if "store" in name else (tmp_path / name).write_text("x")
    found = {p.name for p in leftovers(tmp_path, ["graph.ttl", "graph.nt", "store"])}
    assert found == {".graph.ttl.1a2b3c4d.tmp", ".graph.nt.x1y_z3w4", ".store.tmp-abcd1234",
                     ".store.old-abcd1234"}


def test_writing_into_removes_what_a_killed_writer_left(tmp_path):
    (tmp_path / ".graph.ttl.1a2b3c4d.tmp").write_text("@prefix half")
    (tmp_path / ".store.tmp-abcd1234").mkdir()
    (tmp_path / ".store.tmp-abcd1234" / "CURRENT").write_text("x")
    (tmp_path / "notes.txt").write_text("mine")
    with writing_into(tmp_path, ["graph.ttl", "store"]):
        write_atomic(tmp_path / "graph.ttl", "<urn:a> <urn:b> <urn:c> .\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "notes.txt"]


def test_writing_into_leaves_the_temporaries_of_a_running_writer(tmp_path):
    """Another process holds the folder (a build writing now): its
    temporaries are live and stay."""
    live = tmp_path / ".graph.ttl.1a2b3c4d.tmp"
    live.write_text("@prefix being written")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from graphbuild.assemble.files import writing_into\n"
         f"with writing_into({str(tmp_path)!r}, ['x']):\n"
         "    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with writing_into(tmp_path, ["graph.ttl"]):
            assert live.exists()
    finally:
        holder.communicate("", timeout=30)
    with writing_into(tmp_path, ["graph.ttl"]):   # alone now: a leftover
        assert not live.exists()


# --- a real build, killed ------------------------------------------------------------------

def make_corpus(root: Path, films: int = 30) -> Path:
    """Films with long casts: metadata facts that need no parsing but make a
    graph whose files take a while to write."""
    for i in range(films):
        cast = ", ".join(f"Actor{i}x{j} Person{j}" for j in range(20))
        folder = root / f"film-{i:03d}"
        folder.mkdir(parents=True)
        (folder / "post.md").write_text(
            f'---\ntitle: "Film Number {i}"\nyear: {1950 + i % 70}\n'
            f"director: Director{i} Name\ncast: [{cast}]\ngenres: [Drama, Genre{i % 17}]\n---\n"
            "Tom Smith meets Eve Jones in Paris.\n", encoding="utf-8")
    return root


def start_build(corpus: Path, out: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphbuild", "build", str(corpus), "--out", str(out),
         "--store", str(store)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The corpus and an uninterrupted build of it."""
    root = tmp_path_factory.mktemp("atomic")
    corpus = make_corpus(root / "corpus")
    p = start_build(corpus, root / "ref", root / STORE)
    _, err = p.communicate(timeout=600)
    assert p.returncode == 0, err
    return corpus, root / "ref"


def names_in(folder: Path) -> set[str]:
    return set(os.listdir(folder)) if folder.is_dir() else set()


def appears(prefix: str, where: str = "out") -> Callable[[Path, Path], bool]:
    """A trigger: a new entry starting with `prefix` (not one there when the
    build started, such as a leftover) in the output folder, its cache or beside the store."""
    before: list[set[str]] = []

    def trigger(out: Path, store: Path) -> bool:
        names = names_in({"out": out, "cache": out / ".cache"}.get(where, store.parent))
        if not before:
            before.append(names)
        return any(n.startswith(prefix) for n in names - before[0])
    trigger.__name__ = f"{prefix} appears"
    trigger.again = lambda: appears(prefix, where)   # a short window the poll may miss
    return trigger


def changes(name: str, where: str = "out") -> Callable[[Path, Path], bool]:
    """A trigger: `name` (in the output folder or beside the store) is not
    the one there when the build started (another inode, size or time): the
    moment a writer touches it."""
    before: list = []

    def state(path: Path):
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns

    def trigger(out: Path, store: Path) -> bool:
        now = state((out if where == "out" else store.parent) / name)
        if not before:
            before.append(now)
        return now != before[0]
    trigger.__name__ = f"{name} changes"
    trigger.again = lambda: changes(name, where)
    return trigger


WHOLE_RUN: list[float] = []
"""Seconds the uninterrupted runs of the test took (start to exit)."""


def after(fraction: float) -> Callable[[Path, Path], bool]:
    """A trigger: `fraction` of the last whole run's time after its first
    call (the build's start), so that it fires mid-build on a fast machine
    as on a slow one. Its `again` tries a smaller fraction when a build ran
    faster than the measured one and finished first."""
    t0: list[float] = []

    def trigger(out: Path, store: Path) -> bool:
        t0[:] = t0 or [time.monotonic()]
        return time.monotonic() - t0[0] >= fraction * WHOLE_RUN[-1]
    trigger.__name__ = f"after {fraction:.0%} of a whole run"
    trigger.again = lambda: after(fraction / 2)      # the build ran faster: earlier
    return trigger


def kill_when(p: subprocess.Popen, trigger, sig: int, out: Path, store: Path) -> bool:
    """Poll without pause (writing a megabyte takes a millisecond); send
    `sig` once the trigger fires. Whether the build was still running then."""
    while p.poll() is None:
        if trigger(out, store):
            p.send_signal(sig)
            p.wait(timeout=120)
            return True
        time.sleep(0)
    return False


def assert_complete(out: Path, store: Path, ref: Path, counts: dict[str, int]) -> None:
    """Every output file there is parses in full to the whole graph; the
    store opens and answers, or is not there."""
    import pyoxigraph as ox

    for name in FILES:
        path = out / name
        if name == "graph.nt" and path.exists():
            assert path.read_bytes() == (ref / name).read_bytes(), name
        elif path.exists():
            with path.open("rb") as f:
                quads = list(ox.parse(f, format=getattr(ox.RdfFormat, OX_FORMATS[name])))
            assert len({(q.subject, q.predicate, q.object) for q in quads}) == counts[name], name
    if (out / "report.json").exists():
        report = json.loads((out / "report.json").read_text())
        assert report["triples"] == counts["graph.nt"]
    if store.exists():
        from graphbuild.sparql.store import open_store

        db = open_store(store)
        [row] = db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(row["n"].value) == counts["graph.nt"]
        del db


SCENARIOS = [
    (signal.SIGKILL, appears(".graph.ttl.")),
    (signal.SIGKILL, changes("graph.ttl")),        # what catches a writer that truncates
    (signal.SIGKILL, appears(".graph.nt.", "cache")),   # graph.nt is a link to the cache's
    (signal.SIGINT, appears(".graph.jsonld.")),
    (signal.SIGKILL, appears(f".{STORE}.tmp-", "store")),
    (signal.SIGINT, appears(f".{STORE}.tmp-", "store")),
    (None, None),                    # a whole run: the next ones replace its store
    (signal.SIGKILL, changes(STORE, "store")),     # what catches a store written in place
    (signal.SIGKILL, appears(f".{STORE}.old-", "store")),
    (signal.SIGKILL, after(random.Random(7).uniform(0.3, 0.9))),   # anywhere: reading,
    (signal.SIGINT, after(random.Random(8).uniform(0.3, 0.9))),    # merging or writing
]
"""(signal, when) of each run in turn; each starts on what the last one left."""


@pytest.mark.model
def test_killed_builds_leave_whole_files_and_the_next_run_recovers(built, tmp_path):
    import pyoxigraph as ox

    corpus, ref = built
    counts = {}
    for name in FILES:
        with (ref / name).open("rb") as f:
            quads = ox.parse(f, format=getattr(ox.RdfFormat, OX_FORMATS[name]))
            counts[name] = len({(q.subject, q.predicate, q.object) for q in quads})
    assert len(set(counts.values())) == 1
    out, store = tmp_path / "out", tmp_path / STORE
    missed = []
    for sig, trigger in SCENARIOS:
        # A rebuild with nothing changed writes no graph file (it keeps the
        # ones the cache made); forget them, and the kept merged graph, so
        # that every run writes every file for the kill to catch.
        (out / ".cache" / "outputs.json").unlink(missing_ok=True)
        (out / ".cache" / "graph.nt").unlink(missing_ok=True)
        p = start_build(corpus, out, store)
        if sig is None:
            t0 = time.monotonic()
            _, err = p.communicate(timeout=600)
            WHOLE_RUN.append(time.monotonic() - t0)
            assert p.returncode == 0, err
        elif not kill_when(p, trigger, sig, out, store) and trigger.__name__ != f"{STORE} changes":
            for _ in range(3 if hasattr(trigger, "again") else 0):   # try again
                assert_complete(out, store, ref, counts)
                trigger = trigger.again()
                (out / ".cache" / "outputs.json").unlink(missing_ok=True)
                (out / ".cache" / "graph.nt").unlink(missing_ok=True)
                if kill_when(start_build(corpus, out, store), trigger, sig, out, store):
                    break
            else:
                missed.append(f"{sig.name} when {trigger.__name__}")
        assert_complete(out, store, ref, counts)
    # each kill caught the build running (a trigger that fired too late tests nothing)
    assert missed == []

    p = start_build(corpus, out, store)
    _, err = p.communicate(timeout=600)
    assert p.returncode == 0, err
    for name in FILES:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    report, expected = (json.loads((d / "report.json").read_text()) for d in (out, ref))
    assert report.pop("build")["films_reused"] > 0   # the cache a killed run left is read
    expected.pop("build")
    assert report == expected
    assert_complete(out, store, ref, counts)
    assert store.exists()
    names = [*FILES, "report.json", STORE]
    assert leftovers(out, names) == [] and leftovers(tmp_path, names) == []
