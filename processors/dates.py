"""Resolve date expressions ("on Friday", "in November last year", "9 May 2020") against the publication date.

News convention first (a bare weekday is the most recent such day on or before publication,
the publication day included), then dateparser with RELATIVE_BASE = publication date and
PREFER_DATES_FROM = past for everything else. Durations ("two years", "days") are not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

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
LEADING_WORDS = re.compile(r"^(?:(?:on|in|at|since|by|during|from|early|late|mid|the|of)\s+)+", re.IGNORECASE)
DECADE = re.compile(r"\d0s\b")
DURATION = re.compile(r"^(?:\w+\s+)?(?:days|weeks|months|years|decades|hours|minutes)$", re.IGNORECASE)
UNSPECIFIC = re.compile(r"\b(?:week|weekend|recent|past|ago|decade|century|season|period|time)s?\b", re.IGNORECASE)
MONTH_LAST_YEAR = re.compile(r"^(?:in\s+)?(" + "|".join(MONTHS) + r")\s+(last|this)\s+year$", re.IGNORECASE)
HISTORICAL_AFTER = timedelta(days=30)
# The model tags ages ("Kwame El-Amin, 42,") and counts as DATE; only a four-digit number is a year.
BARE_NUMBER = re.compile(r"^[\d,.]+$")
YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")


@dataclass(frozen=True)
class ResolvedDate:
    """A calendar date and how much of it the text gave (day, month or year)."""

    value: date
    precision: str


def resolve_date(expression: str, published: date | None) -> ResolvedDate | None:
    """The date an expression names, relative to the publication date; None when it names none."""
    base = published or date.today()
    return _resolve(" ".join(expression.split()), base)


def is_historical(event_date: date | None, published: date | None) -> bool:
    """Events dated more than ~a month before publication are background, not the news."""
    return bool(event_date and published and published - event_date > HISTORICAL_AFTER)


@lru_cache(maxsize=4096)
def _resolve(expression: str, base: date) -> ResolvedDate | None:
    text = expression.strip(" ,.;").lower()
    text = text.removesuffix("'s").removesuffix("’s")
    if not text or DURATION.match(text):
        return None
    for part in text.split(","):  # the model sometimes glues two expressions: "Friday, days"
        resolved = _resolve_part(part.strip(), base)
        if resolved:
            return resolved
    return None


def _resolve_part(text: str, base: date) -> ResolvedDate | None:
    core = LEADING_WORDS.sub("", text)
    weekday = core.removeprefix("this past ").removeprefix("this ")
    if weekday in WEEKDAYS:
        return ResolvedDate(base - timedelta(days=(base.weekday() - WEEKDAYS.index(weekday)) % 7), "day")
    match = MONTH_LAST_YEAR.match(text.removeprefix("in "))
    if match:
        year = base.year - 1 if match.group(2) == "last" else base.year
        return ResolvedDate(date(year, MONTHS.index(match.group(1)) + 1, 1), "month")
    if text in {"today", "tonight", "this morning", "this afternoon", "this evening"}:
        return ResolvedDate(base, "day")
    if text in {"last night", "overnight"}:
        return ResolvedDate(base - timedelta(days=1), "day")
    if UNSPECIFIC.search(text) or DURATION.match(core) or DECADE.search(text):
        return None
    if BARE_NUMBER.match(core) and not YEAR.match(core):
        return None
    return _dateparser(core, base)


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
