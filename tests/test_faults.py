"""Faults: builds killed at random points leave the old set of outputs or the
new one (by manifest.json), or a folder readers refuse; the cache checks the
graph it keeps by digest and repairs itself; a lock keeps two builds out of
one folder."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.assemble import manifest
from graphbuild.assemble.files import LOCK_FILE, build_lock
from graphbuild.cli.app import main
from graphbuild.errors import BuildLocked, GraphLoadError
from graphbuild.outputs.rdf import load_graph
from graphbuild.sparql.store import dataset_file
from tests.small_corpus import write_corpus

FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")
OX_FORMATS = {"graph.ttl": "TURTLE", "graph.nt": "N_TRIPLES", "graph.jsonld": "JSON_LD",
              "graph.trig": "TRIG"}
KILLS = 20


def command(corpus: Path, out: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "graphbuild", "build", str(corpus), "--out", str(out),
            "-q", *more]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A corpus and a finished build of it (with its cache)."""
    root = tmp_path_factory.mktemp("faults")
    corpus = write_corpus(root / "corpus")
    out = root / "out"
    done = subprocess.run(command(corpus, out), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return corpus, out


def copy_build(built, tmp_path: Path) -> tuple[Path, Path]:
    import shutil

    corpus, out = built
    shutil.copytree(out, tmp_path / "out", copy_function=shutil.copy2)
    return corpus, tmp_path / "out"


def build(corpus: Path, out: Path, *more: str):
    return CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "-q", *more])


# -- the manifest, and readers ------------------------------------------------

@pytest.mark.model
def test_the_manifest_lists_every_output_and_the_graph(built):
    _, out = built
    m = json.loads((out / manifest.MANIFEST).read_text())
    assert m["complete"] is True
    assert sorted(m["files"]) == sorted([*FILES, "ontology.ttl", "report.json"])
    for name, record in m["files"].items():
        assert record["sha256"] == sha256(out / name)
        assert record["size"] == (out / name).stat().st_size
    assert m["graph"] == sha256(out / "graph.nt")     # graph.nt's bytes are the graph's
    assert len(load_graph(out)) > 0


@pytest.mark.model
def test_readers_refuse_a_folder_an_interrupted_build_left(built, tmp_path):
    corpus, out = copy_build(built, tmp_path)
    whole = json.loads((out / manifest.MANIFEST).read_text())
    manifest.begin(out)                      # what a build killed while writing leaves
    for read in (load_graph, dataset_file):
        with pytest.raises(GraphLoadError, match=r"interrupted build \(manifest.json says"):
            read(out)
    r = CliRunner().invoke(main, ["query", str(out), "SELECT * WHERE { ?s ?p ?o } LIMIT 1"])
    assert r.exit_code == 1 and "interrupted build" in r.output and "Traceback" not in r.output
    assert len(load_graph(out / "graph.ttl")) > 0    # a file given directly is read as is

    # a finished manifest, but a file from another build
    (out / manifest.MANIFEST).write_text(json.dumps(whole))
    assert len(load_graph(out)) > 0
    text = (out / "graph.nt").read_text()
    (out / "graph.nt").unlink()                       # (a hard link of the cache's)
    (out / "graph.nt").write_text(text.splitlines(keepends=True)[0])
    with pytest.raises(GraphLoadError, match=r"graph.nt does not match manifest.json\); run "
                                             r"graphbuild build again"):
        load_graph(out)
    # the next build repairs the set
    r = build(corpus, out)
    assert r.exit_code == 0, r.output
    assert "wrote " + str(out / "graph.nt") in r.output
    assert len(load_graph(out)) == len(load_graph(built[1]))


@pytest.mark.model
def test_a_folder_copied_elsewhere_still_reads(built, tmp_path):
    """Copies get new inodes and times: the files are hashed again, and match."""
    _, out = built
    for name in [*FILES, "ontology.ttl", "report.json", manifest.MANIFEST]:
        (tmp_path / name).write_bytes((out / name).read_bytes())
    assert len(load_graph(tmp_path)) == len(load_graph(out))


def test_a_folder_without_a_manifest_is_read_as_is(tmp_path):
    (tmp_path / "graph.nt").write_text("<urn:a> <urn:b> <urn:c> .\n")
    assert len(load_graph(tmp_path)) == 1


@pytest.mark.model
def test_an_output_edited_with_its_size_and_mtime_kept_is_written_again(built, tmp_path):
    corpus, out = copy_build(built, tmp_path)
    target = out / "graph.ttl"
    before, st = target.read_bytes(), target.stat()
    target.write_bytes(before.replace(b"film:", b"film_", 1))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert target.stat().st_size == st.st_size
    r = build(corpus, out)
    assert r.exit_code == 0, r.output
    assert f"wrote {target}" in r.output
    assert target.read_bytes() == before


# -- the lock -----------------------------------------------------------------

def test_a_second_build_into_the_same_folder_is_refused_at_once(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    with build_lock(out):
        r = build(corpus, out)
        assert r.exit_code == 1
        assert f"Error: another graphbuild build is writing {out}/ (pid {os.getpid()}); " \
               "wait for it or use another --out" in r.output
        assert not (out / ".cache").exists()          # refused before reading anything
        with pytest.raises(BuildLocked):
            with build_lock(out):
                pass


def test_the_lock_of_a_killed_build_does_not_block_the_next(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom graphbuild.assemble.files import "
         "build_lock\nwith build_lock(sys.argv[1]):\n    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLocked, match=f"pid {holder.pid}"):
            with build_lock(tmp_path):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (tmp_path / LOCK_FILE).exists()       # left behind, but no longer held
    with build_lock(tmp_path):
        pass


# -- the cache ----------------------------------------------------------------

def _edit_in_place(path: Path, at: int, new: bytes) -> None:
    """Overwrite bytes of a file in place (same inode, same size), and set
    its modification time back."""
    st = path.stat()
    with open(path, "r+b") as f:
        f.seek(at)
        f.write(new)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


@pytest.mark.model
@pytest.mark.parametrize("edit", ["a literal", "a syntax break"])
def test_an_edit_of_the_kept_graph_is_caught_by_its_digest(built, tmp_path, edit):
    corpus, out = copy_build(built, tmp_path)
    expected = (built[1] / "graph.nt").read_bytes()
    (out / "graph.nt").unlink()
    os.link(out / ".cache" / "graph.nt", out / "graph.nt")   # as a build leaves them
    at = expected.index(b'"') + 1 if edit == "a literal" else 0
    _edit_in_place(out / "graph.nt", at, b"X" if edit == "a literal" else b"\xff<<")
    assert (out / ".cache" / "graph.nt").read_bytes() != expected
    r = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert "warning: the kept graph" in r.output and "merged every film again" in r.output
    assert "parsed 0" in r.output                 # rebuilt from the films the cache holds
    assert (out / "graph.nt").read_bytes() == expected
    assert (out / ".cache" / "graph.nt").read_bytes() == expected
    r = build(corpus, out)                        # and trusted again afterwards
    assert r.exit_code == 0 and "warning" not in r.output


@pytest.mark.model
def test_a_malformed_cache_file_is_started_afresh(built, tmp_path):
    corpus, out = copy_build(built, tmp_path)
    db = out / ".cache" / "films.sqlite"
    data = bytearray(db.read_bytes())
    for page in range(2 * 4096, len(data), 4096):     # every page after the schema's
        data[page:page + 64] = b"\x0dgarbage" * 8
    db.write_bytes(bytes(data))
    r = build(corpus, out)
    assert r.exit_code == 0, r.output
    assert "warning: the build cache" in r.output and "Traceback" not in r.output
    assert (out / "graph.nt").read_bytes() == (built[1] / "graph.nt").read_bytes()
    r = build(corpus, out)
    assert r.exit_code == 0 and "warning" not in r.output and "parsed 0" in r.output


@pytest.mark.model
@pytest.mark.parametrize("table,column,value,warns", [
    ("merged_entities", "data", "{not json", False),     # merged afresh
    ("films", "data", b"\x78\x9cnot zlib", False),       # the film parsed again
    ("parses", "data", b"\x78\x9cnot zlib", True),       # the build runs again
])
def test_a_cache_value_that_does_not_decode_rebuilds_with_a_warning(built, tmp_path, table,
                                                                    column, value, warns):
    corpus, out = write_corpus(tmp_path / "corpus"), tmp_path / "out"
    assert build(corpus, out).exit_code == 0
    # one film changed: the build patches the kept graph, reads the film's
    # old result, and the parse of its document that did not change
    review = corpus / "river-road-1988" / "review-1.txt"
    review.write_text(review.read_text() + "Lena Ford is wonderful too.\n")
    with sqlite3.connect(out / ".cache" / "films.sqlite") as db:
        db.execute(f"UPDATE {table} SET {column} = ?", (value,))
    r = build(corpus, out)
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    assert ("warning: the build cache in" in r.output
            and "deleted it and built again without it" in r.output) == warns
    clean = build(corpus, tmp_path / "clean")
    assert clean.exit_code == 0, clean.output
    assert (out / "graph.nt").read_bytes() == (tmp_path / "clean" / "graph.nt").read_bytes()


# -- kill -9 at random points ---------------------------------------------------

def folder_state(out: Path, graphs: dict[str, str]) -> str:
    """'old'/'new' set names of a finished, consistent folder (asserting it
    is), or 'refused' when readers refuse it as unfinished."""
    import pyoxigraph as ox

    m = manifest.read(out)
    assert m is not None, "a build that was finished once leaves a manifest"
    if not m.get("complete"):
        with pytest.raises(GraphLoadError, match="interrupted build"):
            load_graph(out)
        return "refused"
    assert set(FILES) <= set(m["files"])
    for name, record in m["files"].items():
        assert sha256(out / name) == record["sha256"], name
    assert m["graph"] == sha256(out / "graph.nt") and m["graph"] in graphs
    counts = set()
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        with (out / name).open("rb") as f:
            counts.add(sum(1 for _ in ox.parse(f, format=getattr(ox.RdfFormat, OX_FORMATS[name]))))
    assert len(counts) == 1, f"the files hold different graphs: {counts}"
    with (out / "graph.trig").open("rb") as f:
        assert sum(1 for _ in ox.parse(f, format=ox.RdfFormat.TRIG)) > 0
    report = json.loads((out / "report.json").read_text())
    assert report["triples"] == counts.pop()
    return graphs[m["graph"]]


def unfinished(out: Path) -> bool:
    m = manifest.read(out)
    return m is not None and not m.get("complete")


def run_watched(cmd: list[str], out: Path, kill_at: float | None = None,
                after_begin: bool = False) -> tuple[subprocess.Popen, float | None, float | None]:
    """Run a build; with `kill_at`, kill -9 it that many seconds after it
    started (or, `after_begin`, after it marked the folder unfinished).
    The times (from the start) at which the folder was seen unfinished and
    finished again."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    began = ended = None
    while p.poll() is None:
        now = time.monotonic() - start
        if began is None and unfinished(out):
            began = now
        elif began is not None and ended is None and not unfinished(out):
            ended = now
        if kill_at is not None and (began is not None or not after_begin) and \
                now >= kill_at + (began if after_begin else 0):
            p.send_signal(signal.SIGKILL)
            break
        time.sleep(0.001)
    p.wait(timeout=60)
    return p, began, ended


@pytest.mark.model
def test_builds_killed_at_random_points_leave_the_old_set_the_new_set_or_a_refused_folder(
        built, tmp_path):
    """Builds alternate between two graphs of one corpus (--min-confidence 0
    and 0.7: no film is parsed again, so each build is short) and are
    killed with kill -9: half after a random delay within a whole build's
    duration, half after a random delay within its writing (from the
    moment it marks the folder unfinished). A refused folder is built again
    before the next kill, so that each kill starts from a finished set."""
    corpus, out = copy_build(built, tmp_path)
    variants = [("0", "old"), ("0.7", "new")]
    graphs, took, writing = {}, [], []
    for conf, name in variants:                   # each set once, whole, and timed
        start = time.monotonic()
        p, began, ended = run_watched(command(corpus, out, "--min-confidence", conf), out)
        took.append(time.monotonic() - start)
        assert p.returncode == 0, p.stderr.read()
        if began is not None and ended is not None:
            writing.append(ended - began)
        graphs[sha256(out / "graph.nt")] = name
    assert len(graphs) == 2, "the two confidences give the same graph"
    rng = random.Random(17)
    seen = {"old": 0, "new": 0, "refused": 0, "finished": 0}
    for i in range(KILLS):
        conf, _ = variants[i % 2]
        in_writing = i % 4 >= 2
        delay = rng.uniform(0, max(writing or [0.2]) if in_writing else max(took))
        for _ in range(4):     # a build faster than the timed ones ended first: earlier
            p, _, _ = run_watched(command(corpus, out, "--min-confidence", conf), out,
                                  kill_at=delay, after_begin=in_writing)
            err = p.stderr.read()
            assert "another graphbuild build" not in err     # the killed one's lock is gone
            if p.returncode != 0:
                break
            delay /= 2
        else:
            seen["finished"] += 1                       # the kill came too late, 4 times
        state = folder_state(out, graphs)
        seen[state] += 1
        if state == "refused":                          # the next build recovers
            p, _, _ = run_watched(command(corpus, out, "--min-confidence", conf), out)
            assert p.returncode == 0, p.stderr.read()
            assert folder_state(out, graphs) == variants[i % 2][1]
    print(f"\n{KILLS} kills -> {seen} (builds took {took} s, wrote for {writing} s)")
    assert seen["old"] + seen["new"] + seen["refused"] == KILLS
    assert seen["finished"] < KILLS // 2, "most kills came after the build ended"
    # the next build recovers, whatever the last kill left
    done = subprocess.run(command(corpus, out), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert folder_state(out, graphs) == "old"


def test_an_error_that_is_not_the_caches_is_not_repaired_by_building_again(tmp_path,
                                                                             monkeypatch):
    """A ValueError raised outside the code that reads the cache (a bug) is
    not taken for a damaged cache: it is raised once, nothing is built twice."""
    import graphbuild.assemble.merge as merge_module
    from graphbuild.assemble.cache import damaged
    from graphbuild.pipeline import build as run

    corpus = write_corpus(tmp_path / "corpus")
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ValueError("a bug in a rule")

    monkeypatch.setattr(merge_module, "merge", broken)
    with pytest.raises(ValueError, match="a bug in a rule") as caught:
        run([corpus], cache=tmp_path / "cache")
    assert not damaged(caught.value)
    assert calls == [1]


def test_what_the_cache_cannot_read_back_is_damage():
    from graphbuild.assemble.cache import damaged
    from graphbuild.extract import codec

    with pytest.raises(Exception) as caught:
        codec.decode_parsed(b"not zlib at all", None)
    assert damaged(caught.value)
    assert damaged(sqlite3.DatabaseError("database disk image is malformed"))
    assert not damaged(ValueError("raised here, not by the cache"))
    assert not damaged(KeyError("x"))
