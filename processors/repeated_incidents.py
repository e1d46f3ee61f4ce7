"""Consolidation of one article's repeated accounts of one incident (``merge_repeated_incidents``):
undated restatements take the incident's day, restatements that add nothing are dropped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from processors.trigger_matching import VIOLENT_ROOTS
from processors.types import Event, Location


def merge_repeated_incidents(events: Sequence[Event]) -> tuple[Event, ...]:
    """One article's account of one incident as one event: date its undated restatements, drop them.

    A local story tells its shooting several times: 'A man was shot in Millbrook on Saturday night',
    then 'He was taken to hospital', 'Police said the man, 24, died of his wounds', 'The shooting
    remains under investigation'. Each sentence is coded on its own; two steps consolidate them:

    1. The incident's date (``_incident_date``): the first current violent event whose date the text
       states to the day. Current violent events with no date of their own (publication date assumed)
       take it, unless they name another town than that event (a roundup's other shooting).
       'Police said the man died' thus carries Saturday, not the day the story was published; a
       follow-up ('charged in the Saturday shooting') carries the shooting's day, not the court's.
    2. Restatements (``_restates``): a current violent event is dropped when another violent event of
       the article, from another sentence and at least as confident, says everything it says: the
       same or no place, the same or no day, and each figure it gives (killed, injured) given equal
       (so the article's most confident event, its primary one, stays). The fuller one is kept;
       of two that say the same, the first. 'days after a suicide attack on Istanbul's airport' and,
       later, 'Tuesday's attack on Istanbul Ataturk airport, in which suicide bombers killed 44' are
       one incident, told with the toll the second time. A roundup's two shootings in two towns, on
       two days or with two different tolls stay two events.

    Events of one sentence are never dropped (they are the actor pairs of one incident), and
    historical events are left alone. The largest figure and the place of the article survive.
    """
    incident_date = _incident_date(events)
    dated = [_with_incident_date(event, incident_date) for event in events]
    kept = []
    for index, event in enumerate(dated):
        if _is_current_violence(event) and any(
            _restates(event, other, earlier=other_index < index)
            for other_index, other in enumerate(dated)
            if other_index != index
        ):
            continue
        kept.append(event)
    return tuple(kept)


def _is_current_violence(event: Event) -> bool:
    return event.cameo[:2] in VIOLENT_ROOTS and not event.historical


def _incident_date(events: Sequence[Event]) -> Event | None:
    """The first current violent event dated to the day by its own text (the incident's day)."""
    return next((e for e in events if _is_current_violence(e) and e.date_precision == "day"), None)


def _with_incident_date(event: Event, dated: Event | None) -> Event:
    if dated is None or event.date_precision is not None or not _is_current_violence(event):
        return event
    if event.location and dated.location and not _same_place(event.location, dated.location):
        return event
    return replace(event, date=dated.date, date_precision=dated.date_precision)


def _restates(event: Event, other: Event, earlier: bool) -> bool:
    """``other`` says everything ``event`` says (and more, or the same and comes first)."""
    if not _is_current_violence(other) or other.start == event.start or other.confidence < event.confidence:
        return False
    if event.location and not (other.location and _same_place(event.location, other.location)):
        return False
    if event.date_precision == "day" and (other.date_precision != "day" or other.date != event.date):
        return False
    for mine, theirs in ((event.killed, other.killed), (event.injured, other.injured)):
        if mine is not None and (theirs is None or theirs.best != mine.best):
            return False
    return earlier or _detail(other) > _detail(event)


def _detail(event: Event) -> int:
    return sum((event.killed is not None, event.injured is not None, event.location is not None,
                event.date_precision == "day"))


def _same_place(a: Location, b: Location) -> bool:
    return a.name == b.name
