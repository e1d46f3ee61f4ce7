"""Consolidation of one article's repeated accounts of one incident (``merge_repeated_incidents``).

A story tells its incident several times: the lead ('A man was shot dead in Millbrook on Saturday
night'), restatements ('The shooting happened near the station', 'Police said the victim, 24, died at
the scene'), parts of it ('The gunman opened fire, killing a clerk'), revisions ('Early reports had only
two wounded', 'the death toll rose to 45'). Each sentence is coded on its own; a consumer who sums
``killed`` must see the incident once. So the violent (CAMEO 18-20) events of an article are grouped into
incidents, in text order, and each incident becomes one event.

Grouping (``_incident_groups``): events of one sentence are one incident (the actor pairs of one act),
unless the sentence dates them apart (a list of acts: 'the massacre in 1976; the murder in 1987').
An event from a later sentence continues the story's latest incident of the same standing (current or
historical), or of any standing when it has no date and names the incident again ('the attack which killed
...' after 'killed in the 19 August 2003 attack'), or when it is dated to the day and names by 'the' an incident
no account has dated ('The shooting happened on July 15' after '... fatally shot his brother' in a story of the
charges), unless it says it is another one. In the story of a past incident (its first violent account dated to a
past day, none dated to the story's own days: a plea, a death weeks later), violence told without a date is that
incident again, background like it ('Webb was then killed by ...' after 'On Oct. 30 ... a shooting'); so is a
story whose first violent account is dated to a past month ('charged in the January shooting deaths'), or to a
past year that names the incident ('pleaded guilty in a 2014 shooting'), or told as
what a court hears ('accused of killing two women, pleaded not guilty'), or told without a time as what a charge
of its sentence is about, before an account its own sentence dates to a past day ('has been charged in the shooting
death of his daughter' ... 'She was killed Sept. 21': ``_past_incident``):
- another place: its own sentence names a place that is not the incident's (the place its accounts name,
  else the place they were given from the paragraph or dateline), or the two lie in different countries;
- another time: both are dated by the text, to dates that cannot be one day ('in 1976' and 'in 1979',
  'on Monday' and 'on Tuesday'); 'overnight' and the evening or night of the day before ('late Monday' or
  'Monday night' in Tuesday's story), or the day before told with the same toll of two or more, are one night,
  and the incident takes the day that night began; once an account has placed the night, that day and the
  other 'overnight' accounts are the incident's;
- a marker of another incident: 'another attack', 'a separate shooting', 'an earlier blast',
  'meanwhile', 'elsewhere', 'in a separate incident', 'In addition, an attack on ...';
- another named dead: in a story that says its violence happened apart ('two men shot to death in separate
  incidents'), a death whose victim is named by a name no account of the incident told, when it has its dead
  ('Ray Akins, 21, was found shot to death' after 'Leon Moss, 26, was shot and killed').
An event that does not continue the latest incident joins an earlier one whose own place it names, else
starts a new incident. A round-up's shootings in two towns, or on two days, stay two incidents.

Consolidation (``_consolidated``): the incident's event is its most confident one, the first of equals
(the article's primary event stays primary), carrying the incident's figures: for killed and for injured
the largest that any of its accounts gives (restatements repeat a figure, revisions raise it, parts give
less: 'killing a clerk' in a shooting that killed three). With no date of its own it takes the first
day-precision date of the accounts (else their first date of any kind), with that account's expression and
standing (current or historical); with a month or a year it takes the first day-precision date. Its place is
the one its own sentence names, else the first place an account's own sentence names.
The other sentences' accounts are dropped; the other actor pairs of its own sentence stay, without
figures, so the incident's toll is counted once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from processors.casualties import ShotCounts
from processors.dates import name_other_days, weeks_back_span
from processors.trigger_matching import VIOLENT_ROOTS
from processors.types import CasualtyAggregate, Count, Event, Location

INCIDENT_NOUNS = (
    "attacks?|shootings?|incidents?|blasts?|bombings?|explosions?|strikes?|airstrikes?|raids?|ambush(?:es)?|"
    "clash(?:es)?|killings?|murders?|stabbings?|assaults?|shelling|massacres?"
)
# 'another fatal shooting', not 'wounding another in a shooting' (another person, then the incident's own noun) nor
# 'was in the courthouse prior to the shooting' (a time before this incident)
ANOTHER_INCIDENT = re.compile(
    rf"\b(?:another|separate|similar|previous|earlier|second|third|fourth|prior(?!\s+to\b))\s+"
    rf"(?:(?!(?:in|at|on|during|after|before|of|with|by)\b)[\w-]+\s+){{0,2}}(?:{INCIDENT_NOUNS})\b"
    # 'Separately, ...' opens another story; 'each victim entered separately' is how one incident happened
    r"|\b(?:meanwhile|elsewhere)\b|(?:^|[.;:]\s*)separately\b|\bin (?:a|an) (?:separate|unrelated|different)\b"
    rf"|^\s*(?:in addition|additionally|besides),?\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}(?:{INCIDENT_NOUNS})\b",
    re.IGNORECASE,
)


# the part of a day an overnight's night begins in: 'late Thursday', 'Thursday night', 'about 11 p.m. Thursday'
LATE_IN_THE_DAY = re.compile(r"\b(?:late|night|evening|p\.?m\.?|midnight)\b", re.IGNORECASE)
# the words after a day's name that make it its evening or night ('Saturday night', 'Saturday evening')
NIGHT_AFTER = re.compile(r"\s+(?:night|evening)\b", re.IGNORECASE)

# no count said more than the events' figures (unit callers, and articles without casualty words)
NO_SHOT_COUNTS = ShotCounts()

# pronouns that name a victim told before ('Police say his roommate shot him'); not 'himself', whose story it is
RESTATING_PRONOUNS = frozenset({"he", "she", "him", "her"})
# a sentence that tells of one more victim, whom a pronoun after it then names ('his brother was also hit')
ANOTHER_VICTIM = re.compile(r"\b(?:also|another)\b", re.IGNORECASE)

# An account counted back in weeks that is not the story's incident is its background when the days it may name lie
# more than this many days back on average ('last week', 'two weeks ago'; not 'a week ago', 'earlier this week'),
# as incidents more than a week before the story's day are for a reader (docs/extract-format.md, "Dates")
RECALLED_AFTER_DAYS = 7

# A story that says its violence happened apart: 'two men shot to death in separate incidents on Thursday'
TOLD_APART = re.compile(rf"\bin (?:\w+ )?separate (?:{INCIDENT_NOUNS})\b", re.IGNORECASE)
# A sentence that opens with a person's name and age: 'Robert Akins, 21, was found ...' (the first comma may be missing)
NAME_AND_AGE = re.compile(r"([A-Z][a-z'-]+(?: [A-Z][a-z'.-]*)+),? \d{1,3},")
# First words of a victim's description that is no name ('The victim', 'Another man', 'A woman')
NOT_A_NAME = frozenset("the a an another one two three his her their its this that both".split())

# What a story does after violence: accuse (112), convict or sentence (116), arrest or charge (173)
FOLLOW_UP_CODES = frozenset({"112", "116", "173"})

# the aggregates that total violence over a time or a campaign (docs/casualties.md)
SUMMED_CATEGORIES = frozenset({"campaign", "running_total"})


@dataclass
class _Incident:
    members: list[int] = field(default_factory=list)


def merge_repeated_incidents(
    events: Sequence[Event], aggregates: Sequence[CasualtyAggregate] = (), shot: ShotCounts = NO_SHOT_COUNTS
) -> tuple[Event, ...]:
    """One event per incident of the article, carrying its toll once (see the module docstring). ``aggregates``:
    the article's figures that are no incident's toll; a violent event told only with a campaign or running
    total ('a military campaign that resulted in the murder of 50,000') is no incident that later accounts join.
    ``shot``: which accounts' wounded are everyone "shot", the dead perhaps among them, and which accounts' dead
    are only the attacker (``casualties.attach_casualties_with_hits``)."""
    incident_date = _incident_date(events)
    dated = _follow_up_background([_with_incident_date(event, incident_date) for event in events])
    totals_at = frozenset(a.start for a in aggregates if a.category in SUMMED_CATEGORIES)
    replaced: dict[int, Event | None] = {}
    for incident in _incident_groups(dated, totals_at):
        replaced.update(_consolidated(dated, incident.members, shot))
    kept = []
    for index, event in enumerate(dated):
        new = replaced.get(index, event)
        if new is not None:
            kept.append(new)
    return tuple(kept)


def _is_violent(event: Event) -> bool:
    return event.cameo[:2] in VIOLENT_ROOTS


def _is_current_violence(event: Event) -> bool:
    return _is_violent(event) and not event.historical


def _incident_date(events: Sequence[Event]) -> Event | None:
    """The first current violent event dated to the day by its own text (the incident's day)."""
    return next((e for e in events if _is_current_violence(e) and e.date_precision == "day"), None)


def _with_incident_date(event: Event, dated: Event | None) -> Event:
    """A current violent event with no date of its own ('Police said the man died') takes the day of the
    article's first dated one, unless it names another town (a round-up's other shooting)."""
    if dated is None or event.date_precision is not None or not _is_current_violence(event):
        return event
    if not _within_told_weeks(dated, event):
        # 'was killed on the same block just last week' in the story of Tuesday's shooting: another incident,
        # recalled as the background of the news when it lies more than a week back (``RECALLED_AFTER_DAYS``)
        return replace(event, historical=True) if _weeks_back(event) > RECALLED_AFTER_DAYS else event
    if event.location and dated.location and not _same_place(event.location, dated.location):
        return event
    return replace(event, date=dated.date, date_precision=dated.date_precision)


# ---- grouping ----------------------------------------------------------------------------------


def _incident_groups(events: Sequence[Event], totals_at: frozenset[int] = frozenset()) -> list[_Incident]:
    incidents: list[_Incident] = []
    past = _past_incident(events)
    follow_up = past is not None
    year_noun = _year_of_incident(past) if past is not None else None
    told_apart = next((e.start for e in events if TOLD_APART.search(e.sentence)), None)
    for index, event in enumerate(events):
        if not _is_violent(event) or _tells_a_total(event, totals_at):
            continue
        if follow_up and not event.historical and event.date_precision is None \
                and not (year_noun and _names_another_incident(event, year_noun)):
            # the story of a past incident: what it tells of violence without a date is that incident again
            event = replace(event, historical=True)
        same_sentence = next(
            (i for i in reversed(incidents) if events[i.members[-1]].start == event.start
             and not _dates_conflict(event, events[i.members[-1]])),
            None,
        )
        if same_sentence is not None:
            same_sentence.members.append(index)
            continue
        peers = [i for i in incidents if events[i.members[0]].historical == event.historical
                 or (event.date_precision is None and _names_again(event, [events[m] for m in i.members]))
                 or _dates_the_undated(event, [events[m] for m in i.members])]
        home = None
        latest = [events[m] for m in peers[-1].members] if peers else []
        if peers and _continues(event, latest) and not (
                told_apart is not None and event.start > told_apart and _another_named_dead(event, latest)):
            home = peers[-1]
        elif _own_place(event) is not None:
            home = next(
                (i for i in reversed(peers[:-1]) if _names_place_of(event, [events[m] for m in i.members])
                 and _continues(event, [events[m] for m in i.members])),
                None,
            )
        if home is None:
            incidents.append(_Incident([index]))
        else:
            home.members.append(index)
    return incidents


def _another_named_dead(event: Event, accounts: Sequence[Event]) -> bool:
    """An account of a death whose victim is named by a name that no account of the incident tells, when the incident
    has its dead already ('Robert Akins, 21, was found shot to death' after 'Leon Moss, 26, was shot and killed'):
    in a story that says its dead died apart (``TOLD_APART``), another incident, not this one told again."""
    if not (event.killed and event.killed.best) or not any(a.killed and a.killed.best for a in accounts):
        return False
    words = _victim_name(event).split()
    if not words:
        return False  # 'He died', 'The victim, 26, died', 'Another man was killed'
    told = " ".join(a.sentence for a in accounts)
    return not any(re.search(rf"\b{re.escape(word)}\b", told) for word in words if len(word) > 2)


def _victim_name(event: Event) -> str:
    """The name the account gives its victim: its target's, when that is a name ('Leon Moss', not 'Another man'), else
    the name and age that open its sentence, as crime news names the dead ('Robert Akins, 21, was found shot to
    death', whose target the parser may miss); '' when it names none."""
    target = event.target.text.split() if event.target is not None else []
    if target and target[0].lower() not in NOT_A_NAME and all(w[:1].isupper() for w in target):
        return " ".join(target)
    opening = NAME_AND_AGE.match(event.sentence)
    return opening.group(1) if opening else ""


def _follow_up_background(events: list[Event]) -> list[Event]:
    """In the story of a past incident (``_past_incident``), an account of violence told without a day of its own
    that can be that incident again (``_continues`` its account) is background like it: 'Police say he fired
    the gun that hit the girl' in the story of a sentence for last May's shooting. A day the story lent it (the
    verdict's 'Thursday', told in another sentence) is not its own: it is dropped with the account's standing."""
    past = _past_incident(events)
    if past is None:
        return events
    year_noun = _year_of_incident(past)
    background = []
    for event in events:
        if _is_current_violence(event) and not _own_day(event):
            undated = replace(event, historical=True, date_precision=None, date_text=None)
            if _continues(undated, [past]) and not (year_noun and _names_another_incident(event, year_noun)):
                event = undated
        background.append(event)
    return background


def _own_day(event: Event) -> bool:
    """The event has a date its own sentence tells (a day lent by the story's lead is told elsewhere)."""
    if event.date_precision is None:
        return False
    return event.date_precision != "day" or event.date_text is None or event.date_text.lower() in event.sentence.lower()


def _past_incident(events: Sequence[Event]) -> Event | None:
    """The account of the past incident a story follows up (a plea, a death weeks later, an arrest), or None when the
    story tells news of its own days: an account of violence dated to a day of its own that is not background.

    Its first violent account is background dated to a day or a month in the past ('charged in the January shooting
    deaths'), to a year that names it ('pleaded guilty in a 2014 shooting': ``_year_of_incident``) or told as what a
    court hears ('accused of killing two women, pleaded not guilty'): that account. Or its first violent account tells
    no time and is what a follow-up act of its sentence is about (``FOLLOW_UP_CODES``: 'has been charged with
    manslaughter in the shooting death of his daughter'), and the first account dated at all is background dated to a
    day or a month by its own sentence ('She was killed Sept. 21 when ...'): that dated account."""
    violent = [e for e in events if _is_violent(e)]
    if not violent or any(_is_current_violence(e) and e.date_precision == "day" and _own_day(e) for e in violent):
        return None
    first = violent[0]
    if first.historical:
        return first if first.date_precision in {"day", "month", None} or _year_of_incident(first) else None
    if first.date_precision is not None or not any(e.start == first.start and e.cameo in FOLLOW_UP_CODES
                                                   for e in events):
        return None
    dated = next((e for e in violent if e.date_precision is not None), None)
    if dated is None or not dated.historical or dated.date_precision not in {"day", "month"} or not _own_day(dated):
        return None
    return dated


def _year_of_incident(event: Event) -> str | None:
    """The incident noun a background account dated by a year names with it ('pleaded guilty in a 2014 shooting', 'the
    2014 fatal shooting of ...': 'shooting'); None for a year of something else ('the dispute owes its origin to
    1952')."""
    if event.date_precision != "year" or event.date is None:
        return None
    found = re.search(rf"\b(?:a|an|the)\s+{event.date.year}\s+(?:[\w-]+\s+){{0,2}}?({INCIDENT_NOUNS})\b",
                      event.sentence, re.IGNORECASE)
    return found.group(1).lower() if found else None


def _names_another_incident(event: Event, noun: str) -> bool:
    """'The shooting killed two guards' in the story of 'the 2003 bombing': it names by 'the' an incident of another
    kind than ``noun``, so it is not that incident told again."""
    return any(found.group(1).lower().rstrip("s") != noun.rstrip("s") for found in re.finditer(
        rf"\b(?:the|this|that)\s+(?:[\w-]+\s+){{0,2}}?({INCIDENT_NOUNS})\b", event.sentence, re.IGNORECASE))


def _tells_a_total(event: Event, totals_at: frozenset[int]) -> bool:
    """A violent event with no toll of its own in a sentence whose figure is a campaign's or a running total."""
    return event.killed is None and event.injured is None and event.start in totals_at


def _names_again(event: Event, accounts: Sequence[Event]) -> bool:
    """'The attack which killed Ms. Younes ...' after 'killed in the 19 August 2003 attack': the sentence names
    the incident an account told, by its trigger noun with 'the', 'this' or 'that'."""
    nouns = {a.trigger.lower() for a in accounts if a.trigger and re.fullmatch(INCIDENT_NOUNS, a.trigger.lower())}
    return any(
        re.search(rf"\b(?:the|this|that)\s+(?:[\w-]+\s+){{0,2}}?{re.escape(noun)}\b", event.sentence, re.IGNORECASE)
        for noun in nouns
    )


def _dates_the_undated(event: Event, accounts: Sequence[Event]) -> bool:
    """'The shooting occurred on July 15' after '... fatally shot his brother' told with no date, or 'the Sept. 27
    shooting' after 'arrested in a September shooting': the day-dated account names an incident by a noun with
    'the', 'this' or 'that' (the incident told before, not another), and no account of the incident gives it a day
    of its own, nor a month other than the day's. The incident takes that day and its standing (a follow-up's
    shooting of last July is background, not today's news)."""
    if event.date_precision != "day" or not event.trigger or event.trigger_start is None \
            or not all(a.date_precision is None or _month_of(a, event) for a in accounts):
        return False
    return _names_by_noun(event)


def _weeks_back(event: Event) -> float:
    """How many days back, on average, an undated event counted back in weeks from its article's day may lie ('last
    week': 7.5); 0 for any other."""
    span = weeks_back_span(event.date_text or "", event.date) if event.date is not None else None
    if span is None or event.date is None:
        return 0.0
    return ((event.date - span[0]).days + (event.date - span[1]).days) / 2


def _names_by_noun(event: Event) -> bool:
    """The event's trigger is an incident noun named with 'the', 'this' or 'that' ('the shooting', 'that fatal
    shooting', 'the Sept. 27 shooting'): an incident told before, not another."""
    if not event.trigger or event.trigger_start is None or not re.fullmatch(INCIDENT_NOUNS, event.trigger.lower()):
        return False
    before = event.sentence[: max(event.trigger_start - event.start, 0)]
    return re.search(r"\b(?:the|this|that)\s+(?:[\w.-]+\s+){0,2}$", before, re.IGNORECASE) is not None


def _month_of(account: Event, day: Event) -> bool:
    """``account`` is dated only to the month in which ``day``'s day falls."""
    return account.date_precision == "month" and account.date is not None and day.date is not None \
        and (account.date.year, account.date.month) == (day.date.year, day.date.month)


def _continues(event: Event, accounts: Sequence[Event]) -> bool:
    """``event`` can be another account of the incident told by ``accounts``."""
    if ANOTHER_INCIDENT.search(event.sentence):
        return False
    own = _own_place(event)
    places = [p for a in accounts if (p := _own_place(a)) is not None] or [
        a.location for a in accounts if a.location is not None
    ]
    if own is not None and places and not any(_compatible_places(own, p) for p in places):
        return False
    located = [a.location for a in accounts if a.location is not None]
    if event.location is not None and event.location.country and located:
        if all(p.country and p.country != event.location.country for p in located):
            return False
    # once an account has placed the incident's 'overnight' in the night that began the day before, that day and
    # that overnight are one ('shot Saturday night' ... 'shots fired overnight' ... 'the shooting Saturday' ...
    # 'the suspects of the overnight shooting'); the account told now may be the one that places it ('Five shot in
    # overnight party' ... 'shot five people' ... a caption's 'left five people wounded Sunday morning')
    nights = {a.date for a in accounts if any(_night_before(a, b) for b in [*accounts, event])}

    def one_night(a: Event, b: Event) -> bool:
        return _is_overnight(b) and b.date in nights and a.date_precision == "day" and _day_before(a, b)

    return not any(_dates_conflict(event, a) and not one_night(event, a) and not one_night(a, event)
                   for a in accounts)


def _is_overnight(event: Event) -> bool:
    return (event.date_text or "").strip().lower() == "overnight"


def _day_before(event: Event, later: Event) -> bool:
    return event.date is not None and later.date is not None and (later.date - event.date).days == 1


def _dates_conflict(a: Event, b: Event) -> bool:
    """Both are dated by the text (day, month or year) and the dates cannot be the same day: 'in 1976' and
    'in 1979', 'on Monday' and 'on Tuesday'; 'in March 2016' and 'on 3 March 2016' agree. Without the article's
    date, two days named the same way ('September 20', 'September 30') conflict too."""
    steps = ("year", "month", "day")
    if _night_before(a, b) or _night_before(b, a):
        return False
    if not (_within_told_weeks(a, b) and _within_told_weeks(b, a)):
        return True
    if a.date is None and b.date is None and a.date_text and b.date_text:
        return name_other_days(a.date_text, b.date_text)  # no article date: 'September 20' and 'September 30'
    if a.date is None or b.date is None or a.date_precision not in steps or b.date_precision not in steps:
        return False
    common = min(steps.index(a.date_precision), steps.index(b.date_precision))
    fields = [("year",), ("year", "month"), ("year", "month", "day")][common]
    return any(getattr(a.date, f) != getattr(b.date, f) for f in fields)


def _within_told_weeks(day: Event, other: Event) -> bool:
    """``day``'s day, if it has one, lies in the span of days ``other`` names by counting back weeks from the article's
    day ('last week', 'two weeks ago': ``dates.weeks_back_span``), if it names one: 'Tuesday' in Tuesday's story is
    not 'last week'. A later account that names the incident by its noun ('the shooting took place Sunday' after
    'opened fire at the skate park last week') dates it, whatever the span: the story's day may be off."""
    if day.date_precision != "day" or day.date is None or other.date_precision is not None or other.date is None \
            or not other.date_text or (day.start > other.start and _names_by_noun(day)):
        return True
    span = weeks_back_span(other.date_text, other.date)  # an undated event carries the article's day
    return span is None or span[0] <= day.date <= span[1]


def _night_before(overnight: Event, other: Event) -> bool:
    """``overnight`` is dated "overnight", the night that ended on its day, and ``other`` to the evening or night of
    the day before, when that night began: 'shot overnight' in Friday's story and 'shot late Thursday' tell one
    night. So does the day before told with the same toll ('five shot overnight' in Monday's story, 'left five
    wounded Sunday morning'): a story updated the next day still says 'overnight', and no other night's
    incident repeats its figures."""
    return (
        _is_overnight(overnight)
        and other.date_precision == "day"
        and _day_before(other, overnight)
        and (_told_late(other) or _same_toll(overnight, other))
    )


def _same_toll(a: Event, b: Event) -> bool:
    """The same dead and wounded, at least two victims in all: a coincidence of two incidents is unlikely."""
    figures_a = [c.best if c else 0 for c in (a.killed, a.injured)]
    return figures_a == [c.best if c else 0 for c in (b.killed, b.injured)] and sum(figures_a) >= 2


def _told_late(event: Event) -> bool:
    """The event's day is told as its evening or night: 'late Thursday', or 'Thursday night', whose 'night' the
    date expression ('Thursday') may leave out."""
    told = event.date_text or ""
    if LATE_IN_THE_DAY.search(told):
        return True
    at = event.sentence.find(told) if told else -1
    return at >= 0 and NIGHT_AFTER.match(event.sentence, at + len(told)) is not None


def _own_place(event: Event) -> Location | None:
    """The event's place when its own sentence names it (not one carried from the paragraph or dateline)."""
    location = event.location
    if location is None or location.name.lower() not in event.sentence.lower():
        return None
    return location


def _names_place_of(event: Event, accounts: Sequence[Event]) -> bool:
    own = _own_place(event)
    return own is not None and any((p := _own_place(a)) is not None and _same_place(own, p) for a in accounts)


def _compatible_places(a: Location, b: Location) -> bool:
    """The same place, or one contains the other as far as the gazetteer says (a country or state)."""
    if _same_place(a, b):
        return True
    if a.country and b.country and a.country != b.country:
        return False
    coarse = {"country", "admin1"}
    if a.precision in coarse or b.precision in coarse:
        wide, narrow = (a, b) if a.precision in coarse else (b, a)
        if wide.precision == "country":
            return True
        unknown = wide.admin1 is None or narrow.admin1 is None
        return unknown or wide.admin1 == narrow.admin1 or wide.name == narrow.admin1
    return False


def _same_place(a: Location, b: Location) -> bool:
    return a.name == b.name


# ---- one event per incident ---------------------------------------------------------------------


def _consolidated(
    events: Sequence[Event], members: Sequence[int], shot: ShotCounts = NO_SHOT_COUNTS
) -> dict[int, Event | None]:
    """The incident's event (its figures, date and place) and what becomes of its other accounts."""
    lead_index = max(members, key=lambda i: (events[i].confidence, -i))
    lead = events[lead_index]
    accounts = [events[i] for i in members]
    killed = _largest([a.killed for a in accounts])
    shot_dead = _largest([a.killed for a in accounts if a.event_id not in shot.dead_not_shot])
    injured = _largest([_wounded_alive(a, shot_dead, shot) for a in accounts
                        if not _restates_a_victim(a, accounts)])
    merged = replace(lead, killed=killed, injured=injured, location=_incident_place(lead, accounts))
    if lead.date_precision is None:
        # an undated account takes the time the incident's other accounts give, and that account's standing
        timed = next((a for a in accounts if a.date_precision == "day"), None) or next(
            (a for a in accounts if a.date_precision is not None), None)
        if timed is not None:
            merged = replace(merged, date=timed.date, date_precision=timed.date_precision, date_text=timed.date_text,
                             historical=timed.historical)
    elif merged.date_precision != "day":
        dated = next((a for a in accounts if a.date_precision == "day"), None)
        if dated is not None:  # the day says better than its month whether the incident is background
            merged = replace(merged, date=dated.date, date_precision=dated.date_precision,
                             historical=dated.historical if merged.date_precision == "month" else merged.historical)
    night = next((a for a in accounts if _night_before(merged, a)), None)
    if night is not None:  # 'late Thursday' names the night 'overnight' only places
        merged = replace(merged, date=night.date, date_precision=night.date_precision, date_text=night.date_text)
    result: dict[int, Event | None] = {lead_index: merged}
    for index in members:
        if index == lead_index:
            continue
        event = events[index]
        result[index] = replace(event, killed=None, injured=None) if event.start == lead.start else None
    return result


def _wounded_alive(account: Event, killed: Count | None, shot: ShotCounts = NO_SHOT_COUNTS) -> Count | None:
    """The account's wounded, less the incident's dead when they are everyone "shot" and the dead may be among
    them: 'A teen was shot Tuesday night' ... 'the shooting that killed 14-year-old James Banks' is one dead, no
    wounded; 'Four people were shot' ... 'one of them died' leaves three; 'he shot all 4 people' ... 'She later died'
    (three wounded) in the story of three dead leaves one."""
    wounded = account.injured
    if wounded is not None and killed is not None and account.killed is not None \
            and account.event_id in shot.shot_less_dead and killed.best > account.killed.best:
        everyone = wounded.best + account.killed.best
        wounded = replace(wounded, low=everyone, best=everyone, high=everyone)
    elif wounded is None or killed is None or account.event_id not in shot.hit_only:
        return wounded
    best = wounded.best - killed.best
    if best <= 0:
        return None
    return replace(wounded, low=max(wounded.low - killed.high, 0), best=best, high=max(wounded.high - killed.low, 0))


def _restates_a_victim(account: Event, accounts: Sequence[Event]) -> bool:
    """True when the account's wounded count is one person named by a pronoun ('Police say his roommate shot him')
    and another account already counts a victim ('A man was shot and killed'): the pronoun is that victim again,
    hit before he died, not one more wounded; unless the account's own sentence tells of one more ('his brother
    was also hit')."""
    if not _counted_by_pronoun(account.injured) or ANOTHER_VICTIM.search(account.sentence):
        return False  # 'Kason's 7-year-old brother was also hit in the shooting. He was hospitalized ...'
    return any(other.killed or (other.injured and not _counted_by_pronoun(other.injured)) for other in accounts)


def _counted_by_pronoun(count: Count | None) -> bool:
    """One victim named by a personal pronoun ('shot him'); 'shot himself' names the victim of its own story."""
    return count is not None and count.best == 1 and count.text.lower() in RESTATING_PRONOUNS


def _largest(counts: Sequence[Count | None]) -> Count | None:
    given = [c for c in counts if c is not None]
    return max(given, key=lambda c: c.best) if given else None


def _incident_place(lead: Event, accounts: Sequence[Event]) -> Location | None:
    """The place the incident's accounts name: the lead's own, unless it is a state, province or county and another
    account names a town the gazetteer puts inside it ('a triple murder in Whitley County' ... 'at a home in
    Corbin'). A country is too wide to tell a town of this incident from one of another."""
    named = [p for a in accounts if (p := _own_place(a)) is not None]
    cities = [p for p in named if p.precision == "city"]
    own = _own_place(lead)
    if own is not None:
        inside = [p for p in cities if own.precision == "admin1" and own.admin1 and p.admin1 == own.admin1]
        return inside[0] if inside else _with_its_state(own, accounts)
    return _with_its_state((cities or named or [lead.location])[0], accounts)


def _with_its_state(place: Location | None, accounts: Sequence[Event]) -> Location | None:
    """The place as another account tells it with its state: 'the Union County Sheriff' (a name several states
    share) and '... while hunting in South Carolina' (read as South Carolina's Union County) are one county."""
    if place is None or place.admin1 is not None:
        return place
    return next((a.location for a in accounts if a.location is not None and a.location.admin1 is not None
                 and (a.location.name, a.location.country) == (place.name, place.country)), place)
