"""Build throughput on real data, against bare spaCy on the same texts.

Imports a fixed slice of ../shared/datasets (the first N bongnetflix posts
and the first N aclImdb reviews, which join those posts' films) into a
temporary corpus, then

  - times whole processes, in turn for --rounds rounds: bare spaCy
    (`spacy.load` and `nlp.pipe` over the documents' normalized bodies,
    same pipeline and batch size, one process unless --jobs), the default
    command `graphbuild build CORPUS --out DIR --no-cache` (graph.ttl, .nt,
    .jsonld, .trig and report.json; --jobs auto unless --jobs) and the same
    with `--format nt`; and prints graphbuild's throughput as a share of
    bare spaCy's by wall time (what a user waits) and by CPU time (what it
    costs), round by round and the median;
  - then, in one process with one loaded model, splits a build into its
    steps: build() to graph.nt, and each other default format written from
    the rows, against bare spaCy over the bodies and over exactly the pieces
    graphbuild parses (it skims reviews).

It prints documents, words, seconds, words/s and peak RSS (the process and
its workers) of each.

    python -m benchmarks.run                  # the slice (a few minutes)
    python -m benchmarks.run --docs 100       # a quicker slice
    python -m benchmarks.run --full           # every shared dataset (~54k documents) with
                                              # the default formats, a rebuild with nothing
                                              # changed, and one after touching 1% of them

`make bench` runs the first. Figures depend on the machine and its load;
compare ratios measured in the same run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
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
    cpu: float = 0.0             # user + system seconds of the process (and its children)

    @property
    def rate(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


class PeakRSS:
    """Samples the memory of this process plus its children (workers) while
    a step runs: `peak` is the highest sum of RSS seen (forked workers count
    pages they share with this process again), `peak_pss` the highest sum of
    PSS (shared pages split between their users), in bytes."""

    def __init__(self, interval: float = 0.2, pss_every: int = 25, children_only: bool = False):
        import psutil

        self.proc = psutil.Process()
        self.children_only = children_only
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
                procs = ([] if self.children_only else [self.proc]) \
                    + self.proc.children(recursive=True)
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


def _cpu(children_only: bool) -> float:
    t = os.times()
    return t.children_user + t.children_system if children_only else t.user + t.system


def timed(step: str, docs: int, words: int, fn,
          children_only: bool = False) -> tuple[Row, object]:
    """Wall and CPU seconds and peak memory of `fn` (of the processes it
    waits for, with `children_only`)."""
    with PeakRSS(children_only=children_only) as rss:
        t, cpu = time.perf_counter(), _cpu(children_only)
        value = fn()
        seconds, cpu = time.perf_counter() - t, _cpu(children_only) - cpu
    return Row(step, docs, words, seconds, rss.peak, rss.peak_pss, cpu), value


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

    result = build([corpus], nlp=nlp, batch_size=args.batch_size, jobs=args.jobs or 1,
                   cache=cache)
    result.write_nt(out / "graph.nt")
    return result


def write_others(result, out: Path) -> None:
    """graph.ttl, .jsonld and .trig, in one pass over the rows (as the CLI)."""
    from graphbuild.outputs.rdf import write_rows

    write_rows(result.rows, [out / n for n in ("graph.ttl", "graph.jsonld", "graph.trig")])


BARE_SPACY = """
import json, sys
import spacy
model, texts, batch_size, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(texts, encoding="utf-8") as f:
    texts = [json.loads(line) for line in f]
nlp = spacy.load(model)
print(sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=jobs)))
"""
"""Bare spaCy as a whole process: load the pipeline, run it over the texts."""


def run_process(command: list[str], label: str, docs: int, words: int,
                log: Path | None = None) -> Row:
    """Time a whole process (start-up included) and the peak RSS of it and
    its children; stdout to `log`, stderr shown (a terminal shows the bar)."""
    with open(log or "/dev/null", "w", encoding="utf-8") as f:
        row, done = timed(label, docs, words,
                          lambda: subprocess.run(command, stdout=f, stderr=None),
                          children_only=True)
    if done.returncode not in (0, 3):      # 3: built, some input files skipped
        raise SystemExit(f"{label} failed ({done.returncode}): {' '.join(command)}")
    return row


def build_command(corpus: Path, out: Path, args, *options: str) -> list[str]:
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []      # else the default: auto
    command = [sys.executable, "-m", "graphbuild", "build", str(corpus), "--out", str(out),
               *jobs, "--batch-size", str(args.batch_size), *options]
    return command + (["--model", args.model] if args.model else [])


def whole_processes(corpus: Path, work: Path, texts: list[str], ndocs: int, words: int,
                    model: str, args) -> list[Row]:
    """Bare spaCy, the default build and --format nt as whole processes, in
    turn for args.rounds rounds; prints the ratios."""
    bodies = work / "bodies.jsonl"
    bodies.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
    bare = [sys.executable, "-c", BARE_SPACY, model, str(bodies), str(args.batch_size),
            str(args.jobs or 1)]
    rows: list[Row] = []
    ratios: dict[str, list[float]] = {"default": [], "nt": []}
    cpu: dict[str, list[float]] = {"default": [], "nt": []}
    for i in range(args.rounds):
        base = run_process(bare, f"bare spaCy, round {i + 1}", len(texts), words)
        default = run_process(build_command(corpus, work / "default", args, "--no-cache"),
                              f"graphbuild build (default), round {i + 1}", ndocs, words)
        nt = run_process(build_command(corpus, work / "nt", args, "--no-cache", "--format", "nt"),
                         f"graphbuild build --format nt, round {i + 1}", ndocs, words)
        rows += [base, default, nt]
        for name, row in (("default", default), ("nt", nt)):
            ratios[name].append(base.seconds / row.seconds)
            cpu[name].append(base.cpu / row.cpu if row.cpu else 0.0)
    print(table(rows))
    jobs = f"--jobs {args.jobs}" if args.jobs else "--jobs auto (the default)"
    print(f"\nwhole processes, throughput vs bare spaCy ({args.jobs or 1} process) on the same "
          f"texts, graphbuild with {jobs}; by wall time (rounds: "
          f"{', '.join(f'{r:.2f}' for r in ratios['default'])}) and by CPU time:")
    print(f"  graphbuild build (default: ttl, nt, jsonld, trig)  "
          f"{statistics.median(ratios['default']):.2f} wall, "
          f"{statistics.median(cpu['default']):.2f} CPU  (median of {args.rounds})")
    print(f"  graphbuild build --format nt                        "
          f"{statistics.median(ratios['nt']):.2f} wall, {statistics.median(cpu['nt']):.2f} CPU")
    sizes = {p.name: p.stat().st_size for p in sorted((work / "default").glob("graph.*"))}
    print("  files: " + ", ".join(f"{n} {b / 2**20:.1f} MB" for n, b in sizes.items()))
    return rows


def table(rows: list[Row]) -> str:
    head = (f"{'step':<38} {'documents':>9} {'words':>10} {'seconds':>8} {'CPU s':>8} "
            f"{'words/s':>8} {'peak RSS':>9} {'peak PSS':>9}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.step:<38} {r.documents:>9,} {r.words:>10,} {r.seconds:>8.1f} "
                     f"{r.cpu:>8.1f} {r.rate:>8,.0f} {r.peak_rss / 2**20:>7,.0f}MB "
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
    from graphbuild.extract.nlp import installed_model, load_model

    corpus, out = work / "corpus", work / "out"
    print(f"importing the first {args.docs} documents of each of "
          f"{', '.join(f for _, f in SLICE)} ...", file=sys.stderr)
    import_corpus(SLICE, corpus, args.docs)
    ndocs, texts, pieces = bodies(corpus)
    words = sum(len(t.split()) for t in texts)
    known = installed_model(args.model)     # the package graphbuild loads
    model = f"{known.meta['lang']}_{known.meta['name']}" if known else args.model
    rows = whole_processes(corpus, work, texts, ndocs, words, model, args)
    nlp = load_model(args.model)

    print("\nin one process, step by step:")
    bare_spacy(nlp, texts[:8], args.batch_size, 1)    # warm up
    steps = []
    row, _ = timed(f"bare spaCy nlp.pipe (jobs {args.jobs or 1})", len(texts), words,
                   lambda: bare_spacy(nlp, texts, args.batch_size, args.jobs or 1))
    steps.append(row)
    row, _ = timed("  over the pieces graphbuild parses", len(texts), words,
                   lambda: bare_spacy(nlp, pieces, args.batch_size, args.jobs or 1))
    steps.append(row)
    row, result = timed("graphbuild build -> graph.nt", ndocs, words,
                        lambda: graphbuild_build(corpus, out, nlp, args))
    steps.append(row)
    steps.append(timed("  + graph.ttl, .jsonld, .trig", ndocs, words,
                       lambda: write_others(result, out))[0])
    steps.append(Row("graphbuild, all default outputs", ndocs, words,
                     sum(r.seconds for r in steps[2:]), max(r.peak_rss for r in steps[2:]),
                     max(r.peak_pss for r in steps[2:]), sum(r.cpu for r in steps[2:])))
    print(table(steps))
    report = result.report()
    print(f"\ngraph: {report['triples']:,} triples, {report['facts']:,} facts, "
          f"{report['films']:,} films")
    parsed = sum(len(t.split()) for t in pieces)
    print(f"(words/s are words of the documents; graphbuild parses {parsed / words:.0%} of "
          "them: reviews are skimmed)")
    print(f"in one process, throughput vs bare spaCy over the same documents: "
          f"{steps[2].rate / steps[0].rate:.2f} (graph.nt), "
          f"{steps[-1].rate / steps[0].rate:.2f} (all default outputs); over what graphbuild "
          f"parses: {steps[2].rate / steps[1].rate:.2f} and {steps[-1].rate / steps[1].rate:.2f}")
    return rows + steps


def full_bench(args, work: Path) -> list[Row]:
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
    from graphbuild.read.corpus import read_corpus

    docs = list(read_corpus([corpus], []))
    words = sum(len(d.text.split()) for d in docs)
    n = len(docs)
    del docs
    rows = []
    cmd = build_command(corpus, out, args, "--cache", str(cache))
    rows.append(run_process(cmd, "full build, default formats (cache)", n, words,
                            work / "full.log"))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    print(table(rows), file=sys.stderr)
    rows.append(run_process(cmd, "rebuild, nothing changed", n, words, work / "same.log"))
    unchanged = (work / "same.log").read_text(encoding="utf-8")
    if args.touch:
        touched = touch(corpus, 0.01)
        out2 = work / "out2"
        cmd2 = build_command(corpus, out2, args, "--cache", str(cache))
        rows.append(run_process(cmd2, f"rebuild after touching {touched:,} documents",
                                n, words, work / "touched.log"))
        stats = json.loads((out2 / "report.json").read_text(encoding="utf-8"))["build"]
        changed = not filecmp.cmp(out / "graph.nt", out2 / "graph.nt", shallow=False)
        # the same rebuild merging every film again (the kept graph removed):
        # what patching saved, and a check that it gave the same bytes
        (cache / "graph.nt").unlink()
        cmd3 = build_command(corpus, work / "out3", args, "--cache", str(cache))
        rows.append(run_process(cmd3, "  same, merging every film (check)", n, words,
                                work / "check.log"))
        same = all(filecmp.cmp(out2 / f, work / "out3" / f, shallow=False)
                   for f in ("graph.nt", "graph.ttl", "graph.jsonld", "graph.trig"))
    rows.append(timed_query(out / "graph.nt"))   # last: the store makes this process big
    print(table(rows))
    print(f"\ngraph: {report['triples']:,} triples, {report['facts']:,} facts, "
          f"{report['films']:,} films")
    sizes = {p.name: p.stat().st_size for p in sorted(out.glob("graph.*"))}
    print("files: " + ", ".join(f"{n} {b / 2**30:.2f} GB" for n, b in sizes.items()))
    print("rebuild with nothing changed: "
          + ("it said 'nothing changed since the last build'"
             if "nothing changed since the last build" in unchanged else "it wrote files"))
    if args.touch:
        print(f"rebuild: {stats['films_reused']:,} films reused, {stats['films_parsed']:,} parsed "
              f"({stats['documents_parsed']:,} documents); "
              f"time {rows[2].seconds / rows[0].seconds:.1%} of the full build; "
              f"graph.nt {'changed' if changed else 'unchanged'}; the patched outputs "
              f"{'are' if same else 'are NOT'} byte-identical to a full merge's")
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
    ap.add_argument("--jobs", type=int, default=None,
                    help="worker processes of both sides (default: graphbuild's default, "
                         "--jobs auto, against bare spaCy in one process)")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--model", default=None)
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds of the whole-process timings (the median ratio is printed)")
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
