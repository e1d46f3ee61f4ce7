"""The two entity layers (processors.entities, processors.entity_names), on sentences written for these tests:
``entities`` are names as spaCy's NER means them, ``mentions`` the actor references that are not names."""

from __future__ import annotations

import pytest

from processors.entities import EntityLayers, code_entities
from processors.entity_names import entity_rules
from processors.nlp import build_nlp
from processors.types import EntityMention
from streams.settings import get_settings


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(get_settings().spacy_model)


def _layers(nlp, text: str) -> EntityLayers:
    return code_entities(nlp(text))


def _spans(mentions: tuple[EntityMention, ...]) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in mentions}


def test_titles_and_pronouns_are_mentions_not_names(nlp):
    layers = _layers(nlp, "Foreign Minister Sergei Lavrov said he would visit Ankara in May.")
    assert ("Sergei Lavrov", "PERSON") in _spans(layers.entities)
    assert not any(m.text in {"he", "Foreign Minister Sergei Lavrov"} for m in layers.entities)
    titled = next(m for m in layers.mentions if m.text == "Foreign Minister Sergei Lavrov")
    pronoun = next(m for m in layers.mentions if m.text == "he")
    assert titled.refers_to.text == "Sergei Lavrov" and titled.actor.code == "RUSGOV"
    assert pronoun.refers_to.text == "Sergei Lavrov" and pronoun.actor.code == "RUSGOV"


def test_a_country_acting_is_a_place_entity_and_an_organisation_mention(nlp):
    layers = _layers(nlp, "Romania said it would expel the envoy.")
    assert ("Romania", "GPE") in _spans(layers.entities)
    assert ("Romania", "ORG") not in _spans(layers.entities)
    acting = next(m for m in layers.mentions if (m.text, m.label) == ("Romania", "ORG"))
    assert acting.actor.code == "ROU" and acting.refers_to.start == 0


def test_event_actors_see_both_layers_innermost_last(nlp):
    layers = _layers(nlp, "Foreign Minister Sergei Lavrov said he would visit Ankara in May.")
    both = layers.for_actors()
    assert {m.text for m in both} >= {"Sergei Lavrov", "Foreign Minister Sergei Lavrov", "he", "Ankara"}
    titled = [m.text for m in both].index("Foreign Minister Sergei Lavrov")
    assert [m.text for m in both].index("Sergei Lavrov") > titled


def test_names_lose_their_article(nlp):
    layers = _layers(nlp, "Officials from the United States and the European Union met in Brussels.")
    assert {("United States", "GPE"), ("European Union", "ORG")} <= _spans(layers.entities)


def test_organisations_named_with_a_place(nlp):
    layers = _layers(nlp, "Real Madrid beat Valencia 2-1 on Sunday, Radio Romania reported.")
    assert {("Real Madrid", "ORG"), ("Radio Romania", "ORG")} <= _spans(layers.entities)
    assert ("Madrid", "GPE") not in _spans(layers.entities)
    assert ("Leeds United", "ORG") in _spans(_layers(nlp, "Dynamo Moscow drew with Leeds United.").entities)


def test_events_and_competitions(nlp):
    layers = _layers(nlp, "She won the Davis Cup in 2019 and later reached the semi-finals at Wimbledon.")
    assert {("Davis Cup", "EVENT"), ("Wimbledon", "EVENT")} <= _spans(layers.entities)
    # an event word inside a longer name is not the end of an event's name
    layers = _layers(nlp, "The Bank of Norway's Open Market Committee meets on Tuesday.")
    assert not any(m.label == "EVENT" for m in layers.entities)


def test_lowercase_event_words_make_no_event(nlp):
    layers = _layers(nlp, "The minister attended a Latin American summit and a European tour last year.")
    assert not any(m.label == "EVENT" for m in layers.entities)


def test_numbers_in_a_table_separate_names(nlp):
    text = "Standings after Saturday's games:\nHalifax 4 1 1 2 3 6 4\nBarnsley 4 1 0 3 2 8 3\nTotal 12 4 4 4"
    layers = _layers(nlp, text)
    names = {m.text for m in layers.entities}
    assert {"Halifax", "Barnsley"} <= names
    assert not any(any(c.isdigit() for c in m.text) for m in layers.entities)
    assert "Total" not in names  # a row heading, no name


def test_a_trailing_score_is_no_part_of_a_person_name(nlp):
    layers = _layers(nlp, "Bowling: Jonas Verbeek 10-1-42-3, Marek Dvorak 8-0-37-2.")
    names = {m.text for m in layers.entities if m.label == "PERSON"}
    assert not any(any(c.isdigit() for c in name) for name in names)


def test_dateline_and_places_in_capitals(nlp):
    layers = _layers(nlp, "OSLO 2021-03-04\nThe Norwegian government said on Thursday it would raise taxes.")
    assert ("OSLO", "GPE") in _spans(layers.entities)
    layers = _layers(nlp, "TENNIS - NORWAY BEAT DENMARK IN DAVIS CUP")
    assert {("NORWAY", "GPE"), ("DENMARK", "GPE"), ("DAVIS CUP", "EVENT")} <= _spans(layers.entities)
    assert ("TENNIS", "GPE") not in _spans(layers.entities)  # a headline's topic, no dateline


def test_a_bare_institution_word_is_no_name(nlp):
    layers = _layers(nlp, "The Government of Peru said the Government would not resign.")
    assert ("Government", "ORG") not in _spans(layers.entities)


def test_rules_are_data():
    rules = entity_rules()
    assert {"event_heads", "named_events", "place_org_prefixes", "place_org_suffixes", "not_names"} <= set(rules)
    assert "Cup" in rules["event_heads"] and "Real" in rules["place_org_prefixes"]


def test_extraction_json_has_both_layers(nlp):
    from processors.pipeline import extract
    from processors.types import Article

    data = extract(nlp, Article(id="layers", text="Romania said it would expel the envoy.")).to_json()
    assert [e["text"] for e in data["entities"]] == ["Romania"]
    acting = next(m for m in data["mentions"] if m["label"] == "ORG")
    assert acting["refers_to"] == {"text": "Romania", "start": 0, "end": 7}


def test_a_surname_alone_is_the_person_named_before(nlp):
    text = "Talks with Viktor Halloran ended on Monday. Halloran said the offer stood, and Halloran left for home."
    layers = _layers(nlp, text)
    people = [m for m in layers.entities if m.label == "PERSON"]
    assert [m.text for m in people] == ["Viktor Halloran", "Halloran", "Halloran"]


def test_a_country_is_never_taken_for_a_surname(nlp):
    layers = _layers(nlp, "Michael Jordan flew to Amman, the capital of Jordan, on Monday.")
    assert {("Michael Jordan", "PERSON"), ("Jordan", "GPE")} <= _spans(layers.entities)


def test_the_ruler_keeps_longer_names_around_a_place(nlp):
    layers = _layers(nlp, "The U.S. Air Force flew over Taipei City, The London Daily Mail reported.")
    names = _spans(layers.entities)
    assert ("U.S. Air Force", "ORG") in names
    assert ("London Daily Mail", "ORG") in names
    assert ("London", "GPE") not in names


def test_the_ruler_fixes_labels_and_keeps_nationality_words(nlp):
    doc = nlp("The Kurdish YPG retook the town, Mevlut Cavusoglu said in Ankara.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert {("YPG", "ORG"), ("Kurdish", "NORP"), ("Mevlut Cavusoglu", "PERSON"), ("Ankara", "GPE")} <= labels


def test_city_names_and_conferences_keep_their_kind(nlp):
    text = "Voters in Quezon City and Kansas City went to the polls. The National Bishops Conference met."
    layers = _layers(nlp, text)
    names = _spans(layers.entities)
    assert {("Quezon City", "GPE"), ("Kansas City", "GPE")} <= names  # 'City' ends place names too
    assert ("National Bishops Conference", "ORG") in names  # an organisation, no event


def test_us_is_a_speaker_group_mention_but_never_the_country(nlp):
    layers = _layers(nlp, "\"Join us,\" the rebels said. US officials declined to comment.")
    assert ("us", "ORG") in _spans(layers.mentions)
    assert not any(m.text == "US" and m.label == "ORG" and m.actor is None for m in layers.mentions)


def test_a_compass_region_is_the_country_for_the_ruler(nlp):
    doc = nlp("Turkish jets struck targets in Northern Iraq on Monday.")
    assert ("Iraq", "GPE") in {(e.text, e.label_) for e in doc.ents}
