"""How a long build is going, in phases: reading the corpus, parsing (document
by document), merging the films, writing each output file.

The library only calls a `Progress` (this base class ignores every call);
the CLI passes a `ProgressBar`, which draws one bar per phase on stderr,
with the elapsed and remaining time, and nothing at all when stderr is not a
terminal (logs, pipes, CI).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Receives a build's progress: `phase` starts a step of `total` units
    (0: unknown), `advance` reports units done in it. Calls made from one
    thread (the driver), in order."""

    def phase(self, name: str, total: int = 0, unit: str = "", words: int = 0) -> None:
        """A new phase: `total` units of `unit` to do, and, when the phase
        parses text, the `words` in them (its rate and time left go by words)."""

    def advance(self, n: int = 1, words: int = 0) -> None:
        """`n` more units done in the current phase (holding `words` words)."""

    def film(self, key: str, documents: int, read: int, parsed: int | None,
             words: int = 0) -> None:
        """A film is done: of its `documents` (of `words` words), `read`
        were read from disk (the others known unchanged from the cache) and
        `parsed` parsed now (the others' parses came from the cache); None
        when the film's whole result was reused from the cache."""

    def close(self) -> None:
        """The build is over."""


class ProgressBar(Progress):
    """A tqdm bar per phase on `stream` (stderr). Parsing counts words (so
    its rate and time left are in words) and shows the documents done; the
    other phases count their own units. With `verbose`, it also writes a
    line per film (read, parsed or reused, and when it was done) and per
    phase (what it did and its time), bar or not. Use as a context manager."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 mininterval: float = 0.5, verbose: bool = False):
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.mininterval = mininterval
        self.verbose = verbose
        self.started = time.monotonic()
        self._bar = None
        self._by_words = False
        self._done = self._total = 0
        self._unit = ""
        self._phase: tuple[str, float] | None = None     # name, start

    def phase(self, name: str, total: int = 0, unit: str = "", words: int = 0) -> None:
        self._close_bar()
        self._phase_done()
        self._phase = (name, time.monotonic())
        self._done, self._total, self._unit = 0, total, unit
        if not self.enabled:
            return
        from tqdm import tqdm

        self._by_words = words > 0
        what = " words" if self._by_words else f" {unit}"
        if words or total:
            fmt = ("{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}" + what
                   + "{postfix} [{elapsed}<{remaining}, {rate_fmt}]")
        elif unit:                  # how much is unknown: a count, no bar
            fmt = "{desc}: {n_fmt}" + what + "{postfix} [{elapsed}, {rate_fmt}]"
        else:                       # one step: its time
            fmt = "{desc}{postfix} [{elapsed}]"
        self._bar = tqdm(total=(words if self._by_words else total) or None, desc=name,
                         file=self.stream, unit=what, unit_scale=self._by_words,
                         dynamic_ncols=True, mininterval=self.mininterval, miniters=1,
                         leave=False,
                         bar_format=fmt)
        self._postfix()

    def advance(self, n: int = 1, words: int = 0) -> None:
        self._done += n
        if self._bar is None:
            return
        self._postfix()
        self._bar.update(words if self._by_words else n)

    def _postfix(self) -> None:
        total = time.monotonic() - self.started
        done = f"{self._done:,}/{self._total:,} {self._unit}, " if self._by_words else ""
        self._bar.set_postfix_str(f"{done}build {int(total // 60)}:{int(total % 60):02d}",
                                  refresh=False)

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def film(self, key: str, documents: int, read: int, parsed: int | None,
             words: int = 0) -> None:
        if not self.verbose:
            return
        docs = plural(documents, "document")
        if parsed is not None:
            reused = documents - parsed
            what = (f"read {docs} ({words:,} words), parsed {parsed}"
                    + (f", {plural(reused, 'parse')} from the cache" if reused else ""))
        else:
            what = (f"{docs} unchanged" if not read else f"read {docs} (unchanged)") \
                + ", reused from the cache"
        self._say(f"{key}: {what}; done at {time.monotonic() - self.started:.2f} s")

    def _phase_done(self) -> None:
        if not (self.verbose and self._phase):
            return
        name, start = self._phase
        took = f"{time.monotonic() - start:.2f} s"
        self._say(f"{name}: {self._done:,} {self._unit} in {took}" if self._unit
                  else f"{name}: {took}")
        self._phase = None

    def _say(self, line: str) -> None:
        """A line on the stream, above the bar when there is one."""
        if self._bar is not None:
            from tqdm import tqdm

            tqdm.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        self._close_bar()
        self._phase_done()

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def plural(n: int, noun: str) -> str:
    """'1 document', '3 documents'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
