"""The explorer page in headless Chromium: the overview, a film's story
graph, the detail panel with evidence, search, the view in the URL, a
folder's data loaded on demand, offline and with payloads kept as text.

Needs Debian's `chromium` and the `playwright` package (never
`playwright install`: we use the system browser). Skips without them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graphbuild.assemble.files import write_atomic
from graphbuild.outputs.html import render_html, write_site
from graphbuild.rdf.vocab import GBR

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]

TEST_FILM = "film/the-test-film-1999"
DOCUMENTED = {TEST_FILM, "film/another-film-2005", "film/third-film-1987", "film/lonely-film-2010"}


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

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def settle(self, tries: int = 200) -> None:
        """Wait until the page has drawn what its state asks for. Polled from
        Python: Playwright's wait_for_function would eval() inside the page,
        which the page's Content-Security-Policy forbids."""
        for _ in range(tries):
            if not self.js("graphbuild.busy()"):
                return
            self.page.wait_for_timeout(25)
        raise AssertionError("the page stayed busy")

    def drawn(self) -> set[str]:
        return set(self.js("graphbuildNetwork.body.nodeIndices"))

    def counts(self) -> tuple[int, int]:
        """Nodes and edges vis-network is drawing now."""
        return tuple(self.js("[graphbuildNetwork.body.nodeIndices.length, "
                             "graphbuildNetwork.body.edgeIndices.length]"))

    def hash(self) -> str:
        return self.js("decodeURIComponent(location.hash)")

    def point(self, js_point: str) -> tuple[float, float]:
        """Page coordinates of a canvas point (a JS expression)."""
        return tuple(self.js(f"""() => {{
            const p = graphbuildNetwork.canvasToDOM({js_point});
            const r = document.getElementById('network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }}"""))

    def node_point(self, node: str) -> tuple[float, float]:
        return self.point(f"graphbuildNetwork.getPosition({node!r})")

    def edge_point(self, edge: str) -> tuple[float, float]:
        return self.point(f"graphbuildNetwork.body.edges[{edge!r}].edgeType.getPoint(0.5)")

    def panel(self) -> str:
        return self.page.text_content("#details")

    def wait_panel(self, text: str, tries: int = 100) -> str:
        for _ in range(tries):
            if text in self.panel():
                break
            self.page.wait_for_timeout(25)
        return self.panel()

    def suggestions(self, tries: int = 100) -> list[str]:
        for _ in range(tries):
            if self.page.is_visible("#suggestions li[role=option]"):
                break
            self.page.wait_for_timeout(25)
        return [li.text_content() for li in self.page.query_selector_all("#suggestions li")]

    def goto_hash(self, fragment: str) -> None:
        self.page.goto(self.url + fragment)
        self.settle()

    def hover(self, js_point: str) -> str:
        """Move the mouse to a canvas point (JS expression) and return the tooltip text."""
        # First to a blank corner of the drawing, so an earlier tooltip hides.
        self.page.mouse.move(*self.js("(r => [r.right - 3, r.bottom - 3])(document."
                                      "getElementById('network').getBoundingClientRect())"))
        self.page.wait_for_selector("div.vis-tooltip", state="hidden")
        self.page.mouse.move(*self.point(js_point))
        return self.page.wait_for_selector("div.vis-tooltip", state="visible").text_content()

    def in_view(self, node: str) -> bool:
        x, y = self.node_point(node)
        box = self.js("(r => [r.left, r.top, r.right, r.bottom])"
                      "(document.getElementById('network').getBoundingClientRect())")
        return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def open_url(browser, url: str) -> Opened:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    opened = Opened(page=page, url=url.split("#")[0])
    page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    # If a payload ever ran, alert() would leave this mark as well as a dialog.
    page.add_init_script("window.alert = (m) => { window.__pwned = String(m); };")
    page.goto(url)
    # The scripts are inline, so by the load event the explorer exists (or failed).
    assert page.evaluate("typeof window.graphbuild") == "object", opened.errors
    opened.settle()
    return opened


def open_page(browser, graph, folder: Path, **options) -> Opened:
    """Write the single-file page of `graph` into `folder` and open it."""
    path = folder / "graph.html"
    write_atomic(path, render_html(graph, **options))
    return open_url(browser, path.as_uri())


def local_only(opened: Opened, folder: Path) -> bool:
    return all(u.startswith(folder.as_uri() + "/") or u.startswith("data:")
               for u in opened.requests)


@pytest.fixture
def opened(browser, films_graph, tmp_path):
    o = open_page(browser, films_graph, tmp_path)
    yield o
    assert o.errors == [] and o.dialogs == []
    assert local_only(o, tmp_path), o.requests
    o.page.close()


def test_overview_draws_one_node_per_film_linked_by_shared_people(opened, tmp_path):
    assert opened.drawn() == DOCUMENTED
    assert opened.counts() == (4, 2)
    assert opened.page.text_content("#counts") == (
        "4 films, 2 links shown; 1 film known only from mentions not shown")
    assert "4 films" in opened.panel()
    opened.page.check("#mentioned")
    opened.settle()
    assert opened.drawn() == DOCUMENTED | {"film/old-classic-1950"}
    assert opened.counts() == (5, 3)
    assert opened.hash() == "#filters=mentioned"
    shot = tmp_path / "overview.png"
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_a_capped_overview_says_so_and_draws_the_best_known(browser, films_graph, tmp_path):
    o = open_page(browser, films_graph, tmp_path, top=2)
    try:
        assert o.drawn() == {TEST_FILM, "film/another-film-2005"}
        assert o.page.is_visible("#banner")
        assert o.page.text_content("#banner") == (
            "Drawing the 2 films the graph knows most about, of 4 that pass the filters; "
            "narrow them by genre or decade, or search.")
        film = o.js(f"GB.data.byId[{TEST_FILM!r}]")
        at = o.js(f"graphbuildNetwork.getPosition({TEST_FILM!r})")  # vis rounds to pixels
        assert abs(at["x"] - film["dx"]) < 1 and abs(at["y"] - film["dy"]) < 1
        assert (film["dx"], film["dy"]) != (film["x"], film["y"])
        o.page.fill("#search", "third")
        assert o.suggestions()[0] == "Third Film \u2014 film, 1987"
        o.page.press("#search", "Enter")
        o.settle()
        # Third Film and the films it is linked to are drawn too, Third Film
        # beside Another Film, with which it shares Carl Cast.
        assert o.drawn() == {TEST_FILM, "film/another-film-2005", "film/third-film-1987"}
        third = o.js("graphbuildNetwork.getPosition('film/third-film-1987')")
        other = o.js("graphbuildNetwork.getPosition('film/another-film-2005')")
        assert abs(third["x"] - other["x"]) < 200 and abs(third["y"] - other["y"]) < 200
        assert o.errors == []
    finally:
        o.page.close()


def test_genre_and_decade_filters_narrow_the_overview(opened):
    opened.page.select_option("#genre-filter", "drama")
    opened.settle()
    assert opened.drawn() == {TEST_FILM, "film/third-film-1987"}
    opened.page.select_option("#decade-filter", "1980")
    opened.settle()
    assert opened.drawn() == {"film/third-film-1987"}
    assert opened.hash() == "#filters=genre:drama,decade:1980"
    opened.page.select_option("#genre-filter", "")
    opened.page.select_option("#decade-filter", "")
    opened.settle()
    assert opened.drawn() == DOCUMENTED


def test_click_shows_a_films_summary_and_double_click_opens_its_story_graph(opened):
    opened.page.mouse.click(*opened.node_point(TEST_FILM))
    opened.settle()
    panel = opened.wait_panel("Linked films")
    assert panel.startswith("The Test Film (1999)")
    assert "Linked films (2)" in panel and "Another Film (2005)Ann Actor" in panel
    assert "Old Classic (1950) mentioned 1 time in the other's documents" in panel
    assert opened.hash() == f"#node={TEST_FILM}"
    opened.page.mouse.dblclick(*opened.node_point(TEST_FILM))
    opened.settle()
    assert opened.hash() == "#film=the-test-film-1999"
    assert opened.drawn() == {TEST_FILM, "person/ann-actor", "person/bob-actor",
                              "character/the-test-film-1999/tom-smith",
                              "character/the-test-film-1999/eve-smith",
                              "character/the-test-film-1999/x-script",
                              "organization/the-test-film-1999/the-agency"}
    assert opened.page.text_content("#crumbs") == "All films\u203aThe Test Film"
    panel = opened.panel()
    assert "genre Drama" in panel  # an attribute in the panel, not a hub node
    opened.page.click("#crumbs button >> text=All films")
    opened.settle()
    assert opened.drawn() == DOCUMENTED


def test_the_detail_panel_shows_a_facts_evidence_and_works_by_keyboard(opened):
    opened.goto_hash("#film=the-test-film-1999")
    opened.page.mouse.click(*opened.edge_point("statement/f7"))
    opened.settle()
    assert opened.hash() == "#film=the-test-film-1999&edge=statement/f7"
    panel = opened.wait_panel("Evidence")
    assert panel.startswith("Tom Smith \u2014 spouseOf \u2192 Eve Smith")
    assert "Tom Smith (Ann Actor) is married to Eve." in panel
    assert ("plot.txt \u00b7 characters 0\u201340 \u00b7 rule story.verb.v1 \u00b7 "
            "confidence 0.80") in panel
    assert "https://w3id.org/graphbuild/id/statement/f7" in panel
    # Every fact links to its ends: Tab to one and press Enter.
    opened.page.focus("#details button")
    assert opened.js("document.activeElement.textContent") == "Tom Smith"
    opened.page.keyboard.press("Enter")
    opened.settle()
    assert opened.hash() == "#film=the-test-film-1999&node=character/the-test-film-1999/tom-smith"
    panel = opened.wait_panel("Names")
    assert panel.startswith("Tom Smith") and "Mr. Smith" in panel and "Story (" in panel
    assert opened.js("graphbuildNetwork.getSelectedNodes()") == [
        "character/the-test-film-1999/tom-smith"]
    opened.page.keyboard.press("Escape")
    opened.settle()
    assert opened.hash() == "#film=the-test-film-1999"


def test_search_picks_a_character_and_fits_it_with_its_neighbours(opened):
    opened.page.click("#search")
    opened.page.keyboard.type("eve")
    found = opened.suggestions()
    assert found[0] == "Eve Smith \u2014 character in The Test Film"
    opened.page.keyboard.press("Enter")
    opened.settle()
    eve = "character/the-test-film-1999/eve-smith"
    assert opened.hash() == f"#film=the-test-film-1999&node={eve}"
    assert opened.js("graphbuildNetwork.getSelectedNodes()") == [eve]
    neighbours = opened.js(f"graphbuildNetwork.getConnectedNodes({eve!r})")
    assert "character/the-test-film-1999/tom-smith" in neighbours
    assert all(opened.in_view(n) for n in [eve, *neighbours])
    assert not opened.in_view("person/bob-actor")  # fitted to Eve's part, not the whole film


def test_search_picks_a_person_whose_page_lists_films_and_roles(opened):
    opened.page.fill("#search", "ann act")
    assert opened.suggestions()[0] == "Ann Actor \u2014 person"
    opened.page.press("#search", "Enter")
    opened.settle()
    assert opened.hash() == "#node=person/ann-actor"
    panel = opened.wait_panel("Films and roles")
    assert panel.startswith("Ann ActorPerson \u00b7 in 2 films")
    assert "The Test Film (1999)castMemberplays Tom Smith" in panel
    assert "Another Film (2005)castMember" in panel
    assert sorted(opened.js("graphbuildNetwork.getSelectedNodes()")) == [
        "film/another-film-2005", TEST_FILM]
    # A role opens the film on the character.
    opened.page.click("#details button >> text=Tom Smith")
    opened.settle()
    assert opened.hash() == "#film=the-test-film-1999&node=character/the-test-film-1999/tom-smith"


def test_the_view_is_in_the_url_and_back_and_forward_restore_it(browser, films_graph, tmp_path):
    path = tmp_path / "graph.html"
    write_atomic(path, render_html(films_graph))
    fragment = ("#film=another-film-2005&node=character/another-film-2005/villain"
                "&filters=relations:open.production.story")
    o = open_url(browser, path.as_uri() + fragment)
    try:
        assert o.hash() == fragment  # read and written back the same
        assert o.wait_panel("Names").startswith("Villain")
        assert o.page.is_checked("input[data-group=open]")
        assert not o.page.is_checked("input[data-group=other]")
        assert o.js("graphbuildNetwork.getSelectedNodes()") == ["character/another-film-2005/villain"]
        o.page.click("#crumbs button >> text=All films")
        o.settle()
        assert o.hash() == "#filters=relations:open.production.story"
        assert o.drawn() == DOCUMENTED
        o.page.go_back()
        o.settle()
        assert o.hash() == fragment
        assert o.wait_panel("Names").startswith("Villain")
        assert o.drawn() == {"film/another-film-2005", "character/another-film-2005/villain",
                             "person/carl-cast", "person/ann-actor"}
        o.page.go_forward()
        o.settle()
        assert o.drawn() == DOCUMENTED
        assert o.errors == [] and local_only(o, tmp_path)
    finally:
        o.page.close()


def test_injection_payloads_show_as_text_and_never_run(opened):
    evil = "character/the-test-film-1999/x-script"
    opened.goto_hash(f"#film=the-test-film-1999&node={evil}&filters=relations:open.other."
                     "production.story")
    panel = opened.wait_panel("Names")
    assert panel.startswith("<script>alert('name')</script>")
    assert "<img src=x onerror=alert(1)>" in panel
    opened.page.click("#details summary")
    assert "<script>alert('evidence')</script>" in opened.panel()
    opened.goto_hash("#film=the-test-film-1999&edge=statement/f9&filters=relations:open.other."
                     "production.story")  # the open fact, whose sentence holds an <img>
    assert opened.js("graphbuildNetwork.getSelectedEdges()") == ["statement/f9"]
    assert "Eve visits Tom <img src=x onerror=alert('sentence')>." in opened.wait_panel("Evidence")
    opened.page.fill("#search", "script")
    assert opened.suggestions()[0].startswith("<script>alert('name')</script> \u2014")
    assert "<script>alert('name')</script>" in opened.hover(
        f"graphbuildNetwork.getPosition({evil!r})")
    opened.page.wait_for_timeout(200)
    assert opened.js("document.querySelectorAll('img, #details script, .vis-tooltip script')"
                     ".length") == 0
    assert opened.js("window.__pwned === undefined")


def test_a_folder_loads_each_films_data_when_it_is_opened(browser, films_graph, tmp_path):
    site = write_site(films_graph, tmp_path / "site")
    o = open_url(browser, (site / "index.html").as_uri())
    try:
        assert o.drawn() == DOCUMENTED
        assert not any("/data/" in u for u in o.requests)  # the overview needs no chunk
        o.goto_hash("#film=third-film-1987")
        assert o.drawn() == {"film/third-film-1987", "person/carl-cast"}
        film_no = o.js("GB.data.bySlug['third-film-1987'].index")
        assert (site / "data" / "film" / f"{film_no}.js").as_uri() in o.requests
        o.page.fill("#search", "carl")
        assert o.suggestions()[0] == "Carl Cast \u2014 person"
        assert (site / "data" / "search" / "ca.js").as_uri() in o.requests
        o.page.press("#search", "Enter")  # Carl is in this film: selected here
        o.settle()
        assert o.hash() == "#film=third-film-1987&node=person/carl-cast"
        o.page.click("#details button >> text=All films and roles")
        o.settle()
        assert "Another Film (2005)castMemberplays Villain" in o.wait_panel("Films and roles")
        assert (site / "data" / "entity" / "0.js").as_uri() in o.requests
        assert o.errors == [] and o.dialogs == [] and local_only(o, site)
        # A data file gone missing is said in the panel, not thrown.
        (site / "data" / "film" / "1.js").unlink()
        o.goto_hash(f"#film={o.js('GB.data.films[1].slug')}")
        assert "could not load data/film/1.js" in o.wait_panel("could not load")
    finally:
        o.page.close()


def test_slash_focuses_search_and_arrow_keys_choose_a_suggestion(opened):
    opened.page.focus("#details")
    opened.page.keyboard.press("/")
    assert opened.js("document.activeElement.id") == "search"
    opened.page.keyboard.type("smi")
    found = opened.suggestions()
    assert len(found) >= 2
    opened.page.keyboard.press("ArrowDown")
    second = opened.js("document.querySelector('#suggestions [aria-selected=true]').textContent")
    assert second == found[1]
    opened.page.keyboard.press("Enter")
    opened.settle()
    assert opened.js("graphbuild.state().node") is not None


def test_an_unknown_node_in_the_url_is_said_plainly(opened):
    opened.goto_hash("#film=the-test-film-1999&node=character/nobody")
    assert opened.wait_panel("holds no") == "This film holds no character/nobody"
    assert str(GBR) not in opened.hash()


@pytest.fixture
def opened_identity(browser, identity_graph, tmp_path):
    o = open_page(browser, identity_graph, tmp_path)
    yield o
    assert o.errors == [] and o.dialogs == []
    assert local_only(o, tmp_path), o.requests
    o.page.close()


def test_a_characters_panel_says_why_it_is_one_and_which_names_were_merged(opened_identity):
    o = opened_identity
    o.goto_hash("#film=the-test-film-1999")
    o.page.mouse.click(*o.node_point("character/the-test-film-1999/tom-smith"))
    o.settle()
    assert o.hash() == "#film=the-test-film-1999&node=character/the-test-film-1999/tom-smith"
    panel = o.wait_panel("names merged in")
    identity = panel[panel.index("Identity"):]
    assert ("Tom Smitha Character, decided in The Test Film"
            "followed by an actor's name in parentheses: Tom Smith (Ann Actor)") in identity
    assert "names merged inTomfirst name of the only name of the film with it: 'Tom Smith'" in identity
    # Ann Actor's other film decided too: her page lists both films' decisions.
    o.page.click("#details button >> text=Ann Actor")
    o.settle()
    assert "and 1 decision by other films' documents" in o.wait_panel("Identity")
    o.page.click("#details button >> text=see its page")
    o.settle()
    panel = o.wait_panel("credited in the cast of another-film-2005")
    assert "Ann Actora Person, decided in Another Film (2005)" in panel
    assert "credited in the cast of the-test-film-1999" in panel


def test_a_films_rejected_names_are_folded_away_and_stay_text(opened_identity):
    o = opened_identity
    o.goto_hash("#film=the-test-film-1999")
    panel = o.wait_panel("Not entities (2)")
    assert not o.page.is_visible("#details .rejected li")  # collapsed
    o.page.click("#details .rejected summary")
    assert o.page.is_visible("#details .rejected li")
    assert "<img src=x onerror=alert('rejected')>a title: <b>bold</b>" in o.panel()
    assert "Mondaya common word: monday" in panel
    assert o.js("document.querySelectorAll('#details img, #details b').length") == 0
    assert o.js("window.__pwned === undefined")


def test_a_film_only_mentioned_shows_the_document_and_sentence_that_mention_it(opened_identity):
    o = opened_identity
    o.page.check("#mentioned")
    o.settle()
    o.page.mouse.click(*o.node_point("film/old-classic-1950"))
    o.settle()
    panel = o.wait_panel("Mentioned in (1)")
    assert "mentioned in plot.txt (The Test Film (1999))" in panel
    assert "It remakes Old Classic (1950)." in panel
    assert o.drawn() >= {"film/old-classic-1950"}
    o.goto_hash("#film=old-classic-1950")
    assert o.drawn() == {"film/old-classic-1950"}  # the document is no node
    panel = o.wait_panel("Mentioned in (1)")
    assert "mentioned in plot.txt (The Test Film (1999))" in panel
    # The sentence shows without a click (its release year's evidence, the same sentence, is folded).
    assert o.page.text_content("#details li.fact:has(.doc) blockquote") == (
        "It remakes Old Classic (1950).")
    assert o.page.is_visible("#details li.fact:has(.doc) blockquote")
    o.page.click("#details button >> text=The Test Film (1999)")  # the film it is about
    o.settle()
    assert o.hash() == "#film=the-test-film-1999"


def test_a_folder_carries_identity_in_its_film_and_entity_files(browser, identity_graph, tmp_path):
    site = write_site(identity_graph, tmp_path / "site")
    assert "followed by an actor" not in (site / "index.html").read_text(encoding="utf-8")
    o = open_url(browser, (site / "index.html").as_uri() +
                 "#film=the-test-film-1999&node=character/the-test-film-1999/tom-smith")
    try:
        panel = o.wait_panel("names merged in")
        assert "followed by an actor's name in parentheses: Tom Smith (Ann Actor)" in panel
        o.goto_hash("#node=person/ann-actor")
        assert "credited in the cast of another-film-2005" in o.wait_panel("credited in the cast")
        assert (site / "data" / "entity" / "0.js").as_uri() in o.requests
        assert o.errors == [] and o.dialogs == [] and local_only(o, site)
    finally:
        o.page.close()
