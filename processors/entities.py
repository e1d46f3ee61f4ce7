"""Entity mentions with CAMEO-style actor coding (``code_entities``): assembles the mentions of an article.

- processors/entity_spans.py: model spans cut to the name; title words; making a mention of a span.
- processors/entity_actors.py: the actor of one named span (dictionary, country/capital/demonym, titles and
  appositions, name coreference) and the role of a noun (``role_of``).
- processors/entity_phrases.py: noun phrases around the names that name an actor or a place.
- processors/entity_pronouns.py: pronouns as mentions of the actors they stand for.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from processors.entity_actors import code_span
from processors.entity_phrases import SUBJECT_DEPS, actor_phrases, place_phrases
from processors.entity_pronouns import pronoun_mentions
from processors.entity_spans import is_title_office, mention_of, titled_span, trim
from processors.gazetteer import country_iso3
from processors.types import Actor, EntityMention

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


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
        ent = trim(ent)
        if is_title_office(ent):
            continue
        mention = code_span(ent, known_people)
        names.append(mention)
        if mention.label == "PERSON":
            titled = titled_span(ent)
            if titled is not None:
                extra.append(mention_of(titled, "PERSON", mention.actor))
        elif (
            mention.label == "GPE"
            and mention.actor
            and country_iso3(mention.text)
            and _acts(ent.root)
            and not (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
        ):
            extra.append(mention_of(ent, "ORG", mention.actor))  # "Russia said": the state acting, as well as the place
    phrases = actor_phrases(doc, names)
    found = names + extra + phrases + place_phrases(doc, names) + pronoun_mentions(doc, names + phrases)
    unique = {(m.start, m.end, m.label): m for m in reversed(found)}  # the first of equal spans wins
    for start, end, label in list(unique):
        if label == "NORP" and (start, end, "ORG") in unique:
            del unique[(start, end, label)]  # "Syrians" names a group of people (ORG), not a nationality
    return tuple(sorted(unique.values(), key=lambda m: (m.start, -m.end)))


def _acts(token: Token) -> bool:
    """The subject of a verb ('Russia said'), through coordination ('Russia and Turkey agreed')."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in SUBJECT_DEPS
