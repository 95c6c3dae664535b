"""The progress bar: a bar per phase (reading, parsing document by document,
merging, writing each file) with elapsed and remaining time on a terminal,
silence anywhere else or with --quiet."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from graphbuild.progress import Progress, ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(bar: Progress) -> None:
    bar.phase("reading", 4, "folders and files")
    for _ in range(4):
        bar.advance()
    bar.phase("parsing", 40, "documents", words=12_000)
    for _ in range(40):
        bar.advance(1, 300)
    bar.phase("writing graph.ttl", 20_000, "triples")
    bar.advance(20_000)
    bar.phase("patching the merged graph")
    bar.close()


def test_each_phase_shows_its_bar_with_elapsed_and_remaining_time():
    screen = Terminal()
    feed(ProgressBar(screen, mininterval=0))
    text = screen.getvalue()
    for phase in ("reading:", "parsing:", "writing graph.ttl:", "patching the merged graph ["):
        assert phase in text
    assert "4/4 folders and files" in text
    assert "40/40 documents" in text and "words/s" in text    # parsing goes by words
    assert "20000/20000 triples" in text
    assert "100%" in text
    assert "<" in text            # [elapsed<remaining, ...]
    assert "build 0:0" in text    # time since the build began


def test_parsing_moves_with_every_document():
    screen = Terminal()
    bar = ProgressBar(screen, mininterval=0)
    bar.phase("parsing", 3, "documents", words=3_000)
    bar.advance(1, 2_000)
    assert "1/3 documents" in screen.getvalue() and " 67%" in screen.getvalue()
    bar.advance(1, 500)
    assert "2/3 documents" in screen.getvalue()
    bar.close()


def test_bar_is_silent_when_stderr_is_not_a_terminal():
    pipe = io.StringIO()
    feed(ProgressBar(pipe))
    assert pipe.getvalue() == ""


def test_the_library_default_ignores_progress():
    feed(Progress())    # nothing to draw, nothing raised


def _corpus(tmp_path):
    film = tmp_path / "corpus" / "a-film-1990"
    film.mkdir(parents=True)
    (film / "plot.txt").write_text("# A Film\n\nTom Smith helps his wife Eve Smith.\n")
    return tmp_path / "corpus"


@pytest.mark.model
def test_build_under_a_pipe_prints_no_progress(tmp_path):
    from graphbuild.cli import main

    result = CliRunner().invoke(main, ["build", str(_corpus(tmp_path)),
                                       "--out", str(tmp_path / "out"), "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert "words/s" not in result.output and "documents]" not in result.output
    assert result.output.splitlines()[-3:] == [f"wrote {tmp_path / 'out' / 'graph.nt'}",
                                               f"wrote {tmp_path / 'out' / 'ontology.ttl'}",
                                               f"wrote {tmp_path / 'out' / 'report.json'}"]


@pytest.mark.model
def test_quiet_hides_the_bar_even_on_a_terminal(tmp_path, monkeypatch, nlp):
    import graphbuild.extract.nlp
    from graphbuild.cli import main
    from graphbuild import progress

    monkeypatch.setattr(graphbuild.extract.nlp, "load_model", lambda name=None: nlp)
    screens = []

    class OnATerminal(ProgressBar):
        def __init__(self, stream=None, enabled=None, mininterval=0.5, verbose=False):
            screens.append(Terminal())
            super().__init__(screens[-1], enabled, 0, verbose)

    monkeypatch.setattr(progress, "ProgressBar", OnATerminal)
    corpus = _corpus(tmp_path)
    for options, shown in (([], True), (["--quiet"], False)):
        result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out"),
                                           "--no-cache", *options])
        assert result.exit_code == 0, result.output
        text = screens[-1].getvalue()
        assert ("parsing:" in text and "graph.trig:" in text) is shown, text
