"""The explorer page: an overview of the films, each film's story graph on
demand, a detail panel with every fact's evidence, search, and the view in
the URL. It works offline, from a file.

`render_html` writes one self-contained page with every chunk of data
inlined (fine up to a few thousand films); `write_site` writes a folder: the
page (index.html) with the overview inlined, and one small script per chunk
under data/ that the page adds when a reader opens a film or searches a name
(browsers do not fetch() file:// URLs, but they run <script src>). The page
draws with vis-network, inlined too. Its Content-Security-Policy allows only
the page's own scripts, by hash; a folder's page adds 'strict-dynamic', so
the data scripts those scripts add run and nothing else does.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph

from graphbuild.assemble.files import replace_dir, write_atomic
from graphbuild.errors import GraphbuildError, UnknownName
from graphbuild.outputs.explorer import DEFAULT_TOP, Site, build_site, documented_films
from graphbuild.outputs.facts import Facts, read_facts
from graphbuild.rdf.vocab import CLASSES, SYMMETRIC, local_name

CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    "Film": ("#E69F00", "star", "\u2605"),
    "Person": ("#56B4E9", "square", "\u25a0"),
    "Character": ("#009E73", "dot", "\u25cf"),
    "Organization": ("#CC79A7", "triangle", "\u25b2"),
    "Place": ("#F0E442", "triangleDown", "\u25bc"),
    "Award": ("#D55E00", "hexagon", "\u2b22"),
    "Genre": ("#0072B2", "diamond", "\u25c6"),
}
"""Class -> (colour, vis-network shape, legend symbol); Okabe-Ito colours."""

GROUP_STYLE: dict[str, tuple[str, bool, bool]] = {
    "production": ("#9a9a9a", False, True),
    "story": ("#c0392b", False, True),
    "open": ("#8e44ad", True, False),
    "other": ("#34495e", False, True),
}
"""Relation group -> (edge colour, dashed, shown at first)."""

SCRIPTS = ("explorer-data.js", "explorer-panel.js", "explorer-app.js")
"""The page's own scripts, in the order they run (after vis-network)."""

MAX_INLINE_BYTES = 64 << 20
"""A single-file page bigger than this is refused: write a folder instead."""

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@cache
def _asset(name: str) -> str:
    return resources.files("graphbuild").joinpath("data", "html", name).read_text("utf-8")


def script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element: '<', '>' and '&' are
    written as \\u escapes, so corpus text cannot close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"[<>&]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def _facts(source: Graph | Facts | str | Path) -> Facts:
    return source if isinstance(source, Facts) else read_facts(source)


def find_film(facts: Facts, title: str) -> str:
    """The id of the film named `title` (its label, another name, slug or IRI)."""
    if title in facts.films:
        return title
    by_slug = [f for f in facts.films if local_name(f) == title]
    if by_slug:
        return by_slug[0]
    wanted = title.casefold().strip()
    found = sorted(f for f in facts.films
                   if wanted in [facts.entities[f].label.casefold()]
                   + [a.casefold() for a in facts.entities[f].alt_labels])
    if len(found) > 1:
        raise GraphbuildError(
            f"{len(found)} films are called {title!r}; give one of their slugs instead: "
            + ", ".join(local_name(f) for f in found))
    if not found:
        raise UnknownName("film", title, sorted({facts.entities[f].label for f in facts.films}))
    return found[0]


def explore(source: Graph | Facts | str | Path, *, top: int | None = None,
            film: str | None = None) -> Site:
    """The explorer's data for a graph (an rdflib Graph, `Facts`, or an RDF
    file): `top` films drawn at once in the overview, opening on `film`."""
    facts = _facts(source)
    start = find_film(facts, film) if film is not None else None
    n = len(documented_films(facts))
    title = f"graphbuild: {n:,} film" + ("" if n == 1 else "s")
    site = build_site(facts, title=title, top=top or DEFAULT_TOP)
    site.overview["start"] = local_name(start) if start else ""
    site.overview["classes"] = [{"name": c, "color": CLASS_STYLE[c][0], "shape": CLASS_STYLE[c][1],
                                 "symbol": CLASS_STYLE[c][2]} for c in CLASSES]
    site.overview["symmetric"] = sorted(SYMMETRIC)
    site.overview["groups"] = [{"name": g, "color": c, "dashed": d, "checked": on}
                               for g, (c, d, on) in GROUP_STYLE.items()]
    return site


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _page(site: Site, *, inline: bool) -> str:
    scripts = [("vis-network.min.js", _asset("vis-network.min.js"))]
    scripts += [(name, _asset(name)) for name in SCRIPTS]
    for name, js in scripts:
        if "</script" in js.lower():  # would end the inline script early
            raise GraphbuildError(f"packaged asset {name} contains '</script'; reinstall graphbuild")
    hashes = " ".join(_sha256(js) for _, js in scripts)
    loads = "" if inline else " 'strict-dynamic'"
    csp = (f"default-src 'none'; script-src {hashes}{loads}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; "
           "form-action 'none'")
    data = {"mode": "inline" if inline else "files", "overview": site.overview,
            "chunks": site.chunks if inline else None}
    parts = {
        "CSP": csp,
        "TITLE": html.escape(site.overview["title"]),
        "VIS_CSS": _asset("vis-network.css"),
        "PAGE_CSS": _asset("page.css"),
        "DATA": script_json(data),
        "SCRIPTS": "\n".join(f"<script>{js}</script>" for _, js in scripts),
    }
    # One pass over the template, so text inserted for one slot is never
    # searched for another slot's marker.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], _asset("page.html"))


def render_html(source: Graph | Facts | str | Path, *, top: int | None = None,
                film: str | None = None) -> str:
    """The explorer as one self-contained HTML string, every chunk inlined."""
    page = _page(explore(source, top=top, film=film), inline=True)
    if len(page) > MAX_INLINE_BYTES:
        raise GraphbuildError(
            f"the page would be {len(page) / 2**20:.0f} MB in one file; write a folder "
            "instead (give --out a path without .html), whose page loads each film's "
            "data when it is opened")
    return page


def chunk_script(name: str, value: Any) -> str:
    """The data script of one chunk: it hands the chunk to the page."""
    return f"graphbuildChunk({script_json(name)},{script_json(value)});\n"


def write_site(source: Graph | Facts | str | Path, out: str | Path, *, top: int | None = None,
               film: str | None = None) -> Path:
    """Write the explorer as a folder: index.html and data/<chunk>.js, into a
    temporary sibling first, then renamed over `out` (a folder this wrote
    before, or a new or empty one)."""
    target = Path(out)
    ours = (target / "index.html").is_file() and (target / "data").is_dir()
    if target.exists() and not (target.is_dir() and (ours or not any(target.iterdir()))):
        raise GraphbuildError(
            f"{target} exists and holds no explorer graphbuild wrote; give a new or empty "
            "folder (graphbuild replaces only a folder it wrote)")
    site = explore(source, top=top, film=film)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it 0700
        (tmp / "index.html").write_text(_page(site, inline=False), encoding="utf-8")
        for name, value in site.chunks.items():
            path = tmp / "data" / f"{name}.js"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(chunk_script(name, value), encoding="utf-8")
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def write_page(source: Graph | Facts | str | Path, out: str | Path, *, top: int | None = None,
               film: str | None = None) -> Path:
    """One file when `out` ends in .html (or .htm), else a folder."""
    out = Path(out)
    if out.suffix.lower() in (".html", ".htm"):
        write_atomic(out, render_html(source, top=top, film=film))
        return out
    return write_site(source, out, top=top, film=film)

