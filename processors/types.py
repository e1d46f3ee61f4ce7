"""Typed results shared by the processors. Plain frozen dataclasses: no spaCy, Kafka or SQL types leak out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article, validated and normalised (see ``processors.articles.parse_article``)."""

    id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    # When the stream received it (the Kafka record's timestamp): the article's date when published_at is absent
    received_at: datetime | None = None


@dataclass(frozen=True)
class ArticleDate:
    """The article's own date and how it was obtained (``basis``: published_at | record_timestamp | dateline |
    latest_date). ``latest_date`` is only a lower bound, the latest date the text names: it tells background
    from news but resolves no relative expression (``processors.dates.article_date``)."""

    value: date
    basis: str

    @property
    def anchors(self) -> bool:
        """Relative expressions ('on Tuesday') may be resolved against it."""
        return self.basis != "latest_date"


@dataclass(frozen=True)
class Actor:
    """A CAMEO-style actor: ``code`` is country + role (``TURGOV``) or a named group (``IMGMUSISI``)."""

    name: str
    code: str
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class EntityRef:
    """The named entity a mention refers to, by its text and offsets in the article."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class EntityMention:
    """A span in the article text that names something (a named entity) or refers to an actor (a mention: a
    pronoun, a description, a state acting), with its actor coding when it is an actor."""

    text: str
    label: str
    start: int
    end: int
    actor: Actor | None = None
    country: str | None = None  # for places: ISO 3166-1 alpha-3 of the place
    refers_to: EntityRef | None = None  # mentions only: the named entity it stands for, when resolved


@dataclass(frozen=True)
class ActorRef:
    """An event participant: the text that names it in the sentence and its actor coding."""

    text: str
    code: str | None = None
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Location:
    """Where an event happened, from the gazetteer."""

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # city | admin1 | country


@dataclass(frozen=True)
class Count:
    """A casualty count with ACLED-style bounds and the text it was read from."""

    low: int
    best: int
    high: int
    text: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class CasualtyAggregate:
    """A killed/injured figure that is no violent incident's toll, so no event carries it.

    ``category`` is one of ``running_total``, ``campaign``, ``statistic``, ``disaster``, ``accident``,
    ``disease``, ``sport`` (docs/casualties.md); ``kind`` is ``killed`` or ``injured``.
    """

    kind: str
    category: str
    count: Count
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One coded event: who did what to whom, when and where, with its casualties."""

    event_id: str
    cameo: str
    plover: str | None
    source: ActorRef | None
    target: ActorRef | None
    sentence: str
    start: int
    end: int
    date: date | None = None
    date_precision: str | None = None  # day | month | year; relative: an expression with no date to resolve it
    date_text: str | None = None  # the date expression the date was read from ("on Tuesday", "in 1989")
    historical: bool = False
    location: Location | None = None
    killed: Count | None = None
    injured: Count | None = None
    confidence: float = 0.5
    quad_class: int | None = None
    goldstein: float | None = None
    trigger: str | None = None
    trigger_start: int | None = None  # the trigger word's character offset in the text


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article, in the order the text gives it."""

    article_id: str
    entities: tuple[EntityMention, ...] = ()
    events: tuple[Event, ...] = ()
    extractor_version: str = ""
    warnings: tuple[str, ...] = field(default=())
    aggregates: tuple[CasualtyAggregate, ...] = ()  # casualty figures that are no incident's toll
    article_date: ArticleDate | None = None  # the article's own date, which relative dates were resolved against
    # actor references that are not names (pronouns, descriptions, a state acting): docs/extract-format.md
    mentions: tuple[EntityMention, ...] = ()
    # "title" when the events were read from the headline, the text giving none: their offsets index the title
    events_from: str = "text"

    def to_json(self) -> dict[str, Any]:
        """The public extract format (docs/extract-format.md), as read by ``../shared/eval/score.py``."""
        return {
            "article_id": self.article_id,
            "extractor_version": self.extractor_version,
            "events": [_event_json(e) for e in self.events],
            "entities": [_drop_none(asdict(m)) for m in self.entities],
            "aggregates": [asdict(a) for a in self.aggregates],
            "mentions": [_drop_none(asdict(m)) for m in self.mentions],
            "article_date": {"date": self.article_date.value.isoformat(), "basis": self.article_date.basis}
            if self.article_date else None,
            "events_from": self.events_from,
        }


def _event_json(event: Event) -> dict[str, Any]:
    data = asdict(event)
    data["date"] = event.date.isoformat() if event.date else None
    return data


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
