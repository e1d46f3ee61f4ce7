"""Dead letters: list them with their reasons, and re-publish them once the cause is fixed.

The worker sends every record it cannot process to the dead-letter topic with the original key and
value and the headers ``x-reason`` (a stable code), ``x-error``, ``x-stage`` (parse, extract, store),
``x-src-topic``, ``x-src-partition``, ``x-src-offset`` and, for a value cut to fit, ``x-truncated``.

Replay sends a letter back to where it failed: parse and extract letters to the articles topic, store
letters to the extractions topic. Each letter is replayed once: after the broker has the re-sent record,
a marker keyed ``partition:offset`` goes to ``<dead-letter topic>-replayed`` (compacted, kept as long as
the letters), and later runs skip marked letters unless asked ``again``. A crash between the re-send and
the marker replays that letter once more, which is harmless: writes are idempotent upserts, and a
record that still fails comes back to the dead-letter topic as a new letter (with a new source offset).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from streams.settings import Settings
from streams.topics import replay_marker_topic


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
    def mark(self) -> str:
        """This letter's key on the replay marker topic."""
        return f"{self.partition}:{self.offset}"

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
    letters = [_letter(r) for r in _read_topic(settings, settings.topic_dead_letters, client_config, timeout)]
    return [letter for letter in letters if reason is None or letter.reason == reason]


def replayed_marks(settings: Settings, client_config: dict[str, Any], timeout: float = 60.0) -> set[str]:
    """The ``partition:offset`` of every letter already replayed (the marker topic's keys)."""
    records = _read_topic(settings, replay_marker_topic(settings), client_config, timeout)
    return {record.key.decode() for record in records if record.key}


def letters_to_replay(settings: Settings, client_config: dict[str, Any], reason: str | None = None,
                      again: bool = False, timeout: float = 60.0) -> list[Letter]:
    """The letters (oldest first, of one reason if given) that no earlier replay has re-sent; all with ``again``."""
    letters = read_letters(settings, client_config, reason, timeout)
    if again:
        return letters
    done = replayed_marks(settings, client_config, timeout)
    return [letter for letter in letters if letter.mark not in done]


def _read_topic(settings: Settings, topic: str, client_config: dict[str, Any], timeout: float) -> list[Any]:
    """Every record on ``topic`` now, oldest first per partition; no consumer group, nothing committed."""
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None,
                             enable_auto_commit=False, **client_config)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            return []
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)  # records arriving while we read are left for the next run
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise DeadLetterError(f"could not read {topic} to its end within {timeout:.0f}s")
            for tp, batch in consumer.poll(timeout_ms=500).items():
                records += [r for r in batch if r.offset < end[tp]]
    finally:
        consumer.close()
    records.sort(key=lambda record: (record.partition, record.offset))
    return records


@dataclass
class ReplayResult:
    """What a replay did: letters re-sent per target topic, and letters skipped with why."""

    sent: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


def replay_letters(settings: Settings, client_config: dict[str, Any], letters: list[Letter]) -> ReplayResult:
    """Re-publish letters with their original key and value; waits until the broker has every one, then
    marks each as replayed, duplicates of a re-sent letter too. Tombstones and truncated letters cannot be
    re-sent; they stay unmarked and are reported as skipped on every run."""
    from streams.broker import ensure_topics

    ensure_topics(settings.bootstrap_servers, {replay_marker_topic(settings): 1}, **client_config)
    result = ReplayResult()
    seen: set[tuple[str, bytes | None, str]] = set()
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                             max_request_size=settings.max_message_bytes + 64 * 1024, **client_config)
    try:
        futures = []
        done: list[Letter] = []
        for letter in letters:
            if letter.value is None:
                result.skipped["no value (a tombstone): nothing to re-send"] += 1
                continue
            if "x-truncated" in letter.headers:
                result.skipped["value was truncated to fit the dead-letter topic"] += 1
                continue
            done.append(letter)
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
        marks = [producer.send(replay_marker_topic(settings), key=letter.mark.encode(),
                               value=f'{{"replayed_at": {time.time():.3f}}}'.encode()) for letter in done]
        for mark in marks:
            mark.get(timeout=180)
    finally:
        producer.close()
    return result


def _letter(record: Any) -> Letter:
    headers = {name: value.decode("utf-8", errors="replace") for name, value in record.headers or []}
    return Letter(record.partition, record.offset, record.key, record.value, headers)


def _text(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", errors="replace")
