"""Noun phrases around the names that name an actor or a place.

Owns actor phrases (a role noun with its modifiers, "Twelve U.S. Army soldiers"; a name with its
determiner, "the Kurdish YPG"; an 'of' phrase naming a country, "the government of Cambodia"), common-noun
places ("the camp", "the port city of Tartus"), places named with their region ("Cibolo, Texas", "northern
Syria"), group nouns without a role (data/roles.json ``groups``) and sponsors ("Iranian-backed").
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from spacy.attrs import IS_TITLE
from spacy.tokens import Doc, Span, Token

from processors.entity_actors import MILITARY_HARDWARE, country_of_token, demonym_actor, role_of
from processors.entity_spans import PLACE_LABELS, is_group_word, is_title_office, mention_of
from processors.gazetteer import admin1_iso3, country_iso3, demonym_iso3, find_place
from processors.lexicon import individual_nouns
from processors.types import Actor, EntityMention

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent"})
# Heads that count or group the actor named by their 'of' phrase ("Dozens of Russian peacekeepers").
QUANTITY_NOUNS = frozenset(
    "hundred hundreds dozen dozens thousand thousands score scores group number member members contingent "
    "unit team".split()
)
# Role nouns for military hardware: they code event actors (role_of) but are not entity mentions themselves.
HARDWARE_NOUNS = frozenset({"jet", "warplane", "aircraft", "bomber", "helicopter", "drone", "tank", "warship", "plane"})
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
# Participles after a modifier that name a backer ("U.S.-backed fighters" are not American).
SPONSOR_PARTICIPLES = frozenset(
    "backed supported funded sponsored allied aligned trained armed linked inspired affiliated".split()
)
# Compass adjectives that name a part of a place ("northern Syria", "Southern Iraq").
COMPASS_ADJECTIVES = frozenset(
    "northern southern eastern western northeastern northwestern southeastern southwestern north-eastern "
    "north-western south-eastern south-western".split()
)


def names_sponsor(word: Token) -> bool:
    """'Iranian' in 'Iranian-backed fighters': a modifier naming who backs an actor, not who the actor is."""
    return word.head.lower_ in SPONSOR_PARTICIPLES or any(t.lower_ in SPONSOR_PARTICIPLES for t in word.rights)


def place_phrases(doc: Doc, names: list[EntityMention]) -> list[EntityMention]:
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


def actor_phrases(doc: Doc, names: list[EntityMention]) -> list[EntityMention]:
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
        if root.pos_ == "PRON" or _names_nothing(chunk, root, by_token):
            continue
        start = next((t.i for t in chunk if not (t.is_punct or t.is_space)), chunk.end)
        span = _snap_to_names(_with_of_country(doc[start : chunk.end], by_token), name_at)
        if span is None or len(span) == 0 or is_title_office(span):
            continue
        head = by_token.get(root.i)
        inside = [by_token[t.i] for t in span if t.i in by_token and not names_sponsor(t)]
        if head is not None and head.label == "NORP" and head.actor and root.tag_ in {"NNS", "NNPS"}:
            # "Syrians", "all Syrians": a nationality noun names a group of people (an actor) as well as a nationality
            group = Actor(name=span.text, code=head.actor.country or head.actor.code, country=head.actor.country)
            phrases.append(mention_of(span, "ORG", group))
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
            phrases.append(mention_of(described, "ORG", name.actor))
            continue
        coded = _phrase_coding(span, head, inside, by_token)
        if coded is None:
            continue
        span, label, actor = coded
        phrases.append(mention_of(span, label, actor))
    # nationality adjectives the model missed altogether ("Azerbaijani hackers"): title-case words only, found by
    # their flag without making a Token of every word
    for i, titled in enumerate(doc.to_array(IS_TITLE).tolist()):
        if not titled or i in by_token:
            continue
        token = doc[i]
        if token.pos_ in {"ADJ", "PROPN"} and demonym_iso3(token.text):
            phrases.append(mention_of(doc[token.i : token.i + 1], "NORP", demonym_actor(doc[token.i : token.i + 1])))
    for mention in [*names, *phrases]:
        # nationality words inside descriptive phrases ("the Australian Government"), not inside proper
        # names such as "European Union" or "Syrian Computer Society"
        if mention.label not in {"ORG", "PERSON"}:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and role_of(span.root) is not None:
            phrases.extend(_untagged_nationalities(span, by_token))
    return phrases


def _names_nothing(chunk: Span, root: Token, by_token: dict[int, EntityMention]) -> bool:
    """A noun chunk that names no actor or place, told without building its phrase (half of them: 'the
    deadline', 'his home'): it starts with a word and no 'of' follows it, so its phrase is the chunk itself
    (with the chunk's root); it holds no name, so nothing snaps it to one; and its root is no site, quantity,
    role or group noun, so neither ``_described_name`` nor ``_phrase_coding`` finds anything in it."""
    doc = chunk.doc
    first = doc[chunk.start]
    if first.is_punct or first.is_space or _of_after(chunk, {"of"}):
        return False
    if any(i in by_token for i in range(chunk.start, chunk.end)):
        return False
    lemma = root.lemma_.lower()
    if lemma in QUANTITY_NOUNS or (root.pos_ == "NOUN" and lemma in SITE_NOUNS):
        return False
    return role_of(root) is None and not is_group_noun(root)


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
    if not _of_after(span, {"of"}):
        return span
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
    if not _of_after(span, {"of"}):
        return span
    for child in span.root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].i in by_token and country_iso3(by_token[objects[0].i].text):
                return span.doc[span.start : objects[0].right_edge.i + 1]
    return span


def _of_after(span: Span, words: set[str]) -> bool:
    """The word right after ``span`` is one of ``words``: only then can an of-phrase after it extend it, and this
    is cheaper to read than the root's children for every noun phrase."""
    return span.end < len(span.doc) and span.doc[span.end].lower_ in words


def is_group_noun(token: Token) -> bool:
    """A noun for a group that acts but has no CAMEO role ('partners', 'the international community')."""
    groups = group_nouns()
    lemma = token.lemma_.lower()
    modifiers = (c.lower_ for c in token.lefts if c.dep_ in {"amod", "compound"})
    return lemma in groups or (
        lemma in _group_phrase_ends() and any(f"{modifier} {lemma}" in groups for modifier in modifiers)
    )


@cache
def _group_phrase_ends() -> frozenset[str]:
    """What follows a space in the multi-word group nouns ('international community' -> 'community'): only
    these lemmas can make a group noun with a modifier, so no other noun's modifiers need reading."""
    return frozenset(group[i + 1 :] for group in group_nouns() for i, char in enumerate(group) if char == " ")


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
        country = next((c for t in span if t.i != root.i and (c := country_of_token(t))), None)
        return span, "ORG", Actor(name=span.text, code=country, country=country) if country else None
    if role is None or root.lemma_.lower() in HARDWARE_NOUNS or MILITARY_HARDWARE.match(root.text):
        return None  # "the jet" codes an event's actor, but an aircraft is not an organisation
    group = next((m.actor for m in inside if m.actor and m.label == "ORG" and m.actor.country is None), None)
    if group is not None and not group.role == role:  # "ISIL forces" are Islamic State's
        return span, "ORG", group
    countries = (m.actor.country if m.actor and m.actor.country else m.country for m in inside)
    country = next((c for c in countries if c), None)
    country = country or next(
        (c for t in span if t.i != root.i and not names_sponsor(t) and (c := country_of_token(t))), None
    )
    country = country or _located_country(root)
    label = "PERSON" if root.tag_ in {"NN", "NNP"} and root.lemma_.lower() in individual_nouns() else "ORG"
    if label == "PERSON":
        span = _with_office(span)
    return span, label, Actor(name=span.text, code=(country or "") + role, country=country, role=role)


def _with_office(span: Span) -> Span:
    """'the Secretary' + 'of State', 'commander' + 'of U.S. Central Command': a person's title runs over the
    named office or command it holds (an of/for phrase of capitalised words right after it)."""
    if not _of_after(span, {"of", "for"}):
        return span
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
        if by_token.get(token.i, _NONE).label != "NORP" and token.i != span.root.i and is_group_word(token.text):
            iso3 = demonym_iso3(token.text)
            actor = Actor(name=token.text, code=iso3, country=iso3) if iso3 else None
            found.append(mention_of(token.doc[token.i : token.i + 1], "NORP", actor))
    return found
