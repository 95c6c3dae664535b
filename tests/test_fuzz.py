"""Fuzzing the corpus loader and the normalizer (hypothesis): whatever bytes
a file holds and whatever shape its front matter takes, reading only ever
reports problems, and normalized text keeps its offsets into the file.
Bounded (max_examples, no deadline) so the file runs in CI in about 30 s."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.model import Document, FilmInfo
from graphbuild.read.corpus import (
    Problem,
    decode,
    film_from_mapping,
    parse_credits,
    read_file,
    split_front_matter,
)
from graphbuild.read.normalize import normalize

FUZZ = settings(max_examples=400, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CONTROL = set("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
              "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\r\ufffe\uffff")

# --- strategies ---------------------------------------------------------------------------------

_YAML_VALUES = st.sampled_from([
    "plain", '"double: quoted"', "'single ''quoted'''", "[A, B, [C]]", "{a: 1, b: [2]}", "",
    "&anchor value", "*anchor", "*missing", "!!python/object/apply:os.system ['true']",
    "!!binary aGVsbG8=", "|\n  literal\n  block", ">\n  folded\n  block", "- item", "null",
    "~", "nineteen", "5", "2001: A Space Odyssey", "a, b | c; d", "N/A", "\t tabbed",
    "{unclosed", "[unclosed", "'unclosed", '"esc \\x00 \\u00e9 \\U0001F600"', "%YAML 1.2",
    "<script>alert(1)</script>", "\U0001f3ac \u202e rtl", "\x00 nul", "...", "---",
])
_KEYS = st.sampled_from([
    "title", "movie title", "year", "director", "directors", "cast", "genres", "genre",
    "imdb_id", "imdb_rating", "votes", "characters", "description", "language", "countries",
    "? complex", "- listed", "dup", "dup", "", "  indented", "key with spaces", "ключ",
])


@st.composite
def front_matter(draw) -> str:
    """'---' lines of YAML-ish key: value pairs, or of anything, '---'."""
    lines = draw(st.lists(st.one_of(
        st.tuples(_KEYS, _YAML_VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"),
        st.text(max_size=30).map(lambda t: t.replace("\n", " ")),
        st.sampled_from(["  - nested", "    deeper: x", "[", "}", "---", "- - - x", ": :"]),
    ), max_size=12))
    closing = draw(st.sampled_from(["---\n", "---", "--- \r\n", "...\n", ""]))
    return "---\n" + "".join(line + "\n" for line in lines) + closing


_BODY_PIECES = st.sampled_from([
    "Tom Smith", "(Ann Lee)", " marries ", "Eve.", "He", " ", "\n", "\n\n", "\r\n", "\t",
    "<br />", "<br><br>", "<i>", "</i>", "<b onmouseover=x>", "<script>x</script>", "&amp;",
    "&#233;", "&#x0;", "&#99999999;", "&#13;", "&nbsp;", "&bogus;", "[1]", "[citation needed]",
    "::author", "..", "...", "\u2026", "him.Ted", "membersEllen", "http://x.y/a.B?c=D",
    "a@b.c", "divorc√©e", "â€™s", "Ã©", "\x93quoted\x94", "\x00", "\x0c", "\x1b[31m", "\x7f",
    "\u2028", "\x85", "\ufeff", "\ufffe", "\U0001f600", "e\u0301", "\u202e", "東京物語",
    "Director: `Ann Lee`", "Cast: `Bob` `Cy`", "Cast: no ticks", "# Heading",
])


@st.composite
def document_text(draw) -> str:
    """Front matter (or none) and a body of film prose, markup and junk."""
    head = draw(st.one_of(st.just(""), front_matter(), st.just("# A Title (1999 film)\n")))
    body = "".join(draw(st.lists(st.one_of(_BODY_PIECES, st.text(max_size=12)), max_size=40)))
    return head + body


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])


@st.composite
def file_bytes(draw) -> bytes:
    """What a file can hold: encoded documents, or any bytes at all."""
    return draw(st.one_of(
        st.binary(max_size=3000),
        st.tuples(document_text(), ENCODINGS).map(lambda te: te[0].encode(te[1], "replace")),
        st.tuples(document_text(), st.binary(max_size=40)).map(
            lambda tb: tb[0].encode("utf-8") + tb[1]),
    ))


# --- invariants ------------------------------------------------------------------------------

def assert_problems_say_what_and_fix(problems: list[Problem], path: str) -> None:
    for p in problems:
        assert isinstance(p, Problem) and p.path == path
        assert p.what.strip() and p.fix.strip()


def assert_offsets_hold(doc: Document) -> None:
    """Each body character maps into the file, in order, never into a
    Director/Cast line, and the body holds nothing an RDF file cannot."""
    assert len(doc.offsets) == len(doc.body)
    assert all(0 <= o <= len(doc.text) for o in doc.offsets)
    assert doc.offsets == sorted(doc.offsets)
    assert not CONTROL & set(doc.body)
    for a, b in doc.skip_spans:
        inside = [o for o in doc.offsets if a < o < b - 1]
        assert inside == [], (a, b)


# --- the targets -------------------------------------------------------------------------------

@FUZZ
@given(st.binary(max_size=4000))
def test_decode_gives_text_or_a_skip_problem(data):
    problems: list[Problem] = []
    text = decode(data, "f.txt", problems)
    assert_problems_say_what_and_fix(problems, "f.txt")
    if text is None:
        assert [p.fatal for p in problems] == [True]
    else:
        assert isinstance(text, str) and all(not p.fatal for p in problems)


@FUZZ
@given(file_bytes(), st.one_of(st.none(), st.integers(1, 400)))
def test_read_file_gives_a_document_or_says_why_not(data, max_chars):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.md"
        path.write_bytes(data)
        problems: list[Problem] = []
        raw = read_file(path, problems, max_chars=max_chars)
    assert_problems_say_what_and_fix(problems, str(path))
    if raw is None:
        assert any(p.fatal for p in problems)
        return
    assert not any(p.fatal for p in problems)
    assert max_chars is None or len(raw.text) <= max_chars
    assert isinstance(raw.front, dict) and 0 <= raw.body_start <= len(raw.text)
    for a, b in raw.credit_spans:
        assert raw.body_start <= a < b <= len(raw.text)
    for names in raw.credits.values():
        assert names and all(n and n == n.strip() for n in names)
    info = film_from_mapping(raw.front, "Fallback")
    assert isinstance(info.title, str) and (info.year is None or 1870 <= info.year <= 2100)
    for names in (info.cast, info.directors, info.genres, info.countries, info.writers):
        assert all(isinstance(n, str) and any(c.isalpha() for c in n) for n in names)
    doc = Document("film/doc.md", str(path), "plot", raw.text, info, body_start=raw.body_start,
                   front=raw.front, skip_spans=raw.credit_spans)
    assert_offsets_hold(normalize(doc))


@FUZZ
@given(front_matter(), st.text(max_size=200))
def test_front_matter_of_any_shape_gives_a_mapping_or_a_warning(block, body):
    problems: list[Problem] = []
    data, start = split_front_matter(block + body, "p.md", problems)
    assert isinstance(data, dict) and 0 <= start <= len(block) + len(body)
    assert_problems_say_what_and_fix(problems, "p.md")
    assert all(not p.fatal for p in problems)
    film_from_mapping(data, "Fallback")


@FUZZ
@given(st.text(max_size=600), st.integers(0, 50))
def test_credit_lines_give_names_and_spans_inside_the_text(text, start):
    text = "Cast: `A` `B`\n" + text + "\nDirector: `C D`\n"
    credits, spans = parse_credits(text, start)
    assert set(credits) <= {"director", "cast", "writer", "producer", "music"}
    for a, b in spans:
        assert start <= a < b <= len(text)
        assert text[a:b].lstrip().split(":")[0].lower().rstrip("s") in (
            "director", "cast", "writer", "producer", "music")
    if start <= text.rindex("\nDirector") + 1:
        assert credits["director"][-1] == "C D"


@FUZZ
@given(document_text(), st.integers(0, 30))
def test_normalize_of_any_prose_keeps_offsets(text, start):
    start = min(start, len(text))
    credits, spans = parse_credits(text, start)
    doc = Document("film/x.txt", "x.txt", "plot", text, FilmInfo("F"), body_start=start,
                   skip_spans=spans)
    assert_offsets_hold(normalize(doc))


@FUZZ
@given(st.dictionaries(st.text(max_size=12), st.recursive(
    st.none() | st.text(max_size=20) | st.integers() | st.floats(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=4),
    max_leaves=20), max_size=8))
def test_film_from_any_mapping_tolerates_wrong_types(data):
    for key in ("title", "year", "cast", "genres", "director", "characters", "imdb_id",
                "imdb_rating", "votes", "language"):
        if key not in data and data:
            data[key] = next(iter(data.values()))
    info = film_from_mapping(data, "Fallback")
    assert isinstance(info.title, str) and isinstance(info.key, str)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in info.characters.items())


# --- hostile front matter, each in a process of its own ------------------------------------------

BOMBS = {
    "20,000 nested brackets": "a: " + "[" * 20_000 + "]" * 20_000,
    "60,000 unclosed brackets": "a: " + "[" * 60_000,
    "30,000 nested dashes": "- " * 30_000 + "x",
    "2,000 nested mappings": "a: " + "{b: " * 2_000 + "c" + "}" * 2_000,
    "a billion laughs": "title: Laughs\na: &a [lol, lol]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
        + "cast: *i",
    "a recursive alias": "title: Loop\ncast: &x [*x]",
    "100 kB of keys": "title: Big\n" + "".join(f"key{i}: value\n" for i in range(9_000)),
    "a python tag": "title: Tag\ncast: !!python/object/apply:os.system ['touch {marker}']",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_hostile_front_matter_is_read_line_by_line_and_never_crashes(name, tmp_path):
    """In a subprocess: without the guards, deep nesting crashed the
    interpreter (libyaml recursion, SIGSEGV) and aliases ate the memory."""
    marker = tmp_path / "executed"
    doc = tmp_path / "post.md"
    doc.write_text("---\n" + BOMBS[name].replace("{marker}", str(marker)) + "\n---\nTom Smith leaves.\n",
                   encoding="utf-8")
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from pathlib import Path
        from graphbuild.read.corpus import film_from_mapping, read_file
        problems = []
        raw = read_file(Path({str(doc)!r}), problems)
        info = film_from_mapping(raw.front, "x")
        print(info.title, len(str(raw.front)), *[p.what for p in problems], sep="|")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    title, size, *problems = done.stdout.strip().split("|")
    assert int(size) < 400_000          # no alias expanded a billion times
    assert not marker.exists()
    if name in ("a recursive alias", "a python tag"):
        assert title in ("Loop", "Tag")
    else:
        assert len(problems) == 1 and "line by line" in problems[0]


def test_a_hostile_film_yaml_is_reported_and_the_documents_still_read(tmp_path):
    film = tmp_path / "corpus" / "heat-1995"
    film.mkdir(parents=True)
    (film / "film.yaml").write_text("cast: " + "[" * 60_000, encoding="utf-8")
    (film / "plot.txt").write_text("Neil robs a bank.\n", encoding="utf-8")
    code = textwrap.dedent(f"""
        from graphbuild.read.corpus import read_corpus
        problems = []
        docs = list(read_corpus([{str(tmp_path / "corpus")!r}], problems))
        print(len(docs), docs[0].film.key, *[p.what for p in problems], sep="|")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == "1|heat-1995|unreadable film.yaml: nested deeper than 64 levels"
