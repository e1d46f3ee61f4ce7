"""The local Kafka 4.x broker (streams/broker.py) for real: jars, JVM, KRaft, clients."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient

from streams.broker import REPO_ROOT, LocalBroker, ensure_topics, free_port_pair

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


@pytest.fixture()
def broker(tmp_path: Path) -> Iterator[LocalBroker]:
    # home is the repo's git-ignored .kafka, so the Maven download happens once per machine.
    b = LocalBroker(home=REPO_ROOT / ".kafka", data_dir=tmp_path / "kafka", port=free_port_pair())
    try:
        yield b
    finally:
        b.stop()  # never leave a JVM behind, whatever the test did


def test_produce_consume_and_stop(broker: LocalBroker) -> None:
    broker.start()

    status = broker.status()
    assert status.running and status.ready
    assert status.pid is not None
    assert status.bootstrap == broker.bootstrap
    assert "Kafka Server started" in status.log_path.read_text()  # the SLF4J binding works

    ensure_topics(broker.bootstrap, {"smoke": 3})
    ensure_topics(broker.bootstrap, {"smoke": 3})  # second call: nothing to do, no error
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    try:
        [topic] = admin.describe_topics(["smoke"])
        assert len(topic["partitions"]) == 3
    finally:
        admin.close()

    producer = KafkaProducer(bootstrap_servers=broker.bootstrap)
    try:
        producer.send("smoke", key=b"k", value=b"hello").get(timeout=30)
    finally:
        producer.close()

    # A consumer group exercises the group coordinator and __consumer_offsets (RF 1).
    consumer = KafkaConsumer(
        "smoke",
        bootstrap_servers=broker.bootstrap,
        group_id="smoke-test",
        auto_offset_reset="earliest",
    )
    try:
        values: list[bytes] = []
        deadline = time.monotonic() + 30
        while not values and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=1000).values():
                values.extend(r.value for r in records)
        assert values == [b"hello"]
        consumer.commit()
    finally:
        consumer.close()

    pid = status.pid
    broker.stop()
    status = broker.status()
    assert not status.running and not status.ready
    assert status.pid is None
    assert not broker.pid_path.exists()
    with pytest.raises(ProcessLookupError):  # exited and reaped, not a zombie
        os.kill(pid, 0)
    broker.stop()  # stopping a stopped broker is a no-op


def test_start_twice_is_idempotent(broker: LocalBroker) -> None:
    broker.start()
    first_pid = broker.status().pid
    broker.start()
    status = broker.status()
    assert status.pid == first_pid
    assert status.running and status.ready
