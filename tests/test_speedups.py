"""The sped-up attribute ruler and lemmatizer annotate exactly as spaCy's own."""

from __future__ import annotations

import random

import pytest
from conftest import SHARED

from graphbuild.extract.speedups import FastMatch, MemoLemmatize, speed_up

# Sentences that reach the attribute ruler's special patterns: contractions
# ("ain't", "gonna", "gotta", "let's", "y'all", "c'mon"), existential "there
# is", "gets"/"got", demonstratives, extra whitespace tokens, and the common
# inflections the lemmatizer works on.
TEXTS = [
    "It ain't over. We're gonna win, and you gotta believe it. Let's go, y'all!",
    "C'mon, there is a man who gets what he wants; there were others who got less.",
    "This film  was   shot in\n\n two weeks. These boys were running; that girl runs faster.",
    "She has been directing films since 1990, and her brothers produced the best ones.",
    "Mr. Kramer's wife left him. He isn't happy, is he? The children cried and laughed.",
    "Running, swimming and flying are better than sitting. Their geese ate our mice.",
]


def _annotations(nlp, texts):
    return [[(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]
            for doc in nlp.pipe(texts)]


@pytest.fixture(scope="module")
def stock():
    """A pipeline without the speed-ups, loaded the way spaCy would."""
    import spacy

    from graphbuild.extract.nlp import DEFAULT_MODELS, USED_COMPONENTS

    for name in DEFAULT_MODELS:
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError):
            continue
        for c in [c for c in nlp.pipe_names if c not in USED_COMPONENTS]:
            nlp.remove_pipe(c)
        return nlp
    pytest.skip("no English spaCy pipeline is installed")


def test_the_loaded_model_is_sped_up(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").match, FastMatch)
    assert isinstance(nlp.get_pipe("lemmatizer").lemmatize, MemoLemmatize)


def test_annotations_are_those_of_stock_spacy(nlp, stock):
    assert not isinstance(stock.get_pipe("attribute_ruler").__dict__.get("match"), FastMatch)
    assert _annotations(nlp, TEXTS) == _annotations(stock, TEXTS)


def test_matches_are_those_of_the_stock_matcher(nlp, stock):
    ruler, fast = stock.get_pipe("attribute_ruler"), nlp.get_pipe("attribute_ruler").match
    names = [n for n in stock.pipe_names if n != "lemmatizer"]
    for text in TEXTS:
        with stock.select_pipes(enable=names[:names.index("attribute_ruler")]):
            doc = stock(text)
        expected = ruler.match(doc)
        assert expected, text
        assert fast(doc) == expected


def test_speed_up_twice_changes_nothing(nlp):
    match = nlp.get_pipe("attribute_ruler").match
    speed_up(nlp)
    assert nlp.get_pipe("attribute_ruler").match is match


def test_memo_lemmatize_asks_once_per_form(nlp):
    calls = []
    lemmatizer = nlp.get_pipe("lemmatizer")
    memo = MemoLemmatize(lambda t: calls.append(t.text) or lemmatizer.rule_lemmatize(t))
    doc = nlp("The dogs ran. The dogs ran.")
    assert [memo(t)[0] for t in doc] == [t.lemma_ for t in doc]
    assert calls == ["The", "dogs", "ran", "."]


def test_real_documents_annotate_as_stock(nlp, stock):
    folder = SHARED / "datasets" / "bongnetflix" / "_posts"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared datasets are not beside the checkout)")
    files = sorted(folder.glob("*.md"))
    random.Random(7).shuffle(files)
    texts = [f.read_text(encoding="utf-8").split("---", 2)[-1] for f in files[:60]]
    assert _annotations(nlp, texts) == _annotations(stock, texts)
