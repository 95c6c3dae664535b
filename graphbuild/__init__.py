"""graphbuild: film text in, a typed RDF knowledge graph with provenance out.

Public API (imports are lazy so that `graphbuild --help` stays instant):

    from graphbuild import build_graph, export, query, validate, load_graph
    g = build_graph(["corpus/"])
    export(g, "output/")
"""

from __future__ import annotations

from graphbuild.version import __version__

__all__ = ["__version__", "build_graph", "export", "query", "load_graph", "validate"]


def __getattr__(name: str):
    if name == "build_graph":
        from graphbuild.pipeline import build_graph
        return build_graph
    if name == "export":
        from graphbuild.outputs.rdf import export
        return export
    if name == "load_graph":
        from graphbuild.outputs.rdf import load_graph
        return load_graph
    if name == "query":
        from graphbuild.sparql.query import query
        return query
    if name == "validate":
        from graphbuild.rdf.validate import validate
        return validate
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")
