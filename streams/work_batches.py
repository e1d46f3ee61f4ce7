"""Cut a batch of articles into ``nlp.pipe`` calls sized by work (words), not by count.

An article waits for the whole ``nlp.pipe`` call it is parsed in, and nothing of that call is
forwarded before the call ends. Sized by count, one 10,000-word article in a batch of 32 holds the
31 short ones behind it for its whole parse. Sized by words, a call holds at most ``word_budget``
words of short articles (parsed in well under a second on the small model), and an article longer
than the budget is parsed alone, after the short ones of its batch, in a lane of its own
(``streams.app``), so a short article waits behind a long one for at most one short group.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkPlan:
    """Which articles of a batch (by index) are parsed together, in the order to parse them.

    ``short``: groups of articles, each at most ``word_budget`` words in total (or a single
    article), in arrival order. ``long``: the articles over the budget, one per call, in arrival order.
    """

    short: list[list[int]] = field(default_factory=list)
    long: list[int] = field(default_factory=list)


def count_words(text: str) -> int:
    """Whitespace-separated words: a cheap, model-free measure of how long a text takes to parse."""
    return len(text.split())


def plan_work(word_counts: Sequence[int], word_budget: int, keys: Sequence[Hashable] | None = None,
              waiting_keys: Collection[Hashable] = ()) -> WorkPlan:
    """Group a batch by words: short articles packed in arrival order, long ones (over the budget) alone.

    A record whose key (the message key) is already waiting in the long lane (``waiting_keys``, or
    earlier in this batch) goes there too, after it: two versions of one article must not be stored
    out of order just because one of them is long.
    """
    if word_budget < 1:
        raise ValueError(f"word_budget must be at least 1, not {word_budget}")
    if keys is not None and len(keys) != len(word_counts):
        raise ValueError("keys and word_counts differ in length")
    plan = WorkPlan()
    long_keys: set[Hashable] = set(waiting_keys)
    group: list[int] = []
    group_words = 0
    for index, words in enumerate(word_counts):
        key = keys[index] if keys is not None else None
        if words > word_budget or (key is not None and key in long_keys):
            plan.long.append(index)
            if key is not None:
                long_keys.add(key)
            continue
        if group and group_words + words > word_budget:
            plan.short.append(group)
            group, group_words = [], 0
        group.append(index)
        group_words += words
    if group:
        plan.short.append(group)
    return plan


def estimate_words(value: bytes | None) -> int:
    """Words of a raw article message, before it is parsed: its whitespace-separated runs.

    The JSON's keys and metadata add a few, and newlines escaped as ``\\n`` join two words: close
    enough to size a batch, and it costs microseconds where parsing the JSON twice would not.
    """
    return len(value.split()) if value else 0


T = TypeVar("T")


class WorkLanes(Generic[T]):
    """Runs a batch as planned by :func:`plan_work`: short groups in turn, long articles in a lane of their own.

    ``run(items)`` extracts and forwards some records and returns True when they may be acked;
    ``done(items)`` acks them. Each short group is run and acked as soon as it is done, not after the
    whole batch. Long articles queue in the long lane, one at a time, while the short groups of this and
    later batches go on: ``run`` must then execute in a thread pool with a thread free for the short
    groups (the NLP threads share one core through the GIL, so a short group is slowed by a long
    parse beside it, never stopped behind it). Acks out of arrival order are safe: Faust commits a
    partition's offset only up to its first unacked record.

    At most ``max_long_waiting`` long articles wait in the lane; beyond that ``submit`` waits for the
    oldest (backpressure, instead of an unbounded backlog of unacked records).

    ``pipelined``: ``run(items, parsed, after)`` sets the event ``parsed`` once its records are extracted
    and waits for the future ``after`` (the group before it, forwarded and acked) before forwarding its
    own. The next short group is then parsed while the one before it is still being forwarded and
    acked, instead of the NLP thread waiting for the broker and the event loop after every group; the
    forwards still reach the topic in arrival order, short groups one after the other, and a long
    article after the short groups that came before it. ``submit`` returns once its last group is
    parsed; ``drain`` waits for the deliveries too. At most ``max_short_waiting`` short groups are
    parsed and not yet delivered: while the broker is away, the agent stops taking new records instead
    of parsing a backlog into memory.

    ``parse_ahead`` (pipelined): how many more short groups are handed to ``run`` while one is being parsed.
    With 0, the next group is handed over only once the one before is parsed, and the NLP thread sits idle
    until the event loop (which waits its turn for the GIL behind the database thread) gets round to it; with
    1, the next group already waits at the NLP thread's door (``ExtractionService`` still parses one at a time).
    The groups parsed ahead count towards ``max_short_waiting``.
    """

    def __init__(self, word_budget: int, run: Callable[..., Awaitable[bool]],
                 done: Callable[[list[T]], Awaitable[None]], max_long_waiting: int = 4,
                 pipelined: bool = False, max_short_waiting: int = 2, parse_ahead: int = 0) -> None:
        self._word_budget = word_budget
        self._run = run
        self._done = done
        self._max_long_waiting = max_long_waiting
        self._pipelined = pipelined
        self._long: deque[tuple[Hashable, asyncio.Task[None]]] = deque()
        self._max_short_waiting = max_short_waiting + parse_ahead
        self._parse_ahead = parse_ahead
        self._unparsed: deque[tuple[asyncio.Task[None], asyncio.Event]] = deque()  # handed over, not parsed yet
        self._short: deque[asyncio.Task[None]] = deque()  # short groups not yet delivered (pipelined)
        self._short_tail: asyncio.Task[None] | None = None  # the last short group's delivery (pipelined)

    async def submit(self, items: Sequence[T], words: Sequence[int], keys: Sequence[Hashable] | None = None) -> None:
        """Plan the batch, queue its long articles, then run and ack its short groups in turn."""
        self._forget_finished()
        plan = plan_work(words, self._word_budget, keys, waiting_keys={key for key, _ in self._long})
        for index in plan.long:
            while len(self._long) >= self._max_long_waiting:
                await asyncio.wait([self._long[0][1]])
                self._forget_finished()
            previous = self._long[-1][1] if self._long else None
            task = asyncio.ensure_future(self._run_long(previous, [items[index]], self._short_tail))
            task.add_done_callback(_log_failure)
            self._long.append((keys[index] if keys is not None else None, task))
        for group in plan.short:
            batch = [items[index] for index in group]
            if not self._pipelined:
                if await self._run(batch):
                    await self._done(batch)
                continue
            while self._short and self._short[0].done():
                self._short.popleft()
            while len(self._short) >= self._max_short_waiting:  # backpressure: the deliveries are behind
                await asyncio.wait([self._short.popleft()])
            parsed = asyncio.Event()
            task = asyncio.ensure_future(self._run_short(batch, parsed, self._short_tail))
            task.add_done_callback(_log_failure)
            self._short.append(task)
            self._short_tail = task
            self._unparsed.append((task, parsed))
            while self._unparsed and (self._unparsed[0][1].is_set() or self._unparsed[0][0].done()):
                self._unparsed.popleft()
            while len(self._unparsed) > self._parse_ahead:
                await _parsed_or_done(*self._unparsed.popleft())

    async def drain(self) -> None:
        """Wait until the long lane is empty and every short group is forwarded and acked."""
        while self._long:
            await asyncio.wait([self._long[-1][1]])
            self._forget_finished()
        if self._short_tail is not None:
            await asyncio.wait([self._short_tail])

    async def _run_short(self, batch: list[T], parsed: asyncio.Event, after: asyncio.Task[None] | None) -> None:
        if await self._run(batch, parsed, after):
            await self._done(batch)

    async def _run_long(self, previous: asyncio.Task[None] | None, batch: list[T],
                        short_before: asyncio.Task[None] | None) -> None:
        if previous is not None:  # one long article at a time, in arrival order
            await asyncio.wait([previous])
        if not self._pipelined:
            ok = await self._run(batch)
        else:  # forwarded after the short groups that came before it (a key may be in both)
            ok = await self._run(batch, asyncio.Event(), short_before)
        if ok:
            await self._done(batch)

    def _forget_finished(self) -> None:
        while self._long and self._long[0][1].done():
            self._long.popleft()


def _log_failure(task: asyncio.Task[None]) -> None:
    # `run` and `done` are not meant to raise; if one does, its records stay unacked (replayed after a
    # restart), and the error must at least be seen.
    if not task.cancelled() and task.exception() is not None:
        log.error("long-lane extraction failed; its record stays unacked", exc_info=task.exception())


async def _parsed_or_done(task: asyncio.Task[None], parsed: asyncio.Event) -> None:
    """Wait until a short group is parsed (or its task ended without saying so: it failed)."""
    parsed_wait = asyncio.ensure_future(parsed.wait())
    await asyncio.wait([task, parsed_wait], return_when=asyncio.FIRST_COMPLETED)
    parsed_wait.cancel()
