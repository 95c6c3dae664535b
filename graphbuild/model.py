"""Plain dataclasses passed between the pipeline's stages."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not split into an ASCII letter and an accent, so
# folding dropped them ('Straße' -> 'strae', 'Søren' -> 'sren').
_TRANSLITERATE = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
    "ı": "i", "ħ": "h", "Ħ": "H",
})


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """Lower-case ASCII slug: 'Kramer vs. Kramer' -> 'kramer-vs-kramer'.

    Accents are folded ('Amélie' -> 'amelie'), other non-ASCII characters
    separate words ('WALL·E' -> 'wall-e'); text with no ASCII letters or
    digits at all (emoji, CJK) gets a short hash so it still has a name.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    s = _NON_WORD.sub("-", folded.lower()).strip("-")
    if not s:
        s = "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return s[:80].rstrip("-")


EVIDENCE_PER_DOCUMENT = 3
"""Evidence records a fact keeps per document (the most confident first;
`film:evidenceCount` counts them all), and how many times a sentence that a
document repeats word for word is parsed."""


def combine(confidences: Iterable[float]) -> float:
    """Noisy-or of independent pieces of evidence, rounded for stable output."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - max(0.0, min(1.0, c))
    return round(1.0 - miss, 3)


def fact_confidence(evidence: Iterable["Evidence"]) -> float:
    """A fact's confidence: the noisy-or of its distinct evidence sentences.
    The same sentence text read again (repeated in a document, copied into
    another, or read by a second rule) is not independent evidence, so it
    counts once, at its best confidence."""
    best: dict[str, float] = {}
    for e in evidence:
        key = e.sentence or f"\0{e.doc_id}\0{e.start}\0{e.rule}"   # no text: each its own
        if e.confidence > best.get(key, -1.0):
            best[key] = e.confidence
    return combine(best.values())


@dataclass
class FilmInfo:
    """What a corpus says about a film's identity and production."""

    title: str
    year: int | None = None
    imdb_id: str | None = None          # always "tt" + digits
    directors: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    producers: list[str] = field(default_factory=list)
    composers: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    cast: list[str] = field(default_factory=list)
    characters: dict[str, str] = field(default_factory=dict)  # actor -> character
    genres: list[str] = field(default_factory=list)
    language: str | None = None
    countries: list[str] = field(default_factory=list)
    rating: float | None = None
    votes: int | None = None

    @property
    def key(self) -> str:
        """Stable film key: slug of title plus year (the film IRI's last part)."""
        return slug(self.title) + (f"-{self.year}" if self.year else "")


@dataclass
class Document:
    """One source file (or one record of a dataset) about one film."""

    doc_id: str                  # unique and stable: "<film-key>/<file name>"
    path: str                    # where it came from (file path or dataset:record)
    kind: str                    # "plot", "review", "post", "lead", "comment"
    text: str                    # the original text as read (after decoding)
    film: FilmInfo
    body: str = ""               # prose part, normalized (set by normalize)
    body_start: int = 0          # offset of the prose part in `text`
    offsets: list[int] = field(default_factory=list)  # body index -> text index
    front: dict = field(default_factory=dict)           # YAML front matter
    skip_spans: list[tuple[int, int]] = field(default_factory=list)  # credit lines
    parts: list[tuple[int, int]] = field(default_factory=list)  # body spans of prose parts
    meta_lines: list[tuple[str, int, int]] = field(default_factory=list)
    """(key, start, end) in `text` of each line that states metadata: a
    front-matter or film.yaml key's lines, a Director/Cast line."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `body` to offsets into `text`."""
        if not self.offsets:
            return start + self.body_start, end + self.body_start
        n = len(self.offsets)
        s = self.offsets[min(start, n - 1)] if n else start
        e = self.offsets[end - 1] + 1 if 0 < end <= n else (self.offsets[-1] + 1 if n else end)
        return s, e


@dataclass
class Mention:
    """A name or pronoun in a sentence of a document."""

    doc_id: str
    sent: int                    # sentence index in the document body
    start: int                   # character offsets into the document body
    end: int
    text: str
    label: str                   # PERSON, ORG, GPE, LOC, FAC, WORK_OF_ART, PRON, NOUN ...
    token: int = -1              # index of the head token in the document
    tok_start: int = -1          # [tok_start, tok_end) token span
    tok_end: int = -1


@dataclass
class Decision:
    """Why one film's documents make a name the entity it is, or no entity.

    `reasons` is the evidence that decided the class, strongest first, each
    saying what was seen ("played by an actor: Sam Baldwin (Tom Hanks)");
    `merged` maps each other name of the entity to why it names it.
    """

    film: str                    # key of the film whose documents decided
    name: str                    # the name decided about (the entity's label there)
    cls: str                     # the class decided; "" when the name is no entity
    reasons: list[str] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)

    def as_list(self) -> list:
        """Plain data (JSON) form; `from_list` reads it back."""
        return [self.film, self.name, self.cls, list(self.reasons), sorted(self.merged.items())]

    @classmethod
    def from_list(cls, data: list) -> "Decision":
        film, name, klass, reasons, merged = data
        return cls(film, name, klass, list(reasons), {n: why for n, why in merged})


@dataclass
class Entity:
    """A node of the graph: one film, person, character, organization, ..."""

    key: str                     # "<class>/<scope>/<slug>", also the IRI path
    cls: str                     # Film, Person, Character, Organization, Place, Award, Genre
    label: str
    aliases: set[str] = field(default_factory=set)
    film: str | None = None      # film key for film-scoped entities
    gender: str | None = None    # "m", "f" or None, for pronoun resolution
    decisions: list[Decision] = field(default_factory=list)
    """Why it is this entity, one decision per film that names it (the
    film's entity also keeps the names its film found to be no entity)."""

    def decision(self, film: str) -> Decision:
        """This film's decision about the entity (made empty when new)."""
        for d in self.decisions:
            if d.film == film and d.cls:
                return d
        d = Decision(film, self.label, self.cls)
        self.decisions.append(d)
        return d


@dataclass
class Evidence:
    """Where one fact was read: document, sentence, offsets, rule, confidence."""

    doc_id: str
    sentence: str
    sent_index: int
    start: int                   # offsets into the original file text
    end: int
    rule: str
    confidence: float
    surface: str = ""


@dataclass
class Relation:
    """A fact: subject, property local name (or open:lemma), object, evidence.

    `obj` is an Entity key, or a literal when `literal` is True.
    """

    subj: str
    prop: str
    obj: str
    evidence: list[Evidence] = field(default_factory=list)
    literal: bool = False
    datatype: str | None = None  # xsd local name for literals ("gYear", "string")
    open: bool = False

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subj, self.prop, self.obj)


@dataclass
class Report:
    """What a build read, made and could not read."""

    documents: int = 0
    films: int = 0
    failures: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)


@dataclass
class Token:
    """One token of a parsed document (a plain copy of what spaCy found)."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int                    # index of the head token (itself for the root)
    idx: int                     # character offset in the document body
    sent: int                    # sentence index
    ent: str = ""                # entity label if inside a named entity
    ent_iob: str = "O"           # B, I or O


@dataclass
class Parsed:
    """A document with its tokens, sentences and named-entity mentions."""

    doc: Document
    tokens: list[Token]
    sents: list[tuple[int, int]]      # [start, end) token indexes
    mentions: list[Mention]           # named entities (PERSON, ORG, GPE, ...)

    def sentence_text(self, s: int) -> str:
        a, b = self.sents[s]
        last = self.tokens[b - 1]
        return self.doc.body[self.tokens[a].idx:last.idx + len(last.text)]

    def children(self, i: int) -> list[Token]:
        """Tokens whose head is token i (computed once, then cached)."""
        kids = getattr(self, "_kids", None)
        if kids is None:
            kids = [[] for _ in self.tokens]
            for t in self.tokens:
                if t.head != t.i:
                    kids[t.head].append(t)
            self._kids = kids
        return kids[i]


@dataclass
class Resolution:
    """A film's entities and, per document token, the entity it names."""

    film_key: str
    entities: dict[str, Entity] = field(default_factory=dict)
    refs: dict[tuple[str, int], str] = field(default_factory=dict)
    pronouns: dict[tuple[str, int], str] = field(default_factory=dict)
    certainty: dict[tuple[str, int], float] = field(default_factory=dict)
    """How sure the resolver is of each resolved pronoun (0.5-1; see pronouns.py)."""

    def ref(self, doc_id: str, i: int) -> str | None:
        """Entity key of token i of a document (a name or a resolved pronoun)."""
        return self.refs.get((doc_id, i)) or self.pronouns.get((doc_id, i))
