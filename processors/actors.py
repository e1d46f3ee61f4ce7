"""Participants as actors: the coded entity mention (or role noun) a participant token stands for.

Pronouns: he/she/him/her take the last coded person before them; we/I take the speaker of the
quote (found by the event coder). Otherwise the token's own mention, else a modifier's ("Russia's
army", "Turkish F-16"), with a role noun adding the role to a bare country ("Russia's army" -> RUSMIL).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from processors.entities import role_of
from processors.locations import PlaceIndex
from processors.types import ActorRef, EntityMention

THIRD_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
FIRST_PERSON_PRONOUNS = frozenset({"we", "i", "us", "me"})


class MentionIndex:
    """Token -> coded entity mention, plus the people mentioned so far (for 'he'/'she')."""

    def __init__(self, doc: Doc, mentions: Sequence[EntityMention]) -> None:
        self.places = PlaceIndex(doc, mentions)
        self.by_token: dict[int, EntityMention] = {}
        self.mentions = tuple(mentions)
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in span or ():
                self.by_token[token.i] = mention

    def at(self, token: Token) -> EntityMention | None:
        return self.by_token.get(token.i)

    def last_person_before(self, char: int) -> EntityMention | None:
        people = [m for m in self.mentions if m.label == "PERSON" and m.actor and m.end <= char]
        return people[-1] if people else None

def actor_ref(token: Token, mentions: MentionIndex, speaker: Token | None = None) -> ActorRef:
    """The participant a head token names, coded from its entity mention or its role noun.

    ``speaker``: for a first-person pronoun in quoted speech, who speaks (the event coder finds it)."""
    if token.lower_ in THIRD_PERSON_PRONOUNS:
        person = mentions.last_person_before(token.idx)
        if person and person.actor:
            a = person.actor
            return ActorRef(text=token.text, code=a.code, country=a.country, role=a.role)
    if token.lower_ in FIRST_PERSON_PRONOUNS:
        if speaker is not None:
            ref = actor_ref(speaker, mentions)
            return ActorRef(text=token.text, code=ref.code, country=ref.country, role=ref.role)
    mention = mentions.at(token) or _modifier_mention(token, mentions)
    actor = mention.actor if mention else None
    role = role_of(token)
    text = _phrase_text(token, mention)
    if actor is None:
        return ActorRef(text=text, code=role, role=role)
    if actor.role is None and role is not None and actor.country:  # "Russia's army" -> RUSMIL
        return ActorRef(text=text, code=actor.country + role, country=actor.country, role=role)
    return ActorRef(text=text, code=actor.code, country=actor.country, role=actor.role)


def _modifier_mention(token: Token, mentions: MentionIndex) -> EntityMention | None:
    for child in token.lefts:
        if child.dep_ in {"amod", "compound", "nmod", "poss", "nummod"}:
            mention = mentions.at(child)
            if mention and mention.actor:
                return mention
    return None


def _phrase_text(token: Token, mention: EntityMention | None) -> str:
    """The noun phrase up to its head ('a Turkish F-16'), without trailing clauses."""
    doc = token.doc
    start = token.left_edge.i
    for i in range(token.i - 1, start - 1, -1):
        if doc[i].is_punct and doc[i].text not in {"-", "'", "’", "."}:
            start = i + 1
            break
    text_start = doc[start].idx
    text_end = token.idx + len(token)
    if mention:
        text_start = min(text_start, mention.start)
        text_end = max(text_end, mention.end)
    span = doc.char_span(text_start, text_end, alignment_mode="expand")
    return span.text if span is not None else token.text
