"""A persistent on-disk store of a graph, so that queries need no re-parsing.

A store folder holds a pyoxigraph (RocksDB) database in ``oxigraph/`` and a
``store.json`` that says what it is. `write_store` builds it in a temporary
folder beside the target and renames it into place, so a build killed
midway leaves the previous store (or none), never a broken one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from rdflib import Graph

from graphbuild import __version__
from graphbuild.errors import GraphbuildError, GraphLoadError

MARKER = "store.json"
DATABASE = "oxigraph"
FORMAT = "graphbuild-store"
VERSION = 1


def _is_oxigraph_dir(path: Path) -> bool:
    """A bare Oxigraph/RocksDB folder (for example made by `oxigraph load`)."""
    return (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*"))


def is_store(path: str | Path) -> bool:
    """Whether path is a store folder written by write_store (or a bare
    Oxigraph database folder)."""
    path = Path(path)
    if not path.is_dir():
        return False
    if (path / MARKER).is_file() and (path / DATABASE).is_dir():
        return True
    return _is_oxigraph_dir(path)


def database_dir(path: str | Path) -> Path:
    """The Oxigraph database folder inside a store folder."""
    path = Path(path)
    if (path / MARKER).is_file():
        return path / DATABASE
    if _is_oxigraph_dir(path):
        return path
    raise GraphLoadError(
        f"{path} is not a graphbuild store; write one with "
        "`graphbuild build CORPUS --out DIR --store STORE_DIR`")


def write_store(graph: Graph, directory: str | Path) -> Path:
    """Write the graph as a store folder at `directory`, replacing a store
    already there. Loads into a temporary sibling folder, then renames."""
    from graphbuild.export.sparql import graph_to_store

    import pyoxigraph as ox

    target = Path(directory)
    if target.exists() and not is_store(target) and (
            not target.is_dir() or any(target.iterdir())):
        raise GraphbuildError(
            f"{target} exists and is not a graphbuild store; give a new or "
            "empty folder (graphbuild only replaces a store it wrote)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        store = ox.Store(str(tmp / DATABASE))
        graph_to_store(graph, store)
        store.flush()
        store.optimize()
        del store  # closes the database before it moves
        info = {"format": FORMAT, "version": VERSION, "triples": len(graph),
                "graphbuild": __version__}
        (tmp / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        _replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _replace_dir(new: Path, target: Path) -> None:
    """Move folder `new` to `target`; an old target is moved aside first and
    removed only once the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / "store")
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old / "store", target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def open_store(directory: str | Path):
    """Open a store folder read-only as a pyoxigraph Store."""
    import pyoxigraph as ox

    db = database_dir(directory)
    try:
        return ox.Store.read_only(str(db))
    except OSError as e:
        raise GraphLoadError(f"cannot open the store at {directory}: {e}") from e


def store_info(directory: str | Path) -> dict:
    """What store.json says about a store (empty for a bare Oxigraph folder)."""
    marker = Path(directory) / MARKER
    if not marker.is_file():
        return {}
    return json.loads(marker.read_text(encoding="utf-8"))


def load_graph_or_store(path: str | Path) -> Graph:
    """An rdflib Graph from an RDF file, a build's output folder or a store
    folder (for commands that need the whole graph in memory)."""
    from graphbuild.export.rdf import load_graph

    if not is_store(path):
        return load_graph(path)
    from graphbuild.export.sparql import query

    return query(path, "CONSTRUCT WHERE { ?s ?p ?o }").graph
