"""An interactive graph page that works offline, from one rdflib Graph.

pyvis builds the vis-network nodes, edges and options; the page around them
is our own template with vis-network's JS and CSS inlined (pyvis's templates
link Bootstrap and vis-network from CDNs). A Content-Security-Policy allows
only the page's own scripts, so nothing loads from elsewhere and an injected
event handler could not run even if escaping failed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
from rdflib import Graph

from graphbuild.errors import GraphbuildError, UnknownName
from graphbuild.outputs.analysis import (
    communities,
    entity_network,
    film_subgraph,
    pagerank,
    simple_graph,
)
from graphbuild.rdf.vocab import CLASSES, SYMMETRIC, local_name

DEFAULT_LIMIT = 2000
"""Above this many entities the page draws only the most important ones."""

MAX_EVIDENCE = 5
"""Evidence items embedded per edge (the tooltip says how many more exist)."""

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

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@cache
def _asset(name: str) -> str:
    return resources.files("graphbuild").joinpath("data", "html", name).read_text("utf-8")


def script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element: '<', '>' and '&' are
    written as \\u escapes, so corpus text cannot close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"[<>&]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def find_film(net: nx.MultiDiGraph, title: str) -> str:
    """The id of the film named `title` (its label, another name, slug or IRI)."""
    films = net.graph["films"]
    if title in films:
        return title
    by_slug = [f for f in films if local_name(f) == title]
    if by_slug:
        return by_slug[0]
    wanted = title.casefold().strip()
    found = sorted(f for f in films
                   if wanted in [net.nodes[f]["label"].casefold()]
                   + [a.casefold() for a in net.nodes[f]["alt_labels"]])
    if len(found) > 1:
        raise GraphbuildError(
            f"{len(found)} films are called {title!r}; give one of their slugs instead: "
            + ", ".join(local_name(f) for f in found))
    if not found:
        raise UnknownName("film", title, sorted(set(films.values())))
    return found[0]


SPRING_LIMIT = 250
"""Graphs up to this many nodes are laid out whole (Kamada-Kawai); bigger ones
one community at a time (a layout costs the square of its node count)."""

_SPACING = 200.0  # pixels per sqrt(node) of a laid-out group


def _place(g: nx.Graph, *, even: bool) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]: Kamada-Kawai when `even` (evenly spread, but about
    1 s per 200 nodes), else a seeded spring layout."""
    if len(g) == 1:
        return {n: (0.0, 0.0) for n in g}
    if even:
        pos = nx.kamada_kawai_layout(g, pos=nx.circular_layout(g))
    else:
        pos = nx.spring_layout(g, seed=42, iterations=100)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def layout(net: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Seeded positions in pixels, so the page opens on a settled picture.

    Big graphs are split into communities, each laid out on its own and packed
    in rows, largest first; nodes without any edge share one grid."""
    simple = simple_graph(net)
    if not simple:
        return {}
    if len(simple) <= SPRING_LIMIT:
        groups = [sorted(simple)]
    else:
        groups = communities(net)
    blocks: list[tuple[float, dict[str, tuple[float, float]]]] = []
    loners = sorted(g[0] for g in groups if len(g) == 1 and simple.degree(g[0]) == 0)
    for members in groups:
        if len(members) == 1 and members[0] in loners and len(groups) > 1:
            continue
        half = max(300.0, _SPACING * math.sqrt(len(members)) / 2)
        local = _place(simple.subgraph(members), even=len(groups) == 1)
        blocks.append((2 * half + 80, {n: (x * half, y * half) for n, (x, y) in local.items()}))
    if loners and len(groups) > 1:
        cols = math.ceil(math.sqrt(len(loners)))
        step = 90.0
        blocks.append((cols * step + 80, {
            n: ((i % cols - (cols - 1) / 2) * step, (i // cols - (cols - 1) / 2) * step)
            for i, n in enumerate(loners)}))
    width = max(max(side for side, _ in blocks), math.sqrt(sum(s * s for s, _ in blocks)) * 1.15)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for side, local in blocks:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + side / 2, y + side / 2
        for n, (lx, ly) in local.items():
            pos[n] = (round(cx + lx, 1), round(cy + ly, 1))
        x, row = x + side, max(row, side)
    return pos


def film_layouts(net: nx.MultiDiGraph, films: list[str]) -> dict[str, dict[str, list[float]]]:
    """For each film, positions of its drawn nodes when the page shows that
    film alone (the whole graph's layout scatters the genres and people it
    shares with other films). Only the nodes that move are listed."""
    simple = simple_graph(net)
    found = {}
    for film in films:
        members = [n for n in net if film in net.nodes[n]["films"]]
        if not members:
            continue
        half = max(300.0, _SPACING * math.sqrt(len(members)) / 2)
        local = _place(simple.subgraph(members), even=False)
        found[film] = {n: [round(x * half, 1), round(y * half, 1)] for n, (x, y) in local.items()}
    return found


def _options(big: bool) -> dict[str, Any]:
    return {
        "physics": {"enabled": False, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                    "stabilization": {"enabled": False}},
        "layout": {"improvedLayout": False, "randomSeed": 42},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": True},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"smooth": False if big else {"type": "continuous", "roundness": 0.2},
                  "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
                  "selectionWidth": 2},
    }


def _node_size(rank: float, low: float, high: float) -> float:
    share = (rank - low) / (high - low) if high > low else 0.5
    return round(10 + 30 * math.sqrt(share), 2)


def render_html(graph: Graph, *, top: int | None = None, film: str | None = None,
                limit: int = DEFAULT_LIMIT) -> str:
    """The interactive page for `graph` as one self-contained HTML string.

    Only entities and the facts between them are drawn. With `film`, only
    that film's part of the graph; when more than `top` (default `limit`)
    nodes remain, only the `top` with the highest PageRank, and a banner says so.
    """
    from pyvis.network import Network

    net = entity_network(graph)
    title, fid = "graphbuild graph", None
    if film is not None:
        fid = find_film(net, film)
        title = f"graphbuild: {net.nodes[fid]['label']}"
        films = net.graph["films"]
        net = nx.MultiDiGraph(film_subgraph(net, fid))
        net.graph["films"] = films
    ranks = pagerank(net)
    total = net.number_of_nodes()
    cap = top if top is not None else limit
    keep = sorted(net, key=lambda n: (-ranks[n], n))[:cap]
    drawn = net.subgraph(sorted(keep))
    pos = layout(drawn)
    big = drawn.number_of_nodes() > 300
    low, high = (min(ranks[n] for n in drawn), max(ranks[n] for n in drawn)) if drawn else (0, 0)

    pv = Network(directed=True, cdn_resources="remote")
    for n, d in drawn.nodes(data=True):
        colour, shape, _ = CLASS_STYLE[d["cls"]]
        x, y = pos[n]
        pv.add_node(n, label=d["label"], shape=shape, x=x, y=y,
                    size=_node_size(ranks[n], low, high),
                    color={"background": colour, "border": "#333333",
                           "highlight": {"background": colour, "border": "#000000"},
                           "hover": {"background": colour, "border": "#000000"}},
                    cls=d["cls"], alt=d["alt_labels"], facts=d["literals"],
                    films=d["films"], why=d["why"])
    for i, (s, o, key, d) in enumerate(sorted(drawn.edges(keys=True, data=True),
                                               key=lambda e: (e[0], e[2], e[1]))):
        colour, dashed, _ = GROUP_STYLE[d["group"]]
        conf = d["confidence"]
        pv.add_edge(s, o, id=f"e{i}", label=d["property"], color={"color": colour, "opacity": 0.85},
                    dashes=dashed, width=round(1 + 2 * (conf if conf is not None else 1.0), 2),
                    arrows="" if d["property"] in SYMMETRIC else "to",
                    property=d["property"], predicate=key, group=d["group"], confidence=conf,
                    evidence=d["evidence"][:MAX_EVIDENCE], evidenceCount=len(d["evidence"]))
    pv.options = _options(big)
    nodes, edges, _, _, _, options = pv.get_network_data()

    film_ids = [fid] if fid is not None else sorted(
        {f for n in drawn for f in drawn.nodes[n]["films"]},
        key=lambda f: (net.graph["films"][f].casefold(), f))
    class_counts = {c: 0 for c in CLASSES}
    for n in drawn:
        class_counts[drawn.nodes[n]["cls"]] += 1
    group_counts: dict[str, int] = {}
    for *_, g in drawn.edges(data="group"):
        group_counts[g] = group_counts.get(g, 0) + 1
    data = {
        "total": total,
        "shown": drawn.number_of_nodes(),
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "films": [[f, net.graph["films"][f]] for f in film_ids],
        "filmLayouts": film_layouts(drawn, film_ids) if len(film_ids) > 1 else {},
        "classes": [{"name": c, "color": CLASS_STYLE[c][0], "symbol": CLASS_STYLE[c][2],
                     "count": k} for c, k in class_counts.items() if k],
        "groups": [{"name": g, "color": GROUP_STYLE[g][0], "dashed": GROUP_STYLE[g][1],
                    "checked": GROUP_STYLE[g][2], "count": group_counts.get(g, 0)}
                   for g in GROUP_STYLE if g in group_counts or g != "other"],
    }
    banner = ""
    if drawn.number_of_nodes() < total:
        banner = (f'<p id="banner" role="status">showing {drawn.number_of_nodes():d} of '
                  f"{total:d} nodes (highest PageRank); use <code>--film</code> or "
                  "<code>--top</code> to see others</p>")
    return _page(title=title, banner=banner, data=data)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _page(*, title: str, banner: str, data: dict[str, Any]) -> str:
    vis_js, app_js = _asset("vis-network.min.js"), _asset("app.js")
    for name, js in (("vis-network.min.js", vis_js), ("app.js", app_js)):
        if "</script" in js.lower():  # would end the inline script early
            raise GraphbuildError(f"packaged asset {name} contains '</script'; reinstall graphbuild")
    csp = (f"default-src 'none'; script-src {_sha256(vis_js)} {_sha256(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:")
    parts = {
        "CSP": csp,
        "TITLE": html.escape(title),
        "BANNER": banner,
        "VIS_CSS": _asset("vis-network.css"),
        "PAGE_CSS": _asset("page.css"),
        "DATA": script_json(data),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    # One pass over the template, so text inserted for one slot is never
    # searched for another slot's marker.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], _asset("page.html"))
