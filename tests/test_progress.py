"""The progress bar: documents, words/s and time left on a terminal, silence
anywhere else."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from graphbuild.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(bar: ProgressBar) -> None:
    bar(0, 0, 40, 12_000)
    for i in range(1, 5):
        bar(i * 10, i * 3_000, 40, 12_000)
    bar.close()


def test_bar_on_a_terminal_shows_documents_rate_and_time_left():
    screen = Terminal()
    feed(ProgressBar(screen, mininterval=0))
    text = screen.getvalue()
    assert "40/40 documents" in text
    assert "words/s" in text
    assert "100%" in text
    assert "<" in text            # [elapsed<remaining, ...]


def test_bar_is_silent_when_stderr_is_not_a_terminal():
    pipe = io.StringIO()
    feed(ProgressBar(pipe))
    assert pipe.getvalue() == ""


def test_bar_stays_hidden_when_there_is_nothing_to_parse():
    screen = Terminal()
    bar = ProgressBar(screen)
    bar(0, 0, 0, 0)
    bar.close()
    assert screen.getvalue() == ""


@pytest.mark.model
def test_build_under_a_pipe_prints_no_progress(tmp_path):
    from graphbuild.cli import main

    film = tmp_path / "corpus" / "a-film-1990"
    film.mkdir(parents=True)
    (film / "plot.txt").write_text("# A Film\n\nTom Smith helps his wife Eve Smith.\n")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "corpus"),
                                       "--out", str(tmp_path / "out"), "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert "words/s" not in result.output and "documents]" not in result.output
    assert result.output.splitlines()[-3:] == [f"wrote {tmp_path / 'out' / 'graph.nt'}",
                                               f"wrote {tmp_path / 'out' / 'ontology.ttl'}",
                                               f"wrote {tmp_path / 'out' / 'report.json'}"]
