"""Check a built graph's evidence against the files it cites.

For every `film:Evidence` node: the document it is quoted from names a file
(`film:sourcePath`) that exists, and the file's characters
[startOffset, endOffset) hold the quoted sentence's words, in order (spaces,
HTML tags and entities aside). Files are decoded as graphbuild reads them.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import PROV, RDF

from graphbuild.rdf.vocab import FILM
from graphbuild.read.corpus import decode

_TAG = re.compile(r"<[^<>\n]{0,200}>")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text, markup and entities aside."""
    return _WORD.findall(html.unescape(_TAG.sub(" ", text)))


def holds(span: str, quote: str) -> bool:
    """Whether the span's words contain the quote's words as one run."""
    want, have = words(quote), words(span)
    if not want:
        return False
    n = len(want)
    return any(have[i:i + n] == want for i in range(len(have) - n + 1))


@dataclass
class EvidenceCheck:
    """What checking a graph's evidence found."""

    checked: int = 0
    zero: list[str] = field(default_factory=list)        # offsets 0-0
    missing: list[str] = field(default_factory=list)     # no document or no file
    outside: list[str] = field(default_factory=list)     # span does not hold the quote

    @property
    def bad(self) -> list[str]:
        return self.zero + self.missing + self.outside


def check_evidence(graph: Graph, base: str | Path = ".") -> EvidenceCheck:
    """Check every evidence record of `graph`; relative source paths are
    read under `base` (where the build ran)."""
    base = Path(base)
    texts: dict[str, str | None] = {}
    out = EvidenceCheck()
    for ev in sorted(set(graph.subjects(RDF.type, FILM.Evidence))):
        out.checked += 1
        start = int(graph.value(ev, FILM.startOffset))
        end = int(graph.value(ev, FILM.endOffset))
        quote = str(graph.value(ev, FILM.sentence) or "")
        doc = graph.value(ev, PROV.wasQuotedFrom)
        path = graph.value(doc, FILM.sourcePath) if doc is not None else None
        where = f"{path}:{start}-{end} ({graph.value(ev, FILM.rule)}) {quote[:80]!r}"
        if start == 0 and end == 0:
            out.zero.append(where)
            continue
        if path is None:
            out.missing.append(where)
            continue
        if str(path) not in texts:
            p = Path(str(path))
            p = p if p.is_absolute() else base / p
            texts[str(path)] = decode(p.read_bytes(), str(p), []) if p.is_file() else None
        text = texts[str(path)]
        if text is None:
            out.missing.append(where)
        elif not holds(text[start:end], quote):
            out.outside.append(where)
    return out


if __name__ == "__main__":   # python tests/evidence.py OUTPUT_DIR [BASE]
    from graphbuild.outputs.rdf import load_graph

    found = check_evidence(load_graph(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else ".")
    print(f"checked {found.checked} evidence records: {len(found.zero)} at offsets 0-0, "
          f"{len(found.missing)} citing no readable file, {len(found.outside)} whose span "
          "does not hold the quote")
    for line in found.bad[: int(sys.argv[3]) if len(sys.argv) > 3 else 20]:
        print("  " + line)
