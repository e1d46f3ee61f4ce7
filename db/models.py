"""SQLAlchemy 2.x typed models. The schema itself only ever comes from the Alembic migrations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every table."""


class ArticleRow(Base):
    """One processed article (the text itself is not kept: the feed owns it)."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(16))
    text_chars: Mapped[int] = mapped_column(Integer)
    event_count: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(40))
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Digest of the message the sink stored (article metadata + extraction): an unchanged replay writes nothing.
    extraction_hash: Mapped[str | None] = mapped_column(String(64))
    # First time the sink stored the article: its "seen" time when published_at is unknown (kept on rewrites).
    first_processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the extractor produced the stored extraction: an older one arriving late never replaces it.
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EventRow(Base):
    """One report of an event (a mention): what one article said, linked to its canonical event.

    The table keeps its historical name ``events`` so existing SQL keeps working; consumers who want
    one row per real-world event read ``canonical_events`` (or the ``events_current`` view).
    """

    __tablename__ = "events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    cameo: Mapped[str] = mapped_column(String(8))
    cameo_root: Mapped[str] = mapped_column(String(2))
    plover: Mapped[str | None] = mapped_column(String(32))
    quad_class: Mapped[int | None] = mapped_column(Integer)
    goldstein: Mapped[float | None] = mapped_column(Float)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_code: Mapped[str | None] = mapped_column(String(40))
    source_country: Mapped[str | None] = mapped_column(String(3))
    source_role: Mapped[str | None] = mapped_column(String(16))
    target_text: Mapped[str | None] = mapped_column(Text)
    target_code: Mapped[str | None] = mapped_column(String(40))
    target_country: Mapped[str | None] = mapped_column(String(3))
    target_role: Mapped[str | None] = mapped_column(String(16))
    event_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    location_name: Mapped[str | None] = mapped_column(String(200))
    location_country: Mapped[str | None] = mapped_column(String(3))
    location_admin1: Mapped[str | None] = mapped_column(String(200))
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[str | None] = mapped_column(String(16))
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    killed_evidence: Mapped[str | None] = mapped_column(Text)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    injured_evidence: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    sentence: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The canonical event this report was linked to (NULL only for rows written before migration 0002).
    canonical_id: Mapped[str | None] = mapped_column(
        ForeignKey("canonical_events.id", ondelete="SET NULL"), index=True)
    # Matching score against the canonical event; NULL when this report founded it.
    match_score: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_events_event_date", "event_date"),
        Index("ix_events_cameo_root", "cameo_root"),
        Index("ix_events_plover", "plover"),
        Index("ix_events_location_country", "location_country"),
        Index("ix_events_updated_at", "updated_at"),
    )


class CanonicalEventRow(Base):
    """One real-world event, merged from all its reports, with values reconciled across them.

    The id is assigned once and never changes; ``revision`` and ``updated_at`` move whenever a
    reconciled value changes. See docs/store.md for the matching and reconciliation rules.
    """

    __tablename__ = "canonical_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # active | retracted (no report left) | merged
    # Set when status is "merged": the canonical event that took over this one's reports.
    merged_into: Mapped[str | None] = mapped_column(String(32))
    block_type: Mapped[str] = mapped_column(String(16))  # matching block: "violence" (CAMEO 18-20) or the root
    country: Mapped[str | None] = mapped_column(String(3))  # place's country, else target's, else source's
    anchor_date: Mapped[date] = mapped_column(Date)  # event date, else first report's date: the blocking date
    event_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    historical: Mapped[bool] = mapped_column(Boolean)
    cameo: Mapped[str] = mapped_column(String(8))
    cameo_root: Mapped[str] = mapped_column(String(2))
    plover: Mapped[str | None] = mapped_column(String(32))
    quad_class: Mapped[int | None] = mapped_column(Integer)
    goldstein: Mapped[float | None] = mapped_column(Float)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_code: Mapped[str | None] = mapped_column(String(40))
    source_country: Mapped[str | None] = mapped_column(String(3))
    target_text: Mapped[str | None] = mapped_column(Text)
    target_code: Mapped[str | None] = mapped_column(String(40))
    target_country: Mapped[str | None] = mapped_column(String(3))
    location_name: Mapped[str | None] = mapped_column(String(200))
    location_country: Mapped[str | None] = mapped_column(String(3))
    location_admin1: Mapped[str | None] = mapped_column(String(200))
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[str | None] = mapped_column(String(16))
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_best: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_best: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    sentence: Mapped[str] = mapped_column(Text)
    report_count: Mapped[int] = mapped_column(Integer)
    article_count: Mapped[int] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_canonical_events_block", "block_type", "country", "anchor_date"),
        Index("ix_canonical_events_updated_at", "updated_at"),
        Index("ix_canonical_events_event_date", "event_date"),
        Index("ix_canonical_events_merged_into", "merged_into"),
    )


class EntityMentionRow(Base):
    """A named entity (``layer`` 'entity') or an actor mention that is not a name (``layer`` 'mention': a pronoun,
    a description, a state acting) in an article, with its actor coding when it is an actor."""

    __tablename__ = "entity_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(32))
    actor_name: Mapped[str | None] = mapped_column(String(200))
    actor_code: Mapped[str | None] = mapped_column(String(40), index=True)
    actor_country: Mapped[str | None] = mapped_column(String(3))
    actor_role: Mapped[str | None] = mapped_column(String(16))
    layer: Mapped[str] = mapped_column(String(8), default="entity", server_default="entity")
    # a mention's named entity (same article), by its offsets; NULL for entities and unresolved mentions
    refers_to_start: Mapped[int | None] = mapped_column(Integer)
    refers_to_end: Mapped[int | None] = mapped_column(Integer)
    # a person in no office named by the entity, folded (``db.canonical.person_keys``); re-clustering matches on it
    person_key: Mapped[str | None] = mapped_column(String(200), index=True)
    # a street the entity names, folded (``db.canonical.street_keys``); re-clustering matches on it too
    street_key: Mapped[str | None] = mapped_column(String(200), index=True)

    __table_args__ = (UniqueConstraint("article_id", "start_char", "end_char", "label"),)
