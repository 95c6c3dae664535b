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

    def close(self) -> None:
        """The build is over."""


class ProgressBar(Progress):
    """A tqdm bar per phase on `stream` (stderr). Parsing counts words (so
    its rate and time left are in words) and shows the documents done; the
    other phases count their own units. Use as a context manager."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 mininterval: float = 0.5):
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.mininterval = mininterval
        self.started = time.monotonic()
        self._bar = None
        self._by_words = False
        self._done = self._total = 0
        self._unit = ""

    def phase(self, name: str, total: int = 0, unit: str = "", words: int = 0) -> None:
        self._close_bar()
        if not self.enabled:
            return
        from tqdm import tqdm

        self._by_words = words > 0
        self._done, self._total, self._unit = 0, total, unit
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
        if self._bar is None:
            return
        self._done += n
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

    def close(self) -> None:
        self._close_bar()

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
