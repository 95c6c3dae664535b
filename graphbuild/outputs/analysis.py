"""The entity network behind the picture, and the numbers about it.

`entity_network` turns one graph (read by `facts.read_facts`) into a
networkx MultiDiGraph of the entities (instances of the classes in
`vocab.CLASSES`) and the facts between them, with each fact's evidence read
from its reified statement. `analyze` and the GraphML / GEXF / CSV exporters
start from it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graphbuild.assemble.files import write_atomic
from graphbuild.outputs.facts import Facts, read_facts
from graphbuild.rdf.vocab import CLASSES, FILM, local_name, relation_group

SEED = 42
"""Seed of every randomised algorithm here, so the same graph gives the same output."""

# Predicates that describe a node rather than state a fact about it.
_NAMING = frozenset({RDF.type, RDFS.label, SKOS.altLabel})


def entity_network(graph: Graph | Facts) -> nx.MultiDiGraph:
    """The entities of `graph` and the facts between them.

    Node attributes: ``label``, ``cls`` (class local name), ``alt_labels``,
    ``literals`` (``[property, value]`` pairs such as releaseYear), ``films``
    (ids of the films the node belongs to). Edge key is the predicate IRI;
    attributes: ``property`` (local name), ``group`` (production, story, open,
    other), ``confidence`` (None when the fact has no provenance) and
    ``evidence`` (dicts with sentence, document, rule, confidence).
    ``net.graph["films"]`` maps film ids to labels.
    """
    facts = graph if isinstance(graph, Facts) else read_facts(graph)
    net = nx.MultiDiGraph()
    for nid, e in facts.entities.items():
        net.add_node(nid, label=e.label, cls=e.cls, alt_labels=list(e.alt_labels), literals=[],
                     films=list(facts.members[nid]))
    documents = facts.documents
    for f in facts.facts:
        if f.literal:
            net.nodes[f.subject]["literals"].append([local_name(f.predicate), f.object])
        elif f.object in facts.entities:
            items = [{"sentence": ev.sentence,
                      "document": documents[ev.document].label if ev.document in documents
                      else ev.document,
                      "rule": ev.rule, "confidence": ev.confidence} for ev in f.evidence]
            net.add_edge(f.subject, f.object, key=f.predicate,
                         property=local_name(f.predicate), group=relation_group(f.predicate),
                         confidence=f.confidence, evidence=items)
    net.graph["films"] = {f: facts.entities[f].label for f in sorted(facts.films)}
    return net


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
    """The part of the network that belongs to one film (by film id), its
    nodes and edges in the network's order (a subgraph view would iterate a
    set, so PageRank's sums would depend on the hash seed)."""
    keep = {n for n in net if film in net.nodes[n]["films"]}
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, net.nodes[n]) for n in net if n in keep)
    sub.add_edges_from((s, o, k, d) for s, o, k, d in net.edges(keys=True, data=True)
                       if s in keep and o in keep)
    sub.graph.update(net.graph)
    return sub


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
