"""Actor coding of entity mentions (processors.entities), on sentences written for these tests."""

from __future__ import annotations

import pytest

from processors.actors import MentionIndex, actor_ref
from processors.entities import code_entities
from processors.nlp import build_nlp
from processors.types import EntityMention
from streams.settings import get_settings


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(get_settings().spacy_model)


def _mentions(nlp, text: str) -> list[EntityMention]:
    return list(code_entities(nlp(text)).for_actors())


def _find(mentions: list[EntityMention], text: str, label: str | None = None) -> EntityMention:
    found = [m for m in mentions if m.text == text and (label is None or m.label == label)]
    assert found, f"{text!r} not among {[(m.text, m.label) for m in mentions]}"
    return found[0]


def _code(mentions: list[EntityMention], text: str, label: str | None = None) -> str | None:
    actor = _find(mentions, text, label).actor
    return actor.code if actor else None


def test_small_model_mislabels_are_fixed(nlp):
    mentions = _mentions(nlp, "Mevlut Cavusoglu flew to Ankara on Monday, after Isil claimed the bombing.")
    assert _code(mentions, "Mevlut Cavusoglu", "PERSON") == "TURGOV"
    assert _find(mentions, "Ankara", "GPE").country == "TUR"
    assert _code(mentions, "Isil", "ORG") == "IMGMUSISI"


def test_apposition_and_counterpart_give_government_actors(nlp):
    mentions = _mentions(nlp, "Ali Demir, the Turkish interior minister, phoned his Russian counterpart on Tuesday.")
    assert _code(mentions, "Ali Demir", "PERSON") == "TURGOV"  # not in the dictionary: coded from the apposition
    assert _code(mentions, "Russian") == "RUSGOV"
    assert _code(mentions, "his Russian counterpart") == "RUSGOV"


def test_dictionary_person_with_apposition(nlp):
    mentions = _mentions(nlp, "Mevlut Cavusoglu, the Turkish foreign minister, arrived late.")
    assert _code(mentions, "Mevlut Cavusoglu", "PERSON") == "TURGOV"


def test_later_title_and_surname_share_the_canonical_actor(nlp):
    text = "Sergei Lavrov, the Russian foreign minister, spoke first. Later Mr Lavrov said the talks went well."
    mentions = _mentions(nlp, text)
    first = _find(mentions, "Sergei Lavrov", "PERSON").actor
    later = [m.actor for m in mentions if m.label == "PERSON" and "Lavrov" in m.text and m.start > 60]
    assert later and all(a == first for a in later) and first.name == "Sergei Lavrov"


def test_undictionaried_person_is_resolved_by_surname(nlp):
    text = "Ivan Petrov, the Russian defence minister, spoke first. Later Mr Petrov said the talks went well."
    mentions = _mentions(nlp, text)
    first = _find(mentions, "Ivan Petrov", "PERSON").actor
    later = _find(mentions, "Mr Petrov", "PERSON").actor
    assert first.code == "RUSGOV" and later == first


def test_heads_of_state(nlp):
    mentions = _mentions(nlp, "Putin, Erdogan and Assad spoke by phone.")
    assert [_code(mentions, n, "PERSON") for n in ("Putin", "Erdogan", "Assad")] == ["RUSGOV", "TURGOV", "SYRGOV"]


def test_seats_of_government_stand_for_governments(nlp):
    mentions = _mentions(nlp, "Ankara's fear is that Moscow said no. The Kremlin declined to comment.")
    assert _code(mentions, "Ankara", "GPE") == "TURGOV"
    assert _code(mentions, "Moscow", "GPE") == "RUSGOV"
    assert _code(mentions, "Kremlin", "ORG") == "RUSGOV"


def test_military_roles_from_the_modified_noun(nlp):
    mentions = _mentions(nlp, "A Turkish F-16 shot down the bomber, killing two Russian servicemen.")
    assert _code(mentions, "Turkish") == "TURMIL"
    assert _code(mentions, "two Russian servicemen") == "RUSMIL"
    assert not [m for m in mentions if m.text == "the bomber"]  # hardware codes events, it is no entity


def test_nationality_lists_are_civilians_of_each_country(nlp):
    mentions = _mentions(nlp, "The three attackers were Russian, Kyrgyz, and Uzbek citizens, prosecutors said.")
    assert [_code(mentions, n, "NORP") for n in ("Russian", "Kyrgyz", "Uzbek")] == ["RUSCVL", "KGZCVL", "UZBCVL"]


def test_born_in_a_country_gives_that_country(nlp):
    mentions = _mentions(nlp, "Police said the Russian-born terrorists had entered the country in May.")
    actor = _find(mentions, "the Russian-born terrorists").actor
    assert actor.country == "RUS" and actor.role == "UAF"


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("The YPG denied the claim.", "YPG", "SYRREBKRD"),
        ("Islamic State said it carried out the attack.", "Islamic State", "IMGMUSISI"),
        ("ISIL fighters retreated.", "ISIL", "IMGMUSISI"),
        ("Officials blamed Daesh for the blast.", "Daesh", "IMGMUSISI"),
        ("Officials blamed IS for the blast.", "IS", "IMGMUSISI"),
        ("The AKP won the vote.", "AKP", "TURPTY"),
        ("Reuters reported the news.", "Reuters", "MED"),
        ("NATO held an emergency meeting.", "NATO", "IGOWSTNAT"),
        ("The UN called for calm.", "UN", "IGOUNO"),
    ],
)
def test_named_groups(nlp, text, name, code):
    assert _code(_mentions(nlp, text), name, "ORG") == code


def test_places_stay_places_with_a_country(nlp):
    mentions = _mentions(nlp, "Fighting continued in Aleppo and near Sochi.")
    assert _find(mentions, "Aleppo", "GPE").country == "SYR"
    assert _find(mentions, "Sochi", "GPE").country == "RUS"


def test_actor_phrases_nest_over_their_names(nlp):
    mentions = _mentions(nlp, "The Kurdish YPG and Iraqi security forces retook the town.")
    assert _code(mentions, "The Kurdish YPG", "ORG") == "SYRREBKRD"
    assert _find(mentions, "Kurdish", "NORP")
    assert _code(mentions, "YPG", "ORG") == "SYRREBKRD"
    assert _code(mentions, "Iraqi security forces", "ORG") == "IRQCOP"
    # containing spans come first, so a token index built in order ends on the innermost mention
    starts = [(m.start, -m.end) for m in mentions]
    assert starts == sorted(starts)


def test_country_of_a_role_noun_from_possessor_prepositions_and_quantities(nlp):
    text = (
        "The government of Cambodia denied the report. Russia's Foreign Ministry expelled a diplomat. "
        "A court in Venezuela jailed him. Hundreds of British troops arrived."
    )
    mentions = _mentions(nlp, text)
    assert _code(mentions, "The government of Cambodia") == "KHMGOV"
    assert _code(mentions, "Foreign Ministry", "ORG") == "RUSGOV"
    assert _code(mentions, "A court") == "VENJUD"
    assert _code(mentions, "Hundreds of British troops") == "GBRMIL"


def test_titles_before_a_name(nlp):
    mentions = _mentions(nlp, "Bahraini Prime Minister Khalid Nasser met the envoy.")
    titled = [m for m in mentions if m.label == "PERSON" and m.text.endswith("Khalid Nasser")]
    assert titled and all(m.actor and m.actor.code == "BHRGOV" for m in titled)


def test_acting_country_is_also_an_organisation(nlp):
    mentions = _mentions(nlp, "Russia said it would respond.")
    assert _find(mentions, "Russia", "GPE").country == "RUS"
    assert _code(mentions, "Russia", "ORG") == "RUS"


def test_he_is_the_last_person_named(nlp):
    mentions = _mentions(nlp, "Sergei Lavrov arrived in Ankara on Monday. He said the talks would be hard.")
    assert _code(mentions, "He", "PERSON") == "RUSGOV"
    unresolved = _find(_mentions(nlp, "He said the talks would be hard."), "He", "PERSON")
    assert unresolved.actor is None  # a mention of somebody, but nobody named to take the actor from


def test_common_noun_places_and_mislabelled_towns(nlp):
    mentions = _mentions(nlp, "Near Palmyra, shelling hit the camp and the Karrada district of Baghdad.")
    assert _find(mentions, "Palmyra", "GPE").country == "SYR"
    assert _find(mentions, "the camp", "LOC").actor is None
    assert _find(mentions, "the Karrada district of Baghdad", "LOC").country == "IRQ"


def test_nationality_nouns_name_a_group(nlp):
    layers = code_entities(nlp("Many Syrians fled to Jordan."))
    assert _find(list(layers.entities), "Syrians", "NORP")  # the name, as spaCy labels it
    group = _find(list(layers.mentions), "Syrians", "ORG")  # the group of people acting
    assert group.actor.country == "SYR" and group.refers_to.text == "Syrians"
    assert _find(list(layers.mentions), "Many Syrians", "ORG").actor.country == "SYR"


def test_pronouns_are_mentions_of_their_actors(nlp):
    text = "Turkish troops shelled the ridge. They said the militants had fired first. We will respond, I think."
    mentions = _mentions(nlp, text)
    assert _code(mentions, "They", "ORG") == "TURMIL"  # the last coded group before it
    assert _find(mentions, "We", "ORG").actor is None  # the speaker's side: the event coder resolves it
    assert _find(mentions, "I", "PERSON").actor is None
    assert not [m for m in mentions if m.text == "it"]


def test_town_with_its_region_and_a_compass_part_of_a_country(nlp):
    mentions = _mentions(nlp, "The convoy left Mosul, Iraq, and drove into northern Syria.")
    assert _find(mentions, "Mosul, Iraq", "LOC").country == "IRQ"
    assert _find(mentions, "Mosul", "GPE") and _find(mentions, "Iraq", "GPE")  # the parts stay mentions
    assert _find(mentions, "northern Syria", "LOC").country == "SYR"
    lists = _mentions(nlp, "Envoys from France, Jordan and Canada arrived.")
    assert not [m for m in lists if "," in m.text]  # a list of countries is no 'Town, Country'


def test_phrases_do_not_cut_long_names(nlp):
    text = "Officials of the Department of State said the Islamic State of Iraq and the Levant fighters fled."
    mentions = _mentions(nlp, text)
    assert _code(mentions, "the Department of State", "ORG") == "USAGOV"
    assert not [m for m in mentions if m.text in {"State", "the Department", "the Levant fighters", "Iraq"}]
    assert _code(mentions, "Islamic State of Iraq and the Levant fighters", "ORG") == "IMGMUSISI"


def test_role_noun_describing_the_name_after_it(nlp):
    mentions = _mentions(nlp, "The rebel Free Syrian Army shelled the town on Friday.")
    assert _code(mentions, "The rebel Free Syrian Army", "ORG") == "SYRREB"


def test_nationality_of_more_than_one_word(nlp):
    mentions = _mentions(nlp, "Sri Lankan Tamil rebels attacked an army camp.")
    assert _code(mentions, "Sri Lankan", "NORP") == "LKAREB"
    assert _code(mentions, "Sri Lankan Tamil rebels", "ORG") == "LKAREB"


def _ref(nlp, text: str, word: str, nth: int = 0):
    """The actor of the ``nth`` token ``word`` of ``text`` as an event participant."""
    doc = nlp(text)
    token = [t for t in doc if t.text == word][nth]
    return actor_ref(token, MentionIndex(doc, code_entities(doc).for_actors()))


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Norway said on Monday it would expel two diplomats.", "it", "NOR"),  # the subject of the governing clause
        ("The Egyptian army intensified its shelling of the border town.", "its", "EGYMIL"),
        ("Chilean farmers said they would block the highway.", "they", "CHLAGR"),
        ("The Peruvian government closed the border. It said the move was temporary.", "It", "PERGOV"),  # last group
    ],
)
def test_group_pronouns_stand_for_their_antecedent(nlp, text, word, code):
    assert _ref(nlp, text, word).code == code


def test_pronoun_text_is_the_antecedent_named_in_the_same_sentence(nlp):
    assert _ref(nlp, "Norway said on Monday it would expel two diplomats.", "it").text == "Norway"
    earlier = _ref(nlp, "The Peruvian government closed the border. It said the move was temporary.", "It")
    assert earlier.text == "It"  # the antecedent is in another sentence


def test_he_prefers_the_subject_of_the_governing_clause(nlp):
    text = "The Kenyan president rejected the plan of Mevlut Cavusoglu and he also criticised the talks."
    assert _ref(nlp, text, "he").country == "KEN"


@pytest.mark.parametrize(
    ("text", "word", "country"),
    [
        ("A Danish wind engineer said the turbines were safe.", "engineer", "DNK"),  # a modifier's modifier
        ("The Grand Mufti of Egypt cancelled the visit.", "Mufti", "EGY"),  # an of-phrase
        ("A delegation from Ghana arrived in Lome.", "delegation", "GHA"),
    ],
)
def test_country_from_the_words_around_a_participant(nlp, text, word, country):
    assert _ref(nlp, text, word).country == country


def test_a_sponsor_is_not_the_actor(nlp):
    assert _ref(nlp, "Iranian-backed fighters attacked the base.", "fighters").country is None


def test_group_nouns_and_titles_with_their_office(nlp):
    mentions = _mentions(nlp, "Our Chilean partners and the international community welcomed the deal.")
    assert _code(mentions, "Our Chilean partners", "ORG") == "CHL"  # a group without a role: the country alone
    assert _find(mentions, "the international community", "ORG").actor is None
    titled = _mentions(nlp, "The Secretary of State met Ana Lopez, commander of the Southern Fleet.")
    assert _find(titled, "The Secretary of State", "PERSON")
    assert _find(titled, "commander of the Southern Fleet", "PERSON")
    assert not [m for m in titled if m.text == "State"]


def test_more_site_nouns_and_members_of_a_named_body(nlp):
    mentions = _mentions(nlp, "The Members of the Security Council met after militants shelled the farm near Homs.")
    assert _code(mentions, "The Members of the Security Council", "ORG") == "IGOUNO"
    assert _find(mentions, "the farm", "LOC").actor is None


def test_a_sites_offer_to_follow_its_author_names_no_one_of_the_story(nlp):
    # the author's name in a news site's notification box recurs on every story of the author: matched across
    # articles as a person of the story, it joined shootings weeks apart
    text = ("Close Get email notifications on Jane Roeburn daily!\n\nWhenever Jane Roeburn posts new content, you'll "
            "get an email.\n\nA man was shot on Monday, police said. John Smithers, 20, was arrested. Smithers was "
            "charged.")
    people = [m.text for m in code_entities(nlp(text)).entities if m.label == "PERSON"]
    assert "John Smithers" in people and not any("Roeburn" in p for p in people)


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Officer Dan Roeman says the boy was shot Tuesday night.", "Dan Roeman", "COP"),
    ("Detroit police Sgt. Mick Woodard said four people were hit.", "Mick Woodard", "COP"),
    ("LVMPD Lt. Grant Rowell says gun owners should lock their guns away.", "Grant Rowell", "COP"),
    ("Army Capt. John Parkes said the base was shelled overnight.", "John Parkes", "MIL"),
    # local offices: a city manager or a councilman speaks after shooting after shooting of his town
    ("City Manager Harold Blackwood said the heat drove the shootings.", "Harold Blackwood", "GOV"),
    ("Councilman Tim Burgeson asked the neighbours for calm.", "Tim Burgeson", "GOV"),
    ("District Attorney Joan Petrie said the charges would be upgraded.", "Joan Petrie", "JUD"),
    ("Detective Ray Ocampo said the victim knew the gunman.", "Ray Ocampo", "COP"),
])
def test_a_rank_before_a_name_is_an_office(nlp, text, name, role):
    # a police spokesman named in story after story of his city is no person of one incident
    person = _find(_mentions(nlp, text), name, "PERSON")
    assert person.actor is not None and person.actor.role == role


@pytest.mark.parametrize(("text", "code"), [
    ("The boys were playing Russian roulette with a revolver.", None),
    ("A German shepherd bit the officer.", None),
    ("Russian troops shelled the town.", "RUSMIL"),
])
def test_a_nationality_word_naming_a_kind_of_thing_is_no_actor(nlp, text, code):
    nationality = next(m for m in _mentions(nlp, text) if m.label == "NORP")
    assert (nationality.actor.code if nationality.actor else None) == code


def test_a_ranked_surname_is_the_person_named_before_not_a_country(nlp):
    # 'Lt. Ireland said' after 'Lt. Mike Ireland': the lieutenant; after a preposition of place the name stays the
    # country's
    text = ('Lt. Mike Ireland said the gun was found in a bedroom.\n\n"It was an accident," Lt. Ireland said.\n\n'
            "His family flew in from Ireland on Monday.")
    mentions = [m for m in _mentions(nlp, text) if m.text == "Ireland"]
    assert [m.label for m in mentions][:2] == ["PERSON", "GPE"], [(m.text, m.label) for m in mentions]
    assert mentions[0].actor is not None and mentions[0].actor.role in {"COP", "MIL"}


def test_a_surname_that_is_a_peoples_word_is_the_person(nlp):
    # 'Turk' made the lieutenant Turkish, and his surname alone a Turkish actor: the story's county was then no
    # US county (a story of Turkey)
    text = ("\"It is a tragedy,\" said Lt. Aaron Turk with the Catawba County Sheriff's Office. Turk is leading the "
            "investigation.")
    turks = [m for m in _mentions(nlp, text) if m.text in {"Aaron Turk", "Turk"}]
    assert turks and all(m.label == "PERSON" and m.actor is not None and m.actor.country is None for m in turks)
