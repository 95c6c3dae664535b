"""Relation rules over hand-built parses: each names the fact it must find."""

import pytest

from graphbuild.errors import UnknownName
from graphbuild.extract.relations import extract
from graphbuild.extract.resolve import resolve
from graphbuild.extract.rules import get_rules
from graphbuild.model import FilmInfo, combine
from tests.parsed import make_parsed

FILM = FilmInfo(title="Test Film", year=2000)


def facts(p, info=FILM):
    """(subject label, property, object label or literal) of every fact."""
    res = resolve(info, [p])
    out = set()
    for r in extract(info, [p.doc], [p], res):
        obj = r.obj if r.literal else res.entities[r.obj].label
        out.add((res.entities[r.subj].label, r.prop, obj))
    return out


def V(word, lemma, dep, head, pos="VERB"):
    return (word, lemma, pos, dep, head)


def N(word, dep, head, pos="PROPN"):
    return (word, word, pos, dep, head)


DOT = (".", ".", "PUNCT", "punct", 0)


def test_kinship_apposition_gives_spouse_and_neighbor():
    # Ted befriends his neighbor Margaret . Ted loves his wife Joanna .
    rows = [N("Ted", "nsubj", 1), V("befriends", "befriend", "ROOT", 1),
            ("his", "his", "PRON", "poss", 3), N("neighbor", "dobj", 1, "NOUN"),
            N("Margaret", "appos", 3), (".", ".", "PUNCT", "punct", 1),
            N("Ted", "nsubj", 7), V("calls", "call", "ROOT", 7),
            ("his", "his", "PRON", "poss", 9), N("wife", "dobj", 7, "NOUN"),
            N("Joanna", "appos", 9), (".", ".", "PUNCT", "punct", 7)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (4, 5, "PERSON"), (6, 7, "PERSON"), (10, 11, "PERSON")],
                    sent_starts=(6,))
    found = facts(p)
    assert ("Margaret", "neighborOf", "Ted") in found or ("Ted", "neighborOf", "Margaret") in found
    assert ("Margaret", "friendOf", "Ted") in found or ("Ted", "friendOf", "Margaret") in found
    assert ("Joanna", "spouseOf", "Ted") in found or ("Ted", "spouseOf", "Joanna") in found


def test_object_control_counsel_to_leave():
    # Margaret counseled Joanna to leave Ted .
    rows = [N("Margaret", "nsubj", 1), V("counseled", "counsel", "ROOT", 1), N("Joanna", "dobj", 1),
            ("to", "to", "PART", "aux", 4), V("leave", "leave", "xcomp", 1), N("Ted", "dobj", 4),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (5, 6, "PERSON")])
    found = facts(p)
    assert ("Margaret", "advises", "Joanna") in found
    assert ("Joanna", "leaves", "Ted") in found


def test_leaving_someone_with_another_is_not_leaving_them():
    # Joanna leaves Billy with Ted .
    rows = [N("Joanna", "nsubj", 1), V("leaves", "leave", "ROOT", 1), N("Billy", "dobj", 1),
            ("with", "with", "ADP", "prep", 1), N("Ted", "pobj", 3), (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "leaves"}


def test_negated_verb_gives_no_fact():
    rows = [N("Ted", "nsubj", 3), ("did", "do", "AUX", "aux", 3), ("not", "not", "PART", "neg", 3),
            V("kill", "kill", "ROOT", 3), N("Sam", "dobj", 3), (".", ".", "PUNCT", "punct", 3)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "kills"}


def test_their_son_names_both_parents():
    # Ted and Joanna argue . They raise their son Billy .
    rows = [N("Ted", "nsubj", 3), ("and", "and", "CCONJ", "cc", 0), N("Joanna", "conj", 0),
            V("argue", "argue", "ROOT", 3), (".", ".", "PUNCT", "punct", 3),
            ("They", "they", "PRON", "nsubj", 6), V("raise", "raise", "ROOT", 6),
            ("their", "their", "PRON", "poss", 8), N("son", "dobj", 6, "NOUN"), N("Billy", "appos", 8),
            (".", ".", "PUNCT", "punct", 6)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (9, 10, "PERSON")], sent_starts=(5,))
    found = facts(p)
    assert ("Ted", "parentOf", "Billy") in found
    assert ("Joanna", "parentOf", "Billy") in found


def test_directed_by_in_a_passive_gives_directed_by():
    rows = [("The", "the", "DET", "det", 1), N("film", "nsubjpass", 3, "NOUN"),
            ("was", "be", "AUX", "auxpass", 3), V("directed", "direct", "ROOT", 3),
            ("by", "by", "ADP", "agent", 3), N("Robert", "compound", 6), N("Benton", "pobj", 4),
            (".", ".", "PUNCT", "punct", 3)]
    p = make_parsed(rows, kind="lead", ents=[(5, 7, "PERSON")])
    assert ("Test Film", "directedBy", "Robert Benton") in facts(p)


def test_written_by_one_and_directed_by_another_stay_apart():
    rows = [V("Written", "write", "ROOT", 0), ("by", "by", "ADP", "agent", 0), N("Ann", "compound", 3),
            N("Lee", "pobj", 1), ("and", "and", "CCONJ", "cc", 0), V("directed", "direct", "conj", 0),
            ("by", "by", "ADP", "agent", 5), N("Bob", "compound", 8), N("Ray", "pobj", 6),
            (".", ".", "PUNCT", "punct", 0)]
    p = make_parsed(rows, kind="lead", ents=[(2, 4, "PERSON"), (7, 9, "PERSON")])
    found = {f for f in facts(p) if f[1] in ("writtenBy", "directedBy")}
    assert found == {("Test Film", "writtenBy", "Ann Lee"), ("Test Film", "directedBy", "Bob Ray")}


def test_written_by_and_starring_gives_the_star_the_writing_credit():
    # a film written by and starring Ann Lee .  (spaCy: 'by' has no object; 'starring' is
    # the conj of 'written' and holds the name)
    rows = [("a", "a", "DET", "det", 1), N("film", "ROOT", 1, "NOUN"), V("written", "write", "acl", 1),
            ("by", "by", "ADP", "agent", 2), ("and", "and", "CCONJ", "cc", 2),
            V("starring", "star", "conj", 2), N("Ann", "compound", 7), N("Lee", "dobj", 5),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, kind="lead", ents=[(6, 8, "PERSON")])
    found = {f for f in facts(p) if f[1] in ("writtenBy", "castMember")}
    assert found == {("Test Film", "writtenBy", "Ann Lee"), ("Test Film", "castMember", "Ann Lee")}


def test_a_star_listed_after_by_and_another_verb_is_not_credited_without_and():
    # written by , starring Ann Lee : no 'and' joins the credits, so no writing credit
    rows = [("a", "a", "DET", "det", 1), N("film", "ROOT", 1, "NOUN"), V("written", "write", "acl", 1),
            ("by", "by", "ADP", "agent", 2), (",", ",", "PUNCT", "punct", 2),
            V("starring", "star", "conj", 2), N("Ann", "compound", 7), N("Lee", "dobj", 5),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, kind="lead", ents=[(6, 8, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "writtenBy"}


def test_directed_and_co_written_by_gives_both_credits():
    # it is directed and co - written by Bob Ray .  (spaCy splits 'co-written': 'co' is the
    # conj of 'directed', 'written' hangs on 'directed' and holds the agent)
    rows = [("it", "it", "PRON", "nsubjpass", 2), ("is", "be", "AUX", "auxpass", 2),
            V("directed", "direct", "ROOT", 2), ("and", "and", "CCONJ", "cc", 2),
            V("co", "co", "conj", 2), ("-", "-", "PUNCT", "punct", 6),
            V("written", "write", "advcl", 2), ("by", "by", "ADP", "agent", 6),
            N("Bob", "compound", 9), N("Ray", "pobj", 7), (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="lead", ents=[(8, 10, "PERSON")])
    found = {f for f in facts(p) if f[1] in ("writtenBy", "directedBy")}
    assert found == {("Test Film", "writtenBy", "Bob Ray"), ("Test Film", "directedBy", "Bob Ray")}


def _year_rows(verb: str, lemma: str, prep: str = "in"):
    # Test Film is a film <verb> <prep> 1995 .
    return [N("Test", "compound", 1), N("Film", "nsubj", 2), ("is", "be", "AUX", "ROOT", 2),
            ("a", "a", "DET", "det", 4), ("film", "film", "NOUN", "attr", 2),
            V(verb, lemma, "acl", 4), (prep, prep, "ADP", "prep", 5),
            ("1995", "1995", "NUM", "pobj", 6), (".", ".", "PUNCT", "punct", 2)]


@pytest.mark.parametrize("verb,lemma", [("premiered", "premier"), ("produced", "produce"),
                                        ("made", "make"), ("released", "release")])
def test_a_film_premiered_or_produced_in_a_year_was_released_then(verb, lemma):
    # spaCy's lemma of 'premiered' is 'premier'
    info = FilmInfo(title="Test Film")
    p = make_parsed(_year_rows(verb, lemma), kind="lead", ents=[(0, 2, "FILM"), (7, 8, "DATE")],
                    film=info)
    assert ("Test Film", "releaseYear", "1995") in facts(p, info)


def test_a_year_not_of_the_production_is_no_release_year():
    # Test Film is a film produced after 1995 .  ('produced' takes the year only after 'in')
    info = FilmInfo(title="Test Film")
    p = make_parsed(_year_rows("produced", "produce", "after"), kind="lead",
                    ents=[(0, 2, "FILM"), (7, 8, "DATE")], film=info)
    assert not {f for f in facts(p, info) if f[1] == "releaseYear"}


def test_special_participation_names_a_cast_member():
    # With the special participation of Ann Lee .
    rows = [("With", "with", "ADP", "ROOT", 0), ("the", "the", "DET", "det", 3),
            ("special", "special", "ADJ", "amod", 3), ("participation", "participation", "NOUN", "pobj", 0),
            ("of", "of", "ADP", "prep", 3), N("Ann", "compound", 6), N("Lee", "pobj", 4),
            (".", ".", "PUNCT", "punct", 0)]
    p = make_parsed(rows, kind="lead", ents=[(5, 7, "PERSON")])
    assert ("Test Film", "castMember", "Ann Lee") in facts(p)


def test_a_cast_list_the_parser_hangs_on_a_credit_is_the_cast_not_the_credit():
    # It is written by Eric Roth , based on the novel by Wes Groom , and stars Tom Hanks .
    # (spaCy: 'Hanks' is a conj of 'Roth', 'stars' its compound)
    rows = [("It", "it", "PRON", "nsubjpass", 2), ("is", "be", "AUX", "auxpass", 2),
            V("written", "write", "ROOT", 2), ("by", "by", "ADP", "agent", 2),
            N("Eric", "compound", 5), N("Roth", "pobj", 3), (",", ",", "PUNCT", "punct", 5),
            V("based", "base", "acl", 5), ("on", "on", "ADP", "prep", 7),
            ("the", "the", "DET", "det", 10), ("novel", "novel", "NOUN", "pobj", 8),
            ("by", "by", "ADP", "prep", 10), N("Wes", "compound", 13), N("Groom", "pobj", 11),
            (",", ",", "PUNCT", "punct", 5), ("and", "and", "CCONJ", "cc", 5),
            V("stars", "star", "compound", 18), N("Tom", "compound", 18), N("Hanks", "conj", 5),
            (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="lead", ents=[(4, 6, "PERSON"), (12, 14, "PERSON"), (17, 19, "PERSON")])
    found = {f for f in facts(p) if f[1] in ("writtenBy", "castMember")}
    assert found == {("Test Film", "writtenBy", "Eric Roth"), ("Test Film", "castMember", "Tom Hanks")}


def test_roles_played_by_people_of_a_cast_sentence_are_cast():
    # It stars Ann Lee , with roles played by Bob Ray .   ('play' is also a work: not here)
    rows = [("It", "it", "PRON", "nsubj", 1), V("stars", "star", "ROOT", 1), N("Ann", "compound", 3),
            N("Lee", "dobj", 1), (",", ",", "PUNCT", "punct", 1), ("with", "with", "ADP", "prep", 1),
            ("roles", "role", "NOUN", "pobj", 5), V("played", "play", "acl", 6),
            ("by", "by", "ADP", "agent", 7), N("Bob", "compound", 10), N("Ray", "pobj", 8),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, kind="lead", ents=[(2, 4, "PERSON"), (9, 11, "PERSON")])
    cast = {f[2] for f in facts(p) if f[1] == "castMember"}
    assert cast == {"Ann Lee", "Bob Ray"}


def test_respectively_pairs_actors_and_roles_in_order_or_not_at_all():
    # It stars Ann Lee and Bob Ray as Tina Moss and Carl Dunn , respectively .
    rows = [("It", "it", "PRON", "nsubj", 1), V("stars", "star", "ROOT", 1),
            N("Ann", "compound", 3), N("Lee", "dobj", 1), ("and", "and", "CCONJ", "cc", 3),
            N("Bob", "compound", 6), N("Ray", "conj", 3), ("as", "as", "ADP", "prep", 1),
            N("Tina", "compound", 9), N("Moss", "pobj", 7), ("and", "and", "CCONJ", "cc", 9),
            N("Carl", "compound", 12), N("Dunn", "conj", 9), (",", ",", "PUNCT", "punct", 1),
            ("respectively", "respectively", "ADV", "advmod", 1), (".", ".", "PUNCT", "punct", 1),
            N("Carl", "compound", 17), N("Dunn", "nsubj", 18), V("sings", "sing", "ROOT", 18),
            (".", ".", "PUNCT", "punct", 18)]        # ... Carl Dunn sings . (a character)
    info = FilmInfo(title="Test Film", cast=["Ann Lee", "Bob Ray"])
    p = make_parsed(rows, kind="plot", film=info, sent_starts=(16,),
                    ents=[(2, 4, "CAST"), (5, 7, "CAST"), (8, 10, "PERSON"), (11, 13, "PERSON"),
                          (16, 18, "PERSON")])
    plays = {f for f in facts(p, info) if f[1] == "plays"}
    assert plays == {("Ann Lee", "plays", "Tina Moss"), ("Bob Ray", "plays", "Carl Dunn")}
    # ... as Tina Moss and God , respectively: one character for two actors, no pairing
    rows[11:13] = [("the", "the", "DET", "det", 12), ("God", "God", "PROPN", "conj", 9)]
    p = make_parsed(rows, kind="plot", film=info, sent_starts=(16,),
                    ents=[(2, 4, "CAST"), (5, 7, "CAST"), (8, 10, "PERSON"), (16, 18, "PERSON")])
    assert not {f for f in facts(p, info) if f[1] == "plays"}


def _role_rows(middle):
    # Tina Moss sings . Ann Lee <middle> Tina Moss <tail> .
    head = [N("Tina", "compound", 1), N("Moss", "nsubj", 2), V("sings", "sing", "ROOT", 2),
            (".", ".", "PUNCT", "punct", 2), N("Ann", "compound", 5), N("Lee", "nsubj", 6)]
    return head + middle


def test_a_role_declined_or_of_another_show_is_not_played_here():
    info = FilmInfo(title="Test Film", cast=["Ann Lee"])
    ents = [(0, 2, "PERSON"), (4, 6, "CAST")]
    # ... Ann Lee turned down the part as Tina Moss .
    rows = _role_rows([V("turned", "turn", "ROOT", 6), ("down", "down", "ADP", "prt", 6),
                       ("the", "the", "DET", "det", 9), ("part", "part", "NOUN", "dobj", 6),
                       ("as", "as", "ADP", "prep", 9), N("Tina", "compound", 12),
                       N("Moss", "pobj", 10), (".", ".", "PUNCT", "punct", 6)])
    p = make_parsed(rows, kind="plot", film=info, sent_starts=(4,), ents=ents + [(11, 13, "PERSON")])
    assert not {f for f in facts(p, info) if f[1] == "plays"}
    # ... Ann Lee plays Tina Moss in Smallville .   (and, as a check, ... in Paris .)
    for where, ent, played in (("Smallville", "ORG", False), ("Paris", "GPE", True)):
        rows = _role_rows([V("plays", "play", "ROOT", 6), N("Tina", "compound", 8),
                           N("Moss", "dobj", 6), ("in", "in", "ADP", "prep", 6),
                           N(where, "pobj", 9), (".", ".", "PUNCT", "punct", 6)])
        p = make_parsed(rows, kind="plot", film=info, sent_starts=(4,),
                        ents=ents + [(7, 9, "PERSON"), (10, 11, ent)])
        assert (("Ann Lee", "plays", "Tina Moss") in facts(p, info)) is played, where


def test_fatally_stabbing_is_killing():
    # Tom fatally stabs Sam .
    rows = [N("Tom", "nsubj", 2), ("fatally", "fatally", "ADV", "advmod", 2),
            V("stabs", "stab", "ROOT", 2), N("Sam", "dobj", 2), DOT[:4] + (2,)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    assert ("Tom", "kills", "Sam") in facts(p)


def test_engaged_or_married_to_with_the_subject_on_the_auxiliary():
    # Ann is engaged to Bob .  (spaCy hangs 'Ann' on 'is')
    for verb, lemma, prop in (("engaged", "engage", "romanticPartnerOf"),
                              ("married", "marry", "spouseOf")):
        rows = [N("Ann", "nsubj", 1), ("is", "be", "AUX", "auxpass", 2), V(verb, lemma, "ROOT", 2),
                ("to", "to", "ADP", "prep", 2), N("Bob", "pobj", 3), DOT[:4] + (2,)]
        p = make_parsed(rows, ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
        found = facts(p)
        assert ("Ann", prop, "Bob") in found or ("Bob", prop, "Ann") in found, verb


def test_played_by_inside_parentheses_is_a_credit():
    # Rita ( played by Kate Winslet ) sings .
    rows = [N("Rita", "nsubj", 7), ("(", "(", "PUNCT", "punct", 0), V("played", "play", "acl", 0),
            ("by", "by", "ADP", "agent", 2), N("Kate", "compound", 5), N("Winslet", "pobj", 3),
            (")", ")", "PUNCT", "punct", 0), V("sings", "sing", "ROOT", 7), DOT[:4] + (7,)]
    info = FilmInfo(title="Test Film", cast=["Kate Winslet"])
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (4, 6, "CAST")])
    assert ("Kate Winslet", "plays", "Rita") in facts(p, info)


def test_english_language_names_the_language_not_the_country():
    # Test Film is a 2001 English - language film .
    rows = [N("Test", "compound", 1), N("Film", "nsubj", 2), ("is", "be", "AUX", "ROOT", 2),
            ("a", "a", "DET", "det", 8), ("2001", "2001", "NUM", "nummod", 8),
            ("English", "english", "ADJ", "amod", 7), ("-", "-", "PUNCT", "punct", 7),
            ("language", "language", "NOUN", "compound", 8), ("film", "film", "NOUN", "attr", 2),
            (".", ".", "PUNCT", "punct", 2)]
    info = FilmInfo(title="Test Film")
    p = make_parsed(rows, kind="lead", ents=[(0, 2, "FILM")], film=info)
    found = facts(p, info)
    assert ("Test Film", "language", "English") in found
    assert not {f for f in found if f[1] == "countryOfOrigin"}


def test_a_co_writer_and_a_feature_by_a_director_are_no_cast():
    # It was directed by Ann Lee , who co - wrote it with Bob Ray , and stars Cy Dunn .
    rows = [("It", "it", "PRON", "nsubjpass", 2), ("was", "be", "AUX", "auxpass", 2),
            V("directed", "direct", "ROOT", 2), ("by", "by", "ADP", "agent", 2),
            N("Ann", "compound", 5), N("Lee", "pobj", 3), (",", ",", "PUNCT", "punct", 5),
            ("who", "who", "PRON", "nsubj", 10), V("co", "co", "advmod", 10),
            ("-", "-", "PUNCT", "punct", 10), V("wrote", "write", "relcl", 5),
            ("it", "it", "PRON", "dobj", 10), ("with", "with", "ADP", "prep", 10),
            N("Bob", "compound", 14), N("Ray", "pobj", 12), (",", ",", "PUNCT", "punct", 2),
            ("and", "and", "CCONJ", "cc", 2), V("stars", "star", "conj", 2),
            N("Cy", "compound", 19), N("Dunn", "dobj", 17), (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="lead", ents=[(4, 6, "PERSON"), (13, 15, "PERSON"), (18, 20, "PERSON")])
    cast = {f[2] for f in facts(p) if f[1] == "castMember"}
    assert cast == {"Cy Dunn"}
    # This is the first feature by writer/director Ann Lee .   ('feature' a noun)
    rows = [("This", "this", "PRON", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1),
            ("the", "the", "DET", "det", 4), ("first", "first", "ADJ", "amod", 4),
            ("feature", "feature", "NOUN", "attr", 1), ("by", "by", "ADP", "prep", 4),
            ("writer/director", "writer/director", "NOUN", "compound", 8), N("Ann", "compound", 8),
            N("Lee", "pobj", 5), (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, kind="review", ents=[(7, 9, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "castMember"}


def test_a_misparsed_clause_conjoined_to_the_object_names_no_second_object():
    # Tom assaults Sam and Ray chloroforms Sam .  (spaCy: 'chloroforms' a noun, conj of
    # 'Sam', with 'Ray' its compound: Ray is a doer, not a second victim)
    rows = [N("Tom", "nsubj", 1), V("assaults", "assault", "ROOT", 1), N("Sam", "dobj", 1),
            ("and", "and", "CCONJ", "cc", 2), N("Ray", "compound", 5),
            ("chloroforms", "chloroform", "NOUN", "conj", 2), N("Sam", "npadvmod", 1),
            DOT[:4] + (1,)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON"), (6, 7, "PERSON")])
    attacks = {f for f in facts(p) if f[1] == "attacks"}
    assert ("Tom", "attacks", "Sam") in attacks and ("Tom", "attacks", "Ray") not in attacks


def test_a_credit_of_the_film_a_remake_is_of_is_not_this_films():
    # It is a remake of the film Open Eyes , which was written by Ann Lee .
    rows = [("It", "it", "PRON", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1),
            ("a", "a", "DET", "det", 3), ("remake", "remake", "NOUN", "attr", 1),
            ("of", "of", "ADP", "prep", 3), ("the", "the", "DET", "det", 6),
            ("film", "film", "NOUN", "pobj", 4), N("Open", "compound", 8), N("Eyes", "appos", 6),
            (",", ",", "PUNCT", "punct", 6), ("which", "which", "PRON", "nsubjpass", 12),
            ("was", "be", "AUX", "auxpass", 12), V("written", "write", "relcl", 6),
            ("by", "by", "ADP", "agent", 12), N("Ann", "compound", 15), N("Lee", "pobj", 13),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, kind="lead", ents=[(14, 16, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "writtenBy"}


def test_a_credit_after_a_title_of_the_other_gender_is_not_hers():
    # Mary Dashwood loses her ring . Mr. Dashwood ( Tom Wilkinson ) dies .
    rows = [N("Mary", "compound", 1), N("Dashwood", "nsubj", 2), V("loses", "lose", "ROOT", 2),
            ("her", "her", "PRON", "poss", 4), ("ring", "ring", "NOUN", "dobj", 2), DOT[:4] + (2,),
            N("Mr.", "compound", 7), N("Dashwood", "nsubj", 12), ("(", "(", "PUNCT", "punct", 7),
            N("Tom", "compound", 10), N("Wilkinson", "appos", 7), (")", ")", "PUNCT", "punct", 7),
            V("dies", "die", "ROOT", 12), DOT[:4] + (12,)]
    info = FilmInfo(title="Test Film", cast=["Tom Wilkinson"])
    p = make_parsed(rows, film=info, sent_starts=(6,),
                    ents=[(0, 2, "PERSON"), (7, 8, "PERSON"), (9, 11, "CAST")])
    assert ("Tom Wilkinson", "plays", "Mary Dashwood") not in facts(p, info)


def test_a_verb_shares_no_agent_across_another_verbs_agent():
    # a film directed and produced by Ann Lee and written by Bob Ray .
    rows = [("a", "a", "DET", "det", 1), N("film", "ROOT", 1, "NOUN"), V("directed", "direct", "acl", 1),
            ("and", "and", "CCONJ", "cc", 2), V("produced", "produce", "conj", 2),
            ("by", "by", "ADP", "agent", 4), N("Ann", "compound", 7), N("Lee", "pobj", 5),
            ("and", "and", "CCONJ", "cc", 4), V("written", "write", "conj", 4),
            ("by", "by", "ADP", "agent", 9), N("Bob", "compound", 12), N("Ray", "pobj", 10),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, kind="lead", ents=[(6, 8, "PERSON"), (11, 13, "PERSON")])
    found = {f for f in facts(p) if f[1] in ("directedBy", "producedBy", "writtenBy")}
    assert found == {("Test Film", "directedBy", "Ann Lee"), ("Test Film", "producedBy", "Ann Lee"),
                     ("Test Film", "writtenBy", "Bob Ray")}


def test_lead_sentence_gives_year_country_and_genre():
    rows = [N("Test", "compound", 1), N("Film", "nsubj", 2), ("is", "be", "AUX", "ROOT", 2),
            ("a", "a", "DET", "det", 7), ("1994", "1994", "NUM", "nummod", 7),
            ("American", "american", "ADJ", "amod", 7), ("thriller", "thriller", "NOUN", "compound", 7),
            ("film", "film", "NOUN", "attr", 2), (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="lead", ents=[(0, 2, "FILM")], film=FilmInfo(title="Test Film"))
    found = facts(p, FilmInfo(title="Test Film"))
    assert ("Test Film", "releaseYear", "1994") in found
    assert ("Test Film", "countryOfOrigin", "United States") in found
    assert ("Test Film", "genre", "Thriller") in found


def test_actor_who_won_an_oscar_for_his_role_plays_it():
    info = FilmInfo(title="Test Film", year=2000, cast=["Dustin Hoffman"])
    # Dustin Hoffman won an Oscar for his Ted Kramer .
    rows = [N("Dustin", "compound", 1), N("Hoffman", "nsubj", 2), V("won", "win", "ROOT", 2),
            ("an", "an", "DET", "det", 4), N("Oscar", "dobj", 2), ("for", "for", "ADP", "prep", 2),
            ("his", "his", "PRON", "poss", 8), N("Ted", "compound", 8), N("Kramer", "pobj", 5),
            (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="review", film=info,
                    ents=[(0, 2, "CAST"), (4, 5, "AWARD"), (7, 9, "PERSON")])
    found = facts(p, info)
    assert ("Dustin Hoffman", "wonAward", "Academy Award") in found
    assert ("Dustin Hoffman", "plays", "Ted Kramer") in found
    assert ("Test Film", "castMember", "Dustin Hoffman") in found


def test_every_character_belongs_to_the_film():
    rows = [N("Ted", "nsubj", 1), V("sleeps", "sleep", "ROOT", 1), (".", ".", "PUNCT", "punct", 1)]
    assert ("Test Film", "hasCharacter", "Ted") in facts(make_parsed(rows, ents=[(0, 1, "PERSON")]))


def test_evidence_points_at_the_sentence_in_the_original_text():
    rows = [N("Margaret", "nsubj", 1), V("helps", "help", "ROOT", 1), N("Joanna", "dobj", 1),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    res = resolve(FILM, [p])
    rel = next(r for r in extract(FILM, [p.doc], [p], res) if r.prop == "helps")
    ev = rel.evidence[0]
    assert p.doc.text[ev.start:ev.end] == "Margaret helps Joanna."
    assert ev.rule == "story.verb.v1" and 0 < ev.confidence <= 1


def test_unknown_rule_name_lists_the_valid_ones():
    with pytest.raises(UnknownName) as e:
        get_rules(["story.nope.v9"])
    assert "story.verb.v1" in str(e.value)


def test_combined_confidence_grows_with_evidence():
    assert combine([0.8]) == 0.8
    assert combine([0.8, 0.5]) == 0.9
    assert combine([]) == 0.0


def test_a_threat_is_not_a_killing():
    # Dwayne will kill Kate .
    rows = [N("Dwayne", "nsubj", 2), ("will", "will", "AUX", "aux", 2), V("kill", "kill", "ROOT", 2),
            N("Kate", "dobj", 2), (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "kills"}


def test_actor_in_parentheses_is_not_the_wife():
    info = FilmInfo(title="Test Film", year=2000, cast=["Bryce Howard"])
    # John meets his wife Kate ( Bryce Howard ) .
    rows = [N("John", "nsubj", 1), V("meets", "meet", "ROOT", 1), ("his", "his", "PRON", "poss", 3),
            N("wife", "dobj", 1, "NOUN"), N("Kate", "appos", 3), ("(", "(", "PUNCT", "punct", 4),
            N("Bryce", "compound", 7), N("Howard", "appos", 4), (")", ")", "PUNCT", "punct", 4),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (4, 5, "PERSON"), (6, 8, "CAST")])
    found = facts(p, info)
    spouses = {f for f in found if f[1] == "spouseOf"}
    assert spouses == {("John", "spouseOf", "Kate")} or spouses == {("Kate", "spouseOf", "John")}
    assert ("Bryce Howard", "plays", "Kate") in found


def test_joining_a_person_is_not_membership():
    rows = [N("Sam", "nsubj", 1), V("joins", "join", "ROOT", 1), N("Frodo", "dobj", 1),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "memberOf"}


def test_based_on_the_novel_of_the_same_name():
    # The film is based on the novel of the same name .
    rows = [("The", "the", "DET", "det", 1), N("film", "nsubjpass", 3, "NOUN"),
            ("is", "be", "AUX", "auxpass", 3), V("based", "base", "ROOT", 3),
            ("on", "on", "ADP", "prep", 3), ("the", "the", "DET", "det", 6),
            ("novel", "novel", "NOUN", "pobj", 4), ("of", "of", "ADP", "prep", 6),
            ("the", "the", "DET", "det", 10), ("same", "same", "ADJ", "amod", 10),
            ("name", "name", "NOUN", "pobj", 7), (".", ".", "PUNCT", "punct", 3)]
    p = make_parsed(rows, kind="lead")
    assert ("Test Film", "basedOn", "Test Film (novel)") in facts(p)


def test_his_wife_names_the_wife_once_she_is_known():
    # Ted loves his wife Joanna . His wife leaves him .
    rows = [N("Ted", "nsubj", 1), V("loves", "love", "ROOT", 1), ("his", "his", "PRON", "poss", 3),
            N("wife", "dobj", 1, "NOUN"), N("Joanna", "appos", 3), (".", ".", "PUNCT", "punct", 1),
            ("His", "his", "PRON", "poss", 7), N("wife", "nsubj", 8, "NOUN"), V("leaves", "leave", "ROOT", 8),
            ("him", "he", "PRON", "dobj", 8), (".", ".", "PUNCT", "punct", 8)]
    p = make_parsed(rows, ents=[(0, 1, "PERSON"), (4, 5, "PERSON")], sent_starts=(6,))
    assert ("Joanna", "leaves", "Ted") in facts(p)


def test_a_film_keeps_one_release_year_and_metadata_wins():
    from graphbuild.extract.relations import FUNCTIONAL, one_value
    from graphbuild.model import Evidence, Relation

    def rel(year, rule, conf):
        return Relation("film/x", "releaseYear", year, [Evidence("d", "", 0, 0, 0, rule, conf)],
                        literal=True, datatype="gYear")

    kept = one_value([rel("1971", "credits.film_description.v1", 0.85),
                      rel("1982", "metadata.releaseYear.v1", 0.5),
                      rel("1978", "credits.release.v1", 0.9)], FUNCTIONAL)
    assert [r.obj for r in kept] == ["1982"]
    kept = one_value([rel("1990", "a", 0.7), rel("1989", "b", 0.7)], FUNCTIONAL)
    assert [r.obj for r in kept] == ["1989"]


# --- titles, years and genres -----------------------------------------------

def test_a_title_with_a_possessive_and_its_year_is_the_corpus_films_key():
    # They watch Ocean 's Eleven ( 2001 ) .
    rows = [N("They", "nsubj", 1, "PRON"), V("watch", "watch", "ROOT", 1), N("Ocean", "poss", 4),
            ("'s", "'s", "PART", "case", 2), N("Eleven", "dobj", 1), ("(", "(", "PUNCT", "punct", 4),
            ("2001", "2001", "NUM", "appos", 4), (")", ")", "PUNCT", "punct", 4), DOT]
    p = make_parsed(rows, film=FILM)
    res = resolve(FILM, [p])
    films = {k: e.label for k, e in res.entities.items() if e.cls == "Film"}
    assert films["film/ocean-s-eleven-2001"] == "Ocean's Eleven"
    assert "film/eleven" not in films


def test_a_hyphenated_title_word_stays_whole():
    # They love Curse of the Were-Rabbit ( 2005 ) .
    rows = [N("They", "nsubj", 1, "PRON"), V("love", "love", "ROOT", 1), N("Curse", "dobj", 1),
            ("of", "of", "ADP", "prep", 2), ("the", "the", "DET", "det", 7), N("Were", "compound", 7),
            ("-", "-", "PUNCT", "punct", 7), N("Rabbit", "pobj", 3),
            ("(", "(", "PUNCT", "punct", 7), ("2005", "2005", "NUM", "appos", 7),
            (")", ")", "PUNCT", "punct", 7), DOT]
    p = make_parsed(rows, film=FILM, glued=(6, 7))
    res = resolve(FILM, [p])
    films = {k: e.label for k, e in res.entities.items() if e.cls == "Film"}
    assert films["film/curse-of-the-were-rabbit-2005"] == "Curse of the Were-Rabbit"
    assert "Rabbit" not in films.values()


def test_front_matter_genres_are_one_genre_whatever_their_spelling():
    from graphbuild.extract.relations import extract

    info = FilmInfo(title="Test Film", year=2000, genres=["Sci-Fi", "Drama"])
    p = make_parsed([N("Ann", "nsubj", 1), V("smiles", "smile", "ROOT", 1), DOT], film=info)
    line = "genres: [Sci-Fi, Drama]"       # a metadata fact cites the line that states it
    start = len(p.doc.text) + 1
    p.doc.text += "\n" + line
    p.doc.meta_lines = [("genres", start, start + len(line))]
    res = resolve(info, [p])
    rels = extract(info, [p.doc], [p], res)
    genres = sorted(r.obj for r in rels if r.prop == "genre")
    assert genres == ["genre/drama", "genre/science-fiction"]
    assert res.entities["genre/science-fiction"].aliases == {"Sci-Fi"}


def test_paired_lists_in_parentheses_are_read_in_order():
    # Jesse and Celine ( Ethan Hawke and Julie Delpy ) meet .
    info = FilmInfo(title="Test Film", year=2000, cast=["Ethan Hawke", "Julie Delpy"])
    rows = [N("Jesse", "nsubj", 10), ("and", "and", "CCONJ", "cc", 0), N("Celine", "conj", 0),
            ("(", "(", "PUNCT", "punct", 2), N("Ethan", "compound", 5), N("Hawke", "appos", 2),
            ("and", "and", "CCONJ", "cc", 5), N("Julie", "compound", 8), N("Delpy", "conj", 5),
            (")", ")", "PUNCT", "punct", 2), V("meet", "meet", "ROOT", 10), DOT]
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 6, "CAST"),
                                           (7, 9, "CAST")])
    found = {f for f in facts(p, info) if f[1] == "plays"}
    assert found == {("Ethan Hawke", "plays", "Jesse"), ("Julie Delpy", "plays", "Celine")}


def test_an_episode_that_aired_in_a_year_is_released_that_year():
    # The episode aired on Fox on December 13 , 2011 .
    info = FilmInfo(title="Test Film")
    rows = [("The", "the", "DET", "det", 1), ("episode", "episode", "NOUN", "ROOT", 1),
            V("aired", "air", "acl", 1), ("on", "on", "ADP", "prep", 2), N("Fox", "pobj", 3),
            ("on", "on", "ADP", "prep", 2), N("December", "pobj", 5),
            ("13", "13", "NUM", "nummod", 6), (",", ",", "PUNCT", "punct", 6),
            ("2011", "2011", "NUM", "nummod", 6), DOT]
    p = make_parsed(rows, film=info, ents=[(6, 10, "DATE"), (4, 5, "ORG")])
    res = resolve(info, [p])
    rels = extract(info, [p.doc], [p], res, ["credits.release.v2"])
    assert [(r.prop, r.obj) for r in rels if r.prop == "releaseYear"] == [("releaseYear", "2011")]


def test_adapted_to_screen_by_names_the_writer():
    # The film was adapted to screen by Gerald Duffy .
    info = FilmInfo(title="Test Film")
    rows = [("The", "the", "DET", "det", 1), ("film", "film", "NOUN", "nsubjpass", 3),
            ("was", "be", "AUX", "auxpass", 3), V("adapted", "adapt", "ROOT", 3),
            ("to", "to", "PART", "aux", 5), ("screen", "screen", "VERB", "xcomp", 3),
            ("by", "by", "ADP", "prep", 5), N("Gerald", "compound", 8), N("Duffy", "pobj", 6),
            DOT]
    p = make_parsed(rows, film=info, ents=[(7, 9, "PERSON")], kind="lead")
    res = resolve(info, [p])
    rels = extract(info, [p.doc], [p], res, ["credits.by_agent.v2"])
    assert [(r.prop, res.entities[r.obj].label) for r in rels if r.prop == "writtenBy"] == \
        [("writtenBy", "Gerald Duffy")]
