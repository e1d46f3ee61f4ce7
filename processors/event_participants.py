"""Participants of an event: the source and target tokens of a trigger.

Owns subject/object/by-agent reading, passives (the passive subject is the target), inherited subjects
("Russia imposed sanctions and banned flights"), compound subjects (reciprocal triggers such as "coordinate"
or "meet" code both directions), nouns' possessors and prepositional objects, who "we"/"I" is in reported
speech (``speaker``), and reading a collective noun through to its members ('a crowd of armed looters').
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from processors.actors import FIRST_PERSON_PRONOUNS
from processors.entity_actors import role_of
from processors.lexicon import Trigger, armament_words
from processors.trigger_matching import Candidate, Incident, match_trigger, trigger_pos
from processors.types import ActorRef

TARGET_PREPS = frozenset({"on", "against", "with", "to", "at", "toward", "towards", "into", "upon"})
# "coordinate on Syria" is a topic; reciprocal triggers only take a partner ("meet with", "clash with").
RECIPROCAL_TARGET_PREPS = frozenset({"with", "against"})
NOT_ACTORS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
MAX_PAIRS = 4


def trigger_participants(candidate: Candidate) -> tuple[list[Token], list[Token]]:
    token = candidate.token
    if trigger_pos(token) == "VERB":
        sources, targets = _verb_participants(token, candidate.entry)
    else:
        sources, targets = _noun_participants(token)
    return [s for s in expand(sources) if s.i != token.i], [t for t in expand(targets) if t.i != token.i]


def _verb_participants(verb: Token, entry: Trigger) -> tuple[list[Token], list[Token]]:
    target_preps = RECIPROCAL_TARGET_PREPS if entry.reciprocal else TARGET_PREPS
    passive_subjects = [c for c in verb.children if c.dep_ in {"nsubjpass"}]
    if passive_subjects:
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return agents, passive_subjects
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "people killed in the attack"
        return [], [verb.head]
    subjects = _subjects(verb)
    if entry.victim_subject:
        return [], subjects
    if entry.recipient_subject:  # "Ukraine received weapons from Poland"
        return prep_objects(verb, {"from"}), subjects
    return subjects, _objects(verb, target_preps)


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    if subjects:
        return [_antecedent(s) for s in subjects]
    if verb.dep_ in {"relcl", "acl"}:
        return [verb.head]
    if verb.dep_ in {"xcomp", "conj", "advcl"} and verb.head.i != verb.i and verb.head.pos_ in {"VERB", "AUX"}:
        return _subjects(verb.head)
    if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.head.pos_ in {"VERB", "AUX"}:
        return _subjects(verb.head.head)  # "Chile is ready to help", "is about to sign the deal"
    return []


def _objects(verb: Token, target_preps: frozenset[str]) -> list[Token]:
    for dep in ("dative", "dobj"):
        found = [c for c in verb.children if c.dep_ == dep and _actor_like(c)]
        if found:
            return found
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for holder in (verb, *objects):
        found = prep_objects(holder, target_preps)
        if found:
            return found
    return []


def _noun_participants(noun: Token) -> tuple[list[Token], list[Token]]:
    sources = [c for c in noun.children if c.dep_ == "poss" and c.ent_type_ not in {"DATE", "TIME"}]
    sources += [
        c for c in noun.lefts if c.dep_ in {"amod", "compound", "nmod"} and c.ent_type_ in {"NORP", "GPE", "ORG"}
    ]
    sources += prep_objects(noun, {"by"})
    between = prep_objects(noun, {"between"})
    targets = prep_objects(noun, TARGET_PREPS)
    light_verb = noun.head if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else None
    if not sources and light_verb is not None:  # "Russia imposed sanctions on Turkey"
        sources = _subjects(light_verb)
    if not targets and light_verb is not None:
        targets = prep_objects(light_verb, TARGET_PREPS)
    if between and not sources:
        sources = between
    framing = noun.head if noun.dep_ == "pobj" and noun.head.lower_ in FRAMING_PREPS else None
    if not sources and framing is not None and framing.head.pos_ == "VERB" and prep_objects(noun, {"with"}):
        # 'X said after a meeting with Y', 'X returned from talks with Y': X is the one who met Y
        sources = _subjects(framing.head)
    return sources, targets


# Prepositions that set a statement or act in the frame of a meeting its subject held ('said after talks with')
FRAMING_PREPS = frozenset({"after", "following", "before", "during", "from", "at"})


def prep_objects(holder: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    return [
        g
        for c in holder.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj" and g.ent_type_ not in NOT_ACTORS
    ]


def _antecedent(token: Token) -> Token:
    """A relative pronoun subject stands for the noun its clause describes."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def expand(tokens: Iterable[Token]) -> list[Token]:
    """Each participant and the ones coordinated with it ('Russia and Turkey')."""
    expanded: list[Token] = []
    for token in tokens:
        for item in (token, *token.conjuncts):
            if all(item.i != seen.i for seen in expanded):
                expanded.append(item)
    return expanded


def _actor_like(token: Token) -> bool:
    return (
        token.pos_ in {"PROPN", "PRON"}
        or token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        or role_of(token) is not None
    )


def actor_pairs(
    sources: list[ActorRef], targets: list[ActorRef], reciprocal: bool
) -> list[tuple[ActorRef | None, ActorRef | None]]:
    if reciprocal and len(sources) >= 2 and not targets:
        return [(a, b) for a in sources for b in sources if a is not b][:MAX_PAIRS]
    return [(s, t) for s in (sources or [None]) for t in (targets or [None])][:MAX_PAIRS]


def speaker(token: Token) -> Token | None:
    """Who 'we'/'I' is: in '"We have agreed ...," Mr Lavrov told reporters', the subject of the statement verb."""
    if token.lower_ not in FIRST_PERSON_PRONOUNS:
        return None
    for candidate in token.sent:
        entry = match_trigger(candidate)
        if entry is not None and entry.kind == "statement":
            subjects = [c for c in candidate.children if c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON_PRONOUNS]
            if subjects:
                return subjects[0]
    return None


def collective_member(token: Token) -> Token:
    """'a crowd of armed looters' -> 'looters'; 'thousands of marchers' -> 'marchers'."""
    if token.lemma_.lower() not in armament_words().collective_heads:
        return token
    members = prep_objects(token, {"of"})
    return members[0] if members else token


def incident_participants(incident: Incident) -> tuple[list[Token], list[Token]]:
    """The lead trigger's participants, completed from the triggers it absorbed."""
    sources: list[Token] = []
    targets: list[Token] = []
    trigger_ids = {t.i for t in incident.tokens}
    for member in sorted(incident.members, key=lambda m: m.token.i != incident.lead.token.i):
        member_sources, member_targets = trigger_participants(member)
        sources = sources or [t for t in member_sources if t.i not in trigger_ids or t.pos_ == "NOUN"]
        targets = targets or [t for t in member_targets if t.i not in trigger_ids]
    return sources, targets
