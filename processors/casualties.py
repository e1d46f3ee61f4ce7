"""Killed / injured counts read from the parse and attached to the event of their sentence.

A count is only read where the syntax ties a number to a casualty word: the object of an
active "killed"/"wounded" ("killing two Russian servicemen"), the subject of a passive or of
"died" ("five people were injured", "44 died"), a noun described as dead/injured ("three
people dead"). Numbers elsewhere (ages "44-year-old", times, money, "44 flights") are never
read because nothing ties them to a casualty word; numbers inside DATE/TIME/MONEY/PERCENT/
QUANTITY entities or attached to non-person nouns are rejected outright.

Bounds (ACLED-style, conservative best estimate):
- exact "44"                          -> low = best = high = 44
- "at least 12", "more than 20", "over 20" -> low = best = N, high = N + N // 2 (open upper bound)
- "about/around/some/approximately N" -> low = N - N // 5, best = N, high = N + N // 5
- "nearly/almost/up to/fewer than N"  -> low = N - N // 5, best = high = N
- "a dozen" 12; "dozens" low = best = 12, high = 99; "hundreds" 100 / 100 / 999;
  "thousands" 1000 / 1000 / 9999; "several"/"a few" 3 / 3 / 9 (ACLED codes vague plurals low)
- a singular person ("a man was killed", "the driver died", a named person) -> 1
- "no one was hurt", "nobody was killed", "no injuries" -> 0
Several numbers tied to one casualty word through coordination are summed ("killed three
soldiers and two civilians" -> 5); several casualty words of one sentence keep the largest.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from processors.events import VIOLENT_ROOTS, sentence_offsets
from processors.types import Count, Event

KILLED_LEMMAS = frozenset({"kill", "die", "dead", "murder", "slay", "execute", "behead", "death", "fatality", "perish"})
INJURED_LEMMAS = frozenset({"injure", "wound", "hurt", "injured", "wounded", "injury"})
NOUN_ANCHORS = frozenset({"death", "fatality", "injury"})
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
        "case",
        "count",
        "charge",
    }
)
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
MAX_CASUALTIES = 100_000
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


@dataclass(frozen=True)
class CasualtyCount:
    """A count read from the text, with its kind (killed | injured) and the sentence it came from."""

    kind: str
    count: Count
    sentence_start: int
    anchor: int  # token index of the casualty word


def attach_casualties(doc: Doc, events: Sequence[Event]) -> tuple[Event, ...]:
    """Return ``events`` with killed/injured counts attached to the violent event of each count's sentence."""
    updated = list(events)
    for found in find_casualty_counts(doc):
        index = _event_for(found, updated)
        if index is None:
            continue
        current = getattr(updated[index], found.kind)
        if current is None or found.count.best > current.best:
            updated[index] = dataclasses.replace(updated[index], **{found.kind: found.count})
    return tuple(updated)


def find_casualty_counts(doc: Doc) -> list[CasualtyCount]:
    """Every killed/injured count the text states, in text order."""
    counts = []
    for sent in doc.sents:
        sentence_start = sentence_offsets(sent)[0]
        for token in sent:
            kind = _casualty_kind(token)
            count = _count_for_anchor(token) if kind else None
            if kind and count is not None:
                counts.append(CasualtyCount(kind, count, sentence_start, token.i))
    return counts


def _event_for(found: CasualtyCount, events: Sequence[Event]) -> int | None:
    """The first violent (CAMEO 18-20) event of the count's sentence; counts never go to the article."""
    for index, event in enumerate(events):
        if event.start == found.sentence_start and event.cameo[:2] in VIOLENT_ROOTS:
            return index
    return None


def _casualty_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    text = token.lower_
    if lemma == "shoot" and token.pos_ == "VERB" and not _has_particle(token):
        # "five people were shot" counts the wounded; "fatally shot" / "shot dead" the killed
        fatal = any(c.lower_ in {"fatally", "dead"} for c in token.children)
        return "killed" if fatal else "injured"
    if lemma in KILLED_LEMMAS or text in KILLED_LEMMAS:
        if token.pos_ == "NOUN" and lemma not in NOUN_ANCHORS:
            return None
        return "killed"
    if lemma in INJURED_LEMMAS or text in INJURED_LEMMAS:
        if token.pos_ == "NOUN" and lemma not in NOUN_ANCHORS:
            return None
        return "injured"
    return None


def _has_particle(token: Token) -> bool:
    return any(c.dep_ == "prt" for c in token.children)  # "shot down" an aircraft


# ---- who the casualty word is about -------------------------------------------------------


def _count_for_anchor(anchor: Token) -> Count | None:
    victims = _victims(anchor)
    counts = [c for c in (_count_of(v) for v in victims) if c is not None]
    if not counts:
        return _zero_if_denied(anchor)
    if len(counts) == 1:
        return counts[0]
    return Count(
        low=sum(c.low for c in counts),
        best=sum(c.best for c in counts),
        high=sum(c.high for c in counts),
        text=" and ".join(c.text for c in counts),
        start=min(c.start or 0 for c in counts),
        end=max(c.end or 0 for c in counts),
    )


def _victims(anchor: Token) -> list[Token]:
    """The noun phrases a casualty word counts, by the syntax around it."""
    children = list(anchor.children)
    lemma = anchor.lemma_.lower()
    if anchor.pos_ == "NOUN":  # "44 deaths", "the deaths of 12 people", "no injuries"
        of = [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return _with_conjuncts(of or [anchor])
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    if passive:
        return _with_conjuncts(_antecedents(passive))
    if lemma in {"die", "perish"} or anchor.pos_ == "ADJ" or anchor.dep_ in {"acomp", "oprd", "amod"}:
        return _with_conjuncts(_adjective_victims(anchor))
    if anchor.dep_ == "acl" and anchor.tag_ == "VBN":  # "44 people killed in the attack"
        return _with_conjuncts([anchor.head])
    objects = [c for c in children if c.dep_ in {"dobj", "dative"}]
    if objects:
        return _with_conjuncts(objects)
    if anchor.dep_ == "conj" and anchor.head.lemma_.lower() in {"kill", "injure", "wound"}:
        return []
    return []


def _adjective_victims(anchor: Token) -> list[Token]:
    """'two people died', 'leaving three dead', 'three people were dead', '5 dead'."""
    subjects = [c for c in anchor.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subjects:
        return _antecedents(subjects)
    if anchor.dep_ == "amod":
        return [anchor.head]
    numbers = [c for c in anchor.children if c.dep_ == "nummod" or c.like_num]
    if numbers:
        return numbers
    head = anchor.head
    if anchor.dep_ in {"acomp", "oprd", "ccomp", "xcomp", "advcl", "conj"} and head.i != anchor.i:
        return _antecedents([c for c in head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}])
    return []


def _antecedents(tokens: Iterable[Token]) -> list[Token]:
    """'the victims, who were killed' counts the victims."""
    resolved = []
    for token in tokens:
        if token.lower_ in {"who", "that", "which"} and token.head.dep_ == "relcl":
            resolved.append(token.head.head)
        else:
            resolved.append(token)
    return resolved


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        for item in (token, *token.conjuncts):
            if all(item.i != seen.i for seen in result):
                result.append(item)
    return result


# ---- how many ------------------------------------------------------------------------------


def _count_of(victim: Token) -> Count | None:
    """The number a victim phrase states: its numeral, a vague amount, a singular person, or none."""
    if victim.ent_type_ in NON_COUNT_ENTITIES or victim.lemma_.lower() in NON_PERSON_NOUNS:
        return None
    if _is_number(victim):
        return _numeral_count(victim)
    if victim.lower_ in VAGUE_AMOUNTS:
        return _vague_count(victim)
    for child in victim.children:
        if child.dep_ in {"nummod", "quantmod"} and _is_number(child):
            return _numeral_count(child)
        if child.dep_ in {"amod", "nummod"} and child.lower_ in VAGUE_AMOUNTS:
            return _vague_count(child)
    if any(c.dep_ == "det" and c.lower_ in {"no"} for c in victim.children) or victim.lower_ in {"nobody", "none"}:
        return Count(0, 0, 0, victim.text, victim.idx, victim.idx + len(victim))
    if _singular_person(victim):
        return Count(1, 1, 1, victim.text, victim.idx, victim.idx + len(victim))
    return None


def _is_number(token: Token) -> bool:
    if token.ent_type_ in NON_COUNT_ENTITIES:
        return False
    if _age_or_unit(token):
        return False
    return (
        bool(DIGITS.match(token.text))
        or token.lower_ in NUMBER_WORDS
        or token.lower_ in MULTIPLIERS
        or (token.like_num and not token.text.replace(".", "").isdigit() and _word_number(token.lower_) is not None)
    )


def _age_or_unit(token: Token) -> bool:
    """'44-year-old', '3 p.m.', '$5', '10%': numbers that are not head counts."""
    doc = token.doc
    following = doc[token.i + 1 : token.i + 4].text.lower()
    preceding = doc[token.i - 1].text if token.i > 0 else ""
    return (
        following.startswith(("-year", "year", "- year", "p.m", "a.m", "%", "percent", ":"))
        or preceding in {"$", "£", "€", "#", "No."}
        or token.lower_ in {"one"}
        and token.dep_ == "nsubjpass"
        and any(c.lower_ == "no" for c in token.children)
    )


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
    ):
        end += 1
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
    if victim.tag_ in {"NNS", "NNPS"}:
        return False
    if victim.ent_type_ == "PERSON":
        return True
    if victim.lemma_.lower() not in PERSON_NOUNS:
        return False
    return any(c.dep_ in {"det", "poss"} for c in victim.children) or victim.lower_ == "one"


def _zero_if_denied(anchor: Token) -> Count | None:
    """'no one was hurt', 'nobody was killed', 'no injuries were reported' -> 0."""
    for token in (*anchor.children, anchor):
        if (
            token.lower_ in {"nobody", "none"}
            or (token.dep_ in {"nsubjpass", "nsubj", "dobj"} and any(c.lower_ == "no" for c in token.children))
            or (token.i == anchor.i and any(c.dep_ == "det" and c.lower_ == "no" for c in anchor.children))
        ):
            return Count(0, 0, 0, token.text, token.idx, token.idx + len(token))
    return None
