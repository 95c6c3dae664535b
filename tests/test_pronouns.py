"""The pronoun resolver, measured on hand-annotated pronouns: precision first."""

import pytest

from benchmarks.pronouns import measure, measure_plots


def _sums(scores):
    right = sum(v[0] for v in scores.values())
    resolved = sum(v[1] for v in scores.values())
    total = sum(v[2] for v in scores.values())
    return right, resolved, total


@pytest.mark.model
def test_pronoun_resolution_on_the_seed_film_is_precise(nlp):
    right, resolved, total = _sums(measure(nlp))
    assert total == 107                        # every annotated pronoun was found
    # measured 69 right of 74 resolved (0.932) when written; the old
    # nearest-fitting resolver resolved 99 at 0.879
    assert right / resolved >= 0.9, (right, resolved)
    assert resolved / total >= 0.65, (resolved, total)


@pytest.mark.model
def test_pronoun_resolution_on_plots_without_gold_triples_is_precise(nlp):
    scores = measure_plots(nlp)
    if scores is None:
        pytest.skip("../shared/corpus-films is missing (the plots set reads three of its films)")
    right, resolved, total = _sums(scores)
    # measured 48 right of 55 resolved (0.873) of 80 when written; the old
    # resolver: 54 of 80 (0.675)
    assert right / resolved >= 0.83, (right, resolved)
    assert resolved / total >= 0.6, (resolved, total)
