"""Command line: thin wrappers that parse arguments, call the library and print.

Each command lives in its own module of this package and registers itself on
`main`. Library errors (`GraphbuildError`) become `Error: ...` on stderr with
exit code 1; usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import functools
import sys
from typing import Callable

import click

from graphbuild.errors import GraphbuildError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphbuild")
def main() -> None:
    """graphbuild: typed RDF knowledge graphs from film text, offline."""


def reports_errors(fn: Callable) -> Callable:
    """Turn library errors into 'Error: ...' on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GraphbuildError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper


# Command modules register themselves on `main` when imported.
from graphbuild.cli import build as _build  # noqa: E402,F401
from graphbuild.cli import viz as _viz  # noqa: E402,F401
from graphbuild.cli import importers as _importers  # noqa: E402,F401
from graphbuild.cli import query as _query  # noqa: E402,F401
from graphbuild.cli import eval as _eval  # noqa: E402,F401
