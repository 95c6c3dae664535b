"""`make eval` (benchmarks/quality.py): sets are built, scored and summed."""

from __future__ import annotations

import pytest

from benchmarks import quality
from graphbuild.evaluate import Evaluation, Score


def test_story_recall_sums_only_story_properties():
    ev = Evaluation(Score(), {"spouseOf": Score(tp=2, required=4, found=2),
                              "kills": Score(tp=1, fp=1, required=2, found=1),
                              "directedBy": Score(tp=5, required=5, found=5)}, [], [])
    s = quality.story_recall(ev)
    assert (s.found, s.required) == (3, 6)


def test_a_set_without_its_data_says_what_is_missing(tmp_path):
    gs = quality.GoldSet("x", [tmp_path / "nowhere"], [tmp_path])
    assert "nowhere is missing" in gs.missing()


@pytest.mark.model
def test_eval_builds_a_set_and_prints_its_scores(nlp, tmp_path, monkeypatch, capsys):
    film = tmp_path / "films" / "stone-garden-1990"
    film.mkdir(parents=True)
    (film / "plot.txt").write_text("# Stone Garden (1990)\n\nAnn Lee (Mia Ford) is a gardener. "
                                   "Ann marries Bob Stone (Tom Hale).\n", encoding="utf-8")
    gold = tmp_path / "gold" / "stone-garden-1990"
    gold.mkdir(parents=True)
    (gold / "entities.tsv").write_text("ann\tCharacter\tAnn Lee\tAnn\nbob\tCharacter\tBob Stone\t"
                                       "\nmia\tPerson\tMia Ford\t\n", encoding="utf-8")
    (gold / "triples.tsv").write_text("ann\tspouseOf\tbob\trequired\t\n"
                                      "mia\tplays\tann\trequired\t\n", encoding="utf-8")
    monkeypatch.setattr(quality, "gold_sets",
                        lambda: [quality.GoldSet("tiny", [film], [gold])])
    monkeypatch.setattr("graphbuild.extract.nlp.load_model", lambda name=None: nlp)
    assert quality.main(["--out", str(tmp_path / "out"), "--json", str(tmp_path / "q.json")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:5] == ["set", "P", "R", "F1", "story"]
    line = next(l for l in out.splitlines() if l.startswith("tiny"))
    assert line.split()[1] == "1.000"          # plays, and spouseOf if found: both right
    import json
    figures = json.loads((tmp_path / "q.json").read_text())
    assert figures["tiny"]["overall"]["required"] == 2
