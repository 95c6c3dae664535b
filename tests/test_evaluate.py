"""Scoring a graph against hand-made gold folders, by the rule of
CORE-VOCABULARY.md: local names, inverses, symmetric properties, names that
match two gold entities, literals, optional triples."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from graphbuild.errors import GraphbuildError
from graphbuild.evaluate import evaluate, gold_folders, load_gold, norm
from graphbuild.rdf.vocab import FILM, GBR

OTHER = Namespace("http://example.org/other/")

ENTITIES = [
    ("film", "Film", "Kramer vs. Kramer", "KRAMER VS KRAMER"),
    ("benton", "Person", "Robert Benton", "Benton"),
    ("hoffman", "Person", "Dustin Hoffman", "Hoffman"),
    ("ted", "Character", "Ted Kramer", "Ted|Mr. Kramer"),
    ("joanna", "Character", "Joanna Kramer", "Joanna"),
    ("billy", "Character", "Billy Kramer", "Billy|Kramer"),
    ("margaret", "Character", "Margaret Phelps", "Margaret"),
]


def write_gold(folder: Path, triples: list[tuple], entities=ENTITIES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["# id\ttype\tlabel\taliases"] + ["\t".join(e) for e in entities]
    (folder / "entities.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["# subject\tpredicate\tobject\tstatus\tnote", ""] + ["\t".join(t) for t in triples]
    (folder / "triples.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


class G:
    """A graph built by hand: nodes named by their labels."""

    def __init__(self):
        self.graph = Graph()

    def node(self, key: str, label: str, *alts: str) -> URIRef:
        n = GBR[key]
        self.graph.add((n, RDFS.label, Literal(label)))
        for a in alts:
            self.graph.add((n, SKOS.altLabel, Literal(a)))
        return n

    def add(self, s, p, o) -> "G":
        self.graph.add((s, p, o))
        return self


def kvk() -> tuple[G, dict[str, URIRef]]:
    g = G()
    n = {
        "film": g.node("film/kvk", "Kramer vs. Kramer"),
        "benton": g.node("person/benton", "Robert Benton"),
        "hoffman": g.node("person/hoffman", "Dustin Hoffman", "Hoffman"),
        "ted": g.node("character/kvk/ted", "Ted Kramer", "Ted"),
        "joanna": g.node("character/kvk/joanna", "Joanna Kramer"),
        "billy": g.node("character/kvk/billy", "Billy"),
        "margaret": g.node("character/kvk/margaret", "Margaret"),
    }
    return g, n


def score(graph: Graph, *folders: Path):
    ev = evaluate(graph, list(folders))
    return ev, ev.overall


# --- true and false positives, recall ----------------------------------------

def test_found_triple_is_tp_other_judged_triple_is_fp_and_recall_counts_required(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("film", "directedBy", "benton", "required", "Director line"),
        ("film", "castMember", "hoffman", "required", ""),
    ])
    g, n = kvk()
    g.add(n["film"], FILM.directedBy, n["benton"])       # right
    g.add(n["film"], FILM.directedBy, n["hoffman"])      # wrong
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.required, s.found) == (1, 1, 2, 1)
    assert (s.precision, s.recall) == (0.5, 0.5)
    assert s.f1 == pytest.approx(0.5)
    assert ev.per_property["directedBy"].tp == 1 and ev.per_property["directedBy"].fp == 1
    assert ev.missed == [("kvk", "Kramer vs. Kramer", "castMember", "Dustin Hoffman")]
    assert ev.wrong == [("kvk", "Kramer vs. Kramer", "directedBy", "Dustin Hoffman",
                         "not in gold")]


def test_empty_graph_scores_zero_without_dividing_by_zero(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    _, s = score(Graph(), gold)
    assert (s.tp, s.fp, s.required, s.found) == (0, 0, 1, 0)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_predicates_the_gold_does_not_use_are_not_judged(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    g, n = kvk()
    g.add(n["ted"], FILM.kills, n["joanna"])
    g.add(n["ted"], RDFS.seeAlso, n["billy"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (0, 0)


@pytest.mark.parametrize("predicate", [
    FILM.directedBy, OTHER.directedBy, URIRef("http://example.org/vocab#directedBy"),
])
def test_predicates_match_by_local_name_in_any_namespace(tmp_path, predicate):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    g, n = kvk()
    g.add(n["film"], predicate, n["benton"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (1, 0, 1)


def test_local_name_match_is_exact_not_a_prefix_or_case_fold(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    g, n = kvk()
    g.add(n["film"], OTHER.directedby, n["benton"])
    g.add(n["film"], OTHER.directedByPerson, n["benton"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (0, 0)


# --- inverses and symmetric properties ----------------------------------------

def test_inverse_predicates_in_the_graph_count_as_forward(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("hoffman", "plays", "ted", "required", ""),
        ("ted", "parentOf", "billy", "required", ""),
        ("film", "hasCharacter", "joanna", "required", ""),
    ])
    g, n = kvk()
    g.add(n["ted"], FILM.playedBy, n["hoffman"])
    g.add(n["billy"], OTHER.childOf, n["ted"])
    g.add(n["joanna"], FILM.characterIn, n["film"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (3, 0, 3)


def test_inverse_in_gold_counts_as_forward(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("billy", "childOf", "ted", "required", "")])
    g, n = kvk()
    g.add(n["ted"], FILM.parentOf, n["billy"])
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (1, 0, 1)
    assert set(ev.per_property) == {"parentOf"}


def test_forward_and_inverse_of_one_fact_count_once(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("hoffman", "plays", "ted", "required", "")])
    g, n = kvk()
    g.add(n["hoffman"], FILM.plays, n["ted"])
    g.add(n["ted"], FILM.playedBy, n["hoffman"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (1, 0)


def test_wrong_direction_of_a_non_symmetric_property_is_false(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("ted", "parentOf", "billy", "required", "")])
    g, n = kvk()
    g.add(n["billy"], FILM.parentOf, n["ted"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (0, 1, 0)


def test_symmetric_property_matches_either_direction_once(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("ted", "spouseOf", "joanna", "required", ""),
        ("ted", "neighborOf", "margaret", "required", ""),
    ])
    g, n = kvk()
    g.add(n["joanna"], FILM.spouseOf, n["ted"])          # reversed
    g.add(n["ted"], FILM.neighborOf, n["margaret"])      # both directions
    g.add(n["margaret"], FILM.neighborOf, n["ted"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found, s.required) == (2, 0, 2, 2)


# --- resolving names -----------------------------------------------------------

def test_case_and_punctuation_are_ignored_in_names(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    g = G()
    film = g.node("film/x", "KRAMER VS. KRAMER!")
    benton = g.node("person/x", "robert   BENTON.")
    g.add(film, FILM.directedBy, benton)
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (1, 0)


def test_norm_folds_case_punctuation_underscores_and_spaces():
    assert norm("  Mr. KRAMER_vs.\tKramer! ") == "mr kramervs kramer"
    assert norm("Amélie") == norm("AMÉLIE") == "amélie"
    assert norm("...") == ""


def test_alt_labels_resolve_to_the_gold_entity(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("hoffman", "plays", "ted", "required", "")])
    g = G()
    actor = g.node("person/a", "D. H.", "Hoffman")   # label unknown, alias known
    ted = g.node("character/a", "Mr. Kramer")        # a gold alias of Ted
    g.add(actor, FILM.plays, ted)
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (1, 0)


def test_node_matching_two_gold_entities_makes_its_triples_false(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("hoffman", "plays", "ted", "required", "")])
    g = G()
    hoffman = g.node("person/hoffman", "Dustin Hoffman")
    merged = g.node("character/kramer", "Ted", "Billy")   # Ted and Billy merged
    g.add(hoffman, FILM.plays, merged)
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (0, 1, 0)
    assert ev.per_property["plays"].fp == 1
    assert ev.wrong == [("kvk", "Dustin Hoffman", "plays", "Ted",
                         "a node matches two gold entities")]


def test_name_shared_by_two_gold_entities_is_ambiguous(tmp_path):
    # "Kramer" is an alias of Billy and matches nothing else, but a node
    # named both "Kramer" and "Ted" matches two entities
    gold = write_gold(tmp_path / "kvk", [("hoffman", "plays", "ted", "required", "")])
    g, n = kvk()
    g.graph.add((n["ted"], SKOS.altLabel, Literal("Kramer")))
    g.add(n["hoffman"], FILM.plays, n["ted"])
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (0, 1)


def test_triple_whose_other_end_resolves_nowhere_is_not_judged(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("hoffman", "plays", "ted", "required", "")])
    g = G()
    merged = g.node("character/kramer", "Ted", "Billy")
    stranger = g.node("person/nobody", "Somebody Else")
    unnamed = GBR["person/unnamed"]
    g.add(stranger, FILM.plays, merged)
    g.add(unnamed, FILM.plays, merged)
    g.add(stranger, FILM.plays, g.node("character/t", "Ted"))
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (0, 0)
    assert ev.wrong == []


# --- literals ----------------------------------------------------------------------

def test_quoted_gold_objects_match_literals(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("film", "releaseYear", '"1979"', "required", ""),
        ("film", "imdbId", '"tt0079417"', "required", ""),
        ("film", "language", '"English"', "required", ""),
    ])
    g, n = kvk()
    g.add(n["film"], FILM.releaseYear, Literal("1979", datatype=XSD.gYear))
    g.add(n["film"], FILM.imdbId, Literal("tt0079417"))
    g.add(n["film"], FILM.language, Literal("english", lang="en"))
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (3, 0, 3)


def test_wrong_literal_is_a_false_positive(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "releaseYear", '"1979"', "required", "")])
    g, n = kvk()
    g.add(n["film"], FILM.releaseYear, Literal("1980", datatype=XSD.gYear))
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.found) == (0, 1, 0)
    assert ev.wrong == [("kvk", "Kramer vs. Kramer", "releaseYear", "1980", "not in gold")]


def test_literal_naming_a_gold_entity_resolves_to_it(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    g, n = kvk()
    g.add(n["film"], FILM.directedBy, Literal("Robert Benton"))
    _, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (1, 0)


# --- status ------------------------------------------------------------------------

def test_optional_triples_are_true_positives_but_not_needed_for_recall(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("film", "directedBy", "benton", "required", ""),
        ("film", "writtenBy", "benton", "optional", "not said in every document"),
    ])
    g, n = kvk()
    g.add(n["film"], FILM.writtenBy, n["benton"])
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp, s.required, s.found) == (1, 0, 1, 0)
    assert ev.per_property["writtenBy"].required == 0
    assert [m[2] for m in ev.missed] == ["directedBy"]


def test_missing_or_empty_status_means_required(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("film", "directedBy", "benton"),
        ("film", "castMember", "hoffman", "", "a trailing tab left the status empty"),
        ("ted", "spouseOf", "joanna", "Required", ""),
    ])
    _, s = score(Graph(), gold)
    assert s.required == 3


def test_required_wins_when_a_triple_is_listed_twice(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("film", "directedBy", "benton", "required", ""),
        ("film", "directedBy", "benton", "optional", ""),
        ("ted", "playedBy", "hoffman", "optional", ""),
        ("hoffman", "plays", "ted", "required", ""),
    ])
    loaded = load_gold(gold)
    assert loaded.triples == {("film", "directedBy", "benton"): "required",
                              ("hoffman", "plays", "ted"): "required"}


# --- several gold folders, folders of folders, errors ------------------------------

def test_several_gold_folders_are_summed(tmp_path):
    a = write_gold(tmp_path / "a", [("film", "directedBy", "benton", "required", "")])
    b = write_gold(tmp_path / "b", [("hoffman", "plays", "ted", "required", ""),
                                    ("film", "castMember", "hoffman", "required", "")])
    g, n = kvk()
    g.add(n["film"], FILM.directedBy, n["benton"])
    g.add(n["hoffman"], FILM.plays, n["ted"])
    ev, s = score(g.graph, a, b)
    assert (s.tp, s.fp, s.required, s.found) == (2, 0, 3, 2)
    assert ev.missed == [("b", "Kramer vs. Kramer", "castMember", "Dustin Hoffman")]
    assert sorted(ev.per_property) == ["castMember", "directedBy", "plays"]


def test_gold_folders_accepts_a_folder_of_gold_folders(tmp_path):
    a = write_gold(tmp_path / "gold" / "a", [("film", "directedBy", "benton", "required", "")])
    b = write_gold(tmp_path / "gold" / "b", [("film", "directedBy", "benton", "required", "")])
    (tmp_path / "gold" / "notes").mkdir()
    single = write_gold(tmp_path / "single", [("film", "directedBy", "benton", "required", "")])
    assert gold_folders([tmp_path / "gold", single]) == [a, b, single]


def test_gold_folders_errors_name_the_path(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(GraphbuildError, match="empty holds no gold folder"):
        gold_folders([tmp_path / "empty"])
    with pytest.raises(GraphbuildError, match="nowhere does not exist"):
        gold_folders([tmp_path / "nowhere"])


@pytest.mark.parametrize("missing", ["entities.tsv", "triples.tsv"])
def test_missing_gold_file_error_says_what_a_gold_folder_holds(tmp_path, missing):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "benton", "required", "")])
    (gold / missing).unlink()
    with pytest.raises(GraphbuildError) as e:
        evaluate(Graph(), [gold])
    msg = str(e.value)
    assert missing in msg and "is missing" in msg
    assert "entities.tsv (id, type, label, aliases)" in msg and "triples.tsv" in msg


def test_row_with_too_few_columns_is_an_error_not_a_crash(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film directedBy benton",)])   # spaces, not tabs
    with pytest.raises(GraphbuildError, match="separated by tabs"):
        load_gold(gold)


def test_triple_with_an_unknown_id_is_an_error(tmp_path):
    gold = write_gold(tmp_path / "kvk", [("film", "directedBy", "bentn", "required", "")])
    with pytest.raises(GraphbuildError, match="bentn .*no id of entities.tsv"):
        load_gold(gold)


def test_as_dict_rounds_and_lists_missed_and_wrong(tmp_path):
    gold = write_gold(tmp_path / "kvk", [
        ("film", "directedBy", "benton", "required", ""),
        ("film", "castMember", "hoffman", "required", ""),
        ("hoffman", "plays", "ted", "required", ""),
    ])
    g, n = kvk()
    g.add(n["film"], FILM.directedBy, n["benton"])
    d = evaluate(g.graph, [gold]).as_dict()
    assert d["overall"] == {"tp": 1, "fp": 0, "required": 3, "found": 1, "precision": 1.0,
                            "recall": 0.3333, "f1": 0.5}
    assert list(d["per_property"]) == ["castMember", "directedBy", "plays"]
    assert d["missed"][0] == {"gold": "kvk", "subject": "Dustin Hoffman", "predicate": "plays",
                              "object": "Ted Kramer"}
    assert d["wrong"] == []


def test_seed_gold_loads(shared_dir):
    gold = load_gold(shared_dir / "gold" / "kramer-vs-kramer")
    assert gold.labels["film"] == "Kramer vs. Kramer"
    assert "directedBy" in gold.predicates
    assert "playedBy" not in gold.predicates and "childOf" not in gold.predicates
    assert any(status == "required" for status in gold.triples.values())


def test_a_character_of_another_film_in_the_graph_is_not_judged_by_this_films_gold(tmp_path):
    # two films in one graph, each with a Margaret; the gold is Kramer vs. Kramer's
    gold = write_gold(tmp_path / "kvk", [
        ("film", "hasCharacter", "margaret", "required", ""),
        ("margaret", "hasOccupation", '"housewife"', "required", ""),
    ])
    g, n = kvk()
    other_film = g.node("film/other", "Another Film")
    other_margaret = g.node("character/other/margaret", "Margaret Lane", "Margaret")
    g.add(n["film"], FILM.hasCharacter, n["margaret"])
    g.add(n["margaret"], FILM.hasOccupation, Literal("housewife"))
    g.add(other_film, FILM.hasCharacter, other_margaret)
    g.add(other_margaret, FILM.hasOccupation, Literal("jazz singer"))   # the other film's fact
    ev, s = score(g.graph, gold)
    assert (s.tp, s.fp) == (2, 0), ev.wrong
    # without the other film's hasCharacter, the same name is judged as before
    lone = Graph()
    for t in g.graph:
        if not (t[0] == other_film and t[1] == FILM.hasCharacter):
            lone.add(t)
    _, s = score(lone, gold)
    assert (s.tp, s.fp) == (2, 1)
