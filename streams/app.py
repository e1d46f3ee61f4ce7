"""The Faust app: settings in, topics, agents and web views wired up. No NLP or SQL logic lives here."""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust
from faust.types import EventT, StreamT

from db.store import make_engine
from streams.dashboard import register_dashboard
from streams.extraction import ExtractionService
from streams.handlers import ArticleBatchExtractor, DeadLetter, ExtractionSink
from streams.settings import Settings
from streams.stats import PipelineStats
from streams.topics import Topics, declare_topics
from streams.web import register_views

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> faust.App:
    """Build the Faust app for these settings (no connection is made until the worker starts)."""
    app = faust.App(
        settings.app_id,
        broker=settings.broker_url,
        broker_credentials=_credentials(settings),
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        web_bind=settings.web_host,
        web_port=settings.web_port,
        web_host=settings.web_host,
        web_tables_enabled=False,  # table pages would serve data to anyone who can reach the port
        web_in_thread=False,
        broker_commit_every=500,
        stream_buffer_maxsize=2000,
        producer_max_request_size=8 * 1024 * 1024,
    )
    topics = declare_topics(app, settings)
    extraction = ExtractionService(settings.spacy_model)
    engine = make_engine(settings.database_url)
    sink = ExtractionSink(engine)
    stats = PipelineStats()
    extractor = ArticleBatchExtractor(extraction.extract_batch, extraction.extract_one, settings.max_text_chars,
                                      settings.max_message_bytes)
    # One thread each: spaCy and the DB driver block, and must never run on the event loop.
    nlp_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp")
    db_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")

    @app.task
    async def load_model() -> None:
        await asyncio.get_running_loop().run_in_executor(nlp_pool, extraction.warm_up)

    @app.agent(topics.articles, name="extract-articles")
    async def extract_articles(stream: StreamT) -> None:
        async for events in stream.noack_take(settings.extract_batch_size, within=settings.extract_batch_seconds):
            messages = [(event.message.key, event.message.value) for event in events]
            started = time.perf_counter()
            outcome = await asyncio.get_running_loop().run_in_executor(nlp_pool, extractor.run, messages)
            stats.extracted(len(events), time.perf_counter() - started)
            await _deliver([topics.extractions.send(key=k, value=v) for k, v in outcome.forward])
            await _dead_letter(topics, stats, events, outcome.dead)
            await _ack(stream, events)

    @app.agent(topics.extractions, name="store-extractions")
    async def store_extractions(stream: StreamT) -> None:
        async for events in stream.noack_take(settings.sink_batch_size, within=settings.sink_batch_seconds):
            values = [event.message.value for event in events]
            started = time.perf_counter()
            dead = await asyncio.get_running_loop().run_in_executor(db_pool, sink.write, values)
            stats.stored(len(events), len(events) - len(dead), sum(v.count(b'"event_id"') for v in values if v),
                         time.perf_counter() - started)
            await _dead_letter(topics, stats, events, dead)
            await _ack(stream, events)

    @app.on_before_shutdown.connect
    async def stop_waiting_for_store(app: faust.App, **_: Any) -> None:
        sink.stop()

    register_views(app, settings=settings, engine=engine, stats=stats)
    register_dashboard(app, settings=settings, engine=engine, stats=stats, topics=topics)
    return app


async def _deliver(sends: list[Any]) -> None:
    """Wait until Kafka has every forwarded message before acking the inputs (at-least-once)."""
    futures = [await send for send in sends]
    await asyncio.gather(*futures)


async def _dead_letter(topics: Topics, stats: PipelineStats, events: list[EventT],
                       dead: list[tuple[int, DeadLetter]]) -> None:
    sends = []
    for index, letter in dead:
        message = events[index].message
        origin = {"x-src-topic": str(message.topic), "x-src-partition": str(message.partition),
                  "x-src-offset": str(message.offset)}
        log.warning("dead letter %s from %s[%s]@%s: %s", letter.reason, message.topic, message.partition,
                    message.offset, letter.detail[:200])
        stats.dead_lettered(letter.reason)
        key = letter.key if letter.key is not None else message.key
        sends.append(topics.dead_letters.send(key=key, value=letter.value, headers=letter.headers(origin)))
    await _deliver(sends)


async def _ack(stream: StreamT, events: list[EventT]) -> None:
    # Acked only now, after the results are delivered or stored: a crash before this line replays the batch.
    for event in events:
        await stream.ack(event)


def _credentials(settings: Settings) -> faust.SASLCredentials | faust.SSLCredentials | None:
    # Faust picks the protocol from the credentials: without an SSL context SASL_SSL would silently become
    # SASL_PLAINTEXT and SSL would become PLAINTEXT. TLS trusts the system CAs (or the SSL_CERT_FILE bundle).
    protocol = settings.broker_security_protocol.upper()
    ssl_context = ssl.create_default_context() if protocol in ("SSL", "SASL_SSL") else None
    if not settings.broker_sasl_username:
        return faust.SSLCredentials(ssl_context) if ssl_context else None
    password = settings.broker_sasl_password.get_secret_value() if settings.broker_sasl_password else ""
    return faust.SASLCredentials(
        username=settings.broker_sasl_username,
        password=password,
        mechanism=settings.broker_sasl_mechanism or "PLAIN",
        ssl_context=ssl_context,
    )
