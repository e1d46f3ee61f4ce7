"""What the agents do with a batch, kept out of the agents so it can be tested without Faust.

``ArticleBatchExtractor`` turns raw article messages into extraction messages or dead letters;
``ExtractionSink`` writes extraction messages to SQL, retrying while the database is away.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from db.store import save_extractions
from processors.articles import ArticleError, article_to_json, parse_article_bytes
from processors.types import Article, Extraction
from streams.extraction_shape import extraction_shape_error

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeadLetter:
    """A record that could not be processed: the raw value plus a stable reason code and a message."""

    key: bytes | None
    value: bytes | None
    reason: str
    detail: str
    stage: str
    truncated_from: int | None = None  # the original value's size when only its start is kept

    def headers(self, source: dict[str, str]) -> dict[str, bytes]:
        """Kafka headers that say why and where from (no stack traces: they can leak settings)."""
        base = {"x-reason": self.reason, "x-error": self.detail[:2000], "x-stage": self.stage} | source
        if self.truncated_from is not None:
            base["x-truncated"] = str(self.truncated_from)
        return {name: value.encode("utf-8") for name, value in base.items()}

    def fitted(self, max_bytes: int) -> DeadLetter:
        """This letter with its value cut so that key and value fit ``max_bytes``, so the dead-letter topic
        always takes it (the broker counts the key too: a huge key from another producer once made the
        letter itself too large, and the batch could then never be acked)."""
        budget = max(max_bytes - len(self.key or b""), 0)
        if self.value is None or len(self.value) <= budget:
            return self
        return dataclasses.replace(self, value=self.value[:budget], truncated_from=len(self.value))


@dataclass(frozen=True)
class Outcome:
    """Result of one batch: extraction messages to forward (key, value) and dead letters."""

    forward: list[tuple[bytes, bytes]] = field(default_factory=list)
    forwarded_from: list[int] = field(default_factory=list)  # the batch index of each forward message
    dead: list[tuple[int, DeadLetter]] = field(default_factory=list)  # (index in the batch, letter)


# A consumed record: key, value and, from the stream, the record's timestamp in seconds.
Message = tuple[bytes | None, bytes | None] | tuple[bytes | None, bytes | None, float | None]
ExtractBatch = Callable[[list[Article]], list[Extraction]]
ExtractOne = Callable[[Article], Extraction]


class ArticleBatchExtractor:
    """Parse raw messages, run the processors over the valid articles, and build sink messages.

    A processor failure on a batch falls back to one article at a time, so one poison article is
    dead-lettered alone and the rest of its batch still flows.
    """

    def __init__(self, extract_batch: ExtractBatch, extract_one: ExtractOne, max_text_chars: int,
                 max_message_bytes: int = 1_000_000) -> None:
        self._extract_batch = extract_batch
        self._extract_one = extract_one
        self._max_text_chars = max_text_chars
        self._max_message_bytes = max_message_bytes

    def run(self, messages: Sequence[Message]) -> Outcome:
        """Process ``(key, value)`` or ``(key, value, record timestamp)`` messages; never raises for bad input or
        processor errors. The record's timestamp (seconds) is the article's date when it has no published_at."""
        outcome = Outcome()
        valid: list[tuple[int, Article]] = []
        for index, (key, value, *received) in enumerate(messages):
            try:
                article = parse_article_bytes(value, self._max_text_chars)
                if article.published_at is None and received and received[0] is not None:
                    article = dataclasses.replace(article, received_at=datetime.fromtimestamp(received[0], UTC))
                valid.append((index, article))
            except ArticleError as exc:
                outcome.dead.append((index, DeadLetter(key, value, exc.reason, exc.detail, "parse")))
            except Exception as exc:  # noqa: BLE001 - a validation bug must not stop the stream either
                log.exception("validation failed on a record")
                outcome.dead.append((index, DeadLetter(key, value, "processor_error", _describe(exc), "parse")))
        for index, article, result in self._extract(valid):
            key, value = messages[index][:2]
            if not isinstance(result, Exception):
                try:
                    message = _sink_message(article, result)
                except Exception as exc:  # noqa: BLE001 - e.g. a number JSON cannot carry
                    result = exc
            if isinstance(result, Exception):
                outcome.dead.append((index, DeadLetter(key, value, "processor_error", _describe(result), "extract")))
                continue
            if len(message) > self._max_message_bytes:
                # The broker would refuse it, and a failed forward would stall the partition: dead-letter it.
                detail = f"the extraction message has {len(message)} bytes, the limit is {self._max_message_bytes}"
                outcome.dead.append((index, DeadLetter(key, value, "extraction_too_large", detail, "extract")))
            else:
                outcome.forward.append((article.id.encode(), message))
                outcome.forwarded_from.append(index)
        outcome.dead[:] = [(index, letter.fitted(self._max_message_bytes)) for index, letter in outcome.dead]
        return outcome

    def _extract(self, valid: list[tuple[int, Article]]) -> list[tuple[int, Article, Extraction | Exception]]:
        if not valid:
            return []
        try:
            results = self._extract_batch([article for _, article in valid])
            return [(i, a, r) for (i, a), r in zip(valid, results, strict=True)]
        except Exception:  # noqa: BLE001 - isolate the failing article below
            log.warning("batch extraction failed; retrying %d articles one by one", len(valid), exc_info=True)
        isolated: list[tuple[int, Article, Extraction | Exception]] = []
        for index, article in valid:
            try:
                isolated.append((index, article, self._extract_one(article)))
            except Exception as exc:  # noqa: BLE001 - a processor bug must not stop the stream
                log.exception("processor failed on article %s", article.id)
                isolated.append((index, article, exc))
        return isolated


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _sink_message(article: Article, extraction: Extraction) -> bytes:
    meta = article_to_json(article)
    meta.pop("text")
    meta["text_chars"] = len(article.text)
    # extracted_at: the store keeps the newest extraction of an article, so a worker that lost its
    # partitions and writes an older batch late never overwrites a newer one (docs/store.md).
    return orjson.dumps({"article": meta, "extraction": extraction.to_json(),
                         "extracted_at": datetime.now(UTC).isoformat()})


class ExtractionSink:
    """Write extraction messages to the store in one transaction per batch.

    While the database is unreachable it retries with capped exponential backoff and does not
    return, so the agent does not ack the batch and Kafka offsets are not committed past it.
    Any other failure of a batch writes its records one by one, so only the records that fail alone
    are dead-lettered (``store_rejected`` when the database refused them, ``store_error`` when the
    store's code raised on them) and the records beside them are stored: no record stops the partition.
    Raises :class:`SinkStopped` if the worker stops while waiting, leaving the batch unacked.
    """

    def __init__(self, engine: Engine, max_backoff: float = 30.0,
                 on_retry: Callable[[str | None], None] | None = None) -> None:
        self._engine = engine
        self._max_backoff = max_backoff
        self._stop = threading.Event()
        # Told "why" while the sink waits for the store, and None once a write succeeds (readiness).
        self._on_retry = on_retry or (lambda _why: None)

    def stop(self) -> None:
        """Stop waiting for the database (worker shutdown): the batch stays unacked and is replayed."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def write(self, values: Sequence[bytes | None]) -> list[tuple[int, DeadLetter]]:
        """Store the batch; returns dead letters for the records that cannot be stored."""
        if self._stop.is_set():
            raise SinkStopped("worker stopping: the batch is left unacked")
        items: list[tuple[int, dict[str, Any]]] = []
        dead: list[tuple[int, DeadLetter]] = []
        for index, value in enumerate(values):
            try:
                item = orjson.loads(value or b"")
            except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
                dead.append((index, DeadLetter(None, value, "invalid_extraction", str(exc), "store")))
                continue
            if (problem := extraction_shape_error(item)) is not None:
                dead.append((index, DeadLetter(None, value, "extraction_shape", problem, "store")))
            else:
                items.append((index, item))
        if not items:
            return dead
        try:
            self._with_retry(lambda: save_extractions(self._engine, [item for _, item in items]))
        except SinkStopped:
            raise
        except Exception as exc:  # noqa: BLE001 - find the failing records below; the others are stored
            log.warning("store batch of %d failed (%s); writing its records one by one", len(items),
                        type(exc).__name__)
            dead += self._write_one_by_one(items, values)
        return sorted(dead, key=lambda pair: pair[0])

    def _write_one_by_one(self, items: list[tuple[int, dict[str, Any]]],
                          values: Sequence[bytes | None]) -> list[tuple[int, DeadLetter]]:
        dead = []
        for index, item in items:
            try:
                self._with_retry(lambda item=item: save_extractions(self._engine, [item]))  # type: ignore[misc]
            except SinkStopped:
                raise
            except DBAPIError as exc:  # not transient (those are retried): the database refused the content
                orig = exc.orig if exc.orig is not None else exc
                detail = f"{type(orig).__name__}: {orig}"[:2000]
                dead.append((index, DeadLetter(None, values[index], "store_rejected", detail, "store")))
            except Exception as exc:  # noqa: BLE001 - the store's code failed on this record alone
                log.warning("store failed on article %r: %s", item["article"].get("id"), type(exc).__name__)
                detail = f"{type(exc).__name__}: {exc}"[:2000]
                dead.append((index, DeadLetter(None, values[index], "store_error", detail, "store")))
        return dead

    def _with_retry(self, write: Callable[[], object]) -> None:
        delay = 0.5
        while True:
            try:
                write()
                self._on_retry(None)
                return
            except DBAPIError as exc:
                if not _is_transient(exc):
                    raise
                why = f"store unavailable ({type(exc.orig).__name__})"
                self._on_retry(why)
                log.warning("%s; retrying in %.1fs", why, delay)
                if self._stop.wait(delay):
                    raise SinkStopped("worker stopping while the store is unavailable") from exc
                delay = min(delay * 2, self._max_backoff)


class SinkStopped(RuntimeError):
    """The worker is stopping before the batch could be written: it must stay unacked."""


def _is_transient(exc: DBAPIError) -> bool:
    """Connection loss and lock timeouts pass; bad data does not."""
    return isinstance(exc, OperationalError) or exc.connection_invalidated
