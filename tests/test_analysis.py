"""The entity network, `analyze`, and the GraphML / GEXF / CSV exporters."""

from __future__ import annotations

import csv
import json

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.outputs.analysis import (
    analyze,
    communities,
    entity_network,
    format_table,
    write_csv,
    write_gexf,
    write_graphml,
)
from graphbuild.rdf.vocab import FILM, GBR, bind_prefixes

FILM_ID = str(GBR["film/the-test-film-1999"])
TOM = str(GBR["character/the-test-film-1999/tom-smith"])
EVE = str(GBR["character/the-test-film-1999/eve-smith"])


def _entity(g: Graph, path: str, cls: str, label: str):
    node = GBR[path]
    g.add((node, RDF.type, FILM[cls]))
    g.add((node, RDFS.label, Literal(label)))
    return node


def two_films() -> Graph:
    """Two films, each with a hub character linked to three others, and an
    actor who plays in both."""
    g = Graph()
    bind_prefixes(g)
    star = _entity(g, "person/star", "Person", "Star")
    for slug in ("alpha-2000", "beta-2001"):
        film = _entity(g, f"film/{slug}", "Film", slug.split("-")[0].title())
        hub = _entity(g, f"character/{slug}/hub", "Character", f"Hub {slug}")
        g.add((film, FILM.hasCharacter, hub))
        g.add((star, FILM.plays, hub))
        g.add((film, FILM.castMember, star))
        for i in range(3):
            other = _entity(g, f"character/{slug}/c{i}", "Character", f"C{i} {slug}")
            g.add((film, FILM.hasCharacter, other))
            g.add((hub, FILM.friendOf, other))
    return g


def test_entity_network_keeps_entities_and_facts_only(small_graph):
    net = entity_network(small_graph)
    assert net.number_of_nodes() == 8  # no statement, evidence or document nodes
    assert net.number_of_edges() == 10
    assert {d["cls"] for _, d in net.nodes(data=True)} == {
        "Film", "Person", "Character", "Organization", "Genre"}
    assert sorted(net.nodes[FILM_ID]["literals"]) == [["imdbId", "tt0000001"],
                                                      ["releaseYear", "1999"]]


def test_entity_network_reads_evidence_from_reified_statements(small_graph):
    net = entity_network(small_graph)
    edge = net.edges[TOM, EVE, str(FILM.spouseOf)]
    assert edge["group"] == "story"
    assert edge["confidence"] == 0.8
    assert edge["evidence"] == [{
        "sentence": "Tom Smith (Ann Actor) is married to Eve.", "document": "plot.txt",
        "rule": "story.verb.v1", "confidence": 0.8}]


def test_fact_without_statement_has_no_confidence(small_graph):
    small_graph.add((GBR["person/bob-actor"], FILM.friendOf, GBR["person/ann-actor"]))
    net = entity_network(small_graph)
    edge = net.edges[str(GBR["person/bob-actor"]), str(GBR["person/ann-actor"]),
                     str(FILM.friendOf)]
    assert edge["confidence"] is None and edge["evidence"] == []


def test_nodes_belong_to_the_films_they_touch():
    net = entity_network(two_films())
    alpha, beta = str(GBR["film/alpha-2000"]), str(GBR["film/beta-2001"])
    assert net.nodes[str(GBR["person/star"])]["films"] == [alpha, beta]
    assert net.nodes[str(GBR["character/alpha-2000/c1"])]["films"] == [alpha]
    assert net.graph["films"] == {alpha: "Alpha", beta: "Beta"}


def test_analyze_counts_classes_and_properties(small_graph):
    report = analyze(small_graph)
    assert report["classes"] == {"Film": 1, "Person": 2, "Character": 3, "Organization": 1,
                                 "Place": 0, "Award": 0, "Genre": 1}
    assert report["properties"]["film:hasCharacter"] == 3
    assert report["properties"]["open:visit"] == 1
    assert report["properties"]["film:releaseYear"] == 1
    assert "rdfs:label" not in report["properties"]
    assert (report["entities"], report["facts"], report["statements"],
            report["documents"]) == (8, 10, 10, 1)


def test_analyze_ranks_the_hub_character_first_in_each_film():
    report = analyze(two_films())
    central = report["central_characters"]
    for slug in ("alpha-2000", "beta-2001"):
        chars = central[str(GBR[f"film/{slug}"])]["characters"]
        assert chars[0]["label"] == f"Hub {slug}"
        assert chars[0]["degree"] == 5  # film, star, three friends
        assert len(chars) == 4
        assert all(c["label"].endswith(slug) for c in chars)


def test_communities_split_two_loosely_joined_films():
    g = two_films()
    found = communities(entity_network(g))
    film_of = {n: n.split("/")[-2] for c in found for n in c if "/character/" in n}
    for c in found:
        assert len({film_of[n] for n in c if n in film_of}) <= 1
    assert len(found) >= 2
    assert found == communities(entity_network(g))  # seeded, so repeatable


def test_format_table_lists_sections_and_cuts_long_communities(small_graph):
    text = format_table(analyze(small_graph), width=2)
    assert "Entities per class\n  Film                1\n" in text
    assert "The Test Film: Tom Smith (" in text
    assert "4 nodes: " in text and "... (+2)" in text


def test_graphml_export_reads_back_with_attributes(small_graph, tmp_path):
    path = write_graphml(small_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == 8 and back.number_of_edges() == 10
    assert back.nodes[TOM]["label"] == "Tom Smith"
    assert back.nodes[TOM]["altLabels"] == "Mr. Smith|Tom"
    assert back.nodes[TOM]["films"] == "The Test Film"
    assert any(d["property"] == "spouseOf" and d["confidence"] == 0.8
               for _, _, d in back.edges(data=True))


def test_gexf_export_reads_back(small_graph, tmp_path):
    back = nx.read_gexf(write_gexf(small_graph, tmp_path / "g.gexf"))
    assert back.number_of_nodes() == 8 and back.number_of_edges() == 10
    assert back.nodes[EVE]["type"] == "Character"


def test_csv_export_writes_nodes_and_edges(small_graph, tmp_path):
    nodes_path, edges_path = write_csv(small_graph, tmp_path / "csv")
    with nodes_path.open(encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with edges_path.open(encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert len(nodes) == 8 and len(edges) == 10
    assert {n["label"] for n in nodes} >= {"<script>alert('name')</script>", "Drama"}
    visit = next(e for e in edges if e["property"] == "visit")
    assert (visit["group"], visit["confidence"], visit["evidence"]) == ("open", "0.4", "1")


def test_analyze_report_is_json_serialisable(small_graph):
    report = analyze(small_graph)
    assert json.loads(json.dumps(report)) == report
