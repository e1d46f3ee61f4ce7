"""Trigger matching: which tokens the trigger lexicon (data/triggers.json) reads as an event word.

A token is a candidate when its (lemma, part of speech) is in the lexicon and the entry's conditions hold
(particle, object, modifier; not a compound modifier of another noun). ``Candidate`` and ``Incident`` are
the units the rest of the event coder works on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from processors.doc_arrays import string_id_array
from processors.lexicon import Trigger, triggers

# trigger nouns that name a person, the one who does the act ('a suicide bomber'): such a noun may be a victim ('a
# suicide bomber was shot dead'), never one that names an act ('the attack')
DOERS = frozenset({"bomber"})


VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# nouns that name no thing, only that something happened: a trigger word compounded with one is the event ('a
# shooting incident', 'an accidental shooting death')
EVENT_NOUNS = frozenset({"incident", "spree", "rampage", "death"})
# Adjective triggers ("dead") only where they say something happened, not as a modifier ("dead end").
PREDICATIVE_DEPS = frozenset({"acomp", "oprd", "ROOT", "conj", "xcomp", "ccomp", "advcl"})
# 'fighting a legal battle', 'a bitter court fight', 'an uphill battle': a contest in court, words or votes, no
# violence ('political violence' is violence: 'political' is not among them)
FIGURATIVE_MODIFIERS = frozenset(
    "legal court courtroom judicial legislative electoral verbal rhetorical uphill bureaucratic custody".split()
)
# what a verb of fighting takes as the contest it fights ('fought a legal battle'), not what it hits ('attacked
# the Supreme Court building')
CONTEST_NOUNS = frozenset("battle fight war struggle campaign".split())
# What a fight or a battle may be against that is no enemy: 'firefighters battling a blaze', 'fought cancer for two
# years', 'the battle against the flood'
NO_FOE_NOUNS = frozenset(
    "fire blaze flame wildfire bushfire inferno flood flooding floodwater drought storm snow cancer disease illness "
    "virus infection leukemia tumor addiction obesity poverty hunger depression".split())
FIGHT_LEMMAS = frozenset("fight battle combat fighting".split())


@dataclass(frozen=True)
class Candidate:
    """A trigger token and the lexicon entry it matched."""

    token: Token
    entry: Trigger

    @property
    def root(self) -> str:
        return self.entry.cameo[:2]

    @property
    def is_violent(self) -> bool:
        return self.root in VIOLENT_ROOTS


@dataclass(frozen=True)
class Incident:
    """One thing that happened in a sentence: the trigger that codes it and the triggers it absorbed."""

    lead: Candidate
    members: tuple[Candidate, ...]

    @property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(m.token for m in self.members)


def match_trigger(token: Token) -> Trigger | None:
    """The most specific lexicon entry whose conditions hold for ``token``, if any."""
    lemma = token.lemma_.lower()
    if lemma not in _trigger_lemmas():  # most words: no need to read the part of speech
        return None
    pos = trigger_pos(token)
    if pos is None:
        return None
    for entry in triggers().get((lemma, pos), ()):
        if _conditions_hold(token, entry):
            return None if entry.kind == "non_event" else entry  # "met the deadline"
    return None


def trigger_word_positions(doc: Doc) -> list[int]:
    """Indices of the tokens whose lemma is a trigger lexicon lemma, in order: the only ones ``match_trigger`` can
    match. Read from the doc's lemma ids, each distinct lemma once, without a Token per word."""
    lemma_ids = doc.to_array(LEMMA).reshape(-1)
    strings, lemmas = doc.vocab.strings, _trigger_lemmas()
    wanted = [lemma_id for lemma_id in numpy.unique(lemma_ids).tolist() if strings[lemma_id].lower() in lemmas]
    return numpy.flatnonzero(numpy.isin(lemma_ids, string_id_array(wanted))).tolist()


@cache
def _trigger_lemmas() -> frozenset[str]:
    """The lemmas of the trigger lexicon: every token of a text is matched, and few are triggers."""
    return frozenset(lemma for lemma, _ in triggers())


def trigger_pos(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "VERB"
    if token.pos_ == "ADJ" and token.dep_ in PREDICATIVE_DEPS:  # "a man was found dead", "1 dead"
        return "ADJ"
    if token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.ent_type_ == ""):
        return "NOUN"
    return None


def _conditions_hold(token: Token, entry: Trigger) -> bool:
    if entry.particle and not _has_particle(token, entry.particle):
        return False
    if (entry.objects or entry.object_labels) and not any(
        _names_object(t, entry.objects) or t.ent_type_ in entry.object_labels
        for t in (_direct_objects(token) if entry.direct_object else _complements(token))
    ):
        return False
    if entry.modifiers and not any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lemma_.lower() in entry.modifiers for c in token.lefts
    ):
        return False
    if entry.cameo[:2] in VIOLENT_ROOTS and _figurative(token):
        return False
    # "attack helicopter", "protest leader": the trigger word only describes another noun; not a noun that only
    # says an event happened ('a shooting incident', 'a stabbing spree')
    return not (token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"}
                and token.head.lemma_.lower() not in EVENT_NOUNS)


def _figurative(token: Token) -> bool:
    """The violent word, or the object it takes ('fought a legal battle'), is a contest of another kind, or a fight
    against no enemy ('battling a blaze', 'her battle with cancer')."""
    if token.lemma_.lower() in FIGHT_LEMMAS and _against_no_foe(token):
        return True
    nouns = [token] if token.pos_ in {"NOUN", "PROPN"} else [
        c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in CONTEST_NOUNS
    ]
    return any(
        c.dep_ in {"amod", "compound"} and c.lower_ in FIGURATIVE_MODIFIERS for noun in nouns for c in noun.children
    )


def _against_no_foe(token: Token) -> bool:
    """What the fight is against: its object ('battling a blaze'), or the noun after 'against', 'with' or 'over'
    ('the battle against the flood', 'his battle with cancer')."""
    foes = [c for c in token.children if c.dep_ == "dobj"]
    foes += [g for c in token.children if c.dep_ == "prep" and c.lower_ in {"against", "with"}
             for g in c.children if g.dep_ == "pobj"]
    return bool(foes) and all(foe.lemma_.lower() in NO_FOE_NOUNS for foe in foes)


def _has_particle(token: Token, particle: str) -> bool:
    """'called off', 'called for talks', and 'called for Congress to act' (the 'for' of a for-to clause)."""
    for child in token.children:
        if child.dep_ in {"prt", "prep"} and child.lower_ == particle:
            return True
        if child.dep_ in {"advcl", "ccomp", "xcomp"} and any(
            g.dep_ == "mark" and g.lower_ == particle and g.i < child.i for g in child.children
        ):
            return True
    return False


def _names_object(complement: Token, objects: Sequence[str]) -> bool:
    """The complement, its noun modifier or its 'of' noun is one of the objects: 'mediation' in 'a mediation
    effort', 'emergency' in 'the state of emergency'."""
    if complement.lemma_.lower() in objects:
        return True
    for child in complement.children:
        if child.dep_ == "compound" and child.lemma_.lower() in objects:
            return True
        if child.dep_ == "prep" and child.lower_ == "of" and any(
            g.dep_ == "pobj" and g.lemma_.lower() in objects for g in child.children
        ):
            return True
    return False


def _direct_objects(token: Token) -> Iterable[Token]:
    """What the verb acts on, no preposition between: 'fired the coach', 'the coach was fired'; not 'fired at the
    coach'."""
    return (child for child in token.children if child.dep_ in {"dobj", "nsubjpass"})


def _complements(token: Token) -> Iterable[Token]:
    """Objects and complements, one preposition deep ('spoke by telephone', 'declined to comment')."""
    for child in token.children:
        if child.dep_ in {"dobj", "xcomp", "attr", "oprd", "dative", "nsubjpass", "acomp"}:
            yield child
        elif child.dep_ == "ccomp" and child.pos_ == "ADJ":  # "found him guilty" (small clause)
            yield child
        elif child.dep_ in {"prep", "agent"}:  # the passive's 'by' too: 'grazed by a bullet'
            yield from (g for g in child.children if g.dep_ == "pobj")
