"""When an event happened.

The nearest date expression of the trigger's own or governing clause, else the date of the paragraph's
story line for past-tense sentences, else the publication date with ``date_precision=None`` (assumed, not
stated). The date of a follow-up act does not date the violence it is about ('charged Wednesday in the
shooting': ``dates_follow_up``), nor does the day it was reported ('was shot in the hand, police said Sunday':
``is_report_date``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from processors.dates import MONTH_WORD, WEEKDAY_WORD, ResolvedDate, resolve_date, weeks_back_span
from processors.trigger_matching import VIOLENT_ROOTS, Incident, match_trigger

# Acts that follow a violent incident and take it as their topic; their date is not the incident's
# ("charged Monday in the shooting", "arrested Friday in the killing", "appeared in court Tuesday", "were searching
# Tuesday for two suspects in a shooting", "were being tracked down Sunday after they shot seven", "met with
# reporters Wednesday to discuss the shooting").
FOLLOW_UP_VERBS = frozenset(
    "charge arrest indict arraign sentence convict acquit plead jail book accuse deny appear surrender "
    "identify release bury mourn remember honor honour testify search seek hunt track meet discuss".split()
)
# What names a person by the violence laid at his door ('suspected of shooting', 'wanted in the killing of')
ACCUSING_PARTICIPLES = FOLLOW_UP_VERBS | {"suspect", "want"}
# Of those, what people may also be doing when violence happens ('shot his father while hunting on Thursday', 'as
# they searched a house'): in a clause of the same moment they date it (a court's acts never do, however parsed).
DOINGS = frozenset("search seek hunt track meet discuss".split())
# The same acts told as a light verb and a noun: 'made his first appearance in court Wednesday', 'entered a plea'.
LIGHT_VERBS = frozenset({"make", "enter"})
FOLLOW_UP_NOUNS = frozenset({"appearance", "arrest", "plea"})
# What a photograph's caption says of its subject ('is shown Monday', 'are pictured on Tuesday'): taken after the fact
CAPTION_VERBS = frozenset({"show", "picture", "photograph"})
# Occasions that follow violence ('denied bond during a court appearance on Wednesday', 'during a vigil'): a 'during'
# phrase naming one dates the follow-up, not the violence
LATER_OCCASIONS = FOLLOW_UP_NOUNS | frozenset(
    "hearing arraignment trial sentencing vigil funeral memorial conference interview search investigation".split())
# Phrasal follow-up acts, said of oneself: 'turned himself in Wednesday', a surrender ('turning the gun on himself in
# South Los Angeles' is no surrender).
FOLLOW_UP_PHRASES = frozenset({("turn", "in")})
# Follow-up acts told as a verb, a preposition and a noun: 'was taken into custody Tuesday', 'placed under arrest'.
CUSTODY_PHRASES = frozenset({
    ("take", "into", "custody"), ("place", "under", "arrest"),
    # 'was being held Thursday on charges of murder', 'is held in the county jail', 'held without bond'
    ("hold", "on", "charge"), ("hold", "in", "jail"), ("hold", "without", "bond"), ("hold", "without", "bail"),
    ("hold", "on", "bond"), ("hold", "on", "bail"),
})
# The papers and acts of the law that follow violence: what is done with them ('filed charges Tuesday', 'The charge was
# filed Tuesday', 'obtained warrants', 'announcing the arrests') is a follow-up act, whatever the verb
LEGAL_PAPERS = frozenset({"charge", "warrant", "indictment", "arrest"})
# What is done against the law's acts, at the moment of the violence: 'resisted arrest Tuesday and was shot'
DEFYING_VERBS = frozenset({"resist", "evade", "avoid", "flee", "escape", "fight"})
# Prepositions of the place phrases that may stand between a violent noun's phrase and its date
PLACE_PREPOSITIONS = frozenset({"at", "in", "near", "outside", "inside", "behind", "along", "on"})
# What looks into violence after the fact: the day of 'a tip in the investigation into the shooting death' is the tip's
INQUIRY_NOUNS = frozenset({"investigation", "probe", "inquiry"})


# What a court hears long after the violence: a plea, an admission, a grand jury's indictment, a verdict, a sentence
# ('admitted shooting two cousins', 'pleaded guilty to killing', 'was indicted in the shooting', 'was convicted of
# murdering', 'found guilty ... and executed'). An arrest or a charge follows within days, so 'charged with killing'
# says nothing of when.
COURT_VERBS = frozenset("plead admit indict convict sentence acquit testify".split())
COURT_WORDS = frozenset({"guilty", "trial", "verdict", "jury"})
COURT_REACH = 4  # parse steps from the violent word up to the court's act: killing, of, accused, man, pleaded
# Who hears an admission outside court, within hours of the violence: 'Police say the woman admitted to killing them'
POLICE_WORDS = frozenset("police investigators detectives deputies officers troopers authorities".split())

# What opens a clause that happens at the moment of the clause it hangs on ('killed as they rode', 'shot when he
# opened the door'); not 'after' or 'before', whose clause may be another day's
SAME_MOMENT = frozenset({"as", "when", "while"})

# CAMEO roots of acts done by saying (statements, appeals, intents, verbal cooperation, demands, disapproval,
# rejection, threats): the day they were said is theirs
SAID_ROOTS = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})

# What violence leads to, maybe days later: a death's day is not the incident's when the act has its own.
OUTCOMES = frozenset({"die", "succumb"})
# Verbs that report what happened: their date is when it was told ('was shot in the hand, police said Sunday').
REPORTING_VERBS = frozenset("say tell announce report state confirm".split())
REPORT_DATE_REACH = 2  # tokens from the reporting verb to its date: 'said Sunday', 'said on Sunday'
# What a reporter sends the people of a story: 'Calls on Friday to the sheriff's office were not returned'.
CONTACT_NOUNS = frozenset("call message email e-mail voicemail request inquiry".split())
UNANSWERED = frozenset({"return", "answer", "go"})  # 'were not returned', 'went unanswered'


@dataclass(frozen=True)
class EventDate:
    """When an event happened: the date (None when unknown or unresolved), its precision (None: the article's
    date assumed, not stated, or told without a day, as ``text`` then says: 'last week'; ``relative``: an
    expression with nothing to resolve it against), whether the event's own clause stated it, and the expression
    it was read from. ``followed``: for violence the sentence dates only by an act that followed it ('was arrested in
    August 2014 after he opened fire'), that act's date: the violence was no later. ``death_day``: the date is that
    of a death the act led to, the act's own day not told."""

    value: date | None
    precision: str | None
    explicit: bool = False
    text: str | None = None
    followed: EventDate | None = None
    # the date is a death's ('a teenager who was shot at a party died Sunday'): the act was that day or before
    death_day: bool = False


# A day counted back from another date of the sentence: 'were shot the day before', 'the previous night', 'two days
# earlier'; and 'a day after' (the entity is 'a day', the word after it 'after'): 'arrested on Friday, a day after
# two men were shot'.
DAYS_BEFORE = re.compile(
    r"^(?:the\s+)?(?:day|night|evening)\s+before$|^(?:the\s+)?previous\s+(?:day|night|evening)$"
    r"|^(?P<count>a|one|two|three)\s+days?\s+(?:earlier|before)$",
    re.IGNORECASE,
)
DAYS_AFTER = re.compile(r"^(?P<count>a|one|two|three)\s+days?$", re.IGNORECASE)
DAY_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3}
# Weeks or months before another date of the sentence, told as what came after: 'A month and a half after a shooting
# left one dead, police told a news conference Friday' (the entity is 'A month and a half', the word after it 'after').
# Only the month is known: the act is dated to it.
WEEKS_AFTER = re.compile(
    r"^(?:about\s+|nearly\s+|almost\s+|more\s+than\s+)?(?P<count>an?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|\d{1,2})\s+(?P<unit>weeks?|months?)(?P<half>\s+and\s+a\s+half)?$",
    re.IGNORECASE,
)
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
UNIT_DAYS = {"week": 7, "month": 30}
# A time in the past that names no day: 'who shot a 16-year-old last week', 'was wounded two weeks ago'. Said in the
# violence's own clause, it rules out the day of the clause around it ('turned himself in Wednesday').
VAGUE_PAST = re.compile(
    r"\b(?:last|past|previous)\s+(?:week|weekend)\b"
    r"|\b(?:a|one|two|three|several|few)\s+weeks?\s+(?:ago|earlier|before)\b"
    r"|\bearlier\s+this\s+(?:week|month)\b",
    re.IGNORECASE,
)


def sentence_dates(
    sent: Span, date_entities: Sequence[Span], base: date | None
) -> list[tuple[Span, ResolvedDate]]:
    """The date expressions of a sentence, resolved against the article's date ``base`` (None: unresolved); a
    day counted back ('the day before', 'a day after ...') against the sentence's other day, else ``base``."""
    own = [ent for ent in date_entities if sent.start <= ent.start < sent.end]
    counts = {ent.start: back for ent in own if (back := _days_back(ent))}
    weeks = {ent.start: back for ent in own if (back := weeks_back(ent))}
    found = [(ent, resolved) for ent in own if ent.start not in counts and ent.start not in weeks
             and (resolved := resolve_date(ent.text, base))]
    found = [(ent, weekday_within_weeks(ent, resolved, own, base)) for ent, resolved in found]
    days = {resolved.value for _, resolved in found if resolved.precision == "day" and resolved.value}
    reference = next(iter(days)) if len(days) == 1 else base if not days else None
    if reference is not None:  # two different days in the sentence: which one a count starts from is not known
        found += [(ent, ResolvedDate(reference - timedelta(days=counts[ent.start]), "day"))
                  for ent in own if ent.start in counts]
        for ent in own:
            if ent.start in weeks:
                month = reference - timedelta(days=weeks[ent.start])
                found.append((ent, ResolvedDate(month.replace(day=1), "month")))
    return found


# the counts back in weeks that a weekday of their clause falls in: 'one week ago', 'two weeks ago', 'last week'
COUNTED_WEEKS = re.compile(r"\bweeks?\s+ago\b|\blast\s+week\b(?!end)", re.IGNORECASE)


def weekday_within_weeks(ent: Span, resolved: ResolvedDate, sentence_ents: Sequence[Span],
                         base: date | None) -> ResolvedDate:
    """A weekday told with a count back in weeks ('was shot one week ago while driving down Elm Street Saturday
    afternoon' in Saturday's story) is that weekday of the span the count names (``weeks_back_span``: the Saturday
    before), not the latest one: a count of weeks ago or of last week, in the weekday's clause or the one it hangs
    from (not 'a father who lost his job last week shot his sons Friday', nor 'since last weekend')."""
    if base is None or resolved.precision != "day" or resolved.value is None or not WEEKDAY_WORD.search(ent.text) \
            or MONTH_WORD.search(ent.text):
        return resolved
    clause = clause_head(ent.root)
    for other in sentence_ents:
        counted = other is not ent and COUNTED_WEEKS.search(other.text) and clause_head(other.root).i in {
            clause.i, clause_head(clause.head).i}
        span = weeks_back_span(other.text, base) if counted else None
        if span is not None and resolved.value > span[1] and resolved.value - timedelta(days=7) >= span[0]:
            day = resolved.value
            while day > span[1]:
                day -= timedelta(days=7)
            return ResolvedDate(day, "day")
    return resolved


def _counts_from_its_clause(span: Span, dates: Sequence[tuple[Span, ResolvedDate]], tokens: Sequence[Token]) -> bool:
    """A day counted back ('the day before') from a day of the trigger's own clause: in 'burned tires on Wednesday in
    protest at the killing the day before' it does not date the burning."""
    if _days_back(span) is None:
        return False
    heads = {clause_head(t).i for t in tokens}
    return any(other is not span and _days_back(other) is None and clause_head(other.root).i in heads
               for other, _ in dates)


def counts_back(expression: str) -> bool:
    """'the day before', 'the previous night', 'two days earlier': a day counted back from another."""
    return DAYS_BEFORE.match(" ".join(expression.split())) is not None


def counts_days_from_another(ent: Span) -> bool:
    """'a day after he shot his friend', 'the day before': a day counted from another date of the sentence, not from
    the article's."""
    return _days_back(ent) is not None


def _days_back(ent: Span) -> int | None:
    """How many days before the sentence's other date the expression puts its act (None: not such a count)."""
    text = " ".join(ent.text.split())
    match = DAYS_BEFORE.match(text)
    if match:
        return DAY_COUNTS.get((match.group("count") or "a").lower())
    match = DAYS_AFTER.match(text)
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if match and following is not None and following.lower_ == "after":
        return DAY_COUNTS[match.group("count").lower()]
    return None


def weeks_back(ent: Span) -> int | None:
    """How many days (weeks or months of them) before the sentence's other date the expression puts the act it is
    followed by 'after' ('A month and a half after a shooting ...': 45); None when it is no such count."""
    match = WEEKS_AFTER.match(" ".join(ent.text.split()))
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if match is None or following is None or following.lower_ != "after":
        return None
    count = match.group("count").lower()
    units = (int(count) if count.isdigit() else COUNT_WORDS[count]) + (0.5 if match.group("half") else 0)
    return round(units * UNIT_DAYS[match.group("unit").lower().rstrip("s")])


def _tree_distance(a: Token, b: Token) -> int:
    """Dependency steps between two tokens of a sentence, through their lowest common ancestor."""
    path_a = [a, *a.ancestors]
    path_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(path_b)}
    for n, token in enumerate(path_a):
        if token.i in ids_b:
            return n + ids_b[token.i]
    return len(path_a) + len(path_b)


def event_date_for(
    incident: Incident,
    dates: Sequence[tuple[Span, ResolvedDate]],
    narrative: EventDate | None,
    base: date | None,
) -> EventDate:
    """The nearest date expression in the sentence, else the paragraph's narrative date for past-tense
    reports, else the article's date ``base`` with no precision (None when the article has no date)."""
    governing = [d for d in dates if any(_dates_trigger(d[0], t) for t in incident.tokens)
                 and not _counts_from_its_clause(d[0], dates, incident.tokens)]
    # the day it was reported dates what the report says (an appeal, a demand, a threat: 'said on Friday that no
    # pressure will stop us'), not an act it tells in a clause of its own ('two women visiting Kansas City were shot,
    # police said Tuesday': neither the visit nor the shooting was on Tuesday)
    usable = governing if incident.lead.root in SAID_ROOTS else [
        d for d in governing if not all(_dates_report(d[0], t) for t in incident.tokens)]
    if incident.lead.is_violent:
        usable = [d for d in usable if not all(_dates_follow_up(d[0], t) for t in incident.tokens)]
        if told_in_court(incident.lead.token):  # 'On Monday, he admitted he killed the women': the court's day
            usable = [d for d in usable if clause_head(d[0].root).i == clause_head(incident.lead.token).i]
    # nor does a refused day come back as the story's time line that another act of the sentence took from it ('met
    # with reporters Wednesday to discuss the shooting': the meeting's Wednesday)
    refused = {d[0].text for d in governing if d not in usable}
    vague = next((ent for t in incident.tokens if (ent := _time_without_day(t)) is not None), None)
    lead_clause = clause_head(incident.lead.token).i
    if vague is not None and clause_head(vague.root).i != lead_clause \
            and any(clause_head(d[0].root).i == lead_clause for d in usable):
        vague = None  # 'shot Thursday night on the block where four more were wounded since last weekend'
    if vague is not None:
        usable = [d for d in usable if clause_head(d[0].root).i == clause_head(vague.root).i]
    if incident.lead.token.dep_ == "relcl":
        # 'on Monday at the base, where another gunman killed 13 people in 2009': the clause's own date, not the
        # date it hangs from
        usable = [d for d in usable if clause_head(d[0].root).i == incident.lead.token.i] or usable
    if usable:
        # 'died Monday after he was shot Saturday': the death may come days after the act, whose day is the incident's
        acts = [t for t in incident.tokens if t.lemma_.lower() not in OUTCOMES]
        span, best = min(usable, key=lambda d: min(_tree_distance(d[0].root, t) for t in acts or incident.tokens))
        later_death = bool(acts) and dates_a_later_death(span)
        return EventDate(best.value, best.precision, True, span.text, death_day=later_death)
    followed = _followed_on(incident, governing) if incident.lead.is_violent else None
    if vague is not None:  # told, but not to the day: neither the story's day nor the paragraph's
        return EventDate(base, None, text=vague.text, followed=followed)
    if narrative and narrative.text not in refused and _past_tense(incident.lead.token):
        return replace(narrative, explicit=False, followed=followed)
    return EventDate(base, None, followed=followed)


def _followed_on(incident: Incident, governing: Sequence[tuple[Span, ResolvedDate]]) -> EventDate | None:
    """The date of a follow-up act the sentence tells of this violence ('was charged in 2015 with killing', 'was
    arrested in August 2014 after he opened fire'), the nearest one to the violence."""
    after = [d for d in governing if d[1].value is not None and d[1].precision in {"day", "month", "year"}
             and all(_dates_follow_up(d[0], t) for t in incident.tokens)]
    if not after:
        return None
    span, found = min(after, key=lambda d: min(_tree_distance(d[0].root, t) for t in incident.tokens))
    return EventDate(found.value, found.precision, True, span.text)


def dates_a_later_death(date_span: Span) -> bool:
    """The date is a death's, and the sentence tells the violent act in a clause of its own ('a teenager who was
    shot at his party died Sunday', 'died Wednesday after he was shot'): the act may have been days before. Not
    'died Sunday in a shooting', one moment told in one clause."""
    clause = clause_head(date_span.root)
    if clause.lemma_.lower() not in OUTCOMES:
        return False
    return any(t.pos_ == "VERB" and t.lemma_.lower() not in OUTCOMES and clause_head(t).i != clause.i
               and (entry := match_trigger(t)) is not None and entry.cameo[:2] in VIOLENT_ROOTS
               for t in date_span.sent)


def _time_without_day(trigger: Token) -> Span | None:
    """The expression by which the trigger's own clause tells its time without a day ('who fatally shot a
    16-year-old last week'), if it does."""
    head = clause_head(trigger)
    return next((ent for ent in trigger.sent.ents
                 if ent.label_ == "DATE" and VAGUE_PAST.search(ent.text) and clause_head(ent.root).i == head.i), None)


def clause_head(token: Token) -> Token:
    node = token
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
        node = node.head
    return node


def _dates_trigger(date_span: Span, trigger: Token) -> bool:
    """The date is the trigger's: it governs it (``_date_governs``), opens its noun phrase however the parser reads
    it ('charged in the January shooting deaths', with 'shooting' parsed as a verb of the brothers), or sits in a
    relative clause that tells the violent noun's own act ('a shooting that occurred on Mar. 4, 2014')."""
    return (_date_governs(date_span.root, trigger) or _between_article_and(date_span, trigger)
            or _tells_own_act(clause_head(date_span.root), trigger))


def _tells_own_act(clause: Token, trigger: Token) -> bool:
    """``clause`` is a relative clause of the violent noun whose subject is its relative pronoun: it tells the
    incident itself ('a shooting that happened Sunday', 'the attack which left two dead on Monday'), not what others
    did about it ('the shooting that police investigated Monday')."""
    return (clause.dep_ == "relcl" and clause.head.i == trigger.i and trigger.pos_ in {"NOUN", "PROPN"}
            and any(c.dep_ == "nsubj" and c.lower_ in {"that", "which"} for c in clause.children))


def _date_governs(date_token: Token, trigger: Token) -> bool:
    """A date dates the trigger when it sits in the trigger's clause or a clause governing it:
    'collapsed in November when an F-16 shot down...' yes; 'met ... since relations collapsed last year' no;
    or in a clause of the trigger's that tells the same moment: 'killed his wife as they rode home on
    September 25', 'was shot when he opened the door on Friday'."""
    date_clause = clause_head(date_token)
    trigger_clause = clause_head(trigger)
    return (date_clause.i == trigger_clause.i or any(a.i == date_clause.i for a in trigger_clause.ancestors)
            or _same_moment_clause(date_clause, trigger_clause))


def _same_moment_clause(clause: Token, trigger_clause: Token) -> bool:
    """``clause`` is an adverbial clause of ``trigger_clause`` opened by 'as', 'when' or 'while', and tells an act,
    not the report ('as reported')."""
    if clause.dep_ != "advcl" or clause.head.i != trigger_clause.i or clause.lemma_ in REPORTING_VERBS:
        return False
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in SAME_MOMENT for c in clause.children)


def _dates_follow_up(date_span: Span, trigger: Token) -> bool:
    """The date is a follow-up act's (``FOLLOW_UP_VERBS``), not the violence it is about: 'a man was
    charged Wednesday in the shooting', 'was arrested Monday in the killing of', 'appeared in court
    Saturday to face charges for shooting'. A date in the violent noun's own phrase ('the May 14
    shooting', 'the shooting on May 14') is the violence's, and so is one right after that phrase, which the
    parser often hangs on the verb ('accused of the murder of a constable on March 3'), or one between its
    article and the violent word, however the parser reads it ('arrested the pair in the March 4 shooting
    death', with 'shooting' parsed as a verb)."""
    date_token = date_span.root
    if _between_article_and(date_span, trigger) or _dates_an_occasion(date_span):
        return False
    # 'the shooting death of ...': the violent word may describe the noun whose phrase the date follows
    noun = trigger.head if trigger.dep_ in {"amod", "compound"} and trigger.head.pos_ == "NOUN" else trigger
    if noun.pos_ in {"NOUN", "PROPN"} and (
        any(t.i == date_token.i for t in noun.subtree) or _right_after(noun, date_token)
    ):
        return False
    if trigger.dep_ == "relcl" and trigger.head.pos_ in {"NOUN", "PROPN"} and _in_noun_phrase(trigger.head, date_token):
        return False  # 'accused in a May 25 shooting that killed one': the noun's date is the killing's
    if inquired_into(trigger) and not any(t.i == date_token.i for t in trigger.subtree):
        return True  # 'were called Thursday on a tip in the investigation into the shooting death of'
    accused = accusation_of(trigger)
    if accused is not None and not any(t.i == date_token.i for t in accused.subtree):
        return True  # 'A man accused of shooting two people ... was still on the run Thursday': the man's day
    date_clause = clause_head(date_token)
    if date_clause.lemma_ in DOINGS and _same_moment_clause(date_clause, clause_head(trigger)):
        return False  # 'shot his father while hunting on Thursday': a hunt at the moment of the shot, no manhunt
    return date_clause.i != trigger.i and (is_follow_up(date_clause) or tells_what_follows(date_clause))


def accusation_of(trigger: Token) -> Token | None:
    """The participle that names someone by what he is accused of ('a man accused of shooting two people', 'the
    teen charged with killing', 'a woman suspected of shooting a girl'): a follow-up verb (``FOLLOW_UP_VERBS``,
    or 'suspected', 'wanted') modifying a noun, above the violent word; a date or a place outside it tells of the
    person now (the arrest's day and town), not of the violence."""
    node = trigger
    while node.head.i != node.i:
        node = node.head
        if node.dep_ == "acl" and node.lemma_.lower() in ACCUSING_PARTICIPLES:
            return node
        if node.pos_ in {"VERB", "AUX"} and node.dep_ != "pcomp":
            return None
    return None


def inquired_into(trigger: Token) -> bool:
    """The violent word is what an inquiry looks into ('the investigation into the shooting death of', 'a probe of
    the killing'): the nouns above it, up to its clause, include an ``INQUIRY_NOUNS``, or its preposition follows
    one (the parser may hang 'into the shooting death' on another noun: 'a tip in the investigation into ...')."""
    node = trigger
    while node.head.i != node.i and node.head.pos_ not in {"VERB", "AUX"}:
        node = node.head
        if node.pos_ == "NOUN" and node.lemma_.lower() in INQUIRY_NOUNS:
            return True
        if node.dep_ == "prep" and node.i > 0 and node.doc[node.i - 1].lemma_.lower() in INQUIRY_NOUNS:
            return True
    return False


def _dates_an_occasion(date_span: Span) -> bool:
    """The date is that of the occasion a 'during' phrase names, whatever verb the parser hangs the phrase on
    ('seeking the suspects who shot four people during a home invasion on Sunday night'): the violence was then."""
    node = date_span.root
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        if node.dep_ == "pobj" and node.head.lower_ == "during":
            return node.lemma_.lower() not in LATER_OCCASIONS  # not 'during a court appearance on Wednesday'
        node = node.head
    return False


def _dates_report(date_span: Span, trigger: Token) -> bool:
    """The date is the report's (``is_report_date``) and the violence is told in a clause of its own."""
    return clause_head(date_span.root).i != clause_head(trigger).i and is_report_date(date_span)


def is_report_date(date_span: Span) -> bool:
    """The date follows the verb that reports: 'a boy was shot in the hand, police said Sunday'; 'confirmed on
    Wednesday that the girl killed in the shooting was 16'. Not a date before the verb, which the parser may hang on
    it: 'were injured in Perris early Sunday, authorities said'; nor an incident 'reported around 9:30 p.m.
    Tuesday', which is when it happened."""
    verb = clause_head(date_span.root)
    return (
        verb.lemma_ in REPORTING_VERBS
        and 0 < date_span.start - verb.i <= REPORT_DATE_REACH
        and not any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    )


def is_reporters_contact(clause: Token) -> bool:
    """The clause tells the reporter's own attempt to reach the story's people, whose day is the reporting's: 'Calls
    from the Free Press on Friday to the sheriff's office were not returned', 'did not return messages Friday', 'could
    not be reached for comment Friday'. Not 'officers returned fire Friday'."""
    if clause.lemma_.lower() in CONTACT_NOUNS and clause.dep_ in {"nsubj", "nsubjpass"}:
        # the parser may head the date's clause by the call itself (tagged a verb at times: 'Calls ... were not
        # returned'); not 'responded to a call around 11:30 a.m. on Wednesday', a call to the police
        return clause.head.lemma_ in UNANSWERED
    objects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    if clause.lemma_ in UNANSWERED:
        return any(c.lemma_.lower() in CONTACT_NOUNS for c in objects)
    if clause.lemma_ == "reach":
        return any(c.dep_ in {"auxpass", "nsubjpass"} for c in clause.children)  # 'could not be reached'
    return False


def tells_what_follows(clause: Token) -> bool:
    """The clause tells what is to come ('will be held Saturday', 'is to begin Tuesday') or an occasion that follows
    violence ('The trial ... begins Tuesday', 'A vigil was held Sunday'): its day is no day of the violence."""
    verbs = [clause, clause.head] if clause.dep_ == "xcomp" else [clause]
    if any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for verb in verbs for c in verb.children):
        return True
    if clause.dep_ == "xcomp" and clause.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                                     for c in clause.children):
        return True  # 'is to begin'
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in LATER_OCCASIONS
               for verb in verbs for c in verb.children)


def is_follow_up(verb: Token) -> bool:
    """A verb of a follow-up act (``FOLLOW_UP_VERBS``); 'appears to have been gang-related' is a seeming, not a
    court appearance."""
    if verb.lemma_ == "appear" and any(c.dep_ in {"xcomp", "acomp", "attr"} for c in verb.children):
        return False
    if verb.lemma_ in FOLLOW_UP_VERBS:
        return True
    children = list(verb.children)
    if verb.lemma_ in LIGHT_VERBS and any(c.dep_ == "dobj" and c.lemma_ in FOLLOW_UP_NOUNS for c in children):
        return True  # 'made his first court appearance Wednesday', 'made an arrest Monday', 'entered a plea'
    if verb.lemma_ not in DEFYING_VERBS and any(c.dep_ in {"dobj", "nsubj", "nsubjpass"} and c.lemma_.lower()
                                               in LEGAL_PAPERS for c in children):
        return True  # 'The criminal homicide charge was filed Tuesday', 'obtained warrants on February 18'
    if verb.lemma_ in CAPTION_VERBS and any(c.dep_ == "auxpass" for c in children):
        return True  # a photograph's caption: 'the home where a boy shot himself is shown Monday, August 1'
    if any((verb.lemma_, c.lower_, g.lemma_.lower()) in CUSTODY_PHRASES
           for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"):
        return True  # 'was taken into custody Tuesday, Dec. 13, and charged with the murder of'
    return any(c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in children) and any(
        (verb.lemma_, c.lower_) in FOLLOW_UP_PHRASES for c in children if c.dep_ in {"prt", "prep"}
    )


def _between_article_and(date_span: Span, trigger: Token) -> bool:
    """'the March 4 shooting', 'a May 25 fatal shooting': the date opens the violent word's noun phrase, right
    after its article, with at most two describing words before the violent word."""
    doc = trigger.doc
    if date_span.start == 0 or doc[date_span.start - 1].lower_ not in {"the", "a", "an"}:
        return False
    between = doc[date_span.end : trigger.i]
    return date_span.end <= trigger.i and len(between) <= 2 and all(t.tag_ in {"JJ", "NN"} for t in between)


def _in_noun_phrase(noun: Token, date_token: Token) -> bool:
    """The date modifies the noun itself ('a May 25 shooting', 'the shooting on May 25'), outside its clauses."""
    return any(c.dep_ not in {"relcl", "acl"} and date_token in c.subtree for c in noun.children)


def _right_after(trigger: Token, date_token: Token) -> bool:
    """The date's phrase ('on March 3', 'March 3') starts at the word after the trigger's noun phrase, or after the
    place phrases that follow it, wherever the parser hangs them ('the shooting death of a boy at a home in
    southeast Millbrook on March 18')."""
    phrase = date_token.head if date_token.dep_ == "pobj" else date_token
    first = min(t.i for t in phrase.subtree)
    end = trigger.right_edge.i
    if end <= trigger.i:
        return False
    doc = trigger.doc
    while end + 1 < first and doc[end + 1].lower_ in PLACE_PREPOSITIONS and doc[end + 1].dep_ == "prep":
        end = max(end + 1, doc[end + 1].right_edge.i)
    return first == end + 1


def _past_tense(token: Token) -> bool:
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return verb.tag_ in {"VBD", "VBN"} or any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def told_in_court(trigger: Token) -> bool:
    """The violence is what a court case is about (``COURT_VERBS``, 'guilty', 'trial' within ``COURT_REACH``
    parse steps above it): the shooting behind a plea or a verdict, background to the story of the case."""
    node = trigger
    for _ in range(COURT_REACH):
        if node.head.i == node.i:
            break
        node = node.head
        if _admitted_to_police(node):
            return False
        if node.lemma_.lower() in COURT_VERBS or node.lower_ in COURT_WORDS \
                or any(c.lower_ in COURT_WORDS for c in node.children):
            return True
    # 'whose son was shot in the arm ... was sentenced today', parsed as two acts joined: the sentence's act is the
    # court's, and what it joins is what the court heard
    return trigger.pos_ == "VERB" and any(
        c.dep_ == "conj" and c.lemma_.lower() in COURT_VERBS and not _admitted_to_police(c) for c in trigger.children)


def _admitted_to_police(verb: Token) -> bool:
    """An admission the police heard ('Police say the woman admitted to killing them'), not a court."""
    return verb.lemma_.lower() == "admit" and any(t.lower_ in POLICE_WORDS for t in verb.sent)

