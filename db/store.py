"""The store owns SQL: engines, idempotent batch writes of extractions, and event queries.

``events`` holds one row per report (mention) of an event; ``canonical_events`` one row per real
event merged from its reports (``db.canonical``). docs/store.md describes both for consumers.

Writes are idempotent upserts keyed on natural ids (article id, deterministic event id), so
re-delivered Kafka messages, restarts and replays update rows instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Table, case, create_engine, delete, event, exists, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from db.canonical import (
    aware,
    link_reports,
    lock_articles,
    lock_canonical,
    person_keys,
    recluster,
    reconcile,
    street_keys,
)
from db.models import ArticleRow, CanonicalEventRow, EntityMentionRow, EventRow

# What the sink receives per article (the ``extractions`` topic value):
#   {"article": {id, url?, source?, title?, published_at?, language?, text_chars},
#    "extraction": Extraction.to_json()}
ExtractedArticle = Mapping[str, Any]


log = logging.getLogger(__name__)


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
    """Write a batch in one transaction; returns the number of articles written (unchanged and stale skipped).

    Each article's events (its reports) and entity mentions are replaced by the new set: events are
    upserted by their deterministic id (keeping ``created_at``), and events no longer extracted are
    removed. Every report is linked to a canonical event (``db.canonical``), and the canonical events
    it joined or left are reconciled, all in the same transaction.

    Idempotent and ordered (docs/store.md, "Replays and concurrent writers"): an article whose message
    is the one already stored (same digest) writes nothing at all; an extraction older than the stored
    one (older extractor version, or the same version extracted earlier) never replaces it. Writers
    of the same article are serialised by a per-article lock taken first; canonical events are locked
    (in id order) before their reports are written and reconciled. After the commit, the canonical
    events of the batch's articles are re-clustered (``db.canonical.recluster``) in their own
    transactions.
    """
    by_article = {item["article"]["id"]: item for item in items}  # a re-sent article: last one wins
    if not by_article:
        return 0
    now = datetime.now(UTC)
    article_ids = sorted(by_article)
    with engine.begin() as conn:
        lock_articles(conn, article_ids)  # first: the article's writers queue here (SQLite: the write lock)
        stored = {r.id: r for r in conn.execute(
            select(ArticleRow.id, ArticleRow.extractor_version, ArticleRow.extraction_hash, ArticleRow.extracted_at,
                   ArticleRow.first_processed_at, ArticleRow.processed_at).where(ArticleRow.id.in_(article_ids)))}
        digests = {article_id: extraction_digest(item) for article_id, item in by_article.items()}
        writes = {}
        for article_id in article_ids:
            item, old = by_article[article_id], stored.get(article_id)
            if old is not None and old.extraction_hash == digests[article_id]:
                continue  # a replay of what is stored: nothing changes, nothing moves
            if old is not None and is_older_extraction(item, old.extractor_version, old.extracted_at):
                log.info("article %s: an older extraction arrived after a newer one; kept the newer", article_id)
                continue
            writes[article_id] = item
        revised = _write_articles(conn, writes, stored, digests, now) if writes else set()
    try:
        # Only events whose values changed can newly meet another (their neighbours that changed
        # are in the set too); a pass that fails here is made by the next change, or db.recluster.
        recluster(engine, revised, now)
    except Exception:  # noqa: BLE001 - the batch is stored; a missed merge is retried when the events are touched
        log.warning("re-clustering after the batch failed; the batch itself is stored", exc_info=True)
    return len(writes)


def _write_articles(conn: Connection, writes: Mapping[str, ExtractedArticle], stored: Mapping[str, Any],
                    digests: Mapping[str, str], now: datetime) -> set[str]:
    """Store the articles that changed, link and reconcile; returns the canonical ids revised."""
    articles = []
    for article_id, item in writes.items():
        old = stored.get(article_id)
        row = _article_row(item, now)
        row["extraction_hash"] = digests[article_id]
        row["extracted_at"] = _extracted_at(item)
        row["first_processed_at"] = (old.first_processed_at or old.processed_at) if old is not None else now
        articles.append(row)
    # An article without a publication time is "seen" when the sink first stored it, on every rewrite.
    seen = {a["id"]: aware(a["published_at"] or a["first_processed_at"]) for a in articles}
    # Linked in publication order, as a reader meets them: the first story of an incident founds its event.
    in_order = [writes[a] for a in sorted(writes, key=lambda a: (seen[a], a))]
    events = _dedupe([row for item in in_order for row in _event_rows(item, now)], "event_id")
    mentions = [row for item in writes.values() for row in _mention_rows(item)]
    _upsert(conn, ArticleRow, articles, ["id"], keep=("first_processed_at",))
    previous = {r.event_id: (r.canonical_id, r.match_score) for r in conn.execute(
        select(EventRow.event_id, EventRow.canonical_id, EventRow.match_score)
        .where(EventRow.article_id.in_(list(writes))))}
    linked = link_reports(conn, events, previous, seen, now)
    # Lock every canonical event reconciled below (id order), then follow merges made meanwhile.
    left = {c for c, _ in previous.values() if c}
    redirect = lock_canonical(conn, linked | left)
    for row in events:
        row["canonical_id"] = redirect.get(row["canonical_id"], row["canonical_id"])
    _delete_stale_events(conn, list(writes), {row["event_id"] for row in events})
    _upsert(conn, EventRow, events, ["event_id"], keep=("created_at",))
    # Canonical events that lost a report (re-extraction) are reconciled too, possibly retracted.
    touched = {row["canonical_id"] for row in events} | left | set(redirect.values())
    revised = reconcile(conn, touched, now)
    conn.execute(delete(EntityMentionRow).where(EntityMentionRow.article_id.in_(list(writes))))
    _insert_rows(conn, EntityMentionRow.__table__, _dedupe_mentions(mentions))
    return revised


def _insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (every row with the same keys); PostgreSQL: one ``COPY`` in the transaction.

    An article has ~60 entity mentions; as an executemany, psycopg sends and the server runs each row as
    its own statement, and that was the largest single cost of the sink's batch after matching.
    """
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    import psycopg  # the PostgreSQL driver; only PostgreSQL gets here

    columns = list(rows[0])
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    try:
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(tuple(row[name] for name in columns))
    except psycopg.Error as exc:  # as SQLAlchemy raises it for any statement: the sink tells transient from refused
        raise DBAPIError.instance(statement, None, exc, psycopg.Error, dialect=conn.dialect) from exc


def extraction_digest(item: ExtractedArticle) -> str:
    """A digest of what is stored for an article: its metadata and extraction (not when it was extracted)."""
    content = {"article": item["article"], "extraction": item["extraction"]}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def is_older_extraction(item: ExtractedArticle, stored_version: str | None, stored_at: datetime | None) -> bool:
    """True when ``item`` is older than the stored extraction: an older extractor version, else (same or
    incomparable versions) extracted before the stored one. Unknown on either side is never older."""
    new_version = _version(item["extraction"].get("extractor_version"))
    old_version = _version(stored_version)
    if new_version is not None and old_version is not None and new_version != old_version:
        return new_version < old_version
    extracted_at = _extracted_at(item)
    return extracted_at is not None and stored_at is not None and extracted_at < aware(stored_at)


def _version(value: str | None) -> tuple[int, ...] | None:
    """A dotted numeric version ("0.2.10") as numbers, so 0.10 > 0.9; anything else is not comparable."""
    parts = (value or "").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _extracted_at(item: ExtractedArticle) -> datetime | None:
    """When the extractor produced the message (``extracted_at``, top level or in the extraction), if it says."""
    value = item.get("extracted_at") or item["extraction"].get("extracted_at")
    if not isinstance(value, str):
        return None
    try:
        return aware(datetime.fromisoformat(value))
    except ValueError:
        return None


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
    """Rows of both entity layers: the named entities and the actor mentions (docs/extract-format.md)."""
    extraction = item["extraction"]
    entities = extraction.get("entities") or []
    keys = zip(person_keys(entities), street_keys(entities), strict=True)
    layers = [("entity", m, pair) for m, pair in zip(entities, keys, strict=True)]
    layers += [("mention", m, (None, None)) for m in extraction.get("mentions") or []]
    for layer, mention, (person, street) in layers:
        actor = mention.get("actor") or {}
        refers_to = mention.get("refers_to") or {}
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
            "layer": layer,
            "refers_to_start": refers_to.get("start"),
            "refers_to_end": refers_to.get("end"),
            "person_key": person,
            "street_key": street,
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
    changed_since: datetime | None = None  # canonical events only: updated at or after (retracted included)
    limit: int = 100
    offset: int = 0


def query_events(engine: Engine, flt: EventFilter) -> list[dict[str, Any]]:
    """Reports (rows of ``events``) matching the filter, newest event date first."""
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
        by_type = EventRow.plover == kind if kind.isalpha() else EventRow.cameo.startswith(kind, autoescape=True)
        stmt = stmt.where(by_type)
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


def query_canonical_events(engine: Engine, flt: EventFilter) -> list[dict[str, Any]]:
    """Canonical events (one per real-world event, reconciled values) matching the filter.

    Without ``changed_since``: active events, newest event date first. With it: every event updated
    at or after that time, retracted ones included, oldest change first (a consumer's cursor).
    """
    c = CanonicalEventRow
    columns = [col.label("canonical_id") if col.name == "id" else col
               for col in c.__table__.columns if col.name not in ("block_type", "anchor_date")]
    stmt = select(*columns)
    if flt.changed_since is None:
        stmt = stmt.where(c.status == "active")
    else:
        stmt = stmt.where(c.updated_at >= flt.changed_since)
    if flt.since:
        stmt = stmt.where(c.event_date >= flt.since)
    if flt.country:
        code = flt.country.upper()
        stmt = stmt.where(or_(c.country == code, c.location_country == code, c.source_country == code,
                              c.target_country == code))
    if flt.event_type:
        kind = flt.event_type.upper()
        stmt = stmt.where(c.plover == kind) if kind.isalpha() else stmt.where(c.cameo.startswith(kind, autoescape=True))
    if flt.min_killed is not None:
        stmt = stmt.where(c.killed_best >= flt.min_killed)
    if flt.text:  # any report's sentence
        stmt = stmt.where(exists().where(EventRow.canonical_id == c.id,
                                         EventRow.sentence.icontains(flt.text, autoescape=True)))
    if flt.article_ids:
        stmt = stmt.where(exists().where(EventRow.canonical_id == c.id, EventRow.article_id.in_(flt.article_ids)))
    if flt.changed_since is None:
        stmt = stmt.order_by(c.event_date.desc().nulls_last(), c.updated_at.desc(), c.id)
    else:
        stmt = stmt.order_by(c.updated_at, c.id)
    with engine.connect() as conn:
        rows = conn.execute(stmt.limit(flt.limit).offset(flt.offset)).all()
    return [dict(row._mapping) for row in rows]


def store_reachable(engine: Engine) -> bool:
    """True when the store answers ``SELECT 1`` (health checks); the reason for a failure goes to the log."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        log.warning("store not reachable", exc_info=True)
        return False


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


def recent_events(engine: Engine, limit: int) -> list[dict[str, Any]]:
    """The most recently stored (inserted or updated) reports, with their article's source, link and title."""
    stmt = (
        select(EventRow.event_id, EventRow.cameo, EventRow.plover, EventRow.source_text, EventRow.source_code,
               EventRow.target_text, EventRow.target_code, EventRow.location_name, EventRow.location_country,
               EventRow.event_date, EventRow.date_precision, EventRow.historical, EventRow.killed_best,
               EventRow.injured_best, EventRow.updated_at, ArticleRow.url, ArticleRow.source, ArticleRow.title)
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .order_by(EventRow.updated_at.desc(), EventRow.article_id, EventRow.start_char)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(stmt)]


def casualties_by_country(engine: Engine, since: datetime, limit: int = 30) -> list[dict[str, Any]]:
    """Reconciled best killed / injured per country of the active, current canonical events updated since ``since``.

    Canonical events, not reports: an attack told by five outlets counts once. Historical (background)
    events are left out: they are not news of the window. The country is the event's place, else an actor's.
    """
    event = CanonicalEventRow
    killed = func.coalesce(func.sum(event.killed_best), 0)
    injured = func.coalesce(func.sum(event.injured_best), 0)
    with_casualties = func.sum(case((func.coalesce(event.killed_best, 0)
                                     + func.coalesce(event.injured_best, 0) > 0, 1), else_=0))
    stmt = (
        select(event.country, func.count().label("events"), with_casualties.label("with_casualties"),
               killed.label("killed"), injured.label("injured"))
        .where(event.updated_at >= since, event.status == "active", event.historical.is_(False))
        .group_by(event.country)
        .order_by(killed.desc(), injured.desc(), func.count().desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [{"country": r.country, "events": r.events, "events_with_casualties": int(r.with_casualties or 0),
             "killed": int(r.killed), "injured": int(r.injured)} for r in rows]
