"""Word lists the story rules read (general English, no film's facts): the
nouns and verbs plot summaries use for occupations, groups, relationships and
events. `lexicon` holds the older lists (kinship nouns, occupation heads)."""

from __future__ import annotations

from graphbuild.extract import lexicon

OCCUPATIONS: frozenset[str] = lexicon.OCCUPATION_HEADS | frozenset("""
critic curator egyptologist anchor co-anchor anchorman anchorwoman commissioner chef
housekeeper counselor counsellor warrior adventurer millionaire billionaire tycoon
heiress mogul magnate consultant analyst designer photographer filmmaker screenwriter
playwright poet author columnist editor publisher broadcaster host presenter dj deejay
nurse paramedic medic physician psychiatrist pathologist coroner scientist researcher
physicist chemist biologist geologist mathematician historian anthropologist professor
lecturer tutor principal headmaster headmistress schoolteacher instructor trainer
cadet recruit marine sailor soldier colonel sergeant lieutenant commander admiral general
officer patrolman trooper constable inspector detective investigator prosecutor
defender lawyer attorney barrister solicitor paralegal judge magistrate clerk cashier
receptionist waiter waitress bartender barista cook baker butcher grocer shopkeeper
salesman saleswoman salesperson realtor agent banker broker trader investor accountant
bookkeeper economist executive manager supervisor foreman worker laborer labourer
miner fisherman farmer rancher cowboy gardener landscaper carpenter plumber electrician
mechanic welder builder contractor architect engineer technician programmer developer
hacker pilot stewardess flight-attendant astronaut captain driver cabbie courier
postman mailman fireman firefighter lifeguard ranger hunter trapper guide priest
minister pastor preacher rabbi imam monk nun bishop cardinal pope vicar reverend
missionary shaman witch wizard sorcerer magician illusionist clown comedian comic
entertainer performer actor actress singer songwriter musician guitarist drummer
pianist violinist composer conductor dancer ballerina stripper model photographer
painter sculptor artist illustrator cartoonist animator journalist reporter writer
novelist blogger student intern apprentice assistant
secretary butler maid nanny governess babysitter chauffeur bodyguard valet doorman
janitor caretaker custodian handyman servant slave mercenary assassin hitman
gangster mobster bootlegger smuggler dealer trafficker thief burglar robber pickpocket
con-artist swindler forger counterfeiter spy operative informant hustler gambler
bookie pimp prostitute escort courtesan bounty-hunter sheriff deputy marshal
mayor governor senator congressman congresswoman president politician diplomat
ambassador lobbyist activist revolutionary boxer wrestler fighter athlete player
quarterback pitcher coach referee jockey surfer skater racer gladiator knight squire
nobleman aristocrat courtier pharaoh emperor empress monarch chancellor treasurer
psychologist therapist surgeon dentist veterinarian pharmacist librarian archaeologist
explorer inventor entrepreneur businessman businesswoman industrialist executive
star owner safecracker cracker
""".split())
"""Head nouns of occupations ('a Chicago architect', 'museum curator X');
those of NEEDS_MODIFIER only with a noun before them ('rock star')."""

NEEDS_MODIFIER: frozenset[str] = frozenset({"star", "worker", "agent", "player", "owner",
                                            "officer", "host", "guide", "cracker"})
"""Occupation heads that name one only with a noun before them ('rock star',
'assembly line worker', 'FBI agent', 'station owner'), not alone."""

OCCUPATION_ADJECTIVES: frozenset[str] = frozenset({
    "former", "retired", "high", "head", "chief", "senior", "junior", "assistant", "deputy",
    "executive", "private", "special", "internal", "general", "district", "associate",
    "royal", "supreme", "federal", "forensic", "medical", "legal", "criminal", "clinical",
    "professional", "amateur", "undercover", "ex", "acting",
})
"""Adjectives kept in an occupation ('former jazz singer', 'high priest');
other adjectives ('workaholic', 'new', 'Mexican') are not part of it."""

NOT_YET: frozenset[str] = frozenset({"aspiring", "would-be", "wannabe", "future", "budding"})
"""'an aspiring animator' has no occupation yet."""

DROPPED_ADJECTIVES: frozenset[str] = frozenset({
    "renowned", "famous", "famed", "struggling", "respected", "successful", "wealthy",
    "celebrated", "legendary", "notorious", "infamous",
})
"""Adjectives that end an occupation phrase without undoing it: 'the famed
British Egyptologist' is an Egyptologist, 'a renowned actress' an actress."""

MEMBER_ROLES: dict[str, str] = {
    "member": "memberOf", "boss": "memberOf", "leader": "memberOf", "head": "memberOf",
    "captain": "memberOf", "star": "memberOf", "player": "memberOf", "soldier": "memberOf",
    "henchman": "memberOf", "recruit": "memberOf", "operative": "employedBy",
    "founder": "memberOf", "commander": "memberOf", "chief": "memberOf",
    "lieutenant": "memberOf", "enforcer": "memberOf", "hitman": "memberOf",
    "agent": "employedBy", "officer": "employedBy", "employee": "employedBy",
    "detective": "employedBy", "cop": "employedBy", "reporter": "employedBy",
    "journalist": "employedBy", "editor": "employedBy", "writer": "employedBy",
    "columnist": "employedBy", "accountant": "employedBy", "executive": "employedBy",
    "manager": "employedBy", "lawyer": "employedBy", "scientist": "employedBy",
    "engineer": "employedBy", "doctor": "employedBy", "nurse": "employedBy",
    "teacher": "employedBy", "professor": "employedBy", "coach": "employedBy",
    "chef": "employedBy", "cook": "employedBy", "waitress": "employedBy",
    "waiter": "employedBy", "clerk": "employedBy", "guard": "employedBy",
    "secretary": "employedBy", "assistant": "employedBy", "producer": "employedBy",
    "anchor": "employedBy", "co-anchor": "employedBy", "analyst": "employedBy",
    "investigator": "employedBy", "operator": "employedBy", "spokesman": "employedBy",
    "worker": "employedBy", "salesman": "employedBy", "janitor": "employedBy",
    "librarian": "employedBy", "curator": "employedBy", "psychologist": "employedBy",
    "psychiatrist": "employedBy", "commissioner": "employedBy", "chemist": "employedBy",
}
"""Role nouns that tie a character to an organization: 'a member of the
gang', 'an accountant at Wayne Enterprises', 'FBI agent X'."""

GROUP_NOUNS: frozenset[str] = frozenset("""
team gang mob band crew army squad unit platoon troop club cult clan tribe order
brotherhood sisterhood society resistance rebellion militia police department force
agency bureau company firm corporation newspaper magazine network station hospital
school college university academy church family syndicate cartel mafia organization
organisation group league union party council committee government navy fleet legion
regiment battalion division precinct restaurant hotel casino store shop bank studio
""".split())
"""Common nouns that name a group or workplace ('the basketball team', 'the
mob', 'a rival TV station'): an organization of the story when a character
is tied to one."""

MEMBER_OF_GROUP: frozenset[str] = frozenset("""
team gang mob band crew army squad unit platoon troop club cult clan tribe order
brotherhood sisterhood society resistance rebellion militia syndicate cartel mafia
league union party council committee navy fleet legion regiment battalion division
""".split())
"""Groups one belongs to (memberOf) rather than works for (employedBy)."""

MOVE_LEMMAS: frozenset[str] = frozenset({"move", "relocate", "emigrate", "immigrate"})
"""'X moves to Seattle': X lives there afterwards."""

# Verbs open relations show are core facts (lemma -> property).
PROMOTED_VERBS: dict[str, str] = {
    "drown": "kills", "electrocute": "kills", "decapitate": "kills", "smother": "kills",
    "suffocate": "kills", "bludgeon": "kills",
    "fight": "attacks", "knock": "attacks", "slash": "attacks", "injure": "attacks",
    "wound": "attacks", "maul": "attacks", "kick": "attacks", "slap": "attacks",
    "tackle": "attacks", "choke": "attacks", "overpower": "attacks", "rape": "attacks",
    "abduct": "attacks", "torch": "attacks", "maim": "attacks",
    "kiss": "loves", "trick": "betrays", "dupe": "betrays",
    "blackmail": "betrays",
    "protect": "helps", "shelter": "helps", "defend": "helps",
    "warn": "advises", "instruct": "advises", "teach": "advises", "train": "advises",
    "tutor": "advises",
    "adopt": "parentOf",
}
"""Verbs whose subject and object, both characters, stand in a core
relation ('Rick stabs him', 'the Driver drowns him'): the verbs open
relations of the 79-film corpus showed (drown, fight, kiss, trick, abduct)
and their near synonyms. A kiss is one-way love: of the four kisses in the
visible gold films, each kisser loves the one kissed, while only two are
couples ('she kissed Michael unexpectedly, but he didn't kiss her back')."""

GENERIC_OPEN_LEMMAS: frozenset[str] = frozenset("""
tell ask meet see find say call know visit watch get take give have make let bring show
leave put keep hear notice recognize remember think believe want need like feel become
seem follow join contact inform answer reply approach greet talk speak mention describe
explain discuss introduce invite send receive pick drive walk run lead turn move present
proceed end lose refer remind update ring rename grab impress contract seek pursue order
summon dispatch encounter transform repair throw hand spy use include star play hit promise
""".split())
"""Open lemmas too general, or too often misread, to say anything about two
characters beyond that they met ('Annie asks Jonah', 'he meets her', 'ends
up kissing'): talking, seeing, coming and going, having and giving. On the
79-film corpus before this list, 81 of the 113 open relations had one of
these lemmas and 10 more a verb now promoted to a core property
(`PROMOTED_VERBS`); the open relations kept are the remaining kinds ('Alex
hates him', 'Batman interrogates the Joker')."""

LOVE_NOUNS: frozenset[str] = frozenset({"love", "feelings", "affection", "passion", "crush",
                                        "infatuation", "attraction"})
"""'declares his love for her', 'her feelings for Mike': one-way love."""

HELP_NOUNS: frozenset[str] = frozenset({"help", "aid", "assistance", "support"})
ADVICE_NOUNS: frozenset[str] = frozenset({"advice", "urging", "suggestion", "counsel",
                                          "insistence", "recommendation", "prodding",
                                          "encouragement", "instruction", "instructions",
                                          "initiative"})
ATTACK_NOUNS: frozenset[str] = frozenset({"attack", "assault", "attempt", "assassination",
                                          "ambush", "raid"})

EVALUATIVE: frozenset[str] = frozenset({
    "terrible", "good", "great", "bad", "lousy", "poor", "talented", "gifted", "brilliant",
    "excellent", "awful", "fine", "better", "best", "worst", "natural", "born", "amazing",
    "mediocre", "incompetent", "skilled", "wonderful", "horrible", "jerk", "idiot",
    "loser", "genius", "wannabe", "failed", "washed-up", "fake", "pretend",
})
"""'Kimmy is a terrible singer' says how she sings, not what her job is."""
