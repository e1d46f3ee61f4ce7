"""Where a local outlet is: the city or state its web address is named for.

A reader of 'chicagotribune.com', 'philadelphia.cbslocal.com' or 'nbcmiami.com' knows where the paper is
before reading a word, and a local story that never says where it happened ('3 dead, 22 wounded in weekend
shootings') happened there. Only a name the address spells out counts: a label that is, begins with or ends
with the name of a large city (``PUBLISHER_CITY_MIN_PEOPLE``) or of a US state, and only a name that no other
large city shares ('onlineathens.com' could be Athens, Georgia or Athens, Greece: neither). Call signs and
brands ('wmcactionnews5.com', 'nydailynews.com') say nothing and give nothing.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import SplitResult, urlsplit

from processors.gazetteer import CITY_SHORT_NAMES, city_location, find_place, us_town_states
from processors.gazetteer_data import _geonames, city_candidates, fold, us_state_names
from processors.types import Location

# Cities this large are the ones outlets are named for; smaller names ('Mobile' aside) are too often words.
PUBLISHER_CITY_MIN_PEOPLE = 100_000
# A shorter name ('Lima', 'Mesa', 'Ohio') is too easily a piece of another word in an address.
MIN_NAME_LETTERS = 5
# A city's initials ('stl', 'nola') are a name this short at least ('kc' is too easily a call sign's start: KCRA)
MIN_INITIALS = 3
# Labels of an address that name a service, not a place ('mobile.twitter.com', 'edition.cnn.com').
SERVICE_LABELS = frozenset({"www", "m", "mobile", "amp", "edition", "beta", "web", "blogs", "rss", "feeds", "news"})
# A name two large cities share belongs to neither, unless one has this many times the other's people.
SHARED_NAME_RATIO = 10
# What an outlet's address adds to its place's name: networks, 'my', 'click', and the words of paper titles.
OUTLET_WORDS = frozenset("""
    abc nbc cbs fox my click clickon local the news tribune times post sun herald star journal globe sentinel
    chronicle gazette courier enterprise eagle blade bee daily online now today live matters proud telegram
    record register press observer examiner reporter dispatch leader review advertiser inquirer
    """.split())
# A city's other name as an outlet's address may spell it: one capitalised word of Latin letters ('Philly'); not
# the names in other languages' scripts nor abbreviations ('PHL')
NICKNAME = re.compile(r"[A-Z][a-z]+")
NICKNAME_SHARED = 4  # letters a short name shares with the start of a word of the city's name
# 'northwestgeorgianews', 'westphillylocal': a compass word opening an address label, before a place's name
COMPASS_START = re.compile(r"(?:north|south)(?:east|west)?|east|west|central")
# An archived page's address holds the original one: http://web.archive.org/web/20140112222729/http://...
ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(.+)$")


def publisher_place(url: str | None) -> Location | None:
    """The city (or, failing one, the US state) the address of an article's outlet is named for, or None."""
    places = _named_places()
    best: tuple[int, str, Location | None] | None = None  # the longest name found: 'westvirginia' over 'virginia'
    for label in (label for label in _host(url).split(".")[:-1] if label not in SERVICE_LABELS):
        for size in range(MIN_INITIALS, len(label) + 1):
            for name, rest in ((label[:size], label[size:]), (label[-size:], label[:-size])):
                if name in places and (best is None or size > best[0]) and _outlet_words(rest):
                    best = (size, name, places[name])
        if best is None and (found := _part_of_place(label, places)) is not None:
            best = found
    if best is None or best[2] is None:
        return None
    _, name, place = best
    if place.country != "USA" and _host(url).endswith(".com") and (_name_in_usa(place.name) or _name_in_usa(name)):
        # 'readingeagle.com' is the Reading Eagle of Reading, Pennsylvania, not of Reading, England; the Monterey
        # Herald is Monterey's, California, not Monterrey's (whose other name Monterey is)
        return None
    return place


def _part_of_place(label: str, places: dict[str, Location | None]) -> tuple[int, str, Location | None] | None:
    """'northwestgeorgianews', 'westphillylocal': an outlet named for a part of a state or city (a compass word
    before the name) is that state's or city's. Not when the compass word and the name are a town of their own
    ('eastorange...' is East Orange, New Jersey, not Orange, California; 'northlasvegas...')."""
    compass = COMPASS_START.match(label)
    if compass is None:
        return None
    rest = label[compass.end():]
    for size in range(len(rest), MIN_NAME_LETTERS - 1, -1):
        name = rest[:size]
        place = places.get(name)
        if place is not None and _outlet_words(rest[size:]):
            if us_town_states(f"{compass.group(0)} {place.name}"):
                return None
            return size, name, place
    return None


def address_state(url: str | None) -> str | None:
    """The US state a folder of the article's address names ('freep.com/story/news/local/michigan/...',
    'patch.com/georgia/loganville/...', 'globegazette.com/news/iowa/...'): the section of the outlet the story was
    filed under. None when no folder is a state's whole name, or two name different states; not 'washington'
    (the state or the capital)."""
    address = _address(url)
    states = _state_keys()
    # the last part is the story's own name ('.../iowa-man-shot'), not a folder
    named = {states[key] for folder in (address.path if address else "").split("/")[:-1]
             if (key := _key(folder)) in states and key != "washington"}
    return next(iter(named)) if len(named) == 1 else None


@cache
def _name_in_usa(name: str) -> bool:
    """A US town of the gazetteer bears this name: a '.com' outlet named for it may be that town's (US local
    outlets use '.com'; British, Canadian or Australian ones mostly their country's domain)."""
    return any(city["countrycode"] == "US" and fold(city["name"]) == fold(name)
               for city in city_candidates().get(fold(name), ()))


def _nickname(name: str, city: str) -> bool:
    """An other name of the city that shortens one of its words ('Philly', 'Vegas'): one word of Latin letters that
    starts as a word of the city's name does. Not another language's name ('Filadelfia'), an abbreviation ('PHL')
    or a name it took for a while ('Google', Topeka's for a month)."""
    return NICKNAME.fullmatch(name) is not None and any(
        word.lower().startswith(name[:NICKNAME_SHARED].lower()) for word in city.split())


def _outlet_words(rest: str) -> bool:
    """True if what an address label holds besides the place name is an outlet's usual words: nothing, a
    channel number, a network or paper word ('abc7', 'tribune', 'myfox', 'clickon')."""
    rest = re.sub(r"\d+", "", rest)
    return not rest or any(rest[:n] in OUTLET_WORDS and (not rest[n:] or rest[n:] in OUTLET_WORDS)
                           for n in range(1, len(rest) + 1))


def _host(url: str | None) -> str:
    address = _address(url)
    try:
        return (address.hostname or "").lower() if address else ""
    except ValueError:  # a malformed host or port
        return ""


def _address(url: str | None) -> SplitResult | None:
    """The article's own address, split (an archived page's original one), or None when there is none."""
    if not url:
        return None
    archived = ARCHIVED.match(url.strip())
    if archived:
        url = archived.group(1)
    if "://" not in url:
        url = f"http://{url}"
    try:
        return urlsplit(url)
    except ValueError:
        return None


@cache
def _state_keys() -> dict[str, str]:
    """Address key ('newyork', 'rhodeisland') -> the US state's name."""
    return {_key(name): state for name, state in us_state_names().items()}


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name))


@cache
def _named_places() -> dict[str, Location | None]:
    """Address key ('sanfrancisco', 'montana') -> the large city, or US state, of that name; None for a name
    two places share: a city not ``SHARED_NAME_RATIO`` times as large as the next of its name, a state and
    a city of another state ('washington'), or a city and the end of a state's name ('carolina')."""
    cities: dict[str, list[dict]] = {}
    nicknamed: dict[str, list[dict]] = {}
    for city in _geonames().get_cities().values():
        if city["population"] >= PUBLISHER_CITY_MIN_PEOPLE:
            cities.setdefault(_key(city["name"]), []).append(city)
            # the short names it goes by ('philly.com' is Philadelphia's, 'fox5vegas.com' Las Vegas')
            for key in {_key(name) for name in city.get("alternatenames") or () if _nickname(name, city["name"])}:
                nicknamed.setdefault(key, []).append(city)
    for key, named in nicknamed.items():
        if key not in cities and len(named) == 1:  # a city's own name first ('Philadelphia' is also Amman's old name)
            cities[key] = named
    places: dict[str, Location | None] = {}
    states = _state_keys()
    for key, state in states.items():
        places[key] = Location(name=state, country="USA", admin1=state, precision="admin1")
    for key, named in cities.items():
        named.sort(key=lambda city: -city["population"])
        if len(named) > 1 and named[0]["population"] < SHARED_NAME_RATIO * named[1]["population"]:
            places[key] = None
            continue
        city = city_location(named[0])
        places[key] = city if key not in states or city.admin1 == states[key] else None
        if any(state != key and state.endswith(key) for state in states):
            places[key] = None  # 'foxcarolina.com' is in one of the Carolinas, not in Carolina, Puerto Rico
    found = {key: place for key, place in places.items() if len(key) >= MIN_NAME_LETTERS}
    # the initials local news writes for its big city ('stltoday.com', 'nola.com', 'abqjournal.com')
    for short, full in CITY_SHORT_NAMES.items():
        if short.isupper() and len(short) >= MIN_INITIALS and (city := find_place(full, {"USA"})) is not None:
            found.setdefault(short.lower(), city)
    return found
