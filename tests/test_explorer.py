"""The explorer's data: the overview of films, one chunk per film with its
story graph and evidence, entity pages and the search index."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.outputs.explorer import (
    LINK_LIMIT,
    MAX_UNCAST_DRAWN,
    build_site,
    fnv1a,
    search_keys,
    short_id,
)
from graphbuild.outputs.facts import read_facts
from graphbuild.outputs import layouts
from graphbuild.outputs.layouts import overview_layout, story_layout
from graphbuild.rdf.vocab import FILM, GBR, bind_prefixes


def site_of(graph: Graph, **options):
    return build_site(read_facts(graph), title="t", **options)


def films_by_label(site) -> dict[str, dict]:
    cols = site.overview["filmColumns"]
    return {row[1]: dict(zip(cols, row)) | {"index": i}
            for i, row in enumerate(site.overview["films"])}


def test_overview_has_one_row_per_film_with_year_genres_and_size(films_graph):
    site = site_of(films_graph)
    films = films_by_label(site)
    assert sorted(films) == ["Another Film", "Lonely Film", "Old Classic", "The Test Film",
                             "Third Film"]
    test = films["The Test Film"]
    assert (test["id"], test["year"], test["documented"]) == ("film/the-test-film-1999", 1999, 1)
    assert [site.overview["genres"][g][1] for g in test["genres"]] == ["Drama"]
    assert test["size"] == 12  # its 10 facts, its year and imdb id
    assert films["Old Classic"]["documented"] == 0
    assert site.overview["genres"] == [["genre/drama", "Drama", 2], ["genre/comedy", "Comedy", 1]]


def test_films_are_linked_by_shared_people_and_by_mentions(films_graph):
    site = site_of(films_graph)
    films = films_by_label(site)
    links = {(site.overview["films"][a][1], site.overview["films"][b][1]): (people, mentions)
             for a, b, people, mentions in site.overview["links"]}
    assert links == {("Another Film", "The Test Film"): (1, 0),      # Ann Actor
                     ("Another Film", "Third Film"): (1, 0),         # Carl Cast
                     ("Old Classic", "The Test Film"): (0, 1)}       # read in its plot
    chunk = site.chunks[f"film/{films['Another Film']['index']}"]
    assert chunk["links"] == [[films["The Test Film"]["index"], ["person/ann-actor"], 0],
                              [films["Third Film"]["index"], ["person/carl-cast"], 0]]
    # Linked films share a community; a film linked to none is alone in its own.
    assert films["Another Film"]["community"] == films["Third Film"]["community"]
    assert films["Lonely Film"]["community"] not in {
        f["community"] for name, f in films.items() if name != "Lonely Film"}


def test_a_person_in_too_many_films_links_none_of_them():
    g = Graph()
    bind_prefixes(g)
    star = GBR["person/star"]
    g.add((star, RDF.type, FILM.Person))
    for i in range(LINK_LIMIT + 1):
        film = GBR[f"film/f{i}"]
        g.add((film, RDF.type, FILM.Film))
        g.add((film, FILM.castMember, star))
    site = site_of(g)
    assert site.overview["links"] == []
    page = site.chunks["entity/0"]["person/star"]
    assert page["total"] == LINK_LIMIT + 1


def test_a_films_chunk_draws_its_story_and_keeps_genres_as_attributes(small_graph):
    chunk = site_of(small_graph).chunks["film/0"]
    drawn = {n for n, d in chunk["nodes"].items() if "x" in d}
    assert "genre/drama" in chunk["nodes"] and "genre/drama" not in drawn
    assert drawn == {"film/the-test-film-1999", "person/ann-actor", "person/bob-actor",
                     "character/the-test-film-1999/tom-smith",
                     "character/the-test-film-1999/eve-smith",
                     "character/the-test-film-1999/x-script",
                     "organization/the-test-film-1999/the-agency"}
    props = chunk["props"]
    edges = sorted(props[f["p"]].rsplit("#", 1)[1] for f in chunk["facts"] if f["edge"])
    # hasCharacter is not drawn (every character drawn is the film's), nor is
    # Ann's castMember (she is drawn beside the character she plays).
    assert edges == ["directedBy", "employedBy", "plays", "spouseOf", "visit"]
    assert len(chunk["facts"]) == 12  # every fact of the film's part, with literals


def test_a_facts_evidence_is_in_the_chunk_with_document_and_offsets(small_graph):
    chunk = site_of(small_graph).chunks["film/0"]
    props = chunk["props"]
    spouse = next(f for f in chunk["facts"] if props[f["p"]].endswith("spouseOf"))
    assert (spouse["s"], spouse["o"], spouse["conf"], spouse["id"], spouse["evn"]) == (
        "character/the-test-film-1999/tom-smith", "character/the-test-film-1999/eve-smith",
        0.8, "statement/f7", 1)
    doc, sentence, start, end, rule, conf, extra = chunk["evidence"][spouse["ev"][0]]
    assert chunk["docs"][doc] == ["document/the-test-film-1999/plot-txt", "plot.txt", 0]
    assert (sentence, start, end, rule, conf) == (
        "Tom Smith (Ann Actor) is married to Eve.", 0, 40, "story.verb.v1", 0.8)
    assert extra == [["sentenceIndex", "0"]]
    year = next(f for f in chunk["facts"] if props[f["p"]].endswith("releaseYear"))
    assert (year["lit"], year["o"], year["ev"], year["id"]) == (True, "1999", [], year["id"])


def test_a_long_cast_list_is_left_to_the_panel_and_the_story_drawn(small_graph):
    film = GBR["film/the-test-film-1999"]
    for i in range(MAX_UNCAST_DRAWN + 1):  # bit parts, "Extra N as Passer-by N"
        ch, actor = GBR[f"character/the-test-film-1999/passer-{i}"], GBR[f"person/extra-{i}"]
        small_graph.add((ch, RDF.type, FILM.Character))
        small_graph.add((actor, RDF.type, FILM.Person))
        small_graph.add((film, FILM.hasCharacter, ch))
        small_graph.add((film, FILM.castMember, actor))
        small_graph.add((actor, FILM.plays, ch))
        crowd = GBR[f"person/crowd-{i}"]  # cast members with no known character
        small_graph.add((crowd, RDF.type, FILM.Person))
        small_graph.add((film, FILM.castMember, crowd))
    chunk = site_of(small_graph).chunks["film/0"]
    drawn = {n for n, d in chunk["nodes"].items() if "x" in d}
    assert drawn == {"film/the-test-film-1999", "person/ann-actor", "person/bob-actor",
                     "character/the-test-film-1999/tom-smith",
                     "character/the-test-film-1999/eve-smith",
                     "organization/the-test-film-1999/the-agency"}
    # x-script, too, is in no relation but to its film: one of 26 bit parts.
    assert "character/the-test-film-1999/passer-0" in chunk["nodes"]  # in the panel
    assert "person/crowd-0" in chunk["nodes"] and "person/extra-0" in chunk["nodes"]


def test_the_story_layout_puts_actors_beside_characters_and_crew_under_the_film(small_graph):
    chunk = site_of(small_graph).chunks["film/0"]
    at = {n: (d["x"], d["y"]) for n, d in chunk["nodes"].items() if "x" in d}
    film, bob = at["film/the-test-film-1999"], at["person/bob-actor"]
    tom, ann = at["character/the-test-film-1999/tom-smith"], at["person/ann-actor"]
    assert film == (0.0, 0.0) and bob[1] > film[1]           # the director under the film
    assert ann[1] == tom[1] and ann[0] > tom[0]              # Ann right of Tom, whom she plays
    assert min(y for _, y in at.values() if _ is not None) == 0.0
    assert tom[1] > bob[1]                                   # the story under the crew
    assert len(set(at.values())) == len(at)


def test_story_layout_gives_labels_room():
    nodes = ["film"] + [f"c{i}" for i in range(12)]
    edges = [("c0", f"c{i}") for i in range(1, 12)]
    pos = story_layout("film", nodes, edges, [])
    chars = [pos[n] for n in nodes[1:]]
    for i, (x1, y1) in enumerate(chars):
        for x2, y2 in chars[i + 1:]:
            assert abs(x1 - x2) >= 199 or abs(y1 - y2) >= 89


def test_overview_layout_packs_linked_groups_apart_and_loners_in_a_grid():
    g = nx.Graph()
    for hub in ("a", "b"):
        for i in range(5):
            g.add_edge(hub, f"{hub}{i}", weight=1.0)
    g.add_nodes_from(["x", "y"])
    room = {n: (40.0, 20.0) for n in g}
    pos = overview_layout(g, [[set(c) for c in nx.connected_components(g)]], ["y", "x"], room)
    assert set(pos) == set(g)
    boxes = []
    for hub in ("a", "b"):
        xs, ys = zip(*(pos[n] for n in g if n.startswith(hub)))
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    (x0, x1, y0, y1), (u0, u1, v0, v1) = boxes
    assert x1 < u0 or u1 < x0 or y1 < v0 or v1 < y0  # the groups do not overlap
    assert pos["y"][0] < pos["x"][0] and pos["y"][1] == pos["x"][1]  # one grid row, in order


def test_a_group_too_big_to_lay_out_whole_is_cut_into_its_communities(monkeypatch):
    monkeypatch.setattr(layouts, "EVEN_LIMIT", 20)
    monkeypatch.setattr(layouts, "GROUP_LIMIT", 12)
    g = nx.Graph()
    for c in range(4):  # four cliques of ten in a ring: one group of forty
        members = [f"{c}-{i}" for i in range(10)]
        g.add_edges_from(((a, b) for i, a in enumerate(members) for b in members[i + 1:]),
                         weight=1.0)
        g.add_edge(f"{c}-0", f"{(c + 1) % 4}-1", weight=1.0)
    levels = [[set(c) for c in level] for level in nx.community.louvain_partitions(g, seed=42)]
    room = {n: (30.0, 15.0) for n in g}
    pos = overview_layout(g, levels, sorted(g), room)
    assert set(pos) == set(g) and len(set(pos.values())) == len(g)
    boxes = []
    for c in range(4):
        xs, ys = zip(*(pos[n] for n in g if n.startswith(f"{c}-")))
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for i, (x0, x1, y0, y1) in enumerate(boxes):
        for u0, u1, v0, v1 in boxes[i + 1:]:
            assert x1 < u0 or u1 < x0 or y1 < v0 or v1 < y0  # each clique packed apart
    assert overview_layout(g, levels, sorted(g), room) == pos


def test_entity_pages_list_films_and_roles(films_graph):
    site = site_of(films_graph)
    films = films_by_label(site)
    shards = site.overview["entityShards"]
    ann = "person/ann-actor"
    page = site.chunks[f"entity/{fnv1a(ann) % shards}"][ann]
    assert (page["label"], page["cls"], page["total"]) == ("Ann Actor", "Person", 2)
    roles = {site.overview["films"][f][1]: sorted(map(tuple, r)) for f, r in page["films"]}
    assert roles == {
        "Another Film": [("castMember", 0, "film/another-film-2005", "Another Film")],
        "The Test Film": [("castMember", 0, "film/the-test-film-1999", "The Test Film"),
                          ("plays", 1, "character/the-test-film-1999/tom-smith", "Tom Smith")]}
    assert films["Another Film"]["index"] in [f for f, _ in page["films"]]
    # Characters belong to one film: their page is the film's chunk.
    assert not any(k.startswith("character/") for name, c in site.chunks.items()
                   if name.startswith("entity/") for k in c)


def test_fnv1a_matches_the_published_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_search_keys_are_the_folded_first_letters_of_each_word():
    assert search_keys("Tom Hanks") == {"to", "ha"}
    assert search_keys("Élodie Bouchez") == {"el", "bo"}
    assert search_keys("X") == {"x_"}
    assert search_keys("007: Ñu") == {"00", "nu"}
    assert search_keys("Ōkami 大神") == {"ok", "__"}


def test_search_chunks_hold_every_name_with_its_film(films_graph):
    site = site_of(films_graph)
    films = films_by_label(site)
    entries = site.chunks["search/to"]
    tom = next(e for e in entries if e[0] == "Tom")
    assert tom == ["Tom", "Character", "character/the-test-film-1999/tom-smith",
                   films["The Test Film"]["index"], 5, "Tom Smith"]  # 5 facts
    film = next(e for e in site.chunks["search/th"] if e[0] == "Third Film")
    assert film[1:4] == ["Film", "film/third-film-1987", films["Third Film"]["index"]]
    assert sorted(site.overview["searchKeys"]) == site.overview["searchKeys"]
    assert all(f"search/{k}" in site.chunks for k in site.overview["searchKeys"])


def test_same_facts_give_the_same_site(films_graph):
    shuffled = Graph()
    shuffled.parse(data=films_graph.serialize(format="nt"), format="nt")
    assert site_of(films_graph) == site_of(shuffled)


def test_short_ids_drop_the_graph_base():
    assert short_id(str(GBR["person/ann"])) == "person/ann"
    assert short_id("http://example.org/x") == "http://example.org/x"
    assert short_id("_:b1") == "_:b1"


def test_a_graph_without_documents_counts_every_film_as_documented():
    g = Graph()
    film = GBR["film/x"]
    g.add((film, RDF.type, FILM.Film))
    g.add((film, RDFS.label, Literal("X")))
    assert films_by_label(site_of(g))["X"]["documented"] == 1


@pytest.mark.parametrize("top", [1, 3])
def test_top_is_passed_to_the_page(films_graph, top):
    assert site_of(films_graph, top=top).overview["top"] == top


def test_films_drawn_at_first_get_their_own_layout_when_not_all_fit(films_graph):
    films = films_by_label(site_of(films_graph, top=2))
    first = {name for name, f in films.items() if f["dx"] is not None}
    assert first == {"The Test Film", "Another Film"}  # the two best known with documents
    a, b = films["The Test Film"], films["Another Film"]
    assert (a["dx"], a["dy"]) != (b["dx"], b["dy"])
    assert all(f["dx"] is None for f in films_by_label(site_of(films_graph)).values())


def test_a_films_chunk_gives_each_node_its_identity_decided_there(identity_graph):
    site = site_of(identity_graph)
    films = films_by_label(site)
    test, another = films["The Test Film"]["index"], films["Another Film"]["index"]
    chunk = site.chunks[f"film/{test}"]
    tom = chunk["nodes"]["character/the-test-film-1999/tom-smith"]
    assert tom["identity"] == [["Tom Smith", test, "Character",
                                ["followed by an actor's name in parentheses: Tom Smith (Ann Actor)"],
                                [["Tom", ["first name of the only name of the film with it: "
                                          "'Tom Smith'"]]]]]
    # Ann's decision by the other film is on her page, counted here.
    ann = chunk["nodes"]["person/ann-actor"]
    assert ann["identity"] == [["Ann Actor", test, "Person",
                                ["credited in the cast of the-test-film-1999"], []]]
    assert ann["identityElsewhere"] == 1
    page = site.chunks["entity/0"]["person/ann-actor"]
    assert [d[1] for d in page["identity"]] == [another, test] and page["identityTotal"] == 2
    # Decisions are not facts: no fact, node or drawn edge holds them.
    assert not {str(FILM.identity), str(FILM.rejectedName)} & set(chunk["props"])
    assert not any(n.startswith("identity/") for n in chunk["nodes"]) and chunk["described"] == {}
    assert films["The Test Film"]["size"] == 12  # as without the decisions


def test_a_films_chunk_lists_the_names_its_documents_rejected(identity_graph):
    site = site_of(identity_graph)
    films = films_by_label(site)
    chunk = site.chunks[f"film/{films['The Test Film']['index']}"]
    assert chunk["rejected"] == [["<img src=x onerror=alert('rejected')>", ["a title: <b>bold</b>"]],
                                 ["Monday", ["a common word: monday"]]]
    assert site.chunks[f"film/{films['Another Film']['index']}"]["rejected"] == []


def test_a_mention_names_its_document_and_is_not_drawn(identity_graph):
    site = site_of(identity_graph)
    films = films_by_label(site)
    chunk = site.chunks[f"film/{films['Old Classic']['index']}"]
    [fact] = [f for f in chunk["facts"] if chunk["props"][f["p"]] == str(FILM.mentionedIn)]
    assert fact["edge"] is False and fact["o"] not in chunk["nodes"]
    assert chunk["docs"][fact["doc"]] == ["document/the-test-film-1999/plot-txt", "plot.txt",
                                          films["The Test Film"]["index"]]
    assert chunk["evidence"][fact["ev"][0]][1] == "It remakes Old Classic (1950)."
