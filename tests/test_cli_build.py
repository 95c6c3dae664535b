"""The build and eval commands: output, files and exit codes."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_has_help():
    runner = CliRunner()
    for name, cmd in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert cmd.help and len(cmd.help) > 20, name


def test_build_of_a_missing_path_says_what_to_give(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "Error:" in result.output and "corpus folder" in result.output


@pytest.mark.model
def test_build_writes_every_output_and_a_report(tmp_path):
    corpus = tmp_path / "corpus" / "a-film"
    corpus.mkdir(parents=True)
    (corpus / "post.md").write_text('---\ntitle: "A Film"\nyear: 1990\nimdb_id: 0000123\n---\n'
                                    "Director: `Ann Lee`\n\nTom Smith helps his wife Eve.\n")
    (tmp_path / "corpus" / "empty.txt").write_text("")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "corpus"), "--out", str(out)])
    assert result.exit_code == 3, result.output   # built, with one file skipped
    assert "read 1 document about 1 film -> " in result.output
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "report.json"):
        assert (out / name).is_file()
    report = json.loads((out / "report.json").read_text())
    assert report["failures"][0]["problem"] == "empty file"
    assert report["properties"]["directedBy"] == 1
    # the ontology beside the graph, for inference; and schema.org / Wikidata types in it
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS

    from graphbuild.rdf.validate import ONTOLOGY_FILE
    from graphbuild.rdf.vocab import FILM, SCHEMA, WD

    assert (out / "ontology.ttl").read_bytes() == ONTOLOGY_FILE.read_bytes()
    onto = Graph().parse(out / "ontology.ttl")
    assert (FILM.directedBy, RDFS.subPropertyOf, SCHEMA.director) in onto
    assert (None, RDF.type, OWL.Ontology) in onto
    graph = Graph().parse(out / "graph.nt")
    [film] = graph.subjects(RDF.type, FILM.Film)
    assert {SCHEMA.Movie, WD.Q11424} <= set(graph.objects(film, RDF.type))
    [director] = graph.objects(film, FILM.directedBy)
    assert {SCHEMA.Person, WD.Q5} <= set(graph.objects(director, RDF.type))


def test_eval_prints_per_property_scores(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "entities.tsv").write_text("f\tFilm\tA Film\t\np\tPerson\tAnn Lee\t\n")
    (gold / "triples.tsv").write_text("f\tdirectedBy\tp\trequired\t\n")
    graph = tmp_path / "g.ttl"
    graph.write_text(
        "@prefix film: <https://w3id.org/graphbuild/film#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:f> rdfs:label \"A Film\" ; film:directedBy <urn:p> .\n<urn:p> rdfs:label \"Ann Lee\" .\n")
    result = CliRunner().invoke(main, ["eval", str(graph), str(gold)])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith("OVERALL"))
    assert line.split()[1:4] == ["1.000", "1.000", "1.000"]
    result = CliRunner().invoke(main, ["eval", str(graph), str(gold), "--format", "json"])
    assert json.loads(result.output)["overall"]["tp"] == 1


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_jobs_takes_a_number_of_workers_or_auto(tmp_path, value):
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "o"),
                                       "--jobs", value])
    assert result.exit_code == 2
    assert "is not a number of workers (1 or more) or 'auto'" in result.output
    helped = CliRunner().invoke(main, ["build", "--help"]).output
    assert "--jobs N|auto" in helped and "[default: auto]" in helped
