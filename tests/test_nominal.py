"""Relations named by nouns, read over chunks where the parse breaks
(graphbuild.extract.rules.nominal and .chunks), over hand-built parses."""

from graphbuild.extract.resolve import resolve
from graphbuild.extract.rules.chunks import chunks
from graphbuild.extract.rules.registry import Context
from tests.story_parses import FILM, facts, has, parse, relations

THEIR_KIDS = (
    "John:PROPN:nsubj:22 (:PUNCT:punct:0 Adam:PROPN:compound:3 Sandler:PROPN:appos:0 "
    "):PUNCT:punct:0 and:CCONJ:cc:0 Deborah:PROPN:conj:0 (:PUNCT:punct:6 Tea:PROPN:compound:9 "
    "Leoni:PROPN:appos:6 ):PUNCT:punct:6 ,:PUNCT:punct:0 their:PRON:poss:13:PRP$ "
    "kids=kid:NOUN:appos:0:NNS Bernice:PROPN:appos:13 (:PUNCT:punct:14 Sarah:PROPN:compound:17 "
    "Steele:PROPN:appos:14 ):PUNCT:punct:14 and:CCONJ:cc:14 Georgie:PROPN:conj:14 "
    ",:PUNCT:punct:0 move:VERB:ROOT:22 .:PUNCT:punct:22")
THEIR_KIDS_ENTS = [(0, 1, "PERSON"), (2, 4, "PERSON"), (6, 7, "PERSON"), (8, 10, "PERSON"),
                   (14, 15, "PERSON"), (16, 18, "PERSON"), (20, 21, "PERSON")]


def test_chunks_fold_credits_and_possessives():
    p = parse(THEIR_KIDS, ents=THEIR_KIDS_ENTS)
    res = resolve(FILM, [p])
    kinds = [(c.kind, c.poss) for c in chunks(Context(p, res, FILM), 0)]
    assert kinds[:5] == [("name", False), ("paren", False), ("word", False), ("name", False),
                         ("paren", False)]
    assert ("pron", True) in kinds          # "their"


def test_their_kids_with_credits_are_both_parents_children():
    # John (Adam Sandler) and Deborah (Tea Leoni), their kids Bernice (Sarah Steele) and Georgie, move.
    found = facts(parse(THEIR_KIDS, ents=THEIR_KIDS_ENTS))
    for parent in ("John", "Deborah"):
        for kid in ("Bernice", "Georgie"):
            assert (parent, "parentOf", kid) in found
    assert not {f for f in found if f[1] == "parentOf" and f[2] in ("John", "Deborah")}


def test_their_far_from_a_named_pair_names_nobody():
    # Tommy and Grace hug, and the girls see their uncle Tommy.
    p = parse("Tommy:PROPN:nsubj:3 and:CCONJ:cc:0 Grace:PROPN:conj:0 hug:VERB:ROOT:3 "
              ",:PUNCT:punct:3 and:CCONJ:cc:3 the:DET:det:7 girls=girl:NOUN:nsubj:8:NNS "
              "see:VERB:conj:3 their:PRON:poss:10:PRP$ uncle:NOUN:dobj:8 Tommy:PROPN:appos:10 "
              ".:PUNCT:punct:3", ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (11, 12, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "relativeOf"}


def test_coordinated_nouns_before_a_name():
    # Annie's friend and editor Becky mails it.
    p = parse("Annie:PROPN:poss:2 's:PART:case:0 friend:NOUN:nsubj:6 and:CCONJ:cc:2 "
              "editor:NOUN:conj:2 Becky:PROPN:appos:2 mails=mail:VERB:ROOT:6 it:PRON:dobj:6 "
              ".:PUNCT:punct:6", ents=[(0, 1, "PERSON"), (5, 6, "PERSON")])
    found = facts(p)
    assert has(found, "Annie", "friendOf", "Becky")
    assert ("Becky", "hasOccupation", "editor") in found


def test_a_social_noun_object_relates_to_the_doer():
    # Sam begins dating a coworker, Victoria.
    p = parse("Sam:PROPN:nsubj:1 begins=begin:VERB:ROOT:1 dating=date:VERB:xcomp:1:VBG "
              "a:DET:det:4 coworker:NOUN:dobj:2 ,:PUNCT:punct:4 Victoria:PROPN:appos:4 "
              ".:PUNCT:punct:1", ents=[(0, 1, "PERSON"), (6, 7, "PERSON")])
    found = facts(p)
    assert has(found, "Sam", "colleagueOf", "Victoria")
    assert has(found, "Sam", "romanticPartnerOf", "Victoria")


def test_married_co_workers_before_two_names():
    # The news brings married co-anchors Georgia and Larry closer.
    p = parse("The:DET:det:1 news:NOUN:nsubj:2 brings=bring:VERB:ROOT:2 married:ADJ:amod:6 "
              "co:NOUN:compound:6 -:PUNCT:punct:6 anchors=anchor:NOUN:dobj:2:NNS "
              "Georgia:PROPN:appos:6 and:CCONJ:cc:7 Larry:PROPN:conj:7 closer:ADV:advmod:2 "
              ".:PUNCT:punct:2", ents=[(7, 8, "PERSON"), (9, 10, "PERSON")])
    found = facts(p)
    assert has(found, "Georgia", "spouseOf", "Larry")
    assert has(found, "Georgia", "colleagueOf", "Larry")
    assert ("Georgia", "hasOccupation", "co-anchor") in found
    assert ("Larry", "hasOccupation", "co-anchor") in found


def test_a_possessed_plural_does_not_pair_its_names():
    # His buddies Mac and Skinny laugh.  ("his" unresolved: no facts at all)
    p = parse("His:PRON:poss:1:PRP$ buddies=buddy:NOUN:nsubj:5:NNS Mac:PROPN:appos:1 "
              "and:CCONJ:cc:2 Skinny:PROPN:conj:2 laugh:VERB:ROOT:5 .:PUNCT:punct:5",
              ents=[(2, 3, "PERSON"), (4, 5, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "friendOf"}


def test_a_comrade_of_someone_in_apposition():
    # Beni, a cowardly former comrade of Rick, helps.
    p = parse("Beni:PROPN:nsubj:9 ,:PUNCT:punct:0 a:DET:det:5 cowardly:ADV:advmod:4 "
              "former:ADJ:amod:5 comrade:NOUN:appos:0 of:ADP:prep:5 Rick:PROPN:pobj:6 "
              ",:PUNCT:punct:0 helps=help:VERB:ROOT:9 .:PUNCT:punct:9",
              ents=[(0, 1, "PERSON"), (7, 8, "PERSON")])
    assert has(facts(p), "Beni", "colleagueOf", "Rick")


def test_their_son_after_the_couple_was_told_of():
    # Ted lives with his wife Joanna . Ted raises their son Billy .
    p = parse("Ted:PROPN:nsubj:1 lives=live:VERB:ROOT:1 with:ADP:prep:1 his:PRON:poss:4:PRP$ "
              "wife:NOUN:pobj:2 Joanna:PROPN:appos:4 .:PUNCT:punct:1 Ted:PROPN:nsubj:8 "
              "raises=raise:VERB:ROOT:8 their:PRON:poss:10:PRP$ son:NOUN:dobj:8 "
              "Billy:PROPN:appos:10 .:PUNCT:punct:8",
              ents=[(0, 1, "PERSON"), (5, 6, "PERSON"), (7, 8, "PERSON"), (11, 12, "PERSON")],
              sent_starts=(7,))
    found = facts(p)
    assert ("Ted", "parentOf", "Billy") in found and ("Joanna", "parentOf", "Billy") in found


def test_his_children_are_each_child_the_story_named():
    # Ted raises his son Billy . Ted befriends his children .
    p = parse("Ted:PROPN:nsubj:1 raises=raise:VERB:ROOT:1 his:PRON:poss:3:PRP$ son:NOUN:dobj:1 "
              "Billy:PROPN:appos:3 .:PUNCT:punct:1 Ted:PROPN:nsubj:7 "
              "befriends=befriend:VERB:ROOT:7 his:PRON:poss:9:PRP$ "
              "children=child:NOUN:dobj:7:NNS .:PUNCT:punct:7",
              ents=[(0, 1, "PERSON"), (4, 5, "PERSON"), (6, 7, "PERSON")], sent_starts=(6,))
    assert has(facts(p), "Ted", "friendOf", "Billy")


def test_someones_killer_named_after_it():
    # Boz 's killer , Roxy , flees .
    p = parse("Boz:PROPN:poss:2 's:PART:case:0 killer:NOUN:nsubj:7 ,:PUNCT:punct:2 "
              "Roxy:PROPN:appos:2 ,:PUNCT:punct:2 flees=flee:VERB:ROOT:7 .:PUNCT:punct:7",
              ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    found = facts(p)
    assert ("Roxy", "kills", "Boz") in found
    assert not {f for f in found if f[1] == "hasOccupation"}


def test_their_children_are_quoted_from_the_sentence_that_names_them():
    # Ted lives with his wife Joanna . Their son Billy cries .
    p = parse("Ted:PROPN:nsubj:1 lives=live:VERB:ROOT:1 with:ADP:prep:1 his:PRON:poss:4:PRP$ "
              "wife:NOUN:pobj:2 Joanna:PROPN:appos:4 .:PUNCT:punct:1 "
              "Their=their:PRON:poss:8:PRP$ son:NOUN:nsubj:10 Billy:PROPN:appos:8 "
              "cries=cry:VERB:ROOT:10 .:PUNCT:punct:10",
              ents=[(0, 1, "PERSON"), (5, 6, "PERSON"), (9, 10, "PERSON")], sent_starts=(7,))
    rels, res = relations(p)
    parents = [r for r in rels if r.prop == "parentOf"]
    assert {res.entities[r.subj].label for r in parents} == {"Ted", "Joanna"}
    for r in parents:
        assert [e.sentence for e in r.evidence] == ["Their son Billy cries."]


def test_a_brother_in_arms_is_a_comrade_not_a_sibling():
    # Holmes meets his brother - in - arms , Watson .
    p = parse("Holmes:PROPN:nsubj:1 meets=meet:VERB:ROOT:1 his:PRON:poss:3:PRP$ "
              "brother:NOUN:dobj:1 -:PUNCT:punct:3 in:ADP:prep:3 -:PUNCT:punct:5 "
              "arms=arm:NOUN:pobj:5:NNS ,:PUNCT:punct:3 Watson:PROPN:appos:3 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (9, 10, "PERSON")])
    assert not [f for f in facts(p) if f[1] == "siblingOf"]
    # his brother , Mycroft : a sibling
    p = parse("Holmes:PROPN:nsubj:1 meets=meet:VERB:ROOT:1 his:PRON:poss:3:PRP$ "
              "brother:NOUN:dobj:1 ,:PUNCT:punct:3 Mycroft:PROPN:appos:3 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (5, 6, "PERSON")])
    assert has(facts(p), "Holmes", "siblingOf", "Mycroft")


def test_a_couple_named_beside_it_or_as_its_subject_relates_the_two():
    # A happily - married couple , David Murphy and Diana Murphy start careers .
    p = parse("A:DET:det:5 happily:ADV:advmod:3 -:PUNCT:punct:3 married:ADJ:amod:5 "
              "young:ADJ:amod:5 couple:NOUN:nsubj:13 ,:PUNCT:punct:5 David:PROPN:compound:8 "
              "Murphy:PROPN:appos:5 and:CCONJ:cc:8 Diana:PROPN:compound:11 Murphy:PROPN:conj:8 "
              "have:AUX:aux:13 start=start:VERB:ROOT:13 careers=career:NOUN:dobj:13:NNS "
              ".:PUNCT:punct:13", ents=[(7, 9, "PERSON"), (10, 12, "PERSON")])
    assert has(facts(p), "David Murphy", "spouseOf", "Diana Murphy")
    # Ann and Bob are a couple .   (not said married: partners)
    p = parse("Ann:PROPN:nsubj:3 and:CCONJ:cc:0 Bob:PROPN:conj:0 are=be:AUX:ROOT:3 a:DET:det:5 "
              "couple:NOUN:attr:3 .:PUNCT:punct:3", ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    found = facts(p)
    assert has(found, "Ann", "romanticPartnerOf", "Bob") and not has(found, "Ann", "spouseOf", "Bob")
    # Ann and Bob rest a couple of days .
    p = parse("Ann:PROPN:nsubj:3 and:CCONJ:cc:0 Bob:PROPN:conj:0 rest:VERB:ROOT:3 a:DET:det:5 "
              "couple:NOUN:dobj:3 of:ADP:prep:5 days=day:NOUN:pobj:6:NNS .:PUNCT:punct:3",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    assert not has(facts(p), "Ann", "romanticPartnerOf", "Bob")


def test_a_kinship_noun_on_a_subject_name_still_names_it():
    # his archenemy Lex Luthor plots .   (the name is its verb's subject, the noun hangs on it)
    p = parse("Clark:PROPN:nsubj:1 fumes=fume:VERB:ROOT:1 .:PUNCT:punct:1 "
              "his:PRON:poss:6:PRP$ archenemy:NOUN:compound:6 Lex:PROPN:compound:6 "
              "Luthor:PROPN:nsubj:7 plots=plot:VERB:ROOT:7 .:PUNCT:punct:7",
              ents=[(0, 1, "PERSON"), (5, 7, "PERSON")])
    assert has(facts(p), "Clark", "enemyOf", "Lex Luthor")
