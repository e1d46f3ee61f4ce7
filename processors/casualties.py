"""Killed / injured counts read from the parse and attached to the event that caused them.

The full rules, with examples, are in docs/casualties.md. In short:

A count is only read where the syntax ties a number to a casualty word: the object of an
active "killed"/"wounded" ("killing two Russian servicemen"), the subject of a passive or of
"died" ("five people were injured", "44 died"), a noun described as dead ("left three
soldiers dead"), a casualty noun ("44 deaths", "the deaths of 12 people", "the death toll
rose to 30", "two bodies"), or a condition ("was in critical condition"). "shot"/"stabbed"
count everyone hit (wounded unless "fatally", "dead" or "to death" says otherwise).
Numbers elsewhere (ages "44-year-old", times, money, "44 flights", "Article 5") are never read;
statistics ("since 1999", "every year") and unrealised or intended deaths are skipped.

Bounds (ACLED-style: the best estimate is the conservative one):
- exact "44"                          -> low = best = high = 44
- "at least 12", "more than 20"       -> low = best = N, high = N + N // 2 (open upper bound)
- "about/around/some N"               -> low = N - N // 5, best = N, high = N + N // 5
- "nearly/almost/up to N"             -> low = N - N // 5, best = high = N
- "between 10 and 15"                 -> low = best = 10, high = 15
- "tens" 10 / 10 / 99, "a dozen" 12, "dozens" 12 / 12 / 99, "scores" 20 / 20 / 99,
  "hundreds" 100 / 100 / 999, "thousands" 1000 / 1000 / 9999; "several"/"a few" 3 / 3 / 9
- a singular victim ("a man was killed", "the driver died", "killing himself") -> 1;
  "a fourth victim has died" -> 4; "no one was hurt", "nobody was killed" -> 0
Coordinated victims add up ("three soldiers and a civilian" -> 4); restatements and revisions
of one incident keep the largest; a perpetrator counted apart ("before killing himself") is
added; a later death moves a person from the wounded to the killed.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from processors.events import VIOLENT_ROOTS, is_unrealised, match_trigger, paragraph_starts, sentence_offsets
from processors.types import Count, Event

OUTCOME_LEMMAS = frozenset({"die", "dead", "fatality", "perish", "succumb"})
KILLED_LEMMAS = frozenset({"kill", "die", "dead", "murder", "slay", "execute", "behead", "death", "fatality", "perish"})
INJURED_LEMMAS = frozenset(
    {"injure", "wound", "hurt", "injured", "wounded", "injury", "hospitalize", "hospitalise", "hospitalized"}
)
# "in critical condition": the state of someone wounded
CONDITION_WORDS = frozenset({"critical", "serious", "grave", "stable", "guarded", "fair", "life-threatening"})
NOUN_ANCHORS = frozenset({"death", "fatality", "injury", "body"})
# Verbs of violence whose victims are wounded unless the clause says they died ("shot dead").
HARM_VERBS = frozenset({"shoot", "stab", "beat", "hack", "slash", "bludgeon", "strangle", "stone", "club", "lynch"})
FATAL_WORDS = frozenset({"fatally", "mortally", "dead"})
REFLEXIVES = frozenset({"himself", "herself"})
SINGLE_PRONOUNS = frozenset({"he", "she", "him", "her", "himself", "herself"})
# Attackers counted on their own are added to the victims (GVA and ACLED totals include them).
PERPETRATOR_NOUNS = frozenset(
    {"suspect", "gunman", "shooter", "attacker", "assailant", "bomber", "perpetrator", "killer", "robber", "hijacker"}
)
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
INTENT_WORDS = frozenset({"effort", "attempt", "bid", "plan", "plot", "threat", "threaten", "try", "want", "intend"})
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9}
VICTIM_POS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "ADJ"})
MAX_CASUALTIES = 100_000
YEAR_NUMBER = re.compile(r"^(?:19|20)\d\d$")
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


@dataclass(frozen=True)
class CasualtyCount:
    """A count read from the text, with its kind (killed | injured) and the sentence it came from.

    ``who`` says whom it counts: "victims" (the default), "perpetrators" ("the gunman was shot
    dead") or "self" ("killing himself"); attackers are added to, not compared with, the victims.
    """

    kind: str
    count: Count
    sentence_start: int
    anchor: int  # token index of the casualty word
    who: str = "victims"
    hit: bool = False  # read from "shot"/"stabbed": everyone hit, the wounded and perhaps the dead


def attach_casualties(doc: Doc, events: Sequence[Event]) -> tuple[Event, ...]:
    """Return ``events`` with killed/injured counts attached to the violent event each count reports.

    A count goes to the violent event of its own sentence; a sentence with none ("The man was
    pronounced dead at the scene.") continues the story of the nearest violent event before it
    (same paragraph first, then the article), else of the first one after it. Counts never go
    to the article as a whole: with no violent event they are dropped.
    """
    paragraphs = paragraph_starts(doc.text)
    found_by_event: dict[int, list[CasualtyCount]] = {}
    outcome_only: dict[int, bool] = {}
    for found in find_casualty_counts(doc):
        sent = doc[found.anchor].sent
        if sent.start not in outcome_only:
            outcome_only[sent.start] = _reports_outcome_only(sent)
        index = _event_for(found, events, paragraphs, outcome_only[sent.start])
        if index is not None:
            found_by_event.setdefault(index, []).append(found)
    updated = list(events)
    for index, found in found_by_event.items():
        killed = combine_counts([f for f in found if f.kind == "killed"])
        killed_hit = combine_counts([f for f in found if f.kind == "killed" and f.who == "victims"])
        injured = _injured_total([f for f in found if f.kind == "injured"], killed_hit)
        changes = {"killed": killed, "injured": injured}
        updated[index] = dataclasses.replace(updated[index], **{k: v for k, v in changes.items() if v is not None})
    return tuple(updated)


def _injured_total(found: Sequence[CasualtyCount], killed: Count | None) -> Count | None:
    """Explicit wounded counts win; otherwise everyone "shot" minus the dead ("five people were shot"
    ... "one of them died" leaves four wounded)."""
    explicit = combine_counts([f for f in found if not f.hit])
    if explicit is not None:
        return explicit
    hit = combine_counts(found)
    if hit is None or killed is None or killed.best == 0:
        return hit
    return Count(
        low=max(hit.low - killed.high, 0),
        best=max(hit.best - killed.best, 0),
        high=max(hit.high - killed.low, 0),
        text=hit.text,
        start=hit.start,
        end=hit.end,
    )


def combine_counts(found: Sequence[CasualtyCount]) -> Count | None:
    """One event's total from the counts its sentences state.

    Restatements and revisions of the same victims keep the largest ("44 killed" ... "the
    death toll rose to 45"); a perpetrator counted on their own ("killed his two sons before
    killing himself", "the gunman was shot dead by police") is added to the victims.
    """
    if not found:
        return None
    victims = [f.count for f in found if f.who == "victims"]
    others = [f.count for f in found if f.who != "victims"]
    best_victims = max(victims, key=lambda c: c.best) if victims else None
    best_others = max(others, key=lambda c: c.best) if others else None
    if best_victims is None or best_others is None:
        return best_victims or best_others
    if best_victims.best == 0:
        return best_others
    return _sum_counts([best_victims, best_others])


def find_casualty_counts(doc: Doc) -> list[CasualtyCount]:
    """Every killed/injured count the text states, in text order."""
    counts = []
    for sent in doc.sents:
        sentence_start = sentence_offsets(sent)[0]
        for token in sent:
            kind = _casualty_kind(token)
            read = _count_for_anchor(token) if kind else None
            if kind and read is not None:
                hit = kind == "injured" and token.lemma_.lower() in HARM_VERBS
                counts.append(CasualtyCount(kind, read[0], sentence_start, token.i, read[1], hit))
    return counts


def _event_for(
    found: CasualtyCount, events: Sequence[Event], paragraphs: Sequence[int], outcome_only: bool
) -> int | None:
    """The violent (CAMEO 18-20) event a count reports: its sentence's, else the story's nearest one.

    A sentence that only reports an outcome ("One of them later died in hospital.") continues the
    incident told before it, so its count revises that incident rather than its own "died" event.
    """
    violent = [(i, e) for i, e in enumerate(events) if e.cameo[:2] in VIOLENT_ROOTS]
    same = [i for i, e in violent if e.start == found.sentence_start]
    if same and not outcome_only:
        return same[0]
    paragraph = bisect_right(paragraphs, found.sentence_start)
    before = [(i, e) for i, e in violent if e.start < found.sentence_start]
    if same:
        before = [(i, e) for i, e in before if e.historical == events[same[0]].historical]
        if not before:
            return same[0]
    in_paragraph = [i for i, e in before if bisect_right(paragraphs, e.start) == paragraph]
    if in_paragraph:
        return in_paragraph[-1]
    if before:
        return before[-1][0]
    after = [i for i, e in violent if e.start > found.sentence_start]
    return after[0] if after else None


def _reports_outcome_only(sent: Span) -> bool:
    """True when the sentence's only violent words are outcomes ("died", "dead", "fatalities")."""
    violent = [t for t in sent if (entry := match_trigger(t)) is not None and entry.cameo[:2] in VIOLENT_ROOTS]
    return bool(violent) and all(t.lemma_.lower() in OUTCOME_LEMMAS for t in violent)


def _casualty_kind(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    text = token.lower_
    if token.pos_ == "NOUN" and lemma in {"toll", "body", "condition"}:
        return _noun_kind(token, lemma)
    if lemma in HARM_VERBS and token.pos_ == "VERB" and not _has_particle(token):
        if _is_fatal(token):
            return "killed"  # "fatally shot", "shot dead", "stabbed to death"
        if _followed_by_killing(token) or _aimed_at(token):
            return None  # "shot and killed" is counted by "killed"; "shot at" hit no one
        return "injured"  # "five people were shot" counts the wounded
    if lemma in KILLED_LEMMAS or text in KILLED_LEMMAS:
        if token.pos_ == "NOUN" and lemma not in NOUN_ANCHORS:
            return None
        if token.dep_ == "compound" or _to_death(token):
            return None  # "death toll" is read at "toll"; "stabbed to death" is read at its verb
        return "killed"
    if lemma in INJURED_LEMMAS or text in INJURED_LEMMAS:
        if token.pos_ == "NOUN" and lemma not in NOUN_ANCHORS:
            return None
        return "killed" if _is_fatal(token) else "injured"
    return None


def _to_death(token: Token) -> bool:
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "to" and prep.head.lemma_.lower() in HARM_VERBS


def _noun_kind(token: Token, lemma: str) -> str | None:
    """'the death toll' and 'bodies' report the killed; 'toll' alone and compounds ('body camera') do not."""
    if token.dep_ == "compound":
        return None
    if lemma == "toll":
        return "killed" if any(c.dep_ in {"compound", "amod"} and c.lower_ == "death" for c in token.children) else None
    if lemma == "condition":
        return "injured" if any(c.lower_ in CONDITION_WORDS for c in token.children) else None
    return "killed"


def _is_fatal(token: Token) -> bool:
    for child in token.children:
        if child.lower_ in FATAL_WORDS:
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lemma_.lower() == "death" for g in child.children):
            return True
    return False


def _followed_by_killing(token: Token) -> bool:
    return any(c.dep_ == "conj" and c.lemma_.lower() in KILLED_LEMMAS for c in token.children)


def _aimed_at(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "at" for c in token.children)


def _has_particle(token: Token) -> bool:
    return any(c.dep_ == "prt" for c in token.children)  # "shot down" an aircraft


# ---- who the casualty word is about -------------------------------------------------------


def _count_for_anchor(anchor: Token) -> tuple[Count, str] | None:
    if _is_statistic(anchor) or _did_not_happen(anchor):
        return None
    victims = _victims(anchor)
    read = [(c, v) for v in victims if (c := _count_of(v)) is not None]
    if not read:
        zero = _zero_if_denied(anchor)
        return (zero, "victims") if zero is not None else None
    counts = [c for c, _ in read]
    vague = [c for c, v in read if v.lower_ in VAGUE_AMOUNTS or any(x.lower_ in VAGUE_AMOUNTS for x in v.children)]
    if vague and _present_perfect(anchor):
        return None  # "guns have killed too many people, thousands": a general statement, not this incident
    # "many, thousands, tens of thousands" restate one vague amount; numbers in a list add up
    total = counts[0] if len(counts) == 1 else max(counts, key=lambda c: c.best) if vague else _sum_counts(counts)
    kinds = {_who(v) for _, v in read}
    return total, kinds.pop() if len(kinds) == 1 else "victims"


def _did_not_happen(anchor: Token) -> bool:
    """'an effort to kill himself', 'he should be dead', 'to harm or kill another person': no casualty.
    Denials ('no one was hurt') are read as zero by ``_zero_if_denied`` instead."""
    if _zero_if_denied(anchor) is not None:
        return False
    return _intended(anchor) or is_unrealised(anchor)


def _intended(anchor: Token) -> bool:
    """An infinitive of purpose ('an effort to kill himself'); 'claimed to have killed two' reports a fact."""
    aux = {c.lower_ for c in anchor.children if c.dep_ == "aux"}
    if "to" not in aux or "have" in aux:
        return False
    return any(a.lemma_.lower() in INTENT_WORDS for a in list(anchor.ancestors)[:2])


def _is_statistic(anchor: Token) -> bool:
    """'Since 1999 there have been 10,569 accidental shooting deaths', '30 people die every year':
    counts over a period are statistics, not the casualties of one incident."""
    if anchor.head.lemma_ == "be" and any(c.dep_ == "expl" for c in anchor.head.children):
        # "In Florida, there were 30 accidental shooting deaths in 2014"
        if any(t.ent_type_ == "DATE" and YEAR_NUMBER.match(t.text) for t in anchor.sent):
            return True
    for token in anchor.sent:
        if token.lower_ in {"annually", "nationwide", "statewide"}:
            return True
        if token.lower_ == "since" and any(g.ent_type_ == "DATE" and g.like_num for g in token.subtree):
            return True
        if token.lower_ in {"every", "each", "per"} and token.head.lemma_.lower() in {"year", "month", "week", "day"}:
            return True
    return False


def _present_perfect(anchor: Token) -> bool:
    verb = anchor if anchor.pos_ in {"VERB", "AUX"} else anchor.head
    return any(c.dep_ == "aux" and c.lower_ in {"has", "have"} for c in verb.children)


def _sum_counts(counts: Sequence[Count]) -> Count:
    return Count(
        low=sum(c.low for c in counts),
        best=sum(c.best for c in counts),
        high=sum(c.high for c in counts),
        text=" and ".join(c.text for c in counts),
        start=min(c.start or 0 for c in counts),
        end=max(c.end or 0 for c in counts),
    )


def _who(victim: Token) -> str:
    if victim.lower_ in REFLEXIVES:
        return "self"
    noun = victim.head if victim.dep_ == "nummod" else victim
    return "perpetrators" if noun.lemma_.lower() in PERPETRATOR_NOUNS else "victims"


def _victims(anchor: Token) -> list[Token]:
    """The noun phrases a casualty word counts, by the syntax around it."""
    children = list(anchor.children)
    lemma = anchor.lemma_.lower()
    if lemma == "toll":  # "the death toll rose to 30", "a death toll of 12", "the death toll is 7"
        return _toll_numbers(anchor)
    if lemma == "condition":  # "the officer was in critical condition", "two remain in serious condition"
        verb = anchor.head.head if anchor.dep_ == "pobj" else anchor.head
        return _with_conjuncts(_antecedents([c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]))
    if anchor.pos_ == "NOUN":  # "44 deaths", "the deaths of 12 people", "no injuries", "the body of a man"
        of = [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return _with_conjuncts(of) if of else [anchor]
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    if passive:
        return _with_conjuncts(_antecedents(passive))
    if lemma in {"die", "perish"} or anchor.pos_ == "ADJ" or anchor.dep_ in {"acomp", "oprd", "amod"}:
        return _with_conjuncts(_adjective_victims(anchor) or _preceding_subject(anchor))
    if anchor.dep_ == "acl" and anchor.tag_ == "VBN":  # "44 people killed in the attack"
        return _with_conjuncts([anchor.head])
    objects = [c for c in children if c.dep_ in {"dobj", "dative"}]
    if objects:
        return _with_conjuncts(objects)
    elided = anchor.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children)
    if elided and any(c.dep_ == "nsubj" for c in children):
        # headline style without the auxiliary: "1 killed, three injured", "Two soldiers killed"
        return _with_conjuncts([c for c in children if c.dep_ == "nsubj"])
    if anchor.dep_ == "conj" and anchor.head.pos_ == "VERB":  # "a teenager was shot and killed"
        shared = [c for c in anchor.head.children if c.dep_ in {"nsubjpass", "dobj"}]
        return _with_conjuncts(_antecedents(shared))
    if anchor.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in children):
        return _with_conjuncts(_preceding_subject(anchor))
    return []


def _toll_numbers(toll: Token) -> list[Token]:
    numbers = [g for c in toll.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    head = toll.head
    if toll.dep_ in {"nsubj", "nsubjpass"}:
        for child in head.children:
            if child.dep_ in {"dobj", "attr"}:
                numbers.append(child)
            elif child.dep_ == "prep" and child.lower_ in {"to", "at"}:
                numbers.extend(g for g in child.children if g.dep_ == "pobj")
    return [n for n in numbers if _is_number(n)]


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
        # "a shooting left one man dead": the object is the dead, the subject the cause
        objects = [c for c in head.children if c.dep_ == "dobj"]
        return _antecedents(objects or [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}])
    return []


def _preceding_subject(anchor: Token) -> list[Token]:
    """A subject the parser attached elsewhere: 'in Salamanca, a man and a woman were shot dead'
    (the pair parsed as an apposition of the town). The noun right before the verb group, if any."""
    verb = anchor.head if anchor.dep_ in {"oprd", "acomp"} else anchor
    i = verb.i - 1
    sent_start = verb.sent.start
    while i >= sent_start and verb.doc[i].dep_ in {"aux", "auxpass", "neg", "advmod", "punct"}:
        i -= 1
    if i < sent_start:
        return []
    token = verb.doc[i]
    if token.pos_ not in {"NOUN", "PROPN", "PRON"} or token.dep_ in {"pobj", "dobj", "compound", "poss"}:
        return []
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return [token]


def _counts_itself(token: Token) -> bool:
    """'1 injured' in '2 fatalities and 1 injured' carries its own casualty word."""
    return _casualty_kind(token) is not None or any(_casualty_kind(c) is not None for c in token.children)


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
    """Each victim phrase and those coordinated with it ('three soldiers and a civilian'); a coordinated
    casualty word ('2 fatalities and 1 injured') is a separate count, not more victims."""
    result: list[Token] = []
    for token in tokens:
        conjuncts = [c for c in token.conjuncts if c.pos_ in VICTIM_POS and not _counts_itself(c)]
        # "2 fatalities and 1 injured": the fatalities are not among the injured, the 1 is
        own = [] if _casualty_kind(token) is not None else [token]
        for item in (*own, *conjuncts):
            if all(item.i != seen.i for seen in result):
                result.append(item)
    return result


# ---- how many ------------------------------------------------------------------------------


def _count_of(victim: Token) -> Count | None:
    """The number a victim phrase states: its numeral, a vague amount, a singular person, or none."""
    if victim.ent_type_ in NON_COUNT_ENTITIES or victim.lemma_.lower() in NON_PERSON_NOUNS:
        return None
    if victim.lower_ in SINGLE_PRONOUNS:  # "killing himself", "he died", "police shot him dead"
        return _one(victim)
    if _is_number(victim):
        return _numeral_count(victim)
    for child in victim.children:
        if child.dep_ == "nummod" and (span := _range_count(child)) is not None:
            return span
    if victim.lower_ in VAGUE_AMOUNTS:
        return _vague_count(victim)
    for child in victim.children:
        if child.dep_ in {"nummod", "quantmod"} and _is_number(child):
            return _numeral_count(child)
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


def _ordinal_of(victim: Token) -> int | None:
    if not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in victim.children):
        return None
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


def _one(victim: Token) -> Count:
    return Count(1, 1, 1, victim.text, victim.idx, victim.idx + len(victim))


def _singular_body(victim: Token) -> bool:
    """'the body was found' reports one dead person; 'his upper body' or 'the student body' do not."""
    if victim.lemma_.lower() != "body" or victim.tag_ != "NN":
        return False
    found = victim.dep_ in {"nsubjpass", "dobj"} and victim.head.lemma_.lower() in FOUND_VERBS
    return found and not any(c.dep_ in {"amod", "compound"} for c in victim.children)


def _is_number(token: Token) -> bool:
    if token.ent_type_ in NON_COUNT_ENTITIES and not _mislabelled_quantity(token):
        return False
    if _age_or_unit(token):
        return False
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
    """'a man', 'the driver', 'an inmate', 'his wife', 'the other', a named person: one victim.

    Any singular noun with a determiner counts: what is killed or wounded is a person in news
    text, and nouns that are clearly not (cars, houses, units) are rejected before this."""
    if victim.tag_ in {"NNS", "NNPS"}:
        return False
    if victim.ent_type_ == "PERSON":
        return True
    if victim.pos_ not in {"NOUN", "ADJ"} or victim.ent_type_ in {"GPE", "ORG", "NORP", "FAC", "LOC"}:
        return False
    if victim.pos_ == "ADJ" and victim.lower_ != "other":
        return False
    if victim.lemma_.lower() == "body" or match_trigger(victim) is not None:
        return False  # "a shooting", "the attack", "his upper body" are not victims
    return any(c.dep_ in {"det", "poss"} and c.lower_ not in {"no", "all", "some", "any"} for c in victim.children)


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
