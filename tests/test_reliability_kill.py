"""kill -9 in the "stored but not committed" window, and a third worker joining and leaving mid-stream.

The crash test in tests/test_reliability.py kills at a random moment, and its runs never landed
between the sink's database commit and the Kafka offset commit, so a re-write of stored articles was
never exercised (issue 16). Here the worker pauses exactly there (``EVENTPIPE_TEST_PAUSE_AFTER_STORE``,
a test hook in streams/app.py that only waits) and is killed in the pause; the next worker writes the
batch again. Both tests compare the store with what was published: the articles, their events, and
the canonical events, which must be the same as when the same extraction messages are stored once,
in order, into a fresh store.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import orjson
import pytest
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Engine, text

from db.migrate import upgrade
from db.store import make_engine, save_extractions
from streams.broker import ensure_topics, free_port_pair
from streams.settings import Settings
from streams.topics import topic_partitions
from tests.conftest import WorkerProcess, worker_settings
from tests.test_reliability import (  # noqa: F401 - private_pg is a fixture
    PrivatePostgres,
    assert_stored_as_published,
    committed_offsets,
    expected_event_counts,
    fresh_database,
    fresh_store,
    private_pg,
    send_raw,
    short_articles,
    spawn_worker,
    stop_worker,
    store_report,
    stored_count,
    wait_until,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.slow]


def extraction_messages(settings: Settings) -> list[bytes]:
    """Every message on the extractions topic, partition by partition in offset order."""
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(settings.topic_extractions, p)
                      for p in sorted(consumer.partitions_for_topic(settings.topic_extractions) or ())]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        records = []
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            for batch in consumer.poll(timeout_ms=500).values():
                records += batch
        return [r.value for r in sorted(records, key=lambda r: (r.partition, r.offset))]
    finally:
        consumer.close()


def canonical_summary(engine: Engine) -> list[tuple[object, ...]]:
    """The active canonical events as (cameo, sentence, report_count, article_count), sorted."""
    with engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(text(
            "SELECT cameo, sentence, report_count, article_count FROM canonical_events WHERE status = 'active'")))


def stored_once(messages: list[bytes], tmp_path: Path) -> list[tuple[object, ...]]:
    """The canonical events of these extraction messages stored once each, in order, into a fresh store."""
    url = f"sqlite:///{tmp_path / 'reference.db'}"
    upgrade(url)
    engine = make_engine(url)
    latest = {}
    for value in messages:  # one version per article, as the pipeline keeps (last write wins)
        item = orjson.loads(value)
        latest[item["article"]["id"]] = item
    items = list(latest.values())
    for start in range(0, len(items), 200):
        save_extractions(engine, items[start:start + 200])
    summary = canonical_summary(engine)
    engine.dispose()
    return summary


@pytest.mark.timeout(600)
@pytest.mark.parametrize("store", ["postgresql", "sqlite"])
def test_kill_9_between_the_database_commit_and_the_offset_commit_rewrites_nothing_twice(
        private_pg: PrivatePostgres, kafka_bootstrap: str, tmp_path: Path, store: str) -> None:  # noqa: F811
    good = short_articles("window", 400)
    database_url = fresh_database(private_pg, "window") if store == "postgresql" else \
        f"sqlite:///{tmp_path / 'window.db'}"
    upgrade(database_url)
    paused = tmp_path / "paused-after-store"
    env = worker_settings(kafka_bootstrap, database_url, tmp_path)
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(database_url)
    ensure_topics(settings.bootstrap_servers, topic_partitions(settings))
    send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in good])
    worker = spawn_worker(env | {"EVENTPIPE_TEST_PAUSE_AFTER_STORE": str(paused)}, tmp_path / "worker1.log")
    try:
        wait_until(paused.exists, 300, "the sink to pause after its first stored batch", worker)
        time.sleep(6)  # past Faust's commit interval: anything acked would be committed by now
        stored_at_kill = stored_count(engine)
        sink_committed_at_kill = committed_offsets(settings, settings.topic_extractions)
        os.kill(worker.proc.pid, signal.SIGKILL)
        worker.proc.wait()
    finally:
        stop_worker(worker)
    # The window: rows are in the store whose offsets were never committed.
    assert 0 < stored_at_kill and sink_committed_at_kill < stored_at_kill

    worker = spawn_worker(env, tmp_path / "worker2.log")
    try:
        wait_until(lambda: stored_count(engine) >= len(good), 300, "every article after the restart", worker)
        time.sleep(3)
        letters = worker.log_tail(10**7).count("dead letter")
    finally:
        stop_worker(worker)
    report = store_report(engine)
    reference = stored_once(extraction_messages(settings), tmp_path)
    actual = canonical_summary(engine)
    print(f"\nkill -9 in the window ({store}): stored at kill {stored_at_kill}, sink offsets committed "
          f"{sink_committed_at_kill} "
          f"(so {stored_at_kill - sink_committed_at_kill} stored articles written again), stored {report['articles']}, "
          f"events {report['events']}, canonical events {len(actual)} (stored once: {len(reference)})")
    assert letters == 0
    assert_stored_as_published(report, expected_event_counts(good))
    assert actual == reference
    engine.dispose()


@pytest.mark.timeout(900)
@pytest.mark.parametrize("store", ["postgresql", "sqlite"])
def test_a_third_worker_joining_and_leaving_mid_stream_loses_and_duplicates_nothing(
        store: str, private_pg: PrivatePostgres, kafka_bootstrap: str, tmp_path: Path) -> None:  # noqa: F811
    good = short_articles(f"rebalance-{store}", 1800)
    first, second, third_chunk = good[:300], good[300:1200], good[1200:]
    database_url = fresh_store(store, private_pg, f"rebalance_{store}", tmp_path)
    env = worker_settings(kafka_bootstrap, database_url, tmp_path, EVENTPIPE_TOPIC_PARTITIONS="6")
    settings = Settings(**{k.removeprefix("EVENTPIPE_").lower(): v for k, v in env.items()})
    engine = make_engine(database_url)
    ensure_topics(settings.bootstrap_servers, topic_partitions(settings))

    def own(name: str) -> dict[str, str]:  # each worker its own web port and run directory
        run_dir = tmp_path / name
        run_dir.mkdir()
        return env | {"EVENTPIPE_WEB_PORT": str(free_port_pair()), "EVENTPIPE_RUN_DIR": str(run_dir)}

    def publish(articles: list[dict[str, str]]) -> None:
        send_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in articles])

    def stored_by(worker: WorkerProcess) -> int:
        try:  # a loaded worker can be slow to answer: that is "not yet", not a failure
            _, body = worker.get("/healthz/", timeout=30)
            return int(orjson.loads(body)["articles_stored"])
        except (OSError, ValueError, KeyError):
            return 0

    workers = [spawn_worker(own(f"w{i}"), tmp_path / f"w{i}.log") for i in (1, 2)]
    third = None
    try:
        for worker in workers:
            worker.wait_ready()
        publish(first)
        wait_until(lambda: stored_count(engine) >= 100, 300, "the first 100 articles", workers[0])
        third = spawn_worker(own("w3"), tmp_path / "w3.log")
        third.wait_ready()  # joined: the group rebalanced to three members
        joined_at = stored_count(engine)
        publish(second)
        wait_until(lambda: stored_by(third) >= 30, 300, "the third worker to store 30 articles", third)
        # The last chunk goes out before the third leaves, so it leaves with work in flight on its
        # partitions whatever the machine's speed (a fast machine had stored all of `second` by then).
        third_stored = stored_by(third)
        publish(third_chunk)
        left_at = stored_count(engine)
        stop_worker(third)  # leaves mid-stream: the group rebalances back to two
        wait_until(lambda: stored_count(engine) >= len(good), 400, "every article after the third left", workers[0])
        time.sleep(3)
        for worker in workers:
            assert worker.proc.poll() is None, worker.log_tail()
    finally:
        for worker in [*workers, *([third] if third else [])]:
            stop_worker(worker)
    report = store_report(engine)
    reference = stored_once(extraction_messages(settings), tmp_path)
    actual = canonical_summary(engine)
    print(f"\nrebalance ({store}): tried {len(good)}, stored when the third joined {joined_at}, "
          f"when it left {left_at}, "
          f"stored by the third {third_stored}, stored {report['articles']}, events {report['events']}, "
          f"canonical events {len(actual)} (stored once: {len(reference)})")
    assert third_stored >= 30 and left_at < len(good)  # it worked, and left mid-stream
    assert_stored_as_published(report, expected_event_counts(good))
    assert actual == reference
    engine.dispose()
