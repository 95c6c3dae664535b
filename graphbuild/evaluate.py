"""Score a graph against gold triples: precision, recall and F1 per property.

The scoring rule (shared/CORE-VOCABULARY.md): a predicted triple is judged
when its predicate's local name is one the gold uses and both ends resolve
(through rdfs:label / skos:altLabel, ignoring case and punctuation) to exactly
one gold entity. Judged triples found in gold are true positives, the others
false positives; a node whose names match two gold entities makes its
triples false. Recall counts the `required` gold triples found. Symmetric
properties match in either direction; inverses count as their forward form.
In a graph of many films, a character another film of the graph has
(`hasCharacter`) is not judged by this film's gold, whatever its name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from graphbuild.errors import GraphbuildError
from graphbuild.rdf.vocab import INVERSES, SYMMETRIC, local_name


def norm(text: str) -> str:
    """Case- and punctuation-free form of a name for matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]|_", "", text)
    return " ".join(text.split())


@dataclass
class Gold:
    """Gold entities and triples of one folder."""

    name: str
    labels: dict[str, str]                       # id -> label
    names: dict[str, set[str]]                   # normalized name -> ids
    triples: dict[tuple[str, str, str], str]     # (s, p, o) -> status
    predicates: set[str] = field(default_factory=set)
    films: set[str] = field(default_factory=set)  # ids of its Film entities


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r and not r[0].startswith("#") and any(c.strip() for c in r)]


def load_gold(folder: str | Path) -> Gold:
    """Read `entities.tsv` and `triples.tsv` from a gold folder."""
    folder = Path(folder)
    ent_path, tri_path = folder / "entities.tsv", folder / "triples.tsv"
    for p in (ent_path, tri_path):
        if not p.is_file():
            raise GraphbuildError(f"{p} is missing; a gold folder holds entities.tsv "
                                  "(id, type, label, aliases) and triples.tsv")
    labels, names, films = {}, defaultdict(set), set()
    for row in _rows(ent_path):
        gid, label = row[0].strip(), row[2].strip() if len(row) > 2 else ""
        labels[gid] = label
        if len(row) > 1 and row[1].strip() == "Film":
            films.add(gid)
        aliases = row[3].split("|") if len(row) > 3 else []
        for n in [label, *aliases]:
            if norm(n):
                names[norm(n)].add(gid)
    triples = {}
    for row in _rows(tri_path):
        if len(row) < 3:
            raise GraphbuildError(f"{tri_path}: row {row!r} has {len(row)} column(s); write "
                                  "subject, predicate, object, status, note separated by tabs")
        s, p, o = (c.strip() for c in row[:3])
        unknown = [x for x in (s, o) if x not in labels and not x.startswith('"')]
        if unknown:
            raise GraphbuildError(f"{tri_path}: {', '.join(unknown)} in row {row[:3]!r} is no id "
                                  f"of {ent_path.name}; add it there or fix the id "
                                  "(objects in double quotes are literals)")
        # an empty status column (a trailing tab) is the default, not "not required"
        status = (row[3].strip().lower() if len(row) > 3 else "") or "required"
        if p in INVERSES:
            s, p, o = o, INVERSES[p], s
        key = (s, p, o)
        if triples.get(key) != "required":
            triples[key] = status
    preds = {p for _, p, _ in triples}
    return Gold(folder.name, labels, dict(names), triples, preds, films)


def _literal_key(value: str) -> str:
    return '"' + norm(value) + '"'


def _gold_object(o: str) -> str:
    return _literal_key(o.strip('"')) if o.startswith('"') else o


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    required: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.required += other.required
        self.found += other.found

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "required": self.required, "found": self.found,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    overall: Score
    per_property: dict[str, Score]
    missed: list[tuple[str, str, str, str]]      # gold, subject label, predicate, object label
    wrong: list[tuple[str, str, str, str, str]]  # gold, subject, predicate, object, why

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "per_property": {p: s.as_dict() for p, s in sorted(self.per_property.items())},
            "missed": [dict(zip(("gold", "subject", "predicate", "object"), m)) for m in self.missed],
            "wrong": [dict(zip(("gold", "subject", "predicate", "object", "why"), w))
                      for w in self.wrong],
        }


def _character_films(graph: Graph) -> dict:
    """Character node -> the film nodes that have it (`hasCharacter`)."""
    films: dict = defaultdict(set)
    for s, p, o in graph:
        if local_name(str(p)) == "hasCharacter":
            films[o].add(s)
    return films


def _node_names(graph: Graph) -> dict:
    names: dict = defaultdict(set)
    for prop in (RDFS.label, SKOS.altLabel):
        for s, o in graph.subject_objects(prop):
            names[s].add(norm(str(o)))
    return names


def _score_one(graph: Graph, gold: Gold, node_names: dict,
               character_films: dict | None = None) -> tuple[dict, list, list]:
    def resolve(node) -> tuple[str | None, bool]:
        """(gold id, ambiguous) for a graph node."""
        ids: set[str] = set()
        for n in node_names.get(node, ()):
            ids |= gold.names.get(n, set())
        if len(ids) == 1:
            return next(iter(ids)), False
        return None, len(ids) > 1

    # a character of another film of the graph is not this gold's, whatever its name
    # (Evelyn of one film's story is not Evelyn of another's)
    character_films = character_films or {}
    own = {f for fs in character_films.values() for f in fs if resolve(f)[0] in gold.films}

    def elsewhere(node) -> bool:
        return bool(own) and bool(character_films.get(node)) and not character_films[node] & own

    judged: set[tuple[str, str, str]] = set()
    wrong: list = []
    literal_keys = {(s, p, _gold_object(o)) for (s, p, o) in gold.triples if o.startswith('"')}
    for s, p, o in graph:
        name = local_name(str(p))
        if name in INVERSES:
            s, o, name = o, s, INVERSES[name]
        if name not in gold.predicates or elsewhere(s) or elsewhere(o):
            continue
        gs, amb_s = resolve(s)
        if isinstance(o, Literal):
            # a literal matches a gold literal, else it names a gold entity
            go, amb_o = _literal_key(str(o)), False
            if (gs, name, go) not in literal_keys:
                ids = gold.names.get(norm(str(o)), set())
                if len(ids) == 1:
                    go = next(iter(ids))
        else:
            go, amb_o = resolve(o)
        if (amb_s or amb_o) and (amb_s or gs is not None) and (amb_o or go is not None):
            wrong.append((gold.name, _label(graph, s), name, _label(graph, o),
                          "a node matches two gold entities"))
            continue
        if gs is None or go is None or amb_s or amb_o:
            continue
        judged.add((gs, name, go))
    gold_keys = {(s, p, _gold_object(o)): status for (s, p, o), status in gold.triples.items()}
    per: dict[str, Score] = defaultdict(Score)
    found_keys = set()
    for t in judged:
        s, p, o = t
        hit = t if t in gold_keys else ((o, p, s) if p in SYMMETRIC and (o, p, s) in gold_keys else None)
        if hit:
            if hit not in found_keys:
                per[p].tp += 1
                found_keys.add(hit)
        else:
            per[p].fp += 1
            wrong.append((gold.name, gold.labels.get(s, s), p, gold.labels.get(o, o.strip('"')),
                          "not in gold"))
    per_wrong_amb = defaultdict(int)
    for w in wrong:
        if w[4] != "not in gold":
            per_wrong_amb[w[2]] += 1
    for p, n in per_wrong_amb.items():
        per[p].fp += n
    missed = []
    for key, status in gold_keys.items():
        s, p, o = key
        if status == "required":
            per[p].required += 1
            if key in found_keys:
                per[p].found += 1
            else:
                missed.append((gold.name, gold.labels.get(s, s), p, gold.labels.get(o, o.strip('"'))))
    return per, missed, wrong


def _label(graph: Graph, node) -> str:
    if isinstance(node, Literal):
        return str(node)
    return str(graph.value(node, RDFS.label) or local_name(str(node)))


def evaluate(graph: Graph, gold_dirs: list[str | Path]) -> Evaluation:
    """Score the graph against one or more gold folders (summed)."""
    node_names, character_films = _node_names(graph), _character_films(graph)
    overall, per_property = Score(), defaultdict(Score)
    missed, wrong = [], []
    for folder in gold_dirs:
        gold = load_gold(folder)
        per, m, w = _score_one(graph, gold, node_names, character_films)
        for p, s in per.items():
            per_property[p].add(s)
            overall.add(s)
        missed.extend(m)
        wrong.extend(w)
    return Evaluation(overall, dict(per_property), sorted(missed), sorted(wrong))


def gold_folders(paths: list[str | Path]) -> list[Path]:
    """Gold folders from the arguments: each path is a gold folder, or a
    folder of gold folders (like benchmarks/<name>/gold)."""
    out = []
    for p in map(Path, paths):
        if (p / "triples.tsv").is_file():
            out.append(p)
        elif p.is_dir():
            subs = sorted(d for d in p.iterdir() if (d / "triples.tsv").is_file())
            if not subs:
                raise GraphbuildError(f"{p} holds no gold folder (entities.tsv + triples.tsv)")
            out.extend(subs)
        else:
            raise GraphbuildError(f"{p} does not exist; give a gold folder")
    return out
