"""The explorer page: what it embeds, its Content-Security-Policy, the folder
form with one data script per chunk, and that corpus text cannot break out."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re
import subprocess
import sys

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.errors import GraphbuildError, UnknownName
from graphbuild.outputs import html as html_mod
from graphbuild.outputs.html import chunk_script, render_html, script_json, write_page, write_site
from graphbuild.outputs.rdf import export
from graphbuild.rdf.vocab import FILM, GBR, bind_prefixes

DATA_RE = re.compile(r'<script type="application/json" id="graphbuild-data">(.*?)</script>', re.S)
SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)


def page_data(page: str) -> dict:
    """The data the page embeds, as the page's script reads it."""
    return json.loads(DATA_RE.search(page).group(1))


def csp_of(page: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)


def test_page_loads_nothing_from_elsewhere(films_graph):
    page = render_html(films_graph)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert "default-src 'none'" in csp_of(page)  # the CSP forbids any fetch as well


def test_the_csp_allows_exactly_the_pages_own_scripts(films_graph):
    page = render_html(films_graph)
    scripts = SCRIPT_RE.findall(page)
    assert len(scripts) == 4  # vis-network and the explorer's three
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in scripts}
    script_src = re.search(r"script-src ([^;]*)", csp_of(page)).group(1).split()
    assert set(script_src) == hashes  # no 'unsafe-inline', no 'strict-dynamic' in one file


def test_a_single_page_inlines_every_chunk(films_graph):
    data = page_data(render_html(films_graph))
    assert data["mode"] == "inline"
    assert len(data["overview"]["films"]) == 5
    assert {f"film/{i}" for i in range(5)} <= set(data["chunks"])
    assert data["overview"]["title"] == "graphbuild: 4 films"  # one is only mentioned


def test_injection_payloads_are_escaped_but_survive_as_text(small_graph):
    page = render_html(small_graph)
    assert "<img" not in page and "<script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # escaped inside the JSON
    # Only the page's five script elements close a script, and no "<!--"
    # can switch the HTML parser into its script-escape states.
    assert page.lower().count("</script") == 5 and "<!--" not in page
    chunk = page_data(page)["chunks"]["film/0"]
    evil = chunk["nodes"]["character/the-test-film-1999/x-script"]
    assert evil["label"] == "<script>alert('name')</script>"  # shown as text, intact
    assert evil["alt"] == ["<img src=x onerror=alert(1)>"]
    assert "<script>alert('evidence')</script>" in {e[1] for e in chunk["evidence"]}


def test_script_json_cannot_close_its_script_element():
    text = script_json({"a": "</script><b>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><b>&amp;"}


def test_template_markers_in_corpus_text_are_not_expanded(small_graph):
    small_graph.set((GBR["person/bob-actor"], RDFS.label, Literal("{{SCRIPTS}} {{DATA}}")))
    page = render_html(small_graph)
    labels = {n["label"] for n in page_data(page)["chunks"]["film/0"]["nodes"].values()}
    assert "{{SCRIPTS}} {{DATA}}" in labels
    assert page.count("vis-network") < 50  # vis JS inlined once, not into the label


def test_same_graph_gives_the_same_page(films_graph):
    shuffled = Graph()
    shuffled.parse(data=films_graph.serialize(format="nt"), format="nt")
    assert render_html(films_graph) == render_html(shuffled)


def test_film_option_opens_the_page_on_that_film(films_graph):
    assert page_data(render_html(films_graph, film="third film"))["overview"]["start"] == \
        "third-film-1987"
    assert page_data(render_html(films_graph, film="lonely-film-2010"))["overview"]["start"] == \
        "lonely-film-2010"
    assert page_data(render_html(films_graph))["overview"]["start"] == ""


def test_unknown_film_lists_the_films(films_graph):
    with pytest.raises(UnknownName, match="unknown film 'Gamma'; choose one of: Another Film, "
                                          "Lonely Film, Old Classic, The Test Film, Third Film"):
        render_html(films_graph, film="Gamma")


def test_two_films_with_one_title_ask_for_a_slug(films_graph):
    films_graph.set((GBR["film/third-film-1987"], RDFS.label, Literal("Another Film")))
    with pytest.raises(GraphbuildError, match="another-film-2005, third-film-1987"):
        render_html(films_graph, film="Another Film")


def test_empty_graph_gives_an_empty_page():
    data = page_data(render_html(Graph()))
    assert (data["overview"]["films"], data["overview"]["links"]) == ([], [])


def test_a_page_too_big_for_one_file_says_to_write_a_folder(films_graph, monkeypatch):
    monkeypatch.setattr(html_mod, "MAX_INLINE_BYTES", 1000)
    with pytest.raises(GraphbuildError, match=r"write a folder instead \(give --out a path "
                                              r"without \.html\)"):
        render_html(films_graph)


def test_a_folder_holds_the_page_and_one_data_script_per_chunk(films_graph, tmp_path):
    out = write_site(films_graph, tmp_path / "site")
    page = (out / "index.html").read_text(encoding="utf-8")
    data = page_data(page)
    assert data["mode"] == "files" and data["chunks"] is None
    assert "'strict-dynamic'" in csp_of(page)  # lets the page's own scripts add data scripts
    inline = page_data(render_html(films_graph))["chunks"]
    files = sorted(str(p.relative_to(out / "data")) for p in (out / "data").rglob("*.js"))
    assert files == sorted(f"{name}.js" for name in inline)
    text = (out / "data" / "film" / "0.js").read_text(encoding="utf-8")
    assert text == chunk_script("film/0", inline["film/0"])
    call = re.fullmatch(r'graphbuildChunk\("film/0",(.*)\);\n', text, re.S)
    assert json.loads(call.group(1)) == inline["film/0"]
    assert oct(os.stat(out).st_mode & 0o777) != oct(0o700)


def test_a_folder_replaces_one_it_wrote_and_refuses_others(films_graph, tmp_path):
    out = tmp_path / "site"
    write_site(films_graph, out)
    (out / "data" / "stale.js").write_text("x", encoding="utf-8")
    write_site(films_graph, out)
    assert not (out / "data" / "stale.js").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporaries left
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(GraphbuildError, match="holds no explorer graphbuild wrote"):
        write_site(films_graph, mine)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_write_page_chooses_a_file_or_a_folder_by_the_name(films_graph, tmp_path):
    assert write_page(films_graph, tmp_path / "a.html").is_file()
    assert (write_page(films_graph, tmp_path / "b") / "index.html").is_file()


def many_films(n: int = 60, seed: int = 7) -> Graph:
    """A made-up graph of `n` films whose casts overlap at random (seeded),
    big enough for communities and every layout path."""
    rng = random.Random(seed)
    g = Graph()
    bind_prefixes(g)
    people = [GBR[f"person/p{i}"] for i in range(n * 2)]
    for i, p in enumerate(people):
        g.add((p, RDF.type, FILM.Person))
        g.add((p, RDFS.label, Literal(f"Person {i}")))
    for i in range(n):
        film = GBR[f"film/f{i}"]
        g.add((film, RDF.type, FILM.Film))
        g.add((film, RDFS.label, Literal(f"Film number {i}")))
        cast = rng.sample(people, 3)
        for k, p in enumerate(cast):
            ch = GBR[f"character/f{i}/c{k}"]
            g.add((ch, RDF.type, FILM.Character))
            g.add((ch, RDFS.label, Literal(f"Character {k} of {i}")))
            g.add((film, FILM.castMember, p))
            g.add((film, FILM.hasCharacter, ch))
            g.add((p, FILM.plays, ch))
            if k:
                g.add((ch, FILM.friendOf, GBR[f"character/f{i}/c0"]))
    return g


def test_the_page_does_not_depend_on_the_hash_seed(tmp_path):
    graph = many_films()
    export(graph, tmp_path / "g", files=("graph.nt",))
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page-{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "graphbuild", "viz", str(tmp_path / "g"), "--out",
                        str(out)], check=True, env=env, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    films = page_data(pages[0].decode("utf-8"))["overview"]["films"]
    assert len({(f[6], f[7]) for f in films}) == len(films)  # every film has its own place
