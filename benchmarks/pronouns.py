"""Measure the pronoun resolver on the hand-annotated seed pronouns.

    .venv/bin/python -m benchmarks.pronouns

Prints accuracy per document and overall: a pronoun counts as right when it
resolves to the annotated entity (unresolved counts as wrong).
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
from graphbuild.read.corpus import read_corpus
from graphbuild.read.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "pronouns-kramer.tsv"
PRONOUNS = lexicon.MALE_PRONOUNS | lexicon.FEMALE_PRONOUNS


def measure(nlp=None) -> dict[str, tuple[int, int]]:
    """(right, total) per seed document prefix."""
    gold = {}
    for line in GOLD.read_text().splitlines():
        if line and not line.startswith("#"):
            doc, n, key = line.split("\t")
            gold[(doc, int(n))] = key
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "corpus" / "kramer-vs-kramer", Path(tmp) / "kramer-vs-kramer")
        docs = [normalize(d) for d in read_corpus([tmp], [])]
        # every sentence: the gold numbers each document's pronouns in order
        # (a build skims reviews, see skipped_in_reviews)
        parsed = list(parse(docs, nlp or load_model(), skimmed=False))
    res = resolve(docs[0].film, parsed)
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in parsed:
        prefix = p.doc.doc_id.rpartition("/")[2][:3]
        n = 0
        for t in p.tokens:
            if t.text.lower() not in PRONOUNS:
                continue
            want = gold.get((prefix, n))
            n += 1
            if want is None:
                continue
            got = res.pronouns.get((p.doc.doc_id, t.i), "")
            score[prefix][1] += 1
            score[prefix][0] += got.rsplit("/", 1)[-1] == want
    return {k: (v[0], v[1]) for k, v in sorted(score.items())}


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


def main() -> None:
    scores = measure()
    right = sum(r for r, _ in scores.values())
    total = sum(t for _, t in scores.values())
    print(f"{'document':<10} {'right':>6} {'total':>6} {'accuracy':>9}")
    for doc, (r, t) in scores.items():
        print(f"{doc:<10} {r:>6} {t:>6} {r / t:>9.3f}")
    print(f"{'overall':<10} {right:>6} {total:>6} {right / total:>9.3f}")
    skipped, annotated = skipped_in_reviews()
    print(f"(every sentence parsed; a build skims reviews and leaves {skipped} of the "
          f"{annotated} annotated pronouns unparsed)")


if __name__ == "__main__":
    main()
