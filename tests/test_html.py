"""The offline graph page: what it embeds, what it draws, and that corpus
text cannot break out of it."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from test_analysis import two_films

from graphbuild.errors import GraphbuildError, UnknownName
from graphbuild.outputs.html import layout, render_html, script_json
from graphbuild.rdf.vocab import GBR

DATA_RE = re.compile(r'<script type="application/json" id="graphbuild-data">(.*?)</script>', re.S)


def page_data(page: str) -> dict:
    """The graph data the page embeds, as the page's script reads it."""
    return json.loads(DATA_RE.search(page).group(1))


def test_page_loads_nothing_from_elsewhere(small_graph):
    page = render_html(small_graph)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert "default-src 'none'" in page  # the CSP forbids any fetch as well


def test_page_draws_entities_and_facts_only(small_graph):
    data = page_data(render_html(small_graph))
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == 8 and len(data["edges"]) == 10
    assert not any("/statement/" in i or "/evidence/" in i or "/document/" in i for i in ids)
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    film = next(n for n in data["nodes"] if n["cls"] == "Film")
    assert sorted(film["facts"]) == [["imdbId", "tt0000001"], ["releaseYear", "1999"]]
    assert (film["shape"], film["color"]["background"]) == ("star", "#E69F00")
    assert {n["shape"] for n in data["nodes"] if n["cls"] == "Character"} == {"dot"}


def test_nodes_have_settled_positions_and_physics_is_off(small_graph):
    data = page_data(render_html(small_graph))
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 8
    assert data["options"]["physics"]["enabled"] is False


def test_edges_carry_their_evidence_and_open_relations_start_hidden(small_graph):
    data = page_data(render_html(small_graph))
    spouse = next(e for e in data["edges"] if e["property"] == "spouseOf")
    assert spouse["label"] == "spouseOf" and spouse["group"] == "story"
    assert spouse["confidence"] == 0.8 and spouse["arrows"] == ""  # symmetric
    assert spouse["evidence"][0]["document"] == "plot.txt"
    assert spouse["evidence"][0]["rule"] == "story.verb.v1"
    groups = {g["name"]: (g["checked"], g["count"]) for g in data["groups"]}
    assert groups == {"production": (True, 7), "story": (True, 2), "open": (False, 1)}


def test_injection_payloads_are_escaped_but_survive_as_text(small_graph):
    page = render_html(small_graph)
    assert "<img" not in page and "<script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # escaped inside the JSON
    # Only the page's three script elements close a script, and no "<!--"
    # can switch the HTML parser into its script-escape states.
    assert page.lower().count("</script") == 3 and "<!--" not in page
    data = page_data(page)
    labels = {n["label"] for n in data["nodes"]}
    assert "<script>alert('name')</script>" in labels  # shown as text, intact
    evil = next(n for n in data["nodes"] if n["label"].startswith("<script>"))
    assert evil["alt"] == ["<img src=x onerror=alert(1)>"]
    sentences = {ev["sentence"] for e in data["edges"] for ev in e["evidence"]}
    assert "<script>alert('evidence')</script>" in sentences


def test_script_json_cannot_close_its_script_element():
    text = script_json({"a": "</script><b>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&amp;"}


def test_template_markers_in_corpus_text_are_not_expanded(small_graph):
    small_graph.set((GBR["person/bob-actor"], RDFS.label, Literal("{{VIS_JS}} {{DATA}}")))
    page = render_html(small_graph)
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert "{{VIS_JS}} {{DATA}}" in labels
    assert page.count("vis-network") < 50  # vis JS inlined once, not into the label


def test_same_graph_gives_the_same_page(small_graph):
    shuffled = Graph()
    shuffled.parse(data=small_graph.serialize(format="nt"), format="nt")
    assert render_html(small_graph) == render_html(shuffled)


def test_top_draws_the_highest_pagerank_nodes_and_says_so(small_graph):
    page = render_html(small_graph, top=3)
    data = page_data(page)
    assert (data["shown"], data["total"]) == (3, 8)
    labels = {n["label"] for n in data["nodes"]}
    assert "The Test Film" in labels and "Tom Smith" in labels
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    banner = re.sub(r"<[^>]+>", "", re.search(r'<p id="banner".*?</p>', page).group())
    assert banner == ("showing 3 of 8 nodes (highest PageRank); "
                      "use --film or --top to see others")


def test_graphs_over_the_limit_are_cut_and_small_ones_are_not(small_graph):
    assert 'id="banner"' not in render_html(small_graph)
    assert 'id="banner"' not in render_html(small_graph, top=8)
    cut = render_html(small_graph, limit=5)
    assert "showing 5 of 8 nodes" in cut and len(page_data(cut)["nodes"]) == 5


def test_film_option_keeps_one_films_part():
    g = two_films()
    data = page_data(render_html(g, film="alpha"))
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"Alpha", "Star", "Hub alpha-2000", "C0 alpha-2000", "C1 alpha-2000",
                      "C2 alpha-2000"}
    assert data["films"] == [[str(GBR["film/alpha-2000"]), "Alpha"]]
    assert page_data(render_html(g, film="beta-2001"))["films"][0][1] == "Beta"


def test_every_film_is_offered_in_the_dropdown_with_its_members():
    data = page_data(render_html(two_films()))
    assert [f[1] for f in data["films"]] == ["Alpha", "Beta"]
    star = next(n for n in data["nodes"] if n["label"] == "Star")
    assert len(star["films"]) == 2


def test_each_film_has_its_own_layout_for_the_film_filter():
    data = page_data(render_html(two_films()))
    for film_id, title in data["films"]:
        members = {n["id"] for n in data["nodes"] if film_id in n["films"]}
        assert set(data["filmLayouts"][film_id]) == members
    assert page_data(render_html(two_films(), film="Alpha"))["filmLayouts"] == {}


def test_unknown_film_lists_the_films():
    with pytest.raises(UnknownName, match="unknown film 'Gamma'; choose one of: Alpha, Beta"):
        render_html(two_films(), film="Gamma")


def test_two_films_with_one_title_ask_for_a_slug():
    g = two_films()
    g.set((GBR["film/beta-2001"], RDFS.label, Literal("Alpha")))
    with pytest.raises(GraphbuildError, match="alpha-2000, beta-2001"):
        render_html(g, film="Alpha")


def test_empty_graph_gives_an_empty_page():
    data = page_data(render_html(Graph()))
    assert (data["nodes"], data["edges"], data["total"]) == ([], [], 0)


def test_big_graphs_are_laid_out_one_community_at_a_time():
    net = nx.MultiDiGraph()
    for hub in ("a", "b", "c"):
        for i in range(120):  # three stars of 121 nodes: above SPRING_LIMIT together
            net.add_edge(hub, f"{hub}{i}", key="k")
    net.add_node("loner")
    pos = layout(net)
    assert set(pos) == set(net) and len(set(pos.values())) == len(pos)
    boxes = []
    for hub in ("a", "b", "c"):
        xs, ys = zip(*(pos[n] for n in net if n.startswith(hub)))
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for i, (x0, x1, y0, y1) in enumerate(boxes):
        for u0, u1, v0, v1 in boxes[i + 1:]:
            assert x1 < u0 or u1 < x0 or y1 < v0 or v1 < y0  # clusters do not overlap
    assert layout(net) == pos


def test_nodes_carry_why_they_are_what_they_are(small_graph):
    from rdflib.namespace import RDF

    from graphbuild.rdf.vocab import FILM

    tom = GBR["character/the-test-film-1999/tom-smith"]
    d, m = GBR["identity/d1"], GBR["identity/m1"]
    small_graph.add((tom, FILM.identity, d))
    small_graph.add((d, RDF.type, FILM.IdentityDecision))
    small_graph.add((d, FILM.decidedBy, Literal("called a being ('husband'): husband Tom")))
    small_graph.add((d, FILM.mergedName, m))
    small_graph.add((m, FILM.name, Literal("Tom")))
    small_graph.add((m, FILM.decidedBy, Literal("first name of the only Tom Smith")))
    data = page_data(render_html(small_graph))
    node = next(n for n in data["nodes"] if n["id"] == str(tom))
    assert node["why"] == ["called a being ('husband'): husband Tom",
                           "Tom: first name of the only Tom Smith"]
    assert all(n["why"] == [] for n in data["nodes"] if n["id"] != str(tom))
