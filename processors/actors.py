"""Participants as actors: the coded entity mention (or role noun) a participant token stands for.

Pronouns: he/she/him/her take the last coded person before them; we/I take the speaker of the
quote (found by the event coder); it/its/they/their/them take the subject of the clause that governs
them ("Russia said it would ..." -> RUS, with "Russia" as the participant's text), else the last coded
group or organisation before them (the pronoun stays the text).
Otherwise the token's own mention, else a modifier's ("Russia's army", "Turkish F-16", "a Japanese
virus expert"), with a role noun adding the role to a bare country ("Russia's army" -> RUSMIL). A
participant still without a country takes the one its phrase names around it: an of/from/in phrase
("the Grand Mufti of Egypt", "a delegation from Iran") or an apposition ("the envoy, Ali Demir").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from processors.entity_actors import role_of
from processors.entity_phrases import is_group_noun, names_sponsor
from processors.locations import PlaceIndex
from processors.types import ActorRef, EntityMention

THIRD_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
FIRST_PERSON_PRONOUNS = frozenset({"we", "i", "us", "me"})
# Pronouns for states, organisations and groups ("Russia said it ...", "the army intensified its shelling").
GROUP_PRONOUNS = frozenset({"it", "its", "they", "their", "them"})
SINGULAR_GROUP_PRONOUNS = frozenset({"it", "its"})
# How far back (characters) a group pronoun looks for the last coded group when no clause subject codes it.
GROUP_REACH_CHARS = 400
# How many heads up from a group pronoun to look for the subject of a governing clause.
GOVERNING_CLAUSE_STEPS = 4
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod"})
# Nouns for people without a CAMEO role that an of/from phrase places in a country ("opponents of the government").
PEOPLE_NOUNS = frozenset("opponent critic representative delegate expert hacker leader head chief".split())
# Roles that a country completes ("the Grand Mufti of Egypt" is Egyptian, "a delegation from Iran" Iranian);
# a named group's own role (IGO, IMG) is not a country's.
COUNTRY_ROLES = frozenset(
    "GOV MIL COP REB INS SEP UAF CVL MED LEG JUD OPP BUS EDU HLH REF PTY LAB AGR".split()
)
# Prepositions whose object places a participant ("the Grand Mufti of Egypt", "troops from Chad").
ORIGIN_PREPS = frozenset({"of", "from", "in"})


class MentionIndex:
    """Token -> coded entity mention, plus the people mentioned so far (for 'he'/'she')."""

    def __init__(self, doc: Doc, mentions: Sequence[EntityMention], title: str | None = None,
                 url: str | None = None) -> None:
        self.places = PlaceIndex(doc, mentions, title, url)
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

    def last_group_before(self, char: int) -> EntityMention | None:
        """The coded organisation or group (ORG) ending last before ``char``, the outermost of equal ends."""
        groups = [m for m in self.mentions if m.label == "ORG" and m.actor and m.end <= char]
        if not groups:
            return None
        last = max(groups, key=lambda m: (m.end, -m.start))
        return last if char - last.end <= GROUP_REACH_CHARS else None


def actor_ref(token: Token, mentions: MentionIndex, speaker: Token | None = None) -> ActorRef:
    """The participant a head token names, coded from its entity mention or its role noun.

    ``speaker``: for a first-person pronoun in quoted speech, who speaks (the event coder finds it)."""
    if token.lower_ in THIRD_PERSON_PRONOUNS:
        governing = _governing_person(token, mentions)  # named in the same sentence: its name is the text
        person = governing or mentions.last_person_before(token.idx)
        if person and person.actor:
            a = person.actor
            text = governing.text if governing is not None else token.text
            return ActorRef(text=text, code=a.code, country=a.country, role=a.role)
    if token.lower_ in FIRST_PERSON_PRONOUNS:
        if speaker is not None:
            ref = actor_ref(speaker, mentions)
            return ActorRef(text=token.text, code=ref.code, country=ref.country, role=ref.role)
    if token.lower_ in GROUP_PRONOUNS and token.pos_ == "PRON" and _may_stand_for_actor(token):
        ref = _group_antecedent(token, mentions)
        if ref is not None:
            return ref
    return _named_ref(token, mentions)


def _named_ref(token: Token, mentions: MentionIndex, depth: int = 0) -> ActorRef:
    """A noun participant: its own mention or a modifier's, else a country its phrase names around it."""
    mention = mentions.at(token)
    if mention is None or mention.actor is None:  # "Islamic State members": an uncoded phrase over a coded name
        mention = _modifier_mention(token, mentions) or mention
    actor = mention.actor if mention else None
    role = role_of(token)
    text = _phrase_text(token, mention)
    if actor is not None and actor.role is None and role is not None and actor.country:  # "Russia's army" -> RUSMIL
        return ActorRef(text=text, code=actor.country + role, country=actor.country, role=role)
    if actor is not None and (actor.country or actor.role not in {None, *COUNTRY_ROLES}):
        return ActorRef(text=text, code=actor.code, country=actor.country, role=actor.role)
    role = actor.role if actor is not None and actor.role else role
    country = _surrounding_country(token, mentions, depth) if depth < 2 and _names_people(token, role) else None
    if country is not None:
        return ActorRef(text=text, code=country + (role or ""), country=country, role=role)
    if actor is not None:
        return ActorRef(text=text, code=actor.code, country=actor.country, role=actor.role)
    return ActorRef(text=text, code=role, role=role)


def _names_people(token: Token, role: str | None) -> bool:
    """Whether a noun names people or an institution that an of/from/in phrase can place in a country: a role
    noun ("authorities in Pakistan"), a group noun ("opponents of"), a proper noun ("the Grand Mufti of Egypt");
    not an event or a thing ("an attack on mosques in New Zealand", "a fire in Dhaka")."""
    return role is not None or token.pos_ == "PROPN" or is_group_noun(token) or token.lemma_.lower() in PEOPLE_NOUNS


def _surrounding_country(token: Token, mentions: MentionIndex, depth: int) -> str | None:
    """The country an of/from/in phrase or an apposition gives a participant: "the Grand Mufti of Egypt",
    "a delegation from Iran", "opponents of the Maldives government", "the envoy, Ali Demir (coded TUR)"."""
    for child in token.children:
        objects: list[Token] = []
        if child.dep_ == "prep" and child.lower_ in ORIGIN_PREPS:
            objects = [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ == "appos":
            objects = [child]
        for obj in objects:
            ref = _named_ref(obj, mentions, depth + 1)
            if ref.country:
                return ref.country
    return None


def _may_stand_for_actor(pronoun: Token) -> bool:
    """'it' as an object ("dismissed it") mostly stands for a thing (a plan, an offer); as a subject or
    possessive ("it said", "its army") for a state or organisation. 'they', 'their', 'them' for people."""
    return pronoun.lower_ != "it" or pronoun.dep_ in {"nsubj", "nsubjpass"}


def _governing_person(pronoun: Token, mentions: MentionIndex) -> EntityMention | None:
    """The coded person who is the subject of a clause governing 'he'/'she' ("the Supreme Leader rejected the
    offer of the US president and he also accused ...": the Supreme Leader, not the president named last)."""
    for subject in _governing_subjects(pronoun):
        mention = mentions.at(subject)
        if mention is not None and mention.label == "PERSON" and mention.actor is not None:
            return mention
    return None


def _governing_subjects(pronoun: Token) -> list[Token]:
    """Subjects of the clauses above a pronoun, nearest first (not the pronoun's own, nor other pronouns)."""
    found = []
    node = pronoun
    for _ in range(GOVERNING_CLAUSE_STEPS):
        if node.head is node:
            break
        node = node.head
        for subject in node.children:
            if subject.dep_ in SUBJECT_DEPS and subject.pos_ != "PRON" and pronoun not in subject.subtree:
                found.append(subject)
    return found


def _group_antecedent(pronoun: Token, mentions: MentionIndex) -> ActorRef | None:
    """What 'it', 'its', 'they', 'their' or 'them' stands for: the coded subject of a clause governing the
    pronoun ("Lebanon says it will ...", "the army intensified its shelling"), else the last coded
    organisation or group before it in the last few sentences."""
    for subject in _governing_subjects(pronoun):
        plural = subject.tag_ in {"NNS", "NNPS"} and not mentions.at(subject)
        if pronoun.lower_ in SINGULAR_GROUP_PRONOUNS and plural:
            continue  # "the jets ... it": a plural common noun is not what 'it' stands for
        ref = _named_ref(subject, mentions)
        if ref.country or ref.code:
            return ref
    group = mentions.last_group_before(pronoun.idx)
    if group is not None and group.actor is not None:
        a = group.actor
        return ActorRef(text=pronoun.text, code=a.code, country=a.country, role=a.role)
    return None


def _modifier_mention(token: Token, mentions: MentionIndex) -> EntityMention | None:
    """The coded mention among the words before a head noun, nearest first: its own modifiers ("Turkish
    F-16") and theirs ("a Japanese virus expert"), except a sponsor ("U.S.-backed fighters")."""
    for child in token.lefts:
        if child.dep_ in MODIFIER_DEPS:
            mention = mentions.at(child)
            if mention and mention.actor:
                return mention
    if not _names_people(token, role_of(token)):
        return None  # "the high US dollar exchange rate" is no American actor
    for child in reversed(list(token.lefts)):
        if child.dep_ not in MODIFIER_DEPS:
            continue
        for word in reversed(list(child.subtree)):
            if word.i == child.i or word.i > token.i or names_sponsor(word):
                continue
            mention = mentions.at(word)
            if mention and mention.actor and mention.actor.country:
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
