"""Canonical events on SQLite and PostgreSQL: merging reports, provenance, revisions, replay, consumers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select, text

from db.canonical import person_keys, street_keys
from db.migrate import upgrade
from db.models import CanonicalEventRow, EventRow
from db.store import EventFilter, make_engine, query_canonical_events, save_extractions
from processors.types import Actor, ActorRef, Article, Count, EntityMention, Event, Extraction, Location
from streams.cli import main
from streams.settings import get_settings

KABUL = Location("Kabul", "AFG", "Kabul", 34.53, 69.17)
MONDAY = date(2024, 3, 11)


def report(event_id: str, sentence: str, killed: int | None, cameo: str = "183", target: str | None = "AFGCVL",
           source: str | None = None, where: Location | None = KABUL, when: date | None = MONDAY,
           injured: int | None = None) -> Event:
    return Event(
        event_id=event_id, cameo=cameo, plover={"14": "PROTEST", "17": "COERCE"}.get(cameo[:2], "ASSAULT"),
        source=ActorRef("attackers", source),
        target=ActorRef("people", target), sentence=sentence, start=0, end=len(sentence),
        date=when, date_precision="day" if when else None, location=where,
        killed=Count(killed, killed, killed, f"killing {killed}") if killed is not None else None,
        injured=Count(injured, injured, injured) if injured is not None else None, confidence=0.8,
    )


def message(article_id: str, events: list[Event], source: str = "Wire", published: str = "2024-03-11T18:00:00+00:00",
            version: str = "test-1") -> dict[str, Any]:
    extraction = Extraction(article_id=article_id, events=tuple(events), extractor_version=version)
    article = {"id": article_id, "source": source, "url": f"https://example.org/{article_id}",
               "published_at": published, "text_chars": 200}
    return {"article": article, "extraction": extraction.to_json()}


def canonical(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(CanonicalEventRow.__table__)
                                              .order_by(CanonicalEventRow.created_at)).mappings()]


def links(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        return dict(conn.execute(select(EventRow.event_id, EventRow.canonical_id)).all())


BOMB = "A car bomb exploded at a crowded market in Kabul on Monday, killing 12 people."


def test_the_same_article_published_three_times_is_one_canonical_event(engine: Engine) -> None:
    for _ in range(3):
        save_extractions(engine, [message("a1", [report("a1-e1", BOMB, 12)])])
    [event] = canonical(engine)
    assert (event["report_count"], event["revision"], event["status"]) == (1, 1, "active")
    assert links(engine) == {"a1-e1": event["id"]}


def test_a_reprint_under_another_id_joins_the_event(engine: Engine) -> None:
    save_extractions(engine, [message("a1", [report("a1-e1", BOMB, 12, target=None)], source="Wire A")])
    # The reprint's copy desk dropped the date; the identical sentence is what links it.
    save_extractions(engine, [message("reprint", [report("rp-e1", BOMB, 12, target="AFGCOP", when=None)],
                                      source="Paper B", published="2024-03-12T06:00:00+00:00")])
    [event] = canonical(engine)
    assert (event["report_count"], event["source_count"], event["event_date"]) == (2, 2, MONDAY)


def test_three_differently_worded_reports_are_one_event_with_reconciled_values(engine: Engine) -> None:
    save_extractions(engine, [
        message("r1", [report("r1-e", BOMB, 12, injured=30, target=None)], "Wire A", "2024-03-11T18:00:00+00:00"),
        message("r2", [report("r2-e", "At least 12 civilians were killed when a car bomb went off in Kabul.", 12,
                              injured=25)], "Wire B", "2024-03-11T20:00:00+00:00"),
    ])
    save_extractions(engine, [message("r3", [report(
        "r3-e", "A car bomb tore through a market in the Afghan capital, killing 14.", 14,
        where=Location("Kabul", "AFG", "Kabul", 34.52, 69.18), target="AFGCVL")], "Wire C",
        "2024-03-12T08:00:00+00:00")])
    [event] = canonical(engine)
    assert set(links(engine).values()) == {event["id"]}
    assert (event["report_count"], event["article_count"], event["source_count"]) == (3, 3, 3)
    # low = min of lows, high = max of highs, best = upper median of the reports of the last 24 h.
    assert (event["killed_low"], event["killed_best"], event["killed_high"]) == (12, 12, 14)
    assert (event["injured_low"], event["injured_best"], event["injured_high"]) == (25, 30, 30)
    assert (event["event_date"], event["country"], event["revision"]) == (MONDAY, "AFG", 2)
    assert _utc(event["first_seen"]) == datetime(2024, 3, 11, 18, tzinfo=UTC)
    assert _utc(event["last_seen"]) == datetime(2024, 3, 12, 8, tzinfo=UTC)


def test_two_incidents_on_the_same_day_in_the_same_city_stay_two(engine: Engine) -> None:
    save_extractions(engine, [
        message("b1", [report("b1-e", BOMB, 12)]),
        message("b2", [report("b2-e", "Gunmen shot dead two police officers at a checkpoint in Kabul.", 2,
                              cameo="193", source="UAF", target="AFGCOP")]),
        # Same day, same country, another city: never the same event.
        message("b3", [report("b3-e", "A car bomb killed 12 people in a market in Kandahar.", 12,
                              where=Location("Kandahar", "AFG", "Kandahar", 31.61, 65.71))]),
    ])
    assert len(canonical(engine)) == 3
    assert len(set(links(engine).values())) == 3


SPRINGFIELD = Location("Springfield", "USA", "Illinois", 39.8017, -89.6437, "city")
MILLBROOK = Location("Millbrook", "USA", "Illinois", 41.6, -88.55, "city")  # a village the city index does not list
PEORIA = Location("Peoria", "USA", "Illinois", 40.69, -89.59, "city")


def test_a_report_without_a_place_takes_its_articles_place(engine: Engine) -> None:
    save_extractions(engine, [message("s1", [report(
        "s1-e", "Two men were shot dead outside a bar in Springfield late on Monday.", 2, cameo="193",
        target="CVL", where=SPRINGFIELD, when=None)], published="2024-03-12T07:00:00+00:00")])
    # The second story names the town only in a statement; its shooting sentence names no place.
    save_extractions(engine, [message("s2", [
        report("s2-quote", "The mayor of Springfield called for calm.", None, cameo="010", target=None,
               where=SPRINGFIELD, when=None),
        report("s2-shot", "The gunman fired into the crowd, killing two men.", 2, cameo="193", target="CVL",
               where=None, when=None)], published="2024-03-12T09:00:00+00:00")])
    ids = links(engine)
    assert ids["s2-shot"] == ids["s1-e"] != ids["s2-quote"]
    shooting = next(e for e in canonical(engine) if e["id"] == ids["s1-e"])
    assert (shooting["report_count"], shooting["country"], shooting["location_name"]) == (2, "USA", "Springfield")
    with engine.connect() as conn:  # the report itself keeps what its sentence said: no place
        assert conn.execute(text("SELECT location_name FROM events WHERE event_id = 's2-shot'")).scalar() is None


def test_a_place_of_the_article_alone_founds_an_event_in_that_country(engine: Engine) -> None:
    save_extractions(engine, [message("p1", [
        report("p1-quote", "Residents of Peoria gathered on Tuesday.", None, cameo="010", target=None, where=PEORIA),
        report("p1-shot", "A woman was wounded by a stray bullet.", None, injured=1, cameo="193", target="CVL",
               where=None, when=None)])])
    [shooting] = [e for e in canonical(engine) if e["cameo"] == "193"]
    assert (shooting["country"], shooting["location_name"], shooting["location_admin1"]) == \
        ("USA", "Peoria", "Illinois")


def test_a_town_alone_does_not_link_two_reports(engine: Engine) -> None:
    # No date of their own, no figures, no actors: only the town (and the block's +-2 days) in common.
    save_extractions(engine, [
        message("t1", [report("t1-e", "Shots were fired at a party in Springfield.", None, cameo="193", target=None,
                              where=SPRINGFIELD, when=None)], published="2024-03-11T08:00:00+00:00"),
        message("t2", [report("t2-e", "A man was shot in a robbery in Springfield.", None, cameo="193",
                              target=None, where=SPRINGFIELD, when=None)], published="2024-03-12T08:00:00+00:00"),
    ])
    assert len(canonical(engine)) == 2
    # With a compatible toll as well, they are one.
    save_extractions(engine, [message("t3", [report(
        "t3-e", "Police in Springfield said one man was wounded at the party.", None, injured=1, cameo="193",
        target=None, where=SPRINGFIELD, when=None)], published="2024-03-12T09:00:00+00:00"),
        message("t4", [report("t4-e", "A Springfield man was wounded in a shooting.", None, injured=1, cameo="190",
                              target=None, where=SPRINGFIELD, when=None)], published="2024-03-12T10:00:00+00:00")])
    ids = links(engine)
    assert ids["t4-e"] == ids["t3-e"] and len(canonical(engine)) == 3


def test_two_shootings_in_one_town_with_different_tolls_stay_two_even_from_one_article_place(engine: Engine) -> None:
    save_extractions(engine, [message("w1", [report(
        "w1-e", "A gunman killed 9 people at a mall in Springfield.", 9, cameo="193", target=None,
        where=SPRINGFIELD, when=None)])])
    save_extractions(engine, [message("w2", [
        report("w2-quote", "Springfield police gave a news conference.", None, cameo="010", target=None,
               where=SPRINGFIELD, when=None),
        report("w2-shot", "A teenager was shot dead on his porch.", 1, cameo="193", target=None, where=None,
               when=None)])])
    ids = links(engine)
    assert ids["w2-shot"] != ids["w1-e"]


def test_the_report_with_the_toll_chooses_first_among_its_articles_reports(engine: Engine) -> None:
    save_extractions(engine, [message("x1", [report("x1-e", "Three people were shot dead in Springfield.", 3,
                                                    cameo="193", target="AFGCVL", where=SPRINGFIELD)])])
    # The second story tells the shooting twice: a chase without figures (first in the text, it scores
    # as well: same town, same day, same target) and the shooting with its toll, which is the one that
    # must join the first story's event.
    save_extractions(engine, [message("x2", [
        report("x2-chase", "Officers chased the gunman through Springfield.", None, cameo="190", target="AFGCVL",
               where=SPRINGFIELD),
        report("x2-toll", "The gunman killed three people at a diner.", 3, cameo="193", target=None,
               where=SPRINGFIELD)], published="2024-03-11T20:00:00+00:00")])
    ids = links(engine)
    assert ids["x2-toll"] == ids["x1-e"] != ids["x2-chase"]


def test_evidence_points() -> None:
    from db.canonical import FROM_ARTICLE, evidence, match_score

    base = {"location_name": "Springfield", "location_precision": "city", "location_lat": 39.8017,
            "location_lon": -89.6437, "event_date": MONDAY, "date_precision": "day", "sentence": "one"}
    # Different roles of one country are no evidence (outlets name people differently); countries are.
    same_country = evidence({**base, "target_code": "USACVL", "target_country": "USA"},
                            {**base, "target_code": "USACOP", "target_country": "USA"})
    other_country = evidence({**base, "target_code": "USACOP", "target_country": "USA"},
                             {**base, "target_code": "MEXCOP", "target_country": "MEX"})
    assert same_country is not None and other_country is not None
    assert (same_country["target"], other_country["target"]) == (0, -1)
    # Two towns 60 km apart rule each other out, unless one was only borrowed from the article.
    peoria = {**base, "location_name": "Peoria", "location_lat": 40.69, "location_lon": -89.59}
    assert match_score(base, peoria) is None
    assert match_score({**peoria, FROM_ARTICLE: True}, base) == -1 + 1  # the same day: +1
    assert evidence({**base, "killed_best": 3}, {**base, "killed_best": 5}) == {"place": 2, "date": 1, "counts": 1}
    assert evidence({**base, "killed_best": 1}, {**base, "killed_best": 9})["counts"] == -1  # type: ignore[index]
    # one killed in both, but eight wounded and one: the killed figure alone tells nothing
    assert evidence({**base, "killed_best": 1, "injured_best": 8},
                    {**base, "killed_best": 1, "injured_best": 1})["counts"] == 0  # type: ignore[index]
    assert evidence({**base, "killed_best": 1, "injured_best": 3},
                    {**base, "killed_best": 1, "injured_best": 5})["counts"] == 1  # type: ignore[index]
    # The same killed *and* injured figures count once more; zeros are no evidence.
    assert evidence({**base, "killed_best": 1, "injured_best": 4}, {**base, "killed_best": 1, "injured_best": 4}) \
        == {"place": 2, "date": 1, "counts": 1, "both_figures": 1}
    assert "both_figures" not in evidence({**base, "killed_best": 1, "injured_best": 1},  # type: ignore[operator]
                                          {**base, "killed_best": 1, "injured_best": 4})
    assert "both_figures" not in evidence({**base, "killed_best": 0, "injured_best": 0},  # type: ignore[operator]
                                          {**base, "killed_best": 0, "injured_best": 0})


def test_a_city_of_millions_is_weaker_evidence_than_a_town() -> None:
    from db.canonical import evidence
    from processors.gazetteer import find_place

    def where(name: str) -> dict:
        place = find_place(name)
        assert place is not None
        return {"location_name": place.name, "location_precision": "city", "location_admin1": place.admin1,
                "location_lat": place.lat, "location_lon": place.lon, "sentence": "one"}

    # Chicago has shootings every day: two reports of it share less than two of Peoria (or Springfield)
    assert evidence(where("Chicago"), where("Chicago"))["place"] == 1  # type: ignore[index]
    assert evidence(where("Peoria, Illinois"), where("Peoria, Illinois"))["place"] == 2  # type: ignore[index]
    # a neighbourhood the gazetteer places near a big city is that city's too
    assert evidence(where("Chicago"), {**where("Chicago"), "location_name": "Cicero"})["place"] == 1  # type: ignore[index]


def test_towns_in_no_common_county_are_two_places_however_near() -> None:
    from db.canonical import FROM_ARTICLE, evidence
    from processors.gazetteer import find_place

    def where(name: str) -> dict:
        place = find_place(name)
        assert place is not None and place.precision == "city"
        return {"location_name": place.name, "location_precision": "city", "location_admin1": place.admin1,
                "location_country": "USA", "location_lat": place.lat, "location_lon": place.lon, "sentence": "one"}

    # Newark (Essex County) and Paterson (Passaic County) are 20 km apart: two towns, not one place
    assert evidence(where("Newark, New Jersey"), where("Paterson, New Jersey")) is None
    assert evidence({**where("Newark, New Jersey"), FROM_ARTICLE: True}, where("Paterson, New Jersey")) == {"place": -1}
    # Sandy Springs lies in Fulton County, as part of Atlanta does: near and sharing a county, one place
    assert evidence(where("Sandy Springs, Georgia"), where("Atlanta, Georgia"))["place"] == 2  # type: ignore[index]
    # a town the gazetteer does not know, placed in its state, is a town all the same
    mountainburg = {"location_name": "Mountainburg", "location_precision": "admin1", "location_admin1": "Arkansas",
                    "location_country": "USA", "sentence": "one"}
    assert evidence(mountainburg, where("Pine Bluff, Arkansas")) is None
    assert evidence(mountainburg, {**mountainburg, "location_name": "Arkansas"})["place"] == 1  # type: ignore[index]


def test_the_same_county_is_evidence_like_the_same_town() -> None:
    from db.canonical import FROM_ARTICLE, evidence

    county = {"location_name": "Navarro County", "location_precision": "admin1", "location_admin1": "Texas",
              "sentence": "one"}
    state = {**county, "location_name": "Texas"}
    assert evidence(county, {**county, "location_name": "NAVARRO COUNTY"})["place"] == 2  # type: ignore[index]
    assert evidence(state, state)["place"] == 1  # type: ignore[index]  # a state is wide
    # two counties of one state are two places (counties do not overlap); borrowed from an article, evidence against
    assert evidence(county, {**county, "location_name": "Ellis County"}) is None
    assert evidence(county, {**county, "location_name": "Ellis County", FROM_ARTICLE: True}) == {"place": -1}


def test_places_in_two_states_rule_each_other_out() -> None:
    from db.canonical import FROM_ARTICLE, evidence

    county = {"location_name": "Dane County", "location_precision": "admin1", "location_admin1": "Wisconsin",
              "location_country": "USA", "sentence": "one"}
    town = {"location_name": "Scranton", "location_precision": "city", "location_admin1": "Pennsylvania",
            "location_country": "USA", "location_lat": 41.41, "location_lon": -75.66, "sentence": "two"}
    state = {**county, "location_name": "Ohio", "location_admin1": "Ohio"}
    assert evidence(county, town) is None
    assert evidence(state, county) is None
    assert evidence({**county, FROM_ARTICLE: True}, town) == {"place": -1}  # borrowed: evidence, no veto
    # one state, or no state known: as before
    assert evidence(county, {**town, "location_admin1": "Wisconsin"}) == {"place": 1}
    assert evidence(county, {**town, "location_admin1": None}) == {"place": 0}
    # a city astride a state line is one place: the same name (or 25 km) decides between cities
    kansas_city = {**town, "location_name": "Kansas City", "location_admin1": "Missouri", "location_lat": 39.10,
                   "location_lon": -94.58}
    assert evidence(kansas_city, {**kansas_city, "location_admin1": "Kansas", "location_lon": -94.63}) \
        == {"place": 2}
    # ... and so are two cities of one name, even in two states: a bare "Springfield" or "Charlotte" is given
    # different states by different stories (the gazetteer's guess), far more often than two such towns meet
    springfield = {**town, "location_name": "Springfield", "location_admin1": "Illinois", "location_lat": 39.8017,
                   "location_lon": -89.6437}
    assert evidence(springfield, {**springfield, "location_admin1": "Missouri", "location_lat": 37.21,
                                  "location_lon": -93.29}) == {"place": 2}


def test_a_county_without_its_state_lies_in_a_state_that_has_a_county_of_that_name() -> None:
    from db.canonical import evidence

    # 'Clayton County' (Georgia's or Iowa's; the story did not say which) is no Florida town's place
    county = {"location_name": "Clayton County", "location_precision": "admin1", "location_admin1": None,
              "location_country": "USA", "sentence": "one"}
    florida = {"location_name": "Lauderhill", "location_precision": "city", "location_admin1": "Florida",
               "location_country": "USA", "location_lat": 26.14, "location_lon": -80.21, "sentence": "two"}
    georgia = {**florida, "location_name": "Jonesboro", "location_admin1": "Georgia", "location_lat": 33.52,
               "location_lon": -84.35}
    assert evidence(county, florida) is None
    # Georgia has one, and Jonesboro lies in it (the ZIP code list says so): the same place
    assert evidence(county, georgia) == {"place": 2}
    assert evidence(county, {**county, "location_admin1": "Georgia"}) == {"place": 2}  # the same county
    # a Georgia town the ZIP code list does not know: the place says nothing either way
    assert evidence(county, {**georgia, "location_name": "Nowhereville"}) == {"place": 0}
    # a name no state has as a county rules nothing out
    assert evidence({**county, "location_name": "Nowhere County"}, florida) == {"place": 0}


def test_a_town_and_the_county_it_lies_in_are_one_place() -> None:
    from db.canonical import FROM_ARTICLE, evidence

    # One outlet names the town, another the county whose sheriff's office speaks for it.
    county = {"location_name": "Harris County", "location_precision": "admin1", "location_admin1": "Texas",
              "location_country": "USA", "sentence": "one"}
    town = {"location_name": "Cypress", "location_precision": "city", "location_admin1": "Texas",
            "location_country": "USA", "location_lat": 29.97, "location_lon": -95.70, "sentence": "two"}
    assert evidence(county, town) == {"place": 2}
    assert evidence(town, county) == {"place": 2}
    # 'St.' or 'Saint', either spelling; a county without its state, in a state that has one of that name
    assert evidence({**county, "location_name": "St. Louis County", "location_admin1": "Missouri"},
                    {**town, "location_name": "Florissant", "location_admin1": "Missouri"}) == {"place": 2}
    assert evidence({**county, "location_admin1": None}, town) == {"place": 2}
    # A town of the same state outside the county is another place, as two towns far apart are ...
    assert evidence({**county, "location_name": "Travis County"}, town) is None
    # ... unless one place was only borrowed from the article: evidence against, no veto.
    assert evidence({**county, "location_name": "Travis County", FROM_ARTICLE: True}, town) == {"place": -1}
    # Two counties of the state are two places (above); a county and its state share the state.
    assert evidence(county, {**county, "location_name": "Travis County"}) is None
    assert evidence(county, {**county, "location_name": "Texas"}) == {"place": 1}


def test_a_violent_report_without_a_date_is_taken_as_of_the_day_it_was_reported() -> None:
    from db.canonical import evidence

    town = {"location_name": "Springfield", "location_precision": "city", "location_lat": 39.8017,
            "location_lon": -89.6437, "cameo_root": "19", "sentence": "one"}
    told = {**town, "event_date": MONDAY, "date_precision": "day", "block_type": "violence"}
    undated = {**town, "event_date": None, "date_precision": None, "anchor_date": MONDAY}
    assert evidence(undated, told) == {"place": 2, "date": 1}  # reported on the day the other tells
    # ... or the morning after: the night's shooting in the next day's paper
    assert evidence({**undated, "anchor_date": MONDAY + timedelta(days=1)}, told) == {"place": 2, "date": 1}
    # a guess is never evidence against: a follow-up reported days later tells no other day
    assert evidence({**undated, "anchor_date": MONDAY + timedelta(days=2)}, told) == {"place": 2, "date": 0}
    # and a report published before the day the other tells is not of that day
    assert evidence({**undated, "anchor_date": MONDAY - timedelta(days=1)}, told) == {"place": 2, "date": 0}
    # two guesses never agree: two undated shootings reported in one town on one day are as likely two
    assert evidence(undated, {**undated, "sentence": "two"}) == {"place": 2, "date": 0}
    # nor does a guess where no place agrees: two reports that name no place share no town's news of the day
    nowhere = {"location_name": None, "location_precision": None}
    assert evidence({**undated, **nowhere}, {**told, **nowhere}) == {"place": 0, "date": 0}
    # a stored report is guessed on the day its article was published
    stored = {**town, "event_date": None, "date_precision": None,
              "seen": datetime(2024, 3, 11, 18, 0, tzinfo=UTC)}
    assert evidence(stored, told) == {"place": 2, "date": 1}
    # statements are told every day in every town: no guess for what is not violence
    said = {**undated, "cameo_root": "01"}
    assert evidence(said, {**told, "cameo_root": "01", "block_type": "01"}) == {"place": 2}
    # nor for background told without a date ('follows a shooting last week'): it was before it was reported
    assert evidence({**undated, "historical": True}, told) == {"place": 2}
    assert evidence(undated, {**told, "event_date": None, "date_precision": None, "historical": True,
                              "anchor_date": MONDAY - timedelta(days=1)}) == {"place": 2}


def test_an_undated_shooting_reported_on_the_day_another_story_tells_joins_it(engine: Engine) -> None:
    save_extractions(engine, [message("d1", [report(
        "d1-e", "Two men were shot in Springfield on Monday.", None, injured=2, cameo="193", target=None,
        where=SPRINGFIELD)], published="2024-03-11T20:00:00+00:00")])
    # The second story tells no day and no toll the first can check: the town and the day it was reported.
    save_extractions(engine, [message("d2", [report(
        "d2-e", "Police in Springfield are looking for the gunman who opened fire outside a bar.", None,
        cameo="190", target=None, where=SPRINGFIELD, when=None)], published="2024-03-11T22:00:00+00:00")])
    # A third, reported two days later without a day, is not tied to Monday by anything: it stays apart.
    save_extractions(engine, [message("d3", [report(
        "d3-e", "A gunman opened fire in Springfield.", None, cameo="190", target=None, where=SPRINGFIELD,
        when=None)], published="2024-03-13T09:00:00+00:00")])
    ids = links(engine)
    assert ids["d2-e"] == ids["d1-e"] != ids["d3-e"]


@pytest.mark.parametrize("where, days_later, when, killed, joins", [
    (SPRINGFIELD, 4, None, 1, True),  # "police arrested a man in the shooting death": no day, four days on
    (SPRINGFIELD, 9, None, 1, False),  # more than a week on, a town's next killing is as likely
    (SPRINGFIELD, 4, MONDAY + timedelta(days=3), 1, False),  # a story that tells its own day, Thursday, is another
    (Location("Chicago", "USA", "Illinois", 41.85, -87.65, "city"), 4, None, 1, False),  # a city of millions
    (SPRINGFIELD, 4, None, None, False),  # one wounded: a town's news of any week
    (MILLBROOK, 4, None, None, True),  # but not of a village's: its follow-up within the week
    (MILLBROOK, 9, None, None, False),
])
def test_an_undated_follow_up_days_later_joins_the_killing_of_its_town(engine: Engine, where: Location,
                                                                       days_later: int, when: date | None,
                                                                       killed: int | None, joins: bool) -> None:
    wounded = None if killed else 1
    save_extractions(engine, [message("f1", [report(
        "f1-e", "A man was shot on Monday.", killed, injured=wounded, cameo="193", target=None, where=where)],
        published="2024-03-11T20:00:00+00:00")])
    later = (datetime(2024, 3, 11, 9, tzinfo=UTC) + timedelta(days=days_later)).isoformat()
    save_extractions(engine, [message("f2", [report(
        "f2-e", "Police arrested a man in the shooting.", killed, injured=wounded, cameo="193", target=None,
        where=where, when=when)], published=later)])
    ids = links(engine)
    assert (ids["f2-e"] == ids["f1-e"]) is joins


def test_undated_background_is_no_follow_up_of_a_killing_days_before() -> None:
    from db.canonical import within_reach

    town = {"location_name": "Springfield", "location_precision": "city", "location_lat": 39.8017,
            "location_lon": -89.6437, "cameo_root": "18", "killed_best": 1}
    killing = {**town, "anchor_date": MONDAY, "event_date": MONDAY, "date_precision": "day"}
    follow_up = {**town, "anchor_date": MONDAY + timedelta(days=4), "event_date": None, "date_precision": None}
    assert within_reach(killing, follow_up)
    # 'follows a shooting last week that left one dead': told undated as background, it is no news of its day ...
    assert not within_reach(killing, {**follow_up, "historical": True})
    # ... nor of the day before: older news than yesterday's shooting of its town
    yesterday = {**killing, "anchor_date": MONDAY + timedelta(days=3), "event_date": MONDAY + timedelta(days=3)}
    assert within_reach(yesterday, follow_up)
    assert not within_reach(yesterday, {**follow_up, "historical": True})


def test_a_small_towns_undated_follow_up_is_of_that_town_not_of_a_place_nearby() -> None:
    from db.canonical import within_reach

    village = {"location_name": "Millbrook", "location_precision": "city", "location_country": "USA",
               "location_lat": 41.6, "location_lon": -88.55, "cameo_root": "18", "injured_best": 1}
    shooting = {**village, "anchor_date": MONDAY, "event_date": MONDAY, "date_precision": "day"}
    follow_up = {**village, "anchor_date": MONDAY + timedelta(days=4), "event_date": None, "date_precision": None,
                 "injured_best": None}
    assert within_reach(shooting, follow_up)
    # a neighbourhood 2 km away is one place for a match, but not the village whose week's news is one shooting
    assert not within_reach(shooting, {**follow_up, "location_name": "Millbrook Park", "location_lat": 41.61})


def test_a_batch_is_linked_in_publication_order(engine: Engine) -> None:
    # 'b' is published first, 'a' a day later: in one batch, as in a feed read in order, the first story founds
    # the event and the later one joins it, whatever their ids
    later = message("a", [report("a-e", "A car bomb killed 12 people in Kabul on Monday.", 12)],
                    published="2024-03-12T08:00:00+00:00")
    first = message("b", [report("b-e", "Twelve people died when a car bomb exploded in Kabul on Monday.", 12)],
                    published="2024-03-11T18:00:00+00:00")
    save_extractions(engine, [later, first])
    with engine.connect() as conn:
        scores = dict(conn.execute(select(EventRow.event_id, EventRow.match_score)).all())
    assert scores["b-e"] is None and scores["a-e"] is not None


def test_a_shooting_stored_after_its_undated_follow_up_joins_it(engine: Engine) -> None:
    # the sink meets them in either order (one batch, a late feed): the dated story finds the follow-up too
    follow_up = message("f2", [report("f2-e", "Police arrested a man in the shooting.", 1, cameo="193", target=None,
                                      where=SPRINGFIELD, when=None)], published="2024-03-15T09:00:00+00:00")
    shooting = message("f1", [report("f1-e", "A man was shot on Monday.", 1, cameo="193", target=None,
                                     where=SPRINGFIELD)], published="2024-03-11T20:00:00+00:00")
    save_extractions(engine, [follow_up])
    save_extractions(engine, [shooting])
    ids = links(engine)
    assert ids["f2-e"] == ids["f1-e"]


def test_events_without_violence_need_more_than_a_town_and_one_actor(engine: Engine) -> None:
    # "Police said ..." in the same town on the same day, in two stories: two statements, not one.
    said = [message(f"s{n}", [report(f"s{n}-e", text, None, cameo="010", source="USACOP", target=None,
                                     where=SPRINGFIELD, when=None)], published=f"2024-03-11T{10 + n}:00:00+00:00")
            for n, text in enumerate(["Springfield police said the road would reopen.",
                                      "Springfield police said the man had been released."])]
    save_extractions(engine, said)
    assert len(canonical(engine)) == 2
    # The same meeting in two stories: both sides agree as well, and that is enough.
    met = [message(f"m{n}", [report(f"m{n}-e", text, None, cameo="040", source="USAGOV", target="MEXGOV",
                                    where=SPRINGFIELD, when=None)], published=f"2024-03-12T{10 + n}:00:00+00:00")
           for n, text in enumerate(["The governor met the Mexican consul in Springfield.",
                                     "Mexico's consul held talks with the governor in Springfield."])]
    save_extractions(engine, met)
    ids = links(engine)
    assert ids["m0-e"] == ids["m1-e"] and len(canonical(engine)) == 3


def test_match_score_is_the_sum_of_the_evidence() -> None:
    """``match_score`` computes ``evidence``'s sum without building it (the sink's hot path): the two agree,
    and the score is symmetric (re-clustering decides a pair once for both orders)."""
    import random

    from db.canonical import FROM_ARTICLE, evidence, match_score

    places = [{}, {"location_name": "Springfield", "location_precision": "city", "location_lat": 39.8017,
                   "location_lon": -89.6437, "location_admin1": "Illinois"},
              {"location_name": "springfield ", "location_precision": "city"},
              {"location_name": "Peoria", "location_precision": "city", "location_lat": 40.69, "location_lon": -89.59},
              {"location_name": "Illinois", "location_precision": "admin1", "location_admin1": "Illinois"},
              {"location_name": "Chatham", "location_precision": "city", "location_lat": 39.67,
               "location_lon": -89.70, FROM_ARTICLE: True}]
    choices: dict[str, list[Any]] = {
        "event_date": [None, MONDAY, MONDAY + timedelta(days=1), MONDAY - timedelta(days=3)],
        "date_precision": [None, "day", "month"], "cameo_root": [None, "19", "01"],
        "anchor_date": [None, MONDAY, MONDAY + timedelta(days=2)],
        "source_code": [None, "", "USACOP", "MEXCOP"], "source_country": [None, "USA", "MEX"],
        "target_code": [None, "USACVL", "USACOP"], "target_country": [None, "USA", "CAN"],
        "killed_best": [None, 0, 1, 3, 9], "injured_best": [None, 0, 1, 4],
        "sentence": [None, "", "short", "A gunman killed three people at a diner.",
                     "a gunman  killed three people at a DINER."],
    }
    rng = random.Random(17)

    def row() -> dict[str, Any]:
        return {**rng.choice(places), **{key: rng.choice(values) for key, values in choices.items()}}

    for _ in range(5000):
        a, b = row(), row()
        found = evidence(a, b)
        assert match_score(a, b) == (None if found is None else sum(found.values())), (a, b)
        assert match_score(a, b) == match_score(b, a), (a, b)


def test_two_events_of_one_article_are_never_merged(engine: Engine) -> None:
    save_extractions(engine, [message("c1", [report("c1-a", BOMB, 12), report("c1-b", BOMB + " Again.", 12)])])
    assert len(canonical(engine)) == 2


def test_a_higher_toll_revises_the_event_and_keeps_its_id(engine: Engine) -> None:
    save_extractions(engine, [message("d1", [report("d1-e", "A bomb killed 3 people in Kabul.", 3)],
                                      published="2024-03-11T09:00:00+00:00")])
    [first] = canonical(engine)
    checkpoint = datetime.now(UTC)
    assert query_canonical_events(engine, EventFilter(changed_since=checkpoint)) == []
    later = message("d2", [report("d2-e", "The toll from the Kabul bombing rose to 5.", 5)],
                    published="2024-03-12T10:00:00+00:00")
    save_extractions(engine, [later])
    [second] = canonical(engine)
    assert second["id"] == first["id"]
    assert (first["killed_best"], second["killed_best"], second["killed_low"], second["killed_high"]) == (3, 5, 3, 5)
    assert (first["revision"], second["revision"]) == (1, 2)
    assert _utc(second["updated_at"]) > _utc(first["updated_at"])
    [changed] = query_canonical_events(engine, EventFilter(changed_since=checkpoint))
    assert (changed["canonical_id"], changed["revision"]) == (first["id"], 2)
    save_extractions(engine, [later])  # a redelivery changes nothing: no new revision
    assert canonical(engine)[0]["revision"] == 2


def test_replay_with_a_new_extractor_version_updates_in_place(engine: Engine) -> None:
    save_extractions(engine, [message("f1", [report("f1-v1", BOMB, 12)]),
                              message("f2", [report("f2-v1", "Police arrested five men in Herat.", None,
                                                    cameo="173", where=Location("Herat", "AFG"))])])
    before = {e["id"]: e for e in canonical(engine)}
    # Version 2 codes the events differently (new deterministic ids), and finds nothing in f2.
    save_extractions(engine, [message("f1", [report("f1-v2", BOMB, 13)], version="test-2"),
                              message("f2", [], version="test-2")])
    after = {e["id"]: e for e in canonical(engine)}
    assert set(after) == set(before)  # no duplicate, same ids
    bomb = next(e for e in after.values() if e["cameo_root"] == "18")
    arrest = next(e for e in after.values() if e["cameo_root"] == "17")
    assert links(engine) == {"f1-v2": bomb["id"]}
    assert (bomb["killed_best"], bomb["report_count"], bomb["revision"], bomb["status"]) == (13, 1, 2, "active")
    assert (arrest["status"], arrest["report_count"], arrest["revision"]) == ("retracted", 0, 2)
    assert [e["canonical_id"] for e in query_canonical_events(engine, EventFilter())] == [bomb["id"]]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events_current")).scalar_one() == 1
        assert conn.execute(text("SELECT extractor_version FROM event_mentions")).scalar_one() == "test-2"


def test_two_stores_built_from_the_same_articles_link_every_report_alike(engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # One batch founds two events of one day (same created_at); a later report fits either as well, so
    # only the tie-break by id decides where it goes: random ids made two stores of one feed differ.
    batches = [
        [message("t1", [report("t1-a", "A bomb killed 3 people in Kabul.", 3)]),
         message("t2", [report("t2-a", "A bomb killed 3 people near a mosque in Kabul.", 3)])],
        [message("t3", [report("t3-a", "Three people died in a bombing in Kabul.", 3)],
                 published="2024-03-12T06:00:00+00:00")],
    ]
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(other_url)
    other = make_engine(other_url)
    for batch in batches:
        save_extractions(engine, batch)
        save_extractions(other, batch)
    assert links(engine) == links(other)
    assert [e["id"] for e in canonical(engine)] == [e["id"] for e in canonical(other)]
    other.dispose()


def test_a_report_that_founds_again_after_its_event_was_retracted_gets_a_new_id(engine: Engine) -> None:
    save_extractions(engine, [message("g1", [report("g1-e", BOMB, 12)], version="test-1")])
    [first] = canonical(engine)
    save_extractions(engine, [message("g1", [], version="test-2")])  # version 2 finds nothing: retracted
    save_extractions(engine, [message("g1", [report("g1-e", BOMB, 12)], version="test-3")])  # the event is back
    retracted, again = canonical(engine)
    assert (retracted["id"], retracted["status"]) == (first["id"], "retracted")
    assert again["status"] == "active" and again["id"] != first["id"]
    assert links(engine) == {"g1-e": again["id"]}


def test_canonical_query_filters(engine: Engine) -> None:
    save_extractions(engine, [
        message("g1", [report("g1-e", BOMB, 12)]),
        message("g2", [report("g2-e", "Protesters marched in Ankara.", None, cameo="141",
                              where=Location("Ankara", "TUR"), target=None, when=date(2024, 2, 1))]),
    ])
    ids = lambda flt: [r["cameo"] for r in query_canonical_events(engine, flt)]  # noqa: E731
    assert ids(EventFilter()) == ["183", "141"]
    assert ids(EventFilter(country="tur")) == ["141"]
    assert ids(EventFilter(event_type="ASSAULT")) == ["183"]
    assert ids(EventFilter(event_type="14")) == ["141"]
    assert ids(EventFilter(min_killed=10)) == ["183"]
    assert ids(EventFilter(since=date(2024, 3, 1))) == ["183"]
    assert ids(EventFilter(text="marched")) == ["141"]
    assert ids(EventFilter(text="'; DROP TABLE canonical_events; --")) == []
    assert ids(EventFilter(article_ids=("g1",))) == ["183"]
    assert ids(EventFilter(limit=1, offset=1)) == ["141"]


@pytest.fixture
def cli_store(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("EVENTPIPE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_cli_events_lists_canonical_events_and_changes(cli_store: str, engine: Engine) -> None:
    save_extractions(engine, [message("h1", [report("h1-e", BOMB, 12)]), message("h2", [report("h2-e", BOMB, 12)])])
    runner = CliRunner()
    out = runner.invoke(main, ["events", "--country", "AFG", "--min-killed", "10", "--format", "json"])
    assert out.exit_code == 0, out.output
    [row] = [json.loads(line) for line in out.output.splitlines()]
    assert (row["report_count"], row["killed_best"], row["status"]) == (2, 12, "active")
    since = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    table = runner.invoke(main, ["events", "--changed-since", since])
    assert table.exit_code == 0 and row["canonical_id"] in table.output and "(1 events)" in table.output
    csv_out = runner.invoke(main, ["events", "--changed-since", "2999-01-01", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output == ""


# --- through the real NLP --------------------------------------------------------------------------

INCIDENT = [  # three differently worded reports of one bombing, and another attack that day in the city
    ("n1", "Wire A", "2024-03-11T18:00:00+00:00",
     "A car bomb exploded at a crowded market in Kabul on Monday, killing 12 people and wounding 30, police said."),
    ("n2", "Wire B", "2024-03-11T20:00:00+00:00",
     "At least 12 civilians were killed and dozens injured when a car bomb went off in a busy market in Kabul "
     "on Monday."),
    ("n3", "Wire C", "2024-03-12T08:00:00+00:00",
     "KABUL - A car bomb tore through a market in the Afghan capital Kabul on Monday, killing 14 people, "
     "officials said."),
    ("n4", "Wire D", "2024-03-11T19:00:00+00:00",
     "Gunmen shot dead two police officers at a checkpoint in Kabul on Monday, the interior ministry said."),
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from processors.nlp import build_nlp

    return build_nlp(get_settings().spacy_model)


def test_real_extractions_of_one_incident_become_one_canonical_event(engine: Engine, nlp) -> None:  # type: ignore[no-untyped-def]
    from processors.pipeline import extract

    items = []
    for article_id, source, published, body in INCIDENT:
        article = Article(article_id, body, source=source, published_at=datetime.fromisoformat(published))
        meta = {"id": article_id, "source": source, "published_at": published, "text_chars": len(body)}
        items.append({"article": meta, "extraction": extract(nlp, article).to_json()})
    for item in items:  # one article per batch, as the stream would deliver them
        save_extractions(engine, [item])
    with engine.connect() as conn:
        by_article = dict(conn.execute(text(
            "SELECT article_id, canonical_id FROM event_mentions WHERE killed_best IS NOT NULL")).all())
    assert set(by_article) == {"n1", "n2", "n3", "n4"}
    assert by_article["n1"] == by_article["n2"] == by_article["n3"] != by_article["n4"]
    bombing = next(e for e in canonical(engine) if e["id"] == by_article["n1"])
    assert (bombing["report_count"], bombing["source_count"], bombing["killed_best"]) == (3, 3, 12)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_the_web_endpoint_parses_its_parameters_into_a_typed_filter() -> None:
    from streams.web import _filter_from_query

    flt = _filter_from_query({"changed_since": "2024-03-11T12:00:00", "country": "AFG", "limit": "500"})
    assert flt.changed_since == datetime(2024, 3, 11, 12, tzinfo=UTC)
    assert (flt.country, flt.limit) == ("AFG", 500)
    with pytest.raises(ValueError):
        _filter_from_query({"changed_since": "yesterday; DROP TABLE events"})
    with pytest.raises(ValueError):  # limit 1..500: a larger one is refused, not clamped (issue 16)
        _filter_from_query({"limit": "9999"})


def test_upgrading_a_0001_store_keeps_its_reports_and_links_them_on_reprocessing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from db.migrate import upgrade
    from db.store import make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    eng = make_engine(url)
    now = "2024-03-11 18:00:00"
    with eng.begin() as conn:  # a row as the 0001 sink wrote it
        conn.execute(text("INSERT INTO articles (id, text_chars, event_count, extractor_version, processed_at) "
                          "VALUES ('old1', 10, 1, 'v0', :now)"), {"now": now})
        conn.execute(text(
            "INSERT INTO events (event_id, article_id, cameo, cameo_root, historical, confidence, sentence, "
            "start_char, end_char, extractor_version, created_at, updated_at) "
            "VALUES ('old1-e', 'old1', '183', '18', 0, 0.8, 's', 0, 1, 'v0', :now, :now)"), {"now": now})
    upgrade(url)
    assert links(eng) == {"old1-e": None}
    save_extractions(eng, [message("old1", [report("old1-e", BOMB, 12)])])
    [event] = canonical(eng)
    assert links(eng) == {"old1-e": event["id"]}
    eng.dispose()


def test_a_later_report_joins_the_articles_main_account_on_a_tie(engine: Engine) -> None:
    from dataclasses import replace

    # One article tells a shooting twice (two canonical events: one article never shares one); the
    # more confident account is the article's main one, and an equally good later match joins it. (The aside
    # names no target: it agrees with the event on too little to be merged into it as an echo afterwards.)
    aside = report("a1-aside", "One of the two men shot on the corner was also hurt by glass.", 1, injured=1,
                   cameo="193", target=None, where=SPRINGFIELD)
    main_account = replace(report("a1-main", "Gunmen shot dead a man on a Springfield corner on Monday.", 1,
                                  cameo="193", target="CVL", where=SPRINGFIELD), confidence=0.9)
    save_extractions(engine, [message("a1", [aside, main_account])])
    save_extractions(engine, [message("a2", [report(
        "a2-e", "A man was killed in a shooting in Springfield on Monday night.", 1, cameo="193", target="CVL",
        where=SPRINGFIELD)], published="2024-03-12T08:00:00+00:00")])
    ids = links(engine)
    assert ids["a2-e"] == ids["a1-main"] != ids["a1-aside"]


# --- re-clustering on the people an article names (follow-up stories) ----------------------------------

SPRINGFIELD = Location("Springfield", "USA", "Illinois", 39.8017, -89.6437)
CHICAGO = Location("Chicago", "USA", "Illinois", 41.85, -87.65)


def story(article_id: str, sentence: str, people: list[str], published: str, killed: int | None = 1,
          when: date | None = None, where: Location | None = SPRINGFIELD, streets: Sequence[str] = ()
          ) -> dict[str, Any]:
    """A local story: one shooting report, the people it names (each with its actor role or none) and the streets."""
    event = report(f"{article_id}-e", sentence, killed, cameo="180", target="CVL", where=where, when=when)
    text = sentence
    entities = []
    for street in streets:
        start = len(text) + 1
        text += " " + street
        entities.append(EntityMention(street, "FAC", start, start + len(street)))
    for name in people:  # each named in full, and again by the surname
        for named in (name, name.split()[-1]):
            start = len(text) + 1
            text += " " + named
            role = "COP" if name.startswith("Sgt.") else None
            entities.append(EntityMention(named, "PERSON", start, start + len(named),
                                          actor=Actor(name, "USACOP", "USA", role) if role else None))
    extraction = Extraction(article_id=article_id, events=(event,), entities=tuple(entities), extractor_version="t")
    return {"article": {"id": article_id, "source": article_id, "url": f"https://example.org/{article_id}",
                        "published_at": published, "text_chars": len(text)}, "extraction": extraction.to_json()}


def test_a_follow_up_weeks_later_naming_the_victim_joins_the_shooting(engine: Engine) -> None:
    save_extractions(engine, [story("first", "Jamal Carter, 24, was shot and killed Saturday.", ["Jamal Carter"],
                                    "2024-03-11T18:00:00+00:00", when=date(2024, 3, 9))])
    # Five weeks on: an arrest story tells the shooting again, without its date.
    save_extractions(engine, [story("later", "Police arrested a man in the killing of Jamal Carter's friend.",
                                    ["Jamal Carter's", "Sgt. Ann Lee"], "2024-04-15T18:00:00+00:00")])
    active = [e for e in canonical(engine) if e["status"] == "active"]
    assert len(active) == 1
    assert (active[0]["article_count"], active[0]["event_date"]) == (2, date(2024, 3, 9))


def follow_up_telling_the_shooting_twice(killed_now: int, people: Sequence[str] = ("Jamal Carter",),
                                         streets: Sequence[str] = (), when: date | None = None) -> dict[str, Any]:
    """An arrest story naming the victim (or the street): today's account without a date ('accused of killing'), and
    the shooting again as background, on its day."""
    item = story("later", "Police arrested a man accused of killing Jamal Carter.", list(people),
                 "2024-04-15T18:00:00+00:00", killed=killed_now, streets=streets, when=when)
    background = replace(report("later-b", "Carter was shot dead on March 9 outside his home.", 1, cameo="180",
                                target="CVL", where=SPRINGFIELD, when=date(2024, 3, 9)), historical=True, start=120,
                         end=170)
    item["extraction"]["events"].append(Extraction(article_id="later", events=(background,)).to_json()["events"][0])
    return item


@pytest.mark.parametrize(("killed_now", "when", "events"), [
    (1, None, 1),  # the arrest story's two accounts and the first story: one shooting
    (9, None, 2),  # today's account tells another toll: another shooting
    (1, date(2024, 4, 13), 2),  # today's account tells its own day, five weeks on: another shooting of the family
])
def test_a_follow_up_telling_its_shooting_twice_is_one_shooting(engine: Engine, killed_now, when, events) -> None:
    save_extractions(engine, [story("first", "Jamal Carter, 24, was shot and killed Saturday.", ["Jamal Carter"],
                                    "2024-03-11T18:00:00+00:00", when=date(2024, 3, 9))])
    save_extractions(engine, [follow_up_telling_the_shooting_twice(killed_now, when=when)])
    assert len([e for e in canonical(engine) if e["status"] == "active"]) == events


@pytest.mark.parametrize(("where", "events"), [
    (SPRINGFIELD, 1),  # the street of the first story, in its town
    (CHICAGO, 2),  # a city of millions: its streets see shooting after shooting
])
def test_a_follow_up_telling_its_shooting_twice_on_the_same_street_is_one_shooting(engine: Engine, where,
                                                                                  events) -> None:
    save_extractions(engine, [story("first", "A man was shot and killed Saturday.", [], "2024-03-11T18:00:00+00:00",
                                    when=date(2024, 3, 9), where=where, streets=["the 400 block of Gilmer Street"])])
    item = follow_up_telling_the_shooting_twice(1, people=(), streets=["Gilmer Street"])
    for event in item["extraction"]["events"]:
        event["location"] = {**event["location"], "name": where.name, "lat": where.lat, "lon": where.lon}
    save_extractions(engine, [item])
    assert len([e for e in canonical(engine) if e["status"] == "active"]) == events


def test_a_follow_up_weeks_later_naming_the_street_joins_the_shooting(engine: Engine) -> None:
    save_extractions(engine, [story("first", "A man was shot and killed Saturday.", [], "2024-03-11T18:00:00+00:00",
                                    when=date(2024, 3, 9), streets=["the 400 block of W. Gilmer St."])])
    save_extractions(engine, [story("later", "Police arrested a man in the killing on Gilmer Street.", [],
                                    "2024-04-15T18:00:00+00:00", streets=["Gilmer Street"])])
    active = [e for e in canonical(engine) if e["status"] == "active"]
    assert [(e["article_count"], e["event_date"]) for e in active] == [(2, date(2024, 3, 9))]


@pytest.mark.parametrize(("street", "killed", "when", "where"), [
    ("Elm Street", 1, None, SPRINGFIELD),  # another street
    ("Gilmer Street", 1, date(2024, 4, 13), SPRINGFIELD),  # both dated, five weeks apart: two shootings
    ("Gilmer Street", 9, None, SPRINGFIELD),  # the tolls disagree
    ("Gilmer Street", 1, None, Location("Joplin", "USA", "Missouri", 37.08, -94.51)),  # another town's street
    ("Gilmer Street", 1, None, CHICAGO),  # a city of millions: shooting after shooting on a street
])
def test_the_same_street_does_not_join_what_else_tells_apart(engine: Engine, street, killed, when, where) -> None:
    first_place = CHICAGO if where == CHICAGO else SPRINGFIELD
    save_extractions(engine, [story("first", "A man was shot and killed Saturday.", [], "2024-03-11T18:00:00+00:00",
                                    when=date(2024, 3, 9), where=first_place, streets=["Gilmer Street"])])
    save_extractions(engine, [story("later", "A man was shot and killed near the park.", [],
                                    "2024-04-15T18:00:00+00:00", killed=killed, when=when, where=where,
                                    streets=[street])])
    assert len([e for e in canonical(engine) if e["status"] == "active"]) == 2


@pytest.mark.parametrize(("text", "key"), [
    ("Gilmer Street", "gilmer street"),
    ("the 400 block of W. Gilmer St.", "gilmer street"),
    ("1917 Prospect Ave.", "prospect avenue"),
    ("North Rio Vista Drive", "rio vista drive"),
    ("5th Ave.", "5th avenue"),
    ("Street Gang", None),
    ("Elm", None),
])
def test_street_keys(text, key) -> None:
    assert street_keys([{"text": text, "label": "FAC"}]) == [key]


def test_a_round_up_naming_many_streets_keys_none_of_them() -> None:
    streets = [{"text": name, "label": "FAC"} for name in ("Elm Street", "Oak Avenue", "Elm St.", "Pine Road")]
    assert street_keys(streets[:3]) == ["elm street", "oak avenue", "elm street"]  # two streets, one named twice
    assert street_keys(streets) == [None] * 4


@pytest.mark.parametrize(("second", "killed", "when", "where"), [
    (["Maria Lopez"], 1, None, SPRINGFIELD),  # another victim
    (["Sgt. Ann Lee"], 1, None, SPRINGFIELD),  # the same police spokeswoman, another shooting
    (["Jamal Carter"], 1, date(2024, 4, 13), SPRINGFIELD),  # both dated, five weeks apart: two shootings
    (["Jamal Carter"], 9, None, SPRINGFIELD),  # the tolls disagree
    (["Jamal Carter"], 1, None, Location("Joplin", "USA", "Missouri", 37.08, -94.51)),  # another town
])
def test_the_same_name_does_not_join_what_else_tells_apart(engine: Engine, second, killed, when, where) -> None:
    save_extractions(engine, [story("first", "Jamal Carter, 24, was shot and killed Saturday.",
                                    ["Jamal Carter", "Sgt. Ann Lee"], "2024-03-11T18:00:00+00:00",
                                    when=date(2024, 3, 9))])
    save_extractions(engine, [story("later", "A man was shot and killed near the park.", second,
                                    "2024-04-15T18:00:00+00:00", killed=killed, when=when, where=where)])
    assert len([e for e in canonical(engine) if e["status"] == "active"]) == 2


PEORIA = Location("Peoria", "USA", "Illinois", 40.69, -89.59)


@pytest.mark.parametrize(("when", "where", "events"), [
    (date(2024, 3, 9), PEORIA, 1),  # the town an outlet gave the victim's, the day told by both
    (None, PEORIA, 2),  # the second tells no day: two towns still tell two shootings
    (date(2024, 3, 9), Location("Joplin", "USA", "Missouri", 37.08, -94.51), 2),  # another state
])
def test_the_same_victim_told_the_same_day_in_two_towns_of_a_state_is_one_shooting(engine: Engine, when, where,
                                                                                   events) -> None:
    save_extractions(engine, [story("first", "Jamal Carter, 24, was shot and killed Saturday.", ["Jamal Carter"],
                                    "2024-03-11T18:00:00+00:00", when=date(2024, 3, 9))])
    save_extractions(engine, [story("peoria", "A Peoria man, Jamal Carter, died after a shooting.", ["Jamal Carter"],
                                    "2024-03-11T20:00:00+00:00", when=when, where=where)])
    assert len([e for e in canonical(engine) if e["status"] == "active"]) == events


@pytest.mark.parametrize(("names", "role", "key"), [
    (["Jamal Carter", "Carter"], None, "jamal carter"),
    (["Jamal Carter's", "Jamal Carter"], None, "jamal carter"),
    (["José Álvarez", "Álvarez"], "CVL", "jose alvarez"),
    (["Jamal Carter"], None, None),  # named once: a byline, a link to another story, a passing mention
    (["Carter", "Carter"], None, None),  # a surname alone recurs
    (["Ann Lee", "Lee"], "COP", None),  # named for an office
    (["Ann Lee", "Lee"], "OPP", None),  # an activist, quoted after many incidents
    (["Stroger Hospital", "Stroger Hospital"], None, None),  # a place the small model took for a person
])
def test_person_keys(names, role, key) -> None:
    people = [{"text": name, "label": "PERSON", "actor": {"role": role}} for name in names]
    assert person_keys(people)[0] == key
    assert person_keys([{**person, "label": "ORG"} for person in people])[0] is None


@pytest.mark.parametrize(("name", "key"), [
    ("Darnell Keon Pruitt", "darnell keon pruitt"),  # the small model's 'organisation': the surname is a person's
    ("Tyrell McCowan", "tyrell mccowan"),
    ("Houston Pruitt", None),  # a place's organisation ('Houston Chronicle')
    ("KTVB Pruitt", None),  # a station's
    ("Pruitt and Sons", None),
])
def test_a_full_name_taken_for_an_organisation_is_a_person_whose_surname_is_named_alone(name, key) -> None:
    surname = name.split()[-1]
    entities = [{"text": name, "label": "ORG", "actor": None}, {"text": surname, "label": "PERSON", "actor": None}]
    assert person_keys(entities)[0] == key
    # without the surname named alone as a person, an organisation stays one
    assert person_keys([entities[0], {**entities[1], "label": "ORG"}])[0] is None


def test_people_join_violent_events_only_when_nothing_tells_them_apart() -> None:
    from db.canonical import _one_incident_of_people

    shooting = {"block_type": "violence", "country": "USA", "anchor_date": date(2024, 3, 9), "date_precision": "day",
                "killed_best": 1, "injured_best": None}
    follow_up = {**shooting, "anchor_date": date(2024, 4, 15), "date_precision": None}
    assert _one_incident_of_people(shooting, follow_up)
    assert _one_incident_of_people(shooting, {**follow_up, "country": None})
    assert _one_incident_of_people(shooting, {**shooting, "anchor_date": date(2024, 3, 14)})  # a misread weekday
    assert not _one_incident_of_people(shooting, {**shooting, "anchor_date": date(2024, 3, 30)})
    # a plea or a sentence months later tells no date of the shooting: the person joins them within a year
    assert _one_incident_of_people(shooting, {**follow_up, "anchor_date": date(2024, 9, 1)})
    assert not _one_incident_of_people(shooting, {**follow_up, "anchor_date": date(2025, 4, 1)})
    # a date told by its month is a date: 120 days at most
    month = {**follow_up, "date_precision": "month"}
    assert not _one_incident_of_people(shooting, {**month, "anchor_date": date(2024, 9, 1)})
    assert _one_incident_of_people(shooting, {**month, "anchor_date": date(2024, 6, 1)})
    assert not _one_incident_of_people(shooting, {**follow_up, "block_type": "173"})  # an arrest
    assert not _one_incident_of_people(shooting, {**follow_up, "country": "CAN"})
    assert not _one_incident_of_people(shooting, {**follow_up, "killed_best": 9})
    # "shootings last year": anchored on January 1st, so no distance in days tells anything
    assert not _one_incident_of_people({**shooting, "anchor_date": date(2024, 1, 1), "date_precision": "year"},
                                       {**follow_up, "anchor_date": date(2024, 2, 1)})


def test_the_same_dead_in_one_place_join_a_story_dated_by_its_own_day() -> None:
    """A trial or a funeral months later that the extractor dated by its own day names the first stories' people and
    repeats their toll: one incident within UNDATED_PEOPLE_WINDOW_DAYS, when several dead and the places agree."""
    from db.canonical import _one_incident_of_people

    town = {"location_name": "Bristol", "location_precision": "city", "location_country": "USA",
            "location_admin1": "Tennessee", "location_lat": 36.6, "location_lon": -82.19}
    shooting = {"block_type": "violence", "country": "USA", "anchor_date": date(2024, 3, 9), "date_precision": "day",
                "killed_best": 3, "injured_best": None, **town}
    trial = {**shooting, "anchor_date": date(2024, 11, 20)}
    assert _one_incident_of_people(shooting, trial)
    assert not _one_incident_of_people(shooting, {**trial, "anchor_date": date(2025, 3, 20)})  # beyond a year
    assert not _one_incident_of_people(shooting, {**trial, "killed_best": 1})  # another toll: another shooting
    # one dead in both: a killing weeks after another that names its victim (a retaliation) is as likely
    assert not _one_incident_of_people({**shooting, "killed_best": 1}, {**trial, "killed_best": 1})
    assert not _one_incident_of_people({**shooting, "killed_best": None}, {**trial, "killed_best": None})
    assert not _one_incident_of_people(shooting, {**trial, "location_name": None})  # no place to agree
    elsewhere = {"location_name": "Knoxville", "location_lat": 35.96, "location_lon": -83.92}
    assert not _one_incident_of_people(shooting, {**trial, **elsewhere})


def _event_row(killed: int | None, injured: int | None = None) -> dict[str, Any]:
    """A canonical event of Springfield's shooting on 9 March (the columns re-clustering reads)."""
    return {"block_type": "violence", "country": "USA", "anchor_date": date(2024, 3, 9),
            "event_date": date(2024, 3, 9), "date_precision": "day", "location_name": "Springfield",
            "location_country": "USA", "location_admin1": "Illinois", "location_lat": 39.8017,
            "location_lon": -89.6437, "location_precision": "city",
            "killed_best": killed, "injured_best": injured, "sentence": ""}


@pytest.mark.parametrize(("apart", "killed", "merged"), [
    (True, 1, True),  # the articles only one of them has name the same person: one shooting told in two parts
    (False, 1, False),  # only the shared article names them both: it told two events
    (True, 9, False),  # the tolls disagree
])
def test_events_sharing_an_article_are_one_when_their_other_articles_name_the_same_person(apart, killed,
                                                                                         merged) -> None:
    from db.canonical import _should_merge

    # 'first' and 'split' on one event, 'split' and 'other' on the other: neither is an echo of the other
    reports_a = [{"article_id": "first"}, {"article_id": "split"}]
    reports_b = [{"article_id": "split"}, {"article_id": "other"}]
    assert _should_merge(_event_row(1), _event_row(killed, 2), reports_a, reports_b, same_people=True,
                         people_apart=apart) is merged


@pytest.mark.parametrize(("other_names", "apart"), [
    (["Jamal Carter"], True),
    (["Maria Lopez"], False),  # only the shared article names both victims
])
def test_named_apart_reads_the_articles_the_events_do_not_share(engine: Engine, other_names, apart) -> None:
    from db.canonical import _named_apart

    save_extractions(engine, [
        story("first", "Jamal Carter, 24, was shot and killed Saturday.", ["Jamal Carter"],
              "2024-03-11T18:00:00+00:00"),
        story("split", "Officers shot at the car of Jamal Carter and Maria Lopez.", ["Jamal Carter", "Maria Lopez"],
              "2024-03-12T18:00:00+00:00"),
        story("other", "Officers fired at a car as it drove away.", other_names, "2024-03-12T19:00:00+00:00"),
    ])
    with engine.connect() as conn:
        assert _named_apart(conn, [{"article_id": "first"}, {"article_id": "split"}],
                            [{"article_id": "split"}, {"article_id": "other"}]) is apart
        # no article of their own on one side: nothing to read
        assert _named_apart(conn, [{"article_id": "split"}],
                            [{"article_id": "split"}, {"article_id": "other"}]) is False


def test_undated_background_is_not_merged_into_the_shooting_of_the_day_before() -> None:
    from db.canonical import _should_merge

    today = _event_row(None, 5)
    # the next day's story recalls 'a shooting last week that left one dead and eleven wounded': undated background
    recalled = {**_event_row(1, 11), "anchor_date": date(2024, 3, 10), "event_date": date(2024, 3, 10),
                "date_precision": None, "historical": True}
    reports = ([{"article_id": "first", **today}], [{"article_id": "next", **recalled}])
    assert _should_merge(today, {**recalled, "historical": False}, *reports)  # as news it would be the day's
    assert not _should_merge(today, recalled, *reports)
