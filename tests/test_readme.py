"""The README is run, not just read: its Python blocks and graphbuild command
lines work on a fresh clone without ../shared, and its command table lists
every option each command has (as sqlite-utils checks its docs)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from graphbuild.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
NOT_RUN = {"serve", "push", "import"}
"""Commands the README shows that need a server, a remote store or a dataset:
their options are checked against the table, their runs by their own tests."""


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README) if lang == language]


def command_lines() -> list[list[str]]:
    """The graphbuild command lines of the README's sh blocks."""
    out = []
    for block in blocks("sh"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0].endswith("graphbuild") and words[1] not in NOT_RUN:
                out.append(words[1:])
    return out


CONFLICT = re.compile(r"^(<{7} |={7}$|>{7} )", re.M)


def test_no_document_or_source_keeps_a_merge_conflict():
    """A merge left '<<<<<<< HEAD' in the README's table of outputs once."""
    files = [p for pattern in ("*.md", "graphbuild/**/*.py", "tests/*.py", "benchmarks/**/*.py",
                               "benchmarks/*.md", "Makefile", "pyproject.toml")
             for p in ROOT.glob(pattern)]
    assert len(files) > 20
    marked = [str(p.relative_to(ROOT)) for p in files
              if CONFLICT.search(p.read_text(encoding="utf-8"))]
    assert marked == []


def test_the_readme_shows_commands_and_python():
    assert len(command_lines()) >= 4 and blocks("python")


def test_no_readme_command_needs_shared():
    for words in command_lines():
        assert not any("shared" in w for w in words), words


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """What a user has after cloning: corpus/, gold/, queries/ (no ../shared),
    and the demo built into output/ as `make demo` does."""
    home = tmp_path_factory.mktemp("clone")
    for name in ("corpus", "gold", "queries", "ontology"):
        shutil.copytree(ROOT / name, home / name, symlinks=False)
    run(home, ["build", "corpus", "--out", "output"])
    return home


def run(cwd: Path, args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = subprocess.run([sys.executable, "-m", "graphbuild", *args], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, (args, p.stdout[-2000:], p.stderr[-2000:])
    return p


@pytest.mark.model
@pytest.mark.parametrize("words", command_lines(), ids=lambda w: " ".join(w)[:60])
def test_each_readme_command_runs(clone, words):
    p = run(clone, words)
    assert p.stdout or p.stderr


@pytest.mark.model
@pytest.mark.parametrize("code", blocks("python"), ids=lambda c: c.splitlines()[0][:40])
def test_each_readme_python_block_runs(clone, code, tmp_path):
    shutil.copytree(clone / "corpus", tmp_path / "corpus")
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, timeout=600)


def table_row(command: str) -> str:
    rows = [line for line in README.splitlines()
            if line.startswith(f"| `graphbuild {command} ") or line.startswith(
                f"| `graphbuild {command}`")]
    assert rows, f"the README's command table has no row for {command}"
    return rows[0]


def named_options(name: str) -> set[str]:
    """The options (-f, --format) the table row of a command names."""
    return set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", table_row(name).split("` |")[0]))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_the_command_table_lists_every_option(name):
    named = named_options(name)
    for p in main.commands[name].params:
        if isinstance(p, click.Option) and not p.hidden:
            assert set(p.opts) & named, f"{name}: {p.opts} missing from the README table"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_the_table_names_exists(name):
    options = {o for p in main.commands[name].params if isinstance(p, click.Option)
               for o in p.opts}
    assert named_options(name) <= options, \
        f"{name}: the README names {sorted(named_options(name) - options)}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name):
    assert (main.commands[name].help or "").strip()
