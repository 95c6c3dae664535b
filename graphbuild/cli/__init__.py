"""Command line: thin wrappers that parse arguments, call the library and print.

Each command lives in its own module of this package and registers itself on
`main`. Library errors (`GraphbuildError`) become `Error: ...` on stderr with
exit code 1; usage errors exit 2 (click's convention).
"""

from __future__ import annotations

# Command modules register themselves on `main` when imported.
from graphbuild.cli import build as _build  # noqa: F401
from graphbuild.cli import eval as _eval  # noqa: F401
from graphbuild.cli import importers as _importers  # noqa: F401
from graphbuild.cli import query as _query  # noqa: F401
from graphbuild.cli import validate as _validate  # noqa: F401
from graphbuild.cli import viz as _viz  # noqa: F401
from graphbuild.cli.app import main

__all__ = ["main"]
