"""Entity mentions with CAMEO-style actor coding.

Coding order for a span: the actor dictionary (data/actors.json); then what the span is
(country -> its ISO3, capital -> that country's government, demonym -> the country with the
role of the noun it modifies); then for people, the title or apposition next to the name
("Mevlut Cavusoglu, the Turkish foreign minister" -> TURGOV); then in-document name
coreference (a later "Mr Lavrov" gets the actor of the earlier "Sergei Lavrov, the Russian
foreign minister").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from processors.gazetteer import admin1_iso3, capital_iso3, country_iso3, demonym_iso3, find_place
from processors.lexicon import group_words, individual_nouns, lookup_actor, role_nouns
from processors.types import Actor, EntityMention

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Aircraft and weapon designators ("F-16", "SU-24", "MiG-29") name military hardware.
MILITARY_HARDWARE = re.compile(r"^[A-Za-z]{1,4}-?\d{1,3}[A-Za-z]?$")
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "President", "General", "Gen", "Minister", "Sheikh"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})
MODIFIER_CHAIN_STEPS = 3  # "Sri Lankan" -> "Tamil" -> "rebels": how far a nationality word looks for its noun
# Prepositions that put a name in a place ("in Palmyra", "near Aleppo"); "from"/"to" also take people.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "around", "outside", "inside", "across", "throughout"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
# Common nouns a town name follows with 'of' ("the port city of Tartus", "the ancient site of Palmyra").
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "district", "region", "site", "area", "port", "island"})
# Heads that count or group the actor named by their 'of' phrase ("Dozens of Russian peacekeepers").
QUANTITY_NOUNS = frozenset(
    "hundred hundreds dozen dozens thousand thousands score scores group number member members contingent "
    "unit team".split()
)
# Role nouns for military hardware: they code event actors (role_of) but are not entity mentions themselves.
HARDWARE_NOUNS = frozenset({"jet", "warplane", "aircraft", "bomber", "helicopter", "drone", "tank", "warship", "plane"})
# Parts of speech that never begin a name but that the model sometimes pulls into a span at a sentence start.
LEADING_NON_NAME_POS = frozenset({"ADV", "SCONJ", "CCONJ", "ADP", "INTJ", "PART"})
# Common nouns for sites and settlements: a phrase they head is a place mention ("the camp", "a village"),
# without an actor. Nouns the gazetteer would misread as a town name ("area", "port", "market") are left out,
# because the event processor looks place mentions up in the gazetteer.
SITE_NOUNS = frozenset(
    "camp city town village province district region hospital building site base border territory "
    "compound facility dam island river neighbourhood neighborhood suburb street bridge school mosque "
    "church checkpoint prison headquarters barracks station palace embassy airbase refinery oilfield "
    "valley mountain position gate farm house restaurant location cache land homeland field complex "
    "fortification entrance tent ward".split()
)
# Pronouns are mentions of the actors they stand for (the convention of annotated corpora such as re3d).
# "he"/"she"/"him" take the last person named within PRONOUN_REACH_CHARS (a few sentences); "they" the last
# group or organisation; "I"/"me" the speaker and "we" the speaker's side, left uncoded here (the event coder
# finds the speaker). "it", "us", "them" and possessives are left out: in news text they refer to things
# ("it said", "us" as the country) more often than to actors.
PERSON_PRONOUNS = frozenset({"he", "she", "him"})
SPEAKER_PRONOUNS = frozenset({"i", "me"})
GROUP_SPEAKER_PRONOUNS = frozenset({"we"})
GROUP_PRONOUNS = frozenset({"they"})
PRONOUN_WORDS = PERSON_PRONOUNS | SPEAKER_PRONOUNS | GROUP_SPEAKER_PRONOUNS | GROUP_PRONOUNS
PRONOUN_REACH_CHARS = 600
# Participles after a modifier that name a backer ("U.S.-backed fighters" are not American).
SPONSOR_PARTICIPLES = frozenset(
    "backed supported funded sponsored allied aligned trained armed linked inspired affiliated".split()
)
# Words that complete a title with 'of' and are no organisation of their own ("Secretary of State").
TITLE_OFFICES = frozenset({"State"})
# Compass adjectives that name a part of a place ("northern Syria", "Southern Iraq").
COMPASS_ADJECTIVES = frozenset(
    "northern southern eastern western northeastern northwestern southeastern southwestern north-eastern "
    "north-western south-eastern south-western".split()
)
# Words the model leaves dangling at the end of a span ("the Government of" before "Iraq").
DANGLING_WORDS = frozenset({"of", "for", "and", "the", "'s", "’s", "-"})
# Words that make up a title before a name together with a title noun ("Prime Minister", "Deputy Foreign Minister").
TITLE_MODIFIERS = frozenset(
    "Prime Foreign Deputy Vice Special Chief Defence Defense Interior Senior Supreme Presidential Acting "
    "Former Lt Col Colonel Major Brigadier Lieutenant Staff Sgt Sergeant Captain Capt Admiral Adm Home "
    "Justice Finance State Army Air Navy Attorney Crown Grand Opposition Party Rebel Top Office".split()
)


def code_entities(doc: Doc) -> tuple[EntityMention, ...]:
    """Entity spans of ``doc`` (PERSON, ORG, GPE, LOC, FAC, NORP) with actor coding, in text order.

    Besides the named-entity spans this returns the noun phrases that name an actor around them
    ("Iraqi security forces", "the Kurdish YPG", "the government of Cambodia", "Foreign Minister
    Sergei Lavrov"), nested over the names they contain. Containing spans come before the spans
    inside them, so a token-to-mention index built in this order ends with the innermost mention of
    each token and the phrase only for the tokens no name covers (the head noun "forces").
    """
    known_people: dict[str, Actor] = {}
    names: list[EntityMention] = []
    extra: list[EntityMention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        ent = _trim(ent)
        if _is_title_office(ent):
            continue
        mention = _code_span(ent, known_people)
        names.append(mention)
        if mention.label == "PERSON":
            titled = _titled_span(ent)
            if titled is not None:
                extra.append(_mention(titled, "PERSON", mention.actor))
        elif (
            mention.label == "GPE"
            and mention.actor
            and country_iso3(mention.text)
            and _acts(ent.root)
            and not (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
        ):
            extra.append(_mention(ent, "ORG", mention.actor))  # "Russia said": the state acting, as well as the place
    phrases = _actor_phrases(doc, names)
    found = names + extra + phrases + _place_phrases(doc, names) + _pronouns(doc, names + phrases)
    unique = {(m.start, m.end, m.label): m for m in reversed(found)}  # the first of equal spans wins
    for start, end, label in list(unique):
        if label == "NORP" and (start, end, "ORG") in unique:
            del unique[(start, end, label)]  # "Syrians" names a group of people (ORG), not a nationality
    return tuple(sorted(unique.values(), key=lambda m: (m.start, -m.end)))


def _pronouns(doc: Doc, mentions: list[EntityMention]) -> list[EntityMention]:
    """Personal pronouns as mentions of what they stand for: 'he', 'she', 'him' (PERSON) with the actor of
    the nearest person named before them in the last few sentences ("Lavrov ... he said" -> RUSGOV); 'they'
    (ORG) with the last group or organisation named before it; 'I', 'me' (PERSON) and 'we' (ORG) uncoded."""
    people = sorted((m for m in mentions if m.label == "PERSON" and m.actor), key=lambda m: m.end)
    groups = sorted((m for m in mentions if m.label == "ORG" and m.actor), key=lambda m: (m.end, -m.start))
    people_ends = [m.end for m in people]
    group_ends = [m.end for m in groups]
    found = []
    for token in doc:
        word = token.lower_
        if token.pos_ != "PRON" or word not in PRONOUN_WORDS:
            continue
        if word in SPEAKER_PRONOUNS and (word != "i" or token.text == "I"):
            found.append(_mention(doc[token.i : token.i + 1], "PERSON", None))
        elif word in GROUP_SPEAKER_PRONOUNS:
            found.append(_mention(doc[token.i : token.i + 1], "ORG", None))
        elif word in PERSON_PRONOUNS:
            person = _last_before(people, people_ends, token.idx)
            found.append(_mention(doc[token.i : token.i + 1], "PERSON", person.actor if person else None))
        elif word in GROUP_PRONOUNS:
            group = _last_before(groups, group_ends, token.idx)
            found.append(_mention(doc[token.i : token.i + 1], "ORG", group.actor if group else None))
    return found


def _last_before(mentions: list[EntityMention], ends: list[int], char: int) -> EntityMention | None:
    """The mention ending last before ``char`` within PRONOUN_REACH_CHARS (``ends`` sorted, one per mention)."""
    last = bisect_right(ends, char) - 1
    if last >= 0 and char - ends[last] <= PRONOUN_REACH_CHARS:
        return mentions[last]
    return None


def names_sponsor(word: Token) -> bool:
    """'Iranian' in 'Iranian-backed fighters': a modifier naming who backs an actor, not who the actor is."""
    return word.head.lower_ in SPONSOR_PARTICIPLES or any(t.lower_ in SPONSOR_PARTICIPLES for t in word.rights)


def _place_phrases(doc: Doc, names: list[EntityMention]) -> list[EntityMention]:
    """Places named with more than their name, returned around the name mentions (which stay): a town with its
    region or country ("Cibolo, Texas", "Baghdad, Iraq") and a region of a country ("northern Syria")."""
    places = [m for m in names if m.label in PLACE_LABELS]
    by_start = {m.start: m for m in places}
    found = []
    for place in places:
        span = doc.char_span(place.start, place.end)
        if span is None:
            continue
        if span.end + 1 < len(doc) and doc[span.end].text == "," and not country_iso3(place.text):
            region = by_start.get(doc[span.end + 1].idx)
            region_span = doc.char_span(region.start, region.end) if region is not None else None
            if region_span is not None and (country_iso3(region.text) or admin1_iso3(region.text)):
                found.append(_place_mention(doc[span.start : region_span.end], region))
        if span.start > 0 and doc[span.start - 1].lower_ in COMPASS_ADJECTIVES:
            found.append(_place_mention(doc[span.start - 1 : span.end], place))
    return found


def _place_mention(span: Span, inner: EntityMention) -> EntityMention:
    country = inner.country or (inner.actor.country if inner.actor else None)
    return EntityMention(text=span.text, label="LOC", start=span.start_char, end=span.end_char, country=country)


def _mention(span: Span, label: str, actor: Actor | None) -> EntityMention:
    return EntityMention(text=span.text, label=label, start=span.start_char, end=span.end_char, actor=actor)


def _is_title_office(ent: Span) -> bool:
    """'State' in 'Secretary of State', 'Minister of State': a word of a person's title, not an organisation."""
    doc = ent.doc
    return (
        ent.text in TITLE_OFFICES
        and ent.start > 1
        and doc[ent.start - 1].lower_ == "of"
        and doc[ent.start - 2].lemma_.lower() in individual_nouns()
    )


def _acts(token: Token) -> bool:
    """The subject of a verb ('Russia said'), through coordination ('Russia and Turkey agreed')."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in SUBJECT_DEPS


def _trim(ent: Span) -> Span:
    """Model spans cut to the name: 'the Kurdish' (tagged ORG before 'YPG') is the nationality word alone;
    a possessive or a dangling 'of' ('the Government of') is not part of a name; 'Gen. Joseph Votel' is
    the person 'Joseph Votel' (the titled phrase is returned separately)."""
    doc = ent.doc
    start, end, label = ent.start, ent.end, ent.label_
    while end - start > 1 and (doc[start].pos_ in LEADING_NON_NAME_POS or doc[start].lower_ in LOCATIVE_PREPS):
        start += 1  # "Later Mr Petrov" -> "Mr Petrov", "Near Palmyra" -> "Palmyra"
    while end - start > 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in DANGLING_WORDS):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and _is_title_word(doc[start]) and doc[start + 1].is_title:
            start += 1
    if label == "LOC" and end - start > 1 and doc[start].lower_ == "the":
        start += 1  # "the Middle East", "the Tigris River": the name is without the article
    if end - start > 1 and doc[start].lower_ == "the" and all(_is_group_word(t.text) for t in doc[start + 1 : end]):
        start, label = start + 1, "NORP"
    if (start, end) == (ent.start, ent.end) and label == ent.label_:
        return ent
    return Span(doc, start, end, label=label)


def _is_title_word(token: Token) -> bool:
    """'Gen.', 'Foreign', 'Minister', 'Iraqi': words of a title written before a name."""
    word = token.text.rstrip(".")
    return bool(
        word[:1].isupper()
        and (word in TITLES or word in TITLE_MODIFIERS or token.lower_ in role_nouns() or demonym_iso3(word))
    )


def _titled_span(ent: Span) -> Span | None:
    """'Foreign Secretary Philip Hammond' around the name 'Philip Hammond', when a title precedes it."""
    doc = ent.doc
    start = ent.start
    while start > ent.sent.start and _is_title_word(doc[start - 1]):
        start -= 1
    # a title needs its noun ("Prime Minister", "Staff Colonel"): "Mr" or "Foreign" alone adds nothing
    if not any(t.lower_ in role_nouns() for t in doc[start : ent.start]):
        return None
    return doc[start : ent.end]


def _is_group_word(word: str) -> bool:
    return bool(word[:1].isupper() and (demonym_iso3(word) or word in group_words()))


def _code_span(ent: Span, known_people: dict[str, Actor]) -> EntityMention:
    text = ent.text
    label = ent.label_
    name = _bare_name(ent)
    entry = lookup_actor(name)
    if label in {"GPE", "ORG", "PERSON"} and _is_group_word(name) and not country_iso3(name):
        label = "NORP"  # "Kyrgyz" in "Russian, Kyrgyz, and Uzbek citizens" is a nationality, not a place
    if entry is None and label in {"PERSON", "ORG", "NORP"} and _is_located_place(ent, name):
        label = "GPE"  # the small model tags many towns as people ("in Palmyra"); a gazetteer place after "in" is one
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
    if entry is None and actor is not None and actor.country is None and actor.role:
        country = _context_country(ent)  # "Russia's Foreign Ministry", "U.S. Congress" -> the country's GOV/LEG
        if country:
            actor = Actor(name=actor.name, code=country + actor.code, country=country, role=actor.role)
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
    # a span that is all title ("Estonian MEP") describes itself
    tokens.extend(t for t in ent if _is_title_word(t))
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
            country = country_iso3(words.text) if j - i > 1 else _country_of_token(words[0])
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


def _country_of_token(token: Token) -> str | None:
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
                country = country or _country_of_token(token)
            if country:
                return country
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                country = country_iso3(pobj.text) if pobj.dep_ == "pobj" else None
                if country:
                    return country
    return None


def _actor_phrases(doc: Doc, names: list[EntityMention]) -> list[EntityMention]:
    """Noun phrases that name an actor: a role noun with its modifiers ("Twelve U.S. Army soldiers",
    "the Syrian people", "Bahraini Prime Minister") or a name with its determiner ("the Kurdish YPG",
    "The UK"), extended by an 'of' phrase naming a country ("the government of Cambodia").

    Nationality words inside such a phrase that the model left untagged ("Bahraini") are returned too."""
    by_token: dict[int, EntityMention] = {}
    name_at: dict[int, tuple[int, int]] = {}  # token -> the widest name over it, as a token range
    for mention in names:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span if span is not None else ():
            by_token[token.i] = mention
            widest = name_at.get(token.i)
            if widest is None or widest[1] - widest[0] < len(span):
                name_at[token.i] = (span.start, span.end)
    phrases: list[EntityMention] = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ == "PRON":
            continue
        start = next((t.i for t in chunk if not (t.is_punct or t.is_space)), chunk.end)
        span = _snap_to_names(_with_of_country(doc[start : chunk.end], by_token), name_at)
        if span is None or len(span) == 0 or _is_title_office(span):
            continue
        head = by_token.get(root.i)
        inside = [by_token[t.i] for t in span if t.i in by_token and not names_sponsor(t)]
        if head is not None and head.label == "NORP" and head.actor and root.tag_ in {"NNS", "NNPS"}:
            # "Syrians", "all Syrians": a nationality noun names a group of people (an actor) as well as a nationality
            group = Actor(name=span.text, code=head.actor.country or head.actor.code, country=head.actor.country)
            phrases.append(_mention(span, "ORG", group))
            if (head.start, head.end) != (span.start_char, span.end_char):
                noun = Actor(name=head.text, code=group.code, country=group.country)
                phrases.append(EntityMention(text=head.text, label="ORG", start=head.start, end=head.end, actor=noun))
            continue
        if head is not None and (head.start, head.end) == (span.start_char, span.end_char):
            continue
        if head is None and root.pos_ == "NOUN" and root.lemma_.lower() in SITE_NOUNS:
            phrases.append(_place_phrase(_with_of_place(span, by_token), by_token))
            continue
        named = _described_name(span, by_token, name_at) if head is None else None
        if named is not None:  # "the rebel Free Syrian Army": a role noun describing the name after it
            described, name = named
            phrases.append(_mention(described, "ORG", name.actor))
            continue
        coded = _phrase_coding(span, head, inside, by_token)
        if coded is None:
            continue
        span, label, actor = coded
        phrases.append(_mention(span, label, actor))
    for token in doc:
        # nationality adjectives the model missed altogether ("Azerbaijani hackers")
        if token.i not in by_token and token.pos_ in {"ADJ", "PROPN"} and token.is_title and demonym_iso3(token.text):
            phrases.append(_mention(doc[token.i : token.i + 1], "NORP", _demonym_actor(doc[token.i : token.i + 1])))
    for mention in [*names, *phrases]:
        # nationality words inside descriptive phrases ("the Australian Government"), not inside proper
        # names such as "European Union" or "Syrian Computer Society"
        head = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if mention.label in {"ORG", "PERSON"} and head is not None and role_of(head.root) is not None:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            phrases.extend(_untagged_nationalities(span, by_token) if span is not None else ())
    return phrases


def _described_name(
    span: Span, by_token: dict[int, EntityMention], name_at: dict[int, tuple[int, int]]
) -> tuple[Span, EntityMention] | None:
    """'the rebel' + 'Free Syrian Army', 'the militant group' + 'Hezbollah': a phrase of a determiner and a
    singular role noun, right before a coded organisation's name, describes that organisation."""
    doc = span.doc
    root = span.root
    if root.i != span.end - 1 or root.tag_ != "NN" or span[0].lower_ not in {"the", "a", "an"} or span.end >= len(doc):
        return None
    name = by_token.get(span.end)
    if name is None or name.label != "ORG" or name.actor is None or role_of(root) is None:
        return None
    start, end = name_at.get(span.end, (span.end, span.end + 1))
    if start != span.end:
        return None
    return doc[span.start : end], name


def _snap_to_names(span: Span, name_at: dict[int, tuple[int, int]]) -> Span | None:
    """A phrase never cuts a name: the parser splits long names at 'of' and 'and' ("the Department" + "of
    State", "the Islamic State" + "of Iraq and the Levant fighters"), so a phrase ending or starting inside a
    name grows over the whole name, and a phrase lying inside a name is no phrase of its own (None)."""
    start, end = span.start, span.end
    first, last = name_at.get(start), name_at.get(end - 1)
    if first is not None and first[0] <= start and end <= first[1] and (start, end) != first:
        return None
    if first is not None:
        start = min(start, first[0])
    if last is not None:
        end = max(end, last[1])
    return span if (start, end) == (span.start, span.end) else span.doc[start:end]


def _with_of_place(span: Span, by_token: dict[int, EntityMention]) -> Span:
    """'the Karrada district' + 'of Baghdad' when the 'of' object is a tagged place."""
    for child in span.root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and by_token.get(objects[0].i, _NONE).label in PLACE_LABELS:
                return span.doc[span.start : objects[0].right_edge.i + 1]
    return span


def _place_phrase(span: Span, by_token: dict[int, EntityMention]) -> EntityMention:
    """A common-noun place ("the camp", "the port city of Tartus"), with the country of a place inside it."""
    country = next((m.country for t in span if (m := by_token.get(t.i)) is not None and m.country), None)
    return EntityMention(text=span.text, label="LOC", start=span.start_char, end=span.end_char, country=country)


def _with_of_country(span: Span, by_token: dict[int, EntityMention]) -> Span:
    """'the government' + 'of Cambodia' when the 'of' object is a tagged country."""
    for child in span.root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].i in by_token and country_iso3(by_token[objects[0].i].text):
                return span.doc[span.start : objects[0].right_edge.i + 1]
    return span


def is_group_noun(token: Token) -> bool:
    """A noun for a group that acts but has no CAMEO role ('partners', 'the international community')."""
    groups = group_nouns()
    lemma = token.lemma_.lower()
    modifiers = (c.lower_ for c in token.lefts if c.dep_ in {"amod", "compound"})
    return lemma in groups or any(f"{modifier} {lemma}" in groups for modifier in modifiers)


@cache
def group_nouns() -> frozenset[str]:
    """data/roles.json ``groups``: lemmas of nouns for groups of people or states without a role of their own."""
    text = resources.files("processors.data").joinpath("roles.json").read_text(encoding="utf-8")
    return frozenset(json.loads(text)["groups"])


def _phrase_coding(
    span: Span, head: EntityMention | None, inside: list[EntityMention], by_token: dict[int, EntityMention]
) -> tuple[Span, str, Actor | None] | None:
    """(span, label, actor) of an actor phrase, or None when the phrase names no actor. The span grows over
    the 'of' phrase of a quantity ("Hundreds" -> "Hundreds of British troops")."""
    root = span.root
    if head is not None:
        if head.actor is None or head.label not in {"ORG", "GPE", "PERSON"}:
            return None
        if head.label == "GPE" and not (country_iso3(head.text) and root.dep_ in SUBJECT_DEPS | {"poss"}):
            return None  # a country acting ("The UK will ..."), not a place ("in the UK")
        return span, ("PERSON" if head.label == "PERSON" else "ORG"), head.actor  # the name's actor and canonical name
    if root.lemma_.lower() in QUANTITY_NOUNS:  # "Hundreds of British troops" are British troops
        members = [g for c in root.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if members and members[0].dep_ == "pobj":
            root = members[0]
            span = span.doc[span.start : max(span.end, root.right_edge.i + 1)]
            named = by_token.get(root.i)
            if named is not None and named.label == "ORG" and named.actor is not None and role_of(root) is None:
                return span, "ORG", named.actor  # "The Members of the Security Council"
    role = role_of(root)
    if role is None and is_group_noun(root):  # "our partners", "the Syrian partners": a group without a role
        named = next((m.actor for m in inside if m.actor and m.label == "ORG"), None)
        if named is not None:
            return span, "ORG", named  # "Islamic State members" are Islamic State's
        country = next((c for t in span if t.i != root.i and (c := _country_of_token(t))), None)
        return span, "ORG", Actor(name=span.text, code=country, country=country) if country else None
    if role is None or root.lemma_.lower() in HARDWARE_NOUNS or MILITARY_HARDWARE.match(root.text):
        return None  # "the jet" codes an event's actor, but an aircraft is not an organisation
    group = next((m.actor for m in inside if m.actor and m.label == "ORG" and m.actor.country is None), None)
    if group is not None and not group.role == role:  # "ISIL forces" are Islamic State's
        return span, "ORG", group
    countries = (m.actor.country if m.actor and m.actor.country else m.country for m in inside)
    country = next((c for c in countries if c), None)
    country = country or next(
        (c for t in span if t.i != root.i and not names_sponsor(t) and (c := _country_of_token(t))), None
    )
    country = country or _located_country(root)
    label = "PERSON" if root.tag_ in {"NN", "NNP"} and root.lemma_.lower() in individual_nouns() else "ORG"
    if label == "PERSON":
        span = _with_office(span)
    return span, label, Actor(name=span.text, code=(country or "") + role, country=country, role=role)


def _with_office(span: Span) -> Span:
    """'the Secretary' + 'of State', 'commander' + 'of U.S. Central Command': a person's title runs over the
    named office or command it holds (an of/for phrase of capitalised words right after it)."""
    for prep in span.root.rights:
        if prep.dep_ != "prep" or prep.lower_ not in {"of", "for"} or prep.i != span.end:
            continue
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        if not objects:
            continue
        office = span.doc[prep.i + 1 : objects[0].right_edge.i + 1]
        if office and all(t.is_title or t.is_upper or t.lower_ == "the" for t in office) and office[-1].pos_ == "PROPN":
            return span.doc[span.start : office.end]
    return span


def _located_country(token: Token) -> str | None:
    """'A court in Venezuela', 'troops from the United States', 'police in Chicago': the place's country."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "of", "from"}:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ == "GPE":
                    start = pobj.i
                    while start > prep.i + 1 and pobj.doc[start - 1].ent_type_ == "GPE":
                        start -= 1
                    place = find_place(pobj.doc[start : pobj.i + 1].text)
                    if place is not None:
                        return place.country
    return None


_NONE = EntityMention(text="", label="", start=0, end=0)


def _untagged_nationalities(span: Span, by_token: dict[int, EntityMention]) -> list[EntityMention]:
    found = []
    for token in span:
        if by_token.get(token.i, _NONE).label != "NORP" and token.i != span.root.i and _is_group_word(token.text):
            iso3 = demonym_iso3(token.text)
            actor = Actor(name=token.text, code=iso3, country=iso3) if iso3 else None
            found.append(_mention(token.doc[token.i : token.i + 1], "NORP", actor))
    return found
