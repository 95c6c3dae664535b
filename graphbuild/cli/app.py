"""The `graphbuild` command group and the error handling every command shares."""

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
