"""Background to the article's news: an incident told as having happened days before a newer one.

A story of Sunday's shooting that recalls "On June 7, a woman and her son were shot and killed" two weeks
earlier, or "the killing of Dominique Horton on Thursday, Jan. 5" that police think it avenged, tells the older
incident as background: a careful reader (``../shared/eval/incidents-guide.md``) calls news what happened at most
a week before the article's own date. Alone, an incident of two or three weeks ago is still the story's news (a
follow-up: the arrest, the funeral, a victim who died later), which is why ``processors.dates`` keeps about a month
as news; beside violence of the article's own week, it is not. So when an article tells a violent incident dated
by its own sentence to its own week, its violent incidents that their sentences date to more than ``NEWS_DAYS``
before the article's date are background.

A death of the article's week ('one of the victims died Tuesday') is a later death of an earlier incident, not a
newer incident: it makes nothing background.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from processors.dates import ResolvedDate, period_end
from processors.trigger_matching import VIOLENT_ROOTS
from processors.types import ArticleDate, Event

NEWS_DAYS = 7  # the incidents guide: "happened at most 7 days before the article's own date" is news
# a victim's dying told on its own day: the end of an older incident, not a newer one
DYING_WORDS = frozenset({"die", "died", "dies", "dying", "succumbed", "succumbs", "death", "deaths"})


def background_to_newer_news(events: Sequence[Event], own: ArticleDate | None) -> tuple[Event, ...]:
    """``events`` with the violent incidents told as more than a week before a violent incident of the article's
    own week flagged historical (module doc); unchanged when the article tells no violence of its week."""
    if own is None or not any(_news_of_the_week(e, own) for e in events):
        return tuple(events)
    return tuple(replace(e, historical=True) if _days_before(e, own) > NEWS_DAYS else e for e in events)


def _current_violence_dated_by_its_text(event: Event) -> bool:
    """Current violence whose own sentence dates it: not one that took the day of the story's other news ('A
    shootout took place' in a story of a report issued Friday, dated Friday with it)."""
    return (event.cameo[:2] in VIOLENT_ROOTS and not event.historical and event.date is not None
            and event.date_precision in {"day", "month"} and bool(event.date_text)
            and event.date_text in event.sentence)


def _news_of_the_week(event: Event, own: ArticleDate) -> bool:
    return (_current_violence_dated_by_its_text(event) and event.date_precision == "day"
            and 0 <= (own.value - event.date).days <= NEWS_DAYS  # type: ignore[operator]
            and (event.trigger or "").lower() not in DYING_WORDS)


def _days_before(event: Event, own: ArticleDate) -> int:
    """Days from the end of the event's date (its month's last day for a month) to the article's, or 0 when the
    event is no current violence dated by its text."""
    if not _current_violence_dated_by_its_text(event):
        return 0
    assert event.date is not None and event.date_precision is not None
    return (own.value - period_end(ResolvedDate(event.date, event.date_precision))).days
