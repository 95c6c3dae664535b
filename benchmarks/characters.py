"""List a built graph's Character nodes, to audit which are characters of their film.

    .venv/bin/python -m benchmarks.characters GRAPH [--audit FILE] [--tsv OUT]

GRAPH is a build's output folder (or an RDF file). Every Character node is
listed with its film, label, other names, the actors who play it and the
evidence that made it a character (its identity decision).

With --audit, FILE holds a person's judgements, one per line (tab
separated): the node's IRI path after /id/ (e.g.
character/the-mask-1994/stanley-ipkiss), then `ok` (a character of its
film) or `no`, then a note ("a place", "a real person", "a duplicate of
X" ...). The tool prints how many listed nodes were judged `no` out of
those judged, and lists the nodes no one has judged yet, so that the rate
is only ever claimed over judged nodes: judge the new ones and run again.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from graphbuild.outputs.rdf import load_graph

QUERY = """
PREFIX film: <https://w3id.org/graphbuild/film#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?label ?film
       (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?alts)
       (GROUP_CONCAT(DISTINCT ?actor; separator="|") AS ?actors)
       (GROUP_CONCAT(DISTINCT ?why; separator=" / ") AS ?reasons)
WHERE {
  ?c a film:Character ; rdfs:label ?label .
  OPTIONAL { ?f film:hasCharacter ?c ; rdfs:label ?film }
  OPTIONAL { ?c skos:altLabel ?alt }
  OPTIONAL { ?a film:plays ?c . ?a rdfs:label ?actor }
  OPTIONAL { ?c film:identity/film:decidedBy ?why }
}
GROUP BY ?c ?label ?film
ORDER BY ?c
"""
PREFIX = "https://w3id.org/graphbuild/id/"


def characters(graph_path: str | Path) -> list[dict[str, str]]:
    """One row per Character node: key, film, label, aliases, actors, reasons."""
    g = load_graph(graph_path)
    rows = []
    for r in g.query(QUERY):
        rows.append({"key": str(r.c)[len(PREFIX):], "film": str(r.film or ""),
                     "label": str(r.label), "aliases": str(r.alts or ""),
                     "actors": str(r.actors or ""), "reasons": str(r.reasons or "")})
    return rows


def read_audit(path: Path) -> dict[str, tuple[str, str]]:
    """Judgements by node key: (verdict, note)."""
    out = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            verdict = row[1].strip().lower() if len(row) > 1 else ""
            if verdict not in ("ok", "no"):
                raise SystemExit(f"Error: {path}: {row[0]!r} has verdict {verdict!r}; write ok or no")
            out[row[0].strip()] = (verdict, row[2].strip() if len(row) > 2 else "")
    return out


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
    judged = [r for r in rows if r["key"] in audit]
    bad = [r for r in judged if audit[r["key"]][0] == "no"]
    todo = [r for r in rows if r["key"] not in audit]
    for r in bad:
        print(f"no\t{r['key']}\t{r['label']}\t{audit[r['key']][1]}")
    for r in todo:
        print(f"unjudged\t{r['key']}\t{r['label']}\t{r['aliases']}\t{r['actors']}\t{r['reasons']}")
    share = len(bad) / len(judged) if judged else 0.0
    print(f"{len(rows)} Character nodes, {len(judged)} judged: {len(bad)} not characters of "
          f"their film ({share:.1%}); {len(todo)} not judged yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
