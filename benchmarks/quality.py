"""`make eval`: build every visible gold set and score it in one table.

    .venv/bin/python -m benchmarks.quality [--json FILE] [--show N] [--out DIR]

Sets (each built as a user would, then scored with `graphbuild eval`'s rule):

- seed: the demo corpus (`corpus/`), scored against the seed film's gold;
- kramer-other: the seed film's other documents in ../shared/corpus-films
  (a post, a Wikipedia lead, reviews, a comment), against the same gold;
- eight-films: the eight films of ../shared/corpus-films that have gold,
  built together, against their eight gold folders;
- redocred: the 19 Re-DocRED film leads, against their adjudicated gold.

Prints per set precision, recall, F1 and story-fact recall (required gold
triples of story properties found), then per property over all sets. Builds
are cached under --out (default output/eval), so a second run is quick.
Sets whose data is missing (no ../shared) are skipped with the reason.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from graphbuild.evaluate import Evaluation, Score, evaluate, gold_folders
from graphbuild.pipeline import build
from graphbuild.rdf.vocab import STORY_PROPERTIES

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EIGHT = ("17-again-2009", "basic-instinct-1992", "my-best-friend-s-wedding-1997",
         "sleepless-in-seattle-1993", "spanglish-2004", "the-dark-knight-2008",
         "the-mummy-1999", "the-ugly-truth-2009")


@dataclass
class GoldSet:
    name: str
    corpus: list[Path]       # film folders or corpus folders, copied into one corpus
    gold: list[Path]
    whole: bool = False      # the corpus paths are corpus folders, built as they are

    def missing(self) -> str | None:
        for p in [*self.corpus, *self.gold]:
            if not p.exists():
                return f"{p} is missing (it comes with ../shared)"
        return None


def gold_sets() -> list[GoldSet]:
    films, gold = SHARED / "corpus-films", SHARED / "gold"
    redo = SHARED / "benchmarks" / "redocred-film-dev"
    return [
        GoldSet("seed", [ROOT / "corpus"], [gold / "kramer-vs-kramer"], whole=True),
        GoldSet("kramer-other", [films / "kramer-vs-kramer-1979"], [gold / "kramer-vs-kramer"]),
        GoldSet("eight-films", [films / f for f in EIGHT], [gold / f for f in EIGHT]),
        GoldSet("redocred", [redo / "corpus"], [redo / "gold"], whole=True),
    ]


def story_recall(ev: Evaluation) -> Score:
    """The required story triples found, summed over story properties."""
    s = Score()
    for p in STORY_PROPERTIES:
        if p in ev.per_property:
            s.add(ev.per_property[p])
    return s


def build_set(gs: GoldSet, out: Path, nlp) -> Path:
    """Build one set's corpus into out/<name> (cached there) and return it."""
    corpus = out / gs.name / "corpus"
    if gs.whole:
        paths = gs.corpus
    else:
        if corpus.exists():
            shutil.rmtree(corpus)
        corpus.mkdir(parents=True)
        for folder in gs.corpus:
            shutil.copytree(folder, corpus / folder.name)
        paths = [corpus]
    result = build(paths, nlp=nlp, cache=out / gs.name / "cache")
    target = out / gs.name / "graph.nt"
    result.write_nt(target)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "output" / "eval")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--show", type=int, default=0,
                    help="list up to N missed and N wrong triples per set")
    args = ap.parse_args(argv)

    from graphbuild.extract.nlp import load_model
    from graphbuild.outputs.rdf import load_graph

    nlp = load_model()
    rows, total, figures = [], {}, {}
    for gs in gold_sets():
        why = gs.missing()
        if why:
            print(f"skipped {gs.name}: {why}", file=sys.stderr)
            continue
        ev = evaluate(load_graph(build_set(gs, args.out, nlp)), gold_folders(gs.gold))
        story = story_recall(ev)
        rows.append((gs.name, ev.overall, story))
        figures[gs.name] = {"overall": ev.overall.as_dict(), "story": story.as_dict(),
                            "per_property": {p: s.as_dict() for p, s in ev.per_property.items()}}
        for p, s in ev.per_property.items():
            total.setdefault(p, Score()).add(s)
        if args.show:
            print(f"\n{gs.name}: missed {len(ev.missed)}, wrong {len(ev.wrong)}")
            for g, s, p, o in ev.missed[:args.show]:
                print(f"  missed [{g}] {s} {p} {o}")
            for g, s, p, o, w in ev.wrong[:args.show]:
                print(f"  wrong  [{g}] {s} {p} {o} ({w})")
    if not rows:
        print("no gold set found: make eval needs ../shared beside the checkout", file=sys.stderr)
        return 1
    print(f"{'set':<14} {'P':>6} {'R':>6} {'F1':>6} {'story R':>8} {'TP':>5} {'FP':>5} "
          f"{'req':>5}")
    for name, s, story in rows:
        sr = f"{story.recall:.3f}" if story.required else "-"
        print(f"{name:<14} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {sr:>8} "
              f"{s.tp:>5} {s.fp:>5} {s.required:>5}")
    print(f"\n{'property':<18} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'req':>5}"
          "   (all sets)")
    for p in sorted(total):
        s = total[p]
        print(f"{p:<18} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.tp:>5} {s.fp:>5} "
              f"{s.required:>5}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
