"""The package's layout: wings that import along the flow of data, no import
cycles, spaCy at the edge. Read from the source with `ast`, so an import
inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphbuild"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> dict[str, int]:
    """The graphbuild modules `path` imports (module -> line): `from a.b
    import c` is a.b.c when that is a module, else a.b; relative imports
    are resolved against the module's package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        for t in targets:
            while t and t not in known:      # graphbuild.x.y -> graphbuild.x
                t = t.rpartition(".")[0]
            if t and t != name and t.startswith("graphbuild"):
                found.setdefault(t, node.lineno)
    return found


def import_graph() -> nx.DiGraph:
    mods = modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        for target, line in imported(path, name, set(mods)).items():
            g.add_edge(name, target, line=line)
    return g


def test_the_import_graph_sees_known_edges():
    # the walker itself: if it found nothing, "no cycles" would prove nothing
    g = import_graph()
    assert g.has_edge("graphbuild.pipeline", "graphbuild.assemble.merge")
    assert g.has_edge("graphbuild.extract.film", "graphbuild.extract.codec")
    assert g.has_edge("graphbuild.sparql.query", "graphbuild.sparql.store")
    assert g.number_of_edges() > 100


def test_the_package_has_no_import_cycle():
    g = import_graph()
    cycles = list(nx.simple_cycles(g))
    assert cycles == [], "\n".join(" -> ".join(c + [c[0]]) for c in cycles)


# Wings in the order data flows (read -> extract -> assemble -> outputs, sparql);
# extract maps a film to rows with rdf/, and rdf/ never reaches back.
@pytest.mark.parametrize("source,target", [
    ("extract", "assemble"), ("extract", "sparql"), ("extract", "outputs"),
    ("read", "extract"), ("read", "assemble"), ("rdf", "extract"), ("rdf", "assemble"),
    ("assemble", "sparql"), ("assemble", "outputs"), ("outputs", "sparql"),
])
def test_a_wing_never_imports_a_later_one(source, target):
    g = import_graph()
    bad = [(a, b, d["line"]) for a, b, d in g.edges(data=True)
           if a.startswith(f"graphbuild.{source}.") and b.startswith(f"graphbuild.{target}")]
    assert bad == []


def test_the_store_never_imports_the_query_module():
    assert not import_graph().has_edge("graphbuild.sparql.store", "graphbuild.sparql.query")


def test_only_nlp_and_speedups_import_spacy():
    allowed = {"graphbuild.extract.nlp", "graphbuild.extract.speedups"}
    found = set()
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "spacy" or n.startswith("spacy.") for n in names):
                found.add(name)
    assert found == allowed


def test_pipeline_reads_as_a_table_of_contents():
    lines = (PACKAGE / "pipeline.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150
