"""End to end on the seed film with the real spaCy model (kept few and fast)."""

import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDFS

from graphbuild.evaluate import evaluate
from graphbuild.outputs.rdf import serialize
from graphbuild.pipeline import build, build_graph
from graphbuild.rdf.validate import validate
from graphbuild.rdf.vocab import FILM, GBR

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """A corpus holding only the seed film's folder."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(ROOT / "corpus" / "kramer-vs-kramer", root / "kramer-vs-kramer")
    return root


@pytest.fixture(scope="module")
def seed_build(nlp, seed):
    return build([seed], nlp=nlp)


def test_seed_graph_conforms_to_the_shapes(seed_build):
    ok, report = validate(seed_build.graph)
    assert ok, report


def test_seed_graph_has_the_metadata_facts(seed_build):
    g = seed_build.graph
    film = GBR["film/kramer-vs-kramer-1979"]
    assert (film, FILM.directedBy, GBR["person/robert-benton"]) in g
    assert (film, FILM.imdbId, Literal("tt0079417")) in g
    assert (film, RDFS.label, Literal("Kramer vs. Kramer")) in g
    assert len(set(g.objects(film, FILM.castMember))) >= 5


def test_actor_and_character_are_different_nodes(seed_build):
    g = seed_build.graph
    ted = GBR["character/kramer-vs-kramer-1979/ted-kramer"]
    assert (GBR["person/dustin-hoffman"], FILM.plays, ted) in g
    assert (ted, RDFS.label, Literal("Ted Kramer")) in g
    assert GBR["character/kramer-vs-kramer-1979/kramer"] not in set(g.subjects())


def test_mojibake_is_repaired_in_names_and_quoted_as_written(seed_build):
    # names are read from the repaired text; an evidence sentence is the
    # file's own text (issue 13), mojibake and all, at its offsets
    from rdflib.namespace import RDFS, SKOS

    names = [str(o) for p in (RDFS.label, SKOS.altLabel) for o in seed_build.graph.objects(None, p)]
    assert names and not any("√" in n for n in names)
    g = seed_build.graph
    for ev in g.subjects(FILM.sentence, None):
        sentence = str(g.value(ev, FILM.sentence))
        if "√©" in sentence:
            doc = g.value(ev, PROV.wasQuotedFrom)
            text = Path(str(g.value(doc, FILM.sourcePath))).read_text(encoding="utf-8")
            start, end = int(g.value(ev, FILM.startOffset)), int(g.value(ev, FILM.endOffset))
            assert "√©" in text[start:end]


def test_same_input_gives_byte_identical_turtle(nlp, seed):
    a = serialize(build_graph(seed, nlp=nlp), "turtle")
    b = serialize(build_graph(seed, nlp=nlp), "turtle")
    assert a == b


def test_min_confidence_leaves_weak_facts_out(nlp, seed):
    strong = build([seed], nlp=nlp, min_confidence=0.95).graph
    full = build([seed], nlp=nlp).graph
    assert 0 < len(strong) < len(full)


def test_seed_film_meets_its_target(seed_build, shared_dir):
    ev = evaluate(seed_build.graph, [shared_dir / "gold" / "kramer-vs-kramer"])
    assert ev.overall.precision >= 0.90
    assert ev.overall.f1 >= 0.85


def test_redocred_dev_meets_its_target(nlp, shared_dir):
    bench = shared_dir / "benchmarks" / "redocred-film-dev"
    g = build([bench / "corpus"], nlp=nlp).graph
    gold = sorted(d for d in (bench / "gold").iterdir() if d.is_dir())
    assert evaluate(g, gold).overall.f1 >= 0.65
    ok, report = validate(g)
    assert ok, report
