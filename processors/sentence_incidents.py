"""The incidents one sentence reports, from its trigger candidates.

Owns which candidates count and how they group: a trigger governed by another ("agreed to coordinate") is
coded once, by the governor; a protest's demands are the protest's claims and an incident named as what is
condemned or protested is a topic (``part_of_other``); a gathering is a demonstration only when it voices a
claim; an act recalled years earlier to date the news is background (``recalled_as_time_reference``). All
violent triggers of a sentence are one incident, led by the most specific one (``lead_trigger``), unless they
are a list of acts each dated on its own ('the massacre in 1976; the murder of the judge in 1987'); statements
are coded only when nothing else happens. ``repeats_earlier_incident`` skips 'the attack' told again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from spacy.tokens import Span, Token

from processors.event_dates import clause_head
from processors.event_modality import as_demand, as_intent, as_refusal, content_negated, denies_any_plan, is_unrealised
from processors.event_participants import collective_member
from processors.trigger_matching import DOERS, VIOLENT_ROOTS, Candidate, Incident, match_trigger, trigger_pos
from processors.types import Event

ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that"})
TIME_REFERENCE_MARKS = frozenset({"after", "since", "before"})
LONG_AGO_UNITS = frozenset({"month", "year", "decade"})
# What names a charge ('charged with', 'accused of', 'counts of', 'convicted of', 'pleaded guilty to') and its
# preposition. Not 'arrested on suspicion of murder': often the only account of a killing just found.
CHARGE_WORDS = frozenset(
    "charge count indictment allegation accusation conviction indict accuse convict acquit sentence plead "
    "guilty".split()
)
CHARGE_PREPOSITIONS = frozenset({"with", "of", "for", "to", "on"})
# What counts many incidents at once ('the number of people shot'); 'a number of' is a vague amount, not these.
STATISTIC_NOUNS = frozenset({"number", "count", "rate", "tally"})
# Determiners that range over every incident of a kind ('each shooting', 'every attack', 'any killing')
DISTRIBUTIVE_DETERMINERS = frozenset({"each", "every", "any"})
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
PROTEST_ROOT = "14"
PROTESTER_NOUNS = frozenset({"protester", "protestor", "demonstrator", "rioter"})
# Verbal acts a protest voices (appeals, demands, disapproval, rejection) and the acts that take another
# incident as their topic (disapprove, protest).
PROTEST_CLAIM_ROOTS = frozenset({"01", "02", "10", "11", "12"})
TOPIC_TAKING_ROOTS = frozenset({"11", "14"})
TOPIC_TAKING_CODES = frozenset({"018"})  # condolences over an attack


def sentence_incidents(sent: Span, trigger_words: Sequence[int] | None = None) -> list[Incident]:
    """The incidents a sentence reports, in text order (see the module docstring for the rules).
    ``trigger_words``: the doc's ``trigger_word_positions``, when known; else every token is tried."""
    if trigger_words is None:
        tokens: Iterable[Token] = sent
    else:
        doc = sent.doc
        inside = trigger_words[bisect_left(trigger_words, sent.start) : bisect_left(trigger_words, sent.end)]
        tokens = (doc[i] for i in inside)
    candidates = [Candidate(tok, entry) for tok in tokens if (entry := match_trigger(tok))]
    candidates = [c for c in candidates if not _recalled_as_time_reference(c.token) and not names_a_charge(c.token)
                  and not _counted_by_a_statistic(c.token) and not _ranges_over_incidents(c.token)]
    # each candidate's modality read once: the refusals and intents below are read from the unrealised ones
    own = [(c, is_unrealised(c.token)) for c in candidates if not _governed_by_other(c, candidates)]
    happened = [c for c, unrealised in own if not unrealised]
    unrealised = [c for c, unrealised in own if unrealised]
    happened += [refusal for c in unrealised if (refusal := as_refusal(c))]
    denies_plans = denies_any_plan(sent)
    if not denies_plans:
        happened += [intent for c in unrealised if (intent := as_intent(c))]
    happened = [c for c in happened if c.entry.kind != "gathering" or _voices_claim(c, happened)]
    happened = [c for c in happened if not _part_of_other(c, happened)]
    non_statements = [c for c in happened if c.entry.kind != "statement"]
    violent = [c for c in non_statements if c.is_violent]
    violent = [c for c in violent if not _victim_of_other(c, violent)]
    incidents = [Incident(c, (c,)) for c in non_statements if not c.is_violent and c.entry.kind != "casualty"]
    incidents += [Incident(_lead_trigger(group), tuple(group)) for group in _separately_dated_acts(violent)]
    if not incidents and all(c.entry.kind == "statement" for c in happened) and not denies_plans:
        statements = [as_demand(c) for c in happened if c.entry.kind == "statement" and not content_negated(c.token)]
        incidents.extend(Incident(c, (c,)) for c in statements[:1])
    return sorted(incidents, key=lambda i: i.lead.token.i)


def _separately_dated_acts(violent: Sequence[Candidate]) -> list[list[Candidate]]:
    """The violent triggers grouped by incident: one group, unless two or more name acts with dates of their
    own ('the Kingsmill massacre in 1976; the murder of Lord Justice Gibson in 1987'): a list of separate acts,
    each leading its own group. An undated trigger joins the dated act it is part of, else the first."""
    if not violent:
        return []
    recalled = [c for c in violent if _recalled_in_relative_clause(c)]
    if recalled and len(recalled) < len(violent):
        # 'a gunman killed three people at the base, where another gunman killed 13 people in 2009': the clause
        # recalls an act of its own year, not this one
        inside = {t.i for c in recalled for t in c.token.subtree}
        rest = [c for c in violent if c.token.i not in inside]
        if rest:
            return [rest, *([c for c in violent if c.token.i in {t.i for t in r.token.subtree}] for r in recalled)]
    own_dates = {c.token.i: when for c in violent if (when := _own_date(c, violent)) is not None}
    if len({when.text.lower() for when in own_dates.values()}) < 2:
        return [list(violent)]
    dated = [c for c in violent if c.token.i in own_dates]
    groups = [[c] for c in dated]
    for candidate in violent:
        if candidate in dated:
            continue
        owner = next((g for g in groups if any(a.i == g[0].token.i for a in candidate.token.ancestors)), groups[0])
        owner.append(candidate)
    return groups


def _recalled_in_relative_clause(candidate: Candidate) -> bool:
    """A violent verb of a relative clause opened by 'where' or 'when' that names a year of its own ('the base,
    where another gunman killed 13 people in 2009')."""
    token = candidate.token
    if token.dep_ != "relcl" or not any(c.lower_ in {"where", "when"} for c in token.children):
        return False
    return any(ent.label_ == "DATE" and YEAR.search(ent.text) and clause_head(ent.root).i == token.i
               for ent in token.sent.ents)


def _own_date(candidate: Candidate, violent: Sequence[Candidate]) -> Span | None:
    """A date in the act's own noun phrase ('the murder of Ian Sproule in 1991'), not in a nested act's."""
    token = candidate.token
    if trigger_pos(token) != "NOUN":
        return None
    triggers = {c.token.i for c in violent}
    for ent in token.sent.ents:
        if ent.label_ != "DATE":
            continue
        nearest = next((a for a in ent.root.ancestors if a.i in triggers), None)
        if nearest is not None and nearest.i == token.i:
            return ent
    return None


def names_a_charge(token: Token) -> bool:
    """'charged with murder', 'two counts of murder', 'Charges include willful killing, enslavement': a bare act
    noun that names what someone is charged with or convicted of is the charge, not an act the sentence reports
    (the act is told by its own words: 'charged with murder in the shooting of two men'; 'charged with the murder
    of a trader' tells that murder)."""
    if token.pos_ != "NOUN" or any(
        c.dep_ in {"det", "poss"} or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children
    ):
        return False  # 'charged with the murder of head constable Imran Qadri': that murder happened
    node = token
    while node.dep_ in {"conj", "amod", "compound"} and node.head is not node:
        node = node.head  # 'willful killing, enslavement, and imprisonment': the list's first noun
    head = node.head
    if node.dep_ == "pobj" and head.lower_ in CHARGE_PREPOSITIONS:
        return head.head.lemma_.lower() in CHARGE_WORDS
    if node.dep_ == "dobj" and head.lemma_.lower() in {"include", "face"}:
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in CHARGE_WORDS for c in head.children)
    return False


def _counted_by_a_statistic(token: Token) -> bool:
    """'The number of children killed or injured by gunfire has increased', 'the rate of shootings', 'brought to 20
    the number of people shot in the city': what 'the number' (count, rate, tally) of counts, and how they were
    hurt, is a statistic of many incidents, none of them an act the sentence reports. An incident it names is one
    ('the number of people killed in the attack rose to 40')."""
    if token.pos_ == "NOUN" and any(c.dep_ in {"det", "poss"} for c in token.children):
        return False  # 'the attack', 'Sunday's attack'
    for node in (token, *token.ancestors):
        # 'the number of people shot', or the participle hung on the counter itself ('the rate of people | shot')
        counter = node.head.head if node.dep_ == "pobj" and node.head.lower_ == "of" else \
            node.head if node.dep_ == "acl" else None
        if counter is not None and counter.lemma_.lower() in STATISTIC_NOUNS \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in counter.children):
            return True
    return False


def _ranges_over_incidents(token: Token) -> bool:
    """'Each shooting is shocking', 'every attack on a school', 'any killing': a noun under 'each', 'every' or 'any'
    speaks of all incidents of its kind, none of them one the sentence reports (the tolls of the examples that
    follow are theirs, not an incident's of this sentence)."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in DISTRIBUTIVE_DETERMINERS for c in token.children)


def _recalled_as_time_reference(token: Token) -> bool:
    """'..., two years after rioters stormed the consulate': an act recalled to date the news, months or
    years before it, is background, not something the sentence reports."""
    clause = clause_head(token)
    if clause.dep_ != "advcl":
        return False
    marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in TIME_REFERENCE_MARKS]
    return bool(marks) and any(c.dep_ == "npadvmod" and c.lemma_.lower() in LONG_AGO_UNITS for c in clause.children)


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
            if token.dep_ == "dobj" and trigger_pos(token) == "NOUN" and not candidate.is_violent:
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
    if trigger_pos(token) != "NOUN" or token.dep_ not in {"dobj", "pobj"}:
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
    if any(collective_member(s).lemma_.lower() in PROTESTER_NOUNS for s in subjects):
        return True
    return any(
        c.root in PROTEST_CLAIM_ROOTS and c.root != "01" and any(a.i == gathering.token.i for a in c.token.ancestors)
        for c in happened
    )


def _clause_anchor(token: Token) -> Token:
    """The verb whose clause reports a trigger: itself for a verb, the light verb for 'held a protest'."""
    if trigger_pos(token) == "NOUN" and token.dep_ in {"dobj", "nsubj", "nsubjpass"} and token.head.pos_ == "VERB":
        return token.head
    return token


def _victim_of_other(candidate: Candidate, violent: Sequence[Candidate]) -> bool:
    """A trigger noun naming the doer (``DOERS``) that another violent verb of the sentence was done to is its victim:
    'a would-be suicide bomber was shot and killed before he could attack' tells a shooting, not a bombing."""
    token = candidate.token
    return token.lemma_.lower() in DOERS and token.dep_ in {"nsubjpass", "dobj"} and any(
        other is not candidate and other.token.i == token.head.i and trigger_pos(other.token) == "VERB"
        for other in violent)


def _lead_trigger(violent: Sequence[Candidate]) -> Candidate:
    """The most specific trigger codes the incident; casualty verbs only when nothing else does."""
    return max(
        violent,
        key=lambda c: (c.entry.kind != "casualty", c.entry.specificity, c.entry.cameo != "190", -c.token.i),
    )


def repeats_earlier_incident(incident: Incident, events: Sequence[Event], dates: Sequence) -> bool:
    """'the attack' with nothing new (no date, no count of its victims) refers back to an attack already coded;
    'the murder of three defense lawyers' names an incident of its own."""
    lead = incident.lead.token
    if lead.pos_ != "NOUN" or dates or not incident.lead.is_violent or len(incident.members) > 1:
        return False
    if any(
        grand.dep_ == "pobj" and any(c.dep_ == "nummod" for c in grand.children)
        for child in lead.children if child.dep_ == "prep" and child.lower_ == "of"
        for grand in child.children
    ):
        return False
    definite = any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETERMINERS for c in lead.children)
    # CAMEO 18 or 19 depends on the participants, so an earlier report of the incident may carry either root
    return definite and any(e.cameo[:2] in VIOLENT_ROOTS for e in events)
