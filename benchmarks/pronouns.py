"""Measure the pronoun resolver on hand-annotated pronouns.

    .venv/bin/python -m benchmarks.pronouns

Two sets: the seed film's documents (tests/data/pronouns-kramer.tsv), and
the plot.txt of three films of ../shared/corpus-films that have no gold
triples (tests/data/pronouns-plots.tsv; skipped when ../shared is absent).
Prints per document and overall: accuracy (a pronoun counts as right when it
resolves to the annotated entity; unresolved counts as wrong), how many the
resolver resolved, and its precision (right among those resolved). The
resolver puts precision first: it leaves a pronoun unresolved when two
antecedents are close.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from graphbuild.extract import lexicon
from graphbuild.extract.nlp import load_model, parse
from graphbuild.extract.resolve import resolve
from graphbuild.model import Parsed, Resolution
from graphbuild.read.corpus import read_corpus
from graphbuild.read.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "pronouns-kramer.tsv"
PLOTS_GOLD = ROOT / "tests" / "data" / "pronouns-plots.tsv"
FILMS = ROOT.parent / "shared" / "corpus-films"
PRONOUNS = lexicon.MALE_PRONOUNS | lexicon.FEMALE_PRONOUNS


def _gold(path: Path) -> dict[tuple[str, int], str]:
    out = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            doc, n, key = line.split("\t")
            out[(doc, int(n))] = key
    return out


def _score(parsed: list[Parsed], res: Resolution, gold: dict, name) -> dict[str, list[int]]:
    """(right, resolved, total) per document name (`name(parsed)`); a gold
    '-' (no named antecedent) counts only when resolved (as wrong)."""
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in parsed:
        doc = name(p)
        n = 0
        for t in p.tokens:
            if t.text.lower() not in PRONOUNS:
                continue
            want = gold.get((doc, n))
            n += 1
            if want is None:
                continue
            got = res.pronouns.get((p.doc.doc_id, t.i), "")
            if want == "-" and not got:
                continue
            score[doc][2] += 1
            score[doc][1] += bool(got)
            score[doc][0] += got.rsplit("/", 1)[-1] == want
    return score


def measure(nlp=None) -> dict[str, tuple[int, int, int]]:
    """(right, resolved, total) per seed document prefix."""
    gold = _gold(GOLD)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "corpus" / "kramer-vs-kramer", Path(tmp) / "kramer-vs-kramer")
        docs = [normalize(d) for d in read_corpus([tmp], [])]
        # every sentence: the gold numbers each document's pronouns in order
        # (a build skims reviews, see skipped_in_reviews)
        parsed = list(parse(docs, nlp or load_model(), skimmed=False))
    res = resolve(docs[0].film, parsed)
    score = _score(parsed, res, gold, lambda p: p.doc.doc_id.rpartition("/")[2][:3])
    return {k: (v[0], v[1], v[2]) for k, v in sorted(score.items())}


def measure_plots(nlp=None) -> dict[str, tuple[int, int, int]] | None:
    """(right, resolved, total) per film of the plots set; None without ../shared."""
    gold = _gold(PLOTS_GOLD)
    films = sorted({f for f, _ in gold})
    if not all((FILMS / f / "plot.txt").is_file() for f in films):
        return None
    nlp = nlp or load_model()
    out = {}
    for film in films:
        # the whole film folder, as a build reads it; the gold numbers plot.txt's pronouns
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(FILMS / film, Path(tmp) / film)
            docs = [normalize(d) for d in read_corpus([tmp], [])]
            parsed = list(parse(docs, nlp, skimmed=False))
        res = resolve(docs[0].film, parsed)
        plot = [p for p in parsed if p.doc.doc_id.endswith("/plot.txt")]
        v = _score(plot, res, gold, lambda p: film)[film]
        out[film] = (v[0], v[1], v[2])
    return out


def skipped_in_reviews() -> tuple[int, int]:
    """(annotated pronouns in review sentences a build does not parse, all
    annotated pronouns)."""
    from graphbuild.extract.nlp import parse_pieces

    gold = {(d, int(n)) for d, n, _ in (line.split("\t") for line in GOLD.read_text().splitlines()
                                        if line and not line.startswith("#"))}
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "corpus" / "kramer-vs-kramer", Path(tmp) / "kramer-vs-kramer")
        docs = [normalize(d) for d in read_corpus([tmp], [])]
    skipped = 0
    for d in docs:
        prefix = d.doc_id.rpartition("/")[2][:3]
        kept = parse_pieces(d)
        n = 0
        for m in re.finditer(r"\b\w+\b", d.body):
            if m.group().lower() not in PRONOUNS:
                continue
            if (prefix, n) in gold and not any(a <= m.start() < a + len(t) for a, t in kept):
                skipped += 1
            n += 1
    return skipped, len(gold)


def _table(scores: dict[str, tuple[int, int, int]]) -> None:
    rows = list(scores.items()) + [("overall", tuple(sum(v[i] for v in scores.values())
                                                     for i in range(3)))]
    print(f"{'document':<22} {'right':>6} {'resolved':>9} {'total':>6} {'accuracy':>9} "
          f"{'precision':>10}")
    for doc, (r, n, t) in rows:
        print(f"{doc:<22} {r:>6} {n:>9} {t:>6} {r / t:>9.3f} {r / n if n else 0:>10.3f}")


def main() -> None:
    nlp = load_model()
    print("seed film (corpus/kramer-vs-kramer)")
    _table(measure(nlp))
    skipped, annotated = skipped_in_reviews()
    print(f"(every sentence parsed; a build skims reviews and leaves {skipped} of the "
          f"{annotated} annotated pronouns unparsed)")
    plots = measure_plots(nlp)
    if plots is None:
        print("\nplots: skipped (../shared/corpus-films is missing)")
    else:
        print("\nplot summaries of films without gold triples (../shared/corpus-films)")
        _table(plots)


if __name__ == "__main__":
    main()
