"""The agents' batch steps never raise: exceptions injected into every part they call.

When a Faust agent's body raised, Faust restarted the agent on the same stream; the failed batch was
never acked, commits for its partitions froze and a restart replayed everything since (issue 16). Here
the extraction, the store and the two Kafka sends are replaced by functions that fail on purpose; the
real ones are exercised by tests/test_handlers.py and by the worker tests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError

from streams.agents import BatchSteps, Record, StallReport
from streams.handlers import DeadLetter, Message, Outcome, SinkStopped
from streams.stats import PipelineStats


class Broker:
    """Sends that succeed, or fail as told, and remember what arrived, in the order it was queued."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes | None, bytes | None]] = []
        self.letters: list[tuple[bytes | None, str]] = []
        self.fail_times = 0
        self.too_large: set[bytes] = set()

    async def forward(self, key: bytes | None, value: bytes | None,
                      headers: dict[str, bytes] | None) -> Awaitable[None]:
        await asyncio.sleep(0)
        failing, self.fail_times = self.fail_times > 0, max(self.fail_times - 1, 0)
        if key in self.too_large:
            return self._fails(MessageSizeTooLargeError())
        if failing:
            return self._fails(KafkaTimeoutError())
        self.sent.append((key, value))
        return self._done()

    async def dead_letter(self, key: bytes | None, value: bytes | None,
                          headers: dict[str, bytes] | None) -> Awaitable[None]:
        assert headers is not None
        self.letters.append((key, headers["x-reason"].decode()))
        return self._done()

    @staticmethod
    async def _done() -> None:
        await asyncio.sleep(0)

    @staticmethod
    async def _fails(exc: Exception) -> None:
        await asyncio.sleep(0)
        raise exc


async def run_inline(function: Any, *args: Any) -> Any:
    return function(*args)


def forward_all(messages: list[Message]) -> Outcome:
    outcome = Outcome()
    for index, (key, value, *_timestamp) in enumerate(messages):
        if value == b"boom":
            raise RuntimeError("a bug the extractor did not catch")
        outcome.forward.append((key or b"", value or b""))
        outcome.forwarded_from.append(index)
    return outcome


def steps_for(broker: Broker, store: Any = lambda values: [], extract: Any = forward_all,
              stall: StallReport | None = None) -> BatchSteps:
    return BatchSteps(extract=extract, store=store, forward=broker.forward, dead_letter=broker.dead_letter,
                      run_nlp=run_inline, run_db=run_inline, stats=PipelineStats(), stall=stall or StallReport(),
                      max_backoff=0.05)


def records(*values: bytes) -> list[Record]:
    return [Record(value, value, {"x-src-offset": str(i)}) for i, value in enumerate(values)]


def test_an_exception_escaping_extraction_costs_that_record_only() -> None:
    broker = Broker()
    acked = asyncio.run(steps_for(broker).extract(records(b"a", b"boom", b"c")))
    assert acked
    assert broker.sent == [(b"a", b"a"), (b"c", b"c")]
    assert broker.letters == [(b"boom", "agent_error")]


def test_an_exception_escaping_the_store_costs_that_record_only() -> None:
    written: list[bytes | None] = []

    def store(values: list[bytes | None]) -> list[tuple[int, DeadLetter]]:
        if b"boom" in values:
            raise OverflowError("date value out of range")
        written.extend(values)
        return []

    broker = Broker()
    assert asyncio.run(steps_for(broker, store=store).store(records(b"a", b"boom", b"c")))
    assert written == [b"a", b"c"]
    assert broker.letters == [(b"boom", "agent_error")]


def test_dead_letters_from_the_store_are_sent_with_their_reason_and_source() -> None:
    broker = Broker()

    def store(values: list[bytes | None]) -> list[tuple[int, DeadLetter]]:
        return [(1, DeadLetter(None, values[1], "store_error", "OverflowError: x", "store"))]

    assert asyncio.run(steps_for(broker, store=store).store(records(b"a", b"b")))
    assert broker.letters == [(b"b", "store_error")]


def test_a_transient_broker_failure_is_retried_and_reported_as_a_stall_until_it_passes() -> None:
    broker = Broker()
    broker.fail_times = 3
    stall = StallReport()
    seen: list[dict[str, Any]] = []
    real_wait = stall.wait

    def wait(agent: str, why: str) -> None:
        real_wait(agent, why)
        seen.append(stall.snapshot())

    stall.wait = wait  # type: ignore[method-assign]
    assert asyncio.run(steps_for(broker, stall=stall).extract(records(b"a", b"b")))
    assert broker.sent[-2:] == [(b"a", b"a"), (b"b", b"b")] and broker.letters == []  # in order, at last
    assert seen and "KafkaTimeoutError" in seen[0]["extract-articles"]["why"]
    assert stall.snapshot() == {}  # cleared once the sends passed


def test_a_message_the_broker_refuses_for_its_size_is_dead_lettered_not_retried() -> None:
    broker = Broker()
    broker.too_large = {b"big"}
    assert asyncio.run(steps_for(broker).extract(records(b"a", b"big", b"c")))
    assert broker.sent == [(b"a", b"a"), (b"c", b"c")]
    assert broker.letters == [(b"big", "extraction_too_large")]


def test_stopping_while_the_broker_is_away_leaves_the_batch_unacked_and_returns_promptly() -> None:
    broker = Broker()
    broker.fail_times = 10**9

    async def run() -> tuple[bool, float]:
        steps = steps_for(broker)
        task = asyncio.ensure_future(steps.extract(records(b"a")))
        await asyncio.sleep(0.3)
        stopped = time.monotonic()
        steps.stop()
        acked = await asyncio.wait_for(task, 5)
        return acked, time.monotonic() - stopped

    acked, seconds = asyncio.run(run())
    assert not acked and seconds < 1
    assert broker.sent == [] and broker.letters == []


def test_a_sink_stopped_by_shutdown_leaves_the_batch_unacked() -> None:
    def store(values: list[bytes | None]) -> list[tuple[int, DeadLetter]]:
        raise SinkStopped("worker stopping")

    broker = Broker()
    assert asyncio.run(steps_for(broker, store=store).store(records(b"a"))) is False
    assert broker.letters == []


@pytest.mark.parametrize("agent", ["extract", "store"])
def test_when_even_the_dead_letter_topic_fails_the_batch_stays_unacked(agent: str) -> None:
    broker = Broker()

    async def refuse(key: bytes | None, value: bytes | None, headers: dict[str, bytes] | None) -> Awaitable[None]:
        raise MessageSizeTooLargeError()

    def fail(values: Any) -> Any:
        raise RuntimeError("bug")

    steps = BatchSteps(extract=fail, store=fail, forward=broker.forward, dead_letter=refuse, run_nlp=run_inline,
                       run_db=run_inline, stats=PipelineStats(), stall=StallReport(), max_backoff=0.05)
    assert asyncio.run(getattr(steps, agent)(records(b"a"))) is False


# --- stalled: commits not moving while there is lag ----------------------------------------------------


def lag_row(committed: int, lag: int, partition: int = 0) -> dict[str, Any]:
    return {"topic": "extractions", "partition": partition, "committed": committed, "lag": lag}


def test_a_stream_is_stalled_when_its_commits_do_not_move_for_the_set_time_while_there_is_lag() -> None:
    from streams.stall import StreamHealth

    report = StallReport()
    health = StreamHealth(stall_seconds=60, report=report)
    assert not health.assess([lag_row(10, 5)], now=1000)["stalled"]
    assert not health.assess([lag_row(10, 5)], now=1059)["stalled"]
    report.wait("store-extractions", "store unavailable (OperationalError)")
    state = health.assess([lag_row(10, 5), lag_row(3, 0, partition=1)], now=1061)
    assert state["stalled"] and [row["partition"] for row in state["partitions"]] == [0]
    assert "store-extractions: store unavailable (OperationalError)" in state["why"]
    # The commit moves: no longer stalled, and the clock starts again.
    assert not health.assess([lag_row(12, 5)], now=1062)["stalled"]
    assert not health.assess([lag_row(12, 5)], now=1100)["stalled"]


def test_an_idle_stream_without_lag_is_never_stalled_and_a_stall_without_a_report_still_says_so() -> None:
    from streams.stall import StreamHealth

    health = StreamHealth(stall_seconds=60, report=StallReport())
    assert not health.assess([lag_row(10, 0)], now=0)["stalled"]
    assert not health.assess([lag_row(10, 0)], now=10_000)["stalled"]
    health.assess([lag_row(10, 4)], now=10_000)
    state = health.assess([lag_row(10, 4)], now=10_100)
    assert state["stalled"] and "busy or stuck" in state["why"]


def test_the_stream_buffer_is_bounded_in_bytes_but_holds_at_least_one_batch() -> None:
    from streams.app import stream_buffer_records
    from streams.settings import Settings

    # It was 2,000 records of up to 1 MB each: 2 GB per stream.
    default = Settings(_env_file=None)
    assert stream_buffer_records(default) * default.max_message_bytes <= default.stream_buffer_bytes
    assert stream_buffer_records(default) >= default.sink_batch_size
    small = Settings(_env_file=None, stream_buffer_bytes=10_000_000, sink_batch_size=50)
    assert stream_buffer_records(small) == 50  # 10 records would fit, but the sink needs a full batch


def test_a_retry_sends_again_from_the_first_failure_so_the_last_version_still_arrives_last() -> None:
    # Two versions of one article in a batch: if only the failed first one were re-sent, it would
    # arrive after the second and overwrite it in the store (last write wins).
    broker = Broker()
    broker.fail_times = 1  # the first send (version 1) times out, the second (version 2) goes through

    def two_versions(messages: list[tuple[bytes | None, bytes | None]]) -> Outcome:
        return Outcome(forward=[(b"dup", b"v1"), (b"dup", b"v2")], forwarded_from=[0, 1])

    assert asyncio.run(steps_for(broker, extract=two_versions).extract(records(b"1", b"2")))
    assert broker.sent[-1] == (b"dup", b"v2") and broker.sent == [(b"dup", b"v2"), (b"dup", b"v1"), (b"dup", b"v2")]


def test_extraction_says_when_it_has_parsed_and_forwards_only_after_the_group_before_it() -> None:
    broker = Broker()

    async def main() -> None:
        before: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        parsed = asyncio.Event()
        step = asyncio.ensure_future(steps_for(broker).extract(records(b"a", b"b"), parsed, before))
        await asyncio.wait_for(parsed.wait(), 5)  # parsed, and nothing forwarded while the group before is out
        for _ in range(10):
            await asyncio.sleep(0)
        assert broker.sent == [] and not step.done()
        before.set_result(None)
        assert await asyncio.wait_for(step, 5)

    asyncio.run(main())
    assert broker.sent == [(b"a", b"a"), (b"b", b"b")]
