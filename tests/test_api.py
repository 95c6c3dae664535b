"""The public Python API: `from graphbuild import build_graph, export, query,
validate, load_graph`, each typed and working on a real build."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

import graphbuild
from graphbuild.cli import main
from graphbuild.rdf.vocab import FILM

ROOT = Path(__file__).resolve().parent.parent
API = ("build_graph", "export", "query", "validate", "load_graph")


def test_every_public_name_is_a_typed_documented_function():
    for name in API:
        fn = getattr(graphbuild, name)
        assert inspect.isfunction(fn), name
        assert fn.__doc__, name
        hints = inspect.get_annotations(fn)
        assert "return" in hints, name
    assert set(API) <= set(graphbuild.__all__)


def test_no_module_of_the_package_is_named_like_an_api_function():
    import pkgutil

    assert {m.name for m in pkgutil.iter_modules(graphbuild.__path__)} & set(API) == set()


def test_export_is_the_function_even_after_every_subpackage_is_imported():
    # 'from graphbuild import export' once bound the subpackage graphbuild.export
    code = ("import graphbuild.outputs.rdf, graphbuild.outputs.html, graphbuild.sparql.query\n"
            "from graphbuild import build_graph, export, query, validate\n"
            "assert callable(export) and callable(query) and callable(validate), export\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_importing_graphbuild_loads_neither_spacy_nor_rdflib_serializers():
    code = ("import sys, graphbuild, graphbuild.cli\n"
            "assert 'spacy' not in sys.modules, 'spacy loaded at import'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.model
def test_the_api_builds_exports_queries_and_validates(nlp, tmp_path):
    corpus = tmp_path / "corpus" / "stone-garden-1990"
    corpus.mkdir(parents=True)
    (corpus / "post.md").write_text('---\ntitle: "Stone Garden"\nyear: 1990\n'
                                    "director: Ann Lee\ncast: [Mia Ford]\n---\n"
                                    "Tom Hale (Mia Ford) marries his neighbour Eve.\n",
                                    encoding="utf-8")
    g = graphbuild.build_graph(tmp_path / "corpus", nlp=nlp)
    assert isinstance(g, Graph) and (None, FILM.directedBy, None) in g
    written = graphbuild.export(g, tmp_path / "out")
    assert sorted(p.name for p in written) == ["graph.jsonld", "graph.nt", "graph.trig",
                                               "graph.ttl"]
    again = graphbuild.load_graph(tmp_path / "out")
    assert len(again) == len(g)
    result = graphbuild.query(g, "SELECT ?who WHERE { ?f film:directedBy ?p . ?p rdfs:label ?who }")
    assert [str(r["who"]) for r in result.dicts()] == ["Ann Lee"]
    conforms, report = graphbuild.validate(g)
    assert conforms, report


# --- graphbuild validate --------------------------------------------------------------

BAD = ('<https://w3id.org/graphbuild/id/person/x> <http://www.w3.org/2000/01/rdf-schema#label> "X" .\n'
       '<https://w3id.org/graphbuild/id/person/x> <https://w3id.org/graphbuild/film#starsIn> '
       '<https://w3id.org/graphbuild/id/film/y> .\n')


def test_validate_reports_each_violation_readably_and_exits_1(tmp_path):
    (tmp_path / "bad.nt").write_text(BAD, encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(tmp_path / "bad.nt")])
    assert r.exit_code == 1
    assert "does not conform: 2 violation(s)" in r.output
    assert "gbr:person/x  rdf:type" in r.output
    assert "film:starsIn is not defined in the ontology" in r.output


def test_validate_a_good_graph_with_the_ontology_merged_in(small_graph, tmp_path):
    small_graph.serialize(tmp_path / "g.ttl", format="turtle")
    r = CliRunner().invoke(main, ["validate", str(tmp_path / "g.ttl"), "--format", "json"])
    assert r.exit_code == 0, r.output
    import json
    assert json.loads(r.output)["conforms"] is True


def test_shapes_accept_the_ontologys_own_terms():
    # pySHACL users pass the ontology as ont_graph; its classes and properties
    # have labels, and once gave 67 violations of 'an entity node must be typed'
    from graphbuild.rdf.validate import ontology_graph, violations

    assert violations(ontology_graph(), with_ontology=True) == []
