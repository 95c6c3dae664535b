"""Occupations, employers and groups from the shapes plot summaries use
(graphbuild.extract.rules.roles), over hand-built parses."""

from tests.story_parses import facts, has, parse


def occupations(found):
    return {(s, o) for s, p, o in found if p == "hasOccupation"}


def test_apposition_gives_the_occupation_without_the_place():
    # Sam Baldwin, a Chicago architect, loses his wife.
    p = parse("Sam:PROPN:compound:1 Baldwin:PROPN:nsubj:7 ,:PUNCT:punct:1 a:DET:det:5 "
              "Chicago:PROPN:compound:5 architect:NOUN:appos:1 ,:PUNCT:punct:1 "
              "loses=lose:VERB:ROOT:7 his:PRON:poss:9:PRP$ wife:NOUN:dobj:7 .:PUNCT:punct:7",
              ents=[(0, 2, "PERSON"), (4, 5, "GPE")])
    assert occupations(facts(p)) == {("Sam Baldwin", "architect")}


def test_occupation_before_a_credited_name():
    # homicide detective Nick Curran (Michael Douglas) investigates.
    p = parse("homicide:NOUN:compound:1 detective:NOUN:compound:3 Nick:PROPN:compound:3 "
              "Curran:PROPN:nsubj:8 (:PUNCT:punct:3 Michael:PROPN:compound:6 "
              "Douglas:PROPN:appos:3 ):PUNCT:punct:3 investigates=investigate:VERB:ROOT:8 "
              ".:PUNCT:punct:8", ents=[(2, 4, "PERSON"), (5, 7, "PERSON")])
    assert occupations(facts(p)) == {("Nick Curran", "homicide detective")}


def test_a_rank_before_a_name_is_no_occupation():
    # Lieutenant Marty Nilsen taunts Nick.
    p = parse("Lieutenant:PROPN:compound:2 Marty:PROPN:compound:2 Nilsen:PROPN:nsubj:3 "
              "taunts=taunt:VERB:ROOT:3 Nick:PROPN:dobj:3 .:PUNCT:punct:3",
              ents=[(1, 3, "PERSON"), (4, 5, "PERSON")])
    assert occupations(facts(p)) == set()


def test_copula_keeps_former_but_a_judgement_is_no_occupation():
    # Evelyn is a former jazz singer and Kimmy is a terrible singer.
    p = parse("Evelyn:PROPN:nsubj:1 is=be:AUX:ROOT:1 a:DET:det:5 former:ADJ:amod:5 "
              "jazz:NOUN:compound:5 singer:NOUN:attr:1 and:CCONJ:cc:1 Kimmy:PROPN:nsubj:8 "
              "is=be:AUX:conj:1 a:DET:det:11 terrible:ADJ:amod:11 singer:NOUN:attr:8 "
              ".:PUNCT:punct:8", ents=[(0, 1, "PERSON"), (7, 8, "PERSON")])
    assert occupations(facts(p)) == {("Evelyn", "former jazz singer")}


def test_an_aspiring_artist_has_no_occupation_yet():
    # Tim, an aspiring animator, sleeps.
    p = parse("Tim:PROPN:nsubj:6 ,:PUNCT:punct:0 an:DET:det:4 aspiring:ADJ:amod:4 "
              "animator:NOUN:appos:0 ,:PUNCT:punct:0 sleeps=sleep:VERB:ROOT:6 .:PUNCT:punct:6",
              ents=[(0, 1, "PERSON")])
    assert occupations(facts(p)) == set()


def test_a_preposition_after_the_occupation_names_the_employer():
    # Coleman Reese, an accountant at Wayne Enterprises, finds it.
    p = parse("Coleman:PROPN:compound:1 Reese:PROPN:nsubj:9 ,:PUNCT:punct:1 an:DET:det:4 "
              "accountant:NOUN:appos:1 at:ADP:prep:4 Wayne:PROPN:compound:7 "
              "Enterprises:PROPN:pobj:5 ,:PUNCT:punct:1 finds=find:VERB:ROOT:9 "
              "it:PRON:dobj:9 .:PUNCT:punct:9", ents=[(0, 2, "PERSON"), (6, 8, "ORG")])
    found = facts(p)
    assert ("Coleman Reese", "hasOccupation", "accountant") in found
    assert ("Coleman Reese", "employedBy", "Wayne Enterprises") in found


def test_a_group_noun_before_a_role_and_a_list_of_names():
    # Mob bosses Sal Maroni, Gambol, and Lau meet.
    p = parse("Mob=mob:NOUN:compound:1 bosses=boss:NOUN:nsubj:9:NNS Sal:PROPN:compound:3 "
              "Maroni:PROPN:appos:1 ,:PUNCT:punct:3 Gambol:PROPN:conj:3 ,:PUNCT:punct:5 "
              "and:CCONJ:cc:5 Lau:PROPN:conj:5 meet:VERB:ROOT:9 .:PUNCT:punct:9",
              ents=[(2, 4, "PERSON"), (5, 6, "PERSON"), (8, 9, "PERSON")])
    found = facts(p)
    for who in ("Sal Maroni", "Gambol", "Lau"):
        assert (who, "memberOf", "mob") in found


def test_the_captain_of_a_team_is_a_member_not_a_captain_by_trade():
    # Stan (Hunter Parrish), the captain of the basketball team, leaves.
    p = parse("Stan:PROPN:nsubj:13 (:PUNCT:punct:0 Hunter:PROPN:compound:3 "
              "Parrish:PROPN:appos:0 ):PUNCT:punct:0 ,:PUNCT:punct:0 the:DET:det:7 "
              "captain:NOUN:appos:0 of:ADP:prep:7 the:DET:det:11 basketball:NOUN:compound:11 "
              "team:NOUN:pobj:8 ,:PUNCT:punct:0 leaves=leave:VERB:ROOT:13 .:PUNCT:punct:13",
              ents=[(0, 1, "PERSON"), (2, 4, "PERSON")])
    found = facts(p)
    assert ("Stan", "memberOf", "basketball team") in found
    assert occupations(found) == set()


def test_hired_as_gives_the_occupation_and_each_employer():
    # Flor is hired as the housekeeper for John and Deborah.
    p = parse("Flor:PROPN:nsubjpass:2 is=be:AUX:auxpass:2 hired=hire:VERB:ROOT:2:VBN "
              "as:ADP:prep:2 the:DET:det:5 housekeeper:NOUN:pobj:3 for:ADP:prep:5 "
              "John:PROPN:pobj:6 and:CCONJ:cc:7 Deborah:PROPN:conj:7 .:PUNCT:punct:2",
              ents=[(0, 1, "PERSON"), (7, 8, "PERSON"), (9, 10, "PERSON")])
    found = facts(p)
    assert ("Flor", "hasOccupation", "housekeeper") in found
    assert ("Flor", "employedBy", "John") in found
    assert ("Flor", "employedBy", "Deborah") in found


def test_working_at_a_common_noun_workplace():
    # Eddie works at a restaurant.
    p = parse("Eddie:PROPN:nsubj:1 works=work:VERB:ROOT:1 at:ADP:prep:1 a:DET:det:4 "
              "restaurant:NOUN:pobj:2 .:PUNCT:punct:1", ents=[(0, 1, "PERSON")])
    assert ("Eddie", "employedBy", "restaurant") in facts(p)


def test_moving_somewhere_is_living_there_for_each_mover():
    # Sam and his son Jonah relocate to Seattle.
    p = parse("Sam:PROPN:nsubj:5 and:CCONJ:cc:0 his:PRON:poss:3:PRP$ son:NOUN:conj:0 "
              "Jonah:PROPN:appos:3 relocate:VERB:ROOT:5 to:ADP:prep:5 Seattle:PROPN:pobj:6 "
              ".:PUNCT:punct:5", ents=[(0, 1, "PERSON"), (4, 5, "PERSON"), (7, 8, "GPE")])
    found = facts(p)
    assert ("Sam", "livesIn", "Seattle") in found
    assert ("Jonah", "livesIn", "Seattle") in found
    assert has(found, "Sam", "parentOf", "Jonah")


def test_chief_of_police_before_a_name():
    # The town's chief of police, Martin Brody, swims.
    p = parse("The:DET:det:1 town:NOUN:poss:3 's:PART:case:1 chief:NOUN:nsubj:10 of:ADP:prep:3 "
              "police:NOUN:pobj:4 ,:PUNCT:punct:3 Martin:PROPN:compound:8 Brody:PROPN:appos:3 "
              ",:PUNCT:punct:3 swims=swim:VERB:ROOT:10 .:PUNCT:punct:10",
              ents=[(7, 9, "PERSON")])
    assert occupations(facts(p)) == {("Martin Brody", "chief of police")}


def test_her_store_assistants_each_named_with_a_credit():
    # Kathleen and her three store assistants, George (Steve Zahn), Birdie, and Christina, fret.
    p = parse("Kathleen:PROPN:nsubj:18 and:CCONJ:cc:0 her:PRON:poss:5:PRP$ three:NUM:nummod:5 "
              "store:NOUN:compound:5 assistants=assistant:NOUN:conj:0:NNS ,:PUNCT:punct:5 "
              "George:PROPN:appos:5 (:PUNCT:punct:7 Steve:PROPN:compound:10 Zahn:PROPN:appos:7 "
              "):PUNCT:punct:7 ,:PUNCT:punct:7 Birdie:PROPN:conj:7 ,:PUNCT:punct:13 "
              "and:CCONJ:cc:13 Christina:PROPN:conj:13 ,:PUNCT:punct:0 fret:VERB:ROOT:18 "
              ".:PUNCT:punct:18",
              ents=[(0, 1, "PERSON"), (7, 8, "PERSON"), (9, 11, "PERSON"), (13, 14, "PERSON"),
                    (16, 17, "PERSON")])
    found = facts(p)
    for who in ("George", "Birdie", "Christina"):
        assert (who, "hasOccupation", "store assistant") in found
        assert (who, "employedBy", "Kathleen") in found


def test_an_occupation_in_one_names_apposition_is_not_the_next_names():
    # Areola, the exchange student, Les, the weirdo, and Malik dance.
    p = parse("Areola:PROPN:nsubj:13 ,:PUNCT:punct:0 the:DET:det:4 exchange:NOUN:compound:4 "
              "student:NOUN:appos:0 ,:PUNCT:punct:4 Les:PROPN:conj:4 ,:PUNCT:punct:6 "
              "the:DET:det:9 weirdo:NOUN:appos:6 ,:PUNCT:punct:6 and:CCONJ:cc:6 "
              "Malik:PROPN:conj:6 dance:VERB:ROOT:13 .:PUNCT:punct:13",
              ents=[(0, 1, "PERSON"), (6, 7, "PERSON"), (12, 13, "PERSON")])
    assert ("Les", "exchange student") not in occupations(facts(p))


def test_an_occupation_before_a_title_and_a_name():
    # Catholic priest Father Brennan visits . Manager Paul Green warns him .
    p = parse("Catholic:ADJ:amod:1 priest:NOUN:compound:3 Father:PROPN:compound:3 "
              "Brennan:PROPN:nsubj:4 visits=visit:VERB:ROOT:4 .:PUNCT:punct:4 "
              "Manager:PROPN:compound:8 Paul:PROPN:compound:8 Green:PROPN:nsubj:9 "
              "warns=warn:VERB:ROOT:9 him:PRON:dobj:9 .:PUNCT:punct:9",
              ents=[(3, 4, "PERSON"), (7, 9, "PERSON")], sent_starts=(6,))
    found = facts(p)
    assert ("Brennan", "hasOccupation", "priest") in found
    assert ("Paul Green", "hasOccupation", "manager") in found
    assert ("Paul Green", "advises", "Brennan") in found


def test_an_occupation_in_a_place_is_where_one_lives():
    # Nora Vance is a nurse in Denver.
    p = parse("Nora:PROPN:compound:1 Vance:PROPN:nsubj:2 is=be:AUX:ROOT:2 a:DET:det:4 "
              "nurse:NOUN:attr:2 in:ADP:prep:4 Denver:PROPN:pobj:5 .:PUNCT:punct:2",
              ents=[(0, 2, "PERSON"), (6, 7, "GPE")])
    assert ("Nora Vance", "livesIn", "Denver") in facts(p)
    # Nora Vance, a nurse in Denver, meets Frank.
    p = parse("Nora:PROPN:compound:1 Vance:PROPN:nsubj:8 ,:PUNCT:punct:1 a:DET:det:4 "
              "nurse:NOUN:appos:1 in:ADP:prep:4 Denver:PROPN:pobj:5 ,:PUNCT:punct:1 "
              "meets=meet:VERB:ROOT:8 Frank:PROPN:dobj:8 .:PUNCT:punct:8",
              ents=[(0, 2, "PERSON"), (6, 7, "GPE"), (9, 10, "PERSON")])
    assert ("Nora Vance", "livesIn", "Denver") in facts(p)


def test_a_visit_or_a_past_job_in_a_place_is_no_home():
    # Nora Vance is a tourist in Denver.  /  Nora Vance was a nurse in Denver.
    for noun, verb in (("tourist", "is"), ("nurse", "was")):
        p = parse(f"Nora:PROPN:compound:1 Vance:PROPN:nsubj:2 {verb}=be:AUX:ROOT:2:"
                  f"{'VBD' if verb == 'was' else 'VBZ'} a:DET:det:4 {noun}:NOUN:attr:2 "
                  "in:ADP:prep:4 Denver:PROPN:pobj:5 .:PUNCT:punct:2",
                  ents=[(0, 2, "PERSON"), (6, 7, "GPE")])
        assert ("Nora Vance", "livesIn", "Denver") not in facts(p)


def test_a_job_with_a_workplace_hung_on_the_verb_is_still_the_employer():
    # Mike quits and takes a job with a rival station .  ("with" on "takes", as parsers do)
    p = parse("Mike:PROPN:nsubj:1 quits=quit:VERB:ROOT:1 and:CCONJ:cc:1 takes=take:VERB:conj:1 "
              "a:DET:det:5 job:NOUN:dobj:3 with:ADP:prep:3 a:DET:det:9 rival:ADJ:amod:9 "
              "station:NOUN:pobj:6 .:PUNCT:punct:1", ents=[(0, 1, "PERSON")])
    found = facts(p)
    assert ("Mike", "employedBy", "station") in found
    # a time, not a workplace
    p = parse("Mike:PROPN:nsubj:1 takes=take:VERB:ROOT:1 a:DET:det:3 job:NOUN:dobj:1 "
              "in:ADP:prep:1 the:DET:det:6 morning:NOUN:pobj:4 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON")])
    assert not [f for f in facts(p) if f[1] == "employedBy"]


def test_the_organization_after_a_named_occupation_holder_employs_them():
    # homicide detective Nick Curran of the SFPD investigates .
    p = parse("homicide:NOUN:compound:1 detective:NOUN:compound:3 Nick:PROPN:compound:3 "
              "Curran:PROPN:nsubj:7 of:ADP:prep:3 the:DET:det:6 SFPD:PROPN:pobj:4 "
              "investigates=investigate:VERB:ROOT:7 .:PUNCT:punct:7",
              ents=[(2, 4, "PERSON"), (6, 7, "ORG")])
    found = facts(p)
    assert ("Nick Curran", "hasOccupation", "homicide detective") in found
    assert ("Nick Curran", "employedBy", "SFPD") in found


def test_a_star_is_an_occupation_only_with_a_noun_before_it():
    # rock star Johnny Boz dies .  /  Johnny Boz is a star .
    p = parse("rock:NOUN:compound:1 star:NOUN:compound:3 Johnny:PROPN:compound:3 "
              "Boz:PROPN:nsubj:4 dies=die:VERB:ROOT:4 .:PUNCT:punct:4", ents=[(2, 4, "PERSON")])
    assert occupations(facts(p)) == {("Johnny Boz", "rock star")}
    p = parse("Johnny:PROPN:compound:1 Boz:PROPN:nsubj:2 is=be:AUX:ROOT:2 a:DET:det:4 "
              "star:NOUN:attr:2 .:PUNCT:punct:2", ents=[(0, 2, "PERSON")])
    assert occupations(facts(p)) == set()


def test_the_post_someone_is_appointed_to_and_its_organization():
    # Ryan is appointed deputy director of the CIA .
    p = parse("Ryan:PROPN:nsubjpass:2 is=be:AUX:auxpass:2 appointed=appoint:VERB:ROOT:2 "
              "deputy:NOUN:amod:4 director:NOUN:oprd:2 of:ADP:prep:4 the:DET:det:7 "
              "CIA:PROPN:pobj:5 .:PUNCT:punct:2", ents=[(0, 1, "PERSON"), (7, 8, "ORG")])
    found = facts(p)
    assert ("Ryan", "hasOccupation", "deputy director") in found
    assert ("Ryan", "employedBy", "CIA") in found
    # Ryan is named CIA deputy director .
    p = parse("Ryan:PROPN:nsubjpass:2 is=be:AUX:auxpass:2 named=name:VERB:ROOT:2 "
              "CIA:PROPN:compound:5 deputy:NOUN:compound:5 director:NOUN:oprd:2 "
              ".:PUNCT:punct:2", ents=[(0, 1, "PERSON"), (3, 4, "ORG")])
    found = facts(p)
    assert ("Ryan", "employedBy", "CIA") in found


def test_an_apposition_between_dashes_gives_the_occupation():
    # Stella — a former nurse — helps Charlie .
    p = parse("Stella:PROPN:nsubj:6 —:PUNCT:punct:0 a:DET:det:4 former:ADJ:amod:4 "
              "nurse:NOUN:appos:0 —:PUNCT:punct:0 helps=help:VERB:ROOT:6 Charlie:PROPN:dobj:6 "
              ".:PUNCT:punct:6", ents=[(0, 1, "PERSON"), (7, 8, "PERSON")])
    assert occupations(facts(p)) == {("Stella", "former nurse")}


def test_someones_office_is_a_room_but_their_agency_an_employer():
    # Nick storms into Nilsen's office.
    p = parse("Nick:PROPN:nsubj:1 storms=storm:VERB:ROOT:1 into:ADP:prep:1 Nilsen:PROPN:poss:5 "
              "'s:PART:case:3 office:NOUN:pobj:2 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "employedBy"}
    # Nick calls Joanna's agency.
    p = parse("Nick:PROPN:nsubj:1 calls=call:VERB:ROOT:1 Joanna:PROPN:poss:4 "
              "'s:PART:case:2 agency:NOUN:dobj:1 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    assert ("Joanna", "employedBy", "agency") in facts(p)


def test_a_capitalized_title_word_is_no_employer_but_an_acronym_is():
    # Home Secretary Lord Coward speaks.   ('Home' tagged ORG)
    p = parse("Home:PROPN:compound:1 Secretary:PROPN:compound:3 Lord:PROPN:compound:3 "
              "Coward:PROPN:nsubj:4 speaks=speak:VERB:ROOT:4 .:PUNCT:punct:4",
              ents=[(0, 1, "ORG"), (2, 4, "PERSON")])
    assert not {f for f in facts(p) if f[1] in ("employedBy", "memberOf")}
    # CIA Director Robert Ritter speaks.
    p = parse("CIA:PROPN:compound:1 Director:PROPN:compound:3 Robert:PROPN:compound:3 "
              "Ritter:PROPN:nsubj:4 speaks=speak:VERB:ROOT:4 .:PUNCT:punct:4",
              ents=[(0, 1, "ORG"), (2, 4, "PERSON")])
    assert ("Robert Ritter", "employedBy", "CIA") in facts(p)


def test_an_untagged_acronym_after_the_role_is_the_employer():
    # Gus, a detective with the SFPD, helps.   (the NER left 'SFPD' untagged)
    p = parse("Gus:PROPN:nsubj:8 ,:PUNCT:punct:0 a:DET:det:3 detective:NOUN:appos:0 "
              "with:ADP:prep:3 the:DET:det:6 SFPD:PROPN:pobj:4 ,:PUNCT:punct:0 "
              "helps=help:VERB:ROOT:8 .:PUNCT:punct:8", ents=[(0, 1, "PERSON")])
    assert ("Gus", "employedBy", "SFPD") in facts(p)
    # ... with the DVD: an abbreviation that names no employer
    p = parse("Gus:PROPN:nsubj:8 ,:PUNCT:punct:0 a:DET:det:3 detective:NOUN:appos:0 "
              "with:ADP:prep:3 the:DET:det:6 DVD:PROPN:pobj:4 ,:PUNCT:punct:0 "
              "helps=help:VERB:ROOT:8 .:PUNCT:punct:8", ents=[(0, 1, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "employedBy"}
