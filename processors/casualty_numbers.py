"""How many: the ``Count`` a victim phrase states, with ACLED-style bounds (the best estimate is the
conservative one). The full rules, with examples, are in docs/casualties.md.

- exact "44"                          -> low = best = high = 44
- "at least 12", "more than 20"       -> low = best = N, high = N + N // 2 (open upper bound)
- "about/around/some N"               -> low = N - N // 5, best = N, high = N + N // 5
- "nearly/almost/up to N"             -> low = N - N // 5, best = high = N
- "between 10 and 15"                 -> low = best = 10, high = 15
- "tens" 10 / 10 / 99, "a dozen" 12, "dozens" 12 / 12 / 99, "scores" 20 / 20 / 99,
  "hundreds" 100 / 100 / 999, "thousands" 1000 / 1000 / 9999; "several"/"a few" 3 / 3 / 9
- a singular victim ("a man was killed", "the driver died", "killing himself") -> 1;
  "a fourth victim has died" -> 4; "no one was hurt", "nobody was killed" -> 0
Numbers that are no head counts (ages "44-year-old", times, money, "5 km") are never read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from processors.trigger_matching import DOERS, match_trigger
from processors.types import Count

SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself"})
NON_COUNT_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
NON_PERSON_NOUNS = frozenset(
    {
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "flight",
        "dollar",
        "percent",
        "car",
        "vehicle",
        "house",
        "home",
        "building",
        "shop",
        "store",
        "animal",
        "dog",
        "cat",
        "horse",
        "cow",
        "sheep",
        "bird",
        "round",
        "shot",
        "bullet",
        "time",
        "mile",
        "kilometre",
        "kilometer",
        "point",
        "page",
        # a picture's credit, its caption run into the story ('Jamal Roe, 11 Handout via WGN-TV Jamal Roe, 11, died')
        "handout",
        "photo",
        "picture",
        "case",
        "count",
        "charge",
        # a statistic, not a victim: 'the number of people shot rose', 'the rate of children killed'
        "number",
        "rate",
        "percentage",
        "proportion",
        "share",
        "tally",
        "statistic",
        # what is 'killed' in a figure of speech: 'kills the spirit of GST', 'killing the whole country'
        "spirit",
        "hope",
        "deal",
        "bill",
        "plan",
        "idea",
        "economy",
        "country",
        "nation",
        "industry",
        "business",
        "process",
        "momentum",
        "chance",
        "agreement",
        "proposal",
        "project",
        "reform",
        "mood",
        "dream",
        "career",
        "legislation",
        "initiative",
    }
)
# animals a list of the dead may name among people ('four people, including a girl, a boy and a dog')
ANIMAL_NOUNS = frozenset({"animal", "dog", "puppy", "cat", "horse", "cow", "sheep", "bird", "pet"})
PERSON_NOUNS = frozenset(
    {
        "man",
        "woman",
        "boy",
        "girl",
        "child",
        "person",
        "teen",
        "teenager",
        "toddler",
        "baby",
        "infant",
        "officer",
        "soldier",
        "victim",
        "driver",
        "student",
        "resident",
        "civilian",
        "policeman",
        "guard",
        "passenger",
        "worker",
        "father",
        "mother",
        "son",
        "daughter",
        "husband",
        "wife",
        "brother",
        "sister",
        "friend",
        "suspect",
        "gunman",
        "shooter",
        "deputy",
        "trooper",
        "journalist",
        "fighter",
        "militant",
        "rebel",
        "member",
        "leader",
        "commander",
        "farmer",
        "pedestrian",
        "customer",
        "employee",
        "patient",
        "individual",
        "youth",
        "bystander",
        "girlfriend",
        "boyfriend",
        "neighbor",
        "neighbour",
        "owner",
        "clerk",
        "security",
        "policewoman",
        "sergeant",
        "colonel",
        "constable",
    }
)
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "a dozen": 12,
    "single": 1,
    "both": 2,
    "a couple": 2,
    "couple": 2,
    "pair": 2,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
VAGUE_AMOUNTS = {
    "tens": (10, 10, 99),
    "dozens": (12, 12, 99),
    "scores": (20, 20, 99),
    "hundreds": (100, 100, 999),
    "thousands": (1000, 1000, 9999),
    "several": (3, 3, 9),
    "few": (3, 3, 9),
    "a few": (3, 3, 9),
    "many": (3, 3, 99),
    "numerous": (3, 3, 99),
}
AT_LEAST = (
    "at least",
    "more than",
    "over",
    "upwards of",
    "in excess of",
    "no fewer than",
    "no less than",
    "above",
    "+",
)
ABOUT = ("about", "around", "some", "approximately", "roughly", "an estimated", "estimated", "approx")
AT_MOST = ("nearly", "almost", "up to", "fewer than", "less than", "as many as", "close to", "under")
UNIT_NOUNS = frozenset(
    {"mile", "kilometre", "kilometer", "km", "metre", "meter", "foot", "feet", "inch", "yard", "pound", "kilogram"}
    | {"kg", "ton", "tonne", "gallon", "litre", "liter", "acre", "hectare", "round", "shot", "bullet", "gram"}
)
FOUND_VERBS = frozenset({"find", "discover", "recover", "dump", "pull", "retrieve", "identify", "bury", "exhume"})
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9}
MAX_CASUALTIES = 100_000
# Words that number a picture, a page or a station, not people: 'Image 8 of 12', 'Photo 3', 'Channel 2'.
NUMBERING_WORDS = frozenset({"Image", "Photo", "Slide", "Picture", "Page", "Channel", "Gallery"})
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


def sum_counts(counts: Sequence[Count]) -> Count:
    return Count(
        low=sum(c.low for c in counts),
        best=sum(c.best for c in counts),
        high=sum(c.high for c in counts),
        text=" and ".join(c.text for c in counts),
        start=min(c.start or 0 for c in counts),
        end=max(c.end or 0 for c in counts),
    )


def count_of(victim: Token) -> Count | None:
    """The number a victim phrase states: its numeral, a vague amount, a singular person, or none."""
    if _age_as_noun(victim):  # "a 10-month-old was shot" (the model tags the age a DATE)
        return _one(victim)
    if _age_bound(victim):  # "a boy younger than 12 was shot", the parser's subject the age: the boy
        person = victim.doc[victim.i - 3] if victim.i >= 3 else None
        singular = person is not None and person.tag_ == "NN" and person.lemma_.lower() in PERSON_NOUNS
        return _one(person) if singular else None
    if victim.lower_ in ORDINALS and (ordinal := _ordinal_of(victim)) is not None:
        # "shooting three people to death and injuring a fourth": the ordinal alone is the next person
        return Count(ordinal, ordinal, ordinal, victim.text, victim.idx, victim.idx + len(victim))
    if victim.ent_type_ in NON_COUNT_ENTITIES or victim.lemma_.lower() in NON_PERSON_NOUNS:
        return None
    if victim.lower_ in SINGLE_PRONOUNS:  # "killing himself", "he died", "police shot him dead"
        return _one(victim)
    if victim.lower_ == "another" and not (victim.i and victim.doc[victim.i - 1].lower_ == "one"):
        return _one(victim)  # "three people were killed and another injured": one more person; not "one another"
    if victim.lemma_.lower() == "family":  # "a family of five died": its members, not one
        members = [g for c in victim.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj" and is_number(g)]
        if members:
            return _numeral_count(members[0])
    if victim.lemma_.lower() == "total":  # "a total of 15 members were killed"
        counted = [g for c in victim.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        counted = [g for g in counted if g.dep_ == "pobj"]
        return next((n for g in counted if (n := count_of(g)) is not None), None)
    if is_number(victim):
        # "injured one of the family dogs": a share of things that are not people counts no one
        counted = [g for c in victim.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if any(g.dep_ == "pobj" and g.lemma_.lower() in NON_PERSON_NOUNS for g in counted):
            return None
        return _numeral_count(victim)
    for child in victim.children:
        if child.dep_ == "nummod" and (span := _range_count(child)) is not None:
            return span
    if victim.lower_ in VAGUE_AMOUNTS:
        return _vague_count(victim)
    for child in victim.children:
        if child.dep_ in {"nummod", "quantmod"} and is_number(child):
            return _less_animals(_numeral_count(_share_of(child)), victim)
        if child.dep_ in {"amod", "nummod"} and child.lower_ in VAGUE_AMOUNTS:
            return _vague_count(child)
    if any(c.dep_ == "det" and c.lower_ in {"no"} for c in victim.children) or victim.lower_ in {"nobody", "none"}:
        return Count(0, 0, 0, victim.text, victim.idx, victim.idx + len(victim))
    ordinal = _ordinal_of(victim)
    if ordinal:  # "a fourth victim has died": the toll is now four
        return Count(ordinal, ordinal, ordinal, victim.text, victim.idx, victim.idx + len(victim))
    if any(c.dep_ in {"det", "predet"} and c.lower_ == "both" for c in victim.children):
        return Count(2, 2, 2, victim.text, victim.idx, victim.idx + len(victim))  # "both victims died"
    if _singular_person(victim) or _singular_body(victim):
        return _one(victim)
    return None


def ordinal_of(victim: Token) -> int | None:
    """N for 'a second worker', 'a fourth victim', 'a fourth': the victims so far, this one included."""
    return _ordinal_of(victim)


def _ordinal_of(victim: Token) -> int | None:
    if not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in victim.children):
        return None
    if victim.lower_ in ORDINALS:  # 'a fourth' standing for a person
        return ORDINALS[victim.lower_]
    for child in victim.children:
        if child.dep_ == "amod" and child.lower_ in ORDINALS:
            return ORDINALS[child.lower_]
    return None


def _range_count(number: Token) -> Count | None:
    """'between 10 and 15 civilians' -> low = best = 10, high = 15 (the conservative end is the best estimate).
    The model often tags such ranges as DATE, so the entity type is not checked here."""
    if not any(c.dep_ == "quantmod" and c.lower_ == "between" for c in number.children):
        return None
    upper = [c for c in number.children if c.dep_ == "conj" and _numeric_word(c)]
    low, high = _words_value([number.lower_]), _words_value([upper[0].lower_]) if upper else None
    if low is None or high is None or not low <= high <= MAX_CASUALTIES:
        return None
    doc = number.doc
    start, end = number.i - 1, upper[0].i + 1
    return Count(low, low, high, doc[start:end].text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))


def _less_animals(count: Count | None, victim: Token) -> Count | None:
    """'Four people, including a teenage girl, a young boy and a dog': the dog is no person, so three."""
    listed = [g for c in victim.children if c.dep_ == "prep" and c.lower_ == "including"
              for g in c.children if g.dep_ == "pobj"]
    animals = sum(1 for g in listed for noun in (g, *g.conjuncts) if noun.lemma_.lower() in ANIMAL_NOUNS)
    if count is None or not animals:
        return count
    return replace(count, low=max(count.low - animals, 0), best=max(count.best - animals, 0),
                   high=max(count.high - animals, 0))


def _age_as_noun(victim: Token) -> bool:
    """'a 15-year-old', 'a 10-month-old' standing for the person ('old' with its age, as a subject or object)."""
    return victim.lower_ == "old" and victim.dep_ != "amod" and any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in {"year", "month", "week", "day"} for c in victim.children
    )


def _one(victim: Token) -> Count:
    return Count(1, 1, 1, victim.text, victim.idx, victim.idx + len(victim))


def _singular_body(victim: Token) -> bool:
    """'the body was found' reports one dead person; 'his upper body' or 'the student body' do not."""
    if victim.lemma_.lower() != "body" or victim.tag_ != "NN":
        return False
    found = victim.dep_ in {"nsubjpass", "dobj"} and victim.head.lemma_.lower() in FOUND_VERBS
    return found and not any(c.dep_ in {"amod", "compound"} for c in victim.children)


def is_number(token: Token) -> bool:
    # whether the word is a number at all is asked first: most tokens asked are not, and the age-or-unit test
    # reads the words around the token
    if not _number_word(token):
        return False
    if token.ent_type_ in NON_COUNT_ENTITIES and not _mislabelled_quantity(token):
        return False
    if _emergency_number(token) or _gallery_counter(token):
        return False
    return not _age_or_unit(token)


# What follows a photo or video gallery's counter on a scraped page ('12 of 15 CLOSE Skip in Skip x Embed'), or opens
# it ('Image 1 of 8', 'Photo 3 of 12').
GALLERY_AFTER = frozenset({"CLOSE", "Close", "Next", "Previous", "Prev", "Back", "|"})
GALLERY_BEFORE = frozenset({"image", "photo", "picture", "slide", "video"})


def _gallery_counter(token: Token) -> bool:
    """'12 of 15' of a gallery ('... The Enquirer 12 of 15 CLOSE Skip in Skip x Embed x Share'): a page's counter,
    not 12 of 15 people."""
    doc = token.doc
    if not token.text.isdigit() or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "of":
        return False
    total = doc[token.i + 2]
    if not total.text.isdigit():
        return False
    after = doc[token.i + 3].text if token.i + 3 < len(doc) else None
    before = doc[token.i - 1].lower_ if token.i > 0 else None
    return after is None or after in GALLERY_AFTER or before in GALLERY_BEFORE


def _emergency_number(token: Token) -> bool:
    """'911' is the number people call ('Call 911 for multiple people shot', '911 calls from the shooting'), unless
    it counts the people or things right after it ('911 people')."""
    if token.text != "911":
        return False
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is None or following.lemma_.lower() not in PERSON_NOUNS | {"people", "civilian", "fighter"}


def _number_word(token: Token) -> bool:
    """'12', '1,200', 'twelve', 'dozens', 'twenty-one': a number written in digits or words."""
    return (
        bool(DIGITS.match(token.text))
        or token.lower_ in NUMBER_WORDS
        or token.lower_ in MULTIPLIERS
        or (token.like_num and not token.text.replace(".", "").isdigit() and _word_number(token.lower_) is not None)
    )


def _mislabelled_quantity(token: Token) -> bool:
    """The model tags '1 TMF fighter' as QUANTITY; a number of people is a count, '5 km' is not."""
    return token.ent_type_ == "QUANTITY" and token.dep_ == "nummod" and token.head.lemma_.lower() not in UNIT_NOUNS


def _age_or_unit(token: Token) -> bool:
    """'44-year-old', '17 y.o', '3 p.m.', '$5', '10%', 'Image 8 of 12', 'Channel 2', '13 News': numbers that
    are not head counts."""
    doc = token.doc
    following = doc[token.i + 1 : token.i + 4].text.lower()
    preceding = doc[token.i - 1].text if token.i > 0 else ""
    numbered = token.i > 2 and preceding == "of" and DIGITS.match(doc[token.i - 2].text)
    numbering = doc[token.i - 3].text if numbered else ""  # 'Image 8 of 12': the word before '8 of'

    return (
        following.startswith(("-year", "year", "- year", "y.o", "yo ", "yrs", "p.m", "a.m", "%", "percent", ":"))
        or preceding in {"$", "£", "€", "#", "No."}
        or preceding in NUMBERING_WORDS
        or numbering in NUMBERING_WORDS
        or (token.i + 1 < len(doc) and doc[token.i + 1].text == "News")
        or _age_bound(token)
        # a person's age after the name, its closing comma left out ('Kalone Roe, 26 was shot in the leg')
        or (preceding == "," and token.i > 1 and doc[token.i - 2].ent_type_ == "PERSON" and token.text.isdigit()
            and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "AUX")
        or token.lower_ in {"one"}
        and token.dep_ == "nsubjpass"
        and any(c.lower_ == "no" for c in token.children)
    )


def _age_bound(token: Token) -> bool:
    """An age as a bound: 'a boy younger than 12 was shot', 'children under the age of 5'."""
    return token.doc[max(token.i - 2, 0) : token.i].text.lower() in {"younger than", "older than", "age of", "ages of"}


def _share_of(number: Token) -> Token:
    """The number of a share the parser hangs on its whole ('12 of 15 passengers': 12 and 'of' modify 15), else the
    number itself."""
    modifiers = [c for c in number.children if c.dep_ == "quantmod" and c.i < number.i]
    share = next((c for c in modifiers if is_number(c)), None)
    if share is not None and any(c.lower_ == "of" and share.i < c.i for c in modifiers):
        return share
    return number


def _numeral_count(number: Token) -> Count | None:
    value, start, end = _numeral_value(number)
    if value is None or value > MAX_CASUALTIES:
        return None
    qualifier = _qualifier(number, start)
    low, best, high = _bounds(value, qualifier)
    doc = number.doc
    qualifier_start = start - len(qualifier.split()) if qualifier else start
    text_start = doc[max(qualifier_start, 0)].idx
    text_end = doc[end - 1].idx + len(doc[end - 1])
    return Count(low, best, high, doc[max(qualifier_start, 0) : end].text, text_start, text_end)


def _numeral_value(number: Token) -> tuple[int | None, int, int]:
    """The integer a (possibly multi-token) numeral spells: '44', '1,200', 'twenty - five', 'two hundred'."""
    doc = number.doc
    start = end = number.i
    while (
        start > 0 and (_numeric_word(doc[start - 1]) or doc[start - 1].text == "-") and start - 1 >= number.sent.start
    ):
        start -= 1
    while end + 1 < number.sent.end and (
        _numeric_word(doc[end + 1]) or (doc[end + 1].text == "-" and end + 2 < len(doc) and _numeric_word(doc[end + 2]))
    ) and not (DIGITS.match(doc[end + 1].text) and _age_or_unit(doc[end + 1])):
        end += 1  # not onto an age: 'Three 16-year-old boys' are three
    while start < number.i and not _numeric_word(doc[start]):
        start += 1
    words = [t.lower_ for t in doc[start : end + 1] if t.text != "-"]
    return _words_value(words), start, end + 1


def _numeric_word(token: Token) -> bool:
    return bool(DIGITS.match(token.text)) or token.lower_ in NUMBER_WORDS or token.lower_ in MULTIPLIERS


def _word_number(text: str) -> int | None:
    return _words_value(text.replace("-", " ").split())


def _words_value(words: list[str]) -> int | None:
    total = current = 0
    seen = False
    for word in words:
        if DIGITS.match(word):
            current += int(word.replace(",", ""))
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in MULTIPLIERS:
            current = max(current, 1) * MULTIPLIERS[word]
            if MULTIPLIERS[word] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _qualifier(number: Token, start: int) -> str:
    """'at least', 'more than', 'about', ... directly before the numeral."""
    doc = number.doc
    window = doc[max(start - 3, number.sent.start) : start].text.lower()
    for phrase in (*AT_LEAST, *ABOUT, *AT_MOST):
        if window.endswith(phrase):
            return phrase
    return ""


def _bounds(value: int, qualifier: str) -> tuple[int, int, int]:
    if qualifier in AT_LEAST:
        return value, value, value + max(value // 2, 1)
    if qualifier in ABOUT:
        return value - value // 5, value, value + value // 5
    if qualifier in AT_MOST:
        return value - value // 5, value, value
    return value, value, value


def _vague_count(token: Token) -> Count:
    key = token.lower_
    if key == "few" and token.i > 0 and token.doc[token.i - 1].lower_ == "a":
        key = "a few"
    low, best, high = VAGUE_AMOUNTS[key]
    return Count(low, best, high, token.text, token.idx, token.idx + len(token))


def _singular_person(victim: Token) -> bool:
    """'a man', 'the driver', 'an inmate', 'his wife', 'the other', a named person: one victim.

    Any singular noun with a determiner counts: what is killed or wounded is a person in news
    text, and nouns that are clearly not (cars, houses, units) are rejected before this."""
    if victim.tag_ in {"NNS", "NNPS"}:
        return False
    if victim.ent_type_ == "PERSON" or _titled_name(victim):
        return True
    if victim.ent_type_ == "NORP" and victim.tag_ in {"NNP", "NN"}:  # "an Afghan", "a Briton"
        return any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in victim.children)
    # a lower-case word tagged as a proper noun is a common noun ("the temple priest")
    common = victim.pos_ in {"NOUN", "ADJ"} or (victim.pos_ == "PROPN" and victim.text.islower())
    if not common or victim.ent_type_ in {"GPE", "ORG", "NORP", "FAC", "LOC"}:
        return False
    if victim.pos_ == "ADJ" and victim.lower_ != "other":
        return False
    if victim.lemma_.lower() == "body" or (match_trigger(victim) is not None and victim.lemma_.lower() not in DOERS):
        return False  # "a shooting", "the attack", "his upper body" are not victims; "a suicide bomber" may be one
    if any(c.dep_ in {"det", "poss"} and c.lower_ not in {"no", "all", "some", "any"} for c in victim.children):
        return True
    return _headline_person(victim)


def _headline_person(victim: Token) -> bool:
    """'Teen killed in shooting', 'Police: Youth wounded at party', 'Orangeburg man shot while hunting', 'Police
    officer shot in foot': a headline names one person without an article, by a word for a person opening it,
    capitalised or after the capitalised words of its town or force that open it."""
    if victim.lemma_.lower() not in PERSON_NOUNS or not opens_headline(victim.left_edge):
        return False
    before = victim.doc[victim.left_edge.i : victim.i]
    return victim.text[:1].isupper() if not len(before) else all(t.text[:1].isupper() for t in before)


def opens_headline(token: Token) -> bool:
    """The token opens its sentence, or the part after a kicker's colon or dash ('Police: ...')."""
    return token.i == token.sent.start or token.doc[token.i - 1].text in {":", "—", "–", "-"}


def _titled_name(victim: Token) -> bool:
    """'head constable Imran Qadri', 'police guard Sajid Baloch': a name after a lower-case noun for a person is a
    person's, whatever label the model gave it (the small model often tags such names ORG or PRODUCT)."""
    if victim.tag_ != "NNP" or victim.ent_type_ in {"GPE", "LOC", "FAC", "NORP"}:
        return False
    return any(
        c.i < victim.i and c.dep_ in {"compound", "amod"} and c.text.islower() and c.lemma_.lower() in PERSON_NOUNS
        for c in victim.children
    )


def zero_if_denied(anchor: Token) -> Count | None:
    """'no one was hurt', 'nobody was killed', 'no injuries were reported' -> 0."""
    for token in (*anchor.children, anchor):
        if (
            token.lower_ in {"nobody", "none"}
            or (token.dep_ in {"nsubjpass", "nsubj", "dobj"} and any(c.lower_ == "no" for c in token.children))
            or (token.i == anchor.i and any(c.dep_ == "det" and c.lower_ == "no" for c in anchor.children))
        ):
            return Count(0, 0, 0, token.text, token.idx, token.idx + len(token))
    return None
