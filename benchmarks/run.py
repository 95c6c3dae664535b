"""Build throughput on real data, against bare spaCy on the same texts.

Imports a fixed slice of ../shared/datasets (the first N bongnetflix posts
and the first N aclImdb reviews, which join those posts' films) into a
temporary corpus, then in one process and with one loaded model times

  - bare spaCy: nlp.pipe over the documents' normalized bodies, and over
    exactly the pieces of them graphbuild parses (it skims reviews), same
    components, batch size and processes;
  - graphbuild: build() to graph.nt, and writing the other default formats;

and prints documents, words, seconds, words/s, peak RSS (this process and
its workers) and graphbuild's throughput as a share of bare spaCy's.

    python -m benchmarks.run                  # the slice (a few minutes)
    python -m benchmarks.run --docs 100       # a quicker slice
    python -m benchmarks.run --full           # every shared dataset (~54k documents),
                                              # then a rebuild after touching 1% of them

`make bench` runs the first. Figures depend on the machine and its load;
compare ratios measured in the same run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"

SLICE = (("jekyll", "bongnetflix"), ("aclimdb", "aclimdb"))
"""(importer, dataset folder) of the default slice, N documents each."""

FULL = (("jekyll", "bongnetflix"), ("jekyll", "filmsfolded"), ("aclimdb", "aclimdb"),
        ("wikipedia-json", "wikipedia-movie-data"),
        ("wiki-plots-csv", "wiki-movie-plots-sample/subset.csv"), ("tripod", "tripod"),
        ("cmu", "cmu-movie-summaries-sample"))
"""Every shared dataset, through its importer."""


@dataclass
class Row:
    step: str
    documents: int
    words: int
    seconds: float
    peak_rss: int
    peak_pss: int = 0

    @property
    def rate(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


class PeakRSS:
    """Samples the memory of this process plus its children (workers) while
    a step runs: `peak` is the highest sum of RSS seen (forked workers count
    pages they share with this process again), `peak_pss` the highest sum of
    PSS (shared pages split between their users), in bytes."""

    def __init__(self, interval: float = 0.2, pss_every: int = 25):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.pss_every = pss_every
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        """RSS (cheap: /proc/PID/statm) every `interval`; PSS every
        `pss_every` samples, as reading smaps_rollup walks every page table:
        at 5 per second it took 40% of a core from a 2-core build."""
        import psutil

        n = 0
        while not self._stop.is_set():
            rss = pss = 0
            full = n % self.pss_every == 0
            n += 1
            try:
                procs = [self.proc] + self.proc.children(recursive=True)
                for p in procs:
                    try:
                        if full:
                            info = p.memory_full_info()
                            rss += info.rss
                            pss += getattr(info, "pss", info.rss)
                        else:
                            rss += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self.peak = max(self.peak, rss)
            if full:
                self.peak_pss = max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def timed(step: str, docs: int, words: int, fn) -> tuple[Row, object]:
    with PeakRSS() as rss:
        t = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - t
    return Row(step, docs, words, seconds, rss.peak, rss.peak_pss), value


def import_corpus(sources, out: Path, limit: int | None) -> None:
    from graphbuild.importers import import_dataset

    for fmt, folder in sources:
        report = import_dataset(fmt, DATASETS / folder, out, limit=limit)
        print(f"  {report.summary()}", file=sys.stderr)


def bodies(corpus: Path) -> tuple[int, list[str], list[str]]:
    """Documents read, their normalized bodies, and the pieces of them
    graphbuild parses (reviews are skimmed: see graphbuild.extract.skim)."""
    from graphbuild.extract.nlp import parse_pieces
    from graphbuild.read.corpus import read_corpus
    from graphbuild.read.normalize import normalize

    docs = [normalize(d) for d in read_corpus([corpus], [])]
    return (len(docs), [d.body for d in docs if d.body],
            [piece for d in docs for _, piece in parse_pieces(d)])


def bare_spacy(nlp, texts: list[str], batch_size: int, jobs: int) -> int:
    n = 0
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
        n += 1
    return n


def graphbuild_build(corpus: Path, out: Path, nlp, args, cache: Path | None = None):
    from graphbuild.pipeline import build
    from graphbuild.progress import ProgressBar

    with ProgressBar(mininterval=30) as bar:   # on a terminal, or in the log with --full
        bar.enabled = bar.enabled or args.full
        result = build([corpus], nlp=nlp, batch_size=args.batch_size, jobs=args.jobs,
                       cache=cache, progress=bar)
    result.write_nt(out / "graph.nt")
    return result


def write_others(result, out: Path) -> None:
    from graphbuild.outputs.rdf import export

    export(result.graph, out, files=("graph.ttl", "graph.jsonld", "graph.trig"))


def table(rows: list[Row]) -> str:
    head = (f"{'step':<38} {'documents':>9} {'words':>10} {'seconds':>8} {'words/s':>8} "
            f"{'peak RSS':>9} {'peak PSS':>9}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.step:<38} {r.documents:>9,} {r.words:>10,} {r.seconds:>8.1f} "
                     f"{r.rate:>8,.0f} {r.peak_rss / 2**20:>7,.0f}MB "
                     f"{r.peak_pss / 2**20:>7,.0f}MB")
    return "\n".join(lines)


def touch(corpus: Path, share: float) -> int:
    """Append a sentence to every 1/share-th document (sorted paths)."""
    from graphbuild.read.corpus import DOC_SUFFIXES

    files = sorted(p for p in corpus.rglob("*") if p.suffix in DOC_SUFFIXES and p.is_file())
    step = max(1, round(1 / share))
    picked = files[::step]
    for p in picked:
        with p.open("a", encoding="utf-8") as f:
            f.write("\n\nThe film was shown again on television years later.\n")
    return len(picked)


def slice_bench(args, work: Path) -> list[Row]:
    from graphbuild.extract.nlp import load_model

    corpus, out = work / "corpus", work / "out"
    print(f"importing the first {args.docs} documents of each of "
          f"{', '.join(f for _, f in SLICE)} ...", file=sys.stderr)
    import_corpus(SLICE, corpus, args.docs)
    nlp = load_model(args.model)
    ndocs, texts, pieces = bodies(corpus)
    words = sum(len(t.split()) for t in texts)
    bare_spacy(nlp, texts[:8], args.batch_size, 1)    # warm up
    rows = []
    row, _ = timed(f"bare spaCy nlp.pipe (jobs {args.jobs})", len(texts), words,
                   lambda: bare_spacy(nlp, texts, args.batch_size, args.jobs))
    rows.append(row)
    row, _ = timed("  over the pieces graphbuild parses", len(texts), words,
                   lambda: bare_spacy(nlp, pieces, args.batch_size, args.jobs))
    rows.append(row)
    row, result = timed("graphbuild build -> graph.nt", ndocs, words,
                        lambda: graphbuild_build(corpus, out, nlp, args))
    rows.append(row)
    row2, _ = timed("  + graph.ttl, .jsonld, .trig", ndocs, words,
                    lambda: write_others(result, out))
    rows.append(row2)
    rows.append(Row("graphbuild, all default outputs", ndocs, words,
                    row.seconds + row2.seconds, max(row.peak_rss, row2.peak_rss),
                    max(row.peak_pss, row2.peak_pss)))
    print(table(rows))
    report = result.report()
    print(f"\ngraph: {report['triples']:,} triples, {report['facts']:,} facts, "
          f"{report['films']:,} films")
    parsed = sum(len(t.split()) for t in pieces)
    print(f"(words/s are words of the documents; graphbuild parses {parsed / words:.0%} of "
          "them: reviews are skimmed)")
    print(f"throughput vs bare spaCy over the same documents: {rows[2].rate / rows[0].rate:.2f} "
          f"(graph.nt), {rows[4].rate / rows[0].rate:.2f} (all default outputs)")
    print(f"throughput vs bare spaCy over what graphbuild parses: "
          f"{rows[2].rate / rows[1].rate:.2f} (graph.nt), "
          f"{rows[4].rate / rows[1].rate:.2f} (all default outputs)")
    return rows


def full_bench(args, work: Path) -> list[Row]:
    from graphbuild.extract.nlp import load_model

    corpus = Path(args.corpus) if args.corpus else work / "corpus"
    if not args.corpus:
        print("importing every shared dataset ...", file=sys.stderr)
        t = time.perf_counter()
        import_corpus(FULL, corpus, None)
        print(f"  imported in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    elif args.touch:
        corpus = work / "corpus"
        shutil.copytree(args.corpus, corpus, symlinks=False)
    out, cache = work / "out", work / "cache"
    nlp = load_model(args.model)
    from graphbuild.read.corpus import read_corpus

    docs = list(read_corpus([corpus], []))
    words = sum(len(d.text.split()) for d in docs)
    rows = []
    row, result = timed("full build -> graph.nt (cache)", len(docs), words,
                        lambda: graphbuild_build(corpus, out, nlp, args, cache))
    rows.append(row)
    report = result.report()
    del result
    print(table(rows), file=sys.stderr)
    if args.touch:
        n = touch(corpus, 0.01)
        row, again = timed(f"rebuild after touching {n:,} documents", len(docs), words,
                           lambda: graphbuild_build(corpus, work / "out2", nlp, args, cache))
        rows.append(row)
        changed = not filecmp.cmp(out / "graph.nt", work / "out2" / "graph.nt", shallow=False)
        stats = again.report()["build"]
        del again
        # the same rebuild merging every film again (the kept graph removed):
        # what patching saved, and a check that it gave the same bytes
        (cache / "graph.nt").unlink()
        row, _ = timed("  same, merging every film (check)", len(docs), words,
                       lambda: graphbuild_build(corpus, work / "out3", nlp, args, cache))
        rows.append(row)
        same = filecmp.cmp(work / "out2" / "graph.nt", work / "out3" / "graph.nt", shallow=False)
    rows.append(timed_query(out / "graph.nt"))   # last: the store makes this process big
    print(table(rows))
    print(f"\ngraph: {report['triples']:,} triples, {report['facts']:,} facts, "
          f"{report['films']:,} films")
    if args.touch:
        print(f"rebuild: {stats['films_reused']:,} films reused, {stats['films_parsed']:,} parsed "
              f"({stats['documents_parsed']:,} documents); "
              f"time {rows[1].seconds / rows[0].seconds:.1%} of the full build; "
              f"graph.nt {'changed' if changed else 'unchanged'}; the patched graph.nt "
              f"{'is' if same else 'is NOT'} byte-identical to a full merge")
    return rows


def timed_query(nt: Path) -> Row:
    """Bulk-load graph.nt into an in-memory Oxigraph store and count facts."""
    import pyoxigraph

    def load_and_ask():
        store = pyoxigraph.Store()
        store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
        q = ("SELECT (COUNT(*) AS ?n) WHERE { ?s a "
             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> }")
        return int(next(iter(store.query(q)))["n"].value)

    row, n = timed("load graph.nt into Oxigraph + SPARQL", 0, 0, load_and_ask)
    print(f"SPARQL over the loaded graph: {n:,} statements", file=sys.stderr)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=250, help="documents per dataset in the slice")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (both sides)")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--model", default=None)
    ap.add_argument("--full", action="store_true", help="every shared dataset, and a 1%% rebuild")
    ap.add_argument("--corpus", help="with --full: an already imported corpus folder")
    ap.add_argument("--no-touch", dest="touch", action="store_false",
                    help="with --full: skip the incremental rebuild")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--json", help="also write the rows to this JSON file")
    args = ap.parse_args(argv)
    if not DATASETS.is_dir():
        print(f"skipped: {DATASETS} is absent (the benchmark needs ../shared beside the "
              "checkout, as developers and CI have it)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="graphbuild-bench-"))
    try:
        rows = full_bench(args, work) if args.full else slice_bench(args, work)
        if args.json:
            Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], indent=1))
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
