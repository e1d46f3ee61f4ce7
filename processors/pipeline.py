"""Article in, Extraction out: one parse per text, then entities -> events -> casualties on that Doc."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from processors.casualties import attach_casualties_with_hits, split_figures, without_mishaps
from processors.casualty_figures import HARM_VERBS, INJURED_LEMMAS, KILLED_LEMMAS
from processors.dates import article_date
from processors.entities import code_entities
from processors.events import MAX_CONFIDENCE, extract_events
from processors.gazetteer_data import fold
from processors.headline_tolls import headline_toll
from processors.locations import DATELINE
from processors.news_background import background_to_newer_news
from processors.paragraphs import doc_text, paragraph_starts
from processors.repeated_incidents import merge_repeated_incidents
from processors.trigger_matching import VIOLENT_ROOTS
from processors.types import Article, Event, Extraction, Location

# 0.2.0: FIGHT for CAMEO 19, new patterns, locations, incident consolidation; 0.3.0: casualty figures a
# consumer can sum (incident tolls only, aggregates apart, one event per incident), dates on the article's time
EXTRACTOR_VERSION = "0.3.0"

# A text that tells no violence and is at most this long (a sign-in form, a video player's captions, a brief
# that only says police are investigating) is read from its headline when the headline tells violence.
HEADLINE_TEXT_CHARS = 1000
# A headline is in title case when this share of its words are capitalised ('Five Shot During Party At ...').
TITLE_CASE_SHARE = 0.8
TITLE_WORD = re.compile(r"[A-Za-z][a-z'’-]*")
# What a title-case headline writes in capitals that the tagger knows in lower case: small words, and the words
# of harm ('Shot', 'Killed', 'Dead', 'Stabbing') that make its event
_LOWER_IN_HEADLINES = frozenset(STOP_WORDS) | {
    form for lemma in (*HARM_VERBS, *KILLED_LEMMAS, *INJURED_LEMMAS, "shooting")
    for form in (lemma, f"{lemma}s", f"{lemma}ed", f"{lemma}d", f"{lemma}ing", f"{lemma[:-1]}ing")
} | {"shot", "slain", "died", "dies", "struck", "beaten", "stabbed", "gunfire", "gunshot", "homicide", "fatal",
     "fatally", "accidental", "accidentally", "wounds", "injuries"}
# A video player's playlist pasted into the page: lines that open with a clip's length, each the title of another
# story ('0:39 Fairway police investigate shooting death Pause', '0:52 Kansas City Quadruple Shooting'); not a
# time of day ('10:30 p.m. Police said ...'). Three or more such lines make a playlist.
PLAYLIST_ENTRY = re.compile(
    r"^[ \t]*\d{1,2}:\d\d(?![\d:])(?!\s*[ap]\.?m\b)[ \t]+\S[^\n]*", re.MULTILINE | re.IGNORECASE)
PLAYLIST_MIN_ENTRIES = 3
# a headline of several incidents: its toll is their sum, no one incident's ('3 dead in weekend shootings')
SEVERAL_INCIDENTS = re.compile(r"\b(?:shootings|attacks|killings|stabbings|murders|homicides|incidents)\b",
                               re.IGNORECASE)
# What a headline that states an event's toll adds to its confidence: the story's own incident, told twice
HEADLINE_TOLL_CONFIDENCE = 0.1
# A text longer than this many words is parsed in pieces of whole paragraphs (``parse_pieces``).
PARSE_PIECE_WORDS = 1500
_AFTER_LINE_BREAK = re.compile(r"(?<=\n)")
# Touches the stages that load data lazily: places (countries, US states, towns), actors, dates, casualties.
WARM_UP_TEXT = ("Gunmen killed two police officers in Springfield, Ohio, on Monday, and Turkish troops shelled "
                "a village near Aleppo, Syria, officials said.")


def extract(nlp: Language, article: Article) -> Extraction:
    """Extract entities and events from one article."""
    return next(extract_batch(nlp, [article]))


def warm_up(nlp: Language) -> None:
    """Load the processors' lazily loaded tables now (a few seconds), not in the first real article.

    A process that forks workers (``eventpipe extract --jobs``) calls it first, so the workers share the
    tables' memory and none of them loads its own copy."""
    extract(nlp, Article(id="warm-up", text=WARM_UP_TEXT))


def extract_batch(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
    """Extract from many articles, parsing them in batches with ``nlp.pipe`` (each text parsed once)."""
    for doc, article in parse_pieces(nlp, articles, batch_size):
        extraction = extract_from_doc(doc, article)
        playlist = _playlist(article.text)
        told = any(_tells_violence(event) and not _in(event, playlist) for event in extraction.events)
        yield _from_headline(nlp, article, extraction, playlist) if article.title and not told else extraction


def _tells_violence(event: Event) -> bool:
    return event.cameo[:2] in VIOLENT_ROOTS or event.killed is not None or event.injured is not None


def _playlist(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each entry of a video playlist pasted into the page, if the page has one."""
    entries = [match.span() for match in PLAYLIST_ENTRY.finditer(text)]
    return entries if len(entries) >= PLAYLIST_MIN_ENTRIES else []


def _in(event: Event, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= event.start < end for start, end in spans)


def _from_headline(nlp: Language, article: Article, extraction: Extraction,
                   playlist: Sequence[tuple[int, int]] = ()) -> Extraction:
    """The events of the headline when the text tells no violence, neither current nor past, and no casualty
    figure: a page whose text is a login prompt, a video player or a paywall ('Close Get email notifications on
    ...'), or whose few sentences only say that police are investigating, still tells its story in its headline
    ('Police: Youth wounded in accidental shooting in Gary'), and a reader takes it from there. The headline's
    events replace the text's when the text gives none, or when the text is short (``HEADLINE_TEXT_CHARS``: a
    page's furniture, a brief) and the headline tells violence; a longer text that tells none is about
    something else (charges dropped, a sentencing), and its headline's violence is background ('Man who killed
    three home invaders will face no charges'). A video playlist's entries (``playlist``) are the titles of
    other stories: their violence is not the text's, and their length is not the text's. Their offsets index the
    title (``events_from`` "title"); the entities stay those of the text."""
    assert article.title is not None
    if extraction.events and len(article.text) - sum(end - start for start, end in playlist) > HEADLINE_TEXT_CHARS:
        return extraction
    headline = extract_from_doc(nlp(article.title), replace(article, text=article.title))
    if not any(map(_tells_violence, headline.events)) and (cased := sentence_cased(article.title)) != article.title:
        # 'Five Shot During Party At Kankakee Banquet Hall': the tagger reads the capitalised words as names
        recased = extract_from_doc(nlp(cased), replace(article, text=cased))
        headline = replace(recased, events=tuple(_as_written(e, cased, article.title) for e in recased.events))
    if not headline.events or (extraction.events and not any(map(_tells_violence, headline.events))):
        return extraction
    dateline = _dateline_place(article.text, extraction.events)
    if dateline is not None:  # 'Manson woman shot in head' over 'MANSON, Wash. - ...': the page's town
        headline = replace(headline, events=tuple(
            event if event.location is not None else replace(event, location=dateline) for event in headline.events))
    return replace(extraction, events=_with_headline_toll(article.title, headline.events), events_from="title")


def sentence_cased(title: str) -> str:
    """A headline in title case ('Five Shot During Party At Kankakee Banquet Hall') with its small words and its
    words of harm in lower case ('Five shot during Party at Kankakee Banquet Hall'), as the tagger knows them; the
    other capitalised words may be names. A headline in sentence case is returned as it is."""
    words = TITLE_WORD.findall(title)
    if len(words) < 3 or sum(w[:1].isupper() for w in words) < TITLE_CASE_SHARE * len(words):
        return title
    return TITLE_WORD.sub(lambda m: m.group(0).lower() if m.start() and m.group(0).lower() in _LOWER_IN_HEADLINES
                          else m.group(0), title)


def _as_written(event: Event, cased: str, title: str) -> Event:
    """The event read from the sentence-cased headline, with its sentence and trigger as the headline writes them
    (the two texts differ in case only: offsets are the same)."""
    at = cased.find(event.sentence)
    sentence = title[at:at + len(event.sentence)] if at >= 0 else event.sentence
    trigger = event.trigger
    if trigger is not None and event.trigger_start is not None:
        trigger = title[event.trigger_start:event.trigger_start + len(trigger)]
    return replace(event, sentence=sentence, trigger=trigger)


def _with_headline_toll(title: str, events: Sequence[Event]) -> tuple[Event, ...]:
    """The headline's toll as its patterns read it (``processors.headline_tolls``: the parser reads 'Man shot,
    killed' as a name and a wounding) on the headline's first violent event, and on no other: one incident."""
    toll = headline_toll(title)
    violent = next((i for i, event in enumerate(events) if event.cameo[:2] in VIOLENT_ROOTS), None)
    if toll is None or violent is None:
        return tuple(events)
    return tuple(
        replace(event, killed=toll.killed, injured=toll.injured) if i == violent
        else replace(event, killed=None, injured=None)
        for i, event in enumerate(events))


def with_headline_deaths(title: str, events: Sequence[Event]) -> tuple[Event, ...]:
    """The dead a headline tells over the story's one incident, when the story tells fewer and its wounded could be
    them: a page updates its headline when a victim dies, not always its text ('16-year-old dies in accidental
    shooting' over 'a 16-year-old was shot and taken to a hospital'). The headline's wounded, if it tells them, replace
    the story's; else a story whose wounded are exactly those who died has none left ('dies' of the one shot), and
    one with more keeps them (the headline's extra dead may be the gunman). Not a headline of several incidents
    ('3 dead, 26 wounded in weekend shootings'), nor a story of several tolls: whose dead they are is not said."""
    toll = headline_toll(title)
    tolled = [i for i, e in enumerate(events)
              if not e.historical and e.cameo[:2] in VIOLENT_ROOTS and (e.killed or e.injured)]
    if toll is None or toll.killed is None or len(tolled) != 1 or SEVERAL_INCIDENTS.search(title):
        return tuple(events)
    event = events[tolled[0]]
    killed = event.killed.best if event.killed and event.killed.best is not None else 0
    injured = event.injured.best if event.injured and event.injured.best is not None else 0
    died = (toll.killed.best or 0) - killed
    if died <= 0 or injured < died:
        return tuple(events)
    left = event.injured
    if toll.injured is not None:
        left = replace(toll.injured, start=None, end=None)  # the headline's words: no offsets in the text
    elif injured == died and event.injured is not None:
        left = replace(event.injured, low=0, best=0, high=0)
    updated = replace(event, killed=replace(toll.killed, start=None, end=None), injured=left)
    return tuple(updated if i == tolled[0] else e for i, e in enumerate(events))


def with_headline_lead(title: str, events: Sequence[Event]) -> tuple[Event, ...]:
    """The current violent events whose toll the headline states ('5 shot in Millbrook park' over 'Five men were
    wounded ...') gain ``HEADLINE_TOLL_CONFIDENCE``: the headline tells the story's own incident, which an
    earlier shooting the story recalls with as high a toll ('Five people were shot, one fatally, on Friday') is
    not. An event agrees when it gives every figure the headline gives, equal; they gain only where an event of
    another toll is as confident. Not a headline of several incidents ('4 killed in weekend shootings'): its toll is
    their sum."""
    toll = headline_toll(title)
    if toll is None or SEVERAL_INCIDENTS.search(title):
        return tuple(events)
    stated = [(kind, count.best) for kind, count in (("killed", toll.killed), ("injured", toll.injured))
              if count is not None]
    if not any(best for _, best in stated):
        return tuple(events)

    def told(event: Event) -> bool:
        return all((count := getattr(event, kind)) is not None and count.best == best for kind, best in stated)

    tolled = [e for e in events if not e.historical and e.cameo[:2] in VIOLENT_ROOTS and (e.killed or e.injured)]
    leads = [e for e in tolled if told(e)]
    # only where another toll is told as surely: else the headline's incident already leads, and nothing changes
    if not leads:
        return tuple(events)
    surest = max(lead.confidence for lead in leads)
    if not any(e.confidence >= surest for e in tolled if not told(e)):
        return tuple(events)
    return tuple(replace(event, confidence=round(min(event.confidence + HEADLINE_TOLL_CONFIDENCE, MAX_CONFIDENCE), 2))
                 if event in leads else event for event in events)


def _dateline_place(text: str, events: Sequence[Event]) -> Location | None:
    """The place of the dateline opening one of the text's first paragraphs ('MANSON, Wash. -'), as the text's
    events resolved it: where the page's story is, which a headline rarely names in full."""
    for start in [0, *paragraph_starts(text)][:3]:  # the text's start, then its paragraph breaks
        match = DATELINE.match(text, start, start + 120)
        if match is None or not (match.group("head").isupper() or match.group("qualifier")):
            continue
        head = fold(match.group("head"))
        return next((e.location for e in events if e.location is not None and fold(e.location.name) == head), None)
    return None


def parse_pieces(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[tuple[Doc, Article]]:
    """Each article's Doc, in order. A long text is parsed in pieces of whole paragraphs, one piece at a time,
    joined again into one Doc over the same text: the parser's memory grows with the words of the batch it
    parses (a 9,624-word text: 130 MB more at its peak, whole or as one batch of pieces; none as single
    pieces). No parse crosses a paragraph anyway, since every line break starts a sentence (``processors.nlp``).
    """
    short: list[Article] = []
    for article in articles:
        parts = paragraph_pieces(article.text, PARSE_PIECE_WORDS)
        if len(parts) == 1:
            short.append(article)
            if len(short) >= batch_size:
                yield from _parse_together(nlp, short, batch_size)
                short = []
            continue
        yield from _parse_together(nlp, short, batch_size)
        short = []
        yield Doc.from_docs(list(nlp.pipe(parts, batch_size=1)), ensure_whitespace=False), article
    yield from _parse_together(nlp, short, batch_size)


def _parse_together(nlp: Language, articles: list[Article], batch_size: int) -> Iterator[tuple[Doc, Article]]:
    yield from nlp.pipe(((article.text, article) for article in articles), as_tuples=True, batch_size=batch_size)


def _no_pause() -> None:
    pass


def paragraph_pieces(text: str, max_words: int) -> list[str]:
    """``text`` cut after line breaks into pieces of at most ``max_words`` words (a longer paragraph is one
    piece of its own); the pieces joined are ``text``."""
    pieces: list[str] = []
    piece: list[str] = []
    words = 0
    for paragraph in _AFTER_LINE_BREAK.split(text):
        length = len(paragraph.split())
        if piece and words + length > max_words:
            pieces.append("".join(piece))
            piece, words = [], 0
        piece.append(paragraph)
        words += length
    if piece or not pieces:
        pieces.append("".join(piece))
    return pieces


def extract_from_doc(doc: Doc, article: Article, between_stages: Callable[[], None] | None = None) -> Extraction:
    """Run the processors on an already parsed article text.

    ``between_stages`` (if given) is called between two stages: a caller extracting a long article beside
    short ones lets them go first there (``streams.extraction``); it must not touch ``doc``.
    """
    pause = between_stages or _no_pause
    layers = code_entities(doc)
    pause()
    own_date = article_date(article.published_at, article.received_at, doc_text(doc))
    events = extract_events(doc, article, layers.for_actors(), own_date)
    pause()
    tolls, aggregates = split_figures(doc)
    pause()
    events, shot = attach_casualties_with_hits(doc, events, tolls)
    events = without_mishaps(events, aggregates)
    events = merge_repeated_incidents(events, aggregates, shot)
    events = background_to_newer_news(events, own_date)
    if article.title:
        events = with_headline_deaths(article.title, events)
        events = with_headline_lead(article.title, events)
    return Extraction(
        article_id=article.id,
        entities=layers.entities,
        mentions=layers.mentions,
        events=events,
        extractor_version=EXTRACTOR_VERSION,
        aggregates=aggregates,
        article_date=own_date,
    )
