"""``bench.inprocess.in_new_process``: a bench figure runs in a process of its own, which inherits nothing the
caller has loaded or warmed (spawned, not forked)."""

import os

from bench.inprocess import in_new_process

WARMED: dict[str, bool] = {}


def pid_and_warmed() -> tuple[int, bool]:
    return os.getpid(), WARMED.get("caches", False)


def test_runs_in_a_new_process_that_inherits_nothing_warmed() -> None:
    WARMED["caches"] = True  # as the bench process would have, after a figure
    try:
        pid, warmed = in_new_process(pid_and_warmed)
    finally:
        WARMED.clear()
    assert pid != os.getpid()
    assert warmed is False
