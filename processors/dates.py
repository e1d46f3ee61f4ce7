"""Dates: the article's own date, and date expressions ("on Friday", "in November last year", "9 May 2020")
resolved against it. Never against the machine's clock: extracting an article twice, a month apart, gives
the same dates.

The article's own date (``article_date``), in order: its ``published_at``; the time the stream received it (the
Kafka record's timestamp); a date in its dateline ("FRANKLIN (Feb. 4, 2014) – ..."). Without any of them the
latest calendar date the text gives is kept as a lower bound (the article is from that day or later), which says
what is background but resolves nothing.

Resolution: news convention first (a bare weekday is the most recent such day on or before the article's date,
that day included), then dateparser with RELATIVE_BASE = the article's date and PREFER_DATES_FROM = past.
An expression that needs the article's date ("on Tuesday", "last year") when there is none stays unresolved:
``ResolvedDate(None, "relative")``. An expression with its year ("in 1989", "Aug. 7, 2015") needs no anchor.
Durations ("two years", "days") are not dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from dateutil.easter import easter

from processors.gazetteer_data import STREET_WORDS
from processors.types import ArticleDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# time of day around a weekday: 'Friday night', 'late Wednesday night', 'overnight Saturday', 'about 11:38 a.m.',
# 'just after midnight Friday'. No word boundary after 'p.m.': a space follows the dot, and without the clock
# time stripped, 'about 9:30 p.m. Friday' went to the dates parser, which put it a week back.
TIME_OF_DAY = re.compile(
    r"\b(?:(?:morning|afternoon|evening|night|overnight|midnight|noon)\b|"
    r"(?:(?:about|around|at|shortly|just|before|after)\s+)*\d{1,2}(?::\d\d\b|\s*(?:[ap]\.m\.?|[ap]m\b))(?:\s*(?:[ap]\.m\.?|[ap]m\b))?)",
    re.IGNORECASE,
)
MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE)
# A clock hour written without 'p.m.' before its day: 'just after 11 Thursday night'.
CLOCK_HOUR = re.compile(r"^(?:[1-9]|1[0-2])\s+(?=(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$)")
WEEKDAY_WORD = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
DAY_WORDS = re.compile(r"\b(?:yesterday|last night|overnight)\b", re.IGNORECASE)
LEADING_WORDS = re.compile(
    # ('the end of January 1968', 'the beginning of 2014': the period the rest names, at its precision)
    r"^(?:(?:on|in|at|since|by|during|from|early|late|mid|the|of|around|about|shortly|just|before|after|"
    r"end|beginning|start|middle)\s+)+",
    re.IGNORECASE,
)
# Days news names by their holiday ('on Christmas Eve', 'on the Fourth of July'), which the dates parser does not
# know. Only holidays on the same day everywhere: 'Labor Day' is in May in most countries, in September in the US.
HOLIDAY = re.compile(
    r"^(?P<name>christmas eve|christmas day|christmas|new year'?s eve|new year'?s day|boxing day|halloween|"
    r"valentine'?s day|fourth of july|july fourth)(?:,?\s+(?P<year>\d{4}))?$"
)
FIXED_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "new years eve": (12, 31),
    "new years day": (1, 1), "boxing day": (12, 26), "halloween": (10, 31), "valentines day": (2, 14),
    "fourth of july": (7, 4), "july fourth": (7, 4),
}
# Holidays whose day moves with the year, as the United States keeps them (Easter as the Western churches do).
# Their names are shared by countries that keep them on other days (Canada's Thanksgiving in October, Labor Day
# on 1 May in most countries, Britain's Mother's Day in March): one is taken only when the article is at most
# FLOATING_REACH after it, where a story that names it without a date means the one just gone.
FLOATING_HOLIDAY = re.compile(
    r"^(?P<name>thanksgiving|memorial day|labou?r day|martin luther king,? jr\.? day|martin luther king day|mlk day|"
    r"presidents'? day|mother'?s day|father'?s day|easter|easter sunday|easter monday|good friday)"
    r"(?: day)?$"
)
FLOATING_REACH = timedelta(days=45)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (0 = Monday) of a month; n = -1 for the last."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


FLOATING_DAYS = {
    "thanksgiving": lambda year: _nth_weekday(year, 11, 3, 4),
    "memorial day": lambda year: _nth_weekday(year, 5, 0, -1),
    "labor day": lambda year: _nth_weekday(year, 9, 0, 1),
    "martin luther king day": lambda year: _nth_weekday(year, 1, 0, 3),
    "presidents day": lambda year: _nth_weekday(year, 2, 0, 3),
    "mothers day": lambda year: _nth_weekday(year, 5, 6, 2),
    "fathers day": lambda year: _nth_weekday(year, 6, 6, 3),
    "easter": easter,
    "easter monday": lambda year: easter(year) + timedelta(days=1),
    "good friday": lambda year: easter(year) - timedelta(days=2),
}
# A holiday's name before one of these names the occasion, not the day: 'a Christmas party' is often held days
# before Christmas, 'the Thanksgiving weekend' is four days.
OCCASION_NOUNS = frozenset(
    "party parties parade weekend week holiday holidays break season shopping vacation travel rush".split())
COUNTED_FROM = re.compile(r"\b(?:after|before)[\s-]$", re.IGNORECASE)
# A day named by its weekday or holiday, as news writes it ('late Saturday', 'Sunday night', 'on New Year's Eve'):
# the small model leaves some untagged, so these are read from the text too.
DAY_NAME = re.compile(
    r"\b(?:(?:early|late)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:Christmas (?:Eve|Day)|New Year['’]s (?:Eve|Day)|Boxing Day|Halloween|Valentine['’]s Day|Fourth of July)"
    r"(?:,?\s+(?:1[5-9]|20)\d\d)?\b"
    # floating holidays; 'Thanksgiving Square', 'Easter Avenue' and 'Martin Luther King Boulevard' are places
    r"|\b(?:Thanksgiving(?: Day)?|Memorial Day|Labor Day|Martin Luther King,? Jr\.? Day|Mother['’]s Day|Father['’]s Day"
    r"|Easter(?: Sunday| Monday)?|Good Friday)\b(?!\s+[A-Z])"
)
DECADE = re.compile(r"\d0s\b")
DURATION = re.compile(r"^(?:\w+\s+)?(?:days|weeks|months|years|decades|hours|minutes)$", re.IGNORECASE)
# 'a 33-year veteran', 'a three-day siege': a length or an age written as an adjective, never a date
LENGTH_ADJECTIVE = re.compile(
    r"^(?:(?:a|an|the)\s+)?[\w.]+-(?:year|month|week|day|hour|minute)s?(?:-old|-long)?$", re.IGNORECASE
)
# 'ages 10, 8 and 4', 'aged 15': the model tags ages as DATE
AGES = re.compile(r"^(?:ages?|aged)\b", re.IGNORECASE)
# 'Posted: Sunday, February 16, 2014 1:50 PM EST', '(Published Thursday, June 12, 2014)', 'Updated: 01/26/2015',
# and an embedded post's '— Jane Doe (@janedoe) November 2, 2016': the page's or the post's own time stamp, like a
# dateline's date it dates the page, not an event
# (a label with its colon or in parentheses: 'the Guardian, published on January 27, an interview' is prose)
PAGE_STAMP = re.compile(
    r"(?:\b(?:Posted|Updated|Published|Created|Last updated)(?:\s+on)?:|\((?:Posted|Published)|\(@\w+\)"
    r"|\b(?:BREAKING|UPDATE|UPDATED|Update|Updated)\s*\()\s*$"  # 'BREAKING (Thursday, 4:02 p.m.):', 'UPDATE (8/16):'
)
PAGE_STAMP_REACH = 30  # characters before a date expression searched for its stamp's label
LAST_WEEKDAY = re.compile(r"^last\s+(" + "|".join(WEEKDAYS) + r")$")
# 'a year later', 'the next year': counted from another event, not from the article's date
COUNTED_FORWARD = re.compile(r"\blater\b|\b(?:next|following)\s+(?:year|month)\b", re.IGNORECASE)
# a year-shaped number opening an address: 'at 2073 Pleasant Oak Road', 'the 1900 block of Main Street'
HOUSE_NUMBER_AFTER = re.compile(
    r"\s+(?:block\b|(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}"
    rf"(?:{'|'.join(sorted((word.capitalize() for word in STREET_WORDS), key=len, reverse=True))})\b)"
)
UNSPECIFIC = re.compile(r"\b(?:week|weekend|recent|past|ago|decade|century|season|period|time)s?\b", re.IGNORECASE)
# A season ('last summer', 'this past winter', 'the fall of 2014'), northern: news of the southern hemisphere's
# summer in January would be read half a year off. Its which-word, after LEADING_WORDS took 'in', 'early', 'the'.
SEASON = re.compile(
    r"^(?:(?P<which>last|this|this past|past|earlier this|later this)\s+)?(?P<season>spring|summer|fall|autumn|winter)"
    r"(?:\s+(?:of\s+)?(?P<year>(?:1[5-9]|20)\d\d))?$"
)
# News writes its seasons in lower case: a capitalised one names a town ('a shooting in Spring', Texas) or an event
# ('the Summer Olympics')
NAMED_SEASON = re.compile(r"\b(?:Spring|Summer|Fall|Autumn|Winter|SPRING|SUMMER|FALL|AUTUMN|WINTER)\b")
# The middle month a season is dated to (at month precision: the text says no more), and the month it ends in.
SEASON_MONTHS = {"spring": (4, 5), "summer": (7, 8), "fall": (10, 11), "autumn": (10, 11), "winter": (1, 2)}
LAST_MONTH_NAME = re.compile(r"^(?:in\s+|since\s+)?last\s+(" + "|".join(MONTHS) + r")$", re.IGNORECASE)
MONTH_LAST_YEAR = re.compile(r"^(?:in\s+)?(" + "|".join(MONTHS) + r")\s+(last|this)\s+year$", re.IGNORECASE)
# Expressions that place a time a year or more before the article's own, whatever its date: background.
LONG_BEFORE = re.compile(
    r"\b(?:last|previous)\s+(?:year|decade|century)\b|\byears?\s+(?:ago|earlier|before)\b"
    r"|\b(?:decades?|centuries)\s+(?:ago|earlier|before)\b",
    re.IGNORECASE,
)
# Words that speak from the article's own time ('last week', 'this month', 'recently', 'ago') even where they
# name no date ('this week' is no date, but it is the article's now).
DEICTIC = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|now|recently|ago|(?:last|this|next|past)\s+(?:week|weekend|month|night))\b",
    re.IGNORECASE,
)
# Background: an act more than ~a month before the article's own date (a follow-up story days or weeks after a
# shooting still reports it; a year-old shoot-down recalled to explain relations is background).
HISTORICAL_AFTER = timedelta(days=30)
# The model tags ages ("Kwame El-Amin, 42,") and counts as DATE; only a four-digit number is a year.
BARE_NUMBER = re.compile(r"^[\d,.]+$")
YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
YEAR_IN = re.compile(r"(?<![\d,.])(?:1[5-9]|20)\d\d(?!\d|,\d)")
# 'FRANKLIN (Feb. 4, 2014) –', 'WASHINGTON, March 3, 2015 (Reuters) -', 'Feb 4, 2014 -': a date in the dateline
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
FULL_DATE = re.compile(
    rf"\b(?:{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:1[5-9]|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_WORD},?\s+(?:1[5-9]|20)\d\d"
    r"|(?:1[5-9]|20)\d\d-[01]\d-[0-3]\d)\b"
)
# 'March 1, 2014 5:40 PM', 'Nov 22, 2014, 00:10' on a line of its own: the page's time stamp, not prose that
# dates an act
STAMP_LINE = re.compile(
    rf"[ \t]*(?:{WEEKDAY_WORD.pattern},?\s+)?(?:{FULL_DATE.pattern})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?[ \t]*$",
    re.IGNORECASE,
)
# A month and its day ('September 30', 'on 20 Oct.'). News names the days of the last week by their weekday
# ('on Monday', AP style) and earlier days by month and day: in a story that speaks of its week in weekdays, a
# month and day without a year lies further back.
MONTH_DAY = re.compile(
    rf"\b(?:{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD})(?![\w-])",
    re.IGNORECASE,
)
TODAY = re.compile(r"\b(?:today|tonight)\b", re.IGNORECASE)
DATELINE_CHARS = 160
DATELINE_LINES = 2  # a dateline opens the text's first line, or its second after a line of the page's furniture
DATELINE_END = re.compile(r"\s*\)?\s*(?:\([^()\n]{1,30}\)\s*)?[-–—:]")
# How the article's own date was obtained (docs/extract-format.md, "Dates").
PUBLISHED_AT, RECORD_TIMESTAMP = "published_at", "record_timestamp"
DATELINE_DATE, LATEST_DATE = "dateline", "latest_date"


@dataclass(frozen=True)
class ResolvedDate:
    """A calendar date and how much of it the text gave (day, month or year); or, for an expression that needs
    the article's date when there is none, no date and precision ``relative``."""

    value: date | None
    precision: str  # day | month | year | relative


def article_date(published_at: datetime | None, received_at: datetime | None, text: str) -> ArticleDate | None:
    """The article's own date: published_at, else the record's timestamp, else its dateline's date, else the latest
    calendar date of its text (a lower bound); None when it gives none. A dateline dated before published_at dates
    the text ('SAVANNAH, GA (December 2, 2015): ... a Wednesday morning shooting' on a page an archive stamps 2017):
    its weekdays are counted from the day it was written."""
    if published_at is not None:
        dateline = dateline_date(text)
        if dateline is not None and dateline[0] < published_at.date():
            return ArticleDate(dateline[0], DATELINE_DATE)
        return ArticleDate(published_at.date(), PUBLISHED_AT)
    if received_at is not None:
        return ArticleDate(received_at.date(), RECORD_TIMESTAMP)
    dateline = dateline_date(text)
    if dateline is not None:
        return ArticleDate(dateline[0], DATELINE_DATE)
    latest = [r.value for m in FULL_DATE.finditer(text) if (r := resolve_date(m.group(0), None)) and r.value]
    return ArticleDate(max(latest), LATEST_DATE) if latest else None


def dateline_date(text: str) -> tuple[date, int] | None:
    """The date of the article's dateline and the offset where the dateline's date ends; it dates the
    article, not an event of it."""
    head = FULL_DATE.search(text[:DATELINE_CHARS])
    if head is None or not _in_dateline(text, head):
        return None
    resolved = resolve_date(head.group(0), None)
    if resolved is None or resolved.value is None or resolved.precision != "day":
        return None
    return resolved.value, head.end()


def dateline_date_end(text: str) -> int:
    """Where the dateline's date ends (0 without one), a date with its year or only its month and day ('BAGHDAD,
    May 29 (Xinhua) --'): the article's own day, which dates no event of it."""
    for pattern in (FULL_DATE, MONTH_DAY):
        head = pattern.search(text[:DATELINE_CHARS])
        if head is not None and _in_dateline(text, head):
            return head.end()
    return 0


def is_page_stamp(text: str, start: int) -> bool:
    """The date expression starting at ``start`` is the page's time stamp ('Posted: Thursday, April 23, 2015 10:11
    AM EDT', or a date and time alone on their line), which a page prints however long after the violence it was
    written."""
    if PAGE_STAMP.search(text[max(0, start - PAGE_STAMP_REACH) : start]) is not None:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return STAMP_LINE.fullmatch(text, line_start, len(text) if line_end < 0 else line_end) is not None


def is_house_number(text: str, start: int, end: int) -> bool:
    """The expression text[start:end] is a bare year-shaped number that opens an address ('a shooting at 2073
    Pleasant Oak Road'): a house number, no year."""
    return bool(YEAR.match(text[start:end])) and HOUSE_NUMBER_AFTER.match(text, end) is not None


def _in_dateline(text: str, match: re.Match) -> bool:
    """'FRANKLIN (Feb. 4, 2014) –', 'WASHINGTON, March 3, 2015 (Reuters) -': on the first line, or the second after
    a line the page put first ('Please enable Javascript to watch this video'), and followed by the dash or colon
    that ends a dateline."""
    after = text[match.end() : match.end() + 40]
    lines_before = [line for line in text[: match.start()].split("\n")[:-1] if line.strip()]
    return len(lines_before) < DATELINE_LINES and bool(DATELINE_END.match(after))


def resolve_date(expression: str, base: date | None) -> ResolvedDate | None:
    """The date an expression names, relative to the article's date ``base``; None when it names none.
    Without a base, an expression that needs one is ``ResolvedDate(None, "relative")``."""
    text = " ".join(expression.split())
    if base is not None:
        return _resolve(text, base) or _long_before(text)
    years = [int(y) for y in YEAR_IN.findall(text)]
    if years and not LONG_BEFORE.search(text):
        # the expression gives its own year: any base after it resolves it the same way
        return _resolve(text, date(max(years), 12, 31))
    if _resolve(text, date(2000, 12, 31)) is not None or names_holiday(text):  # a date that needs the article's
        return ResolvedDate(None, "relative")
    return _long_before(text)


def name_other_days(first: str, second: str) -> bool:
    """Two expressions of one article that need its date ('September 20', 'September 30'; 'Monday', 'Tuesday
    night'), both naming their day the same way (a month and day, or a weekday), name different days: under
    any one date of the article they resolve apart. Other pairs ('yesterday' and 'Monday') are not decided."""
    same_way = (names_month_day(first) and names_month_day(second)) or (
        bool(WEEKDAY_WORD.search(first)) and bool(WEEKDAY_WORD.search(second))
        and not MONTH_WORD.search(first) and not MONTH_WORD.search(second)
    )
    if not same_way:
        return False
    any_base = date(2000, 12, 31)
    a, b = resolve_date(first, any_base), resolve_date(second, any_base)
    return a is not None and b is not None and a.value is not None and b.value is not None and a.value != b.value


def _long_before(text: str) -> ResolvedDate | None:
    """'three years ago', 'decades earlier': no date, but a time long before the article's own (background)."""
    return ResolvedDate(None, "relative") if LONG_BEFORE.search(text) else None


# Times news counts back from its own day in weeks ('just last week', 'two weeks ago', 'earlier this week'): no day,
# but a span of days a reader would allow it, generous at the edges ('last week' in Tuesday's story is not Tuesday,
# in Sunday's it may be Friday).
WEEKS_BACK = re.compile(
    r"^(?:(?:just|only|exactly|early|late)\s+)*(?:(?P<last>last\s+week)|(?P<weekend>last\s+weekend)"
    r"|(?P<this>earlier\s+this\s+week)|(?P<n>a|an|one|two|three|four|\d)\s+weeks?\s+ago)$",
    re.IGNORECASE,
)
_WEEK_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def weeks_back_span(expression: str, base: date) -> tuple[date, date] | None:
    """The first and last day a count back in weeks from the article's day ``base`` may name ('last week': two to
    thirteen days before; 'last weekend': one to nine; 'earlier this week': one to six; 'two weeks ago': 10 to 18),
    or None for another expression."""
    match = WEEKS_BACK.match(" ".join(expression.split()).strip(" ,.;"))
    if match is None:
        return None
    if match.group("last"):
        back = (2, 13)
    elif match.group("weekend"):
        back = (1, 9)
    elif match.group("this"):
        back = (1, 6)
    else:
        weeks = _WEEK_COUNTS.get(match.group("n").lower()) or int(match.group("n"))
        back = (7 * weeks - 3, 7 * weeks + 4)
    return base - timedelta(days=back[1]), base - timedelta(days=back[0])


def needs_anchor(expression: str) -> bool:
    """The expression names a date only relative to the article's own ('on Tuesday', 'last year')."""
    resolved = resolve_date(expression, None)
    return resolved is not None and resolved.value is None


# a preposition by which the model's date span runs on into the place of the act ('Sunday to East 24th Street')
PLACE_PREPOSITION = re.compile(r"\s(?:to|at|in|near|on|outside|along)\s", re.IGNORECASE)


def date_before_place(expression: str) -> str | None:
    """The weekday a date span starts with when the model ran the span on into a place ('Sunday to East 24th',
    'Saturday near 23rd' of 'at 1:05 a.m. Saturday near 23rd and State streets'), or None: a span that names a day
    or a month after its preposition is a stretch of time ('Feb. 2 to Feb. 7', 'Saturday to Monday')."""
    match = PLACE_PREPOSITION.search(expression)
    if match is None:
        return None
    day, rest = expression[: match.start()], expression[match.end():]
    if not WEEKDAY_WORD.search(day) or names_day(rest) or YEAR_IN.search(rest):
        return None
    return day


def names_day(expression: str) -> bool:
    """A time expression that also names its day ('Tuesday night', 'around 10 p.m. Saturday', 'last night')."""
    return bool(WEEKDAY_WORD.search(expression) or MONTH_WORD.search(expression) or DAY_WORDS.search(expression)
                or names_holiday(expression))


def tells_time_of_day(expression: str) -> bool:
    """'around 10 p.m.', 'Thursday night', 'late morning': a time of day, which news gives for the moment of an
    incident rather than for the day a story was told."""
    return bool(TIME_OF_DAY.search(expression))


def speaks_of_now(expression: str) -> bool:
    """The expression is said from the article's own time: 'on Tuesday', 'yesterday', 'last week', 'a month ago'."""
    return needs_anchor(expression) or bool(DEICTIC.search(expression))


def is_historical(
    resolved: ResolvedDate | None, expression: str | None, own: ArticleDate | None, written_as_earlier: bool = False
) -> bool:
    """Background, not the news: the event's date (the end of its month or year for those precisions) lies more
    than ~a month before the article's own date (or before the latest date its text names); a relative expression
    that is a year or more back whatever the article's date ('in November last year', 'three years ago'); or, in
    an article with no date of its own, a date written the way news writes earlier times (``written_as_earlier``,
    see ``ArticleTime.historical`` in processors.events): 'in 1989' where the text speaks of its own time, 'on
    September 30' where it names its own week in weekdays."""
    if expression and LONG_BEFORE.search(expression):
        return True
    if written_as_earlier and (own is None or not own.anchors):
        return True
    if resolved is None or resolved.value is None:
        return False
    return own is not None and own.value - period_end(resolved) > HISTORICAL_AFTER


def period_end(resolved: ResolvedDate) -> date:
    """The last day a month covers (2015-11 ends on 2015-11-30: 'in June' is no background to 1 July); a year
    counts from its first day."""
    assert resolved.value is not None
    value = resolved.value
    if resolved.precision == "year":
        # a year's own start: an act dated only by the year the article is in ('126 killed so far this year')
        # is a running total or background, never the news's own incident, which news dates to the day
        return value
    if resolved.precision == "month":
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def names_month_day(expression: str) -> bool:
    """'September 30', 'on 20 Oct.': a month and its day, with neither a year nor a weekday."""
    return bool(MONTH_DAY.search(expression)) and not YEAR_IN.search(expression) and not WEEKDAY_WORD.search(expression)


# a weekday alone, as a date entity: 'Saturday', 'on Saturday', 'late Saturday night'
WEEKDAY_ALONE = re.compile(
    rf"(?:on\s+)?(?:(?:early|late)\s+)?{WEEKDAY_WORD.pattern}(?:\s+(?:morning|afternoon|evening|night))?",
    re.IGNORECASE,
)
# a day of the month alone: 'the 3rd', 'Around 1st' (of 'Around 1st May 2020'); no date without its month
ORDINAL_DAY_ALONE = re.compile(r"(?:(?:on|around|about|circa)\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)", re.IGNORECASE)
OPENS_WITH_MONTH = re.compile(rf"{_MONTH_WORD}(?![a-z])", re.IGNORECASE)


def splits_one_date(first: str, between: str, second: str) -> bool:
    """Two date expressions, in this order with ``between`` between them, that are one date the model tagged in
    two pieces: a weekday and the calendar date it stands before ('Saturday', 'Aug. 8'), or a day of the month and
    its month ('Around 1st', 'May 2020'). Apart, the weekday would be the last such weekday before the article's
    date, and the day no date at all."""
    if re.fullmatch(r",?\s*", between) is None:
        return False
    first, second = first.strip(), second.strip()
    if WEEKDAY_ALONE.fullmatch(first):
        return MONTH_DAY.match(second) is not None
    return ORDINAL_DAY_ALONE.fullmatch(first) is not None and OPENS_WITH_MONTH.match(second) is not None


def names_past_month(expression: str) -> bool:
    """'last June', 'in last December': a month at least weeks back (news says 'late last month' or 'in June'
    for one just gone), so background even when the article's own date is unknown."""
    return bool(LAST_MONTH_NAME.match(" ".join(expression.split()).strip(" ,.;")))


def speaks_of_its_week(expression: str) -> bool:
    """'on Tuesday', 'yesterday', 'last night': a day of the article's own week, named as news names it."""
    return bool(WEEKDAY_WORD.search(expression) or DAY_WORDS.search(expression) or TODAY.search(expression))


def names_year(expression: str) -> bool:
    """The expression writes its year ('in 1989', 'Aug. 7, 2015'), not 'last year' or 'on Tuesday'."""
    return bool(YEAR_IN.search(expression)) and not LONG_BEFORE.search(expression)


@lru_cache(maxsize=4096)
def _resolve(expression: str, base: date) -> ResolvedDate | None:
    seasons = not NAMED_SEASON.search(expression)
    text = expression.strip(" ,.;").lower()
    text = text.removesuffix("'s").removesuffix("’s")
    if not text or DURATION.match(text) or LENGTH_ADJECTIVE.match(text) or AGES.match(text) \
            or ORDINAL_DAY_ALONE.fullmatch(text):
        return None
    if "," in text and (YEAR_IN.search(text) or MONTH_WORD.search(text)):
        # 'Feb. 4, 2014', 'the 19 August, 2003', 'Thursday, Dec. 29': one date, the month and day say which
        whole = _resolve_part(WEEKDAY_WORD.sub("", LEADING_WORDS.sub("", text)).replace(",", " ").strip(), base,
                              seasons)
        if whole:
            return whole
    years = {int(y) for y in YEAR_IN.findall(text)}
    for part in text.split(","):  # the model sometimes glues two expressions: "Friday, days"
        resolved = _resolve_part(part.strip(), base, seasons)
        if resolved and (resolved.value is None or not years or resolved.value.year in years):
            # not 'September 25' alone out of 'September 25, 2016' in a story dated before it: a day the text
            # puts after the article's date is none it reports, and another year's is no day at all
            return resolved
    return None


def _resolve_part(text: str, base: date, seasons: bool = True) -> ResolvedDate | None:
    text = " ".join(text.split())
    core = LEADING_WORDS.sub("", text)
    weekday = LEADING_WORDS.sub("", TIME_OF_DAY.sub("", core.removeprefix("this past ").removeprefix("this ")).strip())
    weekday = CLOCK_HOUR.sub("", " ".join(weekday.split()))
    if weekday in WEEKDAYS:  # 'Monday evening' in Monday's paper is that day, not a week before
        return ResolvedDate(base - timedelta(days=(base.weekday() - WEEKDAYS.index(weekday)) % 7), "day")
    last = LAST_WEEKDAY.match(weekday)
    if last:  # 'last Friday' in Saturday's paper is not the day before, which it would call 'Friday'
        back = (base.weekday() - WEEKDAYS.index(last.group(1))) % 7
        return ResolvedDate(base - timedelta(days=back + 7 if back <= 1 else back), "day")
    holiday = _holiday(core, base) or _floating_holiday(weekday, base)
    if holiday is not None:
        return holiday
    match = MONTH_LAST_YEAR.match(text.removeprefix("in "))
    if match:
        year = base.year - 1 if match.group(2) == "last" else base.year
        return ResolvedDate(date(year, MONTHS.index(match.group(1)) + 1, 1), "month")
    match = LAST_MONTH_NAME.match(text)
    if match:  # 'last June': the latest June before the article's month
        month = MONTHS.index(match.group(1)) + 1
        return ResolvedDate(date(base.year if month < base.month else base.year - 1, month, 1), "month")
    season = _season(core, base, text != core) if seasons else None
    if season is not None:
        return season
    # 'overnight' in a day's story is the night that ended that morning: its small hours are of the story's day
    if text in {"today", "tonight", "this morning", "this afternoon", "this evening", "overnight"}:
        return ResolvedDate(base, "day")
    if text == "last night":
        return ResolvedDate(base - timedelta(days=1), "day")
    if UNSPECIFIC.search(text) or DURATION.match(core) or DECADE.search(text) or COUNTED_FORWARD.search(text):
        return None
    if BARE_NUMBER.match(core) and not YEAR.match(core):
        return None
    return _dateparser(core, base)


def _season(text: str, base: date, led: bool) -> ResolvedDate | None:
    """A season, at month precision on its middle month: 'last summer' in November's story is that year's summer, in
    July's the year before (the latest summer over by the story's day); 'this summer', 'summer' and 'earlier this
    spring' the one of the story's year ('this winter' the one around New Year until June, then the coming one);
    'the summer of 2014' that year's. The season's end, not its middle, decides whether 'last' can be this year's."""
    match = SEASON.match(text)
    if match is None or not (led or match.group("which") or match.group("year")):
        return None  # a season word alone modifies a noun: 'the summer capital', 'summer camp'
    middle, end = SEASON_MONTHS[match.group("season")]
    if match.group("year"):
        return ResolvedDate(date(int(match.group("year")), middle, 1), "month")
    # this winter: the one around New Year, the one just over until summer, then the coming one
    year = base.year + 1 if middle == 1 and (base.month == 12 or 6 < base.month) else base.year
    if match.group("which") in {"last", "past", "this past"}:
        year = base.year
        while date(year, end, calendar.monthrange(year, end)[1]) >= base:
            year -= 1
    return ResolvedDate(date(year, middle, 1), "month")


def _holiday(text: str, base: date) -> ResolvedDate | None:
    """'Christmas Eve', 'New Year's Day 2015': the holiday of the year it gives, else the latest one on or before
    the article's date."""
    match = HOLIDAY.match(text.replace("’", "'"))
    if match is None:
        return None
    month, day = FIXED_HOLIDAYS[match.group("name").replace("'", "")]
    if match.group("year"):
        return ResolvedDate(date(int(match.group("year")), month, day), "day")
    this_year = date(base.year, month, day)
    return ResolvedDate(this_year if this_year <= base else date(base.year - 1, month, day), "day")


def _floating_holiday(text: str, base: date) -> ResolvedDate | None:
    """'Thanksgiving', 'Easter Sunday', 'Father's Day': the latest one on or before the article's date, when it
    is at most FLOATING_REACH before it."""
    match = FLOATING_HOLIDAY.match(text.replace("’", "'"))
    if match is None:
        return None
    name = match.group("name").replace("'", "").replace("labour", "labor").replace(",", "")
    name = {"easter sunday": "easter", "mlk day": "martin luther king day",
            "martin luther king jr. day": "martin luther king day",
            "martin luther king jr day": "martin luther king day"}.get(name, name)
    day_of = FLOATING_DAYS[name]
    day = day_of(base.year)
    if day > base:
        day = day_of(base.year - 1)
    return ResolvedDate(day, "day") if base - day <= FLOATING_REACH else None


def names_other_day(text: str, start: int, end: int) -> bool:
    """The holiday named at ``text[start:end]`` is not the day meant: it modifies an occasion ('a Christmas
    party', 'the Thanksgiving weekend'), or a day is counted from it ('the day after Thanksgiving',
    'a day-after-Thanksgiving shooting')."""
    following = text[end:end + 20].split(maxsplit=1)
    if following and following[0].strip(".,;:").lower() in OCCASION_NOUNS:
        return True
    return bool(COUNTED_FROM.search(text[max(0, start - 12):start]))


def names_holiday(expression: str) -> bool:
    """The expression is a holiday's name ('Christmas', 'Thanksgiving Day', 'Easter Sunday')."""
    text = TIME_OF_DAY.sub("", expression.lower().replace("’", "'"))
    text = LEADING_WORDS.sub("", " ".join(text.split())).strip(" ,.;")
    return bool(HOLIDAY.match(text) or FLOATING_HOLIDAY.match(text))


def _dateparser(text: str, base: date) -> ResolvedDate | None:
    data = _parser(base).get_date_data(text)
    if data is None or data.date_obj is None or data.period not in {"day", "month", "year", "time"}:
        return None
    value = data.date_obj.date()
    if data.period == "year":
        return ResolvedDate(date(value.year, 1, 1), "year")
    if data.period == "month":
        return ResolvedDate(value.replace(day=1), "month")
    if value > base:  # PREFER_DATES_FROM=past still lets explicit future days through; news reports the past
        return None
    return ResolvedDate(value, "day")


@lru_cache(maxsize=64)
def _parser(base: date) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": [],
        },
    )
