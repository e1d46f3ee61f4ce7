"""Entities and actor mentions with CAMEO-style actor coding (``code_entities``): the two layers of an article.

- ``entities``: the named entities, with spans and labels as spaCy's NER means them (a country is a place even
  when it acts; no pronouns; no titles inside a name), each with its actor where one applies;
- ``mentions``: the actor references that are not names (pronouns, "the ministry", "the two countries",
  "Turkish officials", "Foreign Minister Sergei Lavrov", a state acting as an actor), each with its actor and,
  where resolved, the named entity it refers to.

- processors/entity_names.py: the standard name spans (model spans cleaned and completed by rules).
- processors/entity_spans.py: model spans cut to the name; title words; making a mention of a span.
- processors/entity_actors.py: the actor of one named span (dictionary, country/capital/demonym, titles and
  appositions, name coreference) and the role of a noun (``role_of``).
- processors/entity_phrases.py: noun phrases around the names that name an actor or a place.
- processors/entity_pronouns.py: pronouns as mentions of the actors they stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from processors.entity_actors import code_span
from processors.entity_names import standard_spans
from processors.entity_phrases import SUBJECT_DEPS, actor_phrases, place_phrases
from processors.entity_pronouns import pronoun_mentions
from processors.entity_spans import is_title_office, mention_of, titled_span
from processors.gazetteer import country_iso3
from processors.paragraphs import is_page_furniture
from processors.types import EntityMention, EntityRef

# Labels that can be actors or places; other names (EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE) are entities
# without actor coding.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


@dataclass(frozen=True)
class EntityLayers:
    """The named entities and the actor mentions of one article, each in text order."""

    entities: tuple[EntityMention, ...]
    mentions: tuple[EntityMention, ...]

    def for_actors(self) -> tuple[EntityMention, ...]:
        """Both layers for event coding, containing spans before the spans inside them, so a token-to-mention
        index built in this order ends with the innermost mention of each token ("Sergei Lavrov" inside
        "Foreign Minister Sergei Lavrov") and a phrase only for the tokens no name covers (the head noun
        "forces"). Names without actor labels (EVENT, ...) are left out."""
        found = [m for m in self.entities if m.label in ENTITY_LABELS] + list(self.mentions)
        return tuple(sorted(found, key=lambda m: (m.start, -m.end)))


def code_entities(doc: Doc) -> EntityLayers:
    """The named entities of ``doc`` and the actor mentions around them, with actor coding.

    Mentions are the noun phrases that name an actor around the names ("Iraqi security forces", "the Kurdish
    YPG", "the government of Cambodia", "Foreign Minister Sergei Lavrov"), a country acting ("Russia said":
    the ORG mention of the GPE entity), common-noun places ("the camp", "northern Syria") and pronouns.
    """
    known_people: dict = {}
    names: list[EntityMention] = []
    extra: list[EntityMention] = []
    furniture: dict[int, bool] = {}  # sentence start -> the sentence is page furniture
    for span in standard_spans(doc):
        sent = span.sent
        if furniture.setdefault(sent.start, is_page_furniture(sent)):
            continue  # 'Get email notifications on Jane Roe daily!' names the page's author, no one of the story
        if span.label_ not in ENTITY_LABELS:
            names.append(mention_of(span, span.label_, None))
            continue
        if is_title_office(span):
            continue
        mention = code_span(span, known_people)
        names.append(mention)
        if mention.label == "PERSON":
            titled = titled_span(span)
            if titled is not None:
                extra.append(replace(mention_of(titled, "PERSON", mention.actor), refers_to=_ref(mention)))
        elif (
            mention.label == "GPE"
            and mention.actor
            and country_iso3(mention.text)
            and _acts(span.root)
            and not (span.start > 0 and doc[span.start - 1].lower_ == "the")
        ):
            # "Russia said": the state acting, as well as the place
            extra.append(replace(mention_of(span, "ORG", mention.actor), refers_to=_ref(mention)))
    coded = [m for m in names if m.label in ENTITY_LABELS]
    phrases = actor_phrases(doc, coded)
    found = extra + phrases + place_phrases(doc, coded) + pronoun_mentions(doc, coded + phrases)
    entity_keys = {(m.start, m.end, m.label) for m in names}
    unique = {(m.start, m.end, m.label): m for m in reversed(found)}  # the first of equal spans wins
    mentions = [_resolved(m, coded) for key, m in unique.items() if key not in entity_keys]
    mentions = _pronoun_referents(mentions, coded)
    return EntityLayers(
        entities=tuple(sorted(names, key=lambda m: (m.start, -m.end))),
        mentions=tuple(sorted(mentions, key=lambda m: (m.start, -m.end))),
    )


def _ref(entity: EntityMention) -> EntityRef:
    return EntityRef(text=entity.text, start=entity.start, end=entity.end)


def _resolved(mention: EntityMention, names: list[EntityMention]) -> EntityMention:
    """A mention with the named entity it stands for: the name inside it that carries the same actor ("the
    Kurdish YPG" -> "YPG"), else, for a pronoun or description outside any name, the named entity whose actor
    it took ("he" -> "Sergei Lavrov")."""
    if mention.refers_to is not None or mention.actor is None:
        return mention
    inside = [n for n in names if mention.start <= n.start and n.end <= mention.end and n.actor == mention.actor]
    if not inside:
        inside = [
            n for n in names if mention.start <= n.start and n.end <= mention.end and n.actor and mention.actor
            and n.actor.code == mention.actor.code
        ]
    if inside:
        return replace(mention, refers_to=_ref(inside[0]))
    return mention


def _pronoun_referents(mentions: list[EntityMention], names: list[EntityMention]) -> list[EntityMention]:
    """A pronoun whose antecedent is a description ("the foreign minister ... he") refers to the named entity the
    description refers to; one whose antecedent refers to no named entity refers to none."""
    name_spans = {(n.start, n.end) for n in names}
    through = {(m.start, m.end): m.refers_to for m in mentions}
    resolved = []
    for mention in mentions:
        ref = mention.refers_to
        if ref is not None and (ref.start, ref.end) not in name_spans:
            mention = replace(mention, refers_to=through.get((ref.start, ref.end)))
        resolved.append(mention)
    return resolved


def _acts(token: Token) -> bool:
    """The subject of a verb ('Russia said'), through coordination ('Russia and Turkey agreed')."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in SUBJECT_DEPS
