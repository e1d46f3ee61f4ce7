"""Killed / injured counts attached to the event that caused them.

The full rules, with examples, are in docs/casualties.md. The counts are found by
processors/casualty_figures.py (casualty words and the victims they count) and read by
processors/casualty_numbers.py (how many, with bounds). This module gives each count to the violent
event it reports (its sentence's, else the story's nearest one) and totals an event's counts:
restatements and revisions of one incident keep the largest; a perpetrator counted apart ("before
killing himself") is added; a later death moves a person from the wounded to the killed.
Only incident tolls go on events: processors/casualty_scope.py tells them from aggregates (running and
campaign totals, statistics, disasters, accidents, disease, sport), which ``split_figures`` returns apart.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from processors.casualty_figures import CasualtyCount, find_casualty_counts, victims_of
from processors.casualty_numbers import sum_counts
from processors.casualty_scope import INCIDENT, figure_categories
from processors.paragraphs import doc_text, is_page_furniture, paragraph_starts, sentence_offsets
from processors.trigger_matching import VIOLENT_ROOTS, match_trigger
from processors.types import CasualtyAggregate, Count, Event

OUTCOME_LEMMAS = frozenset({"die", "dead", "fatality", "perish", "succumb"})
# what harms without an attacker: its dead and hurt are no act of violence (``without_mishaps``)
MISHAPS = frozenset({"accident", "disaster", "disease", "sport"})
# the words of harm that make an event only by naming the harm ('killed', 'injured'), not how it was done
CASUALTY_TRIGGERS = frozenset(
    "kill killed kills killing die died dies dying dead death deaths injure injured injures injuring injury injuries "
    "wound wounded wounding hurt".split())
# words that set victims apart from those counted before ('two others', 'another man')
OTHER_WORDS = frozenset({"other", "others", "another"})
REST_WORDS = frozenset({"other", "others"})  # 'two others': the rest of a group, beside those told before


def split_figures(doc: Doc) -> tuple[list[CasualtyCount], tuple[CasualtyAggregate, ...]]:
    """The text's casualty counts: the incident tolls (for events) and the aggregates (figures > 0 only)."""
    counts = [found for found in find_casualty_counts(doc) if not is_page_furniture(doc[found.anchor].sent)]
    tolls: list[CasualtyCount] = []
    aggregates = []
    for found, category in zip(counts, figure_categories(doc, counts), strict=True):
        if category == INCIDENT:
            tolls.append(found)
        elif found.count.best > 0:
            sent = doc[found.anchor].sent
            start, end = sentence_offsets(sent)
            aggregates.append(CasualtyAggregate(found.kind, category, found.count, sent.text.strip(), start, end))
    return tolls, tuple(aggregates)


def without_mishaps(events: Sequence[Event], aggregates: Sequence[CasualtyAggregate]) -> tuple[Event, ...]:
    """The events but the harm a crash, a storm, an illness or a game did: 'Two students were killed in a car
    crash' counts its dead as an accident's (``split_figures``), and its 'killed' is no act of violence either. Only
    an event read from the casualty word alone goes, with no toll of its own, in a sentence whose counts are all a
    mishap's; 'shot', 'stabbed' and 'attack' stay violence whatever else the sentence tells."""
    mishap_sentences = {a.start for a in aggregates if a.category in MISHAPS}
    told_otherwise = {a.start for a in aggregates if a.category not in MISHAPS}
    return tuple(
        event for event in events
        if not (event.start in mishap_sentences - told_otherwise and event.killed is None and event.injured is None
                and event.trigger.lower() in CASUALTY_TRIGGERS and event.cameo[:2] in VIOLENT_ROOTS))


def attach_casualties(
    doc: Doc, events: Sequence[Event], counts: Sequence[CasualtyCount] | None = None
) -> tuple[Event, ...]:
    """Return ``events`` with killed/injured counts attached to the violent event each count reports.

    ``counts`` are the incident tolls of ``split_figures`` (all of them when not given).

    A count goes to the violent event of its own sentence; a sentence with none ("The man was
    pronounced dead at the scene.") continues the story of the nearest violent event before it
    (same paragraph first, then the article), else of the first one after it. Counts never go
    to the article as a whole: with no violent event they are dropped.
    """
    return attach_casualties_with_hits(doc, events, counts)[0]


@dataclasses.dataclass(frozen=True)
class ShotCounts:
    """What ``merge_repeated_incidents`` needs to know of an article's counts beyond the events' figures.

    ``hit_only``: ids of events whose wounded are only everyone "shot", with no dead of their own ("A teen was
    shot Tuesday night"): the dead another account of the incident gives ("a 14-year-old boy was killed in the
    shooting") may be among them. ``dead_not_shot``: ids of events whose dead are only the attacker or who
    shot himself ("before fatally turning the gun on himself"): never among the victims someone shot.
    ``shot_less_dead``: ids of events whose wounded are everyone "shot" less the dead another sentence told of them
    ("he shot all 4 people" ... "She later died": three wounded); more dead told by another account of the incident
    were among the shot too."""

    hit_only: frozenset[str] = frozenset()
    dead_not_shot: frozenset[str] = frozenset()
    shot_less_dead: frozenset[str] = frozenset()


def attach_casualties_with_hits(
    doc: Doc, events: Sequence[Event], counts: Sequence[CasualtyCount] | None = None
) -> tuple[tuple[Event, ...], ShotCounts]:
    """``attach_casualties``, and what the article's counts say of its shot and its dead (``ShotCounts``)."""
    paragraphs = paragraph_starts(doc_text(doc))
    found_by_event: dict[int, list[CasualtyCount]] = {}
    outcome_only: dict[int, bool] = {}
    for found in _ordinals_after_the_dead(split_figures(doc)[0] if counts is None else counts):
        sent = doc[found.anchor].sent
        if sent.start not in outcome_only:
            outcome_only[sent.start] = _reports_outcome_only(sent)
        # "A second worker was wounded": the story's next victim, counted with the incident told before
        follow_up = outcome_only[sent.start] or (found.ordinal and found.kind == "injured")
        index = _event_for(found, events, paragraphs, follow_up, doc[found.anchor].idx)
        if index is not None:
            found_by_event.setdefault(index, []).append(found)
    updated = list(events)
    hit_only, dead_not_shot, shot_less_dead = set(), set(), set()
    # someone harmed by another anywhere in the story makes who shot himself one more (the killer told apart)
    harmed_by_another = any(f.by_another for found in found_by_event.values() for f in found if f.who == "victims")
    for index, found in found_by_event.items():
        if not harmed_by_another:
            found = _selves_as_victims(found)
        killed = combine_counts([f for f in found if f.kind == "killed"])
        killed_hit = combine_counts([f for f in found if f.kind == "killed" and f.who == "victims"])
        wounded = [f for f in found if f.kind == "injured"]
        injured = _injured_total(doc, wounded, killed_hit)
        changes = {"killed": killed, "injured": injured}
        updated[index] = dataclasses.replace(updated[index], **{k: v for k, v in changes.items() if v is not None})
        everyone_shot = bool(wounded) and all(
            f.hit and f.who == "victims" and not f.ordinal and not _others(doc, f) for f in wounded)
        if killed is None and everyone_shot:
            hit_only.add(updated[index].event_id)
        elif killed_hit is not None and everyone_shot and not any(_the_rest(doc, f) for f in wounded):
            shot_less_dead.add(updated[index].event_id)
        if killed is not None and killed_hit is None:
            dead_not_shot.add(updated[index].event_id)
    return tuple(updated), ShotCounts(frozenset(hit_only), frozenset(dead_not_shot), frozenset(shot_less_dead))


def _ordinals_after_the_dead(counts: Sequence[CasualtyCount]) -> list[CasualtyCount]:
    """'Police found three people dead inside a home. ... A fourth person was taken to a hospital': an ordinal
    wounded counts the dead the story told last before it, whichever event they went to; it is one wounded (not the
    dead of an earlier incident: '... six soldiers were killed. ... a polio worker was shot dead. A second polio
    worker was wounded'). After 'Four people are confirmed dead', 'a fourth person was also shot' is one of them: no
    one more wounded."""
    result = []
    for found in counts:
        if found.ordinal and found.kind == "injured":
            dead = [f for f in counts if f.kind == "killed" and f.who == "victims" and f.anchor < found.anchor]
            last = max(dead, key=lambda f: f.anchor).count if dead else None
            if last is not None and 0 < found.count.best <= last.best:
                zero = dataclasses.replace(found.count, low=0, best=0, high=0)
                found = dataclasses.replace(found, count=zero)
            else:
                found = _without_the_dead(found, last)
        result.append(found)
    return result


def _others(doc: Doc, found: CasualtyCount) -> bool:
    """'Two others were shot', 'another man was wounded', 'a man was also shot': victims told apart from any
    counted before."""
    anchor = doc[found.anchor]
    if any(c.dep_ == "advmod" and c.lower_ == "also" for c in anchor.children):
        return True
    return any(word.lower_ in OTHER_WORDS or any(c.lower_ in OTHER_WORDS for c in word.children)
               for word in victims_of(anchor))


def _the_rest(doc: Doc, found: CasualtyCount) -> bool:
    """'two others were shot', 'three other men were wounded', 'another man was shot' (the subject of the
    wounding): victims counted apart from the dead beside them. Not 'another man' as the shooter's object (another
    than the shooter: 'accused of shooting another man' who died) nor 'also' alone."""
    victims = victims_of(doc[found.anchor])  # all of them: 'Woman killed, four others shot' counts her among the shot
    return bool(victims) and all(_told_apart(word) for word in victims)


def _told_apart(word: Token) -> bool:
    rest = REST_WORDS | {"another"} if word.dep_ == "nsubjpass" else REST_WORDS
    return word.lower_ in rest or any(c.lower_ in rest for c in word.children)


def _selves_as_victims(found: Sequence[CasualtyCount]) -> list[CasualtyCount]:
    """'A 4-year-old was taken to the hospital after he ... accidentally shot himself': in a story where no one
    was harmed by another, the one who shot himself is its victim, told again, not one more casualty; after
    'killed his wife', 'shooting himself' adds the killer."""
    return [dataclasses.replace(f, who="victims") if f.who == "self" else f for f in found]


def _injured_total(doc: Doc, found: Sequence[CasualtyCount], killed: Count | None) -> Count | None:
    """Explicit wounded counts win; otherwise everyone "shot" minus the dead ("five people were shot"
    ... "one of them died" leaves four wounded). An ordinal counts the victims so far, the dead among them:
    "a woman was shot dead" ... "a second worker was wounded" is one wounded. Others shot are told apart from the
    dead ("One man was killed and two others were shot": two wounded), as explicit wounded are."""
    found = [_without_the_dead(f, killed) if f.ordinal else f for f in found]
    explicit = combine_counts([f for f in found if not f.hit or _the_rest(doc, f)])
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


def _without_the_dead(found: CasualtyCount, killed: Count | None) -> CasualtyCount:
    if killed is None or killed.best == 0 or found.count.best <= killed.best:
        return found
    left = found.count.best - killed.best
    return dataclasses.replace(found, count=dataclasses.replace(found.count, low=left, best=left, high=left))


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
    return sum_counts([best_victims, best_others])


def _event_for(
    found: CasualtyCount, events: Sequence[Event], paragraphs: Sequence[int], outcome_only: bool, anchor_offset: int
) -> int | None:
    """The violent (CAMEO 18-20) event a count reports: its sentence's, else the story's nearest one.

    A sentence that only reports an outcome ("One of them later died in hospital.") continues the
    incident told before it, so its count revises that incident rather than its own "died" event.
    """
    violent = [(i, e) for i, e in enumerate(events) if e.cameo[:2] in VIOLENT_ROOTS]
    same = [i for i, e in violent if e.start == found.sentence_start]
    if len(same) > 1:  # a list of acts dated apart: the count belongs to the act nearest its casualty word
        same.sort(key=lambda i: abs((events[i].trigger_start or 0) - anchor_offset))
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
