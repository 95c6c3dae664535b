"""The names of the graph files a build writes and of their formats, with
the aliases other RDF tools use, and which files of an earlier build are
stale. Light to import: the command line's choices are made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from graphbuild.errors import UnknownName

OUTPUT_FILES: dict[str, str] = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld",
                                "trig": "graph.trig", "nq": "graph.nq", "xml": "graph.rdf"}
"""Format name -> the file a build writes it to (its own names: the only
graph files a build ever replaces or removes)."""

OUTPUT_ALIASES: dict[str, str] = {
    "turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "nquads": "nq", "n-quads": "nq",
    "json-ld": "jsonld", "rdfxml": "xml", "rdf/xml": "xml", "rdf+xml": "xml", "rdf": "xml",
}
"""Other names users of rdfpipe, riot and Oxigraph give the same formats."""

STREAM_FORMATS: tuple[str, ...] = ("nt", "nq")
"""Formats written row by row, which can stream to standard output."""


def output_format(name: str) -> str:
    """The format name (a key of OUTPUT_FILES) of a name or alias, any case,
    or a clear error listing the names there are."""
    key = name.lower()
    key = OUTPUT_ALIASES.get(key, key)
    if key not in OUTPUT_FILES:
        raise UnknownName("RDF format", name, [*OUTPUT_FILES, *OUTPUT_ALIASES])
    return key


def stale_outputs(folder: str | Path, written: Iterable[str]) -> list[Path]:
    """The graph files of an earlier build in `folder` that `written` (the
    file names of this build) does not replace: only graphbuild's own names
    (OUTPUT_FILES), never other files."""
    keep = set(written)
    return [Path(folder) / name for name in OUTPUT_FILES.values()
            if name not in keep and (Path(folder) / name).is_file()]
