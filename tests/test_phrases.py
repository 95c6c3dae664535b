"""Relations carried by a noun or a phrase, events that did not happen, and
open relations (graphbuild.extract.rules.phrases and .story), over
hand-built parses."""

from tests.story_parses import facts, has, parse


def test_with_someones_help():
    # With Jessica's help, Jonah flies to New York.
    p = parse("With:ADP:prep:6 Jessica:PROPN:poss:3 's:PART:case:1 help:NOUN:pobj:0 "
              ",:PUNCT:punct:6 Jonah:PROPN:nsubj:6 flies=fly:VERB:ROOT:6 to:ADP:prep:6 "
              "New:PROPN:compound:9 York:PROPN:pobj:7 .:PUNCT:punct:6",
              ents=[(1, 2, "PERSON"), (5, 6, "PERSON"), (8, 10, "GPE")])
    assert ("Jessica", "helps", "Jonah") in facts(p)


def test_on_the_advice_of_a_friend_before_the_clause():
    # On the advice of his friend Jessica, Mike replies.  ("his": Mike, the main subject)
    p = parse("On:ADP:prep:9 the:DET:det:2 advice:NOUN:pobj:0 of:ADP:prep:2 "
              "his:PRON:poss:5:PRP$ friend:NOUN:pobj:3 Jessica:PROPN:appos:5 ,:PUNCT:punct:9 "
              "Mike:PROPN:nsubj:9 replies=reply:VERB:ROOT:9 .:PUNCT:punct:9",
              ents=[(6, 7, "PERSON"), (8, 9, "PERSON")])
    found = facts(p)
    assert ("Jessica", "advises", "Mike") in found
    assert has(found, "Mike", "friendOf", "Jessica")


def test_an_affair_with_whom():
    # Nick sees Dr. Beth Garner, with whom he has had an affair.
    p = parse("Nick:PROPN:nsubj:1 sees=see:VERB:ROOT:1 Dr.:PROPN:compound:4 "
              "Beth:PROPN:compound:4 Garner:PROPN:dobj:1 ,:PUNCT:punct:4 with:ADP:prep:10 "
              "whom:PRON:pobj:6:WP he:PRON:nsubj:10 has=have:AUX:aux:10 had=have:VERB:relcl:4 "
              "an:DET:det:12 affair:NOUN:dobj:10 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (3, 5, "PERSON")])
    assert has(facts(p), "Nick", "romanticPartnerOf", "Beth Garner")


def test_engaged_to_is_a_couple():
    # Annie is engaged to Walter.
    p = parse("Annie:PROPN:nsubj:1 is=be:AUX:ROOT:1 engaged:ADJ:acomp:1 to:ADP:prep:2 "
              "Walter:PROPN:pobj:3 .:PUNCT:punct:1", ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    assert has(facts(p), "Annie", "romanticPartnerOf", "Walter")


def test_a_wedding_to_come_is_a_couple_not_a_marriage():
    # Michael will marry Kimmy.
    p = parse("Michael:PROPN:nsubj:2 will:AUX:aux:2 marry:VERB:ROOT:2 Kimmy:PROPN:dobj:2 "
              ".:PUNCT:punct:2", ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    found = facts(p)
    assert has(found, "Michael", "romanticPartnerOf", "Kimmy")
    assert not has(found, "Michael", "spouseOf", "Kimmy")


def test_two_subjects_fall_in_love_with_each_other():
    # Gadget and Brenda fall in love.
    p = parse("Gadget:PROPN:nsubj:3 and:CCONJ:cc:0 Brenda:PROPN:conj:0 fall:VERB:ROOT:3 "
              "in:ADP:prep:3 love:NOUN:pobj:4 .:PUNCT:punct:3",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    found = facts(p)
    assert ("Gadget", "loves", "Brenda") in found and ("Brenda", "loves", "Gadget") in found


def test_two_subjects_fall_in_love_with_each_other_or_one_another():
    # Mira and Jonas fall in love with each other.  (as the model parses it)
    for words in ("each:DET:det:8 other:ADJ:pobj:6", "one:NUM:pobj:6 another:DET:det:7"):
        p = parse("Mira:PROPN:nsubj:3 and:CCONJ:cc:0 Jonas:PROPN:conj:0 fall:VERB:ROOT:3 "
                  "in:ADP:prep:3 love:NOUN:pobj:4 with:ADP:prep:3 " + words + " .:PUNCT:punct:3",
                  ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
        found = facts(p)
        assert ("Mira", "loves", "Jonas") in found and ("Jonas", "loves", "Mira") in found


def test_two_subjects_dating_each_other_and_one_falling_in_love_with_a_third():
    # Anna and Carl begin dating each other.
    p = parse("Anna:PROPN:nsubj:3 and:CCONJ:cc:0 Carl:PROPN:conj:0 begin:VERB:ROOT:3 "
              "dating=date:VERB:xcomp:3 each:DET:det:6 other:ADJ:dobj:4 .:PUNCT:punct:3",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    assert has(facts(p), "Anna", "romanticPartnerOf", "Carl")
    # Mira and Jonas fall in love with Eva.  (not with each other)
    p = parse("Mira:PROPN:nsubj:3 and:CCONJ:cc:0 Jonas:PROPN:conj:0 fall:VERB:ROOT:3 "
              "in:ADP:prep:3 love:NOUN:pobj:4 with:ADP:prep:3 Eva:PROPN:pobj:6 .:PUNCT:punct:3",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (7, 8, "PERSON")])
    found = facts(p)
    assert ("Mira", "loves", "Jonas") not in found and ("Jonas", "loves", "Mira") not in found


def test_an_assassination_attempt_on_someone_is_an_attack():
    # Gordon foils Victor Salgado's assassination attempt on Garcia.
    p = parse("Gordon:PROPN:nsubj:1 foils=foil:VERB:ROOT:1 Victor:PROPN:compound:3 "
              "Salgado:PROPN:poss:6 's:PART:case:3 assassination:NOUN:compound:6 "
              "attempt:NOUN:dobj:1 on:ADP:prep:6 Garcia:PROPN:pobj:7 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (2, 4, "PERSON"), (8, 9, "PERSON")])
    assert ("Victor Salgado", "attacks", "Garcia") in facts(p)


def _kill(spec: str) -> set:
    """Facts of 'Ted ... Sam .': the first and the second-to-last tokens are names."""
    n = len(spec.split())
    return facts(parse(spec, ents=[(0, 1, "PERSON"), (n - 2, n - 1, "PERSON")]))


def test_a_modal_a_condition_a_dream_and_a_near_miss_are_no_events():
    could = "Ted:PROPN:nsubj:2 could:AUX:aux:2 kill:VERB:ROOT:2 Sam:PROPN:dobj:2 .:PUNCT:punct:2"
    almost = ("Ted:PROPN:nsubj:2 almost:ADV:advmod:2 kills=kill:VERB:ROOT:2 Sam:PROPN:dobj:2 "
              ".:PUNCT:punct:2")
    assert not {f for f in _kill(could) if f[1] == "kills"}
    assert not {f for f in _kill(almost) if f[1] == "kills"}
    # If Ted leaves Joanna, Billy cries.
    cond = parse("If:SCONJ:mark:2 Ted:PROPN:nsubj:2 leaves=leave:VERB:advcl:6 "
                 "Joanna:PROPN:dobj:2 ,:PUNCT:punct:6 Billy:PROPN:nsubj:6 cries=cry:VERB:ROOT:6 "
                 ".:PUNCT:punct:6", ents=[(1, 2, "PERSON"), (3, 4, "PERSON"), (5, 6, "PERSON")])
    assert not {f for f in facts(cond) if f[1] == "leaves"}
    # Joanna dreams that Ted kills Billy.
    dream = parse("Joanna:PROPN:nsubj:1 dreams=dream:VERB:ROOT:1 that:SCONJ:mark:4 "
                  "Ted:PROPN:nsubj:4 kills=kill:VERB:ccomp:1 Billy:PROPN:dobj:4 .:PUNCT:punct:1",
                  ents=[(0, 1, "PERSON"), (3, 4, "PERSON"), (5, 6, "PERSON")])
    assert not {f for f in facts(dream) if f[1] == "kills"}
    # and the same verb said plainly is one
    plain = "Ted:PROPN:nsubj:1 kills=kill:VERB:ROOT:1 Sam:PROPN:dobj:1 .:PUNCT:punct:1"
    assert ("Ted", "kills", "Sam") in _kill(plain)


def test_she_could_ditch_him_is_no_open_relation():
    # Celine meets Jesse . She could ditch him .
    p = parse("Celine:PROPN:nsubj:1 meets=meet:VERB:ROOT:1 Jesse:PROPN:dobj:1 .:PUNCT:punct:1 "
              "She:PRON:nsubj:6 could:AUX:aux:6 ditch:VERB:ROOT:6 him:PRON:dobj:6 "
              ".:PUNCT:punct:6", ents=[(0, 1, "PERSON"), (2, 3, "PERSON")], sent_starts=(4,))
    rels = facts(p)
    assert not {f for f in rels if f[1] in ("ditch", "meet", "leaves")}


def test_verbs_the_corpus_shows_are_core_are_promoted():
    # Rick drowns Imhotep . Abby kisses Mike .
    p = parse("Rick:PROPN:nsubj:1 drowns=drown:VERB:ROOT:1 Imhotep:PROPN:dobj:1 "
              ".:PUNCT:punct:1 Abby:PROPN:nsubj:5 kisses=kiss:VERB:ROOT:5 Mike:PROPN:dobj:5 "
              ".:PUNCT:punct:5", ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON"),
                                       (6, 7, "PERSON")], sent_starts=(4,))
    found = facts(p)
    assert ("Rick", "kills", "Imhotep") in found
    assert ("Abby", "loves", "Mike") in found
    assert not {f for f in found if f[1] in ("drown", "kiss")}


def test_generic_verbs_make_no_open_relation_but_telling_ones_do():
    # Annie asks Jonah . Alex hates Mike .
    p = parse("Annie:PROPN:nsubj:1 asks=ask:VERB:ROOT:1 Jonah:PROPN:dobj:1 .:PUNCT:punct:1 "
              "Alex:PROPN:nsubj:5 hates=hate:VERB:ROOT:5 Mike:PROPN:dobj:5 .:PUNCT:punct:5",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON"), (6, 7, "PERSON")],
              sent_starts=(4,))
    found = facts(p)
    assert ("Alex", "hate", "Mike") in found
    assert not {f for f in found if f[1] == "ask"}


def test_a_divorce_tells_of_a_marriage():
    # Scarlet is divorcing Mike .
    p = parse("Scarlet:PROPN:nsubj:2 is=be:AUX:aux:2 divorcing=divorce:VERB:ROOT:2:VBG "
              "Mike:PROPN:dobj:2 .:PUNCT:punct:2", ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    found = facts(p)
    assert has(found, "Scarlet", "spouseOf", "Mike")
    assert ("Scarlet", "leaves", "Mike") in found


def test_sent_to_kill_is_a_purpose_not_a_killing():
    # Marcus is sent to kill John .
    p = parse("Marcus:PROPN:nsubjpass:2 is=be:AUX:auxpass:2 sent=send:VERB:ROOT:2:VBN "
              "to:PART:aux:4 kill:VERB:advcl:2 John:PROPN:dobj:4 .:PUNCT:punct:2",
              ents=[(0, 1, "PERSON"), (5, 6, "PERSON")])
    assert not {f for f in facts(p) if f[1] == "kills"}


def test_beaten_to_death_is_a_killing():
    # Jack beats Eddie to death .
    p = parse("Jack:PROPN:nsubj:1 beats=beat:VERB:ROOT:1 Eddie:PROPN:dobj:1 to:ADP:prep:1 "
              "death:NOUN:pobj:3 .:PUNCT:punct:1", ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    found = facts(p)
    assert ("Jack", "kills", "Eddie") in found and ("Jack", "attacks", "Eddie") not in found


def test_a_relative_clause_on_a_describing_noun_is_the_names_doing():
    # Walter trusts Nora Vance, a waitress who rescues Frank.
    p = parse("Walter:PROPN:nsubj:1 trusts=trust:VERB:ROOT:1 Nora:PROPN:compound:3 "
              "Vance:PROPN:dobj:1 ,:PUNCT:punct:3 a:DET:det:6 waitress:NOUN:appos:3 "
              "who:PRON:nsubj:8:WP rescues=rescue:VERB:relcl:6 Frank:PROPN:dobj:8 "
              ".:PUNCT:punct:1", ents=[(0, 1, "PERSON"), (2, 4, "PERSON"), (9, 10, "PERSON")])
    found = facts(p)
    assert ("Nora Vance", "rescues", "Frank") in found
    assert ("Walter", "rescues", "Frank") not in found


def test_a_participle_on_a_predicate_noun_is_the_subjects_doing():
    # Dale is a pilot working for Acme Airlines.
    p = parse("Dale:PROPN:nsubj:1 is=be:AUX:ROOT:1 a:DET:det:3 pilot:NOUN:attr:1 "
              "working=work:VERB:acl:3:VBG for:ADP:prep:4 Acme:PROPN:compound:7 "
              "Airlines:PROPN:pobj:5 .:PUNCT:punct:1", ents=[(0, 1, "PERSON"), (6, 8, "ORG")])
    assert ("Dale", "employedBy", "Acme Airlines") in facts(p)


def test_saving_someones_life_is_a_rescue():
    # Owen saves Lucy's life.
    p = parse("Owen:PROPN:nsubj:1 saves=save:VERB:ROOT:1 Lucy:PROPN:poss:4 's:PART:case:2 "
              "life:NOUN:dobj:1 .:PUNCT:punct:1", ents=[(0, 1, "PERSON"), (2, 3, "PERSON")])
    assert ("Owen", "rescues", "Lucy") in facts(p)


def test_a_life_saved_by_someone_and_coming_to_the_rescue():
    # Lucy's life is saved by Owen.
    p = parse("Lucy:PROPN:poss:2 's:PART:case:0 life:NOUN:nsubjpass:4 is=be:AUX:auxpass:4 "
              "saved=save:VERB:ROOT:4:VBN by:ADP:agent:4 Owen:PROPN:pobj:5 .:PUNCT:punct:4",
              ents=[(0, 1, "PERSON"), (6, 7, "PERSON")])
    assert ("Owen", "rescues", "Lucy") in facts(p)
    # Owen comes to Lucy's rescue.
    p = parse("Owen:PROPN:nsubj:1 comes=come:VERB:ROOT:1 to:ADP:prep:1 Lucy:PROPN:poss:5 "
              "'s:PART:case:3 rescue:NOUN:pobj:2 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (3, 4, "PERSON")])
    assert ("Owen", "rescues", "Lucy") in facts(p)


def test_trying_to_save_a_life_is_no_rescue():
    # Owen tries to save Lucy's life.
    p = parse("Owen:PROPN:nsubj:1 tries=try:VERB:ROOT:1 to:PART:aux:3 save:VERB:xcomp:1 "
              "Lucy:PROPN:poss:6 's:PART:case:4 life:NOUN:dobj:3 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    assert not has(facts(p), "Owen", "rescues", "Lucy")


def test_a_gerund_after_before_or_after_is_done_by_the_subject_not_the_object():
    # Bernie murders Cook , before killing Shannon .
    p = parse("Bernie:PROPN:nsubj:1 murders=murder:VERB:ROOT:1 Cook:PROPN:dobj:1 ,:PUNCT:punct:1 "
              "before:ADP:prep:1 killing=kill:VERB:pcomp:4 Shannon:PROPN:dobj:5 .:PUNCT:punct:1",
              ents=[(0, 1, "PERSON"), (2, 3, "PERSON"), (6, 7, "PERSON")])
    found = facts(p)
    assert ("Bernie", "kills", "Shannon") in found
    assert ("Cook", "kills", "Shannon") not in found
