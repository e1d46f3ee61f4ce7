"""Trigger-based event coding over the dependency parse.

Per sentence: tokens whose (lemma, POS) is in the trigger lexicon (data/triggers.json) become
candidates; candidates that did not happen are dropped (negated, under a modal such as
"could"/"may"/"would", under "if", or under an intention verb such as "plan"/"want" — see
``is_unrealised``), except that a plainly negated cooperative act ("will not lift the ban") is coded
as a refusal (CAMEO 12, ``_as_refusal``); a trigger that is the complement of another trigger ("agreed to
coordinate", "declined to comment") is coded once, by the governing trigger. All material
conflict triggers of a sentence (CAMEO 18-20, including casualty verbs like "killed") are one
incident, coded with its most specific trigger ("suicide bombers" beats "attack" beats "killed").
Statements ("said", "told") are only coded when the sentence reports nothing else and their
content is not negated; a content that says what another party "must" do is a demand (100).
A cooperative act announced for the future ("would release", "plans to send aid") is coded as an
intent (CAMEO 03), a violent one as a threat (138) — see ``_as_intent``. A protest's demands are
the protest's claims, an incident named as what is condemned or protested is a topic
(``_part_of_other``), and an act recalled years earlier to date the news is background
(``_recalled_as_time_reference``). Generic violence is an assault (18) or a fight (19) depending
on who is armed (``_code_by_participants``). The pattern families are documented with examples in
processors/data/README.md.

Location: see processors/locations.py (own clause, sentence, then paragraph; None when unsure).
Date: the nearest date expression of the trigger's own or governing clause, else the date of
the paragraph's story line for past-tense sentences, else the publication date with
``date_precision=None`` (assumed, not stated). The date of a follow-up act does not date the violence
it is about ('charged Wednesday in the shooting': ``_dates_follow_up``), and an article's undated
violent events take the day of its first violent event dated to the day (``merge_repeated_incidents``,
which also drops an article's restatements of one incident).

Participants come from subject/object/by-agent, passives (the passive subject is the target),
inherited subjects ("Russia imposed sanctions and banned flights") and compound subjects
(reciprocal triggers such as "coordinate" or "meet" code both directions).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from processors.actors import FIRST_PERSON_PRONOUNS, MentionIndex, actor_ref
from processors.dates import ResolvedDate, is_historical, resolve_date
from processors.entities import role_of
from processors.lexicon import Trigger, armament_words, cameo, triggers
from processors.locations import event_location
from processors.types import ActorRef, Article, EntityMention, Event, Location

MODALS = frozenset({"could", "may", "might", "would", "should", "can", "must"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
INTENTION_VERBS = frozenset("plan intend want seek hope try attempt consider aim prepare threaten expect ready".split())
# Of the above, the ones that announce the act as the actor's own plan (CAMEO 03 "express intent").
ANNOUNCED_INTENTIONS = frozenset({"plan", "intend", "want", "aim", "prepare", "ready"})
FUTURE_MODALS = frozenset({"would"})  # "will" is not a modal here: "X will meet Y" is coded as the meeting
OBLIGATION_MODALS = frozenset({"must"})
DEMAND_CODE = "100"
# Intent to do a cooperative act (CAMEO 03x), by the act's code or root; violent acts announced are threats.
INTENT_BY_CODE = {
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "081": "0351",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "0871": "0356",
}
INTENT_BY_ROOT = {
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "14": "133",
    "16": "131",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
}
TARGET_PREPS = frozenset({"on", "against", "with", "to", "at", "toward", "towards", "into", "upon"})
# "coordinate on Syria" is a topic; reciprocal triggers only take a partner ("meet with", "clash with").
RECIPROCAL_TARGET_PREPS = frozenset({"with", "against"})
NOT_ACTORS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that"})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Adjective triggers ("dead") only where they say something happened, not as a modifier ("dead end").
PREDICATIVE_DEPS = frozenset({"acomp", "oprd", "ROOT", "conj", "xcomp", "ccomp", "advcl"})
MAX_PAIRS = 4
BASE_CONFIDENCE = {"event": 0.5, "casualty": 0.45, "statement": 0.25}
# A negated cooperative act ("will not lift the ban", "has not released them") is a refusal, CAMEO 12:
# by root, with the codebook's specific refusals for some codes.
REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
REFUSAL_BY_CODE = {"045": "126", "057": "127", "084": "1243", "085": "1244", "0871": "1246"}
# CAMEO 18 (assault) is unconventional violence against people who cannot fight back; CAMEO 19 (fight) is
# force between armed parties. A generic trigger ("attacked", "opened fire", "killed") takes its root from who
# was involved: see ``_code_by_participants``.
# Acts that follow a violent incident and take it as their topic; their date is not the incident's
# ("charged Monday in the shooting", "arrested Friday in the killing", "appeared in court Tuesday").
FOLLOW_UP_VERBS = frozenset(
    "charge arrest indict arraign sentence convict acquit plead jail book accuse deny appear surrender "
    "identify release bury mourn remember honor honour testify".split()
)
TIME_REFERENCE_MARKS = frozenset({"after", "since", "before"})
LONG_AGO_UNITS = frozenset({"month", "year", "decade"})
PROTEST_ROOT = "14"
PROTESTER_NOUNS = frozenset({"protester", "protestor", "demonstrator", "rioter"})
# Verbal acts a protest voices (appeals, demands, disapproval, rejection) and the acts that take another
# incident as their topic (disapprove, protest).
PROTEST_CLAIM_ROOTS = frozenset({"01", "02", "10", "11", "12"})
TOPIC_TAKING_ROOTS = frozenset({"11", "14"})
TOPIC_TAKING_CODES = frozenset({"018"})  # condolences over an attack
ASSAULT_FOR_FORCE = {"190": "180", "193": "180", "196": "180"}  # conventional force used on the unarmed
FORCE_FOR_ASSAULT = {"180": "190", "182": "190", "1823": "190"}  # generic violence between armed parties


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


# ---- public API ---------------------------------------------------------------------------


def extract_events(doc: Doc, article: Article, entities: Sequence[EntityMention]) -> tuple[Event, ...]:
    """Code the events of ``doc`` (the parse of ``article.text``) using its coded ``entities``."""
    mentions = MentionIndex(doc, entities)
    published = article.published_at.date() if article.published_at else None
    paragraphs = paragraph_starts(doc.text)
    events: list[Event] = []
    narrative_date: tuple[int, ResolvedDate] | None = None
    date_entities = [ent for ent in doc.ents if ent.label_ == "DATE"]
    for sent in doc.sents:
        paragraph = bisect_right(paragraphs, sent.start_char)
        if narrative_date and narrative_date[0] != paragraph:
            narrative_date = None
        dates = _sentence_dates(sent, date_entities, published)
        for incident in sentence_incidents(sent):
            if _repeats_earlier_incident(incident, events, dates):
                continue
            context = narrative_date[1] if narrative_date else None
            span = _paragraph_span(paragraphs, paragraph, len(doc.text))
            coded = _code_incident(incident, sent, article.id, published, dates, context, mentions, span)
            events.extend(coded)
            if coded and coded[0].date_precision and coded[0].date != (context.value if context else None):
                # Later past-tense sentences of the paragraph continue this story's time line.
                narrative_date = (paragraph, ResolvedDate(coded[0].date, coded[0].date_precision))
    return tuple(events)


def match_trigger(token: Token) -> Trigger | None:
    """The most specific lexicon entry whose conditions hold for ``token``, if any."""
    pos = _trigger_pos(token)
    if pos is None:
        return None
    for entry in triggers().get((token.lemma_.lower(), pos), ()):
        if _conditions_hold(token, entry):
            return None if entry.kind == "non_event" else entry  # "met the deadline"
    return None


def is_unrealised(token: Token) -> bool:
    """True when the trigger is negated, hypothetical or only intended, here or in a governing clause."""
    node = token
    while True:
        if _negated_or_modal(node):
            return True
        if node.i != token.i and node.lemma_.lower() in INTENTION_VERBS and node.pos_ in {"VERB", "ADJ"}:
            return True
        if node.head.i == node.i:
            return False
        node = node.head


def sentence_incidents(sent: Span) -> list[Incident]:
    """The incidents a sentence reports, in text order (see the module docstring for the rules)."""
    candidates = [Candidate(tok, entry) for tok in sent if (entry := match_trigger(tok))]
    candidates = [c for c in candidates if not _recalled_as_time_reference(c.token)]
    happened = [c for c in candidates if not is_unrealised(c.token) and not _governed_by_other(c, candidates)]
    happened += [
        refusal
        for c in candidates
        if is_unrealised(c.token) and not _governed_by_other(c, candidates) and (refusal := _as_refusal(c))
    ]
    denies_plans = _denies_plans(sent)
    if not denies_plans:
        happened += [
            intent
            for c in candidates
            if is_unrealised(c.token) and not _governed_by_other(c, candidates) and (intent := _as_intent(c))
        ]
    happened = [c for c in happened if c.entry.kind != "gathering" or _voices_claim(c, happened)]
    happened = [c for c in happened if not _part_of_other(c, happened)]
    non_statements = [c for c in happened if c.entry.kind != "statement"]
    violent = [c for c in non_statements if c.is_violent]
    incidents = [Incident(c, (c,)) for c in non_statements if not c.is_violent and c.entry.kind != "casualty"]
    if violent:
        incidents.append(Incident(_lead_trigger(violent), tuple(violent)))
    if not incidents and all(c.entry.kind == "statement" for c in happened) and not denies_plans:
        statements = [_as_demand(c) for c in happened if c.entry.kind == "statement" and not _content_negated(c.token)]
        incidents.extend(Incident(c, (c,)) for c in statements[:1])
    return sorted(incidents, key=lambda i: i.lead.token.i)


def _recalled_as_time_reference(token: Token) -> bool:
    """'..., two years after rioters stormed the consulate': an act recalled to date the news, months or
    years before it, is background, not something the sentence reports."""
    clause = _clause_head(token)
    if clause.dep_ != "advcl":
        return False
    marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in TIME_REFERENCE_MARKS]
    return bool(marks) and any(c.dep_ == "npadvmod" and c.lemma_.lower() in LONG_AGO_UNITS for c in clause.children)


def _as_refusal(candidate: Candidate) -> Candidate | None:
    """'Russia will not lift the ban' is a refusal (CAMEO 12), not nothing; hedged negations are not."""
    token = candidate.token
    code = REFUSAL_BY_CODE.get(candidate.entry.cameo) or REFUSAL_BY_ROOT.get(candidate.root)
    if code is None or candidate.entry.kind != "event" or not any(c.dep_ == "neg" for c in token.children):
        return None
    if any(
        (c.dep_ == "aux" and c.lower_ in MODALS) or (c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS)
        for c in token.children
    ):
        return None
    head = token.head
    if head.i != token.i and (is_unrealised(head) or head.lemma_.lower() in INTENTION_VERBS):
        return None
    return Candidate(token, replace(candidate.entry, cameo=code, reciprocal=False))


def _as_intent(candidate: Candidate) -> Candidate | None:
    """An act announced for the future is an expression of intent (CAMEO 03); a violent one is a threat (CAMEO 13).

    Announced means reported as the actor's own future act ('the rebels said they would release the hostages')
    or plan ('the kingdom plans to send aid', 'is ready to contribute'). "Would" outside reported speech is
    mostly hypothetical ('a deal would help both sides') and is not read as intent; neither are
    negated, conditional or hedged acts ('could', 'may', 'if'), nor named acts (nouns).
    """
    code = INTENT_BY_CODE.get(candidate.entry.cameo) or INTENT_BY_ROOT.get(candidate.root)
    token = candidate.token
    if code is None or candidate.entry.kind == "statement" or _trigger_pos(token) != "VERB":
        return None
    own_modals = {c.lower_ for c in token.children if c.dep_ == "aux" and c.lower_ in MODALS}
    planner = token.head if token.dep_ == "xcomp" else None
    if planner is not None and planner.pos_ == "ADJ" and planner.dep_ == "acomp":
        planned = planner.lemma_.lower() in ANNOUNCED_INTENTIONS  # "is ready to contribute"
    else:
        planned = planner is not None and planner.lemma_.lower() in ANNOUNCED_INTENTIONS and planner.pos_ == "VERB"
    reported_future = own_modals == set(FUTURE_MODALS) and token.dep_ == "ccomp" and _is_statement(token.head)
    if not (planned or reported_future) or (own_modals and not reported_future):
        return None
    node = planner if planned else token.head  # the plan, or the statement, must itself be plain
    while True:
        if node.i != token.i and _negated_or_modal(node):
            return None
        if node.head.i == node.i:
            break
        node = node.head
    if any(
        _negated(t) or any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children)
        for t in (token, planner)
        if t is not None
    ):
        return None
    return Candidate(token, replace(candidate.entry, cameo=code, kind="event", reciprocal=False))


def _is_statement(token: Token) -> bool:
    entry = match_trigger(token)
    return entry is not None and entry.kind == "statement"


def _denies_plans(sent: Span) -> bool:
    """'..., but there are no concrete plans to end the other sanctions': a sentence that says nothing is
    planned is about the absence of plans, so neither its futures (as intents) nor its statement are coded."""
    return any(
        t.lemma_.lower() in {"plan", "intention"} and _negated(t) or (t.lower_ == "plans" and _negated(t.head))
        for t in sent
    )


# ---- trigger matching ------------------------------------------------------------------


def _trigger_pos(token: Token) -> str | None:
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
    if entry.objects and not any(_names_object(t, entry.objects) for t in _complements(token)):
        return False
    if entry.modifiers and not any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lemma_.lower() in entry.modifiers for c in token.lefts
    ):
        return False
    # "attack helicopter", "protest leader": the trigger word only describes another noun
    return not (token.dep_ == "compound" and token.head.pos_ in {"NOUN", "PROPN"})


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
    """The complement or its noun modifier is one of the objects: 'mediation' in 'a mediation effort'."""
    return complement.lemma_.lower() in objects or any(
        c.dep_ == "compound" and c.lemma_.lower() in objects for c in complement.children
    )


def _complements(token: Token) -> Iterable[Token]:
    """Objects and complements, one preposition deep ('spoke by telephone', 'declined to comment')."""
    for child in token.children:
        if child.dep_ in {"dobj", "xcomp", "attr", "oprd", "dative", "nsubjpass", "acomp"}:
            yield child
        elif child.dep_ == "ccomp" and child.pos_ == "ADJ":  # "found him guilty" (small clause)
            yield child
        elif child.dep_ == "prep":
            yield from (g for g in child.children if g.dep_ == "pobj")


def _negated_or_modal(node: Token) -> bool:
    for child in node.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in {"no", "neither"}:
            return True
        if child.dep_ == "aux" and child.lower_ in MODALS:
            return True
        if child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS:
            return True
    return False


def _governed_by_other(candidate: Candidate, candidates: Sequence[Candidate]) -> bool:
    """'agreed to coordinate' is one event (agree); so are 'signed an agreement' and 'postponed the meeting'
    (the meeting did not take place: the verb says what happened to it). A violent incident, or a protest that
    was dispersed or attacked, named as the object stays its own report unless the verb only comments on it
    (see ``_part_of_other``)."""
    token = candidate.token
    head = token.head
    for other in candidates:
        if other.token.i == head.i and other.token.i != token.i:
            if token.dep_ == "xcomp":
                return True
            if token.dep_ == "dobj" and other.root == candidate.root:
                return True
            if token.dep_ == "dobj" and _trigger_pos(token) == "NOUN" and not candidate.is_violent:
                # "police dispersed the demonstration": the protest did take place
                return not (candidate.root == PROTEST_ROOT and int(other.root) >= 17)
    return False


def _part_of_other(candidate: Candidate, happened: Sequence[Candidate]) -> bool:
    """Triggers that only describe another event of the sentence.

    A demand voiced by a protest is the protest's claim ('workers held a sit-in demanding their wages',
    'residents blocked the road to demand water'): CAMEO codes the demonstration (14). An incident named as
    what is protested or condemned ('a protest against the arrest', 'condemned the attack') is that act's topic,
    not a new report of it.
    """
    token = candidate.token
    if candidate.root in PROTEST_CLAIM_ROOTS:
        anchors = {_clause_anchor(p.token).i for p in happened if p.root == PROTEST_ROOT}
        if any(a.i in anchors for a in token.ancestors):
            return True
    if _trigger_pos(token) != "NOUN" or token.dep_ not in {"dobj", "pobj"}:
        return False
    governor = token.head.head if token.dep_ == "pobj" and token.head.dep_ == "prep" else token.head
    return any(
        other.token.i == governor.i
        and (other.root in TOPIC_TAKING_ROOTS or other.entry.cameo in TOPIC_TAKING_CODES)
        and other.root != candidate.root
        for other in happened
    )


def _voices_claim(gathering: Candidate, happened: Sequence[Candidate]) -> bool:
    """'Farmers gathered outside parliament to demand lower prices' and 'protesters gathered in the main
    square' are demonstrations; 'leaders gathered in Paris' is not."""
    subjects = [c for c in gathering.token.children if c.dep_ == "nsubj"]
    if any(_collective_member(s).lemma_.lower() in PROTESTER_NOUNS for s in subjects):
        return True
    return any(
        c.root in PROTEST_CLAIM_ROOTS and c.root != "01" and any(a.i == gathering.token.i for a in c.token.ancestors)
        for c in happened
    )


def _clause_anchor(token: Token) -> Token:
    """The verb whose clause reports a trigger: itself for a verb, the light verb for 'held a protest'."""
    if _trigger_pos(token) == "NOUN" and token.dep_ in {"dobj", "nsubj", "nsubjpass"} and token.head.pos_ == "VERB":
        return token.head
    return token


def _content_negated(statement: Token) -> bool:
    """'"We're not going to change our stance," he said' reports nothing that happened. A hedged content
    ('said it doubted the levy would raise much') is still a statement."""
    for child in statement.children:
        if child.dep_ in {"ccomp", "parataxis"} and any(_negated(t) for t in child.subtree):
            return True
    return False


def _negated(node: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in {"no", "neither"}) for c in node.children)


def _as_demand(statement: Candidate) -> Candidate:
    """'X said Iran must stop enrichment' tells another party what it has to do: a demand (CAMEO 100)."""
    for clause in statement.token.children:
        if clause.dep_ not in {"ccomp", "parataxis"}:
            continue
        obliged = any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in clause.children)
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if obliged and not any(s.lower_ in FIRST_PERSON_PRONOUNS for s in subjects):
            return Candidate(statement.token, replace(statement.entry, cameo=DEMAND_CODE, kind="event"))
    return statement


def _lead_trigger(violent: Sequence[Candidate]) -> Candidate:
    """The most specific trigger codes the incident; casualty verbs only when nothing else does."""
    return max(
        violent,
        key=lambda c: (c.entry.kind != "casualty", c.entry.specificity, c.entry.cameo != "190", -c.token.i),
    )


def _repeats_earlier_incident(incident: Incident, events: Sequence[Event], dates: Sequence) -> bool:
    """'the attack' with nothing new (no date) refers back to an attack already coded."""
    lead = incident.lead.token
    if lead.pos_ != "NOUN" or dates or not incident.lead.is_violent or len(incident.members) > 1:
        return False
    definite = any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETERMINERS for c in lead.children)
    # CAMEO 18 or 19 depends on the participants, so an earlier report of the incident may carry either root
    return definite and any(e.cameo[:2] in VIOLENT_ROOTS for e in events)


# ---- participants ----------------------------------------------------------------------


def _participants(candidate: Candidate) -> tuple[list[Token], list[Token]]:
    token = candidate.token
    if _trigger_pos(token) == "VERB":
        sources, targets = _verb_participants(token, candidate.entry)
    else:
        sources, targets = _noun_participants(token)
    return [s for s in _expand(sources) if s.i != token.i], [t for t in _expand(targets) if t.i != token.i]


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
        return _prep_objects(verb, {"from"}), subjects
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
        found = _prep_objects(holder, target_preps)
        if found:
            return found
    return []


def _noun_participants(noun: Token) -> tuple[list[Token], list[Token]]:
    sources = [c for c in noun.children if c.dep_ == "poss" and c.ent_type_ not in {"DATE", "TIME"}]
    sources += [
        c for c in noun.lefts if c.dep_ in {"amod", "compound", "nmod"} and c.ent_type_ in {"NORP", "GPE", "ORG"}
    ]
    sources += _prep_objects(noun, {"by"})
    between = _prep_objects(noun, {"between"})
    targets = _prep_objects(noun, TARGET_PREPS)
    light_verb = noun.head if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else None
    if not sources and light_verb is not None:  # "Russia imposed sanctions on Turkey"
        sources = _subjects(light_verb)
    if not targets and light_verb is not None:
        targets = _prep_objects(light_verb, TARGET_PREPS)
    if between and not sources:
        sources = between
    return sources, targets


def _prep_objects(holder: Token, preps: frozenset[str] | set[str]) -> list[Token]:
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


def _expand(tokens: Iterable[Token]) -> list[Token]:
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


def _actor_pairs(
    sources: list[ActorRef], targets: list[ActorRef], reciprocal: bool
) -> list[tuple[ActorRef | None, ActorRef | None]]:
    if reciprocal and len(sources) >= 2 and not targets:
        return [(a, b) for a in sources for b in sources if a is not b][:MAX_PAIRS]
    return [(s, t) for s in (sources or [None]) for t in (targets or [None])][:MAX_PAIRS]


def _speaker(token: Token) -> Token | None:
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


# ---- when and where ----------------------------------------------------------------------


def sentence_offsets(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without surrounding whitespace (shared with casualties)."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())


def _paragraph_span(starts: Sequence[int], index: int, text_end: int) -> tuple[int, int]:
    """Character range of paragraph ``index`` (as numbered by ``bisect_right(starts, offset)``)."""
    return (starts[index - 1] if index else 0, starts[index] if index < len(starts) else text_end)


def paragraph_starts(text: str) -> list[int]:
    """Offsets of the blank lines that separate paragraphs (shared with casualties)."""
    starts = []
    index = text.find("\n\n")
    while index != -1:
        starts.append(index)
        index = text.find("\n\n", index + 2)
    return starts


def _sentence_dates(
    sent: Span, date_entities: Sequence[Span], published: date | None
) -> list[tuple[Span, ResolvedDate]]:
    return [
        (ent, resolved)
        for ent in date_entities
        if sent.start <= ent.start < sent.end and (resolved := resolve_date(ent.text, published))
    ]


def _tree_distance(a: Token, b: Token) -> int:
    """Dependency steps between two tokens of a sentence, through their lowest common ancestor."""
    path_a = [a, *a.ancestors]
    path_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(path_b)}
    for n, token in enumerate(path_a):
        if token.i in ids_b:
            return n + ids_b[token.i]
    return len(path_a) + len(path_b)


def _event_date(
    incident: Incident,
    dates: Sequence[tuple[Span, ResolvedDate]],
    narrative: ResolvedDate | None,
    published: date | None,
) -> tuple[date | None, str | None, bool]:
    """(date, precision, explicit): nearest date expression in the sentence, else the paragraph's
    narrative date for past-tense reports, else the publication date with no precision."""
    usable = [d for d in dates if any(_date_governs(d[0].root, t) for t in incident.tokens)]
    if incident.lead.is_violent:
        usable = [d for d in usable if not all(_dates_follow_up(d[0].root, t) for t in incident.tokens)]
    if usable:
        _, best = min(usable, key=lambda d: min(_tree_distance(d[0].root, t) for t in incident.tokens))
        return best.value, best.precision, True
    if narrative and _past_tense(incident.lead.token):
        return narrative.value, narrative.precision, False
    return published, None, False


def _clause_head(token: Token) -> Token:
    node = token
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
        node = node.head
    return node


def _date_governs(date_token: Token, trigger: Token) -> bool:
    """A date dates the trigger when it sits in the trigger's clause or a clause governing it:
    'collapsed in November when an F-16 shot down...' yes; 'met ... since relations collapsed last year' no."""
    date_clause = _clause_head(date_token)
    trigger_clause = _clause_head(trigger)
    return date_clause.i == trigger_clause.i or any(a.i == date_clause.i for a in trigger_clause.ancestors)


def _dates_follow_up(date_token: Token, trigger: Token) -> bool:
    """The date is a follow-up act's (``FOLLOW_UP_VERBS``), not the violence it is about: 'a man was
    charged Wednesday in the shooting', 'was arrested Monday in the killing of', 'appeared in court
    Saturday to face charges for shooting'. A date in the violent noun's own phrase ('the May 14
    shooting', 'the shooting on May 14') is the violence's."""
    if trigger.pos_ in {"NOUN", "PROPN"} and any(t.i == date_token.i for t in trigger.subtree):
        return False
    date_clause = _clause_head(date_token)
    return date_clause.i != trigger.i and date_clause.lemma_ in FOLLOW_UP_VERBS


def _past_tense(token: Token) -> bool:
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return verb.tag_ in {"VBD", "VBN"} or any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


# ---- assembling events -------------------------------------------------------------------


def _code_incident(
    incident: Incident,
    sent: Span,
    article_id: str,
    published: date | None,
    dates: Sequence[tuple[Span, ResolvedDate]],
    narrative: ResolvedDate | None,
    mentions: MentionIndex,
    paragraph: tuple[int, int],
) -> list[Event]:
    lead = incident.lead
    sources, targets = _incident_participants(incident)
    source_refs = [actor_ref(t, mentions, _speaker(t)) for t in sources]
    target_refs = [actor_ref(t, mentions, _speaker(t)) for t in targets]
    # An actor resolved from a pronoun ("lifted its blockade") is less sure than one named here: it
    # does not raise the confidence, so a subordinate act does not outrank the sentence's main event.
    participants = zip([*sources, *targets], [*source_refs, *target_refs], strict=True)
    from_pronoun = {id(ref) for token, ref in participants if token.pos_ == "PRON"}
    event_date, precision, explicit_date = _event_date(incident, dates, narrative, published)
    location = event_location(incident.tokens, incident.lead.is_violent, sent, mentions.places, paragraph)
    code_value = lead.entry.cameo
    if lead.is_violent:
        source_pairs = list(zip(sources, source_refs, strict=True))
        target_pairs = list(zip(targets, target_refs, strict=True))
        code_value = _code_by_participants(code_value, incident, source_pairs, target_pairs)
    code = cameo(code_value)
    start, end = sentence_offsets(sent)
    text = sent.text.strip()
    events = []
    for source, target in _actor_pairs(source_refs, target_refs, lead.entry.reciprocal):
        events.append(
            Event(
                event_id=event_id(article_id, start, end, code_value, source, target, lead.token.idx),
                cameo=code_value,
                plover=code.plover,
                source=source,
                target=target,
                sentence=text,
                start=start,
                end=end,
                date=event_date,
                date_precision=precision,
                historical=is_historical(event_date, published),
                location=location,
                confidence=_confidence(
                    lead,
                    None if id(source) in from_pronoun else source,
                    None if id(target) in from_pronoun else target,
                    explicit_date,
                    location,
                ),
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                trigger=lead.token.text,
            )
        )
    return events


def _code_by_participants(
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
            victims += _participants(member)[1]
        elif _trigger_pos(token) == "VERB":
            victims += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
            victims += _prep_objects(token, {"on", "at", "against"})
        else:
            victims += _prep_objects(token, {"on", "against"})
    return _expand(victims)


def _armament(token: Token, ref: ActorRef | None) -> bool | None:
    """True for armed people or military objects, False for civilians and their places, None when the words
    do not say. 'a crowd of armed looters' is read through to 'looters'."""
    words = armament_words()
    head = _collective_member(token)
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


def _collective_member(token: Token) -> Token:
    """'a crowd of armed looters' -> 'looters'; 'thousands of marchers' -> 'marchers'."""
    if token.lemma_.lower() not in armament_words().collective_heads:
        return token
    members = _prep_objects(token, {"of"})
    return members[0] if members else token


def _incident_participants(incident: Incident) -> tuple[list[Token], list[Token]]:
    """The lead trigger's participants, completed from the triggers it absorbed."""
    sources: list[Token] = []
    targets: list[Token] = []
    trigger_ids = {t.i for t in incident.tokens}
    for member in sorted(incident.members, key=lambda m: m.token.i != incident.lead.token.i):
        member_sources, member_targets = _participants(member)
        sources = sources or [t for t in member_sources if t.i not in trigger_ids or t.pos_ == "NOUN"]
        targets = targets or [t for t in member_targets if t.i not in trigger_ids]
    return sources, targets


def _confidence(
    lead: Candidate, source: ActorRef | None, target: ActorRef | None, explicit_date: bool, location: Location | None
) -> float:
    score = lead.entry.confidence or BASE_CONFIDENCE.get(lead.entry.kind, 0.5)
    score += 0.15 if source and source.code else 0.0
    score += 0.1 if target and target.code else 0.0
    score += 0.05 if explicit_date else 0.0
    score += 0.05 if location else 0.0
    score += 0.1 if lead.is_violent or lead.root == PROTEST_ROOT else 0.0  # the reportable incident of the story
    return round(min(score, 0.95), 2)


def event_id(
    article_id: str, start: int, end: int, code: str, source: ActorRef | None, target: ActorRef | None, trigger_at: int
) -> str:
    """Stable across re-processing: the same article, sentence, code, actors and trigger give the same id."""
    key = "|".join([article_id, str(start), str(end), code, _ref_key(source), _ref_key(target), str(trigger_at)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _ref_key(ref: ActorRef | None) -> str:
    return f"{ref.code or ''}:{ref.text}" if ref else ""


def merge_repeated_incidents(events: Sequence[Event]) -> tuple[Event, ...]:
    """One article's account of one incident as one event: date its undated restatements, drop them.

    A local story tells its shooting several times: 'A man was shot in Millbrook on Saturday night',
    then 'He was taken to hospital', 'Police said the man, 24, died of his wounds', 'The shooting
    remains under investigation'. Each sentence is coded on its own; two steps consolidate them:

    1. The incident's date (``_incident_date``): the first current violent event whose date the text
       states to the day. Current violent events with no date of their own (publication date assumed)
       take it, unless they name another town than that event (a roundup's other shooting).
       'Police said the man died' thus carries Saturday, not the day the story was published; a
       follow-up ('charged in the Saturday shooting') carries the shooting's day, not the court's.
    2. Restatements (``_restates``): a current violent event is dropped when another violent event of
       the article, from another sentence and at least as confident, says everything it says: the
       same or no place, the same or no day, and each figure it gives (killed, injured) given equal
       (so the article's most confident event, its primary one, stays). The fuller one is kept;
       of two that say the same, the first. 'days after a suicide attack on Istanbul's airport' and,
       later, 'Tuesday's attack on Istanbul Ataturk airport, in which suicide bombers killed 44' are
       one incident, told with the toll the second time. A roundup's two shootings in two towns, on
       two days or with two different tolls stay two events.

    Events of one sentence are never dropped (they are the actor pairs of one incident), and
    historical events are left alone. The largest figure and the place of the article survive.
    """
    incident_date = _incident_date(events)
    dated = [_with_incident_date(event, incident_date) for event in events]
    kept = []
    for index, event in enumerate(dated):
        if _is_current_violence(event) and any(
            _restates(event, other, earlier=other_index < index)
            for other_index, other in enumerate(dated)
            if other_index != index
        ):
            continue
        kept.append(event)
    return tuple(kept)


def _is_current_violence(event: Event) -> bool:
    return event.cameo[:2] in VIOLENT_ROOTS and not event.historical


def _incident_date(events: Sequence[Event]) -> Event | None:
    """The first current violent event dated to the day by its own text (the incident's day)."""
    return next((e for e in events if _is_current_violence(e) and e.date_precision == "day"), None)


def _with_incident_date(event: Event, dated: Event | None) -> Event:
    if dated is None or event.date_precision is not None or not _is_current_violence(event):
        return event
    if event.location and dated.location and not _same_place(event.location, dated.location):
        return event
    return replace(event, date=dated.date, date_precision=dated.date_precision)


def _restates(event: Event, other: Event, earlier: bool) -> bool:
    """``other`` says everything ``event`` says (and more, or the same and comes first)."""
    if not _is_current_violence(other) or other.start == event.start or other.confidence < event.confidence:
        return False
    if event.location and not (other.location and _same_place(event.location, other.location)):
        return False
    if event.date_precision == "day" and (other.date_precision != "day" or other.date != event.date):
        return False
    for mine, theirs in ((event.killed, other.killed), (event.injured, other.injured)):
        if mine is not None and (theirs is None or theirs.best != mine.best):
            return False
    return earlier or _detail(other) > _detail(event)


def _detail(event: Event) -> int:
    return sum((event.killed is not None, event.injured is not None, event.location is not None,
                event.date_precision == "day"))


def _same_place(a: Location, b: Location) -> bool:
    return a.name == b.name
