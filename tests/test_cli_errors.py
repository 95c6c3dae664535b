"""Every failure is one 'Error: ...' line with what to do and exit 1; the
traceback only with --debug."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli import main
from graphbuild.cli.app import explain

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("error,words", [
    (OSError(errno.ENOSPC, "No space left on device", "/out/graph.ttl"), "disk is full"),
    (OSError(errno.EROFS, "Read-only file system", "/out"), "read-only"),
    (OSError(errno.EACCES, "Permission denied", "/out"), "permissions"),
    (OSError(errno.ENAMETOOLONG, "File name too long", "/x" * 3000), "shorter path"),
    (sqlite3.DatabaseError("database disk image is malformed"), "--no-cache"),
    (MemoryError(), "fewer --jobs"),
])
def test_explain_says_what_went_wrong_and_what_to_do(error, words):
    message = explain(error)
    assert words in message and "\n" not in message


def test_an_error_is_one_line_and_debug_shows_the_traceback(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    args = [sys.executable, "-m", "graphbuild", "query", str(target / "graph.nt"), "ASK {}"]
    p = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 1 and p.stderr.startswith("Error: ") and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    p = subprocess.run(args[:3] + ["--debug"] + args[3:], capture_output=True, text=True,
                       cwd=ROOT)
    assert p.returncode == 1 and "Traceback" in p.stderr


def test_a_path_too_long_for_the_system_is_an_error_line(tmp_path):
    long = tmp_path / ("x" * 250) / ("y" * 250) / "graph.nt"
    r = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert r.exit_code in (1, 2)
    r = CliRunner().invoke(main, ["query", str(long), "ASK {}"])
    assert r.exit_code == 1 and r.output.startswith("Error: ")
