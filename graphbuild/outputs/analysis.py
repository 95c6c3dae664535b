"""The entity network behind the picture, and the numbers about it.

`entity_network` reads one rdflib Graph into a networkx MultiDiGraph of the
entities (instances of the classes in `vocab.CLASSES`) and the facts between
them, with each fact's evidence read from its reified statement. The HTML
page, `analyze` and the GraphML / GEXF / CSV exporters all start from it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from graphbuild.assemble.files import write_atomic
from graphbuild.rdf.vocab import (
    CLASSES,
    FILM,
    GBR,
    INVERSES,
    local_name,
    relation_group,
)

SEED = 42
"""Seed of every randomised algorithm here, so the same graph gives the same output."""

# Predicates that describe a node rather than state a fact about it.
_NAMING = frozenset({RDF.type, RDFS.label, SKOS.altLabel, FILM.identity, FILM.rejectedName})
"""Predicates that name or explain an entity rather than state a fact."""


def node_id(term: Node) -> str:
    """The string id of an RDF node in the entity network."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _float(value: Node | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _evidence(graph: Graph) -> dict[tuple[Node, Node, Node], tuple[float | None, list[dict]]]:
    """(s, p, o) -> (confidence, evidence dicts) from the reified statements."""
    found: dict[tuple[Node, Node, Node], tuple[float | None, list[dict]]] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        triple = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate),
                  graph.value(st, RDF.object))
        if None in triple:
            continue
        conf = _float(graph.value(st, FILM.confidence))
        items = []
        for ev in sorted(graph.objects(st, PROV.wasDerivedFrom)):
            doc = graph.value(ev, PROV.wasQuotedFrom)
            items.append({
                "sentence": str(graph.value(ev, FILM.sentence) or ""),
                "document": str(graph.value(doc, RDFS.label) or doc or "") if doc is not None else "",
                "rule": str(graph.value(ev, FILM.rule) or ""),
                "confidence": _float(graph.value(ev, FILM.confidence)),
            })
        old_conf, old_items = found.get(triple, (None, []))
        if conf is None:
            conf = old_conf
        elif old_conf is not None:
            conf = max(conf, old_conf)
        found[triple] = (conf, old_items + items)
    for triple, (conf, items) in found.items():
        if conf is None:
            confs = [e["confidence"] for e in items if e["confidence"] is not None]
            found[triple] = (max(confs) if confs else None, items)
    return found


def _film_scope(iri: str, film_slugs: dict[str, str]) -> str | None:
    """The film an IRI is scoped by (``gbr:<kind>/<film-slug>/<slug>``), if any."""
    if not iri.startswith(str(GBR)):
        return None
    parts = iri[len(str(GBR)):].split("/")
    if len(parts) >= 3 and parts[0] != "film":
        return film_slugs.get(parts[1])
    return None


def entity_network(graph: Graph) -> nx.MultiDiGraph:
    """The entities of `graph` and the facts between them.

    Node attributes: ``label``, ``cls`` (class local name), ``alt_labels``,
    ``literals`` (``[property, value]`` pairs such as releaseYear), ``films``
    (ids of the films the node belongs to). Edge key is the predicate IRI;
    attributes: ``property`` (local name), ``group`` (production, story, open,
    other), ``confidence`` (None when the fact has no provenance) and
    ``evidence`` (dicts with sentence, document, rule, confidence).
    ``net.graph["films"]`` maps film ids to labels.
    """
    net = nx.MultiDiGraph()
    classes = {FILM[c]: c for c in CLASSES}
    entity_terms: dict[Node, str] = {}
    for cls_iri, cls in classes.items():
        for s in graph.subjects(RDF.type, cls_iri):
            if s not in entity_terms:  # first class in CLASSES order wins
                entity_terms[s] = cls
            elif CLASSES.index(cls) < CLASSES.index(entity_terms[s]):
                entity_terms[s] = cls
    for term in sorted(entity_terms, key=node_id):
        nid = node_id(term)
        label = graph.value(term, RDFS.label)
        alts = sorted(str(a) for a in graph.objects(term, SKOS.altLabel))
        net.add_node(nid, label=str(label) if label is not None else local_name(nid),
                     cls=entity_terms[term], alt_labels=alts, literals=[], films=[],
                     why=identity(graph, term))

    evidence = _evidence(graph)
    for s in sorted(entity_terms, key=node_id):
        for p, o in sorted(graph.predicate_objects(s)):
            if p in _NAMING:
                continue
            if isinstance(o, Literal):
                net.nodes[node_id(s)]["literals"].append([local_name(str(p)), str(o)])
            elif o in entity_terms:
                conf, items = evidence.get((s, p, o), (None, []))
                net.add_edge(node_id(s), node_id(o), key=str(p),
                             property=local_name(str(p)), group=relation_group(str(p)),
                             confidence=conf, evidence=items)

    films = {nid: net.nodes[nid]["label"] for nid in net if net.nodes[nid]["cls"] == "Film"}
    net.graph["films"] = films
    _assign_films(net, films)
    return net


def identity(graph: Graph, term: Node, limit: int = 8) -> list[str]:
    """Why an entity is what it is, in short lines: the evidence of its
    identity decisions and each merged name with why ('Sam: first name of ...')."""
    reasons: list[str] = []
    merged: list[str] = []
    decisions = sorted(graph.objects(term, FILM.identity))
    for d in decisions:
        # a person named by several films: say which film's documents showed what
        film = graph.value(graph.value(d, FILM.decidedIn), RDFS.label) if len(decisions) > 1 else None
        where = f"{film}: " if film else ""
        reasons += sorted(where + str(r) for r in graph.objects(d, FILM.decidedBy))
        for m in sorted(graph.objects(d, FILM.mergedName)):
            name = graph.value(m, FILM.name)
            merged += [f"{where}{name}: {why}"
                       for why in sorted(map(str, graph.objects(m, FILM.decidedBy)))]
    lines = list(dict.fromkeys(reasons)) + list(dict.fromkeys(merged))
    return lines[:limit] + ([f"... {len(lines) - limit} more"] if len(lines) > limit else [])


def _assign_films(net: nx.MultiDiGraph, films: dict[str, str]) -> None:
    """Give each node the films it belongs to: the film itself, the nodes next
    to it, the nodes scoped by it (characters), and the nodes next to those."""
    slugs = {local_name(f): f for f in films}
    members: dict[str, set[str]] = {f: {f} for f in films}
    for nid in net:
        film = _film_scope(nid, slugs)
        if film is not None:
            members[film].add(nid)
    for s, o, key in net.edges(keys=True):
        # characterIn and the like point at the film; treat them as the forward form.
        if local_name(key) in INVERSES:
            s, o = o, s
        if s in films:
            members[s].add(o)
        if o in films:
            members[o].add(s)
    for film, core in members.items():
        scoped = [n for n in core if _film_scope(n, slugs) == film]
        for n in scoped:
            core.update(net.predecessors(n))
            core.update(net.successors(n))
    for film in sorted(members):
        for n in sorted(members[film]):
            net.nodes[n]["films"].append(film)


def simple_graph(net: nx.MultiDiGraph) -> nx.Graph:
    """The network as an undirected graph without parallel edges or loops."""
    simple = nx.Graph()
    simple.add_nodes_from(net)
    simple.add_edges_from((s, o) for s, o in net.edges() if s != o)
    return simple


def pagerank(net: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank of each node on the undirected simple graph (hubs such as a
    film rank high whichever way its facts point)."""
    simple = simple_graph(net)
    if simple.number_of_nodes() == 0:
        return {}
    return nx.pagerank(simple)


def film_subgraph(net: nx.MultiDiGraph, film: str) -> nx.MultiDiGraph:
    """The part of the network that belongs to one film (by film id)."""
    return net.subgraph([n for n in net if film in net.nodes[n]["films"]])


def communities(net: nx.MultiDiGraph) -> list[list[str]]:
    """Louvain communities of the undirected network (seeded), largest first."""
    simple = simple_graph(net)
    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(simple, seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def analyze(graph: Graph, *, central: int = 5) -> dict[str, Any]:
    """Counts per class and property, the `central` most central characters of
    each film (PageRank within the film's part of the network) and communities."""
    net = entity_network(graph)
    ranks = pagerank(net)
    classes = {c: 0 for c in CLASSES}
    for n in net:
        classes[net.nodes[n]["cls"]] += 1
    properties: dict[str, int] = {}
    entity_terms = {URIRef(n) for n in net if not n.startswith("_:")}
    for s, p, _ in graph:
        if s in entity_terms and p not in _NAMING:
            name = graph.namespace_manager.normalizeUri(p)
            properties[name] = properties.get(name, 0) + 1

    central_characters = {}
    for film, title in sorted(net.graph["films"].items(), key=lambda kv: (kv[1], kv[0])):
        sub = film_subgraph(net, film)
        sub_ranks = pagerank(sub)
        chars = [n for n in sub if sub.nodes[n]["cls"] == "Character"]
        chars.sort(key=lambda n: (-sub_ranks[n], sub.nodes[n]["label"], n))
        central_characters[film] = {
            "film": title,
            "characters": [{"id": n, "label": sub.nodes[n]["label"],
                            "pagerank": round(sub_ranks[n], 6),
                            "degree": sub.degree(n)} for n in chars[:central]],
        }

    found = communities(net)
    return {
        "entities": net.number_of_nodes(),
        "facts": net.number_of_edges(),
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "documents": len(set(graph.subjects(RDF.type, FILM.Document))),
        "classes": classes,
        "properties": dict(sorted(properties.items(), key=lambda kv: (-kv[1], kv[0]))),
        "central_characters": central_characters,
        "communities": [
            {"size": len(c),
             "members": [net.nodes[n]["label"]
                         for n in sorted(c, key=lambda n: (-ranks[n], n))]}
            for c in found
        ],
    }


def format_table(report: dict[str, Any], *, width: int = 8) -> str:
    """`analyze`'s report as plain text; community member lists are cut to `width`."""
    lines = [f"{report['entities']} entities, {report['facts']} facts between them, "
             f"{report['statements']} statements, {report['documents']} documents", "",
             "Entities per class"]
    lines += [f"  {c:<14}{n:>7}" for c, n in report["classes"].items()]
    lines += ["", "Triples per property"]
    pad = max((len(p) for p in report["properties"]), default=0) + 2
    lines += [f"  {p:<{pad}}{n:>7}" for p, n in report["properties"].items()]
    lines += ["", "Most central characters per film"]
    for item in report["central_characters"].values():
        names = ", ".join(f"{c['label']} ({c['pagerank']:.3f})" for c in item["characters"])
        lines.append(f"  {item['film']}: {names or '(no characters)'}")
    lines += ["", f"Communities ({len(report['communities'])})"]
    for i, c in enumerate(report["communities"], 1):
        more = f", ... (+{c['size'] - width})" if c["size"] > width else ""
        lines.append(f"  {i}. {c['size']} nodes: {', '.join(c['members'][:width])}{more}")
    return "\n".join(lines) + "\n"


def flat_network(graph: Graph) -> nx.MultiDiGraph:
    """The entity network with only scalar attributes, as GraphML, GEXF and
    CSV need: lists joined with '|', PageRank and community number added."""
    net = entity_network(graph)
    ranks = pagerank(net)
    community_of = {n: i for i, c in enumerate(communities(net)) for n in c}
    flat = nx.MultiDiGraph()
    for n, d in net.nodes(data=True):
        flat.add_node(n, label=d["label"], type=d["cls"],
                      altLabels="|".join(d["alt_labels"]),
                      films="|".join(net.graph["films"][f] for f in d["films"]),
                      facts="|".join(f"{p}={v}" for p, v in d["literals"]),
                      why="|".join(d["why"]),
                      pagerank=round(ranks.get(n, 0.0), 8),
                      community=community_of.get(n, -1))
    for s, o, key, d in net.edges(keys=True, data=True):
        attrs = {"property": d["property"], "predicate": key, "group": d["group"],
                 "evidence": len(d["evidence"]),
                 "sentence": d["evidence"][0]["sentence"] if d["evidence"] else ""}
        if d["confidence"] is not None:
            attrs["confidence"] = d["confidence"]
        flat.add_edge(s, o, key=key, **attrs)
    return flat


def write_graphml(graph: Graph, path: str | Path) -> Path:
    """Write the entity network as GraphML (yEd, Gephi, Cytoscape)."""
    path = Path(path)
    write_atomic(path, "\n".join(nx.generate_graphml(flat_network(graph))) + "\n")
    return path


def write_gexf(graph: Graph, path: str | Path) -> Path:
    """Write the entity network as GEXF (Gephi)."""
    path = Path(path)
    write_atomic(path, "\n".join(nx.generate_gexf(flat_network(graph))) + "\n")
    return path


NODE_COLUMNS = ("id", "label", "type", "altLabels", "films", "facts", "pagerank", "community")
EDGE_COLUMNS = ("source", "target", "property", "predicate", "group", "confidence",
                "evidence", "sentence")


def write_csv(graph: Graph, folder: str | Path) -> list[Path]:
    """Write nodes.csv and edges.csv of the entity network into `folder`."""
    folder = Path(folder)
    flat = flat_network(graph)
    nodes, edges = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(NODE_COLUMNS)
    for n, d in flat.nodes(data=True):
        w.writerow([n] + [d[c] for c in NODE_COLUMNS[1:]])
    w = csv.writer(edges, lineterminator="\n")
    w.writerow(EDGE_COLUMNS)
    for s, o, d in flat.edges(data=True):
        w.writerow([s, o] + [d.get(c, "") for c in EDGE_COLUMNS[2:]])
    written = [folder / "nodes.csv", folder / "edges.csv"]
    write_atomic(written[0], nodes.getvalue())
    write_atomic(written[1], edges.getvalue())
    return written
