"""The pipeline, top to bottom:

    read corpus -> normalize text -> parse with spaCy -> resolve mentions
    into entities (per film) -> extract relations -> map to one RDF Graph

Every output (files, queries, pages, metrics) is then a function of that Graph.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rdflib import Graph
from rdflib.namespace import RDF

from graphbuild.corpus import Problem, read_corpus
from graphbuild.mapping import merge_entities, to_graph
from graphbuild.model import Document, Entity, Parsed, Relation
from graphbuild.nlp import load_model, parse
from graphbuild.normalize import normalize
from graphbuild.relations import extract
from graphbuild.resolve import resolve
from graphbuild.vocab import CLASSES, FILM, OPEN, local_name


@dataclass
class Build:
    """What a build made: the Graph, and a report of what it read."""

    graph: Graph
    documents: list[Document]
    relations: list[Relation]
    problems: list[Problem] = field(default_factory=list)

    def report(self) -> dict:
        """Documents read, counts per class and property, and problems."""
        g = self.graph
        classes = {c: len(set(g.subjects(RDF.type, FILM[c]))) for c in CLASSES}
        props: Counter[str] = Counter()
        open_props: Counter[str] = Counter()
        for st in g.subjects(RDF.type, RDF.Statement):
            p = str(g.value(st, RDF.predicate))
            if p.startswith(str(OPEN)):
                open_props[local_name(p)] += 1
            else:
                props[local_name(p)] += 1
        return {
            "documents": len(self.documents),
            "films": classes["Film"],
            "triples": len(g),
            "facts": sum(props.values()) + sum(open_props.values()),
            "classes": classes,
            "properties": dict(sorted(props.items())),
            "open_relations": dict(sorted(open_props.items())),
            "failures": [p.as_dict() for p in self.problems if p.fatal],
            "warnings": [p.as_dict() for p in self.problems if not p.fatal],
        }


def run_films(docs: list[Document], nlp, rules: list[str] | None = None,
              batch_size: int = 32, n_process: int = 1,
              on_parsed: Callable[[Parsed], None] | None = None,
              ) -> tuple[list[list[Entity]], list[Relation]]:
    """Parse every document, then resolve and extract film by film."""
    by_film: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        by_film[d.film.key].append(d)
    parsed_by_film: dict[str, list[Parsed]] = defaultdict(list)
    for p in parse(docs, nlp, batch_size=batch_size, n_process=n_process):
        parsed_by_film[p.doc.film.key].append(p)
        if on_parsed:
            on_parsed(p)
    entity_groups, relations = [], []
    for key in sorted(by_film):
        film_docs = by_film[key]
        info = film_docs[0].film
        parsed = parsed_by_film.get(key, [])
        res = resolve(info, parsed)
        relations.extend(extract(info, film_docs, parsed, res, rules))
        entity_groups.append(list(res.entities.values()))
    return entity_groups, relations


def build(paths: list[str | Path], *, model: str | None = None, nlp=None,
          min_confidence: float = 0.0, rules: list[str] | None = None,
          batch_size: int = 32, n_process: int = 1,
          on_parsed: Callable[[Parsed], None] | None = None) -> Build:
    """Build the knowledge graph of the corpus folders or files in `paths`."""
    problems: list[Problem] = []
    docs = [normalize(d) for d in read_corpus(paths, problems)]
    if nlp is None:
        nlp = load_model(model)
    groups, relations = run_films(docs, nlp, rules, batch_size, n_process, on_parsed)
    entities = merge_entities(groups)
    graph = to_graph(entities, relations, docs, min_confidence)
    return Build(graph, docs, relations, problems)


def build_graph(paths: list[str | Path] | str | Path, **options) -> Graph:
    """The rdflib Graph of the given corpus paths (see `build` for options)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return build(list(paths), **options).graph
