"""Pronoun coreference: personal pronouns as mentions of the actors they stand for."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from processors.entity_spans import mention_of
from processors.types import EntityMention, EntityRef

# Pronouns are mentions of the actors they stand for (the convention of annotated corpora such as re3d).
# "he"/"she"/"him" take the last person named within PRONOUN_REACH_CHARS (a few sentences); "they" the last
# group or organisation; "I"/"me" the speaker and "we" the speaker's side, left uncoded here (the event coder
# finds the speaker), and so is "us" written in lower case (in capitals it is the country). "it", "them" and
# possessives are left out: in news text they refer to things ("it said") more often than to actors.
PERSON_PRONOUNS = frozenset({"he", "she", "him"})
SPEAKER_PRONOUNS = frozenset({"i", "me"})
GROUP_SPEAKER_PRONOUNS = frozenset({"we", "us"})
GROUP_PRONOUNS = frozenset({"they"})
PRONOUN_WORDS = PERSON_PRONOUNS | SPEAKER_PRONOUNS | GROUP_SPEAKER_PRONOUNS | GROUP_PRONOUNS
PRONOUN_REACH_CHARS = 600
_PRONOUN_IDS = frozenset(get_string_id(word) for word in PRONOUN_WORDS)  # spaCy's ids of these strings


def pronoun_mentions(doc: Doc, mentions: list[EntityMention]) -> list[EntityMention]:
    """Personal pronouns as mentions of what they stand for: 'he', 'she', 'him' (PERSON) with the actor of
    the nearest person named before them in the last few sentences ("Lavrov ... he said" -> RUSGOV); 'they'
    (ORG) with the last group or organisation named before it; 'I', 'me' (PERSON) and 'we' (ORG) uncoded."""
    people = sorted((m for m in mentions if m.label == "PERSON" and m.actor), key=lambda m: m.end)
    groups = sorted((m for m in mentions if m.label == "ORG" and m.actor), key=lambda m: (m.end, -m.start))
    people_ends = [m.end for m in people]
    group_ends = [m.end for m in groups]
    found = []
    # the lower-case forms as string ids, compared without making a Token of every word: few words are pronouns
    for i, lower in enumerate(doc.to_array(LOWER).tolist()):
        if lower not in _PRONOUN_IDS:
            continue
        token = doc[i]
        word = token.lower_
        if token.pos_ != "PRON":
            continue
        if word in SPEAKER_PRONOUNS and (word != "i" or token.text == "I"):
            found.append(mention_of(doc[token.i : token.i + 1], "PERSON", None))
        elif word in GROUP_SPEAKER_PRONOUNS and (word != "us" or token.text == "us"):
            found.append(mention_of(doc[token.i : token.i + 1], "ORG", None))
        elif word in PERSON_PRONOUNS:
            person = _last_before(people, people_ends, token.idx)
            found.append(_standing_for(mention_of(doc[token.i : token.i + 1], "PERSON", None), person))
        elif word in GROUP_PRONOUNS:
            group = _last_before(groups, group_ends, token.idx)
            found.append(_standing_for(mention_of(doc[token.i : token.i + 1], "ORG", None), group))
    return found


def _standing_for(pronoun: EntityMention, antecedent: EntityMention | None) -> EntityMention:
    """The pronoun with the actor of what it stands for, and that mention as ``refers_to`` (the caller maps a
    descriptive antecedent to the named entity it refers to)."""
    if antecedent is None:
        return pronoun
    ref = EntityRef(text=antecedent.text, start=antecedent.start, end=antecedent.end)
    return replace(pronoun, actor=antecedent.actor, refers_to=ref)


def _last_before(mentions: list[EntityMention], ends: list[int], char: int) -> EntityMention | None:
    """The mention ending last before ``char`` within PRONOUN_REACH_CHARS (``ends`` sorted, one per mention)."""
    last = bisect_right(ends, char) - 1
    if last >= 0 and char - ends[last] <= PRONOUN_REACH_CHARS:
        return mentions[last]
    return None
