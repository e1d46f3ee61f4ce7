"""Places named in a locative phrase.

``locate`` resolves 'Town', 'Town, State', 'Town (District, Province)' as news copy and ACLED-style notes
write them. Beyond ``find_place`` it knows towns of 1,000 to 15,000 people and every level of ISO 3166-2
subdivision, but only inside a country or state that the phrase or the article gives: a village name alone
matches too many places (and words) to be evidence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import lru_cache

from processors.gazetteer import (
    CITY_SHORT_NAMES,
    city_location,
    country_iso3,
    county_name,
    find_place,
    strip_article,
    us_state,
    zip_town,
)
from processors.gazetteer_data import (
    CITY_WORDS,
    LEVEL_WORD,
    NAME_ABBREVIATIONS,
    city_candidates,
    country_name,
    country_population,
    fast_fold,
    fold,
    iso2_to_iso3,
    loose_keys,
    spelled_out,
    subdivision_index,
    towns_named,
    us_counties,
    us_state_by_code,
)
from processors.types import Location

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


# an Arabic article joined to a name by a hyphen ('El-Arish', 'Al-Mukalla')
ARABIC_ARTICLE = re.compile(r"^(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)-")
# a city this large is the one a reader takes its name for, whatever smaller town of the name the story's states have
WELL_KNOWN_CITY = 100_000


def _us_state_of(city: dict) -> str | None:
    return us_state_by_code().get(city["admin1code"]) if city["countrycode"] == "US" else None


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


def _regions(name: str, countries: Collection[str] = ()) -> list[tuple[str, str, str]]:
    """Subdivisions of that name (in ``countries`` when given), at most one per country: first-level ones
    before lower levels ('Bari' the Somali region before the Italian province), then larger countries first."""
    match = LEVEL_WORD.match(name)
    base = match.group(1) if match and match.group(2).lower() not in CITY_WORDS else name
    # 'York County', written the American way and a US county's name, is no other country's York, nor a US state
    # ('Washington County', 'Wyoming County', 'Delaware County': counties of other states)
    american = bool(match) and match.group(2).lower() == "county" and bool(us_counties().get(fold(strip_article(name))))
    found: dict[str, tuple[str, str, str]] = {}
    for key in loose_keys(strip_article(base)):
        for entry in subdivision_index().get(key, ()):
            if american and (entry[1] != "USA" or entry[0] == entry[2]):
                continue
            if not countries or entry[1] in countries:
                found.setdefault(entry[1], entry)
    population = country_population()
    return sorted(found.values(), key=lambda e: (e[0] != e[2], -population.get(e[1], 0)))


def _place_within(
    name: str, countries: Collection[str], states: Collection[str], strict: bool = False
) -> Location | None:
    """A place of that name inside the given countries (and US states): city, subdivision, town, US county."""
    clean = strip_article(name)
    if not clean:
        return None
    iso3 = country_iso3(clean)
    if iso3 in countries:
        return Location(name=country_name(iso3), country=iso3, precision="country")
    state = us_state(clean)
    if state and "USA" in countries:
        return Location(name=state, country="USA", admin1=state, precision="admin1")
    key = fold(clean)
    level = LEVEL_WORD.match(key)
    town_key = level.group(1) if level and level.group(2) in CITY_WORDS else key  # 'Lahore city'
    cities = city_candidates().get(key, ()) or city_candidates().get(town_key, ())
    cities = _within(cities, countries, states, strict)
    if cities:
        return city_location(cities[0])
    regions = _regions(clean, countries)
    if regions:
        return _subdivision_location(regions[0])
    towns = _within(towns_named(town_key), countries, states, strict)
    if towns:
        return city_location(towns[0])
    if "USA" in countries:
        county = [s for s in us_counties().get(key, ()) if not states or s in states]
        if len(county) == 1:
            return Location(name=county_name(clean), country="USA", admin1=county[0], precision="admin1")
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


# The US capital: 'Washington, D.C.', 'Washington DC'. The gazetteer's 'Washington' is the state (a state name wins
# over a city of that name), and its city record has no state; the District is the city's own first-level unit.
WASHINGTON_DC = Location(name="Washington", country="USA", admin1="District of Columbia", lat=38.8951, lon=-77.0364,
                         precision="city")
DISTRICT_NAMES = frozenset({"d.c.", "d.c", "dc", "district of columbia"})


# the District's quadrants, which its news names places by ('in Southeast D.C.', 'Northwest DC')
DISTRICT_QUADRANTS = frozenset({"northwest", "northeast", "southwest", "southeast"})


def _is_capital_district(head: str, qualifiers: Sequence[str]) -> bool:
    """'Washington, D.C.', 'Washington (DC)', 'D.C.', 'Southeast D.C.'."""
    words = head.lower().replace(",", " ").split()
    if words[:1] and words[0] in DISTRICT_QUADRANTS:
        words = words[1:]
    if " ".join(words) in DISTRICT_NAMES:
        return True
    if words[:1] != ["washington"]:
        return False
    rest = " ".join(words[1:])
    return rest in DISTRICT_NAMES or bool(qualifiers and qualifiers[0].lower().strip() in DISTRICT_NAMES)


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
    return _locate(head, tuple(qualifiers), frozenset(countries), frozenset(states), bool(named_as_place),
                   frozenset(anchors))


@lru_cache(maxsize=8192)
def _locate(
    head: str,
    qualifiers: tuple[str, ...],
    countries: frozenset[str],
    states: frozenset[str],
    named_as_place: bool,
    anchors: frozenset[str],
) -> Location | None:
    """``locate``, read once per phrase and context: an article reads its place phrases per sentence, paragraph
    and property. Only membership in the collections matters, so frozensets key it."""
    head = _joined_article(" ".join(head.split()))
    short = CITY_SHORT_NAMES.get(head)  # 'KC police': Kansas City's (``find_place`` reads them too)
    if short is not None and "," in short:  # 'KCK': Kansas City, Kansas, named with its state
        return find_place(short, countries)
    head = short or head
    if _is_capital_district(head, qualifiers):
        return WASHINGTON_DC
    for n in range(len(qualifiers), 0, -1):  # a broadest qualifier the gazetteer cannot read ('KL') is left out
        place = _qualified(head, qualifiers[n - 1], qualifiers[: n - 1], countries, states)
        if place is not None:
            return place
    if country_iso3(head) or us_state(head):
        return find_place(head, countries)  # 'in Minnesota': the state, whatever village shares the name
    key = fold(strip_article(head))
    level = LEVEL_WORD.match(key)
    town_key = level.group(1) if level and level.group(2) in CITY_WORDS else key  # 'Taiz city'
    if town_key != key and key in city_candidates():
        # 'Oklahoma City', 'Jersey City': 'City' is part of the city's name, unless the article's countries
        # say otherwise ('Hays city in western Yemen' is Hays, not the Kansas town once called Hays City)
        context = {*countries, *anchors}
        if not context or _within(city_candidates()[key], context, states):
            town_key = key
    if town_key.split()[0].rstrip(".") in NAME_ABBREVIATIONS or " st. " in town_key:
        # 'St. Paul', 'Ft. Myers', 'Port St. Lucie': the gazetteer's main names write the word out ('Saint Paul')
        spelled = spelled_out(town_key)
        if not any(fast_fold(c["name"]) == town_key for c in city_candidates().get(town_key, ())) and (
                any(fast_fold(c["name"]) == spelled for c in city_candidates().get(spelled, ()))
                or towns_named(spelled)):
            town_key = spelled
    # a city known here only by an alternate name ('Turk', 'Side') needs the model to have tagged it a place
    known = [c for c in city_candidates().get(town_key, ()) if named_as_place or fast_fold(c["name"]) == town_key]
    cities = _within(known, {*countries, *anchors}, states)
    elsewhere = bool(cities) and cities[0]["countrycode"] == "US" and _us_state_of(cities[0]) not in states
    if named_as_place and states and elsewhere and cities[0]["population"] < WELL_KNOWN_CITY:
        # 'Jasper' in a story of Walker County, Alabama: the town there, not the larger Jasper, Indiana (a name the
        # model tagged a place: 'attacks on Clinton' in a title is no town in New York; and 'Memphis' near DeSoto
        # County, which Florida and Mississippi have, is still the city every reader knows)
        towns = _within(towns_named(town_key), {"USA"}, states, strict=True)
        if towns:
            return city_location(towns[0])
    if cities:
        return city_location(cities[0])  # 'Springfield' in an article that names Illinois
    # towns without a qualifier only for names the model tagged as places ('at Easter', 'in Congress' match
    # some village too), or instead of a larger city of that name in a country the article does not name
    # ('near Qaryatain' in a story about Syria is no town abroad)
    towns = _within(towns_named(town_key), anchors, states)
    if towns and (named_as_place or known):
        return city_location(towns[0])
    place = find_place(head, countries)
    if place is not None and (place.precision != "city" or named_as_place or known):
        return place
    if "USA" in countries and key in us_counties():  # 'Highland County' in a US story is no Scottish council area
        return _place_within(head, countries, states)
    regions = _regions(head, countries) if countries else []
    anywhere = _regions(head)
    if regions or len(anywhere) == 1:  # 'Ar-Raqqa', 'Lower Shabelle': in a country the article names, else unique
        return _subdivision_location((regions or anywhere)[0])
    if countries and named_as_place:
        return _place_within(head, countries, states)
    towns = towns_named(town_key)
    if named_as_place and not countries and towns and len({t["countrycode"] for t in towns}) == 1:
        return city_location(towns[0])
    return None


def _joined_article(head: str) -> str:
    """'El-Arish' is Arish: the gazetteer knows a name with its Arabic article apart or without it, not joined."""
    bare = ARABIC_ARTICLE.sub("", head)
    if bare == head or not bare[:1].isupper() or fold(head) in city_candidates() or _regions(head):
        return head  # 'Ad-Dali' is a Yemeni governorate as written, and 'Dali' a Chinese city
    return bare if fold(bare) in city_candidates() or towns_named(fold(bare)) else head


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
        # 'NEW ORLEANS (AP)': a wire service's credit, not Andhra Pradesh; and a dateline 'WASHINGTON (AP)' is
        # the capital, not the state
        return WASHINGTON_DC if head.upper() == "WASHINGTON" else alone
    if alone is not None and (alone.precision != "city" or all(b.precision == "city" for _, _, b in options)):
        # 'in Syria, Turkey said': a country or state of its own, not a place in the qualifier; 'Lima (San
        # Isidro)': a known city and a neighbourhood that shares its name with a town elsewhere
        return alone
    context = max(options, key=lambda option: option[0])[1]  # the first of the best
    if context.precision == "country":
        return context
    if context.country == "USA" and context.admin1 and (town := zip_town(head, context.admin1)) is not None:
        return town  # 'Manchester, IL': a town of a few hundred people that only the ZIP code list knows
    return Location(name=head, country=context.country, admin1=context.admin1, precision="admin1")


@lru_cache(maxsize=8192)  # a pure lookup of a name, read per place phrase of every article
def names_region(name: str) -> bool:
    """A country, US state or subdivision of some country (or an abbreviation of one, 'J&K'): a bracket that
    holds one after a name places it ('Town (District, Province)'), unlike '(PTM)' after a movement's name."""
    return bool(
        us_state(name) or country_iso3(name) or QUALIFIER_ABBREVIATIONS.get(name.replace(" ", "")) or _regions(name)
    )


@lru_cache(maxsize=8192)  # a pure lookup of a name, read per place phrase of every article
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
