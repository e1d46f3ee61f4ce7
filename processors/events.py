"""Trigger-based event coding over the dependency parse: walks an article's sentences and turns each
incident into CAMEO/PLOVER-coded ``Event``s (code, actors, date, place, confidence, stable id).

The rule families live in their own modules; the pattern families are documented with examples in
processors/data/README.md.
- processors/trigger_matching.py: which tokens the trigger lexicon (data/triggers.json) reads as event words.
- processors/event_modality.py: negation, modals, conditionals and intentions (``is_unrealised``); refusals
  (CAMEO 12), intents (03) and threats (138); statements, negated contents and demands (100).
- processors/sentence_incidents.py: which candidates of a sentence are incidents and how they group (all
  violent triggers are one incident, coded with its most specific trigger; protest claims; topics).
- processors/event_participants.py: source and target tokens of a trigger.
- processors/violence_codes.py: assault (18) or fight (19) by who is armed.
- processors/event_dates.py: when; processors/locations.py: where (own clause, sentence, then paragraph;
  None when unsure); processors/paragraphs.py: sentence and paragraph offsets.
- processors/quoted_speech.py: a quoted opinion is the speaker's verbal act (a present act in quotes: accuse,
  112; 'X is a killer': criticise, 111; 'X is a reliable partner': praise, 051), once per quotation and accused.
  A sentence pasted twice, a definite restatement of a reported meeting ('at the meeting in Sochi') and an event
  a sentence names twice give no new event.
- processors/repeated_incidents.py: one article's restatements of one incident (``merge_repeated_incidents``).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cached_property

from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER
from spacy.tokens import Doc, Span, Token

from processors.actors import MentionIndex, actor_ref
from processors.dates import (
    DAY_NAME,
    ResolvedDate,
    article_date,
    date_before_place,
    dateline_date_end,
    is_historical,
    is_house_number,
    is_page_stamp,
    names_day,
    names_holiday,
    names_month_day,
    names_other_day,
    names_past_month,
    names_year,
    resolve_date,
    speaks_of_its_week,
    speaks_of_now,
    splits_one_date,
    tells_time_of_day,
    weeks_back_span,
)
from processors.event_dates import (
    DAYS_AFTER,
    FOLLOW_UP_VERBS,
    REPORTING_VERBS,
    EventDate,
    accusation_of,
    clause_head,
    counts_back,
    counts_days_from_another,
    dates_a_later_death,
    event_date_for,
    inquired_into,
    is_follow_up,
    is_report_date,
    is_reporters_contact,
    sentence_dates,
    tells_what_follows,
    told_in_court,
    weekday_within_weeks,
    weeks_back,
)
from processors.event_participants import actor_pairs, incident_participants, speaker
from processors.lexicon import cameo
from processors.locations import event_location
from processors.paragraphs import doc_text, is_page_furniture, paragraph_span, paragraph_starts, sentence_offsets
from processors.quoted_speech import (
    ACCUSE,
    CRITICIZE,
    MATERIAL_CONFLICT_ROOTS,
    PRAISE,
    Quotation,
    is_quoted_present_act,
    judgement,
    quotation_at,
    quotations,
)
from processors.sentence_incidents import PROTEST_ROOT, repeats_earlier_incident, sentence_incidents
from processors.trigger_matching import VIOLENT_ROOTS, Candidate, Incident, trigger_word_positions
from processors.types import ActorRef, Article, ArticleDate, EntityMention, Event, Location
from processors.violence_codes import code_by_participants

# 'just last week, on Saturday': a day this close after a count back in weeks is the day that count names
APPOSITION_CHARS = 6
BASE_CONFIDENCE = {"event": 0.5, "casualty": 0.45, "statement": 0.25}
MAX_CONFIDENCE = 0.95  # no reading of one sentence is surer
QUOTE_REACH_CHARS = 600  # one quotation's sentences lie this close together
STATEMENT_ROOTS = frozenset({"01"})  # make a statement: what a judgement in quotes is more precisely
# Words of a sentence that speaks of the story's violence, whose date is then the violence's day.
VIOLENCE_WORDS = frozenset(
    "shoot shooting shot shots gunfire gunshot gunman kill killing stab stabbing wound injure attack "
    "bomb blast explosion die dead murder homicide slay bullet gun firearm gunpoint rob robbery carjack "
    "carjacking".split()
)
# Words of a sentence that tells when the story's incident happened without naming its violence: 'It happened
# around 7:30 p.m. Sunday', 'The incident occurred Saturday', 'Officers responded Monday night to the call',
# 'Police were called to the home about 3 p.m. Saturday', 'Relatives found the bodies Sunday night'.
OCCURRENCE_WORDS = frozenset("happen occur unfold incident respond dispatch call discover discovery body".split())
STORY_DAY_REACH = timedelta(days=14)
STORY_WORDS = VIOLENCE_WORDS | OCCURRENCE_WORDS
# Verbs under which a time of day is when something was told or is to be done, not when the violence happened.
SAYING_OR_PLANNING = frozenset(
    "say tell announce report state confirm post tweet write publish comment plan expect schedule hope".split()
)
# Words that make an incident noun another incident than the story's: 'an unrelated December 11 incident'.
OTHER_INCIDENT_WORDS = frozenset("unrelated separate other another previous earlier prior".split())
# Words that single out one of several incidents ('The first incident happened on Feb. 25' in a round-up)
ONE_OF_SEVERAL = frozenset("first second third fourth fifth latest last".split())
# A sentence that opens so adds to what the one before listed ('... attacks in 2015, including ... In addition,
# an attack on a beach hotel killed 38'), even from the next paragraph: it shares that story's time.
ADDITIVE_OPENER = re.compile(r"(?:in addition|additionally|also|besides|moreover|furthermore)\b", re.IGNORECASE)
REPEAT_MIN_CHARS = 40  # a repeated sentence at least this long is the same text pasted twice


# a sentence that brings up a known case as an example: 'There is the 5-year-old who ...', 'And then there's the ...'
EXAMPLE_OPENER = re.compile(r"\s*(?:And\s+)?(?:then\s+)?[Tt]here(?:\s+is|\s+was|['’]s)\s+the\s")
# a timeline's entry: a paragraph that opens with a year and a colon, perhaps after a photo credit's word
TIMELINE_ENTRY = re.compile(r"\s*(?:[A-Za-z]+[ \t]+)?(?P<year>(?:1[89]|20)\d\d):[ \t]")


def extract_events(
    doc: Doc, article: Article, entities: Sequence[EntityMention], own_date: ArticleDate | None = None
) -> tuple[Event, ...]:
    """Code the events of ``doc`` (the parse of ``article.text``) using its coded ``entities``.
    ``own_date``: the article's own date (``processors.dates.article_date``), computed here when not given."""
    mentions = MentionIndex(doc, entities, article.title, article.url)
    text = doc_text(doc)
    own = own_date or article_date(article.published_at, article.received_at, text)
    when = ArticleTime(own, doc)
    paragraphs = paragraph_starts(text)
    events: list[Event] = []
    narrative_date: tuple[int, EventDate] | None = None
    quotes = quotations(doc)
    told: set[str] = set()
    word_ids = _word_ids(doc)
    trigger_words = trigger_word_positions(doc)
    for sent in doc.sents:
        paragraph = bisect_right(paragraphs, sent.start_char)
        if _told_before(sent, word_ids, told):
            continue  # a paragraph pasted twice reports nothing new
        if is_page_furniture(sent):
            continue
        if narrative_date and narrative_date[0] != paragraph:
            # 'In addition, an attack on ...' goes on with the list the paragraph before began
            goes_on = paragraph == narrative_date[0] + 1 and ADDITIVE_OPENER.match(sent.text.lstrip())
            narrative_date = (paragraph, narrative_date[1]) if goes_on else None
        incidents = sentence_incidents(sent, trigger_words)
        # only an incident's coding reads the dates, and resolving them costs (dateparser)
        dates = sentence_dates(sent, when.date_entities, when.base) if incidents else []
        for incident in incidents:
            if repeats_earlier_incident(incident, events, dates):
                continue
            context = narrative_date[1] if narrative_date else None
            span = paragraph_span(paragraphs, paragraph, len(text))
            coded = _code_incident(incident, sent, article.id, when, dates, context, mentions, span)
            if _names_earlier_event(incident, coded, events):
                continue
            quote = quotation_at(quotes, incident.lead.token.idx)
            if quote is not None and quote.speaker is not None:
                coded = _as_speakers_accusation(coded, incident, quote.speaker, mentions, article.id)
            events.extend(coded)
            told_here = (bool(coded) and bool(coded[0].date_text) and coded[0].date_precision is not None
                         and coded[0].date_text in coded[0].sentence)  # not 'last week', told without its day
            counted = told_here and (counts_back(coded[0].date_text) or DAYS_AFTER.match(coded[0].date_text))
            if told_here and not counted and coded[0].date_text != (context.text if context else None):
                # Later past-tense sentences of the paragraph continue this story's time line (not a day counted
                # back from it: 'in reaction to the assassination the day before').
                first = coded[0]
                narrative_date = (paragraph, EventDate(first.date, first.date_precision, False, first.date_text))
        quote = quotation_at(quotes, sent.start_char + 1)
        if quote is not None and quote.speaker is not None:
            judged = _speakers_judgement(sent, quote, mentions, article.id, when)
            if judged:  # the judgement is what the speaker's 'said' did
                start = sentence_offsets(sent)[0]
                events = [e for e in events if e.start != start or e.cameo[:2] not in STATEMENT_ROOTS]
                events.extend(judged)
    return _once_per_quote(events)


def _names_earlier_event(incident: Incident, coded: list[Event], events: list[Event]) -> bool:
    """'... at the meeting in Kampala' after a meeting was reported: the same meeting named again ('the', 'that'),
    with no participants of its own, is no new event (its place goes to the first report: locations)."""
    lead = incident.lead.token
    if lead.pos_ != "NOUN" or incident.lead.is_violent or any(e.source or e.target for e in coded):
        return False
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in lead.children)
    return definite and any(e.trigger and e.trigger.lower() == lead.lower_ for e in events)


def _word_ids(doc: Doc) -> list[int | None]:
    """Per token, the string id of its lower-case form, None for punctuation and space: read from arrays, since
    ``_told_before`` reads every sentence, and a Token per word cost more than the comparison."""
    rows = doc.to_array([LOWER, IS_PUNCT, IS_SPACE]).tolist()
    return [None if punct or space else lower for lower, punct, space in rows]


def _told_before(sent: Span, word_ids: Sequence[int | None], told: set[str]) -> bool:
    """The sentence repeats one of the article's earlier sentences word for word (a scraping artefact); records
    the sentence. Short sentences ('He said.') may well recur and are not counted. ``word_ids``: the doc's
    ``_word_ids``."""
    strings = sent.doc.vocab.strings
    words = " ".join(strings[i] for i in word_ids[sent.start : sent.end] if i is not None)
    if len(words) < REPEAT_MIN_CHARS:
        return False
    if words in told:
        return True
    told.add(words)
    return False


def _as_speakers_accusation(
    coded: list[Event], incident: Incident, speaker_token: Token, mentions: MentionIndex, article_id: str
) -> list[Event]:
    """'"He is torturing his own people," an official said': the official's accusation (CAMEO 112) of whoever
    the words say does it; an act the quote dates or tells in the past stays the act (the speaker saw it)."""
    lead = incident.lead
    if lead.root not in MATERIAL_CONFLICT_ROOTS or not is_quoted_present_act(lead.token):
        return coded
    if any(e.date_text for e in coded):
        return coded
    speaker_ref = actor_ref(speaker_token, mentions)
    accused = {(e.source.code, e.source.text): e.source for e in coded if e.source is not None}
    return [_verbal_act(coded[0], ACCUSE, speaker_ref, target, article_id) for target in accused.values() or [None]]


def _speakers_judgement(
    sent: Span, quote: Quotation, mentions: MentionIndex, article_id: str, when: ArticleTime
) -> list[Event]:
    """'"Assad is a killer," an official said': the official's criticism (CAMEO 111) or praise (051) of Assad."""
    judged = judgement(sent, quote)
    if judged is None or quote.speaker is None:
        return []
    speaker_token = quote.speaker
    subject, code_value = judged
    start, end = sentence_offsets(sent)
    template = Event(event_id="", cameo=code_value, plover=None, source=None, target=None,
                     sentence=sent.text.strip(), start=start, end=end, date=when.base, confidence=0.5,
                     trigger=sent.root.text, trigger_start=sent.root.idx)
    return [_verbal_act(template, code_value, actor_ref(speaker_token, mentions), actor_ref(subject, mentions),
                        article_id)]


def _verbal_act(
    event: Event, code_value: str, source: ActorRef | None, target: ActorRef | None, article_id: str
) -> Event:
    code = cameo(code_value)
    trigger_at = event.start + (event.sentence.find(event.trigger) if event.trigger else 0)
    return replace(
        event,
        event_id=event_id(article_id, event.start, event.end, code_value, source, target, trigger_at),
        cameo=code_value, plover=code.plover, quad_class=code.quad_class, goldstein=code.goldstein,
        source=source, target=target, location=None, killed=None, injured=None, historical=False,
    )


def _once_per_quote(events: list[Event]) -> tuple[Event, ...]:
    """A speaker's criticism of one party in one quotation is one act, not one per sentence of it; a sentence
    that names its event twice gives it once (violent acts the sentence dates apart are separate acts)."""
    kept: list[Event] = []
    seen: set[tuple[int, str, str, str, date | None]] = set()
    for event in events:
        dated_apart = event.date if event.cameo[:2] in VIOLENT_ROOTS else None
        key = (event.start, event.cameo, _ref_key(event.source), _ref_key(event.target), dated_apart)
        if key in seen:
            continue  # 'Friday's talks were the first high-level talks since ...': one meeting, said twice
        seen.add(key)
        if event.cameo in {ACCUSE, CRITICIZE, PRAISE} and any(
            k.cameo[:2] == event.cameo[:2] and _ref_key(k.source) == _ref_key(event.source)
            and (k.target and k.target.code) == (event.target and event.target.code)
            and abs(k.start - event.start) < QUOTE_REACH_CHARS
            for k in kept
        ):
            continue
        kept.append(event)
    return tuple(kept)


def _untagged_days(doc: Doc, text: str) -> list[Span]:
    """Weekdays and holidays the model left untagged ('shot late Saturday') or read as an event ('killed on New
    Year's Eve'), as dates."""
    spans = []
    for match in DAY_NAME.finditer(text):
        span = doc.char_span(match.start(), match.end(), label="DATE", alignment_mode="contract")
        # a holiday the model took for a place or a name ('on Easter Sunday' as a FAC) is a day all the same
        allowed = {"", "EVENT"} if not names_holiday(match.group()) else {"", "EVENT", "FAC", "ORG", "PERSON", "GPE"}
        if span is not None and len(span) and all(t.ent_type_ in allowed for t in span):
            spans.append(span)
    return spans


def _without_place(ent: Span) -> Span:
    """The date entity without the place the model ran it on into ('Sunday to East 24th': 'Sunday')."""
    day = date_before_place(ent.text) if ent.label_ == "DATE" else None
    cut = ent.doc.char_span(ent.start_char, ent.start_char + len(day), label="DATE") if day else None
    return cut if cut is not None else ent


def _joined_dates(entities: list[Span], doc: Doc, text: str) -> list[Span]:
    """The date entities, each date the model tagged in two pieces joined again (``splits_one_date``: 'Saturday'
    and 'Aug. 8' of 'Saturday, Aug. 8'; 'Around 1st' and 'May 2020')."""
    joined: list[Span] = []
    for ent in entities:
        last = joined[-1] if joined else None
        if last is not None and splits_one_date(last.text, text[last.end_char:ent.start_char], ent.text):
            whole = doc.char_span(last.start_char, ent.end_char, label="DATE")
            if whole is not None:
                joined[-1] = whole
                continue
        joined.append(ent)
    return joined


class ArticleTime:
    """The article's own date and what its text says of its own time, for dating and telling background."""

    def __init__(self, own: ArticleDate | None, doc: Doc) -> None:
        self.own = own
        self.base = own.value if own is not None and own.anchors else None
        text = doc_text(doc)
        dateline_end = dateline_date_end(text)  # the dateline's date is the article's, no event's
        # the model tags 'Tuesday night', 'around 10 p.m. Saturday' and 'the previous night' as TIME: those name
        # a day too
        tagged = [
            ent for ent in doc.ents
            if ent.label_ == "DATE" or (ent.label_ == "TIME" and (names_day(ent.text) or counts_back(ent.text)))
        ]
        self.date_entities = _joined_dates(sorted(
            (ent for ent in [*map(_without_place, tagged), *_untagged_days(doc, text)]
             if ent.start_char >= dateline_end and not is_page_stamp(text, ent.start_char)
             and not is_house_number(text, ent.start_char, ent.end_char)
             and not (names_holiday(ent.text) and names_other_day(text, ent.start_char, ent.end_char))),
            key=lambda ent: ent.start,
        ), doc, text)
        self._story_day: tuple[EventDate | None] | None = None

    @cached_property
    def speaks_of_its_time(self) -> bool:
        """'on Tuesday', 'yesterday': the text speaks of a 'now' of its own, so a year written out is earlier news.
        Read when an event's date asks (``historical``): resolving every date expression costs."""
        return any(speaks_of_now(ent.text) for ent in self.date_entities)

    @cached_property
    def names_its_week(self) -> bool:
        return any(speaks_of_its_week(ent.text) for ent in self.date_entities)

    def story_day(self, doc: Doc) -> EventDate | None:
        """The day of the story's violence: the first date to the day, in the fortnight before the article's
        date, of a sentence that speaks of violence ('Police responded about 1 a.m. Saturday to reports of
        shots fired') or of its occurrence ('It happened around 7:30 p.m. Sunday'); else the first such date
        told with its time of day in a sentence that tells what happened ('Neighbors rushed to help him Thursday
        night', 'The man was found Sunday evening'). A violent event whose own clause gives no date happened
        then, not on the day the story was published."""
        if self._story_day is None:
            self._story_day = (self._find_story_day(doc),)
        return self._story_day[0]

    def _find_story_day(self, doc: Doc) -> EventDate | None:
        if self.base is None:
            return None
        timed: EventDate | None = None
        loose: EventDate | None = None  # a day of a sentence that names violence, in a clause of another act
        recalled: EventDate | None = None  # a day of a sentence that counts its violence back in weeks
        far: EventDate | None = None  # a calendar day before the fortnight, told as when the incident happened
        for ent in self.date_entities:
            resolved = resolve_date(ent.text, self.base)
            if resolved is None or resolved.precision != "day" or resolved.value is None:
                continue
            if counts_days_from_another(ent):
                continue  # 'arrested Thursday ..., a day after he shot his friend': not a day back from the article's
            sentence_ents = [e for e in self.date_entities if ent.sent.start <= e.start < ent.sent.end]
            resolved = weekday_within_weeks(ent, resolved, sentence_ents, self.base)
            day = EventDate(resolved.value, "day", False, ent.text)
            if not timedelta(0) <= self.base - resolved.value <= STORY_DAY_REACH:
                if far is None and resolved.value <= self.base and _tells_when_it_happened(ent):
                    far = day  # a follow-up's statement of its incident's day: 'it happened ... on October 23'
                continue
            if _dates_violence_noun(ent):
                return day  # 'was arrested after Sunday afternoon's incident'
            clause = clause_head(ent.root)
            if self._counts_weeks_back(ent.sent):
                continue  # 'A month and a half after a shooting ..., police told a news conference Friday'
            if self._recalls_weeks_back(ent):
                # 'a man was shot and killed on the same block just last week, on Saturday' in the story of
                # Tuesday's shooting: an earlier incident's day, the story's only if it tells no other
                recalled = recalled or day
                continue
            if dates_a_later_death(ent):
                continue  # 'a teenager who was shot at a party died Sunday': the death's day, maybe not the shooting's
            if is_follow_up(clause) or is_report_date(ent) or tells_what_follows(clause) \
                    or is_reporters_contact(clause):
                continue  # 'was charged Wednesday in the shooting', 'police said Wednesday': not the shooting's day
            if any(t.lemma_.lower() in VIOLENCE_WORDS and (inquired_into(t) or accusation_of(t) is not None)
                   for t in ent.sent):
                # 'were called Thursday on a tip in the investigation into the shooting death of', 'A man accused of
                # shooting two people was still on the run Thursday'
                continue
            if _tells_the_story_in(clause, ent.sent):
                return day
            if loose is None and any(t.lemma_.lower() in STORY_WORDS for t in ent.sent):
                loose = day
            if timed is None and _timed_happening(ent, clause):
                timed = day
        return loose or timed or recalled or far

    def _counts_weeks_back(self, sent: Span) -> bool:
        """The sentence tells its violence weeks or months before its other date (``weeks_back``)."""
        return any(sent.start <= ent.start < sent.end and weeks_back(ent) for ent in self.date_entities)

    def _recalls_weeks_back(self, day: Span) -> bool:
        """The day is the one a count back in weeks from the article's day names just before it ('just last week, on
        Saturday'), not the day of another clause ('shot Thursday night on the block where four more were
        wounded since last weekend')."""
        assert self.base is not None
        return any(0 <= day.start_char - ent.end_char <= APPOSITION_CHARS and weeks_back_span(ent.text, self.base)
                   for ent in self.date_entities)

    def historical(self, when: EventDate) -> bool:
        resolved = ResolvedDate(when.value, when.precision) if when.precision else None
        # news writes neither the current year nor, within the week, the month and day ('on Monday'): in a
        # text that speaks of its own time so, 'in 1989' or 'on September 30' is earlier than the story
        text = when.text or ""
        written_as_earlier = (
            (names_year(text) and self.speaks_of_its_time)
            or (names_month_day(text) and self.names_its_week)
            or names_past_month(text)
        )
        return is_historical(resolved, when.text, self.own, written_as_earlier)


def _dates_violence_noun(ent: Span) -> bool:
    """The date belongs to a noun of the violence itself ('after a shooting incident Sunday morning', 'after
    Sunday afternoon's incident', 'the December 14 shooting death'), whatever the clause around it tells; not to
    another incident ('in connection with an unrelated December 11 incident'). Also a date right after a violence
    noun that ends its phrase, however the parser hangs it ('whether charges might be brought over the shooting
    Saturday night'), unless a verb of a follow-up act governs both ('was arrested in the shooting Saturday' may
    tell the arrest's day)."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.dep_ != "compound" and _is_violence_noun(before) \
            and clause_head(before).lemma_ not in FOLLOW_UP_VERBS:
        return not any(c.lower_ in OTHER_INCIDENT_WORDS for c in before.children)
    node = ent.root.head
    while node.i != node.head.i and node.pos_ not in {"VERB", "AUX"}:
        if not ent.start <= node.i < ent.end and _is_violence_noun(node):
            return not any(c.lower_ in OTHER_INCIDENT_WORDS for c in node.children)
        node = node.head
    return False


def _is_violence_noun(noun: Token) -> bool:
    """'incident', 'shooting', 'shooting death' (a compound of one of ``STORY_WORDS``)."""
    return noun.lemma_.lower() in STORY_WORDS or any(
        c.dep_ == "compound" and c.lemma_.lower() in STORY_WORDS for c in noun.children
    )


def _tells_when_it_happened(ent: Span) -> bool:
    """The date is a month and day told as when the story's incident happened ('According to a press release, the
    incident happened at around 1 a.m. on October 23', 'It happened on Nov. 21', 'the incident that occurred on Nov.
    2'), not another incident nor one of several ('The earlier incident', 'The first incident happened the evening
    of Feb. 25' in a round-up). A day of the fortnight before the article that tells the story comes first."""
    clause = clause_head(ent.root)
    if clause.lemma_ not in {"happen", "occur"} or not names_month_day(ent.text):
        return False
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in {"that", "which"} and clause.dep_ == "relcl":
        subject = clause.head  # 'the incident that occurred on Nov. 2'
    if subject is None or subject.lower_ == "it":
        return subject is not None
    return _is_violence_noun(subject) and not any(c.lower_ in OTHER_INCIDENT_WORDS | ONE_OF_SEVERAL
                                                  for c in subject.children) \
        and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in subject.children)


def _tells_the_story_in(clause: Token, sent: Span) -> bool:
    """The date's clause (or a clause it takes as its complement: 'tried to rob a store on Tuesday') speaks of the
    violence or of its happening ('was shot Thursday evening', 'Police responded Saturday to reports of shots'),
    which a sentence naming violence in a clause of another act does less surely ('A council committee on Friday
    pushed to expand the use of gauze that can save officers when they are wounded')."""
    near = {clause.i, *(c.i for c in clause.children if c.dep_ == "xcomp")}
    if clause.dep_ == "xcomp":
        near.add(clause.head.i)
    return any(t.lemma_.lower() in STORY_WORDS and clause_head(t).i in near for t in sent)


def _timed_happening(ent: Span, clause: Token) -> bool:
    """A date told with its time of day ('around 1:30 p.m. on Friday', 'Sunday evening') in a clause that tells
    what happened, not what someone said or will do ('Police said Monday night', 'a vigil is planned for Tuesday
    at 7:30 p.m.'), nor a bare timestamp line."""
    sent = ent.sent
    # 'Friday' 'night' apart; 'Tuesday around 7:30 p.m.'
    around = ent.doc[max(sent.start, ent.start - 4) : min(sent.end, ent.end + 5)]
    if not tells_time_of_day(around.text) or clause.pos_ not in {"VERB", "AUX"}:
        return False
    governing = _governing_until_reported(clause)
    if any(t.lemma_.lower() in SAYING_OR_PLANNING for t in governing):
        return False
    return not any(c.lower_ in {"will", "shall", "'ll"} for t in governing for c in t.children if c.dep_ == "aux")


def _governing_until_reported(clause: Token) -> list[Token]:
    """The clause and the clauses above it, up to the content a verb of saying reports: in 'Police said the trio
    broke into a home around 11:30 p.m. Saturday' the time is the break-in's; in 'Police said Monday night' the
    saying's."""
    governing = [clause]
    node = clause
    while node.head.i != node.i:
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in REPORTING_VERBS:
            break
        node = node.head
        governing.append(node)
    return governing


def _code_incident(
    incident: Incident,
    sent: Span,
    article_id: str,
    article_time: ArticleTime,
    dates: Sequence[tuple[Span, ResolvedDate]],
    narrative: EventDate | None,
    mentions: MentionIndex,
    paragraph: tuple[int, int],
) -> list[Event]:
    lead = incident.lead
    sources, targets = incident_participants(incident)
    source_refs = [actor_ref(t, mentions, speaker(t)) for t in sources]
    target_refs = [actor_ref(t, mentions, speaker(t)) for t in targets]
    # An actor resolved from a pronoun ("lifted its blockade") is less sure than one named here: it
    # does not raise the confidence, so a subordinate act does not outrank the sentence's main event.
    participants = zip([*sources, *targets], [*source_refs, *target_refs], strict=True)
    from_pronoun = {id(ref) for token, ref in participants if token.pos_ == "PRON"}
    when = event_date_for(incident, dates, narrative, article_time.base)
    if when.precision is None and when.text is None:
        when = _timeline_year(doc_text(sent.doc), paragraph) or when
    # a case brought up as an example, told without a day of its own, is background
    recalled = when.precision is None and lead.is_violent and _recalled_case(lead.token)
    # undated violence a court hears is the story's background ('She also admitted shooting two cousins'), not of
    # the story's day
    in_court = lead.is_violent and when.precision is None and told_in_court(lead.token)
    # violence dated only by what followed it, when that was background ('Evans was arrested in August 2014 after he
    # opened fire on a crowd' in a story of 2016): the violence is earlier still
    followed_earlier = when.followed is not None and article_time.historical(when.followed)
    if when.precision is None and when.text is None and lead.is_violent and not (in_court or followed_earlier):
        when = article_time.story_day(sent.doc) or when
    elif when.death_day and when.value is not None:  # the act was on the story's day, if that was no later
        story = article_time.story_day(sent.doc)
        when = story if story is not None and story.value is not None and story.value <= when.value else when
    historical = article_time.historical(when) or in_court or followed_earlier or recalled
    # a court tries what happened where it sits: the case's violence is placed as the story is, background or not
    location = event_location(incident.tokens, incident.lead.is_violent, sent, mentions.places, paragraph,
                              historical and not in_court)
    code_value = lead.entry.cameo
    if lead.is_violent:
        source_pairs = list(zip(sources, source_refs, strict=True))
        target_pairs = list(zip(targets, target_refs, strict=True))
        code_value = code_by_participants(code_value, incident, source_pairs, target_pairs)
    code = cameo(code_value)
    start, end = sentence_offsets(sent)
    text = doc_text(sent.doc)[start:end]  # ``sent.text.strip()``, without joining the sentence's tokens again
    events = []
    for source, target in actor_pairs(source_refs, target_refs, lead.entry.reciprocal):
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
                date=when.value,
                date_precision=when.precision,
                date_text=when.text,
                historical=historical,
                location=location,
                confidence=_confidence(
                    lead,
                    None if id(source) in from_pronoun else source,
                    None if id(target) in from_pronoun else target,
                    when.explicit,
                    location,
                ),
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                trigger=lead.token.text,
                trigger_start=lead.token.idx,
            )
        )
    return events


def _confidence(
    lead: Candidate, source: ActorRef | None, target: ActorRef | None, explicit_date: bool, location: Location | None
) -> float:
    score = lead.entry.confidence or BASE_CONFIDENCE.get(lead.entry.kind, 0.5)
    score += 0.15 if source and source.code else 0.0
    score += 0.1 if target and target.code else 0.0
    score += 0.05 if explicit_date else 0.0
    score += 0.05 if location else 0.0
    score += 0.1 if lead.is_violent or lead.root == PROTEST_ROOT else 0.0  # the reportable incident of the story
    return round(min(score, MAX_CONFIDENCE), 2)


def _recalled_case(trigger: Token) -> bool:
    """Violence told of a person a story brings up as an example: 'There is the 5-year-old from Missouri who shot
    herself in the leg ...', 'There's the 3-year-old boy who accidentally killed himself' (a known case: 'the', the
    violence in a clause that describes the person), not the news of 'There was a shooting on Elm Street'."""
    if EXAMPLE_OPENER.match(trigger.sent.text) is None:
        return False
    return any(node.dep_ in {"relcl", "acl"} for node in (trigger, *trigger.ancestors))


def _timeline_year(text: str, paragraph: tuple[int, int]) -> EventDate | None:
    """The year a timeline's entry opens with ('1993: Dr. David Gunn is shot to death outside a Pensacola
    clinic', after a photo credit's word: 'istock 1993:'): the date of what the entry tells, in the historical
    present, which names no date of its own."""
    label = TIMELINE_ENTRY.match(text, paragraph[0], paragraph[1])
    if label is None:
        return None
    year = int(label.group("year"))
    return EventDate(date(year, 1, 1), "year", True, label.group("year"))


def event_id(
    article_id: str, start: int, end: int, code: str, source: ActorRef | None, target: ActorRef | None, trigger_at: int
) -> str:
    """Stable across re-processing: the same article, sentence, code, actors and trigger give the same id."""
    key = "|".join([article_id, str(start), str(end), code, _ref_key(source), _ref_key(target), str(trigger_at)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _ref_key(ref: ActorRef | None) -> str:
    return f"{ref.code or ''}:{ref.text}" if ref else ""
