"""The graph page in headless Chromium: offline, drawn as the graph says,
filters work, and injection payloads stay text.

Needs Debian's `chromium` and the `playwright` package (never
`playwright install`: we use the system browser). Skips without them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from graphbuild.assemble.files import write_atomic
from graphbuild.outputs.html import render_html
from graphbuild.rdf.vocab import CLASSES, FILM, GBR, OPEN

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium; .ci/run does it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Opened:
    """A page opened in the browser, with what it logged, fetched and popped up."""

    page: object
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def counts(self) -> tuple[int, int]:
        """Nodes and edges vis-network is drawing now."""
        return tuple(self.page.evaluate(
            "[graphbuildNetwork.body.nodeIndices.length, graphbuildNetwork.body.edgeIndices.length]"))

    def wait_counts(self, expected: tuple[int, int], tries: int = 100) -> tuple[int, int]:
        """The drawn counts once they equal `expected` (the search box waits a
        moment before it filters), or the last counts seen."""
        # Polled from Python: Playwright's wait_for_function would eval() inside
        # the page, which the page's Content-Security-Policy forbids.
        for _ in range(tries):
            seen = self.counts()
            if seen == expected:
                break
            self.page.wait_for_timeout(50)
        return seen

    def hover(self, js_point: str) -> str:
        """Move the mouse to a canvas point (JS expression) and return the tooltip text."""
        x, y = self.page.evaluate(f"""() => {{
            const p = graphbuildNetwork.canvasToDOM({js_point});
            const r = document.getElementById('network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }}""")
        # First to a blank corner of the drawing, so an earlier tooltip hides.
        self.page.mouse.move(*self.page.evaluate(
            "(r => [r.right - 3, r.bottom - 3])(document.getElementById('network')"
            ".getBoundingClientRect())"))
        self.page.wait_for_selector("div.vis-tooltip", state="hidden")
        self.page.mouse.move(x, y)
        tip = self.page.wait_for_selector("div.vis-tooltip", state="visible")
        return tip.text_content()


def open_page(browser, graph: Graph, folder: Path, **options) -> Opened:
    path = folder / "graph.html"
    write_atomic(path, render_html(graph, **options))
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    opened = Opened(page=page, url=path.as_uri())
    page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    # If a payload ever ran, alert() would leave this mark as well as a dialog.
    page.add_init_script("window.alert = (m) => { window.__pwned = String(m); };")
    page.goto(opened.url)
    # The scripts are inline, so by the load event the network exists (or failed).
    assert page.evaluate("typeof window.graphbuildNetwork") == "object", opened.errors
    return opened


def expected_drawing(graph: Graph, *, open_relations: bool) -> tuple[set[str], int]:
    """Entity IRIs and the number of facts between them, read straight from
    the RDF (independently of the page code)."""
    entities = {s for c in CLASSES for s in graph.subjects(RDF.type, FILM[c])}
    facts = [(s, p, o) for s, p, o in graph
             if s in entities and o in entities and p != RDF.type
             and (open_relations or not str(p).startswith(str(OPEN)))]
    return {str(e) for e in entities}, len(facts)


@pytest.fixture
def opened(browser, small_graph, tmp_path):
    o = open_page(browser, small_graph, tmp_path)
    yield o
    o.page.close()


def test_page_opens_offline_without_errors(opened, tmp_path):
    opened.page.wait_for_timeout(300)
    assert opened.errors == []
    assert all(u == opened.url or u.startswith("data:") for u in opened.requests), opened.requests
    shot = tmp_path / "graph.png"
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_drawing_matches_the_graph(opened, small_graph):
    ids, n_facts = expected_drawing(small_graph, open_relations=False)
    drawn = set(opened.page.evaluate("graphbuildNetwork.body.nodeIndices"))
    assert drawn == ids
    assert opened.counts() == (len(ids), n_facts)
    assert opened.page.text_content("#counts") == f"{len(ids)} nodes, {n_facts} edges shown"


def test_relation_and_confidence_filters_change_what_is_drawn(opened, small_graph):
    ids, with_open = expected_drawing(small_graph, open_relations=True)
    opened.page.check("input[data-group=open]")
    assert opened.counts() == (len(ids), with_open)
    opened.page.uncheck("input[data-group=story]")
    assert opened.counts() == (len(ids), with_open - 2)
    opened.page.check("input[data-group=story]")
    opened.page.fill("#confidence", "0.85")
    # Facts at confidence >= 0.85: director, cast, genre, Tom's character and role.
    assert opened.counts() == (len(ids), 5)
    assert opened.page.text_content("#confidence-value") == "0.85"


def test_search_shows_a_name_and_its_neighbours(opened):
    opened.page.fill("#search", "eve")
    assert opened.wait_counts((3, 3)) == (3, 3)
    labels = opened.page.evaluate(
        "graphbuildNetwork.body.nodeIndices.map(i => graphbuild.nodes.get(i).label).sort()")
    assert labels == ["Eve Smith", "The Test Film", "Tom Smith"]
    opened.page.fill("#search", "")
    assert opened.wait_counts((8, 9)) == (8, 9)


def test_film_filter_keeps_one_films_nodes(browser, small_graph, tmp_path):
    other = GBR["film/another-film-2005"]
    villain = GBR["character/another-film-2005/villain"]
    for node, cls, label in [(other, "Film", "Another Film"), (villain, "Character", "Villain")]:
        small_graph.add((node, RDF.type, FILM[cls]))
        small_graph.add((node, RDFS.label, Literal(label)))
    small_graph.add((other, FILM.hasCharacter, villain))
    small_graph.add((other, FILM.castMember, GBR["person/ann-actor"]))
    o = open_page(browser, small_graph, tmp_path)
    try:
        assert o.counts() == (10, 11)
        ann = str(GBR["person/ann-actor"])
        where = f"graphbuildNetwork.getPosition({ann!r})"
        home = o.page.evaluate(where)
        o.page.select_option("#film-filter", label="Another Film")
        assert o.counts() == (3, 2)  # the film, its villain and Ann who is cast in it
        alone = o.page.evaluate(f"graphbuild.nodes.get({ann!r})")
        moved = o.page.evaluate(where)
        assert moved != home  # vis may round positions to whole pixels
        assert abs(moved["x"] - alone["x"]) < 1 and abs(moved["y"] - alone["y"]) < 1
        o.page.select_option("#film-filter", label="The Test Film")
        assert o.counts() == (8, 9)
        o.page.select_option("#film-filter", value="")
        back = o.page.evaluate(where)
        assert o.counts() == (10, 11)
        assert abs(back["x"] - home["x"]) < 1 and abs(back["y"] - home["y"]) < 1
        assert o.errors == []
    finally:
        o.page.close()


def test_injection_payloads_show_as_text_and_never_run(opened, tmp_path):
    evil = str(GBR["character/the-test-film-1999/x-script"])
    node_tip = opened.hover(f"graphbuildNetwork.getPosition({evil!r})")
    assert "<script>alert('name')</script>" in node_tip
    assert "<img src=x onerror=alert(1)>" in node_tip
    edge = opened.page.evaluate(
        f"graphbuild.edges.get({{filter: e => e.to === {evil!r}}})[0].id")
    edge_tip = opened.hover(f"graphbuildNetwork.body.edges[{edge!r}].edgeType.getPoint(0.5)")
    assert "<script>alert('evidence')</script>" in edge_tip
    assert "plot.txt" in edge_tip and "roles.mention.v1" in edge_tip and "0.50" in edge_tip
    assert opened.page.evaluate("document.querySelectorAll('img, .vis-tooltip script').length") == 0
    opened.page.check("input[data-group=open]")  # the open fact's sentence carries an <img>
    opened.page.wait_for_timeout(300)
    opened.page.screenshot(path=str(tmp_path / "tooltip.png"))
    assert opened.page.evaluate("window.__pwned === undefined")
    assert opened.dialogs == [] and opened.errors == []


def test_physics_toggle_moves_nodes(opened):
    tom = str(GBR["character/the-test-film-1999/tom-smith"])
    before = opened.page.evaluate(f"graphbuildNetwork.getPosition({tom!r})")
    opened.page.check("#physics")
    opened.page.wait_for_timeout(500)
    after = opened.page.evaluate(f"graphbuildNetwork.getPosition({tom!r})")
    assert before != after
    assert opened.errors == []


def test_cut_graph_shows_a_visible_banner(browser, small_graph, tmp_path):
    o = open_page(browser, small_graph, tmp_path, top=4)
    try:
        assert o.page.is_visible("#banner")
        assert o.page.text_content("#banner") == (
            "showing 4 of 8 nodes (highest PageRank); use --film or --top to see others")
        assert o.counts()[0] == 4 and o.errors == []
    finally:
        o.page.close()
