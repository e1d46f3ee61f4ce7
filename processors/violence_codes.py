"""CAMEO 18 (assault) or 19 (fight) for a generic violent trigger, from who was armed.

CAMEO 18 is unconventional violence against people who cannot fight back; CAMEO 19 is force between armed
parties. A generic trigger ("attacked", "opened fire", "killed") takes its root from the armament of its
attackers and victims (data/roles.json ``armament``): see ``code_by_participants``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from processors.entity_actors import role_of
from processors.event_participants import collective_member, expand, prep_objects, trigger_participants
from processors.lexicon import armament_words
from processors.trigger_matching import Incident, trigger_pos
from processors.types import ActorRef

ASSAULT_FOR_FORCE = {"190": "180", "193": "180", "196": "180"}  # conventional force used on the unarmed
FORCE_FOR_ASSAULT = {"180": "190", "182": "190", "1823": "190"}  # generic violence between armed parties


def code_by_participants(
    code: str, incident: Incident, sources: Sequence[tuple[Token, ActorRef]], targets: Sequence[tuple[Token, ActorRef]]
) -> str:
    """CAMEO 18 or 19 for a generic violent trigger, from who used it on whom.

    'gunmen opened fire on villagers' and 'a mob attacked the police' are assaults (180: unconventional violence
    against the unarmed, or by an unarmed crowd); 'gunmen killed two soldiers' is a fight (190). Specific codes
    (bombings, assassinations, abductions, artillery, air strikes) and unknown participants keep the trigger's code.
    """
    attackers = [a for t, r in sources if (a := _armament(t, r)) is not None]
    victims = [a for t, r in targets if (a := _armament(t, r)) is not None]
    victims += [a for t in _victim_tokens(incident) if (a := _armament(t, None)) is not None]
    unarmed_attackers = bool(attackers) and not any(attackers)
    if code in ASSAULT_FOR_FORCE and (unarmed_attackers or (victims and not any(victims))):
        return ASSAULT_FOR_FORCE[code]
    if code in FORCE_FOR_ASSAULT and victims and all(victims) and not unarmed_attackers:
        return FORCE_FOR_ASSAULT[code]
    return code


def _victim_tokens(incident: Incident) -> list[Token]:
    """Who the violence was done to, including things and people the participant rules do not take as actors
    ('attacked a village', 'two soldiers were killed')."""
    victims: list[Token] = []
    for member in incident.members:
        token = member.token
        if member.entry.kind == "casualty":
            victims += trigger_participants(member)[1]
        elif trigger_pos(token) == "VERB":
            victims += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
            victims += prep_objects(token, {"on", "at", "against"})
        else:
            victims += prep_objects(token, {"on", "against"})
    return expand(victims)


def _armament(token: Token, ref: ActorRef | None) -> bool | None:
    """True for armed people or military objects, False for civilians and their places, None when the words
    do not say. 'a crowd of armed looters' is read through to 'looters'."""
    words = armament_words()
    head = collective_member(token)
    lemma = head.lemma_.lower()
    role = (ref.role if ref is not None and head is token else None) or role_of(head)
    modifiers = [c for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"}]
    if role in words.armed_roles or lemma in words.armed_heads:
        return True
    if any(m.lemma_.lower() == "armed" or role_of(m) in words.armed_roles for m in modifiers):
        return True  # "armed men", "a military vehicle", "the police station"
    civilian = words.civilian_modifier_roles
    if any(m.lemma_.lower() in {"civilian", "unarmed"} or role_of(m) in civilian for m in modifiers):
        return False  # "a civilian vehicle", "farmer groups"
    if role in words.unarmed_roles or lemma in words.unarmed_heads or head.ent_type_ == "PERSON":
        return False
    return None
