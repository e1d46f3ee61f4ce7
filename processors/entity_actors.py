"""Actor coding of one named span, and the CAMEO role of a noun (``role_of``).

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

from processors.entity_spans import LOCATIVE_PREPS, PLACE_LABELS, TITLES, bare_name, is_group_word, is_title_word
from processors.gazetteer import capital_iso3, country_iso3, demonym_iso3, find_place
from processors.lexicon import lookup_actor, role_nouns
from processors.paragraphs import doc_text
from processors.types import Actor, EntityMention

# Aircraft and weapon designators ("F-16", "SU-24", "MiG-29") name military hardware.
MILITARY_HARDWARE = re.compile(r"^[A-Za-z]{1,4}-?\d{1,3}[A-Za-z]?$")
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})
MODIFIER_CHAIN_STEPS = 3  # "Sri Lankan" -> "Tamil" -> "rebels": how far a nationality word looks for its noun
# Common nouns a town name follows with 'of' ("the port city of Tartus", "the ancient site of Palmyra").
# Ranks written before a name ('Officer Dan Roe', 'Lt. Grant Rowe'): a police rank, or one police and armies share;
# which service is read from the sentence, else the article (``_rank_role``).
POLICE_RANKS = frozenset({"officer", "detective", "det", "patrolman", "patrolwoman", "supt", "superintendent",
                          "inspector"})
SHARED_RANKS = frozenset({"sgt", "sergeant", "lt", "lieutenant", "cpl", "corporal", "capt", "captain", "cmdr",
                          "commander"})
POLICE_WORDS = re.compile(r"\b(?:police|sheriff|[A-Z]{0,4}PD|deputies|troopers?|patrol|precinct)\b", re.IGNORECASE)
MILITARY_WORDS = re.compile(r"\b(?:army|navy|naval|marines?|air force|military|soldiers?|troops|coast guard|"
                            r"national guard)\b", re.IGNORECASE)
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "district", "region", "site", "area", "port", "island"})
# Nouns a nationality word names a kind of, not a people or a state: 'Russian roulette' is a game played in Houston,
# 'a German shepherd' a dog, 'a Mexican restaurant' a kind of food; none is an actor of that country.
KIND_NOUNS = frozenset({"roulette", "shepherd", "shepherds", "standoff", "restaurant", "restaurants", "cuisine",
                        "food", "fries"})


def code_span(ent: Span, known_people: dict[str, Actor]) -> EntityMention:
    text = ent.text
    label = ent.label_
    name = bare_name(ent)
    entry = lookup_actor(name)
    if label in {"GPE", "ORG", "PERSON"} and is_group_word(name) and not country_iso3(name):
        label = "NORP"  # "Kyrgyz" in "Russian, Kyrgyz, and Uzbek citizens" is a nationality, not a place
    if entry is None and label in {"PERSON", "ORG", "NORP"} and _is_located_place(ent, name):
        label = "GPE"  # the small model tags many towns as people ("in Palmyra"); a gazetteer place after "in" is one
    surname = name.split()[-1] if name else ""
    if _is_titled_surname(ent, name, known_people) or _repeats_a_surname(ent, name, known_people):
        # before the lexicon: 'Lt. Ireland said' after 'Lt. Mike Ireland' is the lieutenant, not the country; 'Turk
        # is leading the investigation' after 'Lt. Aaron Turk' is the lieutenant, no Turkish person
        actor: Actor | None = known_people[name]
        label = "PERSON"
    elif entry is not None:
        actor = entry.actor
        label = entry.label
    elif label == "PERSON":
        actor = _person_actor(ent, name) or known_people.get(surname)
    elif label == "NORP":
        actor = None if _names_a_kind(ent) else demonym_actor(ent)
    elif label == "GPE":
        actor = _place_actor(name)
    elif label == "ORG":
        actor = _organisation_actor(ent, name)
    else:
        actor = None
    if entry is None and actor is not None and actor.country is None and actor.role:
        country = _context_country(ent)  # "Russia's Foreign Ministry", "U.S. Congress" -> the country's GOV/LEG
        if country:
            actor = Actor(name=actor.name, code=country + actor.code, country=country, role=actor.role)
    if label == "PERSON" and actor is not None:
        known_people.setdefault(surname, actor)
        known_people.setdefault(name, actor)
    country = _place_country(name) if label in PLACE_LABELS else None
    return EntityMention(text=text, label=label, start=ent.start_char, end=ent.end_char, actor=actor, country=country)


def _is_titled_surname(ent: Span, name: str, known_people: dict[str, Actor]) -> bool:
    """A span the model mislabelled ('Mr Cavusoglu' or 'Ms Holt' as ORG) that repeats a coded person's name."""
    return ent.label_ != "PERSON" and name in known_people and _has_title(ent)


def _has_title(ent: Span) -> bool:
    """A title or a rank before the name, or opening the span ('Mr Cavusoglu', 'Lt. Ireland')."""
    before = ent.start - 1
    if before > 0 and ent.doc[before].text == ".":  # 'Lt' '.': the tokenizer may split a rank's period off
        before -= 1
    previous = ent.doc[before] if before >= 0 else None
    ranks = POLICE_RANKS | SHARED_RANKS
    return any(t is not None and (t.text.rstrip(".") in TITLES or (
        t.text[:1].isupper() and t.text.rstrip(".").lower() in ranks)) for t in (previous, ent[0]))


def _repeats_a_surname(ent: Span, name: str, known_people: dict[str, Actor]) -> bool:
    """A one-word name (whatever the model took it for: a place, a people) that is the surname of a person coded
    before, and no place's ('in Jordan') nor a member's of a people ('a Turk')."""
    if len(ent) != 1 or name not in known_people:
        return False
    previous = ent.doc[ent.start - 1] if ent.start > 0 else None
    return previous is None or previous.lower_ not in {"a", "an", "the", *LOCATIVE_PREPS, "of", "to", "from"}


def _names_a_kind(ent: Span) -> bool:
    """The nationality word names a kind of thing (``KIND_NOUNS``: 'playing Russian roulette')."""
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return following is not None and following.lower_ in KIND_NOUNS


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


def demonym_actor(ent: Span) -> Actor | None:
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
    """The noun a modifier describes, through coordination ('Russian, Kyrgyz, and Uzbek citizens') and through
    other modifiers up to the first one with a role ('Sri Lankan Tamil rebels' -> 'rebels')."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if not (token.dep_ in MODIFIER_DEPS and token.head.pos_ in {"NOUN", "PROPN"}):
        return None
    head = token.head
    noun = head
    for _ in range(MODIFIER_CHAIN_STEPS):
        if role_of(noun) is not None or not (noun.dep_ in MODIFIER_DEPS and noun.head.pos_ in {"NOUN", "PROPN"}):
            break
        noun = noun.head
    return noun if role_of(noun) is not None else head


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
    if any(MILITARY_HARDWARE.match(m.text) and any(c.isdigit() for c in m.text) for m in modifiers):
        return "MIL"  # 'a Turkish F-16 fighter' is an air force's jet, not a rebel fighter
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
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:  # "Bahraini Prime Minister, Prince Khalifa"
        tokens.extend(t for t in root.head.subtree if t.i < ent.start)
    # a span that is all title ("Estonian MEP") describes itself; not a name's last word after a first name, a
    # surname that is a people's word ('Lt. Aaron Turk' is no Turk)
    tokens.extend(t for t in ent if is_title_word(t) and not (
        t.i == ent.end - 1 and t.i > ent.start and not is_title_word(ent.doc[t.i - 1])))
    # a rank right before the name, which the parse may leave unattached ('LVMPD Lt. Grant Rowe says')
    before = ent.start - 1
    if before > 0 and ent.doc[before].text == ".":  # 'Sgt' '.': the period may even have ended a sentence
        before -= 1
    if before >= 0 and _rank(ent.doc[before]):
        tokens.append(ent.doc[before])
    return tokens


def _descriptor_coding(tokens: Iterable[Token]) -> tuple[str | None, str | None]:
    country = role = None
    for token in tokens:
        country = country or demonym_iso3(token.text) or country_iso3(token.text)
        if role is None and token.pos_ in {"NOUN", "PROPN"}:
            role = role_of(token)
        if role is None and (rank := _rank(token)):
            role = _rank_role(token, rank)
    return country, role


def _rank_role(token: Token, rank: str) -> str:
    """A rank's service: the one its sentence speaks of, else the army's after 'Petty' or 'Warrant', else the one
    the article speaks of ('Petty Officer Keating' in a Navy story), else the police's for a police rank."""
    sentence = token.sent.text
    if MILITARY_WORDS.search(sentence):
        return "MIL"
    if POLICE_WORDS.search(sentence):
        return "COP"
    if token.i > 0 and token.doc[token.i - 1].lower_ in {"petty", "warrant", "flag"}:
        return "MIL"
    military, police = _services_named(token.doc)
    if military and not police:
        return "MIL"
    return "COP" if police or rank in POLICE_RANKS else "MIL"


def _services_named(doc: Doc) -> tuple[bool, bool]:
    """Whether the text speaks of an armed service, and of police (read once per Doc)."""
    key = ("eventpipe", "services")
    if key not in doc.user_data:
        text = doc_text(doc)
        doc.user_data[key] = (bool(MILITARY_WORDS.search(text)), bool(POLICE_WORDS.search(text)))
    return doc.user_data[key]


def _rank(token: Token) -> str | None:
    """The rank a capitalised word before a name gives ('Sgt.', 'Officer'), lower case without its period."""
    word = token.text.rstrip(".").lower()
    return word if token.text[:1].isupper() and (word in POLICE_RANKS or word in SHARED_RANKS) else None


def _organisation_actor(ent: Span, name: str) -> Actor | None:
    """Organisations named after a country and a role ('Syrian Army', 'Elgin Police Department')."""
    country = _country_in(ent)
    role = None
    for token in ent:
        role = role or role_of(token)
    if country is None:
        country = _context_country(ent)  # "U.S. Fish and Wildlife Service" with "U.S." tagged apart
    if country is None and role is None:
        return None
    if country is None:
        place = find_place(ent[0].text)
        country = place.country if place and place.precision == "city" else None
    return Actor(name=name, code=(country or "") + (role or ""), country=country, role=role)


def _country_in(span: Span) -> str | None:
    """The first country named inside a span, multi-word names included ('The United States Treasury')."""
    for i in range(span.start, span.end):
        for j in range(min(span.end, i + 4), i, -1):
            words = span.doc[i:j]
            country = country_iso3(words.text) if j - i > 1 else country_of_token(words[0])
            if country and (j - i > 1 or words[0].is_title or words[0].is_upper):
                return country
    return None


def _is_located_place(ent: Span, name: str) -> bool:
    """A town or region of the gazetteer that the model tagged as a nationality ('Aleppo' as NORP), or
    that follows a locative preposition ('in Palmyra', 'the port city of Tartus', 'near Aleppo and Idlib')."""
    place = find_place(name)
    if place is None or place.precision not in {"city", "admin1"}:
        return False
    if ent.label_ == "NORP":
        return True
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE_PREPS:
        return True  # the parse of a mislabelled name is often wrong too: trust "near Palmyra" as written
    root = ent.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ != "pobj":
        return False
    prep = root.head
    return prep.lower_ in LOCATIVE_PREPS or (prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_NOUNS)


def country_of_token(token: Token) -> str | None:
    """The country a single modifier word names: 'Russia', 'U.S.', 'Bahraini', 'Moscow'."""
    return demonym_iso3(token.text) or country_iso3(token.text) or capital_iso3(token.text)


def _context_country(ent: Span) -> str | None:
    """The country around a role-only name: its possessor or modifiers outside the span ("Russia's Foreign
    Ministry", "U.S. Congress") or an 'of' phrase ("the Government of Cambodia")."""
    root = ent.root
    for child in root.children:
        if ent.start <= child.i < ent.end:
            continue
        if child.dep_ in MODIFIER_DEPS:
            words = child.doc[child.left_edge.i : child.i + 1]  # "United States" in "United States Treasury"
            country = country_iso3(words.text) if len(words) > 1 else None
            for token in child.subtree:
                country = country or country_of_token(token)
            if country:
                return country
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                country = country_iso3(pobj.text) if pobj.dep_ == "pobj" else None
                if country:
                    return country
    return None
