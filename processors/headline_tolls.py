"""The toll a headline states in news telegraphese: 'Man shot, killed in Akron', 'Boy, 14, fatally shot',
'2 Dead, 3 Wounded In Park Shooting', 'Officials identify man killed by gunshot', 'Man accidentally shoots
13-year-old'.

A headline drops the articles and auxiliaries the parser leans on ('Man' opening a title is read as a name,
'Boy, 14,' as an interjection), so the events read from a headline (``processors.pipeline``: a page whose
text is a sign-in form or a video player) often carry no figure, or the wounding of a victim the same
headline says died. Headline grammar is narrow enough to read with patterns: a victim (a number of people,
or one person named by a word for a person, with the town or age a headline puts around it) followed by
what happened to them, or a verb of shooting followed by its victim. Pure: the title in, the figures out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from processors.casualty_numbers import NUMBER_WORDS
from processors.types import Count

_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True)) + ")"
_ONE = (r"(?:man|woman|boy|girl|teen|teenager|child|kid|toddler|baby|infant|person|youth|student|officer|deputy|"
        r"trooper|father|mother|dad|mom|son|daughter|brother|sister|husband|wife|grandmother|grandfather|driver|"
        r"clerk|cashier|victim|resident|worker|employee|customer|pastor|player|coach|teacher|doctor|nurse|attorney|"
        r"lawyer|firefighter|veteran|\d{1,3}-(?:year|month)-old)")
_MANY = (r"(?:men|women|boys|girls|teens|teenagers|children|kids|people|persons|youths|students|officers|deputies|"
         r"victims|residents|workers|relatives|siblings|brothers|sisters|\d{1,3}-(?:year|month)-olds)")
# one person: the capitalised words of a town, force or school a headline puts first ('Akron man', 'St. Louis
# County man'), the person word, and the age set off by commas ('Boy, 14,')
_PERSON = (rf"(?:(?<![\w-])(?-i:[A-Z][\w.'’-]*\s+){{0,4}}?(?:\d{{1,3}}-(?:year|month)-old\s+)?(?P<one>{_ONE})"
           rf"(?:,\s*\d{{1,3}},)?)")
# several: 'Two men', '3 teens', '5 people', or a bare number ('2 Dead, 3 Wounded', 'Five Shot During Party'; not
# 'Two shot, one fatally', whose shot are not all wounded)
_PEOPLE = (rf"(?:\b(?P<n>{_NUMBER})(?:\s+(?:(?!of\b)[\w'’-]+\s+){{0,2}}?{_MANY}"
           r"|(?=\s+(?:dead|killed|wounded|injured|hurt|hospitalized|(?:shot|stabbed)(?!,))\b)))")
_VICTIM = rf"(?:{_PEOPLE}|{_PERSON})"
# a bare number ending the clause: 'Georgia man indicted in shooting that injured 7'
_COUNT_ENDING = rf"\b(?P<bare>{_NUMBER})(?=\s*(?:[,;:.!?]|$))"
_BE = r"(?:\s+(?:is|was|were|are|has\s+been|have\s+been|found))?"
_FATAL = (r"(?:killed|dead|dies|died|slain|murdered|fatally\s+(?:shot|stabbed|wounded|struck)|"
          r"shot\s+(?:dead|to\s+death)|(?:shot|wounded)(?:,|\s+and)\s+(?:killed|dies|died))")
_HURT = (r"(?:shot|wounded|injured|hurt|stabbed|hospitalized|grazed|critical|in\s+critical\s+condition)"
         r"(?!(?:,|\s+and)\s+(?:killed|dies|died))")
# the victim, then what happened to them
VICTIM_THEN = re.compile(
    rf"(?<!\bof\s){_VICTIM}{_BE}\s+(?:(?P<fatal>{_FATAL})|(?P<hurt>{_HURT})(?!\s+(?:dead|to\s+death)))\b",
    re.IGNORECASE)
# what was done, then the victim: 'Man accidentally shoots 13-year-old', 'Father kills two children'
DONE_TO = re.compile(
    rf"\b(?:(?P<fatal>kills|killed|fatally\s+shoots|shoots\s+and\s+kills)|(?P<hurt>shoots|wounds|injures|stabs|"
    rf"injured|wounded))\s+(?:(?:his|her|their|a|an)\s+)?(?:{_VICTIM}\b|{_COUNT_ENDING})", re.IGNORECASE)
# 'then fatally shoots self', 'before killing himself': the shooter's own death counts too
SELF = re.compile(r"\b(?:kill(?:s|ed|ing)|fatally\s+shoot(?:s|ing)?|shoot(?:s|ing)?\s+and\s+kill(?:s|ing)?)\s+"
                  r"(?:him|her)?self\b", re.IGNORECASE)


@dataclass(frozen=True)
class HeadlineToll:
    """What a headline says was killed and wounded; None for a kind it does not speak of."""

    killed: Count | None
    injured: Count | None


def headline_toll(title: str) -> HeadlineToll | None:
    """The toll the headline states, or None when it states none the patterns read."""
    found: dict[str, list[Count]] = {"killed": [], "injured": []}
    taken: list[tuple[int, int]] = []
    for pattern in (VICTIM_THEN, DONE_TO):
        for match in pattern.finditer(title):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue  # 'Man killed, boy injured': each victim read once
            taken.append(match.span())
            kind = "killed" if match.group("fatal") else "injured"
            found[kind].append(_count(match))
    for match in SELF.finditer(title):
        found["killed"].append(Count(1, 1, 1, match.group(), match.start(), match.end()))
    if not found["killed"] and not found["injured"]:
        return None
    return HeadlineToll(killed=_total(title, found["killed"]), injured=_total(title, found["injured"]))


def _count(match: re.Match) -> Count:
    number = match.group("n") or match.groupdict().get("bare")
    value = 1 if number is None else int(number) if number.isdigit() else NUMBER_WORDS[number.lower()]
    return Count(value, value, value, match.group(), match.start(), match.end())


def _total(title: str, counts: list[Count]) -> Count | None:
    """The victims of one kind summed, with the headline's words from the first to the last."""
    if not counts:
        return None
    value = sum(c.best for c in counts)
    start, end = min(c.start or 0 for c in counts), max(c.end or 0 for c in counts)
    return Count(value, value, value, title[start:end], start, end)
