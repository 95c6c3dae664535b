"""List a built graph's Character nodes, to audit which are characters of their film.

    .venv/bin/python -m benchmarks.characters GRAPH [--audit FILE] [--tsv OUT]

GRAPH is a build's output folder (or an RDF file). Every Character node is
listed with its film, label, other names, the actors who play it and the
evidence that made it a character (its identity decision).

With --audit, FILE holds a person's judgements, one per line (tab
separated): the node's IRI path after /id/ (e.g.
character/the-mask-1994/stanley-ipkiss), `ok` (a character of its film) or
`no`, a note ("a place", "a real person"; "duplicate of KEY: why" for a
character another node is too, counted where that node is in the graph)
and the label judged. The tool prints how many
listed nodes were judged `no` out of those judged, and lists the nodes no
one has judged yet (new, or relabelled since), so that the rate is only
ever claimed over judged nodes: judge the new ones and run again.
benchmarks/data/character-audit-79.tsv holds judgements of the 79 films of
../shared/corpus-films.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from rdflib.namespace import RDF, RDFS, SKOS

from graphbuild.outputs.rdf import load_graph
from graphbuild.rdf.vocab import FILM

PREFIX = "https://w3id.org/graphbuild/id/"


def characters(graph_path: str | Path) -> list[dict[str, str]]:
    """One row per Character node: key, film, label, aliases, actors, reasons."""
    g = load_graph(graph_path)
    rows = []
    for c in sorted(g.subjects(RDF.type, FILM.Character)):
        films = sorted(str(g.value(f, RDFS.label)) for f in g.subjects(FILM.hasCharacter, c))
        actors = sorted(str(g.value(a, RDFS.label)) for a in g.subjects(FILM.plays, c))
        reasons = sorted({str(r) for d in g.objects(c, FILM.identity)
                          for r in g.objects(d, FILM.decidedBy)})
        rows.append({"key": str(c)[len(PREFIX):], "film": "|".join(films),
                     "label": str(g.value(c, RDFS.label)),
                     "aliases": "|".join(sorted(map(str, g.objects(c, SKOS.altLabel)))),
                     "actors": "|".join(actors), "reasons": " / ".join(reasons)})
    return rows


def read_audit(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """Judgements by (node key, label): (verdict, note)."""
    out = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"):
            if not row or row[0].startswith("#"):
                continue
            if len(row) < 4 or row[1].strip().lower() not in ("ok", "no"):
                raise SystemExit(f"Error: {path}: {row!r} is not 'key, ok|no, note, label' "
                                 "(tab separated)")
            out[(row[0].strip(), row[3])] = (row[1].strip().lower(), row[2].strip())
    return out


def _duplicate_of(note: str) -> set[str]:
    """The keys a note 'duplicate of KEY[|KEY]: why' names."""
    if not note.startswith("duplicate of "):
        return set()
    return set(note[len("duplicate of "):].split(":", 1)[0].split("|"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--audit", type=Path, help="judgements (key, ok|no, note), tab separated")
    ap.add_argument("--tsv", type=Path, help="also write the listing here")
    args = ap.parse_args(argv)
    rows = characters(args.graph)
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["key"], delimiter="\t")
            w.writeheader()
            w.writerows(rows)
    if not args.audit:
        for r in rows:
            print("\t".join((r["key"], r["label"], r["aliases"], r["actors"], r["reasons"])))
        print(f"{len(rows)} Character nodes", file=sys.stderr)
        return 0
    audit = read_audit(args.audit)
    judged = [r for r in rows if (r["key"], r["label"]) in audit]
    verdict = {r["key"]: audit[(r["key"], r["label"])] for r in judged}
    bad = [r for r in judged if verdict[r["key"]][0] == "no"]
    keys = {r["key"] for r in rows}
    dups = [r for r in judged if _duplicate_of(verdict[r["key"]][1]) & keys]
    todo = [r for r in rows if (r["key"], r["label"]) not in audit]
    for r in bad:
        print(f"no\t{r['key']}\t{r['label']}\t{verdict[r['key']][1]}")
    for r in dups:
        print(f"dup\t{r['key']}\t{r['label']}\t{verdict[r['key']][1]}")
    for r in todo:
        print(f"unjudged\t{r['key']}\t{r['label']}\t{r['aliases']}\t{r['actors']}\t{r['reasons']}")
    share = len(bad) / len(judged) if judged else 0.0
    print(f"{len(rows)} Character nodes, {len(judged)} judged: {len(bad)} not characters of "
          f"their film ({share:.1%}), {len(dups)} duplicates of another node "
          f"({len(dups) / len(judged) if judged else 0:.1%}); {len(todo)} not judged yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
