"""Batch handling behind the agents, on real stores; the NLP is replaced by small pure functions."""

from __future__ import annotations

import threading

import orjson
import pytest
from sqlalchemy import Engine

from db.store import make_engine, table_counts
from processors.types import Article, Extraction
from streams.handlers import ArticleBatchExtractor, ExtractionSink, SinkStopped


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
