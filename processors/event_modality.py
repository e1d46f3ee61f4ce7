"""Modality of a trigger: did the act happen, was it refused, announced or demanded?

Owns negation, modals ("could", "may", "would"), conditionals ("if") and intention verbs ("plan", "want")
(``is_unrealised``); a plainly negated cooperative act as a refusal (CAMEO 12, ``as_refusal``); an act
announced for the future as an intent (CAMEO 03) or a threat (138) (``as_intent``); reported speech: a
statement whose content is negated (``content_negated``), a content saying what another party "must" do
as a demand (100, ``as_demand``), and sentences that deny any plan (``denies_plans``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from processors.actors import FIRST_PERSON_PRONOUNS
from processors.paragraphs import doc_text
from processors.trigger_matching import Candidate, match_trigger, trigger_pos

MODALS = frozenset({"could", "may", "might", "would", "should", "can", "must"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
INTENTION_VERBS = frozenset("plan intend want seek hope try attempt consider aim prepare threaten expect ready".split())
# Nouns of a wish or a design that an act is only the object of ('an urge to shoot', 'a plot to kill'); not 'plans'
# (a government's 'plans to impose restrictions' stay coded as the act, as a verb's announced plan is an intent)
INTENTION_NOUNS = frozenset("impulse urge temptation tendency willingness readiness desire intent intention plot "
                            "scheme".split())
# Of the above, the ones that announce the act as the actor's own plan (CAMEO 03 "express intent").
ANNOUNCED_INTENTIONS = frozenset({"plan", "intend", "want", "aim", "prepare", "ready"})
FUTURE_MODALS = frozenset({"would"})  # "will" is not a modal here: "X will meet Y" is coded as the meeting
OBLIGATION_MODALS = frozenset({"must"})
DEMAND_CODE = "100"
# A sentence can only deny a plan ('plan', 'plans', 'intention' in ``denies_any_plan``) if its text has the word.
_PLAN_WORD = re.compile(r"plan|intention", re.IGNORECASE)
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
# A negated cooperative act ("will not lift the ban", "has not released them") is a refusal, CAMEO 12:
# by root, with the codebook's specific refusals for some codes.
REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
REFUSAL_BY_CODE = {"045": "126", "057": "127", "084": "1243", "085": "1244", "0871": "1246"}


def is_unrealised(token: Token) -> bool:
    """True when the trigger is negated, hypothetical or only intended, here or in a governing clause. A relative
    clause in a tense states a fact about its noun whatever the main clause says: 'the attack which killed 22
    people was not resistance but murder' reports the killing ('not a place to visit' reports no visit)."""
    node = token
    while True:
        if _negated_or_modal(node):
            return True
        if node.i != token.i and node.lemma_.lower() in INTENTION_VERBS and node.pos_ in {"VERB", "ADJ"} and not (
                _sought_by_police(node)):
            return True
        if _wished(node):
            return True  # 'the shooters' impulse to open fire', 'a plot to kill the mayor'
        if node.head.i == node.i or (node.dep_ == "relcl" and _finite(node)):
            return False
        node = node.head


def _wished(verb: Token) -> bool:
    """An infinitive right after a noun of a wish or a design ('impulse to open fire', 'a plot to kill'), however
    the parser hangs it (often on the clause's verb rather than the noun)."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].lower_ != "to" or doc[verb.i - 1].head.i != verb.i:
        return False
    noun = doc[verb.i - 2]
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in INTENTION_NOUNS


def _sought_by_police(verb: Token) -> bool:
    """'was wanted for the shooting', 'is wanted in two killings': the police seek the person for acts that
    happened; no one's intention."""
    return verb.lemma_.lower() == "want" and any(c.dep_ == "auxpass" for c in verb.children)


def _finite(verb: Token) -> bool:
    """'which killed', 'who was shot': a tensed clause; 'a place to visit' is a purpose, not a fact."""
    tensed = {"VBD", "VBZ", "VBP", "MD"}
    return verb.tag_ in tensed or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in tensed for c in verb.children)


def as_refusal(candidate: Candidate) -> Candidate | None:
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


def as_intent(candidate: Candidate) -> Candidate | None:
    """An act announced for the future is an expression of intent (CAMEO 03); a violent one is a threat (CAMEO 13).

    Announced means reported as the actor's own future act ('the rebels said they would release the hostages')
    or plan ('the kingdom plans to send aid', 'is ready to contribute'). "Would" outside reported speech is
    mostly hypothetical ('a deal would help both sides') and is not read as intent; neither are
    negated, conditional or hedged acts ('could', 'may', 'if'), nor named acts (nouns).
    """
    code = INTENT_BY_CODE.get(candidate.entry.cameo) or INTENT_BY_ROOT.get(candidate.root)
    token = candidate.token
    if code is None or candidate.entry.kind == "statement" or trigger_pos(token) != "VERB":
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


def denies_any_plan(sent: Span) -> bool:
    """'..., but there are no concrete plans to end the other sanctions': a sentence that says nothing is
    planned is about the absence of plans, so neither its futures (as intents) nor its statement are coded."""
    if not _PLAN_WORD.search(doc_text(sent.doc), sent.start_char, sent.end_char):
        return False  # most sentences: no need to read every token
    return any(
        t.lemma_.lower() in {"plan", "intention"} and _negated(t) or (t.lower_ == "plans" and _negated(t.head))
        for t in sent
    )


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


def content_negated(statement: Token) -> bool:
    """'"We're not going to change our stance," he said' reports nothing that happened. A hedged content
    ('said it doubted the levy would raise much') is still a statement."""
    for child in statement.children:
        if child.dep_ in {"ccomp", "parataxis"} and any(_negated(t) for t in child.subtree):
            return True
    return False


def _negated(node: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in {"no", "neither"}) for c in node.children)


def as_demand(statement: Candidate) -> Candidate:
    """'X said Iran must stop enrichment' tells another party what it has to do: a demand (CAMEO 100)."""
    for clause in statement.token.children:
        if clause.dep_ not in {"ccomp", "parataxis"}:
            continue
        obliged = any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in clause.children)
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if obliged and not any(s.lower_ in FIRST_PERSON_PRONOUNS for s in subjects):
            return Candidate(statement.token, replace(statement.entry, cameo=DEMAND_CODE, kind="event"))
    return statement
