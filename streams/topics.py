"""The pipeline's Kafka topics. All carry raw bytes: we decode inside the agents so bad input can be dead-lettered."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from streams.settings import Settings


@dataclass(frozen=True)
class Topics:
    """``articles`` (input) -> ``extractions`` (per-article results) -> SQL; failures -> ``articles-dlq``."""

    articles: faust.TopicT
    extractions: faust.TopicT
    dead_letters: faust.TopicT


def topic_partitions(settings: Settings) -> dict[str, int]:
    """Every topic the pipeline uses with its partition count (the project creates them; Faust does not)."""
    return {
        settings.topic_articles: settings.topic_partitions,
        settings.topic_extractions: settings.topic_partitions,
        settings.topic_dead_letters: 1,
    }


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
