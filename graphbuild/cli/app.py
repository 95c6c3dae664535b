"""The `graphbuild` command group and the error handling every command shares.

Every failure is one line on stderr, `Error: ...`, that says what went wrong
and what to do, with exit code 1 (usage errors exit 2, click's convention);
`graphbuild --debug COMMAND` shows the traceback instead.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
from typing import Callable

import click

from graphbuild.errors import GraphbuildError

_HINTS = {
    errno.EACCES: "check the permissions of that path, or write somewhere else (--out)",
    errno.EPERM: "check the permissions of that path, or write somewhere else (--out)",
    errno.EROFS: "the file system is read-only: write somewhere else (--out)",
    errno.ENOSPC: "the disk is full: free some space (the previous outputs are intact)",
    errno.EDQUOT: "the disk quota is used up: free some space",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.ENOTDIR: "a part of that path is a file, not a folder: give a folder",
    errno.EISDIR: "that path is a folder: give a file",
    errno.EEXIST: "that path exists and is in the way: give another one",
    errno.ENOENT: "check that the path exists",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n)",
}


class FormatChoice(click.Choice):
    """A choice of format names that also takes their aliases (any case)
    and gives the name the alias stands for."""

    def __init__(self, names: list[str], aliases: dict[str, str]):
        super().__init__([*names, *aliases], case_sensitive=False)
        self.names, self.aliases = list(names), aliases

    def get_metavar(self, *args, **kwargs) -> str:
        """The names only (the option's help lists the aliases)."""
        return f"[{'|'.join(self.names)}]"

    def convert(self, value, param, ctx):
        name = super().convert(value, param, ctx)
        return self.aliases.get(name, name)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphbuild")
@click.option("--debug", is_flag=True, help="Show Python tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """graphbuild: typed RDF knowledge graphs from film text, offline."""
    ctx.obj = {"debug": debug}


def explain(e: BaseException) -> str | None:
    """The one-line message for an error graphbuild can explain, else None."""
    if isinstance(e, GraphbuildError):
        return str(e)
    if isinstance(e, OSError):
        where = e.filename if e.filename is not None else ""
        what = e.strerror or str(e)
        hint = _HINTS.get(e.errno, "check the path and try again")
        return f"{where}: {what}; {hint}" if where else f"{what}; {hint}"
    if isinstance(e, sqlite3.DatabaseError):
        return (f"the build cache is damaged ({e}); delete the cache folder (OUT/.cache or "
                "--cache) or build with --no-cache")
    if isinstance(e, MemoryError):
        return ("out of memory; build with fewer --jobs or a smaller --batch-size, or split "
                "the corpus")
    if isinstance(e, RecursionError):
        return "input nested too deeply to read; simplify the file named in the warnings above"
    return None


def reports_errors(fn: Callable) -> Callable:
    """Turn errors into 'Error: ...' on stderr and exit code 1 (a traceback
    only with --debug, or for a bug graphbuild cannot explain)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (GraphbuildError, OSError, sqlite3.DatabaseError, MemoryError,
                RecursionError) as e:
            ctx = click.get_current_context(silent=True)
            root = ctx.find_root() if ctx is not None else None
            if (root is not None and (root.obj or {}).get("debug")) \
                    or os.environ.get("GRAPHBUILD_DEBUG"):
                raise
            message = explain(e)
            if message is None:
                raise
            click.echo(f"Error: {message}", err=True)
            sys.exit(1)

    return wrapper
