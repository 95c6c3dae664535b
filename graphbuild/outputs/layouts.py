"""Seeded positions for the explorer's two drawings, in pixels.

The overview packs communities of films side by side, each laid out on its
own; a film's story graph puts the film on top, its crew and uncast people
in rows under it, and its characters below, each actor beside the character
they play. Every graph handed to networkx here is built with its nodes and
edges in sorted order (a subgraph view iterates a set, whose order changes
with Python's hash seed), so the same graph always gives the same positions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable

import networkx as nx

Point = tuple[float, float]

EVEN_GROUPS = 40
"""When the overview has at most this many groups of linked films, each is
laid out with Kamada-Kawai (evenly spread, but a tenth of a second or more
per group); else, and for story graphs, with a seeded spring layout."""
EVEN_LIMIT = 250
"""Kamada-Kawai's cost grows with the square of the nodes: bigger groups get springs."""
GROUP_LIMIT = 300
"""A connected group of films bigger than this is cut into communities (and
those again) of at most this many, each laid out on its own: networkx's
spring layout of thousands of nodes costs minutes and gigabytes."""
SPREAD_LIMIT = 2000
"""Groups up to this many nodes are spread so that labels do not overlap."""

SEED = 42
ACTOR_GAP = 150.0
"""How far right of its character an actor is drawn."""


def ordered_graph(nodes: Iterable[str], edges: Iterable[tuple[str, str, float]]) -> nx.Graph:
    """An undirected graph with its nodes and weighted edges added in sorted
    order, without loops; parallel edges add their weights."""
    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    for a, b, w in sorted(edges):
        if a == b:
            continue
        if g.has_edge(a, b):
            g[a][b]["weight"] += w
        else:
            g.add_edge(a, b, weight=w)
    return g


def _unit(g: nx.Graph, even: bool = False) -> dict[str, Point]:
    """Positions of a connected graph in about [-1, 1]."""
    if len(g) == 1:
        return {n: (0.0, 0.0) for n in g}
    if len(g) == 2:
        a, b = list(g)
        return {a: (-1.0, 0.0), b: (1.0, 0.0)}
    if even and len(g) <= EVEN_LIMIT:
        pos = nx.kamada_kawai_layout(g, pos=nx.circular_layout(g), weight=None)
    else:
        pos = nx.spring_layout(g, seed=SEED, iterations=100 if len(g) <= 60 else 40,
                               weight="weight")
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


Room = dict[str, tuple[float, float]]
"""Node -> half the width and half the height it needs (its shape and the
label under it)."""


def _spread(pos: dict[str, Point], room: Room | tuple[float, float], rounds: int = 400) -> None:
    """Push apart nodes whose rooms overlap, each pair along the axis that
    needs the smaller move, all pairs at once per round, until none overlap
    (or `rounds` pass)."""
    import numpy as np

    names = sorted(pos)
    n = len(names)
    if n < 2 or n > SPREAD_LIMIT:
        return
    xy = np.array([pos[k] for k in names], dtype=float)
    half = np.array([room if isinstance(room, tuple) else room[k] for k in names], dtype=float)
    need_x = half[:, 0][:, None] + half[:, 0][None, :]
    need_y = half[:, 1][:, None] + half[:, 1][None, :]
    later = np.triu(np.ones((n, n), dtype=bool), 1)  # tie-break for nodes on one spot
    for _ in range(rounds):
        dx = xy[:, 0][None, :] - xy[:, 0][:, None]      # dx[i, j] = x[j] - x[i]
        dy = xy[:, 1][None, :] - xy[:, 1][:, None]
        over_x, over_y = need_x - np.abs(dx), need_y - np.abs(dy)
        clash = (over_x > 1e-6) & (over_y > 1e-6)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        sideways = over_x / need_x < over_y / need_y
        sx = np.where(dx != 0, np.sign(dx), np.where(later, 1.0, -1.0))
        sy = np.where(dy != 0, np.sign(dy), np.where(later, 1.0, -1.0))
        # Each node of a clashing pair moves half the overlap away from the other.
        move_x = np.where(clash & sideways, over_x / 2 * sx, 0.0)
        move_y = np.where(clash & ~sideways, over_y / 2 * sy, 0.0)
        xy[:, 0] += move_x.sum(axis=0) * 0.5 - move_x.sum(axis=1) * 0.5
        xy[:, 1] += move_y.sum(axis=0) * 0.5 - move_y.sum(axis=1) * 0.5
    for k, (x, y) in zip(names, xy):
        pos[k] = (float(x), float(y))


def _grid(names: list[str], step_x: float, step_y: float, cols: int) -> dict[str, Point]:
    """Rows of `cols`, centred on x = 0, starting at y = 0."""
    cols = max(1, min(cols, len(names)))
    return {n: ((i % cols - (cols - 1) / 2) * step_x, (i // cols) * step_y)
            for i, n in enumerate(names)}


def _bounds(pos: dict[str, Point], room: Room | None = None) -> tuple[float, float, float, float]:
    """The box around the nodes (and the room they need, when given)."""
    def half(n: str) -> tuple[float, float]:
        return room[n] if room is not None else (0.0, 0.0)

    return (min(p[0] - half(n)[0] for n, p in pos.items()), min(p[1] - half(n)[1] for n, p in pos.items()),
            max(p[0] + half(n)[0] for n, p in pos.items()), max(p[1] + half(n)[1] for n, p in pos.items()))


def pack(blocks: list[dict[str, Point]], margin: float = 120.0,
         room: Room | None = None) -> dict[str, Point]:
    """Place blocks (each with its own positions) in rows, in the order given,
    filling rows up to about the width of a square of all their areas; a
    block's box holds its nodes' `room` when given."""
    boxes = []
    for block in blocks:
        x0, y0, x1, y1 = _bounds(block, room)
        boxes.append((x1 - x0 + margin, y1 - y0 + margin, x0, y0))
    width = max(max(w for w, *_ in boxes),
                math.sqrt(sum(w * h for w, h, *_ in boxes)) * 1.2)
    pos: dict[str, Point] = {}
    x = y = row = 0.0
    for block, (w, h, x0, y0) in zip(blocks, boxes):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        for n, (px, py) in block.items():
            pos[n] = (round(x + margin / 2 + px - x0, 1), round(y + margin / 2 + py - y0, 1))
        x, row = x + w, max(row, h)
    return pos


def _block(g: nx.Graph, members: set[str], even: bool, room: Room) -> dict[str, Point]:
    """One connected group of films laid out and spread so labels have room."""
    sub = ordered_graph(members, ((a, b, d["weight"]) for a, b, d in g.edges(sorted(members), data=True)
                                  if a in members and b in members))
    half = max(100.0, 80.0 * math.sqrt(len(sub)))
    local = {n: (x * half, y * half) for n, (x, y) in _unit(sub, even).items()}
    _spread(local, room)
    return local


def _split(members: set[str], levels: list[dict[str, int]]) -> list[set[str]]:
    """`members` (a community of the coarsest level) cut into groups of at
    most GROUP_LIMIT: into the communities of the level below that it joined,
    those again while too big; below the finest level, in sorted order."""
    if len(members) <= GROUP_LIMIT:
        return [members]
    if not levels:
        ordered = sorted(members)
        return [set(ordered[i:i + GROUP_LIMIT]) for i in range(0, len(ordered), GROUP_LIMIT)]
    parts: dict[int, set[str]] = defaultdict(set)
    for n in members:
        parts[levels[-1][n]].add(n)
    if len(parts) == 1:
        return _split(members, levels[:-1])
    return [group for part in sorted(parts.values(), key=lambda c: (-len(c), min(c)))
            for group in _split(part, levels[:-1])]


def _blocks(g: nx.Graph, coarsest: list[set[str]], below: list[dict[str, int]],
            order: list[str], room: Room) -> list[dict[str, Point]]:
    """The blocks of `overview_layout` for one graph: its linked groups,
    largest first, then its loners' grid."""
    components = sorted((c for c in nx.connected_components(g) if len(c) > 1),
                        key=lambda c: (-len(c), min(c)))
    even = len(components) <= EVEN_GROUPS
    blocks = []
    for comp in components:
        if len(comp) <= EVEN_LIMIT:
            blocks.append(_block(g, comp, even, room))
            continue
        pieces = [piece for c in coarsest if not c.isdisjoint(comp)
                  for piece in _split(c & comp, below)]
        blocks.append(pack([_block(g, piece, False, room) for piece in pieces], 40.0, room))
    names = [n for n in order if n in g and g.degree(n) == 0]
    if names:
        step_x = 2 * max(room[n][0] for n in names)
        step_y = 2 * max(room[n][1] for n in names)
        blocks.append(_grid(names, step_x, step_y, math.ceil(math.sqrt(len(names) * 1.5))))
    return blocks


def overview_layout(g: nx.Graph, levels: list[list[set[str]]], order: list[str],
                    room: Room, late: set[str] = frozenset()) -> dict[str, Point]:
    """Positions of the overview's films: each connected group of `g` laid
    out whole, largest first; a group bigger than GROUP_LIMIT is cut into its
    communities (`levels`: Louvain's partitions, finest first), the big ones
    into the communities they were made of, each laid out on its own and
    packed, a community's pieces side by side. Films linked to no other
    share a grid, in `order` (the most known first). The `late` films (shown
    only on request) are laid out apart, after the others, so the films
    shown at first sit together. `room` says how much space each film's dot
    and label need."""
    if len(g) == 0:
        return {}
    coarsest = sorted((set(c) for c in levels[-1]), key=lambda c: (-len(c), min(c))) if levels else []
    below = [{n: i for i, c in enumerate(level) for n in c} for level in levels[:-1]]
    blocks = []
    for part in (set(g) - late, set(g) & late):
        if part:
            sub = ordered_graph(part, ((a, b, d["weight"]) for a, b, d in g.edges(data=True)
                                       if a in part and b in part))
            blocks += _blocks(sub, coarsest, below, order, room)
    return pack(blocks, 60.0, room)


def story_layout(film: str, nodes: list[str], edges: list[tuple[str, str]],
                 plays: list[tuple[str, str]]) -> dict[str, Point]:
    """Positions of a film's story graph.

    `nodes` are the drawn node ids, `edges` the drawn facts as (subject,
    object) pairs, `plays` the (actor, character) pairs among them. Actors
    sit under the character they play; nodes whose only edges go to the film
    (crew, cast without a known character) fill rows under the film; the
    rest (characters and whatever their story touches) are laid out by their
    relations, one connected group at a time, largest first."""
    # Actors sit ACTOR_GAP to the right of their character, a row each.
    drawn = set(nodes)
    beside: dict[str, str] = {}
    for actor, character in sorted(plays):
        if actor in drawn and character in drawn and actor not in beside and actor != film:
            beside[actor] = character
    neighbours: dict[str, set[str]] = {n: set() for n in drawn}
    for s, o in edges:
        if s in drawn and o in drawn and s != o:
            neighbours[s].add(o)
            neighbours[o].add(s)
    crew = sorted(n for n in drawn if n != film and n not in beside and neighbours[n] <= {film}
                  and neighbours[n])
    core = sorted(drawn - set(beside) - set(crew) - {film})
    story = ordered_graph(core, ((s, o, 1.0) for s, o in edges
                                 if s in core and o in core and beside.get(s) != o))
    # Room for each core node's label and the actors beside it.
    under = {c: sum(1 for a in beside if beside[a] == c) for c in core}
    wide = 200.0 + (ACTOR_GAP if beside else 0.0)
    blocks = []
    singles = []
    for comp in sorted((sorted(c) for c in nx.connected_components(story)),
                       key=lambda c: (-len(c), c[0])):
        if len(comp) == 1:
            singles.append(comp[0])
            continue
        sub = ordered_graph(comp, ((a, b, 1.0) for a, b in story.edges(comp)))
        half = 110.0 * math.sqrt(len(sub))
        local = {n: (x * half, y * half) for n, (x, y) in _unit(sub).items()}
        _spread(local, (wide / 2, 45.0 + 27.5 * max(0, max(under[n] for n in comp) - 1)))
        blocks.append(local)
    if singles:
        deepest = max(under[n] for n in singles)
        blocks.append(_grid(singles, wide, 100.0 + 55.0 * max(0, deepest - 1),
                            max(3, math.ceil(math.sqrt(len(singles))))))
    core_pos = pack(blocks, margin=140.0) if blocks else {}
    pos: dict[str, Point] = {}
    top = 0.0
    if film in drawn:
        pos[film] = (0.0, 0.0)
        top = 150.0
    if crew:
        cols = min(8, max(4, math.ceil(math.sqrt(len(crew) * 2))))
        for n, (x, y) in _grid(crew, 190.0, 80.0, cols).items():
            pos[n] = (x, top + y)
        top += 80.0 * math.ceil(len(crew) / cols) + 60.0
    if core_pos:
        x0, y0, x1, _ = _bounds(core_pos)
        for n, (x, y) in core_pos.items():
            pos[n] = (x - (x0 + x1) / 2, y - y0 + top)
    for actor, character in sorted(beside.items()):
        cx, cy = pos[character]
        k = sorted(a for a in beside if beside[a] == character).index(actor)
        pos[actor] = (cx + ACTOR_GAP, cy + 55.0 * k)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in sorted(pos.items())}
