"""Which names are one being: merges only with evidence, each with its reason."""

from collections import Counter

from graphbuild.extract.identity import (clean_name, cluster_names, trim_name,
                                         variant_reason)
from graphbuild.extract.names import one_edit_apart, same_first_name


def cluster(*names, why=None):
    return cluster_names(list(names), Counter(names), why)


def test_a_nickname_with_the_same_surname_is_one_being():
    why = {}
    out = cluster("Jim Gordon", "James Gordon", "Gordon", why=why)
    assert out["Jim Gordon"] == out["James Gordon"] == out["Gordon"]
    assert "one first name" in why[next(n for n in ("Jim Gordon", "James Gordon")
                                        if out[n] != n)]
    assert out["Gordon"] is not None      # one Gordon once the two are one


def test_a_spelling_one_letter_off_is_one_being_but_two_known_names_are_two():
    out = cluster("Dorian Tyrel", "Dorian Tyrell")
    assert out["Dorian Tyrel"] == out["Dorian Tyrell"]
    out = cluster("Maria Lopez", "Marie Lopez")      # two first names, two sisters maybe
    assert out["Maria Lopez"] != out["Marie Lopez"]
    out = cluster("Mark Smith", "Mary Smith")        # too short to be a typo
    assert out["Mark Smith"] != out["Mary Smith"]


def test_a_shared_surname_without_evidence_stays_ambiguous():
    out = cluster("Ted Kramer", "Joanna Kramer", "Kramer")
    assert out["Kramer"] is None
    assert out["Ted Kramer"] != out["Joanna Kramer"]


def test_a_title_and_surname_join_the_only_full_name_and_the_full_name_is_the_label():
    why = {}
    out = cluster("Detective Mercer", "Sean Mercer", why=why)
    assert out["Detective Mercer"] == out["Sean Mercer"] == "Sean Mercer"
    assert why["Detective Mercer"] == "a title and the surname of the only 'Sean Mercer'"


def test_a_lone_name_follows_a_chain_of_longer_names():
    out = cluster("Seti", "Pharaoh Seti", "Pharaoh Seti I")
    assert out["Seti"] == out["Pharaoh Seti"] == out["Pharaoh Seti I"] == "Pharaoh Seti I"


def test_variant_reason_and_its_word_tests():
    assert variant_reason("kimmy wallace", "kimberly wallace")
    assert variant_reason("catharine deane", "catherine deane")
    assert variant_reason("ted kramer", "joanna kramer") is None
    assert variant_reason("sam", "samuel") is None           # full names only
    assert same_first_name("bill", "william") and same_first_name("billy", "bill")
    assert not same_first_name("bill", "bob")
    assert one_edit_apart("shephard", "shepherd") and one_edit_apart("tyrel", "tyrell")
    assert one_edit_apart("beamen", "beaman") and one_edit_apart("form", "from")
    assert not one_edit_apart("tyrel", "tyrel") and not one_edit_apart("ann", "anne-marie")


def test_hyphenated_names_stay_whole_and_a_spaced_dash_ends_a_name():
    # "Lee Hyo-ri": the hyphen is glued to both halves
    assert trim_name(["Lee", "Hyo", "-", "ri"], [False, False, True, True]) == 4
    # "Alan Garner - who ...": a dash between spaces
    assert trim_name(["Alan", "Garner", "-", "who"], [False, False, False, False]) == 2
    assert clean_name("Anck-su-Namun's") == ("Anck-su-Namun", None)
    assert clean_name('George "Mac') == ("George Mac", None)
    assert clean_name("Alan Garner -") == ("Alan Garner", None)


def test_a_title_before_a_full_name_joins_it_and_the_plain_name_is_the_label():
    out = cluster("Constable Ichabod Crane", "Ichabod Crane", "Ichabod")
    assert out["Constable Ichabod Crane"] == out["Ichabod"] == "Ichabod Crane"


def test_a_stray_word_before_a_name_does_not_become_the_label():
    out = cluster("Langley Ed Hoffman", "Ed Hoffman", "Ed Hoffman")
    assert out["Langley Ed Hoffman"] == "Ed Hoffman"
    out = cluster("Mary Ann", "Mary Ann Mathews")       # a surname after it does
    assert out["Mary Ann"] == "Mary Ann Mathews"
