"""Batches sized by words: short articles packed up to the budget, long ones alone and last."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from streams.work_batches import WorkLanes, count_words, estimate_words, plan_work


def test_short_articles_are_packed_in_arrival_order_up_to_the_budget() -> None:
    plan = plan_work([300, 400, 200, 500, 100], word_budget=1000)
    assert plan.short == [[0, 1, 2], [3, 4]]
    assert plan.long == []


def test_an_article_over_the_budget_is_parsed_alone_after_the_short_ones() -> None:
    plan = plan_work([300, 10_000, 200, 400], word_budget=1000)
    assert plan.short == [[0, 2, 3]]
    assert plan.long == [1]


def test_every_article_is_planned_exactly_once() -> None:
    counts = [5, 2000, 999, 1, 1000, 1001, 0, 700, 700, 700]
    plan = plan_work(counts, word_budget=1000)
    planned = [i for group in plan.short for i in group] + plan.long
    assert sorted(planned) == list(range(len(counts)))
    assert all(sum(counts[i] for i in group) <= 1000 for group in plan.short)
    assert plan.long == [1, 5]


def test_an_article_exactly_at_the_budget_is_short_and_fills_its_group() -> None:
    plan = plan_work([1000, 10, 1000], word_budget=1000)
    assert plan.short == [[0], [1], [2]]


def test_a_later_version_of_a_long_article_waits_behind_it() -> None:
    # Same key twice: the short second version must not be stored before the long first one.
    plan = plan_work([5000, 100, 100], word_budget=1000, keys=[b"a", b"b", b"a"])
    assert plan.short == [[1]]
    assert plan.long == [0, 2]


def test_without_keys_nothing_follows_a_long_article() -> None:
    plan = plan_work([5000, 100, 100], word_budget=1000)
    assert plan.short == [[1, 2]]
    assert plan.long == [0]


def test_an_empty_batch_has_an_empty_plan() -> None:
    plan = plan_work([], word_budget=1000)
    assert (plan.short, plan.long) == ([], [])


def test_a_budget_below_one_word_is_refused() -> None:
    with pytest.raises(ValueError, match="word_budget"):
        plan_work([10], word_budget=0)


def test_words_are_whitespace_separated() -> None:
    assert count_words("Two  rockets\nhit the\tport.") == 5
    assert count_words("") == 0


# --- WorkLanes: the order records are run and acked in ----------------------------------------------


def run_lanes(batches: list[list[tuple[str, int]]], release_long: threading.Event | None = None,
              budget: int = 1000) -> tuple[list[list[str]], list[list[str]]]:
    """Submit batches of (key, words) through WorkLanes on a 2-thread pool; returns (runs, acks) in order."""
    pool = ThreadPoolExecutor(max_workers=2)
    runs: list[list[str]] = []
    acks: list[list[str]] = []

    def parse(items: list[tuple[str, int]]) -> bool:
        if items[0][1] > budget and release_long is not None:
            assert release_long.wait(5), "a long article blocked the short ones"
        runs.append([key for key, _ in items])
        return True

    async def run(items: list[tuple[str, int]]) -> bool:
        return await asyncio.get_running_loop().run_in_executor(pool, parse, items)

    async def done(items: list[tuple[str, int]]) -> None:
        acks.append([key for key, _ in items])
        if release_long is not None and sum(len(a) for a in acks) == total_short:
            release_long.set()

    total_short = sum(1 for batch in batches for _, words in batch if words <= budget)

    async def main() -> None:
        lanes = WorkLanes(budget, run, done)
        for batch in batches:
            await lanes.submit(batch, [words for _, words in batch], [key for key, _ in batch])
        await lanes.drain()

    try:
        asyncio.run(asyncio.wait_for(main(), 10))
    finally:
        pool.shutdown()
    return runs, acks


def test_short_groups_are_acked_while_a_long_article_is_still_parsing() -> None:
    # The long article's parse only ends once every short one is acked: it must not hold them.
    runs, acks = run_lanes([[("long", 9000), ("a", 600), ("b", 600)], [("c", 300)]], release_long=threading.Event())
    assert acks == [["a"], ["b"], ["c"], ["long"]]
    assert runs == acks


def test_long_articles_are_parsed_one_at_a_time_in_arrival_order() -> None:
    runs, acks = run_lanes([[("x", 5000), ("a", 10)], [("y", 3000), ("b", 10)], [("z", 4000)]])
    assert [group for group in acks if group[0] in "xyz"] == [["x"], ["y"], ["z"]]
    assert sorted(key for group in acks for key in group) == ["a", "b", "x", "y", "z"]


def test_a_record_whose_key_waits_in_the_long_lane_follows_it_there() -> None:
    runs, acks = run_lanes([[("doc", 5000)], [("doc", 100), ("other", 100)]])
    assert acks.index(["doc"]) < len(acks) - 1  # the long version first ...
    assert acks[-1] == ["doc"]  # ... then the short one, in the lane behind it
    assert ["other"] in acks


def test_a_run_that_says_stop_leaves_its_records_unacked() -> None:
    acks: list[list[str]] = []

    async def run(items: list[str]) -> bool:
        return items != ["stop"]

    async def done(items: list[str]) -> None:
        acks.append(items)

    async def main() -> None:
        lanes = WorkLanes(100, run, done)
        await lanes.submit(["a", "stop", "long"], [60, 60, 500])
        await lanes.drain()

    asyncio.run(main())
    assert acks == [["a"], ["long"]]


def test_raw_messages_are_sized_by_their_whitespace() -> None:
    assert estimate_words(b'{"id": "x", "text": "three short words"}') == 6
    assert estimate_words(None) == 0


# --- WorkLanes, pipelined: the next group is parsed while the one before it is forwarded ---------------


def test_pipelined_the_next_group_is_parsed_while_the_one_before_is_still_forwarding() -> None:
    events: list[str] = []

    async def main() -> None:
        first_forward = asyncio.Event()
        second_parsed = asyncio.Event()

        async def run(items: list[str], parsed: asyncio.Event, after: asyncio.Future[None] | None) -> bool:
            events.append(f"parse {items[0]}")
            parsed.set()
            if after is not None:
                await asyncio.wait([after])
            if items == ["a"]:
                await first_forward.wait()  # the broker is slow to take the first group's forwards
            events.append(f"forward {items[0]}")
            if items == ["b"]:
                second_parsed.set()
            return True

        async def done(items: list[str]) -> None:
            events.append(f"ack {items[0]}")

        lanes = WorkLanes(100, run, done, pipelined=True)
        await lanes.submit(["a", "b"], [80, 80])  # two groups: 80 + 80 words is over the budget
        assert events == ["parse a", "parse b"]  # b was parsed while a's forwards were still on their way
        first_forward.set()
        await lanes.drain()
        assert second_parsed.is_set()

    asyncio.run(asyncio.wait_for(main(), 10))
    assert events == ["parse a", "parse b", "forward a", "ack a", "forward b", "ack b"]


def test_pipelined_forwards_keep_arrival_order_across_batches_and_lanes() -> None:
    forwards: list[str] = []
    acks: list[str] = []

    async def main() -> None:
        async def run(items: list[str], parsed: asyncio.Event, after: asyncio.Future[None] | None) -> bool:
            # The earlier a group arrived, the longer its forward takes: without waiting for `after`, the
            # later ones would overtake it.
            parsed.set()
            if after is not None:
                await asyncio.wait([after])
            await asyncio.sleep({"a": 0.05, "b": 0.02}.get(items[0], 0))
            forwards.append(items[0])
            return items[0] != "stop"

        async def done(items: list[str]) -> None:
            acks.append(items[0])

        lanes = WorkLanes(100, run, done, pipelined=True)
        await lanes.submit(["a", "b"], [80, 80])
        await lanes.submit(["long", "c", "stop", "d"], [500, 80, 80, 80])
        await lanes.drain()

    asyncio.run(asyncio.wait_for(main(), 10))
    assert forwards[:2] == ["a", "b"]  # the long article of the second batch waits for the first batch's groups
    assert [f for f in forwards if f != "long"] == ["a", "b", "c", "stop", "d"]
    assert sorted(acks) == ["a", "b", "c", "d", "long"]  # a run that says stop leaves its records unacked


def test_pipelined_groups_stop_being_parsed_while_their_deliveries_are_stuck() -> None:
    # The broker is away: parsing on would pile the batches up in memory. At most two groups wait.
    parsed_groups: list[str] = []

    async def main() -> None:
        broker_back = asyncio.Event()

        async def run(items: list[str], parsed: asyncio.Event, after: asyncio.Future[None] | None) -> bool:
            parsed_groups.append(items[0])
            parsed.set()
            await broker_back.wait()
            if after is not None:
                await asyncio.wait([after])
            return True

        async def done(items: list[str]) -> None:
            pass

        lanes = WorkLanes(100, run, done, pipelined=True, max_short_waiting=2)
        submitting = asyncio.ensure_future(lanes.submit(["a", "b", "c", "d"], [80, 80, 80, 80]))
        for _ in range(50):
            await asyncio.sleep(0)
        assert parsed_groups == ["a", "b"] and not submitting.done()
        broker_back.set()
        await submitting
        await lanes.drain()

    asyncio.run(asyncio.wait_for(main(), 10))
    assert parsed_groups == ["a", "b", "c", "d"]


def _hand_over_order(parse_ahead: int) -> list[str]:
    """What ``run`` had been handed when the first group's parse was still going on."""
    started: list[str] = []

    async def main() -> list[str]:
        first_parse_done = asyncio.Event()

        async def run(items: list[str], parsed: asyncio.Event, after: asyncio.Future[None] | None) -> bool:
            started.append(items[0])
            if items == ["a"]:
                await first_parse_done.wait()  # a long parse in the NLP thread
            parsed.set()
            if after is not None:
                await asyncio.wait([after])
            return True

        async def done(items: list[str]) -> None:
            pass

        lanes = WorkLanes(100, run, done, pipelined=True, parse_ahead=parse_ahead)
        submitting = asyncio.ensure_future(lanes.submit(["a", "b", "c"], [80, 80, 80]))
        for _ in range(50):
            await asyncio.sleep(0)
        during_first_parse = list(started)
        first_parse_done.set()
        await submitting
        await lanes.drain()
        assert started == ["a", "b", "c"]
        return during_first_parse

    return asyncio.run(asyncio.wait_for(main(), 10))


def test_parse_ahead_hands_the_next_group_over_while_one_is_being_parsed() -> None:
    assert _hand_over_order(parse_ahead=0) == ["a"]  # the NLP thread idles until the event loop hands b over
    assert _hand_over_order(parse_ahead=1) == ["a", "b"]  # b already waits for its turn; c does not yet
