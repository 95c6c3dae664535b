"""Normalization repairs the prose of real film text and keeps a map from
every character of the result back to the file as read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbuild.model import Document, FilmInfo
from graphbuild.read.normalize import Mapped, normalize, quote, quoted, source_span


def norm(text: str, **kw) -> Document:
    doc = Document(doc_id="film/plot.txt", path="plot.txt", kind="plot", text=text,
                   film=FilmInfo("Film"), **kw)
    return normalize(doc)


def body(text: str) -> str:
    return norm(text).body


def assert_kept_characters_map_to_themselves(doc: Document) -> None:
    """Every body character equal to what its offset points at, except the
    ones a repair changed, which the caller lists by value."""
    assert len(doc.offsets) == len(doc.body)
    for i, c in enumerate(doc.body):
        if c.isalnum():
            assert doc.text[doc.offsets[i]] == c, (i, c, doc.text[doc.offsets[i]])


# --- repairs ------------------------------------------------------------------

def test_seed_mojibake_divorcee_is_repaired():
    assert body("a recent divorc√©e in their building") == "a recent divorcée in their building"


def test_repaired_word_keeps_offsets_of_unchanged_letters():
    text = "a recent divorc√©e in"
    doc = norm(text)
    start = doc.body.index("divorcée")
    for i, c in enumerate("divorc"):
        assert text[doc.offsets[start + i]] == c
    assert text[doc.offsets[start + 7]] == "e"          # the final "e"
    assert text[doc.offsets[start + 6]] == "√"          # "é" maps onto "√©"
    a, b = doc.original_span(start, start + len("divorcée"))
    assert text[a:b] == "divorc√©e"


def test_br_tags_become_a_paragraph_break():
    assert body("Ted leaves.<br /><br />Billy stays.") == "Ted leaves.\n\nBilly stays."
    assert body("One<br>two<BR/>three") == "One\ntwo\nthree"


def test_inline_tags_are_removed_and_entities_unescaped():
    assert body("<i>Tom &amp; Jerry</i> &quot;won&quot; &#233;&#x41;") == 'Tom & Jerry "won" éA'


def test_cp1252_control_characters_and_curly_quote_mojibake_are_fixed():
    assert body("it\x92s Ted\x92s") == "it's Ted's"
    assert body("He said \u00e2\u20ac\u0153hi\u00e2\u20ac\u009d.") == 'He said "hi".'


def test_run_together_sentences_are_split():
    assert body("in the process of leaving him.Ted is left to raise") == \
        "in the process of leaving him. Ted is left to raise"
    assert body("care for one another.Ted befriends") == "care for one another. Ted befriends"
    assert body("It was 1979.Ted left") == "It was 1979. Ted left"


def test_run_together_split_keeps_offsets_of_both_sentences():
    text = "leaving him.Ted is"
    doc = norm(text)
    assert doc.body == "leaving him. Ted is"
    a, b = doc.original_span(doc.body.index("Ted"), doc.body.index("Ted") + 3)
    assert text[a:b] == "Ted"
    a, b = doc.original_span(0, doc.body.index("."))
    assert text[a:b] == "leaving him"


@pytest.mark.parametrize("text", [
    "Mr. Kramer met Mrs. Phelps.",
    "He served in the U.S. Army.",
    "They moved to St. Louis.",
    "It made 1.5 million dollars.",
    "See www.example.com/Page for more.",
    "Write an e-mail to bob@Example.com today.",
    "Ellipsis... and more.",
])
def test_abbreviations_numbers_urls_and_emails_are_untouched(text):
    assert body(text) == text


def test_author_tag_is_dropped():
    assert body("who wants custody of her son.::Huggo") == "who wants custody of her son."
    assert body("First line ::Someone Else\nSecond line.") == "First line\nSecond line."


def test_truncated_description_ending_in_two_dots_is_cleaned():
    assert body("so they go to court to fight for the cus..") == \
        "so they go to court to fight for the."
    assert body("A real ellipsis...") == "A real ellipsis..."


def test_words_run_into_capitalized_names_are_split():
    assert body("The cast membersEllen Pompeo and Sandra Oh") == \
        "The cast members Ellen Pompeo and Sandra Oh"


@pytest.mark.parametrize("name", ["McKidd", "LaMarr", "JoBeth", "DiCaprio", "YouTube"])
def test_camel_case_names_are_untouched(name):
    assert body(f"Starring {name} as himself.") == f"Starring {name} as himself."


def test_citation_marks_are_removed():
    assert body("The film grossed $106 million.[6] It won[citation needed] five[a] Oscars.") == \
        "The film grossed $106 million. It won five Oscars."


def test_spaces_and_blank_lines_are_collapsed():
    assert body("  Ted \t  leaves.\n\n\n\n  Billy\u00a0stays.  ") == "Ted leaves.\n\nBilly stays."


def test_run_together_and_camel_case_inside_urls_are_untouched():
    text = "See https://example.com/path.Page and http://x.org/someNames and @handle.Name."
    assert body(text) == text


def test_long_text_without_spaces_is_repaired_in_linear_time():
    # CJK prose has no spaces; word-level patterns used to be retried from
    # every character (minutes for 100 kB). The assert is on the result; a
    # regression shows as a slow test, not a flaky timing assert.
    cjk = "東京物語は小津安二郎の映画である。" * 2000
    doc = norm(cjk)
    assert doc.body == cjk
    assert doc.offsets == list(range(len(cjk)))
    joined = "word.Next" * 3000 + " cus.."
    assert norm(joined).body.startswith("word. Nextword. Next")
    assert norm("x" * 30000 + " end.").body == "x" * 30000 + " end."


def test_empty_and_whitespace_text_gives_empty_body():
    for text in ("", "   \n\t ", "<br /><br />"):
        doc = norm(text)
        assert (doc.body, doc.offsets) == ("", [])


# --- offsets ---------------------------------------------------------------------

SEED_002 = ("Ted Kramer (Dustin Hoffman), a workaholic advertising executive, is just given "
            "his agency's biggest new account. He returns home to find his wife Joanna "
            "(Meryl Streep) in the process of leaving him.Ted is left to raise their son "
            "Billy (Justin Henry) by himself.<br /><br />Joanna returns &amp; claims Billy[6].")


def test_every_kept_character_maps_to_itself():
    doc = norm(SEED_002)
    assert_kept_characters_map_to_themselves(doc)


def test_original_span_maps_names_back_to_the_text():
    doc = norm(SEED_002)
    for name in ("Dustin Hoffman", "Joanna", "Billy (Justin Henry)", "Ted is left"):
        i = doc.body.index(name)
        a, b = doc.original_span(i, i + len(name))
        assert doc.text[a:b] == name
    i = doc.body.index("Joanna returns & claims Billy.")
    a, b = doc.original_span(i, i + len("Joanna returns & claims Billy."))
    assert doc.text[a:b] == "Joanna returns &amp; claims Billy[6]."


def test_body_starts_after_front_matter_and_skips_credit_lines():
    text = ("---\ntitle: X\n---\nDirector: `Robert Benton`\n\n"
            "Ted Kramer works late.\nCast: `Dustin Hoffman`\nJoanna leaves.\n")
    start = text.index("Director")
    a, b = text.index("Director"), text.index("`Robert Benton`") + len("`Robert Benton`")
    c, d = text.index("Cast"), text.index("`Dustin Hoffman`") + len("`Dustin Hoffman`")
    doc = norm(text, body_start=start, skip_spans=[(a, b), (c, d)])
    assert doc.body == "Ted Kramer works late.\n\nJoanna leaves."
    assert "Benton" not in doc.body and "Hoffman" not in doc.body
    assert_kept_characters_map_to_themselves(doc)
    i = doc.body.index("Joanna")
    assert doc.original_span(i, i + 6) == (text.index("Joanna"), text.index("Joanna") + 6)


def test_front_matter_description_is_prose_with_offsets_into_the_front_matter():
    desc = "Ted Kramer is a career man. His wife Joanna leaves him."
    text = f'---\ntitle: "X"\ndescription: "{desc}"\nyear: 1979\n---\nBilly stays with Ted.\n'
    start = text.index("Billy")
    doc = norm(text, body_start=start, front={"title": "X", "description": desc})
    assert doc.body == f"{desc}\n\nBilly stays with Ted."
    assert_kept_characters_map_to_themselves(doc)
    i = doc.body.index("Joanna")
    a, b = doc.original_span(i, i + len("Joanna"))
    assert text[a:b] == "Joanna"
    assert a < start                       # inside the front matter


def test_description_not_written_verbatim_in_the_front_matter_is_left_out():
    text = "---\ndescription: >\n  Folded\n  text.\n---\nBody text.\n"
    doc = norm(text, body_start=text.index("Body"), front={"description": "Folded text.\n"})
    assert doc.body == "Body text."


def test_original_span_without_offsets_adds_body_start():
    doc = Document("f/x", "x", "plot", "---\n---\nabc", FilmInfo("F"), body_start=8)
    assert doc.original_span(0, 3) == (8, 11)


def test_mapped_sub_insertion_maps_to_the_next_character():
    m = Mapped("ab", [10, 11]).sub(re.compile(r"(?=b)"), "-")
    assert (m.text, m.offsets) == ("a-b", [10, 11, 11])


def test_mapped_sub_deletion_keeps_the_rest():
    m = Mapped("a[1]b", [0, 1, 2, 3, 4]).sub(re.compile(r"\[\d\]"), "")
    assert (m.text, m.offsets) == ("ab", [0, 4])


# --- properties --------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_never_raises_and_offsets_stay_in_the_text(text):
    doc = norm(text)
    assert len(doc.offsets) == len(doc.body)
    assert all(0 <= o <= len(text) for o in doc.offsets)
    assert doc.offsets == sorted(doc.offsets)


# Plain ASCII prose that no repair touches: no markup (<>&[]:), no sentence
# ends run into the next word, no camel-case joins.
_WORD = st.from_regex(r"[A-Za-z0-9,;'\"()\-][a-z0-9,;'\"()\-]{0,9}[.!?]?", fullmatch=True)
_GAP = st.sampled_from([" ", "  ", "\t", " \t ", "\u00a0"])


@st.composite
def plain_prose(draw) -> str:
    words = draw(st.lists(_WORD, max_size=15))
    gaps = draw(st.lists(_GAP, min_size=len(words) + 1, max_size=len(words) + 1))
    return gaps[0] + "".join(w + g for w, g in zip(words, gaps[1:]))


@settings(max_examples=300, deadline=None)
@given(plain_prose())
def test_plain_ascii_is_only_whitespace_normalized_and_maps_word_for_word(text):
    doc = norm(text)
    assert doc.body == " ".join(text.split())
    for m in re.finditer(r"\S+", doc.body):
        a, b = doc.original_span(m.start(), m.end())
        assert text[a:b] == m.group()


# --- evidence quotes: the file's own text ------------------------------------------

def test_a_quote_is_the_files_text_with_markup_and_spaces_aside():
    assert quote("Ted &amp; <i>Joanna</i>\r\n   part.<br />") == "Ted & Joanna part."
    assert quote("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3"      # not markup


def test_a_quoted_span_is_the_files_text_never_the_repaired_body():
    text = "Shot by DreamWorks Animation.  The divorc\u221a\u00a9e leaves him.Ted stays.\n"
    doc = norm(text)
    assert "Dream Works" in doc.body and "divorcée" in doc.body      # what rules read
    a, b, q = quoted(doc, 0, doc.body.index("Animation.") + len("Animation."))
    assert text[a:b] == q == "Shot by DreamWorks Animation."
    start = doc.body.index("The divorc")
    a, b, q = quoted(doc, start, doc.body.index("him.") + len("him."))
    assert text[a:b] == q == "The divorc\u221a\u00a9e leaves him."
    # spaces and a line end spaCy kept at a sentence's end are not quoted
    a, b, q = quoted(doc, doc.body.index("Ted"), len(doc.body))
    assert (text[a:b], q) == ("Ted stays.", "Ted stays.")


def test_a_sentence_run_across_two_prose_parts_is_cut_at_their_join(tmp_path):
    from graphbuild.read.corpus import read_corpus

    text = ('---\ntitle: "X"\ndescription: "Ann meets the man who is married t.."\n'
            "img: 1.jpg\ngenres: [Drama]\n---\nDirector: `Bo Ray`\n\nAnn leaves town.\n")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "post.md").write_text(text, encoding="utf-8")
    [doc] = read_corpus([tmp_path / "x" / "post.md"], [])
    normalize(doc)
    assert doc.body == "Ann meets the man who is married.\n\nAnn leaves town."
    assert len(doc.parts) == 2
    whole = (0, len(doc.body))            # as if spaCy saw one sentence
    a, b, q = quoted(doc, *whole, anchor=0)
    assert text[a:b] == q == "Ann meets the man who is married t.."
    a, b, q = quoted(doc, *whole, anchor=doc.body.index("leaves"))
    assert text[a:b] == q == "Ann leaves town."
    assert source_span(doc, 0, 3) == (text.index("Ann"), text.index("Ann") + 3)
