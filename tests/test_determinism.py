"""Determinism: the same corpus gives byte-identical outputs whatever order
its files were written in, their times, the number of jobs, or the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli import main

pytestmark = pytest.mark.model

FILES = {
    "kramer-vs-kramer/post.md": (
        '---\ntitle: "Kramer vs. Kramer"\nyear: 1979\ngenres: [Drama]\n---\n'
        "Director: `Robert Benton`\n\nCast: `Dustin Hoffman` `Meryl Streep` `Justin Henry`\n\n"
        "Ted Kramer (Dustin Hoffman) is a workaholic advertising executive. His wife Joanna "
        "(Meryl Streep) leaves him and their son Billy (Justin Henry). Ted learns to raise "
        "Billy in New York. Joanna returns from California and sues for custody.\n"),
    "kramer-vs-kramer/review.txt": (
        "I think Hoffman is superb as Ted. Streep gives Joanna depth, and Henry is a "
        "natural as Billy.\n"),
    "sophies-choice/post.md": (
        '---\ntitle: "Sophie\'s Choice"\nyear: 1982\ngenres: [Drama, Romance]\n---\n'
        "Director: `Alan J. Pakula`\n\nCast: `Meryl Streep` `Kevin Kline` `Peter MacNicol`\n\n"
        "Stingo (Peter MacNicol) moves to Brooklyn and befriends Sophie (Meryl Streep) and "
        "her lover Nathan (Kevin Kline). Sophie was a prisoner at Auschwitz.\n"),
    "tootsie-1982/plot.txt": (
        "Michael Dorsey (Dustin Hoffman) is an actor in New York. He becomes Dorothy "
        "Michaels to win a role and falls for his co-star Julie (Jessica Lange).\n"),
    "loose review.txt": "I loved MERYL STREEP in every scene of this film.\n",
}


def write_corpus(root: Path, order: list[str], base_time: int) -> None:
    """The same files, written in `order`, each with its own modification time."""
    for i, name in enumerate(order):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FILES[name], encoding="utf-8")
        os.utime(path, (base_time + 97 * i, base_time + 97 * i))


@pytest.fixture
def build(nlp, monkeypatch):
    """`graphbuild build corpus --out out ...` run inside `where`, with the
    session's model (paths are relative, so documents have the same paths)."""
    import graphbuild.extract.nlp

    monkeypatch.setattr(graphbuild.extract.nlp, "load_model", lambda name=None: nlp)

    def run(where: Path, *options: str) -> Path:
        monkeypatch.chdir(where)
        result = CliRunner().invoke(main, ["build", "corpus", "--out", "out", *options],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return where / "out"

    return run


def build_process(where: Path, seed: int, *options: str) -> Path:
    """The build in a process of its own, with its own hash seed: what
    follows the order of a Python set differs between the two."""
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    done = subprocess.run([sys.executable, "-m", "graphbuild", "build", "corpus", "--out", "out",
                           *options], cwd=where, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return where / "out"


def test_same_corpus_in_other_file_order_times_and_jobs_gives_the_same_bytes(tmp_path):
    names = sorted(FILES)
    write_corpus(tmp_path / "a" / "corpus", names, 1_000_000_000)
    write_corpus(tmp_path / "b" / "corpus", names[::-1], 1_500_000_000)
    first = build_process(tmp_path / "a", 1, "--jobs", "1", "--no-cache")
    second = build_process(tmp_path / "b", 2, "--jobs", "2", "--no-cache", "--batch-size", "1")
    for name in ("graph.ttl", "graph.nt", "graph.trig", "graph.jsonld", "report.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    nt = (first / "graph.nt").read_text(encoding="utf-8")
    assert "Meryl Streep" in nt and "Kramer vs. Kramer" in nt   # a graph, not two empty files


def test_a_build_from_the_cache_gives_the_same_bytes(build, tmp_path):
    write_corpus(tmp_path / "a" / "corpus", sorted(FILES), 1_000_000_000)
    fresh = build(tmp_path / "a", "--cache", "cache")
    fresh.rename(tmp_path / "a" / "fresh")
    cached = build(tmp_path / "a", "--cache", "cache", "--jobs", "2")
    for name in ("graph.ttl", "graph.nt"):
        assert (tmp_path / "a" / "fresh" / name).read_bytes() == (cached / name).read_bytes()
