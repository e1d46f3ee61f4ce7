"""What the two agents do with one batch, as plain async code: Faust only feeds batches in and acks.

Each step returns True when the batch may be acked (every record is stored, forwarded or dead-lettered)
and False when the worker is stopping before that (the batch stays unacked and is replayed). A step
never raises: when a Faust agent's body raises, Faust restarts the agent on the same stream, the failed
batch is never acked, commits for its partitions freeze, and a restart replays everything since.

- A failure of one record is dead-lettered with a reason, for that record alone (``ArticleBatchExtractor``
  and ``ExtractionSink`` isolate records; a bug that escapes them is caught here, the batch is redone
  one record at a time, and a record that still fails alone is dead-lettered as ``agent_error``).
- A transient failure (the store or the broker away) is retried with capped backoff until it passes or
  the worker stops; :class:`StallReport` says meanwhile what the agent is waiting for.
- A record the broker refuses for its size is dead-lettered (``extraction_too_large``), never retried.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from streams.handlers import DeadLetter, Message, Outcome, SinkStopped

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One consumed message: key, value and where it was read (``x-src-*`` headers of a dead letter)."""

    key: bytes | None
    value: bytes | None
    origin: dict[str, str] = field(default_factory=dict)
    timestamp: float | None = None  # the record's timestamp (seconds): the article's date without published_at


# send(key, value, headers): queues the message and returns something to await until the broker has it
# (Faust's FutureMessage); either step raises when the message could not be sent.
Send = Callable[[bytes | None, bytes | None, dict[str, bytes] | None], Awaitable[Awaitable[Any]]]
RunBlocking = Callable[..., Awaitable[Any]]


@dataclass
class StallReport:
    """Why an agent is waiting instead of moving on, and since when (None when it is not waiting)."""

    waiting: dict[str, tuple[str, float]] = field(default_factory=dict)  # agent -> (why, since)

    def wait(self, agent: str, why: str) -> None:
        previous = self.waiting.get(agent)
        self.waiting[agent] = (why, previous[1] if previous else time.time())

    def clear(self, agent: str) -> None:
        self.waiting.pop(agent, None)

    def snapshot(self) -> dict[str, dict[str, Any]]:
        now = time.time()
        return {agent: {"why": why, "since": since, "seconds": round(now - since, 1)}
                for agent, (why, since) in self.waiting.items()}


class Stopping(Exception):  # noqa: N818 - a state, not an error
    """The worker is stopping while a step waits: leave the batch unacked."""


class BatchSteps:
    """The agents' work per batch, with the retry, isolation and dead-letter rules described above."""

    def __init__(self, *, extract: Callable[[list[Message]], Outcome],
                 store: Callable[[list[bytes | None]], list[tuple[int, DeadLetter]]],
                 forward: Send, dead_letter: Send, run_nlp: RunBlocking, run_db: RunBlocking,
                 stats: Any, stall: StallReport, max_backoff: float = 30.0,
                 is_stopped: Callable[[], bool] = lambda: False) -> None:
        self._extract = extract
        self._store = store
        self._forward = forward
        self._dead_letter = dead_letter
        self._run_nlp = run_nlp
        self._run_db = run_db
        self._stats = stats
        self._stall = stall
        self._max_backoff = max_backoff
        self._is_stopped = is_stopped
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """Worker shutdown: retries give up and the batch in hand stays unacked."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set() or self._is_stopped()

    # --- the two steps ------------------------------------------------------------------------------

    async def extract(self, records: Sequence[Record], parsed: asyncio.Event | None = None,
                      after: asyncio.Future[Any] | None = None) -> bool:
        """Articles -> extraction messages forwarded, bad records dead-lettered. True: ack the batch.

        ``parsed`` is set once the records are extracted, before anything is forwarded; the forwards wait
        for ``after`` to finish first (``streams.work_batches.WorkLanes``, pipelined)."""
        async def step(batch: Sequence[Record]) -> None:
            await self._extract_batch(batch, parsed, after)

        return await self._guarded("extract-articles", records, step)

    async def store(self, records: Sequence[Record]) -> bool:
        """Extraction messages -> the store, records it cannot take dead-lettered. True: ack the batch."""
        return await self._guarded("store-extractions", records, self._store_batch)

    async def _extract_batch(self, records: Sequence[Record], parsed: asyncio.Event | None = None,
                             after: asyncio.Future[Any] | None = None) -> None:
        started = time.perf_counter()
        outcome: Outcome = await self._run_nlp(self._extract, [(r.key, r.value, r.timestamp) for r in records])
        self._stats.extracted(len(records), time.perf_counter() - started)
        if parsed is not None:
            parsed.set()
        if after is not None:
            await asyncio.wait([after])
        refused = await self._send_all("extract-articles", self._forward,
                                       [(key, value, None) for key, value in outcome.forward])
        dead = list(outcome.dead)
        for position, error in refused:  # the broker refused a forward for its size: dead-letter it
            index = outcome.forwarded_from[position]
            record = records[index]
            dead.append((index, DeadLetter(record.key, record.value, "extraction_too_large", error, "extract")))
        await self._send_letters("extract-articles", records, dead)

    async def _store_batch(self, records: Sequence[Record]) -> None:
        started = time.perf_counter()
        values = [record.value for record in records]
        dead: list[tuple[int, DeadLetter]] = await self._run_db(self._store, values)
        events = sum(value.count(b'"event_id"') for i, value in enumerate(values)
                     if value and i not in {index for index, _ in dead})
        self._stats.stored(len(records), len(records) - len(dead), events, time.perf_counter() - started)
        await self._send_letters("store-extractions", records, dead)

    # --- never raise ----------------------------------------------------------------------------------

    async def _guarded(self, agent: str, records: Sequence[Record],
                       step: Callable[[Sequence[Record]], Awaitable[None]]) -> bool:
        try:
            await step(records)
            return True
        except (Stopping, SinkStopped):
            return False
        except Exception as exc:  # noqa: BLE001 - a bug must cost one record, not the partition
            if self.stopping:
                return False
            log.exception("%s: a batch of %d failed (%s); redoing it one record at a time", agent, len(records),
                          type(exc).__name__)
        try:
            for record in records:
                try:
                    await step([record])
                except (Stopping, SinkStopped):
                    raise
                except Exception as exc:  # noqa: BLE001
                    if self.stopping:
                        raise Stopping from exc
                    log.exception("%s: record %s failed alone; dead-lettering it", agent, record.origin)
                    letter = DeadLetter(record.key, record.value, "agent_error", f"{type(exc).__name__}: {exc}",
                                        "extract" if agent == "extract-articles" else "store")
                    await self._send_letters(agent, [record], [(0, letter)])
            return True
        except (Stopping, SinkStopped):
            return False
        except Exception:  # noqa: BLE001 - the dead-letter topic refuses too: leave the batch unacked
            log.exception("%s: could not dead-letter a failed record; the batch stays unacked", agent)
            return False

    async def _send_letters(self, agent: str, records: Sequence[Record], dead: list[tuple[int, DeadLetter]]) -> None:
        sends = []
        for index, letter in sorted(dead, key=lambda pair: pair[0]):
            record = records[index]
            log.warning("dead letter %s from %s: %s", letter.reason, record.origin, letter.detail[:200])
            self._stats.dead_lettered(letter.reason)
            key = letter.key if letter.key is not None else record.key
            sends.append((key, letter.value, letter.headers(record.origin)))
        refused = await self._send_all(agent, self._dead_letter, sends)
        if refused:  # letters are cut to fit the topic's limit, so this is a configuration error
            raise RuntimeError(f"the dead-letter topic refused {len(refused)} letters: {refused[0][1]}")

    async def _send_all(self, agent: str, send: Send,
                        messages: list[tuple[bytes | None, bytes | None, dict[str, bytes] | None]],
                        ) -> list[tuple[int, str]]:
        """Send every message in order; on a transient failure send again from the first failed one on.

        Messages are queued in order and then awaited, so two versions of one article in a batch reach
        the topic in order (the last one wins in the store). A retry re-sends everything from the first
        failure on, also what went through after it, so that order still holds; the duplicates are
        harmless (idempotent writes). Returns the positions the broker refused for their size (retrying
        cannot help those: they are dead-lettered).
        """
        refused: dict[int, str] = {}
        start = 0
        delay = 0.5
        while True:
            positions = [i for i in range(start, len(messages)) if i not in refused]
            failed: list[tuple[int, BaseException]] = []
            waiters = []
            for position in positions:
                try:
                    waiters.append((position, await send(*messages[position])))
                except Exception as exc:  # noqa: BLE001 - classified below with the delivery failures
                    failed.append((position, exc))
            for position, waiter in waiters:
                try:
                    await waiter
                except Exception as exc:  # noqa: BLE001
                    failed.append((position, exc))
            for position, exc in failed:
                if "TooLarge" in type(exc).__name__:
                    refused[position] = f"{type(exc).__name__}: the broker refused the message for its size"
            transient = sorted((p, exc) for p, exc in failed if p not in refused)
            if not transient:
                break
            start = transient[0][0]
            why = f"broker not taking messages ({type(transient[0][1]).__name__})"
            self._stall.wait(agent, why)
            log.warning("%s: %s; sending again from message %d of %d in %.1fs", agent, why, start + 1,
                        len(messages), delay)
            await self._pause(delay)
            delay = min(delay * 2, self._max_backoff)
        self._stall.clear(agent)
        return sorted(refused.items())

    async def _pause(self, seconds: float) -> None:
        if self.stopping:
            raise Stopping
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except TimeoutError:
            return
        raise Stopping

