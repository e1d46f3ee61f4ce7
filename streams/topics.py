"""The pipeline's Kafka topics. All carry raw bytes: we decode inside the agents so bad input can be dead-lettered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from streams.settings import Settings

MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class Topics:
    """``articles`` (input) -> ``extractions`` (per-article results) -> SQL; failures -> ``articles-dlq``."""

    articles: faust.TopicT
    extractions: faust.TopicT
    dead_letters: faust.TopicT


def replay_marker_topic(settings: Settings) -> str:
    """Where ``dlq replay`` notes each letter it replayed (key ``partition:offset``), so it replays it once."""
    return f"{settings.topic_dead_letters}-replayed"


def topic_partitions(settings: Settings) -> dict[str, int]:
    """Every topic the pipeline uses with its partition count (the project creates them; Faust does not)."""
    return {
        settings.topic_articles: settings.topic_partitions,
        settings.topic_extractions: settings.topic_partitions,
        settings.topic_dead_letters: 1,
        replay_marker_topic(settings): 1,
    }


def topic_configs(settings: Settings) -> dict[str, dict[str, str]]:
    """Topic settings the pipeline relies on: dead letters kept ``dead_letter_retention_days`` (the
    broker's default, 24 h on the local broker, is too short to notice and fix a cause), and replay
    markers compacted to one per letter and expiring with the letters."""
    retention = str(int(settings.dead_letter_retention_days * MS_PER_DAY))
    return {
        settings.topic_dead_letters: {"retention.ms": retention},
        replay_marker_topic(settings): {"cleanup.policy": "compact,delete", "retention.ms": retention},
    }


def prepare_topics(settings: Settings, **client_config: Any) -> None:
    """Create the missing topics and set :func:`topic_configs` on them, also on topics that already exist."""
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    from streams.broker import ensure_topics

    ensure_topics(settings.bootstrap_servers, topic_partitions(settings), **client_config)
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **client_config)
    try:
        resources = [ConfigResource(ConfigResourceType.TOPIC, name, configs=configs)
                     for name, configs in topic_configs(settings).items()]
        result = admin.alter_configs(resources)
    finally:
        admin.close()
    failed = {name: error for by_name in result.values() for name, error in by_name.items()
              if getattr(error, "errno", 0)}
    if failed:
        raise RuntimeError(f"could not set topic configs: {failed}")


def topic_config(settings: Settings, topic: str, **client_config: Any) -> dict[str, str]:
    """The topic's configs that differ from the broker's defaults (``dlq show`` and the tests read it)."""
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **client_config)
    try:
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    finally:
        admin.close()
    entries = next(iter(described.values()))[topic]
    return {key: entry["value"] if isinstance(entry, dict) else entry for key, entry in entries.items()}


def declare_topics(app: faust.App, settings: Settings) -> Topics:
    """Bind the topics to the app as raw-bytes channels."""

    def raw(name: str, partitions: int) -> faust.TopicT:
        return app.topic(name, key_type=bytes, value_type=bytes, value_serializer="raw",
                         key_serializer="raw", partitions=partitions)

    return Topics(
        articles=raw(settings.topic_articles, settings.topic_partitions),
        extractions=raw(settings.topic_extractions, settings.topic_partitions),
        dead_letters=raw(settings.topic_dead_letters, 1),
    )
