"""Dead letters on the real broker: kept for the configured retention, and each replayed once.

Before issue 16 the dead-letter topic kept the broker's default (24 h on the local broker), and
``dlq replay --limit N`` always took the oldest N letters, so runs repeated the same letters.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from streams.cli import main
from streams.settings import Settings, get_settings
from streams.topics import MS_PER_DAY, prepare_topics, replay_marker_topic, topic_config

pytestmark = pytest.mark.kafka


@pytest.fixture
def dlq_settings(kafka_bootstrap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings on fresh topics, also what the CLI reads (``get_settings``)."""
    suffix = tmp_path.name.replace("_", "-")[-40:]
    env = {"EVENTPIPE_BROKER_URL": f"kafka://{kafka_bootstrap}", "EVENTPIPE_TOPIC_ARTICLES": f"articles-{suffix}",
           "EVENTPIPE_TOPIC_EXTRACTIONS": f"extractions-{suffix}", "EVENTPIPE_TOPIC_DEAD_LETTERS": f"dlq-{suffix}",
           "EVENTPIPE_TOPIC_PARTITIONS": "1", "EVENTPIPE_RUN_DIR": str(tmp_path)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def put_letters(settings: Settings, count: int, start: int = 0) -> None:
    headers = [("x-reason", b"processor_error"), ("x-error", b"RuntimeError: since fixed"), ("x-stage", b"extract"),
               ("x-src-topic", settings.topic_articles.encode()), ("x-src-partition", b"0"), ("x-src-offset", b"0")]
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    try:
        for i in range(start, start + count):
            value = f'{{"id": "letter-{i}", "text": "Police arrested {i} protesters."}}'.encode()
            producer.send(settings.topic_dead_letters, key=f"letter-{i}".encode(), value=value,
                          headers=headers).get(timeout=60)
    finally:
        producer.close()


def replayed_keys(settings: Settings) -> list[bytes]:
    """Keys re-sent to the articles topic, in order."""
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(settings.topic_articles, p)
                      for p in consumer.partitions_for_topic(settings.topic_articles) or ()]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        keys: list[bytes] = []
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            for batch in consumer.poll(timeout_ms=500).values():
                keys += [record.key for record in batch]
        return keys
    finally:
        consumer.close()


def replay(*args: str) -> Any:
    result = CliRunner().invoke(main, ["dlq", "replay", *args])
    assert result.exit_code == 0, result.output
    return result


def test_dead_letters_are_kept_for_the_configured_retention(dlq_settings: Settings) -> None:
    prepare_topics(dlq_settings)
    assert topic_config(dlq_settings, dlq_settings.topic_dead_letters)["retention.ms"] == str(7 * MS_PER_DAY)
    # A topic that already exists (created by an older version) gets the setting too.
    changed = dlq_settings.model_copy(update={"dead_letter_retention_days": 30.0})
    prepare_topics(changed)
    assert topic_config(changed, changed.topic_dead_letters)["retention.ms"] == str(30 * MS_PER_DAY)
    markers = topic_config(changed, replay_marker_topic(changed))
    assert markers["cleanup.policy"] == "compact,delete" and markers["retention.ms"] == str(30 * MS_PER_DAY)


def test_replay_sends_each_letter_once_and_limit_moves_on(dlq_settings: Settings) -> None:
    prepare_topics(dlq_settings)
    put_letters(dlq_settings, 3)
    assert "replayed 2 of 2" in replay("--limit", "2").output
    assert "replayed 1 of 1" in replay("--limit", "2").output  # the third, not the oldest two again
    assert "replayed 0 of 0" in replay().output
    put_letters(dlq_settings, 1, start=3)
    assert "replayed 1 of 1" in replay("--reason", "processor_error").output
    assert replayed_keys(dlq_settings) == [b"letter-0", b"letter-1", b"letter-2", b"letter-3"]
    assert "replayed 4 of 4" in replay("--again").output
    assert len(replayed_keys(dlq_settings)) == 8
