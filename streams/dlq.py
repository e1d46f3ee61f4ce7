"""Dead letters: list them with their reasons, and re-publish them once the cause is fixed.

The worker sends every record it cannot process to the dead-letter topic with the original key and
value and the headers ``x-reason`` (a stable code), ``x-error``, ``x-stage`` (parse, extract, store),
``x-src-topic``, ``x-src-partition``, ``x-src-offset`` and, for a value cut to fit, ``x-truncated``.

Replay sends a letter back to where it failed: parse and extract letters to the articles topic, store
letters to the extractions topic. Replaying is safe to repeat: writes are idempotent upserts, and a
record that still fails comes back to the dead-letter topic (with a new source offset).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from streams.settings import Settings


class DeadLetterError(RuntimeError):
    """The dead-letter topic could not be read to its end in time."""


@dataclass(frozen=True)
class Letter:
    """One record of the dead-letter topic."""

    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, str]

    @property
    def reason(self) -> str:
        return self.headers.get("x-reason", "unknown")

    @property
    def stage(self) -> str:
        return self.headers.get("x-stage", "")

    @property
    def error(self) -> str:
        return self.headers.get("x-error", "")

    @property
    def source(self) -> str:
        """Where the record failed, ``topic[partition]@offset``."""
        h = self.headers
        return f"{h.get('x-src-topic', '?')}[{h.get('x-src-partition', '?')}]@{h.get('x-src-offset', '?')}"

    def replay_topic(self, settings: Settings) -> str:
        """Store-stage letters carry an extraction message; every other letter carries an article."""
        return settings.topic_extractions if self.stage == "store" else settings.topic_articles

    def to_json(self) -> dict[str, Any]:
        return {"partition": self.partition, "offset": self.offset, "reason": self.reason, "stage": self.stage,
                "error": self.error, "source": self.source, "key": _text(self.key),
                "value_bytes": None if self.value is None else len(self.value)}


def read_letters(settings: Settings, client_config: dict[str, Any], reason: str | None = None,
                 timeout: float = 60.0) -> list[Letter]:
    """Every letter on the dead-letter topic now (oldest first), optionally only those of one reason.

    Reads with no consumer group and commits nothing, so showing or replaying never moves anyone's offsets.
    """
    topic = settings.topic_dead_letters
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None,
                             enable_auto_commit=False, **client_config)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            return []
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)  # letters arriving while we read are left for the next run
        letters: list[Letter] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise DeadLetterError(f"could not read {topic} to its end within {timeout:.0f}s")
            for tp, records in consumer.poll(timeout_ms=500).items():
                letters += [_letter(r) for r in records if r.offset < end[tp]]
    finally:
        consumer.close()
    letters.sort(key=lambda letter: (letter.partition, letter.offset))
    return [letter for letter in letters if reason is None or letter.reason == reason]


@dataclass
class ReplayResult:
    """What a replay did: letters re-sent per target topic, and letters skipped with why."""

    sent: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


def replay_letters(settings: Settings, client_config: dict[str, Any], letters: list[Letter]) -> ReplayResult:
    """Re-publish letters with their original key and value; waits until the broker has every one."""
    result = ReplayResult()
    seen: set[tuple[str, bytes | None, str]] = set()
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                             max_request_size=settings.max_message_bytes + 64 * 1024, **client_config)
    try:
        futures = []
        for letter in letters:
            if letter.value is None:
                result.skipped["no value (a tombstone): nothing to re-send"] += 1
                continue
            if "x-truncated" in letter.headers:
                result.skipped["value was truncated to fit the dead-letter topic"] += 1
                continue
            topic = letter.replay_topic(settings)
            # The same record dead-lettered twice (a crash between letter and ack) is re-sent once.
            identity = (topic, letter.key, hashlib.sha256(letter.value).hexdigest())
            if identity in seen:
                result.skipped["duplicate of a letter already re-sent"] += 1
                continue
            seen.add(identity)
            headers = [("x-replayed-from", f"{settings.topic_dead_letters}[{letter.partition}]@{letter.offset}"
                        .encode()), ("x-replay-reason", letter.reason.encode())]
            futures.append((topic, producer.send(topic, key=letter.key, value=letter.value, headers=headers)))
        for topic, future in futures:
            future.get(timeout=180)  # the producer retries on its own for up to delivery_timeout_ms (120 s)
            result.sent[topic] += 1
    finally:
        producer.close()
    return result


def _letter(record: Any) -> Letter:
    headers = {name: value.decode("utf-8", errors="replace") for name, value in record.headers or []}
    return Letter(record.partition, record.offset, record.key, record.value, headers)


def _text(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", errors="replace")
