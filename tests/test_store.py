"""The SQL store on SQLite and on the real PostgreSQL server: migrations, idempotent writes, queries."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, inspect

from db.migrate import current_revision, upgrade
from db.store import EventFilter, processed_article_ids, query_events, save_extractions, table_counts
from processors.types import Actor, ActorRef, Count, EntityMention, Event, Extraction, Location


def make_event(event_id: str, cameo: str, killed: int | None = None, country: str = "TUR",
               when: date = date(2016, 6, 28)) -> Event:
    return Event(
        event_id=event_id, cameo=cameo, plover="ASSAULT" if cameo.startswith("18") else "CONSULT",
        source=ActorRef("suicide bombers", None), target=ActorRef("Istanbul airport", "TURCVL", "TUR", "CVL"),
        sentence="Three suicide bombers killed 44 people at Istanbul airport.", start=10, end=70,
        date=when, date_precision="day", location=Location("Istanbul", country, "Istanbul", 41.0, 28.9),
        killed=Count(killed, killed, killed, "killed 44 people") if killed is not None else None,
        confidence=0.8,
    )


def message(article_id: str, events: list[Event], title: str = "t") -> dict[str, Any]:
    extraction = Extraction(
        article_id=article_id, events=tuple(events), extractor_version="test-1",
        entities=(EntityMention("Istanbul", "GPE", 40, 48, None, "TUR"),
                  EntityMention("Kremlin", "ORG", 60, 67, Actor("Kremlin", "RUSGOV", "RUS", "GOV"))),
    )
    article = {"id": article_id, "title": title, "source": "Wire", "published_at": "2016-07-01T00:00:00+00:00",
               "text_chars": 100}
    return {"article": article, "extraction": extraction.to_json()}


def test_migrations_create_the_schema_and_are_idempotent(database_url: str, engine: Engine) -> None:
    upgrade(database_url)  # a second run changes nothing
    assert current_revision(database_url) is not None
    tables = set(inspect(engine).get_table_names())
    assert {"articles", "events", "entity_mentions", "alembic_version"} <= tables
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("events")}
    assert {"ix_events_event_date", "ix_events_plover", "ix_events_location_country"} <= indexes


def test_saving_the_same_article_twice_stores_it_once(engine: Engine) -> None:
    batch = [message("a1", [make_event("e1", "180", killed=44), make_event("e2", "190", killed=2)])]
    save_extractions(engine, batch)
    save_extractions(engine, batch)
    assert table_counts(engine) == {"articles": 1, "events": 2, "entity_mentions": 2}


def test_a_duplicate_inside_one_batch_keeps_the_last(engine: Engine) -> None:
    save_extractions(engine, [message("a1", [make_event("e1", "180", 40)], "first"),
                              message("a1", [make_event("e1", "180", 44)], "second")])
    [row] = query_events(engine, EventFilter())
    assert row["killed_best"] == 44


def test_reprocessing_replaces_events_but_keeps_created_at(engine: Engine) -> None:
    save_extractions(engine, [message("a1", [make_event("e1", "180", 40), make_event("e2", "036")])])
    created = {r["event_id"]: r["created_at"] for r in query_events(engine, EventFilter())}
    save_extractions(engine, [message("a1", [make_event("e1", "180", 44)])])
    rows = query_events(engine, EventFilter())
    assert [(r["event_id"], r["killed_best"]) for r in rows] == [("e1", 44)]
    assert _naive(rows[0]["created_at"]) == _naive(created["e1"])
    assert _naive(rows[0]["updated_at"]) >= _naive(rows[0]["created_at"])


def test_query_filters(engine: Engine) -> None:
    save_extractions(engine, [
        message("a1", [make_event("e1", "180", 44), make_event("e2", "036", country="RUS", when=date(2016, 7, 1))]),
        message("a2", [make_event("e3", "190", 2, when=date(2015, 11, 24))]),
    ])
    ids = lambda flt: sorted(r["event_id"] for r in query_events(engine, flt))  # noqa: E731
    assert ids(EventFilter(min_killed=10)) == ["e1"]
    assert ids(EventFilter(event_type="ASSAULT")) == ["e1"]
    assert ids(EventFilter(event_type="19")) == ["e3"]
    assert ids(EventFilter(since=date(2016, 1, 1))) == ["e1", "e2"]
    assert ids(EventFilter(country="rus")) == ["e2"]
    assert ids(EventFilter(text="bombers")) == ["e1", "e2", "e3"]
    assert ids(EventFilter(text="'; DROP TABLE events; --")) == []
    assert ids(EventFilter(text="%")) == []  # wildcards are matched literally
    assert ids(EventFilter(event_type="1%")) == []
    assert ids(EventFilter(article_ids=("a2",))) == ["e3"]
    assert processed_article_ids(engine, ["a1", "a2", "zz"]) == {"a1", "a2"}
    assert [r["event_id"] for r in query_events(engine, EventFilter(limit=1, offset=0))] == ["e2"]


def test_plain_sql_clients_can_read_the_event_table(database_url: str, engine: Engine) -> None:
    save_extractions(engine, [message("a1", [make_event("e1", "180", 44)])])
    sql = "SELECT cameo, killed_best, location_name FROM events"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute(sql).fetchall() == [("180", 44, "Istanbul")]
    else:
        libpq_url = database_url.replace("postgresql+psycopg://", "postgresql://")
        out = subprocess.run(["psql", libpq_url, "-At", "-c", sql], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "180|44|Istanbul"


def _naive(value: datetime) -> datetime:
    # SQLite returns naive datetimes even for timezone=True columns.
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def test_entity_mentions_round_trip_awkward_text_and_a_refused_one_is_dead_lettered_alone(engine: Engine) -> None:
    """PostgreSQL writes entity mentions with COPY: tabs, newlines, backslashes, quotes and NULLs come back as
    sent; a mention the database refuses (a NUL character) costs only its own record, as ``store_rejected``."""
    import orjson
    from sqlalchemy import select

    from db.models import EntityMentionRow
    from streams.handlers import ExtractionSink

    awkward = "tab\there, new\nline, back\\slash \\N, \"quotes\" 'n' é ☃"
    item = message("a-awkward", [make_event("e-awkward", "183", killed=2)])
    item["extraction"]["entities"] = [{"text": awkward, "label": "ORG", "start": 0, "end": 9},
                                      {"text": "\\", "label": "GPE", "start": 10, "end": 11, "country": "TUR"}]
    refused = message("a-refused", [make_event("e-refused", "183", killed=1)])
    refused["extraction"]["entities"] = [{"text": "bad\x00byte", "label": "ORG", "start": 0, "end": 8}]
    sink = ExtractionSink(engine)
    dead = sink.write([orjson.dumps(item), orjson.dumps(refused)])
    with engine.connect() as conn:
        rows = conn.execute(select(EntityMentionRow.article_id, EntityMentionRow.text, EntityMentionRow.actor_code,
                                   EntityMentionRow.actor_country, EntityMentionRow.refers_to_start)
                            .order_by(EntityMentionRow.article_id, EntityMentionRow.start_char)).all()
    stored = [tuple(row) for row in rows if row.article_id == "a-awkward"]
    assert stored == [("a-awkward", awkward, None, None, None), ("a-awkward", "\\", None, "TUR", None)]
    if engine.dialect.name == "postgresql":  # PostgreSQL text cannot hold NUL; SQLite stores it
        assert [(index, letter.reason) for index, letter in dead] == [(1, "store_rejected")]
        assert processed_article_ids(engine, ["a-awkward", "a-refused"]) == {"a-awkward"}
    else:
        assert dead == []
