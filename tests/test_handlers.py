"""Batch handling behind the agents, on real stores; the NLP is replaced by small pure functions."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, text

from db.store import make_engine, table_counts
from processors.types import Article, Extraction
from streams.extraction_shape import extraction_shape_error
from streams.handlers import ArticleBatchExtractor, ExtractionSink, SinkStopped
from tests.test_store import make_event, message


def no_events(article: Article) -> Extraction:
    return Extraction(article_id=article.id, extractor_version="test")


def fails_on_poison(article: Article) -> Extraction:
    if "poison" in article.text:
        raise RuntimeError("processor bug")
    return no_events(article)


def batch_of(extract_one):  # type: ignore[no-untyped-def]
    return lambda articles: [extract_one(a) for a in articles]


def test_bad_records_become_dead_letters_and_good_ones_flow() -> None:
    extractor = ArticleBatchExtractor(batch_of(no_events), no_events, max_text_chars=1000)
    messages = [(b"k1", b'{"id": "good", "text": "fine"}'), (b"k2", b"{oops"), (b"k3", b'{"text": ""}'),
                (b"k4", None), (b"k5", b'{"text": "' + b"x" * 2000 + b'"}')]
    outcome = extractor.run(messages)
    assert [key for key, _ in outcome.forward] == [b"good"]
    assert [(i, d.reason) for i, d in outcome.dead] == [
        (1, "invalid_json"), (2, "empty_text"), (3, "tombstone"), (4, "text_too_long")]
    forwarded = orjson.loads(outcome.forward[0][1])
    assert forwarded["article"] == {"id": "good", "language": "en", "text_chars": 4}
    assert forwarded["extraction"]["article_id"] == "good"


def test_a_processor_failure_dead_letters_only_that_article() -> None:
    extractor = ArticleBatchExtractor(batch_of(fails_on_poison), fails_on_poison, max_text_chars=1000)
    outcome = extractor.run([(None, b'{"id": "a", "text": "ok"}'), (None, b'{"id": "b", "text": "poison"}'),
                             (None, b'{"id": "c", "text": "ok too"}')])
    assert [key for key, _ in outcome.forward] == [b"a", b"c"]
    [(index, letter)] = outcome.dead
    assert (index, letter.reason, letter.stage) == (1, "processor_error", "extract")
    assert "processor bug" in letter.detail
    assert letter.headers({"x-src-offset": "7"})["x-src-offset"] == b"7"


def test_sink_writes_a_batch_and_rejects_invalid_messages(engine: Engine) -> None:
    extractor = ArticleBatchExtractor(batch_of(no_events), no_events, max_text_chars=1000)
    outcome = extractor.run([(None, b'{"id": "a", "text": "ok"}'), (None, b'{"id": "b", "text": "ok"}')])
    dead = ExtractionSink(engine).write([value for _, value in outcome.forward] + [b"not json"])
    assert [(i, d.reason) for i, d in dead] == [(2, "invalid_extraction")]
    assert table_counts(engine)["articles"] == 2


def test_sink_waits_while_the_store_is_unreachable_and_gives_up_only_on_stop() -> None:
    # A real PostgreSQL driver pointed at a closed port: every attempt is a transient OperationalError.
    sink = ExtractionSink(make_engine("postgresql+psycopg://nobody:x@127.0.0.1:9/none"), max_backoff=0.2)
    message = orjson.dumps({"article": {"id": "a"}, "extraction": {"article_id": "a", "events": []}})
    result: list[BaseException] = []

    def write() -> None:
        try:
            sink.write([message])
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            result.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(1.5)
    assert thread.is_alive(), "the sink must keep retrying, not drop or dead-letter the batch"
    sink.stop()
    thread.join(5)
    assert len(result) == 1 and isinstance(result[0], SinkStopped)


@pytest.fixture
def engine(tmp_path) -> Engine:  # type: ignore[no-untyped-def]
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'sink.db'}"
    upgrade(url)
    return make_engine(url)


# --- no record stops the sink: wrong shapes and records the store fails on are dead-lettered alone -----


@pytest.fixture
def any_store(database_url: str) -> Iterator[Engine]:
    """A migrated store on SQLite and on the real PostgreSQL server."""
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


def encoded(item: dict[str, Any]) -> bytes:
    return orjson.dumps(item)


def with_article(item: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**item, "article": {**item["article"], **fields}}


def stored(engine: Engine, sql: str) -> list[Any]:
    with engine.connect() as conn:
        return sorted(conn.execute(text(sql)).scalars())


def test_an_extraction_of_the_wrong_shape_is_dead_lettered_and_the_batch_is_stored(any_store: Engine) -> None:
    # A valid JSON message whose event has a string as its source made the store raise AttributeError,
    # which stopped the partition for good (issue 16).
    wrong = message("wrong", [make_event("w1", "180", killed=3)])
    wrong["extraction"]["events"][0]["source"] = "gunmen"
    batch = [encoded(message("a1", [make_event("e1", "180", killed=44)])), encoded(wrong),
             encoded(message("a2", [make_event("e2", "190", killed=2, country="SYR")]))]
    dead = ExtractionSink(any_store).write(batch)
    assert [(i, letter.reason, letter.stage) for i, letter in dead] == [(1, "extraction_shape", "store")]
    assert "extraction.events[0].source" in dead[0][1].detail and dead[0][1].value == batch[1]
    assert stored(any_store, "SELECT id FROM articles") == ["a1", "a2"]
    assert stored(any_store, "SELECT event_id FROM events") == ["e1", "e2"]


@pytest.mark.parametrize("poison", ["published 0001-01-01", "published 9999-12-31", "event on 9999-12-31"])
def test_a_record_the_store_fails_on_is_dead_lettered_alone_and_its_batch_is_stored(any_store: Engine,
                                                                                    poison: str) -> None:
    # Dates at the calendar's edge made the canonical block window overflow (OverflowError): the sink
    # raised, the batch was never stored, and every restart failed on the same batch (issue 16).
    if poison.startswith("published"):
        bad = with_article(message("bad", [make_event("b1", "180", killed=5)]),
                           published_at=f"{poison.split()[1]}T00:00:00+00:00")
        bad["extraction"]["events"][0]["date"] = None  # anchored on the publication date
    else:
        bad = message("bad", [make_event("b1", "180", killed=5, when=date(9999, 12, 31))])
    batch = [encoded(message("a1", [make_event("e1", "180", killed=44)])), encoded(bad),
             encoded(message("a2", [make_event("e2", "190", killed=2, country="SYR")]))]
    dead = ExtractionSink(any_store).write(batch)
    assert [(i, letter.reason) for i, letter in dead] == [(1, "store_error")]
    assert "OverflowError" in dead[0][1].detail and dead[0][1].value == batch[1]
    assert stored(any_store, "SELECT id FROM articles") == ["a1", "a2"]
    assert stored(any_store, "SELECT event_id FROM events") == ["e1", "e2"]
    assert len(stored(any_store, "SELECT id FROM canonical_events")) == 2


@pytest.mark.parametrize(("change", "where"), [
    (lambda m: m.update(extraction=[]), "'extraction' must be an object"),
    (lambda m: m["article"].pop("id"), "'article.id' is missing"),
    (lambda m: m["article"].update(published_at="yesterday"), "article.published_at"),
    (lambda m: m["extraction"]["events"][0].update(cameo=18), "extraction.events[0].cameo"),
    (lambda m: m["extraction"]["events"][0].update(date="28 June"), "extraction.events[0].date"),
    (lambda m: m["extraction"]["events"][0]["killed"].update(best="44"), "extraction.events[0].killed.best"),
    (lambda m: m["extraction"]["events"][0].update(location=["Istanbul"]), "extraction.events[0].location"),
    (lambda m: m["extraction"]["events"][0].update(historical="no"), "extraction.events[0].historical"),
    (lambda m: m["extraction"]["entities"][1].update(actor="Kremlin"), "extraction.entities[1].actor"),
    (lambda m: m["extraction"].update(mentions=[{"start": 0, "end": 2, "text": "it", "label": "ORG",
                                                 "refers_to": {"start": "0", "end": 7}}]),
     "extraction.mentions[0].refers_to.start"),
    (lambda m: m["extraction"].update(events={"e1": {}}), "'extraction.events' must be a list"),
])
def test_extraction_shape_names_the_field_that_is_wrong(change: Any, where: str) -> None:
    item = message("a1", [make_event("e1", "180", killed=44)])
    assert extraction_shape_error(item) is None
    change(item)
    problem = extraction_shape_error(item)
    assert problem is not None and where in problem


def test_what_the_extraction_agent_writes_has_the_shape_the_sink_expects() -> None:
    extractor = ArticleBatchExtractor(batch_of(no_events), no_events, max_text_chars=1000)
    outcome = extractor.run([(None, b'{"id": "a", "text": "ok", "published_at": "2020-01-02", "url": "u"}')])
    assert extraction_shape_error(orjson.loads(outcome.forward[0][1])) is None


def test_a_validation_or_serialisation_failure_is_a_dead_letter_not_an_exception() -> None:
    def unserialisable(article: Article) -> Extraction:
        # orjson refuses integers over 64 bits: the forward message cannot be built.
        event = dataclasses.replace(make_event("e1", "180"), quad_class=2**70)
        return Extraction(article_id=article.id, extractor_version="x", events=(event,))

    extractor = ArticleBatchExtractor(batch_of(unserialisable), unserialisable, max_text_chars=1000)
    outcome = extractor.run([(None, b'{"id": "a", "text": "ok"}')])
    assert outcome.forward == [] and [(i, d.reason) for i, d in outcome.dead] == [(0, "processor_error")]


def test_the_record_timestamp_dates_an_article_without_published_at() -> None:
    seen: list[Article] = []

    def remember(article: Article) -> Extraction:
        seen.append(article)
        return no_events(article)

    extractor = ArticleBatchExtractor(batch_of(remember), remember, max_text_chars=1000)
    received = 1_615_550_400.0  # 2021-03-12T12:00:00Z
    extractor.run([(b"a", b'{"id": "a", "text": "undated"}', received),
                   (b"b", b'{"id": "b", "text": "dated", "published_at": "2020-01-02"}', received),
                   (b"c", b'{"id": "c", "text": "no timestamp"}')])
    assert seen[0].received_at is not None and seen[0].received_at.date() == date(2021, 3, 12)
    assert seen[1].received_at is None  # its own date says when it is from
    assert seen[2].received_at is None
