"""The entity stage: what a name the NER took for a person's is, and the
decision it records. Sentences are shapes found in many plots, built by hand."""

from graphbuild.extract.entities import (BEING, CHARACTER, NONE, ORGANIZATION, PLACE, Cue,
                                         explain, weigh)
from graphbuild.extract.resolve import resolve
from graphbuild.model import FilmInfo
from tests.parsed import make_parsed

INFO = FilmInfo(title="Test Film", year=2000, cast=["Ryan Gosling"])
FILM = "test-film-2000"


def classes(res, name):
    """Classes of the entities that have `name` as label or alias."""
    return sorted(e.cls for e in res.entities.values() if name in (e.label, *e.aliases))


def rejected(res):
    return {d.name: d.reasons for d in res.entities[f"film/{FILM}"].decisions if not d.cls}


def test_a_name_called_a_town_is_a_place_and_says_why():
    # Forrest returns to Greenbow , a small town .
    rows = [("Forrest", "Forrest", "PROPN", "nsubj", 1), ("returns", "return", "VERB", "ROOT", 1),
            ("to", "to", "ADP", "prep", 1), ("Greenbow", "Greenbow", "PROPN", "pobj", 2),
            (",", ",", "PUNCT", "punct", 3), ("a", "a", "DET", "det", 7),
            ("small", "small", "ADJ", "amod", 7), ("town", "town", "NOUN", "appos", 3),
            (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    res = resolve(INFO, [p])
    assert classes(res, "Greenbow") == ["Place"]
    assert classes(res, "Forrest") == ["Character"]
    why = res.entities["place/greenbow"].decision(FILM).reasons
    assert any("called a place ('town')" in r for r in why)
    assert any("where someone goes" in r for r in why)


def test_the_band_before_a_name_makes_it_an_organization():
    # Aldous sings with the band Infant Sorrow .
    rows = [("Aldous", "Aldous", "PROPN", "nsubj", 1), ("sings", "sing", "VERB", "ROOT", 1),
            ("with", "with", "ADP", "prep", 1), ("the", "the", "DET", "det", 6),
            ("band", "band", "NOUN", "compound", 6), ("Infant", "Infant", "PROPN", "compound", 6),
            ("Sorrow", "Sorrow", "PROPN", "pobj", 2), (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (5, 7, "PERSON")])
    res = resolve(INFO, [p])
    assert classes(res, "Infant Sorrow") == ["Organization"]
    assert classes(res, "Aldous") == ["Character"]


def test_a_word_written_in_lower_case_elsewhere_is_no_name():
    # Death is near . Ted fears death .
    rows = [("Death", "Death", "PROPN", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1),
            ("near", "near", "ADV", "advmod", 1), (".", ".", "PUNCT", "punct", 1),
            ("Ted", "Ted", "PROPN", "nsubj", 5), ("fears", "fear", "VERB", "ROOT", 5),
            ("death", "death", "NOUN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (4, 5, "PERSON")], sent_starts=(4,))
    res = resolve(INFO, [p])
    assert classes(res, "Death") == []
    assert "written in lower case" in rejected(res)["Death"][0]
    assert classes(res, "Ted") == ["Character"]


def test_an_indefinite_article_makes_a_capitalized_word_a_common_noun():
    # Frodo finds an ancient Ring .
    rows = [("Frodo", "Frodo", "PROPN", "nsubj", 1), ("finds", "find", "VERB", "ROOT", 1),
            ("an", "an", "DET", "det", 4), ("ancient", "ancient", "ADJ", "amod", 4),
            ("Ring", "Ring", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    res = resolve(INFO, [p])
    assert classes(res, "Ring") == []
    assert "indefinite article" in rejected(res)["Ring"][0]


def test_an_actors_credit_keeps_a_common_word_a_characters_name():
    # Driver ( Ryan Gosling ) drives . The driver waits .
    rows = [("Driver", "Driver", "PROPN", "nsubj", 5), ("(", "(", "PUNCT", "punct", 0),
            ("Ryan", "Ryan", "PROPN", "compound", 3), ("Gosling", "Gosling", "PROPN", "appos", 0),
            (")", ")", "PUNCT", "punct", 0), ("drives", "drive", "VERB", "ROOT", 5),
            (".", ".", "PUNCT", "punct", 5), ("The", "the", "DET", "det", 8),
            ("driver", "driver", "NOUN", "nsubj", 9), ("waits", "wait", "VERB", "ROOT", 9),
            (".", ".", "PUNCT", "punct", 9)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (2, 4, "CAST")], sent_starts=(7,))
    res = resolve(INFO, [p])
    assert classes(res, "Driver") == ["Character"]
    why = res.entities[f"character/{FILM}/driver"].decision(FILM).reasons
    assert any("Driver (Ryan Gosling)" in r for r in why)


def test_a_name_that_begins_a_holidays_name_is_no_character():
    # Annie meets Sam on Valentine 's Day .
    rows = [("Annie", "Annie", "PROPN", "nsubj", 1), ("meets", "meet", "VERB", "ROOT", 1),
            ("Sam", "Sam", "PROPN", "dobj", 1), ("on", "on", "ADP", "prep", 1),
            ("Valentine", "Valentine", "PROPN", "poss", 6), ("'s", "'s", "PART", "case", 4),
            ("Day", "Day", "PROPN", "pobj", 3), (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON")])
    res = resolve(INFO, [p])
    assert classes(res, "Valentine") == []
    assert classes(res, "Annie") == classes(res, "Sam") == ["Character"]


def test_a_word_with_nt_is_never_a_name():
    # Your hero DIDN'T try .
    rows = [("Your", "your", "PRON", "poss", 1), ("hero", "hero", "NOUN", "nsubj", 4),
            ("DIDN'T", "DIDN'T", "PROPN", "appos", 1), ("really", "really", "ADV", "advmod", 4),
            ("try", "try", "VERB", "ROOT", 4), (".", ".", "PUNCT", "punct", 4)]
    p = make_parsed(rows, kind="review", film=INFO, ents=[(2, 3, "PERSON")])
    res = resolve(INFO, [p])
    assert classes(res, "DIDN'T") == []


def test_decisions_record_the_class_evidence_and_merged_names():
    # Ted Kramer loses his job . Ted cries .
    rows = [("Ted", "Ted", "PROPN", "compound", 1), ("Kramer", "Kramer", "PROPN", "nsubj", 2),
            ("loses", "lose", "VERB", "ROOT", 2), ("his", "his", "PRON", "poss", 4),
            ("job", "job", "NOUN", "dobj", 2), (".", ".", "PUNCT", "punct", 2),
            ("Ted", "Ted", "PROPN", "nsubj", 7), ("cries", "cry", "VERB", "ROOT", 7),
            (".", ".", "PUNCT", "punct", 7)]
    p = make_parsed(rows, film=INFO, ents=[(0, 2, "PERSON"), (6, 7, "PERSON")], sent_starts=(6,))
    res = resolve(INFO, [p])
    ted = res.entities[f"character/{FILM}/ted-kramer"]
    d = ted.decision(FILM)
    assert d.cls == "Character" and d.name == "Ted Kramer"
    assert "named in the story (a plot or a post), not in the credits" in d.reasons
    assert d.merged == {"Ted": "first name of the only name of the film with it: 'Ted Kramer'"}
    # the credits decide a person, and say so
    assert res.entities["person/ryan-gosling"].decision(FILM).reasons == [
        "a cast member in the film's credits (front matter or metadata)"]


def test_an_actors_node_never_takes_a_lone_first_name():
    # Tyrel ( Peter ) laughs .   with Peter Greene and Peter Riegert credited
    info = FilmInfo(title="Test Film", year=2000, cast=["Peter Greene", "Peter Riegert"])
    rows = [("Tyrel", "Tyrel", "PROPN", "nsubj", 4), ("(", "(", "PUNCT", "punct", 0),
            ("Peter", "Peter", "PROPN", "appos", 0), (")", ")", "PUNCT", "punct", 0),
            ("laughs", "laugh", "VERB", "ROOT", 4), (".", ".", "PUNCT", "punct", 4)]
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    res = resolve(info, [p])
    assert "person/peter" not in res.entities
    assert res.ref(p.doc.doc_id, 2) is None
    assert sorted(e.label for e in res.entities.values() if e.cls == "Person") == [
        "Peter Greene", "Peter Riegert"]


def test_weigh_keeps_a_being_unless_the_other_evidence_is_stronger():
    assert weigh([Cue(CHARACTER, 2, "x"), Cue(PLACE, 2, "y")]).cls == BEING
    assert weigh([Cue(BEING, 0.5, "x"), Cue(PLACE, 1.5, "y"), Cue(ORGANIZATION, 1, "z")]).cls == PLACE
    # only the NER's label for a being: half a point of counter-evidence decides
    assert weigh([Cue(BEING, 0.25, "the NER took it for a person 1 time(s)"),
                  Cue(NONE, 0.5, "w")]).cls == NONE
    assert weigh([Cue(BEING, 0.75, "listed with names of people"), Cue(NONE, 1, "w")]).cls == BEING


def test_explain_counts_each_kind_of_evidence_and_shows_one_example():
    cues = [Cue(PLACE, 1, "after 'in'", "in Greenbow"), Cue(PLACE, 1, "after 'in'", "in Greenbow"),
            Cue(BEING, 0.25, "the NER took it for a person", "Greenbow")]
    assert explain(cues, PLACE) == ["after 'in' (x2): in Greenbow"]


def test_a_one_letter_name_is_kept_whole():
    # V rescues Evey . Evey trusts V .
    rows = [("V", "V", "PROPN", "nsubj", 1), ("rescues", "rescue", "VERB", "ROOT", 1),
            ("Evey", "Evey", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
            ("Evey", "Evey", "PROPN", "nsubj", 5), ("trusts", "trust", "VERB", "ROOT", 5),
            ("V", "V", "PROPN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    p = make_parsed(rows, film=INFO, ents=[(2, 3, "PERSON"), (4, 5, "PERSON")], sent_starts=(4,))
    res = resolve(INFO, [p])
    assert classes(res, "V") == ["Character"]
    assert res.ref(p.doc.doc_id, 0) == res.ref(p.doc.doc_id, 6) == f"character/{FILM}/v"


def test_names_that_play_roles_in_a_lead_are_people_whatever_the_ner_said():
    # Narain , Innocent and Lena play roles .   (Narain tagged ORG)
    rows = [("Narain", "Narain", "PROPN", "nsubj", 5), (",", ",", "PUNCT", "punct", 0),
            ("Innocent", "Innocent", "PROPN", "conj", 0), ("and", "and", "CCONJ", "cc", 2),
            ("Lena", "Lena", "PROPN", "conj", 2), ("play", "play", "VERB", "ROOT", 5),
            ("roles", "role", "NOUN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    p = make_parsed(rows, kind="lead", film=INFO,
                    ents=[(0, 1, "ORG"), (2, 3, "PERSON"), (4, 5, "PERSON")])
    res = resolve(INFO, [p])
    assert classes(res, "Narain") == classes(res, "Innocent") == classes(res, "Lena") == ["Person"]
    assert "plays a role" in res.entities["person/narain"].decision(FILM).reasons[0]


def test_the_role_after_an_actor_and_as_is_a_character_whatever_the_ner_said():
    # Lewis Stone stars as Menelaus .   (Menelaus tagged ORG)
    rows = [("Lewis", "Lewis", "PROPN", "compound", 1), ("Stone", "Stone", "PROPN", "nsubj", 2),
            ("stars", "star", "VERB", "ROOT", 2), ("as", "as", "ADP", "prep", 2),
            ("Menelaus", "Menelaus", "PROPN", "pobj", 3), (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="lead", film=INFO, ents=[(0, 2, "PERSON"), (4, 5, "ORG")])
    res = resolve(INFO, [p])
    assert classes(res, "Menelaus") == ["Character"]
    assert classes(res, "Lewis Stone") == ["Person"]


def test_a_franchise_named_after_a_character_is_no_credit():
    # I like the Ocean 's films .
    rows = [("I", "I", "PRON", "nsubj", 1), ("like", "like", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 3), ("Ocean", "Ocean", "PROPN", "poss", 5),
            ("'s", "'s", "PART", "case", 3), ("films", "film", "NOUN", "dobj", 1),
            (".", ".", "PUNCT", "punct", 1)]
    from graphbuild.extract.entities import PERSON, role_cues
    p = make_parsed(rows, kind="review", film=INFO, ents=[(3, 4, "PERSON")])
    cues = role_cues(p, p.mentions[0], range(3, 4), {3: p.mentions[0]})
    assert not [c for c in cues if c.cls == PERSON]


def test_a_name_inside_the_films_title_is_left_to_the_title():
    # The Life of Helen ( 1927 ) . Helen smiles .
    info = FilmInfo(title="The Life of Helen", year=1927)
    rows = [("The", "the", "DET", "det", 1), ("Life", "Life", "PROPN", "ROOT", 1),
            ("of", "of", "ADP", "prep", 1), ("Helen", "Helen", "PROPN", "pobj", 2),
            (".", ".", "PUNCT", "punct", 1), ("Helen", "Helen", "PROPN", "nsubj", 6),
            ("smiles", "smile", "VERB", "ROOT", 6), (".", ".", "PUNCT", "punct", 6)]
    p = make_parsed(rows, kind="lead", film=info, ents=[(0, 4, "FILM"), (5, 6, "PERSON")],
                    sent_starts=(5,))
    res = resolve(info, [p])
    assert res.ref(p.doc.doc_id, 3) == "film/the-life-of-helen-1927"
    assert res.ref(p.doc.doc_id, 5) == "character/the-life-of-helen-1927/helen"


def test_a_letter_inside_a_longer_name_is_no_one_letter_name():
    # Tenacious D rocks . Fans love Tenacious D .
    rows = [("Tenacious", "Tenacious", "PROPN", "compound", 1), ("D", "D", "PROPN", "nsubj", 2),
            ("rocks", "rock", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
            ("Fans", "fan", "NOUN", "nsubj", 5), ("love", "love", "VERB", "ROOT", 5),
            ("Tenacious", "Tenacious", "PROPN", "compound", 7), ("D", "D", "PROPN", "dobj", 5),
            (".", ".", "PUNCT", "punct", 5)]
    p = make_parsed(rows, film=INFO, sent_starts=(4,))
    res = resolve(INFO, [p])
    assert classes(res, "D") == []


def test_an_actor_never_takes_the_names_of_characters_that_share_his():
    # Danny sees Lloyd . Lloyd serves Jack .   with the actor Danny Lloyd credited
    info = FilmInfo(title="Test Film", year=2000, cast=["Danny Lloyd"])
    rows = [("Danny", "Danny", "PROPN", "nsubj", 1), ("sees", "see", "VERB", "ROOT", 1),
            ("Lloyd", "Lloyd", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
            ("Lloyd", "Lloyd", "PROPN", "nsubj", 5), ("serves", "serve", "VERB", "ROOT", 5),
            ("Jack", "Jack", "PROPN", "dobj", 5), (".", ".", "PUNCT", "punct", 5)]
    p = make_parsed(rows, film=info, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON"),
                                           (6, 7, "PERSON")], sent_starts=(4,))
    res = resolve(info, [p])
    assert [res.ref(p.doc.doc_id, i) for i in (0, 2, 4)] == [
        f"character/{FILM}/danny", f"character/{FILM}/lloyd", f"character/{FILM}/lloyd"]
    assert res.entities["person/danny-lloyd"].aliases == set()


def test_following_a_characters_directions_is_no_film_credit():
    # Tim follows Walt 's directions . Walt smiles .
    rows = [("Tim", "Tim", "PROPN", "nsubj", 1), ("follows", "follow", "VERB", "ROOT", 1),
            ("Walt", "Walt", "PROPN", "poss", 4), ("'s", "'s", "PART", "case", 2),
            ("directions", "direction", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
            ("Walt", "Walt", "PROPN", "nsubj", 7), ("smiles", "smile", "VERB", "ROOT", 7),
            (".", ".", "PUNCT", "punct", 7)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (6, 7, "PERSON")],
                    sent_starts=(6,))
    res = resolve(INFO, [p])
    assert classes(res, "Walt") == ["Character"]


def test_untagged_full_names_in_a_list_of_people_are_names():
    # With Ludwika Paleta and Osvaldo Benavides .   (the NER marked only the second)
    from graphbuild.extract.mentions import repair_mentions
    from graphbuild.model import Resolution

    rows = [("With", "with", "ADP", "prep", 0), ("Ludwika", "Ludwika", "PROPN", "compound", 2),
            ("Paleta", "Paleta", "PROPN", "pobj", 0), ("and", "and", "CCONJ", "cc", 2),
            ("Osvaldo", "Osvaldo", "PROPN", "compound", 5), ("Benavides", "Benavides", "PROPN", "conj", 2),
            (".", ".", "PUNCT", "punct", 0)]
    p = make_parsed(rows, kind="lead", film=INFO, ents=[(4, 6, "PERSON")])
    repair_mentions(p, Resolution(f"film/{FILM}"))
    assert sorted((m.text, m.label) for m in p.mentions) == [
        ("Ludwika Paleta", "PERSON"), ("Osvaldo Benavides", "PERSON")]


def test_a_name_followed_by_its_country_is_a_place():
    # A bird flies to Machu Picchu , Peru .
    rows = [("A", "a", "DET", "det", 1), ("bird", "bird", "NOUN", "nsubj", 2),
            ("flies", "fly", "VERB", "ROOT", 2), ("to", "to", "ADP", "prep", 2),
            ("Machu", "Machu", "PROPN", "compound", 5), ("Picchu", "Picchu", "PROPN", "pobj", 3),
            (",", ",", "PUNCT", "punct", 5), ("Peru", "Peru", "PROPN", "appos", 5),
            (".", ".", "PUNCT", "punct", 2)]
    p = make_parsed(rows, kind="lead", film=INFO, ents=[(4, 6, "PERSON"), (7, 8, "GPE")])
    p.tokens[7].ent_iob = "B"
    res = resolve(INFO, [p])
    assert classes(res, "Machu Picchu") == ["Place"]


def _is_a(name: list[str], label: str, noun: str):
    """'<name> is a <noun> .' with the name tagged `label` by the NER."""
    n = len(name)
    rows = [(w, w, "PROPN", "compound" if i < n - 1 else "nsubj", n - 1 if i < n - 1 else n)
            for i, w in enumerate(name)]
    rows += [("is", "be", "AUX", "ROOT", n), ("a", "a", "DET", "det", n + 2),
             (noun, noun, "NOUN", "attr", n), (".", ".", "PUNCT", "punct", n)]
    return make_parsed(rows, film=INFO, ents=[(0, n, label)])


def test_a_name_the_ner_took_for_a_group_is_a_character_when_called_a_person():
    # Marcus Hale is a thief .   (the small model tags "Marcus Hale" ORG)
    res = resolve(INFO, [_is_a(["Marcus", "Hale"], "ORG", "thief")])
    assert classes(res, "Marcus Hale") == ["Character"]
    why = res.entities["character/test-film-2000/marcus-hale"].decision(FILM).reasons
    assert any("called a being ('thief')" in r for r in why)


def test_a_place_the_ner_named_is_not_made_a_person_by_a_misread_apposition():
    # Greenbow is a mother .  -- a GPE stays what the NER said, however misparsed
    res = resolve(INFO, [_is_a(["Greenbow"], "GPE", "mother")])
    assert classes(res, "Greenbow") == ["Place"]


def test_being_called_a_town_makes_a_name_a_place():
    # Greenbow is a town .
    res = resolve(INFO, [_is_a(["Greenbow"], "PERSON", "town")])
    assert classes(res, "Greenbow") == ["Place"]


def test_a_name_cut_inside_a_quoted_nickname_is_no_name():
    # George " Mac   (the NER stops inside 'George "Mac" McHale')
    rows = [("George", "George", "PROPN", "nsubj", 3), ('"', '"', "PUNCT", "punct", 2),
            ("Mac", "Mac", "PROPN", "compound", 3), ("escapes", "escape", "VERB", "ROOT", 3),
            (".", ".", "PUNCT", "punct", 3)]
    p = make_parsed(rows, film=INFO, ents=[(0, 3, "PERSON")], glued=(2,))
    res = resolve(INFO, [p])
    assert not any('"' in e.label or "George Mac" == e.label for e in res.entities.values())


def test_a_group_a_post_is_of_is_not_called_that_post():
    # Ryan is the director of the Rekall .  (the NER: ORG) -- Rekall is no director
    rows = [("Ryan", "Ryan", "PROPN", "nsubj", 1), ("is", "be", "AUX", "ROOT", 1),
            ("the", "the", "DET", "det", 3), ("director", "director", "NOUN", "attr", 1),
            ("of", "of", "ADP", "prep", 3), ("the", "the", "DET", "det", 6),
            ("Rekall", "Rekall", "PROPN", "pobj", 4), (".", ".", "PUNCT", "punct", 1)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (6, 7, "ORG")])
    res = resolve(INFO, [p])
    assert "Character" not in classes(res, "Rekall")


def test_the_ners_place_votes_count_half_when_only_it_says_place_but_also_person():
    # "a boy named Tristan Thorn"; the NER: Tristan a place three times, a person once
    ner_place = Cue(PLACE, 3.0, "the NER took it for a place 3 time(s)")
    ner_person = Cue(BEING, 0.25, "the NER took it for a person 1 time(s)")
    named = Cue(BEING, 2, "called a being ('boy')")
    assert weigh([ner_place, ner_person, named]).cls == BEING
    # a word of the text saying where ('in Tristan') keeps the NER's full weight
    where = Cue(PLACE, 1, "where something is or happens ('in ...')")
    assert weigh([ner_place, ner_person, named, where]).cls == PLACE
    # the NER alone, never a person: as before
    assert weigh([ner_place, named]).cls == PLACE


def test_a_name_followed_by_its_state_is_a_place_but_not_in_a_list_of_names():
    from graphbuild.extract.entities import mention_cues

    # Tyler , Texas police arrest Ann .
    rows = [("Tyler", "Tyler", "PROPN", "compound", 3), (",", ",", "PUNCT", "punct", 0),
            ("Texas", "Texas", "PROPN", "appos", 0), ("police", "police", "NOUN", "nsubj", 4),
            ("arrest", "arrest", "VERB", "ROOT", 4), ("Ann", "Ann", "PROPN", "dobj", 4),
            (".", ".", "PUNCT", "punct", 4)]
    p = make_parsed(rows, film=INFO, ents=[(0, 1, "PERSON"), (2, 3, "GPE"), (5, 6, "PERSON")])
    assert any(c.cls == PLACE and "state or country" in c.why for c in mention_cues(p, range(0, 1)))
    # Lisa Lu , France Nuyen and Ann star .   ('France' begins the next name)
    rows = [("Lisa", "Lisa", "PROPN", "compound", 1), ("Lu", "Lu", "PROPN", "nsubj", 7),
            (",", ",", "PUNCT", "punct", 1), ("France", "France", "PROPN", "compound", 4),
            ("Nuyen", "Nuyen", "PROPN", "conj", 1), ("and", "and", "CCONJ", "cc", 4),
            ("Ann", "Ann", "PROPN", "conj", 4), ("star", "star", "VERB", "ROOT", 7),
            (".", ".", "PUNCT", "punct", 7)]
    p = make_parsed(rows, film=INFO, ents=[(0, 2, "PERSON"), (3, 4, "GPE"), (6, 7, "PERSON")])
    assert not any("state or country" in c.why for c in mention_cues(p, range(0, 2)))
