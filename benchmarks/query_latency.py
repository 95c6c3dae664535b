"""Query latency: rdflib's in-memory graph vs graphbuild's pyoxigraph store.

Generates a synthetic graph in graphbuild's model (films, people, characters,
story facts, each fact with its reified statement and evidence node; about
420 triples per film, deterministic for a seed), writes it as a store, and
times representative queries both ways. Prints a table with the ratios.

    python -m benchmarks.query_latency                 # ~1M triples
    python -m benchmarks.query_latency --films 200     # a quick run
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graphbuild.rdf.vocab import FILM, GBR, bind_prefixes
from graphbuild.sparql.query import query, saved_query
from graphbuild.sparql.store import open_store, write_store

FIRST = ["Ann", "Bob", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hal", "Ida", "Jon", "Kai", "Lea",
         "Max", "Nia", "Otto", "Pia", "Quin", "Rae", "Sam", "Tess", "Uma", "Vic", "Wes", "Xia",
         "Yan", "Zoe"]
LAST = ["Abbot", "Brandt", "Castro", "Dunn", "Ellis", "Fox", "Grant", "Hale", "Iver", "Joyce",
        "Kerr", "Lund", "Marsh", "Nolan", "Ortiz", "Price", "Quade", "Reyes", "Stone", "Toft",
        "Ueda", "Voss", "Wolfe", "Young", "Zane"]
WORDS = ["Night", "River", "Glass", "Summer", "Kingdom", "Shadow", "Letter", "Harbor", "Winter",
         "Garden", "Empire", "Silence", "Road", "Storm", "Island", "Mirror", "Crown", "Echo"]
GENRES = ["Drama", "Comedy", "Thriller", "Western", "Horror", "Romance", "Musical", "War",
          "Crime", "Mystery", "Fantasy", "Documentary"]
STORY = ["spouseOf", "parentOf", "siblingOf", "friendOf", "neighborOf", "colleagueOf",
         "enemyOf", "employedBy", "advises", "helps", "leaves", "sues", "kills", "loves"]


class _Builder:
    def __init__(self, graph: Graph, rng: random.Random):
        self.g, self.rng, self.n = graph, rng, 0

    def entity(self, iri, cls, label, *alts):
        self.g.add((iri, RDF.type, cls))
        self.g.add((iri, RDFS.label, Literal(label)))
        for a in alts:
            self.g.add((iri, SKOS.altLabel, Literal(a)))

    def fact(self, s, p, o, doc, sentence, rule):
        """A fact with its reified statement and one evidence node."""
        g = self.g
        self.n += 1
        st, ev = GBR[f"statement/s{self.n}"], GBR[f"evidence/e{self.n}"]
        conf = Literal(f"{self.rng.uniform(0.4, 1.0):.2f}", datatype=XSD.decimal)
        start = self.rng.randrange(0, 5000)
        g.add((s, p, o))
        for t in [(st, RDF.type, RDF.Statement), (st, RDF.subject, s), (st, RDF.predicate, p),
                  (st, RDF.object, o), (st, FILM.confidence, conf), (st, PROV.wasDerivedFrom, ev),
                  (ev, RDF.type, FILM.Evidence), (ev, PROV.wasQuotedFrom, doc),
                  (ev, FILM.sentence, Literal(sentence)),
                  (ev, FILM.startOffset, Literal(start)),
                  (ev, FILM.endOffset, Literal(start + len(sentence))),
                  (ev, FILM.rule, Literal(rule)), (ev, FILM.confidence, conf)]:
            g.add(t)


def synthetic_graph(films: int, seed: int = 7) -> Graph:
    """A graph in graphbuild's model with `films` films (~420 triples each)."""
    rng = random.Random(seed)
    g = Graph()
    bind_prefixes(g)
    b = _Builder(g, rng)
    people = [GBR[f"person/p{i}"] for i in range(max(50, films * 5))]
    for i, person in enumerate(people):
        b.entity(person, FILM.Person, f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}")
    genres = [GBR[f"genre/{name.lower()}"] for name in GENRES]
    for iri, name in zip(genres, GENRES):
        b.entity(iri, FILM.Genre, name)
    for f in range(films):
        title = f"The {rng.choice(WORDS)} of {rng.choice(WORDS)} {f}"
        film = GBR[f"film/f{f}"]
        b.entity(film, FILM.Film, title, title.upper())
        g.add((film, FILM.releaseYear, Literal(str(1930 + f % 90), datatype=XSD.gYear)))
        g.add((film, FILM.imdbId, Literal(f"tt{f:07d}")))
        docs = []
        for d in range(3):
            doc = GBR[f"document/f{f}/doc-{d}"]
            docs.append(doc)
            for t in [(doc, RDF.type, FILM.Document), (doc, RDF.type, PROV.Entity),
                      (doc, RDFS.label, Literal(f"doc-{d}.txt")), (doc, FILM.about, film),
                      (doc, FILM.documentKind, Literal("plot"))]:
                g.add(t)
        director = rng.choice(people)
        b.fact(film, FILM.directedBy, director, docs[0],
               f"Directed by {g.value(director, RDFS.label)}.", "metadata.director.v1")
        b.fact(film, FILM.genre, rng.choice(genres), docs[0], "Genre line.", "metadata.genre.v1")
        chars = []
        for c in range(8):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            char = GBR[f"character/f{f}/c{c}"]
            b.entity(char, FILM.Character, f"{first} {last}", first)
            chars.append((char, first))
            b.fact(film, FILM.hasCharacter, char, rng.choice(docs), f"{first} {last} appears.",
                   "roles.mention.v1")
        for char, first in chars[:5]:
            actor = rng.choice(people)
            b.fact(film, FILM.castMember, actor, docs[0], "Cast line.", "metadata.cast.v1")
            b.fact(actor, FILM.plays, char, docs[1], f"{first} is played by an actor.",
                   "roles.paren_actor.v1")
        for _ in range(6):
            (s, s_name), (o, o_name) = rng.sample(chars, 2)
            p = rng.choice(STORY)
            b.fact(s, FILM[p], o, rng.choice(docs), f"{s_name} {p} {o_name} in this sentence.",
                   "story.verb.v1")
    return g


QUERIES = [
    ("predicate counts (GROUP BY)",
     "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)", None),
    ("class counts (GROUP BY)", saved_query("class-counts").text, None),
    ("characters-and-actors (all)", saved_query("characters-and-actors").text, None),
    ("characters-of one film", saved_query("characters-of").text, "film"),
    ("evidence of one fact", saved_query("evidence").text, "evidence"),
]


def _params(graph: Graph, which: str | None) -> dict[str, Literal]:
    """Parameter values that name a real film / fact of the synthetic graph."""
    if which == "film":
        return {"film": graph.value(GBR["film/f1"], RDFS.label)}
    if which == "evidence":
        for p in STORY:
            for s, o in graph.subject_objects(FILM[p]):
                return {"subject": graph.value(s, RDFS.label), "predicate": Literal(p),
                        "object": graph.value(o, RDFS.label)}
    return {}


def _time(fn, repeat: int, budget: float) -> tuple[float, int]:
    """Median seconds of fn() over `repeat` runs (fewer if past `budget`), rows."""
    times, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t)
        if sum(times) > budget:
            break
    return statistics.median(times), rows


def _time_rdflib(graph: Graph, text: str, params: dict, repeat: int, budget: float,
                 limit: float) -> tuple[float | None, int | None]:
    """Like _time for rdflib's graph.query, in a forked child that is killed
    when a run passes `limit` seconds (some queries take rdflib hours at this
    size): (None, None) when not even one run finished."""
    import multiprocessing

    prefixes = dict(graph.namespaces())
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()

    def run():
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(graph.query(text, initBindings=params, initNs=prefixes))
            child.send((time.perf_counter() - t, rows))

    proc = ctx.Process(target=run)
    proc.start()
    times, rows = [], None
    while len(times) < repeat and sum(times) <= budget and parent.poll(limit):
        seconds, rows = parent.recv()
        times.append(seconds)
    proc.kill()
    proc.join()
    return (statistics.median(times), rows) if times else (None, None)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--films", type=int, default=2400, help="films to generate (~420 triples each)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=5, help="runs per query (median reported)")
    ap.add_argument("--budget", type=float, default=60.0,
                    help="stop repeating a query after this many seconds")
    ap.add_argument("--limit", type=float, default=600.0,
                    help="give up on an rdflib query after this many seconds")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    graph = synthetic_graph(args.films, args.seed)
    print(f"generated {len(graph):,} triples ({args.films} films, seed {args.seed}) "
          f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "graph.nt"
        graph.serialize(nt, format="nt", encoding="utf-8")
        t = time.perf_counter()
        Graph().parse(nt, format="nt")
        rdflib_parse = time.perf_counter() - t
        t = time.perf_counter()
        write_store(graph, Path(tmp) / "store")
        store_write = time.perf_counter() - t
        t = time.perf_counter()
        store = open_store(Path(tmp) / "store")
        store_open = time.perf_counter() - t
        print(f"rdflib parses the N-Triples in {rdflib_parse:.1f} s; write_store takes "
              f"{store_write:.1f} s once; open_store takes {store_open * 1000:.0f} ms",
              file=sys.stderr)

        rows_out = []
        for name, text, which in QUERIES:
            params = _params(graph, which)
            ox, n_ox = _time(lambda: len(query(store, text, bindings=params).rows),
                             args.repeat, args.budget)
            rd, n_rd = _time_rdflib(graph, text, params, args.repeat, args.budget, args.limit)
            if rd is not None and n_rd != n_ox:
                print(f"warning: {name}: rdflib gave {n_rd} rows, the store {n_ox}",
                      file=sys.stderr)
            rows_out.append((name, n_ox, rd, ox))
            shown = f"{rd * 1000:.0f} ms" if rd is not None else f"> {args.limit:g} s"
            print(f"  {name}: rdflib {shown}, store {ox * 1000:.1f} ms", file=sys.stderr)
        del store

    width = max(len(r[0]) for r in rows_out)
    print(f"query latency on {len(graph):,} triples (median of up to {args.repeat} runs)")
    print(f"{'query'.ljust(width)}  {'rows':>6}  {'rdflib ms':>10}  {'store ms':>9}  {'ratio':>7}")
    for name, n, rd, ox in rows_out:
        if rd is None:  # rdflib did not finish: the ratio is a lower bound
            rd_text, ratio = f">{args.limit * 1000:.0f}", f">{args.limit / ox:.0f}x"
        else:
            rd_text, ratio = f"{rd * 1000:.1f}", f"{rd / ox:.1f}x"
        print(f"{name.ljust(width)}  {n:>6}  {rd_text:>10}  {ox * 1000:>9.1f}  {ratio:>7}")


if __name__ == "__main__":
    main()
