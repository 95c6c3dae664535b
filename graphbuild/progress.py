"""A progress bar for long builds: documents, words/s and time left, on
stderr, and nothing at all when stderr is not a terminal (logs, pipes, CI).

The library only calls a `progress(done_docs, done_words, total_docs,
total_words)` callback; the CLI passes a `ProgressBar`.
"""

from __future__ import annotations

import sys
from typing import Callable, TextIO

Progress = Callable[[int, int, int, int], None]
"""Called with (documents done, words done, documents to do, words to do)
before the first film and each time a film is done."""


class ProgressBar:
    """tqdm bar counting words (so the rate and ETA are in words) with the
    documents done as its postfix. Use as a context manager."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 label: str = "parsing", mininterval: float = 0.5):
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.label = label
        self.mininterval = mininterval
        self._bar = None
        self._words = 0

    def __call__(self, done_docs: int, done_words: int, total_docs: int, total_words: int) -> None:
        if not self.enabled or total_docs == 0:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total_words, desc=self.label, unit=" words", unit_scale=True,
                             file=self.stream, dynamic_ncols=True, mininterval=self.mininterval,
                             leave=False, bar_format="{desc}: {percentage:3.0f}%|{bar}| "
                             "{n_fmt}/{total_fmt} words{postfix} [{elapsed}<{remaining}, "
                             "{rate_fmt}]")
        self._bar.set_postfix_str(f"{done_docs:,}/{total_docs:,} documents", refresh=False)
        self._bar.update(done_words - self._words)
        self._words = done_words

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
