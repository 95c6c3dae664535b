"""Mentions the statistical NER gets wrong in film text, and film titles.

`find_titles` marks titles of films named in prose ("the 1990 film The Hunt
for Red October", "Udaykal (1930)"); `repair_mentions` fixes entity types
(lists tagged as one name, "Galaxy Films" as a person, "Sakribai" among
actors tagged as a place).
"""

from __future__ import annotations

import re

from graphbuild.extract import lexicon
from graphbuild.model import Mention, Parsed, Resolution

PERSON_LEMMAS = frozenset({"direct", "write", "produce", "star", "co-star", "feature", "compose",
                           "score", "photograph", "edit", "portray", "play", "cast", "helm",
                           "narrate", "voice", "co-write", "screenwrite", "pen", "co-produce",
                           "script"})


TITLE_NOUNS = frozenset({"film", "films", "movie", "series", "episode", "sequel", "prequel",
                         "remake", "finale", "show", "telenovela", "documentary", "miniseries",
                         "sitcom", "serial", "feature", "installment", "instalment", "drama",
                         "comedy", "thriller", "musical", "cartoon", "anime", "soap"})
SEASON_NOUNS = frozenset({"episode", "season", "series", "installment", "finale", "part"})


def _title_span(toks, start: int, limit: int) -> int:
    """End of a capitalized title starting at `start` ('The Hunt for Red
    October'); `start` itself when there is none."""
    end = start
    j = start
    while j < limit and j - start < 10:
        w = toks[j].text
        if w[:1].isupper() or w[:1].isdigit() and j > start:
            j += 1
            end = j
        elif w.lower() in lexicon.TITLE_SMALL_WORDS and j > start or _inside_title(toks, j) and j > start:
            j += 1
        else:
            break
    return end


TITLE_FUNCTION_WORDS = frozenset("""all is are be it its me my you your we our not no so up out
off but or nor as by into over till until""".split())
"""Short words a title written in prose may keep in lower case ("She's all That")."""


def _inside_title(toks, j: int) -> bool:
    """Whether token j can sit inside a title between capitalized words: a
    possessive ("Ocean's Eleven"), a colon, '&', or a hyphen inside a word
    ("Were-Rabbit")."""
    t = toks[j]
    if t.text in ("'s", "’s", ":", "&"):
        return True
    return t.text in ("-", "‐") and 0 < j < len(toks) - 1 \
        and toks[j - 1].idx + len(toks[j - 1].text) == t.idx == toks[j + 1].idx - len(t.text)


def title_year(p: Parsed, a: int, b: int) -> int | None:
    """The year the text gives a title at tokens [a, b): 'Udaykal (1930)',
    'the 1990 film The Hunt for Red October'."""
    toks = p.tokens
    if b + 2 < len(toks) and toks[b].text == "(" and toks[b + 2].text == ")" \
            and re.fullmatch(r"(18|19|20)\d\d", toks[b + 1].text):
        return int(toks[b + 1].text)
    for j in range(max(a - 4, 0), a):
        if re.fullmatch(r"(18|19|20)\d\d", toks[j].text) and toks[j].sent == toks[a].sent and any(
                toks[k].text.lower() in TITLE_NOUNS for k in range(j + 1, a)):
            return int(toks[j].text)
    return None


def find_titles(p: Parsed) -> list[tuple[int, int, str]]:
    """Token spans of film titles: after a film noun ('the series Glee',
    'the 1992 film Patriot Games') or before a year in parentheses
    ('Udaykal (1930)')."""
    toks = p.tokens
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        a, b = p.sents[t.sent]
        if t.text.lower() in TITLE_NOUNS and t.pos in ("NOUN", "PROPN") and t.text[:1].islower():
            start = i + 1
            while start < b and toks[start].text in ('"', "“", "'", "‘"):
                start += 1
            end = _title_span(toks, start, b)
            if end < b and toks[end].pos in ("AUX", "VERB") and toks[end - 1].dep in ("nsubj", "nsubjpass"):
                end = start   # "the first episode Rhimes has written": a name, not a title
            if end > start and toks[start].text.lower() not in ("i", "he", "she", "it", "they", "the") \
                    or end > start + 1:
                if not toks[start].text.lower() in ("he", "she", "it", "they", "i"):
                    out.append((start, end, p.doc.body[toks[start].idx:toks[end - 1].idx
                                                       + len(toks[end - 1].text)]))
                    i = end
                    continue
        # "the second episode of The Simpsons' twentieth season"
        if t.text.lower() == "of" and i > 0 and toks[i - 1].text.lower() in SEASON_NOUNS \
                and i + 1 < b and toks[i + 1].text[:1].isupper():
            end = _title_span(toks, i + 1, b)
            if end > i + 1 and toks[i + 1].text.lower() not in ("the",) or end > i + 2:
                out.append((i + 1, end, p.doc.body[toks[i + 1].idx:toks[end - 1].idx
                                                   + len(toks[end - 1].text)]))
                i = end
                continue
        if t.text == "(" and i + 2 < len(toks) and re.fullmatch(r"(18|19|20)\d\d", toks[i + 1].text) \
                and toks[i + 2].text == ")":
            start = i - 1
            while start > a and (toks[start - 1].text[:1].isupper() or toks[start - 1].text[:1].isdigit()
                                 or toks[start - 1].text.lower() in lexicon.TITLE_SMALL_WORDS
                                 or toks[start - 1].text in TITLE_FUNCTION_WORDS
                                 or _inside_title(toks, start - 1)):
                start -= 1
            while start < i and not toks[start].text[:1].isupper():
                start += 1
            if start < i and toks[i - 1].text[:1].isupper() or (start < i and toks[i - 1].text.isdigit()):
                out.append((start, i, p.doc.body[toks[start].idx:toks[i - 1].idx + len(toks[i - 1].text)]))
        i += 1
    return out


ORG_WORDS = frozenset("""company films pictures studios studio productions production entertainment
television tv network networks records inc inc. ltd ltd. llc corporation corp corp. group media
channel broadcasting university college institute association agency bank party council ministry
department league club press publishing games animation distribution releasing features
international industries enterprises co co. limited foundation trust society""".split())
PERSON_CUES = frozenset({"starring", "stars", "star", "co-starring", "featuring", "opposite",
                         "with", "actor", "actress", "actors", "actresses"})


def _split_list(p: Parsed, m: Mention) -> list[Mention]:
    """'Narain, Innocent' tagged as one entity -> two mentions."""
    toks = p.tokens
    pieces, start = [], m.tok_start
    for i in range(m.tok_start, m.tok_end + 1):
        if i == m.tok_end or toks[i].text in (",", ";") or toks[i].text.lower() in ("and", "&"):
            if i > start:
                pieces.append((start, i))
            start = i + 1
    if len(pieces) <= 1:
        return [m]
    out = []
    for a, b in pieces:
        last = toks[b - 1]
        out.append(Mention(m.doc_id, m.sent, toks[a].idx, last.idx + len(last.text),
                           p.doc.body[toks[a].idx:last.idx + len(last.text)], m.label,
                           token=b - 1, tok_start=a, tok_end=b))
    return out


def _listed_names(p: Parsed, mentions: list[Mention]) -> list[Mention]:
    """Untagged full names in a list of people ('With Ludwika Paleta and
    Osvaldo Benavides', 'are Ana Patricia Rojo, Sebastián Ligarde'): two to
    four capitalized words next to a person's name across ',' or 'and'."""
    toks = p.tokens
    covered = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    people = {i for m in mentions if m.label in ("PERSON", "CAST") for i in range(m.tok_start, m.tok_end)}
    out = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and j not in covered and toks[j].pos == "PROPN" \
                and toks[j].text[:1].isupper() and toks[j].text.isalpha() and j - i < 4:
            j += 1
        if j - i >= 2 and not (j < len(toks) and toks[j].pos == "PROPN" and toks[j].text[:1].isupper()):
            sep_after = j + 1 < len(toks) and toks[j].text in (",", "and") and j + 1 in people
            sep_before = i >= 2 and toks[i - 1].text in (",", "and") and i - 2 in people
            if (sep_after or sep_before) and toks[i].sent == toks[j - 1].sent:
                last = toks[j - 1]
                out.append(Mention(p.doc.doc_id, toks[i].sent, toks[i].idx,
                                   last.idx + len(last.text),
                                   p.doc.body[toks[i].idx:last.idx + len(last.text)], "PERSON",
                                   token=j - 1, tok_start=i, tok_end=j))
                covered.update(range(i, j))
        i = max(j, i + 1)
    return out


def _one_letter_names(p: Parsed, mentions: list[Mention]) -> list[Mention]:
    """One-letter names the NER never marks ("V rescues Evey"): a capital
    letter (not I or A, not beside another name: 'Tenacious D') that is the subject or
    object of a verb at least twice in a story document (an initial is one
    token with its dot, 'J.')."""
    if p.doc.kind not in ("plot", "post", "text"):
        return []
    toks = p.tokens
    covered = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    found = [t for t in toks if len(t.text) == 1 and t.text.isupper() and t.text not in "IA"
             and t.i not in covered and t.dep in ("nsubj", "nsubjpass", "dobj", "pobj")
             and not (t.i + 1 < len(toks) and toks[t.i + 1].text[:1].isupper())
             and not (t.i > p.sents[t.sent][0] and toks[t.i - 1].text[:1].isupper())
             and toks[t.head].pos in ("VERB", "AUX", "ADP")]
    letters = {t.text for t in found if sum(u.text == t.text for u in found) >= 2}
    return [Mention(p.doc.doc_id, t.sent, t.idx, t.idx + 1, t.text, "PERSON", token=t.i,
                    tok_start=t.i, tok_end=t.i + 1) for t in found if t.text in letters]


def repair_mentions(p: Parsed, res: Resolution) -> None:
    """Fix entity types the statistical NER gets wrong in film text: split
    lists tagged as one name, make 'Galaxy Films' an organization, and make a
    name a person when it stands among people ('A, Sakribai and B'), after
    'directed by', or before 'as <role>'."""
    toks = p.tokens
    mentions: list[Mention] = []
    for m in p.mentions:
        mentions.extend(_split_list(p, m) if m.label in ("PERSON", "ORG", "GPE", "NORP", "LOC")
                        else [m])
    for m in mentions:
        words = {toks[i].text.lower() for i in range(m.tok_start, m.tok_end)}
        if m.label == "PERSON" and words & ORG_WORDS:
            m.label = "ORG"
    person_at = {i for m in mentions if m.label in ("PERSON", "CAST")
                 for i in range(m.tok_start, m.tok_end)}
    for m in mentions:
        if m.label not in ("ORG", "GPE", "NORP", "LOC") or m.tok_start < 0:
            continue
        words = {toks[i].text.lower() for i in range(m.tok_start, m.tok_end)}
        if words & ORG_WORDS or m.tok_end - m.tok_start > 4:
            continue
        if not all(toks[i].text[:1].isupper() or toks[i].text.endswith(".")
                   for i in range(m.tok_start, m.tok_end)):
            continue
        root = toks[m.token]
        head = toks[root.head]
        prev = toks[m.tok_start - 1] if m.tok_start > 0 else None
        nxt = toks[m.tok_end] if m.tok_end < len(toks) else None
        left = m.tok_start - 2 in person_at and prev is not None and prev.text in (",", "and")
        right = m.tok_end + 1 in person_at and nxt is not None and nxt.text in (",", "and")
        near_person = (left and right) if m.label == "GPE" else (left or right)
        by_credit = head.text.lower() == "by" and toks[head.head].lemma.lower() in PERSON_LEMMAS
        as_role = nxt is not None and nxt.text.lower() == "as" and m.label != "GPE"
        # "Lewis Stone as Menelaus, and Ricardo Cortez as Paris": the role is someone
        role = prev is not None and prev.text.lower() == "as" and m.tok_start - 2 in person_at
        cue = prev is not None and prev.text.lower() in PERSON_CUES
        conj_person = root.dep == "conj" and head.i in person_at or any(
            c.dep == "conj" and c.i in person_at for c in p.children(root.i))
        if near_person or by_credit or as_role or role or (cue and m.label != "GPE") or conj_person:
            m.label = "PERSON"
            person_at.update(range(m.tok_start, m.tok_end))
    # "Dr. Penelope Blake (Samantha Sloyan)": an untagged name in parentheses
    # after a name is the actor's
    covered = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    for m in list(mentions):
        o = m.tok_end
        if m.label not in ("PERSON", "CAST") or o + 2 >= len(toks) or toks[o].text != "(":
            continue
        j = o + 1
        while j < len(toks) and toks[j].text[:1].isupper() and j not in covered and j - o <= 4:
            j += 1
        if j - o >= 3 and j < len(toks) and toks[j].text in (")", ","):
            last = toks[j - 1]
            new = Mention(m.doc_id, toks[o + 1].sent, toks[o + 1].idx, last.idx + len(last.text),
                          p.doc.body[toks[o + 1].idx:last.idx + len(last.text)], "PERSON",
                          token=j - 1, tok_start=o + 1, tok_end=j)
            mentions.append(new)
            covered.update(range(o + 1, j))
    mentions.extend(_listed_names(p, mentions))
    mentions.extend(_one_letter_names(p, mentions))
    # "(Fighting Blade)" right after a film's title is another title, not a
    # name; so is "(also known as Wedding Trough and ...)"
    films = {i for m in mentions if m.label == "FILM" for i in range(m.tok_start, m.tok_end)}
    for m in mentions:
        if m.tok_start >= 2 and toks[m.tok_start - 1].text == "(" and \
                res.refs.get((p.doc.doc_id, m.tok_start - 2), "").startswith("film/"):
            m.label = "ALT_TITLE"
        k = m.tok_start - 1
        while k > 0 and toks[k].text.lower() in ("as", "known", "also", "and", ",") \
                or k > 0 and toks[k].text[:1].isupper() and toks[k].sent == toks[m.tok_start].sent \
                and toks[k].text != "(":
            k -= 1
        if k >= 1 and toks[k].text == "(" and "known" in {t.text.lower() for t in toks[k:m.tok_start]} \
                and (res.refs.get((p.doc.doc_id, k - 1), "").startswith("film/") or k - 1 in films):
            m.label = "ALT_TITLE"
    p.mentions = mentions
