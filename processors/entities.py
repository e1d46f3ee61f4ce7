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
from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from processors.gazetteer import capital_iso3, country_iso3, demonym_iso3, find_place
from processors.lexicon import group_words, individual_nouns, lookup_actor, role_nouns
from processors.types import Actor, EntityMention

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Aircraft and weapon designators ("F-16", "SU-24", "MiG-29") name military hardware.
MILITARY_HARDWARE = re.compile(r"^[A-Za-z]{1,4}-?\d{1,3}[A-Za-z]?$")
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "President", "General", "Gen", "Minister", "Sheikh"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})
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
    "valley mountain".split()
)
# Third-person pronouns resolved to the last person named within this many characters (a few sentences).
PERSON_PRONOUNS = frozenset({"he", "she", "him"})
PRONOUN_REACH_CHARS = 600
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
    found = names + extra + _actor_phrases(doc, names) + _person_pronouns(doc, names)
    unique = {(m.start, m.end, m.label): m for m in reversed(found)}  # the first of equal spans wins
    return tuple(sorted(unique.values(), key=lambda m: (m.start, -m.end)))


def _person_pronouns(doc: Doc, names: list[EntityMention]) -> list[EntityMention]:
    """'he', 'she', 'him' as PERSON mentions of the nearest person named before them in the last few
    sentences, with that person's actor ("Lavrov ... he said" -> RUSGOV). Unresolved pronouns are left out."""
    people = [m for m in names if m.label == "PERSON"]  # in text order, so their ends are sorted
    ends = [m.end for m in people]
    found = []
    for token in doc:
        if token.lower_ not in PERSON_PRONOUNS or token.pos_ != "PRON":
            continue
        last = bisect_right(ends, token.idx) - 1
        if last >= 0 and token.idx - ends[last] <= PRONOUN_REACH_CHARS:
            found.append(_mention(doc[token.i : token.i + 1], "PERSON", people[last].actor))
    return found


def _mention(span: Span, label: str, actor: Actor | None) -> EntityMention:
    return EntityMention(text=span.text, label=label, start=span.start_char, end=span.end_char, actor=actor)


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
    for mention in names:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span if span is not None else ():
            by_token[token.i] = mention
    phrases: list[EntityMention] = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ == "PRON":
            continue
        start = next((t.i for t in chunk if not (t.is_punct or t.is_space)), chunk.end)
        span = _with_of_country(doc[start : chunk.end], by_token)
        if len(span) == 0:
            continue
        head = by_token.get(root.i)
        inside = [by_token[t.i] for t in span if t.i in by_token]
        if head is not None and head.label == "NORP" and head.actor and root.tag_ in {"NNS", "NNPS"}:
            # "Syrians", "all Syrians": a nationality noun names a group of people (an actor) as well as a nationality
            group = Actor(name=span.text, code=head.actor.country or head.actor.code, country=head.actor.country)
            phrases.append(_mention(span, "ORG", group))
            continue
        if head is not None and (head.start, head.end) == (span.start_char, span.end_char):
            continue
        if head is None and root.pos_ == "NOUN" and root.lemma_.lower() in SITE_NOUNS:
            phrases.append(_place_phrase(_with_of_place(span, by_token), by_token))
            continue
        coded = _phrase_coding(span, head, inside)
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


def _phrase_coding(
    span: Span, head: EntityMention | None, inside: list[EntityMention]
) -> tuple[Span, str, Actor] | None:
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
    role = role_of(root)
    if role is None or root.lemma_.lower() in HARDWARE_NOUNS or MILITARY_HARDWARE.match(root.text):
        return None  # "the jet" codes an event's actor, but an aircraft is not an organisation
    group = next((m.actor for m in inside if m.actor and m.label == "ORG" and m.actor.country is None), None)
    if group is not None and not group.role == role:  # "ISIL forces" are Islamic State's
        return span, "ORG", group
    countries = (m.actor.country if m.actor and m.actor.country else m.country for m in inside)
    country = next((c for c in countries if c), None)
    country = country or next((c for t in span if t.i != root.i and (c := _country_of_token(t))), None)
    country = country or _located_country(root)
    label = "PERSON" if root.tag_ in {"NN", "NNP"} and root.lemma_.lower() in individual_nouns() else "ORG"
    return span, label, Actor(name=span.text, code=(country or "") + role, country=country, role=role)


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
