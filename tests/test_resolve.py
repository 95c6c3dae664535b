"""Film-scoped identity: names, actors versus characters, pronouns."""

from collections import Counter

from graphbuild.extract.resolve import clean_name, cluster_names, resolve, trim_name
from graphbuild.model import FilmInfo
from tests.parsed import make_parsed


def labels(res, cls):
    return sorted(e.label for e in res.entities.values() if e.cls == cls)


def test_cluster_joins_first_name_and_full_name():
    names = ["Ted", "Ted Kramer", "Billy", "Billy Kramer"]
    out = cluster_names(names, Counter(names))
    assert out["Ted"] == "Ted Kramer"
    assert out["Billy"] == "Billy Kramer"


def test_cluster_never_merges_on_a_shared_surname():
    names = ["Ted Kramer", "Joanna Kramer", "Billy Kramer", "Kramer"]
    out = cluster_names(names, Counter(names))
    assert out["Kramer"] is None
    assert len({out["Ted Kramer"], out["Joanna Kramer"], out["Billy Kramer"]}) == 3


def test_cluster_prefers_the_usual_spelling_of_a_name():
    names = ["Billy", "Billy", "BIlly"]
    out = cluster_names(names, Counter(names))
    assert out["BIlly"] == "Billy"


def test_clean_name_drops_honorific_and_possessive_and_keeps_gender():
    assert clean_name("Mr. Kramer") == ("Kramer", "m")
    assert clean_name("Joanna's") == ("Joanna", None)
    assert clean_name("Mrs. Phelps")[1] == "f"


def test_trim_name_stops_at_a_lowercase_word():
    assert trim_name(["Billy", "with", "Ted"]) == 1
    assert trim_name(["Ludwig", "van", "Beethoven"]) == 3


def _credit_sentence():
    # Ted Kramer ( Dustin Hoffman ) leaves . Ted returns .
    rows = [("Ted", "Ted", "PROPN", "compound", 1), ("Kramer", "Kramer", "PROPN", "nsubj", 6),
            ("(", "(", "PUNCT", "punct", 1), ("Dustin", "Dustin", "PROPN", "compound", 4),
            ("Hoffman", "Hoffman", "PROPN", "appos", 1), (")", ")", "PUNCT", "punct", 1),
            ("leaves", "leave", "VERB", "ROOT", 6), (".", ".", "PUNCT", "punct", 6),
            ("Ted", "Ted", "PROPN", "nsubj", 9), ("returns", "return", "VERB", "ROOT", 9),
            (".", ".", "PUNCT", "punct", 9)]
    return rows


def test_actor_in_parentheses_is_a_person_and_the_name_before_a_character():
    info = FilmInfo(title="Test Film", year=2000, cast=["Dustin Hoffman"])
    p = make_parsed(_credit_sentence(), film=info, ents=[(0, 2, "PERSON"), (3, 5, "CAST"), (8, 9, "PERSON")],
                    sent_starts=(8,))
    res = resolve(info, [p])
    assert labels(res, "Person") == ["Dustin Hoffman"]
    assert labels(res, "Character") == ["Ted Kramer"]
    ted = res.ref(p.doc.doc_id, 8)
    assert ted == "character/test-film-2000/ted-kramer"
    assert "Ted" in res.entities[ted].aliases


def test_unknown_name_in_parentheses_counts_as_an_actor():
    info = FilmInfo(title="Test Film", year=2000)
    p = make_parsed(_credit_sentence(), film=info, ents=[(0, 2, "PERSON"), (3, 5, "PERSON"), (8, 9, "PERSON")],
                    sent_starts=(8,))
    res = resolve(info, [p])
    assert labels(res, "Person") == ["Dustin Hoffman"]
    assert labels(res, "Character") == ["Ted Kramer"]


def test_characters_are_scoped_by_film_and_people_are_not():
    info_a = FilmInfo(title="Film A", year=2001, cast=["Dustin Hoffman"])
    info_b = FilmInfo(title="Film B", year=2002, cast=["Dustin Hoffman"])
    ra = resolve(info_a, [make_parsed(_credit_sentence(), film=info_a, sent_starts=(8,),
                                      ents=[(0, 2, "PERSON"), (3, 5, "CAST")])])
    rb = resolve(info_b, [make_parsed(_credit_sentence(), film=info_b, sent_starts=(8,),
                                      ents=[(0, 2, "PERSON"), (3, 5, "CAST")])])
    chars_a = {k for k, e in ra.entities.items() if e.cls == "Character"}
    chars_b = {k for k, e in rb.entities.items() if e.cls == "Character"}
    assert chars_a and chars_b and not chars_a & chars_b
    assert "person/dustin-hoffman" in ra.entities and "person/dustin-hoffman" in rb.entities


def test_pronoun_goes_to_the_being_of_its_gender():
    # Ted returns . Joanna leaves him .
    rows = [("Ted", "Ted", "PROPN", "nsubj", 1), ("returns", "return", "VERB", "ROOT", 1),
            (".", ".", "PUNCT", "punct", 1), ("Joanna", "Joanna", "PROPN", "nsubj", 4),
            ("leaves", "leave", "VERB", "ROOT", 4), ("him", "he", "PRON", "dobj", 4),
            (".", ".", "PUNCT", "punct", 4)]
    info = FilmInfo(title="Test Film", year=2000)
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (3, 4, "PERSON")], sent_starts=(3,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 5) == "character/test-film-2000/ted"


def test_object_pronoun_is_not_its_own_verbs_subject():
    # Sam returns . Ted sees him .   ("him" cannot be Ted)
    rows = [("Sam", "Sam", "PROPN", "nsubj", 1), ("returns", "return", "VERB", "ROOT", 1),
            (".", ".", "PUNCT", "punct", 1), ("Ted", "Ted", "PROPN", "nsubj", 4),
            ("sees", "see", "VERB", "ROOT", 4), ("him", "he", "PRON", "dobj", 4),
            (".", ".", "PUNCT", "punct", 4)]
    info = FilmInfo(title="Test Film", year=2000)
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (3, 4, "PERSON")], sent_starts=(3,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 5) == "character/test-film-2000/sam"


def test_a_name_only_a_review_uses_is_not_a_character():
    rows = [("Kubrick", "Kubrick", "PROPN", "nsubj", 1), ("did", "do", "VERB", "ROOT", 1),
            ("better", "well", "ADV", "advmod", 1), (".", ".", "PUNCT", "punct", 1)]
    info = FilmInfo(title="Test Film", year=2000)
    res = resolve(info, [make_parsed(rows, kind="review", film=info, ents=[(0, 1, "PERSON")])])
    assert labels(res, "Character") == []


def test_known_names_are_linked_where_the_ner_missed_them():
    # Billy Kramer ( PERSON ) ... BIlly falls .
    rows = [("Billy", "Billy", "PROPN", "compound", 1), ("Kramer", "Kramer", "PROPN", "nsubj", 2),
            ("cries", "cry", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
            ("BIlly", "BIlly", "PROPN", "nsubj", 5), ("falls", "fall", "VERB", "ROOT", 5),
            (".", ".", "PUNCT", "punct", 5)]
    info = FilmInfo(title="Test Film", year=2000)
    p = make_parsed(rows, film=info, ents=[(0, 2, "PERSON")], sent_starts=(4,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 4) == "character/test-film-2000/billy-kramer"


def _surname_rows(second: str):
    # Harvey Dent cries . Dent <second> Wayne Enterprises .   (the NER missed 'Dent')
    return [("Harvey", "Harvey", "PROPN", "compound", 1), ("Dent", "Dent", "PROPN", "nsubj", 2),
            ("cries", "cry", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
            ("Dent", "Dent", "PROPN", "nsubj", 5), (second, second.lower(), "VERB", "ROOT", 5),
            ("Wayne", "Wayne", "PROPN", "compound", 7), ("Enterprises", "Enterprises", "PROPN", "dobj", 5),
            (".", ".", "PUNCT", "punct", 5)]


def test_a_characters_surname_alone_names_them_where_the_ner_missed_it():
    info = FilmInfo(title="Test Film", year=2000)
    p = make_parsed(_surname_rows("visits"), film=info, ents=[(0, 2, "PERSON")], sent_starts=(4,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 4) == "character/test-film-2000/harvey-dent"


def test_a_surname_two_characters_share_or_inside_another_name_is_not_linked():
    info = FilmInfo(title="Test Film", year=2000)
    # Bruce Wayne cries . Dent visits Wayne Enterprises : 'Wayne' begins another name
    rows = _surname_rows("visits")
    rows[0:2] = [("Bruce", "Bruce", "PROPN", "compound", 1), ("Wayne", "Wayne", "PROPN", "nsubj", 2)]
    p = make_parsed(rows, film=info, ents=[(0, 2, "PERSON")], sent_starts=(4,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 6) is None
    # Harvey Dent and Gail Dent cry . Dent ... : which Dent is not said
    rows = [("Harvey", "Harvey", "PROPN", "compound", 1), ("Dent", "Dent", "PROPN", "nsubj", 5),
            ("and", "and", "CCONJ", "cc", 1), ("Gail", "Gail", "PROPN", "compound", 4),
            ("Dent", "Dent", "PROPN", "conj", 1), ("cry", "cry", "VERB", "ROOT", 5),
            (".", ".", "PUNCT", "punct", 5), ("Dent", "Dent", "PROPN", "nsubj", 8),
            ("falls", "fall", "VERB", "ROOT", 8), (".", ".", "PUNCT", "punct", 8)]
    p = make_parsed(rows, film=info, ents=[(0, 2, "PERSON"), (3, 5, "PERSON")], sent_starts=(7,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 7) is None


def test_a_title_written_another_way_is_the_same_film():
    from graphbuild.extract.resolve import same_title

    assert same_title("Wallace & Gromit: The Curse of the Were-Rabbit",
                      "Wallace & Gromit in The Curse of the Were-Rabbit")
    assert same_title("The Godfather: Part III", "The Godfather Part III")
    assert not same_title("The Godfather", "The Godfather Part II")
    assert not same_title("Superman", "Superman Returns")


def test_an_object_pronoun_is_none_of_its_coordinated_subjects():
    # Nick arrives . Dwayne and Travis assault him .   ("him" is neither of them)
    rows = [("Nick", "Nick", "PROPN", "nsubj", 1), ("arrives", "arrive", "VERB", "ROOT", 1),
            (".", ".", "PUNCT", "punct", 1), ("Dwayne", "Dwayne", "PROPN", "nsubj", 6),
            ("and", "and", "CCONJ", "cc", 3), ("Travis", "Travis", "PROPN", "conj", 3),
            ("assault", "assault", "VERB", "ROOT", 6), ("him", "he", "PRON", "dobj", 6),
            (".", ".", "PUNCT", "punct", 6)]
    info = FilmInfo(title="Test Film", year=2000)
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (3, 4, "PERSON"), (5, 6, "PERSON")],
                    sent_starts=(3,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 7) == "character/test-film-2000/nick"
