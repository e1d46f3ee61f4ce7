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
