"""Word lists the entity stage reads: what a noun beside a name says the name
is, verbs only beings take, and English nicknames. General English, no
film's names."""

from __future__ import annotations

PLACE_NOUNS = frozenset("""
city town village hamlet island isle country nation state province county district region
territory kingdom empire realm land world planet moon continent capital port harbor harbour
suburb neighborhood neighbourhood borough street avenue road boulevard lane square park river
lake sea ocean bay beach coast shore valley mountain mountains hill canyon desert forest jungle
swamp farm ranch estate manor castle palace mansion house hotel motel inn resort bar pub
saloon nightclub casino restaurant diner cafe prison jail asylum hospital school academy
college university church temple cathedral monastery cemetery base camp station airport
colony settlement oasis tower building prairie plantation outpost fortress fort city-state
""".split())
"""A name that is one of these ('the town of X', 'X, a small island') is a place."""

PLACE_HEADS = frozenset("""
city town village island isle county street avenue road boulevard lane square park river lake
bay beach valley mountain mountains hill canyon desert forest state province kingdom empire
heights springs falls creek bridge harbor harbour station airport hospital prison castle
palace manor hall tower building temple cathedral church abbey cemetery
""".split())
"""Capitalized heads of place names ('Gotham City', 'Baker Street'): a name
before one is part of a place's name."""

GROUP_NOUNS = frozenset("""
band gang group company firm agency army navy corps team club cult sect order society
organization organisation network newspaper paper magazine corporation conglomerate
syndicate cartel mob clan tribe family dynasty crew squad unit division bureau department
ministry council committee party movement resistance rebellion alliance brotherhood
sisterhood fraternity guild union league studio label business restaurant-chain chain
""".split())
"""A name that is one of these ('the band X', 'a corporation named X') is an organization."""

WORK_NOUNS = frozenset("""
film movie picture show series sitcom episode song single album record book novel novella
novelette story poem play musical opera comic cartoon game videogame video-game painting
magazine-article article column program programme documentary sequel prequel remake
""".split())
"""A name that is one of these ('the game X', 'the song X') is a work."""

THING_NOUNS = frozenset("""
boat ship yacht submarine car truck van bus plane airplane aircraft jet rocket spaceship
train bike motorcycle sword knife gun rifle pistol weapon bomb missile ring amulet necklace
jewel gem diamond stone crystal skull artifact artefact relic medallion statue mask potion
drug pill drink cocktail beer wine biscuit cookie cake candy cereal dish meal brand product
device gadget machine engine vehicle horse-drawn carriage
""".split())
"""A name that is one of these ('her boat, the X') is a thing, not an entity of the graph."""

NAME_HEADS: dict[str, str] = {
    **{w: "Place" for w in """school academy college university hospital clinic hotel motel
       restaurant cafe diner bar pub salon nightclub casino prison jail street avenue road
       boulevard city town island county station airport building tower palace temple
       cathedral museum library stadium arena mall""".split()},
    **{w: "Organization" for w in """company corporation agency department bureau ministry
       police army navy gang band club bank""".split()},
}
"""Last words that make a name a place's or an organization's ('Tanning Salon',
'John Hughes High School'); words that are also surnames (Bay, Hill, Park) are not here."""

BEING_NOUNS = frozenset("""
man woman boy girl guy lady gentleman person kid child baby teenager teen youngster friend
stranger hero heroine villain protagonist narrator character creature warrior adventurer
knight wizard witch sorcerer vampire ghost demon monster alien slave servant prisoner
criminal pirate cowboy outlaw leader hunter rookie veteran orphan widower bachelor
spinster mobster thug henchman hitman bully classmate schoolmate teammate roommate
""".split())
"""Nouns for beings besides kinship and occupations ('a woman named X')."""

BEING_VERBS = frozenset("""
say tell ask answer reply decide realize realise learn want try agree refuse love hate marry
divorce kill murder die confess admit reveal explain promise feel think believe know remember
forget fall meet kiss date befriend sleep wake cry laugh smile visit invite propose insist lie
pretend hope fear wish dream plan hire fire phone confront argue warn persuade convince beg
apologize apologise forgive thank accuse suspect admire envy seduce flirt dance sing shout
scream whisper grieve mourn worry panic struggle suffer survive rescue save betray leave
return escape flee arrive
""".split())
"""Verbs whose subject is nearly always a being (people of a story)."""

BEING_OBJECT_VERBS = frozenset("""
marry divorce kill murder love hate meet kiss date befriend hire fire persuade convince tell
ask invite seduce warn accuse thank forgive betray rescue save help kidnap shoot stab
strangle poison hug comfort console
""".split())
"""Verbs whose object is nearly always a being."""

BEING_POSSESSIONS = frozenset("""
wife husband son daughter mother father mom dad brother sister friend girlfriend boyfriend
fiance fiancee boss life death heart mind body face voice eyes hand hands house home room
apartment family parents children kids job career marriage wedding funeral murder
""".split())
"""Nouns a being owns ('Sam's sister', 'Maggie's death')."""

LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across",
                                   "throughout", "around", "into", "onto", "towards", "toward"})
MOTION_VERBS = frozenset("""
go move return travel fly drive head relocate flee escape come arrive sail walk run ride
deliver bring send transfer take journey trek
""".split())
"""Verbs whose 'to X' is where one goes ('returns to Gotham')."""
NOT_LOCATIVE_HEADS = frozenset("""
believe confide interest trust involve star role part cast lead rest chance faith
pride
""".split())
"""Words whose 'in X' is no place ('confides in Sam', 'a role in X')."""

US_STATES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
michigan minnesota mississippi missouri montana nebraska nevada new_hampshire new_jersey
new_mexico new_york north_carolina north_dakota ohio oklahoma oregon pennsylvania
rhode_island south_carolina south_dakota tennessee texas utah vermont virginia washington
west_virginia wisconsin wyoming ontario quebec alberta manitoba saskatchewan nova_scotia
""".split())
"""States and provinces that follow a town's name ('Tyler, Texas'; two words
joined by '_': 'new_york')."""

INDEFINITE = frozenset({"a", "an", "another", "every", "each"})
"""Determiners never put before a person's name ('an ancient Ring')."""

NOT_NAMES = frozenset("""
god gods lord heaven hell earth christmas easter thanksgiving halloween internet buddha christ
allah
""".split())
"""Capitalized words that name no one of a story (said alone)."""

NICKNAMES: dict[str, tuple[str, ...]] = {
    "al": ("albert", "alan", "alfred", "alexander"), "alex": ("alexander", "alexandra"),
    "andy": ("andrew",), "abby": ("abigail",), "barb": ("barbara",), "becky": ("rebecca",),
    "ben": ("benjamin",), "bill": ("william",), "billy": ("william",), "bob": ("robert",),
    "bobby": ("robert",), "cathy": ("catherine", "cathleen"), "charlie": ("charles",),
    "chris": ("christopher", "christine", "christina"), "chuck": ("charles",),
    "dan": ("daniel",), "danny": ("daniel",), "dave": ("david",), "dick": ("richard",),
    "don": ("donald",), "doug": ("douglas",), "ed": ("edward", "edwin"), "eddie": ("edward",),
    "fred": ("frederick",), "freddy": ("frederick",), "greg": ("gregory",),
    "hank": ("henry",), "harry": ("henry", "harold"), "jack": ("john",), "jake": ("jacob",),
    "jeff": ("jeffrey",), "jerry": ("gerald", "jerome"), "jim": ("james",),
    "jimmy": ("james",), "joe": ("joseph",), "joey": ("joseph",), "johnny": ("john",),
    "jon": ("jonathan",), "kate": ("katherine", "catherine", "kathryn"),
    "katie": ("katherine", "catherine"), "kathy": ("katherine", "kathleen"),
    "ken": ("kenneth",), "kim": ("kimberly",), "kimmy": ("kimberly",), "larry": ("lawrence",),
    "liz": ("elizabeth",), "lizzie": ("elizabeth",), "beth": ("elizabeth",),
    "betty": ("elizabeth",), "maggie": ("margaret",), "meg": ("margaret",),
    "peggy": ("margaret",), "mandy": ("amanda",), "matt": ("matthew",),
    "mike": ("michael",), "mikey": ("michael",), "mick": ("michael",), "nick": ("nicholas",),
    "pat": ("patrick", "patricia"), "patty": ("patricia",), "pete": ("peter",),
    "phil": ("philip", "phillip"), "ray": ("raymond",), "rick": ("richard",),
    "ricky": ("richard",), "rob": ("robert",), "robbie": ("robert",), "ron": ("ronald",),
    "sal": ("salvatore",), "sam": ("samuel", "samantha"), "sandy": ("sandra",),
    "steve": ("steven", "stephen"), "sue": ("susan",), "susie": ("susan",),
    "ted": ("edward", "theodore"), "teddy": ("edward", "theodore"), "tom": ("thomas",),
    "tommy": ("thomas",), "tony": ("anthony",), "vince": ("vincent",), "vinnie": ("vincent",),
    "walt": ("walter",), "will": ("william",), "willie": ("william",), "zack": ("zachary",),
    "jenny": ("jennifer",), "jess": ("jessica",), "nikki": ("nicole",), "vicky": ("victoria",),
    "tina": ("christina",), "gabe": ("gabriel",), "nate": ("nathan", "nathaniel"),
}
"""Short form -> the full first names it stands for."""


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names (lower case) can be one person's: equal, or
    one a nickname of the other ('jim'/'james', 'kimmy'/'kimberly')."""
    if a == b:
        return True
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ()) or bool(
        set(NICKNAMES.get(a, ())) & set(NICKNAMES.get(b, ())))


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by one inserted, dropped, changed or swapped
    letter ('tyrel'/'tyrell', 'shephard'/'shepherd')."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]
