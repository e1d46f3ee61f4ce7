"""The store owns SQL: engines, idempotent batch writes of extractions, and event queries.

Writes are idempotent upserts keyed on natural ids (article id, deterministic event id), so
re-delivered Kafka messages, restarts and replays update rows instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from db.models import ArticleRow, EntityMentionRow, EventRow

# What the sink receives per article (the ``extractions`` topic value):
#   {"article": {id, url?, source?, title?, published_at?, language?, text_chars},
#    "extraction": Extraction.to_json()}
ExtractedArticle = Mapping[str, Any]


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    """An engine for the URL; SQLite gets WAL (readers never block the sink) and foreign keys."""
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(database_url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def save_extractions(engine: Engine, items: Iterable[ExtractedArticle]) -> int:
    """Write a batch in one transaction; returns the number of articles written.

    Each article's events and entity mentions are replaced by the new set: events are upserted by
    their deterministic id (keeping ``created_at``), and events no longer extracted are removed.
    """
    by_article = {item["article"]["id"]: item for item in items}  # a re-sent article: last one wins
    if not by_article:
        return 0
    now = datetime.now(UTC)
    articles = [_article_row(item, now) for item in by_article.values()]
    events = [row for item in by_article.values() for row in _event_rows(item, now)]
    mentions = [row for item in by_article.values() for row in _mention_rows(item)]
    with engine.begin() as conn:
        _upsert(conn, ArticleRow, articles, ["id"], keep=())
        _delete_stale_events(conn, list(by_article), {row["event_id"] for row in events})
        _upsert(conn, EventRow, _dedupe(events, "event_id"), ["event_id"], keep=("created_at",))
        conn.execute(delete(EntityMentionRow).where(EntityMentionRow.article_id.in_(list(by_article))))
        if mentions:
            conn.execute(EntityMentionRow.__table__.insert(), _dedupe_mentions(mentions))
    return len(articles)


def _upsert(conn: Connection, model: Any, rows: Sequence[dict[str, Any]], key: list[str],
            keep: tuple[str, ...]) -> None:
    if not rows:
        return
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(model.__table__)
    updates = {name: stmt.excluded[name] for name in rows[0] if name not in key and name not in keep}
    conn.execute(stmt.on_conflict_do_update(index_elements=key, set_=updates), list(rows))


def _delete_stale_events(conn: Connection, article_ids: list[str], keep_ids: set[str]) -> None:
    stale = delete(EventRow).where(EventRow.article_id.in_(article_ids))
    if keep_ids:
        stale = stale.where(EventRow.event_id.not_in(keep_ids))
    conn.execute(stale)


def _dedupe(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    # PostgreSQL rejects one key twice in a single INSERT ... ON CONFLICT statement.
    return list({row[key]: row for row in rows}.values())


def _dedupe_mentions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({(r["article_id"], r["start_char"], r["end_char"], r["label"]): r for r in rows}.values())


def _article_row(item: ExtractedArticle, now: datetime) -> dict[str, Any]:
    article, extraction = item["article"], item["extraction"]
    return {
        "id": article["id"],
        "url": article.get("url"),
        "source": article.get("source"),
        "title": article.get("title"),
        "published_at": _parse_datetime(article.get("published_at")),
        "language": article.get("language"),
        "text_chars": article.get("text_chars", 0),
        "event_count": len(extraction.get("events", [])),
        "extractor_version": extraction.get("extractor_version", ""),
        "processed_at": now,
    }


def _event_rows(item: ExtractedArticle, now: datetime) -> Iterable[dict[str, Any]]:
    extraction = item["extraction"]
    for ev in extraction.get("events", []):
        source, target = ev.get("source") or {}, ev.get("target") or {}
        location = ev.get("location") or {}
        killed, injured = ev.get("killed") or {}, ev.get("injured") or {}
        yield {
            "event_id": ev["event_id"],
            "article_id": item["article"]["id"],
            "cameo": ev["cameo"],
            "cameo_root": ev["cameo"][:2],
            "plover": ev.get("plover"),
            "quad_class": ev.get("quad_class"),
            "goldstein": ev.get("goldstein"),
            "source_text": source.get("text"),
            "source_code": source.get("code"),
            "source_country": source.get("country"),
            "source_role": source.get("role"),
            "target_text": target.get("text"),
            "target_code": target.get("code"),
            "target_country": target.get("country"),
            "target_role": target.get("role"),
            "event_date": date.fromisoformat(ev["date"]) if ev.get("date") else None,
            "date_precision": ev.get("date_precision"),
            "historical": bool(ev.get("historical")),
            "location_name": location.get("name"),
            "location_country": location.get("country"),
            "location_admin1": location.get("admin1"),
            "location_lat": location.get("lat"),
            "location_lon": location.get("lon"),
            "location_precision": location.get("precision"),
            "killed_low": killed.get("low"),
            "killed_best": killed.get("best"),
            "killed_high": killed.get("high"),
            "killed_evidence": killed.get("text"),
            "injured_low": injured.get("low"),
            "injured_best": injured.get("best"),
            "injured_high": injured.get("high"),
            "injured_evidence": injured.get("text"),
            "confidence": ev.get("confidence", 0.5),
            "sentence": ev.get("sentence", ""),
            "start_char": ev.get("start", 0),
            "end_char": ev.get("end", 0),
            "extractor_version": extraction.get("extractor_version", ""),
            "created_at": now,
            "updated_at": now,
        }


def _mention_rows(item: ExtractedArticle) -> Iterable[dict[str, Any]]:
    for mention in item["extraction"].get("entities", []):
        actor = mention.get("actor") or {}
        yield {
            "article_id": item["article"]["id"],
            "start_char": mention["start"],
            "end_char": mention["end"],
            "text": mention["text"],
            "label": mention["label"],
            "actor_name": actor.get("name"),
            "actor_code": actor.get("code"),
            "actor_country": actor.get("country") or mention.get("country"),
            "actor_role": actor.get("role"),
        }


def _parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class EventFilter:
    """What ``eventpipe events`` and the web endpoint can filter on; every value is a bound parameter."""

    since: date | None = None
    country: str | None = None  # ISO3 of the location, source or target
    event_type: str | None = None  # PLOVER type (ASSAULT) or CAMEO code prefix (19, 190)
    min_killed: int | None = None
    text: str | None = None
    article_ids: tuple[str, ...] = ()
    limit: int = 100
    offset: int = 0


def query_events(engine: Engine, flt: EventFilter) -> list[dict[str, Any]]:
    """Events matching the filter, newest event date first."""
    stmt = select(EventRow.__table__, ArticleRow.source, ArticleRow.url).join(
        ArticleRow, ArticleRow.id == EventRow.article_id)
    if flt.since:
        stmt = stmt.where(EventRow.event_date >= flt.since)
    if flt.country:
        code = flt.country.upper()
        stmt = stmt.where(or_(EventRow.location_country == code, EventRow.source_country == code,
                              EventRow.target_country == code))
    if flt.event_type:
        kind = flt.event_type.upper()
        stmt = stmt.where(EventRow.plover == kind) if kind.isalpha() else stmt.where(EventRow.cameo.startswith(kind, autoescape=True))
    if flt.min_killed is not None:
        stmt = stmt.where(EventRow.killed_best >= flt.min_killed)
    if flt.text:
        stmt = stmt.where(EventRow.sentence.icontains(flt.text, autoescape=True))
    if flt.article_ids:
        stmt = stmt.where(EventRow.article_id.in_(flt.article_ids))
    stmt = stmt.order_by(EventRow.event_date.desc().nulls_last(), EventRow.article_id, EventRow.start_char)
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(flt.limit).offset(flt.offset)).all()
    return [dict(row._mapping) for row in rows]


def processed_article_ids(engine: Engine, article_ids: Sequence[str]) -> set[str]:
    """Which of these articles are in the store (the demo waits on this)."""
    if not article_ids:
        return set()
    with engine.connect() as conn:
        found = conn.execute(select(ArticleRow.id).where(ArticleRow.id.in_(list(article_ids)))).scalars()
        return set(found)


def table_counts(engine: Engine) -> dict[str, int]:
    """Row counts of the main tables."""
    with engine.connect() as conn:
        return {
            model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (ArticleRow, EventRow, EntityMentionRow)
        }
