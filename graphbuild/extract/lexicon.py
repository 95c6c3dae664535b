"""Word lists the rules read: general English and film vocabulary, no film's facts."""

from __future__ import annotations

HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
    "father": "m", "uncle": "m", "brother": "m", "count": "m", "duke": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madame": "f", "lady": "f", "queen": "f",
    "princess": "f", "sister": "f", "aunt": "f", "mother": "f", "duchess": "f", "dame": "f",
    "dr": None, "doctor": None, "professor": None, "prof": None, "detective": None,
    "officer": None, "agent": None, "captain": None, "capt": None, "sergeant": None,
    "sgt": None, "lieutenant": None, "lt": None, "colonel": None, "col": None,
    "general": None, "gen": None, "major": None, "admiral": None, "judge": None,
    "senator": None, "president": None, "coach": None, "inspector": None,
    "reverend": None, "rev": None, "saint": None, "st": None, "vice": None,
    "chief": None, "commander": None, "governor": None, "mayor": None, "private": None,
    "constable": None, "sheriff": None, "deputy": None, "marshal": None, "corporal": None,
    "pharaoh": None, "emperor": "m", "empress": "f", "baron": "m", "baroness": "f",
}

MALE_NAMES = frozenset("""
aaron adam alan albert alex alexander alfred andrew andy anthony antonio arthur austin ben
benjamin bill billy bob bobby brad brandon brian bruce bud carl carlos charles charlie chris
christopher chuck clark cole colin craig dan daniel danny dave david dean dennis derek dick
don donald doug douglas dustin ed eddie edward eli elliot eric ernest evan frank fred freddie
freddy gabriel gary george gerald gordon graham greg harold harry henry howard hugh ian isaac
jack jacob jake james jamie jason jeff jeffrey jerry jesse jim jimmy joe joel john johnny jon
jonathan jose joseph josh joshua juan julian justin keith ken kenny kevin kyle larry lee leo
leon leonard louis luke marcus mark martin marty matt matthew max michael mike mitch nathan
ned nick nicholas noah norman oliver owen pat patrick paul pete peter phil philip
ralph ray raymond richard rick ricky rob robert robin roger ron ronald roy russell ryan sam
samuel scott sean seth simon stan stanley stephen steve steven stuart ted teddy terry thomas
tim timothy toby todd tom tommy tony travis troy victor vincent walt walter wayne will
william willie zach zack hans ivan pierre jacques luigi marco raj rahul vijay ravi ali omar
""".split())

FEMALE_NAMES = frozenset("""
abby abigail alice alicia allison amanda amy andrea angela ann anna anne annie april ashley
barbara becky beth betty beverly bonnie brenda bridget carol caroline carrie catherine cathy
charlotte cheryl chloe christina christine cindy claire clara connie cynthia daisy dana
debbie deborah denise diana diane donna doris dorothy edith elaine eleanor elizabeth ellen
ellie emily emma erica erin eva eve evelyn fiona frances gail grace hannah harriet heather
helen holly irene isabel jackie jane janet janice jean jennifer jenny jessica jill joan
joanna jodie josephine joy joyce judith judy julia julie karen kate katherine kathy katie
kelly kim kimberly laura lauren linda lisa liz lois lorraine louise lucy lydia maggie mandy
margaret maria marie marilyn martha mary maureen meg megan melanie melissa michelle molly
monica nancy natalie nicole nina nora olivia pam pamela patricia paula peggy penny phyllis
polly rachel rebecca regina rita rose rosemary ruth sally samantha sandra sara sarah
sharon shirley sophie stella stephanie sue susan suzanne sylvia tammy teresa tina tracy
valerie vanessa vera veronica victoria violet virginia wanda wendy whitney yvonne zoe
priya sita anjali marta sofia lucia elena ingrid
""".split())

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})

# Kinship and social role nouns -> (property, direction, gender of the named one).
# direction "owner->named": "his wife Joanna" gives spouseOf(his, Joanna);
# "named->owner": "her son Billy" gives parentOf(her, Billy) reversed below.
KINSHIP: dict[str, tuple[str, str, str | None]] = {
    "wife": ("spouseOf", "sym", "f"), "husband": ("spouseOf", "sym", "m"),
    "spouse": ("spouseOf", "sym", None), "ex-wife": ("spouseOf", "sym", "f"),
    "ex-husband": ("spouseOf", "sym", "m"), "widow": ("spouseOf", "sym", "f"),
    "son": ("parentOf", "owner->named", "m"), "daughter": ("parentOf", "owner->named", "f"),
    "child": ("parentOf", "owner->named", None), "kid": ("parentOf", "owner->named", None),
    "stepson": ("parentOf", "owner->named", "m"), "stepdaughter": ("parentOf", "owner->named", "f"),
    "father": ("parentOf", "named->owner", "m"), "mother": ("parentOf", "named->owner", "f"),
    "dad": ("parentOf", "named->owner", "m"), "mom": ("parentOf", "named->owner", "f"),
    "mum": ("parentOf", "named->owner", "f"), "stepfather": ("parentOf", "named->owner", "m"),
    "stepmother": ("parentOf", "named->owner", "f"), "parent": ("parentOf", "named->owner", None),
    "brother": ("siblingOf", "sym", "m"), "sister": ("siblingOf", "sym", "f"),
    "sibling": ("siblingOf", "sym", None), "half-brother": ("siblingOf", "sym", "m"),
    "half-sister": ("siblingOf", "sym", "f"), "twin": ("siblingOf", "sym", None),
    "uncle": ("relativeOf", "sym", "m"), "aunt": ("relativeOf", "sym", "f"),
    "cousin": ("relativeOf", "sym", None), "nephew": ("relativeOf", "sym", "m"),
    "niece": ("relativeOf", "sym", "f"), "grandson": ("relativeOf", "sym", "m"),
    "granddaughter": ("relativeOf", "sym", "f"), "grandfather": ("relativeOf", "sym", "m"),
    "grandmother": ("relativeOf", "sym", "f"), "grandchild": ("relativeOf", "sym", None),
    "grandparent": ("relativeOf", "sym", None), "in-law": ("relativeOf", "sym", None),
    "girlfriend": ("romanticPartnerOf", "sym", "f"), "boyfriend": ("romanticPartnerOf", "sym", "m"),
    "lover": ("romanticPartnerOf", "sym", None), "fiancé": ("romanticPartnerOf", "sym", "m"),
    "fiancée": ("romanticPartnerOf", "sym", "f"), "fiance": ("romanticPartnerOf", "sym", None),
    "fiancee": ("romanticPartnerOf", "sym", "f"), "mistress": ("romanticPartnerOf", "sym", "f"),
    "sweetheart": ("romanticPartnerOf", "sym", None), "partner": ("colleagueOf", "sym", None),
    "friend": ("friendOf", "sym", None), "confidante": ("friendOf", "sym", "f"),
    "confidant": ("friendOf", "sym", None), "pal": ("friendOf", "sym", None),
    "buddy": ("friendOf", "sym", None), "roommate": ("friendOf", "sym", None),
    "neighbor": ("neighborOf", "sym", None), "neighbour": ("neighborOf", "sym", None),
    "colleague": ("colleagueOf", "sym", None), "co-worker": ("colleagueOf", "sym", None),
    "coworker": ("colleagueOf", "sym", None), "associate": ("colleagueOf", "sym", None),
    "comrade": ("colleagueOf", "sym", None), "teammate": ("colleagueOf", "sym", None),
    "ex-girlfriend": ("romanticPartnerOf", "sym", "f"),
    "ex-boyfriend": ("romanticPartnerOf", "sym", "m"), "ex-fiancé": ("romanticPartnerOf", "sym", None),
    "ex-fiancée": ("romanticPartnerOf", "sym", "f"), "widower": ("spouseOf", "sym", "m"),
    "stepbrother": ("siblingOf", "sym", "m"), "stepsister": ("siblingOf", "sym", "f"),
    "grandma": ("relativeOf", "sym", "f"), "grandpa": ("relativeOf", "sym", "m"),
    "killer": ("kills", "named->owner", None), "murderer": ("kills", "named->owner", None),
    "attacker": ("attacks", "named->owner", None), "assailant": ("attacks", "named->owner", None),
    "rescuer": ("rescues", "named->owner", None), "savior": ("rescues", "named->owner", None),
    "saviour": ("rescues", "named->owner", None), "betrayer": ("betrays", "named->owner", None),

    "enemy": ("enemyOf", "sym", None), "nemesis": ("enemyOf", "sym", None),
    "rival": ("enemyOf", "sym", None), "arch-enemy": ("enemyOf", "sym", None),
    "archenemy": ("enemyOf", "sym", None), "archnemesis": ("enemyOf", "sym", None),
    "arch-nemesis": ("enemyOf", "sym", None), "archrival": ("enemyOf", "sym", None),
    "arch-rival": ("enemyOf", "sym", None),
    "boss": ("employedBy", "owner->named", None), "employer": ("employedBy", "owner->named", None),
    "lawyer": ("employedBy", "named->owner", None), "attorney": ("employedBy", "named->owner", None),
    "assistant": ("employedBy", "named->owner", None), "secretary": ("employedBy", "named->owner", None),
    "bodyguard": ("employedBy", "named->owner", None), "butler": ("employedBy", "named->owner", None),
    "maid": ("employedBy", "named->owner", None), "nanny": ("employedBy", "named->owner", None),
    "chauffeur": ("employedBy", "named->owner", None), "employee": ("employedBy", "named->owner", None),
    "mentor": ("advises", "named->owner", None), "therapist": ("advises", "named->owner", None),
    "counselor": ("advises", "named->owner", None), "adviser": ("advises", "named->owner", None),
    "advisor": ("advises", "named->owner", None),
}
"""For employedBy "owner->named" reads: the owner is employed by the named one."""

CHILD_WORDS = frozenset({"boy", "girl", "kid", "child", "son", "daughter", "baby", "toddler"})

WORKPLACES = frozenset("""
agency company firm corporation bank studio newspaper magazine network station hospital
clinic precinct department store shop restaurant hotel factory plant mill bureau
ministry casino business practice
""".split())
"""Possessed workplaces ('his agency'). Not school, team, club or gang: one
attends or belongs to those (memberOf), 'his lab' may be his own, and
"Nilsen's office" is a room."""

OCCUPATION_HEADS = frozenset("""
executive agent lawyer attorney doctor surgeon nurse detective cop officer policeman
policewoman teacher professor student writer novelist journalist reporter editor
photographer painter artist musician singer dancer actor actress director producer
salesman saleswoman manager clerk banker broker accountant engineer scientist soldier
sergeant captain pilot driver mechanic farmer rancher sheriff deputy marshal thief burglar
assassin hitman gangster mobster spy housewife homemaker waitress waiter bartender chef
cook priest nun minister preacher judge politician senator mayor boxer fighter
wrestler coach athlete player programmer hacker architect carpenter plumber
psychiatrist psychologist therapist veterinarian dentist pharmacist librarian janitor
guard bodyguard butler maid nanny chauffeur secretary assistant investigator killer
mercenary smuggler dealer hustler gambler con artist prostitute stripper model
businessman businesswoman entrepreneur inventor explorer archaeologist astronaut
""".split())

IN_ARMS = ("in", "arms")
"""'brother-in-arms', 'sisters in arms': a comrade, not a sibling."""


def kinship(toks: list, i: int) -> tuple[str, str, str | None] | None:
    """The KINSHIP entry of token i (by its text, else its lemma), unless
    the word is the head of 'brother-in-arms' ('brothers in arms')."""
    t = toks[i]
    kin = KINSHIP.get(t.text.lower()) or KINSHIP.get(t.lemma.lower())
    if kin is None:
        return None
    words = tuple(x.text.lower() for x in toks[i + 1:i + 6] if x.text not in ("-", "‐"))[:2]
    return None if words == IN_ARMS else kin


AWARDS: dict[str, str] = {
    "oscar": "Academy Award", "oscars": "Academy Award",
    "academy award": "Academy Award", "academy awards": "Academy Award",
    "best picture": "Academy Award", "golden globe": "Golden Globe Award",
    "golden globes": "Golden Globe Award", "golden globe award": "Golden Globe Award",
    "bafta": "BAFTA Award", "baftas": "BAFTA Award", "bafta award": "BAFTA Award",
    "emmy": "Emmy Award", "emmys": "Emmy Award", "emmy award": "Emmy Award",
    "palme d'or": "Palme d'Or", "golden bear": "Golden Bear", "golden lion": "Golden Lion",
    "cesar": "César Award", "césar": "César Award", "razzie": "Golden Raspberry Award",
    "saturn award": "Saturn Award", "grammy": "Grammy Award", "tony award": "Tony Award",
    "filmfare award": "Filmfare Award", "national film award": "National Film Award",
    "independent spirit award": "Independent Spirit Award",
}
"""Surface form (lower case) -> canonical award name."""

AWARD_WIN_LEMMAS = frozenset({"win", "receive", "earn", "take", "collect", "garner", "scoop", "bag", "sweep"})
AWARD_NOMINATION_WORDS = frozenset({"nominee", "nomination", "nominations", "nod", "nods",
                                    "nominated", "nominate"})

NATIONALITIES: dict[str, str] = {
    "american": "United States", "british": "United Kingdom", "english": "United Kingdom",
    "french": "France", "german": "Germany", "italian": "Italy", "spanish": "Spain",
    "indian": "India", "japanese": "Japan", "chinese": "China", "korean": "South Korea",
    "south korean": "South Korea", "canadian": "Canada", "australian": "Australia",
    "mexican": "Mexico", "brazilian": "Brazil", "argentine": "Argentina", "russian": "Russia",
    "soviet": "Soviet Union", "swedish": "Sweden", "danish": "Denmark", "norwegian": "Norway",
    "finnish": "Finland", "dutch": "Netherlands", "belgian": "Belgium", "irish": "Ireland",
    "scottish": "United Kingdom", "polish": "Poland", "czech": "Czech Republic",
    "hungarian": "Hungary", "greek": "Greece", "turkish": "Turkey", "iranian": "Iran",
    "israeli": "Israel", "egyptian": "Egypt", "nigerian": "Nigeria", "south african": "South Africa",
    "new zealand": "New Zealand", "hong kong": "Hong Kong", "taiwanese": "Taiwan",
    "thai": "Thailand", "filipino": "Philippines", "indonesian": "Indonesia",
    "pakistani": "Pakistan", "bangladeshi": "Bangladesh", "austrian": "Austria",
    "swiss": "Switzerland", "portuguese": "Portugal", "romanian": "Romania",
    "yugoslav": "Yugoslavia", "ukrainian": "Ukraine", "malayalam": "India", "tamil": "India",
    "telugu": "India", "hindi": "India", "bengali": "India", "kannada": "India",
    "marathi": "India", "bollywood": "India",
}
COUNTRY_NAMES = frozenset(NATIONALITIES.values())
"""The countries the nationality words name ('France', 'United States')."""
"""Nationality adjective -> country, for 'a 1994 American film'."""

LANGUAGES = frozenset("""
english french german italian spanish hindi tamil telugu malayalam kannada bengali marathi
punjabi urdu japanese mandarin cantonese chinese korean russian portuguese swedish danish
norwegian finnish dutch polish czech hungarian greek turkish persian arabic hebrew thai
tagalog indonesian vietnamese yiddish latin
""".split())

GENRES: dict[str, str] = {g: g.title() for g in """
action adventure animation animated biography biographical comedy crime documentary drama
family fantasy film-noir noir history historical horror music musical mystery romance
romantic sci-fi science-fiction sport sports thriller war western satire parody slasher
superhero spy heist disaster martial-arts psychological supernatural teen coming-of-age
""".split()}
GENRES.update({"science fiction": "Science Fiction", "romantic comedy": "Romantic Comedy",
               "black comedy": "Black Comedy", "dark comedy": "Black Comedy",
               "comedy-drama": "Comedy-Drama", "comedy drama": "Comedy-Drama",
               "animated": "Animation", "biographical": "Biography", "sci-fi": "Science Fiction",
               "science-fiction": "Science Fiction", "film-noir": "Film Noir",
               "noir": "Film Noir", "historical": "History", "sports": "Sport",
               "musical": "Musical", "romantic": "Romance"})

FILM_NOUNS = frozenset({"film", "movie", "picture", "feature", "documentary", "series",
                        "miniseries", "episode", "sitcom", "drama", "comedy", "thriller",
                        "musical", "show", "serial", "telefilm", "anime", "cartoon", "short",
                        "telenovela", "programme", "program", "sequel", "prequel", "remake",
                        "installment", "instalment", "finale", "biography", "biopic", "western",
                        "horror", "romance", "adaptation", "films", "movies"})
TITLE_SMALL_WORDS = frozenset("of the a an and for to in on at with from de la del di le les el "
                              "los las da du des von der und vs vs. y".split())
