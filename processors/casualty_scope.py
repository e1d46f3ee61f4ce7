"""Whose figure is it: the toll of one violent incident, or an aggregate that no event may carry?

A consumer sums ``killed`` over events, so a figure goes on an event only when it is the toll of one
specific act of violence (an attack, bombing, shooting, airstrike, clash, execution). Every other
casualty figure is an aggregate of one of these categories (``figure_categories``), kept apart in the
extraction's ``aggregates``:

- ``running_total``: a count over a period, not one act: "since then 1,400 people have been killed",
  "so far this year", "to date", "in recent weeks", "in the past three months", "the overall death toll".
- ``campaign``: the toll of a war, an insurgency or a named operation: "killed in Operation Sunrise",
  "the war has killed 400,000", "an insurgency that has killed hundreds", "have been killed in the offensive".
- ``statistic``: a rate or a record: "30 people die every year", "annually", "nationwide", "the deadliest
  year", "there were 30 shooting deaths in 2014".
- ``disaster``, ``accident``, ``disease``, ``sport``: the cause is not violence ("a typhoon left 700 dead",
  "killed when the truck overturned", "died of cholera", "injured in the match").

The period and campaign readings look at the casualty word's own clause (the words it governs or that
govern it), so "a man was killed Sunday, the city's fifth homicide since January" stays an incident toll.
The cause is read per sentence: a violent act done by people or weapons makes the sentence's figures
incident tolls; a typhoon, a car or a fire as the agent, or a disaster, accident, disease or sports word
with no violent act, makes them that category. A sentence that names no cause ("Three men died
instantly.") continues the story before it: the paragraph's last cause, else the article's, else an
incident.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from processors.casualty_figures import ACT_NOUNS, CasualtyCount
from processors.casualty_numbers import VAGUE_AMOUNTS
from processors.dates import MONTHS
from processors.paragraphs import doc_text, paragraph_starts
from processors.trigger_matching import VIOLENT_ROOTS, match_trigger

INCIDENT = "incident"
AGGREGATE_CATEGORIES = ("running_total", "campaign", "statistic", "disaster", "accident", "disease", "sport")

DISASTER_WORDS = frozenset(
    "typhoon hurricane cyclone storm tornado twister earthquake quake tremor aftershock tsunami flood flooding "
    "deluge landslide mudslide landslip avalanche eruption volcano drought heatwave wildfire bushfire fire blaze "
    "inferno lightning monsoon rain rainfall downpour snowstorm blizzard wind gale".split()
)
ACCIDENT_WORDS = frozenset(
    "accident crash collision derailment shipwreck stampede drowning electrocution collapse".split()
)
# Verbs that report an accident whatever their subject ("the bus overturned", "the ferry capsized").
ACCIDENT_VERBS = frozenset("crash collide overturn capsize derail drown electrocute skid".split())
# Vehicles are an accident's agent ("struck by a car", "the truck rolled over"); a "car bomb" is a bomb.
VEHICLE_WORDS = frozenset(
    "car truck lorry bus van minibus train vehicle motorcycle motorbike bicycle tractor trailer taxi jeep suv "
    "tram wheel ferry boat".split()
)
DISEASE_WORDS = frozenset(
    "disease virus coronavirus covid covid-19 cholera ebola malaria measles flu influenza outbreak epidemic "
    "pandemic illness cancer overdose aids hiv tuberculosis dengue starvation hunger malnutrition "
    "famine heatstroke pneumonia".split()
)
# a person said to be ill ('who had been ill since May', 'was terminally ill') died of an illness
ILL_WORDS = frozenset({"ill", "sick"})
SPORT_WORDS = frozenset(
    "match tournament championship league season training footballer player striker goalkeeper "
    "athlete".split()
)
# Vehicles and what they do in an accident; armed ones and their drivers' attacks are violence.
IMPACT_VERBS = frozenset("hit strike run knock crash overturn collide plunge roll skid kill".split())
MILITARY_MODIFIERS = frozenset("military armoured armored army police tank patrol security".split())
# A weapon, arson or a gunshot in the sentence makes it violence, accidental shootings included (GVA
# counts them): "shot in the head by accident", "their vehicle hit a roadside bomb", "the fire was arson".
WEAPON_WORDS = frozenset(
    "bomb landmine ied explosive grenade rocket missile mortar shell bullet gun handgun rifle pistol shotgun "
    "firearm gunshot gunfire arson arsonist firebomb molotov".split()
)
SHOOTING_VERBS = frozenset({"shoot", "stab"})
FIREARM_ACCIDENTS = frozenset({"hunting", "shooting", "firearm", "gun"})  # "a hunting accident" is a shooting
# "amid the pandemic", "despite the storm": the circumstances, not the cause
CONTEXT_PREPOSITIONS = frozenset({"amid", "amidst", "despite", "against", "about", "over", "regarding", "for"})
ALL_CAUSE_WORDS = DISASTER_WORDS | ACCIDENT_WORDS | ACCIDENT_VERBS | VEHICLE_WORDS | DISEASE_WORDS | SPORT_WORDS
# "opened fire", "returned fire", "came under fire", "set fire to": violence, not a fire
FIRE_OF_VIOLENCE = frozenset({"open", "return", "exchange", "draw", "cease", "under", "set", "trade", "line"})

# Wars and campaigns never are one incident ("a military campaign that resulted in the murder of 50,000");
# operations, offensives and the like are when told in the past tense ("15 militants were killed during the
# operation") and are a running toll in the perfect ("have been killed in the offensive").
CAMPAIGN_NOUNS = frozenset(
    "war conflict insurgency uprising revolution rebellion intifada genocide campaign".split()
)
CAMPAIGN_NOUNS_IN_PERFECT = frozenset(
    "operation offensive fighting violence unrest crackdown siege bombardment occupation crisis".split()
)
TIME_LINKS = frozenset({"after", "before", "since", "following", "until", "when"})
SCOPE_PREPOSITIONS = frozenset({"in", "during", "throughout", "from"})
ACCIDENTAL_BLASTS = frozenset({"gas", "boiler", "cylinder", "firework", "fireworks"})  # "a gas explosion"
PERIOD_UNITS = frozenset({"day", "week", "month", "year", "decade", "century"})
# a stretch of time that 'saw' people shot counts all of its shootings ('a violent weekend that saw 20 people shot')
STRETCHES = PERIOD_UNITS | {"weekend", "night", "span", "period", "stretch", "holiday"}
RATE_WORDS = frozenset({"annually", "nationwide", "statewide", "countrywide", "worldwide"})
# what makes 'a week' a time counted from another, not a rate: 'a week after', 'a year ago'
OFFSET_WORDS = frozenset({"after", "before", "later", "earlier", "ago", "since"})
# what a percentage compares a figure with a past one by ('a 68 percent increase'): a statistic's words
CHANGE_NOUNS = frozenset({"increase", "decrease", "rise", "drop", "decline", "jump", "spike", "surge"})
SUPERLATIVES = frozenset({"deadliest", "bloodiest", "worst", "costliest"})  # the tagger often says JJ
TOTAL_MODIFIERS = frozenset({"overall", "cumulative", "total"})
# what a share counts its part of, pointing back to the sentence before ('three of those victims', 'two of them')
SHARED_GROUPS = frozenset({"those", "these", "them"})
# a count that runs to a date: 'murdered through May 2009', 'killed until 2015'
TALLY_ENDS = frozenset({"through", "until", "till", "thru"})
# Incidents whose plural in the casualty word's clause makes its figure theirs together ('in two shootings'); a
# clash or fighting is one incident, however long.
INCIDENT_NOUNS = frozenset({"shooting", "stabbing", "bombing", "attack", "incident"})
SERIES_NOUNS = frozenset({"pair", "series", "string", "spate", "rash", "wave", "number"})
CITYWIDE = frozenset({"citywide", "city-wide"})


def figure_categories(doc: Doc, counts: Sequence[CasualtyCount]) -> list[str]:
    """``INCIDENT`` or one of ``AGGREGATE_CATEGORIES`` for each count, in the order given."""
    # causes are carried along the story, so they are read only up to the last count's sentence (none at all
    # for the many articles without a count)
    causes = _story_causes(doc, max((found.anchor for found in counts), default=-1))
    categories = []
    kinds = {found.anchor: found.kind for found in counts}
    for found in counts:
        anchor = doc[found.anchor]
        if _series_of_killings(anchor, found):
            categories.append("campaign")
            continue
        either = "statistic" if _either_kind(anchor, found.kind, kinds) else None
        category = _period_or_campaign(anchor) or either or causes[anchor.sent.start]
        if category == INCIDENT and categories and categories[-1] == "running_total" \
                and _share_of_those(doc, found, counts[len(categories) - 1]):
            category = "running_total"  # 'Since Friday night, 11 people have been shot. Three of those victims died.'
        categories.append(category)
    return categories


def _share_of_those(doc: Doc, found: CasualtyCount, before: CasualtyCount) -> bool:
    """The count is a share of the people the sentence before counted ('Three of those victims died', 'two of
    them fatally'): a part of that figure, of the same scope."""
    if found.count.start is None or found.count.end is None:
        return False
    span = doc.char_span(found.count.start, found.count.end, alignment_mode="expand")
    sentence = doc[found.anchor].sent
    previous = doc[before.anchor].sent
    if span is None or previous.end != sentence.start:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        g.dep_ == "pobj" and (g.lower_ in SHARED_GROUPS or any(d.lower_ in SHARED_GROUPS for d in g.children))
        for g in c.children) for c in span.root.children)


# ---- periods, rates and campaigns: read in the casualty word's own clause -------------------


def _series_of_killings(anchor: Token, found: CasualtyCount) -> bool:
    """'supervising the killings of thousands of civilians', 'the massacre of hundreds of thousands': killings
    counted in vague hundreds or thousands, or a vague number of killings, are a campaign's toll."""
    if anchor.pos_ != "NOUN" or anchor.lemma_.lower() not in ACT_NOUNS:
        return False
    vague = found.count.text.lower() in VAGUE_AMOUNTS
    return vague and (found.count.best >= 100 or anchor.tag_ == "NNS")


def _either_kind(anchor: Token, kind: str, kinds: dict[int, str]) -> bool:
    """'Eight have been hurt or killed by gunfire', 'the number of people killed or wounded': one figure for the
    dead and the wounded together is a tally of several incidents; an incident's account tells its dead and its
    wounded apart."""
    others = [c for c in anchor.conjuncts if kinds.get(c.i) not in (None, kind)]
    if not others or not any(c.dep_ == "cc" and c.lower_ == "or" for t in (anchor, *others) for c in t.children):
        return False
    # 'three people were killed or injured in the blast': the figure of the one incident it names
    return not any(_names_an_incident(g) for t in (anchor, *others) for c in t.children if c.dep_ == "prep"
                   for g in c.children if g.dep_ == "pobj")


def _names_an_incident(noun: Token) -> bool:
    """'the blast', 'a shooting', 'Sunday's attack': a violent act's noun with its determiner (not 'gunfire')."""
    return match_trigger(noun) is not None and any(c.dep_ in {"det", "poss"} for c in noun.children)


def _period_or_campaign(anchor: Token) -> str | None:
    chain = _governing_chain(anchor)
    if _is_rate(anchor, chain):
        return "statistic"
    if _is_running_total(anchor, chain):
        return "running_total"
    if _is_campaign(anchor, chain):
        return "campaign"
    return None


def _governing_chain(anchor: Token) -> set[int]:
    """The casualty word, the words it hangs from, and their coordinated words ('wounded or killed ... so
    far this year': the period hangs from 'killed')."""
    path = [anchor, *anchor.ancestors]
    return {t.i for t in path} | {c.i for t in path for c in t.conjuncts}


def _attached(token: Token, chain: set[int]) -> bool:
    return token.head.i in chain and token.i != token.head.i


def _counts_from(period: Token) -> bool:
    """The period counts a time from another ('A week after four people were shot', 'A month and a half after a
    shooting', 'a year ago'): an offset, no rate."""
    after = [t for t in period.doc[period.i + 1 : period.sent.end][:4] if t.lower_ not in {"and", "a", "half"}]
    return bool(after) and after[0].lower_ in OFFSET_WORDS


def _names_a_body(token: Token) -> bool:
    """The word opens a name ('Nationwide Children's Hospital', 'Statewide Insurance'): no rate or reach of a
    count."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.is_title and following is not None and following.is_title


def _is_rate(anchor: Token, chain: set[int]) -> bool:
    """'30 people die every year', 'killed annually', 'the deadliest year', 'there were 30 deaths in 2014'."""
    sent = anchor.sent
    if anchor.head.lemma_ == "be" and any(c.dep_ == "expl" for c in anchor.head.children):
        if any(t.ent_type_ == "DATE" and t.like_num and len(t.text) == 4 for t in sent):
            return True
    if any(t.lower_ in {"percent", "%"} for t in sent) and any(t.lemma_.lower() in CHANGE_NOUNS for t in sent):
        return True  # '32 firearms-related deaths among law enforcement, a 68 percent increase from 2015'
    for token in sent:
        if token.lower_ in RATE_WORDS and not _names_a_body(token):
            return True
        if token.lemma_.lower() in PERIOD_UNITS and token.pos_ == "NOUN":
            determiners = {c.lower_ for c in token.children if c.dep_ in {"det", "amod"}}
            if determiners & {"every", "each", "per"}:
                return True  # "every year"
            if "a" in determiners and token.dep_ == "npadvmod" and token.head.pos_ == "VERB" \
                    and not _counts_from(token):
                return True  # "30 people die a year" (not "a year ago", "a day after", "A week after ... were shot")
            if any(_superlative(c) for c in token.children) and (token.i in chain or _attached(token, chain)):
                # "It was the bloodiest month, with 310 killed"; not the year of another clause: "In what's already
                # the city's deadliest year, four people were found shot to death Saturday"
                return True
    return False


def _is_running_total(anchor: Token, chain: set[int]) -> bool:
    """'Since then 1,400 people have been killed', 'so far this year', 'to date', 'in recent weeks',
    'in the past three months', 'the overall death toll'. A 'since' that only dates a superlative ('the
    deadliest attack since 2015, killing 44') or another phrase of the sentence does not count."""
    if any(c.dep_ == "amod" and c.lower_ in TOTAL_MODIFIERS for c in anchor.children) and anchor.lemma_ == "toll":
        return not any(c.dep_ == "prep" and c.lower_ in {"from", "of"} for c in anchor.children)
    for index in chain:
        if _stretch_that_saw(anchor.doc[index]):
            return True
    if _over_several_incidents(anchor, chain):
        return True
    if _from_one_time_to_another(anchor.sent):
        return True
    for token in anchor.sent:
        if token.dep_ == "pobj" and token.head.lower_ in {"in", "over", "during", "within"} \
                and _attached(token.head, chain) and _measured_stretch(token):
            return True  # 'eight people were shot in a five-hour span', 'in 80 hours', 'over a 24-hour period'
    for token in anchor.sent:
        lower = token.lower_
        if lower == "since" and _attached(token, chain) and not _dates_superlative(token):
            return True
        so_far = lower == "far" and token.i > 0 and token.doc[token.i - 1].lower_ in {"so", "thus"}
        if so_far and _attached(token, chain):
            return True
        if lower == "to" and token.dep_ == "prep" and _attached(token, chain):
            if any(g.lower_ == "date" and g.dep_ == "pobj" for g in token.children):
                return True
        if lower in TALLY_ENDS and token.dep_ == "prep" and _ends_at_a_date(token) \
                and (_attached(token, chain) or _attached_to_participant(token, chain)):
            return True  # 'three killed until 2015', 'four doctors murdered by killers ... through May 2009'
        if token.lemma_.lower() in PERIOD_UNITS and token.tag_ in {"NN", "NNS"} and _period_phrase_in(token, chain):
            return True
    return False


def _ends_at_a_date(preposition: Token) -> bool:
    """'through May 2009', 'until 2015': a month or a year ends the count, not an hour or a weekday ('the siege
    lasted until Sunday', 'shot through the night' tell how long one incident went on)."""
    return any(g.dep_ == "pobj" and g.ent_type_ == "DATE" and _names_month_or_year(g) for g in preposition.children)


def _attached_to_participant(token: Token, chain: set[int]) -> bool:
    """The phrase hangs on a clause describing someone the casualty clause names ('murdered by killers
    proclaiming their cause through May 2009'): the parser's place for a phrase that dates the whole."""
    clause = token.head
    return clause.dep_ in {"acl", "relcl"} and clause.head.dep_ == "pobj" and _attached(clause.head.head, chain)


def _names_month_or_year(noun: Token) -> bool:
    words = [t.lower_ for t in noun.subtree]
    return any(w in MONTHS or (w.isdigit() and len(w) == 4) for w in words)


def _measured_stretch(noun: Token) -> bool:
    """A stretch of hours or more told by its length: '80 hours', 'a five-hour span', 'a 24-hour period' (not
    minutes: one gunman's rampage may last twenty)."""
    if noun.lemma_.lower() not in STRETCHES | {"hour"}:
        return False
    lengths = [noun, *(c for c in noun.children if c.dep_ in {"compound", "amod"} and c.lemma_.lower() in
                       PERIOD_UNITS | {"hour"})]
    return any(c.dep_ == "nummod" for length in lengths for c in length.children)


def _from_one_time_to_another(sent: Span) -> bool:
    """'11 people shot from Tuesday afternoon to early Wednesday', 'From Sunday evening into Monday morning, ...': a
    stretch of time between two times the sentence names (wherever the parser hangs it) tallies what it saw."""
    for token in sent:
        if token.lower_ != "from" or token.dep_ != "prep":
            continue
        starts = [g for g in token.children if g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"}]
        ends = [g for head in (token, *starts) for c in head.children if c.dep_ == "prep"
                and c.lower_ in {"to", "into", "until", "through", "till"}
                for g in c.children if g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"}]
        if starts and ends:
            return True
    return False


def _over_several_incidents(anchor: Token, chain: set[int]) -> bool:
    """'were wounded in three overnight shootings', 'killed in separate shootings', 'seven dead in 17 shootings
    across the city', 'gunfire wounded 26 people citywide', 'Three shootings left six people wounded': the toll of
    several incidents, not of one."""
    for token in anchor.sent:
        if token.lower_ in CITYWIDE:
            return True
        if _several_incidents(token) and (token.dep_ == "nsubj" and token.head.i in chain or any(
                anchor.doc[i].dep_ in {"relcl", "acl"} and anchor.doc[i].head.i == token.i for i in chain)):
            return True  # 'Three shootings left six people wounded', 'four shootings that left seven injured'
        if token.dep_ != "pobj" or not _attached(token.head, chain):
            continue
        if token.lower_ == "city" and token.head.lower_ in {"across", "throughout"}:
            return True
        if token.head.lower_ in SCOPE_PREPOSITIONS and (
                token.tag_ == "NNS" and token.lemma_.lower() in INCIDENT_NOUNS or _several_incidents(token)):
            return True  # 'in three overnight shootings', 'in a string of violent incidents'
    return False


def _several_incidents(noun: Token) -> bool:
    """'three shootings', 'several attacks', 'a pair of shootings', 'a string of stabbings'."""
    if noun.lemma_.lower() in SERIES_NOUNS:
        nouns = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        return any(g.tag_ == "NNS" and g.lemma_.lower() in INCIDENT_NOUNS for g in nouns)
    if noun.tag_ != "NNS" or noun.lemma_.lower() not in INCIDENT_NOUNS:
        return False
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in SERIES_NOUNS:
        return True  # 'a pair of shootings that left ...'
    return any((c.dep_ == "nummod" and c.lower_ not in {"one", "1"}) or c.lower_ in {"several", "multiple", "separate"}
               for c in noun.children)


def _stretch_that_saw(verb: Token) -> bool:
    """'a weekend that saw 20 people shot', 'the past week saw 12 killed': a stretch of time as the one who saw."""
    if verb.lemma_ != "see":
        return False
    if verb.dep_ == "relcl" and verb.head.lemma_.lower() in STRETCHES:
        return True
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in STRETCHES for c in verb.children)


def _period_phrase_in(unit: Token, chain: set[int]) -> bool:
    """'this year', 'this month' (not 'this week': that dates one attack), 'in recent weeks',
    'in the past three months', 'over the last decade', attached to the casualty word's clause."""
    modifiers = {c.lower_ for c in unit.children if c.dep_ in {"det", "amod", "advmod"}}
    if modifiers & {"earlier", "later", "early", "late"}:
        return False  # "stabbed to death earlier this month": the date of one attack
    if "this" in modifiers and unit.lemma_.lower() in {"year", "month", "decade"}:
        return _in_clause(unit, chain)
    if unit.tag_ == "NNS" and modifiers & {"recent", "past", "last"} and unit.dep_ == "pobj":
        return unit.head.lower_ in {"in", "over", "during", "for"} and _attached(unit.head, chain)
    return False


def _in_clause(phrase: Token, chain: set[int]) -> bool:
    """The phrase modifies the casualty word's clause, directly or through prepositions ('during the same
    period this year, the city tallied 219 people shot'); not through another noun ('a man was shot, the
    20th killing this year')."""
    node = phrase
    while node.dep_ in {"npadvmod", "pobj", "prep", "advmod"} and node.head.i != node.i:
        if node.head.i in chain:
            return True
        node = node.head
    return False


def _dates_superlative(since: Token) -> bool:
    head = since.head
    while head.dep_ in {"advcl", "relcl", "acl"} and head.head.i != head.i:
        head = head.head
    return any(_superlative(c) for c in head.children)


def _superlative(token: Token) -> bool:
    return token.tag_ == "JJS" or token.lower_ in SUPERLATIVES


def _is_campaign(anchor: Token, chain: set[int]) -> bool:
    """'killed in the war', 'killed in Operation Sunrise', 'the war has killed', 'an insurgency that has
    killed', 'the death toll from the conflict', 'have been killed in the offensive'."""
    perfect = _present_perfect(anchor)
    for noun in _scope_nouns(anchor):
        lemma = noun.lemma_.lower()
        if lemma in CAMPAIGN_NOUNS or (perfect and lemma in CAMPAIGN_NOUNS_IN_PERFECT):
            return True
        if _named_operation(noun):
            return True
    return False


def _scope_nouns(anchor: Token) -> Iterable[Token]:
    """What the casualties happened in or were caused by, in the casualty word's own clause (up to its
    verb): the agent (the subject when active, 'by ...' when passive; through 'that' to what it stands for)
    and the object of 'in', 'during', 'throughout', 'from'. A time clause ('the conflict unfolded after the
    murder of three') is not the casualties' scope."""
    for token in (anchor, *anchor.ancestors):
        for child in token.children:
            if child.dep_ == "nsubj" and token.pos_ == "VERB":
                yield _antecedent(child)
            elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in SCOPE_PREPOSITIONS):
                yield from (g for g in child.children if g.dep_ == "pobj")
        if token.pos_ == "VERB" or token.lower_ in TIME_LINKS:
            if token.dep_ == "relcl" and token.pos_ == "VERB":
                yield token.head
            return


def _named_operation(noun: Token) -> bool:
    """'Operation Zarb-e-Azb', 'Operation Sunrise': a named military campaign."""
    if noun.pos_ != "PROPN":
        return False
    words = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    return any(w.lower_ == "operation" for w in words)


def _present_perfect(anchor: Token) -> bool:
    verb = anchor
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    return any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in verb.children)


def _antecedent(token: Token) -> Token:
    if token.lower_ in {"that", "which", "who"} and token.head.dep_ == "relcl":
        return token.head.head
    return token


# ---- causes: read per sentence, carried along the story ---------------------------------------


def _story_causes(doc: Doc, last_token: int) -> dict[int, str]:
    """Each sentence's cause (keyed by its first token), up to the sentence of ``last_token``: its own, else the
    paragraph's last, else the article's last, else an incident."""
    causes: dict[int, str] = {}
    if last_token < 0:
        return causes
    paragraphs = paragraph_starts(doc_text(doc))
    paragraph_cause: tuple[int, str] | None = None
    article_cause: str | None = None
    for sent in doc.sents:
        if sent.start > last_token:
            break
        paragraph = bisect_right(paragraphs, sent.start_char)
        own = _sentence_cause(sent)
        if own is not None:
            paragraph_cause, article_cause = (paragraph, own), own
            causes[sent.start] = own
        elif paragraph_cause is not None and paragraph_cause[0] == paragraph:
            causes[sent.start] = paragraph_cause[1]
        else:
            causes[sent.start] = article_cause or INCIDENT
    return causes


def _sentence_cause(sent: Span) -> str | None:
    """``INCIDENT`` when people or weapons do violence in the sentence; a category when the sentence's
    agent or cause words are a disaster, an accident, a disease or sport; None when it names no cause."""
    if any(_is_weapon(token) or (token.pos_ == "VERB" and token.lemma_.lower() in SHOOTING_VERBS) for token in sent):
        return INCIDENT  # "their vehicle hit a roadside bomb", "a landmine detonated by a passing bus"
    natural: list[str] = []
    for token in sent:
        entry = match_trigger(token)
        if entry is None or entry.cameo[:2] not in VIOLENT_ROOTS:
            continue
        agents = _agents(token, entry.victim_subject)
        agent = _agent_category(token, agents)
        if agent is not None:
            natural.append(agent)
        elif entry.kind != "casualty" or agents:
            return INCIDENT  # "gunmen opened fire", "a bomb exploded", "rebels killed two"
    if natural:
        return natural[0]
    return next((category for token in sent if (category := _cause_word(token)) is not None), None)


def _is_weapon(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in WEAPON_WORDS  # "a gunshot wound" too


def _agent_category(trigger: Token, agents: Sequence[Token]) -> str | None:
    """The category of a violent word's agent: 'struck by a car', 'the typhoon killed', 'rain that left
    700 dead', 'the truck rolled over, killing four', 'a gas explosion', 'firefighters battling the blaze'."""
    for agent in agents:
        for noun in (agent, *agent.conjuncts):  # "strong wind and torrential rain that left 700 dead"
            category = _noun_category(noun)
            if category == "accident" and noun.lemma_.lower() in VEHICLE_WORDS and not _vehicle_accident(noun):
                continue  # "military vehicles besieged the mosque", "a truck ploughed into the crowd"
            if category is not None:
                return category
    if trigger.pos_ == "NOUN":
        for modifier in trigger.children:
            if modifier.dep_ == "compound" and modifier.lemma_.lower() in ACCIDENTAL_BLASTS:
                return "accident"
    for obj in (c for c in trigger.children if c.dep_ == "dobj"):
        category = _cause_word(obj)  # "battling the blaze"; not "exchanging fire"
        if category in {"disaster", "disease"}:
            return category
    return None


def _agents(trigger: Token, victim_subject: bool) -> list[Token]:
    """Who or what did it: the active subject (not for 'died', whose subject is the victim), the passive
    'by' agent, and for a participle or an outcome adjective ('killing four', 'left ... dead') the subject
    of the verb it hangs from."""
    agents = [] if victim_subject else [_antecedent(c) for c in trigger.children if c.dep_ == "nsubj"]
    agents += [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents and trigger.dep_ in {"advcl", "oprd", "acomp", "xcomp", "conj"} and trigger.head.i != trigger.i:
        head = trigger.head
        governing = match_trigger(head)
        if head.pos_ != "VERB" or head.lemma_ == "be" or (governing is not None and governing.victim_subject):
            return []  # "three men died and a fourth died", "two were dead": the subject is a victim
        if head.lemma_.lower() in ACCIDENT_VERBS:
            return [head]
        agents = [_antecedent(c) for c in head.children if c.dep_ == "nsubj"]
        agents += [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return agents


def _vehicle_accident(vehicle: Token) -> bool:
    """A vehicle is an accident's agent when it hits, runs over, crashes or overturns ('struck by a car',
    'the truck rolled over'), and is not a military one."""
    if any(c.dep_ in {"amod", "compound"} and c.lemma_.lower() in MILITARY_MODIFIERS for c in vehicle.children):
        return False
    verb = vehicle.head.head if vehicle.dep_ == "pobj" else vehicle.head
    return verb.lemma_.lower() in IMPACT_VERBS


def _noun_category(noun: Token) -> str | None:
    words = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    if noun.lemma_.lower() in ACCIDENT_VERBS and noun.pos_ == "VERB":
        return "accident"
    if noun.lemma_.lower() in VEHICLE_WORDS:
        return "accident"
    for word in words:
        lemma = word.lemma_.lower() if word.lemma_.lower() in ALL_CAUSE_WORDS else word.lower_
        if lemma in DISASTER_WORDS:
            return "disaster"
        if lemma in DISEASE_WORDS:
            return "disease"
        if lemma in ACCIDENT_WORDS:
            return "accident"
    return None


def _cause_word(token: Token) -> str | None:
    """A disaster, accident, disease or sports word that heads its phrase ('a hotel fire', 'the crash',
    'died of cholera', 'the bus overturned'); 'fire' in 'opened fire' or 'fire escape' is none."""
    lemma = token.lemma_.lower() if token.lemma_.lower() in ALL_CAUSE_WORDS else token.lower_
    if token.pos_ == "ADJ" and token.lower_ in ILL_WORDS and token.dep_ == "acomp":
        return "disease"  # 'Fortier, who had been ill since May, died Saturday'
    if token.pos_ == "VERB":
        if lemma in ACCIDENT_VERBS:
            return "accident"
        if lemma == "roll" and any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children):
            return "accident"
        return None
    if token.pos_ != "NOUN" or token.dep_ == "compound":
        return None
    if token.dep_ == "pobj" and token.head.lower_ in CONTEXT_PREPOSITIONS:
        return None
    if lemma == "fire" and _fire_of_violence(token):
        return None
    if lemma in DISASTER_WORDS:
        return "disaster"
    if lemma in ACCIDENT_WORDS:
        firearm = any(c.lemma_.lower() in FIREARM_ACCIDENTS for c in token.children if c.dep_ in {"compound", "amod"})
        return None if firearm else "accident"
    if lemma in DISEASE_WORDS:
        return "disease"
    if lemma in SPORT_WORDS:
        return "sport"
    return None


def _fire_of_violence(fire: Token) -> bool:
    head = fire.head
    if head.dep_ == "prep" and head.lower_ in {"of", "on", "under"}:
        return head.lower_ == "under" or head.head.lemma_.lower() in FIRE_OF_VIOLENCE
    return head.lemma_.lower() in FIRE_OF_VIOLENCE or fire.lower_ == "gunfire"
