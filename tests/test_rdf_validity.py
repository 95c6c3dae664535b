"""Always-valid RDF: hostile names (quotes, angle brackets, emoji, combining
marks, right-to-left text, line breaks, backslashes, control characters) give
valid IRIs and literals, and every output format reads back to the same graph
in rdflib, in Oxigraph and in Raptor's `rapper`; evidence offsets point at
the quoted text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from graphbuild.model import Document, Entity, Evidence, FilmInfo, Relation, slug
from graphbuild.outputs.rdf import FORMATS, export, load_graph, serialize
from graphbuild.rdf.iris import document_iri, entity_iri, hashed_iri
from graphbuild.rdf.mapping import text as text_literal
from graphbuild.rdf.mapping import to_graph, writable
from graphbuild.rdf.vocab import FILM
from graphbuild.read.normalize import normalize

HOSTILE = [
    'Tom "The Knife" O\'Hara', "'''triple''' \"\"\"quotes\"\"\"",
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "a > b < c & d",
    "😀🎬 Emoji Émile", "👩‍👩‍👧 family ZWJ", "e\u0301 combining Zoe\u0308", "Z̷̢͎a̵l̶g̸o̴",
    "\u05e9\u05dc\u05d5\u05dd right-to-left", "\u202eevil override\u202c", "\u200f\u200e marks",
    "line\nbreak", "cr\r\nlf", "lone\rcr", "tab\there", "U+2028\u2028and NEL\x85",
    "back\\slash \\u0041 \\n \\\"", "NUL\x00byte", "bell\x07 esc\x1b[31m del\x7f",
    "vt\x0bff\x0c", "\ufeffBOM first", "not a char \ufffe\uffff", "]]> <!-- --> <![CDATA[",
    "@prefix x: <y> .", "_:b0 a <urn:x> ;", "^^xsd:int @en", '{"@id": "x"}', "{{ }} ${x}",
    " leading and trailing ", "", "東京物語", "Straße Søren Ærø", "%20%3C%00",
]
"""Names a corpus can hold: in front matter, in prose, in a file name."""

OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
              ".jsonld": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG,
              ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML,
              ".xml": ox.RdfFormat.RDF_XML}
RAPPER_FORMATS = {".ttl": "turtle", ".nt": "ntriples", ".trig": "trig", ".nq": "nquads",
                  ".rdf": "rdfxml", ".xml": "rdfxml"}
"""What rapper reads (it has no JSON-LD)."""

# What an IRI may not hold (RFC 3987 and the N-Triples IRIREF production).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')


def hostile_graph() -> Graph:
    """A graph made by graphbuild's mapping from hostile names everywhere:
    film title, people and characters, a literal fact, sentences, surface
    text, a file name and its path."""
    info = FilmInfo(title=" ".join(HOSTILE[:6]), year=1999)
    film = f"film/{info.key}"
    entities = {film: Entity(film, "Film", info.title, set(HOSTILE[6:9]))}
    relations, documents = [], []
    for i, name in enumerate(HOSTILE):
        doc = Document(doc_id=f"{info.key}/{name or 'x'}-{i}.txt", path=f"/corpus/{name}/{i}.txt",
                       kind="plot", text=name, film=info)
        documents.append(doc)
        person = f"person/{slug(name)}"
        character = f"character/{info.key}/{slug(name + ' role')}"
        entities[person] = Entity(person, "Person", name, {name.upper(), name[::-1]})
        entities[character] = Entity(character, "Character", name + " role")
        ev = Evidence(doc.doc_id, f"{name} plays {name} role.", i, 0, len(name), "test.v1",
                      0.9, surface=name)
        relations += [Relation(film, "castMember", person, [ev]),
                      Relation(person, "plays", character, [ev]),
                      Relation(character, "nickname", name, [ev], literal=True,
                               datatype="string", open=True)]
    return to_graph(entities, relations, documents)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return hostile_graph()


def oxigraph_graph(path: Path) -> Graph:
    """The file read by Oxigraph, as an rdflib Graph (named graphs merged)."""
    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        plain = t.language or t.datatype.value == str(XSD.string)   # RDF 1.1: the same
        return Literal(t.value, lang=t.language, datatype=None if plain else URIRef(t.datatype.value))

    g = Graph()
    for q in ox.parse(path=str(path), format=OX_FORMATS[path.suffix]):
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


def rapper_graph(path: Path) -> Graph:
    """The file read by Raptor's rapper, as an rdflib Graph."""
    done = subprocess.run(["rapper", "-q", "-i", RAPPER_FORMATS[path.suffix], "-o", "ntriples",
                           str(path)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[:2000]
    return Graph().parse(data=done.stdout.decode("utf-8"), format="nt")


# --- IRIs and literals ------------------------------------------------------------------

def test_every_iri_of_hostile_names_is_valid(graph):
    iris = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    assert len(iris) > 3 * len(HOSTILE)
    for iri in iris:
        assert not _NOT_IN_IRI.search(str(iri)), iri
        ox.NamedNode(str(iri))


def test_hostile_names_stay_as_written_but_for_what_xml_cannot_hold(graph):
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    for name in HOSTILE:
        if name:
            assert writable(name) in labels, name
    assert "Tom \"The Knife\" O'Hara" in labels and "line\nbreak" in labels
    assert "NULbyte" in labels and "cr\nlf" in labels and "lone\ncr" in labels
    assert "bell esc[31m del\x7f" in labels


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_every_format_reads_back_the_same_graph_in_rdflib(graph, tmp_path, ext, assert_isomorphic):
    [path] = export(graph, tmp_path / f"graph{ext}")
    assert_isomorphic(graph, load_graph(path))


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_every_format_reads_back_the_same_graph_in_oxigraph(graph, tmp_path, ext,
                                                            assert_isomorphic):
    [path] = export(graph, tmp_path / f"graph{ext}")
    assert_isomorphic(graph, oxigraph_graph(path))


@pytest.mark.parametrize("ext", sorted(set(RAPPER_FORMATS) & set(FORMATS)))
def test_every_format_rapper_reads_gives_the_same_graph(graph, tmp_path, ext, assert_isomorphic):
    if shutil.which("rapper") is None:
        pytest.skip("rapper is not installed (apt-get install raptor2-utils; .ci/run does it)")
    [path] = export(graph, tmp_path / f"graph{ext}")
    assert_isomorphic(graph, rapper_graph(path))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_as_a_literal_reads_back_in_every_format(value):
    node = entity_iri(f"person/{slug(value)}")
    g = Graph()
    g.add((node, RDFS.label, text_literal(value)))
    g.add((node, FILM.sentence, Literal(writable(value))))
    for ext, fmt in FORMATS.items():
        data = serialize(g, fmt)
        back = Graph()
        if fmt in ("trig", "nquads"):
            back = load_graph_text(data, fmt)
        else:
            back.parse(data=data, format=fmt)
        assert set(back) == set(g), ext
        triples = {(t.subject.value, t.object.value)
                   for t in ox.parse(data.encode("utf-8"), format=OX_FORMATS[ext])}
        assert triples == {(str(node), writable(value))}, ext


def load_graph_text(data: str, fmt: str) -> Graph:
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=data, format=fmt)
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


# --- IRI minting ----------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_gives_valid_iris():
    """Python keeps such a name's bytes as lone surrogates ('\\udce9')."""
    name = os.fsdecode(b"\xe9\xe8.txt"[:2])
    for iri in (document_iri(f"a-film/{name}"), hashed_iri("evidence", name),
                entity_iri(f"person/{slug(name)}")):
        ox.NamedNode(str(iri))
        assert not _NOT_IN_IRI.search(str(iri))
    assert slug(name) != slug(os.fsdecode(b"\xe9\xe9"))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.integers(1870, 2100)), st.text(min_size=1))
def test_any_title_year_and_file_name_give_valid_film_and_document_iris(title, year, name):
    assume("/" not in name)
    key = FilmInfo(title=title, year=year).key
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key)
    for iri in (entity_iri(f"film/{key}"), document_iri(f"{key}/{name}"),
                entity_iri(f"character/{key}/{slug(name)}")):
        assert not _NOT_IN_IRI.search(str(iri)), iri
        ox.NamedNode(str(iri))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["statement", "evidence"]), st.lists(st.text(), max_size=5))
def test_hashed_iris_of_any_parts_are_valid_and_the_same_every_time(kind, parts):
    iri = hashed_iri(kind, *parts)
    assert re.fullmatch(rf"https://w3id\.org/graphbuild/id/{kind}/[0-9a-f]{{16}}", str(iri))
    assert hashed_iri(kind, *parts) == iri


# --- evidence offsets -------------------------------------------------------------------------

# Words no repair touches (letters and digits of any script, NFC) and gaps:
# a plain space, or markup and citation marks that normalization removes.
_WORD = st.text(st.characters(categories=["Lu", "Ll", "Lo", "Nd"]), min_size=1, max_size=8)
_MARKUP = st.sampled_from([" <i>", "</i> ", " <br /> ", " [3] ", "\t", "  ", " &amp; ", "\r\n",
                           " \x0c "])


@st.composite
def marked_up_prose(draw) -> tuple[str, list[str], list[bool]]:
    """Text made of words, the words, and whether each gap before a word is
    a plain space."""
    words = draw(st.lists(_WORD.filter(lambda w: unicodedata.normalize("NFC", w) == w),
                          min_size=1, max_size=12))
    plain = [draw(st.booleans()) for _ in words]
    gaps = [" " if p else draw(_MARKUP) for p in plain]
    return "".join(g + w for g, w in zip(gaps, words)) + " .", words, plain


def _untouched(word: str) -> bool:
    doc = Document("f/x", "x", "plot", word, FilmInfo("F"))
    return normalize(doc).body == word


@settings(max_examples=300, deadline=None)
@given(marked_up_prose())
def test_text_at_the_offsets_of_an_unchanged_span_is_the_span(prose):
    """For any run of words with plain spaces between them that normalization
    leaves as it was, the original text at its offsets is the same run: what
    an evidence quotes is what the file says there."""
    text, words, plain = prose
    assume(all(_untouched(w) for w in words))
    doc = normalize(Document("f/x", "x", "plot", text, FilmInfo("F")))
    pos = 0
    spans = []
    for w in words:
        i = doc.body.find(w, pos)
        assume(i >= 0)     # a repair changed the word in its context (mojibake-like)
        spans.append((i, i + len(w)))
        pos = i + len(w)
    for i in range(len(words)):
        for j in range(i, len(words)):
            if j > i and not plain[j]:
                break
            a, b = doc.original_span(spans[i][0], spans[j][1])
            assert text[a:b] == doc.body[spans[i][0]:spans[j][1]] == " ".join(words[i:j + 1])


def test_control_characters_and_carriage_returns_are_repaired_with_their_offsets():
    text = "Tom\x00Smith\x0bleft\x1b[0m.\r\nEve &#13;stays\rhome."
    doc = normalize(Document("f/x", "x", "plot", text, FilmInfo("F")))
    assert doc.body == "Tom Smith left [0m.\nEve\nstays\nhome."
    for word in ("Tom", "Smith", "left", "Eve", "stays", "home."):
        i = doc.body.index(word)
        a, b = doc.original_span(i, i + len(word))
        assert text[a:b] == word


@pytest.mark.model
def test_built_evidence_offsets_point_at_the_quoted_sentence(nlp, tmp_path):
    """Through the whole pipeline: every evidence whose sentence the file
    holds verbatim points at exactly that sentence; the others (repaired
    text) still point inside the file."""
    from graphbuild.pipeline import build

    folder = tmp_path / "corpus" / "the-film-1990"
    folder.mkdir(parents=True)
    texts = {
        "plot.txt": "Tom Smith (Ann Lee) helps his wife Eve Smith.\r\nEve Smith (Bo Ray) "
                    "works for the agency.<br /><br />Tom Smith lives in Paris.\x0c\n",
        "review.md": "---\ntitle: The Film\nyear: 1990\n---\nTom Smith marries Eve "
                     "Smith.\nThen Tom meets Jo\u0308rg Ba\u0301n in Berlin.[4]\n",
    }
    for name, t in texts.items():
        (folder / name).write_bytes(t.encode("utf-8"))
    result = build([tmp_path / "corpus"], nlp=nlp)
    evidence = [e for r in result.relations for e in r.evidence if e.doc_id]
    assert len(evidence) >= 4
    verbatim = 0
    for e in evidence:
        original = texts[e.doc_id.rpartition("/")[2]]
        assert 0 <= e.start < e.end <= len(original)
        if e.sentence in original:
            assert original[e.start:e.end] == e.sentence, e
            verbatim += 1
    assert verbatim >= 3
