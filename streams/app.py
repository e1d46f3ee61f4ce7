"""The Faust app: settings in, topics, agents and web views wired up. No NLP or SQL logic lives here."""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import ssl
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import faust
from faust.types import EventT, StreamT

from db.store import make_engine
from streams.agents import BatchSteps, Record, StallReport
from streams.dashboard import consumer_lag, register_dashboard
from streams.extraction import ExtractionService
from streams.handlers import ArticleBatchExtractor, ExtractionSink
from streams.settings import Settings
from streams.stall import StreamHealth
from streams.stats import PipelineStats
from streams.topics import declare_topics
from streams.web import register_views
from streams.work_batches import WorkLanes, estimate_words

log = logging.getLogger(__name__)

STALL_SAMPLE_SECONDS = 5.0  # how often commit progress is sampled for the stall check (streams/stall.py)


class PipelineApp(faust.App):
    """The Faust app, with a shutdown that stops waiting for the store and the broker first.

    Faust stops the consumer by waiting until every record taken from the stream is acked
    (``wait_empty``) and only then sends ``on_before_shutdown``; a sink retrying its batch through a
    database outage never acks, so SIGTERM hung. Here the steps are told to stop first (the batch in
    hand stays unacked, so the next owner replays it), and the wait is bounded.
    """

    def __init__(self, *args: Any, on_stopping: Callable[[], None], shutdown_wait: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_stopping = on_stopping
        self._shutdown_wait = shutdown_wait
        self._shutting_down = False

    async def on_stop(self) -> None:
        self._shutting_down = True
        self._on_stopping()
        await super().on_stop()

    async def _consumer_wait_empty(self, consumer: Any, logger: Any) -> None:
        # Faust's private hook (faust-streaming 0.11). On shutdown only: Faust's own wait_empty cannot be
        # bounded from outside (it swallows the cancellation of its inner wait and loops on), so this
        # waits for the acks itself, up to ``shutdown_wait``, then commits what was acked.
        if not self._shutting_down:
            await super()._consumer_wait_empty(consumer, logger)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._shutdown_wait
        while True:
            consumer._clean_unacked_messages()
            if not consumer._unacked_messages:
                break
            if loop.time() >= deadline:
                logger.warning("shutdown: %d records left unacked after %.0fs; the next owner replays them",
                               len(consumer._unacked_messages), self._shutdown_wait)
                break
            await asyncio.sleep(0.2)
        try:
            await asyncio.wait_for(consumer.commit(), self._shutdown_wait)  # only contiguous acked offsets
        except Exception as exc:  # noqa: BLE001 - not committed: replayed, which is safe (idempotent writes)
            logger.warning("shutdown: final commit failed (%s)", type(exc).__name__)


def create_app(settings: Settings) -> faust.App:
    """Build the Faust app for these settings (no connection is made until the worker starts)."""
    stall = StallReport()
    engine = make_engine(settings.database_url)
    sink = ExtractionSink(engine, on_retry=lambda why: stall.wait("store-extractions", why) if why
                          else stall.clear("store-extractions"))

    def stopping() -> None:
        sink.stop()
        steps.stop()

    app = PipelineApp(
        settings.app_id,
        on_stopping=stopping,
        shutdown_wait=settings.shutdown_wait_seconds,
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
        stream_buffer_maxsize=stream_buffer_records(settings),
        producer_max_request_size=8 * 1024 * 1024,
    )
    topics = declare_topics(app, settings)
    extracts = settings.worker_role in ("all", "extract")
    stores = settings.worker_role in ("all", "store")
    extraction = ExtractionService(settings.spacy_model, long_words=settings.extract_batch_words)
    stats = PipelineStats()
    extractor = ArticleBatchExtractor(extraction.extract_batch, extraction.extract_one, settings.max_text_chars,
                                      settings.max_message_bytes)
    # One thread each: spaCy and the DB driver block, and must never run on the event loop.
    # Two NLP threads: short groups in one while a long article parses in the other (WorkLanes). They
    # share one core through the GIL, so this adds no throughput; it keeps short articles moving.
    nlp_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nlp", initializer=name_native_thread,
                                  initargs=("nlp",))
    db_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db", initializer=name_native_thread,
                                 initargs=("db",))

    def in_pool(pool: ThreadPoolExecutor) -> Callable[..., Awaitable[Any]]:
        async def run(function: Callable[..., Any], *args: Any) -> Any:
            return await asyncio.get_running_loop().run_in_executor(pool, function, *args)
        return run

    steps = BatchSteps(extract=extractor.run, store=sink.write, forward=_sender(topics.extractions),
                       dead_letter=_sender(topics.dead_letters), run_nlp=in_pool(nlp_pool), run_db=in_pool(db_pool),
                       stats=stats, stall=stall)

    pause_marker = Path(os.environ["EVENTPIPE_TEST_PAUSE_AFTER_STORE"]) \
        if os.environ.get("EVENTPIPE_TEST_PAUSE_AFTER_STORE") else None

    # An agent is only declared in a worker of its role: Faust subscribes a worker to its agents' topics
    # alone, and the group's assignor gives a topic's partitions only to the members subscribed to it.
    if extracts:
        @app.task
        async def load_model() -> None:
            await asyncio.get_running_loop().run_in_executor(nlp_pool, extraction.warm_up)

        @app.agent(topics.articles, name="extract-articles")
        async def extract_articles(stream: StreamT) -> None:
            async def run(group: list[EventT], parsed: asyncio.Event, after: asyncio.Future[Any] | None) -> bool:
                return await steps.extract([_record(event) for event in group], parsed, after)

            # Pipelined: the next group is parsed while the one before is forwarded and acked, and one more
            # waits its turn at the NLP thread so that it never idles between two groups.
            lanes = WorkLanes(settings.extract_batch_words, run, lambda group: _ack(stream, group), pipelined=True,
                              parse_ahead=1)
            async for events in stream.noack_take(settings.extract_batch_size, within=settings.extract_batch_seconds):
                await lanes.submit(events, [estimate_words(event.message.value) for event in events],
                                   [event.message.key for event in events])

    if stores:
        @app.agent(topics.extractions, name="store-extractions")
        async def store_extractions(stream: StreamT) -> None:
            async for events in stream.noack_take(settings.sink_batch_size, within=settings.sink_batch_seconds):
                if await steps.store([_record(event) for event in events]):
                    await _pause_after_store(pause_marker)
                    await _ack(stream, events)

    health = StreamHealth(settings.stall_minutes * 60, stall)
    lag_cache: dict[Any, int] = {}

    @app.timer(interval=STALL_SAMPLE_SECONDS)
    async def sample_commit_progress() -> None:
        # Commit progress is remembered between samples: without this, a stall would only be noticed by
        # the second poll of /healthz/ or the dashboard after it began.
        try:
            health.assess(await consumer_lag(app, lag_cache))
        except Exception as exc:  # noqa: BLE001 - Kafka did not answer in time: sample again next time
            log.debug("commit progress not sampled: %s", type(exc).__name__)
    register_views(app, settings=settings, engine=engine, stats=stats, health=health)
    register_dashboard(app, settings=settings, engine=engine, stats=stats, topics=topics, health=health)
    return app


def name_native_thread(name: str) -> None:
    """Name the calling thread for the OS too (``/proc/<pid>/task/*/comm``, ``top -H``), so a thread's CPU
    seconds can be told apart from outside (bench/stream.py reads them). Linux only; elsewhere a no-op."""
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(15, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)  # 15: PR_SET_NAME
    except (OSError, AttributeError):
        pass


def stream_buffer_records(settings: Settings) -> int:
    """Faust bounds its stream buffer in records; this keeps it under ``stream_buffer_bytes`` of
    messages as large as the topic allows, but never below one sink batch (the sink needs a full one)."""
    return max(settings.sink_batch_size, settings.extract_batch_size,
               settings.stream_buffer_bytes // settings.max_message_bytes)


def _sender(channel: faust.TopicT) -> Callable[[bytes | None, bytes | None, dict[str, bytes] | None],
                                               Awaitable[Awaitable[Any]]]:
    async def send(key: bytes | None, value: bytes | None, headers: dict[str, bytes] | None) -> Awaitable[Any]:
        # Queues the message (in call order) and returns the future that resolves when Kafka has it (acks=all).
        return await channel.send(key=key, value=value, headers=headers)
    return send


def _record(event: EventT) -> Record:
    message = event.message
    return Record(message.key, message.value, {"x-src-topic": str(message.topic),
                                               "x-src-partition": str(message.partition),
                                               "x-src-offset": str(message.offset)}, message.timestamp)


async def _pause_after_store(marker: Path | None) -> None:
    """Test hook: with ``EVENTPIPE_TEST_PAUSE_AFTER_STORE=<file>`` the sink stops for good after its first
    stored batch, before the ack, and writes ``<file>``: a kill -9 then lands exactly between the database
    commit and the offset commit (tests/test_reliability_kill.py). Unset in every real deployment."""
    if marker is None:
        return
    marker.write_text("stored, not acked\n")
    log.warning("test hook: paused after a store, before its ack (EVENTPIPE_TEST_PAUSE_AFTER_STORE)")
    await asyncio.Event().wait()


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
