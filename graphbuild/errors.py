"""Exceptions whose messages say what went wrong, where, and what to do."""

from __future__ import annotations


class GraphbuildError(Exception):
    """Base class of every error graphbuild reports to a user."""


class ModelNotFound(GraphbuildError):
    """The spaCy pipeline asked for cannot be loaded."""


class CorpusError(GraphbuildError):
    """A corpus path or document cannot be read."""


class GraphLoadError(GraphbuildError):
    """A graph file or folder cannot be read."""


class BuildLocked(GraphbuildError):
    """Another build is writing the same output folder."""


class QueryError(GraphbuildError):
    """A SPARQL query is malformed or cannot run."""


class UnknownName(GraphbuildError):
    """A rule, format or saved query name is not one graphbuild knows."""

    def __init__(self, kind: str, name: str, valid: list[str] | tuple[str, ...]):
        self.kind, self.name, self.valid = kind, name, list(valid)
        super().__init__(
            f"unknown {kind} {name!r}; choose one of: {', '.join(sorted(self.valid))}"
        )
