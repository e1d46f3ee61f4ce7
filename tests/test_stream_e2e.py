"""End to end on real parts: a Kafka 4.x broker, a Faust worker process and PostgreSQL."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import orjson
import pytest
from kafka import KafkaConsumer, KafkaProducer
from sqlalchemy import Engine

from db.store import EventFilter, make_engine, processed_article_ids, query_events
from streams.cli import publish_paths
from streams.settings import Settings
from tests.conftest import SEED_ARTICLE, SEED_ID, WorkerProcess, fresh_postgres, run_worker, worker_settings

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.slow]


@dataclass
class RunningPipeline:
    worker: WorkerProcess
    engine: Engine

    @property
    def settings(self) -> Settings:
        return self.worker.settings

    def wait_for_articles(self, article_ids: list[str], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while processed_article_ids(self.engine, article_ids) != set(article_ids):
            if time.monotonic() > deadline:
                pytest.fail(f"articles {article_ids} not stored after {timeout}s; worker log tail:\n"
                            f"{self.worker.log_tail()}")
            time.sleep(0.5)


@pytest.fixture(scope="module")
def pipeline(kafka_bootstrap: str, postgres_url: str, tmp_path_factory: pytest.TempPathFactory,
             ) -> Iterator[RunningPipeline]:
    """One worker process on fresh topics and a fresh PostgreSQL schema, shared by this module's tests."""
    run_dir = tmp_path_factory.mktemp("worker")
    with run_worker(worker_settings(kafka_bootstrap, fresh_postgres(postgres_url), run_dir)) as worker:
        engine = make_engine(worker.settings.database_url)
        try:
            yield RunningPipeline(worker, engine)
        finally:
            engine.dispose()


def test_the_seed_article_becomes_separate_casualty_events_in_postgres(pipeline: RunningPipeline) -> None:
    sent, rejected = publish_paths(pipeline.settings, [SEED_ARTICLE], pipeline.settings.topic_articles)
    assert sent == [SEED_ID] and not rejected
    pipeline.wait_for_articles(sent)
    events = query_events(pipeline.engine, EventFilter(article_ids=(SEED_ID,), limit=1000))
    with_killed = {e["killed_best"]: e for e in events if e["killed_best"]}
    assert set(with_killed) == {44, 2}
    assert with_killed[44]["event_id"] != with_killed[2]["event_id"]
    assert with_killed[44]["cameo"].startswith("18") and with_killed[2]["cameo"].startswith("19")


def test_bad_input_goes_to_the_dead_letter_topic_and_good_input_still_flows(pipeline: RunningPipeline) -> None:
    settings = pipeline.settings
    bad = {b"bad-json": b"{not json", b"empty-text": b'{"text": ""}', b"no-text": b'{"title": "headline only"}'}
    good_id = "e2e-good-after-bad"
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    for key, value in bad.items():
        producer.send(settings.topic_articles, key=key, value=value)
    good = {"id": good_id, "text": "Police arrested two protesters in Ankara on Monday.", "published_at": "2024-01-08"}
    producer.send(settings.topic_articles, key=good_id.encode(), value=orjson.dumps(good))
    producer.flush()
    producer.close()

    pipeline.wait_for_articles([good_id])
    letters = _read_dead_letters(settings, expected=len(bad))
    assert {key: headers["x-reason"] for key, headers in letters.items()} == {
        b"bad-json": b"invalid_json", b"empty-text": b"empty_text", b"no-text": b"missing_text"}
    for headers in letters.values():
        assert headers["x-src-topic"] == settings.topic_articles.encode()
        assert headers["x-stage"] == b"parse"


def test_a_message_from_another_kafka_client_lands_in_the_store(pipeline: RunningPipeline) -> None:
    article = {"id": "from-kcat", "text": "Turkish police detained 12 suspects in Istanbul on Sunday."}
    subprocess.run(["kcat", "-P", "-b", pipeline.settings.bootstrap_servers, "-t",
                    pipeline.settings.topic_articles, "-k", "from-kcat"],
                   input=orjson.dumps(article), check=True, timeout=30)
    pipeline.wait_for_articles(["from-kcat"])


def _read_dead_letters(settings: Settings, expected: int, timeout: float = 60) -> dict[bytes, dict[str, bytes]]:
    consumer = KafkaConsumer(settings.topic_dead_letters, bootstrap_servers=settings.bootstrap_servers,
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=1000)
    letters: dict[bytes, dict[str, bytes]] = {}
    deadline = time.monotonic() + timeout
    try:
        while len(letters) < expected and time.monotonic() < deadline:
            for record in consumer:
                letters[record.key] = dict(record.headers)
    finally:
        consumer.close()
    return letters
