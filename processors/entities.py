"""Entity mentions with CAMEO-style actor coding.

Coding order for a span: the actor dictionary (data/actors.json); then what the span is
(country -> its ISO3, capital -> that country's government, demonym -> the country with the
role of the noun it modifies); then for people, the title or apposition next to the name
("Mevlut Cavusoglu, the Turkish foreign minister" -> TURGOV); then in-document name
coreference (a later "Mr Lavrov" gets the actor of the earlier "Sergei Lavrov, the Russian
foreign minister").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from processors.gazetteer import capital_iso3, country_iso3, demonym_iso3, find_place
from processors.lexicon import lookup_actor, role_nouns
from processors.types import Actor, EntityMention

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Aircraft and weapon designators ("F-16", "SU-24", "MiG-29") name military hardware.
MILITARY_HARDWARE = re.compile(r"^[A-Za-z]{1,4}-?\d{1,3}[A-Za-z]?$")
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "President", "General", "Gen", "Minister", "Sheikh"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})


def code_entities(doc: Doc) -> tuple[EntityMention, ...]:
    """Entity spans of ``doc`` (PERSON, ORG, GPE, LOC, FAC, NORP) with actor coding, in text order."""
    known_people: dict[str, Actor] = {}
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        mentions.append(_code_span(ent, known_people))
    return tuple(mentions)


def _code_span(ent: Span, known_people: dict[str, Actor]) -> EntityMention:
    text = ent.text
    label = ent.label_
    name = _bare_name(ent)
    entry = lookup_actor(name)
    if label == "GPE" and demonym_iso3(name) and not country_iso3(name):
        label = "NORP"  # "Kyrgyz" in "Russian, Kyrgyz, and Uzbek citizens" is a nationality, not a place
    surname = name.split()[-1] if name else ""
    if entry is not None:
        actor: Actor | None = entry.actor
        label = entry.label
    elif _is_titled_surname(ent, name, known_people):
        actor = known_people[name]
        label = "PERSON"
    elif label == "PERSON":
        actor = _person_actor(ent, name) or known_people.get(surname)
    elif label == "NORP":
        actor = _demonym_actor(ent)
    elif label == "GPE":
        actor = _place_actor(name)
    elif label == "ORG":
        actor = _organisation_actor(ent, name)
    else:
        actor = None
    if label == "PERSON" and actor is not None:
        known_people.setdefault(surname, actor)
        known_people.setdefault(name, actor)
    country = _place_country(name) if label in PLACE_LABELS else None
    return EntityMention(text=text, label=label, start=ent.start_char, end=ent.end_char, actor=actor, country=country)


def _bare_name(ent: Span) -> str:
    """The span text without a leading 'the' or title ('Mr') and a trailing possessive."""
    tokens = [t for t in ent if t.tag_ != "POS" and t.text not in {"'s", "’s"}]
    while tokens and (tokens[0].lower_ == "the" or tokens[0].text.rstrip(".") in TITLES):
        tokens = tokens[1:]
    return " ".join(t.text for t in tokens).replace(" - ", "-").strip()


def _is_titled_surname(ent: Span, name: str, known_people: dict[str, Actor]) -> bool:
    """A span the model mislabelled ('Mr Cavusoglu' or 'Ms Holt' as ORG) that repeats a coded person's name."""
    return ent.label_ != "PERSON" and name in known_people and _has_title(ent)


def _has_title(ent: Span) -> bool:
    previous = ent.doc[ent.start - 1] if ent.start > 0 else None
    return any(t is not None and t.text.rstrip(".") in TITLES for t in (previous, ent[0]))


def _place_country(name: str) -> str | None:
    place = find_place(name)
    return place.country if place else None


def _place_actor(name: str) -> Actor | None:
    """Countries act as themselves (RUS); capitals stand for their government (Moscow -> RUSGOV)."""
    iso3 = country_iso3(name)
    if iso3:
        return Actor(name=name, code=iso3, country=iso3)
    iso3 = capital_iso3(name)
    if iso3:
        return Actor(name=name, code=f"{iso3}GOV", country=iso3, role="GOV")
    return None


def _demonym_actor(ent: Span) -> Actor | None:
    """'Turkish F-16' -> TURMIL, 'Russian servicemen' -> RUSMIL, 'Russian ... citizens' -> RUSCVL."""
    iso3 = demonym_iso3(ent[0].text) or demonym_iso3(ent.text)
    if iso3 is None:
        return None
    role = None
    if len(ent) > 1 and demonym_iso3(ent.root.text) is None:
        role = role_of(ent.root)
    if role is None:
        head = _modified_noun(ent.root)
        role = role_of(head) if head is not None else _role_of_conjoined_noun(ent.root)
    return Actor(name=ent.text, code=iso3 + (role or ""), country=iso3, role=role)


def _modified_noun(token: Token) -> Token | None:
    """The noun a modifier describes, through coordination ('Russian, Kyrgyz, and Uzbek citizens')."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ in MODIFIER_DEPS and token.head.pos_ in {"NOUN", "PROPN"}:
        return token.head
    return None


def _role_of_conjoined_noun(token: Token) -> str | None:
    """'the attackers were Russian, Kyrgyz, and Uzbek citizens': the list ends in the noun."""
    for conjunct in token.conjuncts:
        if conjunct.pos_ == "NOUN":
            return role_of(conjunct)
    return None


def role_of(token: Token) -> str | None:
    """CAMEO role of a head noun, using its compound modifiers for multi-word roles ('security forces')."""
    roles = role_nouns()
    if MILITARY_HARDWARE.match(token.text) and any(c.isdigit() for c in token.text):
        return "MIL"
    modifiers = [c for c in token.lefts if c.dep_ in {"compound", "amod"}]
    for modifier in modifiers:
        for phrase in (f"{modifier.lower_} {token.lower_}", f"{modifier.lower_} {token.lemma_.lower()}"):
            if phrase in roles:
                return roles[phrase]
    return roles.get(token.lemma_.lower()) or roles.get(token.lower_)


def _person_actor(ent: Span, name: str) -> Actor | None:
    """A person coded by the title or apposition around the name."""
    country, role = _descriptor_coding(_descriptor_tokens(ent))
    if country is None and role is None:
        return None
    return Actor(name=name, code=(country or "") + (role or ""), country=country, role=role)


def _descriptor_tokens(ent: Span) -> list[Token]:
    """Tokens describing a name: its apposition ('X, the Turkish foreign minister') and pre-name titles."""
    root = ent.root
    tokens: list[Token] = []
    for child in root.children:
        if child.dep_ == "appos" or child.i < ent.start and child.dep_ in {"compound", "amod", "nmod", "poss"}:
            tokens.extend(child.subtree)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        tokens.extend(t for t in root.head.subtree if t.i < ent.start)
    return tokens


def _descriptor_coding(tokens: Iterable[Token]) -> tuple[str | None, str | None]:
    country = role = None
    for token in tokens:
        country = country or demonym_iso3(token.text) or country_iso3(token.text)
        if role is None and token.pos_ in {"NOUN", "PROPN"}:
            role = role_of(token)
    return country, role


def _organisation_actor(ent: Span, name: str) -> Actor | None:
    """Organisations named after a country and a role ('Syrian Army', 'Elgin Police Department')."""
    country = None
    role = None
    for token in ent:
        country = country or demonym_iso3(token.text) or country_iso3(token.text)
        role = role or role_of(token)
    if country is None and role is None:
        return None
    if country is None:
        place = find_place(ent[0].text)
        country = place.country if place and place.precision == "city" else None
    return Actor(name=name, code=(country or "") + (role or ""), country=country, role=role)
